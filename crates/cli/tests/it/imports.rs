//! Recordings and activity files through the binary: `analyze` on recorded
//! pose and motion streams, and `runs import` on files of our own making.

use crate::harness::Env;

#[test]
fn analyze_counts_the_reps_of_synthetic_landmark_and_motion_recordings() {
    let env = Env::new();
    for seed in [11_u64, 12, 13] {
        let plan = sense::synth::Plan::random(seed, sense::synth::SetKind::NoHold);
        let (frames, size, truth) = sense::synth::pose_session(&plan);
        let file = env.path(&format!("set-{seed}.jsonl"));
        std::fs::write(&file, sense::synth::to_jsonl(&frames, size)).unwrap();
        let report = env.json(&["analyze", file.to_str().unwrap()]);
        assert_eq!(
            report["reps"].as_u64(),
            Some(truth.full_reps() as u64),
            "seed {seed}: {report:#}"
        );
        assert_eq!(report["exercise"], "active-shoulder-bridge");
        assert!(
            report["rep_details"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["lift_s"].as_f64().is_some())
        );
        let text = env.ok(&["analyze", file.to_str().unwrap()]);
        assert!(
            text.contains(&format!("{} reps", truth.full_reps())),
            "{text}"
        );

        let (samples, truth) = sense::synth::motion_session(&plan);
        let file = env.path(&format!("set-{seed}.csv"));
        std::fs::write(&file, sense::synth::to_csv(&samples)).unwrap();
        let report = env.json(&["analyze", "--exercise", "bridge", file.to_str().unwrap()]);
        assert_eq!(
            report["reps"].as_u64(),
            Some(truth.full_reps() as u64),
            "seed {seed} motion"
        );
        assert_eq!(report["input"], "motion");
    }
}

