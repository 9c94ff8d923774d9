//! What kind of day a day is, and the words that go with it: pain rest, the
//! race calendar (race week, the last days before, race day, the day after),
//! a 2-3-days-a-week stage's rest day, the usual long-run day, the day after
//! a long or hard run. The running suggestions are worded here from the same
//! decision, so the notes always match the items.

use jiff::civil::Date;

use super::items::primer_words;
use super::state::{Ctx, Progress};
use super::types::{CheckIn, DayKind};
use crate::library::Frequency;
use crate::model::days_between;
use crate::rules::{PAIN_NOW_REST, PRE_RACE_REST_DAYS, RACE_WEEK_DAYS};
use crate::running::{AdviceKind, RunAdvice, weekday_name};

/// The kind of `day` given the state before it (and today's check-in).
pub(super) fn kind_of(ctx: &Ctx, p: &Progress, day: Date, check_in: Option<&CheckIn>) -> DayKind {
    let pain_free_now = check_in.is_some_and(|c| c.pain_now == 0 && c.pain_lingered != Some(true));
    if p.pain.paused && !pain_free_now {
        return DayKind::PainRest;
    }
    if check_in.is_some_and(|c| c.pain_now > 0 || c.pain_lingered == Some(true)) {
        return DayKind::PainRest;
    }
    let until_race = ctx.inputs.race.map(|race| days_between(day, race));
    match until_race {
        Some(0) => return DayKind::RaceDay,
        Some(-1) => return DayKind::AfterRace,
        Some(until) if (1..=PRE_RACE_REST_DAYS).contains(&until) => return DayKind::PreRace,
        _ => {}
    }
    let stage = &ctx.inputs.program.stages[p.stage];
    let yesterday = day.yesterday().ok();
    if stage.frequency == Frequency::ThreePerWeek
        && p.last_hard_day.is_some()
        && p.last_hard_day == yesterday
    {
        return DayKind::Rest;
    }
    if is_long_run_day(ctx, day) {
        return DayKind::BeforeLongRun;
    }
    let hard_yesterday = yesterday.is_some_and(|y| ctx.runs.long_or_hard(y).is_some());
    if hard_yesterday || check_in.is_some_and(|c| c.legs_heavy) {
        return DayKind::AfterHardRun;
    }
    if until_race.is_some_and(|u| (1..=RACE_WEEK_DAYS).contains(&u)) {
        return DayKind::RaceWeek;
    }
    DayKind::Training
}

/// A long run was logged that day, or (today) it is the usual long-run
/// weekday and no run is logged yet.
fn is_long_run_day(ctx: &Ctx, day: Date) -> bool {
    if ctx.runs.long_or_hard(day).is_some_and(|r| r.long) {
        return true;
    }
    day == ctx.inputs.today
        && ctx.runs.longest_on(day).is_none()
        && ctx.runs.long_run_weekday(day) == Some(day.weekday())
}

/// The opening of the "why" for a day of `kind`.
pub(super) fn headline(
    ctx: &Ctx,
    p: &Progress,
    kind: DayKind,
    check_in: Option<&CheckIn>,
) -> String {
    let program = ctx.inputs.program;
    let stage = &program.stages[p.stage];
    let place = format!(
        "Stage {} of {}, \"{}\", {}.",
        p.stage + 1,
        program.stages.len(),
        stage.name,
        stage.frequency.describe()
    );
    match kind {
        DayKind::Training => format!("{place} {}", stage.why),
        DayKind::RaceWeek => format!(
            "Race week: {place} Each exercise has a set less and nothing new joins until after the race."
        ),
        DayKind::AfterHardRun => format!(
            "A light day after hard running: {place} Each exercise has a set less and nothing new joins today."
        ),
        DayKind::BeforeLongRun => "Long-run day: the short primer before your run is enough, and the full session moves to after an easy day. Skipping it keeps your streak.".into(),
        DayKind::Rest => format!(
            "Rest day: \"{}\" is done {}, so your muscles recover today. The primer is optional; a rest day keeps your streak.",
            stage.name,
            stage.frequency.describe()
        ),
        DayKind::PreRace => "The last days before your race: no strength session, fresh legs matter more. The primer is optional; these days keep your streak.".into(),
        DayKind::RaceDay => "Race day: no strength session. The primer can be part of your warm-up if you like. Good luck!".into(),
        DayKind::AfterRace => "The day after your race is for recovery: rest, or the optional primer. Full sessions return tomorrow; today keeps your streak.".into(),
        DayKind::PainRest => match check_in {
            Some(c) if c.pain_now >= PAIN_NOW_REST => format!(
                "Pain of {}/10 right now: rest today, no exercises. Today keeps your streak.",
                c.pain_now
            ),
            Some(c) if c.pain_now > 0 => format!(
                "Pain of {}/10 right now: rest, or the pain-free alternative below if it does not hurt at all. Today keeps your streak.",
                c.pain_now
            ),
            Some(_) => "Pain from your last session lingered into the next morning: rest, or the pain-free alternative below. Today keeps your streak.".into(),
            None => "Training is paused after pain at the lowest dose. Before you start, answer whether anything hurts: with no pain it restarts gently.".into(),
        },
    }
}

