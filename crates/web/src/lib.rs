//! The coach in the browser: an axum router with server-rendered pages
//! (askama templates compiled into the binary), embedded static assets, and a
//! JSON API under `/api/v1` with its OpenAPI document.
//!
//! [`app`] builds the router from an [`AppState`] (tests drive it with
//! `oneshot`, no socket); [`serve`] runs it on a bound listener until a
//! shutdown signal, with the time and connection [`Limits`] of `server`.
//! Every request passes the `guard` first: the Host check against DNS
//! rebinding, the cross-site check on everything that changes data, the
//! body timer, and JSON bodies for the errors the router itself makes.
//!
//! **Architecture invariant:** a front end. Every use case is the
//! application layer's (`app::App`, reached through [`AppState`]), every
//! rule the domain's (`coach`, `runs`, `sense`); pages, the API and the
//! browser scripts only present what those return and send back what the
//! runner did. The guided session's timeline (`coach::guide`) is served as
//! JSON and only played by the page, which posts what it observed; the
//! server builds the records. Nothing is loaded from another host.

use axum::Router;

mod api;
mod assets;
mod charts;
mod error;
mod guard;
mod live;
mod openapi;
mod pages;
mod run_charts;
mod server;
mod state;

pub use error::ApiError;
/// The camera mode's one-step install (for `runstrong camera install`).
pub use live::camera;
pub use server::{Limits, LocalAddr, ServeError, bind, serve};
pub use state::AppState;

/// Largest request body accepted, in bytes (JSON and forms).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest upload of watch files accepted, in bytes (one file through the
/// API, or all files of one form on the *Runs* page).
pub const UPLOAD_LIMIT: usize = 256 * 1024 * 1024;

/// The whole app: pages, assets and the API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(assets::routes())
        .merge(live::routes())
        .merge(api::calendar::routes())
        .nest("/api/v1", api::routes())
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(server_timing))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// Adds `Server-Timing: app;dur=MS` (time spent in the app, for the load
/// benchmark and the browser's developer tools).
async fn server_timing(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let start = std::time::Instant::now();
    let mut response = next.run(request).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}
