//! The PostgreSQL backend, for server mode. The data code is shared
//! (`data`); this file holds what only PostgreSQL needs: connecting,
//! inspecting and migrating, and the mapping of its errors.
//!
//! Opening makes one direct connection first, bounded by five seconds, so an
//! unreachable or misconfigured server, or something that is not a
//! PostgreSQL server at all, is reported at once with its real reason (the
//! pool would retry a refused connection until its own timeout and then say
//! only "timed out"). That connection checks the schema version and the
//! tables, and migrates; the pool is opened afterwards.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::{Connection, Postgres};

use crate::backend::Backend;
use crate::{PgStore, SqlStore, StoreError, redact};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long opening waits for the server before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLSTATEs that get a message of their own
/// (<https://www.postgresql.org/docs/current/errcodes-appendix.html>).
const DISK_FULL: &str = "53100";
const READ_ONLY_TRANSACTION: &str = "25006";

impl Backend for Postgres {
    const BEGIN_SNAPSHOT: &'static str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    const SELECT_ACTIVITY_SUMMARIES: &'static str =
        "SELECT id, (body::jsonb - 'track' - 'splits' - 'pauses')::text AS body
         FROM activities WHERE start_ms >= $1 AND start_ms < $2 ORDER BY start_ms, id";
    const MIGRATOR: &'static sqlx::migrate::Migrator = &MIGRATOR;

    fn map_err(location: &str, e: sqlx::Error) -> StoreError {
        let location = location.to_string();
        match e {
            sqlx::Error::Io(io) => StoreError::Unreachable {
                location,
                reason: io.to_string(),
            },
            sqlx::Error::PoolTimedOut => StoreError::Unreachable {
                location,
                reason: format!(
                    "no connection became free within {} seconds",
                    CONNECT_TIMEOUT.as_secs()
                ),
            },
            sqlx::Error::Database(db) => match db.code().as_deref() {
                Some(DISK_FULL) => StoreError::DiskFull { location },
                Some(READ_ONLY_TRANSACTION) => StoreError::ReadOnly {
                    location,
                    reason: "the server only allows reading (a standby, or read-only by setting)"
                        .into(),
                },
                _ => StoreError::Other(format!("{} (in {location})", db.message())),
            },
            other => StoreError::Other(format!("{other} (in {location})")),
        }
    }
}

impl SqlStore<Postgres> {
    /// Connects to the server at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`),
    /// applies pending migrations and opens a small pool.
    ///
    /// Fails within five seconds with [`StoreError::Unreachable`] when the
    /// server cannot be reached, does not answer as PostgreSQL or refuses
    /// the login; with [`StoreError::NewerSchema`] when a newer runstrong has
    /// migrated the database, and with [`StoreError::Corrupt`] when a
    /// runstrong database lacks one of its tables (changing nothing in
    /// either case). Messages never contain the password.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let location = redact(url);
        let unreachable = |reason: String| StoreError::Unreachable {
            location: location.clone(),
            reason: scrub(url, &reason),
        };
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| unreachable(format!("the URL is not valid: {e}")))?;
        let server = format!("{}:{}", options.get_host(), options.get_port());

        let mut conn =
            match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await
            {
                Ok(Ok(conn)) => conn,
                Ok(Err(e)) => return Err(unreachable(connect_reason(&server, &e))),
                Err(_) => {
                    return Err(unreachable(format!(
                        "{server} did not answer as a PostgreSQL server within {} seconds",
                        CONNECT_TIMEOUT.as_secs()
                    )));
                }
            };
        let migrated = migrate(&mut conn, &location).await;
        // The migration connection is done either way; closing it is best effort.
        let _ = conn.close().await;
        migrated?;

        let pool = PgPoolOptions::new()
            .max_connections(5)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| unreachable(connect_reason(&server, &e)))?;
        Ok(SqlStore::from_pool(pool, location))
    }
}

/// Checks the schema version and the tables, then applies pending migrations.
async fn migrate(conn: &mut PgConnection, location: &str) -> Result<(), StoreError> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Postgres::map_err(location, e))?;
    if exists {
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| Postgres::map_err(location, e))?;
        PgStore::refuse_newer(location, applied)?;
        if let Some(version) = applied {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = current_schema()",
            )
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Postgres::map_err(location, e))?;
            PgStore::refuse_missing_tables(location, version, &tables)?;
        }
    }
    MIGRATOR
        .run(&mut *conn)
        .await
        .map_err(|e| PgStore::migration_failed(location, e))
}

/// Why a connection attempt to `server` (host:port) failed, in a few words.
///
/// Something other than PostgreSQL listening there (a web server, say)
/// shows up in one of two ways, as sqlx reports it: this build (no TLS)
/// reads the reply's first bytes as a message header with a huge length and
/// meets the end of the stream when the server hangs up (an I/O error of
/// kind `UnexpectedEof`); with a TLS backend, sqlx would first send an
/// SSLRequest and report any answer but `S` or `N` as a protocol error. A
/// server that neither answers nor hangs up runs into the timeout.
fn connect_reason(server: &str, e: &sqlx::Error) -> String {
    let not_postgres = || format!("{server} did not answer as a PostgreSQL server");
    match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Protocol(_) => not_postgres(),
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("{} (it closed the connection)", not_postgres())
        }
        sqlx::Error::Io(io) => format!("{server}: {io}"),
        sqlx::Error::PoolTimedOut => {
            format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs())
        }
        other => other.to_string(),
    }
}

/// `text` with the password of `url`, if any, replaced by `***`.
fn scrub(url: &str, text: &str) -> String {
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split(['/', '?']).next())
        .and_then(|authority| authority.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password)
        .filter(|p| !p.is_empty());
    match password {
        Some(p) => text.replace(p, "***"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_the_password_wherever_it_appears() {
        let url = "postgres://coach:s3cret@db.example:5432/runstrong";
        assert_eq!(
            scrub(url, "password s3cret was rejected"),
            "password *** was rejected"
        );
        assert_eq!(scrub("postgres://coach@db/x", "plain"), "plain");
    }

    #[tokio::test]
    async fn a_malformed_url_is_unreachable_without_the_password() {
        let err = PgStore::open("postgres://coach:s3cret@db.example:notaport/x")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Unreachable { .. }), "{err}");
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }
}
