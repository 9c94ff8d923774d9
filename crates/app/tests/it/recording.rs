//! Recording training through the use cases: guided sets (idempotent, the
//! same record from either front end), hand logs, corrections, and the
//! validation every path shares.

use app::plan::GuideRequest;
use app::sessions::{LogRequest, SessionEdit, SessionKey};
use coach::guide::Observed;
use coach::{Feedback, Felt, Source};

use crate::harness::{app_on, day};

fn key(app: &app::App, source: Source) -> SessionKey {
    SessionKey {
        source,
        date: app.clock().today(),
        started_at_ms: app.clock().now_ms() - 60_000,
    }
}

fn observed(position: u32, reps: u32, at: i64) -> Observed {
    Observed {
        position,
        reps,
        completed_at_ms: at,
        side: None,
        measured: None,
    }
}

#[tokio::test]
async fn a_guided_set_is_stored_once_with_what_was_prescribed() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let guide = app
        .guide(Source::Web, &GuideRequest::default())
        .await
        .unwrap();
    let first = &guide.timeline.sets[0];
    let key = key(&app, Source::Web);
    let now = app.clock().now_ms();
    let done = observed(1, first.target_reps, now);
    let saved = app
        .record_observed(&key, &GuideRequest::default(), &[done])
        .await
        .unwrap();
    assert!(saved.created);
    assert_eq!(saved.added, 1);
    // The outbox replays it: counted once.
    let again = app
        .record_observed(&key, &GuideRequest::default(), &[done])
        .await
        .unwrap();
    assert_eq!((again.id, again.added, again.created), (saved.id, 0, false));
    let session = app.session(saved.id).await.unwrap();
    assert_eq!(session.sets.len(), 1);
    assert_eq!(session.sets[0].exercise, first.exercise);
    assert_eq!(session.prescribed, coach::guide::planned(&guide.items));
    assert_eq!(session.stage.as_deref(), Some(guide.stage.as_str()));

    // The browser reloads: it carries on after the stored set.
    let resumed = app
        .guide(Source::Web, &GuideRequest::default())
        .await
        .unwrap();
    assert_eq!(resumed.session.as_ref().map(|s| s.id), Some(saved.id));
    assert_eq!(resumed.resume_at, first.last_segment + 1);
}

#[tokio::test]
async fn a_skipped_set_and_a_wrong_position_are_judged_by_the_timeline() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let key = key(&app, Source::Terminal);
    let now = app.clock().now_ms();
    let request = GuideRequest::default();
    let saved = app
        .record_observed(&key, &request, &[observed(2, 4, now)])
        .await
        .unwrap();
    let session = app.session(saved.id).await.unwrap();
    assert_eq!(session.sets[0].position, 2);
    assert_eq!(session.sets[0].reps, 4);
    let err = app
        .record_observed(&key, &request, &[observed(999, 1, now)])
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err}");
    assert!(err.to_string().contains("set position 999"), "{err}");
    let err = app
        .record_observed(&key, &request, &[observed(1, 300, now)])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("300 reps"), "{err}");
    assert_eq!(
        app.session(saved.id).await.unwrap().sets.len(),
        1,
        "nothing changed"
    );
}

