//! The SQLite backend, the default: one file in WAL mode with
//! `synchronous = FULL`, so a commit survives a crash or power loss.
//!
//! Opening never harms a file it does not understand: before anything is
//! written, the file's 100-byte header is checked, and an existing database
//! is inspected by a connection that only reads (foreign tables, schema
//! version, and integrity when it is about to be migrated). Only then is it
//! switched to WAL and migrated.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use coach::{Assessment, Feedback, Session, SetRecord};
use jiff::civil::Date;
use runs::Activity;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Connection, Sqlite, Transaction};

use crate::rows::{
    ActivityValues, AssessmentRow, AssessmentValues, Decoder, SessionRow, SessionValues, SetRow,
    SetValues, date_bounds, date_text,
};
use crate::{ImportCounts, Store, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// What every SQLite database file starts with (the first 16 bytes).
const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a writer waits for another process holding the write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's primary result codes that get a message of their own.
const SQLITE_BUSY: i64 = 5;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

/// `SELECT <every session column> FROM sessions <rest>`, as one literal.
macro_rules! select_sessions {
    ($rest:literal $(,)?) => {
        concat!(
            "SELECT id, date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note FROM sessions ",
            $rest
        )
    };
}

/// The SQLite store. Cheap to share: it wraps a connection pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    location: String,
}

impl SqliteStore {
    /// Opens the database file at `path`, creating it (and its parent
    /// directories) if needed, and applies pending migrations.
    ///
    /// Fails with [`StoreError::Corrupt`] for a file that is not a SQLite
    /// database, is damaged or belongs to another program, and with
    /// [`StoreError::NewerSchema`] for a database written by a newer
    /// runstrong; in both cases the file is left exactly as it was.
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        let location = path.display().to_string();
        let unreachable = |reason: String| StoreError::Unreachable {
            location: location.clone(),
            reason,
        };

        if path.is_dir() {
            return Err(unreachable(
                "it is a directory, expected a database file".into(),
            ));
        }
        if has_content(path).map_err(|e| unreachable(e.to_string()))? {
            inspect_existing(path, &location).await?;
        } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                unreachable(format!(
                    "cannot create the folder {}: {e}",
                    parent.display()
                ))
            })?;
        }

        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = connect_pool(options)
            .await
            .map_err(|e| map_err(&location, e))?;
        let store = SqliteStore { pool, location };
        store.migrate().await?;
        Ok(store)
    }

    /// A private database in memory, empty and migrated; gone when dropped.
    pub async fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let location = "sqlite::memory:".to_string();
        let options = SqliteConnectOptions::from_str(&location)
            .map_err(|e| map_err(&location, e))?
            .foreign_keys(true);
        // One connection that never closes: the database lives as long as it.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|e| map_err(&location, e))?;
        let store = SqliteStore { pool, location };
        store.migrate().await?;
        Ok(store)
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// Applies pending migrations, all inside one `BEGIN IMMEDIATE`
    /// transaction (sqlx nests each migration's own transaction as a
    /// savepoint): the version check and the migrations happen under the
    /// write lock, so programs opening a new file at once don't race, and a
    /// failure leaves the schema as it was.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        // Re-checked here for databases created or upgraded since inspection.
        if let Some(found) = applied_version(&mut tx).await.map_err(|e| self.err(e))?
            && found > Self::schema_version()
        {
            return Err(self.newer(found));
        }
        MIGRATOR.run(&mut *tx).await.map_err(|e| {
            crate::migrate_error(&self.location, e, Self::schema_version(), |e| self.err(e))
        })?;
        tx.commit().await.map_err(|e| self.err(e))
    }

    fn newer(&self, found: i64) -> StoreError {
        StoreError::NewerSchema {
            location: self.location.clone(),
            found,
            known: Self::schema_version(),
        }
    }

    fn err(&self, e: sqlx::Error) -> StoreError {
        map_err(&self.location, e)
    }

    fn decoder(&self) -> Decoder<'_> {
        Decoder {
            location: &self.location,
        }
    }

    async fn begin(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        // IMMEDIATE takes the write lock up front, so the busy timeout applies
        // instead of a mid-transaction "database is locked".
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| self.err(e))
    }

    async fn sets_of(&self, session_id: i64) -> Result<Vec<SetRow>, StoreError> {
        sqlx::query_as("SELECT * FROM sets WHERE session_id = ? ORDER BY position")
            .bind(session_id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))
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

