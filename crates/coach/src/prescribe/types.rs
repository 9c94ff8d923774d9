//! The public shapes of the prescription: what the application layer passes
//! in ([`PlanInputs`], [`CheckIn`]) and what it gets back ([`Prescription`]
//! with its items, day kind, pain gate, running notes and left/right
//! numbers). Plain data with serde.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::library::{Frequency, Library, Tempo};
use crate::model::{ParseError, Session, Side};
use crate::program::Program;
use crate::running::{RunAdvice, RunDay};

/// Everything the coach needs to decide today's plan. The application layer
/// builds it from its store; the coach reads nothing else.
#[derive(Debug, Clone, Copy)]
pub struct PlanInputs<'a> {
    pub program: &'a Program,
    pub library: &'a Library,
    /// The whole history, in any order; sessions after `today` are ignored.
    pub sessions: &'a [Session],
    pub assessments: &'a [Assessment],
    /// Runs from the activity log (see [`crate::running::run_days`]); any order.
    pub runs: &'a [RunDay],
    /// The next (or most recent) race day, when the runner set one.
    pub race: Option<Date>,
    pub today: Date,
    /// The answers given before the first set today, when asked. A check-in
    /// for another day is ignored.
    pub check_in: Option<&'a CheckIn>,
}

impl<'a> PlanInputs<'a> {
    /// The inputs of a plan from the history alone: no runs, no race date,
    /// no check-in.
    pub fn new(
        program: &'a Program,
        library: &'a Library,
        sessions: &'a [Session],
        assessments: &'a [Assessment],
        today: Date,
    ) -> PlanInputs<'a> {
        PlanInputs {
            program,
            library,
            sessions,
            assessments,
            runs: &[],
            race: None,
            today,
            check_in: None,
        }
    }
}

/// The answers given before the first set of a day: the pain screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The training day it was given for.
    #[serde(deserialize_with = "crate::words::deserialize_day")]
    pub date: Date,
    /// When it was given, milliseconds since the Unix epoch (UTC).
    pub taken_at_ms: i64,
    /// Pain anywhere in the hips, legs or back right now: 0 (none) to 10 (worst).
    pub pain_now: u8,
    /// Whether pain from the last session was still there, or worse, the
    /// next morning; `None` when not asked.
    #[serde(default)]
    pub pain_lingered: Option<bool>,
    /// The legs feel heavy or sore from running (a race, a long or hard run).
    #[serde(default)]
    pub legs_heavy: bool,
}

impl CheckIn {
    /// Checks the ranges; names the field and the accepted range.
    pub fn validate(&self) -> Result<(), ParseError> {
        if self.pain_now > 10 {
            return Err(ParseError::new(
                "pain_now",
                &self.pain_now.to_string(),
                "a whole number from 0 to 10",
            ));
        }
        Ok(())
    }
}

/// One exercise in today's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrescribedItem {
    pub exercise: String,
    /// The exercise's name, with the variant in use after a dash.
    pub name: String,
    pub sets: u32,
    pub reps: u32,
    /// Seconds to hold at the top of each rep (the whole hold for a hold).
    pub hold_s: f64,
    /// Every set is done on the left and then the right side.
    pub per_side: bool,
    /// Side to start with (the one that managed fewer reps, when one did).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_side: Option<Side>,
    pub tempo: Tempo,
    pub rest_s: u32,
    /// The cue to focus on this time, when the last session asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_cue: Option<String>,
    /// Why this exercise and this dose, in plain words.
    pub why: String,
    /// Optional today (a rest day's primer, a pain-free alternative).
    #[serde(default)]
    pub optional: bool,
    /// All sets of this item are done on this side only (an extra set for
    /// the weaker side). `per_side` is false when this is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_only: Option<Side>,
    /// The variant in use, when the coach changed how the exercise is done
    /// (e.g. "feet closer, hands on the glutes"); `name` already includes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Each repetition is one isometric hold of `hold_s` seconds: show the
    /// dose as "2 × 20 s hold", not as reps.
    #[serde(default)]
    pub hold: bool,
}

/// Where the runner is on the ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStatus {
    pub id: String,
    pub name: String,
    /// 1-based position on the ladder.
    pub number: usize,
    pub of: usize,
    pub frequency: Frequency,
    /// Good days in a row so far at this stage.
    pub good_sessions: u32,
    /// Good days in a row needed to move up (0 on the last stage).
    pub good_sessions_needed: u32,
}

