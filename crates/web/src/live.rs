//! The live session: reps counted while they happen, from a camera or from a
//! phone resting on the hips.
//!
//! The browser does the sensing and sends only numbers: in camera mode it
//! runs MediaPipe Pose locally and streams the 33 landmarks of each frame; in
//! phone mode it streams DeviceMotion samples. Both go over one WebSocket
//! (`GET /live/ws`) to the `sense` engine here, which answers with events
//! that drive the page's counter and spoken cues. No image leaves the page.
//!
//! Routes:
//!
//! - `GET /go/live`: the page (`templates/live.html`, script `static/live.js`
//!   served at `/live/live.js`);
//! - `GET /live/ws`: the WebSocket (protocol below); a browser page of
//!   another site is refused (its `Origin` must name this server);
//! - `GET /live/status`: whether the MediaPipe files are installed and how
//!   many frames the engine has received since the server started;
//! - `GET /vendor/mediapipe/pose/{file}`: the MediaPipe Pose files (script,
//!   wasm, model), read from disk, never from another host. They are
//!   installed from npm (`cd crates/web/vendor && npm ci`, pinned with its
//!   integrity hash in `package-lock.json`); the folder is
//!   `RUNSTRONG_MEDIAPIPE_DIR`, or `crates/web/vendor/node_modules/@mediapipe/pose`
//!   of the source tree this binary was built from. About 50 MB, so they are
//!   not embedded in the binary.
//!
//! Protocol (JSON text messages). In:
//!
//! - `{"type": "start", "exercise": "bridge", "side": "left", "input":
//!   "landmarks" | "motion", "width": 640, "height": 480}` starts a set
//!   (a set still running is finished first);
//! - a landmark frame, exactly a line of the recording format:
//!   `{"t": seconds, "landmarks": [33 × {"x", "y", "z", "visibility"}]}`
//!   (an empty list: no person in view);
//! - a motion sample: `{"t": seconds, "accel": [ax, ay, az], "gyro": [gx, gy, gz]}`
//!   (m/s² including gravity, deg/s);
//! - `{"type": "stop"}` finishes the set.
//!
//! Out: `ready`, `phase` (`lift`, `top`, `lower`, `rest`), `rep` (with the
//! running `count` and the rep's timings), `partial`, `reclassified` (an
//! earlier rep turned out partial: `count` goes down by one), `cue`
//! (`cue` code and `message`), `frames` (received and used so far, every
//! [`FRAMES_EVERY`] frames), `summary` (after `stop`: the count, the measured
//! tempo, `hold_s` and `tension_s` for the set record, and the full
//! `sense::Report`), and `error` (`message`: one sentence) for anything that
//! cannot be used. An error never closes the socket; only a message over
//! [`MAX_MESSAGE_BYTES`] does (the WebSocket layer refuses it).
//!
//! **Architecture invariant:** counting is the `sense` engine's; this module
//! only translates messages. Saving the set is the browser's job, through the
//! same `POST /api/v1/sessions` as the guided session, after the user has
//! confirmed the count.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use askama::Template;
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sense::format::{LandmarkLine, parse_landmark_line};
use sense::{
    Event, ExerciseProfile, FrameSize, InputKind, MotionEngine, MotionSample, PROFILE_IDS,
    PoseEngine, RepFlags, RepRecord, ReportBuilder, SetSummary, Side,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;

/// Largest WebSocket message accepted, bytes (a landmark frame is about 3 KB).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// A `frames` progress message is sent after this many frames.
pub const FRAMES_EVERY: u64 = 15;
/// The command that installs the MediaPipe files, shown when they are missing.
pub const INSTALL_COMMAND: &str = "cd crates/web/vendor && npm ci";
/// Frame size assumed when a start message gives none.
const DEFAULT_FRAME: FrameSize = FrameSize {
    width: 640.0,
    height: 480.0,
};
/// Largest plausible |acceleration| component, m/s² (as in recorded files).
const MAX_ACCEL: f64 = 200.0;
/// Largest plausible |rotation rate| component, deg/s.
const MAX_GYRO: f64 = 5000.0;

/// Frames received over every socket since the server started.
static FRAMES_RECEIVED: AtomicU64 = AtomicU64::new(0);
/// Sets started over every socket since the server started.
static SETS_STARTED: AtomicU64 = AtomicU64::new(0);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/go/live", get(page))
        .route("/live/live.js", get(script))
        .route("/live/ws", get(socket))
        .route("/live/status", get(status))
        .route("/vendor/mediapipe/pose/{file}", get(vendor_file))
}

