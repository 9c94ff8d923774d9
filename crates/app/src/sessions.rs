//! Recording training: a guided set as it completes (idempotent, keyed by
//! the session's start on the client), the end-of-session answers, a hand
//! log, corrections and deletion, and reading the history. Every path in
//! validates with `coach::record`, so the terminal, the forms, the API and
//! imports accept and refuse the same things.

use coach::guide::{Observed, Timeline, planned};
use coach::prescribe::Prescription;
use coach::record::{self, Invalid};
use coach::{Feedback, Felt, Session, SetRecord, Side, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::StoreError;

use crate::plan::{GuideRequest, items_of};
use crate::{App, AppError};

/// Most sets one request may carry.
pub const MAX_SETS_PER_REQUEST: usize = 50;

/// Identifies a guided session before it has an id: who played it, on
/// which training day, and when it started on the player's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionKey {
    pub source: Source,
    pub date: Date,
    pub started_at_ms: i64,
}

/// What recording did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The session's id.
    pub id: i64,
    /// Sets that were new (the others were already stored).
    pub added: usize,
    /// Whether this call created the session.
    pub created: bool,
}

/// A finished session and the plan it leads to.
#[derive(Debug, Clone, Serialize)]
pub struct Finished {
    pub session: Session,
    /// The plan for tomorrow, with what changed and why.
    pub next: Prescription,
}

/// Sets done without the guide (`runstrong log bridge 3x10`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogRequest {
    /// Exercise id or alias.
    pub exercise: String,
    pub sets: u32,
    pub reps: u32,
    /// Seconds held at the top (default: the exercise's tempo).
    pub hold_s: Option<f64>,
    pub side: Option<Side>,
    /// Training day (default: today).
    pub date: Option<Date>,
    pub feedback: Feedback,
    pub note: Option<String>,
}

/// A correction of a stored session: fields left out keep their value; an
/// empty note removes the note.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionEdit {
    #[serde(default, deserialize_with = "coach::words::deserialize_optional_day")]
    pub date: Option<Date>,
    pub rpe: Option<u8>,
    pub felt: Option<Felt>,
    pub pain: Option<u8>,
    pub note: Option<String>,
}

impl App {
    /// Records sets of a guided session as they complete: creates the
    /// session with its first sets (keeping what was prescribed), or appends
    /// to the one with the same key. Idempotent: a set already stored at its
    /// position is counted once, however often it is sent.
    pub async fn record_observed(
        &self,
        key: &SessionKey,
        request: &GuideRequest,
        observed: &[Observed],
    ) -> Result<Recorded, AppError> {
        let clock = self.clock();
        record::check_day(key.date, clock.today())?;
        record::check_instant("the session's start", key.started_at_ms, clock.now_ms())?;
        if observed.is_empty() {
            return Err(AppError::Invalid(
                "no set was sent: a session is stored with its first completed set".into(),
            ));
        }
        if observed.len() > MAX_SETS_PER_REQUEST {
            return Err(AppError::Invalid(format!(
                "{} sets in one request: at most {MAX_SETS_PER_REQUEST}",
                observed.len()
            )));
        }
        let existing = self.session_by_key(key).await?;
        let (stage, items) = match &existing {
            Some(session) if !session.prescribed.is_empty() => {
                (session.stage.clone(), items_of(session, self))
            }
            _ => {
                let (plan, items) = self.items_for(key.date, request).await?;
                (Some(plan.stage.id), items)
            }
        };
        let preferences = self.snapshot().await?.preferences.clone();
        let timeline = Timeline::new(&items, self.library(), preferences.guide());
        let sets = observed
            .iter()
            .map(|o| {
                let set = timeline.record(o)?;
                record::check_set(&set, self.library(), clock.now_ms())?;
                Ok(set)
            })
            .collect::<Result<Vec<SetRecord>, Invalid>>()?;
        let result = match existing {
            Some(session) => self.append(session.id, &sets, false).await,
            None => {
                let session = Session {
                    id: 0,
                    date: key.date,
                    source: key.source,
                    started_at_ms: key.started_at_ms,
                    finished_at_ms: None,
                    stage,
                    feedback: Feedback::default(),
                    note: None,
                    prescribed: planned(&items),
                    sets: sets.clone(),
                };
                match self.store().create_session(&session).await {
                    Ok(id) => Ok(Recorded {
                        id,
                        added: sets.len(),
                        created: true,
                    }),
                    // Another request created it a moment ago: append.
                    Err(StoreError::Duplicate { .. }) => match self.session_by_key(key).await? {
                        Some(found) => self.append(found.id, &sets, false).await,
                        None => Err(AppError::NotFound(
                            "the session vanished while its sets were being saved".into(),
                        )),
                    },
                    Err(e) => Err(e.into()),
                }
            }
        };
        self.invalidate();
        result
    }

    async fn session_by_key(&self, key: &SessionKey) -> Result<Option<Session>, AppError> {
        match self
            .store()
            .session_id_by_key(key.source, key.started_at_ms)
            .await?
        {
            Some(id) => Ok(self.store().session(id).await?),
            None => Ok(None),
        }
    }

