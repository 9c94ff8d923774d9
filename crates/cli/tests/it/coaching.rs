//! The coach through the binary: progression over days, pain, where it was
//! felt, the self-assessment, and the library.

use crate::harness::Env;

/// Logs today's full prescription on `day` with these answers.
fn do_plan(env: &mut Env, day: &str, rpe: &str, felt: &str, pain: &str) -> serde_json::Value {
    env.today = day.to_string();
    let plan = env.json(&["today"]);
    for item in plan["items"].as_array().unwrap() {
        let dose = format!("{}x{}", item["sets"], item["reps"]);
        let exercise = item["exercise"].as_str().unwrap();
        env.ok(&[
            "log", exercise, &dose, "--rpe", rpe, "--felt", felt, "--pain", pain, "--date", day,
        ]);
    }
    plan
}

#[test]
fn easy_glute_felt_pain_free_sessions_progress_and_pain_holds_with_a_reason() {
    let mut env = Env::new();
    for day in ["2026-11-01", "2026-11-02", "2026-11-03"] {
        let plan = do_plan(&mut env, day, "5", "glutes", "0");
        assert_eq!(plan["items"][0]["sets"], 2);
    }
    env.today = "2026-11-04".into();
    let plan = env.json(&["today"]);
    assert_eq!(plan["items"][0]["sets"], 3, "{plan:#}");
    assert_eq!(plan["stage"]["number"], 2);
    assert!(plan["changes"][0].as_str().unwrap().contains("move up"));

    // A painful session: no progression, one set less, and today says why.
    do_plan(&mut env, "2026-11-04", "5", "glutes", "3");
    env.today = "2026-11-05".into();
    let plan = env.json(&["today"]);
    assert_eq!(plan["stage"]["number"], 2);
    assert_eq!(plan["items"][0]["sets"], 2);
    assert!(
        plan["changes"][0]
            .as_str()
            .unwrap()
            .contains("pain of 3/10"),
        "{plan:#}"
    );
    let text = env.ok(&["today"]);
    assert!(text.contains("pain of 3/10"), "{text}");
}

#[test]
fn felt_in_the_low_back_brings_the_exercises_fix_as_a_focus_cue() {
    let mut env = Env::new();
    do_plan(&mut env, "2026-11-01", "5", "low-back", "0");
    env.today = "2026-11-02".into();
    let plan = env.json(&["today"]);
    assert!(
        plan["items"][0]["focus_cue"]
            .as_str()
            .is_some_and(|c| !c.is_empty()),
        "{plan:#}"
    );
    assert!(plan["changes"][0].as_str().unwrap().contains("lower back"));
}

#[test]
fn a_long_gap_restarts_gently() {
    let mut env = Env::new();
    for day in ["2026-10-01", "2026-10-02", "2026-10-03"] {
        do_plan(&mut env, day, "4", "glutes", "0");
    }
    env.today = "2026-10-04".into();
    assert_eq!(env.json(&["today"])["stage"]["number"], 2);
    env.today = "2026-10-30".into();
    let plan = env.json(&["today"]);
    assert_eq!(plan["stage"]["number"], 1);
    assert!(
        plan["changes"][0]
            .as_str()
            .unwrap()
            .contains("Welcome back")
    );
}

#[test]
fn the_self_assessment_is_stored_shown_as_a_baseline_and_shapes_the_plan() {
    let mut env = Env::new();
    let answers = env.path("answers.toml");
    std::fs::write(
        &answers,
        r#"
[questionnaire]
sitting_hours_per_day = 9
runs_per_week = 4
cross_training = false
past_overuse_injuries = ["runner's knee"]
can_feel_glutes = "sometimes"

[single_leg_bridge_reps]
left = 11
right = 19

[single_leg_squat.left]
knee_drifts_inward = true
pelvis_drops_or_tilts = true

[trendelenburg]
left = "drops"
right = "level"
"#,
    )
    .unwrap();
    // The check is taken before the sessions below: a self-check shapes the
    // plan from its own date on.
    env.today = "2026-10-31".into();
    let text = env.ok(&["check", "--answers", answers.to_str().unwrap()]);
    assert!(
        text.contains("left  11  right  19  difference 42 %"),
        "{text}"
    );
    assert!(
        text.contains("baselines") && text.contains("diagnosis"),
        "{text}"
    );
    let report = env.json(&["check", "--results"]);
    assert_eq!(report["report"]["weaker_side"], "left");
    assert_eq!(report["report"]["squat_left"], "fair");
    // Stage 1 adds clamshells at once; single-leg bridges come at stage 2.
    let plan = env.json(&["today"]);
    let ids: Vec<&str> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["exercise"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"clamshell"), "{ids:?}");
    for day in ["2026-11-01", "2026-11-02", "2026-11-03"] {
        env.today = day.into();
        env.ok(&[
            "log", "bridge", "2x10", "--rpe", "5", "--felt", "glutes", "--pain", "0", "--date", day,
        ]);
        env.ok(&["log", "clamshell", "2x12", "--date", day]);
    }
    env.today = "2026-11-04".into();
    let plan = env.json(&["today"]);
    let single = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["exercise"] == "single-leg-bridge");
    assert_eq!(
        single.expect("single-leg work added early")["start_side"],
        "left",
        "{plan:#}"
    );
}

