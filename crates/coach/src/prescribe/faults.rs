//! Felt in the wrong place: the escalation when an exercise keeps being felt
//! in the hamstrings, low back, thighs or front of the hip.
//!
//! 1. The first sessions carry the exercise's own fix as the cue to focus on.
//! 2. The same fault [`FAULT_SESSIONS_TO_CHANGE`] sessions running changes
//!    how the exercise is done: its variant for that fault from the content
//!    (e.g. the bridge felt in the hamstrings: feet closer, hands on the
//!    glutes, a shorter range), or a general one. The variant stays for the
//!    rest of the stage once it works.
//! 3. At [`FAULT_SESSIONS_TO_FILM`] it suggests filming a set or the camera
//!    count; at [`FAULT_SESSIONS_TO_CLINICIAN`] a physiotherapist or coach
//!    who can watch. Both stay until the exercise is felt in the glutes.
//!
//! The counts are our convention. Every change says why, and names the
//! exercise it is about.

use crate::library::{Exercise, Library};
use crate::model::Felt;
use crate::rules::{FAULT_SESSIONS_TO_CHANGE, FAULT_SESSIONS_TO_CLINICIAN, FAULT_SESSIONS_TO_FILM};

/// The escalation so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct FaultState {
    /// The fault felt in a row, the exercise it was felt in, and how many
    /// sessions running.
    pub current: Option<(String, Felt, u32)>,
    /// The variant in use: (exercise, the fault it answers).
    pub variant: Option<(String, Felt)>,
    /// The cue to focus on next time: (exercise, cue).
    pub focus: Option<(String, String)>,
}

/// A way to do the exercise differently, from the content or general.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct VariantWords {
    pub name: String,
    pub how: String,
    pub why: String,
}

/// The variant for `felt` in `exercise`: the content's, else a general one.
pub(super) fn variant_for(exercise: Option<&Exercise>, felt: Felt) -> VariantWords {
    if let Some(v) = exercise.and_then(|e| e.variant_for(felt)) {
        return VariantWords {
            name: v.name.clone(),
            how: v.how.clone(),
            why: v.why.clone(),
        };
    }
    let (name, how) = match felt {
        Felt::Hamstrings => (
            "shorter range, hands on the glutes",
            "Move only through the part of the range where you feel your glutes, slowly, with your hands on them.",
        ),
        Felt::LowBack => (
            "back flat first, smaller range",
            "Brace your belly and flatten your low back before each rep, and stop the movement before your back arches.",
        ),
        Felt::Quads => (
            "weight back, smaller range",
            "Shift your weight towards your heels and hips, and work in a smaller range until you feel the glutes.",
        ),
        Felt::FrontOfHip => (
            "smaller range, squeeze first",
            "Squeeze your glutes before you move and stop short of where the front of the hip pinches.",
        ),
        Felt::Glutes | Felt::Other => (
            "slower, hands on the glutes",
            "Slow down, rest a hand on your glutes and squeeze them into your palm before each rep.",
        ),
    };
    VariantWords {
        name: name.into(),
        how: how.into(),
        why: "A smaller, slower range lets you keep the work where you can feel it; a cue to use the glutes raised their activity in a study of hip extension (Lewis & Sahrmann 2009).".into(),
    }
}

/// The plain fix for `felt` in `exercise`: the content's, else a general one.
fn fix_for(exercise: Option<&Exercise>, felt: Felt) -> String {
    exercise
        .and_then(|e| e.fix_for(felt).map(|f| f.fix.clone()))
        .unwrap_or_else(|| {
            match felt {
                Felt::Hamstrings => {
                    "bring your feet a little closer to your hips and push through the heels."
                }
                Felt::LowBack => {
                    "tuck your tailbone slightly before lifting and stop when hips, knees and shoulders form a line; do not arch higher."
                }
                Felt::Quads => "keep your weight in your heels rather than your toes.",
                Felt::FrontOfHip => {
                    "keep the movement smaller and squeeze the glutes before you move."
                }
                Felt::Glutes | Felt::Other => {
                    "put your hands on your glutes and squeeze them before each rep."
                }
            }
            .to_string()
        })
}

/// Where it was felt, in words.
pub(super) fn felt_words(felt: Felt) -> &'static str {
    match felt {
        Felt::Glutes => "glutes",
        Felt::Hamstrings => "hamstrings",
        Felt::LowBack => "lower back",
        Felt::Quads => "thighs",
        Felt::FrontOfHip => "front of the hip",
        Felt::Other => "other muscles",
    }
}

