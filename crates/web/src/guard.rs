//! The guard in front of every route: which requests the local server
//! answers at all, and the shape of the errors the router itself makes.
//! The server has no login (it is the runner's own, on their computer), so
//! what keeps another web page the runner happens to open from reading or
//! changing their data is this layer.
//!
//! **Host (DNS rebinding).** A page of `evil.example` can point its own name
//! at 127.0.0.1 and then talk to this server as "same origin"; the browser
//! still sends `Host: evil.example`. So a request is answered only when its
//! `Host` (port ignored, trailing dot and case too) is
//!
//! - `localhost` or a loopback address (127.0.0.0/8, `[::1]`);
//! - the IP the server was bound to, or the local address of the connection
//!   the request came in on: a server bound to `0.0.0.0` for a phone on the
//!   LAN answers to `http://192.168.1.20:7878/` because that is the
//!   interface the phone reached (an IP literal involves no DNS, so it cannot
//!   be rebound);
//! - a name given with `runstrong serve --allow-host NAME` (such as
//!   `laptop.local`, or the name of a proxy in front).
//!
//! Anything else is answered `421 Misdirected Request` with the JSON error
//! body. A request without `Host` (HTTP/1.0 clients, router tests) passes:
//! a browser always sends one.
//!
//! **Cross-site requests (CSRF).** The rule of Go 1.25's
//! `net/http.CrossOriginProtection` (<https://pkg.go.dev/net/http#CrossOriginProtection>,
//! after Filippo Valsorda's "Cross-Site Request Forgery", 2025): a
//! state-changing request (any method but GET, HEAD, OPTIONS and TRACE, and
//! any WebSocket handshake) is refused with 403 when `Sec-Fetch-Site` is
//! present and not `same-origin` or `none`, or, without `Sec-Fetch-Site`,
//! when `Origin` is present and its host does not equal the request's
//! `Host`. Requests with neither header (curl, scripts, the CLI, tests) are
//! not from a browser page and pass. API paths and the WebSocket get the JSON
//! error body; pages (their forms) a plain sentence, shown to the runner as
//! the page.
//!
//! **Bodies.** Every request body is read through a timer
//! ([`crate::Limits::body_idle`], [`crate::Limits::body_total`]); a body
//! that stops arriving is answered `408 Request Timeout` and the connection
//! closes.
//!
//! **Error shape.** 405 answers everywhere, and every error under `/api/`
//! that axum's extractors answer in plain text (a bad query string, a body
//! over the limit), are rewritten into `{"error": sentence}`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::AppState;
use crate::error::ApiError;
use crate::server::LocalAddr;

/// The guard: Host, cross-site, body timer, error shape.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/") || request.uri().path() == "/api";
    let local = request.extensions().get::<LocalAddr>().map(|l| l.0);
    let host = request_host(&request);
    if let Some(host) = &host
        && !host_allowed(host, state.bound(), local, state.allowed_hosts())
    {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "this runstrong server does not answer to the name {}; open it as http://localhost:{}/ (or start it with `runstrong serve --allow-host NAME` to add a name)",
                shown(host),
                state.bound().port()
            ),
        )
        .into_response();
    }
    let upgrade = is_websocket(request.headers());
    if (changes_state(request.method()) || upgrade)
        && let Err(why) = same_origin(request.headers(), host.as_deref())
    {
        let sentence = format!(
            "{why}, so this {} was refused: only pages of this runstrong server may change its data",
            if upgrade { "socket" } else { "request" }
        );
        return if api || upgrade {
            ApiError::new(StatusCode::FORBIDDEN, sentence).into_response()
        } else {
            plain(StatusCode::FORBIDDEN, sentence)
        };
    }

    let limits = state.limits();
    let timed_out = Arc::new(AtomicBool::new(false));
    let request = if HttpBody::size_hint(request.body()).exact() == Some(0) {
        request
    } else {
        let flag = timed_out.clone();
        request.map(|body| timed(body, limits.body_idle, limits.body_total, flag))
    };
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;

    if timed_out.load(Ordering::Relaxed) {
        let sentence = format!(
            "the request body stopped arriving (nothing for {} s, or not all of it within {} s), so the connection is closed; nothing was changed",
            limits.body_idle.as_secs_f64(),
            limits.body_total.as_secs_f64()
        );
        let mut response = if api {
            ApiError::new(StatusCode::REQUEST_TIMEOUT, sentence).into_response()
        } else {
            plain(StatusCode::REQUEST_TIMEOUT, sentence)
        };
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    let status = response.status();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        // axum adds the `Allow` header outside this layer, to this answer too.
        return ApiError::new(
            status,
            format!(
                "{method} is not allowed on {} (the Allow header lists the methods it answers)",
                shown(&path)
            ),
        )
        .into_response();
    }
    if api && status.is_client_error() && !is_json(response.headers()) {
        return as_json(response, &path).await;
    }
    response
}

