//! Guided sessions: unattended runs, durability when killed, and the
//! terminal requirement.

use std::time::{Duration, Instant};

use crate::harness::Env;

#[test]
fn today_on_a_new_database_prescribes_the_bridge_with_a_why() {
    let env = Env::new();
    let plan = env.json(&["today"]);
    assert_eq!(plan["date"], crate::harness::TODAY);
    let items = plan["items"].as_array().unwrap();
    assert_eq!(items[0]["exercise"], "active-shoulder-bridge");
    let sets = items[0]["sets"].as_u64().unwrap();
    assert!(sets == 2 || sets == 3, "{sets}");
    assert_eq!(items[0]["reps"], 10);
    assert!(items[0]["hold_s"].as_f64().is_some());
    assert!(items[0]["why"].as_str().unwrap().len() > 20);
    let text = env.ok(&["today"]);
    assert!(
        text.contains("Active Shoulder Bridge") && text.contains("2 × 10"),
        "{text}"
    );
}

#[test]
fn an_unattended_session_is_saved_set_by_set() {
    let env = Env::new();
    let out = env.ok(&[
        "go", "--auto", "--pace", "0", "--rpe", "5", "--felt", "glutes", "--pain", "0",
    ]);
    assert!(out.contains("Saved: 2 sets, 20 reps"), "{out}");
    assert!(out.contains("Next time"), "{out}");
    let history = env.json(&["history"]);
    let sessions = history["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session["date"], crate::harness::TODAY);
    assert_eq!(session["rpe"], 5);
    assert_eq!(session["felt"], "glutes");
    assert_eq!(session["pain"], 0);
    let sets = session["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 2);
    for set in sets {
        assert_eq!(set["exercise"], "active-shoulder-bridge");
        assert_eq!(set["reps"], 10);
        assert!(set["side"].is_null());
        assert_eq!(set["hold_s"], 1.0);
    }
    let stats = env.json(&["stats"]);
    assert_eq!(stats["streak_days"], 1);
    assert_eq!(stats["days_done_last_7"], 1);
    assert_eq!(stats["days_done_last_30"], 1);
    assert_eq!(stats["total_reps"], 20);
}

#[test]
fn one_exercise_by_alias_runs_at_its_default_dose_on_both_sides() {
    let env = Env::new();
    let out = env.json(&["go", "single-leg-bridge", "--auto", "--pace", "0"]);
    let sets = out["session"]["sets"].as_array().unwrap();
    assert!(sets.len() >= 2 && sets.len().is_multiple_of(2), "{sets:?}");
    assert_eq!(sets[0]["side"], "left");
    assert_eq!(sets[1]["side"], "right");
    assert!(out["session"]["rpe"].is_null(), "no answers were given");
}

#[test]
fn killing_a_session_keeps_every_completed_set() {
    let env = Env::new();
    // A rep takes 6 s at pace 1; at pace 0.04 a set of ten takes about 2.6 s.
    let mut child = env
        .command(&["go", "--auto", "--pace", "0.04", "--quiet"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start go");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let history = env.json(&["history"]);
        seen = history["sessions"].as_array().map_or(0, |s| {
            s.first().map_or(0, |s| s["sets"].as_array().unwrap().len())
        });
        if seen >= 1 {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert!(seen >= 1, "the first set never appeared");
    let history = env.json(&["history"]);
    let session = &history["sessions"][0];
    assert!(!session["sets"].as_array().unwrap().is_empty());
    assert_eq!(session["sets"][0]["reps"], 10);
    assert!(
        session["finished_at_ms"].is_null(),
        "an interrupted session has no end"
    );
    let text = env.ok(&["history"]);
    assert!(text.contains("interrupted"), "{text}");
}

#[test]
fn without_a_terminal_go_asks_for_auto_and_exits_2() {
    let env = Env::new();
    let err = env.fails(&["go"], 2);
    assert!(
        err.contains("needs a terminal") && err.contains("--auto"),
        "{err}"
    );
    assert!(
        env.json(&["history"])["sessions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn pace_scales_the_clock() {
    let env = Env::new();
    let started = Instant::now();
    env.ok(&["go", "bridge", "--auto", "--pace", "0.01", "--quiet"]);
    let elapsed = started.elapsed().as_secs_f64();
    // Two sets of ten 6-second reps, 5 s set-ups and a 60 s rest: 195 s at
    // pace 1, so about 2 s at pace 0.01; deadlines from the start keep it close.
    assert!(elapsed > 1.0, "finished too fast: {elapsed} s");
    assert!(elapsed < 15.0, "too slow: {elapsed} s");
}
