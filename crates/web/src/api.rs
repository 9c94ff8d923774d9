//! The JSON API under `/api/v1`: today's plan, the guided-session timeline,
//! sessions and their sets, stats, the library, self-checks and settings.
//! The pages call the same functions, so both always agree.
//!
//! Sets are written one at a time as they complete. `POST /sessions` is
//! "create or append", keyed by the client's `started_at_ms`, so a retried or
//! replayed request never creates a second session, and `Store::add_set` is
//! idempotent on the set's position, so a repeated set is counted once.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use coach::guide::{self, Segment};
use coach::prescribe::{PrescribedItem, Prescription};
use coach::{Feedback, Session, SetRecord, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Body, parse_id};
use crate::{AppState, now_ms};

/// Most sets one request may carry.
pub const MAX_SETS_PER_REQUEST: usize = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/today", get(today))
        .route("/guide", get(guide_plan))
        .route("/sessions", get(list_sessions).post(post_session))
        .route(
            "/sessions/{id}",
            get(get_session).patch(patch_session).delete(delete_session),
        )
        .route("/sessions/{id}/sets", axum::routing::post(post_set))
        .route("/sessions/{id}/finish", axum::routing::post(finish))
        .route("/stats", get(stats))
        .route("/library", get(library))
        .route("/library/{id}", get(exercise))
        .route("/checks", get(checks).post(post_check))
        .route("/settings", get(get_settings).put(put_settings))
        .route("/openapi.json", get(crate::openapi::document))
        .fallback(|| async { ApiError::not_found("no such API route; see /api/v1/openapi.json") })
}

// ---------------------------------------------------------------- today

/// `GET /today`.
#[derive(Serialize)]
pub struct TodayView {
    pub date: Date,
    pub prescription: Prescription,
    pub stats: coach::stats::Stats,
}

pub async fn today_view(state: &AppState) -> Result<TodayView, ApiError> {
    let snapshot = state.snapshot().await?;
    Ok(TodayView {
        date: snapshot.today,
        prescription: snapshot.prescription.clone(),
        stats: snapshot.stats.clone(),
    })
}

async fn today(State(state): State<AppState>) -> Result<Json<TodayView>, ApiError> {
    Ok(Json(today_view(&state).await?))
}

// ---------------------------------------------------------------- guide

#[derive(Deserialize)]
pub struct GuideQuery {
    pub exercise: Option<String>,
}

/// `GET /guide`: what the browser player plays.
#[derive(Serialize)]
pub struct GuidePlan {
    pub date: Date,
    pub stage: String,
    pub items: Vec<PrescribedItem>,
    pub segments: Vec<Segment>,
    pub total_seconds: f64,
    /// Today's unfinished browser session, to resume after its last set.
    pub session: Option<Session>,
    pub settings: Settings,
    /// The animated figure of each exercise, by id.
    pub figures: BTreeMap<String, FigureAnimation>,
}

/// Frames of one exercise's figure, start (first) to top (last).
#[derive(Serialize)]
pub struct FigureAnimation {
    pub view_box: [f64; 4],
    pub frames: Vec<coach::figure::Frame>,
    /// SVG of the props (a bench, a box).
    pub props: String,
}

/// Frames per animated repetition half (start to top).
const FIGURE_FRAMES: usize = 24;

async fn guide_plan(
    State(state): State<AppState>,
    Query(query): Query<GuideQuery>,
) -> Result<Json<GuidePlan>, ApiError> {
    let snapshot = state.snapshot().await?;
    let date = snapshot.today;
    let plan = &snapshot.prescription;
    let items = match query.exercise.as_deref().filter(|e| !e.is_empty()) {
        Some(name) => vec![single_item(&state, plan, name)?],
        None => plan.items.clone(),
    };
    let segments = guide::timeline(&items, state.library());
    let session = snapshot
        .sessions
        .iter()
        .rev()
        .find(|s| {
            s.date == date
                && s.source == Source::Web
                && s.finished_at_ms.is_none()
                && !s.sets.is_empty()
        })
        .cloned();
    let figures = items
        .iter()
        .filter_map(|item| {
            coach::figure::poses(&item.exercise).map(|p| {
                (
                    item.exercise.clone(),
                    FigureAnimation {
                        view_box: p.view_box(),
                        frames: p.frames(FIGURE_FRAMES),
                        props: p.props_svg(),
                    },
                )
            })
        })
        .collect();
    Ok(Json(GuidePlan {
        figures,
        date,
        stage: plan.stage.id.clone(),
        total_seconds: guide::total_seconds(&segments),
        items,
        segments,
        session,
        settings: settings_of(&snapshot),
    }))
}

