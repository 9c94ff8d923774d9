//! Self-assessment: the runner's-butt questionnaire and the home tests of
//! research `exercise-science.md` §3 (single-leg bridge to fatigue, single-leg
//! squat quality, Trendelenburg stance). Results are personal baselines to
//! track over time, never a diagnosis; this module words them that way and
//! derives the few program adjustments they justify.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::Side;

/// Whether the user can feel their glutes working in a bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GluteFeel {
    Yes,
    Sometimes,
    No,
}

/// The questionnaire: habits that make under-used glutes likely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub sitting_hours_per_day: f64,
    pub runs_per_week: u32,
    pub cross_training: bool,
    /// Past overuse injuries in the user's words (e.g. "runner's knee", "ITB").
    #[serde(default)]
    pub past_overuse_injuries: Vec<String>,
    pub can_feel_glutes: GluteFeel,
}

/// What the user saw in 5 slow single-leg squats on one leg (research §3,
/// after Crossley 2011): each `true` is a fault seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SquatChecklist {
    pub knee_drifts_inward: bool,
    pub pelvis_drops_or_tilts: bool,
    pub trunk_leans_or_twists: bool,
    pub loses_balance: bool,
    pub depth_uncontrolled: bool,
}

impl SquatChecklist {
    /// Number of faults seen.
    pub fn faults(&self) -> u32 {
        [
            self.knee_drifts_inward,
            self.pelvis_drops_or_tilts,
            self.trunk_leans_or_twists,
            self.loses_balance,
            self.depth_uncontrolled,
        ]
        .into_iter()
        .map(u32::from)
        .sum()
    }

    /// Good (0 faults), fair (1-2) or poor (3+), the three grades of the
    /// visual rating in Crossley 2011.
    pub fn grade(&self) -> &'static str {
        match self.faults() {
            0 => "good",
            1 | 2 => "fair",
            _ => "poor",
        }
    }
}

/// Single-leg stance for 30 s: did the pelvis stay level?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Level,
    Drops,
}

/// One value per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerSide<T> {
    pub left: Option<T>,
    pub right: Option<T>,
}

impl<T> Default for PerSide<T> {
    fn default() -> Self {
        PerSide {
            left: None,
            right: None,
        }
    }
}

impl<T: Copy> PerSide<T> {
    pub fn get(&self, side: Side) -> Option<T> {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }
}

/// A self-assessment as taken on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Store-assigned id; 0 before it is stored (and then not serialised).
    #[serde(default, skip_serializing_if = "crate::model::is_zero")]
    pub id: i64,
    pub date: Date,
    /// When it was taken, milliseconds since the Unix epoch (UTC).
    pub taken_at_ms: i64,
    pub questionnaire: Questionnaire,
    /// Single-leg bridge repetitions to fatigue.
    #[serde(default)]
    pub single_leg_bridge_reps: PerSide<u32>,
    #[serde(default)]
    pub single_leg_squat: PerSide<SquatChecklist>,
    #[serde(default)]
    pub trendelenburg: PerSide<Stance>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The answers of one self-assessment, as typed or read from a file (no date:
/// the day it is taken).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub questionnaire: Questionnaire,
    #[serde(default)]
    pub single_leg_bridge_reps: PerSide<u32>,
    #[serde(default)]
    pub single_leg_squat: PerSide<SquatChecklist>,
    #[serde(default)]
    pub trendelenburg: PerSide<Stance>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Answers {
    /// Checks the ranges a person could plausibly enter.
    pub fn validate(&self) -> Result<(), crate::model::ParseError> {
        use crate::model::ParseError;
        let q = &self.questionnaire;
        if !(0.0..=24.0).contains(&q.sitting_hours_per_day) {
            return Err(ParseError::new(
                "sitting_hours_per_day",
                &q.sitting_hours_per_day.to_string(),
                "hours from 0 to 24",
            ));
        }
        if q.runs_per_week > 21 {
            return Err(ParseError::new(
                "runs_per_week",
                &q.runs_per_week.to_string(),
                "a number from 0 to 21",
            ));
        }
        for reps in [
            self.single_leg_bridge_reps.left,
            self.single_leg_bridge_reps.right,
        ]
        .into_iter()
        .flatten()
        {
            if reps > 500 {
                return Err(ParseError::new(
                    "single_leg_bridge_reps",
                    &reps.to_string(),
                    "repetitions from 0 to 500",
                ));
            }
        }
        Ok(())
    }

    /// The assessment taken on `date` at `taken_at_ms`.
    pub fn into_assessment(self, date: Date, taken_at_ms: i64) -> Assessment {
        Assessment {
            id: 0,
            date,
            taken_at_ms,
            questionnaire: self.questionnaire,
            single_leg_bridge_reps: self.single_leg_bridge_reps,
            single_leg_squat: self.single_leg_squat,
            trendelenburg: self.trendelenburg,
            note: self.note,
        }
    }
}

/// One point of the single-leg bridge trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgePoint {
    pub date: Date,
    pub left: Option<u32>,
    pub right: Option<u32>,
    /// Left/right difference as a percentage of the better side.
    pub difference_percent: Option<u32>,
}

