//! Rows as both backends return them, and their conversion to and from the
//! coach's domain types. Column types are chosen so one row struct decodes
//! on both backends (SQLite INTEGER and PostgreSQL BIGINT are both `i64`;
//! REAL and DOUBLE PRECISION are both `f64`; dates are ISO text).
//!
//! Anything read back that does not fit the domain (an unknown enum value, a
//! date that does not parse, a count that does not fit `u32`) is reported as
//! [`StoreError::Corrupt`]: it can only come from outside runstrong.

use std::collections::HashMap;

use coach::{Assessment, Feedback, Session, SetRecord};
use jiff::civil::Date;

use crate::StoreError;

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

/// An `assessments` row: the id and the JSON body.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AssessmentRow {
    pub id: i64,
    pub body: String,
}

/// The columns a session is written with (everything but the id and sets).
pub(crate) struct SessionValues {
    pub date: String,
    pub source: &'static str,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    pub stage: Option<String>,
    pub rpe: Option<i64>,
    pub felt: Option<&'static str>,
    pub pain: Option<i64>,
    pub note: Option<String>,
}

impl SessionValues {
    pub fn new(session: &Session) -> SessionValues {
        SessionValues {
            date: date_text(session.date),
            source: session.source.as_str(),
            started_at_ms: session.started_at_ms,
            finished_at_ms: session.finished_at_ms,
            stage: session.stage.clone(),
            rpe: session.feedback.rpe.map(i64::from),
            felt: session.feedback.felt.map(coach::Felt::as_str),
            pain: session.feedback.pain.map(i64::from),
            note: session.note.clone(),
        }
    }
}

/// The columns a set is written with (everything but the session id).
pub(crate) struct SetValues {
    pub position: i64,
    pub exercise: String,
    pub reps: i64,
    pub target_reps: i64,
    pub side: Option<&'static str>,
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
            side: set.side.map(coach::Side::as_str),
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
        let body = serde_json::to_string(&unstored).map_err(|e| {
            StoreError::Other(format!(
                "the assessment taken at {} ms cannot be written as JSON: {e}",
                assessment.taken_at_ms
            ))
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
        let body = serde_json::to_string(activity).map_err(|e| {
            StoreError::Other(format!(
                "the activity from {} cannot be written as JSON: {e}",
                activity.file
            ))
        })?;
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

    fn parse<T: std::str::FromStr>(
        &self,
        value: &str,
        what: &str,
        owner: &str,
    ) -> Result<T, StoreError> {
        value
            .parse()
            .map_err(|_| self.corrupt(format!("{owner} has an unknown {what} {value:?}")))
    }

    /// One session from its row and its sets (in any order; sorted here).
    pub fn session(&self, row: SessionRow, sets: Vec<SetRow>) -> Result<Session, StoreError> {
        let owner = format!("session {}", row.id);
        let mut sets = sets
            .into_iter()
            .map(|s| self.set(s))
            .collect::<Result<Vec<_>, _>>()?;
        sets.sort_by_key(|s| s.position);
        Ok(Session {
            id: row.id,
            date: self.parse(&row.date, "date", &owner)?,
            source: self.parse(&row.source, "source", &owner)?,
            started_at_ms: row.started_at_ms,
            finished_at_ms: row.finished_at_ms,
            stage: row.stage,
            feedback: Feedback {
                rpe: row.rpe.map(|v| self.small(v, "RPE", &owner)).transpose()?,
                felt: row
                    .felt
                    .map(|v| self.parse(&v, "felt value", &owner))
                    .transpose()?,
                pain: row
                    .pain
                    .map(|v| self.small(v, "pain", &owner))
                    .transpose()?,
            },
            note: row.note,
            prescribed: Vec::new(),
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
            side: row
                .side
                .map(|v| self.parse(&v, "side", &owner))
                .transpose()?,
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

    pub fn activity(&self, id: i64, body: &str) -> Result<runs::Activity, StoreError> {
        serde_json::from_str(body)
            .map_err(|e| self.corrupt(format!("activity {id} cannot be read: {e}")))
    }

    pub fn assessment(&self, row: &AssessmentRow) -> Result<Assessment, StoreError> {
        let mut assessment: Assessment = serde_json::from_str(&row.body)
            .map_err(|e| self.corrupt(format!("assessment {} cannot be read: {e}", row.id)))?;
        assessment.id = row.id;
        Ok(assessment)
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

    #[test]
    fn unknown_values_are_corrupt_not_panics() {
        let mut row = session_row();
        row.felt = Some("elbow".into());
        let err = decoder().session(row, vec![]).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("elbow"), "{err}");

        let mut row = session_row();
        row.rpe = Some(300);
        assert!(matches!(
            decoder().session(row, vec![]),
            Err(StoreError::Corrupt { .. })
        ));

        let mut row = session_row();
        row.date = "yesterday".into();
        assert!(matches!(
            decoder().session(row, vec![]),
            Err(StoreError::Corrupt { .. })
        ));

        let mut set = set_row(1);
        set.reps = -1;
        assert!(matches!(
            decoder().session(session_row(), vec![set]),
            Err(StoreError::Corrupt { .. })
        ));

        let bad = AssessmentRow {
            id: 3,
            body: "{".into(),
        };
        assert!(matches!(
            decoder().assessment(&bad),
            Err(StoreError::Corrupt { .. })
        ));
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
