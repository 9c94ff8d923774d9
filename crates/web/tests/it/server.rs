//! The server on a real socket with short limits: a client trickling its
//! headers or sending nothing is cut off, a `Content-Length` larger than
//! the body sent is answered 408 within the body timeout, connections over
//! the cap are answered 503 at once, the Host rule holds for the address a
//! client reached, and a shutdown still ends the server.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: web::Limits = web::Limits {
    header_read: Duration::from_millis(400),
    body_idle: Duration::from_millis(400),
    body_total: Duration::from_secs(5),
    max_connections: 4,
};

struct Server {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), web::ServeError>>,
    _dir: tempfile::TempDir,
}

async fn start(bind: &str, limits: web::Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let listener = web::bind(bind.parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::harness::state_on(&dir.path().join("runstrong.db"), addr)
        .await
        .with_limits(limits);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Server {
        addr,
        stop,
        task,
        _dir: dir,
    }
}

impl Server {
    async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .expect("the server stops within 5 s")
            .unwrap()
            .unwrap();
    }
}

/// Reads until the server closes (or `within` passes: then `None`).
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut text = Vec::new();
    let read = tokio::time::timeout(within, stream.read_to_end(&mut text)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&text).into_owned()),
        Err(_) => None,
    }
}

/// One request on a fresh connection; the whole answer.
async fn request(addr: SocketAddr, text: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(text.as_bytes()).await.unwrap();
    read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer within 5 s")
}

#[tokio::test]
async fn a_client_trickling_headers_is_cut_off() {
    let server = start("127.0.0.1:0", SHORT).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        .iter()
        .cycle()
        .take(400)
    {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        if started.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    if !closed {
        let mut rest = Vec::new();
        closed = matches!(
            tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut rest)).await,
            Ok(Ok(_)) | Ok(Err(_))
        );
    }
    assert!(closed, "the connection was closed");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "cut off after {:?}",
        started.elapsed()
    );
    server.stop().await;
}

#[tokio::test]
async fn a_silent_connection_is_closed() {
    let server = start("127.0.0.1:0", SHORT).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let answer = read_to_close(&mut stream, Duration::from_secs(3)).await;
    assert!(answer.is_some(), "closed within 3 s");
    assert!(started.elapsed() >= Duration::from_millis(300));
    server.stop().await;
}

#[tokio::test]
async fn a_content_length_larger_than_the_body_is_answered_408() {
    let server = start("127.0.0.1:0", SHORT).await;
    for (path, content_type) in [
        ("/api/v1/settings", "application/json"),
        (
            "/api/v1/activities?file=run.fit",
            "application/octet-stream",
        ),
        ("/settings", "application/x-www-form-urlencoded"),
    ] {
        let method = if path == "/api/v1/settings" {
            "PUT"
        } else {
            "POST"
        };
        let started = Instant::now();
        let answer = request(
            server.addr,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: 1000\r\n\r\n{{\"rest_s\""
            ),
        )
        .await;
        assert!(
            answer.starts_with("HTTP/1.1 408"),
            "{path}: {}",
            answer.lines().next().unwrap_or("")
        );
        assert!(answer.contains("stopped arriving"), "{answer}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{path}: {:?}",
            started.elapsed()
        );
    }
    // A lying body on a route that never reads it does not hold the
    // connection either.
    let started = Instant::now();
    let answer = request(
        server.addr,
        "POST /library HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nab",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    server.stop().await;
}

#[tokio::test]
async fn connections_over_the_cap_are_answered_503_at_once() {
    let limits = web::Limits {
        header_read: Duration::from_secs(5),
        max_connections: 2,
        ..SHORT
    };
    let server = start("127.0.0.1:0", limits).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Let the server accept both.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let answer = request(server.addr, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // A freed slot serves again.
    held.pop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let answer = request(
        server.addr,
        "GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);
    server.stop().await;
}

#[tokio::test]
async fn kept_alive_requests_and_the_host_rule_work_on_a_real_socket() {
    let server = start("127.0.0.1:0", SHORT).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    for _ in 0..2 {
        stream
            .write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: localhost:7878\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = vec![0; 64 * 1024];
        let n = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buffer))
            .await
            .unwrap()
            .unwrap();
        assert!(buffer[..n].starts_with(b"HTTP/1.1 200"));
    }
    let answer = request(
        server.addr,
        "GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    server.stop().await;
}

/// The address of this computer on its network (no packet is sent), when
/// it has one.
fn lan_ip() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn a_server_on_every_interface_answers_to_the_address_it_was_reached_on() {
    let server = start("0.0.0.0:0", SHORT).await;
    let port = server.addr.port();
    let Some(ip) = lan_ip() else {
        eprintln!("no network address here; only loopback is checked");
        let answer = request(
            SocketAddr::from(([127, 0, 0, 1], port)),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200"));
        server.stop().await;
        return;
    };
    let reached = SocketAddr::new(ip, port);
    let answer = request(
        reached,
        &format!("GET /api/v1/stats HTTP/1.1\r\nHost: {reached}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Another LAN address than the one reached is not a name of this server.
    let answer = request(
        reached,
        "GET /api/v1/stats HTTP/1.1\r\nHost: 10.255.255.254\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    server.stop().await;
}
