//! A fresh app over a temporary database, with "today" pinned, and helpers
//! to send requests and read JSON or HTML back.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::civil::{Date, date};
use store::Store;
use tower::ServiceExt;

pub const TODAY: Date = date(2026, 3, 10);

pub struct Harness {
    pub app: Router,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

/// The app's state over the database at `path` (created), with "today"
/// pinned to [`TODAY`] in UTC, answering on `addr`.
pub async fn state_on(path: &std::path::Path, addr: std::net::SocketAddr) -> web::AppState {
    let store: Arc<dyn Store> = Arc::from(
        store::open(path.to_str().unwrap(), store::OpenMode::Create)
            .await
            .unwrap(),
    );
    let clock = app::Clock::pinned(TODAY, jiff::tz::TimeZone::UTC);
    web::AppState::new(app::App::new(store, clock).unwrap(), addr)
}

pub async fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store: Arc<dyn Store> = Arc::from(
        store::open(path.to_str().unwrap(), store::OpenMode::Create)
            .await
            .unwrap(),
    );
    let clock = app::Clock::pinned(TODAY, jiff::tz::TimeZone::UTC);
    let app = app::App::new(store.clone(), clock).unwrap();
    let state = web::AppState::new(app, "127.0.0.1:7878".parse().unwrap());
    Harness {
        app: web::app(state),
        store,
        _dir: dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub location: Option<String>,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    /// The `error` sentence of an error reply.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error field: {}", self.text))
            .to_string()
    }
}

impl Harness {
    pub async fn send(&self, method: &str, uri: &str, content_type: &str, body: &str) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let location = header_text(header::LOCATION);
        let bytes = axum::body::to_bytes(response.into_body(), 4 << 20)
            .await
            .unwrap();
        Reply {
            status,
            content_type,
            location,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
    pub async fn get(&self, uri: &str) -> Reply {
        self.send("GET", uri, "", "").await
    }
    pub async fn post_json(&self, uri: &str, body: &serde_json::Value) -> Reply {
        self.send("POST", uri, "application/json", &body.to_string())
            .await
    }
    pub async fn post_form(&self, uri: &str, body: &str) -> Reply {
        self.send("POST", uri, "application/x-www-form-urlencoded", body)
            .await
    }
    /// Every stored session, as JSON.
    pub async fn sessions(&self) -> Vec<coach::Session> {
        self.store.sessions(None, None).await.unwrap()
    }
}

/// A plausible completed set of the bridge at `position`.
pub fn bridge_set(position: u32, reps: u32) -> serde_json::Value {
    serde_json::json!({
        "exercise": "active-shoulder-bridge",
        "position": position,
        "reps": reps,
        "target_reps": 10,
        "side": null,
        "hold_s": 1.0,
        "tension_s": f64::from(reps) * 6.0,
        "completed_at_ms": 1_773_100_000_000_i64 + i64::from(position) * 90_000,
    })
}

/// What the browser observed of the set at `position` of today's plan.
pub fn observed(position: u32, reps: u32) -> serde_json::Value {
    serde_json::json!({
        "position": position,
        "reps": reps,
        "completed_at_ms": 1_773_100_000_000_i64 + i64::from(position) * 90_000,
    })
}

/// The body of `POST /api/v1/sessions` for one observed set.
pub fn new_session(started_at_ms: i64, observed: serde_json::Value) -> serde_json::Value {
    let mut body = serde_json::json!({"started_at_ms": started_at_ms, "observed": []});
    body["observed"] = serde_json::Value::Array(vec![observed]);
    body
}
