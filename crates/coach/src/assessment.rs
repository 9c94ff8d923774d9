//! Self-assessment: the runner's-butt questionnaire, the pain screen and the
//! home tests of research `exercise-science.md` §3 (single-leg bridge to
//! fatigue, single-leg squat quality, single-leg stance). Results are personal
//! baselines to track over time, never a diagnosis; this module words them
//! that way, trends every test, and names the few plan changes a result asks
//! for ([`effects`]). How and when the plan makes them is the prescription's
//! business (`prescribe`), which reads these effects.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{ParseError, Side};
use crate::rules::{ASYMMETRY_MIN_REPS, ASYMMETRY_PERCENT, SELF_CHECK_SKIP_PAIN};

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

    /// Good (0 faults), fair (1-2) or poor (3+): our grouping of the
    /// checklist into the three grades of Crossley 2011, whose raters were
    /// trained clinicians (self-rating from video is untested).
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
    #[serde(deserialize_with = "crate::words::deserialize_day")]
    pub date: Date,
    /// When it was taken, milliseconds since the Unix epoch (UTC).
    pub taken_at_ms: i64,
    /// The pain screen asked before the tests: pain right now, 0-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_now: Option<u8>,
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
    /// The pain screen asked before the tests: pain right now, 0-10.
    #[serde(default)]
    pub pain_now: Option<u8>,
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
    pub fn validate(&self) -> Result<(), ParseError> {
        let q = &self.questionnaire;
        if let Some(pain) = self.pain_now {
            if pain > 10 {
                return Err(ParseError::new(
                    "pain_now",
                    &pain.to_string(),
                    "a whole number from 0 to 10",
                ));
            }
            if pain >= SELF_CHECK_SKIP_PAIN && self.has_test_results() {
                return Err(ParseError::new(
                    "pain_now",
                    &pain.to_string(),
                    "below 4 when test results are given (with more pain the tests wait for another day)",
                ));
            }
        }
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

    /// Any test has a result.
    pub fn has_test_results(&self) -> bool {
        let bridge = &self.single_leg_bridge_reps;
        let squat = &self.single_leg_squat;
        let stance = &self.trendelenburg;
        bridge.left.is_some()
            || bridge.right.is_some()
            || squat.left.is_some()
            || squat.right.is_some()
            || stance.left.is_some()
            || stance.right.is_some()
    }

    /// The assessment taken on `date` at `taken_at_ms`.
    pub fn into_assessment(self, date: Date, taken_at_ms: i64) -> Assessment {
        Assessment {
            id: 0,
            date,
            taken_at_ms,
            pain_now: self.pain_now,
            questionnaire: self.questionnaire,
            single_leg_bridge_reps: self.single_leg_bridge_reps,
            single_leg_squat: self.single_leg_squat,
            trendelenburg: self.trendelenburg,
            note: self.note,
        }
    }
}

/// The left/right difference in the single-leg bridge test when it is large
/// enough to act on: at least [`ASYMMETRY_PERCENT`] % of the better side and
/// [`ASYMMETRY_MIN_REPS`] reps (both our convention; research §3 has no
/// norms for runners). Returns the side that managed fewer reps.
pub fn weaker_side(assessment: &Assessment) -> Option<Side> {
    bridge_difference(assessment)
        .filter(|d| d.percent >= ASYMMETRY_PERCENT && d.better - d.fewer >= ASYMMETRY_MIN_REPS)
        .map(|d| d.side)
}

/// The single-leg bridge test's left/right numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BridgeDifference {
    /// The side that managed fewer reps (the left when equal).
    pub side: Side,
    pub fewer: u32,
    pub better: u32,
    /// Difference as a percentage of the better side.
    pub percent: u32,
}

