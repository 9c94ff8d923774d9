//! Today's forms through the real router: the pain check-in the plan asks
//! for before the first set (a pain rest day then says so, and the player
//! has nothing to play), the answers of a session saved without them
//! (nothing chosen is asked again, with what was chosen kept), and the ways
//! to adapt the day (primer, shorter, swap) reaching the player.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::{Harness, harness, observed};

/// Yesterday's session, stored with these answers (or none).
async fn yesterday(h: &Harness, answers: Option<serde_json::Value>) -> i64 {
    let reply = h
        .post_json(
            "/api/v1/sessions",
            &json!({"date": "2026-03-09", "started_at_ms": 1_773_000_000_000_i64, "observed": [observed(1, 10)]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let id = reply.json()["id"].as_i64().unwrap();
    if let Some(answers) = answers {
        let finished = h
            .post_json(&format!("/api/v1/sessions/{id}/finish"), &answers)
            .await;
        assert_eq!(finished.status, StatusCode::OK, "{}", finished.text);
    }
    id
}

#[tokio::test]
async fn strong_pain_asks_before_the_first_set_and_pain_now_makes_a_rest_day() {
    let h = harness().await;
    yesterday(&h, Some(json!({"rpe": 6, "felt": "glutes", "pain": 7}))).await;
    let page = h.get("/").await.text;
    assert!(page.contains("id=\"check-in\""), "{page}");
    assert!(page.contains("name=\"pain_now\""));
    assert!(
        page.contains("Answer the question above first"),
        "no Start before the answer"
    );
    assert!(!page.contains("href=\"/go\""), "{page}");

    // Nothing chosen: asked again, nothing stored, no field names.
    let refused = h.post_form("/check-in", "legs_heavy=on").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text.contains("Pain right now is missing"),
        "{}",
        refused.text
    );
    assert!(
        refused.text.contains("name=\"legs_heavy\" checked"),
        "the tick is kept"
    );
    assert!(!refused.text.contains("pain_now is"), "{}", refused.text);
    assert!(h.get("/api/v1/guide").await.json()["pain_gate"].is_object());

    let answered = h.post_form("/check-in", "pain_now=6").await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.text);
    assert_eq!(answered.location.as_deref(), Some("/"));
    let today = h.get("/api/v1/today").await.json();
    let plan = &today["prescription"];
    assert_eq!(plan["pain_gate"]["answered"], true, "{plan:#}");
    let page = h.get("/").await.text;
    assert!(!page.contains("id=\"check-in\""));
    if plan["day"] == "pain-rest" {
        let heading = coach::words::day_heading(coach::prescribe::DayKind::PainRest);
        assert!(page.contains(&format!("<h1>{heading}</h1>")), "{page}");
    }
    assert!(!page.contains("<h1>Today</h1>"), "{page}");
    let guide = h.get("/api/v1/guide").await.json();
    assert!(guide["pain_gate"].is_null());
    if plan["items"].as_array().unwrap().is_empty() {
        assert!(page.contains("Nothing to do today: rest"), "{page}");
        assert!(
            guide["segments"].as_array().unwrap().is_empty(),
            "Go plays nothing"
        );
    } else {
        for item in plan["items"].as_array().unwrap() {
            assert_eq!(item["optional"], true, "{item}");
        }
        assert!(page.contains("optional"), "{page}");
    }

    // From the player, the answer leads back to the player.
    let again = h.post_form("/check-in", "pain_now=0&then=go").await;
    assert_eq!(again.location.as_deref(), Some("/go"));
}

#[tokio::test]
async fn a_session_without_answers_is_asked_about_on_today_until_answered() {
    let h = harness().await;
    let id = yesterday(&h, Some(json!({}))).await;
    let page = h.get("/").await.text;
    assert!(page.contains("id=\"answer\""), "{page}");
    assert!(page.contains(&format!("name=\"session\" value=\"{id}\"")));
    assert!(page.contains("has no answers yet"));

    // Nothing chosen is asked again; what was chosen stays chosen.
    let refused = h.post_form("/answer", &format!("session={id}&rpe=4")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text
            .contains("still open is where you felt it and any pain"),
        "{}",
        refused.text
    );
    assert!(refused.text.contains("name=\"rpe\" value=\"4\" checked"));
    let stored = h.store.session(id).await.unwrap().unwrap();
    assert_eq!(stored.feedback, coach::Feedback::default(), "nothing saved");

    let bad = h
        .post_form("/answer", "session=x&rpe=4&felt=glutes&pain=0")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("does not exist"), "{}", bad.text);

    let saved = h
        .post_form("/answer", &format!("session={id}&rpe=4&felt=glutes&pain=0"))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let stored = h.store.session(id).await.unwrap().unwrap();
    assert_eq!(stored.feedback.rpe, Some(4));
    assert_eq!(stored.feedback.felt, Some(coach::Felt::Glutes));
    let page = h.get("/").await.text;
    assert!(!page.contains("id=\"answer\""), "answered: no longer asked");
}

#[tokio::test]
async fn today_offers_the_primer_a_shorter_session_and_a_swap_that_the_player_plays() {
    let h = harness().await;
    // A few good sessions, so the plan has grown beyond the primer.
    for (i, day) in ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-08"]
        .iter()
        .enumerate()
    {
        let reply = h
            .post_json(
                "/api/v1/sessions",
                &json!({"date": day, "started_at_ms": 1_772_400_000_000_i64 + i as i64 * 172_800_000, "observed": (1..=2).map(|p| observed(p, 10)).collect::<Vec<_>>()}),
            )
            .await;
        let id = reply.json()["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{}", reply.text));
        h.post_json(
            &format!("/api/v1/sessions/{id}/finish"),
            &json!({"rpe": 4, "felt": "glutes", "pain": 0}),
        )
        .await;
    }
    let page = h.get("/").await.text;
    assert!(page.contains("href=\"/go?primer=1\""), "{page}");
    assert!(!page.contains("0</strong>-day streak"), "no 0-day streak");
    let full = h.get("/api/v1/guide").await.json();
    let primer = h.get("/api/v1/guide?primer=true").await.json();
    assert!(
        primer["total_seconds"].as_f64() < full["total_seconds"].as_f64(),
        "the primer is shorter"
    );
    // Each link on the page is a request the player can play.
    for href in page
        .split("href=\"/go?")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
    {
        let query = href.replace("primer=1", "primer=true");
        let guide = h.get(&format!("/api/v1/guide?{query}")).await;
        assert_eq!(guide.status, StatusCode::OK, "{href}: {}", guide.text);
        assert!(
            !guide.json()["segments"].as_array().unwrap().is_empty(),
            "{href}"
        );
    }
    let go = h.get("/go").await.text;
    assert!(go.contains("id=\"gate\""));
    assert!(
        go.contains("id=\"later\""),
        "the questions can be left for later, openly"
    );
}