#[test]
fn the_library_lists_every_exercise_and_shows_the_bridge_cues_with_sources() {
    let env = Env::new();
    let list = env.json(&["library"]);
    assert!(list["exercises"].as_array().unwrap().len() >= 15);
    let text = env.ok(&["library", "bridge"]);
    assert!(text.contains("Active Shoulder Bridge"));
    assert!(
        text.contains("The evidence") && text.contains("Ekstrom"),
        "{text}"
    );
    let bridge = env.json(&["library", "glute-bridge"]);
    assert_eq!(bridge["id"], "active-shoulder-bridge");
    assert!(!bridge["cues"]["lift"].as_array().unwrap().is_empty());
}

#[test]
fn unilateral_logs_without_a_side_record_both_sides() {
    let env = Env::new();
    env.ok(&["log", "single-leg-bridge", "2x8"]);
    let history = env.json(&["history"]);
    let sets = history["sessions"][0]["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 4);
    env.ok(&[
        "log",
        "single-leg-bridge",
        "1x8",
        "--side",
        "right",
        "--hold",
        "2",
    ]);
    let history = env.json(&["history", "--limit", "1"]);
    let sets = history["sessions"][0]["sets"].as_array().unwrap();
    assert_eq!(
        (
            sets.len(),
            sets[0]["side"].as_str(),
            sets[0]["hold_s"].as_f64()
        ),
        (1, Some("right"), Some(2.0))
    );
}

#[test]
fn strong_pain_puts_the_next_session_behind_a_question_asked_before_the_first_set() {
    let mut env = Env::new();
    do_plan(&mut env, "2026-11-01", "5", "glutes", "7");
    env.today = "2026-11-02".into();
    let plan = env.json(&["today"]);
    assert!(plan["pain_gate"]["question"].is_string(), "{plan:#}");
    let text = env.ok(&["today"]);
    assert!(text.contains("`runstrong go` asks first"), "{text}");
    // Unattended, the question needs an answer.
    let err = env.fails(&["go", "--auto", "--pace", "0"], 2);
    assert!(err.contains("--pain-now"), "{err}");
    // Pain now: nothing to play, and nothing is stored.
    let before = env.ok(&["export"]);
    let out = env.json(&["go", "--auto", "--pace", "0", "--pain-now", "6"]);
    assert_eq!(out["saved"], false, "{out:#}");
    let after = env.json(&["today"]);
    assert_eq!(after["pain_gate"]["answered"], true, "{after:#}");
    assert!(
        after["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["optional"] == true)
    );
    let exported: serde_json::Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let sessions_before: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(
        exported["sessions"], sessions_before["sessions"],
        "no session was added"
    );
    assert_eq!(
        exported["check_ins"][0]["pain_now"], 6,
        "the answer is kept"
    );
}

#[test]
fn a_session_saved_without_answers_is_asked_about_later() {
    let mut env = Env::new();
    env.today = "2026-11-02".into();
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-01"]);
    let plan = env.json(&["today"]);
    assert!(plan["unanswered"]["text"].is_string(), "{plan:#}");
    let err = env.fails(&["answer"], 2);
    assert!(err.contains("--rpe"), "{err}");
    env.ok(&["answer", "--rpe", "5", "--felt", "glutes", "--pain", "0"]);
    let plan = env.json(&["today"]);
    assert!(plan["unanswered"].is_null(), "{plan:#}");
    let history = env.json(&["history"]);
    assert_eq!(history["sessions"][0]["rpe"], 5);
}

#[test]
fn the_primer_alone_is_played_and_kept_as_what_was_prescribed() {
    let env = Env::new();
    let out = env.json(&[
        "go", "--auto", "--pace", "0", "--primer", "--rpe", "3", "--felt", "glutes", "--pain", "0",
    ]);
    assert_eq!(out["saved"], true, "{out:#}");
    let prescribed = out["session"]["prescribed"].as_array().unwrap();
    let sets: u64 = prescribed
        .iter()
        .map(|p| p["sets"].as_u64().unwrap() * if p["per_side"] == true { 2 } else { 1 })
        .sum();
    assert_eq!(
        out["session"]["sets"].as_array().unwrap().len() as u64,
        sets
    );
    assert!(sets <= 4, "a primer is short: {prescribed:?}");
    let err = env.fails(&["go", "--auto", "--pace", "0", "--minutes", "0"], 2);
    assert!(err.contains("minutes"), "{err}");
}
