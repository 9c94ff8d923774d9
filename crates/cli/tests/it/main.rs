//! Integration tests through the real `runstrong` binary, each on its own
//! temporary SQLite database. One test binary for the crate (ripgrep's
//! pattern) keeps link time down.

#[path = "../../../../testing/fuzz.rs"]
mod fuzz_harness;
mod harness;

mod backup;
mod bad_input;
mod coaching;
mod imports;
mod interop;
mod kill;
mod refusals;
mod runs_watch;
mod serve;
mod session;