    async fn append(
        &self,
        id: i64,
        sets: &[SetRecord],
        created: bool,
    ) -> Result<Recorded, AppError> {
        let mut added = 0;
        for set in sets {
            if self.store().add_set(id, set).await? {
                added += 1;
            }
        }
        Ok(Recorded { id, added, created })
    }

    /// Adds complete set records to a stored session (the API's manual
    /// route), each checked like every other set. Idempotent per position.
    pub async fn add_sets(&self, id: i64, sets: &[SetRecord]) -> Result<Recorded, AppError> {
        let now = self.clock().now_ms();
        for set in sets {
            record::check_set(set, self.library(), now)?;
        }
        let result = self.append(id, sets, false).await;
        self.invalidate();
        result
    }

    /// Stores the end-of-session answers and returns tomorrow's plan.
    pub async fn finish_session(&self, id: i64, feedback: Feedback) -> Result<Finished, AppError> {
        feedback.validate()?;
        let finished = self
            .store()
            .finish_session(id, feedback, self.clock().now_ms())
            .await;
        self.invalidate();
        finished.map_err(not_found_session(id))?;
        let session = self.session(id).await?;
        let next = self.plan_for(tomorrow(self.clock().today())).await?;
        Ok(Finished { session, next })
    }

    /// Logs sets done without the guide.
    pub async fn log(&self, request: &LogRequest) -> Result<Session, AppError> {
        let exercise = self
            .library()
            .find(&request.exercise)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let clock = self.clock();
        let date = request.date.unwrap_or(clock.today());
        let now = clock.now_ms();
        let sets = record::hand_logged_sets(
            exercise,
            request.sets,
            request.reps,
            request.hold_s,
            request.side,
            now,
        )?;
        let mut session = Session {
            id: 0,
            date,
            source: Source::Log,
            started_at_ms: now,
            finished_at_ms: Some(now),
            stage: None,
            feedback: request.feedback,
            note: record::clean_note(request.note.as_deref()),
            prescribed: Vec::new(),
            sets,
        };
        record::check_session(&session, self.library(), clock.today(), now)?;
        // Two logs in the same millisecond would share a key: move along.
        let mut tries = 0;
        let id = loop {
            match self.store().create_session(&session).await {
                Ok(id) => break id,
                Err(StoreError::Duplicate { .. }) if tries < 100 => {
                    tries += 1;
                    session.started_at_ms += 1;
                }
                Err(e) => {
                    self.invalidate();
                    return Err(e.into());
                }
            }
        };
        self.invalidate();
        self.session(id).await
    }

    /// Corrects a session's day, answers or note (sets and times stay).
    pub async fn edit_session(&self, id: i64, edit: &SessionEdit) -> Result<Session, AppError> {
        let mut session = self.session(id).await?;
        let feedback = Feedback {
            rpe: edit.rpe.or(session.feedback.rpe),
            felt: edit.felt.or(session.feedback.felt),
            pain: edit.pain.or(session.feedback.pain),
        };
        feedback.validate()?;
        let date = edit.date.unwrap_or(session.date);
        record::check_day(date, self.clock().today())?;
        let note = match &edit.note {
            Some(note) => record::clean_note(Some(note)),
            None => session.note.clone(),
        };
        if let Some(note) = &note {
            record::check_note(note)?;
        }
        let updated = self
            .store()
            .update_session(id, date, feedback, note.as_deref())
            .await;
        self.invalidate();
        updated.map_err(not_found_session(id))?;
        session.date = date;
        session.feedback = feedback;
        session.note = note;
        Ok(session)
    }

    /// Deletes a session and its sets.
    pub async fn delete_session(&self, id: i64) -> Result<(), AppError> {
        let deleted = self.store().delete_session(id).await;
        self.invalidate();
        if deleted? { Ok(()) } else { Err(missing(id)) }
    }

    /// One stored session.
    pub async fn session(&self, id: i64) -> Result<Session, AppError> {
        self.store().session(id).await?.ok_or_else(|| missing(id))
    }

    /// Sessions within `from..=to` (either open), oldest first; with a
    /// `limit`, only that many of the latest.
    pub async fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
        limit: Option<usize>,
    ) -> Result<Vec<Session>, AppError> {
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::Invalid(format!(
                "the first day {from} is after the last day {to}: swap them"
            )));
        }
        if limit == Some(0) {
            return Err(AppError::Invalid(
                "a limit of 0 shows nothing: expected 1 or more sessions".into(),
            ));
        }
        let mut sessions = self.store().sessions(from, to).await?;
        if let Some(limit) = limit {
            let skip = sessions.len().saturating_sub(limit);
            sessions.drain(..skip);
        }
        Ok(sessions)
    }
}

fn missing(id: i64) -> AppError {
    AppError::NotFound(format!("session {id} does not exist"))
}

fn not_found_session(id: i64) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::NotFound { .. } => missing(id),
        other => other.into(),
    }
}

fn tomorrow(day: Date) -> Date {
    day.tomorrow().unwrap_or(day)
}
