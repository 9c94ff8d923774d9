//! The SQLite backend, the default: one file in WAL mode with
//! `synchronous = FULL`, so a commit survives a crash or power loss. The
//! data code is shared (`data`); this file holds what only SQLite needs.
//!
//! Opening never harms a file it does not understand: the path must be a
//! regular file (a named pipe, a directory or a device is refused before it
//! is opened, so nothing blocks on it); an existing file's 100-byte header is
//! checked, and an existing database is inspected by a connection that only
//! reads (foreign tables, missing tables, schema version, and integrity when
//! it is about to be migrated). Only then is it switched to WAL and migrated.
//! [`OpenMode::Existing`] creates nothing.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Connection, Sqlite};

use crate::backend::Backend;
use crate::{OpenMode, SqlStore, SqliteStore, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// What every SQLite database file starts with (the first 16 bytes).
const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a writer waits for another process holding the write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's primary result codes that get a message of their own
/// (<https://www.sqlite.org/rescode.html>).
const SQLITE_BUSY: i64 = 5;
const SQLITE_READONLY: i64 = 8;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

impl Backend for Sqlite {
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const SELECT_ACTIVITY_SUMMARIES: &'static str =
        "SELECT id, json_remove(body, '$.track', '$.splits', '$.pauses') AS body
         FROM activities WHERE start_ms >= $1 AND start_ms < $2 ORDER BY start_ms, id";
    const MIGRATOR: &'static sqlx::migrate::Migrator = &MIGRATOR;

    fn map_err(location: &str, e: sqlx::Error) -> StoreError {
        let code = primary_code(&e);
        let location = location.to_string();
        match e {
            sqlx::Error::Database(db) => match code {
                Some(SQLITE_CORRUPT | SQLITE_NOTADB) => StoreError::Corrupt {
                    location,
                    reason: db.message().to_string(),
                },
                Some(SQLITE_FULL) => StoreError::DiskFull { location },
                Some(SQLITE_READONLY) => StoreError::ReadOnly {
                    reason: why_read_only(&location),
                    location,
                },
                Some(SQLITE_BUSY) => StoreError::Unreachable {
                    location,
                    reason: "another program kept it locked".into(),
                },
                // On a file system mounted read-only, SQLite reports that it
                // cannot open the database, so this can mean "read-only" too.
                Some(SQLITE_CANTOPEN) => match not_writable(&location) {
                    Some(reason) => StoreError::ReadOnly { location, reason },
                    None => StoreError::Unreachable {
                        location,
                        reason: db.message().to_string(),
                    },
                },
                _ => StoreError::Other(format!("{} (in {location})", db.message())),
            },
            sqlx::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::StorageFull => StoreError::DiskFull { location },
                std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly {
                    reason: why_read_only(&location),
                    location,
                },
                _ => StoreError::Unreachable {
                    location,
                    reason: io.to_string(),
                },
            },
            sqlx::Error::PoolTimedOut => StoreError::Unreachable {
                location,
                reason: "another program kept it locked".into(),
            },
            other => StoreError::Other(format!("{other} (in {location})")),
        }
    }
}

