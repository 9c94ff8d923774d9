//! From bytes to [`Activity`]s: format sniffing, FIT/GPX/TCX conversion and
//! archive walking.
//!
//! Formats are recognised by their content, never by the file name: gzip
//! `1f 8b` and zip `PK` are unwrapped (to a bounded size and depth), FIT has
//! `.FIT` at byte 8, and XML starts with `<` after a byte order mark and
//! whitespace. Nothing here touches the file system.

use std::io::{Cursor, Read, Seek};

use jiff::Timestamp;

use crate::archive::{self, MAX_INFLATED_BYTES, ZipEntries};
use crate::error::{ImportError, describe_magic};
use crate::fit::{self, FitFile};
use crate::metrics;
use crate::model::{Activity, DeviceSummary, Sample, SourceFormat, Sport};
use crate::strava::StravaIndex;
use crate::summary::fingerprint;
use crate::time::fit_to_unix;
use crate::xml::{self, XmlKind};

/// Archives nested deeper than this are refused.
pub const MAX_ARCHIVE_DEPTH: usize = 3;

/// Running cadence whose median is below this is taken as strides/min.
pub const STRIDES_MEDIAN_LIMIT_SPM: f64 = 120.0;

/// FIT semicircles to degrees.
const SEMICIRCLES_TO_DEGREES: f64 = 180.0 / 2_147_483_648.0;

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedFormat {
    Fit,
    Xml,
    Gzip,
    Zip,
    Unknown,
}

/// Recognises a format from its first bytes.
pub fn detect_format(bytes: &[u8]) -> DetectedFormat {
    if fit::looks_like_fit(bytes) {
        DetectedFormat::Fit
    } else if archive::is_gzip(bytes) {
        DetectedFormat::Gzip
    } else if archive::is_zip(bytes) {
        DetectedFormat::Zip
    } else if xml::looks_like_xml(bytes) {
        DetectedFormat::Xml
    } else {
        DetectedFormat::Unknown
    }
}

/// Everything one input produced: activities, and the inputs (archive
/// entries) that failed, each with its own error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub activities: Vec<Activity>,
    pub errors: Vec<ImportError>,
}

/// Imports one activity file: FIT, GPX or TCX, plain or gzipped. A zip
/// archive is refused here; use [`import_bytes`] or [`import_archive`].
pub fn import_file(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    import_single(file_name, bytes, 0)
}

/// Imports anything: an activity file, a gzip, or a zip archive (a Strava
/// bulk export included). Failures of single archive entries are collected
/// in the report instead of stopping the import.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> ImportReport {
    import_any(file_name, bytes, 0)
}

fn import_any(file_name: &str, bytes: &[u8], depth: usize) -> ImportReport {
    let mut report = ImportReport::default();
    if detect_format(bytes) == DetectedFormat::Zip {
        if depth >= MAX_ARCHIVE_DEPTH {
            report.errors.push(ImportError::TooDeep {
                file: file_name.to_string(),
                depth: MAX_ARCHIVE_DEPTH,
            });
            return report;
        }
        match ArchiveImport::open(file_name, Cursor::new(bytes), depth + 1) {
            Ok(entries) => {
                for item in entries {
                    match item.result {
                        Ok(activities) => report.activities.extend(activities),
                        Err(error) => report.errors.push(error),
                    }
                }
            }
            Err(error) => report.errors.push(error),
        }
        return report;
    }
    match import_single(file_name, bytes, depth) {
        Ok(activities) => report.activities = activities,
        Err(error) => report.errors.push(error),
    }
    report
}

fn import_single(
    file_name: &str,
    bytes: &[u8],
    depth: usize,
) -> Result<Vec<Activity>, ImportError> {
    match detect_format(bytes) {
        _ if bytes.is_empty() => Err(ImportError::Empty {
            file: file_name.to_string(),
        }),
        DetectedFormat::Fit => import_fit(file_name, bytes),
        DetectedFormat::Xml => import_xml(file_name, bytes),
        DetectedFormat::Gzip => {
            if depth >= MAX_ARCHIVE_DEPTH {
                return Err(ImportError::TooDeep {
                    file: file_name.to_string(),
                    depth: MAX_ARCHIVE_DEPTH,
                });
            }
            let inflated = archive::gunzip(file_name, bytes, MAX_INFLATED_BYTES)?;
            if inflated.is_empty() {
                return Err(ImportError::Empty {
                    file: file_name.to_string(),
                });
            }
            if detect_format(&inflated) == DetectedFormat::Zip {
                let report = import_any(file_name, &inflated, depth + 1);
                return match (
                    report.activities.is_empty(),
                    report.errors.into_iter().next(),
                ) {
                    (true, Some(error)) => Err(error),
                    _ => Ok(report.activities),
                };
            }
            import_single(file_name, &inflated, depth + 1)
        }
        DetectedFormat::Zip => Err(ImportError::IsArchive {
            file: file_name.to_string(),
        }),
        DetectedFormat::Unknown => Err(ImportError::UnknownFormat {
            file: file_name.to_string(),
            found: describe_magic(bytes),
        }),
    }
}

