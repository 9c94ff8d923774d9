//! Opening what cannot be used, and durability: each failure must be the
//! right `StoreError`, quick, and leave the user's file exactly as it was.

use std::path::Path;
use std::time::{Duration, Instant};

use coach::{Session, SetRecord, Source};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use store::{OpenMode, PgStore, SqliteStore, Store, StoreError};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Files next to `path` that SQLite would create (journals, WAL, shared memory).
fn side_files(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != &name && n.starts_with(&name))
        .collect()
}

/// A session guided in the terminal on 2 March 2026, with these sets.
pub fn terminal_session(started_at_ms: i64, sets: Vec<SetRecord>) -> Session {
    Session {
        id: 0,
        date: jiff::civil::date(2026, 3, 2),
        source: Source::Terminal,
        started_at_ms,
        finished_at_ms: None,
        stage: None,
        feedback: Default::default(),
        note: None,
        prescribed: Vec::new(),
        sets,
    }
}

/// Runs one statement on the database file at `path` (created if need be)
/// as another program would, bypassing the store.
async fn run_sql(path: &Path, sql: &'static str) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::query(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

async fn expect_corrupt(path: &Path) -> String {
    let before = read(path);
    let err = SqliteStore::open(path).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { .. }),
        "expected Corrupt, got {err:?}"
    );
    let message = err.to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    println!("{message}");
    assert_eq!(read(path), before, "the file must be left untouched");
    assert_eq!(
        side_files(path),
        Vec::<String>::new(),
        "no journal or WAL files are left behind"
    );
    err.to_string()
}

#[tokio::test]
async fn a_text_file_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Monday: 3x10 bridges, felt it in the hamstrings.\n").unwrap();
    let message = expect_corrupt(&path).await;
    assert!(message.contains("notes.txt"), "{message}");
    assert!(message.contains("not a SQLite database"), "{message}");
}

#[tokio::test]
async fn a_short_file_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.db");
    std::fs::write(&path, b"SQLite").unwrap();
    expect_corrupt(&path).await;
}

#[tokio::test]
async fn a_damaged_database_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    // A valid header followed by noise.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&path, &bytes).unwrap();
    expect_corrupt(&path).await;
}

#[tokio::test]
async fn a_database_with_damaged_pages_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.set_setting("units", "metric").await.unwrap();
    store.close().await;
    // Keep page 1 (header and schema), scribble over every page after it.
    let mut bytes = read(&path);
    assert!(
        bytes.len() > 4096 * 2,
        "expected several pages, got {} bytes",
        bytes.len()
    );
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i as u32).wrapping_mul(2_654_435_761).to_be_bytes()[0];
    }
    std::fs::write(&path, &bytes).unwrap();
    expect_corrupt(&path).await;
}

#[tokio::test]
async fn damage_found_after_opening_is_corrupt_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let sets = (1..=400)
        .map(|position| SetRecord {
            exercise: "active-shoulder-bridge".to_string(),
            position,
            reps: 10,
            target_reps: 10,
            side: None,
            hold_s: 2.0,
            tension_s: 40.0,
            completed_at_ms: i64::from(position),
        })
        .collect();
    store
        .create_session(&terminal_session(1, sets))
        .await
        .unwrap();
    store.close().await;
    // The sets were written last: scribble over the last pages only, so the
    // schema and the migrations table stay readable.
    let mut bytes = read(&path);
    let len = bytes.len();
    assert!(len >= 4096 * 6, "{len} bytes");
    for (i, b) in bytes[len - 4096 * 3..].iter_mut().enumerate() {
        *b = (i as u32).wrapping_mul(2_654_435_761).to_be_bytes()[0];
    }
    std::fs::write(&path, &bytes).unwrap();

    let err = match SqliteStore::open(&path).await {
        Ok(store) => {
            let err = store.sessions(None, None).await.unwrap_err();
            store.close().await;
            err
        }
        Err(err) => err,
    };
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(read(&path), bytes, "the file must be left untouched");
}

#[tokio::test]
async fn another_programs_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    run_sql(
        &path,
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)",
    )
    .await;
    let message = expect_corrupt(&path).await;
    assert!(
        message.contains("another program's tables: invoices"),
        "{message}"
    );
}

