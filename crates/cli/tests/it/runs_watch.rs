//! Every run visible and new runs arriving by themselves, through the
//! binary: `runs --all` and `--from/--to`, `runs show ID`, and `runs watch`
//! on real temporary folders (a file dropped in is imported once, a restart
//! does not import it again, a file still being written waits, a SIGKILL in
//! the middle leaves no duplicate, a watch mounted as a drive is found).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::harness::Env;

/// A run of `km` kilometres at 5:00/km on `date` (07:00 UTC).
fn gpx_run(date: &str, km: u32) -> String {
    let mut points = String::new();
    for i in 0..=km * 50 {
        let seconds = i * 6;
        points.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"8.0\"><time>{date}T{:02}:{:02}:{:02}Z</time></trkpt>\n",
            47.0 + f64::from(i) * 20.0 / 111_195.0,
            7 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
}

/// A running `runs watch` whose standard output arrives line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(env: &Env, args: &[&str]) -> Watch {
        Watch::start_in(env, args, None)
    }

    /// Started with `RUNSTRONG_MOUNT_ROOTS` set to `mounts`, when given;
    /// standard error goes to `watch.err` in the test's home.
    fn start_in(env: &Env, args: &[&str], mounts: Option<&std::path::Path>) -> Watch {
        let mut all = vec!["runs", "watch", "--every", "1"];
        all.extend_from_slice(args);
        let mut command = env.command(&all);
        if let Some(mounts) = mounts {
            command.env("RUNSTRONG_MOUNT_ROOTS", mounts);
        }
        let err = std::fs::File::create(env.path("watch.err")).unwrap();
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::from(err))
            .spawn()
            .expect("start runs watch");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits until `count` lines containing `needle` have arrived in all.
    fn wait_for(&mut self, needle: &str, count: usize, within: Duration) -> bool {
        let end = Instant::now() + within;
        loop {
            if self.seen.iter().filter(|l| l.contains(needle)).count() >= count {
                return true;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => return false,
            }
        }
    }

    /// The lines so far, after waiting `quiet` for more.
    fn settle(&mut self, quiet: Duration) -> &[String] {
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            self.seen.push(line);
        }
        &self.seen
    }

    fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.seen
    }
}

fn stored(env: &Env) -> usize {
    let all = env.json(&["runs", "--all"]);
    all["totals"]["runs"].as_u64().unwrap() as usize
}

#[test]
fn old_runs_are_listed_by_year_and_month_and_not_hidden_as_no_runs() {
    let env = Env::new();
    let folder = env.path("old");
    std::fs::create_dir_all(&folder).unwrap();
    for (date, km) in [("2018-04-01", 10), ("2018-04-08", 21), ("2023-09-10", 6)] {
        std::fs::write(folder.join(format!("{date}.gpx")), gpx_run(date, km)).unwrap();
    }
    env.ok(&["runs", "import", folder.to_str().unwrap()]);
    let weeks = env.ok(&["runs"]);
    assert!(
        weeks.contains("3 older runs: `runstrong runs --all`"),
        "{weeks}"
    );
    assert!(!weeks.contains("No runs yet"), "{weeks}");

    let all = env.ok(&["runs", "--all"]);
    assert!(all.contains("2018: 2 runs, 31.0 km"), "{all}");
    assert!(all.contains("April: 2 runs"), "{all}");
    assert!(all.contains("Longest runs:"), "{all}");
    let span = env.ok(&["runs", "--from", "2023-01-01", "--to", "2023-12-31"]);
    assert!(span.contains("2023: 1 run,"), "{span}");
    assert!(
        span.contains("2 more activities outside this span"),
        "{span}"
    );
    let backwards = env.fails(&["runs", "--from", "2023-12-31", "--to", "2023-01-01"], 2);
    assert!(backwards.contains("ends before it starts"), "{backwards}");
    let both = env.fails(&["runs", "--all", "--weeks", "3"], 2);
    assert!(both.contains("--all"), "{both}");

    let json = env.json(&["runs", "--all"]);
    let id = json["longest"][0]["id"].as_i64().unwrap();
    let show = env.ok(&["runs", "show", &id.to_string()]);
    assert!(show.contains("21.00 km"), "{show}");
    assert!(show.contains("km     distance"), "{show}");
    let missing = env.fails(&["runs", "show", "999"], 1);
    assert!(missing.contains("no activity 999"), "{missing}");
}

