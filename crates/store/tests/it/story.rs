//! The conformance story: one scenario, every `Store` method, run on each
//! backend. Both backends must tell the same story; anything that differs
//! between them is a bug in one of them.
//!
//! PostgreSQL runs when `RUNSTRONG_TEST_POSTGRES` is set to a URL such as
//! `postgres://postgres@127.0.0.1:5432/test` (see `server`). The chapters on
//! imported records are in `records`.

use coach::assessment::{GluteFeel, PerSide, Questionnaire, SquatChecklist, Stance};
use coach::{Assessment, Feedback, Felt, PlannedItem, Session, SetRecord, Side, Source};
use jiff::civil::{Date, date};
use sqlx::{Connection, PgConnection};
use store::{ImportCounts, PgStore, SqliteStore, Store, StoreError};

use crate::records;
use crate::server::{FreshDatabase, postgres_url};

/// Seconds chosen to catch any lossy float path (text formatting, f32).
const AWKWARD: [f64; 6] = [
    0.1 + 0.2,
    1.0 / 3.0,
    5e-324,
    1e-300,
    f64::MAX,
    123_456_789.123_456_78,
];

fn set(position: u32, exercise: &str, seconds: f64, side: Option<Side>) -> SetRecord {
    SetRecord {
        exercise: exercise.to_string(),
        position,
        reps: 10 + position,
        target_reps: 12,
        side,
        hold_s: seconds,
        tension_s: seconds * 0.5 + 1.0,
        completed_at_ms: 1_772_000_000_000 + i64::from(position) * 60_000,
    }
}

fn session(day: Date, source: Source, started_at_ms: i64, sets: Vec<SetRecord>) -> Session {
    Session {
        id: 0,
        date: day,
        source,
        started_at_ms,
        finished_at_ms: None,
        stage: Some("activation".to_string()),
        feedback: Feedback::default(),
        note: None,
        prescribed: Vec::new(),
        sets,
    }
}

fn assessment(day: Date, taken_at_ms: i64) -> Assessment {
    Assessment {
        id: 0,
        date: day,
        taken_at_ms,
        questionnaire: Questionnaire {
            sitting_hours_per_day: 0.1 + 7.2,
            runs_per_week: 4,
            cross_training: true,
            past_overuse_injuries: vec![
                "runner's knee".to_string(),
                "ITB \"syndrome\" — left".to_string(),
            ],
            can_feel_glutes: GluteFeel::Sometimes,
        },
        single_leg_bridge_reps: PerSide {
            left: Some(14),
            right: Some(u32::MAX),
        },
        single_leg_squat: PerSide {
            left: Some(SquatChecklist {
                knee_drifts_inward: true,
                ..SquatChecklist::default()
            }),
            right: None,
        },
        trendelenburg: PerSide {
            left: Some(Stance::Drops),
            right: Some(Stance::Level),
        },
        note: Some("after a rest day; ünïcödé ✓".to_string()),
    }
}

/// What a guided session was prescribed, with holds no text path keeps exactly.
fn prescribed() -> Vec<PlannedItem> {
    vec![
        PlannedItem {
            exercise: "active-shoulder-bridge".to_string(),
            sets: 2,
            reps: 10,
            per_side: false,
            hold_s: AWKWARD[0],
            start_side: None,
        },
        PlannedItem {
            exercise: "clamshell".to_string(),
            sets: 3,
            reps: 12,
            per_side: true,
            hold_s: AWKWARD[1],
            start_side: Some(coach::Side::Right),
        },
    ]
}

fn with_id(mut s: Session, id: i64) -> Session {
    s.id = id;
    s
}

fn bits(sessions: &[Session]) -> Vec<(u64, u64)> {
    sessions
        .iter()
        .flat_map(|s| {
            s.sets
                .iter()
                .map(|x| (x.hold_s.to_bits(), x.tension_s.to_bits()))
        })
        .collect()
}

