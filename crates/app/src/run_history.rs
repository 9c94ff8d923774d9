//! Every run visible: the whole history (or a span of it) by year and
//! month with totals and the longest runs, a page of it for the web, the
//! count of activities outside a window, and one run with the glute work
//! in the days around it.
//!
//! Totals count runs only (the sports [`runs::Sport::is_running`] accepts);
//! other activities are listed beside them but add nothing.

use coach::running::RunDay;
use jiff::civil::Date;
use runs::Activity;
use serde::Serialize;
use store::StoredActivity;

use crate::clock::Clock;
use crate::{App, AppError};

/// How many of the longest runs a history names.
pub const LONGEST_RUNS: usize = 5;

/// Days either side of a run whose glute work its page shows (our
/// convention: the week around it).
pub const DAYS_AROUND_RUN: i64 = 3;

/// One stored activity in a list: its id, local day and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunEntry {
    pub id: i64,
    pub date: Date,
    pub sport: runs::Sport,
    /// Whether it counts as a run in the totals.
    pub is_run: bool,
    pub distance_m: f64,
    pub moving_s: f64,
    pub duration_s: f64,
    pub pace_s_per_km: Option<f64>,
    pub avg_hr: Option<f64>,
    pub name: Option<String>,
}

impl RunEntry {
    fn new(stored: &StoredActivity, zone: &jiff::tz::TimeZone) -> RunEntry {
        let a = &stored.activity;
        RunEntry {
            id: stored.id,
            date: RunDay::from_activity(a, zone).date,
            sport: a.sport,
            is_run: a.sport.is_running(),
            distance_m: a.distance_m,
            moving_s: a.moving_s,
            duration_s: a.duration_s,
            pace_s_per_km: a.pace_s_per_km,
            avg_hr: a.avg_hr,
            name: a.name.clone(),
        }
    }
}

/// Totals of the runs in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub runs: usize,
    pub distance_m: f64,
    pub moving_s: f64,
    pub longest_m: f64,
}

impl Totals {
    fn add(&mut self, entry: &RunEntry) {
        if entry.is_run {
            self.runs += 1;
            self.distance_m += entry.distance_m;
            self.moving_s += entry.moving_s;
            self.longest_m = self.longest_m.max(entry.distance_m);
        }
    }
}

/// One month: its totals and its activities, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthHistory {
    pub year: i16,
    pub month: i8,
    pub totals: Totals,
    pub activities: Vec<RunEntry>,
}

/// One year: its totals and its months, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearHistory {
    pub year: i16,
    pub totals: Totals,
    pub months: Vec<MonthHistory>,
}

/// The stored activities of a span (or of all time), by year and month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunHistory {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub totals: Totals,
    /// Newest first.
    pub years: Vec<YearHistory>,
    /// The longest runs of the span, longest first (at most [`LONGEST_RUNS`]).
    pub longest: Vec<RunEntry>,
    /// Activities in the span that are not runs (listed, not counted).
    pub other_activities: usize,
    /// Stored activities outside the span.
    pub outside: u64,
}

/// One page of a history: whole months, newest first, holding about
/// `size` activities (a month is never split).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryPage {
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub months: Vec<MonthHistory>,
}

