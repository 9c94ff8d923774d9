//! The use cases that speak other tools' formats, written once for the
//! terminal and the web app: the calendar feed of coming sessions
//! (iCalendar), one FIT activity per strength session, imports of the CSV
//! exports of Hevy and Strong, the name of any exercise a set may carry
//! (library or `custom:`), and the preferences a config file sets.
//!
//! The formats themselves are the coach's (`coach::interop`); this module
//! loads what they need, checks imported records exactly as any other
//! import ([`coach::record`]), and stores them in one transaction.

use coach::Session;
use coach::interop::strength_csv::{self, ImportPlan, Unmatched};
use coach::interop::{custom_label, fit_strength, ical, is_warmup};
use coach::record;
use coach::schedule::{self, ComingDay};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::settings::{PreferencesPatch, Units};
use crate::{App, AppError};

/// Days in the calendar feed unless asked otherwise: four weeks.
pub const CALENDAR_DAYS: u32 = 28;
/// The most days the calendar feed projects.
pub const MAX_CALENDAR_DAYS: u32 = schedule::MAX_DAYS;

/// The other loggers whose CSV exports are imported.
pub use coach::interop::strength_csv::App as Logger;

/// The store key holding the preferences a config file last applied.
pub const FILE_PREFERENCES_KEY: &str = "config.applied";

/// One strength session as a FIT activity file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitFile {
    /// `2026-03-10-0730-runstrong.fit`: the training day and the local start
    /// time; `-2`, `-3`… before `.fit` when two sessions share a minute.
    pub name: String,
    pub session_id: i64,
    pub date: Date,
    pub sets: usize,
    pub bytes: Vec<u8>,
}

/// What an import from another logger did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoggerImport {
    /// "Hevy" or "Strong".
    pub from: &'static str,
    pub sessions_added: usize,
    /// Sessions already stored (same start), left as they were.
    pub sessions_skipped: usize,
    /// Sets in the file's workouts, warm-ups included.
    pub sets: usize,
    /// Warm-up sets kept (`target_reps == 0`, see `coach::interop::is_warmup`).
    pub warmups: usize,
    /// Exercise names the library does not know, kept as custom exercises.
    pub unmatched: Vec<UnmatchedName>,
    /// Rows that recorded no work (rest timers, notes, empty sets), skipped.
    pub skipped_rows: usize,
}

/// An exercise name kept as a custom exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedName {
    pub name: String,
    pub id: String,
    pub sets: usize,
}

impl From<Unmatched> for UnmatchedName {
    fn from(u: Unmatched) -> UnmatchedName {
        UnmatchedName {
            name: u.name,
            id: u.id,
            sets: u.sets,
        }
    }
}

/// Preferences a config file sets: each `None` leaves the app's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilePreferences {
    /// Daily reminder time, `HH:MM`, or empty for none.
    pub reminder: Option<String>,
    pub voice: Option<bool>,
    pub units: Option<Units>,
}

impl App {
    /// The `days` days from today on, projected from today's plan
    /// (`coach::schedule::coming`): training days, rest days, today done.
    pub async fn coming_days(&self, days: u32) -> Result<Vec<ComingDay>, AppError> {
        check_days(days)?;
        let snapshot = self.snapshot().await?;
        let inputs = self.plan_inputs(&snapshot);
        Ok(schedule::coming(&inputs, days))
    }

    /// The iCalendar feed of the coming `days` days, with an alarm at the
    /// reminder time of the settings (in the clock's time zone) on every
    /// training day still ahead.
    pub async fn calendar_feed(&self, days: u32) -> Result<String, AppError> {
        let coming = self.coming_days(days).await?;
        let reminder = self.snapshot().await?.preferences.reminder_time();
        let clock = self.clock();
        Ok(ical::feed(&coming, reminder, clock.zone(), clock.now()))
    }

