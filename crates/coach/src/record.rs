//! What may be recorded, written once for every way in: the guided session
//! (terminal and browser), `runstrong log`, the JSON API, the forms and
//! imported backups all validate sets, sessions and notes here, and hand logs
//! build their set records here.
//!
//! Every refusal is one sentence naming the value and what was expected;
//! numbers are shown short, so a 300-digit number is never echoed back.
//!
//! A set names a library exercise by its id, or a custom exercise (one
//! imported from another logger that the library does not have) by a
//! well-formed `custom:<slug>` id ([`check_custom_id`]; the form is defined in
//! [`crate::interop`]). A custom exercise's sides are not known, so a side is
//! accepted on it.

use std::collections::BTreeSet;

use jiff::civil::Date;

use crate::interop::{CUSTOM_PREFIX, CUSTOM_SLUG_MAX_CHARS};
use crate::library::{Exercise, Library};
use crate::model::{Session, SetRecord, Side};

/// Longest note kept with a session or a self-check, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Most repetitions in one set.
pub const MAX_REPS: u32 = 500;
/// Most sets in one session.
pub const MAX_SETS: usize = 1000;
/// Longest hold at the top of a rep, and longest time under tension of one
/// set, in seconds (ten hours: anything longer is a typo or a broken clock).
pub const MAX_SET_SECONDS: f64 = 36_000.0;
/// The earliest training day accepted (runstrong's sessions are recent; a
/// date before this is a typo such as 1026 for 2026).
pub const EARLIEST_DAY: Date = jiff::civil::date(2000, 1, 1);
/// How far a client's clock may run ahead of ours before a time counts as
/// "in the future" (a day: time zones and drifting phone clocks).
pub const CLOCK_SLACK_MS: i64 = 86_400_000;

/// A value that cannot be recorded: one sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// A number as it may appear in a message: short, whatever its size.
pub fn shown(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value.abs() >= 1e7 {
        return format!("{value:.2e}");
    }
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Milliseconds since 1970 of `EARLIEST_DAY`, the lower bound for instants.
const EARLIEST_MS: i64 = 946_684_800_000;

/// Checks an instant (Unix milliseconds) named `what`: not before 2000 and
/// not more than [`CLOCK_SLACK_MS`] after `now_ms`.
pub fn check_instant(what: &str, at_ms: i64, now_ms: i64) -> Result<(), Invalid> {
    if at_ms < EARLIEST_MS || at_ms > now_ms.saturating_add(CLOCK_SLACK_MS) {
        return Err(Invalid(format!(
            "{what} {at_ms} is not a plausible time: expected milliseconds since 1970, from the year 2000 up to now"
        )));
    }
    Ok(())
}

/// Checks a training day: from [`EARLIEST_DAY`] up to `today`.
pub fn check_day(date: Date, today: Date) -> Result<(), Invalid> {
    if date > today {
        return Err(Invalid(format!(
            "the date {date} is in the future: expected {today} or earlier"
        )));
    }
    if date < EARLIEST_DAY {
        return Err(Invalid(format!(
            "the date {date} is too long ago: expected {EARLIEST_DAY} or later"
        )));
    }
    Ok(())
}

/// Checks a note: at most [`MAX_NOTE_CHARS`] characters and no control
/// characters other than line breaks and tabs (they could rewrite a
/// terminal when the note is printed).
pub fn check_note(note: &str) -> Result<(), Invalid> {
    let count = note.chars().count();
    if count > MAX_NOTE_CHARS {
        return Err(Invalid(format!(
            "the note is {count} characters long: at most {MAX_NOTE_CHARS}"
        )));
    }
    if let Some(c) = note
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        return Err(Invalid(format!(
            "the note holds the control character U+{:04X}: notes are plain text",
            u32::from(c)
        )));
    }
    Ok(())
}

/// A note as the user meant it: trimmed, and `None` when empty.
pub fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// Finds the exercise a set names by its id (aliases are for people; a
/// stored set always carries the id).
fn exercise_of<'l>(library: &'l Library, id: &str) -> Result<&'l Exercise, Invalid> {
    match library.get(id) {
        Some(exercise) if exercise.id == id => Ok(exercise),
        _ => {
            let hint = library
                .closest(id)
                .map(|c| format!(" (did you mean {c}?)"))
                .unwrap_or_default();
            Err(Invalid(format!(
                "unknown exercise {:?}{hint}: expected an exercise id from the library",
                short_text(id)
            )))
        }
    }
}

/// At most 60 characters of `text`, for messages.
fn short_text(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(59).collect();
        cut.push('…');
        cut
    }
}

/// Whether an exercise is done one side at a time.
pub fn is_one_sided(exercise: &Exercise) -> bool {
    exercise.unilateral || exercise.dose.per_side
}