/// One entry of an archive and what importing it gave.
#[derive(Debug)]
pub struct ArchiveItem {
    /// `archive:path/inside`.
    pub entry: String,
    pub result: Result<Vec<Activity>, ImportError>,
}

/// Lazy import of a zip archive, one entry at a time. When the archive holds
/// a Strava `activities.csv`, only the activity files are imported, each is
/// annotated with its CSV row, and rows without a file (manual entries) come
/// last as one item.
pub struct ArchiveImport<R: Read + Seek> {
    archive_name: String,
    entries: ZipEntries<R>,
    strava: Option<StravaIndex>,
    pending: Vec<ArchiveItem>,
    manual_done: bool,
    depth: usize,
}

/// Opens a zip archive (from any seekable reader) for lazy import.
pub fn import_archive<R: Read + Seek>(
    archive_name: &str,
    reader: R,
) -> Result<ArchiveImport<R>, ImportError> {
    ArchiveImport::open(archive_name, reader, 1)
}

fn is_activity_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        ".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".gz", ".zip",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

impl<R: Read + Seek> ArchiveImport<R> {
    fn open(archive_name: &str, reader: R, depth: usize) -> Result<Self, ImportError> {
        let mut entries = ZipEntries::open(archive_name, reader, MAX_INFLATED_BYTES)?;
        let csv_name = entries
            .names()
            .into_iter()
            .filter(|name| name.to_lowercase().rsplit('/').next() == Some("activities.csv"))
            .min_by_key(String::len);
        let mut pending = Vec::new();
        let mut strava = None;
        if let Some(csv_name) = csv_name {
            let label = format!("{archive_name}:{csv_name}");
            match entries.read_named(&csv_name) {
                Some(Ok(entry)) => match StravaIndex::parse(&label, &entry.bytes) {
                    Ok(index) => strava = Some(index),
                    Err(error) => pending.push(ArchiveItem {
                        entry: label,
                        result: Err(error),
                    }),
                },
                Some(Err(error)) => pending.push(ArchiveItem {
                    entry: label,
                    result: Err(error),
                }),
                None => {}
            }
        }
        Ok(Self {
            archive_name: archive_name.to_string(),
            entries,
            strava,
            pending,
            manual_done: false,
            depth,
        })
    }

    /// The Strava index, when the archive is a Strava export.
    pub fn strava(&self) -> Option<&StravaIndex> {
        self.strava.as_ref()
    }
}

impl<R: Read + Seek> Iterator for ArchiveImport<R> {
    type Item = ArchiveItem;

    fn next(&mut self) -> Option<ArchiveItem> {
        if let Some(item) = self.pending.pop() {
            return Some(item);
        }
        for entry in self.entries.by_ref() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    return Some(ArchiveItem {
                        entry: error.file().to_string(),
                        result: Err(error),
                    });
                }
            };
            let label = format!("{}:{}", self.archive_name, entry.name);
            let format = detect_format(&entry.bytes);
            let wanted = match &self.strava {
                Some(index) => {
                    index.find(&entry.name).is_some()
                        || entry.name.to_lowercase().starts_with("activities/")
                }
                None => format != DetectedFormat::Unknown || is_activity_name(&entry.name),
            };
            let is_csv = entry.name.to_lowercase().ends_with("activities.csv");
            if !wanted || is_csv || (entry.bytes.is_empty() && !is_activity_name(&entry.name)) {
                continue;
            }
            let result = if format == DetectedFormat::Zip {
                let report = import_any(&label, &entry.bytes, self.depth);
                match (
                    report.activities.is_empty(),
                    report.errors.into_iter().next(),
                ) {
                    (true, Some(error)) => Err(error),
                    _ => Ok(report.activities),
                }
            } else {
                import_single(&label, &entry.bytes, self.depth)
            };
            let result = result.map(|mut activities| {
                if let Some(index) = &self.strava {
                    for activity in &mut activities {
                        index.annotate(&entry.name, activity);
                    }
                }
                activities
            });
            return Some(ArchiveItem {
                entry: label,
                result,
            });
        }
        if !self.manual_done {
            self.manual_done = true;
            if let Some(index) = &self.strava {
                let label = format!("{}:activities.csv", self.archive_name);
                let manual = index.manual_activities(&label);
                if !manual.is_empty() {
                    return Some(ArchiveItem {
                        entry: label,
                        result: Ok(manual),
                    });
                }
            }
        }
        None
    }
}

