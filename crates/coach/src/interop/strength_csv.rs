//! Imports from the CSV exports of other strength loggers, Hevy and Strong,
//! into sessions the coach understands.
//!
//! **Columns read.** Columns are found by their header name, in any order;
//! other columns are ignored.
//! - Hevy: `title`, `start_time`, `end_time`, `exercise_title`, `set_type`,
//!   `reps` (required), `description`, `exercise_notes`, `weight_kg` or
//!   `weight_lbs`, `distance_km` or `distance_miles`, `duration_seconds`,
//!   `rpe`. Times are local, `12 Jan 2026, 12:17`.
//! - Strong: `Date`, `Workout Name`, `Exercise Name`, `Set Order`, `Reps`
//!   (required), `Workout #`, `Duration`, `Duration (sec)` or `Workout
//!   Duration`, `Weight` with `Weight Unit`, or `Weight (kg)`/`Weight (lbs)`,
//!   `Distance` with `Distance Unit`, or `Distance (meters)`/`(km)`/`(miles)`,
//!   `Seconds`, `Notes`, `Workout Notes`, `RPE`. Comma, semicolon or tab
//!   separated (read from the header line); decimal point or comma; dates
//!   `2026-01-12 18:05:00` or with am/pm. A `Weight` without a unit column is
//!   kept as [`LoadUnit::Unstated`] (and a `Distance` without one as
//!   [`DistanceUnit::Unstated`]): the file does not say which unit it is.
//!   Rows whose `Set Order` is `Rest Timer` or `Note` (Strong 6 writes rest
//!   timers and exercise notes as rows) and rows that record no work (no
//!   reps, seconds or distance) are skipped and counted.
//!
//! **What a session becomes.** One workout (Hevy: same title and start;
//! Strong: same `Workout #`, or same date and name) is one [`Session`] with
//! `Source::Import`, its `date` the workout's local calendar date, and
//! `started_at_ms` the workout start read in the user's time zone (a time
//! that a clock change skips moves forward by the gap, a repeated one takes
//! the earlier instant), so
//! importing the same file again gives the same sessions (the store treats
//! source + start as the session's identity). The apps record no time per
//! set, so every set's `completed_at_ms` is the workout's end (its start
//! when no end or duration is given), as `runstrong log` does for hand logs.
//! Sets keep the file's order. Each set's repetitions are `reps`; a set with
//! only a duration (a plank) is one repetition held for that long, the
//! library's convention for holds. Time under tension is the recorded
//! duration, else (library exercises) reps × the exercise's tempo, as hand
//! logs estimate it. Warm-up sets get `target_reps = 0`
//! (see [`super::is_warmup`]); unmatched names become custom exercises
//! (see [`super::custom_id`]). Loads, distances and per-set RPE have no field
//! in [`SetRecord`](crate::model::SetRecord); they are kept beside each set in [`ImportedSet`]. The
//! session's RPE, felt and pain stay empty: a set's RPE is not the
//! session's, and the apps do not ask the other two.
//!
//! **All or nothing.** Any invalid row fails the whole file with one sentence
//! naming the file, the line, the column and what was expected. Files larger
//! than [`MAX_BYTES`] are refused before reading.

use jiff::tz::TimeZone;

use super::csv;
use super::table::{Row, Table};
use super::workouts::{Builder, RawSet};
use crate::library::Library;
use crate::model::Session;

/// The largest file read: 32 MiB. A set takes about 120 bytes in these
/// exports, so that is over 250,000 sets: decades of daily logging.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Most repetitions accepted in one set.
pub const MAX_REPS: u32 = 1000;

/// The logger a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    Hevy,
    Strong,
}

impl App {
    pub fn name(self) -> &'static str {
        match self {
            App::Hevy => "Hevy",
            App::Strong => "Strong",
        }
    }
}

/// What the logger called the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    Normal,
    /// Kept, with `target_reps = 0` so progression skips it.
    Warmup,
    Drop,
    Failure,
}

/// The unit a load was logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadUnit {
    Kg,
    Lb,
    /// The file does not say (Strong's comma export).
    Unstated,
}

/// An external load as logged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub value: f64,
    pub unit: LoadUnit,
}

impl Load {
    /// Kilograms per pound (international avoirdupois pound).
    pub const KG_PER_LB: f64 = 0.453_592_37;

    /// The load in kilograms, when the unit is known.
    pub fn kg(&self) -> Option<f64> {
        match self.unit {
            LoadUnit::Kg => Some(self.value),
            LoadUnit::Lb => Some(self.value * Self::KG_PER_LB),
            LoadUnit::Unstated => None,
        }
    }
}

/// The unit a distance was logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceUnit {
    Metres,
    Kilometres,
    Miles,
    Feet,
    /// The file does not say (Strong's comma export).
    Unstated,
}

/// A distance as logged (carries, sled pushes, a warm-up on the treadmill).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distance {
    pub value: f64,
    pub unit: DistanceUnit,
}

