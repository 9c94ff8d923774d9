//! `runstrong check`: the self-assessment. Asks the runner's-butt
//! questionnaire and walks through the home tests (or reads the answers from
//! a TOML or JSON file), stores the result, and shows it as a baseline with
//! the left/right difference, the trend, and what it changes in the program.

use std::io::IsTerminal;

use coach::Side;
use coach::assessment::{
    Answers, GluteFeel, PerSide, Questionnaire, Report, SquatChecklist, Stance,
};

use crate::args::CheckArgs;
use crate::context::{Context, Failure, print_json};
use crate::prompt::{ask, ask_text};
use crate::text::{self, Style};

pub async fn run(ctx: &Context, args: &CheckArgs) -> Result<(), Failure> {
    if !args.results {
        let answers = match &args.answers {
            Some(path) => read_answers(path)?,
            None => {
                if !std::io::stdin().is_terminal() {
                    return Err(Failure::usage(
                        "`runstrong check` asks its questions in a terminal; run it in one, or pass --answers FILE (TOML or JSON)",
                    ));
                }
                ask_answers()?
            }
        };
        ctx.app
            .save_check(answers)
            .await
            .map_err(|e| match &args.answers {
                Some(path) => Failure::failed(format!("{}: {e}", path.display())),
                None => e.into(),
            })?;
    }
    let (_, report) = ctx.app.checks().await?;
    let Some(report) = report else {
        if ctx.ui.json {
            return print_json(&serde_json::json!({ "report": null }));
        }
        outln!("No self-assessment yet. `runstrong check` takes about 10 minutes.")?;
        return Ok(());
    };
    if ctx.ui.json {
        return print_json(&serde_json::json!({ "report": report }));
    }
    out!("{}", render(&report, ctx.ui.style()))?;
    Ok(())
}

fn read_answers(path: &std::path::Path) -> Result<Answers, Failure> {
    let name = path.display();
    let text = crate::files::read_text(path, "answers", crate::files::MAX_ANSWERS_BYTES)
        .map_err(Failure::failed)?;
    let is_json =
        path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    let answers: Answers = if is_json {
        serde_json::from_str(&text)
            .map_err(|e| Failure::failed(format!("{name} is not a valid answers file: {e}")))?
    } else {
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |span| {
                text[..span.start.min(text.len())].lines().count().max(1)
            });
            Failure::failed(format!(
                "{name} is not a valid answers file: line {line}: {}",
                e.message()
            ))
        })?
    };
    Ok(answers)
}

fn render(report: &Report, style: Style) -> String {
    let mut out = format!(
        "{} {}\n",
        style.bold("Self-assessment"),
        text::day(report.date)
    );
    if !report.habits.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Your habits")));
        for habit in &report.habits {
            out.push_str(&format!("  - {habit}\n"));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        style.bold("Single-leg bridge, reps to fatigue")
    ));
    for point in &report.bridge_trend {
        let show = |v: Option<u32>| v.map_or("-".to_string(), |n| n.to_string());
        let diff = point
            .difference_percent
            .map(|d| format!("  difference {d} %"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}  left {:>3}  right {:>3}{diff}\n",
            point.date,
            show(point.left),
            show(point.right)
        ));
    }
    if let Some(side) = report.weaker_side {
        out.push_str(&format!("  your {side} side tired sooner\n"));
    }
    let grade = |g: Option<&str>| g.unwrap_or("-").to_string();
    out.push_str(&format!(
        "\n{} left {}, right {}\n",
        style.bold("Single-leg squat"),
        grade(report.squat_left),
        grade(report.squat_right)
    ));
    let stance = |s: Option<Stance>| match s {
        Some(Stance::Level) => "pelvis level",
        Some(Stance::Drops) => "pelvis dropped",
        None => "-",
    };
    out.push_str(&format!(
        "{} left {}, right {}\n",
        style.bold("Single-leg stance"),
        stance(report.trendelenburg_left),
        stance(report.trendelenburg_right)
    ));
    if !report.program_effects.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("What this changes")));
        for effect in &report.program_effects {
            out.push_str(&format!("  - {}\n", text::wrap(effect, 80, "    ")));
        }
    }
    out.push('\n');
    for note in &report.notes {
        out.push_str(&format!("  {}\n", style.dim(&text::wrap(note, 80, "  "))));
    }
    out
}

