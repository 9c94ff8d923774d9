//! GPX, TCX and archive shapes that used to come out wrong, written by
//! hand here (a tiny GPX writer) or in `tests/data`.

use std::fmt::Write as _;

use runs::{Sport, fingerprint, import_bytes, import_file, same_activity};

use crate::fit_writer::RunSpec;
use crate::xml_formats::fixture;

/// One GPX track point: seconds from 2024-03-12T18:00:00Z, metres north
/// of 47° N 8° E, heart rate, cadence; `break_before` starts a new segment.
#[derive(Clone, Copy, Default)]
struct Point {
    second: f64,
    north_m: f64,
    hr: Option<u32>,
    cadence: Option<u32>,
    break_before: bool,
}

fn gpx(points: &[Point], sport: Option<&str>) -> Vec<u8> {
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"runs tests\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n<trk>",
    );
    if let Some(sport) = sport {
        let _ = write!(text, "<type>{sport}</type>");
    }
    text.push_str("<trkseg>\n");
    let start = jiff::Timestamp::from_second(1_710_266_400).unwrap();
    for (index, point) in points.iter().enumerate() {
        if point.break_before && index > 0 {
            text.push_str("</trkseg><trkseg>\n");
        }
        let time = start
            .checked_add(jiff::SignedDuration::from_secs_f64(point.second))
            .unwrap();
        let _ = write!(
            text,
            "<trkpt lat=\"{:.7}\" lon=\"8.0\"><time>{}</time>",
            47.0 + point.north_m / 111_194.9,
            time.strftime("%Y-%m-%dT%H:%M:%SZ")
        );
        if point.hr.is_some() || point.cadence.is_some() {
            text.push_str("<extensions><gpxtpx:TrackPointExtension>");
            if let Some(hr) = point.hr {
                let _ = write!(text, "<gpxtpx:hr>{hr}</gpxtpx:hr>");
            }
            if let Some(cadence) = point.cadence {
                let _ = write!(text, "<gpxtpx:cad>{cadence}</gpxtpx:cad>");
            }
            text.push_str("</gpxtpx:TrackPointExtension></extensions>");
        }
        text.push_str("</trkpt>\n");
    }
    text.push_str("</trkseg></trk></gpx>\n");
    text.into_bytes()
}

/// 1 Hz points for `seconds` at `speed` with constant HR and cadence.
fn steady(seconds: u32, speed: f64, hr: Option<u32>, cadence: Option<u32>) -> Vec<Point> {
    (0..=seconds)
        .map(|second| Point {
            second: f64::from(second),
            north_m: f64::from(second) * speed,
            hr,
            cadence,
            break_before: false,
        })
        .collect()
}

/// Class 2: a typeless GPX at 5:15/km with 88 strides/min is a run, said
/// to be inferred; its cadence is doubled; it deduplicates against the
/// watch's FIT file of the same run.
#[test]
fn a_typeless_gpx_run_is_inferred_as_a_run_and_matches_its_fit_file() {
    let speed = 1000.0 / 315.0;
    let bytes = gpx(&steady(1800, speed, Some(150), Some(88)), None);
    let activity = &import_file("typeless.gpx", &bytes).unwrap()[0];
    assert_eq!(activity.sport, Sport::Running);
    assert!(activity.sport_inferred);
    assert!(
        activity
            .assumptions
            .iter()
            .any(|a| a.contains("inferred as a run") && a.contains("pace 5:1")),
        "{:?}",
        activity.assumptions
    );
    assert_eq!(activity.avg_cadence_spm, Some(176.0));
    let watch = &import_file(
        "watch.fit",
        &RunSpec {
            speed_mps: speed,
            cadence: |_| Some((88, 0)),
            session_avg_cadence: Some((88, 0)),
            ..RunSpec::default()
        }
        .encode(),
    )
    .unwrap()[0];
    assert!(same_activity(activity, watch));
    assert_eq!(fingerprint(activity), fingerprint(watch));
    // Even an inference that went wrong still matches the stated sport.
    let mut misread = activity.clone();
    misread.sport = Sport::Walking;
    assert!(same_activity(&misread, watch));
}

