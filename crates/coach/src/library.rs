//! The exercise library: the schema of `content/exercises/*.toml`, loading of
//! the embedded files, validation, and lookup by id or alias.
//!
//! The files are embedded at build time (see `build.rs`); [`Library::embedded`]
//! parses and validates them. A broken file fails `cargo test` (the
//! `embedded_library_is_valid` test), never a user's session.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Felt;

/// How hard an exercise is, as a rung of the progression ladder
/// (research `exercise-science.md` §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Learn the movement and feel the glutes (≈25–40 % MVIC).
    Learn,
    /// Build: single-leg and anti-rotation work (≈40–75 % MVIC).
    Build,
    /// Strengthen: standing single-leg work (≈60–100 % MVIC).
    Strengthen,
    /// Load: external load, 8–12 repetition maximum.
    Load,
}

impl Level {
    /// The lower-case name used in text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Learn => "learn",
            Level::Build => "build",
            Level::Strengthen => "strengthen",
            Level::Load => "load",
        }
    }
}

/// How often an exercise (or a program stage) is meant to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Every day: low-intensity movement practice.
    Daily,
    /// Two or three non-consecutive days a week: harder work that needs recovery.
    ThreePerWeek,
}

impl Frequency {
    /// Plain words for the user.
    pub fn describe(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::ThreePerWeek => "2-3 days a week, not on consecutive days",
        }
    }
}

/// The seconds of each phase of one repetition.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tempo {
    /// Seconds to lift (the concentric phase).
    pub lift_s: f64,
    /// Seconds to hold and squeeze at the top.
    pub top_s: f64,
    /// Seconds to lower (the eccentric phase).
    pub lower_s: f64,
}

impl Tempo {
    /// Seconds one repetition takes (time under tension).
    pub fn rep_seconds(&self) -> f64 {
        self.lift_s + self.top_s + self.lower_s
    }
}

/// An exercise's default dose, used when the program does not override it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    pub sets: u32,
    pub reps: u32,
    /// Both sides are trained, one after the other, for every set.
    #[serde(default)]
    pub per_side: bool,
    pub rest_s: u32,
    pub frequency: Frequency,
}

/// Coaching cues for each phase of a repetition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseCues {
    pub lift: Vec<String>,
    pub top: Vec<String>,
    pub lower: Vec<String>,
}

/// A common fault and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub fault: String,
    pub fix: String,
    /// Where a user who makes this fault tends to feel the exercise; links the
    /// end-of-session "where did you feel it" answer to this fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub felt_in: Option<Felt>,
}

/// Another way to do an exercise, for a runner who keeps feeling it in the
/// wrong place after the plain fix: the coach switches to it when the same
/// fault comes back session after session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Where the runner felt the exercise (never the glutes).
    pub felt_in: Felt,
    /// A few words shown after the exercise name: "feet closer, shorter range".
    pub name: String,
    /// What to do differently: the cue the guided session shows first.
    pub how: String,
    /// Why this change should help, in plain words with the source named.
    pub why: String,
}

/// A factual claim with its source. Every number in the content has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub claim: String,
    /// Author, year, journal or book: enough to find it.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One exercise as written in `content/exercises/<id>.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Kebab-case id, equal to the file name without `.toml`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub level: Level,
    /// Trained one side at a time.
    pub unilateral: bool,
    /// One or two sentences: what it is and why a runner does it.
    pub summary: String,
    #[serde(default)]
    pub equipment: Vec<String>,
    pub primary_muscles: Vec<String>,
    #[serde(default)]
    pub secondary_muscles: Vec<String>,
    pub setup: Vec<String>,
    pub cues: PhaseCues,
    #[serde(default)]
    pub faults: Vec<Fault>,
    pub dose: Dose,
    pub tempo: Tempo,
    /// Easier exercises (ids), for a bad day or when it is felt in the wrong place.
    #[serde(default)]
    pub regressions: Vec<String>,
    /// Harder exercises (ids).
    #[serde(default)]
    pub progressions: Vec<String>,
    #[serde(default)]
    pub cautions: Vec<String>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Ways to do it differently when a fault keeps coming back.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// The equivalent exercise that needs no equipment (id), when this one
    /// needs some (a band, a box, a weight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub without_equipment: Option<String>,
    /// Each repetition is one isometric hold of `tempo.top_s` seconds (a side
    /// plank): the dose reads "2 × 20 s hold", not reps.
    #[serde(default)]
    pub hold: bool,
}

impl Exercise {
    /// The fix for a fault that shows up as the exercise being felt in `felt`.
    pub fn fix_for(&self, felt: Felt) -> Option<&Fault> {
        self.faults.iter().find(|f| f.felt_in == Some(felt))
    }

    /// The variant for a runner who keeps feeling it in `felt`.
    pub fn variant_for(&self, felt: Felt) -> Option<&Variant> {
        self.variants.iter().find(|v| v.felt_in == felt)
    }
}

