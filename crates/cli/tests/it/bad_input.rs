//! Bad input gets one clear sentence naming the input and what was expected,
//! a non-zero exit, and nothing stored is lost or changed.

use crate::harness::{Env, bytes};

/// A database with one logged session, and its export for comparison.
fn seeded() -> (Env, String) {
    let env = Env::new();
    env.ok(&[
        "log",
        "bridge",
        "2x10",
        "--rpe",
        "4",
        "--date",
        "2026-11-25",
    ]);
    let export = env.ok(&["export"]);
    (env, export)
}

#[test]
fn a_malformed_dose_names_the_input_and_the_form() {
    let (env, export) = seeded();
    let err = env.fails(&["log", "bridge", "3xabc"], 2);
    assert!(
        err.contains("\"3xabc\" is not a dose") && err.contains("3x10"),
        "{err}"
    );
    assert_eq!(env.ok(&["export"]), export);
}

#[test]
fn an_unknown_exercise_suggests_the_closest_id() {
    let (env, export) = seeded();
    let err = env.fails(&["log", "brige", "3x10"], 2);
    assert!(
        err.contains("unknown exercise \"brige\"")
            && err.contains("did you mean \"active-shoulder-bridge\""),
        "{err}"
    );
    let err = env.fails(&["library", "clamshel"], 2);
    assert!(err.contains("did you mean \"clamshell\""), "{err}");
    let err = env.fails(&["go", "--auto", "side-plnk"], 2);
    assert!(err.contains("did you mean \"side-plank\""), "{err}");
    assert_eq!(env.ok(&["export"]), export);
}

#[test]
fn a_date_in_the_future_is_refused() {
    let (env, export) = seeded();
    let err = env.fails(&["log", "bridge", "2x10", "--date", "2026-11-27"], 2);
    assert!(err.contains("2026-11-27 is in the future"), "{err}");
    let err = env.fails(&["log", "bridge", "2x10", "--date", "26/11/2026"], 2);
    assert!(err.contains("expected YYYY-MM-DD"), "{err}");
    assert_eq!(env.ok(&["export"]), export);
}

#[test]
fn answers_out_of_range_are_refused() {
    let (env, export) = seeded();
    let err = env.fails(&["log", "bridge", "2x10", "--rpe", "11"], 2);
    assert!(err.contains("--rpe") && err.contains("1..=10"), "{err}");
    let err = env.fails(&["go", "--auto", "--pain", "12"], 2);
    assert!(err.contains("--pain"), "{err}");
    let err = env.fails(&["log", "bridge", "2x10", "--felt", "elbows"], 2);
    assert!(
        err.contains("\"elbows\"") && err.contains("glutes, hamstrings"),
        "{err}"
    );
    let err = env.fails(&["go", "--auto", "--pace=-1"], 2);
    assert!(err.contains("is not a pace"), "{err}");
    assert_eq!(env.ok(&["export"]), export);
}

#[test]
fn a_file_that_is_not_a_database_is_left_untouched() {
    let env = Env::new();
    let notes = env.path("notes.txt");
    std::fs::write(&notes, "my running notes, not a database\n".repeat(200)).unwrap();
    let before = bytes(&notes);
    let output = env
        .command(&["today"])
        .arg("--db")
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("notes.txt") && err.contains("not a runstrong database"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert_eq!(bytes(&notes), before);
}

#[test]
fn a_database_from_a_newer_runstrong_is_refused_unchanged() {
    let (env, export) = seeded();
    // Record a migration this build does not know, as a newer version would.
    let db = env.db.to_str().unwrap().to_string();
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"insert into _sqlx_migrations(version, description, installed_on, success, checksum, execution_time) values (9999, 'future', '2030-01-01', 1, x'00', 0)\"); c.commit()",
            &db,
        ])
        .status();
    let Ok(status) = status else {
        eprintln!("skipped: python3 is not installed, cannot fake a newer database");
        return;
    };
    assert!(status.success());
    let before = bytes(&env.db);
    let err = env.fails(&["today"], 1);
    assert!(err.contains("newer runstrong"), "{err}");
    assert_eq!(bytes(&env.db), before);
    let _ = export;
}

#[test]
fn an_unreachable_postgres_url_fails_quickly_with_a_clear_sentence() {
    let env = Env::new();
    let started = std::time::Instant::now();
    let output = env
        .command(&["today"])
        .arg("--db")
        .arg("postgres://runner:secret@127.0.0.1:1/runstrong")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("cannot open the database postgres://runner:***@127.0.0.1:1/runstrong"),
        "{err}"
    );
    assert!(
        !err.contains("secret"),
        "the password must not be printed: {err}"
    );
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn an_unsupported_url_and_bad_flags_are_usage_errors() {
    let env = Env::new();
    let output = env
        .command(&["today"])
        .arg("--db")
        .arg("mysql://x@y/z")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unsupported database"));
    let err = env.fails(
        &["history", "--from", "2026-11-10", "--to", "2026-11-01"],
        2,
    );
    assert!(err.contains("is after"), "{err}");
    env.fails(&["no-such-command"], 2);
}

#[test]
fn a_read_command_never_creates_a_database_at_a_mistyped_path() {
    let (env, export) = seeded();
    let typo = env.path("nested/runstrnog.db");
    let typo_arg = typo.to_str().unwrap();
    for read in [
        &["today"][..],
        &["history"],
        &["stats"],
        &["export"],
        &["runs"],
    ] {
        let mut args = vec!["--db", typo_arg];
        args.extend_from_slice(read);
        let err = env.fails(&args, 1);
        assert!(
            err.contains("there is no runstrong database at"),
            "{read:?}: {err}"
        );
    }
    assert!(!env.path("nested").exists(), "no folder was created");
    // Commands that record something create it.
    env.ok(&["--db", typo_arg, "log", "bridge", "1x10"]);
    assert!(typo.is_file());
    assert_eq!(
        env.ok(&["export"]),
        export,
        "the default database is untouched"
    );
}

#[test]
fn a_camera_package_that_is_not_the_pinned_one_is_refused_and_nothing_is_installed() {
    let env = Env::new();
    let run = |args: &[&str]| {
        env.command(args)
            .env("RUNSTRONG_MEDIAPIPE_DIR", "")
            .env("RUNSTRONG_MEDIAPIPE_SOURCE", "off")
            .output()
            .expect("run runstrong")
    };
    // Not set up: `runstrong camera` says how, with a failing exit code.
    let status = run(&["camera"]);
    assert_eq!(status.status.code(), Some(1));
    let err = String::from_utf8_lossy(&status.stderr);
    assert!(err.contains("runstrong camera install"), "{err}");
    let json = run(&["--json", "camera"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["installed"], false);

    let fake = env.path("pose-0.5.1675469404.tgz");
    std::fs::write(&fake, b"not the package").unwrap();
    let out = run(&["camera", "install", "--from", fake.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sha512") && err.contains("nothing was installed"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let pose = env.path("data/runstrong/mediapipe/pose");
    assert!(
        !pose.exists() || std::fs::read_dir(&pose).unwrap().next().is_none(),
        "nothing left in {}",
        pose.display()
    );
    let missing = run(&["camera", "install", "--from", "no-such.tgz"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such.tgz"));
}
