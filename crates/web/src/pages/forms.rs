//! Reading HTML forms: each form is deserialised (derived) into a struct of
//! its raw text fields, so a refused form can be drawn again with what the
//! runner typed; these helpers turn a field into a typed value with a
//! sentence that names the field as the page labels it.

use std::str::FromStr;

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

#[cfg(test)]
mod tests {
    use super::*;

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
