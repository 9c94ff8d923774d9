//! Integration tests of the application layer: the use cases over a real
//! SQLite store (in a temporary folder), with a pinned clock.

mod harness;
mod interop;
mod recording;
mod run_history;
mod watch;
