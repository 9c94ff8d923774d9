//! Rows as both backends return them, and their conversion to and from the
//! coach's domain types. Column types are chosen so one row struct decodes
//! on both backends (SQLite INTEGER and PostgreSQL BIGINT are both `i64`;
//! REAL and DOUBLE PRECISION are both `f64`; dates are ISO text).
//!
//! Values are checked on the way in (no NaN seconds, no size beyond `i64`)
//! and anything read back that does not fit the domain (an unknown enum
//! value, a date that does not parse, a count that does not fit `u32`, JSON
//! that does not decode) is reported as [`StoreError::Corrupt`] naming the
//! row: it can only come from outside runstrong.

use std::collections::HashMap;

use coach::{Assessment, Feedback, PlannedItem, Session, SetRecord};
use jiff::civil::Date;

use crate::{SeenFile, StoreError, StoredActivity};

/// A `sessions` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub date: String,
    pub source: String,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    pub stage: Option<String>,
    pub rpe: Option<i64>,
    pub felt: Option<String>,
    pub pain: Option<i64>,
    pub note: Option<String>,
    pub prescribed: Option<String>,
}

/// A `sets` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SetRow {
    pub session_id: i64,
    pub position: i64,
    pub exercise: String,
    pub reps: i64,
    pub target_reps: i64,
    pub side: Option<String>,
    pub hold_s: f64,
    pub tension_s: f64,
    pub completed_at_ms: i64,
}

/// An `assessments` or `activities` row as read: the id and the JSON body.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct BodyRow {
    pub id: i64,
    pub body: String,
}

/// A `seen_files` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SeenFileRow {
    pub path: String,
    pub size: i64,
    pub modified_ms: i64,
    pub imported_at_ms: i64,
}

/// The columns a session is written with (everything but the id and sets).
pub(crate) struct SessionValues {
    pub date: String,
    pub source: String,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    pub stage: Option<String>,
    pub feedback: FeedbackValues,
    pub note: Option<String>,
    /// `None` when nothing was prescribed (the column stays NULL).
    pub prescribed: Option<String>,
}

impl SessionValues {
    /// Checks what JSON cannot hold faithfully: a prescribed hold of NaN or
    /// infinite seconds would be written as `null` and not read back.
    pub fn new(session: &Session) -> Result<SessionValues, StoreError> {
        let prescribed = if session.prescribed.is_empty() {
            None
        } else {
            if let Some(item) = session.prescribed.iter().find(|i| !i.hold_s.is_finite()) {
                return Err(StoreError::Other(format!(
                    "the {} prescribed for the session started at {} ms has a hold of {} seconds, expected a finite number",
                    item.exercise, session.started_at_ms, item.hold_s
                )));
            }
            Some(json(&session.prescribed, || {
                format!(
                    "the prescription of the session started at {} ms",
                    session.started_at_ms
                )
            })?)
        };
        Ok(SessionValues {
            date: date_text(session.date),
            source: session.source.as_str().to_string(),
            started_at_ms: session.started_at_ms,
            finished_at_ms: session.finished_at_ms,
            stage: session.stage.clone(),
            feedback: FeedbackValues::new(session.feedback),
            note: session.note.clone(),
            prescribed,
        })
    }
}

/// The end-of-session answers as columns.
pub(crate) struct FeedbackValues {
    pub rpe: Option<i64>,
    pub felt: Option<String>,
    pub pain: Option<i64>,
}

impl FeedbackValues {
    pub fn new(feedback: Feedback) -> FeedbackValues {
        FeedbackValues {
            rpe: feedback.rpe.map(i64::from),
            felt: feedback.felt.map(|f| f.as_str().to_string()),
            pain: feedback.pain.map(i64::from),
        }
    }
}

/// The columns a set is written with (everything but the session id).
pub(crate) struct SetValues {
    pub position: i64,
    pub exercise: String,
    pub reps: i64,
    pub target_reps: i64,
    pub side: Option<String>,
    pub hold_s: f64,
    pub tension_s: f64,
    pub completed_at_ms: i64,
}

