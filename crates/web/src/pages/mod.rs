//! The server-rendered pages: Today, Go, History (with edit and delete),
//! Progress, Runs (and each run's own page), Library, Check and Settings,
//! one module each (Today's module also takes the check-in and the answers
//! of an unanswered session). Each
//! handler asks the application layer for what the page shows, gathers it
//! into a plain view struct, and renders an askama template compiled into
//! the binary. Every page except the live session works without JavaScript:
//! forms post back, are read by derived deserialisation into their raw text
//! ([`forms`]) so a refused form comes back with what was typed, and
//! redirect when done.

use askama::Template;
use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::{AppState, assets};

mod check;
mod forms;
mod history;
mod library;
mod progress;
mod run;
mod runs;
mod settings;
mod today;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(today::page))
        .route("/go", get(today::go))
        .route("/check-in", post(today::check_in))
        .route("/answer", post(today::answer))
        .route("/history", get(history::page))
        .route(
            "/history/{id}/edit",
            get(history::edit_form).post(history::edit_submit),
        )
        .route(
            "/history/{id}/delete",
            get(history::delete_form).post(history::delete_submit),
        )
        .route("/progress", get(progress::page))
        .route("/runs", runs::route())
        .route("/runs/{id}", get(run::page))
        .route("/library", get(library::page))
        .route("/library/{id}", get(library::exercise))
        .route("/check", get(check::page).post(check::submit))
        .route("/settings", get(settings::page).post(settings::submit))
        .fallback(not_found)
}

/// What every page's frame needs.
pub(crate) struct Layout {
    pub title: String,
    pub nav: &'static str,
    pub v: &'static str,
}

pub(crate) fn layout(title: impl Into<String>, nav: &'static str) -> Layout {
    Layout {
        title: title.into(),
        nav,
        v: assets::version(),
    }
}

/// A page error: the API error drawn as a small HTML page.
pub struct PageError(ApiError);

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Layout,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = if self.0.status == axum::http::StatusCode::NOT_FOUND {
            "Not found"
        } else {
            "Something went wrong"
        };
        let page = ErrorPage {
            page: layout(title, ""),
            status: self.0.status.as_u16(),
            message: self.0.message,
        };
        (self.0.status, render(&page)).into_response()
    }
}

pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// A page drawn again with the status of a refused form.
pub(crate) fn refused(template: &impl Template) -> Response {
    let mut response = render(template);
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    response
}

pub(crate) type PageResult = Result<Response, PageError>;

async fn not_found() -> PageError {
    PageError(ApiError::not_found("there is no page at this address"))
}

pub(crate) use coach::words::{day, dose, duration, seconds};

/// The exercise's figure at `t` (0 start, 1 top), as inline SVG.
pub(crate) fn figure(id: &str, t: f64, label: &str) -> String {
    coach::figure::poses(id)
        .map(|p| p.svg(t, label))
        .unwrap_or_default()
}