#[tokio::test]
async fn an_empty_file_becomes_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = SqliteStore::open(&path).await.unwrap();
    assert!(store.sessions(None, None).await.unwrap().is_empty());
}

/// Refused before opening, with the kind named, and nothing created beside it.
async fn expect_not_a_file(path: &Path, kind: &str) {
    for mode in [OpenMode::Create, OpenMode::Existing] {
        let err = SqliteStore::open_with(path, mode).await.unwrap_err();
        assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
        let message = err.to_string();
        println!("{message}");
        assert!(
            message.starts_with(&format!(
                "{} is not a regular file but {kind}",
                path.display()
            )),
            "{message}"
        );
    }
    if path
        .parent()
        .is_some_and(|p| p.starts_with(std::env::temp_dir()))
    {
        assert_eq!(side_files(path), Vec::<String>::new());
    }
}

#[tokio::test]
async fn a_directory_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    expect_not_a_file(dir.path(), "a directory").await;
}

#[tokio::test]
async fn a_device_is_not_a_file() {
    let null = Path::new("/dev/null");
    if !null.exists() {
        println!("skipped: this system has no /dev/null");
        return;
    }
    expect_not_a_file(null, "a character device").await;
}

#[tokio::test]
async fn a_socket_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    expect_not_a_file(&path, "a socket").await;
}

#[tokio::test]
async fn a_named_pipe_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    match std::process::Command::new("mkfifo").arg(&path).status() {
        Ok(status) if status.success() => {}
        other => {
            println!("skipped: mkfifo could not make a named pipe: {other:?}");
            return;
        }
    }
    // Opening a pipe for reading waits for a writer; refusing it must not
    // open it at all, so this returns at once.
    expect_not_a_file(&path, "a named pipe (FIFO)").await;
}

#[tokio::test]
async fn opening_an_existing_database_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not/yet/runstrong.db");
    let err = SqliteStore::open_with(&path, OpenMode::Existing)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    let message = err.to_string();
    println!("{message}");
    assert!(
        message.starts_with(&format!(
            "there is no runstrong database at {}",
            path.display()
        )),
        "{message}"
    );
    assert!(message.contains("--db"), "{message}");
    assert!(message.contains("records something"), "{message}");
    assert!(!dir.path().join("not").exists(), "no folder was created");

    // Through `open`, and for an empty file (nothing to read in it either).
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let err = store::open(&empty.display().to_string(), OpenMode::Existing)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    assert_eq!(read(&empty), b"");
    assert_eq!(side_files(&empty), Vec::<String>::new());

    // Once created, it opens.
    SqliteStore::open(&path).await.unwrap().close().await;
    let store = SqliteStore::open_with(&path, OpenMode::Existing)
        .await
        .unwrap();
    assert!(store.sessions(None, None).await.unwrap().is_empty());
    store.close().await;
}

#[tokio::test]
async fn a_database_missing_a_table_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    SqliteStore::open(&path).await.unwrap().close().await;
    run_sql(&path, "DROP TABLE activities").await;
    let message = expect_corrupt(&path).await;
    assert!(
        message.contains("its table activities is missing"),
        "{message}"
    );
}

#[tokio::test]
async fn a_session_with_a_damaged_date_is_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store
        .create_session(&terminal_session(1, vec![]))
        .await
        .unwrap();

    // Another program writes a row whose date is not a date.
    let options = SqliteConnectOptions::new().filename(&path);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    let bad: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (date, source, started_at_ms) VALUES ('x', 'web', 2) RETURNING id",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let expected = format!("session {bad} has the date \"x\", expected a date as YYYY-MM-DD");
    for range in [
        (None, None),
        (Some(jiff::civil::date(2026, 3, 1)), None),
        (None, Some(jiff::civil::date(2026, 3, 2))),
    ] {
        let err = store.sessions(range.0, range.1).await.unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains(&expected), "{range:?}: {err}");
    }
    let err = store.session(bad).await.unwrap_err();
    assert!(err.to_string().contains(&expected), "{err}");
    store.close().await;
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    SqliteStore::open(&path).await.unwrap().close().await;

    let future = SqliteStore::schema_version() + 1;
    let options = SqliteConnectOptions::new().filename(&path);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'from a newer runstrong', TRUE, x'00', 0)",
    )
    .bind(future)
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let before = read(&path);
    let err = SqliteStore::open(&path).await.unwrap_err();
    match &err {
        StoreError::NewerSchema { found, known, .. } => {
            assert_eq!((*found, *known), (future, SqliteStore::schema_version()));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("upgrade runstrong"), "{err}");
    assert_eq!(read(&path), before, "nothing was changed");
    assert_eq!(
        side_files(&path),
        Vec::<String>::new(),
        "no journal or WAL files are left behind"
    );
}

