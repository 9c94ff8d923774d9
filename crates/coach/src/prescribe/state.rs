//! The replay: the coach walks the calendar from the first training day to
//! today, decides what kind of day each was ([`super::days::kind_of`]),
//! plans it ([`super::items::plan_items`]), judges the sessions done on it
//! against what was prescribed ([`super::judge`]) and carries the state
//! forward: the stage, the good sessions in a row, pain, faults, sides.
//!
//! Nothing of this is stored, so the same history always gives the same
//! plan, and correcting or deleting a session corrects everything after it.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::days::kind_of;
use super::faults::FaultState;
use super::items::plan_items;
use super::judge::{DayOutcome, judge};
use super::pain::PainState;
use super::sides::SideState;
use super::types::{DayKind, PlanInputs, PrescribedItem};
use crate::library::Frequency;
use crate::model::{PlannedItem, Session, days_between};
use crate::rules::{COMFORTABLE_RPE, HARD_RPE, LONG_GAP_DAYS, SHORT_GAP_DAYS, STEP_BACK_PAIN};
use crate::running::RunLog;

/// The inputs, with the sessions grouped by training day.
pub(super) struct Ctx<'a> {
    pub inputs: &'a PlanInputs<'a>,
    /// Days with at least one set, up to today, oldest first.
    pub days: BTreeMap<Date, Vec<&'a Session>>,
    pub runs: RunLog<'a>,
}

impl<'a> Ctx<'a> {
    pub fn new(inputs: &'a PlanInputs<'a>) -> Ctx<'a> {
        let mut days: BTreeMap<Date, Vec<&Session>> = BTreeMap::new();
        for session in inputs
            .sessions
            .iter()
            .filter(|s| s.date <= inputs.today && !s.sets.is_empty())
        {
            days.entry(session.date).or_default().push(session);
        }
        for sessions in days.values_mut() {
            sessions.sort_by_key(|s| s.started_at_ms);
        }
        Ctx {
            inputs,
            days,
            runs: RunLog::new(inputs.runs, inputs.today),
        }
    }
}

/// The state the replay carries from day to day.
#[derive(Debug, Clone, Default)]
pub(super) struct Progress {
    pub stage: usize,
    pub good_streak: u32,
    pub pain: PainState,
    pub fault: FaultState,
    pub sides: SideState,
    /// The last day with any training.
    pub last_day: Option<Date>,
    /// The last day with the work of a 2-3-days-a-week stage (not a rest
    /// day's primer, not a daily stage's light work): the next day rests.
    pub last_hard_day: Option<Date>,
    /// Days since `last_day` that the plan itself made rest days.
    pub excused: i32,
    /// Recent days with single-leg bridges (the last week).
    pub single_leg_days: Vec<Date>,
    /// What changed after the last training day, and why.
    pub changes: Vec<String>,
    /// Words about the last training day.
    pub warnings: Vec<String>,
}

/// One day of the calendar as the plan saw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CalendarDay {
    pub date: Date,
    pub kind: DayKind,
    pub trained: bool,
}

