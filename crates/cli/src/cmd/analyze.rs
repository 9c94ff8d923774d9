//! `runstrong analyze FILE`: count reps and check form in a recorded pose
//! landmark file (JSON Lines) or phone motion file (CSV), with the tempo of
//! every rep and the form cues. The engine is the `sense` crate.

use crate::args::AnalyzeArgs;
use crate::context::{Failure, Ui, print_json};
use crate::text;

pub fn run(ui: Ui, args: &AnalyzeArgs) -> Result<(), Failure> {
    let library = crate::cmd::library::embedded()?;
    let exercise = library
        .find(&args.exercise)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let side = args.side.map(|side| match side {
        coach::Side::Left => sense::Side::Left,
        coach::Side::Right => sense::Side::Right,
    });
    let profile = sense::ExerciseProfile::by_id(&exercise.id, side).ok_or_else(|| {
        Failure::usage(format!(
            "{} cannot be counted from a recording yet; the bridge family can (active-shoulder-bridge, bridge-top-hold, banded-bridge, single-leg-bridge)",
            exercise.name
        ))
    })?;
    let name = args.file.display().to_string();
    // Only a regular file (a FIFO would block), read bounded and
    // gzip-aware: an endless or huge source stops with a sentence.
    let file = crate::files::open_input(&args.file, "recording")?;
    let bytes = sense::read_recording(file).map_err(|e| Failure::failed(format!("{name}: {e}")))?;
    let report =
        sense::analyze(&bytes, &profile).map_err(|e| Failure::failed(format!("{name}: {e}")))?;
    if ui.json {
        return print_json(&report);
    }
    let style = ui.style();
    outln!(
        "{}: {} reps{} in {} frames ({} dropped)",
        style.bold(&exercise.name),
        style.accent(&report.reps.to_string()),
        if report.partial_reps > 0 {
            format!(" and {} partial", report.partial_reps)
        } else {
            String::new()
        },
        report.frames,
        report.dropped_frames
    )?;
    if !report.rep_details.is_empty() {
        outln!("\n  rep   start    lift    hold   lower   hip angle   notes")?;
        let mut full = 0;
        for detail in &report.rep_details {
            let notes: Vec<&str> = detail.flags.names().collect();
            let partial = notes.contains(&"partial");
            let label = if partial {
                "  -".to_string()
            } else {
                full += 1;
                format!("{full:>3}")
            };
            outln!(
                "  {label}  {:>6} s {:>5} s {:>5} s {:>5} s   {:>9}   {}",
                text::seconds(detail.start_s),
                text::seconds(detail.lift_s),
                text::seconds(detail.hold_s),
                text::seconds(detail.lower_s),
                detail
                    .peak_hip_extension_deg
                    .map_or("-".to_string(), |a| format!("{a:.0}°")),
                notes.join(", ")
            )?;
        }
    }
    if !report.cues.is_empty() {
        outln!("\n{}", style.bold("Cues"))?;
        for cue in &report.cues {
            outln!(
                "  {} ({} rep{})",
                cue.message,
                cue.count,
                if cue.count == 1 { "" } else { "s" }
            )?;
        }
    }
    for warning in &report.warnings {
        outln!("{} {}", style.warn("note:"), text::line(warning))?;
    }
    if report.skipped_lines > 0 {
        outln!(
            "{} {} lines skipped:",
            style.warn("note:"),
            report.skipped_lines
        )?;
        for skipped in report.skipped.iter().take(10) {
            outln!("  line {}: {}", skipped.line, text::line(&skipped.reason))?;
        }
    }
    Ok(())
}
