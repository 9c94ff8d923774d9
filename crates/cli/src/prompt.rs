//! Line-based questions on the terminal, shared by `go` (the end-of-session
//! answers) and `check` (the self-assessment).

use std::io::BufRead;

use crate::context::Failure;

/// Asks `question` until `parse` accepts the (trimmed, lower-cased) answer.
/// An empty answer or the end of input gives `None` (skipped).
pub fn ask<T>(question: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, Failure> {
    let stdin = std::io::stdin();
    loop {
        out!("{question}: ")?;
        crate::output::flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim().to_ascii_lowercase();
        if answer.is_empty() {
            return Ok(None);
        }
        match parse(&answer) {
            Some(value) => return Ok(Some(value)),
            None => outln!(
                "  {answer:?} is not one of the answers; try again, or press Enter to skip."
            )?,
        }
    }
}

/// Asks for free text, kept as typed (trimmed); empty or end of input is `None`.
pub fn ask_text(question: &str) -> Result<Option<String>, Failure> {
    out!("{question}: ")?;
    crate::output::flush()?;
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let answer = line.trim();
    Ok((!answer.is_empty()).then(|| answer.to_string()))
}
