//! The coach reads the running log: which runs were long or hard, the
//! weekday the long run usually falls on, and whether weeks of running pass
//! without strength work. The prescription (`prescribe`) turns this into the
//! day's plan (a primer before the usual long run, a light day after a long
//! or hard run) and words the suggestions, so the notes and the items agree.
//!
//! Pure: it sees runs as [`RunDay`]s (made from the `runs` crate's imported
//! activities by [`run_days`]), sessions and "today".

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::model::{Session, days_between};

/// One run, reduced to what the coach needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunDay {
    /// The local calendar day of the start.
    pub date: Date,
    pub distance_m: f64,
    pub moving_s: f64,
    pub avg_hr: Option<f64>,
}

impl RunDay {
    /// An imported activity as the coach sees it: the local day it started
    /// on, by the file's own UTC offset when it has one, else by `zone`.
    pub fn from_activity(activity: &runs::Activity, zone: &jiff::tz::TimeZone) -> RunDay {
        RunDay {
            date: activity.local_day(zone),
            distance_m: activity.distance_m,
            moving_s: activity.moving_s,
            avg_hr: activity.avg_hr,
        }
    }
}

/// The runs among imported activities, as the coach sees them.
pub fn run_days(activities: &[runs::Activity], zone: &jiff::tz::TimeZone) -> Vec<RunDay> {
    activities
        .iter()
        .filter(|a| a.sport.is_running())
        .map(|a| RunDay::from_activity(a, zone))
        .collect()
}

/// What kind of suggestion it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// Today is usually a long-run day: a short primer before it.
    Primer,
    /// Yesterday was long or hard (or a race): today stays light.
    AfterHardRun,
    /// A race is close: lighter sessions, then at most the primer.
    RaceWeek,
    /// Running without strength work for a while.
    Nudge,
}

/// One suggestion with its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunAdvice {
    pub kind: AdviceKind,
    pub text: String,
}

/// How far back the habits are read.
pub const LOOKBACK_WEEKS: i32 = 8;
/// A run this much longer than the typical run counts as long (our convention).
pub const LONG_RUN_FACTOR: f64 = 1.5;
/// ...and at least this long, so a 6 km run among 3 km runs is not "long".
pub const LONG_RUN_MIN_M: f64 = 8_000.0;
/// Average heart rate this much above the typical run's counts as hard (our convention).
pub const HARD_RUN_HR_FACTOR: f64 = 1.08;
/// Long runs on the same weekday in this many of the last four weeks make a pattern.
pub const PATTERN_WEEKS: usize = 2;

/// A run worth planning around.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HardRun {
    pub date: Date,
    pub distance_m: f64,
    /// Long (else hard by heart rate).
    pub long: bool,
}

/// The runs of the look-back window before a day, with what is typical.
#[derive(Debug, Clone)]
pub struct RunLog<'a> {
    recent: Vec<&'a RunDay>,
    typical_m: Option<f64>,
    typical_hr: Option<f64>,
}

