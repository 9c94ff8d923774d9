//! The conformance story: one scenario, every `Store` method, run on each
//! backend. Both backends must tell the same story; anything that differs
//! between them is a bug in one of them.
//!
//! PostgreSQL runs when `RUNSTRONG_TEST_POSTGRES` is set to a URL such as
//! `postgres://postgres@127.0.0.1:5432/test`. That database is only used as a
//! maintenance connection: each run creates its own uniquely named database,
//! runs the story there and drops it, so concurrent runs don't interfere.

use coach::assessment::{GluteFeel, PerSide, Questionnaire, SquatChecklist, Stance};
use coach::{Assessment, Feedback, Felt, Session, SetRecord, Side, Source};
use jiff::civil::{Date, date};
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use store::{ImportCounts, PgStore, SqliteStore, Store, StoreError};

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
        pain_now: None,
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

/// A short run as our own GPX, decoded by the `runs` crate.
fn run_activity(start_minute: u32) -> runs::Activity {
    let gpx = format!(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>
<trkpt lat="47.0000" lon="8.0"><ele>400.5</ele><time>2026-03-01T07:{start_minute:02}:00Z</time></trkpt>
<trkpt lat="47.0010" lon="8.0"><ele>401.25</ele><time>2026-03-01T07:{start_minute:02}:30Z</time></trkpt>
<trkpt lat="47.0020" lon="8.0"><ele>403.0</ele><time>2026-03-01T07:{:02}:00Z</time></trkpt>
</trkseg></trk></gpx>"#,
        start_minute + 1
    );
    let mut activities = runs::import_file("run.gpx", gpx.as_bytes()).expect("our GPX decodes");
    activities.remove(0)
}

/// Activities: stored losslessly, deduplicated by fingerprint, imported all or nothing.
async fn activity_story(store: &dyn Store) {
    let at = store.location().to_string();
    let run = run_activity(0);
    assert_eq!(
        store
            .add_activities(&[run.clone(), run.clone()])
            .await
            .unwrap(),
        vec![true, false],
        "{at}: the same run twice is stored once"
    );
    assert_eq!(
        store
            .add_activities(std::slice::from_ref(&run))
            .await
            .unwrap(),
        vec![false],
        "{at}"
    );
    assert_eq!(
        store.activities(None).await.unwrap(),
        vec![run.clone()],
        "{at}: lossless"
    );
    let later = run_activity(30);
    let counts = store
        .import(&[], &[], &[run.clone(), later.clone()])
        .await
        .unwrap();
    assert_eq!(
        (counts.activities_added, counts.activities_skipped),
        (1, 1),
        "{at}"
    );
    assert_eq!(
        store.activities(None).await.unwrap(),
        vec![run, later],
        "{at}: oldest first"
    );
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

    // A guided session starts empty; sets arrive one by one.
    let guided = session(mar2, Source::Terminal, 1_772_400_000_000, vec![]);
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
    assert_eq!(
        store.session(guided_id).await.unwrap(),
        Some(expected_guided.clone()),
        "{at}"
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

    // A second session with the same (source, start) is refused, not merged.
    let twin = session(mar2, Source::Terminal, guided.started_at_ms, vec![]);
    assert!(store.create_session(&twin).await.is_err(), "{at}");

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
    assert!(
        store.add_assessment(&later).await.is_err(),
        "{at}: taken_at_ms is unique"
    );

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
    let imported = session(
        date(2026, 2, 27),
        Source::Import,
        1_772_100_000_000,
        vec![
            set(1, "bridge", 1.5, None),
            set(2, "bridge", AWKWARD[0], None),
        ],
    );
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
    activity_story(store).await;
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

/// The maintenance URL from the environment, or `None` (test skipped).
fn postgres_url() -> Option<String> {
    let url = std::env::var("RUNSTRONG_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.trim().is_empty());
    if url.is_none() {
        println!("skipped: set RUNSTRONG_TEST_POSTGRES=postgres://... to run the PostgreSQL story");
    }
    url
}

/// `url` with its database name replaced by `name` (query kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{host}/{name}{query}")
}

/// A database of its own on the server of a maintenance URL, dropped (with
/// `FORCE`, so open connections don't stop it) when this value is dropped,
/// also when the test panics.
struct FreshDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl FreshDatabase {
    async fn create(admin_url: &str) -> FreshDatabase {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("runstrong_test_{}_{nanos}", std::process::id());
        let mut admin = PgConnection::connect(admin_url).await.unwrap();
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        FreshDatabase {
            admin_url: admin_url.to_string(),
            url: with_database(admin_url, &name),
            name,
        }
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop cannot await: run the statement on a runtime of its own.
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::query(AssertSqlSafe(sql))
                    .execute(&mut admin)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "could not drop the test database {}: {dropped:?}",
                self.name
            );
        }
    }
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

#[test]
fn with_database_replaces_only_the_name() {
    assert_eq!(
        with_database("postgres://p@h:5432/test", "x"),
        "postgres://p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://p@h/test?sslmode=disable", "x"),
        "postgres://p@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://p@h", "x"), "postgres://p@h/x");
}
