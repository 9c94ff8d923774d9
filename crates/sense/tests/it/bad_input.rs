//! Bad input never panics: lines that can be skipped are skipped, named and
//! counted; an empty or unrecognised file is one clear error sentence.

use proptest::prelude::*;
use sense::synth::{self, Plan, SetKind};
use sense::{
    ExerciseProfile, FormatError, FrameSize, InputKind, Landmark, MotionEngine, MotionSample,
    PoseEngine, PoseFrame, analyze,
};

fn profile() -> ExerciseProfile {
    ExerciseProfile::bridge_top_hold()
}

fn landmark_file(seed: u64) -> (String, usize) {
    let plan = Plan::random(seed, SetKind::Hold);
    let (frames, size, truth) = synth::pose_session(&plan);
    (synth::to_jsonl(&frames, size), truth.full_reps())
}

fn motion_file(seed: u64) -> (String, usize) {
    let plan = Plan::random(seed, SetKind::Hold);
    let (samples, truth) = synth::motion_session(&plan);
    (synth::to_csv(&samples), truth.full_reps())
}

#[test]
fn empty_file_is_one_sentence_naming_the_line() {
    for input in ["", "\n\n   \n"] {
        let error = analyze(input.as_bytes(), &profile()).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("line "), "{text}");
        assert!(
            text.contains("empty") && text.contains("expected"),
            "{text}"
        );
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
    }
}

#[test]
fn unrecognised_file_names_line_and_expectation() {
    let error = analyze(b"\nname,reps\nbridge,10\n", &profile()).unwrap_err();
    assert!(matches!(error, FormatError::Unrecognised { line: 2, .. }));
    let text = error.to_string();
    assert!(text.starts_with("line 2: expected"), "{text}");
    assert!(
        text.contains("t,ax,ay,az,gx,gy,gz") && text.contains("JSON"),
        "{text}"
    );
}

#[test]
fn clean_synthetic_files_round_trip_through_analyze() {
    let (jsonl, expected) = landmark_file(7_000_001);
    let report = analyze(jsonl.as_bytes(), &profile()).unwrap();
    assert_eq!(report.input, InputKind::Landmarks);
    assert_eq!(report.reps as usize, expected);
    assert_eq!(report.skipped_lines, 0);
    assert!(report.warnings.is_empty());
    let json = serde_json::to_value(&report).unwrap();
    let details = json["rep_details"].as_array().unwrap();
    let first = details
        .iter()
        .find(|d| !d["flags"].as_array().unwrap().contains(&"partial".into()))
        .unwrap();
    for key in [
        "start_s",
        "top_s",
        "end_s",
        "lift_s",
        "hold_s",
        "lower_s",
        "peak_hip_extension_deg",
        "top_vs_best_deg",
        "confidence",
        "flags",
    ] {
        assert!(first.get(key).is_some(), "rep detail lacks {key}: {first}");
    }
    assert!(
        first["peak_hip_extension_deg"]
            .as_f64()
            .is_some_and(|deg| deg > 150.0 && deg < 200.0),
        "{first}"
    );

    let (csv, expected) = motion_file(7_000_002);
    let report = analyze(csv.as_bytes(), &profile()).unwrap();
    assert_eq!(report.input, InputKind::Motion);
    assert_eq!(report.reps as usize, expected);
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["rep_details"][0]["peak_hip_extension_deg"].is_null());
}

