//! The scenario language: a history a coach can read, line by line, and what
//! the plan must then say. Day 1 is Monday 2 November 2026.
//!
//! Given lines (any order; days are replayed in order):
//! - `day 3: as prescribed, RPE 5, glutes, pain 0`: logs exactly the plan of
//!   that day (required items; add `everything offered` for the optional ones
//!   too, `nothing kept` for an old app that did not keep the prescription).
//! - `days 1-6: ...`: the same on every day of the range.
//! - `backfilled day 1: ...`: logged after all the other days (a hand log
//!   of an older session).
//! - `day 4: active-shoulder-bridge 10x15, RPE 5, glutes, pain 0`: logs
//!   these sets; ` + ` joins exercises; `single-leg-bridge left 3x8 right
//!   3x4` logs the sides; a second line for the same day is a second session.
//! - answers: `RPE n`, where it was felt (`glutes`, `hamstrings`, `low-back`,
//!   `quads`, `front-of-hip`, `other`), `pain n`, or `no answers`.
//! - `race: day 12`; `run day 5: 16.8 km`; `runs days 1-28 every 7: 16 km`;
//!   `run day 3: 6 km at 160 bpm`.
//! - `self-check day 2: bridge left 20 right 12, pelvis drops, pain now 0`.
//! - `check-in day 9: pain 0` (also `lingered`, `legs heavy`).
//!
//! Expect lines: `stage 2`, `day: pain-rest`, `items: active-shoulder-bridge
//! 2x10, clamshell 2x12`, `no items`, `items never: hip-thrust`, `item
//! single-leg-bridge: starts right | reps 4 | sets 2 | variant | hold | optional | no focus | name has
//! <text> | focus has <text> | why has <text> | why never <text>`, `extra set:
//! single-leg-bridge right`, `pain gate: asked | answered | none`, `advice:
//! <text>`, `no advice`, `changes: <text>`, `changes never: <text>`, `why:
//! <text>`, `why never: <text>`, `running: <text>`, `running never: <text>`,
//! `warning: <text>`, `no warnings`, `unanswered: day 8`, `nothing
//! unanswered`, `asymmetry: right 50 %`, `asymmetry text: <text>`, `streak 7`, `habit: 5 of the last 7
//! days`, `minutes at most 5`, `good sessions 2`. Text matches ignore case.

use std::collections::BTreeMap;

use coach::assessment::{Assessment, GluteFeel, PerSide, Questionnaire, SquatChecklist, Stance};
use coach::prescribe::{CheckIn, PlanInputs, Prescription, prescribe};
use coach::program::Program;
use coach::running::RunDay;
use coach::{Feedback, Felt, Library, Session, SetRecord, Side, Source};
use jiff::ToSpan;
use jiff::civil::{Date, date};

/// One scenario of the table.
pub struct Scenario {
    pub name: &'static str,
    pub given: &'static [&'static str],
    /// The day the plan is asked for.
    pub today: i32,
    pub expect: &'static [&'static str],
}

/// The calendar day of day `n` (day 1 = Monday 2 November 2026).
pub fn day(n: i32) -> Date {
    date(2026, 11, 1).checked_add(n.days()).expect("in range")
}

/// Everything a scenario's given lines describe.
pub struct World {
    pub program: Program,
    pub library: Library,
    pub sessions: Vec<Session>,
    pub assessments: Vec<Assessment>,
    pub runs: Vec<RunDay>,
    pub race: Option<Date>,
    pub check_ins: BTreeMap<Date, CheckIn>,
}

impl World {
    pub fn new() -> World {
        let library = Library::embedded().expect("library");
        let program = Program::embedded(&library).expect("program");
        World {
            program,
            library,
            sessions: Vec::new(),
            assessments: Vec::new(),
            runs: Vec::new(),
            race: None,
            check_ins: BTreeMap::new(),
        }
    }

    /// The plan for `today` from the world as it stands.
    pub fn plan(&self, today: Date) -> Prescription {
        prescribe(&self.inputs(today))
    }

    pub fn inputs(&self, today: Date) -> PlanInputs<'_> {
        PlanInputs {
            program: &self.program,
            library: &self.library,
            sessions: &self.sessions,
            assessments: &self.assessments,
            runs: &self.runs,
            race: self.race,
            today,
            check_in: self.check_ins.get(&today),
        }
    }
}

