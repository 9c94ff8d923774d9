//! `GET /calendar.ics`: the calendar feed of coming sessions that calendar
//! apps subscribe to (the same feed `runstrong calendar` prints, from
//! `app::App::calendar_feed`), at a stable address outside the JSON API.
//! `?days=N` (1 to 62) changes how far ahead it looks; calendar apps fetch
//! it again every few hours, so it is never cached.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;

/// The feed's address.
pub const PATH: &str = "/calendar.ics";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(feed))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct FeedQuery {
    days: Option<u32>,
}

async fn feed(
    State(state): State<AppState>,
    query: Result<Query<FeedQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(format!(
            "the calendar takes only ?days=N, N from 1 to {}",
            app::interop::MAX_CALENDAR_DAYS
        ))
    })?;
    let days = query.days.unwrap_or(app::interop::CALENDAR_DAYS);
    let text = state.app().calendar_feed(days).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"runstrong.ics\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        text,
    )
        .into_response())
}
