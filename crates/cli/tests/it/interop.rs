//! Interop through the real binary: the calendar feed (read back by Python's
//! `icalendar`, and served at /calendar.ics), FIT export (read back by the
//! `fitparser` crate and Python's `fitdecode` with CRC checks), imports of
//! Hevy and Strong exports, shell completions, the man page, the config
//! file, `--version` and `help`.
//!
//! The Python checks use the coach crate's scripts and skip, printing why,
//! when `python3` or a package is missing (`pip install -r
//! crates/coach/tests/python/requirements.txt`; `RUNSTRONG_PYTHON` names
//! another interpreter).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::Env;

fn coach_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../coach/tests")
}

fn sample(name: &str) -> String {
    coach_tests()
        .join("data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs a coach check script on `file`: `None` (the reason printed) when
/// Python or its package is missing, else the script's JSON; panics when the
/// decoder rejects the file.
fn python_check(script: &str, file: &Path) -> Option<Value> {
    let python = std::env::var("RUNSTRONG_PYTHON").unwrap_or_else(|_| "python3".into());
    let path = coach_tests().join("python").join(script);
    let output = match Command::new(&python).arg(&path).arg(file).output() {
        Ok(output) => output,
        Err(e) => {
            println!("skipped: {script} needs {python}, which cannot be run ({e})");
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => Some(serde_json::from_slice(&output.stdout).expect("the script's JSON")),
        Some(3) => {
            println!("skipped: {script}: {}", stderr.trim());
            None
        }
        _ => panic!("{script} rejected {}: {stderr}", file.display()),
    }
}

/// Starts `runstrong serve` on a free port, GETs `path` once, stops the
/// server; returns the status, the header block and the body.
fn fetch_once(env: &Env, path: &str) -> (u16, String, String) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = env
        .command(&["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start runstrong serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut address = None;
    while address.is_none() {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).expect("read") > 0,
            "serve stopped early"
        );
        address = line
            .split("http://")
            .nth(1)
            .map(|rest| rest.trim().trim_end_matches('/').to_string());
    }
    let mut socket = std::net::TcpStream::connect(address.unwrap()).expect("connect");
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut reply = String::new();
    socket.read_to_string(&mut reply).expect("read");
    child.kill().expect("stop the server");
    child.wait().expect("wait");
    let (head, body) = reply.split_once("\r\n\r\n").expect("a header block");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, head.to_string(), body.to_string())
}

/// Writes the test home's config file.
fn write_config(env: &Env, text: &str) -> PathBuf {
    let path = env.path("config/runstrong/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The feed without its DTSTAMP lines (they follow the clock).
fn unstamped(feed: &str) -> String {
    feed.split("\r\n")
        .filter(|l| !l.starts_with("DTSTAMP:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn the_calendar_feed_has_the_reminder_in_the_runners_zone_and_parses() {
    let mut env = Env::new();
    // A day still ahead of the wall clock, so every alarm is in the future.
    env.today = "2030-01-07".into();
    write_config(
        &env,
        "reminder = \"18:30\"\ntime_zone = \"Europe/Berlin\"\n",
    );
    let feed = env.ok(&["calendar"]);
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"), "{feed}");
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 28, "four weeks");
    assert!(feed.contains("X-WR-TIMEZONE:Europe/Berlin\r\n"));
    // 18:30 in Berlin in January is 17:30 UTC.
    assert!(feed.contains("DTSTART:20300107T173000Z\r\n"), "{feed}");
    let file = env.path("feed.ics");
    std::fs::write(&file, &feed).unwrap();
    if let Some(found) = python_check("check_ical.py", &file) {
        assert_eq!(found["errors"], serde_json::json!([]), "{found}");
        assert_eq!(found["long_lines"], serde_json::json!([]));
        assert_eq!(found["bare_lf"], 0);
        let events = found["events"].as_array().unwrap();
        assert_eq!(events.len(), 28);
        assert_eq!(events[0]["start"], "2030-01-07T17:30:00+00:00");
        assert_eq!(events[0]["alarms"][0]["trigger_s"], 0.0);
        println!("{} read the feed", found["decoder"]);
    }

    // A session today marks the day done, without an alarm; --days bounds it.
    env.ok(&["log", "bridge", "2x10"]);
    let feed = env.ok(&["calendar", "--days", "2"]);
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2);
    assert!(feed.contains("SUMMARY:Glute session done\r\n"), "{feed}");
    assert_eq!(feed.matches("BEGIN:VALARM").count(), 1, "only tomorrow's");
    let days = env.json(&["calendar", "--days", "2"]);
    assert_eq!(days["days"][0]["kind"], "done");
    assert_eq!(days["days"][1]["kind"], "training");
    let stderr = env.fails(&["calendar", "--days", "0"], 2);
    assert!(stderr.contains("--days"), "{stderr}");
}

#[test]
fn without_a_reminder_the_days_are_all_day_events() {
    let env = Env::new();
    let feed = env.ok(&["calendar", "--days", "3"]);
    assert!(feed.contains("DTSTART;VALUE=DATE:20261126\r\n"), "{feed}");
    assert!(!feed.contains("VALARM"));
}

#[test]
fn the_web_app_serves_the_same_feed() {
    let env = Env::new();
    env.ok(&["log", "clamshell", "15", "--date", "2026-11-25"]);
    let printed = env.ok(&["calendar"]);
    let (status, headers, body) = fetch_once(&env, "/calendar.ics");
    assert_eq!(status, 200, "{headers}");
    assert!(
        headers
            .to_ascii_lowercase()
            .contains("content-type: text/calendar; charset=utf-8"),
        "{headers}"
    );
    assert_eq!(unstamped(&body), unstamped(&printed));
}

#[test]
fn fit_export_writes_one_readable_file_per_session_and_never_overwrites() {
    let env = Env::new();
    env.ok(&["log", "bridge", "2x10", "--date", "2026-11-20"]);
    env.ok(&["log", "single-leg-bridge", "8", "--date", "2026-11-24"]);
    env.ok(&["import", "--from", "hevy", &sample("hevy-kg.csv")]);
    let folder = env.path("fit");
    let target = folder.to_str().unwrap();
    let printed = env.ok(&["export", "--format", "fit", "-o", target]);
    assert_eq!(printed, format!("Wrote 4 FIT files to {target}.\n"));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    // Hevy's times are local: 18:05 on 12 January.
    assert_eq!(names[0], "2026-01-12-1805-runstrong.fit");
    assert!(
        names[2].starts_with("2026-11-20-"),
        "a back-dated log keeps its day: {names:?}"
    );
    assert!(names.iter().all(|n| n.ends_with("-runstrong.fit")));

    for name in &names {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        let records = fitparser::from_bytes(&bytes).expect("fitparser reads it");
        let kinds =
            |kind: fitparser::profile::MesgNum| records.iter().filter(|r| r.kind() == kind).count();
        assert!(kinds(fitparser::profile::MesgNum::Set) >= 1, "{name}");
        assert_eq!(kinds(fitparser::profile::MesgNum::Session), 1, "{name}");
        if let Some(found) = python_check("check_fit.py", &folder.join(name)) {
            assert_eq!(found["crc_frames_checked"], 1, "{name}: {found}");
            assert_eq!(found["session"]["sub_sport"], "strength_training");
            assert_eq!(found["file_id"]["product_name"], "runstrong");
        }
    }
    let history = env.json(&["history", "--to", "2026-01-12"]);
    let first_sets = history["sessions"][0]["sets"].as_array().unwrap().len();
    let hevy = python_check("check_fit.py", &folder.join(&names[0]));
    if let Some(found) = hevy {
        let active = found["sets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["set_type"] == "active")
            .count();
        assert_eq!(
            active, first_sets,
            "every set of the first Hevy workout: {found}"
        );
    }

    // Again: the same files are left alone.
    let again = env.ok(&["export", "--format", "fit", "-o", target]);
    assert!(
        again.contains("Wrote 0 FIT files") && again.contains("4 already there"),
        "{again}"
    );
    // A different file of the same name stops the export before any write.
    std::fs::write(folder.join(&names[1]), b"someone else's").unwrap();
    std::fs::remove_file(folder.join(&names[3])).unwrap();
    let stderr = env.fails(&["export", "--format", "fit", "-o", target], 1);
    assert!(
        stderr.contains(&names[1]) && stderr.contains("does not overwrite"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(folder.join(&names[1])).unwrap(),
        b"someone else's"
    );
    assert!(!folder.join(&names[3]).exists(), "nothing written");
    let stderr = env.fails(&["export", "--format", "fit"], 2);
    assert!(stderr.contains("--output"), "{stderr}");
}

#[test]
fn hevy_and_strong_imports_keep_custom_exercises_and_skip_duplicates() {
    let env = Env::new();
    let done = env.json(&["import", "--from", "hevy", &sample("hevy-kg.csv")]);
    assert_eq!(done["from"], "Hevy");
    assert_eq!(done["sessions_added"], 2);
    assert_eq!(done["warmups"], 2);
    let unmatched: Vec<&str> = done["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(unmatched.contains(&"custom:cable-kickback"), "{done}");
    let again = env.json(&["import", "--from", "hevy", &sample("hevy-kg.csv")]);
    assert_eq!(
        (
            again["sessions_added"].as_u64(),
            again["sessions_skipped"].as_u64()
        ),
        (Some(0), Some(2))
    );
    let text = env.ok(&[
        "import",
        "--from",
        "strong",
        &sample("strong-semicolon.csv"),
    ]);
    assert!(text.starts_with("Imported 1 workout from "), "{text}");
    assert!(
        text.contains("Frog Pump (1 set) as custom:frog-pump"),
        "{text}"
    );

    // History shows custom exercises by name, and the export keeps them.
    let history = env.ok(&["history"]);
    assert!(
        history.contains("Cable kickback: 12 + 12 reps"),
        "{history}"
    );
    assert!(history.contains("Frog pump: 25 reps"), "{history}");
    let sessions = env.json(&["history"]);
    let sets = sessions["sessions"].as_array().unwrap();
    assert_eq!(sets.len(), 3);
    let backup = env.ok(&["export"]);
    assert!(backup.contains("\"custom:cable-kickback\""));
    let fresh = Env::new();
    let file = fresh.path("backup.json");
    std::fs::write(&file, backup).unwrap();
    let restored = fresh.json(&["import", file.to_str().unwrap()]);
    assert_eq!(restored["sessions_added"], 3, "custom sets restore");
}

#[test]
fn an_import_with_one_bad_row_imports_nothing() {
    let env = Env::new();
    let mut text = std::fs::read_to_string(sample("hevy-kg.csv")).unwrap();
    let last_line = text.lines().count() + 1;
    text.push_str("\"Glutes after the long run\",\"12 Jan 2026, 18:05\",\"12 Jan 2026, 18:41\",\"\",\"Glute Bridge\",\"\",\"\",3,\"normal\",,twelve,,,\n");
    let bad = env.path("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let stderr = env.fails(&["import", "--from", "hevy", bad.to_str().unwrap()], 1);
    assert!(
        stderr.contains(&format!("bad.csv, line {last_line}, column 11 (reps)")),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(env.ok(&["history"]).starts_with("No sessions yet"));
    let stderr = env.fails(&["import", "--from", "strong", &sample("hevy-kg.csv")], 1);
    assert!(stderr.contains("hevy-kg.csv"), "{stderr}");
    let huge = env.path("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(33 * 1024 * 1024)
        .unwrap();
    let stderr = env.fails(&["import", "--from", "hevy", huge.to_str().unwrap()], 1);
    assert!(stderr.contains("larger than the 32 MB"), "{stderr}");
    let stderr = env.fails(&["import", "--from", "garmin", &sample("hevy-kg.csv")], 2);
    assert!(stderr.contains("hevy, strong"), "{stderr}");
}

#[test]
fn completions_and_the_man_page_come_from_the_same_definitions() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains("calendar"), "{shell}");
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(script.contains("front-of-hip"), "{shell}: --felt values");
        }
    }
    let bash = env.path("runstrong.bash");
    std::fs::write(&bash, env.ok(&["completions", "bash"])).unwrap();
    match Command::new("bash").arg("-n").arg(&bash).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("skipped: bash -n ({e})"),
    }
    let stderr = env.fails(&["completions", "tcsh"], 2);
    assert!(stderr.contains("bash"), "{stderr}");

    let page = env.ok(&["man"]);
    assert!(
        page.contains(".TH runstrong 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains("calendar"));
    let file = env.path("runstrong.1");
    std::fs::write(&file, &page).unwrap();
    match Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
    {
        Ok(out) => {
            let warnings = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && warnings.trim().is_empty(),
                "{warnings}"
            );
        }
        Err(e) => println!("skipped: groff ({e})"),
    }
}

#[test]
fn the_config_file_sets_the_database_and_zone_and_flags_win() {
    let env = Env::new();
    let shown = env.ok(&["config"]);
    let path = env.path("config/runstrong/config.toml");
    assert_eq!(shown.trim(), path.to_str().unwrap());
    env.ok(&["config", "--init"]);
    let template = std::fs::read_to_string(&path).unwrap();
    assert!(template.contains("# reminder = \"07:30\""));
    std::fs::write(&path, "voice = false\n").unwrap();
    let output = env.run(&["config", "--init"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "voice = false\n");

    let other = env.path("elsewhere.db");
    write_config(
        &env,
        &format!(
            "database = {:?}\ntime_zone = \"Asia/Tokyo\"\n",
            other.to_str().unwrap()
        ),
    );
    env.ok(&["log", "clamshell", "12"]);
    assert!(other.exists(), "the config's database");
    assert!(!env.db.exists(), "not the default one");
    let flagged = env.path("flagged.db");
    env.ok(&["--db", flagged.to_str().unwrap(), "log", "clamshell", "12"]);
    assert!(flagged.exists(), "--db wins over the config");

    let stderr = env.fails(&["today", "--time-zone", "Mars/Olympus"], 2);
    assert!(
        stderr.contains("the time zone \"Mars/Olympus\" is not known"),
        "{stderr}"
    );
    let stderr = env
        .command(&["today"])
        .env("RUNSTRONG_TIME_ZONE", "Atlantis")
        .output()
        .unwrap();
    assert_eq!(stderr.status.code(), Some(2));
    write_config(&env, "time_zone = \"Europe/Berln\"\n");
    let stderr = env.fails(&["today"], 1);
    assert!(
        stderr.contains("config.toml: the time zone \"Europe/Berln\" is not known"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    write_config(&env, "reminder = \"25:00\"\n");
    let stderr = env.fails(&["today"], 1);
    assert!(
        stderr.contains("reminder time \"25:00\" is not a time"),
        "{stderr}"
    );
    write_config(&env, "volume = 11\n");
    let output = env.run(&["config"]);
    assert_eq!(output.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(printed.trim(), path.to_str().unwrap(), "the path first");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 1") && stderr.contains("volume"),
        "{stderr}"
    );
}

#[test]
fn the_reminder_in_the_config_reaches_the_calendar_and_the_latest_change_wins() {
    let mut env = Env::new();
    env.today = "2030-03-04".into();
    write_config(&env, "reminder = \"07:15\"\ntime_zone = \"UTC\"\n");
    assert!(
        env.ok(&["calendar", "--days", "1"])
            .contains("DTSTART:20300304T071500Z")
    );
    // Without the file the stored setting stays what the file last set.
    std::fs::remove_file(env.path("config/runstrong/config.toml")).unwrap();
    let feed = env.ok(&["--time-zone", "UTC", "calendar", "--days", "1"]);
    assert!(feed.contains("DTSTART:20300304T071500Z"), "{feed}");
}

#[test]
fn version_help_and_felt_read_as_a_runner_wants() {
    let env = Env::new();
    let version = env.ok(&["--version"]);
    let commit = version
        .strip_prefix(&format!("runstrong {} (commit ", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("{version}"));
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{version}"
    );
    let help = env.ok(&["help", "--help"]);
    assert!(help.contains("runstrong help runs import"), "{help}");
    let import = env.ok(&["help", "runs", "import"]);
    assert!(import.starts_with("Import FIT, GPX and TCX"), "{import}");
    assert_eq!(env.ok(&["help"]), env.ok(&["--help"]));
    let stderr = env.fails(&["help", "jog"], 2);
    assert!(stderr.contains("no command \"jog\""), "{stderr}");
    let go = env.ok(&["go", "--help"]);
    let go = go.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        go.contains("[possible values: glutes, hamstrings, low-back, quads, front-of-hip, other]"),
        "{go}"
    );
    // The everyday words still work.
    let stderr = env.fails(&["log", "bridge", "10", "--felt", "elbow"], 2);
    assert!(stderr.contains("elbow"), "{stderr}");
    env.ok(&["log", "bridge", "10", "--felt", "back"]);
    for command in [
        "today", "history", "calendar", "export", "import", "runs", "config",
    ] {
        let help = env.ok(&[command, "--help"]);
        assert!(help.contains("-q, --quiet"), "{command}");
    }
}
