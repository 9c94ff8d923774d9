//! The items of a day: the stage's exercises at today's dose (after pain, on
//! a light day), with the variant or cue a fault asked for, the sides
//! matched, and the self-check's additions at the stage's frequency; or the
//! primer, or the pain-free alternative. The same function plans today and
//! every replayed day, so a session is judged against what the plan was.

use jiff::civil::Date;

use super::faults::variant_for;
use super::pain::sets_after;
use super::state::{Ctx, Progress};
use super::types::{CheckIn, DayKind, PrescribedItem};
use crate::assessment::{CheckEffect, effects};
use crate::library::{Frequency, Library, Tempo};
use crate::model::days_between;
use crate::program::{Program, StageItem};
use crate::rules::{ADDED_SINGLE_LEG_DAYS_PER_WEEK, PAIN_NOW_REST};

/// The id of the exercise a bridge-test asymmetry adds.
const SINGLE_LEG_BRIDGE: &str = "single-leg-bridge";
/// The id of the exercise a dropping pelvis adds.
const CLAMSHELL: &str = "clamshell";

/// One item at a dose, with the exercise's tempo (the hold overridden).
pub(crate) fn item_for(
    library: &Library,
    exercise_id: &str,
    sets: u32,
    reps: u32,
    hold_s: Option<f64>,
    why: &str,
) -> PrescribedItem {
    let exercise = library.get(exercise_id);
    let mut tempo = exercise.map_or(
        Tempo {
            lift_s: 2.0,
            top_s: 1.0,
            lower_s: 3.0,
        },
        |e| e.tempo,
    );
    if let Some(hold) = hold_s {
        tempo.top_s = hold;
    }
    PrescribedItem {
        exercise: exercise.map_or_else(|| exercise_id.to_string(), |e| e.id.clone()),
        name: exercise.map_or_else(|| exercise_id.to_string(), |e| e.name.clone()),
        sets,
        reps,
        hold_s: tempo.top_s,
        per_side: exercise.is_some_and(|e| e.unilateral || e.dose.per_side),
        start_side: None,
        tempo,
        rest_s: exercise.map_or(60, |e| e.dose.rest_s),
        focus_cue: None,
        why: why.to_string(),
        optional: false,
        side_only: None,
        variant: None,
        hold: exercise.is_some_and(|e| e.hold),
    }
}

fn from_stage_item(library: &Library, item: &StageItem, sets: u32, why: &str) -> PrescribedItem {
    item_for(library, &item.exercise, sets, item.reps, item.hold_s, why)
}

/// The program's primer, every item optional.
pub(crate) fn primer_items(program: &Program, library: &Library) -> Vec<PrescribedItem> {
    program
        .primer
        .iter()
        .map(|item| {
            let mut primed = from_stage_item(
                library,
                item,
                item.sets,
                "Optional primer: a few minutes of light activation that wakes the glutes up without tiring them.",
            );
            primed.optional = true;
            primed
        })
        .collect()
}

