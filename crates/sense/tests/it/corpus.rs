//! The labelled corpus in `tests/corpus/`: recorded-format files with their
//! known rep counts, analysed through `sense::analyze` as `runstrong analyze`
//! reads them.
//!
//! Every file so far comes from the synthetic generator (`sense::synth`),
//! seeds from 2_000_000 up, trimmed to a few reps at camera-like frame rates
//! (10–12 fps) to keep the files small. Real recordings made with the live
//! page's *Record* switch go in the same folder with their confirmed count in
//! `truth.json` (landmark files also carry it in the meta line as
//! `confirmed_reps`). To rebuild the synthetic files after a generator change:
//! `cargo test -p sense --test it corpus::regenerate -- --ignored`.

use std::path::{Path, PathBuf};

use sense::synth::{self, Plan, SetKind};
use sense::{ExerciseProfile, Side};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// (file, seed, kind, exercise, reps kept, frame rate cap).
const SYNTHETIC: &[(&str, u64, SetKind, &str, usize, f64)] = &[
    (
        "synth-bridge-2000001.jsonl",
        2_000_001,
        SetKind::NoHold,
        "active-shoulder-bridge",
        3,
        10.0,
    ),
    (
        "synth-bridge-hold-2000002.jsonl",
        2_000_002,
        SetKind::Hold,
        "bridge-top-hold",
        3,
        10.0,
    ),
    (
        "synth-bridge-2000003.jsonl",
        2_000_003,
        SetKind::NoHold,
        "active-shoulder-bridge",
        3,
        12.0,
    ),
    (
        "synth-bridge-motion-2000004.csv",
        2_000_004,
        SetKind::NoHold,
        "active-shoulder-bridge",
        6,
        60.0,
    ),
    (
        "synth-bridge-hold-motion-2000005.csv",
        2_000_005,
        SetKind::Hold,
        "bridge-top-hold",
        4,
        50.0,
    ),
];

#[test]
fn every_corpus_file_is_counted_like_its_label() {
    let text = std::fs::read_to_string(dir().join("truth.json")).unwrap();
    let truth: Value = serde_json::from_str(&text).unwrap();
    let files = truth["files"].as_array().unwrap();
    assert!(files.len() >= SYNTHETIC.len());
    for entry in files {
        let name = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(dir().join(name)).unwrap();
        let side = entry["side"].as_str().and_then(Side::parse);
        let profile = ExerciseProfile::by_id(entry["exercise"].as_str().unwrap(), side).unwrap();
        let report = sense::analyze(&bytes, &profile).unwrap();
        assert_eq!(
            u64::from(report.reps),
            entry["reps"].as_u64().unwrap(),
            "{name}: counted {} reps",
            report.reps
        );
        assert_eq!(report.skipped_lines, 0, "{name}: {:?}", report.skipped);
        if name.ends_with(".jsonl") {
            // The label travels with a landmark file too.
            let first = bytes.split(|&b| b == b'\n').next().unwrap();
            let meta: Value = serde_json::from_slice(first).unwrap();
            assert_eq!(meta["meta"]["confirmed_reps"], entry["reps"], "{name}");
        }
    }
}

fn plan(seed: u64, kind: SetKind, reps: usize, rate_cap: f64) -> Plan {
    let mut plan = Plan::random(seed, kind);
    plan.reps.truncate(reps);
    plan.start_s = 0.0;
    plan.pose_capture.rate_hz = plan.pose_capture.rate_hz.min(rate_cap);
    plan.motion_capture.rate_hz = plan.motion_capture.rate_hz.min(rate_cap);
    plan
}

/// One frame as a compact JSON line (4 decimals for x and y: a fifth of a
/// pixel on a 1920-pixel frame).
fn compact_frame(out: &mut String, frame: &sense::PoseFrame) {
    use std::fmt::Write;
    let _ = write!(out, r#"{{"t":{:.4},"landmarks":["#, frame.t);
    for (i, l) in frame.landmarks.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            out,
            r#"{comma}{{"x":{:.4},"y":{:.4},"z":{:.3},"visibility":{:.2}}}"#,
            l.x, l.y, l.z, l.visibility
        );
    }
    out.push_str("]}\n");
}

/// Rewrites the synthetic files and `truth.json` (run by hand, see the module docs).
#[test]
#[ignore = "writes tests/corpus; run by hand after a generator change"]
fn regenerate() {
    std::fs::create_dir_all(dir()).unwrap();
    let mut files = Vec::new();
    for &(name, seed, kind, exercise, reps, rate_cap) in SYNTHETIC {
        let plan = plan(seed, kind, reps, rate_cap);
        let (text, truth) = if name.ends_with(".jsonl") {
            let (frames, size, truth) = synth::pose_session(&plan);
            let meta = json!({"meta": {"width": size.width, "height": size.height,
                "source": "runstrong-synth", "view": "side", "exercise": exercise,
                "seed": seed, "confirmed_reps": truth.full_reps()}});
            let mut text = format!("{meta}\n");
            for frame in &frames {
                compact_frame(&mut text, frame);
            }
            (text, truth)
        } else {
            let (samples, truth) = synth::motion_session(&plan);
            (synth::to_csv(&samples), truth)
        };
        std::fs::write(dir().join(name), text).unwrap();
        files.push(json!({
            "file": name, "exercise": exercise, "side": null,
            "reps": truth.full_reps(), "partial_reps": truth.partial_reps(),
            "source": "synthetic", "seed": seed,
        }));
    }
    let truth = json!({
        "about": "Labelled recordings for the rep engine: file, exercise, side, the true count of full reps and of partial reps, and where the file came from. Synthetic files come from sense::synth (see tests/it/corpus.rs).",
        "files": files,
    });
    std::fs::write(
        dir().join("truth.json"),
        serde_json::to_string_pretty(&truth).unwrap() + "\n",
    )
    .unwrap();
}
