//! Property tests: invariants that must hold for any input of a shape.

use proptest::prelude::*;
use runs::strava::parse_csv;
use runs::time::parse_iso8601;
use runs::{Activity, SourceFormat, Sport, fingerprint, fit, weekly_summaries};

use crate::fit_writer::{FitWriter, Layout, START_FIT, Ty};

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any valid record values survive an encode → decode round trip, in
    /// either byte order.
    #[test]
    fn fit_record_round_trip(
        values in prop::collection::vec((0u8..0xFF, 0u8..0xFF, 0u32..0xFFFF_FFFF, any::<i32>()), 1..50),
        big_endian in any::<bool>(),
    ) {
        let mut writer = FitWriter::default();
        let mut record = Layout::new(2, 20, &[(253, Ty::U32), (3, Ty::U8), (4, Ty::U8), (5, Ty::U32), (0, Ty::S32)]);
        record.big_endian = big_endian;
        writer.define(&record);
        for (second, &(hr, cadence, distance, lat)) in values.iter().enumerate() {
            let lat = if lat == i32::MAX { 0 } else { lat };
            writer.message(&record, &[u64::from(START_FIT) + second as u64, u64::from(hr), u64::from(cadence), u64::from(distance), u64::from(lat as u32)]);
        }
        let decoded = fit::decode(&writer.finish(14)).unwrap();
        prop_assert!(decoded.warnings.is_empty());
        prop_assert_eq!(decoded.records.len(), values.len());
        for (record, &(hr, cadence, distance, lat)) in decoded.records.iter().zip(&values) {
            let lat = if lat == i32::MAX { 0 } else { lat };
            prop_assert_eq!(record.heart_rate, Some(hr));
            prop_assert_eq!(record.cadence, Some(cadence));
            prop_assert_eq!(record.distance_m, Some(f64::from(distance) / 100.0));
            prop_assert_eq!(record.position_lat, Some(lat));
        }
    }

    /// Our hand-written RFC 3339 parser agrees with jiff on any instant.
    #[test]
    fn iso8601_agrees_with_jiff(seconds in -2_000_000_000i64..8_000_000_000, offset_quarters in -48i32..=56) {
        let instant = jiff::Timestamp::from_second(seconds).unwrap();
        let utc = instant.to_string();
        prop_assert_eq!(parse_iso8601(&utc).map(|parsed| parsed.unix_s), Some(seconds as f64));
        let offset = jiff::tz::Offset::from_seconds(offset_quarters * 900).unwrap();
        let local = offset.to_datetime(instant);
        let sign = if offset_quarters < 0 { '-' } else { '+' };
        let minutes = (offset_quarters * 15).abs();
        let text = format!("{}{sign}{:02}:{:02}", local.strftime("%Y-%m-%dT%H:%M:%S"), minutes / 60, minutes % 60);
        if local.year() >= 1000 {
            prop_assert_eq!(parse_iso8601(&text).map(|parsed| parsed.unix_s), Some(seconds as f64), "{}", text);
        }
    }

    /// Writing fields the RFC 4180 way and reading them back is lossless.
    #[test]
    fn csv_round_trip(rows in prop::collection::vec(prop::collection::vec("[a-z ,\"\n]{0,8}", 1..5), 1..5)) {
        let mut text = String::new();
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|cell| format!("\"{}\"", cell.replace('"', "\"\""))).collect();
            text.push_str(&cells.join(","));
            text.push_str("\r\n");
        }
        let parsed = parse_csv(&text).unwrap();
        let fields: Vec<Vec<String>> = parsed.into_iter().map(|record| record.fields).collect();
        prop_assert_eq!(fields, rows);
    }

    /// Weekly totals add up to the total of distinct runs, whatever the order.
    #[test]
    fn weekly_totals_add_up(runs in prop::collection::vec((0i64..60 * 86_400, 0.0f64..40_000.0, any::<bool>()), 0..40)) {
        let activities: Vec<Activity> = runs.iter().map(|&(offset, distance, is_run)| {
            let mut activity = activity(1_710_000_000 + offset, distance);
            activity.sport = if is_run { Sport::Running } else { Sport::Cycling };
            activity.fingerprint = fingerprint(&activity);
            activity
        }).collect();
        let weeks = weekly_summaries(&activities, &jiff::tz::TimeZone::UTC);
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<&Activity> = activities.iter().filter(|a| a.sport.is_running() && seen.insert(a.fingerprint.clone())).collect();
        let total: f64 = unique.iter().map(|a| a.distance_m).sum();
        let week_total: f64 = weeks.iter().map(|week| week.distance_m).sum();
        prop_assert!((total - week_total).abs() < 1e-6);
        prop_assert_eq!(weeks.iter().map(|week| week.runs).sum::<usize>(), unique.len());
        for week in &weeks {
            prop_assert!(week.long_run_m <= week.distance_m + 1e-9);
        }
        prop_assert!(weeks.windows(2).all(|pair| (pair[0].iso_year, pair[0].iso_week) < (pair[1].iso_year, pair[1].iso_week)));
    }
}

