//! Class 8: one rule for a run's local day and one for its week, and weekly
//! summaries that use them (the file's UTC offset, else the user's zone).

use jiff::civil::date;
use jiff::tz::{Offset, TimeZone};
use runs::{import_file, week_start, weekly_summaries};

use crate::fit_writer::{RunOptions, synthetic_run};
use crate::xml_formats::fixture;

fn plus_two() -> TimeZone {
    TimeZone::fixed(Offset::from_seconds(2 * 3600).unwrap())
}

#[test]
fn local_day_uses_the_file_offset_then_the_users_zone_never_utc_by_default() {
    // The GPX fixture starts 2024-03-12T18:00:00Z and gives no offset.
    let mut run = import_file("run.gpx", &fixture("run-strava.gpx"))
        .unwrap()
        .remove(0);
    assert_eq!(run.utc_offset_s, None);
    run.start = "2024-03-17T23:30:00Z".parse().unwrap(); // Sunday in UTC
    assert_eq!(run.local_day(&TimeZone::UTC), date(2024, 3, 17));
    assert_eq!(run.local_day(&plus_two()), date(2024, 3, 18));
    // A file offset wins over the zone.
    run.utc_offset_s = Some(-5 * 3600);
    assert_eq!(run.local_day(&plus_two()), date(2024, 3, 17));
    // The FIT file's own offset (+1 h in the synthetic run's activity message).
    let fit = &import_file("run.fit", &synthetic_run(60, RunOptions::default()).bytes).unwrap()[0];
    assert_eq!(fit.utc_offset_s, Some(3600));
    assert_eq!(fit.local_day(&TimeZone::UTC), date(2024, 3, 12));
}

#[test]
fn weekly_summaries_count_a_late_sunday_run_in_the_users_week() {
    let mut run = import_file("run.gpx", &fixture("run-strava.gpx"))
        .unwrap()
        .remove(0);
    // Monday 00:30 at UTC+2 is Sunday 22:30 UTC.
    run.start = "2024-03-17T22:30:00Z".parse().unwrap();
    run.fingerprint = runs::fingerprint(&run);
    let in_zone = weekly_summaries(std::slice::from_ref(&run), &plus_two());
    assert_eq!(in_zone[0].week_start, "2024-03-18");
    assert_eq!(in_zone[0].iso_week, 12);
    let in_utc = weekly_summaries(std::slice::from_ref(&run), &TimeZone::UTC);
    assert_eq!(in_utc[0].week_start, "2024-03-11");
    assert_eq!(
        in_zone[0].week_start,
        week_start(run.local_day(&plus_two())).to_string()
    );
}