/// Whether `path` exists and holds at least one byte.
fn has_content(path: &Path) -> std::io::Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(meta.len() > 0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
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

/// Checks an existing, non-empty file without writing to it: the header,
/// then the contents (see [`inspect_connection`]).
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
        .map_err(|e| map_err(location, e))?;
    let result = inspect_connection(&mut conn, location).await;
    // Nothing was written, so a failure to close cannot lose anything.
    let _ = conn.close().await;
    result
}

/// Refuses another program's database, a newer schema, and (when this open
/// would migrate, i.e. write) a database that fails SQLite's quick check.
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
    .map_err(|e| map_err(location, e))?;
    if !tables.is_empty() && !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Err(corrupt(format!(
            "it holds another program's tables: {}",
            tables.join(", ")
        )));
    }
    let known = SqliteStore::schema_version();
    let applied = applied_version(conn)
        .await
        .map_err(|e| map_err(location, e))?;
    if let Some(found) = applied
        && found > known
    {
        return Err(StoreError::NewerSchema {
            location: location.to_string(),
            found,
            known,
        });
    }
    if applied == Some(known) {
        return Ok(());
    }
    let check: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(3)")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| map_err(location, e))?;
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

/// Maps a driver error to the user's terms.
fn map_err(location: &str, e: sqlx::Error) -> StoreError {
    let location = location.to_string();
    let code = primary_code(&e);
    match e {
        sqlx::Error::Database(db) => match code {
            Some(SQLITE_CORRUPT | SQLITE_NOTADB) => StoreError::Corrupt {
                location,
                reason: db.message().to_string(),
            },
            Some(SQLITE_BUSY) => StoreError::Unreachable {
                location,
                reason: "another program kept it locked".into(),
            },
            Some(SQLITE_CANTOPEN) => StoreError::Unreachable {
                location,
                reason: db.message().to_string(),
            },
            _ => StoreError::Other(format!("{} (in {location})", db.message())),
        },
        sqlx::Error::Io(io) => StoreError::Unreachable {
            location,
            reason: io.to_string(),
        },
        sqlx::Error::PoolTimedOut => StoreError::Unreachable {
            location,
            reason: "another program kept it locked".into(),
        },
        other => StoreError::Other(format!("{other} (in {location})")),
    }
}

/// Whether a driver error is a foreign-key violation (an unknown session).
fn is_foreign_key(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

/// Whether a driver error is a uniqueness violation.
fn is_unique(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn session_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: format!("session {id}"),
    }
}

/// Inserts a session row; `None` when `skip_duplicate` and it already exists.
async fn insert_session(
    tx: &mut Transaction<'static, Sqlite>,
    session: &Session,
    skip_duplicate: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let v = SessionValues::new(session);
    let sql = if skip_duplicate {
        "INSERT INTO sessions (date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, started_at_ms) DO NOTHING RETURNING id"
    } else {
        "INSERT INTO sessions (date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
    };
    sqlx::query_scalar(sql)
        .bind(v.date)
        .bind(v.source)
        .bind(v.started_at_ms)
        .bind(v.finished_at_ms)
        .bind(v.stage)
        .bind(v.rpe)
        .bind(v.felt)
        .bind(v.pain)
        .bind(v.note)
        .fetch_optional(&mut **tx)
        .await
}

