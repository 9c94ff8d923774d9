//! `runstrong today`: the prescription for today with its reasons.

use coach::prescribe::Prescription;
use coach::running::RunAdvice;
use serde::Serialize;

use crate::context::{Context, Failure, print_json};
use crate::text::{self, Style};

/// `today --json`: the prescription with the running suggestions beside it.
#[derive(Serialize)]
struct TodayJson<'a> {
    #[serde(flatten)]
    plan: &'a Prescription,
    running: &'a [RunAdvice],
}

pub async fn run(ctx: &Context) -> Result<(), Failure> {
    let today = ctx.app.today().await?;
    if ctx.ui.json {
        return print_json(&TodayJson {
            plan: &today.prescription,
            running: &today.running,
        });
    }
    let style = ctx.ui.style();
    out!("{}", render(&today.prescription, style))?;
    out!("{}", render_running(&today.running, style))?;
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

/// The plan as text; also printed at the start of `go`.
pub fn render(plan: &Prescription, style: Style) -> String {
    let mut out = String::new();
    let heading = if plan.rest_day { "Rest day" } else { "Today" };
    out.push_str(&format!(
        "{} {}  ·  stage {} of {}: {} ({})\n\n",
        style.bold(heading),
        text::day(plan.date),
        plan.stage.number,
        plan.stage.of,
        style.accent(&plan.stage.name),
        plan.stage.frequency.describe(),
    ));
    for advice in &plan.advice {
        out.push_str(&format!(
            "  {} {}\n\n",
            style.warn("!"),
            text::wrap(advice, 80, "    ")
        ));
    }
    for item in &plan.items {
        out.push_str(&format!(
            "  {}  {}\n",
            style.bold(&item.name),
            text::dose(item)
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