#[test]
fn analyze_refuses_what_is_not_a_recording_with_the_line() {
    let env = Env::new();
    let empty = env.path("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let err = env.fails(&["analyze", empty.to_str().unwrap()], 1);
    assert!(
        err.contains("empty.jsonl: line 1") && err.contains("empty"),
        "{err}"
    );
    let png = env.path("photo.csv");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let err = env.fails(&["analyze", png.to_str().unwrap()], 1);
    assert!(err.contains("photo.csv: the input is binary data"), "{err}");
    let err = env.fails(
        &["analyze", "--exercise", "hip-thrust", png.to_str().unwrap()],
        2,
    );
    assert!(
        err.contains("cannot be counted from a recording yet"),
        "{err}"
    );
}

/// A 2 km run in GPX with heart rate, starting at `start`.
fn gpx_run(start: &str) -> String {
    gpx_run_km(start, 2)
}

/// A run of `km` kilometres (one point every 10 m, 3 s apart) starting at 07:00 UTC.
fn gpx_run_km(start: &str, km: u32) -> String {
    let mut points = String::new();
    for i in 0..=(km * 100) {
        let lat = 47.0 + f64::from(i) * 0.00009; // ≈10 m per point
        let seconds = i * 3;
        points.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"8.0\"><ele>400</ele><time>{start}T{:02}:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            7 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"runstrong-test\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
}

#[test]
fn runs_import_reads_a_folder_salvages_or_names_bad_files_and_skips_duplicates() {
    let mut env = Env::new();
    let folder = env.path("watch");
    std::fs::create_dir_all(folder.join("nested")).unwrap();
    std::fs::write(folder.join("monday.gpx"), gpx_run("2026-11-23")).unwrap();
    std::fs::write(
        folder.join("nested/photo.fit"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(folder.join("empty.fit"), b"").unwrap();
    std::fs::write(folder.join("notes.txt"), b"not an activity").unwrap();

    // Two of three activity files refused: a partial import, exit code 3.
    let report = env.json_exit(&["runs", "import", folder.to_str().unwrap()], 3);
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1, "{report:#}");
    let run = &imported[0];
    assert_eq!(run["sport"], "running");
    assert!(run["file"].as_str().unwrap().ends_with("monday.gpx"));
    assert!(
        (run["distance_m"].as_f64().unwrap() - 2000.0).abs() < 60.0,
        "{run:#}"
    );
    assert_eq!(run["duration_s"], 600.0);
    assert_eq!(run["avg_hr"], 150.0);
    assert_eq!(
        run["avg_cadence_spm"], 170.0,
        "GPX cadence in strides is doubled to steps"
    );
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2, "{report:#}");
    assert!(failed.iter().all(|f| {
        f["error"]
            .as_str()
            .unwrap()
            .contains(f["file"].as_str().unwrap())
    }));
    assert_eq!(report["ignored_files"], 1);

    // The same run again, from another copy, is a duplicate.
    let copy = env.path("strava-copy.gpx");
    std::fs::write(&copy, gpx_run("2026-11-23")).unwrap();
    let again = env.json(&["runs", "import", "--jobs", "1", copy.to_str().unwrap()]);
    assert_eq!(
        (
            again["imported"].as_array().unwrap().len(),
            again["duplicates"].as_array().unwrap().len()
        ),
        (0, 1)
    );

    // The week lists the run beside the glute work.
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-24"]);
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-25"]);
    let weeks = env.json(&["runs", "--weeks", "2"]);
    let this_week = &weeks["weeks"][1];
    assert_eq!(this_week["week_start"], "2026-11-23");
    assert_eq!(
        (
            this_week["runs"].as_u64(),
            this_week["strength_sessions"].as_u64()
        ),
        (Some(1), Some(2))
    );

    // Activities travel in the backup and round-trip exactly.
    let export = env.ok(&["export"]);
    assert!(export.contains("monday.gpx"));
    let file = env.path("backup.json");
    std::fs::write(&file, &export).unwrap();
    env.today = "2026-11-26".into();
    let fresh = Env::new();
    let counts = fresh.json(&["import", file.to_str().unwrap()]);
    assert_eq!(counts["activities_added"], 1);
    assert_eq!(fresh.ok(&["export"]), export);
    let missing = env.fails(&["runs", "import", "no/such/folder"], 2);
    assert!(missing.contains("no/such/folder"), "{missing}");
}

#[test]
fn today_places_the_glute_work_around_the_runs() {
    let mut env = Env::new();
    let folder = env.path("runs");
    std::fs::create_dir_all(&folder).unwrap();
    // Three Sundays of 12 km long runs, easy 4 km runs on Tuesdays and Thursdays.
    for (sunday, tuesday, thursday) in [
        ("2026-11-08", "2026-11-03", "2026-11-05"),
        ("2026-11-15", "2026-11-10", "2026-11-12"),
        ("2026-11-22", "2026-11-17", "2026-11-19"),
    ] {
        std::fs::write(folder.join(format!("{sunday}.gpx")), gpx_run_km(sunday, 12)).unwrap();
        std::fs::write(
            folder.join(format!("{tuesday}.gpx")),
            gpx_run_km(tuesday, 4),
        )
        .unwrap();
        std::fs::write(
            folder.join(format!("{thursday}.gpx")),
            gpx_run_km(thursday, 4),
        )
        .unwrap();
    }
    env.today = "2026-11-23".into();
    let report = env.json(&["runs", "import", folder.to_str().unwrap()]);
    assert_eq!(
        report["imported"].as_array().unwrap().len(),
        9,
        "{report:#}"
    );

    // Monday after the long run, no strength work for two weeks.
    let plan = env.json(&["today"]);
    let kinds: Vec<&str> = plan["running"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"after-hard-run") && kinds.contains(&"nudge"),
        "{plan:#}"
    );
    assert_eq!(
        plan["items"][0]["exercise"], "active-shoulder-bridge",
        "the plan itself is still there"
    );

    // On Sunday, the usual long-run day, a primer; with a race close, lighten.
    env.today = "2026-11-29".into();
    let plan = env.json(&["today"]);
    assert!(
        plan["running"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "primer"),
        "{plan:#}"
    );
    env.ok(&["runs", "race", "2026-12-03"]);
    let plan = env.json(&["today"]);
    assert_eq!(plan["running"][0]["kind"], "race-week");
    let text = env.ok(&["today"]);
    assert!(text.contains("Your race is in 4 days"), "{text}");
    let err = env.fails(&["runs", "race", "2026-11-01"], 2);
    assert!(err.contains("in the past"), "{err}");
    env.ok(&["runs", "race", "--clear"]);
    assert!(
        env.json(&["today"])["running"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] != "race-week")
    );
}
