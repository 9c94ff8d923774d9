//! Sessions over the API: the history, one session, recording a guided
//! session's sets as they complete (`POST /sessions`, idempotent: keyed by
//! the session's start on the client and each set's position), adding
//! complete set records, the end-of-session answers, corrections and
//! deletion. Every rule is the application layer's.

use app::plan::GuideRequest;
use app::sessions::{Finished, Recorded, SessionEdit, SessionKey};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use coach::guide::Observed;
use coach::{Feedback, Session, SetRecord, Source};
use jiff::civil::Date;
use serde::Deserialize;

pub use app::sessions::MAX_SETS_PER_REQUEST;

use crate::AppState;
use crate::error::{ApiError, Body, parse_day, parse_id};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessions", get(list).post(record))
        .route("/sessions/{id}", get(one).patch(edit).delete(delete))
        .route("/sessions/{id}/sets", post(add_set))
        .route("/sessions/{id}/finish", post(finish))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    from: Option<String>,
    to: Option<String>,
    limit: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<Session>>, ApiError> {
    let from = query
        .from
        .as_deref()
        .map(|d| parse_day(d, "from"))
        .transpose()?;
    let to = query
        .to
        .as_deref()
        .map(|d| parse_day(d, "to"))
        .transpose()?;
    let limit = query
        .limit
        .as_deref()
        .map(|text| {
            text.trim().parse::<usize>().map_err(|_| {
                ApiError::bad_request(format!(
                    "limit {:?} is not a whole number",
                    text.chars().take(40).collect::<String>()
                ))
            })
        })
        .transpose()?;
    Ok(Json(state.app().sessions(from, to, limit).await?))
}

async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Session>, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(Json(state.app().session(id).await?))
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id, "session")?;
    state.app().delete_session(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sessions`: what the browser observed of a guided session's sets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSets {
    /// The training day (default: today; never in the future).
    #[serde(default, deserialize_with = "coach::words::deserialize_optional_day")]
    pub date: Option<Date>,
    /// When the session started on the client: the session's key.
    pub started_at_ms: i64,
    /// What was played: the whole plan, one exercise, or the plan adapted
    /// on the day (the same request as `GET /guide`).
    #[serde(default)]
    pub guide: GuideRequest,
    /// The sets that ended, as observed.
    pub observed: Vec<Observed>,
}

fn saved(recorded: Recorded) -> Response {
    let status = if recorded.created || recorded.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (
        status,
        Json(serde_json::json!({ "id": recorded.id, "added": recorded.added })),
    )
        .into_response()
}

async fn record(
    State(state): State<AppState>,
    Body(new): Body<NewSets>,
) -> Result<Response, ApiError> {
    let key = SessionKey {
        source: Source::Web,
        date: new.date.unwrap_or_else(|| state.app().clock().today()),
        started_at_ms: new.started_at_ms,
    };
    let recorded = state
        .app()
        .record_observed(&key, &new.guide, &new.observed)
        .await?;
    Ok(saved(recorded))
}

async fn add_set(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(set): Body<SetRecord>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(saved(state.app().add_sets(id, &[set]).await?))
}

async fn finish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(feedback): Body<Feedback>,
) -> Result<Json<Finished>, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(Json(state.app().finish_session(id, feedback).await?))
}

async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(edit): Body<SessionEdit>,
) -> Result<Json<Session>, ApiError> {
    let id = parse_id(&id, "session")?;
    Ok(Json(state.app().edit_session(id, &edit).await?))
}