/// A problem found while loading or validating the library.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("content/exercises/{file}: {message}")]
pub struct ContentError {
    pub file: String,
    pub message: String,
}

/// All exercises, by id.
#[derive(Debug, Clone)]
pub struct Library {
    exercises: BTreeMap<String, Exercise>,
}

impl Library {
    /// The library embedded in the binary. Validated by the test suite, so a
    /// failure here means a build that skipped its tests.
    pub fn embedded() -> Result<Library, ContentError> {
        Library::from_files(crate::content::EXERCISE_FILES.iter().copied())
    }

    /// Parses and validates `(file name, TOML text)` pairs.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Library, ContentError> {
        let mut exercises = BTreeMap::new();
        for (file, text) in files {
            let exercise: Exercise = toml::from_str(text).map_err(|e| ContentError {
                file: file.to_string(),
                message: e.to_string().trim().replace('\n', " "),
            })?;
            let expected = file.strip_suffix(".toml").unwrap_or(file);
            if exercise.id != expected {
                return Err(ContentError {
                    file: file.to_string(),
                    message: format!("id {:?} must equal the file name {expected:?}", exercise.id),
                });
            }
            exercises.insert(exercise.id.clone(), exercise);
        }
        let library = Library { exercises };
        library.validate()?;
        Ok(library)
    }

    /// Cross-file checks: unique ids and aliases, links that resolve, cues in
    /// every phase, doses and tempos in sane ranges, a source on every fact.
    fn validate(&self) -> Result<(), ContentError> {
        let fail = |id: &str, message: String| ContentError {
            file: format!("{id}.toml"),
            message,
        };
        let mut names: BTreeSet<&str> = self.exercises.keys().map(String::as_str).collect();
        for exercise in self.exercises.values() {
            let id = exercise.id.as_str();
            if !is_kebab_case(id) {
                return Err(fail(id, format!("id {id:?} must be kebab-case")));
            }
            for alias in &exercise.aliases {
                if !is_kebab_case(alias) {
                    return Err(fail(id, format!("alias {alias:?} must be kebab-case")));
                }
                if !names.insert(alias) {
                    return Err(fail(
                        id,
                        format!("alias {alias:?} is already an id or alias"),
                    ));
                }
            }
            for linked in exercise.regressions.iter().chain(&exercise.progressions) {
                if !self.exercises.contains_key(linked) {
                    return Err(fail(id, format!("links to unknown exercise {linked:?}")));
                }
            }
            let cues = &exercise.cues;
            if cues.lift.is_empty() || cues.top.is_empty() || cues.lower.is_empty() {
                return Err(fail(
                    id,
                    "needs at least one cue for lift, top and lower".into(),
                ));
            }
            if exercise.setup.is_empty() || exercise.primary_muscles.is_empty() {
                return Err(fail(id, "needs setup steps and primary muscles".into()));
            }
            let dose = &exercise.dose;
            if !(1..=10).contains(&dose.sets) || !(1..=50).contains(&dose.reps) || dose.rest_s > 600
            {
                return Err(fail(
                    id,
                    "dose out of range (sets 1-10, reps 1-50, rest 0-600 s)".into(),
                ));
            }
            let t = &exercise.tempo;
            for (phase, secs) in [("lift", t.lift_s), ("top", t.top_s), ("lower", t.lower_s)] {
                if !(0.0..=120.0).contains(&secs) {
                    return Err(fail(
                        id,
                        format!("tempo {phase}_s {secs} is outside 0-120 s"),
                    ));
                }
            }
            if t.rep_seconds() <= 0.0 {
                return Err(fail(id, "tempo adds up to zero seconds".into()));
            }
            for variant in &exercise.variants {
                if variant.felt_in == Felt::Glutes
                    || variant.name.trim().is_empty()
                    || variant.how.trim().is_empty()
                    || variant.why.trim().is_empty()
                {
                    return Err(fail(
                        id,
                        "every variant needs felt_in (not glutes), a name, how and why".into(),
                    ));
                }
            }
            if let Some(plain) = &exercise.without_equipment {
                match self.exercises.get(plain) {
                    None => {
                        return Err(fail(
                            id,
                            format!("without_equipment names unknown exercise {plain:?}"),
                        ));
                    }
                    Some(other) if other.without_equipment.is_some() => {
                        return Err(fail(
                            id,
                            format!("without_equipment {plain:?} needs equipment itself"),
                        ));
                    }
                    Some(_) => {}
                }
            }
            if exercise.hold && (exercise.dose.reps != 1 || exercise.tempo.top_s < 5.0) {
                return Err(fail(
                    id,
                    "a hold has 1 rep per set and a top_s of at least 5 s".into(),
                ));
            }
            for fact in &exercise.facts {
                if fact.claim.trim().is_empty() || fact.source.trim().is_empty() {
                    return Err(fail(id, "every fact needs a claim and a source".into()));
                }
            }
        }
        Ok(())
    }

    /// The exercise with this id or alias.
    pub fn get(&self, id_or_alias: &str) -> Option<&Exercise> {
        let key = id_or_alias.trim().to_ascii_lowercase();
        self.exercises
            .get(&key)
            .or_else(|| self.exercises.values().find(|e| e.aliases.contains(&key)))
    }

    /// Like [`Library::get`], but an unknown name becomes an error that
    /// suggests the closest id.
    pub fn find(&self, id_or_alias: &str) -> Result<&Exercise, UnknownExercise> {
        self.get(id_or_alias).ok_or_else(|| UnknownExercise {
            given: id_or_alias.to_string(),
            suggestion: self.closest(id_or_alias).map(str::to_string),
        })
    }

    /// The id or alias nearest to `name` by edit distance, if any is close.
    pub fn closest(&self, name: &str) -> Option<&str> {
        let name = name.trim().to_ascii_lowercase();
        self.exercises
            .values()
            .flat_map(|e| {
                std::iter::once(e.id.as_str()).chain(e.aliases.iter().map(String::as_str))
            })
            .map(|candidate| {
                let distance = if candidate.contains(name.as_str()) && name.len() >= 3 {
                    0
                } else {
                    edit_distance(&name, candidate)
                };
                (distance, candidate)
            })
            .filter(|(distance, candidate)| *distance <= candidate.len().max(name.len()) / 2)
            .min()
            .map(|(_, candidate)| self.get(candidate).map_or(candidate, |e| e.id.as_str()))
    }

    /// All exercises, ordered by level then id.
    pub fn all(&self) -> Vec<&Exercise> {
        let mut list: Vec<&Exercise> = self.exercises.values().collect();
        list.sort_by(|a, b| (a.level, &a.id).cmp(&(b.level, &b.id)));
        list
    }

    /// Number of exercises.
    pub fn len(&self) -> usize {
        self.exercises.len()
    }

    /// True when the library holds no exercise.
    pub fn is_empty(&self) -> bool {
        self.exercises.is_empty()
    }
}