/// The scenario. Panics (with the backend's location) on the first difference.
async fn story(store: &dyn Store) {
    let at = store.location().to_string();
    let mar1 = date(2026, 3, 1);
    let mar2 = date(2026, 3, 2);
    let leap = date(2024, 2, 29);

    // An empty store.
    assert!(store.sessions(None, None).await.unwrap().is_empty(), "{at}");
    assert!(store.assessments().await.unwrap().is_empty(), "{at}");
    assert_eq!(store.setting("units").await.unwrap(), None, "{at}");
    assert_eq!(store.session(1).await.unwrap(), None, "{at}");

    // A guided session starts empty, with what it was prescribed; sets
    // arrive one by one.
    let mut guided = session(mar2, Source::Terminal, 1_772_400_000_000, vec![]);
    guided.prescribed = prescribed();
    let guided_id = store.create_session(&guided).await.unwrap();
    // A hand log arrives with its sets, on an earlier day, created later.
    let logged_sets: Vec<SetRecord> = AWKWARD
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            set(
                i as u32 + 1,
                "clamshell",
                s,
                Some(if i % 2 == 0 { Side::Left } else { Side::Right }),
            )
        })
        .collect();
    let mut logged = session(mar1, Source::Log, 1_772_300_000_000, logged_sets);
    logged.note = Some("logged from memory".to_string());
    logged.stage = None;
    logged.feedback = Feedback {
        rpe: Some(10),
        felt: Some(Felt::FrontOfHip),
        pain: Some(0),
    };
    logged.finished_at_ms = Some(1_772_300_900_000);
    let logged_id = store.create_session(&logged).await.unwrap();
    assert_ne!(guided_id, logged_id, "{at}");

    // Sets, including a retry of position 1 after a crash: the first one stands.
    let first = set(1, "active-shoulder-bridge", 2.0, None);
    let second = set(2, "active-shoulder-bridge", 2.5, None);
    assert!(store.add_set(guided_id, &first).await.unwrap(), "{at}");
    assert!(store.add_set(guided_id, &second).await.unwrap(), "{at}");
    let retry = set(1, "something-else", 9.0, Some(Side::Left));
    assert!(
        !store.add_set(guided_id, &retry).await.unwrap(),
        "{at}: a duplicate position must not insert"
    );

    // Unknown sessions.
    let missing = guided_id + logged_id + 1000;
    assert!(
        matches!(
            store.add_set(missing, &first).await,
            Err(StoreError::NotFound { .. })
        ),
        "{at}"
    );
    let err = store
        .finish_session(missing, Feedback::default(), 0)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{at}: {err}");
    assert!(
        err.to_string().contains(&missing.to_string()),
        "{at}: {err}"
    );

    // Finish the guided session.
    let feedback = Feedback {
        rpe: Some(7),
        felt: Some(Felt::Glutes),
        pain: Some(2),
    };
    store
        .finish_session(guided_id, feedback, 1_772_400_600_000)
        .await
        .unwrap();

    // Read back by id: everything, exactly.
    let mut expected_guided = with_id(guided.clone(), guided_id);
    expected_guided.sets = vec![first.clone(), second.clone()];
    expected_guided.feedback = feedback;
    expected_guided.finished_at_ms = Some(1_772_400_600_000);
    let got_guided = store.session(guided_id).await.unwrap();
    assert_eq!(got_guided, Some(expected_guided.clone()), "{at}");
    assert_eq!(
        got_guided.unwrap().prescribed[1].hold_s.to_bits(),
        AWKWARD[1].to_bits(),
        "{at}: a prescribed hold round-trips bit for bit"
    );
    let expected_logged = with_id(logged.clone(), logged_id);
    let got_logged = store.session(logged_id).await.unwrap().unwrap();
    assert_eq!(got_logged, expected_logged, "{at}");
    assert_eq!(
        bits(&[got_logged]),
        bits(&[logged.clone()]),
        "{at}: f64 must round-trip bit for bit"
    );
    assert_eq!(store.session(missing).await.unwrap(), None, "{at}");

    // Correct the guided session's day, answers and note, then put it back:
    // the sets and times are kept either way.
    let corrected = Feedback {
        rpe: Some(4),
        felt: Some(Felt::Hamstrings),
        pain: None,
    };
    let moved_to = expected_guided.date.yesterday().unwrap();
    store
        .update_session(guided_id, moved_to, corrected, Some("felt it in the hams"))
        .await
        .unwrap();
    let mut expected_corrected = expected_guided.clone();
    expected_corrected.date = moved_to;
    expected_corrected.feedback = corrected;
    expected_corrected.note = Some("felt it in the hams".into());
    assert_eq!(
        store.session(guided_id).await.unwrap(),
        Some(expected_corrected),
        "{at}"
    );
    store
        .update_session(guided_id, expected_guided.date, feedback, None)
        .await
        .unwrap();
    assert_eq!(
        store.session(guided_id).await.unwrap(),
        Some(expected_guided.clone()),
        "{at}"
    );
    let err = store
        .update_session(missing, moved_to, corrected, None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{at}: {err}");

    // Same day as `guided` but started earlier, and a leap day long ago.
    let early = session(
        mar2,
        Source::Web,
        1_772_399_000_000,
        vec![set(1, "side-plank", 30.0, Some(Side::Right))],
    );
    let early_id = store.create_session(&early).await.unwrap();
    let old = session(leap, Source::Log, 1_709_200_000_000, vec![]);
    let old_id = store.create_session(&old).await.unwrap();
    let expected_early = with_id(early.clone(), early_id);
    let expected_old = with_id(old.clone(), old_id);

    // Repeated positions in a new session: the first is kept, as in add_set.
    let repeated = session(
        mar1,
        Source::Web,
        1,
        vec![set(1, "bridge", 1.0, None), set(1, "clamshell", 2.0, None)],
    );
    let repeated_id = store.create_session(&repeated).await.unwrap();
    let stored = store.session(repeated_id).await.unwrap().unwrap();
    assert_eq!(stored.sets, vec![set(1, "bridge", 1.0, None)], "{at}");
    assert!(store.delete_session(repeated_id).await.unwrap(), "{at}");

    // Ordering: by date, then start time, whatever the insertion order.
    let all = store.sessions(None, None).await.unwrap();
    assert_eq!(
        all,
        vec![
            expected_old.clone(),
            expected_logged.clone(),
            expected_early.clone(),
            expected_guided.clone()
        ],
        "{at}"
    );
    assert_eq!(all[0].date, leap, "{at}");

    // Date ranges, inclusive at both ends.
    let ids = |v: Vec<Session>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.sessions(Some(mar2), None).await.unwrap()),
        [early_id, guided_id],
        "{at}"
    );
    assert_eq!(
        ids(store.sessions(None, Some(mar1)).await.unwrap()),
        [old_id, logged_id],
        "{at}"
    );
    assert_eq!(
        ids(store.sessions(Some(mar1), Some(mar1)).await.unwrap()),
        [logged_id],
        "{at}"
    );
    assert_eq!(
        ids(store
            .sessions(Some(date(2024, 2, 28)), Some(date(2024, 3, 1)))
            .await
            .unwrap()),
        [old_id],
        "{at}"
    );
    assert!(
        store
            .sessions(Some(date(2026, 3, 3)), None)
            .await
            .unwrap()
            .is_empty(),
        "{at}"
    );
    assert!(
        store
            .sessions(Some(mar2), Some(mar1))
            .await
            .unwrap()
            .is_empty(),
        "{at}"
    );

    // A second session with the same (source, start) is refused, not
    // merged, and the stored one is found by that key.
    let twin = session(mar2, Source::Terminal, guided.started_at_ms, vec![]);
    let err = store.create_session(&twin).await.unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{at}: {err:?}");
    assert_eq!(
        err.to_string(),
        "a terminal session started at 2026-03-01T21:20:00Z is already stored",
        "{at}"
    );
    assert_eq!(
        store
            .session_id_by_key(Source::Terminal, guided.started_at_ms)
            .await
            .unwrap(),
        Some(guided_id),
        "{at}"
    );
    assert_eq!(
        store
            .session_id_by_key(Source::Web, guided.started_at_ms)
            .await
            .unwrap(),
        None,
        "{at}: the source is part of the key"
    );
    assert_eq!(
        store.session(guided_id).await.unwrap(),
        Some(expected_guided.clone()),
        "{at}: the refused twin changed nothing"
    );

    // Delete: the session and its sets go; a second delete reports nothing done.
    assert!(store.delete_session(early_id).await.unwrap(), "{at}");
    assert!(!store.delete_session(early_id).await.unwrap(), "{at}");
    assert_eq!(store.session(early_id).await.unwrap(), None, "{at}");
    assert!(
        matches!(
            store.add_set(early_id, &first).await,
            Err(StoreError::NotFound { .. })
        ),
        "{at}"
    );
    assert_eq!(
        ids(store.sessions(Some(mar2), Some(mar2)).await.unwrap()),
        [guided_id],
        "{at}"
    );

    // Assessments: every field round-trips; oldest first.
    let later = assessment(mar2, 1_772_450_000_000);
    let mut earlier = assessment(mar1, 1_772_350_000_000);
    earlier.questionnaire.can_feel_glutes = GluteFeel::No;
    earlier.questionnaire.past_overuse_injuries.clear();
    earlier.single_leg_bridge_reps = PerSide::default();
    earlier.note = None;
    let later_id = store.add_assessment(&later).await.unwrap();
    let earlier_id = store.add_assessment(&earlier).await.unwrap();
    let got = store.assessments().await.unwrap();
    let mut expected_earlier = earlier.clone();
    expected_earlier.id = earlier_id;
    let mut expected_later = later.clone();
    expected_later.id = later_id;
    assert_eq!(
        got,
        vec![expected_earlier.clone(), expected_later.clone()],
        "{at}"
    );
    assert_eq!(
        got[1].questionnaire.sitting_hours_per_day.to_bits(),
        later.questionnaire.sitting_hours_per_day.to_bits(),
        "{at}"
    );
    let err = store.add_assessment(&later).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { .. }),
        "{at}: taken_at_ms is unique: {err:?}"
    );
    assert!(
        err.to_string().starts_with("an assessment taken at "),
        "{at}: {err}"
    );
    assert_eq!(store.assessments().await.unwrap().len(), 2, "{at}");

    // Settings.
    store.set_setting("units", "metric").await.unwrap();
    store.set_setting("program", "runner-glutes").await.unwrap();
    store.set_setting("units", "imperial").await.unwrap();
    assert_eq!(
        store.setting("units").await.unwrap().as_deref(),
        Some("imperial"),
        "{at}"
    );
    assert_eq!(
        store.setting("program").await.unwrap().as_deref(),
        Some("runner-glutes"),
        "{at}"
    );
    assert_eq!(
        store.setting("Units").await.unwrap(),
        None,
        "{at}: keys are case-sensitive"
    );

    // Import: duplicates (by source + start, by taken_at) are skipped, not
    // merged; everything else arrives with its sets.
    let mut changed_dup = logged.clone();
    changed_dup.note = Some("this must not replace the stored note".to_string());
    changed_dup.sets.clear();
    let mut imported = session(
        date(2026, 2, 27),
        Source::Import,
        1_772_100_000_000,
        vec![
            set(1, "bridge", 1.5, None),
            set(2, "bridge", AWKWARD[0], None),
        ],
    );
    imported.prescribed = prescribed();
    let mut changed_assessment = later.clone();
    changed_assessment.note = Some("must not replace".to_string());
    let new_assessment = assessment(date(2026, 2, 20), 1_771_600_000_000);
    let counts = store
        .import(
            &[changed_dup, imported.clone(), imported.clone()],
            &[changed_assessment, new_assessment.clone()],
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            sessions_added: 1,
            sessions_skipped: 2,
            assessments_added: 1,
            assessments_skipped: 1,
            ..ImportCounts::default()
        },
        "{at}"
    );
    assert_eq!(
        store.session(logged_id).await.unwrap(),
        Some(expected_logged.clone()),
        "{at}"
    );
    let all = store.sessions(None, None).await.unwrap();
    assert_eq!(all.len(), 4, "{at}");
    let mut stored_import = all[1].clone();
    assert_eq!(stored_import.source, Source::Import, "{at}");
    stored_import.id = 0;
    assert_eq!(stored_import, imported, "{at}");
    let got = store.assessments().await.unwrap();
    assert_eq!(got.len(), 3, "{at}");
    assert_eq!(
        got[2], expected_later,
        "{at}: the stored assessment is unchanged"
    );
    assert_eq!(got[0].taken_at_ms, new_assessment.taken_at_ms, "{at}");

    // Import is all or nothing: a bad record rolls back the good ones before it.
    let good = session(
        date(2026, 1, 1),
        Source::Import,
        1_767_300_000_000,
        vec![set(1, "bridge", 1.0, None)],
    );
    let bad = session(
        date(2026, 1, 2),
        Source::Import,
        1_767_400_000_000,
        vec![set(1, "bridge", f64::NAN, None)],
    );
    let good_assessment = assessment(date(2026, 1, 1), 1_767_300_000_000);
    assert!(
        store
            .import(&[good, bad], &[good_assessment], &[])
            .await
            .is_err(),
        "{at}"
    );
    assert_eq!(
        store.sessions(None, None).await.unwrap().len(),
        4,
        "{at}: nothing of a failed import is kept"
    );
    assert_eq!(store.assessments().await.unwrap().len(), 3, "{at}");

    // Importing the same batch again adds nothing.
    let counts = store
        .import(&[imported], &[new_assessment], &[])
        .await
        .unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            sessions_added: 0,
            sessions_skipped: 1,
            assessments_added: 0,
            assessments_skipped: 1,
            ..ImportCounts::default()
        },
        "{at}"
    );
    records::activity_story(store).await;
    records::seen_files_story(store).await;
}