impl<'a> RunLog<'a> {
    /// The runs of the [`LOOKBACK_WEEKS`] up to `today`.
    pub fn new(runs: &'a [RunDay], today: Date) -> RunLog<'a> {
        let recent: Vec<&RunDay> = runs
            .iter()
            .filter(|r| (0..=LOOKBACK_WEEKS * 7).contains(&days_between(r.date, today)))
            .collect();
        let typical_m = median(recent.iter().map(|r| r.distance_m).collect());
        let typical_hr = median(recent.iter().filter_map(|r| r.avg_hr).collect());
        RunLog {
            recent,
            typical_m,
            typical_hr,
        }
    }

    fn is_long(&self, run: &RunDay) -> bool {
        self.typical_m.is_some_and(|t| {
            t > 0.0 && run.distance_m >= LONG_RUN_FACTOR * t && run.distance_m >= LONG_RUN_MIN_M
        })
    }

    fn is_hard(&self, run: &RunDay) -> bool {
        self.typical_hr
            .is_some_and(|t| run.avg_hr.is_some_and(|hr| hr >= t * HARD_RUN_HR_FACTOR))
    }

    /// The longest long or hard run on `day`, if any.
    pub fn long_or_hard(&self, day: Date) -> Option<HardRun> {
        self.recent
            .iter()
            .filter(|r| r.date == day && (self.is_long(r) || self.is_hard(r)))
            .max_by(|a, b| a.distance_m.total_cmp(&b.distance_m))
            .map(|r| HardRun {
                date: r.date,
                distance_m: r.distance_m,
                long: self.is_long(r),
            })
    }

    /// The longest run on `day`, if any.
    pub fn longest_on(&self, day: Date) -> Option<&RunDay> {
        self.recent
            .iter()
            .copied()
            .filter(|r| r.date == day)
            .max_by(|a, b| a.distance_m.total_cmp(&b.distance_m))
    }

    /// The weekday on which the long run fell in at least [`PATTERN_WEEKS`]
    /// of the four weeks before `today`, if any.
    pub fn long_run_weekday(&self, today: Date) -> Option<Weekday> {
        let mut counts: BTreeMap<i8, usize> = BTreeMap::new();
        for run in self
            .recent
            .iter()
            .filter(|r| (1..=28).contains(&days_between(r.date, today)) && self.is_long(r))
        {
            *counts
                .entry(run.date.weekday().to_monday_one_offset())
                .or_default() += 1;
        }
        let (&day, &count) = counts.iter().max_by_key(|(_, count)| **count)?;
        (count >= PATTERN_WEEKS)
            .then(|| Weekday::from_monday_one_offset(day).ok())
            .flatten()
    }

    /// A nudge when the last two weeks held three runs or more and no
    /// strength work.
    pub fn nudge(&self, sessions: &[Session], today: Date) -> Option<RunAdvice> {
        let fortnight = self
            .recent
            .iter()
            .filter(|r| days_between(r.date, today) < 14)
            .count();
        let strength = sessions
            .iter()
            .any(|s| !s.sets.is_empty() && (0..14).contains(&days_between(s.date, today)));
        (fortnight >= 3 && !strength).then(|| RunAdvice {
            kind: AdviceKind::Nudge,
            text: format!(
                "You ran {fortnight} times in the last two weeks without any strength work. Five minutes of bridges today restarts the habit."
            ),
        })
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    })
}

/// The weekday's English name.
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    fn run(day: Date, km: f64, hr: f64) -> RunDay {
        RunDay {
            date: day,
            distance_m: km * 1000.0,
            moving_s: km * 330.0,
            avg_hr: Some(hr),
        }
    }

    /// Four weeks of easy 6 km runs on Tuesday and Thursday and 16 km on Sunday.
    fn weeks_of_running(last_sunday: Date) -> Vec<RunDay> {
        let mut runs = Vec::new();
        for week in 0..4 {
            let sunday = last_sunday.checked_sub((7 * week).days()).unwrap();
            runs.push(run(sunday, 16.0, 145.0));
            runs.push(run(sunday.checked_sub(3.days()).unwrap(), 6.0, 140.0));
            runs.push(run(sunday.checked_sub(5.days()).unwrap(), 6.0, 141.0));
        }
        runs
    }

    #[test]
    fn the_usual_long_run_day_is_found() {
        let runs = weeks_of_running(date(2026, 11, 22));
        let next_sunday = date(2026, 11, 29);
        let log = RunLog::new(&runs, next_sunday);
        assert_eq!(log.long_run_weekday(next_sunday), Some(Weekday::Sunday));
        assert_eq!(
            RunLog::new(&runs[..1], next_sunday).long_run_weekday(next_sunday),
            None
        );
    }

    #[test]
    fn long_and_hard_runs_are_told_apart_from_easy_ones() {
        let mut runs = weeks_of_running(date(2026, 11, 22));
        runs.push(run(date(2026, 11, 24), 6.0, 160.0));
        let log = RunLog::new(&runs, date(2026, 11, 25));
        let long = log.long_or_hard(date(2026, 11, 22)).expect("16 km is long");
        assert!(long.long && (long.distance_m - 16_000.0).abs() < 1.0);
        let hard = log
            .long_or_hard(date(2026, 11, 24))
            .expect("HR 160 is hard");
        assert!(!hard.long);
        assert!(log.long_or_hard(date(2026, 11, 19)).is_none(), "easy 6 km");
    }

    #[test]
    fn weeks_of_running_without_strength_bring_a_nudge() {
        let runs = weeks_of_running(date(2026, 11, 22));
        let log = RunLog::new(&runs, date(2026, 11, 24));
        let nudge = log.nudge(&[], date(2026, 11, 24)).expect("a nudge");
        assert!(nudge.text.contains("5 times"), "{}", nudge.text);
        assert!(
            RunLog::new(&[], date(2026, 11, 24))
                .nudge(&[], date(2026, 11, 24))
                .is_none()
        );
    }
}
