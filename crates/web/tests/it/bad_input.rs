//! Bad input through the real router, table-driven: every kind is one line
//! (a request and the status it must get). For each, the answer must carry
//! the expected status and a sentence (the JSON `{"error": …}` body on API
//! routes and for the guard's answers, the page's own words on form
//! routes), must not echo a 300-digit number, and everything stored (the
//! full export and the settings) must be exactly as before. The WebSocket
//! kinds (`/live/ws`) run against a real socket at the end.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::harness::{new_session, observed, state_on};

/// A 300-digit number: never to be echoed back.
const LONG: &str = "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890";

/// A gzip inside a gzip: 988 bytes that inflate to 512 MiB of zeros.
const BOMB: &[u8] = include_bytes!("data/bomb.fit.gz.gz");

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

struct Kind {
    name: &'static str,
    method: &'static str,
    uri: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    status: u16,
}

impl Kind {
    fn with(mut self, name: &'static str, value: &str) -> Kind {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_string()));
        self
    }
}

fn raw(
    name: &'static str,
    method: &'static str,
    uri: &str,
    content_type: &str,
    body: impl Into<Vec<u8>>,
    status: u16,
) -> Kind {
    let mut headers = vec![("host", "127.0.0.1:7878".to_string())];
    if !content_type.is_empty() {
        headers.push(("content-type", content_type.to_string()));
    }
    Kind {
        name,
        method,
        uri: uri.to_string(),
        headers,
        body: body.into(),
        status,
    }
}

fn json(name: &'static str, method: &'static str, uri: &str, body: &str, status: u16) -> Kind {
    raw(name, method, uri, JSON, body, status)
}

fn form(name: &'static str, uri: &str, body: &str, status: u16) -> Kind {
    raw(name, "POST", uri, FORM, body, status)
}

fn get(name: &'static str, uri: &str, status: u16) -> Kind {
    raw(name, "GET", uri, "", "", status)
}

/// A valid set record for session 1, with `field` replaced by `value`.
fn set_with(field: &str, value: &str) -> String {
    let mut set = crate::harness::bridge_set(2, 10);
    set[field] = Value::Null;
    set.to_string().replace(
        &format!("\"{field}\":null"),
        &format!("\"{field}\":{value}"),
    )
}

/// The start of a session not stored yet: any request accepted with it
/// would store a new session.
const NEW: i64 = 1_773_100_500_000;

/// A new session's body with one observed field replaced by raw JSON.
fn observed_with(field: &str, value: &str) -> String {
    let mut one = observed(1, 10);
    one[field] = Value::Null;
    new_session(NEW, one).to_string().replace(
        &format!("\"{field}\":null"),
        &format!("\"{field}\":{value}"),
    )
}

fn sessions_with(field: &str, value: &str) -> String {
    let mut body = new_session(NEW, observed(1, 10));
    body[field] = Value::Null;
    body.to_string().replace(
        &format!("\"{field}\":null"),
        &format!("\"{field}\":{value}"),
    )
}