/// Combining diacritical marks: lower-casing "İ" gives "i" and U+0307, so
/// a slug may hold them.
const COMBINING_MARKS: std::ops::RangeInclusive<char> = '\u{300}'..='\u{36f}';

/// Checks a custom exercise id: `custom:` and a slug of 1 to
/// [`CUSTOM_SLUG_MAX_CHARS`] characters, lower-case letters, digits and
/// single inner hyphens as [`crate::interop::custom_id`] makes them (with the combining
/// marks lower-casing can leave beside a letter; whitespace, punctuation and
/// control characters are refused).
pub fn check_custom_id(id: &str) -> Result<(), Invalid> {
    let slug = id.strip_prefix(CUSTOM_PREFIX).unwrap_or(id);
    let chars = slug.chars().count();
    let well_formed = (1..=CUSTOM_SLUG_MAX_CHARS).contains(&chars)
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug.chars().all(|c| {
            (c == '-' || c.is_alphanumeric() || COMBINING_MARKS.contains(&c))
                && c.to_lowercase().eq(std::iter::once(c))
        });
    if !id.starts_with(CUSTOM_PREFIX) || !well_formed {
        return Err(Invalid(format!(
            "{:?} is not a custom exercise id: expected custom: and up to {CUSTOM_SLUG_MAX_CHARS} lower-case letters, digits and single hyphens, such as custom:cable-kickback",
            short_text(id)
        )));
    }
    Ok(())
}

/// Checks one set against the library and the clock. A custom exercise
/// (`custom:<slug>`) needs only a well-formed id.
pub fn check_set(set: &SetRecord, library: &Library, now_ms: i64) -> Result<(), Invalid> {
    let exercise = if set.exercise.starts_with(CUSTOM_PREFIX) {
        check_custom_id(&set.exercise)?;
        None
    } else {
        Some(exercise_of(library, &set.exercise)?)
    };
    let id = exercise.map_or(set.exercise.as_str(), |e| e.id.as_str());
    let at = format!("set {} of {id}", set.position);
    if set.position == 0 || set.position as usize > MAX_SETS {
        return Err(Invalid(format!(
            "set position {} is out of range: expected 1 to {MAX_SETS}",
            set.position
        )));
    }
    for (name, value) in [("reps", set.reps), ("target reps", set.target_reps)] {
        if value > MAX_REPS {
            return Err(Invalid(format!(
                "{at} has {value} {name}: expected 0 to {MAX_REPS}"
            )));
        }
    }
    for (name, value) in [
        ("a hold of", set.hold_s),
        ("a time under tension of", set.tension_s),
    ] {
        if !value.is_finite() || !(0.0..=MAX_SET_SECONDS).contains(&value) {
            return Err(Invalid(format!(
                "{at} has {name} {} s: expected seconds from 0 to {}",
                shown(value),
                shown(MAX_SET_SECONDS)
            )));
        }
    }
    if let Some(exercise) = exercise
        && set.side.is_some()
        && !is_one_sided(exercise)
    {
        return Err(Invalid(format!(
            "{at} names a side, but {} works both legs at once: leave the side out",
            exercise.name
        )));
    }
    check_instant(&format!("{at} completed at"), set.completed_at_ms, now_ms)
}

/// Checks a whole session before it is stored (logged, imported, or sent by
/// the API): its day, answers, note and every set, positions unique.
pub fn check_session(
    session: &Session,
    library: &Library,
    today: Date,
    now_ms: i64,
) -> Result<(), Invalid> {
    check_day(session.date, today)?;
    let when = format!("the session of {}", session.date);
    check_instant(&format!("{when}: its start"), session.started_at_ms, now_ms)?;
    if let Some(finished) = session.finished_at_ms {
        check_instant(&format!("{when}: its end"), finished, now_ms)?;
    }
    session
        .feedback
        .validate()
        .map_err(|e| Invalid(format!("{when}: {e}")))?;
    if let Some(note) = &session.note {
        check_note(note).map_err(|e| Invalid(format!("{when}: {e}")))?;
    }
    if session.sets.len() > MAX_SETS {
        return Err(Invalid(format!(
            "{when} has {} sets: at most {MAX_SETS}",
            session.sets.len()
        )));
    }
    let mut positions = BTreeSet::new();
    for set in &session.sets {
        check_set(set, library, now_ms).map_err(|e| Invalid(format!("{when}: {e}")))?;
        if !positions.insert(set.position) {
            return Err(Invalid(format!(
                "{when} has two sets at position {}: each set needs its own position",
                set.position
            )));
        }
    }
    Ok(())
}