#[tokio::test]
async fn concurrent_first_sets_make_one_session() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let key = key(&app, Source::Web);
    let now = app.clock().now_ms();
    let request = GuideRequest::default();
    let (one, two) = ([observed(1, 10, now)], [observed(2, 10, now)]);
    let (a, b) = tokio::join!(
        app.record_observed(&key, &request, &one),
        app.record_observed(&key, &request, &two),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.id, b.id);
    assert_eq!(app.session(a.id).await.unwrap().sets.len(), 2);
    assert_eq!(app.sessions(None, None, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn finishing_stores_the_answers_and_gives_tomorrows_plan() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let key = key(&app, Source::Web);
    let saved = app
        .record_observed(
            &key,
            &GuideRequest::default(),
            &[observed(1, 10, app.clock().now_ms())],
        )
        .await
        .unwrap();
    let answers = Feedback {
        rpe: Some(5),
        felt: Some(Felt::Glutes),
        pain: Some(0),
    };
    let finished = app.finish_session(saved.id, answers).await.unwrap();
    assert_eq!(finished.session.feedback, answers);
    assert_eq!(finished.next.date, day("2026-05-05"));
    let bad = Feedback {
        rpe: Some(11),
        ..Feedback::default()
    };
    assert!(
        app.finish_session(saved.id, bad)
            .await
            .unwrap_err()
            .is_invalid()
    );
    assert!(matches!(
        app.finish_session(9999, answers).await.unwrap_err(),
        app::AppError::NotFound(_)
    ));
}

#[tokio::test]
async fn hand_logs_are_checked_like_every_other_way_in() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let log = |exercise: &str| LogRequest {
        exercise: exercise.into(),
        sets: 3,
        reps: 10,
        ..LogRequest::default()
    };
    let session = app.log(&log("bridge")).await.unwrap();
    assert_eq!(session.sets.len(), 3);
    assert_eq!(session.source, Source::Log);
    let err = app.log(&log("moonwalk")).await.unwrap_err();
    assert!(
        err.is_invalid() && err.to_string().contains("moonwalk"),
        "{err}"
    );
    let sided = LogRequest {
        side: Some(coach::Side::Left),
        ..log("bridge")
    };
    assert!(
        app.log(&sided)
            .await
            .unwrap_err()
            .to_string()
            .contains("both legs")
    );
    let future = LogRequest {
        date: Some(day("9999-01-01")),
        ..log("bridge")
    };
    assert!(
        app.log(&future)
            .await
            .unwrap_err()
            .to_string()
            .contains("future")
    );
    let long = LogRequest {
        note: Some("n".repeat(2001)),
        ..log("bridge")
    };
    assert!(
        app.log(&long)
            .await
            .unwrap_err()
            .to_string()
            .contains("2001 characters")
    );
    // Two logs at once get their own keys.
    let (first, second) = (log("bridge"), log("bridge"));
    let (a, b) = tokio::join!(app.log(&first), app.log(&second));
    assert_ne!(a.unwrap().id, b.unwrap().id);
    assert_eq!(app.sessions(None, None, None).await.unwrap().len(), 3);
}

#[tokio::test]
async fn corrections_keep_what_they_do_not_name() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let logged = app
        .log(&LogRequest {
            exercise: "bridge".into(),
            sets: 2,
            reps: 10,
            feedback: Feedback {
                rpe: Some(5),
                felt: None,
                pain: Some(0),
            },
            note: Some("good".into()),
            ..LogRequest::default()
        })
        .await
        .unwrap();
    let edit = SessionEdit {
        felt: Some(Felt::Hamstrings),
        ..SessionEdit::default()
    };
    let edited = app.edit_session(logged.id, &edit).await.unwrap();
    assert_eq!(edited.feedback.rpe, Some(5));
    assert_eq!(edited.feedback.felt, Some(Felt::Hamstrings));
    assert_eq!(edited.note.as_deref(), Some("good"));
    let cleared = app
        .edit_session(
            logged.id,
            &SessionEdit {
                note: Some("  ".into()),
                ..SessionEdit::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.note, None);
    assert!(
        app.sessions(None, None, Some(0))
            .await
            .unwrap_err()
            .is_invalid()
    );
    app.delete_session(logged.id).await.unwrap();
    assert!(matches!(
        app.delete_session(logged.id).await,
        Err(app::AppError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_backup_with_one_bad_record_imports_nothing() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    app.log(&LogRequest {
        exercise: "bridge".into(),
        sets: 2,
        reps: 10,
        ..LogRequest::default()
    })
    .await
    .unwrap();
    let text = app.export().await.unwrap().to_json();
    let (fresh, _dir2) = app_on(day("2026-05-04")).await;
    let bad = text.replace("\"active-shoulder-bridge\"", "\"moonwalk\"");
    let err = fresh
        .import_backup("backup.json", &bad)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("backup.json: "), "{err}");
    assert!(
        err.contains("moonwalk") && err.ends_with("nothing was imported"),
        "{err}"
    );
    assert!(fresh.sessions(None, None, None).await.unwrap().is_empty());
    let counts = fresh.import_backup("backup.json", &text).await.unwrap();
    assert_eq!(counts.sessions_added, 1);
    assert_eq!(
        fresh.export().await.unwrap().to_json(),
        text,
        "lossless round trip"
    );
}

#[tokio::test]
async fn settings_change_the_timeline_for_every_player() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let before = app
        .guide(Source::Terminal, &GuideRequest::default())
        .await
        .unwrap();
    let patch =
        app::settings::PreferencesPatch::from_json(serde_json::json!({"tempo": 1.5})).unwrap();
    app.update_preferences(&patch).await.unwrap();
    let after = app
        .guide(Source::Terminal, &GuideRequest::default())
        .await
        .unwrap();
    assert!(after.timeline.total_seconds > before.timeline.total_seconds);
    assert_eq!(after.preferences.tempo, 1.5);
}
