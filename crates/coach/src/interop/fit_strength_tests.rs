//! Tests of the FIT export, decoded again with the independent `fitparser`
//! crate (the Python `fitdecode` check is in the integration tests).

use super::*;
use crate::model::{Feedback, Side, Source};
use fitparser::Value;
use fitparser::profile::MesgNum;
use jiff::civil::date;

/// 2026-03-02 07:00:00 UTC.
const T0: i64 = 1_772_434_800_000;

fn library() -> Library {
    Library::embedded().unwrap()
}

fn set(
    exercise: &str,
    position: u32,
    reps: u32,
    target: u32,
    tension_s: f64,
    done_s: i64,
) -> SetRecord {
    SetRecord {
        exercise: exercise.into(),
        position,
        reps,
        target_reps: target,
        side: None,
        hold_s: 1.0,
        tension_s,
        completed_at_ms: T0 + done_s * 1000,
    }
}

/// A guided session: a warm-up, two bridge sets with rest between them,
/// clamshells on both sides, and a custom exercise.
pub(crate) fn sample() -> Session {
    let mut left = set("clamshell", 4, 15, 15, 75.0, 300);
    left.side = Some(Side::Left);
    let mut right = set("clamshell", 5, 15, 15, 75.0, 380);
    right.side = Some(Side::Right);
    Session {
        id: 0,
        date: date(2026, 3, 2),
        source: Source::Web,
        started_at_ms: T0,
        finished_at_ms: Some(T0 + 500_000),
        stage: Some("bridge-band-clam".into()),
        feedback: Feedback::default(),
        note: None,
        prescribed: Vec::new(),
        sets: vec![
            set("bridge", 1, 5, 0, 30.0, 40),
            set("active-shoulder-bridge", 2, 10, 10, 60.0, 110),
            set("active-shoulder-bridge", 3, 10, 10, 60.0, 200),
            left,
            right,
            set("custom:cable-kickback", 6, 12, 12, 36.0, 460),
        ],
    }
}

fn decode(bytes: &[u8]) -> Vec<fitparser::FitDataRecord> {
    fitparser::from_bytes(bytes).unwrap_or_else(|e| panic!("fitparser: {e}"))
}

fn field<'a>(record: &'a fitparser::FitDataRecord, name: &str) -> Option<&'a Value> {
    record
        .fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn unix(value: Option<&Value>) -> i64 {
    match value {
        Some(Value::Timestamp(t)) => t.timestamp(),
        other => panic!("not a timestamp: {other:?}"),
    }
}

fn text(value: Option<&Value>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

#[test]
fn the_file_has_a_valid_header_and_crcs() {
    let bytes = encode(&sample(), &library());
    assert_eq!(bytes[0], 14);
    assert_eq!(&bytes[8..12], b".FIT");
    let data_size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 14 + data_size + 2);
    assert_eq!(crc16(0, &bytes[..14]), 0, "header CRC");
    assert_eq!(crc16(0, &bytes), 0, "file CRC");
}

#[test]
fn fitparser_reads_a_strength_activity_with_one_set_message_per_set() {
    let bytes = encode(&sample(), &library());
    let records = decode(&bytes);
    let kinds: Vec<MesgNum> = records.iter().map(|r| r.kind()).collect();
    assert_eq!(kinds[0], MesgNum::FileId);
    assert_eq!(*kinds.last().unwrap(), MesgNum::Activity);
    let file_id = &records[0];
    assert_eq!(text(field(file_id, "type")), "activity");
    assert_eq!(text(field(file_id, "manufacturer")), "development");
    let session = records
        .iter()
        .find(|r| r.kind() == MesgNum::Session)
        .unwrap();
    assert_eq!(text(field(session, "sport")), "training");
    assert_eq!(text(field(session, "sub_sport")), "strength_training");
    assert_eq!(unix(field(session, "start_time")), T0 / 1000);
    assert_eq!(text(field(session, "total_elapsed_time")), "460");

    let sets: Vec<&fitparser::FitDataRecord> = records
        .iter()
        .filter(|r| r.kind() == MesgNum::Set)
        .collect();
    let active: Vec<_> = sets
        .iter()
        .filter(|r| text(field(r, "set_type")) == "active")
        .collect();
    let rests: Vec<_> = sets
        .iter()
        .filter(|r| text(field(r, "set_type")) == "rest")
        .collect();
    assert_eq!(active.len(), 6);
    assert_eq!(rests.len(), 5, "time between every two sets here");
    let reps: Vec<String> = active
        .iter()
        .map(|r| text(field(r, "repetitions")))
        .collect();
    assert_eq!(reps, ["5", "10", "10", "15", "15", "12"]);
    let categories: Vec<String> = active.iter().map(|r| text(field(r, "category"))).collect();
    assert!(categories[0].contains("hip_raise"), "{categories:?}");
    assert!(
        categories[3].contains("hip_raise"),
        "clams are hip_raise: {categories:?}"
    );
    assert!(categories[5].contains("unknown"), "{categories:?}");
    let second = active[1];
    assert_eq!(unix(field(second, "start_time")), T0 / 1000 + 50);
    assert_eq!(unix(field(second, "timestamp")), T0 / 1000 + 110);
    assert_eq!(text(field(second, "duration")), "60");
    let first_rest = rests[0];
    assert_eq!(unix(field(first_rest, "start_time")), T0 / 1000 + 40);
    assert_eq!(text(field(first_rest, "duration")), "10");
    assert!(
        field(first_rest, "repetitions").is_none(),
        "a rest has no reps"
    );
    let indexes: Vec<String> = sets
        .iter()
        .map(|r| text(field(r, "message_index")))
        .collect();
    assert_eq!(indexes, (0..11).map(|i| i.to_string()).collect::<Vec<_>>());
}

