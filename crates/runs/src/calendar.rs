//! The project's calendar rules for activities, one place each:
//!
//! - a run's **local day** is its start in the file's own UTC offset when the
//!   file gives one, otherwise in the user's time zone, never UTC by default
//!   ([`Activity::local_day`]);
//! - a **week** is an ISO 8601 week, named by its Monday ([`week_start`]).
//!
//! Other crates (the coach, the CLI, the web app) call these instead of
//! computing days and Mondays themselves.

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

use crate::model::Activity;

/// The Monday of `day`'s ISO week.
pub fn week_start(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    // Only the first days of the calendar (year -9999) have no Monday before them.
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

impl Activity {
    /// The calendar day the activity started on, locally: by the file's UTC
    /// offset when it has one, else by `zone` (the user's time zone).
    pub fn local_day(&self, zone: &TimeZone) -> Date {
        match self
            .utc_offset_s
            .and_then(|seconds| Offset::from_seconds(seconds).ok())
        {
            Some(offset) => offset.to_datetime(self.start).date(),
            None => self.start.to_zoned_datetime(zone.clone()).date(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn week_start_is_the_monday_of_the_iso_week() {
        // 2024-03-11 is a Monday.
        for day in 11..=17 {
            assert_eq!(week_start(date(2024, 3, day)), date(2024, 3, 11));
        }
        assert_eq!(week_start(date(2024, 3, 18)), date(2024, 3, 18));
        // Across a year end: 2025-01-01 is a Wednesday of the week starting 2024-12-30.
        assert_eq!(week_start(date(2025, 1, 1)), date(2024, 12, 30));
        assert_eq!(
            week_start(date(2025, 1, 1)),
            date(2025, 1, 1)
                .iso_week_date()
                .first_of_week()
                .unwrap()
                .date()
        );
    }
}
