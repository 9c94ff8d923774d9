//! Habit and volume stats over a history of sessions: the forgiving habit
//! line ("5 of the last 7 days", where the rest days the plan asked for count
//! as kept), the streak of kept days, days trained in the last 7 and 30 days,
//! total repetitions and time under tension.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::prescribe::{PlanInputs, calendar};

/// Stats as of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub as_of: Date,
    /// Kept days in a row (trained, or a rest day the plan asked for),
    /// ending today, or yesterday when today is not kept yet (a streak is
    /// not broken before the day is over).
    pub streak_days: u32,
    /// Days trained in the last 7 and 30 days (today included).
    pub days_done_last_7: u32,
    pub days_done_last_30: u32,
    /// Days kept in the last 7 and 30 days: trained, or rest the plan asked
    /// for (a 2-3-days-a-week stage's rest day, race days, pain rest). The
    /// windows end today once today is kept, else yesterday.
    pub kept_last_7: u32,
    pub kept_last_30: u32,
    /// Rest days the plan asked for in the last 7 days.
    pub rest_days_last_7: u32,
    /// The forgiving habit line, e.g. "5 of the last 7 days".
    pub habit: String,
    pub sessions: u32,
    pub total_sets: u32,
    pub total_reps: u32,
    /// Seconds under tension over all sets.
    pub time_under_tension_s: f64,
    /// Longest run of kept days ever.
    pub longest_streak_days: u32,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
}

/// Computes the stats of the history as of `inputs.today` (later sessions
/// are ignored).
pub fn stats(inputs: &PlanInputs) -> Stats {
    let today = inputs.today;
    let relevant: Vec<_> = inputs
        .sessions
        .iter()
        .filter(|s| s.date <= today && !s.sets.is_empty())
        .collect();
    let days = calendar(inputs);
    let kept = |d: &&crate::prescribe::CalendarDay| d.trained || d.kind.is_rest();
    // Today counts once it is kept; until then the habit windows end yesterday.
    let today_kept = days.last().is_some_and(|d| d.date == today && kept(&d));
    let end = if today_kept {
        today
    } else {
        today.yesterday().unwrap_or(today)
    };
    let window = |size: i64, end: Date| {
        let start = end.checked_sub((size - 1).days()).unwrap_or(Date::MIN);
        days.iter()
            .filter(move |d| d.date >= start && d.date <= end)
    };
    let count = |size: i64, pick: &dyn Fn(&&crate::prescribe::CalendarDay) -> bool| {
        window(size, end).filter(|d| pick(d)).count() as u32
    };
    let trained_in = |size: i64| window(size, today).filter(|d| d.trained).count() as u32;
    let rest = |d: &&crate::prescribe::CalendarDay| !d.trained && d.kind.is_rest();

    // The streak: kept days backwards from today, or from yesterday while
    // today is still open.
    let mut streak = 0;
    let mut iter = days.iter().rev().peekable();
    if iter.peek().is_some_and(|d| d.date == today && !kept(d)) {
        iter.next();
    }
    for day in iter {
        if !kept(&day) {
            break;
        }
        streak += 1;
    }
    let mut longest = 0;
    let mut run = 0;
    for day in &days {
        run = if kept(&day) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let kept_7 = count(7, &kept);
    Stats {
        as_of: today,
        streak_days: streak,
        days_done_last_7: trained_in(7),
        days_done_last_30: trained_in(30),
        kept_last_7: kept_7,
        kept_last_30: count(30, &kept),
        rest_days_last_7: count(7, &rest),
        habit: format!("{kept_7} of the last 7 days"),
        sessions: relevant.len() as u32,
        total_sets: relevant.iter().map(|s| s.sets.len() as u32).sum(),
        total_reps: relevant.iter().map(|s| s.total_reps()).sum(),
        time_under_tension_s: relevant.iter().map(|s| s.tension_s()).sum(),
        longest_streak_days: longest,
        first_day: days.iter().find(|d| d.trained).map(|d| d.date),
        last_day: days.iter().rev().find(|d| d.trained).map(|d| d.date),
    }
}