/// Walks the history up to the day before today.
pub(super) fn replay(ctx: &Ctx) -> (Progress, Vec<CalendarDay>) {
    let today = ctx.inputs.today;
    let mut p = Progress::default();
    let mut calendar = Vec::new();
    let Some(&first) = ctx.days.keys().next() else {
        return (p, calendar);
    };
    let mut day = first;
    while day < today {
        let kind = kind_of(ctx, &p, day, None);
        let sessions = ctx.days.get(&day);
        calendar.push(CalendarDay {
            date: day,
            kind,
            trained: sessions.is_some(),
        });
        if let Some(sessions) = sessions {
            p.changes.clear();
            p.warnings.clear();
            apply_gap(&mut p, day);
            let planned = planned_for(ctx, &p, day, kind, sessions);
            let outcome = judge(
                ctx.inputs.program,
                ctx.inputs.library,
                p.stage,
                &planned,
                sessions,
            );
            apply_outcome(ctx, &mut p, day, kind, &outcome);
            p.last_day = Some(day);
            p.excused = 0;
        } else if kind.is_rest() || kind == DayKind::AfterHardRun {
            p.excused += 1;
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
    }
    (p, calendar)
}

/// What the day was judged against: the prescription the session kept, else
/// the plan replayed for that day.
fn planned_for(
    ctx: &Ctx,
    p: &Progress,
    day: Date,
    kind: DayKind,
    sessions: &[&Session],
) -> Vec<PlannedItem> {
    if let Some(kept) = sessions.iter().find(|s| !s.prescribed.is_empty()) {
        return kept.prescribed.clone();
    }
    let items: Vec<PrescribedItem> = plan_items(ctx, p, day, kind, None)
        .items
        .into_iter()
        .filter(|i| !i.optional)
        .collect();
    crate::guide::planned(&items)
}

/// Days off: up to [`SHORT_GAP_DAYS`] change nothing; more reset the count of
/// good sessions; [`LONG_GAP_DAYS`] or more restart a stage lower (two after
/// twice as long). Rest the plan asked for (a taper, race days, rest days)
/// is not counted.
pub(super) fn apply_gap(p: &mut Progress, day: Date) {
    let Some(last) = p.last_day else {
        return;
    };
    let gap = (days_between(last, day) - 1 - p.excused).max(0);
    if gap >= LONG_GAP_DAYS {
        let steps = if gap >= 2 * LONG_GAP_DAYS { 2 } else { 1 };
        let from = p.stage;
        p.stage = p.stage.saturating_sub(steps);
        p.good_streak = 0;
        p.fault.reset();
        if p.stage < from {
            p.changes.push(format!(
                "Welcome back: after {gap} days off you restart {} stage{} down. Up to about two weeks off costs little strength (McMaster 2013); the gentle restart is our convention, to let technique settle back in. You will climb back quickly.",
                from - p.stage,
                super::plural((from - p.stage) as u32)
            ));
        } else {
            p.changes.push(format!(
                "Welcome back after {gap} days off: the first stage is the gentle restart."
            ));
        }
    } else if gap > SHORT_GAP_DAYS {
        if p.good_streak > 0 {
            p.changes.push(format!(
                "After {gap} days off the count of good sessions starts again; your stage stays."
            ));
        }
        p.good_streak = 0;
    }
}

fn max_sets(ctx: &Ctx, stage: usize) -> u32 {
    ctx.inputs.program.stages[stage]
        .items
        .iter()
        .map(|i| i.sets)
        .max()
        .unwrap_or(1)
}

fn apply_outcome(ctx: &Ctx, p: &mut Progress, day: Date, kind: DayKind, day_outcome: &DayOutcome) {
    let (program, library) = (ctx.inputs.program, ctx.inputs.library);
    p.warnings.extend(day_outcome.warnings.iter().cloned());
    if day_outcome
        .exercises
        .iter()
        .any(|e| e == "single-leg-bridge")
    {
        p.single_leg_days.push(day);
        p.single_leg_days.retain(|d| days_between(*d, day) < 7);
    }
    if day_outcome.planned_done
        && !kind.is_rest()
        && program.stages[p.stage].frequency == Frequency::ThreePerWeek
    {
        p.last_hard_day = Some(day);
    }
    let side_words = p.sides.record(library, day, &day_outcome.sides);

    // Pain first: it stops everything else.
    match day_outcome.pain {
        Some(pain) if pain > 0 => {
            p.good_streak = 0;
            let stepped_back = if pain >= STEP_BACK_PAIN && p.stage > 0 {
                p.stage -= 1;
                p.fault.reset();
                Some(program.stages[p.stage].name.as_str())
            } else {
                None
            };
            let said = p
                .pain
                .on_pain(day, pain, max_sets(ctx, p.stage), stepped_back);
            p.changes.extend(said);
            return;
        }
        Some(_) => {
            let said = p.pain.on_pain_free(max_sets(ctx, p.stage));
            p.changes.extend(said);
        }
        None => {}
    }
    p.changes.extend(side_words.iter().cloned());
    if kind.is_rest() {
        if kind != DayKind::PainRest {
            p.changes.push(
                "Work on a rest day keeps the habit; it does not count toward the next stage."
                    .into(),
            );
        }
        return;
    }
    if !day_outcome.planned_done {
        // Only extras: nothing to judge for progress.
        return;
    }

    if let Some((felt, exercise)) = &day_outcome.felt {
        if *felt != crate::model::Felt::Glutes {
            p.good_streak = 0;
            let said = p.fault.on_fault(library, exercise, *felt);
            p.changes.push(said);
            return;
        }
        if let Some(said) = p.fault.on_glutes(library, exercise) {
            p.changes.push(said);
        }
    }
    if kind.is_light() {
        p.changes
            .push("A light day: it neither counts toward the next stage nor against it.".into());
        return;
    }
    if !day_outcome.all_sets_done {
        // A set left short on one side only is the sides' business: they said so.
        let unexplained: Vec<&String> = day_outcome
            .short
            .iter()
            .filter(|e| !p.sides.findings.contains_key(e.as_str()))
            .collect();
        if !unexplained.is_empty() {
            let names: Vec<String> = unexplained.iter().map(|e| name(ctx, e)).collect();
            p.changes.push(format!(
                "Not every set of the {} was done last time, so the plan stays the same until it is.",
                names.join(" and the ")
            ));
        }
        return;
    }
    if let Some(rpe) = day_outcome.rpe.filter(|r| *r >= HARD_RPE) {
        p.good_streak = 0;
        p.changes.push(format!(
            "Last time felt hard (RPE {rpe}), so you stay here until it feels comfortable."
        ));
        return;
    }
    if day_outcome.over_volume {
        return;
    }
    if !day_outcome.answered {
        p.changes.push(
            "Last session had no answers (effort, where you felt it, pain), so it could not count toward the next stage.".into(),
        );
        return;
    }
    let felt_glutes = matches!(&day_outcome.felt, Some((crate::model::Felt::Glutes, _)));
    let good = day_outcome.rpe.is_some_and(|r| r <= COMFORTABLE_RPE)
        && felt_glutes
        && day_outcome.pain == Some(0)
        && !day_outcome.reduced;
    if !good {
        // Moderate effort, a reduced dose or an unanswered question: neither
        // a step up nor back.
        return;
    }
    p.good_streak += 1;
    let stage = &program.stages[p.stage];
    let last_stage = p.stage + 1 == program.stages.len();
    if !last_stage && p.good_streak >= stage.good_sessions_to_advance {
        p.stage += 1;
        p.good_streak = 0;
        p.fault.reset();
        let next = &program.stages[p.stage];
        let rhythm =
            if next.frequency == Frequency::ThreePerWeek && stage.frequency == Frequency::Daily {
                " From here sessions are 2-3 days a week, with rest days between."
            } else {
                ""
            };
        p.changes.push(format!(
            "{} good sessions in a row (all sets, comfortable, felt in the glutes, no pain): you move up to \"{}\".{rhythm}",
            stage.good_sessions_to_advance, next.name
        ));
    }
}

fn name(ctx: &Ctx, exercise: &str) -> String {
    ctx.inputs
        .library
        .get(exercise)
        .map_or_else(|| exercise.to_string(), |e| e.name.clone())
}