/// Replaces the frame on `line` (1-based) with `replacement`.
fn replace_line(text: &str, line: usize, replacement: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                replacement.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_landmark_lines_are_skipped_named_and_counted() {
    let (jsonl, expected) = landmark_file(7_000_003);
    let frame_lines = jsonl.lines().count() - 1;
    let line_of = |k: usize| 2 + k * frame_lines / 6; // spread over the file
    let mut text = jsonl.clone();
    // Wrong number of landmarks.
    let short = {
        let original = text.lines().nth(line_of(1) - 1).unwrap();
        let cut = original.rfind(",{").unwrap();
        format!("{}]}}", &original[..cut])
    };
    text = replace_line(&text, line_of(1), &short);
    // NaN (not valid JSON) and an out-of-range coordinate.
    let nan =
        text.lines()
            .nth(line_of(2) - 1)
            .unwrap()
            .replacen("\"x\": ", "\"x\": NaN, \"_\": ", 1);
    text = replace_line(&text, line_of(2), &nan);
    let far = {
        let original = text.lines().nth(line_of(3) - 1).unwrap();
        let start = original.find("\"y\": ").unwrap() + 5;
        let end = start + original[start..].find(',').unwrap();
        format!("{}42.0{}", &original[..start], &original[end..])
    };
    text = replace_line(&text, line_of(3), &far);
    // A timestamp going backwards.
    let back = text.lines().nth(line_of(4) - 1).unwrap().replacen(
        "{\"t\": ",
        "{\"t\": 0.0001, \"_t\": ",
        1,
    );
    text = replace_line(&text, line_of(4), &back);
    // A truncated last line.
    text.push('\n');
    let last = jsonl.lines().last().unwrap();
    text.push_str(&last[..last.len() / 2]);

    let report = analyze(text.as_bytes(), &profile()).unwrap();
    let reasons: Vec<(usize, String)> = report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.clone()))
        .collect();
    assert_eq!(report.skipped_lines, 5, "{reasons:?}");
    assert_eq!(reasons[0].0, line_of(1));
    assert!(
        reasons[0].1.contains("expected 33 landmarks"),
        "{reasons:?}"
    );
    assert_eq!(reasons[1].0, line_of(2));
    assert!(reasons[1].1.contains("not valid JSON"), "{reasons:?}");
    assert_eq!(reasons[2].0, line_of(3));
    assert!(reasons[2].1.contains("out of range"), "{reasons:?}");
    assert_eq!(reasons[3].0, line_of(4));
    assert!(reasons[3].1.contains("not after"), "{reasons:?}");
    assert!(reasons[4].1.contains("truncated"), "{reasons:?}");
    assert_eq!(report.frames as usize, frame_lines + 1);
    assert!(report.dropped_frames >= 5);
    assert!(
        report.reps.abs_diff(expected as u32) <= 1,
        "{} vs {expected}",
        report.reps
    );
}

#[test]
fn bad_motion_rows_are_skipped_named_and_counted() {
    let (csv, expected) = motion_file(7_000_004);
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    lines[10] = "0.5,1,2".to_owned();
    lines[20] = "x,y,z,1,2,3,4".to_owned();
    lines[30] = lines[29].clone();
    lines[40] = "1e9,0,0,9.8,0,0,99999".to_owned();
    let text = lines.join("\n");
    let report = analyze(text.as_bytes(), &profile()).unwrap();
    let lines_named: Vec<usize> = report.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines_named, vec![11, 21, 31, 41], "{:?}", report.skipped);
    assert_eq!(report.reps as usize, expected);
}

#[test]
fn no_frame_size_is_a_warning_not_an_error() {
    let (jsonl, _) = landmark_file(7_000_005);
    let without_meta: String = jsonl.lines().skip(1).flat_map(|l| [l, "\n"]).collect();
    let report = analyze(without_meta.as_bytes(), &profile()).unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("assumed 640×480"));
}

#[test]
fn gzipped_files_read_like_plain_ones() {
    use std::io::Write;
    let (jsonl, expected) = landmark_file(7_000_001);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(jsonl.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    let report = analyze(&gz, &profile()).unwrap();
    assert_eq!(report.reps as usize, expected);
    let bytes = sense::read_recording(&gz[..]).unwrap();
    assert_eq!(bytes, jsonl.as_bytes());
}

#[test]
fn files_with_nothing_usable_are_errors_not_zero_reps() {
    let no_person = "{\"t\":0,\"landmarks\":[]}\n{\"t\":0.1,\"landmarks\":[]}\n";
    let backwards = {
        let (jsonl, _) = landmark_file(7_000_002);
        let mut lines: Vec<&str> = jsonl.lines().collect();
        lines[1..].reverse();
        lines.join("\n")
    };
    let single_row = "t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n";
    for (input, expected) in [
        (no_person.to_owned(), "frames with landmarks"),
        (backwards, "time runs backwards"),
        (single_row.to_owned(), "fewer than 2 motion samples"),
    ] {
        let error = analyze(input.as_bytes(), &profile()).unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, FormatError::NothingUsable { .. }), "{text}");
        assert!(
            text.starts_with("line ") && text.contains(expected),
            "{text}"
        );
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
    }
}