#[test]
fn a_file_dropped_in_is_imported_once_and_not_again_after_a_restart() {
    let env = Env::new();
    let inbox = env.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let dir = inbox.to_str().unwrap().to_string();
    let mut watch = Watch::start(&env, &[&dir]);
    std::fs::write(inbox.join("tuesday.gpx"), gpx_run("2026-11-24", 5)).unwrap();
    std::fs::write(inbox.join("notes.txt"), "not a run").unwrap();
    assert!(
        watch.wait_for("Imported", 1, Duration::from_secs(20)),
        "{:?}",
        watch.seen
    );
    let lines = watch.settle(Duration::from_secs(3)).to_vec();
    assert_eq!(lines.len(), 1, "one line per import: {lines:?}");
    assert!(lines[0].contains("tuesday.gpx") && lines[0].contains("5.00 km"));
    watch.kill();
    assert_eq!(stored(&env), 1);

    // A restart reads the folder again and imports nothing.
    let mut again = Watch::start(&env, &[&dir]);
    let lines = again.settle(Duration::from_secs(4)).to_vec();
    assert!(lines.is_empty(), "{lines:?}");
    // The same run under another name is a duplicate, said so.
    std::fs::write(inbox.join("copy.gpx"), gpx_run("2026-11-24", 5)).unwrap();
    assert!(again.wait_for("Already here", 1, Duration::from_secs(20)));
    again.kill();
    assert_eq!(stored(&env), 1);
}

#[test]
fn a_file_still_being_written_waits_until_it_is_complete() {
    let env = Env::new();
    let inbox = env.path("downloads");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut watch = Watch::start(&env, &[inbox.to_str().unwrap()]);
    let text = gpx_run("2026-11-22", 8);
    let bytes = text.as_bytes();
    let mut file = std::fs::File::create(inbox.join("long.gpx")).unwrap();
    // Written in pieces for about four seconds, more often than the watch looks.
    let pieces = 16;
    let size = bytes.len().div_ceil(pieces);
    for chunk in bytes.chunks(size) {
        file.write_all(chunk).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(250));
    }
    drop(file);
    assert!(
        watch.wait_for("Imported", 1, Duration::from_secs(20)),
        "{:?}",
        watch.seen
    );
    let lines = watch.settle(Duration::from_secs(2)).to_vec();
    watch.kill();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("8.00 km"), "the whole file: {lines:?}");
    assert!(
        !lines.iter().any(|l| l.contains("Could not read")),
        "{lines:?}"
    );
}

#[test]
fn a_kill_in_the_middle_leaves_no_duplicate_and_the_rest_arrives_after() {
    let env = Env::new();
    let inbox = env.path("synced");
    std::fs::create_dir_all(&inbox).unwrap();
    let days: Vec<String> = (0..60)
        .map(|d| format!("2026-{:02}-{:02}", 8 + d / 28, 1 + d % 28))
        .collect();
    for day in &days {
        std::fs::write(inbox.join(format!("{day}.gpx")), gpx_run(day, 3)).unwrap();
    }
    let dir = inbox.to_str().unwrap().to_string();
    let mut first = Watch::start(&env, &[&dir]);
    assert!(
        first.wait_for("Imported", 1, Duration::from_secs(30)),
        "{:?}",
        first.seen
    );
    let before = first.kill();
    let mut second = Watch::start(&env, &[&dir]);
    let imported_before = before.iter().filter(|l| l.contains("Imported")).count();
    assert!(imported_before < days.len(), "killed in the middle");
    let deadline = Duration::from_secs(60);
    second.wait_for("", days.len() - imported_before, deadline);
    let after = second.settle(Duration::from_secs(3)).to_vec();
    second.kill();
    assert_eq!(
        stored(&env),
        days.len(),
        "before {before:?}\nafter {after:?}"
    );
    for day in &days {
        let name = format!("{day}.gpx");
        let imports = before
            .iter()
            .chain(&after)
            .filter(|l| l.starts_with("Imported") && l.contains(&name))
            .count();
        // Killed after storing a file's runs but before saying so, the
        // restart finds them stored: "Already here", never a second copy.
        assert!(imports <= 1, "{name}: before {before:?}\nafter {after:?}");
    }
}

#[test]
fn a_garmin_mounted_as_a_drive_is_found_and_read() {
    let env = Env::new();
    let media = env.path("media");
    let activity = media.join("GARMIN-FR955/Garmin/Activity");
    std::fs::create_dir_all(&activity).unwrap();
    std::fs::write(
        activity.join("2026-11-25-07-00-00.gpx"),
        gpx_run("2026-11-25", 4),
    )
    .unwrap();
    std::fs::create_dir_all(media.join("USB-STICK/Photos")).unwrap();
    let mut watch = Watch::start_in(&env, &[], Some(&media));
    assert!(
        watch.wait_for("Imported", 1, Duration::from_secs(20)),
        "{:?}",
        watch.seen
    );
    let lines = watch.kill();
    assert!(lines[0].contains("4.00 km"), "{lines:?}");
    let err = std::fs::read_to_string(env.path("watch.err")).unwrap();
    assert!(
        err.contains("Found a watch") && err.contains("GARMIN-FR955"),
        "{err}"
    );
    assert!(!err.contains("USB-STICK"), "{err}");
    let missing = env.fails(&["runs", "watch", "no/such/folder"], 2);
    assert!(missing.contains("not a folder"), "{missing}");
}
