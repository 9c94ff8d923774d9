//! The normalised activity model every format is turned into.
//!
//! [`Sample`] is one point of a recording in SI units with cadence in steps
//! per minute; [`Activity`] is what the importer hands to the rest of the
//! program. `Activity`'s serde field names (`file`, `sport`, `start`,
//! `distance_m`, `duration_s`, `moving_s`, `avg_hr`, `max_hr`,
//! `avg_cadence_spm`, `elevation_gain_m`, `warnings`) are a contract used by
//! `runstrong runs import --json`: do not rename them. Fields added later
//! (`sport_inferred`, `pauses`, `splits`, `track`) carry `#[serde(default)]`
//! so bodies stored before them still decode.
//!
//! [`Pause`], [`Split`] and [`TrackPoint`] are what a run's own page shows;
//! they are computed in `page.rs` and kept compact: values are rounded to
//! what a chart can show, and a track point is stored as a six-element array
//! `[elapsed_s, distance_m, speed_mps, heart_rate_bpm, cadence, altitude_m]`
//! (`null` where the file has no such channel).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Which format an activity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Fit,
    Gpx,
    Tcx,
    /// A Strava export row without a file (a manual entry).
    StravaCsv,
}

/// The sport, normalised across formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Running,
    TrailRunning,
    TreadmillRunning,
    Walking,
    Hiking,
    Cycling,
    Swimming,
    Transition,
    Other,
}

impl Sport {
    /// True for every kind of run (road, trail, treadmill).
    pub fn is_running(self) -> bool {
        matches!(
            self,
            Self::Running | Self::TrailRunning | Self::TreadmillRunning
        )
    }

    /// Coarse family used by the deduplication fingerprint, so "trail run" in
    /// one source and "run" in another still match.
    pub fn family(self) -> &'static str {
        match self {
            Self::Running | Self::TrailRunning | Self::TreadmillRunning => "run",
            Self::Walking | Self::Hiking => "walk",
            Self::Cycling => "ride",
            Self::Swimming => "swim",
            Self::Transition | Self::Other => "other",
        }
    }

    /// From FIT `sport` and `sub_sport` enum values.
    pub fn from_fit(sport: Option<u8>, sub_sport: Option<u8>) -> Self {
        match (sport, sub_sport) {
            (Some(1), Some(1)) => Self::TreadmillRunning,
            (Some(1), Some(3)) => Self::TrailRunning,
            (Some(1), _) => Self::Running,
            (Some(2), _) => Self::Cycling,
            (Some(3), _) => Self::Transition,
            (Some(5), _) => Self::Swimming,
            (Some(11), _) => Self::Walking,
            (Some(17), _) => Self::Hiking,
            _ => Self::Other,
        }
    }

    /// From a free-text name: TCX `Sport`, GPX `<type>` (including Strava's
    /// numeric codes), Strava CSV `Activity Type` (English or German).
    pub fn from_name(name: &str) -> Self {
        let lower = name.trim().to_lowercase();
        match lower.as_str() {
            "9" | "run" | "running" | "lauf" | "laufen" => Self::Running,
            "trail run" | "trail_running" | "trailrun" | "traillauf" => Self::TrailRunning,
            "virtual run" | "virtualrun" | "treadmill" | "treadmill_running"
            | "virtueller lauf" => Self::TreadmillRunning,
            "1" | "ride" | "biking" | "cycling" | "virtual ride" | "virtualride" | "radfahrt" => {
                Self::Cycling
            }
            "10" | "walk" | "walking" | "spaziergang" | "gehen" => Self::Walking,
            "4" | "hike" | "hiking" | "wanderung" | "wandern" => Self::Hiking,
            "swim" | "swimming" | "schwimmen" => Self::Swimming,
            _ if lower.contains("run") || lower.contains("lauf") => Self::Running,
            _ => Self::Other,
        }
    }
}

/// One recorded point, in SI units. Every channel is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    /// Seconds since the Unix epoch, UTC.
    pub time_s: Option<f64>,
    pub latitude_deg: Option<f64>,
    pub longitude_deg: Option<f64>,
    pub altitude_m: Option<f64>,
    /// Cumulative distance as the device measured it.
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f64>,
    pub heart_rate_bpm: Option<f64>,
    /// Steps per minute for running (already normalised), rpm otherwise.
    pub cadence: Option<f64>,
    pub power_w: Option<f64>,
    pub stance_time_ms: Option<f64>,
    pub vertical_oscillation_mm: Option<f64>,
    pub vertical_ratio_pct: Option<f64>,
    pub step_length_mm: Option<f64>,
    /// True for the first point of a new GPX segment or TCX track: the gap
    /// before it counts as stopped.
    pub segment_start: bool,
}

/// Averages of the running-dynamics channels, where the device recorded them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunningDynamics {
    pub stance_time_ms: Option<f64>,
    pub vertical_oscillation_mm: Option<f64>,
    pub vertical_ratio_pct: Option<f64>,
    pub step_length_mm: Option<f64>,
}