/// Runs one scenario: builds the world, asks for the plan, checks every
/// expectation. The error names the scenario, the line and the plan.
pub fn run(scenario: &Scenario) -> Result<(World, Prescription), String> {
    let fail = |line: &str, why: String| format!("[{}] {line:?}: {why}", scenario.name);
    let mut world = World::new();
    let mut day_lines: Vec<(i32, &str)> = Vec::new();
    let mut backfilled: Vec<(i32, &str)> = Vec::new();
    for line in scenario.given {
        let (head, rest) = line
            .split_once(':')
            .ok_or_else(|| fail(line, "no ':'".into()))?;
        let head = head.trim();
        let rest = rest.trim();
        if let Some(range) = head.strip_prefix("days ") {
            let (a, b) = range
                .split_once('-')
                .ok_or_else(|| fail(line, "days N-M".into()))?;
            let (a, b) = (
                num(a).map_err(|e| fail(line, e))?,
                num(b).map_err(|e| fail(line, e))?,
            );
            for n in a..=b {
                day_lines.push((n, rest));
            }
        } else if let Some(n) = head.strip_prefix("day ") {
            day_lines.push((num(n).map_err(|e| fail(line, e))?, rest));
        } else if let Some(n) = head.strip_prefix("backfilled day ") {
            backfilled.push((num(n).map_err(|e| fail(line, e))?, rest));
        } else if head == "race" {
            world.race = Some(day(
                num(rest.trim_start_matches("day ")).map_err(|e| fail(line, e))?
            ));
        } else if let Some(n) = head.strip_prefix("run day ") {
            let n = num(n).map_err(|e| fail(line, e))?;
            world
                .runs
                .push(run_day(n, rest).map_err(|e| fail(line, e))?);
        } else if let Some(range) = head.strip_prefix("runs days ") {
            let (range, every) = range
                .split_once(" every ")
                .ok_or_else(|| fail(line, "runs days N-M every K".into()))?;
            let (a, b) = range
                .split_once('-')
                .ok_or_else(|| fail(line, "days N-M".into()))?;
            let (a, b) = (
                num(a).map_err(|e| fail(line, e))?,
                num(b).map_err(|e| fail(line, e))?,
            );
            let every: i32 = num(every).map_err(|e| fail(line, e))?;
            let mut n = a;
            while n <= b {
                world
                    .runs
                    .push(run_day(n, rest).map_err(|e| fail(line, e))?);
                n += every;
            }
        } else if let Some(n) = head.strip_prefix("self-check day ") {
            let n = num(n).map_err(|e| fail(line, e))?;
            world
                .assessments
                .push(self_check(n, rest).map_err(|e| fail(line, e))?);
        } else if let Some(n) = head.strip_prefix("check-in day ") {
            let n = num(n).map_err(|e| fail(line, e))?;
            world
                .check_ins
                .insert(day(n), check_in(n, rest).map_err(|e| fail(line, e))?);
        } else {
            return Err(fail(line, "unknown line".into()));
        }
    }
    day_lines.sort_by_key(|(n, _)| *n);
    // Backfilled sessions are logged after everything else.
    day_lines.extend(backfilled);
    for (index, (n, what)) in day_lines.iter().enumerate() {
        let session = session(&world, *n, index as i64, what).map_err(|e| fail(what, e))?;
        if let Some(session) = session {
            world.sessions.push(session);
        }
    }
    let plan = world.plan(day(scenario.today));
    for line in scenario.expect {
        check(&world, &plan, line).map_err(|e| {
            fail(
                line,
                format!(
                    "{e}\n  day {:?}, stage {}, items {:?}\n  why: {}\n  changes: {:?}\n  advice: {:?}\n  warnings: {:?}\n  running: {:?}",
                    plan.day,
                    plan.stage.number,
                    plan.items
                        .iter()
                        .map(|i| format!("{} {}x{}{}", i.exercise, i.sets, i.reps, if i.optional { " optional" } else { "" }))
                        .collect::<Vec<_>>(),
                    plan.why,
                    plan.changes,
                    plan.advice,
                    plan.warnings,
                    plan.running.iter().map(|r| &r.text).collect::<Vec<_>>()
                ),
            )
        })?;
    }
    Ok((world, plan))
}

fn num<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))
}

