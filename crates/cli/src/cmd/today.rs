//! `runstrong today`: the prescription for today with its reasons.

use coach::prescribe::Prescription;

use crate::app::{App, Failure, print_json};
use crate::text::{self, Style};

pub async fn run(app: &App) -> Result<(), Failure> {
    let sessions = app.all_sessions().await?;
    let plan = app.prescription_from(&sessions, app.today).await?;
    if app.json {
        return print_json(&plan);
    }
    let style = Style { color: app.color };
    print!("{}", render(&plan, style));
    for advice in &plan.running {
        println!(
            "  {} {}",
            style.accent("running:"),
            text::wrap(&advice.text, 80, "           ")
        );
    }
    Ok(())
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