#[tokio::test]
async fn closing_folds_the_write_ahead_log_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = store::open(&path.display().to_string(), OpenMode::Create)
        .await
        .unwrap();
    store.set_setting("units", "metric").await.unwrap();
    assert!(side_files(&path).contains(&"runstrong.db-wal".to_string()));
    store.close().await;
    assert_eq!(side_files(&path), Vec::<String>::new());
}

#[tokio::test]
async fn reopening_keeps_the_data_and_migrates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.set_setting("units", "metric").await.unwrap();
    store.close().await;
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.setting("units").await.unwrap().as_deref(),
        Some("metric")
    );
}

#[tokio::test]
async fn an_unreachable_server_fails_fast_without_the_password() {
    let started = Instant::now();
    let err = PgStore::open("postgres://postgres:hunter2@127.0.0.1:1/x")
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(!message.contains("hunter2"), "{message}");
    assert!(message.contains("127.0.0.1:1"), "{message}");

    // Through `open` too, which the binary uses.
    let err = store::open(
        "postgresql://postgres:hunter2@127.0.0.1:1/x",
        OpenMode::Create,
    )
    .await
    .err()
    .unwrap();
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("hunter2"));
}

#[tokio::test]
async fn a_server_that_is_not_postgres_is_named_quickly() {
    use std::io::{Read, Write};
    // A tiny web server: whatever it is sent, it answers in HTTP and closes.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut socket in listener.incoming().map_while(Result::ok) {
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request);
            let _ = socket.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request",
            );
        }
    });
    let started = Instant::now();
    let url = format!("postgres://postgres:hunter2@127.0.0.1:{port}/runstrong");
    let err = store::open(&url, OpenMode::Existing).await.err().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    println!("{message}");
    assert!(
        message.contains(&format!(
            "127.0.0.1:{port} did not answer as a PostgreSQL server"
        )),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

#[tokio::test]
async fn a_set_is_visible_to_another_connection_as_soon_as_add_set_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let id = store
        .create_session(&terminal_session(1, vec![]))
        .await
        .unwrap();

    // A reader that is not the store: another process would see the same.
    let options = SqliteConnectOptions::new().filename(&path).read_only(true);
    let mut reader = SqliteConnection::connect_with(&options).await.unwrap();
    for position in 1..=3u32 {
        let set = SetRecord {
            exercise: "bridge".to_string(),
            position,
            reps: 10,
            target_reps: 10,
            side: None,
            hold_s: 2.0,
            tension_s: 40.0,
            completed_at_ms: 1_000 * i64::from(position),
        };
        assert!(store.add_set(id, &set).await.unwrap());
        let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sets WHERE session_id = ?")
            .bind(id)
            .fetch_one(&mut reader)
            .await
            .unwrap();
        assert_eq!(seen, i64::from(position));
    }
    reader.close().await.unwrap();

    // Settings the store relies on for that.
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(
            &mut SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&path))
                .await
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(journal, "wal");
}

#[tokio::test]
async fn several_programs_creating_the_same_new_file_at_once_all_succeed() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runstrong.db");
        let (a, b, c) = tokio::join!(
            SqliteStore::open(&path),
            SqliteStore::open(&path),
            SqliteStore::open(&path)
        );
        for store in [a, b, c] {
            let store = store.unwrap();
            assert!(store.sessions(None, None).await.unwrap().is_empty());
            store.close().await;
        }
    }
}
