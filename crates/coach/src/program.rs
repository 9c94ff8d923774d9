//! The program: stages of the progression ladder as written in
//! `content/program.toml`, and the short primer used on race days, before a
//! long run and on rest days; loaded and checked against the library.

use serde::{Deserialize, Serialize};

use crate::library::{ContentError, Frequency, Library};

/// One exercise of a stage, with its dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageItem {
    pub exercise: String,
    pub sets: u32,
    pub reps: u32,
    /// Seconds at the top of each rep; the exercise's tempo when absent.
    #[serde(default)]
    pub hold_s: Option<f64>,
}

/// A rung of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub frequency: Frequency,
    /// Good sessions in a row needed to move up; 0 on the last stage.
    pub good_sessions_to_advance: u32,
    /// Why this stage, in plain words.
    pub why: String,
    #[serde(rename = "item")]
    pub items: Vec<StageItem>,
}

/// The whole program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub id: String,
    pub name: String,
    pub summary: String,
    #[serde(rename = "stage")]
    pub stages: Vec<Stage>,
    /// The 3-5 minute activation primer: what a rest day, race day or
    /// long-run day offers instead of a session.
    #[serde(rename = "primer")]
    pub primer: Vec<StageItem>,
}

impl Program {
    /// The program embedded from `content/program.toml`, checked against `library`.
    pub fn embedded(library: &Library) -> Result<Program, ContentError> {
        Program::from_toml(crate::content::PROGRAM_FILE, library)
    }

    /// Parses a program and checks that it is usable with `library`.
    pub fn from_toml(text: &str, library: &Library) -> Result<Program, ContentError> {
        let fail = |message: String| ContentError {
            file: "../program.toml".into(),
            message,
        };
        let program: Program =
            toml::from_str(text).map_err(|e| fail(e.to_string().trim().replace('\n', " ")))?;
        if program.stages.is_empty() {
            return Err(fail("the program has no stage".into()));
        }
        if program.primer.is_empty() {
            return Err(fail("the program has no primer".into()));
        }
        for item in &program.primer {
            check_item(library, "the primer", item).map_err(fail)?;
        }
        for (index, stage) in program.stages.iter().enumerate() {
            if stage.items.is_empty() {
                return Err(fail(format!("stage {} has no item", stage.id)));
            }
            let last = index + 1 == program.stages.len();
            if !last && stage.good_sessions_to_advance == 0 {
                return Err(fail(format!(
                    "stage {} needs good_sessions_to_advance > 0",
                    stage.id
                )));
            }
            for item in &stage.items {
                check_item(library, &format!("stage {}", stage.id), item).map_err(fail)?;
            }
        }
        if program.stages[0].items[0].exercise != "active-shoulder-bridge" {
            return Err(fail(
                "the program must start with the Active Shoulder Bridge".into(),
            ));
        }
        Ok(program)
    }

    /// The first stage (index) whose items include `exercise`.
    pub fn first_stage_with(&self, exercise: &str) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| s.items.iter().any(|i| i.exercise == exercise))
    }

    /// The stage with this id.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }
}

/// An item must name a known exercise with sets and reps, and agree with the
/// exercise on its shape: a hold is one rep of `hold_s` seconds per set.
fn check_item(library: &Library, place: &str, item: &StageItem) -> Result<(), String> {
    let Some(exercise) = library.get(&item.exercise) else {
        return Err(format!("{place} uses unknown exercise {}", item.exercise));
    };
    if item.sets == 0 || item.reps == 0 {
        return Err(format!("{place} has an item with no sets or reps"));
    }
    if exercise.hold && item.reps != 1 {
        return Err(format!(
            "{place}: {} is a hold, so reps must be 1 (the hold's seconds go in hold_s)",
            item.exercise
        ));
    }
    let hold = item.hold_s.unwrap_or(exercise.tempo.top_s);
    if !exercise.hold && hold > 5.0 {
        return Err(format!(
            "{place}: {} holds the top {hold} s per rep; a longer hold is a hold exercise",
            item.exercise
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_program_starts_with_the_original_prescription() {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap_or_else(|e| panic!("{e}"));
        let first = &program.stages[0];
        assert_eq!(first.frequency, Frequency::Daily);
        assert_eq!(first.items[0].exercise, "active-shoulder-bridge");
        assert_eq!((first.items[0].sets, first.items[0].reps), (2, 10));
        let second = &program.stages[1];
        assert_eq!((second.items[0].sets, second.items[0].reps), (3, 10));
        assert!(
            program
                .stages
                .iter()
                .any(|s| s.frequency == Frequency::ThreePerWeek)
        );
    }

    #[test]
    fn the_program_and_the_library_agree_on_holds() {
        let library = Library::embedded().unwrap();
        let text = crate::content::PROGRAM_FILE.replacen(
            "exercise = \"side-plank\"\nsets = 2\nreps = 1",
            "exercise = \"side-plank\"\nsets = 2\nreps = 10",
            1,
        );
        assert_ne!(
            text,
            crate::content::PROGRAM_FILE,
            "the side plank item moved"
        );
        let err = Program::from_toml(&text, &library).unwrap_err();
        assert!(err.message.contains("is a hold"), "{err}");
    }

    #[test]
    fn unknown_exercises_in_the_program_are_rejected() {
        let library = Library::embedded().unwrap();
        let text = crate::content::PROGRAM_FILE.replacen(
            "exercise = \"clamshell\"",
            "exercise = \"clamshel\"",
            1,
        );
        let err = Program::from_toml(&text, &library).unwrap_err();
        assert!(err.message.contains("unknown exercise clamshel"), "{err}");
    }
}
