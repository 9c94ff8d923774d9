//! The WebSocket of the live count (`GET /live/ws`): the upgrade (pages of
//! other sites are refused by the crate's `guard`) and the loop that feeds each text message to a
//! [`LiveSession`] and sends its replies back.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;

use super::MAX_MESSAGE_BYTES;
use super::session::{LiveSession, error};

/// The upgrade. Pages of other sites never get here: the crate's `guard`
/// refuses a cross-site handshake (and a foreign `Host`) before any route.
pub(super) async fn socket(ws: WebSocketUpgrade) -> Response {
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