/// Fills the activity's derived fields from samples and summary data.
#[allow(clippy::too_many_arguments)]
fn build_activity(
    file: &str,
    format: SourceFormat,
    sport: Sport,
    samples: &[Sample],
    timer_s: Option<f64>,
    start_fallback_s: Option<f64>,
    utc_offset_s: Option<i32>,
    device_summary: Option<DeviceSummary>,
    warnings: Vec<String>,
    assumptions: Vec<String>,
) -> Option<Activity> {
    let computed = metrics::compute(samples, timer_s);
    let summary = device_summary.clone().unwrap_or_default();
    let start_s = computed.start_s.or(start_fallback_s)?;
    let start = Timestamp::from_second(start_s.floor() as i64).ok()?;
    let has_samples = computed.start_s.is_some();
    let distance_m = if computed.distance_m > 0.0 || !has_samples {
        if computed.distance_m > 0.0 {
            computed.distance_m
        } else {
            summary.distance_m.unwrap_or(0.0)
        }
    } else {
        summary.distance_m.unwrap_or(0.0)
    };
    let duration_s = if computed.duration_s > 0.0 {
        computed.duration_s
    } else {
        summary.elapsed_s.unwrap_or(0.0)
    };
    let moving_s = if computed.moving_s > 0.0 {
        computed.moving_s
    } else {
        summary.timer_s.unwrap_or(duration_s)
    };
    // Records without heart rate for most of the time (swimming, a strap
    // that stores its data separately): the device's own summary is better.
    let sparse_hr = computed.hr_coverage < 0.5 && summary.avg_hr.is_some();
    let avg_hr = if sparse_hr {
        summary.avg_hr
    } else {
        computed.avg_hr.or(summary.avg_hr)
    };
    let max_hr = if sparse_hr {
        summary.max_hr
    } else {
        computed.max_hr.or(summary.max_hr)
    };
    let avg_cadence_spm = computed.avg_cadence.or(summary.avg_cadence_spm);
    let elevation_gain_m = computed.elevation_gain_m.or(summary.elevation_gain_m);
    let mut activity = Activity {
        file: file.to_string(),
        format,
        sport,
        start,
        utc_offset_s,
        distance_m,
        duration_s,
        moving_s,
        pace_s_per_km: (distance_m > 0.0 && moving_s > 0.0).then(|| moving_s / distance_m * 1000.0),
        avg_hr,
        max_hr,
        avg_cadence_spm,
        elevation_gain_m,
        efficiency_factor: metrics::efficiency_factor(distance_m, moving_s, avg_hr),
        decoupling_pct: computed.decoupling_pct,
        dynamics: computed.dynamics,
        device_summary,
        name: None,
        description: None,
        gear: None,
        samples: samples.len(),
        fingerprint: String::new(),
        warnings,
        assumptions,
    };
    activity.fingerprint = fingerprint(&activity);
    Some(activity)
}

/// Running cadence from GPX/TCX: double it when the median says strides.
fn normalise_xml_cadence(samples: &mut [Sample], sport: Sport, assumptions: &mut Vec<String>) {
    if !sport.is_running() {
        return;
    }
    let mut cadences: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cadence)
        .filter(|cadence| *cadence > 0.0)
        .collect();
    if cadences.is_empty() {
        return;
    }
    cadences.sort_by(f64::total_cmp);
    let median = cadences[cadences.len() / 2];
    if median < STRIDES_MEDIAN_LIMIT_SPM {
        for sample in samples.iter_mut() {
            if let Some(cadence) = sample.cadence.as_mut() {
                *cadence *= 2.0;
            }
        }
        assumptions.push(format!(
            "cadence doubled: the median running cadence {median:.0} reads as strides/min, stored as steps/min"
        ));
    } else {
        assumptions.push(format!(
            "cadence kept: the median running cadence {median:.0} reads as steps/min"
        ));
    }
}

