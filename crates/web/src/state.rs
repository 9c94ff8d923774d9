//! What every handler receives: the application (`app::App`, which owns the
//! store, the content and the clock) and the address the server answers
//! for. This module sits at the bottom of the crate: it depends on no
//! handler, and every handler depends on it.

use std::net::SocketAddr;
use std::sync::Arc;

use app::App;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    app: App,
    /// The address the server was bound to (for the names it answers to).
    bound: Arc<SocketAddr>,
}

impl AppState {
    /// The state over an opened app, served on `bound`.
    pub fn new(app: App, bound: SocketAddr) -> AppState {
        AppState {
            app,
            bound: Arc::new(bound),
        }
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
