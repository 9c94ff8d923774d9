//! The folders watched for new runs, set on the Settings page: stored when
//! each exists, refused in one sentence (the form keeping what was typed)
//! when one does not, and watched while the server runs, the page showing
//! what the watch last imported.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::harness::harness;
use crate::run_pages::gpx_run;

fn form_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_folders_to_watch_are_stored_or_refused_with_the_form_kept() {
    let h = harness().await;
    let folder = tempfile::tempdir().unwrap();
    let shown = folder.path().display().to_string();
    let saved = h
        .post_form(
            "/settings",
            &format!(
                "units=metric&watch_folders={}",
                form_value(&format!("{shown}\n\n"))
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(saved.text.contains("Saved."));
    let page = h.get("/settings").await;
    assert!(
        page.text.contains(&format!(">{shown}</textarea>")),
        "{}",
        page.text
    );

    let missing = format!("{shown}/not-here");
    let refused = h
        .post_form(
            "/settings",
            &format!(
                "units=imperial&reminder=07%3A15&watch_folders={}",
                form_value(&format!("{shown}\n{missing}"))
            ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("does not exist"), "{}", refused.text);
    assert!(
        refused
            .text
            .contains(&format!("{shown}\n{missing}</textarea>"))
    );
    assert!(
        refused.text.contains("value=\"07:15\""),
        "the form keeps its values"
    );
    let page = h.get("/settings").await;
    assert!(
        page.text.contains(&format!(">{shown}</textarea>")),
        "unchanged"
    );
    assert_eq!(
        h.get("/api/v1/settings").await.json()["units"],
        "metric",
        "nothing saved"
    );
}

#[tokio::test]
async fn a_served_app_imports_what_lands_in_a_watched_folder_and_says_so() {
    let db = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let listener = web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::harness::state_on(&db.path().join("runstrong.db"), addr)
        .await
        .with_watch_every(Duration::from_millis(20));
    let folders =
        app::settings::watch_folders_from_lines(&folder.path().display().to_string()).unwrap();
    state.app().set_watch_folders(&folders).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(web::serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    std::fs::write(folder.path().join("evening.gpx"), gpx_run("2026-03-08", 6)).unwrap();
    for _ in 0..40 {
        if state.last_import().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let last = state.last_import().expect("imported within 800 ms");
    assert_eq!(last.runs, 1);
    let page = web::app(state.clone())
        .oneshot(
            Request::get("/settings")
                .header("host", addr.to_string())
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let body = axum::body::to_bytes(page.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        text.contains(&format!("Imported 1 run from {}", folders[0])),
        "{text}"
    );
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
