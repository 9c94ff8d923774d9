//! Router tests for the web app: every request goes through `web::app` with
//! `tower::ServiceExt::oneshot` against a temporary SQLite database, and a
//! few bind a real socket (`server`: the time and connection limits;
//! `bad_input`: the table of refused requests and WebSocket frames). The
//! browser tests live in `crates/web/e2e/`.

mod activities;
mod api;
mod bad_input;
mod day;
mod harness;
mod live;
mod pages;
mod run_pages;
mod server;
mod watch;
