//! Text output helpers: optional ANSI styling (off when not a terminal or when
//! NO_COLOR is set), word wrapping, and (re-exported from `coach::words`) the
//! formats for durations, dates and doses that the web pages share.

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

pub use coach::words::{count, day, dose, duration, seconds};

/// Free text that came from storage or a file (a note, an exercise or
/// activity name, a file name) as it may be written to a terminal: control
/// characters escaped (`\u{1b}`), line breaks kept. Every command prints
/// such text through this (or [`line`]).
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    coach::words::printable(text, true)
}

/// [`shown`] for text that must stay on one line (a file name in a
/// message, an error sentence): line breaks escaped too.
pub fn line(text: &str) -> std::borrow::Cow<'_, str> {
    coach::words::printable(text, false)
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
    fn wrapping_keeps_words_whole() {
        let wrapped = wrap("one two three four five", 12, "  ");
        assert_eq!(wrapped, "one two\n  three four\n  five");
    }
}
