//! The data code, written once for both backends: [`SqlStore`] implements
//! every [`Store`] method for any [`Backend`]. One SQL text serves both
//! databases: placeholders are `$N` (sqlx's SQLite driver binds them by
//! number, as PostgreSQL does), counts of changed rows come from `RETURNING`,
//! and every value is an `i64`, an `f64` or text, which both drivers encode
//! and decode alike.
//!
//! What a backend supplies ([`Backend`], in `backend`) is only what truly
//! differs: its migrations, the statements that begin a writing or a
//! reading transaction, and the mapping of its driver's errors. Opening
//! lives in `sqlite` and `postgres`.

use async_trait::async_trait;
use coach::{Assessment, CheckIn, Feedback, Session, SetRecord, Source};
use jiff::civil::Date;
use runs::Activity;
use sqlx::query::QueryScalar;
use sqlx::{ColumnIndex, Decode, Encode, Executor, Transaction, Type};

use crate::backend::{Backend, SqlStore};
use crate::rows::{
    ActivityValues, BodyRow, DatedValues, FeedbackValues, SeenFileRow, SeenFileValues, SessionRow,
    SessionValues, SetRow, SetValues, date_bounds, date_text,
};
use crate::{ImportCounts, SeenFile, Store, StoreError, StoredActivity};

/// `SELECT <every session column> FROM sessions <rest>`, as one literal.
macro_rules! select_sessions {
    ($($rest:expr),+ $(,)?) => {
        concat!(
            "SELECT id, date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note, prescribed FROM sessions ",
            $($rest),+
        )
    };
}

/// The sessions of a date range, and any whose date text is too damaged
/// to be placed (so reading reports it instead of skipping it).
macro_rules! in_range {
    ($table:literal) => {
        concat!(
            "WHERE ",
            $table,
            "date BETWEEN $1 AND $2 OR length(",
            $table,
            "date) <> 10 "
        )
    };
}

/// `INSERT INTO sessions <every column but the id> <rest>`, as one literal.
macro_rules! insert_session {
    ($rest:literal) => {
        concat!(
            "INSERT INTO sessions
             (date, source, started_at_ms, finished_at_ms, stage, rpe, felt, pain, note, prescribed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ",
            $rest
        )
    };
}

const INSERT_SET: &str = "INSERT INTO sets
     (session_id, position, exercise, reps, target_reps, side, hold_s, tension_s, completed_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (session_id, position) DO NOTHING RETURNING position";

/// The tables that keep a whole record as JSON beside its day and time. The
/// statements on them are built with [`Dated::table`], whose names come from
/// this closed list only (hence `AssertSqlSafe`).
#[derive(Debug, Clone, Copy)]
enum Dated {
    Assessment,
    CheckIn,
}

impl Dated {
    fn table(self) -> &'static str {
        match self {
            Dated::Assessment => "assessments",
            Dated::CheckIn => "check_ins",
        }
    }

    /// The record in a sentence ("an assessment taken at …").
    fn what(self) -> &'static str {
        match self {
            Dated::Assessment => "an assessment",
            Dated::CheckIn => "a check-in",
        }
    }
}

fn session_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: format!("session {id}"),
    }
}

/// Whether a driver error is a uniqueness violation.
fn is_unique(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Whether a driver error is a foreign-key violation (an unknown session).
fn is_foreign_key(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

/// An instant for messages: the UTC time, or the raw milliseconds if out of range.
fn instant(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| format!("{ms} ms"), |t| t.to_string())
}

/// What to do with a session whose (source, started_at_ms) is taken.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnDuplicate {
    Refuse,
    Skip,
}

