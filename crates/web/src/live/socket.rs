//! The WebSocket of the live count (`GET /live/ws`): the upgrade, refused to
//! pages of other sites, and the loop that feeds each text message to a
//! [`LiveSession`] and sends its replies back.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::MAX_MESSAGE_BYTES;
use super::session::{LiveSession, error};

/// Whether a browser's `Origin` names the host it connected to (pages of
/// other sites may not open the socket; clients without `Origin` may).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

pub(super) async fn socket(headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "the live socket only accepts pages of this runstrong server",
        )
            .into_response();
    }
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(run)
}

async fn run(mut socket: WebSocket) {
    let mut session = LiveSession::default();
    let mut replies = Vec::new();
    while let Some(received) = socket.recv().await {
        let Ok(message) = received else {
            // The WebSocket layer cannot go on (a message over the limit, a broken frame).
            let reply = error(format!(
                "message {} could not be read (larger than {} KiB, or not a valid WebSocket frame), so the socket closes",
                session.messages + 1,
                MAX_MESSAGE_BYTES / 1024
            ));
            let _ = socket.send(Message::Text(reply.to_string().into())).await;
            return;
        };
        match message {
            Message::Text(text) => session.on_text(text.as_str(), &mut replies),
            Message::Binary(_) => {
                session.messages += 1;
                replies.push(error(format!(
                    "message {} is binary: send JSON text (a start message, a frame or a stop message)",
                    session.messages
                )));
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        }
        for reply in replies.drain(..) {
            if socket
                .send(Message::Text(reply.to_string().into()))
                .await
                .is_err()
            {
                return;
            }
        }
    }
}