/// An exercise name that matches no id or alias. Its sentence names no
/// front end's command: the terminal and the browser both show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownExercise {
    pub given: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for UnknownExercise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown exercise {:?}", self.given)?;
        match &self.suggestion {
            Some(s) => write!(
                f,
                "; did you mean {s:?}? (the exercise library lists them all)"
            ),
            None => write!(f, "; the exercise library lists them all"),
        }
    }
}

impl std::error::Error for UnknownExercise {}

fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Levenshtein distance over bytes (ids are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_library_is_valid() {
        let library = Library::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(library.get("active-shoulder-bridge").is_some());
        assert_eq!(
            library.get("bridge").map(|e| e.id.as_str()),
            Some("active-shoulder-bridge")
        );
    }

    #[test]
    fn every_exercise_has_sourced_facts_and_fixes() {
        let library = Library::embedded().unwrap();
        for exercise in library.all() {
            assert!(
                !exercise.facts.is_empty(),
                "{} has no sourced fact",
                exercise.id
            );
            assert!(
                !exercise.faults.is_empty(),
                "{} has no common fault",
                exercise.id
            );
        }
    }

    #[test]
    fn the_ladder_from_the_research_is_present() {
        let library = Library::embedded().unwrap();
        for id in [
            "active-shoulder-bridge",
            "bridge-top-hold",
            "banded-bridge",
            "marching-bridge",
            "single-leg-bridge",
            "clamshell",
            "side-lying-hip-abduction",
            "side-plank",
            "side-plank-leg-lift",
            "bird-dog",
            "lateral-band-walk",
            "single-leg-squat-to-box",
            "single-leg-deadlift",
            "step-up",
            "hip-thrust",
        ] {
            assert!(library.get(id).is_some(), "missing {id}");
        }
    }

    #[test]
    fn unknown_names_get_the_closest_suggestion() {
        let library = Library::embedded().unwrap();
        let err = library.find("brige").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("active-shoulder-bridge"));
        let err = library.find("clamshel").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("clamshell"));
        assert!(err.to_string().contains("did you mean \"clamshell\""));
        assert_eq!(library.find("zzzzzzzzzzzzzz").unwrap_err().suggestion, None);
    }

    #[test]
    fn broken_files_are_rejected_with_the_file_name() {
        let err = Library::from_files([("x.toml", "id = 3")]).unwrap_err();
        assert_eq!(err.file, "x.toml");
        let good = Library::embedded().unwrap();
        let bridge = good.get("bridge").unwrap();
        let mut text = toml::to_string(bridge).unwrap();
        text = text.replace("id = \"active-shoulder-bridge\"", "id = \"other\"");
        let err =
            Library::from_files([("active-shoulder-bridge.toml", text.as_str())]).unwrap_err();
        assert!(err.message.contains("must equal the file name"), "{err}");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("bridge", "bridge"), 0);
        assert_eq!(edit_distance("brige", "bridge"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
