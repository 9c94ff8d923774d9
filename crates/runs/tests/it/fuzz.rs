//! Bounded fuzzing in plain `cargo test`: random and mutated inputs through
//! every decoder, with a seeded tiny PRNG so failures reproduce.
//!
//! - Each target prints the seed it runs with.
//! - `RUNSTRONG_FUZZ_SEED=<u64>` varies the sequence (default: fixed).
//! - `RUNSTRONG_FUZZ_EXECS=<n>` runs exactly `n` inputs per target with no
//!   time limit, for long runs; by default each target stops after
//!   [`DEFAULT_EXECS`] inputs or [`TIME_BUDGET`], whichever comes first, so
//!   CI stays bounded.
//!
//! A panic anywhere fails the test; the seed, the input's number and its
//! first bytes are printed, and the same seed replays it:
//! `RUNSTRONG_FUZZ_SEED=<seed> cargo test -p runs --test it fuzz_fit`.

use std::time::{Duration, Instant};

use runs::{StravaIndex, fit, import_bytes, xml};

use crate::fit_writer::{RunOptions, synthetic_run};
use crate::xml_formats::{fixture, gzip};

const DEFAULT_EXECS: u64 = 3000;
const TIME_BUDGET: Duration = Duration::from_secs(8);

/// xorshift64* — small, fast, deterministic.
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// A number from the environment; a value that does not parse is an error,
/// not silently the default.
fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a whole number")),
    )
}

/// (inputs to run, whether the time budget applies).
fn execs() -> (u64, bool) {
    match env_number("RUNSTRONG_FUZZ_EXECS") {
        Some(execs) => (execs, false),
        None => (DEFAULT_EXECS, true),
    }
}

/// One random edit of `input`.
fn mutate(prng: &mut Prng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut output = input.to_vec();
    let edits = 1 + prng.below(4);
    for _ in 0..edits {
        let length = output.len();
        match prng.below(7) {
            0 if length > 0 => {
                let at = prng.below(length);
                output[at] ^= 1 << prng.below(8);
            }
            1 if length > 0 => {
                let at = prng.below(length);
                output[at] = prng.byte();
            }
            2 => output.truncate(prng.below(length + 1)),
            3 => {
                let at = prng.below(length + 1);
                let count = 1 + prng.below(16);
                let inserted: Vec<u8> = (0..count).map(|_| prng.byte()).collect();
                output.splice(at..at, inserted);
            }
            4 if length > 1 => {
                let start = prng.below(length);
                let end = (start + 1 + prng.below(64)).min(length);
                let chunk = output[start..end].to_vec();
                let at = prng.below(length + 1);
                output.splice(at..at, chunk);
            }
            5 if length > 0 => {
                // Interesting values where a size or count might sit.
                let at = prng.below(length);
                output[at] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF][prng.below(6)];
            }
            _ => {
                // Splice with another corpus entry.
                let other = &corpus[prng.below(corpus.len())];
                let cut = prng.below(length + 1);
                let from = prng.below(other.len() + 1);
                output.truncate(cut);
                output.extend_from_slice(&other[from..]);
            }
        }
    }
    output
}

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
        let message = error.to_string();
        assert!(message.contains("fuzz.bin"), "{message}");
    }
    if let Ok(decoded) = fit::decode(input) {
        assert!(decoded.records.len() <= input.len());
    }
    let _ = xml::parse(input);
    let _ = StravaIndex::parse("fuzz.csv", input);
}

fn run(name: &str, default_seed: u64, corpus: &[Vec<u8>]) {
    // The seed is the environment's when given, so a printed seed replays.
    let seed = env_number("RUNSTRONG_FUZZ_SEED").unwrap_or(default_seed);
    // xorshift never leaves zero.
    let mut prng = Prng(if seed == 0 { default_seed } else { seed });
    let (limit, timed) = execs();
    eprintln!("{name}: seed {seed} (RUNSTRONG_FUZZ_SEED), up to {limit} inputs");
    let started = Instant::now();
    let mut done = 0;
    while done < limit && (!timed || started.elapsed() < TIME_BUDGET) {
        let input = if prng.below(10) == 0 {
            let length = prng.below(2048);
            (0..length).map(|_| prng.byte()).collect()
        } else {
            let base = &corpus[prng.below(corpus.len())];
            mutate(&mut prng, base, corpus)
        };
        let outcome = std::panic::catch_unwind(|| exercise(&input));
        if outcome.is_err() {
            panic!(
                "{name}: seed {seed} (replay with RUNSTRONG_FUZZ_SEED={seed}), input {done}, {} bytes: {:02x?}",
                input.len(),
                &input[..input.len().min(64)]
            );
        }
        done += 1;
    }
    eprintln!(
        "{name}: {done} inputs in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(done >= 50.min(limit), "{name}: only {done} inputs ran");
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