impl Distance {
    /// The distance in metres, when the unit is known (a mile is
    /// 1609.344 m, a foot 0.3048 m).
    pub fn metres(&self) -> Option<f64> {
        match self.unit {
            DistanceUnit::Metres => Some(self.value),
            DistanceUnit::Kilometres => Some(self.value * 1000.0),
            DistanceUnit::Miles => Some(self.value * 1609.344),
            DistanceUnit::Feet => Some(self.value * 0.3048),
            DistanceUnit::Unstated => None,
        }
    }
}

/// What the logger recorded about a set beyond [`SetRecord`](crate::model::SetRecord).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSet {
    /// The exercise name as logged.
    pub name: String,
    pub kind: SetKind,
    pub load: Option<Load>,
    pub distance: Option<Distance>,
    /// The set's rating of perceived exertion as logged (Hevy: 6-10 in halves).
    pub rpe: Option<f64>,
}

/// One imported workout. `sets[i]` describes `session.sets[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSession {
    pub session: Session,
    /// The workout's name in the logger.
    pub title: String,
    pub sets: Vec<ImportedSet>,
}

/// An exercise name that matched no library exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// The name as first logged.
    pub name: String,
    /// The custom id its sets were recorded under.
    pub id: String,
    /// Sets recorded under it.
    pub sets: usize,
}

/// Everything read from one file, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub app: App,
    /// Oldest first.
    pub sessions: Vec<ImportedSession>,
    /// Names kept as custom exercises, by name.
    pub unmatched: Vec<Unmatched>,
    /// Data rows read (the header not counted).
    pub rows: usize,
    /// Rows that recorded no work and were skipped.
    pub skipped_rows: usize,
}

impl ImportPlan {
    /// The sessions alone, oldest first.
    pub fn into_sessions(self) -> Vec<Session> {
        self.sessions.into_iter().map(|s| s.session).collect()
    }
}

/// Why a file cannot be imported: one sentence naming the file, the line,
/// the column when there is one, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", place(*.line, .column))]
pub struct CsvError {
    pub file: String,
    /// From 1; 0 for the file as a whole.
    pub line: usize,
    /// From 1, with the header's name for it.
    pub column: Option<(usize, String)>,
    pub message: String,
}

fn place(line: usize, column: &Option<(usize, String)>) -> String {
    match (line, column) {
        (0, _) => String::new(),
        (line, None) => format!(", line {line}"),
        (line, Some((number, name))) if name.is_empty() => {
            format!(", line {line}, column {number}")
        }
        (line, Some((number, name))) => format!(", line {line}, column {number} ({name})"),
    }
}

/// Reads a Hevy CSV export (the workouts file; see the module documentation
/// for the columns). Its times are read as wall-clock times in `zone`.
pub fn parse_hevy(
    name: &str,
    bytes: &[u8],
    library: &Library,
    zone: &TimeZone,
) -> Result<ImportPlan, CsvError> {
    let table = Table::read(name, bytes, App::Hevy)?;
    let col = |n: &str| table.column(n);
    table.require(&[
        "title",
        "start_time",
        "end_time",
        "exercise_title",
        "set_type",
        "reps",
    ])?;
    let weight = col("weight_kg")
        .map(|c| (c, LoadUnit::Kg))
        .or_else(|| col("weight_lbs").map(|c| (c, LoadUnit::Lb)));
    let distance = col("distance_km")
        .map(|c| (c, DistanceUnit::Kilometres))
        .or_else(|| col("distance_miles").map(|c| (c, DistanceUnit::Miles)));
    let mut builder = Builder::new(&table, library, zone)?;
    for record in &table.records {
        let row = Row {
            table: &table,
            record,
        };
        let start = row.datetime(col("start_time"))?;
        let end = row.datetime(col("end_time"))?;
        let title = row.text(col("title")).to_string();
        let key = format!("{}\u{0}{}", row.text(col("start_time")), title);
        let kind = match row.text(col("set_type")).to_ascii_lowercase().as_str() {
            "normal" | "" => SetKind::Normal,
            "warmup" | "warm_up" | "warm-up" => SetKind::Warmup,
            "dropset" | "drop_set" => SetKind::Drop,
            "failure" => SetKind::Failure,
            _ => return Err(row.invalid(col("set_type"), "normal, warmup, dropset or failure")),
        };
        let set = RawSet {
            name: row.text(col("exercise_title")).to_string(),
            name_column: col("exercise_title"),
            kind,
            reps: row.reps(col("reps"))?,
            seconds: row.non_negative(col("duration_seconds"), "a number of seconds")?,
            load: match weight {
                Some((column, unit)) => row
                    .non_negative(Some(column), "a weight")?
                    .map(|value| Load { value, unit }),
                None => None,
            },
            distance: match distance {
                Some((column, unit)) => row
                    .non_negative(Some(column), "a distance")?
                    .filter(|value| *value > 0.0)
                    .map(|value| Distance { value, unit }),
                None => None,
            },
            rpe: row.rpe(col("rpe"))?,
            note: row.text(col("exercise_notes")).to_string(),
        };
        let index = builder.workout(key, &row, start, title);
        let workout = &mut builder.workouts[index];
        workout.end = end.or(workout.end);
        workout.notes.push(row.text(col("description")).to_string());
        builder.add_set(index, set, &row)?;
    }
    builder.finish()
}

