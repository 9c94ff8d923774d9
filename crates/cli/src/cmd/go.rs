//! `runstrong go`: today's session (or one exercise), guided in the terminal
//! or run unattended with `--auto`. Each completed set is stored before the
//! next rep starts; at the end the session's answers are asked (or taken from
//! flags), and the plan for next time is shown with its reasons.

use std::cell::Cell;

use coach::guide;
use coach::prescribe::{PrescribedItem, Prescription};
use coach::{Feedback, Felt, Session, Source};

use crate::app::{App, Failure, now_ms, print_json};
use crate::args::{Answers, GoArgs};
use crate::guided::{self, Ending, PlayerOptions};
use crate::prompt::ask;
use crate::text::{self, Style};

pub async fn run(app: &App, args: GoArgs) -> Result<(), Failure> {
    let interactive = !args.auto;
    if interactive && !guided::has_terminal() {
        return Err(Failure::usage(
            "`runstrong go` needs a terminal to show the timer and read keys; run it in a terminal, or add --auto (with --rpe, --felt, --pain) to run it unattended",
        ));
    }
    let style = Style {
        color: app.color && interactive,
    };
    let plan = app.prescription(app.today).await?;
    let items = match &args.exercise {
        Some(name) => vec![single_exercise(app, &plan, name)?],
        None => plan.items.clone(),
    };
    let segments = guide::timeline(&items, &app.library);

    let show_plan = !app.json && (interactive || !app.quiet);
    if show_plan {
        if args.exercise.is_none() {
            print!("{}", crate::cmd::today::render(&plan, style));
        }
        println!(
            "\n{} about {}\n",
            style.bold("Session:"),
            text::duration(guide::total_seconds(&segments))
        );
    }

    // The session row is created with the first completed set, so quitting
    // before any set leaves nothing behind.
    let session_id: Cell<Option<i64>> = Cell::new(None);
    let started_at_ms = now_ms();
    let template = Session {
        id: 0,
        date: app.today,
        source: Source::Terminal,
        started_at_ms,
        finished_at_ms: None,
        stage: Some(plan.stage.id.clone()),
        feedback: Feedback::default(),
        note: None,
        prescribed: Vec::new(),
        sets: Vec::new(),
    };
    let sets_done = Cell::new(0_u32);
    let options = PlayerOptions {
        interactive,
        pace: args.pace,
        quiet: app.quiet || app.json,
        style,
        columns: if interactive { guided::columns() } else { 80 },
    };
    let setups: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            app.library
                .get(&item.exercise)
                .map(|e| e.setup.clone())
                .unwrap_or_default()
        })
        .collect();
    let ending = guided::play(&items, &setups, &segments, &options, |set| {
        let session_id = &session_id;
        let template = &template;
        let sets_done = &sets_done;
        async move {
            match session_id.get() {
                Some(id) => {
                    app.store.add_set(id, &set).await?;
                }
                None => {
                    let mut first = template.clone();
                    first.sets.push(set);
                    session_id.set(Some(app.store.create_session(&first).await?));
                }
            }
            sets_done.set(sets_done.get() + 1);
            Ok(())
        }
    })
    .await?;

    let Some(id) = session_id.get() else {
        if !app.json {
            println!("No set was completed, so nothing was saved.");
        } else {
            print_json(&serde_json::json!({"saved": false, "sets": 0}))?;
        }
        return Ok(());
    };
    let feedback = if interactive {
        ask_feedback(args.answers)?
    } else {
        to_feedback(args.answers)
    };
    app.store.finish_session(id, feedback, now_ms()).await?;

    let tomorrow = app.today.tomorrow().unwrap_or(app.today);
    let next = app.prescription(tomorrow).await?;
    let session = app.store.session(id).await?;
    if app.json {
        return print_json(&serde_json::json!({
            "saved": true,
            "ended": if ending == Ending::Finished { "finished" } else { "quit" },
            "session": session,
            "next": next,
        }));
    }
    if let Some(session) = session {
        println!(
            "\n{} {} set{}, {} reps, {} under tension{}",
            style.good("Saved:"),
            session.sets.len(),
            if session.sets.len() == 1 { "" } else { "s" },
            session.total_reps(),
            text::duration(session.tension_s()),
            if ending == Ending::Quit {
                " (finished early)"
            } else {
                ""
            }
        );
    }
    print_next_time(&plan, &next, style);
    Ok(())
}

/// One exercise by name: as prescribed today if it is in the plan, otherwise
/// at the exercise's default dose.
fn single_exercise(app: &App, plan: &Prescription, name: &str) -> Result<PrescribedItem, Failure> {
    let exercise = app
        .library
        .find(name)
        .map_err(|e| Failure::usage(e.to_string()))?;
    Ok(plan.item_for(exercise))
}

fn to_feedback(answers: Answers) -> Feedback {
    Feedback {
        rpe: answers.rpe,
        felt: answers.felt,
        pain: answers.pain,
    }
}

/// Asks the three end-of-session questions; flags given on the command line
/// are not asked again. An empty answer or end of input leaves it unanswered.
fn ask_feedback(answers: Answers) -> Result<Feedback, Failure> {
    let mut feedback = to_feedback(answers);
    println!();
    if feedback.rpe.is_none() {
        feedback.rpe = ask("How hard was it? 1 (very easy) to 10 (all-out)", |text| {
            text.parse::<u8>().ok().filter(|n| (1..=10).contains(n))
        })?;
    }
    if feedback.felt.is_none() {
        feedback.felt = ask(
            "Where did you feel it most? [g]lutes, [h]amstrings, low [b]ack, [q]uads, [f]ront of hip, [o]ther",
            |text| match text {
                "g" => Some(Felt::Glutes),
                "h" => Some(Felt::Hamstrings),
                "b" => Some(Felt::LowBack),
                "q" => Some(Felt::Quads),
                "f" => Some(Felt::FrontOfHip),
                "o" => Some(Felt::Other),
                other => other.parse().ok(),
            },
        )?;
    }
    if feedback.pain.is_none() {
        feedback.pain = ask("Any pain during or after? 0 (none) to 10", |text| {
            text.parse::<u8>().ok().filter(|n| *n <= 10)
        })?;
    }
    Ok(feedback)
}

fn print_next_time(today: &Prescription, next: &Prescription, style: Style) {
    println!("\n{}", style.bold("Next time"));
    if next.changes.is_empty() {
        println!(
            "  Same plan: {}",
            next.items
                .iter()
                .map(|i| format!("{} {}", i.name, text::dose(i)))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for change in &next.changes {
        println!("  {}", text::wrap(change, 80, "  "));
    }
    if next.stage.id != today.stage.id {
        for item in &next.items {
            println!("  {}  {}", style.bold(&item.name), text::dose(item));
        }
    }
    if next.rest_day {
        println!("  Tomorrow is a rest day for this stage (an easy set of bridges is optional).");
    }
    if next.stage.good_sessions_needed > 0 {
        println!(
            "  {} of {} good sessions toward the next stage.",
            next.stage.good_sessions, next.stage.good_sessions_needed
        );
    }
    for advice in &next.advice {
        println!("  {} {}", style.warn("!"), text::wrap(advice, 80, "    "));
    }
}
