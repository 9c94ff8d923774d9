//! Storage for runstrong: the [`Store`] trait and its two backends, SQLite
//! (the default, one file in the platform data directory) and PostgreSQL
//! (server mode), chosen by the URL given to [`open`].
//!
//! **Architecture invariant:** this is the only crate that knows SQL. The
//! binary and the web app talk to `dyn Store`.
//!
//! The data code is written once, in `data` ([`SqlStore`], generic over a
//! [`Backend`]): one SQL text serves both databases (sqlx's SQLite driver
//! reads `$N` placeholders as PostgreSQL does). What truly differs lives in
//! `sqlite` and `postgres`: opening, inspecting an existing database, the
//! busy retry, the mapping of driver errors, the transaction statements and
//! the embedded, append-only migrations (`migrations/sqlite`,
//! `migrations/postgres`). [`SqliteStore`] and [`PgStore`] are the two
//! instances.
//!
//! **Durability invariant:** every method that writes commits before it
//! returns, so a set handed to [`Store::add_set`] survives the process being
//! killed right after.
//!
//! **No silent loss:** every read decodes every row it selects, and a row
//! that does not fit the domain is reported as [`StoreError::Corrupt`]
//! naming the row, never skipped.

use async_trait::async_trait;
use coach::{Assessment, CheckIn, Feedback, Session, SetRecord, Source};
use jiff::civil::Date;
use runs::Activity;

mod backend;
mod data;
mod errors;
mod postgres;
mod rows;
mod sqlite;

pub use backend::{Backend, SqlStore};
pub use errors::StoreError;

/// The SQLite store (the default): one file, WAL, `synchronous = FULL`.
pub type SqliteStore = SqlStore<sqlx::Sqlite>;

/// The PostgreSQL store, for server mode.
pub type PgStore = SqlStore<sqlx::Postgres>;

/// Whether [`open`] may create a SQLite database that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folders) when missing: for commands that
    /// record something.
    Create,
    /// Only open a database that exists; a missing (or empty) file is
    /// [`StoreError::Missing`] and nothing is created. For commands that
    /// only read.
    Existing,
}

/// Result of [`Store::import`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub sessions_added: usize,
    pub sessions_skipped: usize,
    pub assessments_added: usize,
    pub assessments_skipped: usize,
    pub check_ins_added: usize,
    pub check_ins_skipped: usize,
    pub activities_added: usize,
    pub activities_skipped: usize,
}

/// A stored activity with its id, which stays the same for as long as the
/// activity is stored (a run's own page uses it).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredActivity {
    pub id: i64,
    pub activity: Activity,
}

/// A file a folder watcher has imported, as it was when imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenFile {
    /// The file's path, as the watcher names it (the key).
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time, Unix milliseconds.
    pub modified_ms: i64,
    /// When it was imported, Unix milliseconds.
    pub imported_at_ms: i64,
}

/// Everything runstrong keeps. Implemented by [`SqliteStore`] and [`PgStore`].
#[async_trait]
pub trait Store: Send + Sync {
    /// Human-readable location with any password removed, for messages.
    fn location(&self) -> &str;

    /// Stores a new session (its `id` is ignored) together with any sets it
    /// already holds and what it was prescribed, in one transaction; returns
    /// the new id. A session with the same source and `started_at_ms` as a
    /// stored one is [`StoreError::Duplicate`] (find it with
    /// [`Store::session_id_by_key`]); among sets with the same `position` the
    /// first is kept, as with [`Store::add_set`].
    async fn create_session(&self, session: &Session) -> Result<i64, StoreError>;

    /// The id of the session with this source and start time, if stored.
    async fn session_id_by_key(
        &self,
        source: Source,
        started_at_ms: i64,
    ) -> Result<Option<i64>, StoreError>;

    /// Appends one completed set to a session and commits. Idempotent: a set
    /// with the same `position` as one already stored replaces nothing and
    /// returns `Ok(false)`; a new set returns `Ok(true)`. An unknown session
    /// is [`StoreError::NotFound`].
    async fn add_set(&self, session_id: i64, set: &SetRecord) -> Result<bool, StoreError>;