impl SetValues {
    /// Checks what the database cannot hold faithfully: SQLite turns NaN into
    /// NULL, and JSON export has no NaN or infinity either.
    pub fn new(set: &SetRecord) -> Result<SetValues, StoreError> {
        for (name, value) in [
            ("hold time", set.hold_s),
            ("time under tension", set.tension_s),
        ] {
            if !value.is_finite() {
                return Err(StoreError::Other(format!(
                    "set {} of {} has a {name} of {value}, expected a finite number of seconds",
                    set.position, set.exercise
                )));
            }
        }
        Ok(SetValues {
            position: i64::from(set.position),
            exercise: set.exercise.clone(),
            reps: i64::from(set.reps),
            target_reps: i64::from(set.target_reps),
            side: set.side.map(|s| s.as_str().to_string()),
            hold_s: set.hold_s,
            tension_s: set.tension_s,
            completed_at_ms: set.completed_at_ms,
        })
    }
}

/// The columns an assessment is written with.
pub(crate) struct AssessmentValues {
    pub date: String,
    pub taken_at_ms: i64,
    pub body: String,
}

impl AssessmentValues {
    pub fn new(assessment: &Assessment) -> Result<AssessmentValues, StoreError> {
        // The id lives in its own column; a body without it stays valid when
        // copied into another database.
        let mut unstored = assessment.clone();
        unstored.id = 0;
        let body = json(&unstored, || {
            format!("the assessment taken at {} ms", assessment.taken_at_ms)
        })?;
        Ok(AssessmentValues {
            date: date_text(assessment.date),
            taken_at_ms: assessment.taken_at_ms,
            body,
        })
    }
}

/// The columns of one activity row; the body is the whole activity as JSON.
pub(crate) struct ActivityValues {
    pub fingerprint: String,
    pub start_ms: i64,
    pub sport: String,
    pub distance_m: f64,
    pub duration_s: f64,
    pub body: String,
}

impl ActivityValues {
    pub fn new(activity: &runs::Activity) -> Result<ActivityValues, StoreError> {
        let body = json(activity, || format!("the activity from {}", activity.file))?;
        let sport = serde_json::to_value(activity.sport)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if !activity.distance_m.is_finite() || !activity.duration_s.is_finite() {
            return Err(StoreError::Other(format!(
                "the activity from {} has a distance or duration that is not a number",
                activity.file
            )));
        }
        Ok(ActivityValues {
            fingerprint: activity.fingerprint.clone(),
            start_ms: activity.start.as_millisecond(),
            sport,
            distance_m: activity.distance_m,
            duration_s: activity.duration_s,
            body,
        })
    }
}

/// The columns of one `seen_files` row.
pub(crate) struct SeenFileValues {
    pub path: String,
    pub size: i64,
    pub modified_ms: i64,
    pub imported_at_ms: i64,
}

impl SeenFileValues {
    pub fn new(file: &SeenFile) -> Result<SeenFileValues, StoreError> {
        let size = i64::try_from(file.size).map_err(|_| {
            StoreError::Other(format!(
                "{} has a size of {} bytes, more than the database can hold",
                file.path, file.size
            ))
        })?;
        Ok(SeenFileValues {
            path: file.path.clone(),
            size,
            modified_ms: file.modified_ms,
            imported_at_ms: file.imported_at_ms,
        })
    }
}

/// `value` as JSON text; `what` names it in the message should that fail.
fn json<T: serde::Serialize + ?Sized>(
    value: &T,
    what: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Other(format!("{} cannot be written as JSON: {e}", what())))
}

/// A civil date as stored: `YYYY-MM-DD`, which sorts as text.
pub(crate) fn date_text(date: Date) -> String {
    date.to_string()
}