fn import_xml(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    let document = xml::parse(bytes).map_err(|error| ImportError::Xml {
        file: file_name.to_string(),
        line: error.line,
        reason: error.reason,
    })?;
    let format = match document.kind {
        XmlKind::Gpx => SourceFormat::Gpx,
        XmlKind::Tcx => SourceFormat::Tcx,
    };
    let warnings: Vec<String> = document
        .warnings
        .iter()
        .map(|(line, message)| format!("line {line}: {message}"))
        .collect();
    let mut activities = Vec::new();
    let tracks = match document.kind {
        // A GPX file is one activity, whatever its number of tracks.
        XmlKind::Gpx => {
            let mut merged = xml::XmlTrack::default();
            for track in document.tracks {
                merged.sport = merged.sport.or(track.sport);
                merged.naive_times += track.naive_times;
                merged.samples.extend(track.samples);
            }
            vec![merged]
        }
        XmlKind::Tcx => document.tracks,
    };
    let count = tracks.len();
    for (index, mut track) in tracks.into_iter().enumerate() {
        let sport = track.sport.unwrap_or(Sport::Other);
        let mut assumptions = Vec::new();
        if track.sport.is_none() {
            assumptions.push("sport not stated in the file".to_string());
        }
        if track.naive_times > 0 {
            assumptions.push(format!(
                "{} time stamps had no time zone and were read as UTC",
                track.naive_times
            ));
        }
        normalise_xml_cadence(&mut track.samples, sport, &mut assumptions);
        let name = if count > 1 {
            format!("{file_name}#{}", index + 1)
        } else {
            file_name.to_string()
        };
        if let Some(activity) = build_activity(
            &name,
            format,
            sport,
            &track.samples,
            // TCX laps' TotalTimeSeconds is the device's timer time.
            track.lap_timer_s,
            None,
            None,
            None,
            warnings.clone(),
            assumptions,
        ) {
            activities.push(activity);
        }
    }
    if activities.is_empty() {
        return Err(ImportError::NoActivity {
            file: file_name.to_string(),
            offset: bytes.len(),
        });
    }
    Ok(activities)
}

/// Converts FIT records to samples; running cadence becomes steps/min.
fn fit_samples(records: &[&fit::Record], running: bool, clock_shift_s: Option<f64>) -> Vec<Sample> {
    let mut samples: Vec<Sample> = Vec::with_capacity(records.len());
    for record in records {
        let time_s = record.timestamp.and_then(|timestamp| {
            fit_to_unix(timestamp)
                .or_else(|| clock_shift_s.map(|shift| f64::from(timestamp) + shift))
        });
        let cadence = record.cadence.map(|cadence| {
            let whole = f64::from(cadence) + record.fractional_cadence.unwrap_or(0.0);
            if running { whole * 2.0 } else { whole }
        });
        let sample = Sample {
            time_s,
            latitude_deg: record
                .position_lat
                .map(|lat| f64::from(lat) * SEMICIRCLES_TO_DEGREES),
            longitude_deg: record
                .position_long
                .map(|lon| f64::from(lon) * SEMICIRCLES_TO_DEGREES),
            altitude_m: record.altitude_m,
            distance_m: record.distance_m,
            speed_mps: record.speed_mps,
            heart_rate_bpm: record.heart_rate.map(f64::from),
            cadence,
            power_w: record.power_w.map(f64::from),
            stance_time_ms: record.stance_time_ms,
            vertical_oscillation_mm: record.vertical_oscillation_mm,
            vertical_ratio_pct: record.vertical_ratio_pct,
            step_length_mm: record.step_length_mm,
            segment_start: false,
        };
        // Some devices (Bryton) write several records with the same
        // timestamp, each with part of the sensors: merge them.
        if let Some(previous) = samples.last_mut()
            && previous.time_s.is_some()
            && previous.time_s == sample.time_s
        {
            merge_sample(previous, &sample);
            continue;
        }
        samples.push(sample);
    }
    samples
}