/// Reads a Strong CSV export in any of its column sets (see the module
/// documentation). Its times are read as wall-clock times in `zone`.
pub fn parse_strong(
    name: &str,
    bytes: &[u8],
    library: &Library,
    zone: &TimeZone,
) -> Result<ImportPlan, CsvError> {
    let table = Table::read(name, bytes, App::Strong)?;
    let col = |n: &str| table.column(n);
    table.require(&["Date", "Workout Name", "Exercise Name", "Set Order", "Reps"])?;
    let duration = col("Duration")
        .or_else(|| col("Duration (sec)"))
        .or_else(|| col("Workout Duration"));
    let weight: Option<(usize, Option<LoadUnit>)> = col("Weight")
        .map(|c| (c, None))
        .or_else(|| col("Weight (kg)").map(|c| (c, Some(LoadUnit::Kg))))
        .or_else(|| col("Weight (lbs)").map(|c| (c, Some(LoadUnit::Lb))))
        .or_else(|| col("Weight (lb)").map(|c| (c, Some(LoadUnit::Lb))));
    let distance: Option<(usize, Option<DistanceUnit>)> = col("Distance")
        .map(|c| (c, None))
        .or_else(|| col("Distance (meters)").map(|c| (c, Some(DistanceUnit::Metres))))
        .or_else(|| col("Distance (m)").map(|c| (c, Some(DistanceUnit::Metres))))
        .or_else(|| col("Distance (km)").map(|c| (c, Some(DistanceUnit::Kilometres))))
        .or_else(|| col("Distance (miles)").map(|c| (c, Some(DistanceUnit::Miles))));
    let mut builder = Builder::new(&table, library, zone)?;
    for record in &table.records {
        let row = Row {
            table: &table,
            record,
        };
        let order = row.text(col("Set Order")).to_ascii_uppercase();
        if order.starts_with("REST") || order == "NOTE" || order == "NOTES" {
            // Strong 6 writes rest timers and exercise notes as rows.
            builder.skipped_rows += 1;
            continue;
        }
        let reps = row.reps(col("Reps"))?;
        let seconds = row.non_negative(col("Seconds"), "a number of seconds")?;
        let distance = match distance {
            Some((column, unit)) => match row.non_negative(Some(column), "a distance")? {
                Some(value) if value > 0.0 => Some(Distance {
                    value,
                    unit: match unit {
                        Some(unit) => unit,
                        None => row.distance_unit(col("Distance Unit"))?,
                    },
                }),
                _ => None,
            },
            None => None,
        };
        let no_work = reps.unwrap_or(0) == 0 && seconds.unwrap_or(0.0) == 0.0 && distance.is_none();
        if no_work {
            builder.skipped_rows += 1;
            continue;
        }
        let kind = match order.chars().next() {
            Some('W') => SetKind::Warmup,
            Some('D') => SetKind::Drop,
            Some('F') => SetKind::Failure,
            Some(c) if c.is_ascii_digit() => SetKind::Normal,
            _ => {
                return Err(row.invalid(
                    col("Set Order"),
                    "a set number, or W (warm-up), D (drop set) or F (failure)",
                ));
            }
        };
        if !order[1..].chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(row.invalid(
                col("Set Order"),
                "a set number, or W (warm-up), D (drop set) or F (failure)",
            ));
        }
        let load = match weight {
            Some((column, unit)) => match row.non_negative(Some(column), "a weight")? {
                Some(value) if value > 0.0 => Some(Load {
                    value,
                    unit: match unit {
                        Some(unit) => unit,
                        None => row.weight_unit(col("Weight Unit"))?,
                    },
                }),
                _ => None,
            },
            None => None,
        };
        let start = row.datetime(col("Date"))?;
        let title = row.text(col("Workout Name")).to_string();
        let key = match col("Workout #") {
            Some(c) => row.text(Some(c)).to_string(),
            None => format!("{}\u{0}{}", row.text(col("Date")), title),
        };
        let length_s = match duration {
            Some(c) => csv::duration_s(row.text(Some(c)))
                .map_err(|()| row.invalid(Some(c), "a duration such as 1h 5m, 35m or 2100"))?,
            None => None,
        };
        let set = RawSet {
            name: row.text(col("Exercise Name")).to_string(),
            name_column: col("Exercise Name"),
            kind,
            reps,
            seconds,
            load,
            distance,
            rpe: row.rpe(col("RPE"))?,
            note: row.text(col("Notes")).to_string(),
        };
        let index = builder.workout(key, &row, start, title);
        let workout = &mut builder.workouts[index];
        if let (Some(start), Some(seconds)) = (workout.start, length_s) {
            let span = jiff::SignedDuration::from_secs_f64(seconds);
            workout.end = start.checked_add(span).ok().or(workout.end);
        }
        workout
            .notes
            .push(row.text(col("Workout Notes")).to_string());
        builder.add_set(index, set, &row)?;
    }
    builder.finish()
}

#[cfg(test)]
#[path = "strength_csv_tests.rs"]
mod tests;
