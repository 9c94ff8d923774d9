//! Real-device files from `shared/data/activities` (see its README): checked
//! against the device's own session summary, against the `fitparser` crate
//! decoding the same bytes, and against the FIT SDK CSV dumps. When the
//! folder is absent (a user's clone) each test prints why it is skipped.

use std::collections::HashMap;
use std::path::PathBuf;

use fitparser::Value;
use fitparser::profile::MesgNum;
use runs::{Activity, Sport, fit, import_file};

/// The shared data folder, or `None` with a printed skip reason.
pub fn shared_dir() -> Option<PathBuf> {
    // RUNS_ACTIVITY_DATA points elsewhere (or nowhere, to try the skip path).
    let dir = std::env::var_os("RUNS_ACTIVITY_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/activities"),
        PathBuf::from,
    );
    if dir.join("fit").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: real-device files not found at {} (only present in the project's shared folder)",
            dir.display()
        );
        None
    }
}

pub fn read(dir: &std::path::Path, relative: &str) -> Vec<u8> {
    std::fs::read(dir.join(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// Every valid FIT file in the shared folder.
pub const VALID_FIT: [&str; 7] = [
    "fit/garmin-fenix-5-run.fit",
    "fit/activity-small-fenix2-run.fit",
    "fit/developer-types-sample.fit",
    "fit/compressed-speed-distance.fit",
    "fit/sample_mulitple_header.fit",
    "fit/mornindew-broken.fit",
    "fit/unterminated-strings.fit",
];

fn number(value: &Value) -> Option<f64> {
    Some(match value {
        Value::Timestamp(time) => time.timestamp() as f64,
        Value::Byte(v) | Value::Enum(v) | Value::UInt8(v) | Value::UInt8z(v) => f64::from(*v),
        Value::SInt8(v) => f64::from(*v),
        Value::SInt16(v) => f64::from(*v),
        Value::UInt16(v) | Value::UInt16z(v) => f64::from(*v),
        Value::SInt32(v) => f64::from(*v),
        Value::UInt32(v) | Value::UInt32z(v) => f64::from(*v),
        Value::Float32(v) => f64::from(*v),
        Value::Float64(v) => *v,
        Value::SInt64(v) => *v as f64,
        Value::UInt64(v) | Value::UInt64z(v) => *v as f64,
        _ => return None,
    })
}

/// One fitparser message as field name → number (and strings apart).
struct Oracle {
    numbers: HashMap<String, f64>,
    strings: HashMap<String, String>,
}

impl Oracle {
    fn of(record: &fitparser::FitDataRecord) -> Self {
        let mut numbers = HashMap::new();
        let mut strings = HashMap::new();
        for field in record.fields() {
            if let Value::String(text) = field.value() {
                strings.insert(field.name().to_string(), text.clone());
            } else if let Some(value) = number(field.value()) {
                numbers.insert(field.name().to_string(), value);
            }
        }
        Self { numbers, strings }
    }

    fn get(&self, name: &str) -> Option<f64> {
        self.numbers.get(name).copied()
    }
}

fn oracle_messages(bytes: &[u8], kind: MesgNum) -> Vec<Oracle> {
    fitparser::from_bytes(bytes)
        .expect("fitparser reads every valid shared file")
        .iter()
        .filter(|record| record.kind() == kind)
        .map(Oracle::of)
        .collect()
}

fn assert_same(what: &str, ours: Option<f64>, theirs: Option<f64>) {
    match (ours, theirs) {
        (Some(ours), Some(theirs)) => {
            assert!(
                (ours - theirs).abs() <= 1e-6 * theirs.abs().max(1.0),
                "{what}: ours {ours}, fitparser {theirs}"
            );
        }
        (None, None) => {}
        _ => panic!("{what}: ours {ours:?}, fitparser {theirs:?}"),
    }
}

#[test]
fn same_records_and_sessions_as_fitparser_on_every_real_file() {
    let Some(dir) = shared_dir() else { return };
    for name in VALID_FIT {
        let bytes = read(&dir, name);
        let ours = fit::decode(&bytes).unwrap();
        assert!(ours.warnings.is_empty(), "{name}: {:?}", ours.warnings);
        let all = fitparser::from_bytes(&bytes).unwrap();
        assert_eq!(ours.data_messages, all.len(), "{name}: data message count");
        let records = oracle_messages(&bytes, MesgNum::Record);
        assert_eq!(ours.records.len(), records.len(), "{name}: record count");
        for (index, (record, oracle)) in ours.records.iter().zip(&records).enumerate() {
            let what = |field: &str| format!("{name} record {index} {field}");
            let timestamp = record
                .timestamp
                .map(|t| runs::time::fit_to_unix(t).unwrap_or(f64::from(t)));
            // fitparser turns device-relative times into 1990 dates; compare only real dates.
            if timestamp.is_some_and(|t| t > 631_065_600.0 + f64::from(fit::FIT_MIN_ABSOLUTE_TIME))
            {
                assert_same(&what("timestamp"), timestamp, oracle.get("timestamp"));
            }
            assert_same(
                &what("heart_rate"),
                record.heart_rate.map(f64::from),
                oracle.get("heart_rate"),
            );
            assert_same(
                &what("cadence"),
                record.cadence.map(f64::from),
                oracle.get("cadence"),
            );
            assert_same(
                &what("fractional_cadence"),
                record.fractional_cadence,
                oracle.get("fractional_cadence"),
            );
            // fitparser accumulates `compressed_speed_distance` differently from the
            // FIT SDK's own dump; that file is checked against the SDK dump below.
            if !name.contains("compressed-speed-distance") {
                assert_same(&what("distance"), record.distance_m, oracle.get("distance"));
                let speed = oracle.get("enhanced_speed").or(oracle.get("speed"));
                assert_same(&what("speed"), record.speed_mps, speed);
            }
            let altitude = oracle.get("enhanced_altitude").or(oracle.get("altitude"));
            assert_same(&what("altitude"), record.altitude_m, altitude);
            assert_same(
                &what("position_lat"),
                record.position_lat.map(f64::from),
                oracle.get("position_lat"),
            );
            assert_same(
                &what("stance_time"),
                record.stance_time_ms,
                oracle.get("stance_time"),
            );
            assert_same(
                &what("step_length"),
                record.step_length_mm,
                oracle.get("step_length"),
            );
        }
        let sessions = oracle_messages(&bytes, MesgNum::Session);
        assert_eq!(ours.sessions.len(), sessions.len(), "{name}: session count");
        for (index, (session, oracle)) in ours.sessions.iter().zip(&sessions).enumerate() {
            let what = |field: &str| format!("{name} session {index} {field}");
            assert_same(
                &what("total_distance"),
                session.total_distance_m,
                oracle.get("total_distance"),
            );
            assert_same(
                &what("total_elapsed_time"),
                session.total_elapsed_time_s,
                oracle.get("total_elapsed_time"),
            );
            assert_same(
                &what("total_timer_time"),
                session.total_timer_time_s,
                oracle.get("total_timer_time"),
            );
            assert_same(
                &what("avg_heart_rate"),
                session.avg_heart_rate.map(f64::from),
                oracle.get("avg_heart_rate"),
            );
            assert_same(
                &what("max_heart_rate"),
                session.max_heart_rate.map(f64::from),
                oracle.get("max_heart_rate"),
            );
            let their_cadence = oracle
                .get("avg_cadence")
                .or(oracle.get("avg_running_cadence"));
            assert_same(
                &what("avg_cadence"),
                session.avg_cadence.map(f64::from),
                their_cadence,
            );
            let sport = Sport::from_fit(session.sport, session.sub_sport);
            let their_sport = oracle.strings.get("sport").cloned().unwrap_or_default();
            let expected = match their_sport.as_str() {
                "running" => sport.is_running(),
                "cycling" => sport == Sport::Cycling,
                "swimming" => sport == Sport::Swimming,
                "transition" => sport == Sport::Transition,
                _ => true,
            };
            assert!(
                expected,
                "{name} session {index}: ours {sport:?}, fitparser {their_sport}"
            );
        }
        assert_eq!(
            ours.laps.len(),
            oracle_messages(&bytes, MesgNum::Lap).len(),
            "{name}: lap count"
        );
    }
}

fn within(what: &str, ours: Option<f64>, device: Option<f64>, relative: f64) {
    let (Some(ours), Some(device)) = (ours, device) else {
        panic!("{what}: ours {ours:?}, device {device:?}");
    };
    let error = (ours - device).abs() / device.abs();
    assert!(
        error <= relative,
        "{what}: ours {ours:.3}, device {device:.3} ({:.2} %)",
        error * 100.0
    );
}

/// Imports a file and returns its activities with their device summaries.
fn activities(dir: &std::path::Path, name: &str) -> Vec<Activity> {
    import_file(name, &read(dir, name)).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn computed_metrics_match_the_device_session_summary_within_one_percent() {
    let Some(dir) = shared_dir() else { return };
    let mut checked = 0;
    for name in VALID_FIT {
        for activity in activities(&dir, name) {
            let device = activity
                .device_summary
                .clone()
                .expect("FIT sessions give a summary");
            // Short multisport transitions (2–3 minutes, ~140 m) are not held to 1 %:
            // one boundary sample is already more than that.
            if activity.samples < 10
                || (!activity.sport.is_running() && activity.duration_s < 600.0)
            {
                continue;
            }
            let label = &activity.file;
            eprintln!(
                "{label}: {:?} distance {:.1}/{:?} duration {:.1}/{:?} hr {:?}/{:?} cadence {:?}/{:?}",
                activity.sport,
                activity.distance_m,
                device.distance_m,
                activity.duration_s,
                device.elapsed_s,
                activity.avg_hr,
                device.avg_hr,
                activity.avg_cadence_spm,
                device.avg_cadence_spm
            );
            within(
                &format!("{label} distance"),
                Some(activity.distance_m),
                device.distance_m,
                0.01,
            );
            within(
                &format!("{label} duration"),
                Some(activity.duration_s),
                device.elapsed_s,
                0.01,
            );
            assert_eq!(
                Some(activity.moving_s),
                device.timer_s,
                "{label}: moving time is the device timer"
            );
            // Swimming HR comes from `hr` messages (stored by the strap), not records.
            if device.avg_hr.is_some() && activity.sport.is_running() {
                within(
                    &format!("{label} avg HR"),
                    activity.avg_hr,
                    device.avg_hr,
                    0.01,
                );
            }
            if activity.sport.is_running() && device.avg_cadence_spm.is_some() {
                within(
                    &format!("{label} cadence"),
                    activity.avg_cadence_spm,
                    device.avg_cadence_spm,
                    0.01,
                );
            }
            assert!(activity.moving_s <= activity.duration_s, "{label}");
            assert!(
                !activity
                    .warnings
                    .iter()
                    .any(|w| w.contains("cover only") || w.contains("clock")),
                "{label}: {:?}",
                activity.warnings
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} activities checked");
}

#[test]
fn documented_values_of_the_real_runs() {
    let Some(dir) = shared_dir() else { return };
    // README: fenix 5, 157.56 m, avg cadence 83 + 0.671875 = 167.3 spm, local offset -7 h.
    let fenix5 = &activities(&dir, "fit/garmin-fenix-5-run.fit")[0];
    assert_eq!(fenix5.sport, Sport::Running);
    assert_eq!(fenix5.start.to_string(), "2017-06-11T14:34:09Z");
    assert_eq!(fenix5.utc_offset_s, Some(-7 * 3600));
    let summary = fenix5.device_summary.as_ref().unwrap();
    assert!((summary.avg_cadence_spm.unwrap() - 167.34375).abs() < 1e-9);
    let dynamics = fenix5
        .dynamics
        .as_ref()
        .expect("fenix 5 records running dynamics");
    assert!(dynamics.stance_time_ms.unwrap() > 200.0 && dynamics.stance_time_ms.unwrap() < 320.0);
    assert!(dynamics.step_length_mm.unwrap() > 800.0 && dynamics.step_length_mm.unwrap() < 1200.0);

    // Triathlon: five sessions; the run is the fifth.
    let triathlon = activities(&dir, "fit/sample_mulitple_header.fit");
    let sports: Vec<Sport> = triathlon.iter().map(|activity| activity.sport).collect();
    assert_eq!(
        sports,
        [
            Sport::Swimming,
            Sport::Transition,
            Sport::Cycling,
            Sport::Transition,
            Sport::Running
        ]
    );
    let run = &triathlon[4];
    within(
        "triathlon run distance",
        Some(run.distance_m),
        Some(9805.92),
        0.01,
    );
    within(
        "triathlon run cadence",
        run.avg_cadence_spm,
        Some(167.03125),
        0.01,
    );
    assert_eq!(run.utc_offset_s, Some(2 * 3600));
    // Cycling cadence stays rpm (85 in the summary).
    within(
        "bike cadence",
        triathlon[2].avg_cadence_spm,
        Some(85.0),
        0.03,
    );

    // mornindew: pauses, timer < elapsed; EF in the plausible band.
    let long_run = &activities(&dir, "fit/mornindew-broken.fit")[0];
    assert!((long_run.moving_s - 6855.96).abs() < 1e-6);
    within(
        "mornindew elapsed",
        Some(long_run.duration_s),
        Some(8629.415),
        0.01,
    );
    let ef = long_run.efficiency_factor.unwrap();
    assert!((0.9..2.0).contains(&ef), "EF {ef}");
    assert!(long_run.decoupling_pct.is_some());
    assert_eq!(long_run.utc_offset_s, Some(-6 * 3600));

    // Device-relative clock anchored on the activity's local time.
    let relative = &activities(&dir, "fit/compressed-speed-distance.fit")[0];
    assert!(
        relative.start.to_string().starts_with("2012-02-13"),
        "{}",
        relative.start
    );
    assert!(
        relative
            .assumptions
            .iter()
            .any(|assumption| assumption.contains("relative"))
    );

    // Indoor cycling: cadence not doubled.
    let ride = &activities(&dir, "fit/unterminated-strings.fit")[0];
    assert_eq!(ride.sport, Sport::Cycling);
    assert!(ride.avg_cadence_spm.unwrap() < 100.0);
}

/// Rows of a FIT SDK CSV dump (`name,value,…` with a header line).
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|cell| cell.trim().to_string())
        .collect();
    let rows = lines
        .map(|line| {
            line.split(',')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn compressed_speed_distance_matches_the_sdk_dump() {
    let Some(dir) = shared_dir() else { return };
    let decoded = fit::decode(&read(&dir, "fit/compressed-speed-distance.fit")).unwrap();
    let text = String::from_utf8(read(&dir, "fit/compressed-speed-distance-records.csv")).unwrap();
    let (header, rows) = csv_rows(&text);
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| cell.starts_with(name))
            .unwrap()
    };
    let (time, hr, speed, distance) = (
        column("Timestamp"),
        column("Heart Rate"),
        column("Speed"),
        column("Distance"),
    );
    assert_eq!(
        decoded.records.len(),
        rows.len() + 1,
        "first record carries only a timestamp"
    );
    assert_eq!(decoded.records[0].timestamp, Some(17_217_864));
    for (record, row) in decoded.records[1..].iter().zip(&rows) {
        assert_eq!(
            record.timestamp.map(f64::from),
            row[time].parse::<f64>().ok()
        );
        assert_eq!(
            record.heart_rate.map(f64::from),
            row[hr].parse::<f64>().ok()
        );
        let expected_speed: f64 = row[speed].parse().unwrap();
        assert!((record.speed_mps.unwrap() - expected_speed).abs() < 1e-9);
        let expected_distance: f64 = row[distance].parse().unwrap();
        assert!((record.distance_m.unwrap() - expected_distance).abs() < 1e-9);
    }
    assert_eq!(
        decoded.records.last().unwrap().distance_m,
        Some(10_248.687_5)
    );
}

#[test]
fn fenix5_records_match_the_sdk_dump() {
    let Some(dir) = shared_dir() else { return };
    let decoded = fit::decode(&read(&dir, "fit/garmin-fenix-5-run.fit")).unwrap();
    let text = String::from_utf8(read(&dir, "fit/garmin-fenix-5-run-records.csv")).unwrap();
    let (header, rows) = csv_rows(&text);
    let column = |name: &str| header.iter().position(|cell| cell == name).unwrap();
    assert_eq!(decoded.records.len(), rows.len());
    for (record, row) in decoded.records.iter().zip(&rows) {
        assert_eq!(
            record.heart_rate.map(f64::from),
            row[column("heart_rate")].parse::<f64>().ok()
        );
        // The dump writes an invalid cadence as 0.
        let cadence = record.cadence.map_or(0.0, f64::from);
        assert_eq!(Some(cadence), row[column("cadence")].parse::<f64>().ok());
        let distance: f64 = row[column("distance")].parse().unwrap();
        assert!((record.distance_m.unwrap() - distance).abs() < 1e-9);
    }
}

#[test]
fn damaged_real_files_are_salvaged_with_offsets() {
    let Some(dir) = shared_dir() else { return };
    // Truncated: 14 records, a lap and a session decoded before the end.
    let truncated = read(&dir, "fit/invalid/activity-unexpected-eof.fit");
    assert!(
        fitparser::from_bytes(&truncated).is_err(),
        "fitparser rejects the truncated file"
    );
    let decoded = fit::decode(&truncated).unwrap();
    assert_eq!(decoded.records.len(), 14);
    assert_eq!(decoded.sessions.len(), 1);
    assert!(decoded.activities.is_empty());
    assert!(
        decoded
            .warnings
            .iter()
            .any(|warning| warning.message.contains("truncated"))
    );
    let activity = &import_file("activity-unexpected-eof.fit", &truncated).unwrap()[0];
    assert_eq!(activity.sport, Sport::Running);
    assert!(
        (activity
            .device_summary
            .as_ref()
            .unwrap()
            .distance_m
            .unwrap()
            - 5.73)
            .abs()
            < 0.01
    );
    assert!(
        activity
            .warnings
            .iter()
            .any(|warning| warning.contains("at byte 768")),
        "{:?}",
        activity.warnings
    );

    // Bad file CRC: every message kept, the CRC reported at byte 769.
    let crc = read(&dir, "fit/invalid/activity-filecrc.fit");
    assert!(
        fitparser::from_bytes(&crc).is_err(),
        "fitparser rejects the bad CRC"
    );
    let decoded = fit::decode(&crc).unwrap();
    assert_eq!(decoded.records.len(), 14);
    assert_eq!(decoded.data_messages, 22);
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].offset, 769);
    assert!(
        decoded.warnings[0].message.contains("0xb1d5")
            || decoded.warnings[0].message.contains("45525")
            || decoded.warnings[0].message.contains("CRC")
    );

    // Corrupt chained header at byte 771: the first file is kept.
    let chained = read(&dir, "fit/invalid/activity-settings-corruptheader.fit");
    assert!(
        fitparser::from_bytes(&chained).is_err(),
        "fitparser rejects the corrupt chained header"
    );
    let decoded = fit::decode(&chained).unwrap();
    assert_eq!(decoded.records.len(), 14);
    assert_eq!(decoded.activities.len(), 1);
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].offset, 771);
}

#[test]
fn real_gpx_files() {
    let Some(dir) = shared_dir() else { return };
    // gpxpy: 2-D length 14,913.7 m over all tracks; times from 09:36:30 UTC.
    let korita = &import_file(
        "korita-zbevnica.gpx",
        &read(&dir, "gpx/korita-zbevnica.gpx"),
    )
    .unwrap()[0];
    within(
        "korita distance",
        Some(korita.distance_m),
        Some(14_913.7),
        0.01,
    );
    assert_eq!(korita.start.to_string(), "2010-10-03T09:36:30Z");
    eprintln!(
        "korita: {:?} (inferred {}), moving {:.0} s of {:.0} s, {} pauses; {:?}",
        korita.sport,
        korita.sport_inferred,
        korita.moving_s,
        korita.duration_s,
        korita.pauses.len(),
        korita.assumptions
    );
    // gpxpy 1.6.2 (stopped below 1 km/h): moving 7,084 s of 13,093 s.
    within(
        "korita moving time",
        Some(korita.moving_s),
        Some(7084.0),
        0.05,
    );
    // A walk at about 3 km/h: not a run, whatever else it is.
    assert!(!korita.sport.is_running(), "{:?}", korita.sport);
    assert_eq!(korita.samples, 871);
    assert!(korita.elevation_gain_m.unwrap() > 0.0);
    // BOM, no version, only a waypoint: read as GPX, but holds no track.
    let bom = import_file(
        "unicode_with_bom.gpx",
        &read(&dir, "gpx/unicode_with_bom.gpx"),
    )
    .unwrap_err();
    assert!(matches!(bom, runs::ImportError::NoActivity { .. }), "{bom}");
    let waypoint =
        import_file("ext.gpx", &read(&dir, "gpx/gpx_with_garmin_extension.gpx")).unwrap_err();
    assert!(
        matches!(waypoint, runs::ImportError::NoActivity { .. }),
        "{waypoint}"
    );
}

#[test]
fn derived_variants_of_real_files_gzip_truncation_and_crc() {
    let Some(dir) = shared_dir() else { return };
    for name in VALID_FIT {
        let bytes = read(&dir, name);
        let plain = import_file(name, &bytes).unwrap();
        let gzipped = import_file(name, &crate::xml_formats::gzip(&bytes)).unwrap();
        assert_eq!(gzipped, plain, "{name}: gzip changes nothing");

        let full = fit::decode(&bytes).unwrap();
        // Cut at 10 evenly spread offsets: always a prefix of the full decode.
        for step in 1..10 {
            let cut = bytes.len() * step / 10;
            let partial = fit::decode(&bytes[..cut]).unwrap();
            assert!(
                !partial.warnings.is_empty(),
                "{name} cut at {cut}: loss must be reported"
            );
            assert_eq!(
                partial.records[..],
                full.records[..partial.records.len()],
                "{name} cut at {cut}"
            );
        }

        // Flip one CRC bit: same messages, one warning.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x01;
        let damaged = fit::decode(&flipped).unwrap();
        assert_eq!(damaged.records, full.records, "{name}");
        assert!(
            damaged
                .warnings
                .iter()
                .any(|warning| warning.message.contains("CRC")),
            "{name}"
        );
    }
    let mut spaced = b"          ".to_vec();
    spaced.extend_from_slice(&read(&dir, "gpx/korita-zbevnica.gpx"));
    let korita = import_file("spaced.gpx", &spaced).unwrap();
    assert_eq!(
        korita,
        import_file("spaced.gpx", &read(&dir, "gpx/korita-zbevnica.gpx")).unwrap()
    );
}

#[test]
fn page_data_of_the_real_files_and_the_stored_body_size() {
    let Some(dir) = shared_dir() else { return };
    for name in VALID_FIT {
        for activity in activities(&dir, name) {
            let label = &activity.file;
            assert!(activity.track.len() <= runs::MAX_TRACK_POINTS, "{label}");
            let split_distance: f64 = activity.splits.iter().map(|split| split.distance_m).sum();
            if activity.samples >= 10 {
                assert!(
                    (split_distance - activity.distance_m).abs()
                        <= activity.distance_m * 0.01 + 1.0,
                    "{label}: splits {split_distance} vs {}",
                    activity.distance_m
                );
            }
            let paused: f64 = activity.pauses.iter().map(|pause| pause.duration_s).sum();
            assert!(paused <= activity.duration_s, "{label}");
            let body = serde_json::to_string(&activity).unwrap();
            eprintln!(
                "{label}: {} samples, {} track points, {} splits, {} pauses ({paused:.0} s); stored body {} bytes",
                activity.samples,
                activity.track.len(),
                activity.splits.len(),
                activity.pauses.len(),
                body.len()
            );
            assert!(body.len() < 40_000, "{label}: body of {} bytes", body.len());
        }
    }
    // The long run with pauses: the device's own pauses explain timer < elapsed.
    let long_run = &activities(&dir, "fit/mornindew-broken.fit")[0];
    let paused: f64 = long_run.pauses.iter().map(|pause| pause.duration_s).sum();
    eprintln!(
        "mornindew: paused {paused:.1} s; elapsed - timer = {:.1} s",
        long_run.duration_s - long_run.moving_s
    );
}
