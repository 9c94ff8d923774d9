//! Decoder throughput (divan): FIT against the `fitparser` crate on the same
//! bytes in the same run, and GPX/TCX. Run with `cargo bench -p runs`.
//!
//! Inputs: the real-device files in `shared/data/activities` when present
//! (skipped otherwise), a large synthetic FIT run from the test encoder
//! (10 h at 1 Hz with developer fields and skipped messages), and the GPX/TCX
//! fixtures repeated into multi-megabyte documents.
//!
//! Before divan runs, a peer table times `runs::fit::decode`, `fitparser`
//! and Python's `fitdecode` (through `benches/fitdecode_peer.py`) the same
//! way on the same real files in the same session: each file in memory,
//! decoded at least 3 times and for at least 0.3 s, fastest and median
//! reported. Without `python3` or `fitdecode` the Python column is skipped
//! with the reason printed. `RUNS_BENCH_PEERS=0` skips the table.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;

#[allow(dead_code)]
#[path = "../tests/it/fit_writer.rs"]
mod fit_writer;

fn main() {
    if std::env::var("RUNS_BENCH_PEERS").as_deref() != Ok("0") {
        peers::print_table();
    }
    divan::main();
}

/// The side-by-side table: ours, fitparser and fitdecode timed alike.
mod peers {
    use std::path::PathBuf;
    use std::process::Command;
    use std::time::{Duration, Instant};

    /// (fastest, median) seconds of at least 3 runs lasting at least 0.3 s.
    fn time(mut decode: impl FnMut()) -> (f64, f64) {
        let mut times = Vec::new();
        let started = Instant::now();
        while times.len() < 3 || started.elapsed() < Duration::from_millis(300) {
            let begin = Instant::now();
            decode();
            times.push(begin.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        (times[0], times[times.len() / 2])
    }

    /// fitdecode's (fastest, median) per file name, or why there are none.
    fn fitdecode(paths: &[PathBuf]) -> Result<Vec<(String, f64, f64)>, String> {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/fitdecode_peer.py");
        let output = Command::new("python3")
            .arg(&script)
            .args(paths)
            .output()
            .map_err(|error| format!("python3 could not be started ({error})"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('\t').collect();
                Some((
                    cells.first()?.to_string(),
                    cells.get(2)?.parse().ok()?,
                    cells.get(3)?.parse().ok()?,
                ))
            })
            .collect())
    }

    fn mb_per_s(bytes: usize, seconds: f64) -> f64 {
        bytes as f64 / 1e6 / seconds
    }

    pub fn print_table() {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/activities/fit");
        let files: Vec<(String, PathBuf, Vec<u8>)> = super::REAL_FIT
            .iter()
            .filter_map(|name| {
                let path = dir.join(name);
                std::fs::read(&path)
                    .ok()
                    .map(|bytes| (name.to_string(), path, bytes))
            })
            .collect();
        if files.is_empty() {
            eprintln!(
                "peer table skipped: real-device FIT files not found at {}",
                dir.display()
            );
            return;
        }
        let paths: Vec<PathBuf> = files.iter().map(|(_, path, _)| path.clone()).collect();
        let python = fitdecode(&paths);
        if let Err(reason) = &python {
            eprintln!("fitdecode peer skipped: {reason}");
        }
        println!("FIT decode, MB/s fastest / median (same files, same session):");
        println!(
            "{:<32} {:>9} {:>17} {:>17} {:>17} {:>9} {:>9}",
            "file", "bytes", "runs", "fitparser", "fitdecode", "×fitparser", "×fitdecode"
        );
        let mut totals = [0.0f64; 6];
        let mut all_bytes = 0;
        for (name, _, bytes) in &files {
            let ours = time(|| {
                drop(std::hint::black_box(runs::fit::decode(
                    std::hint::black_box(bytes),
                )));
            });
            let theirs = time(|| {
                drop(std::hint::black_box(fitparser::from_bytes(
                    std::hint::black_box(bytes),
                )));
            });
            let peer = python
                .as_ref()
                .ok()
                .and_then(|rows| rows.iter().find(|row| &row.0 == name))
                .map(|row| (row.1, row.2));
            all_bytes += bytes.len();
            for (slot, value) in [ours.0, ours.1, theirs.0, theirs.1].into_iter().enumerate() {
                totals[slot] += value;
            }
            if let Some((fast, median)) = peer {
                totals[4] += fast;
                totals[5] += median;
            }
            let peer_text = peer.map_or("skipped".to_string(), |(fast, median)| {
                format!(
                    "{:.2} / {:.2}",
                    mb_per_s(bytes.len(), fast),
                    mb_per_s(bytes.len(), median)
                )
            });
            let peer_ratio =
                peer.map_or("-".to_string(), |(fast, _)| format!("{:.0}", fast / ours.0));
            println!(
                "{name:<32} {:>9} {:>17} {:>17} {peer_text:>17} {:>9.0} {peer_ratio:>9}",
                bytes.len(),
                format!(
                    "{:.0} / {:.0}",
                    mb_per_s(bytes.len(), ours.0),
                    mb_per_s(bytes.len(), ours.1)
                ),
                format!(
                    "{:.1} / {:.1}",
                    mb_per_s(bytes.len(), theirs.0),
                    mb_per_s(bytes.len(), theirs.1)
                ),
                theirs.0 / ours.0,
            );
        }
        let peer_total = (python.is_ok() && totals[4] > 0.0).then(|| {
            format!(
                "{:.2} / {:.2}",
                mb_per_s(all_bytes, totals[4]),
                mb_per_s(all_bytes, totals[5])
            )
        });
        println!(
            "{:<32} {all_bytes:>9} {:>17} {:>17} {:>17} {:>9.0} {:>9}",
            "all files",
            format!(
                "{:.0} / {:.0}",
                mb_per_s(all_bytes, totals[0]),
                mb_per_s(all_bytes, totals[1])
            ),
            format!(
                "{:.1} / {:.1}",
                mb_per_s(all_bytes, totals[2]),
                mb_per_s(all_bytes, totals[3])
            ),
            peer_total.unwrap_or_else(|| "skipped".into()),
            totals[2] / totals[0],
            if totals[4] > 0.0 {
                format!("{:.0}", totals[4] / totals[0])
            } else {
                "-".into()
            },
        );
        println!();
    }
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
