//! Text output helpers: optional ANSI styling (off when not a terminal or when
//! NO_COLOR is set), word wrapping, and the formats for durations, dates and
//! prescribed items that every command shares.

use coach::prescribe::PrescribedItem;
use jiff::civil::Date;

/// ANSI styling, enabled or not.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }
    pub fn warn(self, text: &str) -> String {
        self.paint("33;1", text)
    }
    pub fn accent(self, text: &str) -> String {
        self.paint("36;1", text)
    }
}

/// "Thu 26 Nov 2026".
pub fn day(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// "45 s", "2 min 5 s", "1 h 3 min".
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

/// Seconds with at most one decimal, without a trailing ".0".
pub fn seconds(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// "3 × 10 each side, hold 3 s, tempo 2-3-3 s, rest 60 s".
pub fn dose(item: &PrescribedItem) -> String {
    let mut text = format!("{} × {}", item.sets, item.reps);
    if item.per_side {
        text.push_str(" each side");
    }
    let t = &item.tempo;
    text.push_str(&format!(
        ", tempo {}-{}-{} s (up-top-down), rest {} s",
        seconds(t.lift_s),
        seconds(t.top_s),
        seconds(t.lower_s),
        item.rest_s
    ));
    text
}

/// Wraps `text` to `width` columns, every line after the first indented by
/// `indent`; the first line is assumed to start after a prefix of the same
/// width, so all lines end by the same column.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let start = indent.len();
    let mut line_len = start;
    for word in text.split_whitespace() {
        if line_len > start && line_len + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.len();
        } else if line_len > start {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.chars().count();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(120.0), "2 min");
        assert_eq!(duration(125.0), "2 min 5 s");
        assert_eq!(duration(3780.0), "1 h 3 min");
        assert_eq!(seconds(3.0), "3");
        assert_eq!(seconds(1.25), "1.3");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        let wrapped = wrap("one two three four five", 12, "  ");
        assert_eq!(wrapped, "one two\n  three four\n  five");
    }
}
