//! The coach in the browser: an axum router with server-rendered pages
//! (askama templates compiled into the binary), embedded static assets, and a
//! JSON API under `/api/v1` with its OpenAPI document.
//!
//! [`app`] builds the router from an [`AppState`] (tests drive it with
//! `oneshot`, no socket); [`serve`] binds an address and runs it until a
//! shutdown signal.
//!
//! **Architecture invariant:** a front end. Every use case is the
//! application layer's (`app::App`, reached through [`AppState`]), every
//! rule the domain's (`coach`, `runs`, `sense`); pages, the API and the
//! browser scripts only present what those return and send back what the
//! runner did. The guided session's timeline (`coach::guide`) is served as
//! JSON and only played by the page, which posts what it observed; the
//! server builds the records. Nothing is loaded from another host.

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;

mod api;
mod assets;
mod charts;
mod error;
mod live;
mod openapi;
mod pages;
mod run_charts;
mod state;

pub use error::ApiError;
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

/// Why [`serve`] could not start.
#[derive(Debug)]
pub enum ServeError {
    /// Another program already listens on the address.
    InUse(SocketAddr),
    /// Any other failure to bind or serve.
    Io(SocketAddr, std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::InUse(addr) => write!(
                f,
                "port {} on {} is already in use (is another runstrong running?); stop it or choose another address with `runstrong serve --bind ADDR`",
                addr.port(),
                addr.ip()
            ),
            ServeError::Io(addr, e) => write!(f, "cannot serve on {addr}: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Binds `addr` (a clear [`ServeError::InUse`] when the port is taken).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::InUse(addr),
            _ => ServeError::Io(addr, e),
        })
}

/// Serves the app on a bound listener until `shutdown` completes, then lets
/// requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ServeError::Io(addr, e))
}
