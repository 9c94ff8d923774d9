//! `runstrong go`: today's session (or one exercise), guided in the terminal
//! or run unattended with `--auto`. The session, its timeline and every
//! record come from the application layer (`app`), the same as in the
//! browser; each completed set is stored before the next rep starts. At the
//! end the session's answers are asked (or taken from flags), and the plan
//! for next time is shown with its reasons.

use std::cell::Cell;

use app::plan::GuideRequest;
use app::sessions::SessionKey;
use coach::guide::Observed;
use coach::prescribe::Prescription;
use coach::{Feedback, Felt, Source};

use crate::args::{Answers, GoArgs};
use crate::context::{Context, Failure, print_json};
use crate::guided::{self, Ending, PlayerOptions};
use crate::prompt::ask;
use crate::text::{self, Style};

pub async fn run(ctx: &Context, args: GoArgs) -> Result<(), Failure> {
    let interactive = !args.auto;
    if interactive && !guided::has_terminal() {
        return Err(Failure::usage(
            "`runstrong go` needs a terminal to show the timer and read keys; run it in a terminal, or add --auto (with --rpe, --felt, --pain) to run it unattended",
        ));
    }
    let ui = ctx.ui;
    let style = Style {
        color: ui.color && interactive,
    };
    let app = &ctx.app;
    let request = GuideRequest {
        exercise: args.exercise.clone(),
    };
    let guide = app.guide(Source::Terminal, &request).await?;
    let today = app.today().await?;

    let show_plan = !ui.json && (interactive || !ui.quiet);
    if show_plan {
        if args.exercise.is_none() {
            out!("{}", crate::cmd::today::render(&today.prescription, style))?;
            out!(
                "{}",
                crate::cmd::today::render_running(&today.running, style)
            )?;
        } else {
            for note in &guide.notes {
                outln!("  {} {}", style.warn("!"), text::wrap(note, 80, "    "))?;
            }
        }
        outln!(
            "\n{} about {}\n",
            style.bold("Session:"),
            text::duration(guide.timeline.total_seconds)
        )?;
    }

    // The session is stored with its first completed set, so stopping
    // before any set leaves nothing behind.
    let key = SessionKey {
        source: Source::Terminal,
        date: guide.date,
        started_at_ms: app.clock().now_ms(),
    };
    let session_id: Cell<Option<i64>> = Cell::new(None);
    let options = PlayerOptions {
        interactive,
        pace: args.pace,
        quiet: ui.quiet || ui.json,
        style,
        wait_for_ready: interactive && !args.now,
    };
    let setups: Vec<Vec<String>> = guide
        .items
        .iter()
        .map(|item| {
            app.library()
                .get(&item.exercise)
                .map(|e| e.setup.clone())
                .unwrap_or_default()
        })
        .collect();
    let ending = guided::play(
        &guide.items,
        &guide.timeline,
        &setups,
        &options,
        |position, reps| {
            let (session_id, key, request) = (&session_id, &key, &request);
            async move {
                let observed = Observed {
                    position,
                    reps,
                    completed_at_ms: app.clock().now_ms(),
                    side: None,
                    measured: None,
                };
                let recorded = app.record_observed(key, request, &[observed]).await?;
                session_id.set(Some(recorded.id));
                Ok(())
            }
        },
    )
    .await?;

    let Some(id) = session_id.get() else {
        if ui.json {
            print_json(&serde_json::json!({"saved": false, "sets": 0}))?;
        } else {
            outln!("No set was completed, so nothing was saved.")?;
        }
        return Ok(());
    };
    let feedback = if interactive {
        ask_feedback(args.answers)?
    } else {
        to_feedback(args.answers)
    };
    let finished = app.finish_session(id, feedback).await?;
    if ui.json {
        return print_json(&serde_json::json!({
            "saved": true,
            "ended": if ending == Ending::Finished { "finished" } else { "quit" },
            "session": finished.session,
            "next": finished.next,
        }));
    }
    let session = &finished.session;
    outln!(
        "\n{} {}, {}, {} under tension{}",
        style.good("Saved:"),
        text::count(session.sets.len() as u64, "set"),
        text::count(session.total_reps(), "rep"),
        text::duration(session.tension_s()),
        if ending == Ending::Stopped {
            " (finished early)"
        } else {
            ""
        }
    )?;
    print_next_time(&today.prescription, &finished.next, style)
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
    outln!()?;
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

fn print_next_time(today: &Prescription, next: &Prescription, style: Style) -> Result<(), Failure> {
    outln!("\n{}", style.bold("Next time"))?;
    if next.changes.is_empty() {
        outln!(
            "  Same plan: {}",
            next.items
                .iter()
                .map(|i| format!("{} {}", i.name, text::dose(i)))
                .collect::<Vec<_>>()
                .join("; ")
        )?;
    }
    for change in &next.changes {
        outln!("  {}", text::wrap(change, 80, "  "))?;
    }
    if next.stage.id != today.stage.id {
        for item in &next.items {
            outln!("  {}  {}", style.bold(&item.name), text::dose(item))?;
        }
    }
    if next.rest_day {
        outln!("  Tomorrow is a rest day for this stage (an easy set of bridges is optional).")?;
    }
    if next.stage.good_sessions_needed > 0 {
        outln!(
            "  {} of {} good sessions toward the next stage.",
            next.stage.good_sessions,
            next.stage.good_sessions_needed
        )?;
    }
    for advice in &next.advice {
        outln!("  {} {}", style.warn("!"), text::wrap(advice, 80, "    "))?;
    }
    Ok(())
}
