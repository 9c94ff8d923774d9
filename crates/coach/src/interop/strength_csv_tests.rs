//! Tests of the Hevy and Strong importers on the sample exports in
//! `crates/coach/tests/data/` (written for these tests, not taken from
//! anyone's account).

use super::*;
use crate::interop::is_warmup;
use crate::model::{Feedback, Source};
use jiff::civil::date;

const HEVY_KG: &str = include_str!("../../tests/data/hevy-kg.csv");
const HEVY_LBS: &str = include_str!("../../tests/data/hevy-lbs.csv");
const STRONG_COMMA: &str = include_str!("../../tests/data/strong-comma.csv");
const STRONG_SEMICOLON: &str = include_str!("../../tests/data/strong-semicolon.csv");
const STRONG_V6: &str = include_str!("../../tests/data/strong-v6.csv");

/// Central European time with its real rules.
fn berlin() -> TimeZone {
    TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
}

fn library() -> Library {
    Library::embedded().unwrap()
}

fn hevy(text: &str) -> Result<ImportPlan, CsvError> {
    parse_hevy("hevy.csv", text.as_bytes(), &library(), &berlin())
}

fn strong(text: &str) -> Result<ImportPlan, CsvError> {
    parse_strong("strong.csv", text.as_bytes(), &library(), &berlin())
}

/// Milliseconds of a local Berlin time in winter (UTC+1).
fn winter_ms(day: i8, month: i8, hour: i8, minute: i8, second: i8) -> i64 {
    date(2026, month, day)
        .at(hour, minute, second, 0)
        .to_zoned_datetime(berlin())
        .unwrap()
        .timestamp()
        .as_millisecond()
}

#[test]
fn hevy_workouts_become_import_sessions_in_the_users_zone() {
    let plan = hevy(HEVY_KG).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.app, App::Hevy);
    assert_eq!((plan.rows, plan.skipped_rows), (14, 0));
    assert_eq!(plan.sessions.len(), 2);
    let first = &plan.sessions[0];
    let session = &first.session;
    assert_eq!(first.title, "Glutes after the long run");
    assert_eq!(session.source, Source::Import);
    assert_eq!(session.date, date(2026, 1, 12));
    assert_eq!(session.started_at_ms, winter_ms(12, 1, 18, 5, 0));
    assert_eq!(session.started_at_ms, 1_768_237_500_000, "17:05 UTC");
    assert_eq!(session.finished_at_ms, Some(winter_ms(12, 1, 18, 41, 0)));
    assert_eq!(session.feedback, Feedback::default());
    assert_eq!(session.sets.len(), 10);
    assert_eq!(first.sets.len(), session.sets.len());
    let positions: Vec<u32> = session.sets.iter().map(|s| s.position).collect();
    assert_eq!(positions, (1..=10).collect::<Vec<u32>>());
    assert!(
        session
            .sets
            .iter()
            .all(|s| s.completed_at_ms == winter_ms(12, 1, 18, 41, 0))
    );
    let note = session.note.as_deref().unwrap();
    assert!(note.starts_with("Glutes after the long run\nLegs heavy after 18 km, kept it easy\n"));
    assert!(note.contains("Glute Bridge: Squeeze at the top, 1 s"));
    assert_eq!(note.matches("Cable Kickback: Left side weaker").count(), 1);
}

