//! `runstrong runs import` on a folder of 1,000 mixed activity files, end to
//! end: walking the folder, decoding on N threads, deduplicating and storing
//! in SQLite. The mix: GPX and TCX runs of our own making (2-12 km each) and,
//! when `../shared/data/activities` is there (as in CI), copies of the real
//! device FIT files in every tenth slot (their copies are duplicates, which
//! the import recognises). One thread against both cores in the same run
//! gives the parallel speed-up.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const BIN: &str = env!("CARGO_BIN_EXE_runstrong");
const FILES: u32 = 1_000;

/// A run of `points` track points, 10 m and 3 s apart, starting on day `day`.
fn gpx(day: u32, points: u32) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"bench\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..points {
        let seconds = i * 3;
        out.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"8.0\"><ele>{}</ele><time>{}T{:02}:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>86</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            47.0 + f64::from(i) * 0.00009,
            400 + i % 17,
            date(day),
            6 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60,
            140 + i % 20
        ));
    }
    out.push_str("</trkseg></trk></gpx>\n");
    out
}

/// The same kind of run as TCX.
fn tcx(day: u32, points: u32) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities><Activity Sport=\"Running\">",
    );
    out.push_str(&format!(
        "<Id>{}T17:00:00Z</Id><Lap StartTime=\"{}T17:00:00Z\"><Track>\n",
        date(day),
        date(day)
    ));
    for i in 0..points {
        let seconds = i * 3;
        out.push_str(&format!(
            "<Trackpoint><Time>{}T{:02}:{:02}:{:02}Z</Time><Position><LatitudeDegrees>{:.6}</LatitudeDegrees><LongitudeDegrees>8.0</LongitudeDegrees></Position><DistanceMeters>{}</DistanceMeters><HeartRateBpm><Value>{}</Value></HeartRateBpm><Cadence>86</Cadence></Trackpoint>\n",
            date(day),
            17 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60,
            47.0 + f64::from(i) * 0.00009,
            i * 10,
            140 + i % 20
        ));
    }
    out.push_str("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n");
    out
}

/// Day `n` from 2024-01-01 as YYYY-MM-DD.
fn date(n: u32) -> String {
    let day = jiff::civil::date(2024, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(n)))
        .expect("in range");
    day.to_string()
}

/// The folder of 1,000 files, written once.
fn folder() -> &'static Path {
    static FOLDER: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = FOLDER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("activities");
        std::fs::create_dir_all(&path).expect("folder");
        let fit_files = real_fit_files();
        let mut bytes = 0;
        let mut fit_count = 0;
        for n in 0..FILES {
            let points = 200 + (n * 37) % 1000; // 2-12 km
            let (name, content) = if n % 10 == 5 && !fit_files.is_empty() {
                fit_count += 1;
                let fit = &fit_files[(n as usize / 10) % fit_files.len()];
                (format!("{n:04}.fit"), fit.clone())
            } else if n % 3 == 0 {
                (format!("{n:04}.tcx"), tcx(n, points).into_bytes())
            } else {
                (format!("{n:04}.gpx"), gpx(n, points).into_bytes())
            };
            bytes += content.len();
            std::fs::write(path.join(name), content).expect("write");
        }
        eprintln!(
            "bench folder: {FILES} files ({fit_count} FIT), {:.1} MB",
            bytes as f64 / 1e6
        );
        (dir, path)
    });
    path
}

/// The real device FIT files of the shared test data, when present.
fn real_fit_files() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/activities/fit");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no {}: the mix is GPX and TCX only", dir.display());
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "fit"))
        .collect();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn import(jobs: u32) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("bench.db");
    let output = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--json", "runs", "import", "--jobs", &jobs.to_string()])
        .arg(folder())
        .output()
        .expect("run import");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let count = |key: &str| report[key].as_array().map_or(0, Vec::len);
    assert_eq!(count("failed"), 0, "{report}");
    assert!(count("imported") >= 900, "{report}");
}

/// Importing the folder with 1 decoder thread, and with 2 (both cores).
#[divan::bench(args = [1, 2], sample_count = 5)]
fn import_1000_files(bencher: divan::Bencher, jobs: u32) {
    folder();
    bencher.bench_local(|| import(jobs));
}