/// One exercise as prescribed today, or at its default dose.
fn single_item(
    state: &AppState,
    plan: &Prescription,
    name: &str,
) -> Result<PrescribedItem, ApiError> {
    let exercise = state
        .library()
        .find(name)
        .map_err(|e| ApiError::not_found(e.to_string()))?;
    Ok(plan.item_for(exercise))
}

// ---------------------------------------------------------------- sessions

#[derive(Deserialize)]
pub struct ListQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
}

fn parse_date(text: &str, what: &str) -> Result<Date, ApiError> {
    text.trim().parse::<Date>().map_err(|_| {
        ApiError::bad_request(format!(
            "{what} {text:?} is not a date: expected YYYY-MM-DD"
        ))
    })
}

async fn list_sessions(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<Session>>, ApiError> {
    let from = query
        .from
        .as_deref()
        .map(|d| parse_date(d, "from"))
        .transpose()?;
    let to = query
        .to
        .as_deref()
        .map(|d| parse_date(d, "to"))
        .transpose()?;
    let limit =
        match query.limit.as_deref() {
            Some(text) => Some(text.parse::<usize>().map_err(|_| {
                ApiError::bad_request(format!("limit {text:?} is not a whole number"))
            })?),
            None => None,
        };
    let snapshot = state.snapshot().await?;
    let mut sessions: Vec<Session> = snapshot
        .sessions
        .iter()
        .filter(|s| from.is_none_or(|f| s.date >= f) && to.is_none_or(|t| s.date <= t))
        .cloned()
        .collect();
    if let Some(limit) = limit {
        let skip = sessions.len().saturating_sub(limit);
        sessions.drain(..skip);
    }
    Ok(Json(sessions))
}

async fn get_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Session>, ApiError> {
    let id = parse_id(&id, "session")?;
    match state.store().session(id).await? {
        Some(session) => Ok(Json(session)),
        None => Err(ApiError::not_found(format!("session {id} does not exist"))),
    }
}

async fn delete_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id, "session")?;
    let deleted = state.store().delete_session(id).await?;
    state.invalidate();
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("session {id} does not exist")))
    }
}

/// `POST /sessions`: a browser session with its first (or next) sets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// The training day (default: today; never in the future).
    #[serde(default)]
    pub date: Option<Date>,
    /// When the session started on the client: the session's key.
    pub started_at_ms: i64,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sets: Vec<SetRecord>,
}

#[derive(Debug, Serialize)]
pub struct Saved {
    pub id: i64,
    /// Sets that were new (the others were already stored).
    pub added: usize,
}

/// Checks a set before anything is stored.
pub fn validate_set(state: &AppState, set: &SetRecord) -> Result<(), ApiError> {
    if state.library().get(&set.exercise).is_none()
        || state
            .library()
            .get(&set.exercise)
            .is_some_and(|e| e.id != set.exercise)
    {
        let hint = state
            .library()
            .closest(&set.exercise)
            .map(|c| format!(" (did you mean {c}?)"))
            .unwrap_or_default();
        return Err(ApiError::invalid(format!(
            "unknown exercise {:?}{hint}: use an id from /api/v1/library",
            set.exercise
        )));
    }
    if !(1..=1000).contains(&set.position) {
        return Err(ApiError::invalid(format!(
            "set position {} is out of range: expected 1 to 1000",
            set.position
        )));
    }
    if set.reps > 500 || set.target_reps > 500 {
        return Err(ApiError::invalid("reps must be from 0 to 500"));
    }
    for (name, value) in [("hold_s", set.hold_s), ("tension_s", set.tension_s)] {
        if !value.is_finite() || !(0.0..=36_000.0).contains(&value) {
            return Err(ApiError::invalid(format!(
                "{name} {value} is out of range: expected seconds from 0 to 36000"
            )));
        }
    }
    let now = now_ms();
    if set.completed_at_ms <= 0 || set.completed_at_ms > now + 86_400_000 {
        return Err(ApiError::invalid(format!(
            "completed_at_ms {} is not a plausible time: expected milliseconds since 1970, not in the future",
            set.completed_at_ms
        )));
    }
    Ok(())
}