fn run_day(n: i32, text: &str) -> Result<RunDay, String> {
    let (km, hr) = match text.split_once(" at ") {
        Some((km, hr)) => (km, Some(num::<f64>(hr.trim_end_matches("bpm"))?)),
        None => (text, None),
    };
    let km: f64 = num(km.trim().trim_end_matches("km"))?;
    Ok(RunDay {
        date: day(n),
        distance_m: km * 1000.0,
        moving_s: km * 330.0,
        avg_hr: hr.or(Some(145.0)),
    })
}

fn self_check(n: i32, text: &str) -> Result<Assessment, String> {
    let mut bridge = PerSide::default();
    let mut stance = PerSide::default();
    let mut pain_now = None;
    let mut squat = PerSide::default();
    for part in text.split(", ") {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            ["bridge", "left", l, "right", r] => {
                bridge = PerSide {
                    left: Some(num(l)?),
                    right: Some(num(r)?),
                }
            }
            ["pelvis", "drops"] => {
                stance = PerSide {
                    left: Some(Stance::Drops),
                    right: Some(Stance::Level),
                }
            }
            ["squat", "poor"] => {
                let poor = SquatChecklist {
                    knee_drifts_inward: true,
                    pelvis_drops_or_tilts: true,
                    trunk_leans_or_twists: true,
                    ..SquatChecklist::default()
                };
                squat = PerSide {
                    left: Some(poor),
                    right: Some(SquatChecklist::default()),
                }
            }
            ["pain", "now", p] => pain_now = Some(num(p)?),
            _ => return Err(format!("unknown self-check part {part:?}")),
        }
    }
    Ok(Assessment {
        id: 0,
        date: day(n),
        taken_at_ms: i64::from(n),
        pain_now,
        questionnaire: Questionnaire {
            sitting_hours_per_day: 8.0,
            runs_per_week: 4,
            cross_training: false,
            past_overuse_injuries: vec![],
            can_feel_glutes: GluteFeel::Yes,
        },
        single_leg_bridge_reps: bridge,
        single_leg_squat: squat,
        trendelenburg: stance,
        note: None,
    })
}

fn check_in(n: i32, text: &str) -> Result<CheckIn, String> {
    let mut check = CheckIn {
        date: day(n),
        taken_at_ms: i64::from(n),
        pain_now: 0,
        pain_lingered: None,
        legs_heavy: false,
    };
    for part in text.split(", ") {
        match part.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["pain", p] => check.pain_now = num(p)?,
            ["lingered"] => check.pain_lingered = Some(true),
            ["legs", "heavy"] => check.legs_heavy = true,
            _ => return Err(format!("unknown check-in part {part:?}")),
        }
    }
    Ok(check)
}