/// Today's plan with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prescription {
    pub date: Date,
    pub program: String,
    pub stage: StageStatus,
    /// What to do today; empty on a pain rest day.
    pub items: Vec<PrescribedItem>,
    /// Why today looks the way it does, in plain words.
    pub why: String,
    /// What changed since the last session, and why.
    pub changes: Vec<String>,
    /// Safety advice (pain, a professional's look); shown prominently.
    pub advice: Vec<String>,
    /// A rest day of some kind: the items (if any) are optional. Same as
    /// `day.is_rest()`.
    pub rest_day: bool,
    /// At least one set was already done today.
    pub done_today: bool,
    /// What kind of day the plan makes today.
    pub day: DayKind,
    /// When present and not yet answered, the front end must ask the
    /// [`CheckIn`] questions before the first set and prescribe again with
    /// the answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_gate: Option<PainGate>,
    /// Suggestions from the running log and the race date, in line with the items.
    pub running: Vec<RunAdvice>,
    /// The latest recent session saved without its answers: ask for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<Unanswered>,
    /// The left/right difference, when single-leg work or a self-check shows one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asymmetry: Option<Asymmetry>,
    /// Estimated minutes the items take, guided (set-ups and rests included).
    pub minutes: f64,
    /// Things in the last session worth a word (far more volume than
    /// prescribed, an exercise well above the stage), each naming its exercise.
    pub warnings: Vec<String>,
}

/// What kind of day the plan makes today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// The stage's session.
    Training,
    /// Race week: the stage's session with a set less and nothing new.
    RaceWeek,
    /// After a long or hard run: a light session (a set less, nothing new).
    AfterHardRun,
    /// The usual long-run day: a short primer before the run; the full
    /// session moves to after an easy day.
    BeforeLongRun,
    /// A rest day of a 2-3-days-a-week stage: the items are an optional primer.
    Rest,
    /// The last days before a race: at most a short primer.
    PreRace,
    /// Race day: at most a short primer before the race.
    RaceDay,
    /// The day after a race: rest, or the optional primer.
    AfterRace,
    /// Pain now, or pain that keeps coming back: rest or a pain-free alternative.
    PainRest,
}

impl DayKind {
    /// The items of such a day are optional (a rest day of some kind), and
    /// not training on it never counts as a missed day.
    pub fn is_rest(self) -> bool {
        !matches!(
            self,
            DayKind::Training | DayKind::RaceWeek | DayKind::AfterHardRun
        )
    }

    /// A light day: the stage's work with a set less and nothing new.
    pub fn is_light(self) -> bool {
        matches!(self, DayKind::RaceWeek | DayKind::AfterHardRun)
    }
}

/// The question to ask before the first set, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainGate {
    /// Why the coach asks today.
    pub reason: String,
    /// The question, e.g. "Does anything hurt right now? 0 (nothing) to 10 (worst)."
    pub question: String,
    /// Today's check-in was given and the plan already follows it.
    pub answered: bool,
}

/// A session saved without its end-of-session answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unanswered {
    /// Store id of the session (0 when not stored).
    pub session_id: i64,
    pub date: Date,
    pub started_at_ms: i64,
    /// Why it matters, in plain words.
    pub text: String,
}

/// A left/right difference worth tracking: the headline number, the largest
/// gap among the latest result of every single-leg exercise and of the
/// self-check's bridge test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asymmetry {
    /// Where the latest number comes from.
    pub source: AsymmetrySource,
    /// Exercise (or self-check test) it was measured in.
    pub exercise: String,
    /// The side that managed fewer reps.
    pub weaker: Side,
    /// Difference as a percentage of the better side.
    pub percent: u32,
    /// The plan acts on it (at least the convention's threshold).
    pub acted_on: bool,
    /// The same measure over time, oldest first.
    pub trend: Vec<AsymmetryPoint>,
    /// The headline in plain words, with its trend.
    pub text: String,
}

/// Where an asymmetry number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AsymmetrySource {
    /// Reps logged per side in unilateral sets (hand logs or camera counts).
    Sets,
    /// The single-leg bridge test of a self-check.
    SelfCheck,
}

/// One point of the asymmetry trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AsymmetryPoint {
    pub date: Date,
    pub source: AsymmetrySource,
    pub exercise: String,
    /// Reps on each side (the whole session's, or the test's).
    pub left: u32,
    pub right: u32,
    pub percent: u32,
}
