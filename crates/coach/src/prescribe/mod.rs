//! Today's prescription and the progression that leads to it: the one entry
//! point the application layer calls, [`prescribe`].
//!
//! Nothing about progression is stored: the coach replays the user's history
//! one calendar day at a time (`state`), and arrives at the current stage,
//! the dose and the reasons. The same history always gives the same answer.
//!
//! The rules (criteria, not the calendar; research `exercise-science.md` §4;
//! every threshold in [`crate::rules`], sourced or labelled ours):
//! - **Good session**: every prescribed set done at the stage's full dose,
//!   comfortable effort, felt mainly in the glutes, no pain. Enough in a row
//!   move the runner up a stage. A session is judged against what it was
//!   prescribed (`Session::prescribed`), else the plan replayed for that
//!   day; only planned exercises count (`judge`).
//! - **Pain** (`pain`): stops progression, lowers the dose a set at a time
//!   and brings it back a set per pain-free session; strong or recurring pain
//!   puts the work behind a pain gate (ask before the first set, then the
//!   check-in gives the pain-free alternative or rest) and advises a
//!   professional until several pain-free sessions.
//! - **Felt elsewhere** (`faults`): the fix as a cue, then a changed variant,
//!   then filming, then a professional.
//! - **Left and right** (`sides`): the weaker side first, reps matched to
//!   it, an extra set or an easier exercise when the gap is large.
//! - **Days** (`days`): race week is lighter, the last days before a race and
//!   race day hold at most a primer, the day after a race or a long or hard
//!   run is light, 2-3-days-a-week stages rest between sessions. Rest the
//!   plan asked for never counts as days off.
//! - **Breaks**: up to a week off changes nothing; more resets the count of
//!   good sessions; two weeks or more restart a stage lower.

mod days;
mod faults;
mod items;
mod judge;
mod pain;
mod preview;
mod sides;
mod state;
mod types;

#[cfg(test)]
mod tests;

pub use preview::{CheckPreview, what_would_change};
pub use types::{
    Asymmetry, AsymmetryPoint, AsymmetrySource, CheckIn, DayKind, PainGate, PlanInputs,
    PrescribedItem, Prescription, StageStatus, Unanswered,
};

pub(crate) use items::{item_for, primer_items};

use crate::library::Exercise;
use crate::model::days_between;
use crate::rules::{COMFORTABLE_RPE, SEE_PROFESSIONAL_PAIN, UNANSWERED_LOOKBACK_DAYS};
pub(crate) use state::CalendarDay;
use state::{Ctx, Progress, apply_gap, replay};

/// The question a pain gate asks before the first set.
pub const PAIN_QUESTION: &str = "Before you start: does anything hurt right now (hips, knees, back, legs)? 0 = nothing, 10 = worst.";

/// Computes the prescription for `inputs.today` from the whole history.
pub fn prescribe(inputs: &PlanInputs) -> Prescription {
    let ctx = Ctx::new(inputs);
    let (progress, _) = replay(&ctx);
    today_from(&ctx, progress)
}

/// The plan's view of every day from the first training day to today (today
/// included): what kind of day it was and whether the runner trained.
pub(crate) fn calendar(inputs: &PlanInputs) -> Vec<CalendarDay> {
    let ctx = Ctx::new(inputs);
    let (progress, mut days) = replay(&ctx);
    if days.is_empty() && !ctx.days.contains_key(&inputs.today) {
        return days;
    }
    let today = today_from(&ctx, progress);
    days.push(CalendarDay {
        date: today.date,
        kind: today.day,
        trained: today.done_today,
    });
    days
}