// ---------------------------------------------------------------- files

/// Where the MediaPipe Pose files are read from.
pub fn mediapipe_dir() -> PathBuf {
    match std::env::var_os("RUNSTRONG_MEDIAPIPE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/vendor/node_modules/@mediapipe/pose"
        )),
    }
}

/// Whether the MediaPipe files are installed (the script and the default model).
pub fn mediapipe_installed() -> bool {
    let dir = mediapipe_dir();
    dir.join("pose.js").is_file() && dir.join("pose_landmark_full.tflite").is_file()
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

async fn vendor_file(Path(file): Path<String>) -> Response {
    let safe = !file.is_empty()
        && !file.starts_with('.')
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if !safe {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let path = mediapipe_dir().join(&file);
    let read = tokio::task::spawn_blocking(move || std::fs::read(path)).await;
    match read {
        Ok(Ok(bytes)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(&file)),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=604800"),
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => (
            StatusCode::NOT_FOUND,
            format!(
                "{file} is not installed: run `{INSTALL_COMMAND}` in the runstrong source tree, or set RUNSTRONG_MEDIAPIPE_DIR to a folder holding @mediapipe/pose"
            ),
        )
            .into_response(),
    }
}

async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        include_str!("../static/live.js"),
    )
        .into_response()
}

async fn status() -> Response {
    axum::Json(json!({
        "mediapipe": mediapipe_installed(),
        "install": INSTALL_COMMAND,
        "frames_received": FRAMES_RECEIVED.load(Ordering::Relaxed),
        "sets_started": SETS_STARTED.load(Ordering::Relaxed),
    }))
    .into_response()
}

// ---------------------------------------------------------------- page

struct Layout {
    title: String,
    nav: &'static str,
    v: &'static str,
}

struct Choice {
    id: &'static str,
    name: String,
}

#[derive(Template)]
#[template(path = "live.html")]
struct LivePage {
    page: Layout,
    exercises: Vec<Choice>,
    mediapipe: bool,
    install: &'static str,
}

async fn page(State(state): State<AppState>) -> Response {
    let exercises = PROFILE_IDS
        .iter()
        .map(|id| Choice {
            id,
            name: state
                .library()
                .get(id)
                .map_or_else(|| (*id).to_owned(), |e| e.name.clone()),
        })
        .collect();
    let page = LivePage {
        page: Layout {
            title: "Live count".into(),
            nav: "go",
            v: crate::assets::version(),
        },
        exercises,
        mediapipe: mediapipe_installed(),
        install: INSTALL_COMMAND,
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::ApiError::internal(e).into_response(),
    }
}

// ---------------------------------------------------------------- socket

/// Whether a browser's `Origin` names the host it connected to (pages of
/// other sites may not open the socket; clients without `Origin` may).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

async fn socket(headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "the live socket only accepts pages of this runstrong server",
        )
            .into_response();
    }
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(run)
}

