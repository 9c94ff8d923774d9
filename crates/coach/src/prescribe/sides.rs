//! Left and right: single-leg work compares the sides.
//!
//! From the reps logged per side (by hand or counted by the camera) the coach
//! finds the side that managed fewer. When the gap is at least
//! [`ASYMMETRY_PERCENT`] % (and [`ASYMMETRY_MIN_REPS`] reps), the next
//! session starts with that side and matches both sides' reps to what it
//! managed; a gap of [`EXTRA_SET_PERCENT`] % or more adds an extra set for
//! it; a side that managed under [`REGRESS_BELOW_PERCENT`] % of the dose
//! steps to the exercise's easier version until it manages that. Every
//! threshold is our convention. The gap, from sets and self-checks, is also
//! the headline [`Asymmetry`] number with its trend.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::types::{Asymmetry, AsymmetryPoint, AsymmetrySource, PrescribedItem};
use crate::assessment::{Assessment, bridge_difference};
use crate::library::Library;
use crate::model::{Session, Side};
use crate::rules::{
    ASYMMETRY_MIN_REPS, ASYMMETRY_PERCENT, EXTRA_SET_PERCENT, REGRESS_BELOW_PERCENT, SIDE_SESSIONS,
};

/// One day's reps of one unilateral exercise, per side.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SideCount {
    pub exercise: String,
    pub left_total: u32,
    pub right_total: u32,
    pub left_best: u32,
    pub right_best: u32,
    /// The prescribed reps per set (the most any set asked for).
    pub target: u32,
    /// Sets logged on each side.
    pub left_sets: u32,
    pub right_sets: u32,
}

impl SideCount {
    fn weaker(&self) -> (Side, u32, u32, u32, u32) {
        if self.right_total < self.left_total {
            (
                Side::Right,
                self.right_total,
                self.left_total,
                self.right_best,
                self.left_best,
            )
        } else {
            (
                Side::Left,
                self.left_total,
                self.right_total,
                self.left_best,
                self.right_best,
            )
        }
    }

    fn percent(&self) -> u32 {
        let (_, fewer, better, _, _) = self.weaker();
        ((better - fewer) * 100).checked_div(better).unwrap_or(0)
    }
}

/// The reps per side of every exercise done on both sides in `sessions`
/// (a side done with no rep at all still counts as done).
pub(super) fn count_sides(sessions: &[&Session]) -> Vec<SideCount> {
    let mut counts: BTreeMap<&str, SideCount> = BTreeMap::new();
    for set in sessions.iter().flat_map(|s| &s.sets) {
        let Some(side) = set.side else { continue };
        let count = counts.entry(&set.exercise).or_insert_with(|| SideCount {
            exercise: set.exercise.clone(),
            left_total: 0,
            right_total: 0,
            left_best: 0,
            right_best: 0,
            target: 0,
            left_sets: 0,
            right_sets: 0,
        });
        count.target = count.target.max(set.target_reps);
        match side {
            Side::Left => {
                count.left_sets += 1;
                count.left_total += set.reps;
                count.left_best = count.left_best.max(set.reps);
            }
            Side::Right => {
                count.right_sets += 1;
                count.right_total += set.reps;
                count.right_best = count.right_best.max(set.reps);
            }
        }
    }
    counts
        .into_values()
        .filter(|c| c.left_sets > 0 && c.right_sets > 0)
        .collect()
}

/// A gap the plan acts on, for one exercise.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Finding {
    pub weaker: Side,
    pub percent: u32,
    /// Best set of the weaker side and of the other.
    pub fewer_best: u32,
    pub better_best: u32,
}

/// What the sides have shown so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct SideState {
    /// The latest gap per exercise, while it lasts.
    pub findings: BTreeMap<String, Finding>,
    /// Exercise → the easier one both sides do until the weaker side manages it.
    pub regressed: BTreeMap<String, String>,
    /// Recent per-side counts (the last sessions of each exercise), oldest first.
    pub points: Vec<AsymmetryPoint>,
}

fn name_of<'a>(library: &'a Library, id: &'a str) -> &'a str {
    library.get(id).map_or(id, |e| e.name.as_str())
}