/// Today's plan from the state the replay reached.
fn today_from(ctx: &Ctx, mut p: Progress) -> Prescription {
    let (program, library) = (ctx.inputs.program, ctx.inputs.library);
    let today = ctx.inputs.today;
    let done_today = ctx.days.contains_key(&today);
    if !done_today {
        // Days off up to today may restart the runner gently.
        let mut after_gap = p.clone();
        after_gap.changes.clear();
        apply_gap(&mut after_gap, today);
        if after_gap.stage != p.stage || !after_gap.changes.is_empty() {
            p = after_gap;
        }
    }
    let check_in = ctx.inputs.check_in.filter(|c| c.date == today);
    let kind = days::kind_of(ctx, &p, today, check_in);
    let plan = items::plan_items(ctx, &p, today, kind, check_in);
    let stage = &program.stages[p.stage];

    let mut changes = p.changes.clone();
    if p.pain.paused && kind != DayKind::PainRest {
        changes.push(
            "No pain today: training restarts at the lowest dose, and each pain-free session brings a set back.".into(),
        );
    }

    let mut advice = Vec::new();
    if let Some(text) = p.pain.professional_advice() {
        advice.push(text);
    } else if check_in.is_some_and(|c| c.pain_now >= SEE_PROFESSIONAL_PAIN) {
        advice.push(
            "Pain that strong deserves a look: please see a physiotherapist or doctor before you train again.".into(),
        );
    }
    advice.extend(p.fault.advice(library));

    let pain_gate = (p.pain.gate || p.pain.paused || p.pain.see_professional).then(|| PainGate {
        reason: p.pain.gate_reason(),
        question: PAIN_QUESTION.into(),
        answered: check_in.is_some(),
    });

    let full_dose = p.pain.cut == 0 && !kind.is_light();
    let next_rule = if stage.good_sessions_to_advance == 0 {
        "This is the top stage: add load once the last set beats the target by two reps two sessions in a row.".to_string()
    } else if full_dose {
        format!(
            "{} of {} good sessions toward the next stage (all sets at the full dose, comfortable effort of RPE {COMFORTABLE_RPE} or less, felt in the glutes, no pain).",
            p.good_streak, stage.good_sessions_to_advance
        )
    } else {
        format!(
            "{} of {} good sessions toward the next stage; the count goes on once you are back at the full dose.",
            p.good_streak, stage.good_sessions_to_advance
        )
    };
    let mut why = format!("{} {next_rule}", days::headline(ctx, &p, kind, check_in));
    if done_today {
        why.push_str(" You have already trained today; another session is optional.");
    }
    for note in &plan.notes {
        why.push(' ');
        why.push_str(note);
    }

    let minutes = minutes_of(&plan.items, library);
    Prescription {
        date: today,
        program: program.id.clone(),
        stage: StageStatus {
            id: stage.id.clone(),
            name: stage.name.clone(),
            number: p.stage + 1,
            of: program.stages.len(),
            frequency: stage.frequency,
            good_sessions: p.good_streak,
            good_sessions_needed: stage.good_sessions_to_advance,
        },
        items: plan.items,
        why,
        changes,
        advice,
        rest_day: kind.is_rest(),
        done_today,
        day: kind,
        pain_gate,
        running: days::running_advice(ctx, kind, check_in),
        unanswered: unanswered(ctx),
        asymmetry: sides::headline(library, &p.sides, ctx.inputs.assessments, today),
        minutes,
        warnings: p.warnings.clone(),
    }
}

/// Minutes the items take guided, set-ups and rests included.
pub(crate) fn minutes_of(items: &[PrescribedItem], library: &crate::library::Library) -> f64 {
    crate::guide::Timeline::new(items, library, crate::guide::GuideSettings::default())
        .total_seconds
        / 60.0
}

/// The latest session of the last days that was saved without answers.
fn unanswered(ctx: &Ctx) -> Option<Unanswered> {
    let today = ctx.inputs.today;
    ctx.days
        .iter()
        .rev()
        .take_while(|(day, _)| days_between(**day, today) <= UNANSWERED_LOOKBACK_DAYS)
        .flat_map(|(_, sessions)| sessions.iter().rev())
        .find(|s| {
            s.feedback.rpe.is_none() && s.feedback.felt.is_none() && s.feedback.pain.is_none()
        })
        .map(|s| Unanswered {
            session_id: s.id,
            date: s.date,
            started_at_ms: s.started_at_ms,
            text: format!(
                "Your session of {} has no answers yet (effort, where you felt it, pain). Without them it cannot count toward the next stage: answer now?",
                crate::words::day(s.date)
            ),
        })
}

/// "s" for counts other than one.
pub(crate) fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl Prescription {
    /// One exercise chosen by the user: as prescribed today when it is in
    /// the plan, otherwise at the exercise's default dose.
    pub fn item_for(&self, exercise: &Exercise) -> PrescribedItem {
        if let Some(item) = self.items.iter().find(|i| i.exercise == exercise.id) {
            return item.clone();
        }
        let mut item = PrescribedItem {
            exercise: exercise.id.clone(),
            name: exercise.name.clone(),
            sets: exercise.dose.sets,
            reps: exercise.dose.reps,
            hold_s: exercise.tempo.top_s,
            per_side: exercise.unilateral || exercise.dose.per_side,
            start_side: None,
            tempo: exercise.tempo,
            rest_s: exercise.dose.rest_s,
            focus_cue: None,
            why: format!("You chose {} (its default dose).", exercise.name),
            optional: false,
            side_only: None,
            variant: None,
            hold: exercise.hold,
        };
        if self.day.is_rest() {
            item.why
                .push_str(" Today is a rest day in your plan, so keep it easy.");
        }
        item
    }
}