/// The host the request names: its `Host` header, else the authority of
/// an absolute URI.
fn request_host(request: &Request) -> Option<String> {
    match request.headers().get(header::HOST) {
        Some(value) => Some(String::from_utf8_lossy(value.as_bytes()).into_owned()),
        None => request.uri().authority().map(|a| a.as_str().to_string()),
    }
}

/// Whether `host` (a `Host` header: name or IP, optional port) is a name of
/// this server (the rule in the module doc).
pub(crate) fn host_allowed(
    host: &str,
    bound: SocketAddr,
    local: Option<SocketAddr>,
    names: &[String],
) -> bool {
    let Some(name) = host_name(host) else {
        return false;
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if let Ok(ip) = name.parse::<IpAddr>() {
        let ip = ip.to_canonical();
        return ip.is_loopback()
            || (ip == bound.ip().to_canonical() && !ip.is_unspecified())
            || local.is_some_and(|l| ip == l.ip().to_canonical())
            || names.contains(&name);
    }
    name == "localhost" || names.contains(&name)
}

/// The name of a `Host` value without its port (`None` when malformed).
fn host_name(host: &str) -> Option<&str> {
    let port_ok = |port: &str| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        return match after {
            "" => Some(ip),
            _ => after.strip_prefix(':').filter(|p| port_ok(p)).map(|_| ip),
        };
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port_ok(port) => name,
        Some(_) => return None,
        None => host,
    };
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    valid.then_some(name)
}

fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn is_websocket(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Go 1.25's cross-origin rule: `Err` names why the request is cross-site.
fn same_origin(headers: &HeaderMap, host: Option<&str>) -> Result<(), String> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.to_str().unwrap_or("") {
            "same-origin" | "none" => Ok(()),
            other => Err(format!(
                "the browser says it comes from another site (Sec-Fetch-Site: {})",
                shown(other)
            )),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = String::from_utf8_lossy(origin.as_bytes());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    match (origin_host, host) {
        (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => Ok(()),
        _ => Err(format!("it comes from the page {}", shown(&origin))),
    }
}

/// A value from the request, quoted and cut to 60 characters, to be named
/// in a sentence without echoing whatever was sent.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    let more = if text.chars().count() > 60 { "…" } else { "" };
    format!("{:?}{more}", cut)
}

fn plain(status: StatusCode, sentence: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        sentence,
    )
        .into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// An extractor's plain-text error under `/api/`, as the JSON error body.
async fn as_json(response: Response, path: &str) -> Response {
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let status = parts.status;
    let sentence = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = if path.starts_with("/api/v1/activities") {
                format!("{} MiB", crate::UPLOAD_LIMIT >> 20)
            } else {
                format!("{} KiB", crate::BODY_LIMIT >> 10)
            };
            format!("the request body is larger than the limit of {limit}")
        }
        _ if text.is_empty() => format!(
            "the request was refused ({})",
            status.canonical_reason().unwrap_or("error")
        ),
        _ => {
            let text: String = text.chars().take(300).collect();
            format!("the request could not be read: {text}")
        }
    };
    ApiError::new(status, sentence).into_response()
}

