//! The application layer of runstrong: every use case written once, for
//! every front end. The terminal (`crates/cli`) and the web app
//! (`crates/web`, pages, JSON API and the browser's requests) call these
//! functions and only draw what they return.
//!
//! [`App`] owns the store, the embedded content (exercise library and
//! program) and the one [`Clock`]. Its use cases are grouped by module:
//! [`plan`] (today's plan with the running advice, the guided session's
//! timeline), [`sessions`] (record a set, finish, log, correct, delete),
//! [`running`] (import decoded activities, weeks of running beside the glute
//! days, the race date), [`run_history`] (every run by year and month, one
//! run with the glute work around it), [`watch`] (the rules of a folder
//! watch that imports new files), [`checks`] (self-assessments), [`backup`] (export
//! and import) and [`settings`] (the typed preferences).
//!
//! **Architecture invariant:** rules live in the domain crates (`coach`,
//! `runs`), SQL in `store`; this crate decides *what* to load, asks the
//! domain, and saves the result. It draws nothing and knows no HTTP, and
//! reads no files but the activity files of a folder watch
//! ([`activity_files`], [`watch`]). The wall clock and the time zone are read only in [`clock`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use coach::Library;
use coach::program::Program;
use store::Store;

pub mod activity_files;
pub mod backup;
pub mod checks;
pub mod clock;
mod error;
pub mod interop;
pub mod paths;
pub mod plan;
pub mod run_history;
pub mod running;
pub mod sessions;
pub mod settings;
mod snapshot;
pub mod watch;

pub use clock::Clock;
pub use error::AppError;
pub use snapshot::{FRESH_FOR, Snapshot};

/// The opened application: cheap to clone and share between requests.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    library: Library,
    program: Program,
    clock: Clock,
    cache: snapshot::Cache,
    /// Bumped by every write made through the app, so a snapshot read while
    /// a write was under way is not kept.
    generation: AtomicU64,
}

impl App {
    /// The app over an opened store, with the content built into the binary.
    pub fn new(store: Arc<dyn Store>, clock: Clock) -> Result<App, AppError> {
        let library = Library::embedded().map_err(|e| AppError::Content(e.to_string()))?;
        let program = Program::embedded(&library).map_err(|e| AppError::Content(e.to_string()))?;
        Ok(App {
            inner: Arc::new(Inner {
                store,
                library,
                program,
                clock,
                cache: snapshot::Cache::default(),
                generation: AtomicU64::new(0),
            }),
        })
    }

    /// Opens the store at `location` (see `store::open`) and the app over it.
    pub async fn open(
        location: &str,
        mode: store::OpenMode,
        clock: Clock,
    ) -> Result<App, AppError> {
        let store = store::open(location, mode).await?;
        App::new(Arc::from(store), clock)
    }

    /// The exercise library.
    pub fn library(&self) -> &Library {
        &self.inner.library
    }

    /// The program (the ladder of stages).
    pub fn program(&self) -> &Program {
        &self.inner.program
    }

    /// The clock: today, now and the time zone.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Where the data lives, for messages (passwords removed).
    pub fn location(&self) -> &str {
        self.inner.store.location()
    }

    /// Closes the store (every write is already durable; SQLite folds its
    /// write-ahead log back). The app must not be used afterwards.
    pub async fn close(&self) {
        self.inner.store.close().await;
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// Forgets the cached snapshot after a write, so the next read sees it.
    pub(crate) fn invalidate(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        self.inner.cache.clear();
    }

    pub(crate) fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    pub(crate) fn cache(&self) -> &snapshot::Cache {
        &self.inner.cache
    }
}
