//! FIT shapes real devices write that used to come out wrong, built with the
//! test encoder ([`RunSpec`]): each test names the class it guards.

use runs::{Pause, Sport, fit, import_file};

use crate::fit_writer::{FitWriter, Layout, RunSpec, START_FIT, Ty};

fn import(spec: &RunSpec) -> runs::Activity {
    let mut activities = import_file("shape.fit", &spec.encode()).unwrap();
    assert_eq!(activities.len(), 1);
    activities.remove(0)
}

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= expected.abs() * relative
}

/// Class 1: a session whose `timestamp` equals its `start_time` (Forerunner
/// 955 / Edge 1030 firmware of 2024–25) keeps every record, not one.
#[test]
fn session_timestamp_equal_to_its_start_keeps_every_record() {
    let spec = RunSpec {
        session_timestamp_at_start: true,
        heart_rate: |second| Some(120 + (second / 60) as u8),
        session_avg_hr: Some(134),
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert_eq!(activity.samples, 1801);
    assert_eq!(activity.duration_s, 1800.0);
    assert!(
        close(activity.distance_m, 5400.0, 1e-9),
        "{}",
        activity.distance_m
    );
    let mean_hr = (0..=1800u32).map(|s| f64::from(120 + s / 60)).sum::<f64>() / 1801.0;
    assert!(
        close(activity.avg_hr.unwrap(), mean_hr, 0.01),
        "{:?}",
        activity.avg_hr
    );
    assert!(activity.warnings.is_empty(), "{:?}", activity.warnings);
}

/// Class 1: a session that keeps under half of the file's records says so.
#[test]
fn a_session_keeping_under_half_of_the_records_warns() {
    let mut writer = FitWriter::default();
    let record = Layout::new(0, 20, &[(253, Ty::U32), (5, Ty::U32), (3, Ty::U8)]);
    writer.define(&record);
    for second in 0..=1000u32 {
        writer.message(
            &record,
            &[u64::from(START_FIT + second), u64::from(second * 300), 150],
        );
    }
    let session = Layout::new(
        1,
        18,
        &[(253, Ty::U32), (2, Ty::U32), (5, Ty::Enum), (7, Ty::U32)],
    );
    writer.define(&session);
    let late = u64::from(START_FIT + 800);
    writer.message(&session, &[late, late, 1, 100_000]);
    let activity = &import_file("late.fit", &writer.finish(14)).unwrap()[0];
    assert_eq!(activity.samples, 201);
    assert!(
        activity
            .warnings
            .iter()
            .any(|w| w.contains("cover only 201 of the file's 1001")),
        "{:?}",
        activity.warnings
    );
}

/// Class 3: a record clock jumping forward by weeks mid-file is a clock
/// error, not 20 days of running.
#[test]
fn a_clock_jump_of_weeks_is_closed_with_a_warning() {
    let spec = RunSpec {
        clock_jump: Some((900, 20 * 86_400)),
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert!(
        close(activity.duration_s, 1800.0, 0.01),
        "{}",
        activity.duration_s
    );
    assert!(activity.moving_s <= activity.duration_s);
    assert!(close(activity.distance_m, 5400.0, 0.01));
    assert!(
        activity
            .warnings
            .iter()
            .any(|w| w.contains("clock jumps forward by 20 d")),
        "{:?}",
        activity.warnings
    );
}

/// Class 4: a timer that lost the final lap (a fifth short, as in a Suunto
/// file) is contradicted by the records; moving time never exceeds elapsed.
#[test]
fn a_timer_missing_its_last_lap_yields_to_the_records() {
    let spec = RunSpec {
        session_timer_s: Some(1800.0 * 0.8),
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert_eq!(activity.moving_s, 1800.0);
    assert!(
        activity.warnings.iter().any(|w| w.contains("timer")),
        "{:?}",
        activity.warnings
    );
    // A timer longer than the whole.
    let long = import(&RunSpec {
        session_timer_s: Some(1800.0 * 5.0),
        ..RunSpec::default()
    });
    assert_eq!(long.moving_s, 1800.0);
    // A timer that agrees is kept as it is.
    let agreeing = import(&RunSpec {
        session_timer_s: Some(1795.5),
        ..RunSpec::default()
    });
    assert_eq!(agreeing.moving_s, 1795.5);
    assert!(agreeing.warnings.is_empty(), "{:?}", agreeing.warnings);
}

/// Classes 4 and 9: timer pauses written as events are decoded, exposed and
/// agree with the timer.
#[test]
fn timer_pauses_are_decoded_and_exposed() {
    let spec = RunSpec {
        seconds: 2100,
        pauses: vec![(600, 300)],
        timer_events: true,
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert_eq!(activity.duration_s, 2100.0);
    assert_eq!(activity.moving_s, 1800.0);
    assert_eq!(
        activity.pauses,
        [Pause {
            start_s: 600.0,
            duration_s: 300.0
        }]
    );
    assert!(activity.warnings.is_empty(), "{:?}", activity.warnings);
    // The splits' moving times add up to the timer.
    let moving: f64 = activity.splits.iter().map(|split| split.moving_s).sum();
    assert!((moving - 1800.0).abs() < 1.0, "{moving}");
    let elapsed: f64 = activity.splits.iter().map(|split| split.elapsed_s).sum();
    assert!((elapsed - 2100.0).abs() < 1.0, "{elapsed}");
}

/// Class 5: the device's session cadence wins; without it, zeros while
/// moving count, and `fractional_cadence` is read.
#[test]
fn cadence_prefers_the_session_and_otherwise_counts_zeros_while_moving() {
    let with_session = import(&RunSpec {
        session_avg_cadence: Some((82, 64)),
        ..RunSpec::default()
    });
    assert_eq!(with_session.avg_cadence_spm, Some(165.0));
    let fractional = import(&RunSpec {
        cadence: |_| Some((84, 64)),
        session_avg_cadence: None,
        ..RunSpec::default()
    });
    assert_eq!(fractional.avg_cadence_spm, Some(169.0));
    let with_zeros = import(&RunSpec {
        cadence: |second| Some(if second % 10 == 0 { (0, 0) } else { (85, 0) }),
        session_avg_cadence: None,
        ..RunSpec::default()
    });
    let expected = 170.0 * (1801.0 - 181.0) / 1801.0;
    let average = with_zeros.avg_cadence_spm.unwrap();
    assert!((average - expected).abs() < 1e-6, "{average} vs {expected}");
}

/// Class 6: a session heart rate of 0 is missing, not 0 bpm.
#[test]
fn a_zero_session_heart_rate_is_missing() {
    let activity = import(&RunSpec {
        heart_rate: |_| None,
        session_avg_hr: Some(0),
        ..RunSpec::default()
    });
    assert_eq!(activity.avg_hr, None);
    assert_eq!(activity.efficiency_factor, None);
    assert_eq!(activity.device_summary.unwrap().avg_hr, None);
}

/// Class 7: a pool swim counts its first length (records come at the end
/// of each length, so the first record already holds 25 m).
#[test]
fn a_pool_swim_is_measured_from_zero() {
    let spec = RunSpec {
        seconds: 600,
        every_s: 30,
        first_record_at_s: 30,
        speed_mps: 25.0 / 30.0,
        sport: (5, 17),
        heart_rate: |_| None,
        cadence: |_| Some((30, 0)),
        session_avg_hr: None,
        session_avg_cadence: Some((30, 0)),
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert_eq!(activity.sport, Sport::Swimming);
    assert_eq!(activity.distance_m, 500.0);
    // Swimming cadence (strokes) is not doubled.
    assert_eq!(activity.avg_cadence_spm, Some(30.0));
}

/// Class 9: the page data stays compact, and bodies stored before it decode.
#[test]
fn page_data_is_bounded_and_old_bodies_still_decode() {
    let spec = RunSpec {
        seconds: 4 * 3600,
        ..RunSpec::default()
    };
    let activity = import(&spec);
    assert!(activity.track.len() <= runs::MAX_TRACK_POINTS);
    assert_eq!(activity.splits.len(), 44); // 43.2 km: 43 full splits and a partial one
    assert!(activity.splits.last().unwrap().partial);
    assert_eq!(activity.splits[0].pace_s_per_km, Some(333.3));
    let body = serde_json::to_string(&activity).unwrap();
    assert!(body.len() < 40_000, "stored body of {} bytes", body.len());
    let mut old: serde_json::Value = serde_json::from_str(&body).unwrap();
    for key in ["sport_inferred", "pauses", "splits", "track"] {
        old.as_object_mut().unwrap().remove(key);
    }
    let decoded: runs::Activity = serde_json::from_value(old).unwrap();
    assert!(decoded.track.is_empty() && decoded.splits.is_empty() && decoded.pauses.is_empty());
    // A track point is stored as a six-element array.
    let point = serde_json::to_value(activity.track[1]).unwrap();
    assert_eq!(point.as_array().map(Vec::len), Some(6), "{point}");
}

/// The decoder reads `cadence256` when a device writes it instead of `cadence`.
#[test]
fn cadence256_is_read_when_cadence_is_absent() {
    let mut writer = FitWriter::default();
    let record = Layout::new(0, 20, &[(253, Ty::U32), (52, Ty::U16)]);
    writer.define(&record);
    writer.message(&record, &[u64::from(START_FIT), 85 * 256 + 128]);
    let decoded = fit::decode(&writer.finish(14)).unwrap();
    assert_eq!(decoded.records[0].cadence, Some(85));
    assert_eq!(decoded.records[0].fractional_cadence, Some(0.5));
}