#[tokio::test]
async fn story_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("runstrong.db"))
        .await
        .unwrap();
    story(&store).await;
    store.close().await;
}

#[tokio::test]
async fn story_sqlite_in_memory() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    story(&store).await;
}

#[tokio::test]
async fn story_postgres() {
    let Some(url) = postgres_url() else { return };
    let db = FreshDatabase::create(&url).await;
    let store = PgStore::open(&db.url).await.unwrap();
    story(&store).await;
    store.close().await;
    // Opening again migrates nothing and finds the data.
    let store = PgStore::open(&db.url).await.unwrap();
    assert_eq!(store.sessions(None, None).await.unwrap().len(), 4);

    // Durability: another connection sees each set as soon as add_set returns.
    let id = store
        .create_session(&session(
            date(2026, 3, 3),
            Source::Web,
            1_772_500_000_000,
            vec![],
        ))
        .await
        .unwrap();
    let mut reader = PgConnection::connect(&db.url).await.unwrap();
    for position in 1..=3 {
        assert!(
            store
                .add_set(id, &set(position, "bridge", 2.0, None))
                .await
                .unwrap()
        );
        let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sets WHERE session_id = $1")
            .bind(id)
            .fetch_one(&mut reader)
            .await
            .unwrap();
        assert_eq!(seen, i64::from(position));
    }
    reader.close().await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn postgres_newer_schema_is_refused() {
    let Some(url) = postgres_url() else { return };
    let db = FreshDatabase::create(&url).await;
    PgStore::open(&db.url).await.unwrap().close().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let future = PgStore::schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ($1, 'from a newer runstrong', TRUE, '\\x00', 0)",
    )
    .bind(future)
    .execute(&mut conn)
    .await
    .unwrap();
    let err = PgStore::open(&db.url).await.unwrap_err();
    match &err {
        StoreError::NewerSchema { found, known, .. } => {
            assert_eq!((*found, *known), (future, PgStore::schema_version()));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        versions.last(),
        Some(&future),
        "nothing was rolled back or added"
    );
    conn.close().await.unwrap();
}

#[tokio::test]
async fn postgres_missing_table_is_refused() {
    let Some(url) = postgres_url() else { return };
    let db = FreshDatabase::create(&url).await;
    PgStore::open(&db.url).await.unwrap().close().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("DROP TABLE seen_files")
        .execute(&mut conn)
        .await
        .unwrap();
    let err = PgStore::open(&db.url).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(
        err.to_string().contains("its table seen_files is missing"),
        "{err}"
    );
    let left: bool = sqlx::query_scalar("SELECT to_regclass('seen_files') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(!left, "nothing was recreated");
    conn.close().await.unwrap();
}

/// (table, column, nullable) of the runstrong tables, sorted.
type Columns = Vec<(String, String, bool)>;

async fn sqlite_columns() -> Columns {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.db");
    SqliteStore::open(&path).await.unwrap().close().await;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let mut columns: Columns = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\" = 0 AND p.pk = 0
         FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    columns.sort();
    columns
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Some(url) = postgres_url() else { return };
    let db = FreshDatabase::create(&url).await;
    PgStore::open(&db.url).await.unwrap().close().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let mut pg: Columns = sqlx::query_as(
        "SELECT table_name::TEXT, column_name::TEXT, is_nullable = 'YES'
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    pg.sort();
    assert!(pg.len() >= 25, "{pg:?}");
    assert_eq!(sqlite_columns().await, pg);
    assert_eq!(SqliteStore::schema_version(), PgStore::schema_version());
}