// The bounds below say what the data code asks of a driver: executing on a
// connection, and encoding and decoding integers, reals and text. Both
// drivers meet them; they are spelled out twice (here and on the `Store`
// impl) because Rust does not carry such bounds from a trait to its users.
impl<DB> SqlStore<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    i64: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    f64: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    String: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    Option<i64>: for<'q> Encode<'q, DB>,
    Option<String>: for<'q> Encode<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'n> &'n str: ColumnIndex<DB::Row>,
{
    /// Inserts one set unless its position is taken; returns the position
    /// when added.
    fn insert_set(session_id: i64, v: SetValues) -> QueryScalar<'static, DB, i64, DB::Arguments> {
        sqlx::query_scalar(INSERT_SET)
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

    /// Inserts a session with its sets inside `tx`; `None` when skipped.
    async fn insert_session(
        &self,
        tx: &mut Transaction<'static, DB>,
        session: &Session,
        on_duplicate: OnDuplicate,
    ) -> Result<Option<i64>, StoreError> {
        let v = SessionValues::new(session)?;
        let sets = session
            .sets
            .iter()
            .map(SetValues::new)
            .collect::<Result<Vec<_>, _>>()?;
        let sql = match on_duplicate {
            OnDuplicate::Refuse => insert_session!("RETURNING id"),
            OnDuplicate::Skip => {
                insert_session!("ON CONFLICT (source, started_at_ms) DO NOTHING RETURNING id")
            }
        };
        let inserted: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(sql)
            .bind(v.date)
            .bind(v.source)
            .bind(v.started_at_ms)
            .bind(v.finished_at_ms)
            .bind(v.stage)
            .bind(v.feedback.rpe)
            .bind(v.feedback.felt)
            .bind(v.feedback.pain)
            .bind(v.note)
            .bind(v.prescribed)
            .fetch_optional(&mut **tx)
            .await;
        let id = match inserted {
            Ok(Some(id)) => id,
            Ok(None) => return Ok(None),
            Err(e) if is_unique(&e) => {
                return Err(StoreError::Duplicate {
                    what: format!(
                        "a {} session started at {}",
                        session.source.as_str(),
                        instant(session.started_at_ms)
                    ),
                });
            }
            Err(e) => return Err(self.err(e)),
        };
        for set in sets {
            Self::insert_set(id, set)
                .fetch_optional(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(Some(id))
    }

    /// Inserts one dated record into `kind`'s table; `None` when skipped.
    async fn insert_dated(
        &self,
        tx: &mut Transaction<'static, DB>,
        kind: Dated,
        v: DatedValues,
        on_duplicate: OnDuplicate,
    ) -> Result<Option<i64>, StoreError> {
        let conflict = match on_duplicate {
            OnDuplicate::Refuse => "",
            OnDuplicate::Skip => " ON CONFLICT (taken_at_ms) DO NOTHING",
        };
        let sql = format!(
            "INSERT INTO {} (date, taken_at_ms, body) VALUES ($1, $2, $3){conflict} RETURNING id",
            kind.table()
        );
        let taken_at_ms = v.taken_at_ms;
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(v.date)
            .bind(v.taken_at_ms)
            .bind(v.body)
            .fetch_optional(&mut **tx)
            .await
            .map_err(|e| {
                if is_unique(&e) {
                    StoreError::Duplicate {
                        what: format!("{} taken at {}", kind.what(), instant(taken_at_ms)),
                    }
                } else {
                    self.err(e)
                }
            })
    }

    /// Stores one dated record, refusing a duplicate; returns its id.
    async fn add_dated(&self, kind: Dated, v: DatedValues) -> Result<i64, StoreError> {
        let mut tx = self.begin(DB::BEGIN_WRITE).await?;
        let id = self
            .insert_dated(&mut tx, kind, v, OnDuplicate::Refuse)
            .await?
            .ok_or_else(|| StoreError::Other(format!("the new {} was not stored", kind.table())))?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// The rows of `kind`'s table dated within `from..=to`, oldest first.
    /// An unbounded read selects every row, so no damaged one is hidden.
    async fn dated_rows(
        &self,
        kind: Dated,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<BodyRow>, StoreError> {
        let order = "ORDER BY date, taken_at_ms, id";
        if from.is_none() && to.is_none() {
            let sql = format!("SELECT id, body FROM {} {order}", kind.table());
            return sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err(e));
        }
        let (from, to) = date_bounds(from, to);
        let sql = format!(
            "SELECT id, body FROM {} WHERE date >= $1 AND date <= $2 {order}",
            kind.table()
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))
    }

    /// Inserts one activity unless its fingerprint is stored; true when added.
    async fn insert_activity(
        &self,
        tx: &mut Transaction<'static, DB>,
        activity: &Activity,
    ) -> Result<bool, StoreError> {
        let v = ActivityValues::new(activity)?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO activities (fingerprint, start_ms, sport, distance_m, duration_s, body)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fingerprint) DO NOTHING RETURNING id",
        )
        .bind(v.fingerprint)
        .bind(v.start_ms)
        .bind(v.sport)
        .bind(v.distance_m)
        .bind(v.duration_s)
        .bind(v.body)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| self.err(e))?;
        Ok(id.is_some())
    }
}

