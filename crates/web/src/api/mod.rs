//! The JSON API under `/api/v1`: today's plan, the guided-session timeline,
//! sessions and their sets, stats, the library, self-checks, settings and
//! activities. Each handler reads its input, calls one use case of the
//! application layer (`app`), and answers with its result as JSON; errors
//! are `{"error": sentence}` ([`crate::ApiError`]).

use std::collections::BTreeMap;

use app::plan::GuideRequest;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use coach::guide::{Segment, TimelineSet};
use coach::prescribe::PrescribedItem;
use coach::{Session, Source};
use jiff::civil::Date;
use serde::Serialize;

use crate::AppState;
use crate::error::ApiError;

mod activities;
pub(crate) mod calendar;
mod checks;
mod sessions;

pub(crate) use activities::{ImportSummary, import_uploads};
pub use sessions::MAX_SETS_PER_REQUEST;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/today", get(today))
        .route("/guide", get(guide))
        .route("/stats", get(stats))
        .route("/library", get(library))
        .route("/library/{id}", get(exercise))
        .route("/openapi.json", get(crate::openapi::document))
        .merge(sessions::routes())
        .merge(checks::routes())
        .merge(activities::routes())
        .fallback(|| async {
            ApiError::not_found(
                "there is no such API route; the routes are listed in /api/v1/openapi.json",
            )
        })
}

// ---------------------------------------------------------------- today

async fn today(State(state): State<AppState>) -> Result<Json<app::plan::Today>, ApiError> {
    Ok(Json(state.app().today().await?))
}

async fn stats(State(state): State<AppState>) -> Result<Json<coach::stats::Stats>, ApiError> {
    Ok(Json(state.app().today().await?.stats))
}

// ---------------------------------------------------------------- guide

/// `GET /guide`: what the browser player plays.
#[derive(Serialize)]
pub struct GuidePlan {
    pub date: Date,
    pub stage: String,
    /// What kind of day the plan makes today.
    pub day: coach::prescribe::DayKind,
    /// The questions to ask before the first set, when the plan asks them.
    pub pain_gate: Option<coach::prescribe::PainGate>,
    /// The last session still waiting for its answers.
    pub unanswered: Option<coach::prescribe::Unanswered>,
    pub items: Vec<PrescribedItem>,
    pub segments: Vec<Segment>,
    pub sets: Vec<TimelineSet>,
    pub total_seconds: f64,
    /// Safety advice and running notes, shown before the first set.
    pub notes: Vec<String>,
    /// Today's unfinished browser session, to carry on after its last set.
    pub session: Option<Session>,
    /// The segment to start at (after the sets of `session`).
    pub resume_at: usize,
    pub settings: app::settings::Preferences,
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

async fn guide(
    State(state): State<AppState>,
    Query(request): Query<GuideRequest>,
) -> Result<Json<GuidePlan>, ApiError> {
    let guide = state.app().guide(Source::Web, &request).await?;
    let figures = guide
        .items
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
        date: guide.date,
        stage: guide.stage,
        day: guide.day,
        pain_gate: guide.pain_gate,
        unanswered: guide.unanswered,
        items: guide.items,
        total_seconds: guide.timeline.total_seconds,
        segments: guide.timeline.segments,
        sets: guide.timeline.sets,
        notes: guide.notes,
        session: guide.session,
        resume_at: guide.resume_at,
        settings: guide.preferences,
        figures,
    }))
}

// ---------------------------------------------------------------- library

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
    let exercise = state.library().find(&id).map_err(|e| {
        let shown: String = e.given.chars().take(40).collect();
        let hint = e
            .suggestion
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        ApiError::not_found(format!(
            "there is no exercise {shown:?}{hint}; /api/v1/library lists them"
        ))
    })?;
    Ok(Json(ExerciseView {
        poses: coach::figure::poses(&exercise.id).cloned(),
        exercise: exercise.clone(),
    }))
}
