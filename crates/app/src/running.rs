//! Runs beside the strength work: storing decoded activities (deduplicated
//! against what is stored and within the batch, sorted into imported and
//! duplicate), the weeks of running with the glute days of each week, the
//! runs the coach reads, and the race date.
//!
//! Decoding files is the `runs` crate's (pure) and reading them is the front
//! end's; this module receives decoded activities.

use std::collections::{BTreeMap, BTreeSet};

use coach::running::RunDay;
use jiff::civil::Date;
use runs::Activity;
use serde::Serialize;
use store::StoredActivity;

use crate::clock::Clock;
use crate::settings::{self, RACE_DATE_KEY};
use crate::{App, AppError};

/// One week of running with the strength work done in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRow {
    /// The Monday of the week.
    pub week_start: Date,
    pub runs: usize,
    pub distance_m: f64,
    pub long_run_m: f64,
    pub moving_s: f64,
    pub duration_s: f64,
    /// Days with at least one set of strength work.
    pub glute_days: u32,
}

/// An import in progress: activities are added in batches as they are
/// decoded, and each batch is stored in one transaction.
pub struct ActivityImport<'a> {
    app: &'a App,
    known: Vec<Activity>,
    pub imported: Vec<Activity>,
    pub duplicates: Vec<Activity>,
}

impl ActivityImport<'_> {
    /// Stores what is new in `decoded`; the rest counts as duplicates.
    pub async fn add(&mut self, decoded: Vec<Activity>) -> Result<(), AppError> {
        if decoded.is_empty() {
            return Ok(());
        }
        let (new, duplicates) = runs::split_new(&mut self.known, decoded);
        self.duplicates.extend(duplicates);
        let added = self.app.store().add_activities(&new).await;
        self.app.invalidate();
        for (activity, added) in new.into_iter().zip(added?) {
            if added {
                self.imported.push(activity);
            } else {
                self.duplicates.push(activity);
            }
        }
        Ok(())
    }
}

impl App {
    /// Starts an import: what is already stored is read once (without the
    /// tracks, which recognising a run does not need), to recognise the
    /// same run from another source.
    pub async fn import_activities(&self) -> Result<ActivityImport<'_>, AppError> {
        let known = self
            .store()
            .activity_summaries(None, None)
            .await?
            .into_iter()
            .map(|stored| stored.activity)
            .collect();
        Ok(ActivityImport {
            app: self,
            known,
            imported: Vec::new(),
            duplicates: Vec::new(),
        })
    }

    /// The runs of the coach's look-back window before `today`, as the coach
    /// sees them (each on its local day).
    pub(crate) async fn coach_runs(&self, today: Date) -> Result<Vec<RunDay>, AppError> {
        let weeks = i64::from(coach::running::LOOKBACK_WEEKS) + 1;
        let since = Clock::shift(today, -7 * weeks);
        let activities = self
            .store()
            .activity_summaries(Some(self.day_bound(since)), None)
            .await?;
        let activities: Vec<Activity> = activities.into_iter().map(|s| s.activity).collect();
        Ok(coach::running::run_days(&activities, self.clock().zone()))
    }

    /// A lower bound for activities whose local day is `day` or later: a
    /// day early, so a run whose file offset puts it on `day` while the
    /// runner's zone does not is still read (the exact day is checked after).
    fn day_bound(&self, day: Date) -> i64 {
        self.clock().start_of_day_ms(Clock::shift(day, -1))
    }

    /// Stored activities whose local day is within `from..=to` (either
    /// open), oldest first, with their ids.
    pub async fn activities(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<StoredActivity>, AppError> {
        self.activities_in(from, to, false).await
    }

    /// [`App::activities`] for lists and totals: each without its track,
    /// splits and pauses (only a run's own page shows them), read much
    /// faster.
    pub async fn activity_summaries(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<StoredActivity>, AppError> {
        self.activities_in(from, to, true).await
    }

    async fn activities_in(
        &self,
        from: Option<Date>,
        to: Option<Date>,
        summaries: bool,
    ) -> Result<Vec<StoredActivity>, AppError> {
        let since = from.map(|d| self.day_bound(d));
        let until = to.map(|d| self.day_bound(Clock::shift(d, 3)));
        let zone = self.clock().zone().clone();
        let activities = if summaries {
            self.store().activity_summaries(since, until).await?
        } else {
            self.store().activities(since, until).await?
        };
        Ok(activities
            .into_iter()
            .filter(|stored| {
                let day = RunDay::from_activity(&stored.activity, &zone).date;
                from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
            })
            .collect())
    }

    /// Weeks of running from the week holding `first` to the one holding
    /// `last`, with the glute days of each; empty weeks included.
    pub async fn running_weeks(&self, first: Date, last: Date) -> Result<Vec<WeekRow>, AppError> {
        let first_week = runs::week_start(first);
        let activities: Vec<Activity> = self
            .activity_summaries(Some(first_week), Some(last))
            .await?
            .into_iter()
            .map(|stored| stored.activity)
            .collect();
        let sessions = self.store().sessions(Some(first_week), Some(last)).await?;
        let mut rows: BTreeMap<Date, WeekRow> = BTreeMap::new();
        let mut week = first_week;
        while week <= last {
            rows.insert(week, empty_week(week));
            week = Clock::shift(week, 7);
        }
        for summary in runs::weekly_summaries(&activities, self.clock().zone()) {
            let Ok(week_start) = summary.week_start.parse::<Date>() else {
                continue;
            };
            if let Some(row) = rows.get_mut(&week_start) {
                row.runs = summary.runs;
                row.distance_m = summary.distance_m;
                row.long_run_m = summary.long_run_m;
                row.moving_s = summary.moving_s;
                row.duration_s = summary.duration_s;
            }
        }
        let glute_days: BTreeSet<Date> = sessions
            .iter()
            .filter(|s| !s.sets.is_empty())
            .map(|s| s.date)
            .collect();
        for day in glute_days {
            if let Some(row) = rows.get_mut(&runs::week_start(day)) {
                row.glute_days += 1;
            }
        }
        Ok(rows.into_values().collect())
    }

    /// The next race date, if one is set.
    pub async fn race_date(&self) -> Result<Option<Date>, AppError> {
        Ok(settings::race_from_stored(
            self.store().setting(RACE_DATE_KEY).await?.as_deref(),
        ))
    }

    /// Sets the next race date (today or later), or clears it with `None`.
    pub async fn set_race_date(&self, race: Option<Date>) -> Result<(), AppError> {
        let today = self.clock().today();
        if let Some(date) = race
            && date < today
        {
            return Err(AppError::Invalid(format!(
                "the race date {date} is in the past (today is {today}): give the next race"
            )));
        }
        let text = race.map(|d| d.to_string()).unwrap_or_default();
        let saved = self.store().set_setting(RACE_DATE_KEY, &text).await;
        self.invalidate();
        Ok(saved?)
    }
}

fn empty_week(week: Date) -> WeekRow {
    WeekRow {
        week_start: week,
        runs: 0,
        distance_m: 0.0,
        long_run_m: 0.0,
        moving_s: 0.0,
        duration_s: 0.0,
        glute_days: 0,
    }
}
