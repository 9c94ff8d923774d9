//! Decoder throughput (divan): FIT against the `fitparser` crate on the same
//! bytes in the same run, and GPX/TCX. Run with `cargo bench -p runs`.
//!
//! Inputs: the real-device files in `shared/data/activities` when present
//! (skipped otherwise), a large synthetic FIT run from the test encoder
//! (10 h at 1 Hz with developer fields and skipped messages), and the GPX/TCX
//! fixtures repeated into multi-megabyte documents.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;

#[allow(dead_code)]
#[path = "../tests/it/fit_writer.rs"]
mod fit_writer;

fn main() {
    divan::main();
}

const REAL_FIT: [&str; 7] = [
    "garmin-fenix-5-run.fit",
    "activity-small-fenix2-run.fit",
    "developer-types-sample.fit",
    "compressed-speed-distance.fit",
    "sample_mulitple_header.fit",
    "mornindew-broken.fit",
    "unterminated-strings.fit",
];

fn shared_fit(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/activities/fit")
        .join(name);
    std::fs::read(path).ok()
}

fn real_files() -> Vec<&'static str> {
    let present: Vec<&'static str> = REAL_FIT
        .into_iter()
        .filter(|name| shared_fit(name).is_some())
        .collect();
    if present.is_empty() {
        eprintln!(
            "skipped: real-device FIT files not found (only present in the project's shared folder)"
        );
    }
    present
}

/// All real files concatenated as one workload (sum of bytes), for a single
/// MB/s figure per decoder.
fn all_real() -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        REAL_FIT
            .iter()
            .filter_map(|name| shared_fit(name))
            .collect()
    })
}

fn synthetic() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let options = fit_writer::RunOptions {
            developer_fields: true,
            skipped_messages: true,
            ..fit_writer::RunOptions::default()
        };
        fit_writer::synthetic_run(36_000, options).bytes
    })
}

fn fixture(name: &str, copies: usize) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    // Repeat the track points to get a multi-megabyte document.
    let (open, close) = if name.ends_with(".gpx") {
        ("<trkseg>", "</trkseg>")
    } else {
        ("<Track>", "</Track>")
    };
    let start = text.find(open).expect("segment") + open.len();
    let end = text.rfind(close).expect("segment end");
    let body = &text[start..end];
    let mut document = text[..start].to_string();
    for _ in 0..copies {
        document.push_str(body);
    }
    document.push_str(&text[end..]);
    document.into_bytes()
}

mod fit_real {
    use super::*;

    #[divan::bench(args = real_files())]
    fn ours(bencher: Bencher, name: &str) {
        let bytes = shared_fit(name).unwrap_or_default();
        bencher
            .counter(BytesCount::of_slice(&bytes))
            .bench(|| runs::fit::decode(divan::black_box(&bytes)));
    }

    #[divan::bench(args = real_files())]
    fn fitparser(bencher: Bencher, name: &str) {
        let bytes = shared_fit(name).unwrap_or_default();
        bencher
            .counter(BytesCount::of_slice(&bytes))
            .bench(|| fitparser::from_bytes(divan::black_box(&bytes)));
    }

    #[divan::bench]
    fn ours_all_files(bencher: Bencher) {
        let files = all_real();
        let total: usize = files.iter().map(Vec::len).sum();
        bencher.counter(BytesCount::new(total)).bench(|| {
            for bytes in files {
                divan::black_box(runs::fit::decode(divan::black_box(bytes)).ok());
            }
        });
    }

    #[divan::bench]
    fn fitparser_all_files(bencher: Bencher) {
        let files = all_real();
        let total: usize = files.iter().map(Vec::len).sum();
        bencher.counter(BytesCount::new(total)).bench(|| {
            for bytes in files {
                divan::black_box(fitparser::from_bytes(divan::black_box(bytes)).ok());
            }
        });
    }

    /// Decode plus metrics: what `runstrong runs import` pays per file.
    #[divan::bench]
    fn ours_import_all_files(bencher: Bencher) {
        let files = all_real();
        let total: usize = files.iter().map(Vec::len).sum();
        bencher.counter(BytesCount::new(total)).bench(|| {
            for bytes in files {
                divan::black_box(runs::import_file("bench.fit", divan::black_box(bytes)).ok());
            }
        });
    }
}

mod fit_synthetic {
    use super::*;

    #[divan::bench]
    fn ours(bencher: Bencher) {
        let bytes = synthetic();
        bencher
            .counter(BytesCount::of_slice(bytes))
            .bench(|| runs::fit::decode(divan::black_box(bytes)));
    }

    #[divan::bench]
    fn fitparser(bencher: Bencher) {
        let bytes = synthetic();
        bencher
            .counter(BytesCount::of_slice(bytes))
            .bench(|| fitparser::from_bytes(divan::black_box(bytes)));
    }

    #[divan::bench]
    fn ours_import(bencher: Bencher) {
        let bytes = synthetic();
        bencher
            .counter(BytesCount::of_slice(bytes))
            .bench(|| runs::import_file("bench.fit", divan::black_box(bytes)));
    }
}

mod xml {
    use super::*;

    #[divan::bench]
    fn gpx_parse(bencher: Bencher) {
        let bytes = fixture("run-strava.gpx", 40);
        bencher
            .counter(BytesCount::of_slice(&bytes))
            .bench(|| runs::xml::parse(divan::black_box(&bytes)));
    }

    #[divan::bench]
    fn tcx_parse(bencher: Bencher) {
        let bytes = fixture("run-garmin.tcx", 30);
        bencher
            .counter(BytesCount::of_slice(&bytes))
            .bench(|| runs::xml::parse(divan::black_box(&bytes)));
    }

    #[divan::bench]
    fn gpx_import(bencher: Bencher) {
        let bytes = fixture("run-strava.gpx", 40);
        bencher
            .counter(BytesCount::of_slice(&bytes))
            .bench(|| runs::import_file("bench.gpx", divan::black_box(&bytes)));
    }
}