impl RunHistory {
    /// Builds the history of `stored` (any order); `outside` is the count
    /// of stored activities left out of the span.
    pub fn build(
        stored: &[StoredActivity],
        zone: &jiff::tz::TimeZone,
        from: Option<Date>,
        to: Option<Date>,
        outside: u64,
    ) -> RunHistory {
        let mut entries: Vec<RunEntry> = stored.iter().map(|s| RunEntry::new(s, zone)).collect();
        entries.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        let mut totals = Totals::default();
        let mut years: Vec<YearHistory> = Vec::new();
        for entry in &entries {
            totals.add(entry);
            let (year, month) = (entry.date.year(), entry.date.month());
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearHistory {
                    year,
                    totals: Totals::default(),
                    months: Vec::new(),
                });
            }
            let Some(y) = years.last_mut() else { continue };
            y.totals.add(entry);
            if y.months.last().is_none_or(|m| m.month != month) {
                y.months.push(MonthHistory {
                    year,
                    month,
                    totals: Totals::default(),
                    activities: Vec::new(),
                });
            }
            if let Some(m) = y.months.last_mut() {
                m.totals.add(entry);
                m.activities.push(entry.clone());
            }
        }
        let other_activities = entries.iter().filter(|e| !e.is_run).count();
        let mut longest: Vec<RunEntry> = entries.into_iter().filter(|e| e.is_run).collect();
        longest.sort_by(|a, b| {
            b.distance_m
                .total_cmp(&a.distance_m)
                .then(b.date.cmp(&a.date))
        });
        longest.truncate(LONGEST_RUNS);
        RunHistory {
            from,
            to,
            totals,
            years,
            longest,
            other_activities,
            outside,
        }
    }

    /// Every month, newest first.
    pub fn months(&self) -> impl Iterator<Item = &MonthHistory> {
        self.years.iter().flat_map(|y| y.months.iter())
    }

    /// Page `page` (1-based; past the end gives the last page) of whole
    /// months holding about `size` activities each.
    pub fn page(&self, page: usize, size: usize) -> HistoryPage {
        let size = size.max(1);
        let mut pages: Vec<Vec<MonthHistory>> = vec![Vec::new()];
        let mut count = 0;
        for month in self.months() {
            if count >= size {
                pages.push(Vec::new());
                count = 0;
            }
            count += month.activities.len();
            if let Some(last) = pages.last_mut() {
                last.push(month.clone());
            }
        }
        let total = pages.len();
        let index = page.clamp(1, total);
        HistoryPage {
            page: index,
            pages: total,
            months: pages.swap_remove(index - 1),
        }
    }
}

/// A day of glute work near a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GluteDay {
    pub date: Date,
    /// Days after the run (negative: before it).
    pub days_from_run: i64,
    pub sessions: usize,
    pub sets: usize,
}

/// One stored activity with what its page shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDetail {
    pub id: i64,
    pub date: Date,
    pub activity: Activity,
    /// Days within [`DAYS_AROUND_RUN`] of the run with glute work, oldest first.
    pub glute_days: Vec<GluteDay>,
}

impl App {
    /// The stored activities whose local day is within `from..=to` (either
    /// open; both `None` is the whole history), by year and month, with the
    /// count of those outside.
    pub async fn run_history(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<RunHistory, AppError> {
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(AppError::Invalid(format!(
                "the span {f} to {t} ends before it starts: give --from before --to"
            )));
        }
        let stored = self.activity_summaries(from, to).await?;
        let all = self.store().activity_count().await?;
        let outside = all.saturating_sub(stored.len() as u64);
        Ok(RunHistory::build(
            &stored,
            self.clock().zone(),
            from,
            to,
            outside,
        ))
    }

    /// How many stored activities lie outside `from..=to`.
    pub async fn activities_outside(&self, from: Date, to: Date) -> Result<u64, AppError> {
        let inside = self.activity_summaries(Some(from), Some(to)).await?.len() as u64;
        Ok(self.store().activity_count().await?.saturating_sub(inside))
    }

    /// One stored activity with the glute work in the days around it.
    pub async fn run_detail(&self, id: i64) -> Result<RunDetail, AppError> {
        let Some((id, activity)) = self.store().activity(id).await? else {
            return Err(AppError::NotFound(format!(
                "there is no activity {id}: `runstrong runs --all` lists them with their ids"
            )));
        };
        let date = RunDay::from_activity(&activity, self.clock().zone()).date;
        let first = Clock::shift(date, -DAYS_AROUND_RUN);
        let last = Clock::shift(date, DAYS_AROUND_RUN);
        let sessions = self.store().sessions(Some(first), Some(last)).await?;
        let mut glute_days: Vec<GluteDay> = Vec::new();
        for session in sessions.iter().filter(|s| !s.sets.is_empty()) {
            if glute_days.last().is_none_or(|d| d.date != session.date) {
                glute_days.push(GluteDay {
                    date: session.date,
                    days_from_run: (session.date - date).get_days().into(),
                    sessions: 0,
                    sets: 0,
                });
            }
            if let Some(day) = glute_days.last_mut() {
                day.sessions += 1;
                day.sets += session.sets.len();
            }
        }
        Ok(RunDetail {
            id,
            date,
            activity,
            glute_days,
        })
    }
}
