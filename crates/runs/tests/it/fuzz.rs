//! Bounded fuzzing in plain `cargo test`: random and mutated inputs through
//! every decoder, with the workspace's one harness (`testing/fuzz.rs`: a
//! seeded PRNG, `RUNSTRONG_FUZZ_SEED` and `RUNSTRONG_FUZZ_ITERS`), so
//! failures reproduce: `RUNSTRONG_FUZZ_SEED=<seed> cargo test -p runs --test
//! it fuzz_fit`.

use runs::{StravaIndex, fit, import_bytes, xml};

use crate::fit_writer::{RunOptions, synthetic_run};
use crate::fuzz_harness;
use crate::xml_formats::{fixture, gzip};

/// Runs every decoder on `input`; panics propagate.
fn exercise(input: &[u8]) {
    let report = import_bytes("fuzz.bin", input);
    for activity in &report.activities {
        assert!(
            activity.distance_m.is_finite() && activity.distance_m >= 0.0,
            "distance {}",
            activity.distance_m
        );
        assert!(activity.duration_s.is_finite() && activity.duration_s >= 0.0);
        assert!(
            activity.moving_s <= activity.duration_s,
            "moving {} above elapsed {}",
            activity.moving_s,
            activity.duration_s
        );
        assert!(activity.track.len() <= runs::MAX_TRACK_POINTS);
        let split_distance: f64 = activity.splits.iter().map(|split| split.distance_m).sum();
        assert!(split_distance <= activity.distance_m + 1.0 + activity.splits.len() as f64 * 0.1);
        let json = serde_json::to_string(activity).expect("activities serialise");
        assert!(json.contains("\"start\""));
    }
    for error in &report.errors {
        fuzz_harness::one_sentence(&error.to_string(), "fuzz.bin");
    }
    if let Ok(decoded) = fit::decode(input) {
        assert!(decoded.records.len() <= input.len());
    }
    let _ = xml::parse(input);
    let _ = StravaIndex::parse("fuzz.csv", input);
}

fn run(name: &str, default_seed: u64, corpus: &[Vec<u8>]) {
    fuzz_harness::run(name, default_seed, corpus, exercise);
}

fn fit_corpus() -> Vec<Vec<u8>> {
    let mut corpus = vec![
        synthetic_run(20, RunOptions::default()).bytes,
        synthetic_run(
            20,
            RunOptions {
                compressed_timestamps: true,
                skipped_messages: true,
                ..RunOptions::default()
            },
        )
        .bytes,
        synthetic_run(
            20,
            RunOptions {
                developer_fields: true,
                big_endian_records: true,
                ..RunOptions::default()
            },
        )
        .bytes,
    ];
    let mut chained = corpus[0].clone();
    chained.extend_from_slice(&corpus[1]);
    corpus.push(chained);
    // The small real-device files too, when the shared folder is there.
    let real = std::env::var_os("RUNS_ACTIVITY_DATA").map_or_else(
        || {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/activities")
        },
        std::path::PathBuf::from,
    );
    for name in [
        "fit/garmin-fenix-5-run.fit",
        "fit/compressed-speed-distance.fit",
        "fit/unterminated-strings.fit",
        "fit/invalid/activity-unexpected-eof.fit",
        "fit/invalid/activity-settings-corruptheader.fit",
    ] {
        if let Ok(bytes) = std::fs::read(real.join(name)) {
            corpus.push(bytes);
        }
    }
    corpus
}

fn small_xml(name: &str) -> Vec<u8> {
    // The first few kilobytes, so each input stays fast in a debug build.
    let mut bytes = fixture(name);
    bytes.truncate(6000);
    bytes
}

#[test]
fn fuzz_fit_decoder() {
    run("fit", 0x5EED_F17E, &fit_corpus());
}

#[test]
fn fuzz_xml_and_csv() {
    let corpus = vec![
        small_xml("run-strava.gpx"),
        small_xml("run-bom-steps.gpx"),
        small_xml("run-garmin.tcx"),
        fixture("not-an-activity.xml"),
        fixture("strava-activities.csv"),
        fixture("strava-activities-de.csv"),
    ];
    run("xml+csv", 0x0C5F_6A11, &corpus);
}

#[test]
fn fuzz_containers() {
    let fit = synthetic_run(10, RunOptions::default()).bytes;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("activities.csv", options).unwrap();
    std::io::Write::write_all(&mut zip, &fixture("strava-activities.csv")).unwrap();
    zip.start_file("activities/1004.fit.gz", options).unwrap();
    std::io::Write::write_all(&mut zip, &gzip(&fit)).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let corpus = vec![gzip(&fit), gzip(&small_xml("run-garmin.tcx")), zip];
    run("containers", 0xC0DE_CAFE, &corpus);
}
