//! Export and import: lossless round trips and safe failures.

use crate::harness::{Env, bytes};

#[test]
fn export_then_import_into_a_fresh_database_gives_an_identical_export() {
    let mut env = Env::new();
    env.ok(&[
        "go",
        "--auto",
        "--pace",
        "0",
        "--rpe",
        "6",
        "--felt",
        "hamstrings",
        "--pain",
        "1",
    ]);
    env.ok(&[
        "log",
        "single-leg-bridge",
        "3x8",
        "--side",
        "left",
        "--hold",
        "2.5",
        "--date",
        "2026-11-20",
        "--note",
        "on the couch, \"heel\" up",
    ]);
    env.ok(&["log", "clamshell", "15", "--date", "2026-11-21"]);
    let answers = env.path("a.json");
    std::fs::write(&answers, r#"{"questionnaire":{"sitting_hours_per_day":7.5,"runs_per_week":3,"cross_training":true,"can_feel_glutes":"yes"},"single_leg_bridge_reps":{"left":20,"right":22}}"#).unwrap();
    env.ok(&["check", "--answers", answers.to_str().unwrap()]);
    let first = env.ok(&["export"]);
    let file = env.path("backup.json");
    env.ok(&["export", "--output", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);

    let fresh = Env::new();
    let summary = fresh.json(&["import", file.to_str().unwrap()]);
    assert_eq!(summary["sessions_added"], 3);
    assert_eq!(summary["assessments_added"], 1);
    assert_eq!(
        fresh.ok(&["export"]),
        first,
        "export → import → export must be identical"
    );
    // Importing again adds nothing.
    let again = fresh.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (
            again["sessions_added"].as_u64(),
            again["sessions_skipped"].as_u64()
        ),
        (Some(0), Some(3))
    );
    env.today = "2026-11-27".into();
    let csv = env.ok(&["export", "--format", "csv"]);
    // header + bridge 2 sets + single-leg bridge 3 sets + clamshell 1 set on each side
    assert_eq!(csv.lines().count(), 1 + 2 + 3 + 2, "{csv}");
    assert!(csv.starts_with("date,source,"));
}

#[test]
fn a_truncated_or_newer_export_is_refused_and_nothing_changes() {
    let env = Env::new();
    env.ok(&["log", "bridge", "2x10"]);
    let before = env.ok(&["export"]);
    let truncated = env.path("truncated.json");
    std::fs::write(&truncated, &before[..before.len() / 2]).unwrap();
    let err = env.fails(&["import", truncated.to_str().unwrap()], 1);
    assert!(
        err.contains("truncated.json is not valid JSON at line") && err.contains("truncated"),
        "{err}"
    );
    let newer = env.path("newer.json");
    std::fs::write(&newer, before.replace("\"version\": 1", "\"version\": 99")).unwrap();
    let err = env.fails(&["import", newer.to_str().unwrap()], 1);
    assert!(
        err.contains("newer runstrong") && err.contains("version 99"),
        "{err}"
    );
    let not_ours = env.path("other.json");
    std::fs::write(&not_ours, "{\"hello\": 1}").unwrap();
    let err = env.fails(&["import", not_ours.to_str().unwrap()], 1);
    assert!(err.contains("is not a runstrong export"), "{err}");
    let bad_rpe = env.path("bad-rpe.json");
    assert!(before.contains("\"rpe\": null"), "{before}");
    std::fs::write(&bad_rpe, before.replacen("\"rpe\": null", "\"rpe\": 42", 1)).unwrap();
    let err = env.fails(&["import", bad_rpe.to_str().unwrap()], 1);
    assert!(err.contains("RPE \"42\""), "{err}");
    assert_eq!(env.ok(&["export"]), before);
    assert!(!bytes(&env.db).is_empty());
}