/// A GPX track from (seconds since the previous point, metres moved north,
/// new segment) steps.
fn gpx_of(steps: &[(u32, f64, bool)]) -> Vec<u8> {
    let mut text = String::from("<gpx><trk><type>running</type><trkseg>");
    let (mut second, mut north) = (1_710_266_400i64, 0.0f64);
    for (index, &(gap, moved, new_segment)) in steps.iter().enumerate() {
        second += i64::from(gap);
        north += moved;
        if new_segment && index > 0 {
            text.push_str("</trkseg><trkseg>");
        }
        let time = jiff::Timestamp::from_second(second).unwrap();
        text.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"8\"><time>{time}</time></trkpt>",
            47.0 + north / 111_194.9
        ));
    }
    text.push_str("</trkseg></trk></gpx>");
    text.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Whatever the gaps and speeds: moving time within elapsed, pauses
    /// inside the activity, splits adding up to the distance, a bounded track.
    #[test]
    fn page_data_is_consistent_with_the_totals(
        steps in prop::collection::vec((1u32..200, 0.0f64..400.0, prop::bool::weighted(0.02)), 2..1500),
    ) {
        let activities = runs::import_file("p.gpx", &gpx_of(&steps)).unwrap();
        let activity = &activities[0];
        prop_assert!(activity.moving_s <= activity.duration_s);
        let paused: f64 = activity.pauses.iter().map(|pause| pause.duration_s).sum();
        prop_assert!(paused <= activity.duration_s + 0.1 * activity.pauses.len() as f64);
        for pause in &activity.pauses {
            prop_assert!(pause.start_s >= 0.0 && pause.start_s + pause.duration_s <= activity.duration_s + 0.1);
        }
        let split_distance: f64 = activity.splits.iter().map(|split| split.distance_m).sum();
        prop_assert!((split_distance - activity.distance_m).abs() <= 1.0 + 0.05 * activity.splits.len() as f64,
            "splits {} vs {}", split_distance, activity.distance_m);
        prop_assert!(activity.splits.iter().rev().skip(1).all(|split| !split.partial));
        prop_assert!(activity.track.len() <= runs::MAX_TRACK_POINTS);
        prop_assert!(activity.track.windows(2).all(|pair| pair[0].elapsed_s <= pair[1].elapsed_s));
    }
}

fn activity(start: i64, distance_m: f64) -> Activity {
    Activity {
        file: "p.fit".into(),
        format: SourceFormat::Fit,
        sport: Sport::Running,
        start: jiff::Timestamp::from_second(start).unwrap(),
        utc_offset_s: None,
        distance_m,
        duration_s: 3600.0,
        moving_s: 3600.0,
        pace_s_per_km: None,
        avg_hr: None,
        max_hr: None,
        avg_cadence_spm: None,
        elevation_gain_m: None,
        efficiency_factor: None,
        decoupling_pct: None,
        dynamics: None,
        device_summary: None,
        name: None,
        description: None,
        gear: None,
        samples: 0,
        fingerprint: String::new(),
        warnings: Vec::new(),
        assumptions: Vec::new(),
        sport_inferred: false,
        pauses: Vec::new(),
        splits: Vec::new(),
        track: Vec::new(),
    }
}

#[test]
fn fingerprint_is_stable_under_small_shifts_and_separates_different_runs() {
    let base = activity(1_710_266_400, 10_000.0);
    let shifted = activity(1_710_266_400 + 40, 10_050.0);
    assert_eq!(fingerprint(&base), fingerprint(&shifted));
    let other_day = activity(1_710_266_400 + 86_400, 10_000.0);
    assert_ne!(fingerprint(&base), fingerprint(&other_day));
    let longer = activity(1_710_266_400, 12_000.0);
    assert_ne!(fingerprint(&base), fingerprint(&longer));
    // An hour apart between two kinds of source (a time-zone slip between a
    // watch file and an export) is still the same run ...
    let mut zone_slip = activity(1_710_266_400 + 3600, 10_020.0);
    zone_slip.format = SourceFormat::Gpx;
    assert!(runs::same_activity(&base, &zone_slip));
    // ... but two files of the same kind hours apart are two runs, even when
    // they are equal (the same loop run morning and evening).
    let evening = activity(1_710_266_400 + 7 * 3600, 10_000.0);
    assert!(!runs::same_activity(&base, &evening));
}