fn merge_sample(into: &mut Sample, from: &Sample) {
    fn fill(target: &mut Option<f64>, source: Option<f64>) {
        if target.is_none() {
            *target = source;
        }
    }
    fill(&mut into.latitude_deg, from.latitude_deg);
    fill(&mut into.longitude_deg, from.longitude_deg);
    fill(&mut into.altitude_m, from.altitude_m);
    fill(&mut into.distance_m, from.distance_m);
    fill(&mut into.speed_mps, from.speed_mps);
    fill(&mut into.heart_rate_bpm, from.heart_rate_bpm);
    fill(&mut into.cadence, from.cadence);
    fill(&mut into.power_w, from.power_w);
    fill(&mut into.stance_time_ms, from.stance_time_ms);
    fill(
        &mut into.vertical_oscillation_mm,
        from.vertical_oscillation_mm,
    );
    fill(&mut into.vertical_ratio_pct, from.vertical_ratio_pct);
    fill(&mut into.step_length_mm, from.step_length_mm);
}

/// A run by its numbers: median cadence 60–110 strides/min and median
/// speed 1.5–7 m/s.
fn looks_like_running(records: &[&fit::Record]) -> bool {
    fn median(mut values: Vec<f64>) -> Option<f64> {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied()
    }
    let cadence = median(
        records
            .iter()
            .filter_map(|record| record.cadence)
            .filter(|cadence| *cadence > 0)
            .map(f64::from)
            .collect(),
    );
    let speed = median(
        records
            .iter()
            .filter_map(|record| record.speed_mps)
            .filter(|speed| *speed > 0.0)
            .collect(),
    );
    matches!((cadence, speed), (Some(cadence), Some(speed)) if (60.0..=110.0).contains(&cadence) && (1.5..=7.0).contains(&speed))
}

fn session_summary(session: &fit::Session, running: bool) -> DeviceSummary {
    let cadence_factor = if running { 2.0 } else { 1.0 };
    DeviceSummary {
        distance_m: session.total_distance_m,
        elapsed_s: session.total_elapsed_time_s,
        timer_s: session.total_timer_time_s,
        avg_hr: session.avg_heart_rate.map(f64::from),
        max_hr: session.max_heart_rate.map(f64::from),
        avg_cadence_spm: session.avg_cadence.map(|cadence| {
            (f64::from(cadence) + session.avg_fractional_cadence.unwrap_or(0.0)) * cadence_factor
        }),
        elevation_gain_m: session.total_ascent_m.map(f64::from),
    }
}

