//! `runstrong log EXERCISE 3x10`: record sets done without the guide.

use app::sessions::LogRequest;
use coach::Feedback;

use crate::args::LogArgs;
use crate::context::{Context, Failure, print_json};
use crate::text;

pub async fn run(ctx: &Context, args: LogArgs) -> Result<(), Failure> {
    let (sets, reps) = args.dose;
    let session = ctx
        .app
        .log(&LogRequest {
            exercise: args.exercise.clone(),
            sets,
            reps,
            hold_s: args.hold,
            side: args.side,
            date: args.date,
            feedback: Feedback {
                rpe: args.answers.rpe,
                felt: args.answers.felt,
                pain: args.answers.pain,
            },
            note: args.note.clone(),
        })
        .await?;
    if ctx.ui.json {
        return print_json(&session);
    }
    let style = ctx.ui.style();
    let Some(first) = session.sets.first() else {
        return Ok(());
    };
    let name = ctx
        .app
        .library()
        .get(&first.exercise)
        .map_or(first.exercise.as_str(), |e| e.name.as_str());
    let side_note = match (args.side, session.sets.iter().any(|s| s.side.is_some())) {
        (Some(side), _) => format!(" ({side} side)"),
        (None, true) => " on each side".to_string(),
        (None, false) => String::new(),
    };
    outln!(
        "{} {name} {sets} × {reps}{side_note} on {}.",
        style.good("Logged"),
        text::day(session.date)
    )?;
    Ok(())
}
