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
