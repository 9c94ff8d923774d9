//! `runstrong today` end to end, as a user runs it: process start, opening
//! and checking the SQLite database, loading the embedded library, replaying
//! the history and printing the plan. Budget: 20 ms (DESIGN §6).
//!
//! The database holds a year of daily sessions, imported once before timing.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    divan::main();
}

const BIN: &str = env!("CARGO_BIN_EXE_runstrong");

/// A database with `days` days of history, ending on the fixed "today".
fn database(days: i64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("bench.db");
    let today = jiff::civil::date(2026, 11, 26);
    let mut sessions = Vec::new();
    for offset in (1..=days).rev() {
        let date = today
            .checked_sub(jiff::Span::new().days(offset))
            .expect("date in range");
        let started = 1_700_000_000_000_i64 + offset * 86_400_000;
        let sets: Vec<serde_json::Value> = (1..=3)
            .map(|position| {
                serde_json::json!({"exercise": "active-shoulder-bridge", "position": position, "reps": 10,
                    "target_reps": 10, "side": null, "hold_s": 1.0, "tension_s": 60.0, "completed_at_ms": started})
            })
            .collect();
        sessions.push(serde_json::json!({"date": date.to_string(), "source": "log", "started_at_ms": started,
            "finished_at_ms": started, "stage": null, "rpe": 5, "felt": "glutes", "pain": 0, "note": null, "sets": sets}));
    }
    let export = serde_json::json!({"format": "runstrong-export", "version": 1, "sessions": sessions, "assessments": []});
    let file = dir.path().join("history.json");
    std::fs::write(&file, export.to_string()).expect("write history");
    let status = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&file)
        .output()
        .expect("import");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, db)
}

fn run_today(db: &PathBuf, json: bool) {
    let mut command = Command::new(BIN);
    command
        .arg("--db")
        .arg(db)
        .arg("today")
        .env("RUNSTRONG_TODAY", "2026-11-26");
    if json {
        command.arg("--json");
    }
    let output = command.output().expect("run today");
    assert!(output.status.success());
}

/// `runstrong today` on a new database, a month and a year of history.
#[divan::bench(args = [0, 30, 365], sample_count = 50)]
fn today(bencher: divan::Bencher, days: i64) {
    let (_dir, db) = database(days);
    bencher.bench_local(|| run_today(&db, false));
}

/// `runstrong today --json` with a year of history.
#[divan::bench(sample_count = 50)]
fn today_json_year(bencher: divan::Bencher) {
    let (_dir, db) = database(365);
    bencher.bench_local(|| run_today(&db, true));
}

/// The floor: starting the binary to print its version (no database).
#[divan::bench(sample_count = 50)]
fn process_start_only(bencher: divan::Bencher) {
    bencher.bench_local(|| {
        let output = Command::new(BIN).arg("--version").output().expect("run");
        assert!(output.status.success());
    });
}
