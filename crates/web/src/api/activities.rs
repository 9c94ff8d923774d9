//! Activities over the API: the stored runs (and other sports), and uploads
//! of watch files (FIT, GPX, TCX, gzipped or zipped, Strava bulk exports).
//! Uploads are decoded by the pure `runs` crate on the blocking pool and
//! stored through the application layer's import, which deduplicates them;
//! the *Runs* page's upload form uses the same [`import_uploads`].

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use runs::Activity;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/activities",
        get(list)
            .post(upload)
            .layer(DefaultBodyLimit::max(crate::UPLOAD_LIMIT)),
    )
}

/// What one import did.
#[derive(Debug, Default, Serialize)]
pub struct ImportSummary {
    pub imported: Vec<Activity>,
    pub duplicates: Vec<Activity>,
    pub failed: Vec<Failed>,
}

/// A file that could not be read, with the reason.
#[derive(Debug, Serialize)]
pub struct Failed {
    pub file: String,
    pub error: String,
}

/// Decodes uploaded files (name, bytes) and stores what is new.
pub(crate) async fn import_uploads(
    state: &AppState,
    files: Vec<(String, Bytes)>,
) -> Result<ImportSummary, ApiError> {
    let mut failed = Vec::new();
    let mut decoded = Vec::new();
    for (name, bytes) in files {
        let label = name.clone();
        let report = tokio::task::spawn_blocking(move || runs::import_bytes(&name, &bytes))
            .await
            .map_err(|e| ApiError::internal(format!("decoding {label} stopped: {e}")))?;
        decoded.extend(report.activities);
        failed.extend(report.errors.into_iter().map(|e| Failed {
            file: e.file().to_string(),
            error: e.to_string(),
        }));
    }
    let mut import = state.app().import_activities().await?;
    import.add(decoded).await?;
    Ok(ImportSummary {
        imported: import.imported,
        duplicates: import.duplicates,
        failed,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadQuery {
    file: Option<String>,
}

/// `POST /api/v1/activities?file=NAME` with the file's bytes as the body.
///
/// 200 with the summary when anything was read (imported or already
/// stored), with the files that could not be read listed in `failed`; 422
/// with `error` and the same `failed` list when nothing could be read.
async fn upload(
    State(state): State<AppState>,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<axum::response::Response, ApiError> {
    let name = query.file.filter(|f| !f.trim().is_empty()).ok_or_else(|| {
        ApiError::bad_request("name the file in the query, e.g. ?file=morning-run.fit")
    })?;
    if body.is_empty() {
        return Err(ApiError::bad_request(format!(
            "{name} is empty: send the file's bytes as the request body"
        )));
    }
    let summary = import_uploads(&state, vec![(name.clone(), body)]).await?;
    if summary.imported.is_empty() && summary.duplicates.is_empty() {
        let error = match summary.failed.first() {
            Some(first) => format!("nothing was imported: {}", first.error),
            None => format!("nothing was imported: {name} holds no activity"),
        };
        let body = serde_json::json!({ "error": error, "failed": summary.failed });
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    Ok(Json(summary).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Only activities on or after this day, `YYYY-MM-DD`.
    from: Option<String>,
    /// Only activities on or before this day, `YYYY-MM-DD`.
    to: Option<String>,
}

/// `GET /api/v1/activities`: stored activities, oldest first.
async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let day = |text: Option<String>, what: &str| {
        text.map(|t| crate::error::parse_day(&t, what)).transpose()
    };
    let (from, to) = (day(query.from, "from")?, day(query.to, "to")?);
    let stored = state.app().activities(from, to).await?;
    let activities: Vec<ActivityJson> = stored
        .iter()
        .map(|s| ActivityJson {
            id: s.id,
            activity: &s.activity,
        })
        .collect();
    Ok(Json(serde_json::json!({ "activities": activities })))
}

/// An activity as the API lists it: its id beside its fields.
#[derive(Serialize)]
struct ActivityJson<'a> {
    id: i64,
    #[serde(flatten)]
    activity: &'a Activity,
}
