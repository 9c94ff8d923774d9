//! The Runs page and the activities API: uploads (raw and multipart form),
//! duplicates, files that cannot be read, and the page drawing the weeks.

use axum::http::StatusCode;

use crate::harness::harness;

/// A 3 km run in GPX on 2026-03-08 (the Sunday before the harness's today),
/// starting at `hour`:`minute` UTC.
fn gpx_run(hour: u32, minute: u32) -> String {
    let mut points = String::new();
    for i in 0..=300 {
        let seconds = minute * 60 + i * 3;
        points.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"8.0\"><ele>400</ele><time>2026-03-08T{:02}:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>148</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            47.0 + f64::from(i) * 0.00009,
            hour + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
}

#[tokio::test]
async fn a_run_uploaded_through_the_api_is_stored_once_and_listed() {
    let h = harness().await;
    let reply = h
        .send(
            "POST",
            "/api/v1/activities?file=sunday.gpx",
            "application/gpx+xml",
            &gpx_run(7, 0),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let summary = reply.json();
    assert_eq!(
        summary["imported"].as_array().unwrap().len(),
        1,
        "{summary:#}"
    );
    let run = &summary["imported"][0];
    assert_eq!(run["sport"], "running");
    assert_eq!(run["avg_hr"], 148.0);
    assert!((run["distance_m"].as_f64().unwrap() - 3000.0).abs() < 90.0);

    let again = h
        .send(
            "POST",
            "/api/v1/activities?file=copy.gpx",
            "application/gpx+xml",
            &gpx_run(7, 0),
        )
        .await
        .json();
    assert_eq!(
        (
            again["imported"].as_array().unwrap().len(),
            again["duplicates"].as_array().unwrap().len()
        ),
        (0, 1)
    );
    let list = h.get("/api/v1/activities").await.json();
    assert_eq!(list["activities"].as_array().unwrap().len(), 1);
    let later = h.get("/api/v1/activities?from=2026-03-09").await.json();
    assert!(later["activities"].as_array().unwrap().is_empty());

    let page = h.get("/runs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Kilometres per week"), "{}", page.text);
    assert!(page.text.contains("<svg class=\"chart\""));
    assert!(page.text.contains("3.0"), "the week's distance is listed");
}

#[tokio::test]
async fn unreadable_files_are_named_and_bad_requests_are_refused() {
    let h = harness().await;
    let reply = h
        .send(
            "POST",
            "/api/v1/activities?file=photo.fit",
            "application/octet-stream",
            "\u{89}PNG not a fit file",
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing was read"
    );
    assert!(
        reply.error().starts_with("nothing was imported"),
        "{}",
        reply.text
    );
    let failed = &reply.json()["failed"];
    assert!(
        failed[0]["error"].as_str().unwrap().contains("photo.fit"),
        "{failed:#}"
    );
    let reply = h
        .send(
            "POST",
            "/api/v1/activities",
            "application/octet-stream",
            "data",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("?file="));
    let reply = h
        .send(
            "POST",
            "/api/v1/activities?file=empty.gpx",
            "application/octet-stream",
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("empty.gpx is empty"));
    let reply = h.get("/api/v1/activities?from=yesterday").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("expected YYYY-MM-DD"));
    assert!(
        h.store.activities(None, None).await.unwrap().is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn the_upload_form_imports_several_files_without_javascript() {
    let h = harness().await;
    let boundary = "runstrongBoundary42";
    let mut body = String::new();
    for (name, text) in [
        ("early.gpx", gpx_run(6, 0)),
        ("late.gpx", gpx_run(15, 37)),
        ("notes.gpx", "<gpx></gpx>".to_string()),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/gpx+xml\r\n\r\n{text}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let reply = h
        .send(
            "POST",
            "/runs",
            &format!("multipart/form-data; boundary={boundary}"),
            &body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(
        reply.text.contains("<strong>2</strong> imported"),
        "{}",
        reply.text
    );
    assert!(
        reply.text.contains("notes.gpx"),
        "the unreadable file is named"
    );
    assert_eq!(h.store.activities(None, None).await.unwrap().len(), 2);
    // A third run in two weeks without glute work: Today nudges, linking Runs.
    h.send(
        "POST",
        "/api/v1/activities?file=third.gpx",
        "application/gpx+xml",
        &gpx_run(10, 11),
    )
    .await;
    let today = h.get("/").await;
    assert!(
        today.text.contains("You ran 3 times in the last two weeks"),
        "{}",
        today.text
    );
    let empty = h
        .send(
            "POST",
            "/runs",
            &format!("multipart/form-data; boundary={boundary}"),
            &format!("--{boundary}--\r\n"),
        )
        .await;
    assert!(empty.text.contains("Choose one or more files first"));
}
