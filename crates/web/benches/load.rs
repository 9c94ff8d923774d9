//! Load benchmark of the HTML pages: 50 concurrent keep-alive clients against
//! a real server on a loopback port, over a SQLite database holding a year of
//! training. Reports per page the server time (the app's own `Server-Timing`
//! header: routing, store queries, coaching and rendering) and the latency a
//! client saw, at the median, 99th percentile and maximum, plus page weight
//! (HTML and the assets it loads). The budget is 10 ms server time at p99.
//!
//! The server runs as `runstrong` runs it (one current-thread runtime) on its
//! own thread; the clients run on another. Every request stays on 127.0.0.1
//! and the run ends by itself. `LOAD_REQUESTS` sets requests per client per
//! page (default 40).

use std::sync::Arc;
use std::time::Instant;

use coach::{Feedback, Felt, Session, SetRecord, Source};
use jiff::ToSpan;
use jiff::civil::date;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CLIENTS: usize = 50;
const PAGES: &[&str] = &[
    "/",
    "/go",
    "/history",
    "/progress",
    "/library",
    "/library/active-shoulder-bridge",
    "/check",
    "/settings",
];
const ASSETS: &[&str] = &[
    "/static/app.css",
    "/static/app.js",
    "/static/go.js",
    "/static/icon.svg",
];

fn main() {
    let requests: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let today = date(2026, 3, 10);
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let db = path.to_string_lossy().into_owned();
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
            seed(store.as_ref(), today).await;
            let clock = app::Clock::pinned(today, jiff::tz::TimeZone::UTC);
            let app = app::App::new(store.clone(), clock).expect("app");
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
            store.close().await;
        });
    });
    let addr = addr_rx.recv().expect("server started");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("50 clients × {requests} requests per page, keep-alive, server on {addr}\n");
    println!(
        "| page | requests | server p50 | server p99 | server max | client p50 | client p99 | HTML KB | with assets KB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    rt.block_on(async {
        let mut assets_bytes = 0;
        let mut go_js = 0;
        for asset in ASSETS {
            let mut conn = TcpStream::connect(addr).await.expect("connect");
            let size = get(&mut conn, asset).await.2;
            assets_bytes += size;
            if *asset == "/static/go.js" {
                go_js = size;
            }
        }
        let mut worst = 0.0_f64;
        for page in PAGES {
            // Warm up once.
            let mut conn = TcpStream::connect(addr).await.expect("connect");
            let (_, _, html_bytes) = get(&mut conn, page).await;
            let mut tasks = Vec::new();
            for _ in 0..CLIENTS {
                tasks.push(tokio::spawn(async move {
                    let mut conn = TcpStream::connect(addr).await.expect("connect");
                    let mut samples = Vec::with_capacity(requests);
                    for _ in 0..requests {
                        let t = Instant::now();
                        let (status, server_ms, _) = get(&mut conn, page).await;
                        assert_eq!(status, 200, "{page}");
                        samples.push((server_ms, t.elapsed().as_secs_f64() * 1000.0));
                    }
                    samples
                }));
            }
            let mut server_ms = Vec::new();
            let mut client_ms = Vec::new();
            for task in tasks {
                for (s, c) in task.await.expect("client") {
                    server_ms.push(s);
                    client_ms.push(c);
                }
            }
            server_ms.sort_by(f64::total_cmp);
            client_ms.sort_by(f64::total_cmp);
            let pct = |v: &[f64], p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
            worst = worst.max(pct(&server_ms, 0.99));
            println!(
                "| `{page}` | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.1} | {:.1} |",
                server_ms.len(),
                pct(&server_ms, 0.5),
                pct(&server_ms, 0.99),
                server_ms[server_ms.len() - 1],
                pct(&client_ms, 0.5),
                pct(&client_ms, 0.99),
                html_bytes as f64 / 1024.0,
                (html_bytes + assets_bytes - if *page == "/go" { 0 } else { go_js }) as f64 / 1024.0,
            );
        }
        println!("\nworst server p99: {worst:.2} ms (budget 10 ms)");
    });
    let _ = stop_tx.send(());
    server.join().expect("server thread");
}

/// One GET on a keep-alive connection: (status, Server-Timing ms, body bytes).
async fn get(conn: &mut TcpStream, path: &str) -> (u16, f64, usize) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    conn.write_all(request.as_bytes()).await.expect("write");
    let mut buffer = Vec::with_capacity(64 * 1024);
    let mut chunk = [0_u8; 16 * 1024];
    let header_end = loop {
        let n = conn.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("content-length");
    let server_ms = head
        .lines()
        .find_map(|l| l.strip_prefix("server-timing: app;dur="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    while buffer.len() < header_end + length {
        let n = conn.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..n]);
    }
    (status, server_ms, length)
}

/// A year of training: most days one session of two or three sets, with
/// answers, and a self-check every month.
async fn seed(store: &dyn store::Store, today: jiff::civil::Date) {
    let mut day = today.checked_sub(365.days()).expect("date");
    let mut n = 0_i64;
    while day < today {
        n += 1;
        if n % 7 != 3 {
            let started = 1_741_000_000_000 + n * 86_400_000;
            let sets = (1..=2 + (n % 2) as u32)
                .map(|position| SetRecord {
                    exercise: "active-shoulder-bridge".into(),
                    position,
                    reps: 10,
                    target_reps: 10,
                    side: None,
                    hold_s: 1.0,
                    tension_s: 60.0,
                    completed_at_ms: started + i64::from(position) * 90_000,
                })
                .collect();
            store
                .create_session(&Session {
                    id: 0,
                    date: day,
                    source: Source::Web,
                    started_at_ms: started,
                    finished_at_ms: Some(started + 400_000),
                    stage: Some("bridge-2x10".into()),
                    feedback: Feedback {
                        rpe: Some(4 + (n % 3) as u8),
                        felt: Some(Felt::Glutes),
                        pain: Some(0),
                    },
                    note: None,
                    prescribed: Vec::new(),
                    sets,
                })
                .await
                .expect("seed");
        }
        day = day.tomorrow().expect("date");
    }
}
