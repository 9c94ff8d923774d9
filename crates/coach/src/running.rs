//! The coach reads the running log: plain-language suggestions that place the
//! glute work around the runs. A short activation primer on the day a long
//! run usually happens, gentle strength after a long or hard run (the full
//! session fits better after an easy day), a lighter week before a race, and
//! a nudge when weeks of running pass without strength work.
//!
//! Pure: it sees runs as [`RunDay`]s (made from the `runs` crate's imported
//! activities by [`RunDay::from_activity`]), sessions, the race date if one
//! is set, and "today".

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
        let offset = activity
            .utc_offset_s
            .and_then(|s| jiff::tz::Offset::from_seconds(s).ok());
        let date = match offset {
            Some(offset) => offset.to_datetime(activity.start).date(),
            None => activity.start.to_zoned_datetime(zone.clone()).date(),
        };
        RunDay {
            date,
            distance_m: activity.distance_m,
            moving_s: activity.moving_s,
            avg_hr: activity.avg_hr,
        }
    }
}

/// The advice for `today` from imported activities: only runs count.
pub fn advise_from_activities(
    activities: &[runs::Activity],
    zone: &jiff::tz::TimeZone,
    sessions: &[Session],
    today: Date,
    race: Option<Date>,
) -> Vec<RunAdvice> {
    let runs: Vec<RunDay> = activities
        .iter()
        .filter(|a| a.sport.is_running())
        .map(|a| RunDay::from_activity(a, zone))
        .collect();
    advise(&runs, sessions, today, race)
}

/// What kind of suggestion it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// Today is usually a long-run day: a short primer before it.
    Primer,
    /// Yesterday was long or hard: keep today's strength gentle.
    AfterHardRun,
    /// A race is close: lighten.
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
/// A run this much longer than the typical run counts as long.
pub const LONG_RUN_FACTOR: f64 = 1.5;
/// Long runs on the same weekday in this many of the last four weeks make a pattern.
pub const PATTERN_WEEKS: usize = 2;
/// Days before a race when the plan lightens.
pub const RACE_TAPER_DAYS: i32 = 7;

/// The suggestions for `today`, most important first.
pub fn advise(
    runs: &[RunDay],
    sessions: &[Session],
    today: Date,
    race: Option<Date>,
) -> Vec<RunAdvice> {
    let recent: Vec<&RunDay> = runs
        .iter()
        .filter(|r| {
            let age = days_between(r.date, today);
            (0..=LOOKBACK_WEEKS * 7).contains(&age)
        })
        .collect();
    let mut advice = Vec::new();

    if let Some(race) = race {
        let until = days_between(today, race);
        if (0..=RACE_TAPER_DAYS).contains(&until) {
            let when = if until == 0 {
                "today".to_string()
            } else {
                format!("in {until} day{}", plural(until))
            };
            let text = if until <= 2 {
                format!(
                    "Your race is {when}: skip strength work now, or do one easy set of bridges to wake the glutes up. Fresh legs matter more."
                )
            } else {
                format!(
                    "Your race is {when}: lighten this week. Do one set less of each exercise, add nothing new, and keep the last two days before the race free of strength work."
                )
            };
            advice.push(RunAdvice {
                kind: AdviceKind::RaceWeek,
                text,
            });
        }
    }

    let typical = median(recent.iter().map(|r| r.distance_m).collect());
    let is_long = |run: &RunDay| {
        typical.is_some_and(|t| {
            t > 0.0 && run.distance_m >= LONG_RUN_FACTOR * t && run.distance_m >= 8_000.0
        })
    };
    let typical_hr = median(recent.iter().filter_map(|r| r.avg_hr).collect());
    let is_hard =
        |run: &RunDay| typical_hr.is_some_and(|t| run.avg_hr.is_some_and(|hr| hr >= t * 1.08));

    if let Some(weekday) = long_run_weekday(&recent, &is_long, today)
        && weekday == today.weekday()
        && !recent.iter().any(|r| r.date == today)
    {
        advice.push(RunAdvice {
            kind: AdviceKind::Primer,
            text: format!(
                "{} is usually your long run. Before it, a 5-minute primer is enough: one set of 10 bridges with a 2-second squeeze and 10 clamshells each side. Do the full strength session after an easy day instead.",
                weekday_name(weekday)
            ),
        });
    }

    if let Some(yesterday) = today.yesterday().ok()
        && let Some(run) = recent
            .iter()
            .find(|r| r.date == yesterday && (is_long(r) || is_hard(r)))
    {
        let what = if is_long(run) { "long" } else { "hard" };
        advice.push(RunAdvice {
            kind: AdviceKind::AfterHardRun,
            text: format!(
                "Yesterday's run was {what} ({:.1} km). Today's glute work is fine if it stays easy; if your legs feel heavy, do it after your next easy day.",
                run.distance_m / 1000.0
            ),
        });
    }

    let fortnight: Vec<&&RunDay> = recent
        .iter()
        .filter(|r| days_between(r.date, today) < 14)
        .collect();
    let strength_days = sessions
        .iter()
        .filter(|s| !s.sets.is_empty() && (0..14).contains(&days_between(s.date, today)))
        .count();
    if fortnight.len() >= 3 && strength_days == 0 {
        advice.push(RunAdvice {
            kind: AdviceKind::Nudge,
            text: format!(
                "You ran {} times in the last two weeks without any strength work. Five minutes of bridges today restarts the habit.",
                fortnight.len()
            ),
        });
    }
    advice
}

