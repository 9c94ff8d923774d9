//! The coach crate's integration tests: the scenario table (histories and
//! what the plan must then be), the on-the-day adaptations, the self-check
//! preview and the stats, all through the public API.

mod adapt;
mod scenarios;
mod story;