impl SqlStore<Sqlite> {
    /// Opens the database file at `path`, creating it (and its parent
    /// directories) if needed, and applies pending migrations: the same as
    /// [`SqliteStore::open_with`] with [`OpenMode::Create`].
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, OpenMode::Create).await
    }

    /// Opens the database file at `path` and applies pending migrations.
    /// With [`OpenMode::Existing`], a missing or empty file is
    /// [`StoreError::Missing`] and nothing is created.
    ///
    /// Fails with [`StoreError::NotAFile`] for anything but a regular file,
    /// [`StoreError::Corrupt`] for a file that is not a SQLite database, is
    /// damaged, lacks one of runstrong's tables or belongs to another
    /// program, and with [`StoreError::NewerSchema`] for a database written
    /// by a newer runstrong; in all these cases the file is left exactly as
    /// it was.
    pub async fn open_with(
        path: impl AsRef<Path>,
        mode: OpenMode,
    ) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        if path.as_os_str().is_empty() {
            return Err(StoreError::UnsupportedUrl {
                given: String::new(),
            });
        }
        let location = path.display().to_string();
        let unreachable = |reason: String| StoreError::Unreachable {
            location: location.clone(),
            reason,
        };
        let missing = || StoreError::Missing {
            location: location.clone(),
        };

        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return Err(StoreError::NotAFile {
                    location,
                    kind: file_kind(&meta.file_type()).to_string(),
                });
            }
            Ok(meta) if meta.len() > 0 => inspect_existing(path, &location).await?,
            Ok(_) if mode == OpenMode::Existing => return Err(missing()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if mode == OpenMode::Existing {
                    return Err(missing());
                }
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        unreachable(format!(
                            "cannot create the folder {}: {e}",
                            parent.display()
                        ))
                    })?;
                }
            }
            Err(e) => return Err(unreachable(e.to_string())),
        }

        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(mode == OpenMode::Create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = connect_pool(options)
            .await
            .map_err(|e| Sqlite::map_err(&location, e))?;
        let store = SqlStore::from_pool(pool, location);
        store.migrate().await?;
        Ok(store)
    }

    /// A private database in memory, empty and migrated; gone when dropped.
    pub async fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let location = "sqlite::memory:".to_string();
        let options = SqliteConnectOptions::from_str(&location)
            .map_err(|e| Sqlite::map_err(&location, e))?
            .foreign_keys(true);
        // One connection that never closes: the database lives as long as it.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|e| Sqlite::map_err(&location, e))?;
        let store = SqlStore::from_pool(pool, location);
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations, all inside one `BEGIN IMMEDIATE`
    /// transaction (sqlx nests each migration's own transaction as a
    /// savepoint): the version check and the migrations happen under the
    /// write lock, so programs opening a new file at once don't race, and a
    /// failure leaves the schema as it was.
    async fn migrate(&self) -> Result<(), StoreError> {
        let location = self.location_text();
        let mut tx = self.begin(Sqlite::BEGIN_WRITE).await?;
        // Re-checked here for databases created or upgraded since inspection.
        let applied = applied_version(&mut tx)
            .await
            .map_err(|e| Sqlite::map_err(location, e))?;
        Self::refuse_newer(location, applied)?;
        MIGRATOR
            .run(&mut *tx)
            .await
            .map_err(|e| Self::migration_failed(location, e))?;
        self.commit(tx).await
    }
}

/// Opens the pool. Switching a database to WAL needs an exclusive lock that
/// SQLite does not wait for (the busy timeout does not apply), so when
/// another program holds a lock at that moment, typically because it is
/// creating the same new file, this tries again until [`BUSY_TIMEOUT`].
async fn connect_pool(options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    let deadline = tokio::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        let attempt = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(BUSY_TIMEOUT * 2)
            .connect_with(options.clone())
            .await;
        match attempt {
            Err(e)
                if primary_code(&e) == Some(SQLITE_BUSY)
                    && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// SQLite's primary result code of a database error.
fn primary_code(e: &sqlx::Error) -> Option<i64> {
    match e {
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|c| c.parse::<i64>().ok())
            .map(|c| c & 0xff),
        _ => None,
    }
}

/// What a non-regular file is, for [`StoreError::NotAFile`].
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "something else"
    }
}

/// Checks the fixed fields of a SQLite file header (the first 100 bytes; see
/// <https://www.sqlite.org/fileformat.html#the_database_header>).
fn check_header(header: &[u8]) -> Result<(), &'static str> {
    if !HEADER.starts_with(&header[..header.len().min(16)]) || header.len() < 16 {
        return Err("it is not a SQLite database");
    }
    if header.len() < 100 {
        return Err("it is too short to be a SQLite database");
    }
    let page_size = u32::from(u16::from_be_bytes([header[16], header[17]]));
    let page_size_ok =
        page_size == 1 || (512..=32768).contains(&page_size) && page_size.is_power_of_two();
    let versions_ok = matches!(header[18], 1 | 2) && matches!(header[19], 1 | 2);
    let fractions_ok = header[21..24] == [64, 32, 32];
    if page_size_ok && versions_ok && fractions_ok {
        Ok(())
    } else {
        Err("its SQLite header is damaged")
    }
}

