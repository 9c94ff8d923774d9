//! Failures that need the operating system's help to happen for real: a
//! full disk, a read-only mount, a file the user may not write. Each runs
//! one scenario of this test binary in a child process confined by
//! `unshare` (util-linux): new user and mount namespaces give it a tiny
//! tmpfs or a read-only remount that no other process sees, and vanish with
//! it; without a mapped user it writes as nobody, so file permissions bind
//! even when the tests run as root. Where `unshare` is missing or the
//! kernel refuses namespaces, the test is skipped with the reason printed.
//!
//! The child is [`confined_child`], marked ignored so it runs only when
//! called here; it prints the store's error as one `STORE_ERROR:` line.

use std::path::Path;
use std::process::Command;

use store::{SqliteStore, Store, StoreError};

use crate::errors::terminal_session;

const SCENARIO: &str = "RUNSTRONG_CONFINED_SCENARIO";
const DATABASE: &str = "RUNSTRONG_CONFINED_DATABASE";

/// How the child reports the error it met.
const MARK: &str = "STORE_ERROR:";

/// Runs `script` (sh, with `$TEST` the command that runs the child test and
/// `$DB` the database path) under `unshare` with `namespaces`; returns the
/// child's error line, or `None` (printed) when confinement is unavailable.
///
/// The script runs twice: first with `$TEST` only listing the child test,
/// which proves that the namespaces, the script's own set-up (a mount, say)
/// and running this binary inside them all work here; then for real.
fn run_confined(namespaces: &[&str], script: &str, scenario: &str, db: &Path) -> Option<String> {
    let binary = std::env::current_exe().unwrap();
    let child = "--exact confined::confined_child --ignored";
    let run = |test: String| {
        Command::new("unshare")
            .args(namespaces)
            .args(["sh", "-c", script])
            .env("TEST", test)
            .env("DB", db)
            .env(SCENARIO, scenario)
            .env(DATABASE, db)
            .output()
    };
    match run(format!("{} {child} --list", binary.display())) {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            println!(
                "skipped: confinement by unshare {namespaces:?} does not work here: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Err(e) => {
            println!("skipped: unshare (util-linux) is not available: {e}");
            return None;
        }
    }
    let out = run(format!(
        "{} {child} --nocapture --test-threads=1",
        binary.display()
    ))
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the confined child failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once(MARK).map(|(_, error)| error))
        .unwrap_or_else(|| panic!("the child reported no error:\n{stdout}"));
    println!("{line}");
    Some(line.trim().to_string())
}

/// The child: runs the scenario named in the environment against the
/// database named there and prints the error it meets (variant and message).
#[tokio::test]
#[ignore = "run by the other tests of this module in a confined child process"]
async fn confined_child() {
    let (Ok(scenario), Ok(path)) = (std::env::var(SCENARIO), std::env::var(DATABASE)) else {
        println!("nothing to do: run by the tests of tests/it/confined.rs");
        return;
    };
    let err = match scenario.as_str() {
        // Writes sessions with large notes until the disk refuses one.
        "fill" => {
            let store = SqliteStore::open(&path).await.unwrap();
            let mut err = None;
            for i in 0..10_000 {
                let mut session = terminal_session(i, vec![]);
                session.note = Some("x".repeat(16_384));
                if let Err(e) = store.create_session(&session).await {
                    err = Some(e);
                    break;
                }
            }
            let err = err.expect("the disk never filled");
            // What was committed before is still readable; the failed one is not there.
            let stored = store.sessions(None, None).await.unwrap();
            assert!(!stored.is_empty());
            assert!(
                stored
                    .iter()
                    .all(|s| s.note.as_ref().unwrap().len() == 16_384)
            );
            err
        }
        "open" => match SqliteStore::open(&path).await {
            Ok(store) => store
                .set_setting("units", "metric")
                .await
                .expect_err("the write must fail"),
            Err(e) => e,
        },
        other => panic!("unknown scenario {other}"),
    };
    println!("{MARK} {}", describe(&err));
}

/// A closed runstrong database at `path` holding one setting, made by this
/// (unconfined) process.
fn create_database(path: &Path) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = SqliteStore::open(path).await.unwrap();
        store.set_setting("units", "imperial").await.unwrap();
        store.close().await;
    });
}

/// `<variant> <message>` of an error, for the parent to check.
fn describe(err: &StoreError) -> String {
    let variant = format!("{err:?}");
    let variant = variant.split([' ', '(', '{']).next().unwrap_or("");
    format!("{variant} {err}")
}

#[test]
fn a_full_disk_says_so_and_keeps_what_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let db = mount.join("runstrong.db");
    let script = format!(
        "mount -t tmpfs -o size=512k tmpfs '{}' && exec $TEST",
        mount.display()
    );
    let Some(line) = run_confined(
        &["--user", "--map-root-user", "--mount"],
        &script,
        "fill",
        &db,
    ) else {
        return;
    };
    assert_eq!(
        line,
        format!(
            "DiskFull the disk holding {} is full; nothing was saved",
            db.display()
        )
    );
}

#[test]
fn a_read_only_mount_says_it_cannot_be_written_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    create_database(&source);
    let mount = dir.path().join("ro");
    std::fs::create_dir(&mount).unwrap();
    let db = mount.join("runstrong.db");
    let script = format!(
        "mount -t tmpfs tmpfs '{m}' && cp '{src}' \"$DB\" && mount -o remount,ro '{m}' && exec $TEST",
        m = mount.display(),
        src = source.display()
    );
    let Some(line) = run_confined(
        &["--user", "--map-root-user", "--mount"],
        &script,
        "open",
        &db,
    ) else {
        return;
    };
    assert!(line.starts_with("ReadOnly "), "{line}");
    assert!(
        line.contains(&format!("the database {} cannot be written", db.display())),
        "{line}"
    );
    assert!(line.contains("mounted read-only"), "{line}");
}

#[test]
fn a_file_without_write_permission_says_it_cannot_be_written_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runstrong.db");
    create_database(&db);
    let before = std::fs::read(&db).unwrap();
    use std::os::unix::fs::PermissionsExt;
    // The folder stays open to all (the child is nobody); the file is read-only.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let Some(line) = run_confined(&["--user"], "exec $TEST", "open", &db) else {
        return;
    };
    assert!(line.starts_with("ReadOnly "), "{line}");
    assert!(
        line.contains("its permissions do not let runstrong write it"),
        "{line}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is unchanged");
}
