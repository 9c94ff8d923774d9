//! `runstrong today`: the plan for today with its reasons, what the coach
//! wants to know first (pain before the first set, the answers of a session
//! saved without them), the left/right headline and the running notes.

use coach::prescribe::Prescription;
use coach::running::RunAdvice;

use crate::context::{Context, Failure, print_json};
use crate::text::{self, Style};

pub async fn run(ctx: &Context) -> Result<(), Failure> {
    let today = ctx.app.today().await?;
    if ctx.ui.json {
        return print_json(&today.prescription);
    }
    let style = ctx.ui.style();
    out!("{}", render(&today.prescription, style))?;
    out!("{}", render_running(&today.prescription.running, style))?;
    Ok(())
}

/// The running suggestions as text; also printed at the start of `go`.
pub fn render_running(running: &[RunAdvice], style: Style) -> String {
    running
        .iter()
        .map(|advice| {
            format!(
                "  {} {}\n",
                style.accent("running:"),
                text::wrap(&advice.text, 80, "           ")
            )
        })
        .collect()
}

/// The plan as text; also printed at the start of `go` and by `serve`.
pub fn render(plan: &Prescription, style: Style) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} {}  ·  stage {} of {}: {} ({})\n\n",
        style.bold(coach::words::day_heading(plan.day)),
        text::day(plan.date),
        plan.stage.number,
        plan.stage.of,
        style.accent(&plan.stage.name),
        plan.stage.frequency.describe(),
    ));
    for advice in plan.advice.iter().chain(&plan.warnings) {
        out.push_str(&format!(
            "  {} {}\n\n",
            style.warn("!"),
            text::wrap(advice, 80, "    ")
        ));
    }
    if let Some(gate) = plan.pain_gate.as_ref().filter(|g| !g.answered) {
        out.push_str(&format!(
            "  {} {}\n    `runstrong go` asks first: {}\n\n",
            style.warn("?"),
            text::wrap(&gate.reason, 80, "    "),
            gate.question
        ));
    }
    if let Some(unanswered) = &plan.unanswered {
        out.push_str(&format!(
            "  {} {}\n    Answer with `runstrong answer --rpe N --felt WHERE --pain N`.\n\n",
            style.warn("?"),
            text::wrap(&unanswered.text, 80, "    ")
        ));
    }
    if plan.items.is_empty() {
        out.push_str("  No exercises today.\n");
    }
    for item in &plan.items {
        out.push_str(&format!(
            "  {}  {}{}\n",
            style.bold(&item.name),
            text::dose(item),
            if item.optional { " (optional)" } else { "" }
        ));
        if let Some(side) = item.start_side {
            out.push_str(&format!("    start with your {side} side\n"));
        }
        if let Some(cue) = &item.focus_cue {
            out.push_str(&format!(
                "    {} {}\n",
                style.accent("focus:"),
                text::wrap(cue, 80, "           ")
            ));
        }
    }
    if let Some(asymmetry) = &plan.asymmetry {
        out.push_str(&format!(
            "\n  {} {}\n",
            style.accent("left/right:"),
            text::wrap(&asymmetry.text, 80, "              ")
        ));
    }
    out.push_str(&format!(
        "\n  {} {}\n",
        style.dim("why:"),
        text::wrap(&plan.why, 80, "       ")
    ));
    for change in &plan.changes {
        out.push_str(&format!(
            "  {} {}\n",
            style.dim("changed:"),
            text::wrap(change, 80, "           ")
        ));
    }
    out
}
