//! How the coach's numbers read in text: durations, seconds, dates and doses,
//! shared by the terminal and the web pages so both say the same thing; and
//! the two text rules every front end shares: [`parse_day`], the one way a
//! day is read from text, and [`printable`], stored free text made safe to
//! write to a terminal.

use jiff::civil::Date;

use crate::prescribe::{DayKind, PrescribedItem};

/// Seconds with at most one decimal, without a trailing ".0": `3`, `1.5`.
pub fn seconds(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// `45 s`, `2 min`, `2 min 5 s`, `1 h 3 min`.
pub fn duration(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// `1 rep`, `10 reps`, `0 sets`: a count with its noun in the right number
/// (nouns that add an "s").
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The heading of a day as the plan makes it: "Today", "Rest day",
/// "Race day", …
pub fn day_heading(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Training => "Today",
        DayKind::RaceWeek => "Race week",
        DayKind::AfterHardRun => "A light day",
        DayKind::BeforeLongRun => "Long-run day",
        DayKind::Rest => "Rest day",
        DayKind::PreRace => "Race in a few days",
        DayKind::RaceDay => "Race day",
        DayKind::AfterRace => "The day after your race",
        DayKind::PainRest => "A day to let it settle",
    }
}

/// `Thu 26 Nov 2026`.
pub fn day(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// Reads a day written `YYYY-MM-DD` (surrounding spaces allowed). Anything
/// else, a time of day included (`2026-01-01T10:00:00`), is refused with a
/// sentence, never silently cut to its day.
pub fn parse_day(text: &str) -> Result<Date, String> {
    let trimmed = text.trim();
    let shown: String = text.chars().take(40).collect();
    let shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        let hint =
            if trimmed.len() > 10 && trimmed.get(..10).is_some_and(|d| d.parse::<Date>().is_ok()) {
                " (a day only, without a time)"
            } else {
                ""
            };
        return Err(format!(
            "{shown:?} is not a date: expected YYYY-MM-DD{hint}, e.g. 2026-03-14"
        ));
    }
    trimmed.parse::<Date>().map_err(|_| {
        format!("{shown:?} is not a date in the calendar: expected YYYY-MM-DD, e.g. 2026-03-14")
    })
}

/// [`parse_day`] for serde (`#[serde(deserialize_with = …)]`): a day read
/// from a backup or the API is `YYYY-MM-DD`, never a date-time cut short.
pub fn deserialize_day<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Date, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    parse_day(&text).map_err(serde::de::Error::custom)
}

/// [`deserialize_day`] for an optional field (with `#[serde(default)]`).
pub fn deserialize_optional_day<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    use serde::Deserialize as _;
    #[derive(serde::Deserialize)]
    struct Day(#[serde(deserialize_with = "deserialize_day")] Date);
    Ok(Option::<Day>::deserialize(deserializer)?.map(|Day(day)| day))
}

/// Free text from storage or from a file (a note, an exercise or activity
/// name, a file name) made safe to print on a terminal: control characters
/// (escape sequences, carriage returns, bells, the C1 range) are shown as
/// `\u{1b}`-style escapes so they cannot move the cursor, clear the screen
/// or retitle the window. Tab and, when `multiline`, newline are kept.
pub fn printable(text: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\t' && !(multiline && c == '\n');
    if !text.chars().any(unsafe_char) && !text.contains(['\u{2028}', '\u{2029}', '\u{202E}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if multiline && c == '\r' && chars.peek() == Some(&'\n') {
            continue; // a Windows line break reads as a line break
        }
        if unsafe_char(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202E}') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `3 × 10 each side · tempo 2-3-3 s (up-top-down) · rest 60 s`, or for a
/// hold `2 × 20 s hold each side · rest 60 s`; one-sided extra sets say
/// which side (`1 × 8 right side only`).
pub fn dose(item: &PrescribedItem) -> String {
    let t = &item.tempo;
    let sides = match (item.per_side, item.side_only) {
        (true, _) => " each side".to_string(),
        (false, Some(side)) => format!(" {side} side only"),
        (false, None) => String::new(),
    };
    if item.hold {
        return format!(
            "{} × {} s hold{sides} · rest {} s",
            item.sets,
            seconds(item.hold_s),
            item.rest_s
        );
    }
    format!(
        "{} × {}{sides} · tempo {}-{}-{} s (up-top-down) · rest {} s",
        item.sets,
        item.reps,
        seconds(t.lift_s),
        seconds(t.top_s),
        seconds(t.lower_s),
        item.rest_s
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_whole_or_refused() {
        assert_eq!(
            parse_day(" 2026-03-14 "),
            Ok(jiff::civil::date(2026, 3, 14))
        );
        let err = parse_day("2026-01-01T10:00:00").unwrap_err();
        assert!(
            err.contains("expected YYYY-MM-DD (a day only, without a time)"),
            "{err}"
        );
        assert!(
            parse_day("2026-02-30")
                .unwrap_err()
                .contains("not a date in the calendar")
        );
        for bad in [
            "26/11/2026",
            "2026-1-01",
            "",
            "20260101",
            "+2026-01-01",
            "2026-01-01 10:00",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn control_characters_cannot_reach_a_terminal() {
        assert_eq!(
            printable("plain note, tab\there", false),
            "plain note, tab\there"
        );
        assert_eq!(printable("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(printable("line\nnext\r", false), "line\\u{a}next\\u{d}");
        assert_eq!(printable("line\nnext", true), "line\nnext");
        assert_eq!(printable("line\r\nnext\r", true), "line\nnext\\u{d}");
        assert_eq!(printable("\u{9b}31m\u{7}", true), "\\u{9b}31m\\u{7}");
        assert_eq!(printable("ab\u{202e}cd", true), "ab\\u{202e}cd");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(120.0), "2 min");
        assert_eq!(duration(125.0), "2 min 5 s");
        assert_eq!(duration(3780.0), "1 h 3 min");
        assert_eq!(seconds(3.0), "3");
        assert_eq!(seconds(1.25), "1.3");
        assert_eq!(day(jiff::civil::date(2026, 11, 26)), "Thu 26 Nov 2026");
        assert_eq!(count(1u32, "rep"), "1 rep");
        assert_eq!(count(0u32, "set"), "0 sets");
        assert_eq!(count(12u32, "rep"), "12 reps");
    }

    #[test]
    fn a_hold_reads_as_a_hold() {
        let library = crate::Library::embedded().unwrap();
        let program = crate::program::Program::embedded(&library).unwrap();
        let plan = crate::prescribe::prescribe(&crate::prescribe::PlanInputs::new(
            &program,
            &library,
            &[],
            &[],
            jiff::civil::date(2026, 5, 1),
        ));
        let plank = plan.item_for(library.find("side-plank").unwrap());
        let text = dose(&plank);
        assert!(text.contains(" s hold each side"), "{text}");
        assert!(!text.contains("tempo"), "{text}");
    }
}