/// Sets logged by hand (`runstrong log bridge 3x10`): `sets` sets of `reps`
/// reps, on the given side, or on both sides in turn for a one-sided
/// exercise when no side is given. The hold defaults to the exercise's
/// tempo; time under tension is reps × (lift + hold + lower).
pub fn hand_logged_sets(
    exercise: &Exercise,
    sets: u32,
    reps: u32,
    hold_s: Option<f64>,
    side: Option<Side>,
    completed_at_ms: i64,
) -> Result<Vec<SetRecord>, Invalid> {
    if side.is_some() && !is_one_sided(exercise) {
        return Err(Invalid(format!(
            "{} works both legs at once, so it takes no side: leave --side out",
            exercise.name
        )));
    }
    if sets == 0 || sets as usize > MAX_SETS / 2 || reps > MAX_REPS {
        return Err(Invalid(format!(
            "{sets} × {reps} is out of range: expected 1 to {} sets of 0 to {MAX_REPS} reps",
            MAX_SETS / 2
        )));
    }
    let hold_s = hold_s.unwrap_or(exercise.tempo.top_s);
    if !hold_s.is_finite() || !(0.0..=300.0).contains(&hold_s) {
        return Err(Invalid(format!(
            "a hold of {} s is out of range: expected 0 to 300 seconds",
            shown(hold_s)
        )));
    }
    let sides: Vec<Option<Side>> = match (side, is_one_sided(exercise)) {
        (Some(side), _) => vec![Some(side)],
        (None, true) => vec![Some(Side::Left), Some(Side::Right)],
        (None, false) => vec![None],
    };
    let rep_seconds = exercise.tempo.lift_s + hold_s + exercise.tempo.lower_s;
    let mut records = Vec::new();
    for _ in 0..sets {
        for side in &sides {
            records.push(SetRecord {
                exercise: exercise.id.clone(),
                position: records.len() as u32 + 1,
                reps,
                target_reps: reps,
                side: *side,
                hold_s,
                tension_s: f64::from(reps) * rep_seconds,
                completed_at_ms,
            });
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feedback, Source};

    const NOW: i64 = 1_780_000_000_000;

    fn library() -> Library {
        Library::embedded().unwrap()
    }

    fn set(exercise: &str, position: u32) -> SetRecord {
        SetRecord {
            exercise: exercise.into(),
            position,
            reps: 10,
            target_reps: 10,
            side: None,
            hold_s: 1.0,
            tension_s: 60.0,
            completed_at_ms: NOW - 1000,
        }
    }

    fn session(sets: Vec<SetRecord>) -> Session {
        Session {
            id: 0,
            date: jiff::civil::date(2026, 5, 1),
            source: Source::Import,
            started_at_ms: NOW - 60_000,
            finished_at_ms: None,
            stage: None,
            feedback: Feedback::default(),
            note: None,
            prescribed: Vec::new(),
            sets,
        }
    }

    fn today() -> Date {
        jiff::civil::date(2026, 5, 28)
    }

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(shown(1e308), "1.00e308");
        assert_eq!(shown(-0.0), "0");
        assert_eq!(shown(2.5), "2.5");
        assert_eq!(shown(60.0), "60");
        let mut s = set("active-shoulder-bridge", 1);
        s.tension_s = 1e308;
        let err = check_set(&s, &library(), NOW).unwrap_err().0;
        assert!(err.len() < 160, "{err}");
        assert!(err.contains("1.00e308"), "{err}");
    }

    #[test]
    fn sets_are_checked_against_the_library_and_ranges() {
        let lib = library();
        assert_eq!(
            check_set(&set("active-shoulder-bridge", 1), &lib, NOW),
            Ok(())
        );
        let err = check_set(&set("moonwalk", 1), &lib, NOW).unwrap_err().0;
        assert!(err.starts_with("unknown exercise \"moonwalk\""), "{err}");
        let err = check_set(&set("bridge", 1), &lib, NOW).unwrap_err().0;
        assert!(
            err.contains("unknown exercise \"bridge\""),
            "aliases are not ids: {err}"
        );
        let mut negative = set("active-shoulder-bridge", 1);
        negative.hold_s = -1.0;
        assert!(
            check_set(&negative, &lib, NOW)
                .unwrap_err()
                .0
                .contains("a hold of -1 s")
        );
        let mut sided = set("active-shoulder-bridge", 1);
        sided.side = Some(Side::Left);
        assert!(
            check_set(&sided, &lib, NOW)
                .unwrap_err()
                .0
                .contains("works both legs at once")
        );
        let mut one_leg = set("single-leg-bridge", 1);
        one_leg.side = Some(Side::Left);
        assert_eq!(check_set(&one_leg, &lib, NOW), Ok(()));
        let mut future = set("active-shoulder-bridge", 1);
        future.completed_at_ms = NOW + 2 * CLOCK_SLACK_MS;
        assert!(check_set(&future, &lib, NOW).is_err());
        assert!(check_set(&set("active-shoulder-bridge", 0), &lib, NOW).is_err());
    }

    #[test]
    fn sessions_refuse_duplicate_positions_bad_days_and_long_notes() {
        let lib = library();
        let good = session(vec![
            set("active-shoulder-bridge", 1),
            set("active-shoulder-bridge", 2),
        ]);
        assert_eq!(check_session(&good, &lib, today(), NOW), Ok(()));
        let twice = session(vec![
            set("active-shoulder-bridge", 1),
            set("active-shoulder-bridge", 1),
        ]);
        assert!(
            check_session(&twice, &lib, today(), NOW)
                .unwrap_err()
                .0
                .contains("two sets at position 1")
        );
        let mut far = good.clone();
        far.date = jiff::civil::date(9999, 1, 1);
        assert!(
            check_session(&far, &lib, today(), NOW)
                .unwrap_err()
                .0
                .contains("future")
        );
        let mut old = good.clone();
        old.date = jiff::civil::date(1900, 1, 1);
        assert!(
            check_session(&old, &lib, today(), NOW)
                .unwrap_err()
                .0
                .contains("too long ago")
        );
        let mut long = good.clone();
        long.note = Some("x".repeat(MAX_NOTE_CHARS + 1));
        assert!(check_session(&long, &lib, today(), NOW).is_err());
        let mut escape = good;
        escape.note = Some("fine\u{1b}[2J".into());
        assert!(
            check_session(&escape, &lib, today(), NOW)
                .unwrap_err()
                .0
                .contains("U+001B")
        );
    }

    #[test]
    fn hand_logs_build_both_sides_or_refuse_a_side_that_makes_no_sense() {
        let lib = library();
        let bridge = lib.find("bridge").unwrap();
        let sets = hand_logged_sets(bridge, 3, 10, None, None, NOW).unwrap();
        assert_eq!(sets.len(), 3);
        assert_eq!(
            sets.iter().map(|s| s.position).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let rep = bridge.tempo.lift_s + bridge.tempo.top_s + bridge.tempo.lower_s;
        assert_eq!(sets[0].tension_s, 10.0 * rep);
        assert!(hand_logged_sets(bridge, 1, 10, None, Some(Side::Left), NOW).is_err());
        let single = lib.find("single-leg-bridge").unwrap();
        let both = hand_logged_sets(single, 2, 8, Some(2.0), None, NOW).unwrap();
        assert_eq!(both.len(), 4);
        assert_eq!(both[0].side, Some(Side::Left));
        assert_eq!(both[1].side, Some(Side::Right));
        assert_eq!(both[0].hold_s, 2.0);
        for set in &both {
            assert_eq!(check_set(set, &lib, NOW), Ok(()));
        }
    }

    #[test]
    fn custom_exercises_need_only_a_well_formed_id() {
        let lib = library();
        let mut kickback = set("custom:cable-kickback", 1);
        assert_eq!(check_set(&kickback, &lib, NOW), Ok(()));
        kickback.side = Some(Side::Left);
        assert_eq!(
            check_set(&kickback, &lib, NOW),
            Ok(()),
            "a custom exercise's sides are not known"
        );
        for bad in [
            "custom:",
            "custom:Cable-Kickback",
            "custom:cable kickback",
            "custom:-cable",
            "custom:cable--kickback",
            "custom:cable\u{1b}[2J",
            "custom:cable/kickback",
        ] {
            let err = check_set(&set(bad, 1), &lib, NOW).unwrap_err().0;
            assert!(err.contains("is not a custom exercise id"), "{bad}: {err}");
        }
        let long = format!("custom:{}", "a".repeat(CUSTOM_SLUG_MAX_CHARS + 1));
        assert!(check_custom_id(&long).is_err());
        let mut future = set("custom:frog-pump", 1);
        future.completed_at_ms = NOW + 2 * CLOCK_SLACK_MS;
        assert!(check_set(&future, &lib, NOW).is_err(), "times still count");
    }

    proptest::proptest! {
        /// Every id the importers make is accepted when stored.
        #[test]
        fn every_custom_id_made_from_a_name_is_well_formed(name in "\\PC{1,80}") {
            if let Some(id) = crate::interop::custom_id(&name) {
                proptest::prop_assert_eq!(check_custom_id(&id), Ok(()), "{:?} from {:?}", id, name);
            }
        }
    }

    #[test]
    fn names_with_a_dotted_capital_i_make_accepted_ids() {
        let id = crate::interop::custom_id("İstanbul Squat").unwrap();
        assert_eq!(check_custom_id(&id), Ok(()));
    }
}