    /// Records the end-of-session answers and the finishing time (again,
    /// if called twice). An unknown session is [`StoreError::NotFound`].
    async fn finish_session(
        &self,
        session_id: i64,
        feedback: Feedback,
        finished_at_ms: i64,
    ) -> Result<(), StoreError>;

    /// Corrects a session's training day, end-of-session answers and note
    /// (the sets, times and prescription are kept). An unknown session is
    /// [`StoreError::NotFound`].
    async fn update_session(
        &self,
        session_id: i64,
        date: Date,
        feedback: Feedback,
        note: Option<&str>,
    ) -> Result<(), StoreError>;

    /// One session with its sets.
    async fn session(&self, id: i64) -> Result<Option<Session>, StoreError>;

    /// Sessions whose date is within `from..=to` (both optional), oldest first
    /// (by date, then start time), each with its sets ordered by position.
    /// A selected row that cannot be read fails the whole call with
    /// [`StoreError::Corrupt`] naming it. Without bounds every row is
    /// selected; with bounds, those whose stored date text is in the range
    /// and any whose text is not even ten characters long (it could sort
    /// anywhere), so damage is reported rather than skipped.
    async fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Session>, StoreError>;

    /// Deletes a session and its sets; `Ok(false)` when it did not exist.
    async fn delete_session(&self, id: i64) -> Result<bool, StoreError>;

    /// Stores a self-assessment (its `id` is ignored); returns its id. One
    /// with the same `taken_at_ms` as a stored one is
    /// [`StoreError::Duplicate`].
    async fn add_assessment(&self, assessment: &Assessment) -> Result<i64, StoreError>;

    /// All self-assessments, oldest first (by date, then time taken).
    async fn assessments(&self) -> Result<Vec<Assessment>, StoreError>;

    /// Stores a check-in (the answers before a day's first set); returns its
    /// id. One with the same `taken_at_ms` as a stored one is
    /// [`StoreError::Duplicate`].
    async fn add_check_in(&self, check_in: &CheckIn) -> Result<i64, StoreError>;

    /// Check-ins dated within `from..=to` (both optional), oldest first.
    async fn check_ins(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CheckIn>, StoreError>;

    /// Imports sessions (with their sets and prescriptions), assessments and
    /// activities in one transaction: all or nothing. A session whose
    /// (source, started_at_ms) already exists, an assessment whose
    /// taken_at_ms already exists, or an activity whose fingerprint already
    /// exists is skipped and left as stored, also when it repeats within the
    /// batch; ids are ignored.
    async fn import(
        &self,
        sessions: &[Session],
        assessments: &[Assessment],
        check_ins: &[CheckIn],
        activities: &[Activity],
    ) -> Result<ImportCounts, StoreError>;

    /// Stores imported activities (runs from watch files, say) in one
    /// transaction, each unless one with the same fingerprint is stored (or
    /// comes earlier in the batch); returns, in order, whether each was added.
    async fn add_activities(&self, activities: &[Activity]) -> Result<Vec<bool>, StoreError>;

    /// Stored activities starting in `from_ms..to_ms` (Unix milliseconds;
    /// an open end when `None`), oldest first, with their ids.
    async fn activities(
        &self,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    ) -> Result<Vec<StoredActivity>, StoreError>;

    /// [`Store::activities`] for lists: the same activities, each without
    /// its heavy fields (`track`, `splits` and `pauses` are empty), read
    /// without decoding them.
    async fn activity_summaries(
        &self,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    ) -> Result<Vec<StoredActivity>, StoreError>;

    /// How many activities are stored.
    async fn activity_count(&self) -> Result<u64, StoreError>;

    /// One stored activity by id.
    async fn activity(&self, id: i64) -> Result<Option<(i64, Activity)>, StoreError>;

    /// The files a folder watcher has imported, by path.
    async fn seen_files(&self) -> Result<Vec<SeenFile>, StoreError>;

    /// Records imported files in one transaction; a path already recorded
    /// takes the new size and times.
    async fn record_seen_files(&self, files: &[SeenFile]) -> Result<(), StoreError>;

    /// A user setting, by key.
    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;

    /// Sets a user setting.
    async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError>;

    /// Closes the connections, waiting for them to finish. Optional: every
    /// write is already durable; for SQLite this also folds the write-ahead
    /// log back into the database file and removes it. The store must not be
    /// used afterwards.
    async fn close(&self) {}
}

/// Opens the store named by `location`: `postgres://…` or `postgresql://…`
/// for PostgreSQL; `sqlite://PATH`, `sqlite:PATH`, `sqlite::memory:` or a
/// plain file path for SQLite. With [`OpenMode::Create`] a missing SQLite
/// file is created (with its folders); with [`OpenMode::Existing`] it is
/// [`StoreError::Missing`]. PostgreSQL ignores the mode: the database is
/// there or not, and its schema is brought up to date either way.
///
/// A SQLite file that is damaged, not a database, or another program's
/// database gives [`StoreError::Corrupt`]; a database migrated by a newer
/// runstrong gives [`StoreError::NewerSchema`]; in both cases nothing is
/// written. Something that is not a regular file is
/// [`StoreError::NotAFile`], refused before it is opened. An unreachable
/// server, or one that does not speak PostgreSQL, gives
/// [`StoreError::Unreachable`] within a few seconds.
pub async fn open(location: &str, mode: OpenMode) -> Result<Box<dyn Store>, StoreError> {
    let trimmed = location.trim();
    let unusable = || StoreError::UnsupportedUrl {
        given: location.to_string(),
    };
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        Ok(Box::new(PgStore::open(trimmed).await?))
    } else if trimmed == "sqlite::memory:" {
        Ok(Box::new(SqliteStore::open_in_memory().await?))
    } else if let Some(rest) = trimmed
        .strip_prefix("sqlite://")
        .or_else(|| trimmed.strip_prefix("sqlite:"))
    {
        if rest.trim().is_empty() {
            return Err(unusable());
        }
        Ok(Box::new(SqliteStore::open_with(rest, mode).await?))
    } else if trimmed.contains("://") || trimmed.is_empty() {
        Err(unusable())
    } else {
        Ok(Box::new(SqliteStore::open_with(trimmed, mode).await?))
    }
}

