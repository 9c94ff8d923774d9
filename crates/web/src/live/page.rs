//! The live page (`GET /go/live`, `templates/live.html`): the set-up form
//! (camera or phone, the exercise, the side), the one-step camera install
//! when the pose files are missing, and the counter the script drives.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use sense::PROFILE_IDS;

use super::install::POSE;
use super::vendor::mediapipe_installed;
use crate::AppState;

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
    /// Size of the camera install's download, MB.
    download_mb: u64,
}

pub(super) async fn page(State(state): State<AppState>) -> Response {
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
        download_mb: POSE.bytes.div_ceil(1_000_000),
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::ApiError::internal(e).into_response(),
    }
}
