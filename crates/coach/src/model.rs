//! The records the coach reasons about: sessions, sets, the end-of-session
//! answers, and self-assessments. Plain data with serde; storage lives in the
//! `store` crate, which maps these to rows.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where the user felt an exercise working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Felt {
    Glutes,
    Hamstrings,
    LowBack,
    Quads,
    FrontOfHip,
    Other,
}

impl Felt {
    /// All values, in the order they are offered to the user.
    pub const ALL: [Felt; 6] = [
        Felt::Glutes,
        Felt::Hamstrings,
        Felt::LowBack,
        Felt::Quads,
        Felt::FrontOfHip,
        Felt::Other,
    ];

    /// The kebab-case name used on the command line, in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Felt::Glutes => "glutes",
            Felt::Hamstrings => "hamstrings",
            Felt::LowBack => "low-back",
            Felt::Quads => "quads",
            Felt::FrontOfHip => "front-of-hip",
            Felt::Other => "other",
        }
    }
}

impl fmt::Display for Felt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Felt {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let s = match s.as_str() {
            "glute" | "butt" => "glutes",
            "hamstring" | "hams" => "hamstrings",
            "back" | "lower-back" => "low-back",
            "quad" | "thighs" => "quads",
            "hip-flexors" | "hip" => "front-of-hip",
            other => other,
        };
        Felt::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                ParseError::new(
                    "where it was felt",
                    s,
                    "glutes, hamstrings, low-back, quads, front-of-hip or other",
                )
            })
    }
}

/// Which side a unilateral set trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Side {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "left" | "l" => Ok(Side::Left),
            "right" | "r" => Ok(Side::Right),
            other => Err(ParseError::new("side", other, "left or right")),
        }
    }
}

/// A value that could not be parsed: names the input and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {given:?} is not valid: expected {expected}")]
pub struct ParseError {
    pub what: &'static str,
    pub given: String,
    pub expected: &'static str,
}

impl ParseError {
    pub fn new(what: &'static str, given: &str, expected: &'static str) -> ParseError {
        ParseError {
            what,
            given: given.to_string(),
            expected,
        }
    }
}

/// How a session came to be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A guided session in the terminal.
    Terminal,
    /// A guided session in the browser.
    Web,
    /// Logged by hand after the fact.
    Log,
    /// Brought in by `import`.
    Import,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Terminal => "terminal",
            Source::Web => "web",
            Source::Log => "log",
            Source::Import => "import",
        }
    }
}

impl FromStr for Source {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Source::Terminal, Source::Web, Source::Log, Source::Import]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseError::new("session source", s, "terminal, web, log or import"))
    }
}

/// One completed set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetRecord {
    /// Exercise id.
    pub exercise: String,
    /// Position within the session, from 1; unique per session.
    pub position: u32,
    /// Repetitions completed.
    pub reps: u32,
    /// Repetitions that were prescribed (equal to `reps` for hand logs).
    pub target_reps: u32,
    #[serde(default)]
    pub side: Option<Side>,
    /// Seconds held at the top of each repetition.
    pub hold_s: f64,
    /// Seconds under tension for the whole set.
    pub tension_s: f64,
    /// When the set was completed, milliseconds since the Unix epoch (UTC).
    pub completed_at_ms: i64,
}

/// The end-of-session answers.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Feedback {
    /// Rating of perceived exertion, 1 (very easy) to 10 (maximal).
    pub rpe: Option<u8>,
    pub felt: Option<Felt>,
    /// Pain during or after, 0 (none) to 10 (worst).
    pub pain: Option<u8>,
}

impl Feedback {
    /// Checks the ranges; names the field and the accepted range.
    pub fn validate(&self) -> Result<(), ParseError> {
        if let Some(rpe) = self.rpe
            && !(1..=10).contains(&rpe)
        {
            return Err(ParseError::new(
                "RPE",
                &rpe.to_string(),
                "a whole number from 1 to 10",
            ));
        }
        if let Some(pain) = self.pain
            && pain > 10
        {
            return Err(ParseError::new(
                "pain",
                &pain.to_string(),
                "a whole number from 0 to 10",
            ));
        }
        Ok(())
    }
}

/// A training session: what was done on a day, and how it felt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Store-assigned id; 0 before it is stored (and then not serialised).
    #[serde(default, skip_serializing_if = "crate::model::is_zero")]
    pub id: i64,
    /// The training day (the user's local calendar date).
    #[serde(deserialize_with = "crate::words::deserialize_day")]
    pub date: Date,
    pub source: Source,
    /// When the session started, milliseconds since the Unix epoch (UTC).
    pub started_at_ms: i64,
    /// When the end-of-session answers were given; `None` for a session that
    /// was interrupted (its completed sets still count).
    pub finished_at_ms: Option<i64>,
    /// The program stage the session was prescribed from, if any.
    pub stage: Option<String>,
    /// The end-of-session answers, written as top-level `rpe`, `felt`, `pain`.
    #[serde(flatten)]
    pub feedback: Feedback,
    #[serde(default)]
    pub note: Option<String>,
    /// What the coach prescribed when the session started, so it is judged
    /// against that and not against a later plan. Empty when unknown (hand
    /// logs, imports from older versions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prescribed: Vec<PlannedItem>,
    pub sets: Vec<SetRecord>,
}

/// One exercise as it was prescribed for a session: the dose the session is
/// judged against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedItem {
    /// Exercise id.
    pub exercise: String,
    pub sets: u32,
    pub reps: u32,
    /// Every set is done on the left and then the right side.
    #[serde(default)]
    pub per_side: bool,
    /// Seconds to hold at the top of each rep.
    #[serde(default)]
    pub hold_s: f64,
    /// The side a per-side set started with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_side: Option<Side>,
    /// Every set on this side only (an extra set for the weaker side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side_only: Option<Side>,
    /// The variant in use, when the coach changed how the exercise is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl SetRecord {
    /// A warm-up set (imported from another logger): kept, shown, but never
    /// counted toward a prescribed dose. Marked by a target of 0 reps.
    pub fn is_warmup(&self) -> bool {
        self.target_reps == 0
    }
}

impl Session {
    /// Total repetitions over all sets.
    pub fn total_reps(&self) -> u32 {
        self.sets.iter().map(|s| s.reps).sum()
    }

    /// Seconds under tension over all sets.
    pub fn tension_s(&self) -> f64 {
        self.sets.iter().map(|s| s.tension_s).sum()
    }
}

/// For `skip_serializing_if`: ids of 0 mean "not stored".
pub(crate) fn is_zero(id: &i64) -> bool {
    *id == 0
}

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i32 {
    (to - from).get_days()
}
