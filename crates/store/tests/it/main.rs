//! The store's integration tests, in one binary (one link of sqlx instead of
//! one per file).
//!
//! - `story`: one scenario exercising every [`store::Store`] method, run
//!   against a temporary SQLite file always, and against PostgreSQL when
//!   `RUNSTRONG_TEST_POSTGRES` holds a URL (each run in its own fresh
//!   database, dropped afterwards).
//! - `errors`: what opening does with files and servers it cannot use, and
//!   durability of a set as soon as `add_set` returns.

mod errors;
mod story;
