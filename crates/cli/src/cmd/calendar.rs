//! `runstrong calendar`: the coming sessions and rest days as an iCalendar
//! feed on standard output (the web app serves the same at
//! `/calendar.ics`), or with `--json` the projected days themselves. The
//! feed is the application's (`app::App::calendar_feed`).

use crate::args::CalendarArgs;
use crate::context::{Context, Failure, print_json};

pub async fn run(ctx: &Context, args: &CalendarArgs) -> Result<(), Failure> {
    if ctx.ui.json {
        let days = ctx.app.coming_days(args.days).await?;
        return print_json(&serde_json::json!({ "days": days }));
    }
    let feed = ctx.app.calendar_feed(args.days).await?;
    out!("{feed}")
}
