//! The interop outputs read back by independent decoders: the calendar feed
//! by Python's `icalendar`, FIT exports by Python's `fitdecode` (with CRC
//! checks) next to the `fitparser` crate, and the sample Hevy and Strong
//! exports through the importers into FIT files.
//!
//! The Python checks skip, printing why, when `python3` or a package is
//! missing (`pip install -r crates/coach/tests/python/requirements.txt`);
//! `RUNSTRONG_PYTHON` names another interpreter.

use std::path::{Path, PathBuf};
use std::process::Command;

use coach::Library;
use coach::interop::{fit_strength, ical, strength_csv};
use coach::model::{Feedback, Felt, Session, SetRecord, Side, Source};
use coach::prescribe::prescribe;
use coach::program::Program;
use coach::schedule::{self, DayKind};
use jiff::civil::{Date, date, time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Central European time with its real rules, without the system tz database.
fn berlin() -> TimeZone {
    TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
}

/// Runs a check script on `file`: `None` (with the reason printed) when
/// Python or the package is missing, else the script's JSON (`Ok`) or its
/// message when the decoder rejected the file (`Err`).
fn run_check(script: &str, file: &Path) -> Option<Result<Value, String>> {
    let python = std::env::var("RUNSTRONG_PYTHON").unwrap_or_else(|_| "python3".into());
    let script_path = crate_dir().join("tests/python").join(script);
    let output = match Command::new(&python).arg(&script_path).arg(file).output() {
        Ok(output) => output,
        Err(error) => {
            println!("skipped: {script} needs {python}, which cannot be run ({error})");
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    match output.status.code() {
        Some(0) => {}
        Some(3) => {
            println!(
                "skipped: {script}: {stderr} (pip install -r crates/coach/tests/python/requirements.txt)"
            );
            return None;
        }
        _ => return Some(Err(stderr)),
    }
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{script} printed no JSON ({e}): {stderr}"));
    Some(Ok(json))
}

/// Like [`run_check`], panicking when the decoder rejects the file.
fn python_check(script: &str, file: &Path) -> Option<Value> {
    run_check(script, file).map(|result| {
        result.unwrap_or_else(|e| panic!("{script} rejected {}: {e}", file.display()))
    })
}

/// Follows the program for `days` days with good answers (done every day
/// the plan is not a rest day), so the runner reaches the 2-3-days-a-week
/// stages.
fn follow(program: &Program, library: &Library, start: Date, days: i32) -> Vec<Session> {
    let mut history: Vec<Session> = Vec::new();
    for offset in 0..days {
        let day = start.checked_add(offset.days()).unwrap();
        let plan = prescribe(program, library, &history, &[], day);
        if plan.rest_day {
            continue;
        }
        let mut sets = Vec::new();
        for item in &plan.items {
            let sides: &[Option<Side>] = if item.per_side {
                &[Some(Side::Left), Some(Side::Right)]
            } else {
                &[None]
            };
            for _ in 0..item.sets {
                for side in sides {
                    sets.push(SetRecord {
                        exercise: item.exercise.clone(),
                        position: sets.len() as u32 + 1,
                        reps: item.reps,
                        target_reps: item.reps,
                        side: *side,
                        hold_s: item.hold_s,
                        tension_s: 60.0,
                        completed_at_ms: 0,
                    });
                }
            }
        }
        history.push(Session {
            id: 0,
            date: day,
            source: Source::Log,
            started_at_ms: 0,
            finished_at_ms: Some(0),
            stage: Some(plan.stage.id.clone()),
            feedback: Feedback {
                rpe: Some(5),
                felt: Some(Felt::Glutes),
                pain: Some(0),
            },
            note: None,
            prescribed: Vec::new(),
            sets,
        });
    }
    history
}

#[test]
fn the_calendar_feed_parses_with_python_icalendar() {
    let library = Library::embedded().unwrap();
    let program = Program::embedded(&library).unwrap();
    let today = date(2026, 3, 20);
    let history = follow(&program, &library, date(2026, 1, 1), 78);
    let days = schedule::coming(&program, &library, &history, &[], today, 14);
    let training = days.iter().filter(|d| d.kind == DayKind::Training).count();
    let rest = days.iter().filter(|d| d.kind == DayKind::Rest).count();
    assert!(
        training >= 6 && rest >= 6,
        "{training} training, {rest} rest days"
    );
    let now = Timestamp::from_second(1_773_990_000).unwrap(); // 2026-03-20 07:00Z
    let feed = ical::feed(&days, Some(time(18, 0, 0, 0)), &berlin(), now);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.ics");
    std::fs::write(&path, &feed).unwrap();
    let Some(found) = python_check("check_ical.py", &path) else {
        return;
    };
    println!("{}", found["decoder"]);
    assert_eq!(found["errors"], serde_json::json!([]), "{found}");
    assert_eq!(found["long_lines"], serde_json::json!([]));
    assert_eq!(found["bare_lf"], 0);
    assert_eq!(found["version"], "2.0");
    let events = found["events"].as_array().unwrap();
    assert_eq!(events.len(), 14);
    let mut uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 14, "one UID per day");
    for (event, day) in events.iter().zip(&days) {
        let summary = event["summary"].as_str().unwrap();
        match day.kind {
            DayKind::Training => {
                assert!(event["timed"].as_bool().unwrap(), "{event}");
                assert_eq!(event["start_utc_offset_s"], 0.0, "written in UTC");
                // 18:00 in Berlin: 17:00Z in winter, 16:00Z from 29 March.
                let hour = if day.date >= date(2026, 3, 29) {
                    "16"
                } else {
                    "17"
                };
                let start = event["start"].as_str().unwrap();
                assert!(
                    start.contains(&format!("T{hour}:00:00")),
                    "{start} on {}",
                    day.date
                );
                let alarms = event["alarms"].as_array().unwrap();
                assert_eq!(alarms.len(), 1, "{event}");
                assert_eq!(alarms[0]["action"], "DISPLAY");
                assert_eq!(alarms[0]["trigger_s"], 0.0);
                assert!(summary.starts_with("Glute session: "), "{summary}");
            }
            DayKind::Rest => {
                assert!(!event["timed"].as_bool().unwrap());
                assert_eq!(event["alarms"], serde_json::json!([]));
                assert_eq!(summary, "Rest day (glutes)");
            }
            DayKind::Done => unreachable!("nothing is recorded on the 20th"),
        }
        let description = event["description"].as_str().unwrap();
        assert!(
            description.contains("Projected from today's plan"),
            "{description}"
        );
    }
    println!(
        "icalendar read {} events ({training} training with a reminder, {rest} rest), no errors",
        events.len()
    );
}

/// A guided session: a warm-up, bridges, clamshells both sides, a custom set.
fn guided_session() -> Session {
    let t0 = 1_772_434_800_000; // 2026-03-02 07:00Z
    let set =
        |exercise: &str, position: u32, reps: u32, target: u32, side, tension: f64, at: i64| {
            SetRecord {
                exercise: exercise.into(),
                position,
                reps,
                target_reps: target,
                side,
                hold_s: 1.0,
                tension_s: tension,
                completed_at_ms: t0 + at * 1000,
            }
        };
    Session {
        id: 0,
        date: date(2026, 3, 2),
        source: Source::Web,
        started_at_ms: t0,
        finished_at_ms: Some(t0 + 500_000),
        stage: None,
        feedback: Feedback::default(),
        note: None,
        prescribed: Vec::new(),
        sets: vec![
            set("active-shoulder-bridge", 1, 5, 0, None, 30.0, 40),
            set("active-shoulder-bridge", 2, 10, 10, None, 60.0, 110),
            set("active-shoulder-bridge", 3, 10, 10, None, 60.0, 200),
            set("clamshell", 4, 15, 15, Some(Side::Left), 75.0, 300),
            set("clamshell", 5, 15, 15, Some(Side::Right), 75.0, 380),
            set("custom:cable-kickback", 6, 12, 12, None, 36.0, 460),
        ],
    }
}

#[test]
fn fit_exports_decode_with_fitdecode_and_fitparser() {
    let library = Library::embedded().unwrap();
    let session = guided_session();
    let bytes = fit_strength::encode(&session, &library);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.fit");
    std::fs::write(&path, &bytes).unwrap();

    let records = fitparser::from_bytes(&bytes).unwrap_or_else(|e| panic!("fitparser: {e}"));
    let mut parsed_sets = Vec::new();
    for record in records
        .iter()
        .filter(|r| r.kind() == fitparser::profile::MesgNum::Set)
    {
        let field = |name: &str| {
            record
                .fields()
                .iter()
                .find(|f| f.name() == name)
                .map(|f| f.value().to_string())
                .unwrap_or_default()
        };
        parsed_sets.push(format!(
            "{} {} reps {} s {}",
            field("set_type"),
            field("category"),
            field("repetitions"),
            field("duration")
        ));
    }
    println!(
        "fitparser 0.11 read {} messages; sets: {parsed_sets:#?}",
        records.len()
    );
    assert_eq!(parsed_sets[0], "active hip_raise reps 5 s 30");

    let Some(found) = python_check("check_fit.py", &path) else {
        return;
    };
    println!("{}: {found}", found["decoder"]);
    assert!(
        found["crc_frames_checked"].as_u64().unwrap() >= 1,
        "{found}"
    );
    assert_eq!(found["file_id"]["type"], "activity");
    assert_eq!(found["session"]["sport"], "training");
    assert_eq!(found["session"]["sub_sport"], "strength_training");
    assert_eq!(found["session"]["total_elapsed_time"], 460.0);
    let sets = found["sets"].as_array().unwrap();
    let active: Vec<&Value> = sets.iter().filter(|s| s["set_type"] == "active").collect();
    let reps: Vec<u64> = active
        .iter()
        .map(|s| s["repetitions"].as_u64().unwrap())
        .collect();
    assert_eq!(reps, [5, 10, 10, 15, 15, 12]);
    let categories: Vec<String> = active.iter().map(|s| s["category"].to_string()).collect();
    assert!(
        categories[..5].iter().all(|c| c.contains("hip_raise")),
        "{categories:?}"
    );
    assert!(categories[5].contains("unknown"), "{categories:?}");
    assert_eq!(active[1]["start_time"], "2026-03-02T07:00:50+00:00");
    assert_eq!(active[1]["timestamp"], "2026-03-02T07:01:50+00:00");
    assert_eq!(active[1]["duration"], 60.0);
    assert_eq!(sets.iter().filter(|s| s["set_type"] == "rest").count(), 5);
}

#[test]
fn imported_sample_exports_become_fit_files_fitdecode_accepts() {
    let library = Library::embedded().unwrap();
    let data = crate_dir().join("tests/data");
    let mut plans = Vec::new();
    for file in ["hevy-kg.csv", "hevy-lbs.csv"] {
        let bytes = std::fs::read(data.join(file)).unwrap();
        plans.push(strength_csv::parse_hevy(file, &bytes, &library, &berlin()).unwrap());
    }
    for file in ["strong-comma.csv", "strong-semicolon.csv", "strong-v6.csv"] {
        let bytes = std::fs::read(data.join(file)).unwrap();
        plans.push(strength_csv::parse_strong(file, &bytes, &library, &berlin()).unwrap());
    }
    let sessions: Vec<Session> = plans.into_iter().flat_map(|p| p.into_sessions()).collect();
    assert_eq!(sessions.len(), 7);
    let dir = tempfile::tempdir().unwrap();
    for (index, session) in sessions.iter().enumerate() {
        let bytes = fit_strength::encode(session, &library);
        fitparser::from_bytes(&bytes).unwrap_or_else(|e| panic!("fitparser, session {index}: {e}"));
        let path = dir.path().join(format!("import-{index}.fit"));
        std::fs::write(&path, &bytes).unwrap();
        let Some(found) = python_check("check_fit.py", &path) else {
            return;
        };
        let active = found["sets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["set_type"] == "active")
            .count();
        assert_eq!(active, session.sets.len(), "session {index}: {found}");
        // Sets share the workout's end: laid end to end, no rest between.
        assert_eq!(found["messages"]["set"].as_u64().unwrap() as usize, active);
    }
    println!(
        "fitdecode read all {} imported sessions with valid CRCs",
        sessions.len()
    );
}

#[test]
fn fitdecode_checks_the_crcs_of_an_export() {
    let library = Library::embedded().unwrap();
    let bytes = fit_strength::encode(&guided_session(), &library);
    let dir = tempfile::tempdir().unwrap();
    // A changed repetition count in the first set's data, and a changed
    // header CRC: both must be caught.
    let mut data = bytes.clone();
    let reps = data
        .windows(2)
        .rposition(|w| w == [12, 0])
        .expect("the last set's 12 repetitions");
    data[reps] = 13;
    let mut header = bytes;
    header[12] ^= 0xff;
    for (name, corrupt) in [("data.fit", data), ("header.fit", header)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &corrupt).unwrap();
        let Some(result) = run_check("check_fit.py", &path) else {
            return;
        };
        let message = result.expect_err(name);
        assert!(message.contains("CRC"), "{name}: {message}");
        println!("fitdecode rejects {name}: {message}");
    }
}
