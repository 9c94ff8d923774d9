//! The socket side of the web app: binding, the accept loop, and the limits
//! that keep a slow or hostile client from holding the server.
//!
//! [`serve`] runs its own accept loop over hyper's HTTP/1.1 connection
//! (axum's `serve` sets no timer, so hyper's header timeout would never
//! fire). Per connection:
//!
//! - **headers** must arrive within [`Limits::header_read`] (10 s), counted
//!   from the connection's start and again for each request on a kept-alive
//!   connection; a client trickling its headers is cut off;
//! - **bodies** are timed by the router's guard ([`crate::guard`]): no byte for
//!   [`Limits::body_idle`] (15 s) or the whole body not in within
//!   [`Limits::body_total`] (10 min, enough for the 256 MiB upload limit at
//!   0.5 MB/s) answers 408 and closes the connection, so a `Content-Length`
//!   larger than what is sent holds nothing for long;
//! - **at most [`Limits::max_connections`] (128)** connections are served at
//!   once (a live WebSocket counts until it closes). One more is accepted,
//!   answered `503 Service Unavailable` with the JSON error body and closed
//!   at once, so the memory held is bounded by the cap and the kernel's
//!   backlog.
//!
//! While it serves, a task watches the folders saved in Settings for new
//! runs (`app::watch::watch_saved_folders`), every [`AppState::watch_every`].
//!
//! Each request carries the connection's local address ([`LocalAddr`]), the
//! interface address the client reached, which the Host check accepts as a
//! name of this server (a phone on the LAN reaching a server bound to
//! `0.0.0.0`).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::AppState;

/// The time and connection limits of a served app. The defaults are what
/// `runstrong serve` uses; tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time allowed for a request's line and headers.
    pub header_read: Duration,
    /// Longest silence while a request body is read.
    pub body_idle: Duration,
    /// Time allowed for a whole request body.
    pub body_total: Duration,
    /// Connections served at once; one more is answered 503 and closed.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            body_idle: Duration::from_secs(15),
            body_total: Duration::from_secs(600),
            max_connections: 128,
        }
    }
}

/// The local address of the connection a request came in on (absent for
/// requests that did not come through [`serve`], such as router tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalAddr(pub SocketAddr);

/// Stops a spawned task when dropped (when [`serve`] returns).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Why [`serve`] could not start.
#[derive(Debug)]
pub enum ServeError {
    /// Another program already listens on the address.
    InUse(SocketAddr),
    /// Any other failure to bind or serve.
    Io(SocketAddr, std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::InUse(addr) => write!(
                f,
                "port {} on {} is already in use (is another runstrong running?); stop it or choose another address with `runstrong serve --bind ADDR`",
                addr.port(),
                addr.ip()
            ),
            ServeError::Io(addr, e) => write!(f, "cannot serve on {addr}: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Binds `addr` (a clear [`ServeError::InUse`] when the port is taken).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::InUse(addr),
            _ => ServeError::Io(addr, e),
        })
}

/// What a connection over the cap reads before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 85\r\nretry-after: 1\r\nconnection: close\r\n\r\n{\"error\":\"the server is serving too many connections at once; try again in a moment\"}";

/// Serves the app on a bound listener with the state's [`Limits`] until
/// `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let limits = state.limits();
    // The folders saved in Settings are watched while the server runs.
    let watcher = tokio::spawn(app::watch::watch_saved_folders(
        state.app().clone(),
        state.watch_every(),
        state.last_import_cell(),
    ));
    let _stop_watcher = AbortOnDrop(watcher);
    let router = crate::app(state);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Every connection task holds a receiver: dropping `stop` asks them to
    // finish; `done.closed()` completes when the last one has.
    let (stop, stopped) = watch::channel(());
    let (done, _) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        // Out of file descriptors and the like: wait a moment, go on.
        let Ok((mut stream, _)) = accepted else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tokio::spawn(async move {
                // Answer, then read what the client sent until it closes (at
                // most 1 s, 64 KiB), so closing does not reset the answer away.
                let _ = tokio::time::timeout(Duration::from_secs(1), async {
                    stream.write_all(BUSY).await?;
                    stream.shutdown().await?;
                    let mut sink = [0u8; 4096];
                    let mut read = 0;
                    while read < 64 * 1024 {
                        match stream.read(&mut sink).await? {
                            0 => break,
                            n => read += n,
                        }
                    }
                    Ok::<(), std::io::Error>(())
                })
                .await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let local = stream.local_addr().unwrap_or(addr);
        let router = router.clone().map_request(move |mut request: Request<_>| {
            request.extensions_mut().insert(LocalAddr(local));
            request
        });
        let service = TowerToHyperService::new(router);
        let mut stopped = stopped.clone();
        let done = done.subscribe();
        tokio::spawn(async move {
            let io = TokioIo::new(Held {
                stream,
                _slot: slot,
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read);
            let mut connection = pin!(builder.serve_connection(io, service).with_upgrades());
            let mut asked = false;
            loop {
                tokio::select! {
                    _ = connection.as_mut() => break,
                    _ = stopped.changed(), if !asked => {
                        asked = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(done);
        });
    }
    drop(listener);
    drop(stop);
    done.closed().await;
    Ok(())
}

/// A TCP stream holding its connection slot until it is dropped (after an
/// upgrade too, so a live WebSocket keeps counting).
struct Held {
    stream: tokio::net::TcpStream,
    _slot: tokio::sync::OwnedSemaphorePermit,
}

impl tokio::io::AsyncRead for Held {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Held {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_is_well_formed() {
        let text = std::str::from_utf8(BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(value["error"].as_str().unwrap().contains("too many"));
    }
}
