//! The pages: each answers 200 with a complete HTML document under the page
//! weight budget, forms work without JavaScript (edit, delete with a
//! confirmation, check, settings), and the library draws its figures.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::{harness, new_session, observed};

/// Page weight budget in bytes (HTML; assets are counted in the browser test).
const PAGE_BUDGET: usize = 150 * 1024;

#[tokio::test]
async fn every_page_answers_with_a_whole_document_under_budget() {
    let h = harness().await;
    // With some history, so the lists and charts have something to draw.
    h.post_json(
        "/api/v1/sessions",
        &new_session(1_773_000_000_000, observed(1, 10)),
    )
    .await;
    for path in [
        "/",
        "/go",
        "/history",
        "/progress",
        "/library",
        "/library/active-shoulder-bridge",
        "/library/bridge",
        "/check",
        "/settings",
    ] {
        let reply = h.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        assert!(reply.content_type.starts_with("text/html"), "{path}");
        assert!(reply.text.starts_with("<!doctype html>"), "{path}");
        assert!(reply.text.trim_end().ends_with("</html>"), "{path}");
        assert!(reply.text.contains("<main id=\"main\""), "{path}");
        assert!(
            reply.text.len() < PAGE_BUDGET,
            "{path}: {} bytes",
            reply.text.len()
        );
        for external in ["http://", "https://", "//cdn", "fonts.googleapis"] {
            let outside = reply
                .text
                .match_indices(external)
                .any(|(at, _)| !reply.text[at..].starts_with("http://www.w3.org"));
            assert!(!outside, "{path} refers to another host via {external}");
        }
    }
    for path in [
        "/static/app.css",
        "/static/app.js",
        "/static/go.js",
        "/static/icon.svg",
        "/static/icon-192.png",
        "/static/icon-512.png",
        "/sw.js",
        "/manifest.webmanifest",
    ] {
        let reply = h.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            !reply.text.contains("https://"),
            "{path} refers to another host"
        );
    }
    let missing = h.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Not found"));
    assert_eq!(
        h.get("/library/no-such-move").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get("/static/nothing.js").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn today_shows_the_plan_its_reasons_a_start_button_and_the_streak() {
    let h = harness().await;
    let page = h.get("/").await.text;
    assert!(page.contains("Active Shoulder Bridge"), "{page}");
    assert!(page.contains("href=\"/go\""));
    assert!(
        !page.contains("-day streak"),
        "an empty history has no 0-day streak"
    );
    assert!(page.contains("Why today looks like this"));
    assert!(page.contains("<svg class=\"figure\""));
}

#[tokio::test]
async fn the_library_draws_start_and_top_for_every_exercise() {
    let h = harness().await;
    let page = h.get("/library").await.text;
    let library = coach::Library::embedded().unwrap();
    assert_eq!(
        page.matches("<svg class=\"figure\"").count(),
        2 * library.len()
    );
    for exercise in library.all() {
        assert!(
            page.contains(&format!("{}: start position", exercise.name)),
            "{}",
            exercise.id
        );
        assert!(
            page.contains(&format!("{}: top position", exercise.name)),
            "{}",
            exercise.id
        );
    }
    let one = h.get("/library/single-leg-bridge").await.text;
    assert!(one.contains("Faults and fixes") || one.contains("Set-up"));
    assert_eq!(one.matches("<svg class=\"figure\"").count(), 2);
}

#[tokio::test]
async fn history_edits_and_deletes_with_a_confirmation_and_no_javascript() {
    let h = harness().await;
    let id = h
        .post_json(
            "/api/v1/sessions",
            &new_session(1_773_000_000_000, observed(1, 10)),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let page = h.get("/history").await.text;
    assert!(page.contains(&format!("/history/{id}/edit")));
    assert!(page.contains("class=\"heatmap\""));
    assert!(page.contains("1 set · 10 reps"), "{page}");
    assert!(
        page.contains("Active Shoulder Bridge (glute bridge) 1 × 10"),
        "the exercise on the card: {page}"
    );
    assert!(page.contains(">guided<"), "{page}");

    let form = h.get(&format!("/history/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    let bad = h
        .post_form(
            &format!("/history/{id}/edit"),
            "date=2099-01-01&rpe=5&felt=glutes&pain=0&note=",
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("in the future"));
    let saved = h
        .post_form(
            &format!("/history/{id}/edit"),
            "date=2026-03-08&rpe=6&felt=hamstrings&pain=1&note=windy+day",
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location.as_deref(), Some("/history"));
    let stored = h.store.session(id).await.unwrap().unwrap();
    assert_eq!(stored.date.to_string(), "2026-03-08");
    assert_eq!(stored.feedback.felt, Some(coach::Felt::Hamstrings));
    assert_eq!(stored.note.as_deref(), Some("windy day"));

    let confirm = h.get(&format!("/history/{id}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.text.contains("Delete this session?"));
    assert_eq!(h.sessions().await.len(), 1, "asking does not delete");
    let deleted = h.post_form(&format!("/history/{id}/delete"), "").await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(h.sessions().await.is_empty());
    assert_eq!(
        h.post_form(&format!("/history/{id}/delete"), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn check_and_settings_forms_save_and_refuse_bad_values() {
    let h = harness().await;
    let saved = h
        .post_form(
            "/check",
            "sitting=9&runs=4&feel=no&left_bridge=10&right_bridge=16&left_squat=on&left_knee=on&right_squat=on&left_stance=drops&right_stance=level",
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(saved.text.contains("Saved."));
    assert!(
        saved
            .text
            .contains("your left leg managed 10 reps, the other 16"),
        "{}",
        saved.text
    );
    let assessments = h.store.assessments().await.unwrap();
    assert_eq!(assessments.len(), 1);
    assert_eq!(assessments[0].single_leg_bridge_reps.right, Some(16));
    assert!(
        assessments[0]
            .single_leg_squat
            .left
            .unwrap()
            .knee_drifts_inward
    );

    let bad = h.post_form("/check", "sitting=abc&runs=4&feel=no").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("is not a number"));
    assert_eq!(h.store.assessments().await.unwrap().len(), 1);

    let settings = h
        .post_form(
            "/settings",
            "speech_rate=1.1&tempo=1.25&rest_s=40&units=metric&reminder=06%3A45",
        )
        .await;
    assert_eq!(settings.status, StatusCode::OK);
    let api = h.get("/api/v1/settings").await.json();
    assert_eq!(
        api,
        json!({"voice": false, "speech_rate": 1.1, "tempo": 1.25, "rest_s": 40, "units": "metric", "reminder": "06:45"})
    );
    let bad = h.post_form("/settings", "voice=on&speech_rate=9").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.get("/api/v1/settings").await.json(), api, "unchanged");
}

#[tokio::test]
async fn progress_draws_its_charts_as_svg() {
    let h = harness().await;
    h.post_json(
        "/api/v1/sessions",
        &new_session(1_773_000_000_000, observed(1, 10)),
    )
    .await;
    let page = h.get("/progress").await.text;
    assert!(page.matches("<svg class=\"chart\"").count() >= 4, "{page}");
    assert!(page.contains("Sessions per week"));
}