/// Checks an existing, non-empty regular file without writing to it: the
/// header, then the contents (see [`inspect_connection`]).
async fn inspect_existing(path: &Path, location: &str) -> Result<(), StoreError> {
    let corrupt = |reason: &str| StoreError::Corrupt {
        location: location.to_string(),
        reason: reason.to_string(),
    };
    let mut header = Vec::with_capacity(100);
    let read = std::fs::File::open(path).and_then(|f| {
        use std::io::Read;
        f.take(100).read_to_end(&mut header)
    });
    if let Err(e) = read {
        return Err(StoreError::Unreachable {
            location: location.to_string(),
            reason: e.to_string(),
        });
    }
    check_header(&header).map_err(corrupt)?;

    // Read-write but only reading: a read-only connection would leave the
    // -wal and -shm files of a WAL database behind, while the last read-write
    // connection to close removes them (and, having written nothing, leaves
    // the database file as it was). No journal mode is set here.
    let options = SqliteConnectOptions::new()
        .filename(PathBuf::from(path))
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| Sqlite::map_err(location, e))?;
    let result = inspect_connection(&mut conn, location).await;
    // Nothing was written, so a failure to close cannot lose anything.
    let _ = conn.close().await;
    result
}

/// Refuses another program's database, a newer schema, a runstrong
/// database missing one of the tables its schema version promises, and
/// (when this open would migrate, i.e. write) a database that fails
/// SQLite's quick check.
///
/// An up-to-date database is not quick-checked: opening it writes nothing,
/// the check costs about 3 ms per MB on every start, and damage met later is
/// still reported as [`StoreError::Corrupt`] (SQLITE_CORRUPT is mapped).
async fn inspect_connection(conn: &mut SqliteConnection, location: &str) -> Result<(), StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        location: location.to_string(),
        reason,
    };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Sqlite::map_err(location, e))?;
    if !tables.is_empty() && !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Err(corrupt(format!(
            "it holds another program's tables: {}",
            tables.join(", ")
        )));
    }
    let applied = applied_version(conn)
        .await
        .map_err(|e| Sqlite::map_err(location, e))?;
    SqliteStore::refuse_newer(location, applied)?;
    if let Some(version) = applied {
        SqliteStore::refuse_missing_tables(location, version, &tables)?;
    }
    if applied == Some(SqliteStore::schema_version()) {
        return Ok(());
    }
    let check: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(3)")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Sqlite::map_err(location, e))?;
    if check.iter().any(|line| line != "ok") {
        // Rows may hold several lines, with "*** in database main ***" headings.
        let first = check
            .iter()
            .flat_map(|row| row.lines())
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with("***"))
            .unwrap_or("no detail");
        return Err(corrupt(format!(
            "its integrity check failed, first at: {first}"
        )));
    }
    Ok(())
}

/// The highest applied migration, if the migrations table exists.
async fn applied_version(conn: &mut SqliteConnection) -> Result<Option<i64>, sqlx::Error> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !exists {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut *conn)
        .await
}

/// Why the operating system will not let the database at `location` be
/// written, asked by opening the file for appending (which changes
/// nothing); `None` when it would.
fn not_writable(location: &str) -> Option<String> {
    use std::io::ErrorKind;
    match std::fs::OpenOptions::new().append(true).open(location) {
        Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
            Some("the file system holding it is mounted read-only".to_string())
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            Some("its permissions do not let runstrong write it".to_string())
        }
        _ => None,
    }
}

