//! The bad-input suite, one table through the real binary: command-line
//! values, backups, answers files, landmark and motion recordings, watch
//! files, Hevy/Strong exports and database files. Every row asserts the exit
//! code, one line on standard error that says what was wrong (and names the
//! input), no panic, and the runner's stored data unchanged (the export
//! before and after is the same).

use std::path::Path;

use crate::harness::{Env, TODAY};

/// One kind of bad input.
struct Case {
    /// What is bad, for the failure message.
    kind: &'static str,
    /// Files the case needs in the test's folder, made before it runs.
    setup: fn(&Path),
    /// The arguments; `{dir}` stands for the test's folder.
    args: &'static [&'static str],
    /// The exit code.
    code: i32,
    /// Words the one-line message must hold (`{dir}` as above).
    says: &'static [&'static str],
}

fn none(_: &Path) {}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A valid backup holding one session, with `edit` applied to the session.
fn backup_with(dir: &Path, name: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut session = serde_json::json!({
        "date": "2026-11-20",
        "source": "log",
        "started_at_ms": 1_795_000_000_000_i64,
        "finished_at_ms": null,
        "stage": null,
        "note": "fine",
        "sets": [{
            "exercise": "active-shoulder-bridge",
            "position": 1,
            "reps": 10,
            "target_reps": 10,
            "side": null,
            "hold_s": 1.0,
            "tension_s": 60.0,
            "completed_at_ms": 1_795_000_060_000_i64
        }]
    });
    edit(&mut session);
    let backup = serde_json::json!({
        "format": "runstrong-export",
        "version": 1,
        "sessions": [session],
        "assessments": [],
    });
    write(dir, name, serde_json::to_vec_pretty(&backup).unwrap());
}

fn fifo(dir: &Path, name: &str) {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo {}", path.display());
}

fn gpx(dir: &Path, name: &str, body: &str) {
    write(
        dir,
        name,
        format!("<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"t\">{body}"),
    );
}

const LANDMARK_META: &str =
    "{\"meta\":{\"source\":\"runstrong-synth\",\"width\":960.0,\"height\":540.0}}\n";