/// The stored text bounds of an inclusive date range, open ends filled with
/// bounds every stored date sorts within (so the date index is used).
pub(crate) fn date_bounds(from: Option<Date>, to: Option<Date>) -> (String, String) {
    (
        from.map_or_else(String::new, date_text),
        date_text(to.unwrap_or(Date::MAX)),
    )
}

/// Turns rows into domain values, reporting misfits against `location`.
pub(crate) struct Decoder<'a> {
    pub location: &'a str,
}

impl Decoder<'_> {
    fn corrupt(&self, reason: String) -> StoreError {
        StoreError::Corrupt {
            location: self.location.to_string(),
            reason,
        }
    }

    fn small<T: TryFrom<i64>>(&self, value: i64, what: &str, owner: &str) -> Result<T, StoreError> {
        T::try_from(value)
            .map_err(|_| self.corrupt(format!("{owner} has {what} {value}, which is out of range")))
    }

    /// One of the coach's named values (source, felt, side).
    fn named<T: std::str::FromStr<Err = coach::model::ParseError>>(
        &self,
        value: &str,
        owner: &str,
    ) -> Result<T, StoreError> {
        value.parse().map_err(|e: coach::model::ParseError| {
            self.corrupt(format!(
                "{owner} has the value {value:?} for {}, expected {}",
                e.what, e.expected
            ))
        })
    }

    fn date(&self, value: &str, owner: &str) -> Result<Date, StoreError> {
        value.parse().map_err(|_| {
            self.corrupt(format!(
                "{owner} has the date {value:?}, expected a date as YYYY-MM-DD"
            ))
        })
    }

    /// A JSON column; `what` names it in the message.
    fn json<T: serde::de::DeserializeOwned>(
        &self,
        text: &str,
        what: &str,
        owner: &str,
    ) -> Result<T, StoreError> {
        serde_json::from_str(text)
            .map_err(|e| self.corrupt(format!("{owner} has {what} that cannot be read: {e}")))
    }

    /// One session from its row and its sets (in any order; sorted here).
    pub fn session(&self, row: SessionRow, sets: Vec<SetRow>) -> Result<Session, StoreError> {
        let owner = format!("session {}", row.id);
        let mut sets = sets
            .into_iter()
            .map(|s| self.set(s))
            .collect::<Result<Vec<_>, _>>()?;
        sets.sort_by_key(|s| s.position);
        let prescribed: Vec<PlannedItem> = match &row.prescribed {
            Some(text) => self.json(text, "a prescription", &owner)?,
            None => Vec::new(),
        };
        Ok(Session {
            id: row.id,
            date: self.date(&row.date, &owner)?,
            source: self.named(&row.source, &owner)?,
            started_at_ms: row.started_at_ms,
            finished_at_ms: row.finished_at_ms,
            stage: row.stage,
            feedback: Feedback {
                rpe: row.rpe.map(|v| self.small(v, "RPE", &owner)).transpose()?,
                felt: row.felt.map(|v| self.named(&v, &owner)).transpose()?,
                pain: row
                    .pain
                    .map(|v| self.small(v, "pain", &owner))
                    .transpose()?,
            },
            note: row.note,
            prescribed,
            sets,
        })
    }

    fn set(&self, row: SetRow) -> Result<SetRecord, StoreError> {
        let owner = format!("set {} of session {}", row.position, row.session_id);
        Ok(SetRecord {
            exercise: row.exercise,
            position: self.small(row.position, "position", &owner)?,
            reps: self.small(row.reps, "reps", &owner)?,
            target_reps: self.small(row.target_reps, "target reps", &owner)?,
            side: row.side.map(|v| self.named(&v, &owner)).transpose()?,
            hold_s: row.hold_s,
            tension_s: row.tension_s,
            completed_at_ms: row.completed_at_ms,
        })
    }

    /// Sessions (already in order) with their sets, matched by session id.
    pub fn sessions(
        &self,
        rows: Vec<SessionRow>,
        sets: Vec<SetRow>,
    ) -> Result<Vec<Session>, StoreError> {
        let mut by_session: HashMap<i64, Vec<SetRow>> = HashMap::new();
        for set in sets {
            by_session.entry(set.session_id).or_default().push(set);
        }
        rows.into_iter()
            .map(|row| {
                let sets = by_session.remove(&row.id).unwrap_or_default();
                self.session(row, sets)
            })
            .collect()
    }

    pub fn activity(&self, row: &BodyRow) -> Result<StoredActivity, StoreError> {
        let owner = format!("activity {}", row.id);
        Ok(StoredActivity {
            id: row.id,
            activity: self.json(&row.body, "a body", &owner)?,
        })
    }

    pub fn assessment(&self, row: &BodyRow) -> Result<Assessment, StoreError> {
        let owner = format!("assessment {}", row.id);
        let mut assessment: Assessment = self.json(&row.body, "a body", &owner)?;
        assessment.id = row.id;
        Ok(assessment)
    }

    pub fn seen_file(&self, row: SeenFileRow) -> Result<SeenFile, StoreError> {
        let owner = format!("the seen file {:?}", row.path);
        Ok(SeenFile {
            size: self.small(row.size, "size", &owner)?,
            path: row.path,
            modified_ms: row.modified_ms,
            imported_at_ms: row.imported_at_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use coach::{Felt, Side, Source};

    fn decoder() -> Decoder<'static> {
        Decoder {
            location: "test.db",
        }
    }

    fn session_row() -> SessionRow {
        SessionRow {
            id: 7,
            date: "2026-03-01".into(),
            source: "web".into(),
            started_at_ms: 1_000,
            finished_at_ms: Some(2_000),
            stage: Some("activation".into()),
            rpe: Some(6),
            felt: Some("front-of-hip".into()),
            pain: Some(0),
            note: None,
            prescribed: None,
        }
    }

    fn set_row(position: i64) -> SetRow {
        SetRow {
            session_id: 7,
            position,
            exercise: "clamshell".into(),
            reps: 12,
            target_reps: 12,
            side: Some("left".into()),
            hold_s: 0.1 + 0.2,
            tension_s: 1e-300,
            completed_at_ms: 1_500,
        }
    }

    #[test]
    fn decodes_a_session_with_sets_in_position_order() {
        let session = decoder()
            .session(session_row(), vec![set_row(2), set_row(1)])
            .unwrap();
        assert_eq!(session.id, 7);
        assert_eq!(session.date, jiff::civil::date(2026, 3, 1));
        assert_eq!(session.source, Source::Web);
        assert_eq!(session.feedback.felt, Some(Felt::FrontOfHip));
        assert_eq!(
            session.sets.iter().map(|s| s.position).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(session.sets[0].side, Some(Side::Left));
        assert_eq!(session.sets[0].hold_s.to_bits(), (0.1f64 + 0.2).to_bits());
    }

    /// The message of the `Corrupt` error decoding `row` must give.
    fn corrupt_session(row: SessionRow) -> String {
        let err = decoder().session(row, vec![]).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        err.to_string()
    }

    #[test]
    fn unknown_values_are_corrupt_not_panics() {
        let mut row = session_row();
        row.felt = Some("elbow".into());
        let message = corrupt_session(row);
        let expected = "session 7 has the value \"elbow\" for where it was felt, expected";
        assert!(message.contains(expected), "{message}");

        let mut row = session_row();
        row.rpe = Some(300);
        corrupt_session(row);

        let mut row = session_row();
        row.date = "yesterday".into();
        let message = corrupt_session(row);
        let expected = "session 7 has the date \"yesterday\", expected a date as YYYY-MM-DD";
        assert!(message.contains(expected), "{message}");

        let mut row = session_row();
        row.prescribed = Some("[{\"exercise\": 3}]".into());
        let message = corrupt_session(row);
        assert!(
            message.contains("session 7 has a prescription"),
            "{message}"
        );

        let negative = SeenFileRow {
            path: "runs/a.fit".into(),
            size: -1,
            modified_ms: 0,
            imported_at_ms: 0,
        };
        assert!(matches!(
            decoder().seen_file(negative),
            Err(StoreError::Corrupt { .. })
        ));

        let mut set = set_row(1);
        set.reps = -1;
        assert!(matches!(
            decoder().session(session_row(), vec![set]),
            Err(StoreError::Corrupt { .. })
        ));

        let bad = BodyRow {
            id: 3,
            body: "{".into(),
        };
        assert!(matches!(
            decoder().assessment(&bad),
            Err(StoreError::Corrupt { .. })
        ));
    }

    #[test]
    fn a_prescription_round_trips_exactly_and_null_reads_as_none() {
        let mut session = decoder().session(session_row(), vec![]).unwrap();
        assert!(session.prescribed.is_empty());
        assert_eq!(SessionValues::new(&session).unwrap().prescribed, None);

        session.prescribed = vec![PlannedItem {
            exercise: "clamshell".into(),
            sets: 3,
            reps: 12,
            per_side: true,
            hold_s: 0.1 + 0.2,
            start_side: Some(coach::Side::Right),
        }];
        let mut row = session_row();
        row.prescribed = SessionValues::new(&session).unwrap().prescribed;
        let back = decoder().session(row, vec![]).unwrap();
        assert_eq!(back.prescribed, session.prescribed);
        assert_eq!(
            back.prescribed[0].hold_s.to_bits(),
            (0.1f64 + 0.2).to_bits()
        );

        session.prescribed[0].hold_s = f64::INFINITY;
        assert!(matches!(
            SessionValues::new(&session),
            Err(StoreError::Other(_))
        ));
    }

    #[test]
    fn a_seen_file_larger_than_the_column_is_refused() {
        let file = SeenFile {
            path: "huge.fit".into(),
            size: u64::MAX,
            modified_ms: 0,
            imported_at_ms: 0,
        };
        let err = SeenFileValues::new(&file).err().unwrap();
        assert!(err.to_string().contains("huge.fit"), "{err}");
    }

    #[test]
    fn sets_are_matched_to_their_sessions() {
        let mut other = session_row();
        other.id = 8;
        let mut stray = set_row(1);
        stray.session_id = 8;
        let sessions = decoder()
            .sessions(
                vec![session_row(), other],
                vec![set_row(1), stray, set_row(2)],
            )
            .unwrap();
        assert_eq!(sessions[0].sets.len(), 2);
        assert_eq!(sessions[1].sets.len(), 1);
    }

    #[test]
    fn dates_are_stored_as_sortable_iso_text() {
        assert_eq!(date_text(jiff::civil::date(2026, 1, 9)), "2026-01-09");
        assert!(
            date_text(jiff::civil::date(2026, 1, 9)) < date_text(jiff::civil::date(2026, 10, 1))
        );
    }

    #[test]
    fn open_date_bounds_hold_every_date() {
        let (from, to) = date_bounds(None, None);
        for day in [
            jiff::civil::date(1, 1, 1),
            jiff::civil::date(2026, 3, 1),
            Date::MAX,
        ] {
            let text = date_text(day);
            assert!(from <= text && text <= to, "{text}");
        }
        let (from, to) = date_bounds(
            Some(jiff::civil::date(2026, 3, 1)),
            Some(jiff::civil::date(2026, 3, 2)),
        );
        assert_eq!((from.as_str(), to.as_str()), ("2026-03-01", "2026-03-02"));
    }

    #[test]
    fn non_finite_seconds_are_refused() {
        let set = SetRecord {
            exercise: "bridge".into(),
            position: 1,
            reps: 10,
            target_reps: 10,
            side: None,
            hold_s: f64::NAN,
            tension_s: 3.0,
            completed_at_ms: 0,
        };
        assert!(matches!(SetValues::new(&set), Err(StoreError::Other(_))));
    }
}
