//! Kill tests: the real binary is SIGKILLed at seeded random moments while
//! it records a guided session and while it imports a large backup. After
//! every kill the database passes SQLite's `PRAGMA integrity_check`, every
//! set the terminal acknowledged ("… saved: 10 reps") is stored, and an
//! import is all or nothing.
//!
//! The moments come from the workspace's fuzz PRNG (`testing/fuzz.rs`), so
//! `RUNSTRONG_FUZZ_SEED` varies and replays them; `RUNSTRONG_KILLS` changes
//! how many kills each test makes (default [`KILLS_PER_TEST`]).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use coach::export::Export;
use coach::model::{Feedback, Session, SetRecord, Source};

use crate::fuzz_harness::{Prng, env_number};
use crate::harness::{Env, TODAY};

/// Kills per test in a default run (two tests: 20 kills in all).
const KILLS_PER_TEST: u64 = 10;

fn kills() -> u64 {
    env_number("RUNSTRONG_KILLS").unwrap_or(KILLS_PER_TEST)
}

fn prng(default_seed: u64) -> Prng {
    let seed = env_number("RUNSTRONG_FUZZ_SEED").unwrap_or(default_seed);
    eprintln!("kill test: seed {seed} (RUNSTRONG_FUZZ_SEED)");
    Prng(if seed == 0 { default_seed } else { seed })
}

/// `PRAGMA integrity_check` on the file, through its own connection (the
/// killed process left its WAL behind, as a crash would).
pub fn integrity(db: &Path) -> String {
    crate::harness::sql_rows(db, "PRAGMA integrity_check").join("; ")
}

#[test]
fn a_killed_guided_session_keeps_every_acknowledged_set() {
    let mut prng = prng(0x0000_C0DE_D1E5);
    let mut survived = 0;
    let mut acknowledged_total = 0;
    for round in 0..kills() {
        let env = Env::new();
        // Both sides of the single-leg bridge at 1/200 of real time: about a
        // second and a half of sets, set-ups and rests.
        let mut child = env
            .command(&["go", "single-leg-bridge", "--auto", "--pace", "0.005"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start go");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, received) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains(" saved: ") && lines.send(line).is_err() {
                    break;
                }
            }
        });
        let wait = Duration::from_millis(prng.below(1800) as u64);
        std::thread::sleep(wait);
        // Read what was acknowledged before the kill, then kill.
        let mut acknowledged: Vec<String> = received.try_iter().collect();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let _ = reader.join();
        // Lines that arrived between the read and the kill count too.
        acknowledged.extend(received.try_iter());

        if env.db.exists() {
            assert_eq!(
                integrity(&env.db),
                "ok",
                "round {round}: killed after {wait:?}"
            );
        }
        let history = env.json(&["history"]);
        let stored: usize = history["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["sets"].as_array().unwrap().len())
            .sum();
        assert!(
            stored >= acknowledged.len(),
            "round {round}: killed after {wait:?}, {} sets acknowledged but {stored} stored: {acknowledged:?}",
            acknowledged.len()
        );
        acknowledged_total += acknowledged.len();
        survived += 1;
    }
    eprintln!(
        "kill test (go): {survived} kills survived, {acknowledged_total} acknowledged sets all stored"
    );
}

/// 09:00 UTC on [`TODAY`].
const TODAY_9AM_MS: i64 = 1_795_683_600_000;

/// A backup of `sessions` sessions of three sets, one a day back from today.
fn big_backup(sessions: usize) -> String {
    let today: jiff::civil::Date = TODAY.parse().unwrap();
    let mut all = Vec::with_capacity(sessions);
    for n in 0..sessions {
        let date = today
            .checked_sub(jiff::Span::new().days(n as i64 + 1))
            .unwrap();
        // 09:00 UTC on that day.
        let start = TODAY_9AM_MS - (n as i64 + 1) * 86_400_000;
        let sets = (1..=3)
            .map(|position| SetRecord {
                exercise: "active-shoulder-bridge".into(),
                position,
                reps: 10,
                target_reps: 10,
                side: None,
                hold_s: 1.0,
                tension_s: 60.0,
                completed_at_ms: start + i64::from(position) * 90_000,
            })
            .collect();
        all.push(Session {
            id: 0,
            date,
            source: Source::Log,
            started_at_ms: start,
            finished_at_ms: Some(start + 600_000),
            stage: None,
            feedback: Feedback::default(),
            note: Some(format!("session {n}")),
            prescribed: Vec::new(),
            sets,
        });
    }
    Export::new(all, Vec::new(), Vec::new(), Vec::new()).to_json()
}

#[test]
fn a_killed_import_stores_everything_or_nothing() {
    const SESSIONS: usize = 3000;
    let mut prng = prng(0x1A9_0F7E);
    let source = Env::new();
    let backup = source.path("big.json");
    std::fs::write(&backup, big_backup(SESSIONS)).unwrap();
    let backup = backup.to_str().unwrap().to_string();

    // How long a whole import takes here, to spread the kills over it.
    let timing = Env::new();
    let started = Instant::now();
    timing.ok(&["import", &backup]);
    let full = started.elapsed();
    let count = |env: &Env| env.json(&["history"])["sessions"].as_array().unwrap().len();
    assert_eq!(count(&timing), SESSIONS);

    let (mut none, mut all) = (0, 0);
    for round in 0..kills() {
        let env = Env::new();
        // The database exists with one session before the import starts.
        env.ok(&["log", "bridge", "2x10", "--date", TODAY]);
        let mut child = env
            .command(&["import", &backup])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start import");
        let wait = full.mul_f64(prng.below(1000) as f64 / 1000.0);
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            integrity(&env.db),
            "ok",
            "round {round}: killed after {wait:?}"
        );
        match count(&env) {
            1 => none += 1,
            n if n == SESSIONS + 1 => all += 1,
            n => panic!("round {round}: killed after {wait:?}, {n} sessions: a partial import"),
        }
    }
    eprintln!(
        "kill test (import of {SESSIONS} sessions in {full:?}): {} kills survived, {none} left nothing imported, {all} everything",
        none + all
    );
}
