//! Pure functions over many activities: weekly summaries and deduplication.
//!
//! Weeks are ISO 8601 weeks named by their Monday ([`crate::week_start`]), and
//! an activity falls in the week of its local day ([`Activity::local_day`]:
//! the file's UTC offset, else the user's time zone).
//!
//! The deduplication [`fingerprint`] is `family|start|distance`: the sport
//! family (`run`, `ride`, …), the start rounded to [`START_BUCKET_S`] and the
//! distance rounded to [`DISTANCE_BUCKET_M`]. The same run exported by the
//! watch and by Strava gets the same key; [`same_activity`] is the tolerant
//! comparison for the rare pair that falls either side of a rounding edge.
//! A sport the importer inferred (a GPX file without `<type>`) matches any
//! stated sport in [`same_activity`]: the inference is evidence, not a fact.

use serde::{Deserialize, Serialize};

use jiff::tz::TimeZone;

use crate::calendar::week_start;
use crate::model::{Activity, Sport};

/// Start times are rounded to 5 minutes for the fingerprint.
pub const START_BUCKET_S: i64 = 300;
/// Distances are rounded to 500 m for the fingerprint.
pub const DISTANCE_BUCKET_M: f64 = 500.0;

/// Stable deduplication key of an activity.
pub fn fingerprint(activity: &Activity) -> String {
    let start = activity.start.as_second();
    let start_bucket = (start + START_BUCKET_S / 2).div_euclid(START_BUCKET_S) * START_BUCKET_S;
    let distance_bucket = (activity.distance_m.max(0.0) / DISTANCE_BUCKET_M).round() as i64;
    format!(
        "{}|{}|{}",
        activity.sport.family(),
        start_bucket,
        distance_bucket
    )
}

/// True when two activities are the same session recorded or exported twice:
/// same sport family (or one of the two sports inferred or unknown),
/// distances within 3 % or 200 m, and starts within 2
/// minutes — or, for a time-zone or DST slip between two *different kinds*
/// of source (a watch's FIT file and a GPX/TCX or Strava CSV that wrote local
/// time as UTC), starts a whole number of hours apart (up to 14, give or take
/// 2 minutes) with elapsed times within 2 % or a minute. Two files of the same
/// kind never slip against each other, so two equal runs hours apart on the
/// same day stay two runs.
pub fn same_activity(first: &Activity, second: &Activity) -> bool {
    let uncertain = |activity: &Activity| activity.sport_inferred || activity.sport == Sport::Other;
    if first.sport.family() != second.sport.family() && !uncertain(first) && !uncertain(second) {
        return false;
    }
    let tolerance = (first.distance_m.max(second.distance_m) * 0.03).max(200.0);
    if (first.distance_m - second.distance_m).abs() > tolerance {
        return false;
    }
    let apart = (first.start.as_second() - second.start.as_second()).abs();
    if apart <= 120 {
        return true;
    }
    let off_the_hour = apart % 3600;
    let whole_hours = apart <= 14 * 3600 && (off_the_hour <= 120 || off_the_hour >= 3480);
    let similar_duration = (first.duration_s - second.duration_s).abs()
        <= (first.duration_s.max(second.duration_s) * 0.02).max(60.0);
    whole_hours && first.format != second.format && similar_duration
}

/// Splits `incoming` into activities not yet in `known` and duplicates of
/// ones there (by [`same_activity`]); each new one joins `known`, so repeats
/// within `incoming` are caught too.
pub fn split_new(
    known: &mut Vec<Activity>,
    incoming: impl IntoIterator<Item = Activity>,
) -> (Vec<Activity>, Vec<Activity>) {
    let mut new = Vec::new();
    let mut duplicates = Vec::new();
    for activity in incoming {
        if known.iter().any(|k| same_activity(k, &activity)) {
            duplicates.push(activity);
        } else {
            known.push(activity.clone());
            new.push(activity);
        }
    }
    (new, duplicates)
}

/// Totals of the runs in one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekSummary {
    pub iso_year: i16,
    pub iso_week: i8,
    /// Monday of the week, `YYYY-MM-DD`.
    pub week_start: String,
    pub runs: usize,
    pub distance_m: f64,
    pub moving_s: f64,
    pub duration_s: f64,
    pub long_run_m: f64,
}

/// Weekly running summaries in week order; only running activities count,
/// and activities with the same [`fingerprint`] count once. Each activity
/// counts in the week of its [`Activity::local_day`] in `zone` (the user's
/// time zone, used when the file gave no UTC offset).
pub fn weekly_summaries(activities: &[Activity], zone: &TimeZone) -> Vec<WeekSummary> {
    let mut seen = std::collections::HashSet::new();
    let mut weeks: std::collections::BTreeMap<(i16, i8), WeekSummary> =
        std::collections::BTreeMap::new();
    for activity in activities
        .iter()
        .filter(|activity| activity.sport.is_running())
    {
        if !seen.insert(activity.fingerprint.clone()) && !activity.fingerprint.is_empty() {
            continue;
        }
        let local = activity.local_day(zone);
        let iso = local.iso_week_date();
        let key = (iso.year(), iso.week());
        let week = weeks.entry(key).or_insert_with(|| WeekSummary {
            iso_year: iso.year(),
            iso_week: iso.week(),
            week_start: week_start(local).to_string(),
            runs: 0,
            distance_m: 0.0,
            moving_s: 0.0,
            duration_s: 0.0,
            long_run_m: 0.0,
        });
        week.runs += 1;
        week.distance_m += activity.distance_m;
        week.moving_s += activity.moving_s;
        week.duration_s += activity.duration_s;
        week.long_run_m = week.long_run_m.max(activity.distance_m);
    }
    weeks.into_values().collect()
}