/// The reason SQLite refused to write (SQLITE_READONLY): the file itself,
/// or else the folder where SQLite keeps its journal files beside it.
fn why_read_only(location: &str) -> String {
    not_writable(location).unwrap_or_else(|| {
        match Path::new(location).parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(folder) => format!(
                "its folder {} does not let runstrong create the journal files SQLite keeps beside it",
                folder.display()
            ),
            None => "SQLite refused to write it".to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn valid_header() -> [u8; 100] {
        let mut h = [0u8; 100];
        h[..16].copy_from_slice(HEADER);
        h[16..18].copy_from_slice(&4096u16.to_be_bytes());
        h[18] = 2;
        h[19] = 2;
        h[21..24].copy_from_slice(&[64, 32, 32]);
        h
    }

    #[test]
    fn header_check_accepts_sqlite_and_names_what_is_wrong() {
        assert_eq!(check_header(&valid_header()), Ok(()));
        let mut h = valid_header();
        h[16..18].copy_from_slice(&1u16.to_be_bytes());
        assert_eq!(check_header(&h), Ok(()), "1 means 65536");

        let mut text = [b'x'; 100];
        text[..5].copy_from_slice(b"Notes");
        assert_eq!(check_header(&text), Err("it is not a SQLite database"));
        assert_eq!(check_header(b"Notes"), Err("it is not a SQLite database"));
        assert_eq!(check_header(b"SQLite"), Err("it is not a SQLite database"));
        assert_eq!(
            check_header(&valid_header()[..60]),
            Err("it is too short to be a SQLite database")
        );
        for (at, value) in [(16, 3u8), (18, 7), (19, 0), (21, 65)] {
            let mut h = valid_header();
            h[at] = value;
            assert_eq!(
                check_header(&h),
                Err("its SQLite header is damaged"),
                "byte {at}"
            );
        }
    }

    #[tokio::test]
    async fn the_tables_read_from_the_migrations_are_the_tables_created() {
        let store = SqliteStore::open_in_memory().await.unwrap();
        let mut conn = store.pool().acquire().await.unwrap();
        let mut tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        tables.sort();
        let mut expected = SqliteStore::tables_at(SqliteStore::schema_version());
        expected.sort();
        assert_eq!(tables, expected);
    }

    #[tokio::test]
    async fn a_full_database_reports_a_full_disk() {
        // SQLITE_FULL as sqlx reports it, from a real SQLite: a page limit
        // stands in for the disk (tests/it/errors.rs fills a real one).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.db");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("CREATE TABLE t (x TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("PRAGMA max_page_count = 3")
            .execute(&mut conn)
            .await
            .unwrap();
        let err = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut conn)
            .await
            .unwrap_err();
        let mapped = Sqlite::map_err(&path.display().to_string(), err);
        assert!(matches!(mapped, StoreError::DiskFull { .. }), "{mapped:?}");
        assert_eq!(
            mapped.to_string(),
            format!(
                "the disk holding {} is full; nothing was saved",
                path.display()
            )
        );
    }

    #[tokio::test]
    async fn in_memory_stores_are_separate() {
        let a = SqliteStore::open_in_memory().await.unwrap();
        let b = SqliteStore::open_in_memory().await.unwrap();
        a.set_setting("k", "a").await.unwrap();
        assert_eq!(b.setting("k").await.unwrap(), None);
        assert_eq!(a.setting("k").await.unwrap().as_deref(), Some("a"));
    }

    #[tokio::test]
    async fn add_set_to_an_unknown_session_is_not_found() {
        let store = SqliteStore::open_in_memory().await.unwrap();
        let set = coach::SetRecord {
            exercise: "bridge".into(),
            position: 1,
            reps: 1,
            target_reps: 1,
            side: None,
            hold_s: 0.0,
            tension_s: 0.0,
            completed_at_ms: 0,
        };
        let err = store.add_set(42, &set).await.unwrap_err();
        assert_eq!(err.to_string(), "session 42 does not exist");
    }
}