#[test]
fn an_endless_source_stops_with_a_sentence() {
    let error = sense::read_recording(std::io::repeat(0)).unwrap_err();
    assert!(error.to_string().contains("binary data"), "{error}");
    let error = sense::read_recording(std::io::repeat(b'{')).unwrap_err();
    assert!(error.to_string().contains("larger than 64 MiB"), "{error}");
}

#[test]
fn only_invisible_frames_give_zero_reps_and_count_them_dropped() {
    let landmark = r#"{"x":0.5,"y":0.5,"z":0,"visibility":0.1}"#;
    let frame = |t: f64| {
        format!(
            "{{\"t\":{t},\"landmarks\":[{}]}}\n",
            vec![landmark; 33].join(",")
        )
    };
    let text: String = (0..50).map(|i| frame(f64::from(i) * 0.1)).collect();
    let report = analyze(text.as_bytes(), &profile()).unwrap();
    assert_eq!(
        (report.reps, report.frames, report.dropped_frames),
        (0, 50, 50)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = analyze(&bytes, &profile());
    }

    #[test]
    fn damaged_files_never_panic(cut in 0usize..40_000, flips in proptest::collection::vec((0usize..40_000, any::<u8>()), 0..20), motion in any::<bool>()) {
        let (text, _) = if motion { motion_file(7_000_010) } else { landmark_file(7_000_010) };
        let mut bytes = text.into_bytes();
        for (position, value) in flips {
            if let Some(byte) = bytes.get_mut(position) {
                *byte = value;
            }
        }
        bytes.truncate(cut.max(1));
        match analyze(&bytes, &profile()) {
            Ok(report) => prop_assert!(report.dropped_frames <= report.frames + 1),
            Err(error) => {
                let text = error.to_string();
                prop_assert!(
                    text.starts_with("line ") || matches!(error, FormatError::Binary),
                    "{}", text
                );
            }
        }
    }
}

fn wild_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -2.0f64..3.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e300),
        1 => Just(-1e300),
        1 => Just(0.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The engines take any values directly (not only through the parsers).
    #[test]
    fn engines_never_panic_on_wild_values(
        values in proptest::collection::vec(wild_number(), 40 * 33 * 4..=40 * 33 * 4),
        times in proptest::collection::vec(wild_number(), 40..=40),
        width in wild_number(),
        height in wild_number(),
    ) {
        let profile = profile();
        let mut pose = PoseEngine::new(&profile, FrameSize { width, height });
        let mut motion = MotionEngine::new(&profile);
        for (frame_index, chunk) in values.chunks(33 * 4).enumerate() {
            let mut landmarks = [Landmark::default(); 33];
            for (landmark, v) in landmarks.iter_mut().zip(chunk.chunks(4)) {
                *landmark = Landmark { x: v[0], y: v[1], z: v[2], visibility: v[3] };
            }
            let t = times[frame_index];
            pose.push(&PoseFrame { t, landmarks }, &mut |_| {});
            let sample = MotionSample { t, accel: [chunk[0], chunk[1], chunk[2] * 10.0], gyro: [chunk[3], chunk[4], chunk[5]] };
            motion.push(&sample, &mut |_| {});
        }
        let pose_summary = pose.finish(&mut |_| {});
        let motion_summary = motion.finish(&mut |_| {});
        prop_assert!(pose.counts().dropped <= pose.counts().frames);
        prop_assert!(motion.counts().dropped <= motion.counts().frames);
        prop_assert!(pose_summary.reps <= 40 && motion_summary.reps <= 40);
    }
}
