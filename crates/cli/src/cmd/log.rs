//! `runstrong log EXERCISE 3x10`: record sets done without the guide.

use coach::{Feedback, Session, SetRecord, Side, Source};

use crate::app::{App, Failure, now_ms, print_json};
use crate::args::LogArgs;
use crate::text::{self, Style};

pub async fn run(app: &App, args: LogArgs) -> Result<(), Failure> {
    let exercise = app
        .library
        .find(&args.exercise)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let date = args.date.unwrap_or(app.today);
    if date > app.today {
        return Err(Failure::usage(format!(
            "--date {date} is in the future (today is {}): log sessions on or before today",
            app.today
        )));
    }
    let (sets, reps) = args.dose;
    let hold_s = args.hold.unwrap_or(exercise.tempo.top_s);
    let sides: Vec<Option<Side>> = match (args.side, exercise.unilateral) {
        (Some(side), _) => vec![Some(side)],
        (None, true) => vec![Some(Side::Left), Some(Side::Right)],
        (None, false) => vec![None],
    };
    let now = now_ms();
    let rep_seconds = exercise.tempo.lift_s + hold_s + exercise.tempo.lower_s;
    let mut records = Vec::new();
    for _ in 0..sets {
        for side in &sides {
            records.push(SetRecord {
                exercise: exercise.id.clone(),
                position: records.len() as u32 + 1,
                reps,
                target_reps: reps,
                side: *side,
                hold_s,
                tension_s: f64::from(reps) * rep_seconds,
                completed_at_ms: now,
            });
        }
    }
    let session = Session {
        id: 0,
        date,
        source: Source::Log,
        started_at_ms: now,
        finished_at_ms: Some(now),
        stage: None,
        feedback: Feedback {
            rpe: args.answers.rpe,
            felt: args.answers.felt,
            pain: args.answers.pain,
        },
        note: args.note.clone(),
        prescribed: Vec::new(),
        sets: records,
    };
    let id = app.store.create_session(&session).await?;
    let stored = app.store.session(id).await?;
    if app.json {
        return print_json(&stored);
    }
    let style = Style { color: app.color };
    let side_note = match (args.side, exercise.unilateral) {
        (Some(side), _) => format!(" ({side} side)"),
        (None, true) => " on each side".to_string(),
        (None, false) => String::new(),
    };
    println!(
        "{} {} {sets} × {reps}{side_note} on {}.",
        style.good("Logged"),
        exercise.name,
        text::day(date)
    );
    Ok(())
}