/// Class 2: a typeless file at 24 km/h is not a run, and its cadence (rpm)
/// is not doubled.
#[test]
fn a_typeless_gpx_at_24_kmh_is_not_a_run() {
    let bytes = gpx(&steady(1800, 24.0 / 3.6, Some(130), Some(88)), None);
    let activity = &import_file("ride.gpx", &bytes).unwrap()[0];
    assert_eq!(activity.sport, Sport::Cycling);
    assert!(activity.sport_inferred);
    assert_eq!(activity.avg_cadence_spm, Some(88.0));
    let weeks = runs::weekly_summaries(std::slice::from_ref(activity), &jiff::tz::TimeZone::UTC);
    assert!(weeks.is_empty());
}

/// Class 7: sparse and slow stretches are moving, a long break between
/// segments is not (the old rule lost half of this file's moving time).
#[test]
fn sparse_slow_segments_after_a_long_break_keep_their_moving_time() {
    let mut points = steady(1800, 3.0, Some(150), Some(85));
    // Two hours later: a walk at 1.2 m/s recorded once a minute.
    for minute in 0..=30u32 {
        points.push(Point {
            second: 1800.0 + 7200.0 + f64::from(minute * 60),
            north_m: 5400.0 + 500.0 + f64::from(minute * 60) * 1.2,
            hr: Some(110),
            cadence: None,
            break_before: minute == 0,
        });
    }
    let activity = &import_file("two-parts.gpx", &gpx(&points, Some("running"))).unwrap()[0];
    assert_eq!(activity.duration_s, 1800.0 + 7200.0 + 1800.0);
    assert_eq!(activity.moving_s, 3600.0);
    assert_eq!(activity.pauses.len(), 1);
    assert_eq!(activity.pauses[0].start_s, 1800.0);
    assert_eq!(activity.pauses[0].duration_s, 7200.0);
}

/// Class 3 without a device summary: a jump of weeks in a GPX clock.
#[test]
fn a_gpx_clock_jump_of_weeks_is_closed() {
    let mut points = steady(1800, 3.0, Some(150), Some(85));
    for point in &mut points[900..] {
        point.second += 21.0 * 86_400.0;
    }
    let activity = &import_file("jump.gpx", &gpx(&points, Some("running"))).unwrap()[0];
    assert_eq!(activity.duration_s, 1800.0);
    assert!(
        activity.warnings.iter().any(|w| w.contains("21 d")),
        "{:?}",
        activity.warnings
    );
}

/// Class 6: a treadmill TCX whose track points have no distance takes its
/// laps' `DistanceMeters`.
#[test]
fn a_tcx_without_point_distances_takes_the_lap_distance() {
    let activity = &import_file("treadmill.tcx", &fixture("treadmill-no-distance.tcx")).unwrap()[0];
    assert_eq!(activity.sport, Sport::Running);
    assert_eq!(activity.distance_m, 94.0);
    assert_eq!(activity.duration_s, 30.0);
    assert_eq!(activity.moving_s, 30.0);
    assert!(activity.pace_s_per_km.is_some());
    // RunCadence 80–83 strides/min while moving (no distance: no evidence of standing).
    let expected = ((80.0 + 82.0 + 83.0) * 10.0 + 83.0) / 31.0 * 2.0;
    let cadence = activity.avg_cadence_spm.unwrap();
    assert!((cadence - expected).abs() < 1e-9, "{cadence} vs {expected}");
}

/// Class 7: macOS metadata in a zip is skipped silently.
#[test]
fn macos_metadata_entries_are_neither_activities_nor_failures() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("runs/a.gpx", fixture("run-strava.gpx")),
        (
            "__MACOSX/runs/._a.gpx",
            b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X".to_vec(),
        ),
        ("runs/._b.fit", b"\x00\x05\x16\x07 resource fork".to_vec()),
    ] {
        writer.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut writer, &bytes).unwrap();
    }
    let report = import_bytes("mac.zip", &writer.finish().unwrap().into_inner());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.activities.len(), 1);
}
