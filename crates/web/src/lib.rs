//! The coach in the browser: an axum router with server-rendered pages
//! (askama templates compiled into the binary), embedded static assets, and a
//! JSON API under `/api/v1` with its OpenAPI document.
//!
//! [`app`] builds the router from an [`AppState`] (tests drive it with
//! `oneshot`, no socket); [`serve`] binds an address and runs it until a
//! shutdown signal.
//!
//! **Architecture invariant:** no SQL and no coaching rules here. Pages and
//! the API call the `coach` crate for decisions and the `store::Store` trait
//! for data; the guided session is `coach::guide::timeline` served as JSON,
//! which the browser only plays. Nothing is loaded from another host.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use coach::Library;
use coach::program::Program;
use jiff::civil::Date;
use store::Store;

mod activities;
mod api;
mod assets;
mod charts;
mod error;
mod live;
mod openapi;
mod pages;

pub use error::ApiError;

/// Largest request body accepted, in bytes (JSON and forms).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Source of "today" (the user's local calendar date) and "now".
pub type Clock = Arc<dyn Fn() -> Date + Send + Sync>;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    library: Library,
    program: Program,
    today: Clock,
    /// The last snapshot read from the store (see [`AppState::snapshot`]).
    cache: std::sync::Mutex<Option<Arc<Snapshot>>>,
    /// Held while a snapshot is read, so concurrent requests read it once.
    reload: tokio::sync::Mutex<()>,
    /// Bumped by every write, so a read that raced a write is not kept.
    generation: AtomicU64,
}

/// How long a snapshot is trusted before it is read again. Writes made
/// through the app clear it at once; writes by another process (the
/// terminal) show within this time.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Everything the pages read, loaded once and shared: the history, the
/// self-checks, the settings, and what the coach derives from them today.
pub(crate) struct Snapshot {
    pub today: Date,
    pub sessions: Vec<coach::Session>,
    pub assessments: Vec<coach::Assessment>,
    pub settings: Option<String>,
    pub prescription: coach::prescribe::Prescription,
    pub stats: coach::stats::Stats,
    /// What the running log suggests today (`coach::running`).
    pub running: Vec<coach::running::RunAdvice>,
    /// The runs of the look-back window and the race date the plan read.
    pub runs: Vec<coach::running::RunDay>,
    pub race: Option<Date>,
    loaded: Instant,
}

impl AppState {
    /// The state over an opened store. `today` gives the training day (the
    /// CLI passes one that honours `RUNSTRONG_TODAY`).
    pub fn new(store: Arc<dyn Store>, library: Library, program: Program, today: Clock) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                library,
                program,
                today,
                cache: std::sync::Mutex::new(None),
                reload: tokio::sync::Mutex::new(()),
                generation: AtomicU64::new(0),
            }),
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }
    pub(crate) fn library(&self) -> &Library {
        &self.inner.library
    }
    pub(crate) fn program(&self) -> &Program {
        &self.inner.program
    }
    /// Today's date from the injected clock.
    pub fn today(&self) -> Date {
        (self.inner.today)()
    }

    /// The prescription for `day` from the whole history.
    pub(crate) async fn prescription(
        &self,
        day: Date,
    ) -> Result<coach::prescribe::Prescription, ApiError> {
        let snapshot = self.snapshot().await?;
        if day == snapshot.today {
            return Ok(snapshot.prescription.clone());
        }
        Ok(coach::prescribe::prescribe(&coach::PlanInputs {
            program: self.program(),
            library: self.library(),
            sessions: &snapshot.sessions,
            assessments: &snapshot.assessments,
            runs: &snapshot.runs,
            race: snapshot.race,
            today: day,
            check_in: None,
        }))
    }

    /// The current snapshot: the cached one while fresh, otherwise read
    /// again (once, however many requests ask at the same moment).
    pub(crate) async fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        let today = self.today();
        if let Some(snapshot) = self.cached(today) {
            return Ok(snapshot);
        }
        let _reading = self.inner.reload.lock().await;
        if let Some(snapshot) = self.cached(today) {
            return Ok(snapshot);
        }
        let generation = self.inner.generation.load(Ordering::SeqCst);
        let store = self.store();
        let sessions = store.sessions(None, None).await?;
        let assessments = store.assessments().await?;
        let settings = store.setting(api::SETTINGS_KEY).await?;
        let (runs, race) = activities::runs_and_race(self, today).await?;
        let inputs = coach::PlanInputs {
            program: self.program(),
            library: self.library(),
            sessions: &sessions,
            assessments: &assessments,
            runs: &runs,
            race,
            today,
            check_in: None,
        };
        let prescription = coach::prescribe::prescribe(&inputs);
        let stats = coach::stats::stats(&inputs);
        let running = prescription.running.clone();
        let snapshot = Arc::new(Snapshot {
            today,
            sessions,
            assessments,
            settings,
            prescription,
            stats,
            running,
            runs,
            race,
            loaded: Instant::now(),
        });
        if self.inner.generation.load(Ordering::SeqCst) == generation
            && let Ok(mut cache) = self.inner.cache.lock()
        {
            *cache = Some(snapshot.clone());
        }
        Ok(snapshot)
    }

    fn cached(&self, today: Date) -> Option<Arc<Snapshot>> {
        let cache = self.inner.cache.lock().ok()?;
        cache
            .as_ref()
            .filter(|s| s.today == today && s.loaded.elapsed() < FRESH_FOR)
            .cloned()
    }

    /// Forgets the snapshot after a write, so the next read sees it.
    pub(crate) fn invalidate(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut cache) = self.inner.cache.lock() {
            *cache = None;
        }
    }
}

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// The whole app: pages, assets and the API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(assets::routes())
        .merge(live::routes())
        .merge(activities::routes())
        .nest("/api/v1", api::routes().merge(activities::api_routes()))
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
