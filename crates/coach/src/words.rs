//! How the coach's numbers read in text: durations, seconds, dates and doses,
//! shared by the terminal and the web pages so both say the same thing.

use jiff::civil::Date;

use crate::prescribe::PrescribedItem;

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

/// `Thu 26 Nov 2026`.
pub fn day(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// `3 × 10 each side · tempo 2-3-3 s (up-top-down) · rest 60 s`.
pub fn dose(item: &PrescribedItem) -> String {
    let t = &item.tempo;
    format!(
        "{} × {}{} · tempo {}-{}-{} s (up-top-down) · rest {} s",
        item.sets,
        item.reps,
        if item.per_side { " each side" } else { "" },
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
}