impl SideState {
    /// Records one training day's per-side reps; returns what to tell the runner.
    pub fn record(&mut self, library: &Library, day: Date, counts: &[SideCount]) -> Vec<String> {
        let mut said = Vec::new();
        for count in counts {
            let (weaker, fewer, better, fewer_best, better_best) = count.weaker();
            let percent = count.percent();
            self.points.push(AsymmetryPoint {
                date: day,
                source: AsymmetrySource::Sets,
                exercise: count.exercise.clone(),
                left: count.left_total,
                right: count.right_total,
                percent,
            });
            let name = name_of(library, &count.exercise);
            // A regression standing in for a harder exercise: back up once
            // the weaker side manages its dose.
            let stood_in_for = self
                .regressed
                .iter()
                .find(|(_, easier)| **easier == count.exercise)
                .map(|(harder, _)| harder.clone());
            if let Some(harder) = stood_in_for
                && fewer_best >= count.target
                && count.target > 0
            {
                self.regressed.remove(&harder);
                said.push(format!(
                    "Your {weaker} side managed the full {name} dose: back to the {}, reps matched to that side.",
                    name_of(library, &harder)
                ));
            }
            let significant = percent >= ASYMMETRY_PERCENT && better - fewer >= ASYMMETRY_MIN_REPS;
            if !significant {
                if self.findings.remove(&count.exercise).is_some() {
                    said.push(format!(
                        "In the {name} your sides were close this time ({} left, {} right): both sides do the full dose again.",
                        count.left_total, count.right_total
                    ));
                }
                continue;
            }
            let other = weaker.other();
            let mut text = format!(
                "In the {name} your {weaker} side managed {fewer_best} reps in its best set against {better_best} on the {other} ({percent} % fewer over the session). Next time the {weaker} side goes first and both sides do the reps it can manage"
            );
            if percent >= EXTRA_SET_PERCENT {
                text.push_str(&format!(", plus one extra set for the {weaker} side"));
            }
            text.push('.');
            let regression = library
                .get(&count.exercise)
                .and_then(|e| e.regressions.first().cloned());
            if count.target > 0
                && fewer_best * 100 < count.target * REGRESS_BELOW_PERCENT
                && let Some(easier) = regression
            {
                text = format!(
                    "In the {name} your {weaker} side managed {fewer_best} of {} reps in its best set (the {other} side {better_best}): under half the dose, so both sides do the {} for now, {weaker} side first, until it manages that.",
                    count.target,
                    name_of(library, &easier)
                );
                self.regressed.insert(count.exercise.clone(), easier);
            }
            said.push(text);
            self.findings.insert(
                count.exercise.clone(),
                Finding {
                    weaker,
                    percent,
                    fewer_best,
                    better_best,
                },
            );
        }
        // Keep the last sessions of each exercise for the trend.
        for count in counts {
            let of_it = self
                .points
                .iter()
                .filter(|p| p.exercise == count.exercise)
                .count();
            if of_it > 2 * SIDE_SESSIONS
                && let Some(oldest) = self
                    .points
                    .iter()
                    .position(|p| p.exercise == count.exercise)
            {
                self.points.remove(oldest);
            }
        }
        said
    }