fn check_date(state: &AppState, date: Date) -> Result<(), ApiError> {
    let today = state.today();
    if date > today {
        return Err(ApiError::invalid(format!(
            "date {date} is in the future: expected {today} or earlier"
        )));
    }
    Ok(())
}

fn check_note(note: Option<&str>) -> Result<(), ApiError> {
    if note.is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::invalid(
            "the note is too long: at most 2000 characters",
        ));
    }
    Ok(())
}

/// Creates the session with its first sets, or appends to the one with the
/// same `started_at_ms`. Idempotent.
pub async fn save_sets(state: &AppState, new: NewSession) -> Result<(Saved, bool), ApiError> {
    let date = new.date.unwrap_or_else(|| state.today());
    check_date(state, date)?;
    check_note(new.note.as_deref())?;
    if new.sets.is_empty() {
        return Err(ApiError::invalid(
            "a session needs at least one set: it is created with its first completed set",
        ));
    }
    if new.sets.len() > MAX_SETS_PER_REQUEST {
        return Err(ApiError::invalid(format!(
            "too many sets in one request: at most {MAX_SETS_PER_REQUEST}"
        )));
    }
    if new.started_at_ms <= 0 || new.started_at_ms > now_ms() + 86_400_000 {
        return Err(ApiError::invalid(format!(
            "started_at_ms {} is not a plausible time",
            new.started_at_ms
        )));
    }
    if let Some(stage) = &new.stage
        && state.program().stage_index(stage).is_none()
    {
        return Err(ApiError::invalid(format!(
            "unknown program stage {stage:?}"
        )));
    }
    for set in &new.sets {
        validate_set(state, set)?;
    }
    let result = create_or_append(state, date, new).await;
    state.invalidate();
    result
}

async fn create_or_append(
    state: &AppState,
    date: Date,
    new: NewSession,
) -> Result<(Saved, bool), ApiError> {
    if let Some(id) = find_web_session(state, date, new.started_at_ms).await? {
        return Ok((append(state, id, &new.sets).await?, false));
    }
    let session = Session {
        id: 0,
        date,
        source: Source::Web,
        started_at_ms: new.started_at_ms,
        finished_at_ms: None,
        stage: new.stage,
        feedback: Feedback::default(),
        note: new.note,
        prescribed: Vec::new(),
        sets: new.sets.clone(),
    };
    match state.store().create_session(&session).await {
        Ok(id) => {
            let mut positions: Vec<u32> = new.sets.iter().map(|s| s.position).collect();
            positions.sort_unstable();
            positions.dedup();
            Ok((
                Saved {
                    id,
                    added: positions.len(),
                },
                true,
            ))
        }
        Err(err) => {
            // A concurrent request may have created it a moment ago.
            match find_web_session(state, date, new.started_at_ms).await? {
                Some(id) => Ok((append(state, id, &new.sets).await?, false)),
                None => Err(err.into()),
            }
        }
    }
}

async fn find_web_session(
    state: &AppState,
    date: Date,
    started_at_ms: i64,
) -> Result<Option<i64>, ApiError> {
    let sessions = state.store().sessions(Some(date), Some(date)).await?;
    Ok(sessions
        .iter()
        .find(|s| s.source == Source::Web && s.started_at_ms == started_at_ms)
        .map(|s| s.id))
}