/// The device's own summary (a FIT `session`, or a TCX activity's laps'
/// summed time and distance), kept beside our computed values so that the
/// two can be compared. A heart rate or cadence of 0 is stored as missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceSummary {
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
    pub elevation_gain_m: Option<f64>,
}

/// One imported activity with its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// The file name (or archive path) it came from.
    pub file: String,
    pub format: SourceFormat,
    pub sport: Sport,
    /// Start time, UTC (serialised as RFC 3339).
    pub start: Timestamp,
    /// Local time minus UTC, in seconds, when the file says so.
    pub utc_offset_s: Option<i32>,
    pub distance_m: f64,
    /// Elapsed time, pauses included: the device's own when the samples
    /// agree with it, else from the first to the last sample (after any
    /// clock jump was closed).
    pub duration_s: f64,
    /// Time spent moving, never above `duration_s`: the device's timer time
    /// (FIT session, TCX laps) unless its records contradict it, otherwise
    /// the time outside the device's timer pauses, or the time between
    /// samples covered faster than about 1 km/h.
    pub moving_s: f64,
    /// Moving time per kilometre, in seconds.
    pub pace_s_per_km: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    /// Steps per minute for running, rpm or strokes otherwise: the device's
    /// session average when it has one.
    pub avg_cadence_spm: Option<f64>,
    pub elevation_gain_m: Option<f64>,
    /// Speed (m/min) per heartbeat (bpm): average moving speed ÷ average HR.
    pub efficiency_factor: Option<f64>,
    /// Pa:HR decoupling in percent, first vs second half by time.
    pub decoupling_pct: Option<f64>,
    pub dynamics: Option<RunningDynamics>,
    pub device_summary: Option<DeviceSummary>,
    /// Strava export metadata, when matched to a row of `activities.csv`.
    pub name: Option<String>,
    pub description: Option<String>,
    pub gear: Option<String>,
    pub samples: usize,
    /// Deduplication key, see [`crate::fingerprint`].
    pub fingerprint: String,
    /// What was lost or doubtful while reading (byte offsets or lines included).
    pub warnings: Vec<String>,
    /// Choices made on the user's behalf ("cadence doubled", "time zone unknown").
    pub assumptions: Vec<String>,
    /// True when the file did not state the sport and it was inferred from
    /// pace, cadence and heart rate (see `assumptions` for the evidence).
    #[serde(default)]
    pub sport_inferred: bool,
    /// Times the recording stood still: the device's timer pauses when the
    /// file has them, otherwise breaks between track segments and gaps in
    /// the recording covered at less than a slow walk.
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// One split per full kilometre, then the remaining part (`partial`).
    #[serde(default)]
    pub splits: Vec<Split>,
    /// The recording downsampled to at most [`MAX_TRACK_POINTS`] points, for
    /// pace and heart-rate charts.
    #[serde(default)]
    pub track: Vec<TrackPoint>,
}

/// Upper bound on [`Activity::track`]'s length.
pub const MAX_TRACK_POINTS: usize = 600;

/// A stretch when the recording stood still.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// Seconds from the activity's start to the start of the pause.
    pub start_s: f64,
    pub duration_s: f64,
}

/// One kilometre of an activity (or the remaining part of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// 1-based.
    pub index: u32,
    /// 1000 m, or less for the last, partial split.
    pub distance_m: f64,
    /// Time from the start of the split to its end, pauses included.
    pub elapsed_s: f64,
    /// Time moving within the split (the activity's own moving rule).
    pub moving_s: f64,
    /// Moving time per kilometre, in seconds.
    pub pace_s_per_km: Option<f64>,
    pub avg_hr: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
    /// True for the last split when it is shorter than a kilometre.
    pub partial: bool,
}

/// One point of the downsampled track. Every channel but the time is
/// optional; stored as an array, see the module documentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "TrackTuple", into = "TrackTuple")]
pub struct TrackPoint {
    /// Seconds since the activity's start.
    pub elapsed_s: f64,
    /// Distance since the start, in metres.
    pub distance_m: Option<f64>,
    /// Average moving speed over the points this one stands for.
    pub speed_mps: Option<f64>,
    pub heart_rate_bpm: Option<f64>,
    /// Steps per minute for running, rpm otherwise.
    pub cadence: Option<f64>,
    pub altitude_m: Option<f64>,
}

/// The stored form of a [`TrackPoint`].
type TrackTuple = (
    f64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

impl From<TrackTuple> for TrackPoint {
    fn from(
        (elapsed_s, distance_m, speed_mps, heart_rate_bpm, cadence, altitude_m): TrackTuple,
    ) -> Self {
        Self {
            elapsed_s,
            distance_m,
            speed_mps,
            heart_rate_bpm,
            cadence,
            altitude_m,
        }
    }
}

impl From<TrackPoint> for TrackTuple {
    fn from(point: TrackPoint) -> Self {
        (
            point.elapsed_s,
            point.distance_m,
            point.speed_mps,
            point.heart_rate_bpm,
            point.cadence,
            point.altitude_m,
        )
    }
}