/// The session one day line describes (none when the plan offered nothing).
fn session(world: &World, n: i32, index: i64, what: &str) -> Result<Option<Session>, String> {
    let mut parts = what.split(", ");
    let work = parts.next().unwrap_or_default();
    let mut feedback = Feedback::default();
    let mut keep = true;
    let mut everything = false;
    for part in parts {
        match part.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["RPE", r] => feedback.rpe = Some(num(r)?),
            ["pain", p] => feedback.pain = Some(num(p)?),
            ["no", "answers"] => feedback = Feedback::default(),
            ["nothing", "kept"] => keep = false,
            ["everything", "offered"] => everything = true,
            [felt] => feedback.felt = Some(felt.parse::<Felt>().map_err(|e| e.to_string())?),
            _ => return Err(format!("unknown answer {part:?}")),
        }
    }
    let mut sets = Vec::new();
    let mut prescribed = Vec::new();
    let mut push = |exercise: &str, side: Option<Side>, reps: u32, target: u32| {
        sets.push(SetRecord {
            exercise: exercise.to_string(),
            position: sets.len() as u32 + 1,
            reps,
            target_reps: target,
            side,
            hold_s: 1.0,
            tension_s: f64::from(reps) * 6.0,
            completed_at_ms: 0,
        });
    };
    if work == "as prescribed" {
        let plan = world.plan(day(n));
        for item in plan.items.iter().filter(|i| everything || !i.optional) {
            prescribed.extend(coach::guide::planned(std::slice::from_ref(item)));
            for _ in 0..item.sets {
                let sides: Vec<Option<Side>> = match (item.side_only, item.per_side) {
                    (Some(side), _) => vec![Some(side)],
                    (None, true) => vec![Some(Side::Left), Some(Side::Right)],
                    (None, false) => vec![None],
                };
                for side in sides {
                    push(&item.exercise, side, item.reps, item.reps);
                }
            }
        }
    } else {
        for spec in work.split(" + ") {
            let words: Vec<&str> = spec.split_whitespace().collect();
            let exercise = world
                .library
                .get(words.first().copied().unwrap_or_default())
                .ok_or_else(|| format!("unknown exercise in {spec:?}"))?;
            let dose = |text: &str| -> Result<(u32, u32), String> {
                let (s, r) = text
                    .split_once('x')
                    .ok_or_else(|| format!("{text:?} is not SxR"))?;
                Ok((num(s)?, num(r)?))
            };
            let two_sided = exercise.unilateral || exercise.dose.per_side;
            match words.as_slice() {
                [_, d] => {
                    let (s, r) = dose(d)?;
                    for _ in 0..s {
                        if two_sided {
                            push(&exercise.id, Some(Side::Left), r, r);
                            push(&exercise.id, Some(Side::Right), r, r);
                        } else {
                            push(&exercise.id, None, r, r);
                        }
                    }
                }
                [_, "left", l, "right", r] => {
                    let (ls, lr) = dose(l)?;
                    let (rs, rr) = dose(r)?;
                    let target = lr.max(rr);
                    for _ in 0..ls {
                        push(&exercise.id, Some(Side::Left), lr, target);
                    }
                    for _ in 0..rs {
                        push(&exercise.id, Some(Side::Right), rr, target);
                    }
                }
                _ => return Err(format!("cannot read {spec:?}")),
            }
        }
        keep = false;
    }
    if sets.is_empty() {
        return Ok(None);
    }
    Ok(Some(Session {
        id: index + 1,
        date: day(n),
        source: Source::Log,
        started_at_ms: i64::from(n) * 100_000 + index,
        finished_at_ms: (feedback != Feedback::default()).then_some(0),
        stage: None,
        feedback,
        note: None,
        prescribed: if keep { prescribed } else { Vec::new() },
        sets,
    }))
}