async fn append(state: &AppState, id: i64, sets: &[SetRecord]) -> Result<Saved, ApiError> {
    let mut added = 0;
    for set in sets {
        if state.store().add_set(id, set).await? {
            added += 1;
        }
    }
    Ok(Saved { id, added })
}

async fn post_session(
    State(state): State<AppState>,
    Body(new): Body<NewSession>,
) -> Result<Response, ApiError> {
    let (saved, created) = save_sets(&state, new).await?;
    let status = if created || saved.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(saved)).into_response())
}

async fn post_set(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(set): Body<SetRecord>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id, "session")?;
    validate_set(&state, &set)?;
    let added = state.store().add_set(id, &set).await;
    state.invalidate();
    let added = added?;
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(Saved {
            id,
            added: usize::from(added),
        }),
    )
        .into_response())
}

/// `POST /sessions/{id}/finish`: the end-of-session answers.
#[derive(Serialize)]
pub struct Finished {
    pub session: Session,
    /// The plan for tomorrow, with what changed and why.
    pub next: Prescription,
}

pub async fn finish_session(
    state: &AppState,
    id: i64,
    feedback: Feedback,
) -> Result<Finished, ApiError> {
    feedback
        .validate()
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let finished = state.store().finish_session(id, feedback, now_ms()).await;
    state.invalidate();
    finished?;
    let session = state
        .store()
        .session(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("session {id} does not exist")))?;
    let today = state.today();
    let next = state
        .prescription(today.tomorrow().unwrap_or(today))
        .await?;
    Ok(Finished { session, next })
}

async fn finish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(feedback): Body<Feedback>,
) -> Result<Json<Finished>, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(Json(finish_session(&state, id, feedback).await?))
}

/// `PATCH /sessions/{id}`: correct the day, the answers or the note.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionEdit {
    pub date: Option<Date>,
    pub rpe: Option<u8>,
    pub felt: Option<coach::Felt>,
    pub pain: Option<u8>,
    pub note: Option<String>,
}

pub async fn edit_session(
    state: &AppState,
    id: i64,
    edit: SessionEdit,
) -> Result<Session, ApiError> {
    let Some(mut session) = state.store().session(id).await? else {
        return Err(ApiError::not_found(format!("session {id} does not exist")));
    };
    let feedback = Feedback {
        rpe: edit.rpe.or(session.feedback.rpe),
        felt: edit.felt.or(session.feedback.felt),
        pain: edit.pain.or(session.feedback.pain),
    };
    feedback
        .validate()
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let date = edit.date.unwrap_or(session.date);
    check_date(state, date)?;
    let note = match edit.note {
        Some(n) if n.trim().is_empty() => None,
        Some(n) => Some(n),
        None => session.note.clone(),
    };
    check_note(note.as_deref())?;
    let updated = state
        .store()
        .update_session(id, date, feedback, note.as_deref())
        .await;
    state.invalidate();
    updated?;
    session.date = date;
    session.feedback = feedback;
    session.note = note;
    Ok(session)
}

async fn patch_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(edit): Body<SessionEdit>,
) -> Result<Json<Session>, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(Json(edit_session(&state, id, edit).await?))
}

// ---------------------------------------------------------------- stats, library

async fn stats(State(state): State<AppState>) -> Result<Json<coach::stats::Stats>, ApiError> {
    Ok(Json(state.snapshot().await?.stats.clone()))
}

async fn library(State(state): State<AppState>) -> Json<Vec<coach::Exercise>> {
    Json(state.library().all().into_iter().cloned().collect())
}

/// `GET /library/{id}`: the exercise and its key poses.
#[derive(Serialize)]
struct ExerciseView {
    exercise: coach::Exercise,
    poses: Option<coach::figure::Poses>,
}

