//! `runstrong library [EXERCISE]`: the exercises, or one in full with its
//! set-up, cues, faults and sources.

use coach::Exercise;

use crate::args::LibraryArgs;
use crate::context::{Failure, Ui, print_json};
use crate::text::{self, Style};

/// The library built into the binary.
pub fn embedded() -> Result<coach::Library, Failure> {
    coach::Library::embedded()
        .map_err(|e| Failure::failed(format!("the built-in exercise library is broken: {e}")))
}

pub fn run(ui: Ui, args: &LibraryArgs) -> Result<(), Failure> {
    let style = ui.style();
    let library = embedded()?;
    let Some(name) = &args.exercise else {
        let all = library.all();
        if ui.json {
            return print_json(&serde_json::json!({ "exercises": all }));
        }
        let mut level = None;
        for exercise in all {
            if level != Some(exercise.level) {
                level = Some(exercise.level);
                outln!("{}", style.bold(exercise.level.as_str()))?;
            }
            outln!(
                "  {:<26} {:<32} {} × {}{}",
                exercise.id,
                exercise.name,
                exercise.dose.sets,
                exercise.dose.reps,
                if exercise.unilateral {
                    " each side"
                } else {
                    ""
                }
            )?;
        }
        outln!("\n`runstrong library ID` shows one exercise in full.")?;
        return Ok(());
    };
    let exercise = library
        .find(name)
        .map_err(|e| Failure::usage(e.to_string()))?;
    if ui.json {
        return print_json(exercise);
    }
    out!("{}", render(exercise, style))?;
    Ok(())
}

fn render(e: &Exercise, style: Style) -> String {
    let mut out = String::new();
    let list = |out: &mut String, title: &str, items: &[String]| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!("\n{}\n", style.bold(title)));
        for item in items {
            out.push_str(&format!("  - {}\n", text::wrap(item, 80, "    ")));
        }
    };
    out.push_str(&format!(
        "{}  {}\n",
        style.accent(&e.name),
        style.dim(&format!("({})", e.id))
    ));
    if !e.aliases.is_empty() {
        out.push_str(&format!(
            "{}\n",
            style.dim(&format!("also: {}", e.aliases.join(", ")))
        ));
    }
    out.push_str(&format!("\n{}\n", text::wrap(&e.summary, 80, "")));
    out.push_str(&format!(
        "\n{} level {}, {} × {}{}, {}; tempo {}-{}-{} s (up-top-down), rest {} s\n",
        style.bold("Dose"),
        e.level.as_str(),
        e.dose.sets,
        e.dose.reps,
        if e.unilateral { " each side" } else { "" },
        e.dose.frequency.describe(),
        text::seconds(e.tempo.lift_s),
        text::seconds(e.tempo.top_s),
        text::seconds(e.tempo.lower_s),
        e.dose.rest_s
    ));
    out.push_str(&format!(
        "{} {}{}\n",
        style.bold("Muscles"),
        e.primary_muscles.join(", "),
        if e.secondary_muscles.is_empty() {
            String::new()
        } else {
            format!("; also {}", e.secondary_muscles.join(", "))
        }
    ));
    if !e.equipment.is_empty() {
        out.push_str(&format!(
            "{} {}\n",
            style.bold("Equipment"),
            e.equipment.join(", ")
        ));
    }
    list(&mut out, "Set-up", &e.setup);
    list(&mut out, "Lift", &e.cues.lift);
    list(&mut out, "At the top", &e.cues.top);
    list(&mut out, "Lower", &e.cues.lower);
    if !e.faults.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Common faults")));
        for fault in &e.faults {
            out.push_str(&format!(
                "  - {}\n    fix: {}\n",
                text::wrap(&fault.fault, 80, "    "),
                text::wrap(&fault.fix, 80, "         ")
            ));
        }
    }
    list(&mut out, "Cautions", &e.cautions);
    if !e.regressions.is_empty() || !e.progressions.is_empty() {
        out.push_str(&format!(
            "\n{} easier: {}; harder: {}\n",
            style.bold("Ladder"),
            if e.regressions.is_empty() {
                "-".into()
            } else {
                e.regressions.join(", ")
            },
            if e.progressions.is_empty() {
                "-".into()
            } else {
                e.progressions.join(", ")
            }
        ));
    }
    if !e.facts.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("The evidence")));
        for fact in &e.facts {
            out.push_str(&format!("  - {}\n", text::wrap(&fact.claim, 80, "    ")));
            out.push_str(&format!(
                "    {}\n",
                style.dim(&text::wrap(&fact.source, 80, "    "))
            ));
            if let Some(url) = &fact.url {
                out.push_str(&format!("    {}\n", style.dim(url)));
            }
        }
    }
    out
}
