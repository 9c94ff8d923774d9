//! The whole history on the Runs page (by year and month, paged, each run
//! linked) and a run's own page (`/runs/{id}`: splits, charts, pauses, the
//! importer's assumptions, the glute work around it), through the router.

use axum::http::StatusCode;

use crate::harness::{Harness, harness, new_session, observed};

/// A run of `km` kilometres at 5:00/km on `date` (07:00 UTC), with heart
/// rate, and a standstill of two minutes after the first kilometre. A
/// file of 2026 states no sport (as Strava's GPX export), so its sport is
/// inferred.
pub fn gpx_run(date: &str, km: u32) -> String {
    let mut points = String::new();
    let mut seconds = 0;
    for i in 0..=km * 100 {
        if i == 100 {
            seconds += 120;
        }
        points.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"8.0\"><time>{date}T{:02}:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            47.0 + f64::from(i) * 10.0 / 111_195.0,
            7 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60,
            140 + i % 20
        ));
        seconds += 3;
    }
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk>{}<trkseg>\n{points}</trkseg></trk></gpx>\n",
        if date.starts_with("2026") {
            ""
        } else {
            "<type>running</type>"
        }
    )
}

async fn add(h: &Harness, runs: &[(&str, u32)]) {
    let mut decoded = Vec::new();
    for (date, km) in runs {
        decoded.extend(
            runs::import_file(&format!("{date}.gpx"), gpx_run(date, *km).as_bytes()).unwrap(),
        );
    }
    let added = h.store.add_activities(&decoded).await.unwrap();
    assert!(added.iter().all(|a| *a));
}

#[tokio::test]
async fn old_runs_are_in_the_whole_history_not_no_runs_yet() {
    let h = harness().await;
    add(
        &h,
        &[("2019-06-02", 12), ("2019-06-09", 5), ("2021-01-03", 8)],
    )
    .await;
    let page = h.get("/runs").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = &page.text;
    assert!(text.contains("3 more before them"), "{text}");
    assert!(text.contains("Whole history"), "{text}");
    assert!(text.contains("June 2019"), "{text}");
    assert!(text.contains("January 2021"), "{text}");
    assert!(!text.contains("No runs yet"), "{text}");
    // The glute days sit in their own lane, not on the km axis.
    assert!(text.contains("glute</text>"), "{text}");
    // Every run links to its own page.
    let links = text.matches("href=\"/runs/").count();
    assert!(links >= 3, "{links} links");

    // Paging: page 2 of a short history is its last page, a bad page refused.
    let last = h.get("/runs?page=2").await;
    assert_eq!(last.status, StatusCode::OK);
    let bad = h.get("/runs?page=abc").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
}

#[tokio::test]
async fn an_empty_runs_page_offers_the_upload_not_a_terminal_command() {
    let h = harness().await;
    let page = h.get("/runs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("No runs yet"), "{}", page.text);
    assert!(page.text.contains("type=\"file\""), "{}", page.text);
    assert!(
        !page.text.contains("runstrong runs import"),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn a_run_has_its_own_page_with_splits_charts_pauses_and_glute_work() {
    let h = harness().await;
    add(&h, &[("2026-03-08", 3)]).await;
    let saved = h
        .post_json(
            "/api/v1/sessions",
            &new_session(1_773_100_000_000, observed(1, 10)),
        )
        .await;
    assert!(saved.status.is_success(), "{}", saved.text);
    let list = h.get("/runs").await.text;
    let id: i64 = list
        .split("href=\"/runs/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();

    let page = h.get(&format!("/runs/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let text = &page.text;
    assert!(text.contains("Splits"), "{text}");
    assert_eq!(text.matches("<td data-label=\"km\">").count(), 3, "{text}");
    assert!(text.contains("Pace over the run"), "{text}");
    assert!(text.contains("Heart rate over the run"), "{text}");
    assert!(text.contains("stood still 2 min"), "{text}");
    assert!(text.contains("How the file was read"), "{text}");
    assert!(text.contains("inferred as"), "{text}");
    assert!(text.contains(" after): 1 set<"), "{text}");

    let missing = h.get(&format!("/runs/{}", id + 50)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let nonsense = h.get("/runs/abc").await;
    assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
}