async fn exercise(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ExerciseView>, ApiError> {
    let exercise = state
        .library()
        .find(&id)
        .map_err(|e| ApiError::not_found(e.to_string()))?;
    Ok(Json(ExerciseView {
        poses: coach::figure::poses(&exercise.id).cloned(),
        exercise: exercise.clone(),
    }))
}

// ---------------------------------------------------------------- checks

#[derive(Serialize)]
struct Checks {
    assessments: Vec<coach::Assessment>,
    report: Option<coach::assessment::Report>,
}

async fn checks(State(state): State<AppState>) -> Result<Json<Checks>, ApiError> {
    let snapshot = state.snapshot().await?;
    Ok(Json(Checks {
        report: coach::assessment::report(&snapshot.assessments),
        assessments: snapshot.assessments.clone(),
    }))
}

pub async fn save_check(
    state: &AppState,
    answers: coach::assessment::Answers,
) -> Result<coach::Assessment, ApiError> {
    answers
        .validate()
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    check_note(answers.note.as_deref())?;
    let mut assessment = answers.into_assessment(state.today(), now_ms());
    let id = state.store().add_assessment(&assessment).await;
    state.invalidate();
    assessment.id = id?;
    Ok(assessment)
}

async fn post_check(
    State(state): State<AppState>,
    Body(answers): Body<coach::assessment::Answers>,
) -> Result<Response, ApiError> {
    let assessment = save_check(&state, answers).await?;
    Ok((StatusCode::CREATED, Json(assessment)).into_response())
}

// ---------------------------------------------------------------- settings

/// The browser's preferences, stored as one JSON setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Speak the cues.
    pub voice: bool,
    /// Speech rate, 0.5 to 2.
    pub speech_rate: f64,
    /// Tempo scale for the guided session: 1 as prescribed, 1.25 slower.
    pub tempo: f64,
    /// Rest between sets in seconds; 0 means as prescribed.
    pub rest_s: u32,
    /// "metric" or "imperial".
    pub units: String,
    /// Daily reminder time, HH:MM, or empty for none.
    pub reminder: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            voice: true,
            speech_rate: 1.0,
            tempo: 1.0,
            rest_s: 0,
            units: "metric".into(),
            reminder: String::new(),
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ApiError> {
        if !self.speech_rate.is_finite() || !(0.5..=2.0).contains(&self.speech_rate) {
            return Err(ApiError::invalid("speech_rate must be from 0.5 to 2"));
        }
        if !self.tempo.is_finite() || !(0.5..=2.0).contains(&self.tempo) {
            return Err(ApiError::invalid("tempo must be from 0.5 to 2"));
        }
        if self.rest_s > 600 {
            return Err(ApiError::invalid(
                "rest_s must be from 0 (as prescribed) to 600 seconds",
            ));
        }
        if self.units != "metric" && self.units != "imperial" {
            return Err(ApiError::invalid(format!(
                "units {:?} is not valid: expected metric or imperial",
                self.units
            )));
        }
        if !self.reminder.is_empty()
            && jiff::civil::Time::strptime("%H:%M", &self.reminder).is_err()
        {
            return Err(ApiError::invalid(format!(
                "reminder {:?} is not a time: expected HH:MM or empty",
                self.reminder
            )));
        }
        Ok(())
    }
}

/// The store setting that holds [`Settings`] as JSON.
pub const SETTINGS_KEY: &str = "web.settings";

pub async fn load_settings(state: &AppState) -> Result<Settings, ApiError> {
    Ok(settings_of(&*state.snapshot().await?))
}

fn settings_of(snapshot: &crate::Snapshot) -> Settings {
    snapshot
        .settings
        .as_deref()
        .and_then(|t| serde_json::from_str::<Settings>(t).ok())
        .unwrap_or_default()
}

pub async fn save_settings(state: &AppState, settings: &Settings) -> Result<(), ApiError> {
    settings.validate()?;
    let text = serde_json::to_string(settings).map_err(ApiError::internal)?;
    let saved = state.store().set_setting(SETTINGS_KEY, &text).await;
    state.invalidate();
    Ok(saved?)
}

async fn get_settings(State(state): State<AppState>) -> Result<Json<Settings>, ApiError> {
    Ok(Json(load_settings(&state).await?))
}

async fn put_settings(
    State(state): State<AppState>,
    Body(settings): Body<Settings>,
) -> Result<Json<Settings>, ApiError> {
    save_settings(&state, &settings).await?;
    Ok(Json(settings))
}
