//! Bounded fuzzing of everything `runstrong analyze` reads: pose landmark
//! files (JSON Lines), phone motion files (CSV), both gzipped, through
//! `read_recording` and `analyze`, with the workspace's one harness
//! (`testing/fuzz.rs`; `RUNSTRONG_FUZZ_SEED`, `RUNSTRONG_FUZZ_ITERS`).
//! Every input gives a report or one error sentence on one line; none
//! panics.

use std::io::Write;

use sense::{ExerciseProfile, analyze, read_recording};

use crate::fuzz_harness;

fn corpus_file(name: &str, lines: usize) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    // The first lines only, so each input stays fast in a debug build.
    let mut kept: String = text.lines().take(lines).collect::<Vec<_>>().join("\n");
    kept.push('\n');
    kept.into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn check(input: &[u8]) {
    let profile = ExerciseProfile::bridge_top_hold();
    let outcome = read_recording(input).and_then(|bytes| analyze(&bytes, &profile));
    match outcome {
        Ok(report) => {
            for detail in &report.rep_details {
                assert!(detail.start_s.is_finite(), "{detail:?}");
            }
            serde_json::to_string(&report).expect("reports serialise");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.trim().is_empty());
            assert!(!message.contains('\n'), "one line: {message:?}");
        }
    }
}

#[test]
fn fuzz_landmark_and_motion_files() {
    let landmarks = corpus_file("synth-bridge-2000001.jsonl", 40);
    let hold = corpus_file("synth-bridge-hold-2000002.jsonl", 30);
    let motion = corpus_file("synth-bridge-motion-2000004.csv", 300);
    let motion_hold = corpus_file("synth-bridge-hold-motion-2000005.csv", 200);
    let corpus = vec![
        gzip(&landmarks),
        gzip(&motion),
        landmarks,
        hold,
        motion,
        motion_hold,
        b"t,ax,ay,az,gx,gy,gz\n".to_vec(),
        b"{\"t\":0,\"landmarks\":[]}\n".to_vec(),
    ];
    fuzz_harness::run("sense", 0x5E45_E001, &corpus, check);
}