impl FaultState {
    /// A session of `exercise` felt mainly in `felt` (not the glutes).
    /// Returns what to tell the runner.
    pub fn on_fault(&mut self, library: &Library, exercise: &str, felt: Felt) -> String {
        let count = match &self.current {
            Some((e, f, n)) if e == exercise && *f == felt => n + 1,
            _ => 1,
        };
        self.current = Some((exercise.to_string(), felt, count));
        let found = library.get(exercise);
        let name = found.map_or(exercise, |e| e.name.as_str());
        let place = felt_words(felt);
        if count < FAULT_SESSIONS_TO_CHANGE {
            let fix = fix_for(found, felt);
            self.focus = Some((exercise.to_string(), fix.clone()));
            return format!(
                "In the {name} you felt it mostly in your {place}: no step up yet. Focus on this: {fix}"
            );
        }
        self.focus = None;
        let variant = variant_for(found, felt);
        if count == FAULT_SESSIONS_TO_CHANGE
            || self.variant.as_ref() != Some(&(exercise.to_string(), felt))
        {
            self.variant = Some((exercise.to_string(), felt));
            return format!(
                "{count} sessions running you felt the {name} mostly in your {place}, even with the cue, so the way you do it changes: {}. {} {}",
                variant.name, variant.how, variant.why
            );
        }
        format!(
            "{count} sessions running the {name} landed mostly in your {place}: keep the change ({}) and see the advice below.",
            variant.name
        )
    }

    /// A session of `exercise` felt in the glutes: the escalation ends; a
    /// variant that worked stays. Returns what to tell the runner, if anything.
    pub fn on_glutes(&mut self, library: &Library, exercise: &str) -> Option<String> {
        let was = self.current.take();
        self.focus = None;
        match (&self.variant, was) {
            (Some((e, _)), Some(_)) if e == exercise => {
                let name = library.get(exercise).map_or(exercise, |x| x.name.as_str());
                Some(format!(
                    "Felt in the glutes with the change: keep doing the {name} this way."
                ))
            }
            _ => None,
        }
    }

    /// The stage changed: a new exercise starts without the old escalation.
    pub fn reset(&mut self) {
        *self = FaultState::default();
    }

    /// The advice while a fault lasts: film, then a professional.
    pub fn advice(&self, library: &Library) -> Option<String> {
        let (exercise, felt, count) = self.current.as_ref()?;
        let name = library
            .get(exercise)
            .map_or(exercise.as_str(), |e| e.name.as_str());
        let place = felt_words(*felt);
        if *count >= FAULT_SESSIONS_TO_CLINICIAN {
            Some(format!(
                "The {name} has been felt mostly in your {place} for {count} sessions running, despite the changes. A physiotherapist or coach who can watch you move is the next step; until then keep the changed version and stop anything that hurts."
            ))
        } else if *count >= FAULT_SESSIONS_TO_FILM {
            Some(format!(
                "The {name} keeps landing in your {place} ({count} sessions running). Film one set from the side at hip height, or use Live count with the camera, and compare with the set-up steps: how high the hips go and how fast you lower often show why."
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_fault_escalates_from_cue_to_variant_to_film_to_clinician() {
        let library = Library::embedded().unwrap();
        let mut state = FaultState::default();
        let bridge = "active-shoulder-bridge";
        let first = state.on_fault(&library, bridge, Felt::Hamstrings);
        assert!(first.contains("Active Shoulder Bridge") && first.contains("Focus on this"));
        assert!(state.focus.is_some() && state.variant.is_none());
        state.on_fault(&library, bridge, Felt::Hamstrings);
        let third = state.on_fault(&library, bridge, Felt::Hamstrings);
        assert!(third.contains("changes"), "{third}");
        assert_eq!(state.variant, Some((bridge.to_string(), Felt::Hamstrings)));
        assert!(state.advice(&library).is_none());
        state.on_fault(&library, bridge, Felt::Hamstrings);
        state.on_fault(&library, bridge, Felt::Hamstrings);
        assert!(state.advice(&library).unwrap().contains("Film"));
        state.on_fault(&library, bridge, Felt::Hamstrings);
        state.on_fault(&library, bridge, Felt::Hamstrings);
        assert!(state.advice(&library).unwrap().contains("physiotherapist"));
        let glutes = state.on_glutes(&library, bridge).unwrap();
        assert!(glutes.contains("keep doing"));
        assert!(state.advice(&library).is_none());
        assert!(state.variant.is_some(), "a variant that works stays");
    }

    #[test]
    fn a_different_fault_starts_its_own_count() {
        let library = Library::embedded().unwrap();
        let mut state = FaultState::default();
        let bridge = "active-shoulder-bridge";
        state.on_fault(&library, bridge, Felt::Hamstrings);
        state.on_fault(&library, bridge, Felt::Hamstrings);
        let back = state.on_fault(&library, bridge, Felt::LowBack);
        assert!(back.contains("lower back") && back.contains("Focus"));
    }
}
