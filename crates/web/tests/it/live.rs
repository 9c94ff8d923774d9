//! The live session over a real WebSocket: synthetic landmark and motion
//! streams from `sense::synth` are counted like their truth, garbage gets an
//! error message and the socket keeps working, and the page and the
//! MediaPipe route answer.

use futures_util::{SinkExt, StreamExt};
use sense::synth::{self, Plan, SetKind};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::harness::harness;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A real server on a free loopback port; returns its address and a stopper.
async fn server() -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let listener = web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::harness::state_on(&path, addr).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    (addr, stop, dir)
}

async fn connect(addr: std::net::SocketAddr) -> Socket {
    let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/live/ws"))
        .await
        .unwrap();
    socket
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("a reply within 10 s")
            .expect("the socket is open")
            .expect("a message");
        if let Message::Text(text) = message {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

/// Sends every line (after a start message) and then stop, reading replies
/// on a separate task; returns every reply up to and including the summary.
async fn stream(socket: Socket, start: Value, lines: Vec<String>) -> (Vec<Value>, Socket) {
    let (mut sink, mut source) = socket.split();
    let reader = tokio::spawn(async move {
        let mut replies = Vec::new();
        while let Some(Ok(message)) = source.next().await {
            if let Message::Text(text) = message {
                let value: Value = serde_json::from_str(text.as_str()).unwrap();
                let done = value["type"] == "summary";
                replies.push(value);
                if done {
                    break;
                }
            }
        }
        (replies, source)
    });
    sink.send(Message::text(start.to_string())).await.unwrap();
    for line in lines {
        sink.send(Message::text(line)).await.unwrap();
    }
    sink.send(Message::text(r#"{"type": "stop"}"#))
        .await
        .unwrap();
    let (replies, source) = reader.await.unwrap();
    (replies, sink.reunite(source).unwrap())
}

/// The count the page would show at the end: the last `count` of a rep or
/// re-classification.
fn shown_count(replies: &[Value]) -> u64 {
    replies
        .iter()
        .filter(|r| r["type"] == "rep" || r["type"] == "reclassified")
        .filter_map(|r| r["count"].as_u64())
        .next_back()
        .unwrap_or(0)
}

#[tokio::test]
async fn landmark_streams_are_counted_like_the_truth() {
    let (addr, stop, _dir) = server().await;
    let mut socket = connect(addr).await;
    for (seed, kind, exercise) in [
        (11, SetKind::NoHold, "active-shoulder-bridge"),
        (12, SetKind::Hold, "bridge-top-hold"),
        (13, SetKind::NoHold, "bridge"),
    ] {
        let (frames, size, truth) = synth::pose_session(&Plan::random(seed, kind));
        let lines: Vec<String> = synth::to_jsonl(&frames, size)
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect();
        let start = json!({"type": "start", "exercise": exercise, "input": "landmarks",
            "width": size.width, "height": size.height});
        let (replies, back) = stream(socket, start, lines).await;
        socket = back;
        assert_eq!(replies[0]["type"], "ready", "{:?}", replies[0]);
        let errors: Vec<_> = replies.iter().filter(|r| r["type"] == "error").collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:?}");
        let summary = replies.last().unwrap();
        let full = truth.full_reps() as u64;
        assert_eq!(summary["reps"].as_u64(), Some(full), "seed {seed}");
        assert_eq!(shown_count(&replies), full, "seed {seed}: the counter");
        assert_eq!(summary["frames"].as_u64(), Some(frames.len() as u64));
        assert!(summary["tension_s"].as_f64().unwrap() > 0.0);
        assert_eq!(summary["report"]["reps"].as_u64(), Some(full));
        assert!(replies.iter().any(|r| r["type"] == "frames"));
    }
    socket.close(None).await.unwrap();
    let _ = stop.send(());
}

#[tokio::test]
async fn motion_streams_are_counted_like_the_truth() {
    let (addr, stop, _dir) = server().await;
    let socket = connect(addr).await;
    let (samples, truth) = synth::motion_session(&Plan::random(21, SetKind::NoHold));
    let lines: Vec<String> = samples
        .iter()
        .map(|s| json!({"t": s.t, "accel": s.accel, "gyro": s.gyro}).to_string())
        .collect();
    let start = json!({"type": "start", "exercise": "bridge", "input": "motion"});
    let (replies, _) = stream(socket, start, lines).await;
    let summary = replies.last().unwrap();
    assert_eq!(summary["input"], "motion");
    assert_eq!(summary["reps"].as_u64(), Some(truth.full_reps() as u64));
    assert_eq!(shown_count(&replies), truth.full_reps() as u64);
    let _ = stop.send(());
}

#[tokio::test]
async fn garbage_gets_an_error_message_and_the_session_carries_on() {
    let (addr, stop, _dir) = server().await;
    let mut socket = connect(addr).await;
    let garbage = [
        Message::text("{{{ not json"),
        Message::binary(vec![0u8, 159, 146, 150]),
        Message::text(r#"{"t": 0.1, "landmarks": []}"#),
        Message::text(r#"{"type": "start", "exercise": "squat"}"#),
        Message::text(r#"{"type": "start", "exercise": "bridge", "input": "smell"}"#),
    ];
    for message in garbage {
        socket.send(message).await.unwrap();
        let reply = next_json(&mut socket).await;
        assert_eq!(reply["type"], "error", "{reply}");
        let text = reply["message"].as_str().unwrap();
        assert!(
            text.starts_with("message ") && !text.contains('\n'),
            "{text}"
        );
    }
    // After the garbage, a real set still counts.
    let (frames, size, truth) = synth::pose_session(&Plan::random(5, SetKind::NoHold));
    let mut lines: Vec<String> = synth::to_jsonl(&frames, size)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    // Garbage in the middle of the stream too.
    lines.insert(100, "[]".to_owned());
    lines.insert(200, r#"{"t": "soon", "landmarks": []}"#.to_owned());
    let start =
        json!({"type": "start", "exercise": "bridge", "width": size.width, "height": size.height});
    let (replies, socket) = stream(socket, start, lines).await;
    let errors = replies.iter().filter(|r| r["type"] == "error").count();
    assert_eq!(errors, 2, "{replies:?}");
    assert_eq!(
        replies.last().unwrap()["reps"].as_u64(),
        Some(truth.full_reps() as u64)
    );
    drop(socket);
    let _ = stop.send(());
}

#[tokio::test]
async fn the_page_and_the_status_answer() {
    let h = harness().await;
    let page = h.get("/go/live").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Live count"));
    assert!(page.text.contains("/live/live.js"));
    assert!(!page.text.contains("https://"), "nothing from another host");
    let script = h.get("/live/live.js").await;
    assert_eq!(script.status, 200);
    assert!(script.content_type.starts_with("text/javascript"));
    let status = h.get("/live/status").await.json();
    assert!(status["mediapipe"].is_boolean());
    let state = status["install"]["state"].as_str().unwrap();
    assert!(
        [
            "idle",
            "installed",
            "downloading",
            "verifying",
            "unpacking",
            "failed"
        ]
        .contains(&state),
        "{status}"
    );
    let progress = h.get("/live/install").await;
    assert_eq!(progress.status, 200);
    assert!(progress.json()["state"].is_string());
    // The page speaks to runners: no developer command.
    assert!(!page.text.contains("npm"), "{}", page.text);
    assert!(!page.text.contains("crates/"));
    if status["mediapipe"] == true {
        let script = h.get("/vendor/mediapipe/pose/pose.js").await;
        assert_eq!(script.status, 200);
        assert!(script.content_type.starts_with("text/javascript"));
        let graph = h.get("/vendor/mediapipe/pose/pose_web.binarypb").await;
        assert_eq!(graph.status, 200);
        assert_eq!(graph.content_type, "application/octet-stream");
    } else {
        // The page offers the one-step install.
        assert!(page.text.contains("id=\"no-pose\""));
        assert!(page.text.contains("Set up the camera mode"));
    }
    for bad in ["..%2FCargo.toml", ".hidden", "nope.js"] {
        let reply = h.get(&format!("/vendor/mediapipe/pose/{bad}")).await;
        assert_eq!(reply.status, 404, "{bad}");
    }
}

#[tokio::test]
async fn pages_of_other_sites_may_not_open_the_socket() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let (addr, stop, _dir) = server().await;
    let mut request = format!("ws://{addr}/live/ws")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("origin", "https://example.com".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err());
    let mut request = format!("ws://{addr}/live/ws")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("origin", format!("http://{addr}").parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_ok());
    let _ = stop.send(());
}

#[tokio::test]
async fn an_oversized_message_gets_a_reason_before_the_socket_closes() {
    let (addr, stop, _dir) = server().await;
    let mut socket = connect(addr).await;
    let huge = format!(
        "{{\"t\": 1, \"pad\": \"{}\"}}",
        "x".repeat(web_limit() + 10)
    );
    let _ = socket.send(Message::text(huge)).await;
    let mut reason = None;
    while let Ok(Some(Ok(message))) =
        tokio::time::timeout(std::time::Duration::from_secs(5), socket.next()).await
    {
        if let Message::Text(text) = message {
            reason = Some(text.to_string());
        }
    }
    let reason: Value = serde_json::from_str(&reason.expect("a reason before closing")).unwrap();
    assert_eq!(reason["type"], "error");
    assert!(
        reason["message"]
            .as_str()
            .unwrap()
            .contains("larger than 64 KiB"),
        "{reason}"
    );
    let _ = stop.send(());
}

/// `web::live::MAX_MESSAGE_BYTES`.
fn web_limit() -> usize {
    64 * 1024
}