#[test]
fn hevy_sets_keep_warm_ups_holds_loads_and_custom_exercises() {
    let plan = hevy(HEVY_KG).unwrap();
    let first = &plan.sessions[0];
    let sets = &first.session.sets;
    let bridge_warmup = &sets[0];
    assert_eq!(bridge_warmup.exercise, "active-shoulder-bridge");
    assert!(is_warmup(bridge_warmup));
    assert_eq!((bridge_warmup.reps, bridge_warmup.target_reps), (12, 0));
    assert_eq!(first.sets[0].kind, SetKind::Warmup);
    let bridge = &sets[1];
    assert!(!is_warmup(bridge));
    assert_eq!((bridge.reps, bridge.target_reps), (15, 15));
    assert_eq!(bridge.hold_s, 1.0, "the library's tempo, as hand logs");
    assert_eq!(bridge.tension_s, 15.0 * 6.0);
    assert_eq!(first.sets[2].rpe, Some(6.5));
    let thrust = &sets[4];
    assert_eq!(thrust.exercise, "hip-thrust");
    assert_eq!(
        first.sets[4].load,
        Some(Load {
            value: 62.5,
            unit: LoadUnit::Kg
        })
    );
    assert_eq!(first.sets[5].kind, SetKind::Failure);
    assert_eq!(sets[6].exercise, "clamshell");
    let plank = &sets[7];
    assert_eq!(plank.exercise, "side-plank");
    assert_eq!((plank.reps, plank.hold_s, plank.tension_s), (1, 30.0, 30.0));
    assert_eq!(sets[8].exercise, "custom:cable-kickback");
    assert_eq!(
        sets[8].tension_s, 0.0,
        "no tempo known for a custom exercise"
    );
    assert_eq!(first.sets[9].kind, SetKind::Drop);
    let second = &plan.sessions[1];
    let ids: Vec<&str> = second
        .session
        .sets
        .iter()
        .map(|s| s.exercise.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "split-squat",
            "single-leg-bridge",
            "lateral-band-walk",
            "custom:hip-abduction-machine"
        ]
    );
    assert!(
        second
            .session
            .note
            .as_deref()
            .unwrap()
            .contains("Short one.\nRight hip felt tight"),
        "a quoted line break survives"
    );
    assert_eq!(
        plan.unmatched,
        vec![
            Unmatched {
                name: "Cable Kickback".into(),
                id: "custom:cable-kickback".into(),
                sets: 2
            },
            Unmatched {
                name: "Hip Abduction (Machine)".into(),
                id: "custom:hip-abduction-machine".into(),
                sets: 1
            },
        ]
    );
}

#[test]
fn importing_the_same_file_twice_gives_the_same_sessions() {
    assert_eq!(hevy(HEVY_KG).unwrap(), hevy(HEVY_KG).unwrap());
    assert_eq!(strong(STRONG_V6).unwrap(), strong(STRONG_V6).unwrap());
}

#[test]
fn hevy_pounds_and_miles_are_kept_with_their_unit() {
    let plan = hevy(HEVY_LBS).unwrap();
    let session = &plan.sessions[0];
    let thrust = &session.sets[1];
    assert_eq!(thrust.load.map(|l| l.unit), Some(LoadUnit::Lb));
    let kg = thrust.load.and_then(|l| l.kg()).unwrap();
    assert!((kg - 61.235).abs() < 0.01, "{kg}");
    assert_eq!(thrust.rpe, Some(8.0));
    let treadmill = &session.session.sets[0];
    assert_eq!(treadmill.exercise, "custom:treadmill");
    assert!(is_warmup(treadmill));
    assert_eq!((treadmill.reps, treadmill.hold_s), (1, 600.0));
    assert_eq!(
        session.sets[0].distance.map(|d| d.unit),
        Some(DistanceUnit::Miles)
    );
    let miles = session.sets[0].distance.and_then(|d| d.metres()).unwrap();
    assert!((miles - 1931.2128).abs() < 1e-6, "{miles}");
    assert_eq!(session.session.sets[3].exercise, "step-up");
}