#[test]
fn sets_sharing_one_time_are_laid_end_to_end() {
    let mut session = sample();
    for set in &mut session.sets {
        set.completed_at_ms = T0 + 600_000;
    }
    session.started_at_ms = T0 + 600_000;
    let timed = timed_sets(&session, &library());
    assert_eq!(timed.last().unwrap().end_ms, T0 + 600_000);
    for pair in timed.windows(2) {
        assert_eq!(pair[0].end_ms, pair[1].start_ms);
    }
    let total: i64 = timed.iter().map(|t| t.end_ms - t.start_ms).sum();
    assert_eq!(total, (30 + 60 + 60 + 75 + 75 + 36) * 1000);
    let records = decode(&encode(&session, &library()));
    let rests = records
        .iter()
        .filter(|r| r.kind() == MesgNum::Set && text(field(r, "set_type")) == "rest")
        .count();
    assert_eq!(rests, 0);
}

#[test]
fn a_set_without_tension_lasts_its_reps_at_the_tempo() {
    let mut session = sample();
    session.sets.truncate(2);
    session.sets[1].tension_s = 0.0;
    let timed = timed_sets(&session, &library());
    // 10 reps × (2 s up + 1 s hold + 3 s down).
    assert_eq!(timed[1].end_ms - timed[1].start_ms, 60_000);
}

#[test]
fn an_empty_session_is_still_a_valid_activity() {
    let mut session = sample();
    session.sets.clear();
    let bytes = encode(&session, &library());
    assert_eq!(crc16(0, &bytes), 0);
    let records = decode(&bytes);
    assert!(records.iter().all(|r| r.kind() != MesgNum::Set));
    assert!(records.iter().any(|r| r.kind() == MesgNum::Session));
}

#[test]
fn every_library_exercise_has_a_fit_category_and_bridges_are_hip_raise() {
    let library = library();
    for exercise in library.all() {
        let fit = fit_exercise(&exercise.id, &library);
        assert_ne!(
            fit.category, UNKNOWN_CATEGORY,
            "{} has no FIT category",
            exercise.id
        );
        assert!(fit.subtype.is_some());
    }
    for id in [
        "bridge",
        "single-leg-bridge",
        "hip-thrust",
        "marching-bridge",
        "banded-bridge",
    ] {
        assert_eq!(
            fit_exercise(id, &library).category_name,
            "hip_raise",
            "{id}"
        );
    }
    assert_eq!(
        fit_exercise("custom:x", &library).category,
        UNKNOWN_CATEGORY
    );
}

#[test]
fn the_table_agrees_with_the_fit_profile() {
    use fitparser::profile::field_types::ExerciseCategory;
    for &(id, category, category_name, _, _) in TABLE {
        assert_eq!(
            ExerciseCategory::from(category).to_string(),
            category_name,
            "{id}"
        );
    }
}

#[test]
fn the_documented_table_is_the_table_in_use() {
    let source = include_str!("fit_strength.rs");
    for &(id, category, category_name, subtype, subtype_name) in TABLE {
        let row =
            format!("//! | {id} | {category_name} ({category}) | {subtype_name} ({subtype}) |");
        assert!(
            source.contains(&row),
            "the module documentation lacks {row}"
        );
    }
    let documented = source
        .lines()
        .filter(|l| l.starts_with("//! | ") && l.contains(" ("))
        .count();
    assert_eq!(
        documented,
        TABLE.len() + 2,
        "the header, one row per exercise, and custom"
    );
}

#[test]
fn times_before_the_fit_epoch_are_clamped() {
    assert_eq!(fit_time(0), 0);
    assert_eq!(fit_time(FIT_EPOCH_UNIX_OFFSET * 1000 + 1999), 1);
    assert_eq!(duration_field(-5), 0);
}

proptest::proptest! {
    #[test]
    fn any_session_encodes_to_a_file_fitparser_reads(
        sets in proptest::collection::vec((0usize..4, 0u32..60, 0.0f64..200.0, 0i64..4000), 0..30),
        started in -2_000_000_000_000i64..4_000_000_000_000,
    ) {
        let ids = ["active-shoulder-bridge", "side-plank", "custom:frog-pump", "step-up"];
        let mut session = sample();
        session.started_at_ms = started;
        session.sets = sets
            .iter()
            .enumerate()
            .map(|(i, &(e, reps, tension, at))| SetRecord {
                exercise: ids[e].into(),
                position: i as u32 + 1,
                reps,
                target_reps: reps,
                side: None,
                hold_s: 1.0,
                tension_s: tension,
                completed_at_ms: started + at * 1000,
            })
            .collect();
        let bytes = encode(&session, &library());
        proptest::prop_assert_eq!(crc16(0, &bytes), 0);
        let records = fitparser::from_bytes(&bytes);
        proptest::prop_assert!(records.is_ok(), "{:?}", records.err());
        let active = records
            .unwrap()
            .iter()
            .filter(|r| r.kind() == MesgNum::Set && text(field(r, "set_type")) == "active")
            .count();
        proptest::prop_assert_eq!(active, session.sets.len());
    }
}