/// What the latest self-assessment says, worded as baselines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub date: Date,
    pub bridge_trend: Vec<BridgePoint>,
    pub weaker_side: Option<Side>,
    /// Grades of the single-leg squat: good, fair or poor.
    pub squat_left: Option<&'static str>,
    pub squat_right: Option<&'static str>,
    pub trendelenburg_left: Option<Stance>,
    pub trendelenburg_right: Option<Stance>,
    /// Habits from the questionnaire that make under-used glutes more likely.
    pub habits: Vec<String>,
    /// What the result changes in the program.
    pub program_effects: Vec<String>,
    /// Baseline wording and where the numbers come from.
    pub notes: Vec<String>,
}

/// The report on the latest of `assessments`, with the trend over all of them.
pub fn report(assessments: &[Assessment]) -> Option<Report> {
    let mut ordered: Vec<&Assessment> = assessments.iter().collect();
    ordered.sort_by_key(|a| (a.date, a.taken_at_ms));
    let latest = *ordered.last()?;
    let bridge_trend = ordered
        .iter()
        .map(|a| {
            let (left, right) = (
                a.single_leg_bridge_reps.left,
                a.single_leg_bridge_reps.right,
            );
            let difference_percent = match (left, right) {
                (Some(l), Some(r)) if l.max(r) > 0 => Some(l.abs_diff(r) * 100 / l.max(r)),
                _ => None,
            };
            BridgePoint {
                date: a.date,
                left,
                right,
                difference_percent,
            }
        })
        .collect();
    let q = &latest.questionnaire;
    let mut habits = Vec::new();
    if q.sitting_hours_per_day >= 6.0 {
        habits.push(format!(
            "You sit about {} hours a day.",
            q.sitting_hours_per_day
        ));
    }
    if !q.cross_training {
        habits.push("Your training is running only.".to_string());
    }
    if !q.past_overuse_injuries.is_empty() {
        habits.push(format!(
            "Past overuse injuries: {}.",
            q.past_overuse_injuries.join(", ")
        ));
    }
    if q.can_feel_glutes != GluteFeel::Yes {
        habits.push("You do not always feel your glutes working.".to_string());
    }
    let weaker = crate::prescribe::weaker_side(latest);
    let mut program_effects = Vec::new();
    if let Some(side) = weaker {
        program_effects.push(format!(
            "Single-leg bridges join your plan early, starting with your {side} side, which tired sooner."
        ));
    }
    let drops = [Side::Left, Side::Right].into_iter().any(|side| {
        latest.trendelenburg.get(side) == Some(Stance::Drops)
            || latest
                .single_leg_squat
                .get(side)
                .is_some_and(|c| c.pelvis_drops_or_tilts || c.faults() >= 3)
    });
    if drops {
        program_effects.push(
            "Clamshells join your plan early for the side of the hip (gluteus medius).".to_string(),
        );
    }
    if q.can_feel_glutes != GluteFeel::Yes {
        program_effects.push(
            "Your sessions remind you to rest a hand on your glutes while you lift.".to_string(),
        );
    }
    let notes = vec![
        "These are your own baselines to repeat every 4-6 weeks and compare, not a diagnosis.".to_string(),
        "The single-leg bridge test was studied in young footballers, not runners (Freckleton, Cook & Pizzari 2014, Br J Sports Med 48:713-717; one summary reports about 25 reps as their average, matassessment.com), so compare yourself with yourself, left with right.".to_string(),
        "Single-leg squat grades (good, fair, poor) follow the visual rating of Crossley et al. 2011 (Am J Sports Med 39:866-873). The single-leg stance (Trendelenburg) test agrees only weakly with measured hip strength in people without hip disease (Chiropr Man Therap 2020), so it misses mild weakness.".to_string(),
        "If a test hurts, stop it and note the pain; hip pain that lasts deserves a clinician's look.".to_string(),
    ];
    Some(Report {
        date: latest.date,
        bridge_trend,
        weaker_side: weaker,
        squat_left: latest.single_leg_squat.left.map(|c| c.grade()),
        squat_right: latest.single_leg_squat.right.map(|c| c.grade()),
        trendelenburg_left: latest.trendelenburg.left,
        trendelenburg_right: latest.trendelenburg.right,
        habits,
        program_effects,
        notes,
    })
}