/// The interactive questionnaire and test walk-through.
fn ask_answers() -> Result<Answers, Failure> {
    outln!(
        "Self-assessment: a few questions, then three home tests. Press Enter to skip a test.\n"
    )?;
    let sitting_hours_per_day = ask("Hours sitting on a typical day (0-24)", |t| {
        t.parse::<f64>().ok().filter(|h| (0.0..=24.0).contains(h))
    })?
    .unwrap_or(0.0);
    let runs_per_week = ask("Runs per week", |t| {
        t.parse::<u32>().ok().filter(|n| *n <= 21)
    })?
    .unwrap_or(0);
    let cross_training = ask(
        "Any strength or cross-training besides running? (y/n)",
        yes_no,
    )?
    .unwrap_or(false);
    let injuries =
        ask_text("Past overuse injuries, comma-separated (Enter for none)")?.unwrap_or_default();
    let past_overuse_injuries = injuries
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let can_feel_glutes = ask(
        "In a bridge, can you feel your glutes working? (yes / sometimes / no)",
        |t| match t {
            "y" | "yes" => Some(GluteFeel::Yes),
            "s" | "sometimes" => Some(GluteFeel::Sometimes),
            "n" | "no" => Some(GluteFeel::No),
            _ => None,
        },
    )?
    .unwrap_or(GluteFeel::Sometimes);

    outln!(
        "\nTest 1: single-leg bridge. Lie on your back, one heel on a couch or box, the other leg up."
    )?;
    outln!(
        "Lift the hips to straight and lower until your seat touches the floor, as many as you can with good form."
    )?;
    let mut bridge = PerSide::default();
    for side in [Side::Left, Side::Right] {
        let reps = ask(&format!("  {side} leg reps"), |t| {
            t.parse::<u32>().ok().filter(|n| *n <= 500)
        })?;
        set_side(&mut bridge, side, reps);
    }

    outln!(
        "\nTest 2: single-leg squat. On one leg, arms crossed, 5 slow squats as deep as you control; film from the front."
    )?;
    let mut squat = PerSide::default();
    for side in [Side::Left, Side::Right] {
        outln!("  {side} leg: answer y/n (Enter skips this side)")?;
        let Some(knee) = ask("    knee drifts inward?", yes_no)? else {
            continue;
        };
        let checklist = SquatChecklist {
            knee_drifts_inward: knee,
            pelvis_drops_or_tilts: ask("    pelvis drops or tilts?", yes_no)?.unwrap_or(false),
            trunk_leans_or_twists: ask("    trunk leans or twists?", yes_no)?.unwrap_or(false),
            loses_balance: ask("    loses balance?", yes_no)?.unwrap_or(false),
            depth_uncontrolled: ask("    depth hard to control?", yes_no)?.unwrap_or(false),
        };
        set_side(&mut squat, side, Some(checklist));
    }

    outln!(
        "\nTest 3: single-leg stance. Stand on one leg for 30 s, knee of the other leg up; watch your pelvis in a mirror."
    )?;
    let mut stance = PerSide::default();
    for side in [Side::Left, Side::Right] {
        let answer = ask(
            &format!("  standing on {side}: did the other side of the pelvis drop? (y/n)"),
            yes_no,
        )?;
        set_side(
            &mut stance,
            side,
            answer.map(|drops| if drops { Stance::Drops } else { Stance::Level }),
        );
    }
    let answers = Answers {
        questionnaire: Questionnaire {
            sitting_hours_per_day,
            runs_per_week,
            cross_training,
            past_overuse_injuries,
            can_feel_glutes,
        },
        single_leg_bridge_reps: bridge,
        single_leg_squat: squat,
        trendelenburg: stance,
        note: None,
    };
    outln!()?;
    Ok(answers)
}

fn set_side<T>(pair: &mut PerSide<T>, side: Side, value: Option<T>) {
    match side {
        Side::Left => pair.left = value,
        Side::Right => pair.right = value,
    }
}

fn yes_no(text: &str) -> Option<bool> {
    match text {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}
