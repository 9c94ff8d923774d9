//! Lenient GPX and TCX readers on quick-xml's streaming reader.
//!
//! Both match elements by local name, so namespace prefixes (`gpxtpx:hr`,
//! `ns3:RunCadence`, a default namespace or none) do not matter, and both
//! tolerate a byte order mark, leading whitespace, any `version`, unknown
//! elements and missing optional fields. A syntax error after some points were
//! read keeps those points and reports the line; a document whose root is
//! neither `<gpx>` nor `<TrainingCenterDatabase>` is refused.
//!
//! This file reads the document into tracks of samples; `assemble.rs` turns
//! the tracks into activities.

mod assemble;

pub use assemble::import_xml;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::model::{Sample, Sport};
use crate::time::parse_iso8601;

/// Which XML activity format a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlKind {
    Gpx,
    Tcx,
}

/// One track (GPX file) or one `<Activity>` (TCX) with its samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XmlTrack {
    pub sport: Option<Sport>,
    pub samples: Vec<Sample>,
    /// Sum of TCX lap `TotalTimeSeconds` (the device's timer time).
    pub lap_timer_s: Option<f64>,
    /// Sum of TCX lap `DistanceMeters` (the device's distance).
    pub lap_distance_m: Option<f64>,
    /// Track points whose time had no offset (read as UTC).
    pub naive_times: usize,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlDocument {
    pub kind: XmlKind,
    pub tracks: Vec<XmlTrack>,
    /// Damage that was survived: (line, message).
    pub warnings: Vec<(usize, String)>,
}

/// Why a document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub line: usize,
    pub reason: String,
}

/// Strips a UTF-8 byte order mark and leading ASCII whitespace.
pub fn trim_prologue(bytes: &[u8]) -> &[u8] {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = without_bom
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(without_bom.len());
    &without_bom[first..]
}

/// True when the bytes start (after BOM and whitespace) with `<`.
pub fn looks_like_xml(bytes: &[u8]) -> bool {
    trim_prologue(bytes).first() == Some(&b'<')
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &[u8], offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text[..end].iter().filter(|&&byte| byte == b'\n').count()
}

/// What the text of the element being read means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextTarget {
    None,
    Time,
    Elevation,
    Latitude,
    Longitude,
    Distance,
    HeartRate,
    Cadence,
    Speed,
    Power,
    TrackType,
    LapTime,
    LapDistance,
}

fn attribute(element: &BytesStart<'_>, wanted: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find_map(|attribute| {
            (attribute.key.local_name().as_ref() == wanted).then(|| attribute.value.into_owned())
        })
}

/// A numeric attribute, parsed without copying its text.
fn number_attribute(element: &BytesStart<'_>, wanted: &str) -> Option<f64> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == wanted)
        .and_then(|attribute| number(&attribute.value))
}

fn number(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
}