#[test]
fn strong_comma_exports_with_12_hour_times_and_skipped_empty_sets() {
    let plan = strong(STRONG_COMMA).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.app, App::Strong);
    assert_eq!((plan.rows, plan.skipped_rows), (9, 1));
    assert_eq!(plan.sessions.len(), 2);
    let morning = &plan.sessions[0];
    assert_eq!(morning.session.started_at_ms, winter_ms(10, 1, 7, 15, 2));
    assert_eq!(
        morning.session.finished_at_ms,
        Some(winter_ms(10, 1, 7, 47, 2)),
        "32 minutes"
    );
    assert!(is_warmup(&morning.session.sets[0]));
    assert_eq!(morning.session.sets.len(), 6);
    assert_eq!(
        morning.sets[3].load,
        Some(Load {
            value: 60.0,
            unit: LoadUnit::Unstated
        })
    );
    assert_eq!(morning.sets[3].load.unwrap().kg(), None);
    assert_eq!(morning.sets[0].load, None, "a weight of 0 is no load");
    assert_eq!(morning.sets[0].distance, None, "nor is a distance of 0");
    let plank = &morning.session.sets[5];
    assert_eq!(plank.exercise, "custom:plank");
    assert_eq!((plank.reps, plank.hold_s), (1, 45.0));
    let note = morning.session.note.as_deref().unwrap();
    assert_eq!(
        note,
        "Morning glutes\nFelt it in the glutes, not the back\nHip Thrust (Barbell): Bar pad, feet flat"
    );
    let evening = &plan.sessions[1];
    assert_eq!(evening.title, "Evening \"quick\" one");
    assert_eq!(evening.session.started_at_ms, winter_ms(13, 1, 18, 40, 11));
    assert_eq!(
        evening.session.finished_at_ms,
        Some(winter_ms(13, 1, 19, 42, 11))
    );
    assert_eq!(evening.session.sets[1].exercise, "single-leg-deadlift");
}

#[test]
fn strong_semicolon_exports_with_pounds_and_decimal_commas() {
    let plan = strong(STRONG_SEMICOLON).unwrap_or_else(|e| panic!("{e}"));
    let workout = &plan.sessions[0];
    assert_eq!(workout.title, "Hüfte & Po");
    assert_eq!(workout.session.date, date(2026, 1, 8));
    assert!(is_warmup(&workout.session.sets[0]));
    assert_eq!(
        workout.sets[2].load,
        Some(Load {
            value: 22.5,
            unit: LoadUnit::Lb
        })
    );
    assert_eq!(workout.sets[1].rpe, Some(8.5));
    assert_eq!(
        workout.session.finished_at_ms,
        Some(winter_ms(8, 1, 19, 47, 44))
    );
    assert!(
        workout
            .session
            .note
            .as_deref()
            .unwrap()
            .contains("Abends; müde")
    );
    let rope = &workout.session.sets[4];
    assert_eq!(rope.exercise, "custom:seilspringen");
    assert_eq!(
        workout.sets[4].distance.and_then(|d| d.metres()),
        Some(500.0)
    );
    let names: Vec<&str> = plan.unmatched.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Frog Pump", "Seilspringen"]);
}

#[test]
fn strong_6_exports_skip_rest_timer_and_note_rows() {
    let plan = strong(STRONG_V6).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((plan.rows, plan.skipped_rows), (6, 2));
    let workout = &plan.sessions[0];
    let sets = &workout.session.sets;
    assert_eq!(sets.len(), 4);
    assert!(is_warmup(&sets[0]), "W1 is a warm-up");
    assert_eq!(workout.sets[1].load.and_then(|l| l.kg()), Some(70.0));
    assert_eq!(
        workout.session.finished_at_ms,
        Some(winter_ms(15, 1, 18, 11, 0)),
        "2460 seconds"
    );
    assert_eq!(
        (sets[3].exercise.as_str(), sets[3].hold_s),
        ("side-plank", 40.0)
    );
}

#[test]
fn one_bad_row_fails_the_whole_file_naming_line_and_column() {
    let bad = HEVY_KG.replacen(",15,,,6\n", ",fifteen,,,6\n", 1);
    let err = hevy(&bad).unwrap_err();
    assert_eq!(err.line, 3);
    assert_eq!(err.column, Some((11, "reps".to_string())));
    assert_eq!(
        err.to_string(),
        "hevy.csv, line 3, column 11 (reps): \"fifteen\" is not valid: expected a whole number of repetitions from 0 to 1000, or nothing"
    );
    let bad_type = HEVY_LBS.replacen(",warmup,", ",warm,", 1);
    let err = hevy(&bad_type).unwrap_err().to_string();
    assert!(err.contains("line 2, column 9 (set_type)"), "{err}");
    assert!(
        err.contains("expected normal, warmup, dropset or failure"),
        "{err}"
    );
    let bad_date = HEVY_LBS.replacen("3 Feb 2026, 17:45", "Feb 3rd", 1);
    let err = hevy(&bad_date).unwrap_err().to_string();
    assert!(err.contains("line 2, column 2 (start_time)"), "{err}");
    let bad_order = STRONG_V6.replacen(",W1,", ",X,", 1);
    let err = strong(&bad_order).unwrap_err().to_string();
    assert!(err.contains("column 6 (Set Order)"), "{err}");
    let bad_unit = STRONG_SEMICOLON.replacen(";lbs;10;", ";stone;10;", 1);
    let err = strong(&bad_unit).unwrap_err().to_string();
    assert!(err.contains("line 3, column 6 (Weight Unit)"), "{err}");
    assert!(err.contains("expected kg or lbs"), "{err}");
}

