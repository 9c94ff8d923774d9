//! The calendar feed: coming sessions as an iCalendar (RFC 5545) document
//! that calendar apps subscribe to, with a reminder on every training day.
//!
//! **One event per day, updated in place.** Each projected day
//! ([`crate::schedule::coming`]) is one `VEVENT` whose `UID` is made from its
//! date alone (`20260302@runstrong`), so when the plan changes (a rest day
//! becomes a training day, the dose grows) a subscribed calendar replaces
//! that day's event instead of adding a second one. `DTSTAMP` is `now`.
//!
//! **Times.** A training day with a reminder time is a timed event starting
//! at that local time in the user's zone, lasting the guided session's length,
//! with a `VALARM` at its start. Its start is written in UTC (`…Z`): an exact
//! instant needs no `VTIMEZONE`, which would have to be synthesised from the
//! tz database and is easy to get subtly wrong, while the conversion from the
//! user's zone is done here with the zone's real rules, so the reminder is at
//! the local time on both sides of a daylight-saving change. The feed is
//! rebuilt on every fetch, so a change of rules reaches the calendar on its
//! next refresh. A local time that a clock change skips moves forward by the
//! gap (02:30 becomes 03:30); a repeated one takes the earlier instant. Days
//! without a time (rest days, and every day when no reminder is set) are
//! all-day events with `VALUE=DATE`: a training day is a calendar date, not
//! an instant, and date values float with the viewer by design. Rest days
//! and days already done carry no alarm, nor does an alarm that is already
//! past at `now`. `X-WR-TIMEZONE` names the user's zone for apps that show
//! the calendar in it.
//!
//! **Text.** Lines end in CRLF and are folded to at most 75 octets (never
//! inside a UTF-8 character); text values escape `\`, `;`, `,` and line
//! breaks.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use crate::schedule::{ComingDay, DayKind};
use crate::words;

/// Longest content line in octets, without its CRLF (RFC 5545 §3.1).
pub const LINE_OCTETS: usize = 75;

/// How often subscribers are asked to refresh the feed.
pub const REFRESH: &str = "PT12H";