async fn run(mut socket: WebSocket) {
    let mut session = LiveSession::default();
    let mut replies = Vec::new();
    while let Some(received) = socket.recv().await {
        let Ok(message) = received else {
            // The WebSocket layer cannot go on (a message over the limit, a broken frame).
            let reply = error(format!(
                "message {} could not be read (larger than {} KiB, or not a valid WebSocket frame), so the socket closes",
                session.messages + 1,
                MAX_MESSAGE_BYTES / 1024
            ));
            let _ = socket.send(Message::Text(reply.to_string().into())).await;
            return;
        };
        match message {
            Message::Text(text) => session.on_text(text.as_str(), &mut replies),
            Message::Binary(_) => {
                session.messages += 1;
                replies.push(error(format!(
                    "message {} is binary: send JSON text (a start message, a frame or a stop message)",
                    session.messages
                )));
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        }
        for reply in replies.drain(..) {
            if socket
                .send(Message::Text(reply.to_string().into()))
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

fn error(message: String) -> Value {
    let mut reply = json!({"type": "error"});
    reply["message"] = Value::String(message);
    reply
}

enum Engine {
    Pose(Box<PoseEngine>),
    Motion(Box<MotionEngine>),
}

struct Running {
    profile: ExerciseProfile,
    engine: Engine,
    builder: ReportBuilder,
    count: u32,
    frames: u64,
    last_t: Option<f64>,
    events: Vec<Event>,
}

/// One socket's state: at most one set running at a time. Pure (no I/O), so
/// it is tested without a socket.
#[derive(Default)]
pub struct LiveSession {
    running: Option<Running>,
    messages: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Start {
    exercise: String,
    #[serde(default)]
    side: Option<String>,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    width: Option<f64>,
    #[serde(default)]
    height: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMotion {
    t: f64,
    accel: [f64; 3],
    gyro: [f64; 3],
}

impl LiveSession {
    /// Handles one text message, pushing the replies to `out`.
    pub fn on_text(&mut self, text: &str, out: &mut Vec<Value>) {
        self.messages += 1;
        let n = self.messages;
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(_) => {
                let start: String = text.chars().take(30).collect();
                out.push(error(format!(
                    "message {n} is not JSON (it starts {start:?}): expected a start message, a frame or a stop message"
                )));
                return;
            }
        };
        let Some(object) = value.as_object() else {
            out.push(error(format!(
                "message {n} is not a JSON object: expected a start message, a frame or a stop message"
            )));
            return;
        };
        match object.get("type").map(|t| t.as_str()) {
            Some(Some("start")) => self.start(n, value, out),
            Some(Some("stop")) => match self.running.take() {
                Some(running) => out.push(finish(running)),
                None => out.push(error(format!(
                    "message {n}: there is no set to stop; send a start message first"
                ))),
            },
            Some(other) => out.push(error(format!(
                "message {n} has an unknown type {}: expected \"start\" or \"stop\" (frames have no type)",
                other.map_or_else(|| "(not a string)".to_owned(), |t| format!("{t:?}"))
            ))),
            None => self.frame(n, text, &value, out),
        }
    }

    fn start(&mut self, n: u64, value: Value, out: &mut Vec<Value>) {
        let mut value = value;
        if let Some(object) = value.as_object_mut() {
            object.remove("type");
        }
        let start: Start = match serde_json::from_value(value) {
            Ok(start) => start,
            Err(e) => {
                out.push(error(format!(
                    "message {n} is not a usable start message ({e}): expected {{\"type\": \"start\", \"exercise\", \"side\", \"input\", \"width\", \"height\"}}"
                )));
                return;
            }
        };
        let side = match start.side.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => match Side::parse(text) {
                Some(side) => Some(side),
                None => {
                    out.push(error(format!(
                        "message {n}: side {text:?} is not valid: expected \"left\" or \"right\""
                    )));
                    return;
                }
            },
        };
        let Some(profile) = ExerciseProfile::by_id(&start.exercise, side) else {
            out.push(error(format!(
                "message {n}: the engine cannot count {:?}: expected one of {}",
                start.exercise,
                PROFILE_IDS.join(", ")
            )));
            return;
        };
        let engine = match start.input.as_deref().unwrap_or("landmarks") {
            "landmarks" | "camera" => {
                let size = match (start.width, start.height) {
                    (None, None) => DEFAULT_FRAME,
                    (Some(width), Some(height))
                        if width.is_finite()
                            && height.is_finite()
                            && (1.0..=20_000.0).contains(&width)
                            && (1.0..=20_000.0).contains(&height) =>
                    {
                        FrameSize { width, height }
                    }
                    _ => {
                        out.push(error(format!(
                            "message {n}: width and height must both be pixel sizes from 1 to 20000"
                        )));
                        return;
                    }
                };
                Engine::Pose(Box::new(PoseEngine::new(&profile, size)))
            }
            "motion" | "phone" => Engine::Motion(Box::new(MotionEngine::new(&profile))),
            other => {
                out.push(error(format!(
                    "message {n}: input {other:?} is not valid: expected \"landmarks\" or \"motion\""
                )));
                return;
            }
        };
        if let Some(previous) = self.running.take() {
            out.push(finish(previous));
        }
        SETS_STARTED.fetch_add(1, Ordering::Relaxed);
        let input = match engine {
            Engine::Pose(_) => "landmarks",
            Engine::Motion(_) => "motion",
        };
        out.push(json!({
            "type": "ready",
            "exercise": profile.id,
            "side": profile.side,
            "input": input,
        }));
        self.running = Some(Running {
            profile,
            engine,
            builder: ReportBuilder::default(),
            count: 0,
            frames: 0,
            last_t: None,
            events: Vec::with_capacity(8),
        });
    }

    fn frame(&mut self, n: u64, text: &str, value: &Value, out: &mut Vec<Value>) {
        let Some(running) = self.running.as_mut() else {
            out.push(error(format!(
                "message {n} is a frame but no set is running: send a start message first"
            )));
            return;
        };
        let mut events = std::mem::take(&mut running.events);
        let t = match &mut running.engine {
            Engine::Pose(engine) => {
                if value.get("landmarks").is_none() {
                    out.push(error(format!(
                        "message {n} is not a landmark frame: expected {{\"t\": seconds, \"landmarks\": [33 × {{x, y, z, visibility}}]}}"
                    )));
                    running.events = events;
                    return;
                }
                match parse_landmark_line(text, false) {
                    Ok(LandmarkLine::Frame(frame)) => {
                        if !later(n, frame.t, running.last_t, out) {
                            running.events = events;
                            return;
                        }
                        engine.push(&frame, &mut |event| events.push(event));
                        frame.t
                    }
                    Ok(LandmarkLine::Meta(_)) => {
                        out.push(error(format!(
                            "message {n} is a meta line: send the frame size in the start message"
                        )));
                        running.events = events;
                        return;
                    }
                    Err(reason) => {
                        out.push(error(format!("message {n}: {reason}")));
                        running.events = events;
                        return;
                    }
                }
            }
            Engine::Motion(engine) => {
                let sample = match motion_sample(value) {
                    Ok(sample) => sample,
                    Err(reason) => {
                        out.push(error(format!("message {n}: {reason}")));
                        running.events = events;
                        return;
                    }
                };
                if !later(n, sample.t, running.last_t, out) {
                    running.events = events;
                    return;
                }
                engine.push(&sample, &mut |event| events.push(event));
                sample.t
            }
        };
        running.last_t = Some(t);
        running.frames += 1;
        FRAMES_RECEIVED.fetch_add(1, Ordering::Relaxed);
        for event in events.drain(..) {
            running.on_event(event, out);
        }
        running.events = events;
        if running.frames % FRAMES_EVERY == 0 {
            let counts = running.counts();
            out.push(json!({
                "type": "frames",
                "received": counts.0,
                "used": counts.0.saturating_sub(counts.1),
            }));
        }
    }
}

/// Whether `t` comes after the previous frame (an error otherwise).
fn later(n: u64, t: f64, previous: Option<f64>, out: &mut Vec<Value>) -> bool {
    match previous {
        Some(previous) if t <= previous => {
            out.push(error(format!(
                "message {n}: time {t} s is not after the previous frame's {previous} s, so the frame was skipped"
            )));
            false
        }
        _ => true,
    }
}

fn motion_sample(value: &Value) -> Result<MotionSample, String> {
    let raw: RawMotion = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "not a motion sample ({e}): expected {{\"t\": seconds, \"accel\": [ax, ay, az], \"gyro\": [gx, gy, gz]}}"
        )
    })?;
    if !raw.t.is_finite() {
        return Err("the time is not a finite number of seconds".to_owned());
    }
    if raw
        .accel
        .iter()
        .any(|v| !v.is_finite() || v.abs() > MAX_ACCEL)
    {
        return Err(format!(
            "acceleration must be finite and within ±{MAX_ACCEL} m/s²"
        ));
    }
    if raw
        .gyro
        .iter()
        .any(|v| !v.is_finite() || v.abs() > MAX_GYRO)
    {
        return Err(format!(
            "rotation rate must be finite and within ±{MAX_GYRO} deg/s"
        ));
    }
    Ok(MotionSample {
        t: raw.t,
        accel: raw.accel,
        gyro: raw.gyro,
    })
}

fn rep_json(kind: &str, count: u32, record: &RepRecord) -> Value {
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    json!({
        "type": kind,
        "count": count,
        "attempt": record.attempt,
        "t": round(record.end_s),
        "lift_s": round(record.lift_s),
        "hold_s": round(record.hold_s),
        "lower_s": round(record.lower_s),
        "peak_hip_extension_deg": record.peak_hip_extension_deg.map(|d| (d * 10.0).round() / 10.0),
        "peak_pelvis_tilt_deg": record.peak_pelvis_tilt_deg.map(|d| (d * 10.0).round() / 10.0),
        "flags": record.flags,
    })
}

impl Running {
    fn counts(&self) -> (u64, u64) {
        let counts = match &self.engine {
            Engine::Pose(engine) => engine.counts(),
            Engine::Motion(engine) => engine.counts(),
        };
        (counts.frames, counts.dropped)
    }

    fn on_event(&mut self, event: Event, out: &mut Vec<Value>) {
        self.builder.on_event(event);
        match event {
            Event::RepStarted { t, attempt } => {
                out.push(json!({"type": "phase", "phase": "lift", "t": t, "attempt": attempt}));
            }
            Event::TopReached { t, attempt } => {
                out.push(json!({"type": "phase", "phase": "top", "t": t, "attempt": attempt}));
            }
            Event::TopHoldEnded { t, attempt, .. } => {
                out.push(json!({"type": "phase", "phase": "lower", "t": t, "attempt": attempt}));
            }
            Event::RepAbandoned { t, attempt } => out.push(
                json!({"type": "phase", "phase": "rest", "t": t, "attempt": attempt, "abandoned": true}),
            ),
            Event::RepCompleted(record) => {
                self.count += 1;
                out.push(rep_json("rep", self.count, &record));
            }
            Event::PartialRep(record) => out.push(rep_json("partial", self.count, &record)),
            Event::RepReclassified(record) => {
                self.count = self.count.saturating_sub(1);
                out.push(rep_json("reclassified", self.count, &record));
            }
            Event::Cue { t, cue } => out.push(json!({
                "type": "cue", "t": t, "cue": cue.code(), "message": cue.message(),
            })),
        }
    }
}

/// Finishes a set: the last events, then the summary.
fn finish(mut running: Running) -> Value {
    let mut events = Vec::new();
    let (summary, input): (SetSummary, InputKind) = match &mut running.engine {
        Engine::Pose(engine) => (
            engine.finish(&mut |event| events.push(event)),
            InputKind::Landmarks,
        ),
        Engine::Motion(engine) => (
            engine.finish(&mut |event| events.push(event)),
            InputKind::Motion,
        ),
    };
    // Late events only matter for the report (the socket is about to get the summary).
    let mut ignored = Vec::new();
    for event in events {
        running.on_event(event, &mut ignored);
    }
    let (frames, dropped) = running.counts();
    let mut report = running.builder.build(&running.profile, input, &summary);
    report.frames = frames;
    report.dropped_frames = dropped;
    let full: Vec<_> = report
        .rep_details
        .iter()
        .filter(|r| !r.flags.contains(RepFlags::PARTIAL))
        .collect();
    let tension_s: f64 = full.iter().map(|r| r.lift_s + r.hold_s + r.lower_s).sum();
    let hold_s = if full.is_empty() {
        0.0
    } else {
        full.iter().map(|r| r.hold_s).sum::<f64>() / full.len() as f64
    };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    json!({
        "type": "summary",
        "exercise": running.profile.id,
        "side": running.profile.side,
        "input": input,
        "reps": summary.reps,
        "partial_reps": summary.partial_reps,
        "abandoned": summary.abandoned,
        "mean_lift_s": summary.mean_lift_s.map(round),
        "mean_hold_s": summary.mean_hold_s.map(round),
        "mean_lower_s": summary.mean_lower_s.map(round),
        "hold_s": round(hold_s),
        "tension_s": round(tension_s),
        "frames": frames,
        "dropped_frames": dropped,
        "report": report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sense::synth::{self, Plan, SetKind};

    fn send(session: &mut LiveSession, text: &str) -> Vec<Value> {
        let mut out = Vec::new();
        session.on_text(text, &mut out);
        out
    }

    #[test]
    fn a_synthetic_set_is_counted_like_the_truth() {
        let plan = Plan::random(3, SetKind::NoHold);
        let (frames, size, truth) = synth::pose_session(&plan);
        let jsonl = synth::to_jsonl(&frames, size);
        let mut session = LiveSession::default();
        let start = json!({"type": "start", "exercise": "bridge", "input": "landmarks",
            "width": size.width, "height": size.height});
        let ready = send(&mut session, &start.to_string());
        assert_eq!(ready[0]["type"], "ready", "{ready:?}");
        let mut count = 0;
        for line in jsonl.lines().skip(1) {
            for reply in send(&mut session, line) {
                assert_ne!(reply["type"], "error", "{reply}");
                if reply["type"] == "rep" || reply["type"] == "reclassified" {
                    count = reply["count"].as_u64().unwrap();
                }
            }
        }
        let summary = send(&mut session, r#"{"type": "stop"}"#);
        let summary = summary.last().unwrap();
        assert_eq!(summary["type"], "summary");
        assert_eq!(summary["reps"].as_u64(), Some(truth.full_reps() as u64));
        assert!(count <= truth.full_reps() as u64);
        assert!(summary["tension_s"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn garbage_gets_one_error_each_and_the_session_goes_on() {
        let mut session = LiveSession::default();
        for garbage in [
            "hello",
            "[1, 2]",
            r#"{"t": 1, "landmarks": []}"#,
            r#"{"type": "dance"}"#,
            r#"{"type": "stop"}"#,
            r#"{"type": "start", "exercise": "squat"}"#,
            r#"{"type": "start", "exercise": "bridge", "width": -3, "height": 4}"#,
        ] {
            let replies = send(&mut session, garbage);
            assert_eq!(replies.len(), 1, "{garbage}: {replies:?}");
            assert_eq!(replies[0]["type"], "error", "{garbage}");
            let message = replies[0]["message"].as_str().unwrap();
            assert!(message.starts_with("message "), "{message}");
        }
        let ready = send(&mut session, r#"{"type": "start", "exercise": "bridge"}"#);
        assert_eq!(ready[0]["type"], "ready");
        let short = send(
            &mut session,
            r#"{"t": 1, "landmarks": [{"x": 0.5, "y": 0.5}]}"#,
        );
        assert!(
            short[0]["message"]
                .as_str()
                .unwrap()
                .contains("33 landmarks")
        );
        assert!(send(&mut session, r#"{"t": 1, "landmarks": []}"#).is_empty());
        let backwards = send(&mut session, r#"{"t": 0.5, "landmarks": []}"#);
        assert_eq!(backwards[0]["type"], "error");
        let motion = send(
            &mut session,
            r#"{"t": 2, "accel": [0, 0, 9.8], "gyro": [0, 0, 0]}"#,
        );
        assert_eq!(motion[0]["type"], "error");
        let summary = send(&mut session, r#"{"type": "stop"}"#);
        assert_eq!(summary[0]["type"], "summary");
        assert_eq!(summary[0]["frames"], 1);
    }
}