/// Turns a decoded FIT file into one activity per session (or one for the
/// whole file when it has no session, e.g. when truncated before it).
pub fn activities_from_fit(
    file_name: &str,
    decoded: &FitFile,
) -> Result<Vec<Activity>, ImportError> {
    let warnings: Vec<String> = decoded.warnings.iter().map(ToString::to_string).collect();
    let mut assumptions = Vec::new();
    // Local offset and, for device-relative clocks, a shift to wall time.
    let mut utc_offset_s = None;
    let mut clock_shift_s = None;
    if let Some(activity) = decoded
        .activities
        .iter()
        .find(|activity| activity.local_timestamp.is_some())
        && let (Some(timestamp), Some(local)) = (activity.timestamp, activity.local_timestamp)
    {
        match (fit_to_unix(timestamp), fit_to_unix(local)) {
            (Some(utc), Some(local)) => {
                let offset = ((local - utc) / 900.0).round() * 900.0;
                if offset.abs() <= 14.0 * 3600.0 {
                    utc_offset_s = Some(offset as i32);
                }
            }
            (None, Some(local)) => {
                clock_shift_s = Some(local - f64::from(timestamp));
            }
            _ => {}
        }
    }
    let relative_clock = decoded
        .records
        .iter()
        .filter_map(|record| record.timestamp)
        .any(|t| fit_to_unix(t).is_none());
    if relative_clock {
        if clock_shift_s.is_some() {
            assumptions.push(
                "the device clock is relative; times were anchored on the activity's local time and read as UTC"
                    .to_string(),
            );
        } else {
            assumptions.push("the device clock is relative and no local time anchors it; those samples were dropped".into());
        }
    }
    let time_of = |timestamp: u32| {
        fit_to_unix(timestamp).or_else(|| clock_shift_s.map(|shift| f64::from(timestamp) + shift))
    };
    let mut activities = Vec::new();
    if decoded.sessions.is_empty() {
        // Truncated before the session (it is written last): take the sport
        // from a `sport` message, or recognise a run by its cadence.
        let records: Vec<&fit::Record> = decoded.records.iter().collect();
        let mut assumptions = assumptions.clone();
        let sport = match decoded.sports.first() {
            Some(message) => {
                assumptions.push("no session message: sport taken from the sport message".into());
                Sport::from_fit(message.sport, message.sub_sport)
            }
            None if looks_like_running(&records) => {
                assumptions.push(
                    "no session message: recognised as a run from its cadence (60–110 strides/min) and speed".into(),
                );
                Sport::Running
            }
            None => {
                assumptions
                    .push("no session message: sport unknown, cadence left as recorded".into());
                Sport::Other
            }
        };
        let samples = fit_samples(&records, sport.is_running(), clock_shift_s);
        if let Some(activity) = build_activity(
            file_name,
            SourceFormat::Fit,
            sport,
            &samples,
            None,
            None,
            utc_offset_s,
            None,
            warnings.clone(),
            assumptions,
        ) {
            activities.push(activity);
        }
    }
    let session_count = decoded.sessions.len();
    // Records with a time, sorted by it, so each session's range is found by
    // binary search: a file with very many sessions stays O(n log n).
    let mut timed_records: Vec<(f64, usize)> = decoded
        .records
        .iter()
        .enumerate()
        .filter_map(|(index, record)| record.timestamp.and_then(time_of).map(|time| (time, index)))
        .collect();
    timed_records
        .sort_by(|first, second| first.0.total_cmp(&second.0).then(first.1.cmp(&second.1)));
    let mut previous_end: Option<f64> = None;
    for (index, session) in decoded.sessions.iter().enumerate() {
        let sport = Sport::from_fit(session.sport, session.sub_sport);
        let running = sport.is_running();
        let end = session.timestamp.and_then(time_of);
        let start = session
            .start_time
            .and_then(time_of)
            .or(previous_end)
            .or_else(|| {
                end.zip(session.total_elapsed_time_s)
                    .map(|(end, elapsed)| end - elapsed)
            });
        previous_end = end;
        let from = start.map_or(0, |start| {
            timed_records.partition_point(|&(time, _)| time < start)
        });
        let to = end.map_or(timed_records.len(), |end| {
            timed_records.partition_point(|&(time, _)| time <= end)
        });
        let mut indices: Vec<usize> = timed_records
            .get(from..to.max(from))
            .unwrap_or_default()
            .iter()
            .map(|&(_, index)| index)
            .collect();
        if session_count == 1 {
            // A single session also owns the records that carry no time.
            indices.extend(
                decoded
                    .records
                    .iter()
                    .enumerate()
                    .filter(|(_, record)| record.timestamp.and_then(time_of).is_none())
                    .map(|(index, _)| index),
            );
        }
        indices.sort_unstable();
        let records: Vec<&fit::Record> = indices
            .iter()
            .filter_map(|&index| decoded.records.get(index))
            .collect();
        let samples = fit_samples(&records, running, clock_shift_s);
        let name = if session_count > 1 {
            format!("{file_name}#{}", index + 1)
        } else {
            file_name.to_string()
        };
        if let Some(activity) = build_activity(
            &name,
            SourceFormat::Fit,
            sport,
            &samples,
            session.total_timer_time_s,
            start,
            utc_offset_s,
            Some(session_summary(session, running)),
            warnings.clone(),
            assumptions.clone(),
        ) {
            activities.push(activity);
        }
    }
    if activities.is_empty() {
        let offset = decoded.warnings.first().map_or(0, |warning| warning.offset);
        if let Some(warning) = decoded.warnings.first() {
            return Err(ImportError::Fit {
                file: file_name.to_string(),
                offset,
                reason: format!(
                    "nothing usable decoded before the damage ({})",
                    warning.message
                ),
            });
        }
        return Err(ImportError::NoActivity {
            file: file_name.to_string(),
            offset: decoded.data_messages,
        });
    }
    Ok(activities)
}

fn import_fit(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    let decoded = fit::decode(bytes).map_err(|error| ImportError::Fit {
        file: file_name.to_string(),
        offset: error.offset,
        reason: error.reason,
    })?;
    activities_from_fit(file_name, &decoded).map_err(|error| match error {
        ImportError::NoActivity { file, .. } => ImportError::NoActivity {
            file,
            offset: bytes.len(),
        },
        other => other,
    })
}
