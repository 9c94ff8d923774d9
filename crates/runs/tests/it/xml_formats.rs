//! GPX and TCX on the fixtures in `tests/data` (written for this crate):
//! Strava-style leading whitespace, BOM without version, namespace prefixes,
//! extensions, segments, strides vs steps cadence, gzip wrapping.

use std::io::Write;

use runs::{ImportError, SourceFormat, Sport, import_file};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// 3 m/s due north, 1 Hz: the fixtures' distance per second.
const SPEED: f64 = 3.0;

#[test]
fn strava_gpx_with_leading_spaces_extensions_and_two_segments() {
    let activity = &import_file("run-strava.gpx", &fixture("run-strava.gpx")).unwrap()[0];
    assert_eq!(activity.format, SourceFormat::Gpx);
    assert_eq!(activity.sport, Sport::Running);
    assert_eq!(activity.start.to_string(), "2024-03-12T18:00:00Z");
    assert_eq!(activity.samples, 300);
    // The segment break between points 149 and 150 is not counted as distance.
    let expected = 298.0 * SPEED;
    assert!(
        (activity.distance_m - expected).abs() < expected * 0.002,
        "{}",
        activity.distance_m
    );
    assert_eq!(activity.duration_s, 299.0);
    // 1 s gap across the segment break is short but still a break: stopped.
    assert_eq!(activity.moving_s, 298.0);
    // gpxtpx:cad 88 (strides/min) becomes 176 steps/min.
    assert_eq!(activity.avg_cadence_spm, Some(176.0));
    assert!(
        activity
            .assumptions
            .iter()
            .any(|text| text.contains("cadence doubled"))
    );
    // HR 140..149, ten values of 30 s each.
    assert!(
        (activity.avg_hr.unwrap() - 144.5).abs() < 0.1,
        "{:?}",
        activity.avg_hr
    );
    assert_eq!(activity.max_hr, Some(149.0));
    // One 10 m climb.
    assert!(
        (activity.elevation_gain_m.unwrap() - 10.0).abs() < 0.5,
        "{:?}",
        activity.elevation_gain_m
    );
}

#[test]
fn bom_no_version_no_namespace_and_steps_cadence() {
    let activity = &import_file("run-bom-steps.gpx", &fixture("run-bom-steps.gpx")).unwrap()[0];
    // Strava's numeric type 9 = Run; times with +01:00 offsets.
    assert_eq!(activity.sport, Sport::Running);
    assert_eq!(activity.start.to_string(), "2024-03-12T18:00:00Z");
    assert_eq!(activity.avg_hr, Some(150.0));
    // 172 is already steps/min: kept.
    assert_eq!(activity.avg_cadence_spm, Some(172.0));
    assert!(
        activity
            .assumptions
            .iter()
            .any(|text| text.contains("cadence kept"))
    );
}

#[test]
fn garmin_tcx_with_run_cadence_extension_and_lap_without_calories() {
    let activity = &import_file("run-garmin.tcx", &fixture("run-garmin.tcx")).unwrap()[0];
    // Moving time is the laps' TotalTimeSeconds: change it and it follows ...
    let with_lap_time = |seconds: &str| {
        let edited = String::from_utf8(fixture("run-garmin.tcx"))
            .unwrap()
            .replace(
                "<TotalTimeSeconds>299.0</TotalTimeSeconds>",
                &format!("<TotalTimeSeconds>{seconds}</TotalTimeSeconds>"),
            );
        import_file("edited.tcx", edited.as_bytes())
            .unwrap()
            .remove(0)
    };
    assert_eq!(with_lap_time("290.5").moving_s, 290.5);
    // ... unless the records contradict it: laps adding up to ten times the
    // whole, or far less than the time the records show moving.
    for contradicted in ["2990.0", "150.0"] {
        let activity = with_lap_time(contradicted);
        assert_eq!(activity.moving_s, 299.0, "{contradicted}");
        assert!(activity.moving_s <= activity.duration_s);
        assert!(
            activity
                .warnings
                .iter()
                .any(|warning| warning.contains("timer")),
            "{:?}",
            activity.warnings
        );
    }
    assert_eq!(activity.format, SourceFormat::Tcx);
    assert_eq!(activity.sport, Sport::Running);
    assert_eq!(activity.distance_m, 299.0 * SPEED);
    assert_eq!(activity.moving_s, 299.0);
    assert_eq!(activity.avg_cadence_spm, Some(170.0));
    // The lap's AverageHeartRateBpm (999) must not leak into samples.
    assert_eq!(activity.max_hr, Some(160.0));
    assert!(
        (activity.avg_hr.unwrap() - 155.0).abs() < 0.1,
        "{:?}",
        activity.avg_hr
    );
    let pace = activity.pace_s_per_km.unwrap();
    assert!((pace - 1000.0 / SPEED).abs() < 0.5, "{pace}");
    let ef = activity.efficiency_factor.unwrap();
    assert!((ef - SPEED * 60.0 / 155.0).abs() < 0.01, "{ef}");
}

#[test]
fn gzipped_and_reformatted_variants_give_the_same_activity() {
    let plain = fixture("run-garmin.tcx");
    let reference = import_file("a.tcx", &plain).unwrap();
    let mut with_spaces = b"          ".to_vec();
    with_spaces.extend_from_slice(&plain);
    let mut with_bom = b"\xEF\xBB\xBF\n".to_vec();
    with_bom.extend_from_slice(&plain);
    let prefixed = String::from_utf8(plain.clone())
        .unwrap()
        .replace("<Trackpoint>", "<tcx:Trackpoint>")
        .replace("</Trackpoint>", "</tcx:Trackpoint>");
    for variant in [gzip(&plain), with_spaces, with_bom, prefixed.into_bytes()] {
        let imported = import_file("a.tcx", &variant).unwrap();
        assert_eq!(imported, reference);
    }
}

#[test]
fn xml_that_is_not_an_activity_is_refused_with_its_line() {
    let error = import_file("page.xml", &fixture("not-an-activity.xml")).unwrap_err();
    assert!(
        matches!(error, ImportError::Xml { line: 2, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("page.xml "), "{message}");
    assert!(
        message.contains("<html>") && message.contains("line 2"),
        "{message}"
    );
}

#[test]
fn broken_xml_keeps_the_points_before_the_damage() {
    let text = String::from_utf8(fixture("run-strava.gpx")).unwrap();
    let cut = text
        .find("<trkpt lat=\"47.0040")
        .expect("fixture has a point near 450 m");
    let mut damaged = text[..cut].to_string();
    damaged.push_str("<trkpt lat=\"1\" <<< oops");
    let activity = &import_file("damaged.gpx", damaged.as_bytes()).unwrap()[0];
    assert!(
        activity.samples > 100 && activity.samples < 300,
        "{}",
        activity.samples
    );
    assert!(
        activity
            .warnings
            .iter()
            .any(|warning| warning.contains("line")),
        "{:?}",
        activity.warnings
    );
}