    /// Every session with at least one set as a FIT activity, oldest first.
    ///
    /// A session logged for an earlier day (`runstrong log --date`) was
    /// stored with the time it was logged; its file is moved back by whole
    /// days to its training day, keeping the time of day (our convention: a
    /// FIT activity must have a time, and the day is what the runner said).
    pub async fn fit_files(&self) -> Result<Vec<FitFile>, AppError> {
        let sessions = self.store().sessions(None, None).await?;
        let zone = self.clock().zone();
        let mut files: Vec<FitFile> = Vec::new();
        for session in sessions.iter().filter(|s| !s.sets.is_empty()) {
            let session = on_its_day(session, zone);
            let start = Timestamp::from_millisecond(session.started_at_ms)
                .map(|t| {
                    t.to_zoned_datetime(zone.clone())
                        .strftime("%H%M")
                        .to_string()
                })
                .unwrap_or_else(|_| "0000".into());
            let stem = format!("{}-{start}-runstrong", session.date);
            let taken = files.iter().filter(|f| f.name.starts_with(&stem)).count();
            let name = match taken {
                0 => format!("{stem}.fit"),
                n => format!("{stem}-{}.fit", n + 1),
            };
            files.push(FitFile {
                name,
                session_id: session.id,
                date: session.date,
                sets: session.sets.len(),
                bytes: fit_strength::encode(&session, self.library()),
            });
        }
        Ok(files)
    }

    /// Imports a CSV export of `from` read from `name`: every workout is
    /// checked as any recorded session is, then all are stored in one
    /// transaction (workouts already stored, by their start, are skipped).
    /// Nothing is stored when anything is refused.
    pub async fn import_logger_csv(
        &self,
        from: Logger,
        name: &str,
        bytes: &[u8],
    ) -> Result<LoggerImport, AppError> {
        let clock = self.clock();
        let parse = match from {
            Logger::Hevy => strength_csv::parse_hevy,
            Logger::Strong => strength_csv::parse_strong,
        };
        let plan: ImportPlan = parse(name, bytes, self.library(), clock.zone())
            .map_err(|e| AppError::Invalid(format!("{e}; nothing was imported")))?;
        let (today, now) = (clock.today(), clock.now_ms());
        let sessions: Vec<Session> = plan.sessions.iter().map(|s| s.session.clone()).collect();
        for session in &sessions {
            record::check_session(session, self.library(), today, now)
                .map_err(|e| AppError::Invalid(format!("{name}: {}; nothing was imported", e.0)))?;
        }
        let counts = self.store().import(&sessions, &[], &[], &[]).await;
        self.invalidate();
        let counts = counts?;
        let sets = sessions.iter().map(|s| s.sets.len()).sum();
        let warmups = sessions
            .iter()
            .flat_map(|s| &s.sets)
            .filter(|s| is_warmup(s))
            .count();
        Ok(LoggerImport {
            from: plan.app.name(),
            sessions_added: counts.sessions_added,
            sessions_skipped: counts.sessions_skipped,
            sets,
            warmups,
            unmatched: plan
                .unmatched
                .into_iter()
                .map(UnmatchedName::from)
                .collect(),
            skipped_rows: plan.skipped_rows,
        })
    }

    /// The name of the exercise a set names: the library's, a custom
    /// exercise's label ("Cable kickback"), or the id itself.
    pub fn exercise_name(&self, id: &str) -> String {
        match self.library().get(id) {
            Some(exercise) => exercise.name.clone(),
            None => custom_label(id).unwrap_or_else(|| id.to_string()),
        }
    }

    /// Applies the preferences a config file sets, each only when the file
    /// changed it since it was last applied: so the most recent change wins,
    /// whether made in the file or in the app's settings. Returns whether
    /// anything was stored. A refused value names the setting.
    pub async fn apply_file_preferences(&self, file: &FilePreferences) -> Result<bool, AppError> {
        let before: FilePreferences = self
            .store()
            .setting(FILE_PREFERENCES_KEY)
            .await?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        if before == *file {
            return Ok(false);
        }
        let patch = PreferencesPatch {
            reminder: changed(&file.reminder, &before.reminder),
            voice: changed(&file.voice, &before.voice),
            units: changed(&file.units, &before.units),
            ..PreferencesPatch::default()
        };
        if patch != PreferencesPatch::default() {
            self.update_preferences(&patch).await?;
        }
        let text = serde_json::to_string(file)
            .map_err(|e| AppError::Invalid(format!("the preferences cannot be written: {e}")))?;
        let saved = self.store().set_setting(FILE_PREFERENCES_KEY, &text).await;
        self.invalidate();
        saved?;
        Ok(true)
    }
}

