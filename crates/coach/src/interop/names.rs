//! Exercise names of other strength loggers, matched to library exercises:
//! the schema and loading of `content/import-names.toml` and the matching
//! rules described at the top of that file.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::library::{ContentError, Library};

/// What a logged exercise name became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// A library exercise, by its id.
    Library(String),
    /// Not in the library: the custom id (`custom:<slug>`).
    Custom(String),
}

impl Match {
    /// The exercise id to record.
    pub fn id(&self) -> &str {
        match self {
            Match::Library(id) | Match::Custom(id) => id,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "exercise")]
    exercises: Vec<Entry>,
    #[serde(default)]
    custom: CustomNames,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    names: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CustomNames {
    names: Vec<String>,
}

/// The name table, normalised and checked against the library.
#[derive(Debug, Clone)]
pub struct ImportNames {
    /// Normalised name → library id.
    names: BTreeMap<String, String>,
    /// Normalised names that stay custom.
    custom: BTreeSet<String>,
}

impl ImportNames {
    /// The table embedded from `content/import-names.toml`.
    pub fn embedded(library: &Library) -> Result<ImportNames, ContentError> {
        ImportNames::from_toml(crate::content::IMPORT_NAMES_FILE, library)
    }

    /// Parses a name table and checks it: known ids only, no name twice, and
    /// every `[custom]` name one that would otherwise match.
    pub fn from_toml(text: &str, library: &Library) -> Result<ImportNames, ContentError> {
        let fail = |message: String| ContentError {
            file: "../import-names.toml".into(),
            message,
        };
        let file: File =
            toml::from_str(text).map_err(|e| fail(e.to_string().trim().replace('\n', " ")))?;
        let mut table = ImportNames {
            names: BTreeMap::new(),
            custom: BTreeSet::new(),
        };
        for entry in &file.exercises {
            if library.get(&entry.id).is_none_or(|e| e.id != entry.id) {
                return Err(fail(format!(
                    "{:?} is not an exercise id of the library",
                    entry.id
                )));
            }
            for name in &entry.names {
                let key = normalise(name);
                if key.is_empty() {
                    return Err(fail(format!("the name {name:?} has no letter or digit")));
                }
                if let Some(other) = table.names.insert(key, entry.id.clone()) {
                    return Err(fail(format!(
                        "the name {name:?} is listed twice (for {other} and {})",
                        entry.id
                    )));
                }
            }
        }
        for name in &file.custom.names {
            if !matches!(table.find(library, name), Some(Match::Library(_))) {
                return Err(fail(format!(
                    "the [custom] name {name:?} matches no exercise anyway: remove it"
                )));
            }
            table.custom.insert(normalise(name));
        }
        Ok(table)
    }

    /// The exercise a logged name stands for (the rules are at the top of
    /// `content/import-names.toml`). `None` when the name has no letter or
    /// digit at all.
    pub fn find(&self, library: &Library, name: &str) -> Option<Match> {
        let full = normalise(name);
        let custom = || super::custom_id(name).map(Match::Custom);
        if self.custom.contains(&full) {
            return custom();
        }
        let without_note = strip_parentheses(&full);
        let singular = |s: &str| {
            s.strip_suffix('s')
                .filter(|rest| !rest.ends_with('s'))
                .map(str::to_string)
        };
        let candidates = [
            Some(full.clone()),
            Some(without_note.clone()),
            singular(&full),
            singular(&without_note),
        ];
        for candidate in candidates.into_iter().flatten() {
            if let Some(id) = self.lookup(library, &candidate) {
                return Some(Match::Library(id));
            }
        }
        custom()
    }

    fn lookup(&self, library: &Library, key: &str) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        if let Some(id) = self.names.get(key) {
            return Some(id.clone());
        }
        let as_id: String = key.replace(' ', "-");
        library
            .get(&as_id)
            .filter(|_| !as_id.contains(['(', ')']))
            .map(|e| e.id.clone())
    }
}

