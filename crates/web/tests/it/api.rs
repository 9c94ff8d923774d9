//! The JSON API: a guided session set by set (idempotent, resumable), the
//! end-of-session answers, editing and deleting, and bad input that must be
//! refused with the right status and a clear sentence while nothing stored
//! changes.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::{TODAY, bridge_set, harness, new_session, observed};

const STARTED: i64 = 1_773_100_000_000;

#[tokio::test]
async fn a_browser_session_is_stored_set_by_set_and_resumes_after_its_last_set() {
    let h = harness().await;
    let guide = h.get("/api/v1/guide").await;
    assert_eq!(guide.status, StatusCode::OK, "{}", guide.text);
    let guide = guide.json();
    assert_eq!(guide["date"], TODAY.to_string());
    let segments = guide["segments"].as_array().unwrap();
    let sets_in_plan = segments
        .iter()
        .filter(|s| s["completes_set"] == true)
        .count();
    assert!(sets_in_plan >= 2, "{sets_in_plan}");
    assert!(guide["session"].is_null());
    let first_item = guide["items"][0]["exercise"].as_str().unwrap();
    let figure = &guide["figures"][first_item];
    assert_eq!(figure["frames"].as_array().unwrap().len(), 25);
    assert!(
        figure["frames"][0]["near"]
            .as_str()
            .unwrap()
            .starts_with('M')
    );

    // First set creates the session; its repeat is counted once.
    let first = h
        .post_json("/api/v1/sessions", &new_session(STARTED, observed(1, 10)))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let id = first.json()["id"].as_i64().unwrap();
    let again = h
        .post_json("/api/v1/sessions", &new_session(STARTED, observed(1, 10)))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.json(), json!({"id": id, "added": 0}));

    // The second set appends to the same session (keyed by started_at_ms).
    let second = h
        .post_json("/api/v1/sessions", &new_session(STARTED, observed(2, 10)))
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.json(), json!({"id": id, "added": 1}));
    let direct = h
        .post_json(&format!("/api/v1/sessions/{id}/sets"), &bridge_set(2, 10))
        .await;
    assert_eq!(direct.status, StatusCode::OK, "{}", direct.text);
    assert_eq!(direct.json()["added"], 0);

    // A reload finds the unfinished session with both sets.
    let resumed = h.get("/api/v1/guide").await.json();
    assert_eq!(resumed["session"]["id"], id);
    assert_eq!(resumed["session"]["started_at_ms"], STARTED);
    assert_eq!(resumed["session"]["sets"].as_array().unwrap().len(), 2);

    let sessions = h.sessions().await;
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].source, coach::Source::Web);
    assert_eq!(sessions[0].date, TODAY);
    assert_eq!(sessions[0].sets.len(), 2);
    assert_eq!(sessions[0].total_reps(), 20);

    // The answers finish it and bring tomorrow's plan.
    let done = h
        .post_json(
            &format!("/api/v1/sessions/{id}/finish"),
            &json!({"rpe": 5, "felt": "glutes", "pain": 0}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let done = done.json();
    assert_eq!(done["session"]["rpe"], 5);
    assert_eq!(done["session"]["felt"], "glutes");
    assert!(done["next"]["items"].as_array().is_some());
    assert!(h.get("/api/v1/guide").await.json()["session"].is_null());

    let list = h
        .get("/api/v1/sessions?from=2026-03-10&to=2026-03-10")
        .await;
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    let stats = h.get("/api/v1/stats").await.json();
    assert_eq!(stats["streak_days"], 1);
    assert_eq!(stats["total_reps"], 20);
    let today = h.get("/api/v1/today").await.json();
    assert_eq!(today["prescription"]["done_today"], true);

    // Edit and delete.
    let edited = h
        .send(
            "PATCH",
            &format!("/api/v1/sessions/{id}"),
            "application/json",
            &json!({"date": "2026-03-09", "pain": 2, "note": "tired legs"}).to_string(),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let stored = h.store.session(id).await.unwrap().unwrap();
    assert_eq!(stored.date.to_string(), "2026-03-09");
    assert_eq!(stored.feedback.pain, Some(2));
    assert_eq!(stored.feedback.rpe, Some(5));
    assert_eq!(stored.note.as_deref(), Some("tired legs"));
    assert_eq!(stored.sets.len(), 2);
    let deleted = h
        .send("DELETE", &format!("/api/v1/sessions/{id}"), "", "")
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(h.sessions().await.is_empty());
    let again = h
        .send("DELETE", &format!("/api/v1/sessions/{id}"), "", "")
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_input_is_refused_with_the_right_status_and_nothing_changes() {
    let h = harness().await;
    let created = h
        .post_json("/api/v1/sessions", &new_session(STARTED, observed(1, 10)))
        .await;
    let id = created.json()["id"].as_i64().unwrap();
    let before = h.sessions().await;

    let cases: Vec<(&str, String, &str, String, StatusCode, &str)> = vec![
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            "{\"started_at_ms\": 1, \"observed\": [".into(),
            StatusCode::BAD_REQUEST,
            "not valid JSON",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            json!({"started_at_ms": "soon", "observed": []}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "started_at_ms",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            format!("{{\"note\": \"{}\"}}", "x".repeat(70 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger than the limit",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "text/plain",
            new_session(STARTED + 1, observed(1, 10)).to_string(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "must be JSON",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            {
                let mut body = new_session(STARTED + 1, observed(1, 10));
                body["exercise"] = json!("brige");
                body.to_string()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown exercise \"brige\"",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            json!({"date": "2026-03-11", "started_at_ms": STARTED + 2, "observed": [observed(1, 10)]})
                .to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "in the future",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            json!({"started_at_ms": STARTED + 3, "observed": []}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no set was sent",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            "application/json",
            new_session(STARTED + 4, observed(1, 9000)).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reps",
        ),
        (
            "POST",
            "/api/v1/sessions/999/sets".into(),
            "application/json",
            bridge_set(2, 10).to_string(),
            StatusCode::NOT_FOUND,
            "session 999 does not exist",
        ),
        (
            "POST",
            "/api/v1/sessions/abc/sets".into(),
            "application/json",
            bridge_set(2, 10).to_string(),
            StatusCode::NOT_FOUND,
            "does not exist",
        ),
        (
            "POST",
            format!("/api/v1/sessions/{id}/finish"),
            "application/json",
            json!({"rpe": 11}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "RPE",
        ),
        (
            "POST",
            "/api/v1/sessions/999/finish".into(),
            "application/json",
            json!({"rpe": 5}).to_string(),
            StatusCode::NOT_FOUND,
            "does not exist",
        ),
        (
            "PATCH",
            format!("/api/v1/sessions/{id}"),
            "application/json",
            json!({"date": "2030-01-01"}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "in the future",
        ),
        (
            "PATCH",
            format!("/api/v1/sessions/{id}"),
            "application/json",
            json!({"colour": "red"}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown field",
        ),
        (
            "GET",
            "/api/v1/library/no-such-move".into(),
            "",
            String::new(),
            StatusCode::NOT_FOUND,
            "no-such-move",
        ),
        (
            "GET",
            "/api/v1/sessions?from=yesterday".into(),
            "",
            String::new(),
            StatusCode::BAD_REQUEST,
            "not a date",
        ),
        (
            "GET",
            "/api/v1/nothing-here".into(),
            "",
            String::new(),
            StatusCode::NOT_FOUND,
            "no such API route",
        ),
        (
            "PUT",
            "/api/v1/settings".into(),
            "application/json",
            json!({"units": "furlongs"}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "furlongs",
        ),
        (
            "POST",
            "/api/v1/checks".into(),
            "application/json",
            json!({"questionnaire": {"sitting_hours_per_day": 30.0, "runs_per_week": 3, "cross_training": false, "can_feel_glutes": "yes"}}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "sitting_hours_per_day",
        ),
    ];
    for (method, uri, content_type, body, status, needle) in cases {
        let reply = h.send(method, &uri, content_type, &body).await;
        assert_eq!(reply.status, status, "{method} {uri}: {}", reply.text);
        assert!(
            reply.content_type.starts_with("application/json"),
            "{method} {uri}: {}",
            reply.content_type
        );
        let error = reply.error();
        assert!(
            error.contains(needle),
            "{method} {uri}: {error:?} should mention {needle:?}"
        );
        assert!(!error.contains('\n'), "one sentence: {error:?}");
    }
    assert_eq!(h.sessions().await, before, "nothing stored changed");
    assert!(h.store.assessments().await.unwrap().is_empty());
    assert_eq!(h.store.setting("web.settings").await.unwrap(), None);
}

#[tokio::test]
async fn settings_and_checks_round_trip() {
    let h = harness().await;
    let defaults = h.get("/api/v1/settings").await.json();
    assert_eq!(defaults["voice"], true);
    let wanted = json!({"voice": false, "speech_rate": 1.2, "tempo": 1.25, "rest_s": 45, "units": "imperial", "reminder": "07:30"});
    let put = h
        .send(
            "PUT",
            "/api/v1/settings",
            "application/json",
            &wanted.to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(h.get("/api/v1/settings").await.json(), wanted);
    assert_eq!(h.get("/api/v1/guide").await.json()["settings"], wanted);

    let check = h
        .post_json(
            "/api/v1/checks",
            &json!({
                "questionnaire": {"sitting_hours_per_day": 8.0, "runs_per_week": 4, "cross_training": false, "can_feel_glutes": "sometimes"},
                "single_leg_bridge_reps": {"left": 12, "right": 18},
            }),
        )
        .await;
    assert_eq!(check.status, StatusCode::CREATED, "{}", check.text);
    let checks = h.get("/api/v1/checks").await.json();
    assert_eq!(checks["assessments"].as_array().unwrap().len(), 1);
    assert_eq!(checks["report"]["weaker_side"], "left");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_each_is_routed() {
    let h = harness().await;
    let doc = h.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/today",
        "/api/v1/guide",
        "/api/v1/sessions",
        "/api/v1/sessions/{id}",
        "/api/v1/sessions/{id}/sets",
        "/api/v1/sessions/{id}/finish",
        "/api/v1/stats",
        "/api/v1/library",
        "/api/v1/library/{id}",
        "/api/v1/checks",
        "/api/v1/settings",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let mut operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            assert!(operation["responses"].is_object(), "{method} {path}");
            for (_, response) in operation["responses"].as_object().unwrap() {
                if let Some(schema) = response.pointer("/content/application~1json/schema/$ref") {
                    let name = schema
                        .as_str()
                        .unwrap()
                        .trim_start_matches("#/components/schemas/");
                    assert!(doc["components"]["schemas"][name].is_object(), "{name}");
                }
            }
            // Routed: an empty request may fail validation, but never as an
            // unknown route or a wrong method.
            let uri = path.replace("{id}", "1");
            let reply = h
                .send(&method.to_uppercase(), &uri, "application/json", "{}")
                .await;
            assert_ne!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri}"
            );
            assert!(
                !reply.text.contains("no such API route"),
                "{method} {uri} is not routed"
            );
        }
    }
    assert!(operations >= 17, "{operations}");
}

#[tokio::test]
async fn a_second_server_on_a_port_in_use_names_the_port() {
    let first = web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = first.local_addr().unwrap();
    let err = web::bind(addr).await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&format!("port {}", addr.port())),
        "{message}"
    );
    assert!(message.contains("already in use"), "{message}");
}

#[tokio::test]
async fn a_real_server_answers_and_shuts_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let listener = web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::harness::state_on(&dir.path().join("db"), addr).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut reply = String::new();
    socket.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"streak_days\":0"), "{reply}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
