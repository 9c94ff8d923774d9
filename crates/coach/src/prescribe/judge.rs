//! Judging one training day against what was prescribed for it: the
//! session's own `prescribed` list when it has one, else the plan replayed
//! for that day. Only planned exercises count toward progression; extra
//! exercises get a word of their own (named), and so does far more volume
//! than prescribed or an exercise well above the current stage.

use std::collections::BTreeMap;

use super::faults::felt_words;
use super::sides::{SideCount, count_sides};
use crate::library::{Level, Library};
use crate::model::{Felt, PlannedItem, Session};
use crate::program::Program;
use crate::rules::{OVER_VOLUME_FACTOR, STAGES_AHEAD_TO_WARN};

/// What one training day looked like.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct DayOutcome {
    /// The worst pain reported that day (any session: pain is pain).
    pub pain: Option<u8>,
    /// The hardest effort among sessions with planned work.
    pub rpe: Option<u8>,
    /// Where sessions with planned work were felt: the first place other
    /// than the glutes, else the glutes; with the exercise it is about.
    pub felt: Option<(Felt, String)>,
    /// Sessions with planned work were answered (effort, place or pain).
    pub answered: bool,
    /// Every planned set was done.
    pub all_sets_done: bool,
    /// Planned exercises left short (ids).
    pub short: Vec<String>,
    /// At least one planned exercise was done.
    pub planned_done: bool,
    /// The planned dose was below the stage's full dose (after pain, on a
    /// light day, reps matched to a weaker side, an easier stand-in).
    pub reduced: bool,
    /// Far more than prescribed of some exercise.
    pub over_volume: bool,
    /// Words about the day, each naming its exercise.
    pub warnings: Vec<String>,
    /// Per-side reps of unilateral exercises.
    pub sides: Vec<SideCount>,
    /// Exercise ids done that day.
    pub exercises: Vec<String>,
}

/// Reps an item asks for over all its sets and sides.
fn needed(item: &PlannedItem) -> u32 {
    item.sets * item.reps * if item.per_side { 2 } else { 1 }
}