    /// Adjusts a unilateral item to the sides: the regression, or the weaker
    /// side first with matched reps; returns an extra one-side item when the
    /// gap is large. `light` days add nothing new.
    pub fn apply(
        &self,
        library: &Library,
        item: &mut PrescribedItem,
        light: bool,
    ) -> Option<PrescribedItem> {
        if !item.per_side {
            return None;
        }
        let stage_exercise = item.exercise.clone();
        let finding = self.findings.get(&stage_exercise)?;
        item.start_side = Some(finding.weaker);
        if let Some(easier) = self.regressed.get(&stage_exercise)
            && let Some(exercise) = library.get(easier)
        {
            item.exercise = exercise.id.clone();
            item.name = exercise.name.clone();
            item.tempo = exercise.tempo;
            item.hold_s = exercise.tempo.top_s;
            item.rest_s = exercise.dose.rest_s;
            item.hold = exercise.hold;
            item.why = format!(
                "Your {} side managed under half the {} dose, so both sides do the {} for now, {} side first; back to the {} when that side manages this.",
                finding.weaker,
                name_of(library, &stage_exercise),
                exercise.name,
                finding.weaker,
                name_of(library, &stage_exercise)
            );
            return None;
        }
        if finding.fewer_best < item.reps {
            item.reps = finding.fewer_best.max(1);
        }
        item.why = format!(
            "{} Your {} side managed fewer reps last time ({} against {} in the best set), so it goes first and both sides do {} reps.",
            item.why, finding.weaker, finding.fewer_best, finding.better_best, item.reps
        );
        if light || finding.percent < EXTRA_SET_PERCENT {
            return None;
        }
        let mut extra = item.clone();
        extra.sets = 1;
        extra.per_side = false;
        extra.start_side = None;
        extra.side_only = Some(finding.weaker);
        extra.focus_cue = None;
        extra.why = format!(
            "One extra set for your {} side: it managed {} % fewer reps than the other last time.",
            finding.weaker, finding.percent
        );
        Some(extra)
    }
}

/// The headline left/right number from sets and self-checks up to `today`.
pub(super) fn headline(
    library: &Library,
    state: &SideState,
    assessments: &[Assessment],
    today: Date,
) -> Option<Asymmetry> {
    let mut points: Vec<AsymmetryPoint> = state
        .points
        .iter()
        .filter(|p| p.date <= today)
        .cloned()
        .collect();
    for a in assessments.iter().filter(|a| a.date <= today) {
        if let (Some(d), Some(left), Some(right)) = (
            bridge_difference(a),
            a.single_leg_bridge_reps.left,
            a.single_leg_bridge_reps.right,
        ) {
            points.push(AsymmetryPoint {
                date: a.date,
                source: AsymmetrySource::SelfCheck,
                exercise: "single-leg bridge test".into(),
                left,
                right,
                percent: d.percent,
            });
        }
    }
    points.sort_by_key(|a| a.date);
    // The headline is the largest gap among each measure's latest point
    // (each exercise, and the self-check test); its trend is that measure's.
    let mut latest_by_measure: Vec<&AsymmetryPoint> = Vec::new();
    for point in points.iter().rev() {
        if !latest_by_measure
            .iter()
            .any(|p| p.exercise == point.exercise)
        {
            latest_by_measure.push(point);
        }
    }
    let latest = latest_by_measure
        .iter()
        .max_by_key(|p| (p.percent, p.date))
        .map(|p| (*p).clone())?;
    let weaker = if latest.right < latest.left {
        Side::Right
    } else {
        Side::Left
    };
    let acted_on = latest.percent >= ASYMMETRY_PERCENT
        && latest.left.abs_diff(latest.right) >= ASYMMETRY_MIN_REPS;
    let mut trend: Vec<AsymmetryPoint> = points
        .into_iter()
        .filter(|p| p.exercise == latest.exercise)
        .collect();
    trend.drain(..trend.len().saturating_sub(2 * SIDE_SESSIONS));
    let what = match latest.source {
        AsymmetrySource::Sets => format!("in the {}", name_of(library, &latest.exercise)),
        AsymmetrySource::SelfCheck => "in the single-leg bridge test".into(),
    };
    let trend_words = trend
        .iter()
        .map(|p| format!("{} %", p.percent))
        .collect::<Vec<_>>()
        .join(" → ");
    let text = if latest.percent == 0 {
        format!("Left and right matched {what} ({} reps each).", latest.left)
    } else {
        format!(
            "Your {weaker} side did {} % fewer reps {what} ({} left, {} right){}. Trend: {trend_words}.",
            latest.percent,
            latest.left,
            latest.right,
            if acted_on {
                "; the plan works on it"
            } else {
                ", within the 20 % the plan lets be (our convention)"
            }
        )
    };
    Some(Asymmetry {
        source: latest.source,
        exercise: latest.exercise.clone(),
        weaker,
        percent: latest.percent,
        acted_on,
        trend,
        text,
    })
}
