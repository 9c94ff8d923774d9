//! Static assets embedded in the binary (`include_str!`, `include_bytes!`):
//! the stylesheet,
//! the small hand-written scripts, the icons, the web app manifest and the
//! service worker. Nothing is fetched from another host.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// (name, content type, body).
const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    ),
    (
        "go.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/go.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../static/icon.svg"),
    ),
];

/// A version tag of the assets, to bust caches when they change.
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        // FNV-1a over every embedded file.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, _, body) in FILES {
            for byte in name.bytes().chain(body.bytes()) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{:08x}", hash >> 32)
    })
}

/// PNG icons for the home screen (drawn from icon.svg).
const PNGS: &[(&str, &[u8])] = &[
    ("icon-192.png", include_bytes!("../static/icon-192.png")),
    ("icon-512.png", include_bytes!("../static/icon-512.png")),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(file))
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
        .route(
            "/favicon.ico",
            get(|| async { file(Path("icon.svg".to_string())).await }),
        )
}

async fn file(Path(name): Path<String>) -> Response {
    if let Some((_, body)) = PNGS.iter().find(|(n, _)| *n == name) {
        return (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            *body,
        )
            .into_response();
    }
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

async fn service_worker() -> Response {
    let body = include_str!("../static/sw.js").replace("__VERSION__", version());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

async fn manifest() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/manifest+json"),
        )],
        include_str!("../static/manifest.webmanifest"),
    )
        .into_response()
}