fn kinds() -> Vec<Kind> {
    let s = "/api/v1/sessions";
    let set = "/api/v1/sessions/1/sets";
    let one = "/api/v1/sessions/1";
    let finish = "/api/v1/sessions/1/finish";
    let note = |n: usize| json!({ "note": "x".repeat(n) }).to_string();
    let big = format!("{{\"note\": \"{}\"}}", "x".repeat(100 * 1024));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let many: Vec<Value> = (1..=400).map(|p| observed(p, 10)).collect();
    let many = json!({"started_at_ms": 1_773_100_000_000_i64, "observed": many}).to_string();
    let long_note = format!("note={}", "x".repeat(2001));
    vec![
        // ---- JSON bodies: syntax and shape
        json("truncated JSON", "POST", s, "{", 400),
        json("empty JSON body", "POST", s, "", 400),
        json(
            "trailing garbage",
            "POST",
            s,
            &format!("{} x", new_session(NEW, observed(1, 10))),
            400,
        ),
        json("single quotes", "POST", s, "{'started_at_ms': 1}", 400),
        json(
            "replacement character as the day",
            "POST",
            s,
            &sessions_with("date", "\"\u{fffd}\""),
            422,
        ),
        raw(
            "invalid UTF-8 bytes",
            "PUT",
            "/api/v1/settings",
            JSON,
            b"{\"reminder\": \"\xff\xfe\"}".to_vec(),
            400,
        ),
        json("byte-order mark", "POST", s, "\u{feff}{}", 400),
        json("nesting 10,000 deep", "PUT", "/api/v1/settings", &deep, 400),
        json("null instead of an object", "POST", s, "null", 422),
        json("array instead of an object", "POST", s, "[]", 422),
        json(
            "string instead of an object",
            "POST",
            s,
            "\"sessions\"",
            422,
        ),
        json("missing fields", "POST", s, "{}", 422),
        json(
            "unknown field",
            "POST",
            s,
            &sessions_with("colour", "\"red\""),
            422,
        ),
        json(
            "start time as text",
            "POST",
            s,
            &sessions_with("started_at_ms", "\"soon\""),
            422,
        ),
        json(
            "start time 300 digits",
            "POST",
            s,
            &sessions_with("started_at_ms", LONG),
            422,
        ),
        json(
            "start time 1e400",
            "POST",
            s,
            &sessions_with("started_at_ms", "1e400"),
            400,
        ),
        json(
            "start time in 1900",
            "POST",
            s,
            &sessions_with("started_at_ms", "-2208988800000"),
            422,
        ),
        json(
            "observed as an object",
            "POST",
            s,
            &sessions_with("observed", "{}"),
            422,
        ),
        json(
            "observed empty",
            "POST",
            s,
            &sessions_with("observed", "[]"),
            422,
        ),
        json(
            "day in 1900",
            "POST",
            s,
            &sessions_with("date", "\"1900-01-01\""),
            422,
        ),
        json(
            "day in 9999",
            "POST",
            s,
            &sessions_with("date", "\"9999-12-31\""),
            422,
        ),
        json(
            "day 30 February",
            "POST",
            s,
            &sessions_with("date", "\"2026-02-30\""),
            422,
        ),
        json(
            "day as a number",
            "POST",
            s,
            &sessions_with("date", "20260310"),
            422,
        ),
        json(
            "unknown exercise in guide",
            "POST",
            s,
            &sessions_with("guide", "{\"exercise\": \"moonwalk\"}"),
            422,
        ),
        json(
            "negative minutes in guide",
            "POST",
            s,
            &sessions_with("guide", "{\"minutes\": -5}"),
            422,
        ),
        json(
            "negative reps observed",
            "POST",
            s,
            &observed_with("reps", "-5"),
            422,
        ),
        json(
            "NaN reps observed",
            "POST",
            s,
            &observed_with("reps", "\"NaN\""),
            422,
        ),
        json(
            "reps 300 digits observed",
            "POST",
            s,
            &observed_with("reps", LONG),
            422,
        ),
        json(
            "position 0 observed",
            "POST",
            s,
            &observed_with("position", "0"),
            422,
        ),
        json(
            "position beyond the plan",
            "POST",
            s,
            &observed_with("position", "999"),
            422,
        ),
        json(
            "completed in 9999",
            "POST",
            s,
            &observed_with("completed_at_ms", "253402214400000"),
            422,
        ),
        json(
            "side sideways",
            "POST",
            s,
            &observed_with("side", "\"sideways\""),
            422,
        ),
        json("400 sets in one request", "POST", s, &many, 422),
        json("body over 64 KiB", "PATCH", one, &big, 413),
        // ---- set records
        json(
            "unknown exercise",
            "POST",
            set,
            &set_with("exercise", "\"moonwalk\""),
            422,
        ),
        json(
            "exercise as a number",
            "POST",
            set,
            &set_with("exercise", "7"),
            422,
        ),
        json(
            "negative hold",
            "POST",
            set,
            &set_with("hold_s", "-1.5"),
            422,
        ),
        json(
            "hold 1e308 seconds",
            "POST",
            set,
            &set_with("hold_s", "1e308"),
            422,
        ),
        json(
            "hold \"NaN\"",
            "POST",
            set,
            &set_with("hold_s", "\"NaN\""),
            422,
        ),
        json(
            "hold \"Infinity\"",
            "POST",
            set,
            &set_with("hold_s", "\"Infinity\""),
            422,
        ),
        json(
            "negative tension",
            "POST",
            set,
            &set_with("tension_s", "-60"),
            422,
        ),
        json(
            "reps over u32",
            "POST",
            set,
            &set_with("reps", "4294967296"),
            422,
        ),
        json("reps 300 digits", "POST", set, &set_with("reps", LONG), 422),
        json(
            "100,000 reps",
            "POST",
            set,
            &set_with("reps", "100000"),
            422,
        ),
        json("position 0", "POST", set, &set_with("position", "0"), 422),
        json(
            "set completed in 1970",
            "POST",
            set,
            &set_with("completed_at_ms", "0"),
            422,
        ),
        json(
            "set completed in 9999",
            "POST",
            set,
            &set_with("completed_at_ms", "253402214400000"),
            422,
        ),
        json("set as an array", "POST", set, "[1, 2, 3]", 422),
        json(
            "set of an unknown session",
            "POST",
            "/api/v1/sessions/999/sets",
            &set_with("reps", "8"),
            404,
        ),
        json(
            "set of a non-numeric id",
            "POST",
            "/api/v1/sessions/abc/sets",
            &set_with("reps", "8"),
            404,
        ),
        // ---- corrections, answers, deletion
        json("note of 2,001 characters", "PATCH", one, &note(2001), 422),
        json(
            "note with NUL",
            "PATCH",
            one,
            r#"{"note": "a\u0000b"}"#,
            422,
        ),
        json(
            "note with bell and escape",
            "PATCH",
            one,
            r#"{"note": "\u0007\u001b[31m"}"#,
            422,
        ),
        json("note as an array", "PATCH", one, r#"{"note": ["a"]}"#, 422),
        json("effort 11", "PATCH", one, r#"{"rpe": 11}"#, 422),
        json("effort -1", "PATCH", one, r#"{"rpe": -1}"#, 422),
        json("effort 300", "PATCH", one, r#"{"rpe": 300}"#, 422),
        json("pain as a word", "PATCH", one, r#"{"pain": "high"}"#, 422),
        json("felt unknown", "PATCH", one, r#"{"felt": "amazing"}"#, 422),
        json(
            "moved to 1900",
            "PATCH",
            one,
            r#"{"date": "1900-01-01"}"#,
            422,
        ),
        json(
            "moved to 9999",
            "PATCH",
            one,
            r#"{"date": "9999-12-31"}"#,
            422,
        ),
        json(
            "moved to yesterday as a word",
            "PATCH",
            one,
            r#"{"date": "yesterday"}"#,
            422,
        ),
        json(
            "correction with unknown field",
            "PATCH",
            one,
            r#"{"mood": 3}"#,
            422,
        ),
        json("correction as an array", "PATCH", one, "[1, 2]", 422),
        json(
            "correction of a non-numeric id",
            "PATCH",
            "/api/v1/sessions/abc",
            "{}",
            404,
        ),
        json(
            "correction of id 0",
            "PATCH",
            "/api/v1/sessions/0",
            "{}",
            404,
        ),
        raw(
            "delete an unknown id",
            "DELETE",
            "/api/v1/sessions/2",
            "",
            "",
            404,
        ),
        raw(
            "delete a negative id",
            "DELETE",
            "/api/v1/sessions/-1",
            "",
            "",
            404,
        ),
        raw(
            "delete a 300-digit id",
            "DELETE",
            &format!("{s}/{LONG}"),
            "",
            "",
            404,
        ),
        json("finish with effort 0", "POST", finish, r#"{"rpe": 0}"#, 422),
        json(
            "finish with pain 11",
            "POST",
            finish,
            r#"{"pain": 11}"#,
            422,
        ),
        json("finish with felt 5", "POST", finish, r#"{"felt": 5}"#, 400),
        json(
            "finish an unknown session",
            "POST",
            "/api/v1/sessions/999/finish",
            "{}",
            404,
        ),
        // ---- checks, check-in, settings
        json("check without answers", "POST", "/api/v1/checks", "{}", 422),
        json(
            "check with pain 11",
            "POST",
            "/api/v1/checks",
            r#"{"pain_now": 11, "questionnaire": {}}"#,
            422,
        ),
        json(
            "check questionnaire as text",
            "POST",
            "/api/v1/checks",
            r#"{"questionnaire": "fine"}"#,
            422,
        ),
        json(
            "check-in pain 11",
            "POST",
            "/api/v1/check-in",
            r#"{"pain_now": 11}"#,
            422,
        ),
        json(
            "check-in pain -1",
            "POST",
            "/api/v1/check-in",
            r#"{"pain_now": -1}"#,
            422,
        ),
        json(
            "check-in pain as a word",
            "POST",
            "/api/v1/check-in",
            r#"{"pain_now": "none"}"#,
            422,
        ),
        json(
            "check-in legs as a word",
            "POST",
            "/api/v1/check-in",
            r#"{"pain_now": 0, "legs_heavy": "yes"}"#,
            422,
        ),
        json(
            "rest -5 seconds",
            "PUT",
            "/api/v1/settings",
            r#"{"rest_s": -5}"#,
            422,
        ),
        json(
            "rest 300 digits",
            "PUT",
            "/api/v1/settings",
            &format!("{{\"rest_s\": {LONG}}}"),
            422,
        ),
        json(
            "tempo NaN",
            "PUT",
            "/api/v1/settings",
            r#"{"tempo": "NaN"}"#,
            422,
        ),
        json(
            "speech rate 1e308",
            "PATCH",
            "/api/v1/settings",
            r#"{"speech_rate": 1e308}"#,
            422,
        ),
        json(
            "units furlongs",
            "PUT",
            "/api/v1/settings",
            r#"{"units": "furlongs"}"#,
            422,
        ),
        json(
            "unknown setting",
            "PUT",
            "/api/v1/settings",
            r#"{"volume": 11}"#,
            422,
        ),
        json("settings as an array", "PUT", "/api/v1/settings", "[]", 422),
        json(
            "reminder with control characters",
            "PUT",
            "/api/v1/settings",
            r#"{"reminder": "\u0000\u0007"}"#,
            422,
        ),
        // ---- content types
        raw(
            "JSON sent as text/plain",
            "POST",
            s,
            "text/plain",
            "{}",
            415,
        ),
        raw("JSON without a content type", "POST", s, "", "{}", 415),
        raw("JSON sent as a form", "PATCH", one, FORM, "note=hi", 415),
        raw(
            "JSON in UTF-16",
            "POST",
            s,
            "application/json; charset=utf-16",
            b"\xff\xfe{\x00}\x00".to_vec(),
            400,
        ),
        // ---- paths and methods
        get("unknown API route", "/api/v1/nope", 404),
        get(
            "API route with traversal",
            "/api/v1/library/..%2F..%2Fetc%2Fpasswd",
            404,
        ),
        get("session with a non-numeric id", "/api/v1/sessions/abc", 404),
        get("session 300 digits", &format!("{s}/{LONG}"), 404),
        get("limit -1", "/api/v1/sessions?limit=-1", 400),
        get(
            "limit 300 digits",
            &format!("/api/v1/sessions?limit={LONG}"),
            400,
        ),
        get(
            "unknown query parameter",
            "/api/v1/sessions?colour=red",
            400,
        ),
        get(
            "activities from month 13",
            "/api/v1/activities?from=1900-13-01",
            400,
        ),
        raw(
            "DELETE the library",
            "DELETE",
            "/api/v1/library",
            "",
            "",
            405,
        ),
        raw("PUT today", "PUT", "/api/v1/today", JSON, "{}", 405),
        raw(
            "POST the OpenAPI document",
            "POST",
            "/api/v1/openapi.json",
            JSON,
            "{}",
            405,
        ),
        raw("PUT a page", "PUT", "/history", FORM, "", 405),
        // ---- uploads
        raw(
            "upload that is not a watch file",
            "POST",
            "/api/v1/activities?file=photo.fit",
            "application/octet-stream",
            b"\x89PNG\r\n\x1a\n not a fit file".to_vec(),
            422,
        ),
        raw(
            "upload of GPX that is not XML",
            "POST",
            "/api/v1/activities?file=run.gpx",
            "application/octet-stream",
            "<gpx><trk",
            422,
        ),
        raw(
            "upload of a broken zip",
            "POST",
            "/api/v1/activities?file=export.zip",
            "application/octet-stream",
            b"PK\x03\x04broken".to_vec(),
            422,
        ),
        raw(
            "upload of a gzip bomb",
            "POST",
            "/api/v1/activities?file=bomb.fit.gz.gz",
            "application/octet-stream",
            BOMB.to_vec(),
            422,
        ),
        raw(
            "upload without a name",
            "POST",
            "/api/v1/activities",
            "application/octet-stream",
            "data",
            400,
        ),
        raw(
            "upload with an unknown parameter",
            "POST",
            "/api/v1/activities?file=a.fit&x=1",
            "application/octet-stream",
            "data",
            400,
        ),
        raw(
            "empty upload",
            "POST",
            "/api/v1/activities?file=a.fit",
            "application/octet-stream",
            "",
            400,
        ),
        // ---- the guard: Host and cross-site requests
        get("foreign Host", "/api/v1/today", 421).with("host", "evil.example"),
        get("foreign Host with our port", "/api/v1/today", 421).with("host", "evil.example:7878"),
        get("Host ending in localhost", "/", 421).with("host", "localhost.evil.example"),
        get("malformed Host", "/api/v1/today", 421).with("host", "local host:x"),
        form("foreign Host on a form", "/settings", "rest_s=5", 421).with("host", "rebind.example"),
        json(
            "cross-site Origin",
            "POST",
            s,
            &new_session(1, observed(1, 1)).to_string(),
            403,
        )
        .with("origin", "http://evil.example"),
        json(
            "Origin null",
            "PUT",
            "/api/v1/settings",
            r#"{"rest_s": 30}"#,
            403,
        )
        .with("origin", "null"),
        raw("Sec-Fetch-Site cross-site", "DELETE", one, "", "", 403)
            .with("sec-fetch-site", "cross-site"),
        json(
            "Sec-Fetch-Site same-site",
            "PATCH",
            one,
            r#"{"rpe": 5}"#,
            403,
        )
        .with("sec-fetch-site", "same-site"),
        form("cross-site delete form", "/history/1/delete", "", 403)
            .with("origin", "http://evil.example"),
        form("cross-site settings form", "/settings", "rest_s=5", 403)
            .with("sec-fetch-site", "cross-site"),
        raw(
            "cross-site upload form",
            "POST",
            "/runs",
            "multipart/form-data; boundary=x",
            "--x--",
            403,
        )
        .with("origin", "https://evil.example"),
        form("cross-site check form", "/check", "pain_now=0", 403)
            .with("sec-fetch-site", "same-site"),
        // ---- forms
        form("edit with effort 11", "/history/1/edit", "rpe=11", 422),
        form(
            "edit with a note of 2,001 characters",
            "/history/1/edit",
            &long_note,
            422,
        ),
        form(
            "edit with a NUL in the note",
            "/history/1/edit",
            "note=a%00b",
            422,
        ),
        form(
            "edit moved to 9999",
            "/history/1/edit",
            "date=9999-12-31",
            422,
        ),
        form(
            "edit moved to 1900",
            "/history/1/edit",
            "date=1900-01-01",
            422,
        ),
        form(
            "edit of a non-numeric id",
            "/history/abc/edit",
            "rpe=5",
            404,
        ),
        form("delete of an unknown id", "/history/999/delete", "", 404),
        form("settings rest -1", "/settings", "rest_s=-1", 422),
        form("settings tempo NaN", "/settings", "tempo=NaN", 422),
        form(
            "settings rest 300 digits",
            "/settings",
            &format!("rest_s={LONG}"),
            422,
        ),
        raw(
            "settings sent as JSON",
            "POST",
            "/settings",
            JSON,
            "{}",
            415,
        ),
        raw(
            "upload form without multipart",
            "POST",
            "/runs",
            FORM,
            "files=x",
            400,
        ),
    ]
}

struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
}

async fn send(app: &axum::Router, kind: &Kind) -> Answer {
    let mut request = Request::builder().method(kind.method).uri(&kind.uri);
    for (name, value) in &kind.headers {
        request = request.header(*name, value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(kind.body.clone())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), 4 << 20)
        .await
        .unwrap();
    Answer {
        status,
        content_type,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Everything stored: the full export and the settings.
async fn snapshot(state: &web::AppState) -> Value {
    let export = state.app().export().await.unwrap();
    let preferences = state.app().preferences().await.unwrap();
    json!({
        "export": serde_json::to_value(export).unwrap(),
        "preferences": serde_json::to_value(preferences).unwrap(),
    })
}

/// Whether `text` reads as a sentence: a few words, not a dump.
fn is_sentence(text: &str) -> bool {
    text.split_whitespace().count() >= 4 && !text.contains("panicked")
}

#[tokio::test]
async fn every_kind_of_bad_input_is_refused_with_a_sentence_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_on(
        &dir.path().join("runstrong.db"),
        "127.0.0.1:7878".parse().unwrap(),
    )
    .await;
    let app = web::app(state.clone());
    // One session to correct, add to and delete.
    let seed = raw(
        "seed",
        "POST",
        "/api/v1/sessions",
        JSON,
        new_session(1_773_100_000_000, observed(1, 10)).to_string(),
        201,
    );
    let seeded = send(&app, &seed).await;
    assert_eq!(seeded.status, StatusCode::CREATED, "{}", seeded.text);
    let first = snapshot(&state).await;

    let kinds = kinds();
    let mut failures = Vec::new();
    for kind in &kinds {
        let before = snapshot(&state).await;
        let answer = send(&app, kind).await;
        let api = kind.uri.starts_with("/api/") || matches!(kind.status, 405 | 421);
        let mut wrong = Vec::new();
        if answer.status.as_u16() != kind.status {
            wrong.push(format!(
                "status {} instead of {}",
                answer.status, kind.status
            ));
        }
        if api {
            match serde_json::from_str::<Value>(&answer.text) {
                Ok(value) if value["error"].as_str().is_some_and(is_sentence) => {}
                _ => wrong.push(format!("no JSON error sentence ({})", answer.content_type)),
            }
        } else if answer.text.trim().is_empty() {
            wrong.push("an empty answer".into());
        }
        // A refused form keeps what was typed in its field; nowhere else.
        let echoed = answer.text.replace(&format!("value=\"{LONG}\""), "");
        if echoed.contains(LONG) {
            wrong.push("the 300-digit number is echoed".into());
        }
        if snapshot(&state).await != before {
            wrong.push("stored data changed".into());
        }
        if !wrong.is_empty() {
            let text: String = answer.text.chars().take(300).collect();
            failures.push(format!("{}: {} — {text}", kind.name, wrong.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} kinds failed:\n{}",
        failures.len(),
        kinds.len(),
        failures.join("\n")
    );
    assert!(kinds.len() >= 80, "{} kinds", kinds.len());
    assert_eq!(
        snapshot(&state).await,
        first,
        "nothing changed over the whole table"
    );
    // Still answering, and still holding the seeded session.
    let fine = send(&app, &get("today", "/api/v1/today", 200)).await;
    assert_eq!(fine.status, StatusCode::OK);
}

// ---------------------------------------------------------------- the live socket

mod socket {
    use futures_util::{SinkExt, StreamExt};
    use serde_json::Value;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    use super::LONG;

    /// A message the socket must answer with an error (and keep working,
    /// or close after saying why when the frame itself was refused).
    fn frames() -> Vec<(&'static str, Message)> {
        vec![
            (
                "binary garbage",
                Message::binary(vec![0xde, 0xad, 0xbe, 0xef, 0, 255]),
            ),
            ("not JSON", Message::text("hello")),
            ("truncated JSON", Message::text("{\"type\": \"start\"")),
            ("a JSON array", Message::text("[1, 2, 3]")),
            ("a JSON number of 300 digits", Message::text(LONG)),
            ("no type", Message::text("{\"exercise\": \"bridge\"}")),
            ("unknown type", Message::text("{\"type\": \"dance\"}")),
            (
                "a frame before any start",
                Message::text("{\"type\": \"frame\", \"t\": 1, \"landmarks\": []}"),
            ),
            (
                "start of an unknown exercise",
                Message::text(
                    "{\"type\": \"start\", \"exercise\": \"moonwalk\", \"input\": \"landmarks\"}",
                ),
            ),
            (
                "start with an unknown input",
                Message::text(
                    "{\"type\": \"start\", \"exercise\": \"bridge\", \"input\": \"telepathy\"}",
                ),
            ),
            (
                "start with width 300 digits",
                Message::text(format!(
                    "{{\"type\": \"start\", \"exercise\": \"bridge\", \"input\": \"landmarks\", \"width\": {LONG}, \"height\": 480}}"
                )),
            ),
            ("a frame over 64 KiB", Message::text("x".repeat(70 * 1024))),
        ]
    }

    async fn next_error(
        socket: &mut tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
    ) -> Option<Value> {
        loop {
            let message = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
                .await
                .expect("an answer within 5 s")?;
            match message {
                Ok(Message::Text(text)) => {
                    let value: Value = serde_json::from_str(text.as_str()).unwrap();
                    if value["type"] == "error" {
                        return Some(value);
                    }
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    #[tokio::test]
    async fn every_bad_frame_gets_an_error_and_nothing_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let listener = web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = crate::harness::state_on(&dir.path().join("runstrong.db"), addr).await;
        let before = super::snapshot(&state).await;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(web::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        let url = format!("ws://{addr}/live/ws");
        let mut failures = Vec::new();
        for (name, frame) in frames() {
            let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
            socket.send(frame).await.unwrap();
            match next_error(&mut socket).await {
                Some(error) => {
                    let text = error.to_string();
                    if !error["message"].as_str().is_some_and(super::is_sentence)
                        && !error["error"].as_str().is_some_and(super::is_sentence)
                    {
                        failures.push(format!("{name}: no sentence in {text}"));
                    }
                    if text.contains(LONG) {
                        failures.push(format!("{name}: the 300-digit number is echoed"));
                    }
                }
                None => failures.push(format!("{name}: closed without an error message")),
            }
        }
        // The handshake itself: a foreign Host and a page of another site.
        for (name, header, value, status) in [
            ("socket with a foreign Host", "host", "evil.example", 421),
            (
                "socket from another site",
                "origin",
                "http://evil.example",
                403,
            ),
            (
                "socket with Sec-Fetch-Site cross-site",
                "sec-fetch-site",
                "cross-site",
                403,
            ),
        ] {
            let mut request = url.as_str().into_client_request().unwrap();
            request.headers_mut().insert(header, value.parse().unwrap());
            match tokio_tungstenite::connect_async(request).await {
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                    let body = response.body().clone().unwrap_or_default();
                    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
                    if response.status().as_u16() != status
                        || !body["error"].as_str().is_some_and(super::is_sentence)
                    {
                        failures.push(format!("{name}: {} {body}", response.status()));
                    }
                }
                other => failures.push(format!("{name}: not refused ({:?})", other.is_ok())),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(super::snapshot(&state).await, before, "nothing was stored");
        let _ = stop.send(());
        server.await.unwrap().unwrap();
    }
}
