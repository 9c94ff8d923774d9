//! Interoperability with other tools, as pure functions from records to bytes
//! and back: an iCalendar feed of coming sessions ([`ical`]), FIT activity
//! files of strength sessions ([`fit_strength`]), and imports from the CSV
//! exports of other strength loggers ([`strength_csv`]).
//!
//! Nothing here reads or writes files; the front ends hand in bytes and take
//! bytes or records back.
//!
//! Two representations are defined here because imports need them and every
//! other part of the app must accept them:
//!
//! - **Custom exercises.** An exercise that is not in the library (an
//!   imported "Cable Kickback") is recorded with the exercise id
//!   `custom:<slug>`, the slug being the name in lower case with every run of
//!   other characters turned into one `-` (`custom:cable-kickback`). The
//!   library never has such an id ([`is_custom`]); prescription and
//!   progression ignore these sets because no stage names them; lists show
//!   them by [`custom_label`]; exports keep the id as it is.
//! - **Warm-up sets.** A warm-up set is a [`SetRecord`] with
//!   `target_reps == 0` ([`is_warmup`]): nothing was prescribed for it, it
//!   was extra work before the working sets. Its `reps` keep what was done.
//!   Progression must count only sets with `target_reps > 0`. Working sets
//!   always have a target of at least one repetition, except an imported
//!   working set that recorded no repetition at all, which then reads as a
//!   warm-up and changes no count either way.

pub mod fit_strength;
pub mod ical;
pub mod names;
pub mod strength_csv;

mod csv;
mod table;
mod workouts;

use crate::model::SetRecord;

/// The prefix of every custom exercise id.
pub const CUSTOM_PREFIX: &str = "custom:";

/// Longest slug of a custom exercise id, in characters; longer names are cut.
pub const CUSTOM_SLUG_MAX_CHARS: usize = 60;

/// The custom exercise id for a name that is not in the library:
/// `custom:` and the slug of the name. `None` when the name has no letter or
/// digit to make a slug from.
pub fn custom_id(name: &str) -> Option<String> {
    let mut slug = String::new();
    let mut chars = 0;
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let needed = word.chars().count() + usize::from(!slug.is_empty());
        if chars + needed > CUSTOM_SLUG_MAX_CHARS {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
        chars += needed;
    }
    if slug.is_empty() {
        // A first word longer than the limit: keep its beginning.
        slug = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .take(CUSTOM_SLUG_MAX_CHARS)
            .collect();
    }
    (!slug.is_empty()).then(|| format!("{CUSTOM_PREFIX}{slug}"))
}

/// True for the id of a custom exercise.
pub fn is_custom(exercise_id: &str) -> bool {
    exercise_id.starts_with(CUSTOM_PREFIX)
}

/// A readable name for a custom exercise id: `custom:cable-kickback` reads
/// "Cable kickback". `None` for any other id.
pub fn custom_label(exercise_id: &str) -> Option<String> {
    let slug = exercise_id.strip_prefix(CUSTOM_PREFIX)?;
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// True for a warm-up set: one with no prescribed repetitions.
pub fn is_warmup(set: &SetRecord) -> bool {
    set.is_warmup()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_are_slugs_with_a_prefix() {
        assert_eq!(
            custom_id("Cable Kickback (Cable)").as_deref(),
            Some("custom:cable-kickback-cable")
        );
        assert_eq!(
            custom_id("  Hüft-Strecker, einbeinig ").as_deref(),
            Some("custom:hüft-strecker-einbeinig")
        );
        assert_eq!(custom_id("?!"), None);
        let long = custom_id(&"word ".repeat(40)).unwrap();
        assert!(long.chars().count() <= CUSTOM_PREFIX.len() + CUSTOM_SLUG_MAX_CHARS);
        assert!(!long.ends_with('-'));
        let one_long_word = custom_id(&"x".repeat(100)).unwrap();
        assert_eq!(
            one_long_word.chars().count(),
            CUSTOM_PREFIX.len() + CUSTOM_SLUG_MAX_CHARS
        );
    }

    #[test]
    fn custom_ids_read_back_as_labels() {
        let id = custom_id("Cable Kickback").unwrap();
        assert!(is_custom(&id));
        assert!(!is_custom("clamshell"));
        assert_eq!(custom_label(&id).as_deref(), Some("Cable kickback"));
        assert_eq!(custom_label("clamshell"), None);
    }

    #[test]
    fn warm_ups_have_no_target() {
        let mut set = SetRecord {
            exercise: "hip-thrust".into(),
            position: 1,
            reps: 8,
            target_reps: 0,
            side: None,
            hold_s: 0.0,
            tension_s: 0.0,
            completed_at_ms: 0,
        };
        assert!(is_warmup(&set));
        set.target_reps = 8;
        assert!(!is_warmup(&set));
    }
}
