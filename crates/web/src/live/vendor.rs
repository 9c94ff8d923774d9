//! Where the MediaPipe Pose files of the camera mode are found, and serving
//! them at `GET /vendor/mediapipe/pose/{file}` (read from disk, never from
//! another host).
//!
//! The folder searched, first match wins:
//!
//! 1. `RUNSTRONG_MEDIAPIPE_DIR`, when set (then only that folder);
//! 2. the data directory's `mediapipe/pose/<version>/`, where the one-step
//!    install of [`super::install`] puts them (e.g.
//!    `~/.local/share/runstrong/mediapipe/pose/0.5.1675469404/` on Linux);
//! 3. `crates/web/vendor/node_modules/@mediapipe/pose` of the source tree
//!    this binary was built from (`npm ci` there, for developers and CI),
//!    unless `RUNSTRONG_MEDIAPIPE_SOURCE=off` (the browser test of the
//!    install sets it, so that it starts with nothing installed).
//!
//! The files are about 40 MB, so they are not embedded in the binary.

use std::path::{Path, PathBuf};

use axum::extract::Path as UrlPath;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::install::POSE;

/// The files that make the camera mode work with the default model: the
/// script and the model `live.js` asks for.
const MARKERS: [&str; 2] = ["pose.js", "pose_landmark_full.tflite"];

/// The platform data directory of runstrong (where the default database
/// lives too), e.g. `~/.local/share/runstrong` on Linux; `None` without a
/// home directory.
pub fn data_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "runstrong").map(|dirs| dirs.data_dir().to_path_buf())
}

/// Where the install puts the files under a data directory `root`.
pub fn install_dir(root: &Path) -> PathBuf {
    root.join("mediapipe").join("pose").join(POSE.version)
}

/// Whether `dir` holds the files the camera mode needs.
pub fn complete(dir: &Path) -> bool {
    MARKERS.iter().all(|name| dir.join(name).is_file())
}

/// The folder the MediaPipe files are read from (see the module doc for the
/// order), or `None` when none holds them.
pub fn mediapipe_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RUNSTRONG_MEDIAPIPE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = data_root().map(|root| install_dir(&root))
        && complete(&dir)
    {
        return Some(dir);
    }
    let source_off = std::env::var("RUNSTRONG_MEDIAPIPE_SOURCE").is_ok_and(|v| v == "off");
    let source = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/node_modules/@mediapipe/pose"
    ));
    (!source_off && complete(&source)).then_some(source)
}

/// Whether the MediaPipe files are installed (the script and the default model).
pub fn mediapipe_installed() -> bool {
    mediapipe_dir().is_some_and(|dir| complete(&dir))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// `GET /vendor/mediapipe/pose/{file}`: one file of the installed folder.
pub async fn vendor_file(UrlPath(file): UrlPath<String>) -> Response {
    let safe = !file.is_empty()
        && !file.starts_with('.')
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if !safe {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let Some(dir) = mediapipe_dir() else {
        return (
            StatusCode::NOT_FOUND,
            format!(
                "{file} is not installed: set up the camera mode on the live page (/go/live) or with `runstrong camera install`"
            ),
        )
            .into_response();
    };
    let path = dir.join(&file);
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
                "{file} is not among the MediaPipe Pose files installed in {}",
                dir.display()
            ),
        )
            .into_response(),
    }
}
