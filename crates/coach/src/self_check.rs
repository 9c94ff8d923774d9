//! The self-check protocol as written in `content/self-check.toml`: the pain
//! screen asked before any test, and for every home test its exact set-up,
//! how to do it, when to stop, what to record and what it measures. Front
//! ends show these words; [`pain_screen`] decides whether the tests go ahead.

use serde::{Deserialize, Serialize};

use crate::library::ContentError;
use crate::rules::SELF_CHECK_SKIP_PAIN;

/// The protocol text, embedded at build time.
const SELF_CHECK_FILE: &str = include_str!("../../../content/self-check.toml");

/// The question asked before any test and what each answer means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PainScreenText {
    pub question: String,
    /// Shown for some pain (1 up to [`SELF_CHECK_SKIP_PAIN`] - 1).
    pub go_carefully: String,
    /// Shown for pain of [`SELF_CHECK_SKIP_PAIN`] or more: the tests wait.
    pub skip_today: String,
}

/// One home test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckTest {
    /// `single-leg-bridge`, `single-leg-squat` or `single-leg-stance`.
    pub id: String,
    pub name: String,
    /// What the result does and does not tell you.
    pub measures: String,
    pub setup: Vec<String>,
    pub how: Vec<String>,
    /// Stop the test (or the rep) when any of these happens.
    pub stop_if: Vec<String>,
    pub record: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The whole protocol, in the order it is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheck {
    pub pain_screen: PainScreenText,
    #[serde(rename = "test")]
    pub tests: Vec<CheckTest>,
}

/// The test ids the assessment records results for, in order.
pub const TEST_IDS: [&str; 3] = ["single-leg-bridge", "single-leg-squat", "single-leg-stance"];

impl SelfCheck {
    /// The embedded protocol, checked: the three tests in order, each with
    /// set-up, how-to and stop rules.
    pub fn embedded() -> Result<SelfCheck, ContentError> {
        let fail = |message: String| ContentError {
            file: "../self-check.toml".into(),
            message,
        };
        let check: SelfCheck = toml::from_str(SELF_CHECK_FILE)
            .map_err(|e| fail(e.to_string().trim().replace('\n', " ")))?;
        let ids: Vec<&str> = check.tests.iter().map(|t| t.id.as_str()).collect();
        if ids != TEST_IDS {
            return Err(fail(format!(
                "the tests must be {TEST_IDS:?} in that order, found {ids:?}"
            )));
        }
        for test in &check.tests {
            if test.setup.is_empty() || test.how.is_empty() || test.stop_if.is_empty() {
                return Err(fail(format!(
                    "test {} needs set-up steps, how-to steps and stop rules",
                    test.id
                )));
            }
            if test.measures.trim().is_empty() || test.source.trim().is_empty() {
                return Err(fail(format!(
                    "test {} needs what it measures and a source",
                    test.id
                )));
            }
        }
        Ok(check)
    }

    /// The test with this id.
    pub fn test(&self, id: &str) -> Option<&CheckTest> {
        self.tests.iter().find(|t| t.id == id)
    }
}

/// What the pain screen decides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainScreen {
    /// The tests may go ahead (carefully when `text` says so).
    pub proceed: bool,
    /// What to tell the runner; empty when nothing hurts.
    pub text: String,
}

/// The pain screen for `pain_now` (0-10): the tests wait at
/// [`SELF_CHECK_SKIP_PAIN`] or more (our convention), go carefully below it.
pub fn pain_screen(check: &SelfCheck, pain_now: u8) -> PainScreen {
    match pain_now {
        0 => PainScreen {
            proceed: true,
            text: String::new(),
        },
        p if p < SELF_CHECK_SKIP_PAIN => PainScreen {
            proceed: true,
            text: check.pain_screen.go_carefully.clone(),
        },
        _ => PainScreen {
            proceed: false,
            text: check.pain_screen.skip_today.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_has_every_test_with_set_up_and_stop_rules() {
        let check = SelfCheck::embedded().unwrap_or_else(|e| panic!("{e}"));
        let bridge = check.test("single-leg-bridge").unwrap();
        let setup = bridge.setup.join(" ");
        assert!(setup.contains("60 cm") && setup.contains("20°"), "{setup}");
        assert!(bridge.stop_if.iter().any(|s| s.contains("pain")));
        assert!(bridge.measures.contains("tired sooner"));
        for test in &check.tests {
            assert!(!test.stop_if.is_empty(), "{}", test.id);
        }
    }

    #[test]
    fn the_pain_screen_comes_first_and_can_hold_the_tests() {
        let check = SelfCheck::embedded().unwrap();
        assert!(pain_screen(&check, 0).proceed);
        let careful = pain_screen(&check, 2);
        assert!(careful.proceed && careful.text.contains("stop"));
        let skip = pain_screen(&check, SELF_CHECK_SKIP_PAIN);
        assert!(!skip.proceed && skip.text.contains("skip the tests"));
    }
}