fn has(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

fn any_has(list: &[String], needle: &str) -> bool {
    list.iter().any(|s| has(s, needle))
}

/// Checks one expectation against the plan.
fn check(world: &World, plan: &Prescription, line: &str) -> Result<(), String> {
    let (head, rest) = line.split_once(':').unwrap_or((line, ""));
    let rest = rest.trim();
    let ok = |cond: bool, what: &str| if cond { Ok(()) } else { Err(what.to_string()) };
    let running: Vec<String> = plan.running.iter().map(|r| r.text.clone()).collect();
    match head.trim() {
        h if h.starts_with("stage ") => ok(
            plan.stage.number == num::<usize>(&h[6..])?,
            &format!("stage is {}", plan.stage.number),
        ),
        h if h.starts_with("good sessions ") => ok(
            plan.stage.good_sessions == num::<u32>(&h[14..])?,
            &format!("good sessions {}", plan.stage.good_sessions),
        ),
        h if h.starts_with("streak ") => {
            let stats = coach::stats::stats(&world.inputs(plan.date));
            ok(
                stats.streak_days == num::<u32>(&h[7..])?,
                &format!("streak is {} ({})", stats.streak_days, stats.habit),
            )
        }
        "habit" => {
            let stats = coach::stats::stats(&world.inputs(plan.date));
            ok(stats.habit == rest, &format!("habit is {:?}", stats.habit))
        }
        h if h.starts_with("minutes at most ") => ok(
            plan.minutes <= num::<f64>(&h[16..])?,
            &format!("minutes {:.1}", plan.minutes),
        ),
        "day" => {
            let kind = serde_json::to_value(plan.day).map_err(|e| e.to_string())?;
            ok(kind == rest, &format!("day is {kind}"))
        }
        "no items" => ok(plan.items.is_empty(), "there are items"),
        "items" => {
            let got: Vec<String> = plan
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{} {}x{}{}",
                        i.exercise,
                        i.sets,
                        i.reps,
                        if i.optional { " optional" } else { "" }
                    )
                })
                .collect();
            let want: Vec<String> = rest.split(", ").map(str::to_string).collect();
            ok(got == want, &format!("items are {got:?}"))
        }
        "items never" => ok(
            !plan.items.iter().any(|i| i.exercise == rest),
            "the exercise is in the plan",
        ),
        h if h.starts_with("item ") => {
            let id = &h[5..];
            let item = plan
                .items
                .iter()
                .find(|i| i.exercise == id && i.side_only.is_none())
                .ok_or_else(|| format!("no item {id}"))?;
            let (what, value) = rest.split_once(' ').unwrap_or((rest, ""));
            match what {
                "starts" => ok(
                    item.start_side.map(|s| s.to_string()).as_deref() == Some(value),
                    &format!("starts {:?}", item.start_side),
                ),
                "reps" => ok(
                    item.reps == num::<u32>(value)?,
                    &format!("reps {}", item.reps),
                ),
                "sets" => ok(
                    item.sets == num::<u32>(value)?,
                    &format!("sets {}", item.sets),
                ),
                "variant" => ok(item.variant.is_some(), "no variant"),
                "no" if value == "focus" => ok(
                    item.focus_cue.is_none(),
                    &format!("focus {:?}", item.focus_cue),
                ),
                "hold" => ok(item.hold, "not a hold"),
                "optional" => ok(item.optional, "not optional"),
                "name" => ok(
                    has(&item.name, value.trim_start_matches("has ")),
                    &item.name,
                ),
                "focus" => ok(
                    item.focus_cue
                        .as_deref()
                        .is_some_and(|f| has(f, value.trim_start_matches("has "))),
                    &format!("focus {:?}", item.focus_cue),
                ),
                "why" => match value.split_once(' ') {
                    Some(("has", text)) => ok(has(&item.why, text), &item.why),
                    Some(("never", text)) => ok(!has(&item.why, text), &item.why),
                    _ => Err(format!("item why has|never, not {value:?}")),
                },
                _ => Err(format!("unknown item check {what:?}")),
            }
        }
        "extra set" => {
            let (id, side) = rest.split_once(' ').ok_or("extra set: <exercise> <side>")?;
            ok(
                plan.items.iter().any(|i| {
                    i.exercise == id && i.side_only.map(|s| s.to_string()).as_deref() == Some(side)
                }),
                "no such extra set",
            )
        }
        "no extra set" => ok(
            plan.items.iter().all(|i| i.side_only.is_none()),
            "there is an extra set",
        ),
        "pain gate" => {
            let state = match &plan.pain_gate {
                None => "none",
                Some(g) if g.answered => "answered",
                Some(_) => "asked",
            };
            ok(state == rest, &format!("pain gate {state}"))
        }
        "advice" => ok(any_has(&plan.advice, rest), "advice missing"),
        "no advice" => ok(plan.advice.is_empty(), "there is advice"),
        "changes" => ok(any_has(&plan.changes, rest), "change missing"),
        "changes never" => ok(!any_has(&plan.changes, rest), "change present"),
        "why" => ok(has(&plan.why, rest), "why misses it"),
        "why never" => ok(!has(&plan.why, rest), "why has it"),
        "running" => ok(any_has(&running, rest), "running note missing"),
        "running never" => ok(!any_has(&running, rest), "running note present"),
        "warning" => ok(any_has(&plan.warnings, rest), "warning missing"),
        "no warnings" => ok(plan.warnings.is_empty(), "there are warnings"),
        "unanswered" => {
            let n = num::<i32>(rest.trim_start_matches("day "))?;
            ok(
                plan.unanswered.as_ref().is_some_and(|u| u.date == day(n)),
                &format!("unanswered {:?}", plan.unanswered.as_ref().map(|u| u.date)),
            )
        }
        "nothing unanswered" => ok(plan.unanswered.is_none(), "something is unanswered"),
        "asymmetry text" => {
            let a = plan.asymmetry.as_ref().ok_or("no asymmetry")?;
            ok(has(&a.text, rest), &a.text)
        }
        "asymmetry" => {
            let a = plan.asymmetry.as_ref().ok_or("no asymmetry")?;
            let want: Vec<&str> = rest.split_whitespace().collect();
            ok(
                want.first() == Some(&a.weaker.as_str())
                    && want
                        .get(1)
                        .is_some_and(|p| num::<u32>(p).ok() == Some(a.percent)),
                &format!("asymmetry {} {} %: {}", a.weaker, a.percent, a.text),
            )
        }
        other => Err(format!("unknown expectation {other:?}")),
    }
}