/// `now` when it is set and differs from `then`.
fn changed<T: Clone + PartialEq>(now: &Option<T>, then: &Option<T>) -> Option<T> {
    now.clone().filter(|_| now != then)
}

/// Refuses a number of calendar days outside 1 to [`MAX_CALENDAR_DAYS`].
fn check_days(days: u32) -> Result<(), AppError> {
    if (1..=MAX_CALENDAR_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(AppError::Invalid(format!(
            "{days} days cannot be shown: expected 1 to {MAX_CALENDAR_DAYS} days"
        )))
    }
}

/// The session moved by whole days so that its start falls on its training
/// day in `zone` (it is unchanged when it already does).
fn on_its_day(session: &Session, zone: &jiff::tz::TimeZone) -> Session {
    let mut moved = session.clone();
    let Ok(start) = Timestamp::from_millisecond(session.started_at_ms) else {
        return moved;
    };
    let start = start.to_zoned_datetime(zone.clone());
    if start.date() == session.date {
        return moved;
    }
    let Ok(target) = start.with().date(session.date).build() else {
        return moved;
    };
    let shift = target.timestamp().as_millisecond() - session.started_at_ms;
    moved.started_at_ms += shift;
    moved.finished_at_ms = moved.finished_at_ms.map(|t| t + shift);
    for set in &mut moved.sets {
        set.completed_at_ms += shift;
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use coach::model::{Feedback, SetRecord, Source};
    use jiff::tz::TimeZone;

    fn session(date: Date, started_at: &str) -> Session {
        let start: Timestamp = started_at.parse().unwrap();
        let ms = start.as_millisecond();
        Session {
            id: 1,
            date,
            source: Source::Log,
            started_at_ms: ms,
            finished_at_ms: Some(ms + 60_000),
            stage: None,
            feedback: Feedback::default(),
            note: None,
            prescribed: Vec::new(),
            sets: vec![SetRecord {
                exercise: "clamshell".into(),
                position: 1,
                reps: 10,
                target_reps: 10,
                side: None,
                hold_s: 1.0,
                tension_s: 40.0,
                completed_at_ms: ms + 60_000,
            }],
        }
    }

    #[test]
    fn a_back_dated_log_moves_to_its_day_keeping_the_time_of_day() {
        let zone = TimeZone::fixed(jiff::tz::offset(1));
        let logged = session(
            jiff::civil::date(2026, 11, 20),
            "2026-11-26T07:30:00Z", // 08:30 local on the 26th
        );
        let moved = on_its_day(&logged, &zone);
        let six_days = 6 * 86_400_000;
        assert_eq!(moved.started_at_ms, logged.started_at_ms - six_days);
        assert_eq!(
            moved.sets[0].completed_at_ms,
            logged.sets[0].completed_at_ms - six_days
        );
        assert_eq!(
            moved.finished_at_ms,
            logged.finished_at_ms.map(|t| t - six_days)
        );
        let same_day = session(jiff::civil::date(2026, 11, 26), "2026-11-26T07:30:00Z");
        assert_eq!(on_its_day(&same_day, &zone), same_day);
    }

    #[test]
    fn calendar_days_are_bounded() {
        assert!(check_days(0).is_err());
        assert!(check_days(1).is_ok());
        assert!(check_days(MAX_CALENDAR_DAYS).is_ok());
        let err = check_days(MAX_CALENDAR_DAYS + 1).unwrap_err().to_string();
        assert!(err.contains("expected 1 to 62 days"), "{err}");
    }
}
