//! Integration tests through the real `runstrong` binary, each on its own
//! temporary SQLite database. One test binary for the crate (ripgrep's
//! pattern) keeps link time down.

mod harness;

mod backup;
mod bad_input;
mod coaching;
mod imports;
mod interop;
mod runs_watch;
mod serve;
mod session;