/// The iCalendar document for `days`.
///
/// `reminder` is the local time of the daily reminder in `zone`, if the user
/// set one; `now` stamps the events and drops alarms already past.
pub fn feed(days: &[ComingDay], reminder: Option<Time>, zone: &TimeZone, now: Timestamp) -> String {
    let mut out = Lines::default();
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw(&format!(
        "PRODID:-//runstrong//runstrong {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    out.raw("CALSCALE:GREGORIAN");
    out.text("NAME", "runstrong");
    out.text("X-WR-CALNAME", "runstrong");
    out.text(
        "X-WR-CALDESC",
        "Coming glute sessions and rest days, projected from today's plan.",
    );
    if let Some(name) = zone.iana_name() {
        out.text("X-WR-TIMEZONE", name);
    }
    out.raw(&format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}"));
    out.raw(&format!("X-PUBLISHED-TTL:{REFRESH}"));
    let stamp = utc(now);
    for day in days {
        event(&mut out, day, reminder, zone, now, &stamp);
    }
    out.raw("END:VCALENDAR");
    out.0
}

fn event(
    out: &mut Lines,
    day: &ComingDay,
    reminder: Option<Time>,
    zone: &TimeZone,
    now: Timestamp,
    stamp: &str,
) {
    out.raw("BEGIN:VEVENT");
    out.raw(&format!("UID:{}@runstrong", day.date.strftime("%Y%m%d")));
    out.raw(&format!("DTSTAMP:{stamp}"));
    let start = match (day.kind, reminder) {
        (DayKind::Training | DayKind::Done, Some(time)) => {
            zone.to_timestamp(DateTime::from_parts(day.date, time)).ok()
        }
        _ => None,
    };
    match start {
        Some(start) => {
            out.raw(&format!("DTSTART:{}", utc(start)));
            let minutes = (day.seconds / 60.0).ceil().max(1.0) as u64;
            out.raw(&format!("DURATION:PT{minutes}M"));
        }
        None => {
            out.raw(&format!("DTSTART;VALUE=DATE:{}", compact(day.date)));
            if let Ok(next) = day.date.tomorrow() {
                out.raw(&format!("DTEND;VALUE=DATE:{}", compact(next)));
            }
            out.raw("TRANSP:TRANSPARENT");
        }
    }
    let names: Vec<&str> = day.items.iter().map(|i| i.name.as_str()).collect();
    let summary = match day.kind {
        DayKind::Training => format!("Glute session: {}", names.join(", ")),
        DayKind::Rest => "Rest day (glutes)".to_string(),
        DayKind::Done => "Glute session done".to_string(),
    };
    out.text("SUMMARY", &summary);
    out.text("DESCRIPTION", &description(day));
    if let (DayKind::Training, Some(start)) = (day.kind, start)
        && start > now
    {
        out.raw("BEGIN:VALARM");
        out.raw("ACTION:DISPLAY");
        out.text(
            "DESCRIPTION",
            &format!(
                "Time for your glute session ({}).",
                words::duration(day.seconds)
            ),
        );
        out.raw("TRIGGER:PT0S");
        out.raw("END:VALARM");
    }
    out.raw("END:VEVENT");
}

fn description(day: &ComingDay) -> String {
    let mut lines = Vec::new();
    match day.kind {
        DayKind::Training => lines.push(format!(
            "Stage: {}. About {}.",
            day.stage,
            words::duration(day.seconds)
        )),
        DayKind::Rest => lines.push(format!(
            "Stage: {}. Your muscles recover today. Optional, if you like:",
            day.stage
        )),
        DayKind::Done => lines.push("Today's session is recorded. Well done.".into()),
    }
    if day.kind != DayKind::Done {
        for item in &day.items {
            lines.push(format!("{}: {}", item.name, words::dose(item)));
        }
    }
    lines.push("Projected from today's plan; open runstrong for the plan of the day.".to_string());
    lines.join("\n")
}

/// `20260302T170000Z`.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `20260302`.
fn compact(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// The document being written, one folded content line at a time.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// A line whose value needs no escaping.
    fn raw(&mut self, line: &str) {
        fold_into(&mut self.0, line);
    }

    /// A property with a TEXT value.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape(value)));
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and
/// line breaks; other control characters, which TEXT cannot hold, are
/// dropped.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to [`LINE_OCTETS`] octets per physical line: a fold
/// is CRLF and one space, never inside a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut budget = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > budget {
            out.push_str("\r\n ");
            used = 0;
            budget = LINE_OCTETS - 1; // the leading space counts
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::program::Program;
    use crate::schedule::coming;
    use jiff::civil::{date, time};

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    /// Central European time with its real rules, without the system tz
    /// database.
    fn berlin() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    fn days(from: Date, count: u32) -> Vec<ComingDay> {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        coming(&program, &library, &[], &[], from, count)
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
        let exact = "X".repeat(LINE_OCTETS);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let out = folded(&line);
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(physical[0].len(), LINE_OCTETS);
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        assert!(physical.iter().all(|l| l.len() <= LINE_OCTETS));
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // 73 ASCII octets then 3-octet characters: the first would end at 76.
        let line = format!("{}{}", "x".repeat(73), "€".repeat(30));
        let out = folded(&line);
        for physical in out.split("\r\n") {
            assert!(physical.len() <= LINE_OCTETS, "{}", physical.len());
        }
        assert!(out.starts_with(&format!("{}\r\n €", "x".repeat(73))));
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    proptest::proptest! {
        #[test]
        fn folding_keeps_every_line_short_and_unfolds_to_the_original(
            line in "[a-zA-Z0-9 ,;:é€😀]{0,300}",
        ) {
            let out = folded(&line);
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                proptest::prop_assert!(physical.len() <= LINE_OCTETS);
            }
            proptest::prop_assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf\u{7}g"), "a\\,b\\;c\\\\d\\ne\\nfg");
        assert_eq!(escape("plain words"), "plain words");
    }

    #[test]
    fn the_feed_is_well_formed_crlf_and_folded() {
        let now = Timestamp::from_second(1_772_400_000).unwrap(); // 2026-03-01
        let text = feed(
            &days(date(2026, 3, 2), 7),
            Some(time(18, 0, 0, 0)),
            &berlin(),
            now,
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        for line in text.split("\r\n") {
            assert!(line.len() <= LINE_OCTETS, "{line}");
        }
        let text = unfold(&text);
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 7);
        assert_eq!(text.matches("END:VEVENT").count(), 7);
        assert_eq!(text.matches("BEGIN:VALARM").count(), 7);
        assert!(text.contains("UID:20260302@runstrong\r\n"));
        assert!(text.contains("DTSTAMP:20260301T212000Z\r\n"), "{text}");
        assert!(text.contains("SUMMARY:Glute session: Active Shoulder Bridge (glute bridge)\r\n"));
        assert!(text.contains("Projected from today's plan"));
    }

    #[test]
    fn the_reminder_keeps_its_local_time_across_a_clock_change() {
        // Europe moves its clocks forward on Sunday 29 March 2026.
        let now = Timestamp::from_second(1_772_400_000).unwrap();
        let text = feed(
            &days(date(2026, 3, 28), 2),
            Some(time(18, 0, 0, 0)),
            &berlin(),
            now,
        );
        assert!(text.contains("DTSTART:20260328T170000Z\r\n"), "{text}");
        assert!(text.contains("DTSTART:20260329T160000Z\r\n"), "{text}");
    }

    #[test]
    fn uids_are_stable_and_alarms_already_past_are_dropped() {
        let coming = days(date(2026, 3, 2), 3);
        let early = Timestamp::from_second(1_772_400_000).unwrap();
        let late = Timestamp::from_second(1_772_560_800).unwrap(); // 2026-03-03 18:00Z
        let a = feed(&coming, Some(time(18, 0, 0, 0)), &berlin(), early);
        let b = feed(&coming, Some(time(18, 0, 0, 0)), &berlin(), late);
        let uids = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(uids(&a), uids(&b));
        assert_ne!(a, b, "DTSTAMP follows now");
        assert_eq!(
            unfold(&b).matches("BEGIN:VALARM").count(),
            1,
            "only 4 March is ahead"
        );
    }

    #[test]
    fn without_a_reminder_days_are_all_day_events_without_alarms() {
        let now = Timestamp::from_second(1_772_400_000).unwrap();
        let text = unfold(&feed(&days(date(2026, 3, 2), 2), None, &berlin(), now));
        assert!(text.contains("DTSTART;VALUE=DATE:20260302\r\nDTEND;VALUE=DATE:20260303\r\n"));
        assert!(!text.contains("VALARM"));
        assert!(
            !text.contains("X-WR-TIMEZONE"),
            "a POSIX zone has no IANA name"
        );
    }
}
