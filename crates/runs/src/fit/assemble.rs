//! Session assembly: a decoded FIT file becomes one [`Recording`] per
//! `session` (or one for the whole file when it has none, e.g. when it was
//! truncated before the session written at its end), handed to
//! [`crate::assemble::build`].
//!
//! A session owns the records from its start to its end. Its start is
//! `start_time` (else the previous session's end, else its end less its
//! elapsed time). Its end is the **latest** of `timestamp`,
//! `start_time + total_elapsed_time` and, for a file of one session, the
//! last record: some 2024–25 firmware writes a `timestamp` equal to
//! `start_time`, which would otherwise keep a single record. When sessions
//! keep under half of the file's timed records, every activity says so.
//!
//! The device's timer pauses come from `event` messages (timer stop, then
//! start). The local UTC offset comes from `activity.local_timestamp`, which
//! also anchors device-relative clocks.

use crate::assemble::{CadenceUnit, Recording, build};
use crate::error::ImportError;
use crate::model::{Activity, DeviceSummary, Sample, SourceFormat, Sport};
use crate::time::fit_to_unix;

use super::messages::{Event, FitFile, Record, Session};

/// FIT semicircles to degrees.
const SEMICIRCLES_TO_DEGREES: f64 = 180.0 / 2_147_483_648.0;

/// FIT `event` 0 is the timer.
const TIMER_EVENT: u8 = 0;
/// Timer event types that stop it: stop, stop all, stop disable, stop disable all.
const TIMER_STOPS: [u8; 4] = [1, 4, 8, 9];
/// The timer event type that starts it.
const TIMER_START: u8 = 0;

