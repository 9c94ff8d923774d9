//! The coach crate's integration tests, in one binary, all through the
//! public API: the scenario table (histories and what the plan must then
//! be), the on-the-day adaptations, the self-check preview and the stats,
//! and the interop formats checked against independent tools.

mod adapt;
mod interop;
mod scenarios;
mod story;