#[async_trait]
impl<DB> Store for SqlStore<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    i64: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    f64: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    String: Type<DB> + for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB>,
    Option<i64>: for<'q> Encode<'q, DB>,
    Option<String>: for<'q> Encode<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'n> &'n str: ColumnIndex<DB::Row>,
{
    fn location(&self) -> &str {
        &self.location
    }

    async fn create_session(&self, session: &Session) -> Result<i64, StoreError> {
        let mut tx = self.begin(DB::BEGIN_WRITE).await?;
        let id = self
            .insert_session(&mut tx, session, OnDuplicate::Refuse)
            .await?
            .ok_or_else(|| StoreError::Other("the new session was not stored".into()))?;
        self.commit(tx).await?;
        Ok(id)
    }

    async fn session_id_by_key(
        &self,
        source: Source,
        started_at_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT id FROM sessions WHERE source = $1 AND started_at_ms = $2")
            .bind(source.as_str().to_string())
            .bind(started_at_ms)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))
    }

    async fn add_set(&self, session_id: i64, set: &SetRecord) -> Result<bool, StoreError> {
        let values = SetValues::new(set)?;
        match Self::insert_set(session_id, values)
            .fetch_optional(&self.pool)
            .await
        {
            Ok(added) => Ok(added.is_some()),
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
        let v = FeedbackValues::new(feedback);
        let updated: Option<i64> = sqlx::query_scalar(
            "UPDATE sessions SET finished_at_ms = $1, rpe = $2, felt = $3, pain = $4
             WHERE id = $5 RETURNING id",
        )
        .bind(finished_at_ms)
        .bind(v.rpe)
        .bind(v.felt)
        .bind(v.pain)
        .bind(session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        updated
            .map(drop)
            .ok_or_else(|| session_not_found(session_id))
    }

    async fn update_session(
        &self,
        session_id: i64,
        date: Date,
        feedback: Feedback,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let v = FeedbackValues::new(feedback);
        let updated: Option<i64> = sqlx::query_scalar(
            "UPDATE sessions SET date = $1, rpe = $2, felt = $3, pain = $4, note = $5
             WHERE id = $6 RETURNING id",
        )
        .bind(date_text(date))
        .bind(v.rpe)
        .bind(v.felt)
        .bind(v.pain)
        .bind(note.map(str::to_string))
        .bind(session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        updated
            .map(drop)
            .ok_or_else(|| session_not_found(session_id))
    }

    async fn session(&self, id: i64) -> Result<Option<Session>, StoreError> {
        let mut tx = self.begin(DB::BEGIN_SNAPSHOT).await?;
        let row: Option<SessionRow> = sqlx::query_as(select_sessions!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        let sets: Vec<SetRow> =
            sqlx::query_as("SELECT * FROM sets WHERE session_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        self.commit(tx).await?;
        row.map(|row| self.decoder().session(row, sets)).transpose()
    }

    async fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Session>, StoreError> {
        // An unbounded read selects every row: no text range may hide a
        // damaged one.
        let (rows_sql, sets_sql) = if from.is_none() && to.is_none() {
            (
                select_sessions!("ORDER BY date, started_at_ms, id"),
                "SELECT * FROM sets ORDER BY session_id, position",
            )
        } else {
            (
                select_sessions!(in_range!(""), "ORDER BY date, started_at_ms, id"),
                concat!(
                    "SELECT sets.* FROM sessions JOIN sets ON sets.session_id = sessions.id ",
                    in_range!("sessions."),
                    "ORDER BY sets.session_id, sets.position"
                ),
            )
        };
        let bounds = (from.is_some() || to.is_some()).then(|| date_bounds(from, to));
        let mut rows = sqlx::query_as::<DB, SessionRow>(rows_sql);
        let mut sets = sqlx::query_as::<DB, SetRow>(sets_sql);
        if let Some((from, to)) = bounds {
            rows = rows.bind(from.clone()).bind(to.clone());
            sets = sets.bind(from).bind(to);
        }
        // One transaction, so sessions and sets come from one snapshot.
        let mut tx = self.begin(DB::BEGIN_SNAPSHOT).await?;
        let rows = rows.fetch_all(&mut *tx).await.map_err(|e| self.err(e))?;
        let sets = sets.fetch_all(&mut *tx).await.map_err(|e| self.err(e))?;
        self.commit(tx).await?;
        self.decoder().sessions(rows, sets)
    }

    async fn delete_session(&self, id: i64) -> Result<bool, StoreError> {
        let deleted: Option<i64> =
            sqlx::query_scalar("DELETE FROM sessions WHERE id = $1 RETURNING id")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(e))?;
        Ok(deleted.is_some())
    }

    async fn add_assessment(&self, assessment: &Assessment) -> Result<i64, StoreError> {
        self.add_dated(Dated::Assessment, DatedValues::assessment(assessment)?)
            .await
    }

    async fn assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let rows = self.dated_rows(Dated::Assessment, None, None).await?;
        rows.iter()
            .map(|row| self.decoder().assessment(row))
            .collect()
    }

    async fn add_check_in(&self, check_in: &CheckIn) -> Result<i64, StoreError> {
        self.add_dated(Dated::CheckIn, DatedValues::check_in(check_in)?)
            .await
    }

    async fn check_ins(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CheckIn>, StoreError> {
        let rows = self.dated_rows(Dated::CheckIn, from, to).await?;
        rows.iter()
            .map(|row| self.decoder().check_in(row))
            .collect()
    }

    async fn import(
        &self,
        sessions: &[Session],
        assessments: &[Assessment],
        check_ins: &[CheckIn],
        activities: &[Activity],
    ) -> Result<ImportCounts, StoreError> {
        let mut counts = ImportCounts::default();
        let mut tx = self.begin(DB::BEGIN_WRITE).await?;
        for session in sessions {
            match self
                .insert_session(&mut tx, session, OnDuplicate::Skip)
                .await?
            {
                Some(_) => counts.sessions_added += 1,
                None => counts.sessions_skipped += 1,
            }
        }
        for assessment in assessments {
            let v = DatedValues::assessment(assessment)?;
            match self
                .insert_dated(&mut tx, Dated::Assessment, v, OnDuplicate::Skip)
                .await?
            {
                Some(_) => counts.assessments_added += 1,
                None => counts.assessments_skipped += 1,
            }
        }
        for check_in in check_ins {
            let v = DatedValues::check_in(check_in)?;
            match self
                .insert_dated(&mut tx, Dated::CheckIn, v, OnDuplicate::Skip)
                .await?
            {
                Some(_) => counts.check_ins_added += 1,
                None => counts.check_ins_skipped += 1,
            }
        }
        for activity in activities {
            if self.insert_activity(&mut tx, activity).await? {
                counts.activities_added += 1;
            } else {
                counts.activities_skipped += 1;
            }
        }
        self.commit(tx).await?;
        Ok(counts)
    }

    async fn add_activities(&self, activities: &[Activity]) -> Result<Vec<bool>, StoreError> {
        let mut added = Vec::with_capacity(activities.len());
        let mut tx = self.begin(DB::BEGIN_WRITE).await?;
        for activity in activities {
            added.push(self.insert_activity(&mut tx, activity).await?);
        }
        self.commit(tx).await?;
        Ok(added)
    }

    async fn activities(
        &self,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    ) -> Result<Vec<StoredActivity>, StoreError> {
        // No stored start reaches i64::MAX (jiff's instants end in 9999).
        let rows: Vec<BodyRow> = sqlx::query_as(
            "SELECT id, body FROM activities WHERE start_ms >= $1 AND start_ms < $2
             ORDER BY start_ms, id",
        )
        .bind(from_ms.unwrap_or(i64::MIN))
        .bind(to_ms.unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|row| self.decoder().activity(row))
            .collect()
    }

    async fn activity_summaries(
        &self,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    ) -> Result<Vec<StoredActivity>, StoreError> {
        let rows: Vec<BodyRow> = sqlx::query_as(DB::SELECT_ACTIVITY_SUMMARIES)
            .bind(from_ms.unwrap_or(i64::MIN))
            .bind(to_ms.unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|row| self.decoder().activity(row))
            .collect()
    }

    async fn activity_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        u64::try_from(count)
            .map_err(|_| StoreError::Other(format!("counting activities gave {count}")))
    }

    async fn activity(&self, id: i64) -> Result<Option<(i64, Activity)>, StoreError> {
        let row: Option<BodyRow> = sqlx::query_as("SELECT id, body FROM activities WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        row.map(|row| {
            self.decoder()
                .activity(&row)
                .map(|stored| (stored.id, stored.activity))
        })
        .transpose()
    }

    async fn seen_files(&self) -> Result<Vec<SeenFile>, StoreError> {
        let rows: Vec<SeenFileRow> = sqlx::query_as(
            "SELECT path, size, modified_ms, imported_at_ms FROM seen_files ORDER BY path",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|row| self.decoder().seen_file(row))
            .collect()
    }

    async fn record_seen_files(&self, files: &[SeenFile]) -> Result<(), StoreError> {
        let values = files
            .iter()
            .map(SeenFileValues::new)
            .collect::<Result<Vec<_>, _>>()?;
        let mut tx = self.begin(DB::BEGIN_WRITE).await?;
        for v in values {
            sqlx::query(
                "INSERT INTO seen_files (path, size, modified_ms, imported_at_ms)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (path) DO UPDATE SET size = excluded.size,
                     modified_ms = excluded.modified_ms, imported_at_ms = excluded.imported_at_ms",
            )
            .bind(v.path)
            .bind(v.size)
            .bind(v.modified_ms)
            .bind(v.imported_at_ms)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        self.commit(tx).await
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
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
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
    use crate::{PgStore, SqliteStore};

    #[test]
    fn the_tables_of_each_version_are_read_from_the_migrations() {
        for tables in [SqliteStore::tables_at(1), PgStore::tables_at(1)] {
            assert_eq!(tables, ["sessions", "sets", "assessments", "settings"]);
        }
        for tables in [SqliteStore::tables_at(3), PgStore::tables_at(3)] {
            assert_eq!(
                tables,
                [
                    "sessions",
                    "sets",
                    "assessments",
                    "settings",
                    "activities",
                    "seen_files"
                ]
            );
        }
        for tables in [SqliteStore::tables_at(4), PgStore::tables_at(4)] {
            assert_eq!(tables.last().map(String::as_str), Some("check_ins"));
        }
        assert!(SqliteStore::tables_at(0).is_empty());
    }

    #[test]
    fn a_missing_table_is_named() {
        let present = ["sessions", "sets", "settings"].map(str::to_string);
        let err = SqliteStore::refuse_missing_tables("x.db", 1, &present).unwrap_err();
        assert!(
            err.to_string().contains("its table assessments is missing"),
            "{err}"
        );
        let mut present = present.to_vec();
        present.push("assessments".into());
        assert!(SqliteStore::refuse_missing_tables("x.db", 1, &present).is_ok());
    }
}
