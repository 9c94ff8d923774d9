//! One consistent read of everything the plan depends on, shared between
//! requests: the history, the self-checks, today's check-in, the settings,
//! the recent runs, and what the coach derives from them for today. A snapshot is kept for at
//! most [`FRESH_FOR`] and dropped after every write made through the app, so
//! a page never shows stale data after the runner's own change, while a
//! burst of requests reads the store once.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use coach::prescribe::{CheckIn, PlanInputs, Prescription};
use coach::stats::Stats;
use coach::{Assessment, Session};
use jiff::civil::Date;

use crate::settings::{self, Preferences};
use crate::{App, AppError};

/// How long a snapshot is trusted. Writes through the app clear it at once;
/// writes by another process (the terminal beside the web app) show within
/// this time.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Everything today's pages and plan read, loaded at once.
#[derive(Debug)]
pub struct Snapshot {
    pub today: Date,
    /// Every session, oldest first.
    pub sessions: Vec<Session>,
    /// Every self-assessment, oldest first.
    pub assessments: Vec<Assessment>,
    pub preferences: Preferences,
    pub race: Option<Date>,
    /// Runs of the coach's look-back window, as the coach sees them.
    pub runs: Vec<coach::running::RunDay>,
    /// Today's latest check-in (the answers before the first set), if given.
    pub check_in: Option<CheckIn>,
    /// Today's plan, with the running advice in it.
    pub prescription: Prescription,
    pub stats: Stats,
    loaded: Instant,
}

impl App {
    /// What the coach reads for today's plan, from `snapshot`: the one place
    /// that says which stored things feed the plan.
    pub(crate) fn plan_inputs<'a>(&'a self, snapshot: &'a Snapshot) -> PlanInputs<'a> {
        PlanInputs {
            program: self.program(),
            library: self.library(),
            sessions: &snapshot.sessions,
            assessments: &snapshot.assessments,
            runs: &snapshot.runs,
            race: snapshot.race,
            today: snapshot.today,
            check_in: snapshot.check_in.as_ref(),
        }
    }
}

/// The shared, short-lived snapshot.
#[derive(Default)]
pub(crate) struct Cache {
    current: Mutex<Option<Arc<Snapshot>>>,
    /// Held while a snapshot is read, so concurrent requests read it once.
    reading: tokio::sync::Mutex<()>,
}

impl Cache {
    fn fresh(&self, today: Date) -> Option<Arc<Snapshot>> {
        let current = self.current.lock().ok()?;
        current
            .as_ref()
            .filter(|s| s.today == today && s.loaded.elapsed() < FRESH_FOR)
            .cloned()
    }

    pub(crate) fn clear(&self) {
        if let Ok(mut current) = self.current.lock() {
            *current = None;
        }
    }
}

impl App {
    /// The current snapshot: the shared one while fresh, otherwise read
    /// again (once, however many callers ask at the same moment).
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, AppError> {
        let today = self.clock().today();
        let cache = self.cache();
        if let Some(snapshot) = cache.fresh(today) {
            return Ok(snapshot);
        }
        let _reading = cache.reading.lock().await;
        if let Some(snapshot) = cache.fresh(today) {
            return Ok(snapshot);
        }
        let generation = self.generation();
        let snapshot = Arc::new(self.read_snapshot(today).await?);
        if self.generation() == generation
            && let Ok(mut current) = cache.current.lock()
        {
            *current = Some(snapshot.clone());
        }
        Ok(snapshot)
    }

    async fn read_snapshot(&self, today: Date) -> Result<Snapshot, AppError> {
        let store = self.store();
        let sessions = store.sessions(None, None).await?;
        let assessments = store.assessments().await?;
        let preferences =
            Preferences::from_stored(store.setting(settings::PREFERENCES_KEY).await?.as_deref());
        let race =
            settings::race_from_stored(store.setting(settings::RACE_DATE_KEY).await?.as_deref());
        let runs = self.coach_runs(today).await?;
        let check_in = store.check_ins(Some(today), Some(today)).await?.pop();
        let inputs = PlanInputs {
            program: self.program(),
            library: self.library(),
            sessions: &sessions,
            assessments: &assessments,
            runs: &runs,
            race,
            today,
            check_in: check_in.as_ref(),
        };
        let prescription = coach::prescribe::prescribe(&inputs);
        let stats = coach::stats::stats(&inputs);
        Ok(Snapshot {
            today,
            sessions,
            assessments,
            preferences,
            race,
            runs,
            check_in,
            prescription,
            stats,
            loaded: Instant::now(),
        })
    }
}
