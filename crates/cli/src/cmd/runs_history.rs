//! `runstrong runs --all` and `runs --from/--to DATE`: every stored run by
//! year and month with totals and the longest runs; `runstrong runs show
//! ID`: one run with its splits, pauses, the importer's assumptions and
//! warnings, and the glute work in the days around it. The history and the
//! run are the application layer's (`app::run_history`); this draws them.

use app::run_history::{RunEntry, Totals};
use jiff::civil::Date;

use crate::context::{Context, Failure, print_json};
use crate::text;

/// Prints the history of `from..=to` (both `None`: all of it).
pub async fn list(ctx: &Context, from: Option<Date>, to: Option<Date>) -> Result<(), Failure> {
    let history = ctx.app.run_history(from, to).await?;
    if ctx.ui.json {
        return print_json(&history);
    }
    let style = ctx.ui.style();
    if history.years.is_empty() {
        if history.outside > 0 {
            outln!(
                "No runs in this span; {} older or newer activities: `runstrong runs --all`.",
                history.outside
            )?;
        } else {
            outln!(
                "No runs yet. `runstrong runs import PATH` reads FIT, GPX and TCX files, folders, zips and Strava exports."
            )?;
        }
        return Ok(());
    }
    outln!(
        "{} {}",
        style.bold("All:"),
        totals_line(&history.totals, history.other_activities)
    )?;
    for year in &history.years {
        outln!()?;
        outln!(
            "{} {}",
            style.bold(&format!("{}:", year.year)),
            totals_line(&year.totals, 0)
        )?;
        for month in &year.months {
            let name = Date::new(month.year, month.month, 1)
                .map(|d| d.strftime("%B").to_string())
                .unwrap_or_default();
            outln!(
                "  {}: {}",
                style.accent(&name),
                totals_line(&month.totals, 0)
            )?;
            for entry in &month.activities {
                outln!("    {}", entry_line(entry))?;
            }
        }
    }
    if !history.longest.is_empty() {
        outln!()?;
        outln!("{}", style.bold("Longest runs:"))?;
        for entry in &history.longest {
            outln!("  {}", entry_line(entry))?;
        }
    }
    if history.outside > 0 {
        outln!()?;
        outln!(
            "{} more activities outside this span: `runstrong runs --all`.",
            history.outside
        )?;
    }
    outln!("{}", style.dim("`runstrong runs show ID` shows one run."))?;
    Ok(())
}

fn totals_line(totals: &Totals, others: usize) -> String {
    let mut line = format!(
        "{}, {:.1} km, {}, longest {:.1} km",
        text::count(totals.runs as u64, "run"),
        totals.distance_m / 1000.0,
        text::duration(totals.moving_s),
        totals.longest_m / 1000.0
    );
    if others > 0 {
        line.push_str(&format!(" (and {others} other activities, not counted)"));
    }
    line
}

/// `#12  Sat 2 May 2026  run  10.00 km  50 min  5:00 /km  HR 150`
fn entry_line(entry: &RunEntry) -> String {
    let mut line = format!(
        "#{:<5} {}  {:<14} {:>7.2} km  {:<14}",
        entry.id,
        text::day(entry.date),
        sport(entry.sport),
        entry.distance_m / 1000.0,
        text::duration(entry.moving_s)
    );
    if let Some(pace) = entry.pace_s_per_km {
        line.push_str(&format!("  {}", pace_text(pace)));
    }
    if let Some(hr) = entry.avg_hr {
        line.push_str(&format!("  HR {hr:.0}"));
    }
    line
}

fn sport(sport: runs::Sport) -> String {
    serde_json::to_value(sport)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
        .unwrap_or_default()
}

fn pace_text(pace: f64) -> String {
    let total = pace.round() as u64;
    format!("{}:{:02} /km", total / 60, total % 60)
}

/// `runstrong runs show ID`.
pub async fn show(ctx: &Context, id: i64) -> Result<(), Failure> {
    let detail = ctx.app.run_detail(id).await?;
    if ctx.ui.json {
        return print_json(&detail);
    }
    let style = ctx.ui.style();
    let a = &detail.activity;
    outln!(
        "{} {} · {} · {:.2} km · {} moving of {}",
        style.bold(&format!("#{}", detail.id)),
        text::day(detail.date),
        sport(a.sport),
        a.distance_m / 1000.0,
        text::duration(a.moving_s),
        text::duration(a.duration_s)
    )?;
    let mut facts = Vec::new();
    if let Some(pace) = a.pace_s_per_km {
        facts.push(pace_text(pace));
    }
    if let Some(hr) = a.avg_hr {
        facts.push(format!("HR {hr:.0}"));
    }
    if let Some(cadence) = a.avg_cadence_spm {
        facts.push(format!("cadence {cadence:.0} spm"));
    }
    if let Some(gain) = a.elevation_gain_m {
        facts.push(format!("climb {gain:.0} m"));
    }
    if !facts.is_empty() {
        outln!("{}", facts.join(" · "))?;
    }
    outln!("{}", style.dim(&format!("from {}", a.file)))?;
    if !a.splits.is_empty() {
        outln!()?;
        outln!(
            "{}",
            style.bold("km     distance   time        pace       HR")
        )?;
        for split in &a.splits {
            outln!(
                "{:<5}  {:>6.2} km  {:<10}  {:<9}  {}",
                if split.partial {
                    format!("{}*", split.index)
                } else {
                    split.index.to_string()
                },
                split.distance_m / 1000.0,
                text::duration(split.moving_s),
                split
                    .pace_s_per_km
                    .map(pace_text)
                    .unwrap_or_else(|| "-".into()),
                split
                    .avg_hr
                    .map_or_else(|| "-".into(), |hr| format!("{hr:.0}"))
            )?;
        }
    }
    if !a.pauses.is_empty() {
        outln!()?;
        outln!("{}", style.bold("Pauses:"))?;
        for pause in &a.pauses {
            outln!(
                "  after {}: {}",
                text::duration(pause.start_s),
                text::duration(pause.duration_s)
            )?;
        }
    }
    for (title, lines) in [("Assumed:", &a.assumptions), ("Warnings:", &a.warnings)] {
        if !lines.is_empty() {
            outln!()?;
            outln!("{}", style.bold(title))?;
            for line in lines {
                outln!("  {line}")?;
            }
        }
    }
    outln!()?;
    if detail.glute_days.is_empty() {
        outln!(
            "No glute work within {} days of this run.",
            app::run_history::DAYS_AROUND_RUN
        )?;
    } else {
        outln!("{}", style.bold("Glute work around it:"))?;
        for day in &detail.glute_days {
            let when = match day.days_from_run {
                0 => "the same day".to_string(),
                d if d < 0 => format!("{} before", text::count(d.unsigned_abs(), "day")),
                d => format!("{} after", text::count(d.unsigned_abs(), "day")),
            };
            outln!(
                "  {} ({when}): {}",
                text::day(day.date),
                text::count(day.sets as u64, "set")
            )?;
        }
    }
    Ok(())
}
