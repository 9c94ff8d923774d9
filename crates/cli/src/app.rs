//! What every command needs: the store, the exercise library, the program,
//! the output settings and "today"; plus the [`Failure`] that carries an error
//! sentence and its exit code to `main`.

use std::io::IsTerminal;

use coach::program::Program;
use coach::{Library, Session};
use jiff::civil::Date;
use store::{Store, StoreError};

use crate::args::Global;

/// An error for the user: one sentence and an exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// A bad input or invocation (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 2,
        }
    }
    /// Anything else that went wrong (exit code 1).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Failure {
        Failure::failed(err.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Failure {
        Failure::failed(err.to_string())
    }
}

/// The opened application.
pub struct App {
    pub store: Box<dyn Store>,
    pub library: Library,
    pub program: Program,
    pub json: bool,
    pub quiet: bool,
    /// ANSI colour on standard output (a terminal, and NO_COLOR unset).
    pub color: bool,
    pub today: Date,
}

impl App {
    /// Opens the store named by `--db` (or the default file) and loads the content.
    pub async fn open(global: &Global) -> Result<App, Failure> {
        let library = Library::embedded().map_err(|e| {
            Failure::failed(format!("the built-in exercise library is broken: {e}"))
        })?;
        let program = Program::embedded(&library)
            .map_err(|e| Failure::failed(format!("the built-in program is broken: {e}")))?;
        let location = match &global.db {
            Some(db) => db.clone(),
            None => default_database()?,
        };
        let store = store::open(&location).await?;
        Ok(App {
            store,
            library,
            program,
            json: global.json,
            quiet: global.quiet,
            color: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            today: today()?,
        })
    }

    /// Every session, oldest first.
    pub async fn all_sessions(&self) -> Result<Vec<Session>, Failure> {
        Ok(self.store.sessions(None, None).await?)
    }

    /// The prescription for `day` from the whole history.
    pub async fn prescription(&self, day: Date) -> Result<coach::prescribe::Prescription, Failure> {
        let sessions = self.all_sessions().await?;
        self.prescription_from(&sessions, day).await
    }

    /// The prescription for `day` from `sessions` (the whole history), with
    /// the self-checks, the runs of the look-back window and the race date.
    pub async fn prescription_from(
        &self,
        sessions: &[Session],
        day: Date,
    ) -> Result<coach::prescribe::Prescription, Failure> {
        let assessments = self.store.assessments().await?;
        let (runs, race) = self.runs_and_race(day).await?;
        Ok(coach::prescribe::prescribe(&coach::PlanInputs {
            program: &self.program,
            library: &self.library,
            sessions,
            assessments: &assessments,
            runs: &runs,
            race,
            today: day,
            check_in: None,
        }))
    }

    /// The stats as of `day` from `sessions` (the whole history).
    pub async fn stats_from(
        &self,
        sessions: &[Session],
        day: Date,
    ) -> Result<coach::stats::Stats, Failure> {
        let assessments = self.store.assessments().await?;
        let (runs, race) = self.runs_and_race(day).await?;
        Ok(coach::stats::stats(&coach::PlanInputs {
            program: &self.program,
            library: &self.library,
            sessions,
            assessments: &assessments,
            runs: &runs,
            race,
            today: day,
            check_in: None,
        }))
    }

    /// The runs of the look-back window before `day` and the race date.
    async fn runs_and_race(
        &self,
        day: Date,
    ) -> Result<(Vec<coach::running::RunDay>, Option<Date>), Failure> {
        let weeks = i64::from(coach::running::LOOKBACK_WEEKS) + 1;
        let since = day
            .checked_sub(jiff::Span::new().weeks(weeks))
            .unwrap_or(day);
        let activities = self.store.activities(Some(start_of_day_ms(since))).await?;
        let race = self
            .store
            .setting(RACE_DATE_SETTING)
            .await?
            .and_then(|text| text.parse::<Date>().ok());
        let zone = jiff::tz::TimeZone::system();
        let runs = coach::running::run_days(&activities, &zone);
        Ok((runs, race))
    }
}

/// Midnight UTC of `day`, in Unix milliseconds (a bound for activity queries).
pub fn start_of_day_ms(day: Date) -> i64 {
    day.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(i64::MIN, |z| z.timestamp().as_millisecond())
}

/// The setting holding the next race date (`runstrong runs race`).
pub const RACE_DATE_SETTING: &str = "race_date";

/// `runstrong.db` in the platform data directory, e.g.
/// `~/.local/share/runstrong/runstrong.db` on Linux.
fn default_database() -> Result<String, Failure> {
    let dirs = directories::ProjectDirs::from("", "", "runstrong").ok_or_else(|| {
        Failure::failed("cannot find a home directory for the database; pass --db PATH or set RUNSTRONG_DATABASE")
    })?;
    Ok(dirs
        .data_dir()
        .join("runstrong.db")
        .to_string_lossy()
        .into_owned())
}

/// The user's local calendar date; `RUNSTRONG_TODAY=YYYY-MM-DD` overrides it
/// (for demos and tests).
fn today() -> Result<Date, Failure> {
    match std::env::var("RUNSTRONG_TODAY") {
        Ok(text) if !text.is_empty() => text.parse::<Date>().map_err(|_| {
            Failure::usage(format!(
                "RUNSTRONG_TODAY={text:?} is not a date: expected YYYY-MM-DD"
            ))
        }),
        _ => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::failed(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
