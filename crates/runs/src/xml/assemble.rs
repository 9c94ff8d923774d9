//! GPX and TCX tracks to activities: a GPX file is one activity whatever
//! its number of tracks (each track a segment break); a TCX file gives one
//! activity per `<Activity>`, with its laps' `TotalTimeSeconds` and
//! `DistanceMeters` summed as the device's own totals (the distance counts
//! when the track points carry none, as on a treadmill).

use crate::assemble::{CadenceUnit, Recording, build};
use crate::error::ImportError;
use crate::model::{Activity, DeviceSummary, SourceFormat};

use super::{XmlKind, XmlTrack, parse};

/// Reads a GPX or TCX document into its activities.
pub fn import_xml(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    let document = parse(bytes).map_err(|error| ImportError::Xml {
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
    let tracks = match document.kind {
        XmlKind::Gpx => {
            let mut merged = XmlTrack::default();
            // Each track's first point already starts a segment.
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
    let mut activities = Vec::new();
    for (index, track) in tracks.into_iter().enumerate() {
        let mut assumptions = Vec::new();
        if track.naive_times > 0 {
            assumptions.push(format!(
                "{} time stamps had no time zone and were read as UTC",
                track.naive_times
            ));
        }
        let file = if count > 1 {
            format!("{file_name}#{}", index + 1)
        } else {
            file_name.to_string()
        };
        let device = DeviceSummary {
            distance_m: track.lap_distance_m,
            timer_s: track.lap_timer_s,
            ..DeviceSummary::default()
        };
        let recording = Recording {
            file,
            format,
            sport: track.sport,
            cadence_unit: CadenceUnit::Unknown,
            samples: track.samples,
            device: (device != DeviceSummary::default()).then_some(device),
            device_pauses: None,
            session_start_s: None,
            distance_origin_m: None,
            utc_offset_s: None,
            warnings: warnings.clone(),
            assumptions,
        };
        activities.extend(build(recording));
    }
    if activities.is_empty() {
        return Err(ImportError::NoActivity {
            file: file_name.to_string(),
            offset: bytes.len(),
        });
    }
    Ok(activities)
}
