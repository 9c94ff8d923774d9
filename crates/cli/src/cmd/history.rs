//! `runstrong history`: past sessions, set by set.

use coach::Session;
use serde::Serialize;

use crate::args::HistoryArgs;
use crate::context::{Context, Failure, print_json};
use crate::text;

#[derive(Serialize)]
struct HistoryJson<'a> {
    sessions: &'a [Session],
}

pub async fn run(ctx: &Context, args: &HistoryArgs) -> Result<(), Failure> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(Failure::usage(format!("--from {from} is after --to {to}")));
    }
    let sessions = ctx.app.sessions(args.from, args.to, args.limit).await?;
    if ctx.ui.json {
        return print_json(&HistoryJson {
            sessions: &sessions,
        });
    }
    if sessions.is_empty() {
        if args.from.is_some() || args.to.is_some() {
            outln!("No sessions in these days.")?;
        } else {
            outln!("No sessions yet. `runstrong go` starts today's.")?;
        }
        return Ok(());
    }
    let style = ctx.ui.style();
    for session in &sessions {
        let mut answers = Vec::new();
        if let Some(rpe) = session.feedback.rpe {
            answers.push(format!("RPE {rpe}"));
        }
        if let Some(felt) = session.feedback.felt {
            answers.push(format!("felt in {felt}"));
        }
        if let Some(pain) = session.feedback.pain {
            answers.push(if pain == 0 {
                "no pain".to_string()
            } else {
                style.warn(&format!("pain {pain}/10"))
            });
        }
        if session.finished_at_ms.is_none() {
            answers.push("interrupted".into());
        }
        outln!(
            "{}  {}  {}",
            style.bold(&text::day(session.date)),
            style.dim(&format!("#{} {}", session.id, session.source.as_str())),
            answers.join(", ")
        )?;
        for line in summarize_sets(ctx, session) {
            outln!("    {line}")?;
        }
        if let Some(note) = &session.note {
            outln!("    {}", style.dim(&format!("note: {}", text::shown(note))))?;
        }
    }
    Ok(())
}

/// "Active Shoulder Bridge: 10, 10, 8 reps (hold 1 s)" per exercise and side.
fn summarize_sets(ctx: &Context, session: &Session) -> Vec<String> {
    let mut lines: Vec<(String, Vec<u32>, f64)> = Vec::new();
    for set in &session.sets {
        let name = ctx.app.exercise_name(&set.exercise);
        let name = text::line(&name);
        let label = match set.side {
            Some(side) => format!("{name} ({side})"),
            None => name.to_string(),
        };
        match lines.iter_mut().find(|(l, _, _)| *l == label) {
            Some((_, reps, _)) => reps.push(set.reps),
            None => lines.push((label, vec![set.reps], set.hold_s)),
        }
    }
    lines
        .into_iter()
        .map(|(label, reps, hold)| {
            let reps: Vec<String> = reps.iter().map(u32::to_string).collect();
            format!(
                "{label}: {} reps, hold {} s",
                reps.join(" + "),
                text::seconds(hold)
            )
        })
        .collect()
}
