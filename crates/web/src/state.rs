//! What every handler receives: the application (`app::App`, which owns the
//! store, the content and the clock) and the address the server answers
//! for. This module sits at the bottom of the crate: it depends on no
//! handler, and every handler depends on it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::App;

use crate::server::Limits;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    app: App,
    /// The address the server was bound to (for the names it answers to).
    bound: Arc<SocketAddr>,
    /// Further host names it answers to (`runstrong serve --allow-host`).
    allowed_hosts: Arc<[String]>,
    limits: Limits,
    /// How often [`crate::serve`] looks at the folders saved in Settings.
    watch_every: Duration,
    /// What that watch last imported (in memory, for the Settings page).
    last_import: app::watch::LastImportCell,
}

impl AppState {
    /// The state over an opened app, served on `bound`.
    pub fn new(app: App, bound: SocketAddr) -> AppState {
        AppState {
            app,
            bound: Arc::new(bound),
            allowed_hosts: Arc::from(Vec::new()),
            limits: Limits::default(),
            watch_every: Duration::from_secs(app::watch::DEFAULT_POLL_S),
            last_import: Arc::default(),
        }
    }

    /// The same state, also answering to these host names (lower-cased
    /// here; see [`crate::guard`] for the rule).
    pub fn with_allowed_hosts(mut self, names: &[String]) -> AppState {
        let names: Vec<String> = names
            .iter()
            .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        self.allowed_hosts = Arc::from(names);
        self
    }

    /// The same state with other time and connection limits (tests use
    /// short ones).
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.limits = limits;
        self
    }

    /// The same state, looking at the watched folders every `every`
    /// (tests look often).
    pub fn with_watch_every(mut self, every: Duration) -> AppState {
        self.watch_every = every;
        self
    }

    /// How often the watched folders are looked at.
    pub fn watch_every(&self) -> Duration {
        self.watch_every
    }

    /// What the watch of the saved folders last imported.
    pub fn last_import(&self) -> Option<app::watch::LastImport> {
        self.last_import.lock().ok().and_then(|l| l.clone())
    }

    pub(crate) fn last_import_cell(&self) -> app::watch::LastImportCell {
        Arc::clone(&self.last_import)
    }

    /// The host names added with [`AppState::with_allowed_hosts`].
    pub fn allowed_hosts(&self) -> &[String] {
        &self.allowed_hosts
    }

    /// The time and connection limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The application: every use case.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The address the server was bound to.
    pub fn bound(&self) -> SocketAddr {
        *self.bound
    }

    pub(crate) fn library(&self) -> &coach::Library {
        self.app.library()
    }
}