#[test]
fn malformed_files_get_one_sentence_each() {
    let unclosed = format!("{HEVY_LBS}Gym legs,\"3 Feb 2026, 17:45");
    let err = hevy(&unclosed).unwrap_err().to_string();
    assert_eq!(
        err,
        "hevy.csv, line 7, column 2: a quoted field is never closed: expected a closing \" (a quote inside a field is written \"\")"
    );
    let mut latin1 = HEVY_LBS.as_bytes().to_vec();
    latin1.extend_from_slice(b"Gym legs,x,y,,Fr\xfchst\xfcck\n");
    let err = parse_hevy("h.csv", &latin1, &library(), &berlin()).unwrap_err();
    assert_eq!(err.line, 7);
    assert!(err.message.contains("not UTF-8"), "{err}");
    let err = hevy("").unwrap_err().to_string();
    assert_eq!(
        err,
        "hevy.csv: the file is empty: expected a Hevy CSV export starting with its header line"
    );
    let err = hevy(STRONG_COMMA).unwrap_err().to_string();
    assert!(
        err.starts_with("hevy.csv, line 1: the header lacks the columns title, start_time"),
        "{err}"
    );
    assert!(err.contains("import it --from strong"), "{err}");
    let err = strong(HEVY_KG).unwrap_err().to_string();
    assert!(err.contains("import it --from hevy"), "{err}");
    let short = format!("{HEVY_LBS}Gym legs,\"3 Feb 2026, 17:45\",x\n");
    let err = hevy(&short).unwrap_err().to_string();
    assert_eq!(
        err,
        "hevy.csv, line 7: the row has 3 fields where the header has 14: expected one field per column, separated by a comma (a field holding one, a quote or a line break must be in double quotes)"
    );
    let unquoted = STRONG_SEMICOLON.replacen("\"Abends; müde\"", "Abends; müde", 1);
    let err = strong(&unquoted).unwrap_err().to_string();
    assert!(
        err.starts_with("strong.csv, line 2: the row has 15 fields where the header has 14"),
        "{err}"
    );
    let backwards = HEVY_LBS.replace("3 Feb 2026, 18:30", "3 Feb 2026, 17:00");
    let err = hevy(&backwards).unwrap_err().to_string();
    assert!(err.contains("line 2: the workout ends"), "{err}");
}

#[test]
fn files_over_the_cap_are_refused_before_reading() {
    let huge = vec![b'a'; MAX_BYTES + 1];
    let err = parse_strong("big.csv", &huge, &library(), &berlin()).unwrap_err();
    assert_eq!(err.line, 0);
    assert!(
        err.to_string()
            .starts_with("big.csv: the file is 33554433 bytes"),
        "{err}"
    );
}

#[test]
fn a_header_only_export_imports_nothing() {
    let header = HEVY_KG.lines().next().unwrap();
    let plan = hevy(header).unwrap();
    assert!(plan.sessions.is_empty() && plan.unmatched.is_empty());
    assert_eq!(plan.rows, 0);
}

#[test]
fn local_times_follow_the_zone_across_a_clock_change() {
    // Summer time (UTC+2) starts in Europe on 29 March 2026.
    let text = HEVY_LBS
        .replace("3 Feb 2026, 17:45", "29 Mar 2026, 17:45")
        .replace("3 Feb 2026, 18:30", "29 Mar 2026, 18:30");
    let plan = hevy(&text).unwrap();
    let session = &plan.sessions[0].session;
    assert_eq!(session.date, date(2026, 3, 29));
    assert_eq!(session.started_at_ms, 1_774_799_100_000, "15:45 UTC");
}
