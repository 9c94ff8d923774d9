//! Reading HTML forms: each form is deserialised (derived) into a struct of
//! its raw text fields, so a refused form can be drawn again with what the
//! runner typed; these helpers turn a field into a typed value with a
//! sentence that names the field as the page labels it.

use std::str::FromStr;

use coach::{Feedback, Felt};
use serde::Deserialize;

/// `text` trimmed, or `None` when empty.
pub fn filled(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// An optional field parsed as `T`; `label` and `expected` speak the page's
/// words ("Effort", "a whole number from 1 to 10").
pub fn optional<T: FromStr>(text: &str, label: &str, expected: &str) -> Result<Option<T>, String> {
    filled(text)
        .map(|value| {
            value.parse::<T>().map_err(|_| {
                format!(
                    "{label} {:?} is not {expected}.",
                    value.chars().take(30).collect::<String>()
                )
            })
        })
        .transpose()
}

/// A field that must be filled.
pub fn required<T: FromStr>(text: &str, label: &str, expected: &str) -> Result<T, String> {
    optional(text, label, expected)?.ok_or_else(|| format!("{label} is missing: enter {expected}."))
}

/// A checkbox: present (any value) means ticked.
pub fn ticked(value: &Option<String>) -> bool {
    value.is_some()
}

/// The three end-of-session questions as chosen (the Go page's and
/// Today's forms share them).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub rpe: String,
    pub felt: String,
    pub pain: String,
}

impl Answers {
    /// The answers; each question must be answered, since the next plan is
    /// judged from all three.
    pub fn feedback(&self) -> Result<Feedback, String> {
        let missing: Vec<&str> = [
            (&self.rpe, "how hard it was"),
            (&self.felt, "where you felt it"),
            (&self.pain, "any pain"),
        ]
        .into_iter()
        .filter(|(value, _)| filled(value).is_none())
        .map(|(_, name)| name)
        .collect();
        if !missing.is_empty() {
            return Err(format!(
                "Please answer every question: still open is {}.",
                join_words(&missing)
            ));
        }
        Ok(Feedback {
            rpe: optional(&self.rpe, "Effort", "a whole number from 1 to 10")?,
            felt: filled(&self.felt)
                .map(|f| f.parse::<Felt>().map_err(|e| e.to_string()))
                .transpose()?,
            pain: optional(&self.pain, "Pain", "a whole number from 0 to 10")?,
        })
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_questions_are_all_needed() {
        let none = Answers::default().feedback().unwrap_err();
        assert_eq!(
            none,
            "Please answer every question: still open is how hard it was, where you felt it and any pain."
        );
        let some = Answers {
            rpe: "5".into(),
            ..Answers::default()
        };
        assert!(
            some.feedback()
                .unwrap_err()
                .contains("where you felt it and any pain")
        );
        let all = Answers {
            rpe: "5".into(),
            felt: "glutes".into(),
            pain: "0".into(),
        };
        assert_eq!(
            all.feedback().unwrap(),
            Feedback {
                rpe: Some(5),
                felt: Some(Felt::Glutes),
                pain: Some(0)
            }
        );
    }

    #[test]
    fn fields_name_themselves_as_the_page_does() {
        assert_eq!(
            optional::<u8>(" 7 ", "Effort", "a whole number").unwrap(),
            Some(7)
        );
        assert_eq!(
            optional::<u8>("", "Effort", "a whole number").unwrap(),
            None
        );
        let err = optional::<u8>("-1", "Rest", "a whole number of seconds").unwrap_err();
        assert_eq!(err, "Rest \"-1\" is not a whole number of seconds.");
        let err = required::<f64>("", "Hours of sitting", "a number of hours").unwrap_err();
        assert_eq!(err, "Hours of sitting is missing: enter a number of hours.");
    }
}