/// The running suggestions for a day of `kind`, worded from the same
/// decision as the items, most important first.
pub(super) fn running_advice(
    ctx: &Ctx,
    kind: DayKind,
    check_in: Option<&CheckIn>,
) -> Vec<RunAdvice> {
    let (program, library) = (ctx.inputs.program, ctx.inputs.library);
    let today = ctx.inputs.today;
    let primer = primer_words(program, library);
    let mut advice = Vec::new();
    let until = ctx.inputs.race.map(|race| days_between(today, race));
    let race_note = match (kind, until) {
        (DayKind::RaceDay, _) => Some(format!(
            "Race day: no strength session. If you like, the primer ({primer}) can be part of your warm-up."
        )),
        (DayKind::PreRace, Some(n)) => Some(format!(
            "Your race is in {n} day{}: no strength session now, fresh legs matter more. The primer ({primer}) is optional if you want to wake the glutes up.",
            super::plural(n.unsigned_abs())
        )),
        (_, Some(n)) if (PRE_RACE_REST_DAYS + 1..=RACE_WEEK_DAYS).contains(&n) => Some(format!(
            "Your race is in {n} days: this week's sessions have a set less of each exercise and nothing new, and the last {PRE_RACE_REST_DAYS} days before the race hold only the optional primer."
        )),
        _ => None,
    };
    if let Some(text) = race_note {
        advice.push(RunAdvice {
            kind: AdviceKind::RaceWeek,
            text,
        });
    }
    match kind {
        DayKind::AfterRace => {
            let distance = today
                .yesterday()
                .ok()
                .and_then(|y| ctx.runs.longest_on(y))
                .map(|r| format!(" ({:.1} km)", r.distance_m / 1000.0))
                .unwrap_or_default();
            advice.push(RunAdvice {
                kind: AdviceKind::AfterHardRun,
                text: format!(
                    "Yesterday was race day{distance}: today is for recovery, with the primer at most. Full sessions return tomorrow; the days the plan rests never count as missed."
                ),
            });
        }
        DayKind::AfterHardRun => {
            let yesterday = today
                .yesterday()
                .ok()
                .and_then(|y| ctx.runs.long_or_hard(y));
            let text = match yesterday {
                Some(run) => format!(
                    "Yesterday's run was {} ({:.1} km): today's session is light, a set less of each exercise and nothing new.",
                    if run.long { "long" } else { "hard" },
                    run.distance_m / 1000.0
                ),
                None if check_in.is_some_and(|c| c.legs_heavy) => {
                    "Your legs feel heavy: today's session is light, a set less of each exercise and nothing new.".into()
                }
                None => "Today's session is light after hard running.".into(),
            };
            advice.push(RunAdvice {
                kind: AdviceKind::AfterHardRun,
                text,
            });
        }
        DayKind::BeforeLongRun => {
            let text = match ctx.runs.longest_on(today) {
                Some(run) => format!(
                    "You ran long today ({:.1} km): the primer ({primer}) is all the strength work today; the full session moves to after an easy day.",
                    run.distance_m / 1000.0
                ),
                None => format!(
                    "{} is usually your long run. Before it, the primer is enough: {primer}. The full session moves to after an easy day.",
                    weekday_name(today.weekday())
                ),
            };
            advice.push(RunAdvice {
                kind: AdviceKind::Primer,
                text,
            });
        }
        _ => {}
    }
    if !kind.is_rest()
        && let Some(nudge) = ctx.runs.nudge(ctx.inputs.sessions, today)
    {
        advice.push(nudge);
    }
    advice
}
