//! `runstrong stats`: the streak, adherence and totals.

use crate::context::{Context, Failure, print_json};
use crate::text;

pub async fn run(ctx: &Context) -> Result<(), Failure> {
    let stats = ctx.app.today().await?.stats;
    if ctx.ui.json {
        return print_json(&stats);
    }
    let style = ctx.ui.style();
    if stats.sessions == 0 {
        outln!("No sessions yet. `runstrong go` starts today's.")?;
        return Ok(());
    }
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    outln!("{}  {}", style.bold("Habit"), style.accent(&stats.habit))?;
    outln!(
        "  streak      {} day{}",
        stats.streak_days,
        plural(stats.streak_days)
    )?;
    outln!(
        "  longest     {} day{}",
        stats.longest_streak_days,
        plural(stats.longest_streak_days)
    )?;
    outln!("  last 30     {} of 30 days", stats.days_done_last_30)?;
    outln!("{}", style.bold("Totals"))?;
    outln!("  sessions    {}", stats.sessions)?;
    outln!("  sets        {}", stats.total_sets)?;
    outln!("  reps        {}", stats.total_reps)?;
    outln!(
        "  under tension {}",
        text::duration(stats.time_under_tension_s)
    )?;
    if let (Some(first), Some(last)) = (stats.first_day, stats.last_day) {
        outln!(
            "  since       {} (last {})",
            text::day(first),
            text::day(last)
        )?;
    }
    Ok(())
}