/// The primer in a few words: "Active Shoulder Bridge 1 × 10 (2 s squeeze),
/// Clamshell 1 × 10 each side".
pub(crate) fn primer_words(program: &Program, library: &Library) -> String {
    primer_items(program, library)
        .iter()
        .map(|i| {
            let squeeze = if i.hold_s >= 2.0 && !i.hold {
                format!(" ({} s squeeze)", crate::words::seconds(i.hold_s))
            } else {
                String::new()
            };
            format!(
                "{} {} × {}{}{squeeze}",
                i.name,
                i.sets,
                i.reps,
                if i.per_side { " each side" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plan of one day: items and notes for the "why".
pub(super) struct DayPlan {
    pub items: Vec<PrescribedItem>,
    pub notes: Vec<String>,
}

/// The items of `day`, a day of `kind`, from the state `p`.
pub(super) fn plan_items(
    ctx: &Ctx,
    p: &Progress,
    day: Date,
    kind: DayKind,
    check_in: Option<&CheckIn>,
) -> DayPlan {
    let (program, library) = (ctx.inputs.program, ctx.inputs.library);
    let mut plan = DayPlan {
        items: Vec::new(),
        notes: Vec::new(),
    };
    match kind {
        DayKind::PainRest => {
            let strong = check_in.is_some_and(|c| c.pain_now >= PAIN_NOW_REST);
            if !(strong || p.pain.paused && check_in.is_none()) {
                plan.items = pain_free_items(program, library, p.stage);
            }
        }
        DayKind::Rest
        | DayKind::PreRace
        | DayKind::RaceDay
        | DayKind::AfterRace
        | DayKind::BeforeLongRun => plan.items = primer_items(program, library),
        DayKind::Training | DayKind::RaceWeek | DayKind::AfterHardRun => {
            stage_items(ctx, p, kind, &mut plan);
            if kind == DayKind::Training {
                apply_check_effects(ctx, p, day, &mut plan);
            }
        }
    }
    plan
}

fn stage_items(ctx: &Ctx, p: &Progress, kind: DayKind, plan: &mut DayPlan) {
    let library = ctx.inputs.library;
    let stage = &ctx.inputs.program.stages[p.stage];
    for item in &stage.items {
        let mut sets = sets_after(item.sets, p.pain.cut);
        let mut why = stage.why.clone();
        if sets < item.sets {
            why.push_str(&format!(
                " After pain: {sets} of {} sets; each pain-free session brings a set back.",
                item.sets
            ));
        }
        if kind.is_light() {
            let light = sets_after(sets, 1);
            if light < sets {
                why.push_str(&format!(
                    " {} set{} today instead of {sets}: a light day.",
                    light,
                    super::plural(light)
                ));
            }
            sets = light;
        }
        let mut planned = from_stage_item(library, item, sets, &why);
        if let Some((exercise, felt)) = &p.fault.variant
            && *exercise == item.exercise
        {
            let variant = variant_for(library.get(exercise), *felt);
            planned.name = format!("{} — {}", planned.name, variant.name);
            planned.focus_cue = Some(variant.how.clone());
            planned.why = format!(
                "{} Done differently ({}) because it kept landing in the wrong place: {}",
                planned.why, variant.name, variant.why
            );
            planned.variant = Some(variant.name);
        } else if let Some((exercise, fix)) = &p.fault.focus
            && *exercise == item.exercise
        {
            planned.focus_cue = Some(fix.clone());
        }
        let extra = p.sides.apply(library, &mut planned, kind.is_light());
        plan.items.push(planned);
        plan.items.extend(extra);
    }
}

/// One easy set of the gentlest form of each exercise of the stage (the end
/// of its chain of easier exercises), in a range that does not hurt.
fn pain_free_items(program: &Program, library: &Library, stage: usize) -> Vec<PrescribedItem> {
    let mut items: Vec<PrescribedItem> = Vec::new();
    for item in &program.stages[stage].items {
        let mut id = item.exercise.clone();
        for _ in 0..library.len() {
            match library.get(&id).and_then(|e| e.regressions.first()) {
                Some(easier) => id = easier.clone(),
                None => break,
            }
        }
        if items.iter().any(|i| i.exercise == id) {
            continue;
        }
        let reps = library
            .get(&id)
            .map_or(item.reps, |e| if e.hold { 1 } else { e.dose.reps.min(10) });
        let mut easy = item_for(
            library,
            &id,
            1,
            reps,
            None,
            "A pain-free alternative: one easy set keeps the habit without loading what hurts. Skip it if it hurts at all.",
        );
        easy.optional = true;
        easy.focus_cue =
            Some("Only in a range that does not hurt; stop at once if the pain rises.".into());
        items.push(easy);
    }
    items
}

/// The self-check's additions, at the stage's frequency.
fn apply_check_effects(ctx: &Ctx, p: &Progress, day: Date, plan: &mut DayPlan) {
    let (program, library) = (ctx.inputs.program, ctx.inputs.library);
    let Some(latest) = ctx
        .inputs
        .assessments
        .iter()
        .filter(|a| a.date <= day)
        .max_by_key(|a| (a.date, a.taken_at_ms))
    else {
        return;
    };
    let stage = &program.stages[p.stage];
    let reached = |exercise: &str| {
        program.stages[..=p.stage]
            .iter()
            .any(|s| s.items.iter().any(|i| i.exercise == exercise))
    };
    let checked = crate::words::day(latest.date);
    for effect in effects(latest) {
        match effect {
            CheckEffect::SingleLegBridges { side, percent } => {
                if let Some(item) = plan
                    .items
                    .iter_mut()
                    .find(|i| i.exercise == SINGLE_LEG_BRIDGE && i.per_side)
                {
                    item.start_side.get_or_insert(side);
                } else if p.stage == 0 {
                    plan.notes.push(format!(
                        "Your self-check of {checked}: your {side} leg managed {percent} % fewer reps in the single-leg bridge test (it tired sooner). Single-leg bridges join from the next stage, 2-3 days a week."
                    ));
                } else if stage.frequency == Frequency::ThreePerWeek
                    || single_leg_day_allowed(p, day)
                {
                    let mut item = item_for(
                        library,
                        SINGLE_LEG_BRIDGE,
                        2,
                        6,
                        None,
                        &format!(
                            "Your self-check of {checked}: your {side} leg managed {percent} % fewer reps in the single-leg bridge test (it tired sooner), so single-leg bridges join on 2-3 days a week (never two days in a row), {side} side first. A baseline to track, not a diagnosis."
                        ),
                    );
                    item.start_side = Some(side);
                    plan.items.push(item);
                } else {
                    plan.notes.push(
                        "The single-leg bridges from your self-check run on 2-3 days a week, never two days in a row: not today.".into(),
                    );
                }
            }
            CheckEffect::SideOfHip => {
                if !plan.items.iter().any(|i| i.exercise == CLAMSHELL) && !reached(CLAMSHELL) {
                    plan.items.push(item_for(
                        library,
                        CLAMSHELL,
                        2,
                        12,
                        None,
                        &format!(
                            "Your self-check of {checked}: the pelvis dropped or the single-leg squat wobbled, so work for the side of the hip (gluteus medius) starts early. A baseline to track, not a diagnosis."
                        ),
                    ));
                }
            }
            CheckEffect::HandsOnGlutes => plan.notes.push(
                "You said you do not always feel your glutes: rest a hand on them during the lift and squeeze before you move.".into(),
            ),
        }
    }
}

/// Single-leg work added at a daily stage: not on the day after single-leg
/// work, and at most [`ADDED_SINGLE_LEG_DAYS_PER_WEEK`] days in any 7.
fn single_leg_day_allowed(p: &Progress, day: Date) -> bool {
    let recent = p
        .single_leg_days
        .iter()
        .filter(|d| (1..7).contains(&days_between(**d, day)))
        .count();
    !p.single_leg_days.iter().any(|d| days_between(*d, day) == 1)
        && recent < ADDED_SINGLE_LEG_DAYS_PER_WEEK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pain_free_alternative_is_the_gentlest_work_at_every_stage() {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        for stage in 0..program.stages.len() {
            let items = pain_free_items(&program, &library, stage);
            assert!(!items.is_empty());
            for item in &items {
                assert!(
                    ["active-shoulder-bridge", "clamshell"].contains(&item.exercise.as_str()),
                    "stage {stage}: {}",
                    item.exercise
                );
                assert_eq!(item.sets, 1);
                assert!(item.optional && item.reps <= 10);
            }
        }
    }
}
