//! Storage for runstrong: the [`Store`] trait and its two backends, SQLite
//! (the default, one file in the platform data directory) and PostgreSQL
//! (server mode), chosen by the URL given to [`open`].
//!
//! **Architecture invariant:** this is the only crate that knows SQL. The
//! binary and the web app talk to `dyn Store`; each backend has its own SQL
//! and its own append-only migrations (`migrations/sqlite`,
//! `migrations/postgres`), embedded at build time.
//!
//! **Durability invariant:** every method that writes commits before it
//! returns, so a set handed to [`Store::add_set`] survives the process being
//! killed right after.

use async_trait::async_trait;
use coach::{Assessment, Feedback, Session, SetRecord};
use jiff::civil::Date;
use runs::Activity;

mod postgres;
mod rows;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// What can go wrong in storage. Each message is one sentence a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or reached.
    #[error("cannot open the database {location}: {reason}")]
    Unreachable { location: String, reason: String },
    /// The file exists but is not a SQLite database, or is damaged.
    #[error(
        "the database {location} is damaged or not a runstrong database ({reason}); it was left untouched"
    )]
    Corrupt { location: String, reason: String },
    /// The database was migrated by a newer runstrong.
    #[error(
        "the database {location} was written by a newer runstrong (schema version {found}, this build knows up to {known}); upgrade runstrong, nothing was changed"
    )]
    NewerSchema {
        location: String,
        found: i64,
        known: i64,
    },
    /// A URL that names no supported backend.
    #[error(
        "unsupported database {given:?}: expected a file path, sqlite://PATH or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl { given: String },
    /// A record that does not exist.
    #[error("{what} does not exist")]
    NotFound { what: String },
    /// A record with the same key is already stored.
    #[error("{what} is already stored")]
    Duplicate { what: String },
    /// Any other database failure.
    #[error("database error: {0}")]
    Other(String),
}

/// Result of [`Store::import`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub sessions_added: usize,
    pub sessions_skipped: usize,
    pub assessments_added: usize,
    pub assessments_skipped: usize,
    pub activities_added: usize,
    pub activities_skipped: usize,
}

/// Everything runstrong keeps. Implemented by [`SqliteStore`] and [`PgStore`].
#[async_trait]
pub trait Store: Send + Sync {
    /// Human-readable location with any password removed, for messages.
    fn location(&self) -> &str;

    /// Stores a new session (its `id` is ignored) together with any sets it
    /// already holds, in one transaction; returns the new id. A session with
    /// the same source and `started_at_ms` as a stored one is refused
    /// ([`StoreError::Other`]); among sets with the same `position` the first
    /// is kept, as with [`Store::add_set`].
    async fn create_session(&self, session: &Session) -> Result<i64, StoreError>;

    /// The id of the session with this key (source and start), if stored.
    async fn session_id_by_key(
        &self,
        source: coach::Source,
        started_at_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(self
            .sessions(None, None)
            .await?
            .iter()
            .find(|s| s.source == source && s.started_at_ms == started_at_ms)
            .map(|s| s.id))
    }

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
    /// (the sets and times are kept). An unknown session is
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
    async fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Session>, StoreError>;

    /// Deletes a session and its sets; `Ok(false)` when it did not exist.
    async fn delete_session(&self, id: i64) -> Result<bool, StoreError>;

    /// Stores a self-assessment (its `id` is ignored); returns its id. One
    /// with the same `taken_at_ms` as a stored one is refused
    /// ([`StoreError::Other`]).
    async fn add_assessment(&self, assessment: &Assessment) -> Result<i64, StoreError>;

    /// All self-assessments, oldest first (by date, then time taken).
    async fn assessments(&self) -> Result<Vec<Assessment>, StoreError>;

    /// Imports sessions (with their sets) and assessments in one
    /// transaction: all or nothing. A session whose (source, started_at_ms)
    /// already exists, or an assessment whose taken_at_ms already exists, is
    /// skipped and left as stored, also when it repeats within the batch;
    /// ids are ignored.
    async fn import(
        &self,
        sessions: &[Session],
        assessments: &[Assessment],
        activities: &[Activity],
    ) -> Result<ImportCounts, StoreError>;

    /// Stores imported activities (runs from watch files, say) in one
    /// transaction, each unless one with the same fingerprint is stored (or
    /// comes earlier in the batch); returns, in order, whether each was added.
    async fn add_activities(&self, activities: &[Activity]) -> Result<Vec<bool>, StoreError>;

    /// Stored activities starting at or after `since_ms` (all when `None`),
    /// oldest first.
    async fn activities(&self, since_ms: Option<i64>) -> Result<Vec<Activity>, StoreError>;

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

/// Opens (creating and migrating if needed) the store named by `location`:
/// `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite://PATH`,
/// `sqlite:PATH`, `sqlite::memory:` or a plain file path for SQLite.
///
/// A SQLite file that is damaged, not a database, or another program's
/// database gives [`StoreError::Corrupt`]; a database migrated by a newer
/// runstrong gives [`StoreError::NewerSchema`]; in both cases nothing is
/// written. An unreachable server gives [`StoreError::Unreachable`] within
/// a few seconds.
/// Whether [`open`] may create a database that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folder) when missing.
    Create,
    /// Only open a database that exists.
    Existing,
}

pub async fn open(location: &str, _mode: OpenMode) -> Result<Box<dyn Store>, StoreError> {
    let trimmed = location.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        Ok(Box::new(PgStore::open(trimmed).await?))
    } else if let Some(rest) = trimmed.strip_prefix("sqlite://") {
        Ok(Box::new(SqliteStore::open(rest).await?))
    } else if trimmed == "sqlite::memory:" {
        Ok(Box::new(SqliteStore::open_in_memory().await?))
    } else if let Some(rest) = trimmed.strip_prefix("sqlite:").filter(|r| !r.is_empty()) {
        Ok(Box::new(SqliteStore::open(rest).await?))
    } else if trimmed.contains("://") || trimmed.is_empty() {
        Err(StoreError::UnsupportedUrl {
            given: location.to_string(),
        })
    } else {
        Ok(Box::new(SqliteStore::open(trimmed).await?))
    }
}

/// Maps a failed migration run to the user's terms; `driver` maps the
/// backend's own errors.
pub(crate) fn migrate_error(
    location: &str,
    e: sqlx::migrate::MigrateError,
    known: i64,
    driver: impl Fn(sqlx::Error) -> StoreError,
) -> StoreError {
    use sqlx::migrate::MigrateError;
    match e {
        MigrateError::VersionMissing(found) => StoreError::NewerSchema {
            location: location.to_string(),
            found,
            known,
        },
        MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _) => driver(e),
        MigrateError::VersionMismatch(version) | MigrateError::Dirty(version) => {
            StoreError::Corrupt {
                location: location.to_string(),
                reason: format!(
                    "its schema version {version} differs from the one this build would have written"
                ),
            }
        }
        other => StoreError::Other(format!("cannot update the schema of {location}: {other}")),
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
        assert!(SqliteStore::schema_version() >= 1);
    }

    #[tokio::test]
    async fn open_chooses_the_backend_from_the_location() {
        let store = open("sqlite::memory:", OpenMode::Create).await.unwrap();
        assert_eq!(store.location(), "sqlite::memory:");
        assert!(matches!(
            open("mysql://x/y", OpenMode::Create).await,
            Err(StoreError::UnsupportedUrl { .. })
        ));
        assert!(matches!(
            open("  ", OpenMode::Create).await,
            Err(StoreError::UnsupportedUrl { .. })
        ));

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
