//! The store's integration tests, in one binary (one link of sqlx instead of
//! one per file).
//!
//! - `story` (with its chapters in `records`): one scenario exercising
//!   every [`store::Store`] method, run against a temporary SQLite file
//!   always, and against PostgreSQL when `RUNSTRONG_TEST_POSTGRES` holds a
//!   URL (each run in its own fresh database, dropped afterwards: `server`).
//! - `errors`: what opening does with files and servers it cannot use,
//!   damaged rows, and durability of a set as soon as `add_set` returns.
//! - `confined`: a full disk, a read-only mount and a read-only file, each
//!   made real in a child process confined by `unshare`.

mod confined;
mod errors;
mod records;
mod server;
mod story;