fn landmark_line(t: f64) -> String {
    let points: Vec<String> = (0..33)
        .map(|i| {
            format!(
                "{{\"x\":0.{:02},\"y\":0.5,\"z\":0.0,\"visibility\":0.9}}",
                10 + i
            )
        })
        .collect();
    format!("{{\"t\":{t},\"landmarks\":[{}]}}\n", points.join(","))
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    // --- the command line (usage errors, exit 2) ---
    Case { kind: "malformed dose", setup: none, args: &["log", "bridge", "3xabc"], code: 2, says: &["\"3xabc\" is not a dose"] },
    Case { kind: "zero sets", setup: none, args: &["log", "bridge", "0x10"], code: 2, says: &["\"0x10\""] },
    Case { kind: "a thousand reps", setup: none, args: &["log", "bridge", "3x100000"], code: 2, says: &["3x100000"] },
    Case { kind: "unknown exercise", setup: none, args: &["log", "brige", "3x10"], code: 2, says: &["unknown exercise \"brige\""] },
    Case { kind: "date in the future", setup: none, args: &["log", "bridge", "2x10", "--date", "2026-11-27"], code: 2, says: &["2026-11-27 is in the future"] },
    Case { kind: "date with a time", setup: none, args: &["log", "bridge", "2x10", "--date", "2026-01-01T10:00:00"], code: 2, says: &["\"2026-01-01T10:00:00\"", "YYYY-MM-DD (a day only, without a time)"] },
    Case { kind: "date in another order", setup: none, args: &["log", "bridge", "2x10", "--date", "26/11/2026"], code: 2, says: &["\"26/11/2026\" is not a date"] },
    Case { kind: "day not in the calendar", setup: none, args: &["log", "bridge", "2x10", "--date", "2026-02-30"], code: 2, says: &["\"2026-02-30\" is not a date in the calendar"] },
    Case { kind: "year 9999", setup: none, args: &["log", "bridge", "2x10", "--date", "9999-01-01"], code: 2, says: &["9999-01-01 is in the future"] },
    Case { kind: "rpe above 10", setup: none, args: &["log", "bridge", "2x10", "--rpe", "11"], code: 2, says: &["--rpe", "1..=10"] },
    Case { kind: "negative rpe", setup: none, args: &["log", "bridge", "2x10", "--rpe=-1"], code: 2, says: &["--rpe"] },
    Case { kind: "unknown felt", setup: none, args: &["log", "bridge", "2x10", "--felt", "elbows"], code: 2, says: &["\"elbows\"", "glutes"] },
    Case { kind: "escape sequence in a note", setup: none, args: &["log", "bridge", "2x10", "--note", "ok\u{1b}[2J"], code: 2, says: &["control character U+001B"] },
    Case { kind: "bell in a note", setup: none, args: &["log", "bridge", "2x10", "--note", "ding\u{7}"], code: 2, says: &["control character U+0007"] },
    Case { kind: "pain above 10", setup: none, args: &["go", "--auto", "--pain", "12"], code: 2, says: &["--pain"] },
    Case { kind: "negative pace", setup: none, args: &["go", "--auto", "--pace=-1"], code: 2, says: &["is not a pace"] },
    Case { kind: "history limit 0", setup: none, args: &["history", "--limit", "0"], code: 2, says: &["0 would show nothing"] },
    Case { kind: "history limit text", setup: none, args: &["history", "--limit", "ten"], code: 2, says: &["\"ten\" is not a number of sessions"] },
    Case { kind: "history from a non-date", setup: none, args: &["history", "--from", "yesterday"], code: 2, says: &["\"yesterday\" is not a date"] },
    Case { kind: "race day in the past", setup: none, args: &["runs", "race", "2026-11-01"], code: 2, says: &["2026-11-01"] },
    Case { kind: "race day not a date", setup: none, args: &["runs", "race", "soon"], code: 2, says: &["\"soon\" is not a date"] },
    Case { kind: "weeks out of range", setup: none, args: &["runs", "--weeks", "0"], code: 2, says: &["--weeks"] },
    Case { kind: "unknown time zone", setup: none, args: &["--time-zone", "Mars/Olympus", "today"], code: 2, says: &["Mars/Olympus"] },
    Case { kind: "unknown command", setup: none, args: &["frobnicate"], code: 2, says: &["frobnicate"] },
    Case { kind: "analyze an exercise it cannot count", setup: |d| write(d, "rec.jsonl", LANDMARK_META), args: &["analyze", "{dir}/rec.jsonl", "--exercise", "clamshell"], code: 2, says: &["cannot be counted from a recording"] },
    Case { kind: "unknown import source", setup: |d| write(d, "w.csv", "a,b\n"), args: &["import", "--from", "garmin", "{dir}/w.csv"], code: 2, says: &["garmin"] },

    // --- backups (`import FILE`: the file is at fault, exit 1) ---
    Case { kind: "backup: missing file", setup: none, args: &["import", "{dir}/nope.json"], code: 1, says: &["{dir}/nope.json"] },
    Case { kind: "backup: a folder", setup: |d| std::fs::create_dir(d.join("folder.json")).unwrap(), args: &["import", "{dir}/folder.json"], code: 1, says: &["{dir}/folder.json is a folder"] },
    Case { kind: "backup: a FIFO", setup: |d| fifo(d, "pipe.json"), args: &["import", "{dir}/pipe.json"], code: 1, says: &["{dir}/pipe.json is not a regular file"] },
    Case { kind: "backup: a device", setup: none, args: &["import", "/dev/zero"], code: 1, says: &["/dev/zero is not a regular file"] },
    Case { kind: "watch files: a device", setup: none, args: &["runs", "import", "/dev/zero"], code: 1, says: &["/dev/zero is not a regular file or a folder"] },
    Case { kind: "watch files: a FIFO", setup: |d| fifo(d, "run.fit"), args: &["runs", "import", "{dir}/run.fit"], code: 1, says: &["{dir}/run.fit is not a regular file or a folder"] },
    Case { kind: "backup: empty", setup: |d| write(d, "empty.json", ""), args: &["import", "{dir}/empty.json"], code: 1, says: &["{dir}/empty.json"] },
    Case { kind: "backup: not UTF-8", setup: |d| write(d, "latin.json", b"{\"note\": \"caf\xe9\"}"), args: &["import", "{dir}/latin.json"], code: 1, says: &["{dir}/latin.json is not text (UTF-8) at byte 13"] },
    Case { kind: "backup: truncated JSON", setup: |d| write(d, "cut.json", "{\"format\": \"runstrong-export\", \"version\": 1, \"sessions\": [{\"date\":"), args: &["import", "{dir}/cut.json"], code: 1, says: &["{dir}/cut.json", "line 1"] },
    Case { kind: "backup: a JSON array", setup: |d| write(d, "array.json", "[1, 2]"), args: &["import", "{dir}/array.json"], code: 1, says: &["{dir}/array.json"] },
    Case { kind: "backup: another program's JSON", setup: |d| write(d, "other.json", "{\"workouts\": []}"), args: &["import", "{dir}/other.json"], code: 1, says: &["{dir}/other.json"] },
    Case { kind: "backup: a newer version", setup: |d| write(d, "newer.json", "{\"format\": \"runstrong-export\", \"version\": 99, \"sessions\": []}"), args: &["import", "{dir}/newer.json"], code: 1, says: &["{dir}/newer.json", "99"] },
    Case { kind: "backup: duplicate positions", setup: |d| backup_with(d, "dup.json", |s| { let set = s["sets"][0].clone(); s["sets"].as_array_mut().unwrap().push(set); }), args: &["import", "{dir}/dup.json"], code: 1, says: &["{dir}/dup.json", "position 1", "nothing was imported"] },
    Case { kind: "backup: unknown exercise", setup: |d| backup_with(d, "unknown.json", |s| s["sets"][0]["exercise"] = "moonwalk".into()), args: &["import", "{dir}/unknown.json"], code: 1, says: &["{dir}/unknown.json", "moonwalk", "nothing was imported"] },
    Case { kind: "backup: year 9999", setup: |d| backup_with(d, "y9999.json", |s| s["date"] = "9999-01-01".into()), args: &["import", "{dir}/y9999.json"], code: 1, says: &["{dir}/y9999.json", "9999-01-01", "nothing was imported"] },
    Case { kind: "backup: a date with a time", setup: |d| backup_with(d, "time.json", |s| s["date"] = "2026-11-20T10:00:00".into()), args: &["import", "{dir}/time.json"], code: 1, says: &["{dir}/time.json"] },
    Case { kind: "backup: negative hold", setup: |d| backup_with(d, "hold.json", |s| s["sets"][0]["hold_s"] = (-5.0).into()), args: &["import", "{dir}/hold.json"], code: 1, says: &["{dir}/hold.json", "hold", "nothing was imported"] },
    Case { kind: "backup: 1e308 tension", setup: |d| backup_with(d, "tension.json", |s| s["sets"][0]["tension_s"] = 1e308.into()), args: &["import", "{dir}/tension.json"], code: 1, says: &["{dir}/tension.json", "nothing was imported"] },
    Case { kind: "backup: negative reps", setup: |d| backup_with(d, "reps.json", |s| s["sets"][0]["reps"] = (-1).into()), args: &["import", "{dir}/reps.json"], code: 1, says: &["{dir}/reps.json"] },
    Case { kind: "backup: rpe 11", setup: |d| backup_with(d, "rpe.json", |s| s["rpe"] = 11.into()), args: &["import", "{dir}/rpe.json"], code: 1, says: &["{dir}/rpe.json", "nothing was imported"] },
    Case { kind: "backup: escape sequence in a note", setup: |d| backup_with(d, "esc.json", |s| s["note"] = "a\u{1b}]0;pwned\u{7}".into()), args: &["import", "{dir}/esc.json"], code: 1, says: &["{dir}/esc.json", "control character U+001B"] },
    Case { kind: "backup: a 100 MB note", setup: |d| backup_with(d, "huge-note.json", |s| s["note"] = "x".repeat(100 << 20).into()), args: &["import", "{dir}/huge-note.json"], code: 1, says: &["{dir}/huge-note.json", "characters long"] },
    Case { kind: "backup: a start in the future", setup: |d| backup_with(d, "later.json", |s| s["started_at_ms"] = 4_000_000_000_000_i64.into()), args: &["import", "{dir}/later.json"], code: 1, says: &["{dir}/later.json", "nothing was imported"] },

    // --- answers files (`check --answers FILE`, exit 1) ---
    Case { kind: "answers: missing file", setup: none, args: &["check", "--answers", "{dir}/none.toml"], code: 1, says: &["{dir}/none.toml"] },
    Case { kind: "answers: not TOML", setup: |d| write(d, "a.toml", "questionnaire = [[["), args: &["check", "--answers", "{dir}/a.toml"], code: 1, says: &["{dir}/a.toml is not a valid answers file"] },
    Case { kind: "answers: broken JSON", setup: |d| write(d, "a.json", "{\"questionnaire\": "), args: &["check", "--answers", "{dir}/a.json"], code: 1, says: &["{dir}/a.json is not a valid answers file"] },
    Case { kind: "answers: larger than 1 MB", setup: |d| write(d, "big.json", vec![b' '; 2 << 20]), args: &["check", "--answers", "{dir}/big.json"], code: 1, says: &["{dir}/big.json is larger than the 1 MB"] },
    Case { kind: "answers: pain 12", setup: |d| write(d, "pain.json", r#"{"pain_now":12,"questionnaire":{"sitting_hours_per_day":7.5,"runs_per_week":3,"cross_training":true,"can_feel_glutes":"yes"}}"#), args: &["check", "--answers", "{dir}/pain.json"], code: 1, says: &["pain"] },
    Case { kind: "answers: 30 hours of sitting", setup: |d| write(d, "sit.json", r#"{"questionnaire":{"sitting_hours_per_day":30,"runs_per_week":3,"cross_training":true,"can_feel_glutes":"yes"}}"#), args: &["check", "--answers", "{dir}/sit.json"], code: 1, says: &["sitting"] },

    // --- landmark and motion recordings (`analyze FILE`, exit 1) ---
    Case { kind: "recording: empty", setup: |d| write(d, "empty.jsonl", ""), args: &["analyze", "{dir}/empty.jsonl"], code: 1, says: &["{dir}/empty.jsonl", "empty"] },
    Case { kind: "recording: an image", setup: |d| write(d, "photo.jsonl", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), args: &["analyze", "{dir}/photo.jsonl"], code: 1, says: &["{dir}/photo.jsonl"] },
    Case { kind: "recording: a folder", setup: |d| std::fs::create_dir(d.join("rec")).unwrap(), args: &["analyze", "{dir}/rec"], code: 1, says: &["{dir}/rec is a folder"] },
    Case { kind: "recording: a FIFO", setup: |d| fifo(d, "live.jsonl"), args: &["analyze", "{dir}/live.jsonl"], code: 1, says: &["{dir}/live.jsonl is not a regular file"] },
    Case { kind: "recording: damaged gzip", setup: |d| write(d, "rec.jsonl.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage"), args: &["analyze", "{dir}/rec.jsonl.gz"], code: 1, says: &["{dir}/rec.jsonl.gz", "gzip"] },
    Case { kind: "landmarks: meta line only", setup: |d| write(d, "meta.jsonl", LANDMARK_META), args: &["analyze", "{dir}/meta.jsonl"], code: 1, says: &["{dir}/meta.jsonl", "nothing to analyse"] },
    Case { kind: "landmarks: a single frame", setup: |d| write(d, "one.jsonl", format!("{LANDMARK_META}{}", landmark_line(0.0))), args: &["analyze", "{dir}/one.jsonl"], code: 1, says: &["{dir}/one.jsonl", "nothing to analyse"] },
    Case { kind: "landmarks: time running backwards", setup: |d| write(d, "back.jsonl", format!("{LANDMARK_META}{}", (0..40).map(|i| landmark_line(100.0 - f64::from(i))).collect::<String>())), args: &["analyze", "{dir}/back.jsonl"], code: 1, says: &["{dir}/back.jsonl", "nothing to analyse"] },
    Case { kind: "landmarks: frames without landmarks", setup: |d| write(d, "bare.jsonl", (0..40).map(|i| format!("{{\"t\":{i},\"landmarks\":[]}}\n")).collect::<String>()), args: &["analyze", "{dir}/bare.jsonl"], code: 1, says: &["{dir}/bare.jsonl", "nothing to analyse"] },
    Case { kind: "motion: header only", setup: |d| write(d, "head.csv", "t,ax,ay,az,gx,gy,gz\n"), args: &["analyze", "{dir}/head.csv"], code: 1, says: &["{dir}/head.csv", "nothing to analyse"] },
    Case { kind: "motion: time running backwards", setup: |d| write(d, "back.csv", format!("t,ax,ay,az,gx,gy,gz\n{}", (0..200).map(|i| format!("{},0,-9.8,0,0,0,0\n", 100.0 - f64::from(i) * 0.02)).collect::<String>())), args: &["analyze", "{dir}/back.csv"], code: 1, says: &["{dir}/back.csv", "nothing to analyse"] },
    Case { kind: "motion: text where numbers go", setup: |d| write(d, "words.csv", "t,ax,ay,az,gx,gy,gz\none,two,three,four,five,six,seven\n"), args: &["analyze", "{dir}/words.csv"], code: 1, says: &["{dir}/words.csv", "nothing to analyse"] },

    // --- watch files (`runs import`: every file refused is exit 1) ---
    Case { kind: "watch: empty FIT", setup: |d| write(d, "empty.fit", ""), args: &["runs", "import", "{dir}/empty.fit"], code: 1, says: &["nothing was imported", "1 file could not be read"] },
    Case { kind: "watch: an image named .fit", setup: |d| write(d, "photo.fit", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), args: &["runs", "import", "{dir}/photo.fit"], code: 1, says: &["nothing was imported"] },
    Case { kind: "watch: truncated GPX", setup: |d| gpx(d, "cut.gpx", "<trk><trkseg><trkpt lat=\"52.0\" lon=\"4.0\"><time>2026-11-2"), args: &["runs", "import", "{dir}/cut.gpx"], code: 1, says: &["nothing was imported"] },
    Case { kind: "watch: GPX without points", setup: |d| gpx(d, "bare.gpx", "<trk><name>x</name></trk></gpx>"), args: &["runs", "import", "{dir}/bare.gpx"], code: 1, says: &["nothing was imported"] },
    Case { kind: "watch: damaged gzip", setup: |d| write(d, "run.gpx.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage"), args: &["runs", "import", "{dir}/run.gpx.gz"], code: 1, says: &["nothing was imported"] },
    Case { kind: "watch: damaged zip", setup: |d| write(d, "export.zip", b"PK\x03\x04 this is not really a zip"), args: &["runs", "import", "{dir}/export.zip"], code: 1, says: &["nothing was imported"] },
    Case { kind: "watch: a folder with no activity files", setup: |d| { std::fs::create_dir(d.join("photos")).unwrap(); write(d, "photos/a.jpg", "x"); }, args: &["runs", "import", "{dir}/photos"], code: 1, says: &["found no activity files"] },
    Case { kind: "watch: a missing path", setup: none, args: &["runs", "import", "{dir}/no/such/folder"], code: 2, says: &["{dir}/no/such/folder"] },
    Case { kind: "watch: a Strava CSV that is not one", setup: |d| { std::fs::create_dir(d.join("strava")).unwrap(); write(d, "strava/activities.csv", "\u{0}\u{1}binary"); }, args: &["runs", "import", "{dir}/strava"], code: 1, says: &["{dir}/strava/activities.csv"] },

    // --- Hevy and Strong exports (`import --from`, all or nothing: exit 1) ---
    Case { kind: "hevy: not CSV", setup: |d| write(d, "hevy.csv", "{\"json\": true}"), args: &["import", "--from", "hevy", "{dir}/hevy.csv"], code: 1, says: &["{dir}/hevy.csv"] },
    Case { kind: "strong: empty", setup: |d| write(d, "strong.csv", ""), args: &["import", "--from", "strong", "{dir}/strong.csv"], code: 1, says: &["{dir}/strong.csv"] },
    Case { kind: "hevy: a folder", setup: |d| std::fs::create_dir(d.join("hevy")).unwrap(), args: &["import", "--from", "hevy", "{dir}/hevy"], code: 1, says: &["{dir}/hevy is a folder"] },

    // --- database files (`--db`, exit 1, never changed) ---
    Case { kind: "database: a FIFO", setup: |d| fifo(d, "db.fifo"), args: &["--db", "{dir}/db.fifo", "history"], code: 1, says: &["{dir}/db.fifo"] },
    Case { kind: "database: a folder", setup: |d| std::fs::create_dir(d.join("db-folder")).unwrap(), args: &["--db", "{dir}/db-folder", "history"], code: 1, says: &["{dir}/db-folder"] },
    Case { kind: "database: not SQLite", setup: |d| write(d, "notes.db", "my running notes\n".repeat(300)), args: &["--db", "{dir}/notes.db", "log", "bridge", "2x10"], code: 1, says: &["{dir}/notes.db", "left untouched"] },
    Case { kind: "database: empty file, read", setup: |d| write(d, "empty.db", ""), args: &["--db", "{dir}/empty.db", "history"], code: 1, says: &["{dir}/empty.db"] },
    Case { kind: "database: missing, read", setup: none, args: &["--db", "{dir}/missing.db", "history"], code: 1, says: &["{dir}/missing.db"] },
    Case { kind: "database: sqlite:// with no path", setup: none, args: &["--db", "sqlite://", "history"], code: 1, says: &["sqlite://"] },
    Case { kind: "database: an unknown scheme", setup: none, args: &["--db", "mysql://localhost/x", "history"], code: 1, says: &["mysql://"] },
    Case { kind: "database: unreachable server", setup: none, args: &["--db", "postgres://nobody@127.0.0.1:9/x?connect_timeout=2", "history"], code: 1, says: &["127.0.0.1:9"] },
];

/// `{dir}` replaced by the test's folder.
fn fill(text: &str, dir: &Path) -> String {
    text.replace("{dir}", dir.to_str().unwrap())
}

#[test]
fn every_kind_of_bad_input_is_one_sentence_a_truthful_code_and_no_change() {
    let env = Env::new();
    env.ok(&[
        "log",
        "bridge",
        "2x10",
        "--rpe",
        "4",
        "--date",
        "2026-11-25",
        "--note",
        "first",
    ]);
    let mut before = env.ok(&["export"]);
    let dir = env.dir.path().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let case_dir = dir.join(case.kind.replace([' ', ':', '/'], "-"));
        std::fs::create_dir(&case_dir).unwrap();
        (case.setup)(&case_dir);
        let args: Vec<String> = case.args.iter().map(|a| fill(a, &case_dir)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = env.run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut wrong = Vec::new();
        if output.status.code() != Some(case.code) {
            wrong.push(format!(
                "exit {:?}, expected {}",
                output.status.code(),
                case.code
            ));
        }
        if stderr.contains("panicked") {
            wrong.push("a panic".to_string());
        }
        let first = stderr.lines().next().unwrap_or_default();
        if !first.starts_with("error: ") {
            wrong.push("no `error:` line".to_string());
        }
        // One line; clap adds its hints (`For more information, try
        // '--help'.`, the possible values) after a usage error's sentence.
        let extra = stderr.lines().skip(1).filter(|line| {
            let line = line.trim();
            !(line.is_empty()
                || case.code == 2
                    && (line.starts_with("For more information")
                        || line.starts_with("[possible values")
                        || line.starts_with("Usage:")
                        || line.starts_with("tip:")))
        });
        if extra.count() > 0 {
            wrong.push("more than one line".to_string());
        }
        for words in case.says {
            if !stderr.contains(&fill(words, &case_dir)) {
                wrong.push(format!("does not say {:?}", fill(words, &case_dir)));
            }
        }
        let after = env.ok(&["export"]);
        if after != before {
            wrong.push("the stored data changed".to_string());
            before = after;
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n    stderr: {stderr}",
                case.kind,
                wrong.join(", ")
            ));
        }
    }
    assert!(CASES.len() >= 60, "{} kinds", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} kinds:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn a_damaged_row_is_named_by_history_and_export_never_skipped() {
    let env = Env::new();
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-24"]);
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-25"]);
    env.ok(&["log", "bridge", "2x10", "--date", TODAY]);
    let ids = crate::harness::sql_rows(
        &env.db,
        "SELECT CAST(id AS TEXT) FROM sessions WHERE date = '2026-11-25'",
    );
    let id = &ids[0];
    crate::harness::sql_rows(
        &env.db,
        "UPDATE sessions SET date = 'someday' WHERE date = '2026-11-25'",
    );
    let out = env.path("backup.json");
    for args in [
        vec!["history"],
        vec!["export"],
        vec!["export", "--output", out.to_str().unwrap()],
    ] {
        let err = env.fails(&args, 1);
        assert!(
            err.contains(&format!("session {id} has the date \"someday\"")),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(!out.exists(), "no export of two sessions out of three");
}

#[test]
fn stored_text_cannot_drive_the_terminal() {
    let env = Env::new();
    // Written by another program: the checks on input would refuse it.
    env.ok(&["log", "bridge", "2x10", "--note", "fine"]);
    crate::harness::sql_rows(
        &env.db,
        "UPDATE sessions SET note = 'bad' || char(27) || '[2J' || char(27) || ']0;title' || char(7) || char(10) || 'next'",
    );
    let text = env.ok(&["history"]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(
        text.contains("bad\\u{1b}[2J\\u{1b}]0;title\\u{7}"),
        "{text}"
    );
    assert!(text.contains("\nnext"), "line breaks are kept: {text}");
}