/// Both sides of the bridge test, when both were done and one scored.
pub fn bridge_difference(assessment: &Assessment) -> Option<BridgeDifference> {
    let left = assessment.single_leg_bridge_reps.left?;
    let right = assessment.single_leg_bridge_reps.right?;
    let (side, fewer, better) = if right < left {
        (Side::Right, right, left)
    } else {
        (Side::Left, left, right)
    };
    (better > 0).then(|| BridgeDifference {
        side,
        fewer,
        better,
        percent: (better - fewer) * 100 / better,
    })
}

/// A change a self-check asks of the plan. The prescription decides how and
/// when (e.g. single-leg work only on 2-3 days a week).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CheckEffect {
    /// The bridge test's sides differ: single-leg bridges, the side that
    /// managed fewer reps first.
    SingleLegBridges { side: Side, percent: u32 },
    /// The pelvis dropped in the stance test, or the squat showed it (or
    /// three faults or more): work for the side of the hip (clamshells).
    SideOfHip,
    /// The runner does not always feel the glutes: the hands-on cue.
    HandsOnGlutes,
}

impl CheckEffect {
    /// What it asks for, in plain words.
    pub fn describe(self) -> String {
        match self {
            CheckEffect::SingleLegBridges { side, percent } => format!(
                "Your {side} leg managed {percent} % fewer reps in the single-leg bridge test (it tired sooner), so single-leg bridges join your plan, {side} side first, on 2-3 days a week once your stage allows; on a daily stage they never run on two days in a row."
            ),
            CheckEffect::SideOfHip => "Your pelvis dropped (or your single-leg squat wobbled), so clamshells for the side of the hip (gluteus medius) join your plan.".into(),
            CheckEffect::HandsOnGlutes => "You do not always feel your glutes, so your sessions remind you to rest a hand on them while you lift.".into(),
        }
    }
}

/// The plan changes the assessment asks for.
pub fn effects(assessment: &Assessment) -> Vec<CheckEffect> {
    let mut effects = Vec::new();
    if let Some(side) = weaker_side(assessment)
        && let Some(difference) = bridge_difference(assessment)
    {
        effects.push(CheckEffect::SingleLegBridges {
            side,
            percent: difference.percent,
        });
    }
    let drops = [Side::Left, Side::Right].into_iter().any(|side| {
        assessment.trendelenburg.get(side) == Some(Stance::Drops)
            || assessment
                .single_leg_squat
                .get(side)
                .is_some_and(|c| c.pelvis_drops_or_tilts || c.faults() >= 3)
    });
    if drops {
        effects.push(CheckEffect::SideOfHip);
    }
    if assessment.questionnaire.can_feel_glutes != GluteFeel::Yes {
        effects.push(CheckEffect::HandsOnGlutes);
    }
    effects
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

/// One point of the single-leg squat trend: faults seen per leg.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SquatPoint {
    pub date: Date,
    pub left_faults: Option<u32>,
    pub right_faults: Option<u32>,
    pub left_grade: Option<&'static str>,
    pub right_grade: Option<&'static str>,
}

/// One point of the single-leg stance trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StancePoint {
    pub date: Date,
    pub left: Option<Stance>,
    pub right: Option<Stance>,
}

/// What the latest self-assessment says, worded as baselines, with the
/// trend of every test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub date: Date,
    /// The pain screen's answer that day, when asked.
    pub pain_now: Option<u8>,
    pub bridge_trend: Vec<BridgePoint>,
    pub squat_trend: Vec<SquatPoint>,
    pub stance_trend: Vec<StancePoint>,
    /// The side that managed fewer single-leg bridge reps, when the gap is
    /// large enough to act on.
    pub weaker_side: Option<Side>,
    /// Each test's latest result in words matching what it measures.
    pub results: Vec<String>,
    /// Grades of the single-leg squat: good, fair or poor.
    pub squat_left: Option<&'static str>,
    pub squat_right: Option<&'static str>,
    pub trendelenburg_left: Option<Stance>,
    pub trendelenburg_right: Option<Stance>,
    /// Habits from the questionnaire that make under-used glutes more likely.
    pub habits: Vec<String>,
    /// What the result asks of the plan ([`effects`], in words).
    pub program_effects: Vec<String>,
    /// Baseline wording and where the numbers come from.
    pub notes: Vec<String>,
}