const INSERT_SET: &str = "INSERT INTO sets
     (session_id, position, exercise, reps, target_reps, side, hold_s, tension_s, completed_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, position) DO NOTHING";

fn bind_set(
    session_id: i64,
    v: SetValues,
) -> sqlx::query::Query<'static, Sqlite, <Sqlite as sqlx::Database>::Arguments> {
    sqlx::query(INSERT_SET)
        .bind(session_id)
        .bind(v.position)
        .bind(v.exercise)
        .bind(v.reps)
        .bind(v.target_reps)
        .bind(v.side)
        .bind(v.hold_s)
        .bind(v.tension_s)
        .bind(v.completed_at_ms)
}

/// Inserts one activity unless its fingerprint is stored; true when added.
async fn insert_activity(
    tx: &mut Transaction<'static, Sqlite>,
    location: &str,
    activity: &Activity,
) -> Result<bool, StoreError> {
    let v = ActivityValues::new(activity)?;
    let id: Option<i64> = sqlx::query_scalar("INSERT INTO activities (fingerprint, start_ms, sport, distance_m, duration_s, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING RETURNING id")
        .bind(v.fingerprint)
        .bind(v.start_ms)
        .bind(v.sport)
        .bind(v.distance_m)
        .bind(v.duration_s)
        .bind(v.body)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| map_err(location, e))?;
    Ok(id.is_some())
}

/// Inserts a session with its sets inside `tx`; `None` when skipped.
async fn insert_session_with_sets(
    tx: &mut Transaction<'static, Sqlite>,
    location: &str,
    session: &Session,
    skip_duplicate: bool,
) -> Result<Option<i64>, StoreError> {
    let sets = session
        .sets
        .iter()
        .map(SetValues::new)
        .collect::<Result<Vec<_>, _>>()?;
    let id = insert_session(tx, session, skip_duplicate)
        .await
        .map_err(|e| {
            if is_unique(&e) {
                StoreError::Duplicate {
                    what: format!(
                        "a {} session started at {} ms",
                        session.source.as_str(),
                        session.started_at_ms
                    ),
                }
            } else {
                map_err(location, e)
            }
        })?;
    let Some(id) = id else { return Ok(None) };
    for set in sets {
        bind_set(id, set)
            .execute(&mut **tx)
            .await
            .map_err(|e| map_err(location, e))?;
    }
    Ok(Some(id))
}

#[async_trait]
impl Store for SqliteStore {
    fn location(&self) -> &str {
        &self.location
    }

