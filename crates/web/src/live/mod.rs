//! The live session: reps counted while they happen, from a camera or from a
//! phone resting on the hips.
//!
//! The browser does the sensing and sends only numbers: in camera mode it
//! runs MediaPipe Pose locally and streams the 33 landmarks of each frame; in
//! phone mode it streams DeviceMotion samples. Both go over one WebSocket
//! (`GET /live/ws`) to the `sense` engine here, which answers with events
//! that drive the page's counter and spoken cues. No image leaves the page.
//!
//! Files, by job: [`page`] (the page), [`socket`] (the WebSocket),
//! [`session`] and [`set`] (the protocol and the engine, without I/O),
//! [`vendor`] (where the MediaPipe files are, serving them), [`install`]
//! (the one-step camera install) and [`package`] (checking and unpacking
//! the downloaded tarball).
//!
//! Routes:
//!
//! - `GET /go/live`: the page (`templates/live.html`, script `static/live.js`
//!   served at `/live/live.js`);
//! - `GET /live/ws`: the WebSocket (protocol below); a browser page of
//!   another site is refused (its `Origin` must name this server);
//! - `GET /live/status`: whether the MediaPipe files are installed, the
//!   install's progress, and how many frames the engine has received since
//!   the server started;
//! - `POST /live/install`: starts the camera install (the pinned
//!   `@mediapipe/pose` from the npm registry into the data directory, see
//!   [`install`]) unless it is running or done; answers its progress.
//!   `GET /live/install`: the progress alone (`state`: `idle`,
//!   `downloading` with `received` and `total` bytes, `verifying`,
//!   `unpacking`, `installed` with `dir`, `failed` with `message`);
//! - `GET /vendor/mediapipe/pose/{file}`: the MediaPipe Pose files (script,
//!   wasm, model), read from disk, never from another host ([`vendor`]).
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

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::AppState;

mod install;
mod package;
mod page;
mod session;
mod set;
mod socket;
mod vendor;

/// What `runstrong camera install` shares with the page's install.
pub mod camera {
    pub use super::install::{POSE, Pin, Progress, install, install_archive};
    pub use super::vendor::{data_root, install_dir, mediapipe_dir, mediapipe_installed};
}

/// Largest WebSocket message accepted, bytes (a landmark frame is about 3 KB).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// A `frames` progress message is sent after this many frames.
pub const FRAMES_EVERY: u64 = 15;

/// Frames received over every socket since the server started.
static FRAMES_RECEIVED: AtomicU64 = AtomicU64::new(0);
/// Sets started over every socket since the server started.
static SETS_STARTED: AtomicU64 = AtomicU64::new(0);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/go/live", get(page::page))
        .route("/live/live.js", get(script))
        .route("/live/ws", get(socket::socket))
        .route("/live/status", get(status))
        .route("/live/install", get(install_progress).post(install_start))
        .route("/vendor/mediapipe/pose/{file}", get(vendor::vendor_file))
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
        include_str!("../../static/live.js"),
    )
        .into_response()
}

async fn status() -> Response {
    axum::Json(json!({
        "mediapipe": vendor::mediapipe_installed(),
        "install": install::progress(),
        "frames_received": FRAMES_RECEIVED.load(Ordering::Relaxed),
        "sets_started": SETS_STARTED.load(Ordering::Relaxed),
    }))
    .into_response()
}

/// `GET /live/install`: the camera install's progress.
async fn install_progress() -> Response {
    axum::Json(install::progress()).into_response()
}

/// `POST /live/install`: starts the camera install (a state change, so a
/// POST: the server's cross-site guard applies to it).
async fn install_start() -> Response {
    let progress = tokio::task::spawn_blocking(install::start)
        .await
        .unwrap_or_else(|e| install::Progress::Failed {
            message: format!("the install could not start: {e}"),
        });
    let code = match progress {
        install::Progress::Installed { .. } => axum::http::StatusCode::OK,
        install::Progress::Failed { .. } => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        _ => axum::http::StatusCode::ACCEPTED,
    };
    (code, axum::Json(progress)).into_response()
}