/// The weekday on which the long run fell in at least [`PATTERN_WEEKS`] of
/// the last four weeks, if any.
fn long_run_weekday(
    recent: &[&RunDay],
    is_long: &dyn Fn(&RunDay) -> bool,
    today: Date,
) -> Option<Weekday> {
    let mut counts: BTreeMap<i8, usize> = BTreeMap::new();
    for run in recent
        .iter()
        .filter(|r| days_between(r.date, today) <= 28 && is_long(r))
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

fn plural(n: i32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn weekday_name(day: Weekday) -> &'static str {
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
    fn a_usual_long_run_day_gets_a_primer() {
        let last_sunday = date(2026, 11, 22);
        let runs = weeks_of_running(last_sunday);
        let next_sunday = date(2026, 11, 29);
        let advice = advise(&runs, &[], next_sunday, None);
        assert!(
            advice
                .iter()
                .any(|a| a.kind == AdviceKind::Primer && a.text.starts_with("Sunday")),
            "{advice:?}"
        );
        let wednesday = date(2026, 11, 25);
        assert!(
            !advise(&runs, &[], wednesday, None)
                .iter()
                .any(|a| a.kind == AdviceKind::Primer)
        );
    }

    #[test]
    fn the_day_after_a_long_run_keeps_strength_gentle() {
        let runs = weeks_of_running(date(2026, 11, 22));
        let advice = advise(&runs, &[], date(2026, 11, 23), None);
        let after = advice
            .iter()
            .find(|a| a.kind == AdviceKind::AfterHardRun)
            .expect("advice after the long run");
        assert!(after.text.contains("long (16.0 km)"));
        assert!(
            !advise(&runs, &[], date(2026, 11, 20), None)
                .iter()
                .any(|a| a.kind == AdviceKind::AfterHardRun)
        );
    }

    #[test]
    fn weeks_of_running_without_strength_bring_a_nudge_and_a_race_lightens() {
        let runs = weeks_of_running(date(2026, 11, 22));
        let advice = advise(&runs, &[], date(2026, 11, 24), None);
        assert!(
            advice
                .iter()
                .any(|a| a.kind == AdviceKind::Nudge && a.text.contains("5 times")),
            "{advice:?}"
        );
        let race = advise(&runs, &[], date(2026, 11, 24), Some(date(2026, 11, 29)));
        assert_eq!(race[0].kind, AdviceKind::RaceWeek);
        assert!(race[0].text.contains("in 5 days"));
        let close = advise(&runs, &[], date(2026, 11, 28), Some(date(2026, 11, 29)));
        assert!(close[0].text.contains("skip strength"));
        assert!(
            advise(&runs, &[], date(2026, 11, 10), Some(date(2026, 11, 29)))
                .iter()
                .all(|a| a.kind != AdviceKind::RaceWeek)
        );
    }

    #[test]
    fn no_runs_no_advice() {
        assert!(advise(&[], &[], date(2026, 11, 24), None).is_empty());
    }
}
