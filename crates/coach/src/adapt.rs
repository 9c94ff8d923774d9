//! Adapting today's plan on the day, as the runner asks: the primer only (the
//! 3-5 minute activation the running advice mentions), an exercise swapped
//! for its equivalent without equipment, or the session shortened to fit a
//! number of minutes. Pure functions of a [`Prescription`]: each returns the
//! adapted plan with a line in `changes` saying what was adapted and why.

use crate::library::Library;
use crate::prescribe::{PrescribedItem, Prescription, minutes_of, primer_items};
use crate::program::Program;

/// Why a plan cannot be adapted as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdaptError {
    #[error("{0:?} is not in today's plan; pick one of its exercises")]
    NotInPlan(String),
    #[error("the {0} needs no equipment, so there is nothing to swap")]
    NeedsNothing(String),
    #[error("minutes {0:?} is not valid: expected a number of minutes above 0")]
    BadMinutes(String),
}

/// Today with only the primer.
pub fn primer_only(plan: &Prescription, program: &Program, library: &Library) -> Prescription {
    let mut adapted = plan.clone();
    adapted.items = primer_items(program, library)
        .into_iter()
        .map(|mut item| {
            item.optional = plan.day.is_rest();
            item.why =
                "The primer only, as you asked: a few minutes of light activation. It keeps the habit; it does not count toward the next stage.".into();
            item
        })
        .collect();
    adapted.minutes = minutes_of(&adapted.items, library);
    adapted.changes.push(format!(
        "Primer only today (about {:.0} min) instead of the full session.",
        adapted.minutes
    ));
    adapted
}

/// Today with `exercise` (id or alias) swapped for its equivalent that needs
/// no equipment, at the same sets and reps.
pub fn without_equipment(
    plan: &Prescription,
    library: &Library,
    exercise: &str,
) -> Result<Prescription, AdaptError> {
    let found = library
        .get(exercise)
        .filter(|e| plan.items.iter().any(|i| i.exercise == e.id))
        .ok_or_else(|| AdaptError::NotInPlan(exercise.to_string()))?;
    let plain = found
        .without_equipment
        .as_deref()
        .and_then(|id| library.get(id))
        .ok_or_else(|| AdaptError::NeedsNothing(found.name.clone()))?;
    let mut adapted = plan.clone();
    for item in adapted.items.iter_mut().filter(|i| i.exercise == found.id) {
        let reps = if plain.hold { 1 } else { item.reps };
        let mut swapped = crate::prescribe::item_for(
            library,
            &plain.id,
            item.sets,
            reps,
            None,
            &format!(
                "In place of the {} (it needs {}), at the same dose.",
                found.name,
                found.equipment.join(", ")
            ),
        );
        swapped.start_side = item.start_side;
        swapped.side_only = item.side_only;
        swapped.optional = item.optional;
        if swapped.side_only.is_some() {
            swapped.per_side = false;
        }
        *item = swapped;
    }
    adapted.minutes = minutes_of(&adapted.items, library);
    adapted.changes.push(format!(
        "The {} is swapped for the {}, which needs no equipment.",
        found.name, plain.name
    ));
    Ok(adapted)
}

/// Today shortened to fit `minutes`: sets come off the largest items first
/// (extra one-side sets first of all), never below one set; then the last
/// items go, but the first exercise always stays.
pub fn shorten(
    plan: &Prescription,
    library: &Library,
    minutes: f64,
) -> Result<Prescription, AdaptError> {
    if !minutes.is_finite() || minutes <= 0.0 {
        return Err(AdaptError::BadMinutes(minutes.to_string()));
    }
    let mut items: Vec<PrescribedItem> = plan.items.clone();
    let fits = |items: &[PrescribedItem]| minutes_of(items, library) <= minutes;
    while !fits(&items) {
        if let Some(extra) = items.iter().rposition(|i| i.side_only.is_some()) {
            items.remove(extra);
            continue;
        }
        let largest = items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.sets > 1)
            .max_by_key(|(index, i)| (i.sets, *index))
            .map(|(index, _)| index);
        if let Some(index) = largest {
            items[index].sets -= 1;
            continue;
        }
        if items.len() > 1 {
            items.pop();
            continue;
        }
        break;
    }
    let mut adapted = plan.clone();
    let before = plan.minutes;
    adapted.items = items;
    adapted.minutes = minutes_of(&adapted.items, library);
    adapted.changes.push(if adapted.minutes <= minutes {
        format!(
            "Shortened to fit {minutes:.0} min: about {:.0} min instead of {before:.0}. A short session keeps the habit; it counts as done, not toward the next stage.",
            adapted.minutes
        )
    } else {
        format!(
            "This is as short as today's plan gets: about {:.0} min (one set of the first exercise).",
            adapted.minutes
        )
    });
    Ok(adapted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescribe::{PlanInputs, prescribe};
    use jiff::civil::date;

    fn plan(program: &Program, library: &Library, stage: usize) -> Prescription {
        let mut plan = prescribe(&PlanInputs {
            program,
            library,
            sessions: &[],
            assessments: &[],
            runs: &[],
            race: None,
            today: date(2026, 11, 2),
            check_in: None,
        });
        plan.items = program.stages[stage]
            .items
            .iter()
            .map(|i| {
                crate::prescribe::item_for(library, &i.exercise, i.sets, i.reps, i.hold_s, "test")
            })
            .collect();
        plan.minutes = minutes_of(&plan.items, library);
        plan
    }

    #[test]
    fn the_primer_takes_a_few_minutes() {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        let today = plan(&program, &library, 3);
        let primer = primer_only(&today, &program, &library);
        assert!(
            primer.minutes >= 2.0 && primer.minutes <= 5.0,
            "{}",
            primer.minutes
        );
        assert!(primer.minutes < today.minutes);
        assert!(primer.changes.last().unwrap().contains("Primer only"));
    }

    #[test]
    fn a_band_exercise_swaps_for_one_without_equipment() {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        let today = plan(&program, &library, 3);
        let swapped = without_equipment(&today, &library, "banded-bridge").unwrap();
        assert_eq!(swapped.items[0].exercise, "active-shoulder-bridge");
        assert_eq!(swapped.items[0].sets, today.items[0].sets);
        assert!(matches!(
            without_equipment(&today, &library, "clamshell"),
            Err(AdaptError::NeedsNothing(_))
        ));
        assert!(matches!(
            without_equipment(&today, &library, "hip-thrust"),
            Err(AdaptError::NotInPlan(_))
        ));
    }

    #[test]
    fn shortening_takes_sets_off_and_keeps_the_first_exercise() {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        let today = plan(&program, &library, 5);
        let short = shorten(&today, &library, 8.0).unwrap();
        assert!(short.minutes <= 8.0, "{}", short.minutes);
        assert_eq!(short.items[0].exercise, today.items[0].exercise);
        let tiny = shorten(&today, &library, 0.5).unwrap();
        assert_eq!(tiny.items.len(), 1);
        assert_eq!(tiny.items[0].sets, 1);
        assert!(tiny.changes.last().unwrap().contains("as short as"));
        assert!(shorten(&today, &library, -1.0).is_err());
    }
}