/// Judges `sessions` (one day) against `planned`, at stage `stage_index`.
pub(super) fn judge(
    program: &Program,
    library: &Library,
    stage_index: usize,
    planned: &[PlannedItem],
    sessions: &[&Session],
) -> DayOutcome {
    let mut outcome = DayOutcome::default();
    let mut wanted: BTreeMap<&str, u32> = BTreeMap::new();
    for item in planned {
        *wanted.entry(&item.exercise).or_default() += needed(item);
    }
    let mut done: BTreeMap<&str, u32> = BTreeMap::new();
    for set in sessions
        .iter()
        .flat_map(|s| &s.sets)
        .filter(|set| !set.is_warmup())
    {
        *done.entry(&set.exercise).or_default() += set.reps;
    }
    outcome.exercises = done.keys().map(|e| e.to_string()).collect();
    outcome.pain = sessions.iter().filter_map(|s| s.feedback.pain).max();
    let name = |id: &str| library.get(id).map_or(id.to_string(), |e| e.name.clone());

    for (&exercise, &need) in &wanted {
        let got = done.get(exercise).copied().unwrap_or(0);
        if got > 0 {
            outcome.planned_done = true;
        }
        if got < need {
            outcome.short.push(exercise.to_string());
        }
        if need > 0 && got > OVER_VOLUME_FACTOR * need {
            outcome.over_volume = true;
            outcome.warnings.push(format!(
                "You did {got} reps of the {} against {need} prescribed ({:.1} times as many). More is not better here: muscles and tendons adapt to steady doses, so a session far above the plan does not count toward the next stage (our convention).",
                name(exercise),
                f64::from(got) / f64::from(need)
            ));
        }
    }
    outcome.all_sets_done = !wanted.is_empty() && outcome.short.is_empty();
    let stage = &program.stages[stage_index];
    for item in &stage.items {
        let full = item.sets
            * item.reps
            * if library
                .get(&item.exercise)
                .is_some_and(|e| e.unilateral || e.dose.per_side)
            {
                2
            } else {
                1
            };
        if wanted.get(item.exercise.as_str()).copied().unwrap_or(0) < full {
            outcome.reduced = true;
        }
    }

    // Exercises outside the plan: a word when they are well above the stage.
    let stage_level = stage
        .items
        .iter()
        .filter_map(|i| library.get(&i.exercise).map(|e| e.level))
        .max()
        .unwrap_or(Level::Learn);
    for &exercise in done.keys().filter(|e| !wanted.contains_key(*e)) {
        let Some(found) = library.get(exercise) else {
            continue;
        };
        let harder = level_rank(found.level).saturating_sub(level_rank(stage_level));
        let far = match program.first_stage_with(exercise) {
            Some(first) => harder >= 1 && first >= stage_index + STAGES_AHEAD_TO_WARN,
            None => harder >= 2,
        };
        if far {
            let place = program.first_stage_with(exercise).map_or_else(
                || format!("is a {} exercise", found.level.as_str()),
                |first| format!("belongs to stage {} of the ladder", first + 1),
            );
            outcome.warnings.push(format!(
                "The {} {place}; you are at stage {}. It was not in the plan, so it does not count toward your stage. The stages in between prepare for it: if you do it, keep it light and stop if anything hurts.",
                found.name,
                stage_index + 1
            ));
        }
    }

    // Effort and place: only from sessions that held planned work.
    let with_plan: Vec<&&Session> = sessions
        .iter()
        .filter(|s| {
            s.sets
                .iter()
                .any(|set| wanted.contains_key(set.exercise.as_str()))
        })
        .collect();
    outcome.rpe = with_plan.iter().filter_map(|s| s.feedback.rpe).max();
    outcome.answered = with_plan.iter().any(|s| {
        s.feedback.rpe.is_some() || s.feedback.felt.is_some() || s.feedback.pain.is_some()
    });
    let felts: Vec<(Felt, &Session)> = with_plan
        .iter()
        .filter_map(|s| s.feedback.felt.map(|f| (f, **s)))
        .collect();
    let chosen = felts
        .iter()
        .find(|(f, _)| *f != Felt::Glutes)
        .or_else(|| felts.first());
    if let Some(&(felt, session)) = chosen {
        let mut planned_here: Vec<&str> = Vec::new();
        let mut by_position: Vec<_> = session.sets.iter().collect();
        by_position.sort_by_key(|s| s.position);
        for set in by_position {
            if wanted.contains_key(set.exercise.as_str())
                && !planned_here.contains(&set.exercise.as_str())
            {
                planned_here.push(&set.exercise);
            }
        }
        let about = planned_here
            .iter()
            .find(|e| library.get(e).is_some_and(|x| x.fix_for(felt).is_some()))
            .or(planned_here.first())
            .map(|e| e.to_string());
        outcome.felt = about.map(|e| (felt, e));
    }

    // Sessions of extra exercises only: their answers are about them.
    for session in sessions.iter().filter(|s| {
        !s.sets.is_empty()
            && s.sets
                .iter()
                .all(|set| !wanted.contains_key(set.exercise.as_str()))
    }) {
        if let Some(felt) = session.feedback.felt.filter(|f| *f != Felt::Glutes)
            && let Some(first) = session.sets.first()
        {
            let fix = library
                .get(&first.exercise)
                .and_then(|e| e.fix_for(felt))
                .map(|f| format!(" Next time: {}", f.fix))
                .unwrap_or_default();
            outcome.warnings.push(format!(
                "In the {} (an extra, not in the plan) you felt it mostly in your {}; it does not change the plan.{fix}",
                name(&first.exercise),
                felt_words(felt)
            ));
        }
    }
    outcome.sides = count_sides(sessions);
    outcome
}

fn level_rank(level: Level) -> usize {
    match level {
        Level::Learn => 0,
        Level::Build => 1,
        Level::Strengthen => 2,
        Level::Load => 3,
    }
}
