//! The one clock: "today" (the runner's local calendar day), "now" (an
//! instant) and the runner's time zone. The system time zone and the wall
//! clock are read here and nowhere else; `RUNSTRONG_TODAY=YYYY-MM-DD` pins
//! the day (for demos and tests) and is read once, when the clock is made.

use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::AppError;

/// The environment variable that pins "today".
pub const TODAY_VARIABLE: &str = "RUNSTRONG_TODAY";

/// Where "now" comes from.
type Now = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// Today, now and the time zone, read in one place. Cheap to clone.
#[derive(Clone)]
pub struct Clock {
    zone: TimeZone,
    /// A day that stays "today" whatever the time (`RUNSTRONG_TODAY`).
    pinned: Option<Date>,
    now: Now,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock")
            .field("zone", &self.zone.iana_name())
            .field("pinned", &self.pinned)
            .finish_non_exhaustive()
    }
}

impl Clock {
    /// The system's clock and time zone, with `RUNSTRONG_TODAY` honoured.
    /// A malformed `RUNSTRONG_TODAY` is an error that names it.
    pub fn system() -> Result<Clock, AppError> {
        let pinned = match std::env::var(TODAY_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => Some(parse_pinned(&text)?),
            _ => None,
        };
        Ok(Clock {
            zone: TimeZone::system(),
            pinned,
            now: Arc::new(Timestamp::now),
        })
    }

    /// A clock whose day is always `today` in `zone` (the wall clock still
    /// gives "now"): for tests and demos.
    pub fn pinned(today: Date, zone: TimeZone) -> Clock {
        Clock {
            zone,
            pinned: Some(today),
            now: Arc::new(Timestamp::now),
        }
    }

    /// A clock stopped at `at` in `zone`: for tests.
    pub fn stopped(at: Timestamp, zone: TimeZone) -> Clock {
        Clock {
            zone,
            pinned: None,
            now: Arc::new(move || at),
        }
    }

    /// The same clock in another time zone (the runner's setting).
    pub fn in_zone(mut self, zone: TimeZone) -> Clock {
        self.zone = zone;
        self
    }

    /// Whether the day is pinned (`RUNSTRONG_TODAY` or [`Clock::pinned`]).
    pub fn is_pinned(&self) -> bool {
        self.pinned.is_some()
    }

    /// The runner's local calendar day.
    pub fn today(&self) -> Date {
        self.pinned
            .unwrap_or_else(|| (self.now)().to_zoned_datetime(self.zone.clone()).date())
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        (self.now)()
    }

    /// The current instant in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.now().as_millisecond()
    }

    /// The runner's time zone.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Local midnight at the start of `day`, in Unix milliseconds (the bound
    /// for "activities on or after this day").
    pub fn start_of_day_ms(&self, day: Date) -> i64 {
        day.to_zoned_datetime(self.zone.clone())
            .map_or(i64::MIN, |z| z.timestamp().as_millisecond())
    }

    /// `day` moved by `days` (negative: earlier), clamped to the calendar.
    pub fn shift(day: Date, days: i64) -> Date {
        day.checked_add(days.days())
            .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
    }
}

fn parse_pinned(text: &str) -> Result<Date, AppError> {
    coach::words::parse_day(text)
        .map_err(|reason| AppError::Invalid(format!("{TODAY_VARIABLE}={reason}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_local_day_of_now_in_the_zone() {
        // 2026-03-01 03:30 UTC is still 28 February in New York.
        let at: Timestamp = "2026-03-01T03:30:00Z".parse().unwrap();
        let utc = Clock::stopped(at, TimeZone::UTC);
        assert_eq!(utc.today(), jiff::civil::date(2026, 3, 1));
        let ny = utc.in_zone(TimeZone::get("America/New_York").unwrap());
        assert_eq!(ny.today(), jiff::civil::date(2026, 2, 28));
        assert_eq!(ny.now_ms(), at.as_millisecond());
    }

    #[test]
    fn a_pinned_day_stays_and_midnight_is_local() {
        let day = jiff::civil::date(2026, 6, 15);
        let clock = Clock::pinned(day, TimeZone::get("Europe/Berlin").unwrap());
        assert!(clock.is_pinned());
        assert_eq!(clock.today(), day);
        let midnight: Timestamp = "2026-06-14T22:00:00Z".parse().unwrap();
        assert_eq!(clock.start_of_day_ms(day), midnight.as_millisecond());
    }

    #[test]
    fn a_malformed_pinned_day_names_the_variable() {
        let err = parse_pinned("tomorrow").unwrap_err().to_string();
        assert!(
            err.starts_with("RUNSTRONG_TODAY=\"tomorrow\" is not a date"),
            "{err}"
        );
        assert_eq!(
            Clock::shift(jiff::civil::date(2026, 1, 1), -1),
            jiff::civil::date(2025, 12, 31)
        );
    }
}