/// Lower case; every run of characters other than letters, digits and
/// parentheses becomes one space; no space next to a parenthesis inside.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '(' || c == ')' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out.replace("( ", "(").replace(" )", ")")
}

/// The normalised name without any part in parentheses.
fn strip_parentheses(normalised: &str) -> String {
    let mut out = String::with_capacity(normalised.len());
    let mut depth = 0usize;
    for c in normalised.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> (Library, ImportNames) {
        let library = Library::embedded().unwrap();
        let names = ImportNames::embedded(&library).unwrap_or_else(|e| panic!("{e}"));
        (library, names)
    }

    fn id(name: &str) -> String {
        let (library, names) = fixtures();
        names.find(&library, name).unwrap().id().to_string()
    }

    #[test]
    fn names_normalise_to_words() {
        assert_eq!(normalise("Step-Up"), "step up");
        assert_eq!(
            normalise("  Hip  Thrust ( Barbell ) "),
            "hip thrust (barbell)"
        );
        assert_eq!(strip_parentheses("hip thrust (barbell)"), "hip thrust");
        assert_eq!(strip_parentheses("(a) b (c (d)) e"), "b e");
    }

    #[test]
    fn the_common_glute_exercises_match_the_library() {
        for (name, expected) in [
            ("Glute Bridge", "active-shoulder-bridge"),
            ("Glute Bridge (Barbell)", "active-shoulder-bridge"),
            ("Hip Thrust (Barbell)", "hip-thrust"),
            ("Hip Thrust (Machine)", "hip-thrust"),
            ("hip thrusts", "hip-thrust"),
            ("Clamshell", "clamshell"),
            ("Clamshells", "clamshell"),
            ("Clams", "clamshell"),
            ("Split Squat (Dumbbell)", "split-squat"),
            ("Bulgarian Split Squat", "split-squat"),
            ("Step-Up", "step-up"),
            ("Step Ups (Dumbbell)", "step-up"),
            ("Single Leg Glute Bridge", "single-leg-bridge"),
            ("Side Plank", "side-plank"),
            ("Lateral Band Walk", "lateral-band-walk"),
            ("Band Walk", "lateral-band-walk"),
            ("Bird Dog", "bird-dog"),
            (
                "Single Leg Romanian Deadlift (Dumbbell)",
                "single-leg-deadlift",
            ),
        ] {
            assert_eq!(id(name), expected, "{name}");
        }
    }

    #[test]
    fn other_movements_stay_custom() {
        assert_eq!(
            id("Hip Abduction (Machine)"),
            "custom:hip-abduction-machine"
        );
        assert_eq!(id("Cable Kickback"), "custom:cable-kickback");
        assert_eq!(id("Squat (Barbell)"), "custom:squat-barbell");
        let (library, names) = fixtures();
        assert_eq!(names.find(&library, "---"), None);
        // Without the [custom] entry the alias would have taken it.
        assert_eq!(id("Hip Abduction"), "side-lying-hip-abduction");
    }

    #[test]
    fn a_broken_table_is_rejected_with_the_reason() {
        let library = Library::embedded().unwrap();
        let unknown = "[[exercise]]\nid = \"bridgee\"\nnames = [\"X\"]\n";
        let err = ImportNames::from_toml(unknown, &library).unwrap_err();
        assert!(err.message.contains("\"bridgee\""), "{err}");
        let alias = "[[exercise]]\nid = \"bridge\"\nnames = [\"X\"]\n";
        assert!(
            ImportNames::from_toml(alias, &library).is_err(),
            "aliases are not ids"
        );
        let twice = "[[exercise]]\nid = \"clamshell\"\nnames = [\"Clam X\", \"clam-x\"]\n";
        let err = ImportNames::from_toml(twice, &library).unwrap_err();
        assert!(err.message.contains("listed twice"), "{err}");
        let useless = "exercise = []\n[custom]\nnames = [\"Cable Kickback\"]\n";
        let err = ImportNames::from_toml(useless, &library).unwrap_err();
        assert!(err.message.contains("matches no exercise anyway"), "{err}");
    }
}
