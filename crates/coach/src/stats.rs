//! Habit and volume stats over a history of sessions: the streak, days done
//! in the last 7 and 30 days, the forgiving "X of the last Y days", total
//! repetitions and time under tension.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::model::Session;

/// Stats as of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub as_of: Date,
    /// Consecutive days with training, ending today, or yesterday when today
    /// is not done yet (a streak is not broken before the day is over).
    pub streak_days: u32,
    pub days_done_last_7: u32,
    pub days_done_last_30: u32,
    /// The forgiving habit line, e.g. "5 of the last 7 days".
    pub habit: String,
    pub sessions: u32,
    pub total_sets: u32,
    pub total_reps: u32,
    /// Seconds under tension over all sets.
    pub time_under_tension_s: f64,
    /// Longest streak ever.
    pub longest_streak_days: u32,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
}

/// Computes the stats of `sessions` as of `today` (later sessions are ignored).
pub fn stats(sessions: &[Session], today: Date) -> Stats {
    let relevant: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.date <= today && !s.sets.is_empty())
        .collect();
    let days: BTreeSet<Date> = relevant.iter().map(|s| s.date).collect();
    let done_in_window = |window: i64| {
        let start = today.checked_sub((window - 1).days()).unwrap_or(Date::MIN);
        days.range(start..=today).count() as u32
    };
    let mut streak = 0;
    let mut cursor = if days.contains(&today) {
        Some(today)
    } else {
        today.yesterday().ok()
    };
    while let Some(day) = cursor
        && days.contains(&day)
    {
        streak += 1;
        cursor = day.yesterday().ok();
    }
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<Date> = None;
    for &day in &days {
        run = match previous {
            Some(p) if p.tomorrow().ok() == Some(day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let last_7 = done_in_window(7);
    Stats {
        as_of: today,
        streak_days: streak,
        days_done_last_7: last_7,
        days_done_last_30: done_in_window(30),
        habit: format!("{last_7} of the last 7 days"),
        sessions: relevant.len() as u32,
        total_sets: relevant.iter().map(|s| s.sets.len() as u32).sum(),
        total_reps: relevant.iter().map(|s| s.total_reps()).sum(),
        time_under_tension_s: relevant.iter().map(|s| s.tension_s()).sum(),
        longest_streak_days: longest,
        first_day: days.first().copied(),
        last_day: days.last().copied(),
    }
}
