//! The PostgreSQL backend, for server mode. Same schema and behaviour as the
//! SQLite backend, its own SQL and migrations.
//!
//! Opening makes one direct connection first, bounded by five seconds, so an
//! unreachable or misconfigured server is reported at once with its real
//! reason (the pool would retry a refused connection until its own timeout
//! and then say only "timed out"). That connection checks the schema version
//! and migrates; the pool is opened afterwards.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use coach::{Assessment, Feedback, Session, SetRecord};
use jiff::civil::Date;
use runs::Activity;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Postgres, Transaction};

use crate::rows::{
    ActivityValues, AssessmentRow, AssessmentValues, Decoder, SessionRow, SessionValues, SetRow,
    SetValues, date_bounds, date_text,
};
use crate::{ImportCounts, Store, StoreError, redact};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long opening waits for the server before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// `SELECT <every session column> FROM sessions <rest>`, as one literal.
macro_rules! select_sessions {
    ($rest:literal $(,)?) => {
        concat!(
            "SELECT id, date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note FROM sessions ",
            $rest
        )
    };
}

/// The PostgreSQL store. Cheap to share: it wraps a connection pool.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    location: String,
}

impl PgStore {
    /// Connects to the server at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`),
    /// applies pending migrations and opens a small pool.
    ///
    /// Fails within five seconds with [`StoreError::Unreachable`] when
    /// the server cannot be reached or refuses the login, and with
    /// [`StoreError::NewerSchema`] (changing nothing) when a newer runstrong
    /// has migrated the database. Messages never contain the password.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let location = redact(url);
        let unreachable = |reason: String| StoreError::Unreachable {
            location: location.clone(),
            reason: scrub(url, &reason),
        };
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| unreachable(format!("the URL is not valid: {e}")))?;

        let mut conn =
            match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await
            {
                Ok(Ok(conn)) => conn,
                Ok(Err(e)) => return Err(unreachable(connect_reason(&e))),
                Err(_) => {
                    return Err(unreachable(format!(
                        "no answer within {} seconds",
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
            .map_err(|e| unreachable(connect_reason(&e)))?;
        Ok(PgStore { pool, location })
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    fn err(&self, e: sqlx::Error) -> StoreError {
        map_err(&self.location, e)
    }

    fn decoder(&self) -> Decoder<'_> {
        Decoder {
            location: &self.location,
        }
    }

    async fn sets_of(&self, session_id: i64) -> Result<Vec<SetRow>, StoreError> {
        sqlx::query_as("SELECT * FROM sets WHERE session_id = $1 ORDER BY position")
            .bind(session_id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))
    }
}

/// Checks the schema version, then applies pending migrations.
async fn migrate(conn: &mut PgConnection, location: &str) -> Result<(), StoreError> {
    let newer = |found| StoreError::NewerSchema {
        location: location.to_string(),
        found,
        known: PgStore::schema_version(),
    };
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| map_err(location, e))?;
    if exists {
        let found: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| map_err(location, e))?;
        if let Some(found) = found
            && found > PgStore::schema_version()
        {
            return Err(newer(found));
        }
    }
    MIGRATOR.run(&mut *conn).await.map_err(|e| {
        crate::migrate_error(location, e, PgStore::schema_version(), |e| {
            map_err(location, e)
        })
    })
}

/// Why a connection attempt failed, in a few words.
fn connect_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
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

/// Maps a driver error to the user's terms.
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
        sqlx::Error::Database(db) => StoreError::Other(format!("{} (in {location})", db.message())),
        other => StoreError::Other(format!("{other} (in {location})")),
    }
}

fn is_foreign_key(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

fn is_unique(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn session_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: format!("session {id}"),
    }
}

const INSERT_SET: &str = "INSERT INTO sets
     (session_id, position, exercise, reps, target_reps, side, hold_s, tension_s, completed_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (session_id, position) DO NOTHING";

fn bind_set(
    session_id: i64,
    v: SetValues,
) -> sqlx::query::Query<'static, Postgres, <Postgres as sqlx::Database>::Arguments> {
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
    tx: &mut Transaction<'static, Postgres>,
    location: &str,
    activity: &Activity,
) -> Result<bool, StoreError> {
    let v = ActivityValues::new(activity)?;
    let id: Option<i64> = sqlx::query_scalar("INSERT INTO activities (fingerprint, start_ms, sport, distance_m, duration_s, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fingerprint) DO NOTHING RETURNING id")
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

/// Inserts a session with its sets inside `tx`; `None` when
/// `skip_duplicate` and its (source, started_at_ms) is already stored.
async fn insert_session_with_sets(
    tx: &mut Transaction<'static, Postgres>,
    location: &str,
    session: &Session,
    skip_duplicate: bool,
) -> Result<Option<i64>, StoreError> {
    let sets = session
        .sets
        .iter()
        .map(SetValues::new)
        .collect::<Result<Vec<_>, _>>()?;
    let v = SessionValues::new(session);
    let sql = if skip_duplicate {
        "INSERT INTO sessions (date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source, started_at_ms) DO NOTHING RETURNING id"
    } else {
        "INSERT INTO sessions (date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    };
    let id: Option<i64> = sqlx::query_scalar(sql)
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
impl Store for PgStore {
    fn location(&self) -> &str {
        &self.location
    }

    async fn create_session(&self, session: &Session) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
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
            "UPDATE sessions SET finished_at_ms = $1, rpe = $2, felt = $3, pain = $4 WHERE id = $5",
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
            "UPDATE sessions SET date = $1, rpe = $2, felt = $3, pain = $4, note = $5 WHERE id = $6",
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
        let row: Option<SessionRow> = sqlx::query_as(select_sessions!("WHERE id = $1"))
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
        // One REPEATABLE READ transaction, so sessions and sets come from one snapshot.
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(|e| self.err(e))?;
        let rows: Vec<SessionRow> = sqlx::query_as(select_sessions!(
            "WHERE date BETWEEN $1 AND $2 ORDER BY date, started_at_ms, id"
        ))
        .bind(from.clone())
        .bind(to.clone())
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        let sets: Vec<SetRow> = sqlx::query_as(
            "SELECT sets.* FROM sessions JOIN sets ON sets.session_id = sessions.id
             WHERE sessions.date BETWEEN $1 AND $2
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
        let done = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn add_assessment(&self, assessment: &Assessment) -> Result<i64, StoreError> {
        let v = AssessmentValues::new(assessment)?;
        sqlx::query_scalar(
            "INSERT INTO assessments (date, taken_at_ms, body) VALUES ($1, $2, $3) RETURNING id",
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
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        for session in sessions {
            match insert_session_with_sets(&mut tx, &self.location, session, true).await? {
                Some(_) => counts.sessions_added += 1,
                None => counts.sessions_skipped += 1,
            }
        }
        for assessment in assessments {
            let v = AssessmentValues::new(assessment)?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO assessments (date, taken_at_ms, body) VALUES ($1, $2, $3)
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
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        for activity in activities {
            added.push(insert_activity(&mut tx, &self.location, activity).await?);
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(added)
    }

    async fn activities(&self, since_ms: Option<i64>) -> Result<Vec<Activity>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, body FROM activities WHERE start_ms >= $1 ORDER BY start_ms, id",
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
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))
    }

    async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
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
