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
        let style = ctx.ui.style();
        let in_file = |e: app::AppError| match &args.answers {
            Some(path) => Failure::failed(format!("{}: {e}", path.display())),
            None => e.into(),
        };
        let answers = match &args.answers {
            Some(path) => read_answers(path)?,
            None => {
                if !std::io::stdin().is_terminal() {
                    return Err(Failure::usage(
                        "`runstrong check` asks its questions in a terminal; run it in one, or pass --answers FILE (TOML or JSON)",
                    ));
                }
                ask_answers(style)?
            }
        };
        let preview = ctx.app.preview_check(&answers).await.map_err(in_file)?;
        if !ctx.ui.json && !ctx.ui.quiet {
            outln!(
                "{} {}\n",
                style.bold("What this check changes:"),
                text::wrap(&preview.summary, 80, "  ")
            )?;
        }
        if args.answers.is_none() && ask("Save this check? [y]es or [n]o", yes_no)? != Some(true) {
            outln!("Not saved.")?;
            return Ok(());
        }
        ctx.app.save_check(answers).await.map_err(in_file)?;
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
        "\n{}\n",
        style.bold("Single-leg squat, self-graded from the video")
    ));
    for point in &report.squat_trend {
        out.push_str(&format!(
            "  {}  left {:<5} right {}\n",
            point.date,
            grade(point.left_grade),
            grade(point.right_grade)
        ));
    }
    let stance = |s: Option<Stance>| match s {
        Some(Stance::Level) => "level",
        Some(Stance::Drops) => "dropped",
        None => "-",
    };
    out.push_str(&format!(
        "\n{}\n",
        style.bold("Single-leg stance, the pelvis on the other side")
    ));
    for point in &report.stance_trend {
        out.push_str(&format!(
            "  {}  left {:<8} right {}\n",
            point.date,
            stance(point.left),
            stance(point.right)
        ));
    }
    if !report.results.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            style.bold("What the latest results say")
        ));
        for result in &report.results {
            out.push_str(&format!("  - {}\n", text::wrap(result, 80, "    ")));
        }
    }
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

/// The interactive check: the pain screen first, the questionnaire, then
/// each home test as the protocol describes it (set-up, how, when to stop,
/// what to record), skipped when the pain screen says so.
fn ask_answers(style: Style) -> Result<Answers, Failure> {
    let protocol = coach::self_check::SelfCheck::embedded()
        .map_err(|e| Failure::failed(format!("the built-in self-check is broken: {e}")))?;
    outln!(
        "Self-check: a pain question, a few questions about your habits, then three home tests."
    )?;
    outln!(
        "{}\n",
        style.dim("The results are your own baseline to compare with later, not a diagnosis.")
    )?;
    let pain_now = loop {
        if let Some(pain) = ask(&protocol.pain_screen.question, |t| {
            t.parse::<u8>().ok().filter(|p| *p <= 10)
        })? {
            break pain;
        }
        outln!("  This one needs an answer: 0 if nothing hurts.")?;
    };
    let screen = coach::self_check::pain_screen(&protocol, pain_now);
    if !screen.text.is_empty() {
        outln!(
            "  {} {}\n",
            style.warn("!"),
            text::wrap(&screen.text, 80, "    ")
        )?;
    }
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

    let mut bridge = PerSide::default();
    let mut squat = PerSide::default();
    let mut stance = PerSide::default();
    if screen.proceed {
        outln!("\nPress Enter to skip a test or a side.")?;
        for (number, test) in protocol.tests.iter().enumerate() {
            show_test(number + 1, test, style)?;
            match test.id.as_str() {
                "single-leg-bridge" => {
                    for side in [Side::Left, Side::Right] {
                        let reps = ask(&format!("  {side} leg reps"), |t| {
                            t.parse::<u32>().ok().filter(|n| *n <= 500)
                        })?;
                        set_side(&mut bridge, side, reps);
                    }
                }
                "single-leg-squat" => {
                    for side in [Side::Left, Side::Right] {
                        outln!("  {side} leg: answer y/n (Enter skips this side)")?;
                        let Some(knee) = ask("    knee drifts inward?", yes_no)? else {
                            continue;
                        };
                        let checklist = SquatChecklist {
                            knee_drifts_inward: knee,
                            pelvis_drops_or_tilts: ask("    pelvis drops or tilts?", yes_no)?
                                .unwrap_or(false),
                            trunk_leans_or_twists: ask("    trunk leans or twists?", yes_no)?
                                .unwrap_or(false),
                            loses_balance: ask("    loses balance?", yes_no)?.unwrap_or(false),
                            depth_uncontrolled: ask("    depth hard to control?", yes_no)?
                                .unwrap_or(false),
                        };
                        set_side(&mut squat, side, Some(checklist));
                    }
                }
                _ => {
                    for side in [Side::Left, Side::Right] {
                        let answer = ask(
                            &format!(
                                "  standing on {side}: did the other side of the pelvis drop? (y/n)"
                            ),
                            yes_no,
                        )?;
                        set_side(
                            &mut stance,
                            side,
                            answer.map(|drops| if drops { Stance::Drops } else { Stance::Level }),
                        );
                    }
                }
            }
        }
    }
    let answers = Answers {
        pain_now: Some(pain_now),
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

/// One test as the protocol describes it.
fn show_test(
    number: usize,
    test: &coach::self_check::CheckTest,
    style: Style,
) -> Result<(), Failure> {
    outln!("\n{}", style.bold(&format!("Test {number}: {}", test.name)))?;
    outln!("  {}", style.dim(&text::wrap(&test.measures, 80, "  ")))?;
    outln!("  Set-up:")?;
    for step in &test.setup {
        outln!("    · {}", text::wrap(step, 80, "      "))?;
    }
    outln!("  How:")?;
    for step in &test.how {
        outln!("    · {}", text::wrap(step, 80, "      "))?;
    }
    outln!("  {}", style.warn("Stop if:"))?;
    for rule in &test.stop_if {
        outln!("    · {}", text::wrap(rule, 80, "      "))?;
    }
    outln!("  Record: {}", text::wrap(&test.record, 80, "    "))?;
    Ok(())
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
