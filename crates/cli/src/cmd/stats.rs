//! `runstrong stats`: the streak, adherence and totals.

use crate::app::{App, Failure, print_json};
use crate::text::{self, Style};

pub async fn run(app: &App) -> Result<(), Failure> {
    let sessions = app.all_sessions().await?;
    let stats = app.stats_from(&sessions, app.today).await?;
    if app.json {
        return print_json(&stats);
    }
    let style = Style { color: app.color };
    if stats.sessions == 0 {
        println!("No sessions yet. `runstrong go` starts today's.");
        return Ok(());
    }
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    println!("{}  {}", style.bold("Habit"), style.accent(&stats.habit));
    println!(
        "  streak      {} day{}",
        stats.streak_days,
        plural(stats.streak_days)
    );
    println!(
        "  longest     {} day{}",
        stats.longest_streak_days,
        plural(stats.longest_streak_days)
    );
    println!("  last 30     {} of 30 days", stats.days_done_last_30);
    println!("{}", style.bold("Totals"));
    println!("  sessions    {}", stats.sessions);
    println!("  sets        {}", stats.total_sets);
    println!("  reps        {}", stats.total_reps);
    println!(
        "  under tension {}",
        text::duration(stats.time_under_tension_s)
    );
    if let (Some(first), Some(last)) = (stats.first_day, stats.last_day) {
        println!(
            "  since       {} (last {})",
            text::day(first),
            text::day(last)
        );
    }
    Ok(())
}