/// Converts FIT records to samples; cadence stays as recorded (strides/min
/// for running, rpm otherwise) until the sport is settled.
fn fit_samples(records: &[&Record], time_of: &impl Fn(u32) -> Option<f64>) -> Vec<Sample> {
    let mut samples: Vec<Sample> = Vec::with_capacity(records.len());
    for record in records {
        let sample = Sample {
            time_s: record.timestamp.and_then(time_of),
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
            cadence: record
                .cadence
                .map(|cadence| f64::from(cadence) + record.fractional_cadence.unwrap_or(0.0)),
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

/// The session's own totals; a heart rate or cadence of 0 is missing, and
/// cadence stays as recorded (strides/min for a run).
fn session_summary(session: &Session) -> DeviceSummary {
    DeviceSummary {
        distance_m: session.total_distance_m,
        elapsed_s: session.total_elapsed_time_s,
        timer_s: session.total_timer_time_s,
        avg_hr: session.avg_heart_rate.filter(|hr| *hr > 0).map(f64::from),
        max_hr: session.max_heart_rate.filter(|hr| *hr > 0).map(f64::from),
        avg_cadence_spm: session
            .avg_cadence
            .map(|cadence| f64::from(cadence) + session.avg_fractional_cadence.unwrap_or(0.0))
            .filter(|cadence| *cadence > 0.0),
        elevation_gain_m: session.total_ascent_m.map(f64::from),
    }
}

/// Timer pauses, (stop, next start) in Unix seconds, sorted and merged
/// where they overlap.
fn timer_pauses(events: &[Event], time_of: &impl Fn(u32) -> Option<f64>) -> Vec<(f64, f64)> {
    let mut pauses = Vec::new();
    let mut stopped_at: Option<f64> = None;
    for event in events {
        if event.event != Some(TIMER_EVENT) {
            continue;
        }
        let (Some(kind), Some(time)) = (event.event_type, event.timestamp.and_then(time_of)) else {
            continue;
        };
        if TIMER_STOPS.contains(&kind) {
            stopped_at = stopped_at.or(Some(time));
        } else if kind == TIMER_START
            && let Some(stop) = stopped_at.take()
            && time > stop
        {
            pauses.push((stop, time));
        }
    }
    pauses.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(pauses.len());
    for (start, end) in pauses {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The offset of local time from UTC, and for a device-relative clock the
/// shift to wall time, from the `activity` message.
fn clock_of(decoded: &FitFile) -> (Option<i32>, Option<f64>) {
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
            (None, Some(local)) => clock_shift_s = Some(local - f64::from(timestamp)),
            _ => {}
        }
    }
    (utc_offset_s, clock_shift_s)
}

/// Turns a decoded FIT file into one activity per session (or one for the
/// whole file when it has no session).
pub fn activities_from_fit(
    file_name: &str,
    decoded: &FitFile,
) -> Result<Vec<Activity>, ImportError> {
    let mut warnings: Vec<String> = decoded.warnings.iter().map(ToString::to_string).collect();
    let mut assumptions = Vec::new();
    let (utc_offset_s, clock_shift_s) = clock_of(decoded);
    let relative_clock = decoded
        .records
        .iter()
        .filter_map(|record| record.timestamp)
        .any(|t| fit_to_unix(t).is_none());
    if relative_clock {
        assumptions.push(if clock_shift_s.is_some() {
            "the device clock is relative; times were anchored on the activity's local time and read as UTC".to_string()
        } else {
            "the device clock is relative and no local time anchors it; those samples were dropped".to_string()
        });
    }
    let time_of = |timestamp: u32| {
        fit_to_unix(timestamp).or_else(|| clock_shift_s.map(|shift| f64::from(timestamp) + shift))
    };
    let pauses = timer_pauses(&decoded.events, &time_of);
    let has_pauses = !pauses.is_empty();
    // The pauses that end after `from` and start before `to`: merged pauses
    // are sorted by both ends, so two binary searches find them.
    let pauses_within = |from: Option<f64>, to: Option<f64>| -> Vec<(f64, f64)> {
        let first = from.map_or(0, |from| pauses.partition_point(|&(_, end)| end < from));
        let last = to.map_or(pauses.len(), |to| {
            pauses.partition_point(|&(start, _)| start <= to)
        });
        pauses
            .get(first..last.max(first))
            .unwrap_or_default()
            .to_vec()
    };
    let recording = |file: String, sport: Option<Sport>, records: &[&Record]| Recording {
        file,
        format: SourceFormat::Fit,
        sport,
        cadence_unit: CadenceUnit::Strides,
        samples: fit_samples(records, &time_of),
        device: None,
        device_pauses: None,
        session_start_s: None,
        distance_origin_m: None,
        utc_offset_s,
        warnings: Vec::new(),
        assumptions: assumptions.clone(),
    };

    let mut activities = Vec::new();
    if decoded.sessions.is_empty() {
        // Truncated before the session (it is written last): take the sport
        // from a `sport` message, or infer it from the records.
        let records: Vec<&Record> = decoded.records.iter().collect();
        let sport = decoded
            .sports
            .first()
            .map(|message| Sport::from_fit(message.sport, message.sub_sport));
        let mut whole = recording(file_name.to_string(), sport, &records);
        whole.device_pauses = has_pauses.then(|| pauses.clone());
        whole.assumptions.push(match sport {
            Some(_) => "no session message: sport taken from the sport message".into(),
            None => "no session message: the sport was not stated".into(),
        });
        whole.warnings = warnings.clone();
        activities.extend(build(whole));
    }

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
    let last_record_time = timed_records.last().map(|&(time, _)| time);
    let session_count = decoded.sessions.len();
    let mut previous_end: Option<f64> = None;
    let mut previous_distance: Option<f64> = None;
    let mut kept = 0usize;
    let mut sessions = Vec::with_capacity(session_count);
    for (index, session) in decoded.sessions.iter().enumerate() {
        let stamped_end = session.timestamp.and_then(time_of);
        let start = session
            .start_time
            .and_then(time_of)
            .or(previous_end)
            .or_else(|| {
                stamped_end
                    .zip(session.total_elapsed_time_s)
                    .map(|(end, elapsed)| end - elapsed)
            });
        let elapsed_end = start
            .zip(session.total_elapsed_time_s)
            .map(|(start, elapsed)| start + elapsed);
        let last_record = last_record_time.filter(|_| session_count == 1);
        let end = [stamped_end, elapsed_end, last_record]
            .into_iter()
            .flatten()
            .reduce(f64::max);
        previous_end = end.or(previous_end);
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
        kept += indices.len();
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
        let records: Vec<&Record> = indices
            .iter()
            .filter_map(|&index| decoded.records.get(index))
            .collect();
        let name = if session_count > 1 {
            format!("{file_name}#{}", index + 1)
        } else {
            file_name.to_string()
        };
        let sport = Sport::from_fit(session.sport, session.sub_sport);
        let mut one = recording(name, Some(sport), &records);
        one.device = Some(session_summary(session));
        one.session_start_s = start;
        one.device_pauses = has_pauses.then(|| pauses_within(start, end));
        one.distance_origin_m = previous_distance;
        previous_distance = records
            .iter()
            .filter_map(|record| record.distance_m)
            .reduce(f64::max)
            .or(previous_distance);
        sessions.push(one);
    }
    if session_count > 0 && kept * 2 < timed_records.len() {
        warnings.push(format!(
            "the session messages cover only {kept} of the file's {} timed records (from their start and end times); the rest belong to no activity",
            timed_records.len()
        ));
    }
    for mut one in sessions {
        one.warnings = warnings.clone();
        activities.extend(build(one));
    }
    if activities.is_empty() {
        if let Some(warning) = decoded.warnings.first() {
            return Err(ImportError::Fit {
                file: file_name.to_string(),
                offset: warning.offset,
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