    async fn create_session(&self, session: &Session) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id = insert_session_with_sets(&mut tx, &self.location, session, false)
            .await?
            .ok_or_else(|| StoreError::Other("the new session was not stored".into()))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(id)
    }

    async fn add_set(&self, session_id: i64, set: &SetRecord) -> Result<bool, StoreError> {
        let values = SetValues::new(set)?;
        match bind_set(session_id, values).execute(&self.pool).await {
            Ok(done) => Ok(done.rows_affected() == 1),
            Err(e) if is_foreign_key(&e) => Err(session_not_found(session_id)),
            Err(e) => Err(self.err(e)),
        }
    }

    async fn finish_session(
        &self,
        session_id: i64,
        feedback: Feedback,
        finished_at_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET finished_at_ms = ?, rpe = ?, felt = ?, pain = ? WHERE id = ?",
        )
        .bind(finished_at_ms)
        .bind(feedback.rpe.map(i64::from))
        .bind(feedback.felt.map(coach::Felt::as_str))
        .bind(feedback.pain.map(i64::from))
        .bind(session_id)
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(session_id));
        }
        Ok(())
    }

    async fn update_session(
        &self,
        session_id: i64,
        date: Date,
        feedback: Feedback,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET date = ?, rpe = ?, felt = ?, pain = ?, note = ? WHERE id = ?",
        )
        .bind(date_text(date))
        .bind(feedback.rpe.map(i64::from))
        .bind(feedback.felt.map(coach::Felt::as_str))
        .bind(feedback.pain.map(i64::from))
        .bind(note)
        .bind(session_id)
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(session_id));
        }
        Ok(())
    }

    async fn session(&self, id: i64) -> Result<Option<Session>, StoreError> {
        let row: Option<SessionRow> = sqlx::query_as(select_sessions!("WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        let Some(row) = row else { return Ok(None) };
        let sets = self.sets_of(id).await?;
        self.decoder().session(row, sets).map(Some)
    }

    async fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Session>, StoreError> {
        let (from, to) = date_bounds(from, to);
        // One read transaction, so sessions and sets come from one snapshot.
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        let rows: Vec<SessionRow> = sqlx::query_as(select_sessions!(
            "WHERE date BETWEEN ?1 AND ?2 ORDER BY date, started_at_ms, id",
        ))
        .bind(from.clone())
        .bind(to.clone())
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        let sets: Vec<SetRow> = sqlx::query_as(
            "SELECT sets.* FROM sessions JOIN sets ON sets.session_id = sessions.id
             WHERE sessions.date BETWEEN ?1 AND ?2
             ORDER BY sets.session_id, sets.position",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        self.decoder().sessions(rows, sets)
    }

    async fn delete_session(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn add_assessment(&self, assessment: &Assessment) -> Result<i64, StoreError> {
        let v = AssessmentValues::new(assessment)?;
        sqlx::query_scalar(
            "INSERT INTO assessments (date, taken_at_ms, body) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(v.date)
        .bind(v.taken_at_ms)
        .bind(v.body)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| {
            if is_unique(&e) {
                StoreError::Duplicate {
                    what: format!("an assessment taken at {} ms", assessment.taken_at_ms),
                }
            } else {
                self.err(e)
            }
        })
    }

    async fn assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let rows: Vec<AssessmentRow> =
            sqlx::query_as("SELECT id, body FROM assessments ORDER BY date, taken_at_ms, id")
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|row| self.decoder().assessment(&row))
            .collect()
    }

    async fn import(
        &self,
        sessions: &[Session],
        assessments: &[Assessment],
        activities: &[Activity],
    ) -> Result<ImportCounts, StoreError> {
        let mut counts = ImportCounts::default();
        let mut tx = self.begin().await?;
        for session in sessions {
            match insert_session_with_sets(&mut tx, &self.location, session, true).await? {
                Some(_) => counts.sessions_added += 1,
                None => counts.sessions_skipped += 1,
            }
        }
        for assessment in assessments {
            let v = AssessmentValues::new(assessment)?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO assessments (date, taken_at_ms, body) VALUES (?, ?, ?)
                 ON CONFLICT (taken_at_ms) DO NOTHING RETURNING id",
            )
            .bind(v.date)
            .bind(v.taken_at_ms)
            .bind(v.body)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
            match id {
                Some(_) => counts.assessments_added += 1,
                None => counts.assessments_skipped += 1,
            }
        }
        for activity in activities {
            if insert_activity(&mut tx, &self.location, activity).await? {
                counts.activities_added += 1;
            } else {
                counts.activities_skipped += 1;
            }
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(counts)
    }

    async fn add_activities(&self, activities: &[Activity]) -> Result<Vec<bool>, StoreError> {
        let mut added = Vec::with_capacity(activities.len());
        let mut tx = self.begin().await?;
        for activity in activities {
            added.push(insert_activity(&mut tx, &self.location, activity).await?);
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(added)
    }

    async fn activities(&self, since_ms: Option<i64>) -> Result<Vec<Activity>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, body FROM activities WHERE start_ms >= ? ORDER BY start_ms, id",
        )
        .bind(since_ms.unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|(id, body)| self.decoder().activity(*id, body))
            .collect()
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))
    }

    async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key.to_string())
            .bind(value.to_string())
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let set = SetRecord {
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
