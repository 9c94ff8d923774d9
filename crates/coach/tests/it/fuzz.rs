//! Bounded fuzzing of the files a runner imports into the coach: the JSON
//! backup (`Export::from_json`, then the checks every imported session
//! passes) and Hevy and Strong CSV exports, with the workspace's one
//! harness (`testing/fuzz.rs`; `RUNSTRONG_FUZZ_SEED`,
//! `RUNSTRONG_FUZZ_ITERS`). Every input is read or refused with one sentence
//! on one line naming the file; none panics.

use coach::Library;
use coach::export::Export;
use coach::interop::strength_csv;
use coach::model::{Feedback, Session, SetRecord, Side, Source};
use coach::record;
use jiff::civil::date;
use jiff::tz::TimeZone;

use crate::fuzz_harness;

const NOW: i64 = 1_780_000_000_000;

fn backup() -> Vec<u8> {
    let set = |position: u32, side: Option<Side>| SetRecord {
        exercise: "active-shoulder-bridge".into(),
        position,
        reps: 10,
        target_reps: 10,
        side,
        hold_s: 2.0,
        tension_s: 60.0,
        completed_at_ms: NOW - 1000,
    };
    let session = Session {
        id: 0,
        date: date(2026, 5, 1),
        source: Source::Log,
        started_at_ms: NOW - 60_000,
        finished_at_ms: Some(NOW - 500),
        stage: None,
        feedback: Feedback::default(),
        note: Some("felt strong, \"quoted\"".into()),
        prescribed: Vec::new(),
        sets: vec![set(1, None), set(2, Some(Side::Left))],
    };
    Export::new(vec![session], Vec::new(), Vec::new(), Vec::new())
        .to_json()
        .into_bytes()
}

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(path).unwrap()
}

#[test]
fn fuzz_backup_files() {
    let library = Library::embedded().unwrap();
    let today = date(2026, 5, 28);
    fuzz_harness::run("backup", 0xBAC_C0FF, &[backup()], |input| {
        let Ok(text) = std::str::from_utf8(input) else {
            return; // the CLI refuses non-UTF-8 before parsing
        };
        match Export::from_json("fuzz.json", text) {
            Ok(backup) => {
                for session in &backup.sessions {
                    if let Err(error) = record::check_session(session, &library, today, NOW) {
                        assert!(!error.0.trim().is_empty());
                        assert!(!error.0.contains('\n'), "{:?}", error.0);
                    }
                }
            }
            Err(error) => fuzz_harness::one_sentence(&error.to_string(), "fuzz.json"),
        }
    });
}

#[test]
fn fuzz_hevy_and_strong_csv() {
    let library = Library::embedded().unwrap();
    let zone = TimeZone::UTC;
    let corpus = vec![
        sample("hevy-kg.csv"),
        sample("hevy-lbs.csv"),
        sample("strong-comma.csv"),
        sample("strong-semicolon.csv"),
        sample("strong-v6.csv"),
    ];
    fuzz_harness::run("hevy+strong", 0x4E57_C5F0, &corpus, |input| {
        for parsed in [
            strength_csv::parse_hevy("fuzz.csv", input, &library, &zone),
            strength_csv::parse_strong("fuzz.csv", input, &library, &zone),
        ] {
            match parsed {
                Ok(plan) => {
                    for session in plan.into_sessions() {
                        assert!(session.sets.iter().all(|s| s.hold_s.is_finite()));
                    }
                }
                Err(error) => fuzz_harness::one_sentence(&error.to_string(), "fuzz.csv"),
            }
        }
    });
}
