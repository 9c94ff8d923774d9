//! Throughput of the live count's WebSocket (`/live/ws`): synthetic landmark
//! sessions from `sense::synth` streamed as fast as the socket takes them by
//! 1 and by 20 concurrent clients, against a real server on a loopback port
//! that runs as `runstrong` runs it (one current-thread runtime on its own
//! thread). Every frame is a JSON text message of about 2 KB, parsed and
//! counted by the engine, so this measures the whole server path per frame.
//! Each client checks that the summary's count equals the truth.
//!
//! A camera sends at most 30 frames per second per runner; the result says
//! how far below the server's limit that is. Run with
//! `cargo bench -p web --bench live`.

use std::sync::Arc;
use std::time::Instant;

use futures_util::{SinkExt, StreamExt};
use jiff::civil::date;
use sense::synth::{self, Plan, SetKind};
use tokio_tungstenite::tungstenite::Message;

/// Sets each client streams, one after the other on one socket.
const SESSIONS: usize = 5;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db").to_string_lossy().into_owned();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let store: Arc<dyn store::Store> = Arc::from(
                store::open(&db, store::OpenMode::Create)
                    .await
                    .expect("open"),
            );
            let today = date(2026, 3, 10);
            let clock = app::Clock::pinned(today, jiff::tz::TimeZone::UTC);
            let app = app::App::new(store, clock).expect("app");
            let listener = web::bind("127.0.0.1:0".parse().expect("addr"))
                .await
                .expect("bind");
            let state = web::AppState::new(app, listener.local_addr().expect("addr"));
            addr_tx
                .send(listener.local_addr().expect("addr"))
                .expect("send");
            web::serve(listener, state, async {
                let _ = stop_rx.await;
            })
            .await
            .expect("serve");
        });
    });
    let addr = addr_rx.recv().expect("server started");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "| clients | frames | seconds | frames/s (all clients) | sets counted like the truth |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: |");
    rt.block_on(async {
        for clients in [1usize, 20] {
            let start = Instant::now();
            let tasks: Vec<_> = (0..clients)
                .map(|i| tokio::spawn(client(addr, 100 + 10 * i as u64)))
                .collect();
            let (mut frames, mut right) = (0, 0);
            for task in tasks {
                let (n, ok) = task.await.expect("client");
                frames += n;
                right += ok;
            }
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "| {clients} | {frames} | {seconds:.2} | {:.0} | {right} of {} |",
                frames as f64 / seconds,
                clients * SESSIONS
            );
        }
    });
    let _ = stop_tx.send(());
    server.join().expect("server thread");
}

/// Streams [`SESSIONS`] synthetic sessions, one set each, over one socket;
/// returns the frames sent and how many sets were counted like the truth.
async fn client(addr: std::net::SocketAddr, first_seed: u64) -> (usize, usize) {
    let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/live/ws"))
        .await
        .expect("connect");
    let (mut sink, mut source) = socket.split();
    let reader = tokio::spawn(async move {
        let mut counts = Vec::new();
        while let Some(Ok(message)) = source.next().await {
            if let Message::Text(text) = message {
                let reply: serde_json::Value = serde_json::from_str(text.as_str()).expect("json");
                if reply["type"] == "summary" {
                    counts.push(reply["reps"].as_u64());
                    if counts.len() == SESSIONS {
                        break;
                    }
                }
            }
        }
        counts
    });
    let mut frames_sent = 0;
    let mut truths = Vec::new();
    for seed in first_seed..first_seed + SESSIONS as u64 {
        let (frames, size, truth) = synth::pose_session(&Plan::random(seed, SetKind::NoHold));
        let text = synth::to_jsonl(&frames, size);
        let start = serde_json::json!({"type": "start", "exercise": "bridge",
            "width": size.width, "height": size.height});
        sink.send(Message::text(start.to_string()))
            .await
            .expect("send");
        for line in text.lines().skip(1) {
            sink.send(Message::text(line.to_owned()))
                .await
                .expect("send");
        }
        sink.send(Message::text(r#"{"type": "stop"}"#))
            .await
            .expect("send");
        frames_sent += frames.len();
        truths.push(Some(truth.full_reps() as u64));
    }
    let counts = reader.await.expect("reader");
    let right = counts.iter().zip(&truths).filter(|(a, b)| a == b).count();
    (frames_sent, right)
}
