//! A tiny harness: a temporary home per test and a way to run the built
//! binary in it with a fixed "today". The database is the default one of
//! that home (`$XDG_DATA_HOME/runstrong/runstrong.db`), so the first command
//! creates it as it would for a new user; tests that name a database pass
//! `--db` themselves.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The day the tests pretend it is, unless a test says otherwise.
pub const TODAY: &str = "2026-11-26";

/// A test's own database and working directory.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub today: String,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("data/runstrong/runstrong.db");
        Env {
            dir,
            db,
            today: TODAY.to_string(),
        }
    }

    /// A command for the binary in the test's home, with `RUNSTRONG_TODAY` set.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_runstrong"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("RUNSTRONG_TODAY", &self.today)
            .env_remove("RUNSTRONG_DATABASE")
            .env_remove("RUNSTRONG_TIME_ZONE")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        command
    }

    /// Runs and returns the output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run runstrong")
    }

    /// Runs, asserts success, returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "runstrong {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs with `--json`, asserts success, parses standard output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let text = self.ok(&all);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("runstrong {args:?} printed invalid JSON ({e}):\n{text}"))
    }

    /// Runs with `--json`, asserts the exit code, parses standard output.
    pub fn json_exit(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert_eq!(
            output.status.code(),
            Some(code),
            "runstrong {args:?}: expected exit {code}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("runstrong {args:?} printed invalid JSON ({e}):\n{text}"))
    }

    /// Runs, asserts the exit code, returns standard error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(code),
            "runstrong {args:?}: expected exit {code}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        stderr
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Runs one SQL statement on the SQLite file `db` through a connection of
/// its own (as another program would) and returns the first column of
/// every row as text.
pub fn sql_rows(db: &Path, statement: &str) -> Vec<String> {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("open the database");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(statement.to_string()))
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
        conn.close().await.expect("close");
        rows
    })
}

/// The file's bytes, or empty when missing.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}