/// The report on the latest of `assessments`, with the trends over all of them.
pub fn report(assessments: &[Assessment]) -> Option<Report> {
    let mut ordered: Vec<&Assessment> = assessments.iter().collect();
    ordered.sort_by_key(|a| (a.date, a.taken_at_ms));
    let latest = *ordered.last()?;
    let bridge_trend = ordered
        .iter()
        .filter(|a| {
            a.single_leg_bridge_reps.left.is_some() || a.single_leg_bridge_reps.right.is_some()
        })
        .map(|a| BridgePoint {
            date: a.date,
            left: a.single_leg_bridge_reps.left,
            right: a.single_leg_bridge_reps.right,
            difference_percent: bridge_difference(a).map(|d| d.percent),
        })
        .collect();
    let squat_trend = ordered
        .iter()
        .filter(|a| a.single_leg_squat.left.is_some() || a.single_leg_squat.right.is_some())
        .map(|a| SquatPoint {
            date: a.date,
            left_faults: a.single_leg_squat.left.map(|c| c.faults()),
            right_faults: a.single_leg_squat.right.map(|c| c.faults()),
            left_grade: a.single_leg_squat.left.map(|c| c.grade()),
            right_grade: a.single_leg_squat.right.map(|c| c.grade()),
        })
        .collect();
    let stance_trend = ordered
        .iter()
        .filter(|a| a.trendelenburg.left.is_some() || a.trendelenburg.right.is_some())
        .map(|a| StancePoint {
            date: a.date,
            left: a.trendelenburg.left,
            right: a.trendelenburg.right,
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
    let notes = vec![
        "These are your own baselines to repeat every 4-6 weeks and compare, not a diagnosis.".to_string(),
        "The single-leg bridge test was studied as a hamstring test in young footballers, not runners (Freckleton, Cook & Pizzari 2014, Br J Sports Med 48:713-717; one summary reports about 25 reps as their average, matassessment.com), so compare yourself with yourself, left with right. A left/right gap of 20 % or more is the line runstrong acts on: our convention, not a published norm.".to_string(),
        "You grade the single-leg squat yourself from video. The good / fair / poor grades come from Crossley et al. 2011 (Am J Sports Med 39:866-873), where trained raters graded it; self-rating is untested. The single-leg stance test agrees only weakly with measured hip strength in people without hip disease (Chiropr Man Therap 2020), so it misses mild weakness.".to_string(),
        "If a test hurts, stop it and note the pain; hip pain that lasts deserves a clinician's look.".to_string(),
    ];
    Some(Report {
        date: latest.date,
        pain_now: latest.pain_now,
        bridge_trend,
        squat_trend,
        stance_trend,
        weaker_side: weaker_side(latest),
        results: results(latest),
        squat_left: latest.single_leg_squat.left.map(|c| c.grade()),
        squat_right: latest.single_leg_squat.right.map(|c| c.grade()),
        trendelenburg_left: latest.trendelenburg.left,
        trendelenburg_right: latest.trendelenburg.right,
        habits,
        program_effects: effects(latest)
            .into_iter()
            .map(CheckEffect::describe)
            .collect(),
        notes,
    })
}

/// Each test's latest result, worded as what it measures.
fn results(a: &Assessment) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = bridge_difference(a) {
        out.push(if d.percent == 0 {
            format!(
                "Single-leg bridge to fatigue: {} reps on each side, no difference.",
                d.better
            )
        } else {
            format!(
                "Single-leg bridge to fatigue: your {} leg managed {} reps, the other {} ({} % fewer): that side tired sooner. The test counts endurance of the back of the thigh and the glutes together, not which muscle is weaker.",
                d.side, d.fewer, d.better, d.percent
            )
        });
    }
    let squat = &a.single_leg_squat;
    if squat.left.is_some() || squat.right.is_some() {
        let side = |c: Option<SquatChecklist>| {
            c.map_or("not done".to_string(), |c| {
                format!("{} ({} of 5 checks seen)", c.grade(), c.faults())
            })
        };
        out.push(format!(
            "Single-leg squat, self-graded from video: left {}, right {}. It shows control of hip and knee on one leg.",
            side(squat.left),
            side(squat.right)
        ));
    }
    let stance = &a.trendelenburg;
    if stance.left.is_some() || stance.right.is_some() {
        let side = |s: Option<Stance>| match s {
            Some(Stance::Level) => "pelvis level",
            Some(Stance::Drops) => "pelvis dropped",
            None => "not done",
        };
        out.push(format!(
            "Single-leg stance, 30 s: standing on the left {}, on the right {}. A level pelvis does not rule out mild weakness.",
            side(stance.left),
            side(stance.right)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn assessment(day: Date, left: u32, right: u32) -> Assessment {
        Assessment {
            id: 0,
            date: day,
            taken_at_ms: 1,
            pain_now: Some(0),
            questionnaire: Questionnaire {
                sitting_hours_per_day: 8.0,
                runs_per_week: 4,
                cross_training: false,
                past_overuse_injuries: vec![],
                can_feel_glutes: GluteFeel::Yes,
            },
            single_leg_bridge_reps: PerSide {
                left: Some(left),
                right: Some(right),
            },
            single_leg_squat: PerSide {
                left: Some(SquatChecklist::default()),
                right: Some(SquatChecklist {
                    knee_drifts_inward: true,
                    ..SquatChecklist::default()
                }),
            },
            trendelenburg: PerSide {
                left: Some(Stance::Level),
                right: Some(Stance::Level),
            },
            note: None,
        }
    }

    #[test]
    fn every_test_is_trended_and_worded_as_what_it_measures() {
        let report = report(&[
            assessment(date(2026, 10, 1), 20, 12),
            assessment(date(2026, 11, 12), 20, 18),
        ])
        .unwrap();
        assert_eq!(report.bridge_trend.len(), 2);
        assert_eq!(report.squat_trend.len(), 2);
        assert_eq!(report.stance_trend.len(), 2);
        assert_eq!(report.bridge_trend[0].difference_percent, Some(40));
        assert_eq!(report.weaker_side, None, "10 % is below the line");
        assert!(report.results[0].contains("tired sooner"));
        assert!(report.results[1].contains("self-graded"));
        assert!(report.notes.iter().any(|n| n.contains("our convention")));
    }

    #[test]
    fn a_large_bridge_gap_asks_for_single_leg_work_weaker_side_first() {
        let a = assessment(date(2026, 11, 1), 20, 12);
        assert_eq!(weaker_side(&a), Some(Side::Right));
        assert_eq!(
            effects(&a),
            vec![CheckEffect::SingleLegBridges {
                side: Side::Right,
                percent: 40
            }]
        );
        assert!(effects(&a)[0].describe().contains("2-3 days a week"));
    }

    #[test]
    fn test_results_with_strong_pain_now_are_refused() {
        let mut answers = Answers {
            pain_now: Some(6),
            questionnaire: assessment(date(2026, 11, 1), 1, 1).questionnaire,
            single_leg_bridge_reps: PerSide {
                left: Some(10),
                right: None,
            },
            single_leg_squat: PerSide::default(),
            trendelenburg: PerSide::default(),
            note: None,
        };
        let err = answers.validate().unwrap_err();
        assert_eq!(err.what, "pain_now");
        answers.single_leg_bridge_reps = PerSide::default();
        assert!(
            answers.validate().is_ok(),
            "the questionnaire alone is fine"
        );
    }
}