/// `location` with the password of a URL replaced by `***`, both in the
/// user-info part (`postgres://user:secret@host/db`) and in a `password=`
/// query parameter.
pub fn redact(location: &str) -> String {
    let Some((scheme, rest)) = location.split_once("://") else {
        return location.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_passwords_and_keeps_the_rest() {
        assert_eq!(
            redact("postgres://coach:s3cret@db:5432/rs"),
            "postgres://coach:***@db:5432/rs"
        );
        assert_eq!(redact("postgres://coach@db/rs"), "postgres://coach@db/rs");
        assert_eq!(
            redact("postgres://db/rs?user=a&password=x&sslmode=disable"),
            "postgres://db/rs?user=a&password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://u:p@ss@db/rs"), "postgres://u:***@db/rs");
        assert_eq!(redact("/home/me/runstrong.db"), "/home/me/runstrong.db");
        assert_eq!(redact("postgres://db/rs?x=a@b"), "postgres://db/rs?x=a@b");
    }

    #[test]
    fn both_backends_know_the_same_schema_versions() {
        assert_eq!(SqliteStore::schema_version(), PgStore::schema_version());
        assert!(SqliteStore::schema_version() >= 3);
    }

    #[tokio::test]
    async fn open_chooses_the_backend_from_the_location() {
        let store = open("sqlite::memory:", OpenMode::Existing).await.unwrap();
        assert_eq!(store.location(), "sqlite::memory:");
        for unusable in ["mysql://x/y", "  ", "sqlite://", "sqlite:", "sqlite:// "] {
            let err = open(unusable, OpenMode::Create).await.err().unwrap();
            assert!(
                matches!(err, StoreError::UnsupportedUrl { .. }),
                "{unusable:?}: {err:?}"
            );
            assert!(err.to_string().contains("sqlite://PATH"), "{err}");
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/deeper/runstrong.db");
        let store = open(&format!("sqlite://{}", path.display()), OpenMode::Create)
            .await
            .unwrap();
        assert_eq!(store.location(), path.display().to_string());
        assert!(path.is_file());
        let other = dir.path().join("colon.db");
        open(&format!("sqlite:{}", other.display()), OpenMode::Create)
            .await
            .unwrap();
        assert!(other.is_file());
    }
}