/// `body`, failing (and setting `timed_out`) when no data arrives for
/// `idle` or the whole body is not in within `total`.
fn timed(
    body: Body,
    idle: std::time::Duration,
    total: std::time::Duration,
    timed_out: Arc<AtomicBool>,
) -> Body {
    let deadline = tokio::time::Instant::now() + total;
    let stream = futures_util::stream::unfold(
        (body.into_data_stream(), false),
        move |(mut stream, done)| {
            let timed_out = timed_out.clone();
            async move {
                if done {
                    return None;
                }
                let until = deadline.min(tokio::time::Instant::now() + idle);
                match tokio::time::timeout_at(until, stream.next()).await {
                    Ok(Some(item)) => Some((item, (stream, false))),
                    Ok(None) => None,
                    Err(_) => {
                        timed_out.store(true, Ordering::Relaxed);
                        let error = std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "the request body stopped arriving",
                        );
                        Some((Err(axum::Error::new(error)), (stream, true)))
                    }
                }
            }
        },
    );
    Body::from_stream(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(host: &str, bound: &str, names: &[&str]) -> bool {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        host_allowed(host, bound.parse().unwrap(), None, &names)
    }

    #[test]
    fn loopback_names_are_allowed() {
        for host in [
            "localhost",
            "localhost:7878",
            "LOCALHOST.",
            "127.0.0.1:7878",
            "127.1.2.3",
            "[::1]:7878",
            "[::1]",
        ] {
            assert!(allowed(host, "127.0.0.1:7878", &[]), "{host}");
        }
    }

    #[test]
    fn foreign_and_malformed_names_are_refused() {
        for host in [
            "evil.example",
            "evil.example:7878",
            "localhost.evil.example",
            "192.168.1.20:7878",
            "",
            ":7878",
            "localhost:abc",
            "[::1",
            "[::1]x",
            "local host",
            "localhost:7878:1",
        ] {
            assert!(!allowed(host, "127.0.0.1:7878", &[]), "{host}");
        }
    }

    #[test]
    fn the_bound_and_local_addresses_and_configured_names_are_allowed() {
        assert!(allowed("192.168.1.20:7878", "192.168.1.20:7878", &[]));
        assert!(allowed("laptop.local", "0.0.0.0:7878", &["laptop.local"]));
        assert!(allowed(
            "Laptop.Local.:80",
            "0.0.0.0:7878",
            &["laptop.local"]
        ));
        let local = Some("192.168.1.20:7878".parse().unwrap());
        assert!(host_allowed(
            "192.168.1.20:7878",
            "0.0.0.0:7878".parse().unwrap(),
            local,
            &[]
        ));
        assert!(!allowed("0.0.0.0:7878", "0.0.0.0:7878", &[]));
    }

    #[test]
    fn the_cross_origin_rule_is_go_1_25s() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, HeaderValue::from_static(v));
            }
            map
        };
        let host = Some("localhost:7878");
        assert!(same_origin(&headers(&[]), host).is_ok());
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), host).is_ok());
        assert!(same_origin(&headers(&[("sec-fetch-site", "none")]), host).is_ok());
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-site")]), host).is_err());
        assert!(same_origin(&headers(&[("sec-fetch-site", "cross-site")]), host).is_err());
        assert!(same_origin(&headers(&[("origin", "http://localhost:7878")]), host).is_ok());
        assert!(same_origin(&headers(&[("origin", "http://evil.example")]), host).is_err());
        assert!(same_origin(&headers(&[("origin", "null")]), host).is_err());
        assert!(same_origin(&headers(&[("origin", "http://localhost:7878")]), None).is_err());
    }
}
