//! Router tests for the web app: every request goes through `web::app` with
//! `tower::ServiceExt::oneshot` against a temporary SQLite database, and a
//! few bind a real socket. The browser tests live in `crates/web/e2e/`.

mod activities;
mod api;
mod harness;
mod live;
mod pages;
mod run_pages;