/// Parses a GPX or TCX document.
pub fn parse(bytes: &[u8]) -> Result<XmlDocument, XmlError> {
    let trimmed = trim_prologue(bytes);
    let skipped = bytes.len() - trimmed.len();
    let (text, lossy) = match std::str::from_utf8(trimmed) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), false),
        Err(_) => (String::from_utf8_lossy(trimmed), true),
    };
    let line_offset = line_of(bytes, skipped) - 1;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    // Whitespace between elements produces no event at all.
    reader.config_mut().trim_text(true);
    let mut kind: Option<XmlKind> = None;
    let mut tracks: Vec<XmlTrack> = Vec::new();
    let mut warnings = Vec::new();
    if lossy {
        warnings.push((
            1,
            "the document is not valid UTF-8; invalid bytes were replaced".to_string(),
        ));
    }
    let mut current = XmlTrack::default();
    let mut point: Option<Sample> = None;
    let mut target = TextTarget::None;
    let mut in_heart_rate = false;
    let mut in_track = false;
    let mut next_starts_segment = true;
    let mut lap_timer_total = 0.0;
    let mut has_lap_timer = false;
    let mut lap_distance_total = 0.0;
    let mut has_lap_distance = false;
    let mut depth_in_lap_extension = false;

    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let line = line_offset + line_of(text.as_bytes(), reader.error_position() as usize);
                // The parser quotes the document, which may hold line
                // breaks or escapes: the sentence stays on one line.
                let reason = crate::error::one_line(&error.to_string());
                if kind.is_none() {
                    return Err(XmlError { line, reason });
                }
                let points = current.samples.len()
                    + tracks
                        .iter()
                        .map(|track| track.samples.len())
                        .sum::<usize>();
                warnings.push((
                    line,
                    format!("XML error ({reason}); kept the {points} points read before it"),
                ));
                break;
            }
        };
        match event {
            Event::Start(element) | Event::Empty(element) if kind.is_none() => {
                let name = element.local_name();
                kind = match name.as_ref() {
                    "gpx" => Some(XmlKind::Gpx),
                    "TrainingCenterDatabase" => Some(XmlKind::Tcx),
                    other => {
                        let line = line_offset
                            + line_of(text.as_bytes(), reader.buffer_position() as usize);
                        return Err(XmlError {
                            line,
                            reason: format!(
                                "the root element is <{other}>, neither <gpx> nor <TrainingCenterDatabase>"
                            ),
                        });
                    }
                };
            }
            Event::Start(element) => {
                let is_empty = false;
                handle_start(
                    &element,
                    is_empty,
                    kind,
                    &mut current,
                    &mut point,
                    &mut target,
                    &mut in_heart_rate,
                    &mut in_track,
                    &mut next_starts_segment,
                    &mut depth_in_lap_extension,
                );
            }
            Event::Empty(element) => {
                handle_start(
                    &element,
                    true,
                    kind,
                    &mut current,
                    &mut point,
                    &mut target,
                    &mut in_heart_rate,
                    &mut in_track,
                    &mut next_starts_segment,
                    &mut depth_in_lap_extension,
                );
                target = TextTarget::None;
            }
            Event::Text(content) => {
                if target == TextTarget::None {
                    continue;
                }
                let content: &str = &content;
                match (target, point.as_mut()) {
                    (TextTarget::Time, Some(sample)) => {
                        if let Some(parsed) = parse_iso8601(content) {
                            sample.time_s = Some(parsed.unix_s);
                            current.naive_times += usize::from(parsed.naive);
                        }
                    }
                    (TextTarget::Elevation, Some(sample)) => sample.altitude_m = number(content),
                    (TextTarget::Latitude, Some(sample)) => sample.latitude_deg = number(content),
                    (TextTarget::Longitude, Some(sample)) => sample.longitude_deg = number(content),
                    (TextTarget::Distance, Some(sample)) => sample.distance_m = number(content),
                    (TextTarget::HeartRate, Some(sample)) => {
                        sample.heart_rate_bpm = number(content);
                    }
                    (TextTarget::Cadence, Some(sample)) => {
                        if let Some(value) = number(content) {
                            sample.cadence = Some(value);
                        }
                    }
                    (TextTarget::Speed, Some(sample)) => sample.speed_mps = number(content),
                    (TextTarget::Power, Some(sample)) => sample.power_w = number(content),
                    (TextTarget::TrackType, _) => current.sport = Some(Sport::from_name(content)),
                    (TextTarget::LapTime, _) => {
                        if let Some(seconds) = number(content) {
                            lap_timer_total += seconds;
                            has_lap_timer = true;
                        }
                    }
                    (TextTarget::LapDistance, _) => {
                        if let Some(metres) = number(content).filter(|metres| *metres >= 0.0) {
                            lap_distance_total += metres;
                            has_lap_distance = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(element) => {
                target = TextTarget::None;
                let name = element.local_name();
                match (kind, name.as_ref()) {
                    (Some(XmlKind::Gpx), "trkpt") | (Some(XmlKind::Tcx), "Trackpoint") => {
                        if let Some(sample) = point.take() {
                            current.samples.push(sample);
                        }
                    }
                    (_, "HeartRateBpm") => in_heart_rate = false,
                    (_, "Extensions") => depth_in_lap_extension = false,
                    (Some(XmlKind::Tcx), "Activity") => {
                        current.lap_timer_s = has_lap_timer.then_some(lap_timer_total);
                        current.lap_distance_m = has_lap_distance.then_some(lap_distance_total);
                        tracks.push(std::mem::take(&mut current));
                        lap_timer_total = 0.0;
                        has_lap_timer = false;
                        lap_distance_total = 0.0;
                        has_lap_distance = false;
                    }
                    (Some(XmlKind::Gpx), "trk") => in_track = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(kind) = kind else {
        return Err(XmlError {
            line: line_offset + line_of(text.as_bytes(), text.len()),
            reason: "the document has no root element".into(),
        });
    };
    if let Some(sample) = point.take() {
        current.samples.push(sample);
    }
    if !current.samples.is_empty() || current.sport.is_some() || tracks.is_empty() {
        if kind == XmlKind::Tcx {
            current.lap_timer_s = has_lap_timer.then_some(lap_timer_total);
            current.lap_distance_m = has_lap_distance.then_some(lap_distance_total);
        }
        tracks.push(current);
    }
    Ok(XmlDocument {
        kind,
        tracks,
        warnings,
    })
}

#[allow(clippy::too_many_arguments)]
fn handle_start(
    element: &BytesStart<'_>,
    is_empty: bool,
    kind: Option<XmlKind>,
    current: &mut XmlTrack,
    point: &mut Option<Sample>,
    target: &mut TextTarget,
    in_heart_rate: &mut bool,
    in_track: &mut bool,
    next_starts_segment: &mut bool,
    in_lap_extension: &mut bool,
) {
    let name = element.local_name();
    let name = name.as_ref();
    *target = TextTarget::None;
    match kind {
        Some(XmlKind::Gpx) => match name {
            "trk" => *in_track = true,
            "trkseg" => *next_starts_segment = true,
            "trkpt" => {
                let sample = Sample {
                    latitude_deg: number_attribute(element, "lat"),
                    longitude_deg: number_attribute(element, "lon"),
                    segment_start: std::mem::take(next_starts_segment),
                    ..Sample::default()
                };
                if is_empty {
                    current.samples.push(sample);
                } else {
                    *point = Some(sample);
                }
            }
            "type" if *in_track && point.is_none() => *target = TextTarget::TrackType,
            _ if point.is_some() => {
                *target = match name {
                    "time" => TextTarget::Time,
                    "ele" => TextTarget::Elevation,
                    "hr" | "heartrate" | "heart_rate" => TextTarget::HeartRate,
                    "cad" | "cadence" | "RunCadence" => TextTarget::Cadence,
                    "speed" => TextTarget::Speed,
                    "power" | "PowerInWatts" => TextTarget::Power,
                    _ => TextTarget::None,
                };
            }
            _ => {}
        },
        Some(XmlKind::Tcx) => match name {
            "Activity" => {
                if let Some(sport) = attribute(element, "Sport") {
                    current.sport = Some(Sport::from_name(&sport));
                }
            }
            "Track" => *next_starts_segment = true,
            "Trackpoint" => {
                let sample = Sample {
                    segment_start: std::mem::take(next_starts_segment),
                    ..Sample::default()
                };
                if !is_empty {
                    *point = Some(sample);
                }
            }
            "Extensions" if point.is_none() => *in_lap_extension = true,
            "TotalTimeSeconds" if point.is_none() && !*in_lap_extension => {
                *target = TextTarget::LapTime;
            }
            "DistanceMeters" if point.is_none() && !*in_lap_extension => {
                *target = TextTarget::LapDistance;
            }
            "HeartRateBpm" if point.is_some() => *in_heart_rate = true,
            _ if point.is_some() => {
                *target = match name {
                    "Time" => TextTarget::Time,
                    "AltitudeMeters" => TextTarget::Elevation,
                    "LatitudeDegrees" => TextTarget::Latitude,
                    "LongitudeDegrees" => TextTarget::Longitude,
                    "DistanceMeters" => TextTarget::Distance,
                    "Value" if *in_heart_rate => TextTarget::HeartRate,
                    "Cadence" | "RunCadence" => TextTarget::Cadence,
                    "Speed" => TextTarget::Speed,
                    "Watts" => TextTarget::Power,
                    _ => TextTarget::None,
                };
            }
            _ => {}
        },
        None => {}
    }
}
