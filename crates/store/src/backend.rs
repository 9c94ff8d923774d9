//! The store type, [`SqlStore`], and what a backend supplies ([`Backend`]):
//! its migrations, the statements that begin a writing or a reading
//! transaction, and the mapping of its driver's errors. The data code over
//! it is in `data`; opening lives in `sqlite` and `postgres`.

use std::fmt;

use sqlx::{IntoArguments, Pool, Transaction};

use crate::StoreError;
use crate::rows::Decoder;

mod sealed {
    /// Only the two drivers this crate supports are backends.
    pub trait Sealed {}
    impl Sealed for sqlx::Sqlite {}
    impl Sealed for sqlx::Postgres {}
}

/// What differs between the databases the data code runs on. Implemented
/// for `sqlx::Sqlite` (in `sqlite`) and `sqlx::Postgres` (in `postgres`) only.
pub trait Backend: sqlx::Database<Arguments: IntoArguments<Self>> + sealed::Sealed {
    /// Starts a transaction that will write. SQLite says `BEGIN IMMEDIATE`,
    /// taking the write lock up front so that its busy timeout applies
    /// instead of a "database is locked" in the middle of the transaction.
    const BEGIN_WRITE: &'static str = "BEGIN";
    /// Starts a transaction that reads several tables from one snapshot.
    /// PostgreSQL asks for REPEATABLE READ (its default isolation gives each
    /// statement its own snapshot).
    const BEGIN_SNAPSHOT: &'static str = "BEGIN";
    /// Selects `id, body` of the activities starting in `$1..$2`, oldest
    /// first, the body without its heavy fields (`track`, `splits` and
    /// `pauses`, which only a run's own page shows): the one query whose
    /// JSON function differs between the databases.
    const SELECT_ACTIVITY_SUMMARIES: &'static str;
    /// The embedded, append-only migrations.
    const MIGRATOR: &'static sqlx::migrate::Migrator;

    /// Maps a driver error to the user's terms; `location` names the database.
    fn map_err(location: &str, e: sqlx::Error) -> StoreError;
}

/// The store over one backend; see [`crate::SqliteStore`] and
/// [`crate::PgStore`]. Cheap to share: it wraps a connection pool.
pub struct SqlStore<DB: sqlx::Database> {
    pub(crate) pool: Pool<DB>,
    pub(crate) location: String,
}

impl<DB: sqlx::Database> Clone for SqlStore<DB> {
    fn clone(&self) -> Self {
        SqlStore {
            pool: self.pool.clone(),
            location: self.location.clone(),
        }
    }
}

impl<DB: sqlx::Database> fmt::Debug for SqlStore<DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlStore")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl<DB: Backend> SqlStore<DB> {
    /// A store over an opened, migrated pool.
    pub(crate) fn from_pool(pool: Pool<DB>, location: String) -> SqlStore<DB> {
        SqlStore { pool, location }
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        DB::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// The tables the migrations up to `version` create, read from their SQL.
    pub(crate) fn tables_at(version: i64) -> Vec<String> {
        DB::MIGRATOR
            .iter()
            .filter(|m| m.version <= version)
            .flat_map(|m| {
                m.sql
                    .as_str()
                    .lines()
                    .filter_map(|line| line.trim().strip_prefix("CREATE TABLE "))
                    .filter_map(|rest| rest.split([' ', '(']).next())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Refuses a database migrated by a newer runstrong (`applied` is its
    /// highest migration, `None` for a new database).
    pub(crate) fn refuse_newer(location: &str, applied: Option<i64>) -> Result<(), StoreError> {
        let known = Self::schema_version();
        match applied {
            Some(found) if found > known => Err(StoreError::NewerSchema {
                location: location.to_string(),
                found,
                known,
            }),
            _ => Ok(()),
        }
    }

    /// Refuses a runstrong database at schema `version` that lacks one of
    /// the tables its migrations created (`present` are the tables it has).
    pub(crate) fn refuse_missing_tables(
        location: &str,
        version: i64,
        present: &[String],
    ) -> Result<(), StoreError> {
        match Self::tables_at(version)
            .into_iter()
            .find(|table| !present.contains(table))
        {
            Some(table) => Err(StoreError::Corrupt {
                location: location.to_string(),
                reason: format!("its table {table} is missing"),
            }),
            None => Ok(()),
        }
    }

    /// A failed migration run in the user's terms.
    pub(crate) fn migration_failed(location: &str, e: sqlx::migrate::MigrateError) -> StoreError {
        crate::errors::migrate_error(location, e, Self::schema_version(), |e| {
            DB::map_err(location, e)
        })
    }

    /// The location, for the backends' own messages.
    pub(crate) fn location_text(&self) -> &str {
        &self.location
    }

    /// The pool, for the backends' own tests.
    #[cfg(test)]
    pub(crate) fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    pub(crate) fn err(&self, e: sqlx::Error) -> StoreError {
        DB::map_err(&self.location, e)
    }

    pub(crate) fn decoder(&self) -> Decoder<'_> {
        Decoder {
            location: &self.location,
        }
    }

    pub(crate) async fn begin(
        &self,
        statement: &'static str,
    ) -> Result<Transaction<'static, DB>, StoreError> {
        self.pool
            .begin_with(statement)
            .await
            .map_err(|e| self.err(e))
    }

    pub(crate) async fn commit(&self, tx: Transaction<'static, DB>) -> Result<(), StoreError> {
        tx.commit().await.map_err(|e| self.err(e))
    }
}
