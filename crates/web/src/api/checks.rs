//! Self-checks and settings over the API: the checks with the report on the
//! latest, storing a new one, and reading or changing the preferences.

use app::settings::{Preferences, PreferencesPatch};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::AppState;
use crate::error::{ApiError, Body};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/checks", get(checks).post(post_check))
        .route(
            "/settings",
            get(settings).put(put_settings).patch(put_settings),
        )
}

#[derive(Serialize)]
struct Checks {
    assessments: Vec<coach::Assessment>,
    report: Option<coach::assessment::Report>,
}

async fn checks(State(state): State<AppState>) -> Result<Json<Checks>, ApiError> {
    let (assessments, report) = state.app().checks().await?;
    Ok(Json(Checks {
        assessments,
        report,
    }))
}

async fn post_check(
    State(state): State<AppState>,
    Body(answers): Body<coach::assessment::Answers>,
) -> Result<Response, ApiError> {
    let assessment = state.app().save_check(answers).await?;
    Ok((StatusCode::CREATED, Json(assessment)).into_response())
}

async fn settings(State(state): State<AppState>) -> Result<Json<Preferences>, ApiError> {
    Ok(Json(state.app().preferences().await?))
}

/// `PUT` and `PATCH /settings`: the settings named in a JSON object change,
/// the others keep their value.
async fn put_settings(
    State(state): State<AppState>,
    Body(body): Body<serde_json::Value>,
) -> Result<Json<Preferences>, ApiError> {
    let patch = PreferencesPatch::from_json(body)?;
    Ok(Json(state.app().update_preferences(&patch).await?))
}
