//! The coach crate's integration tests, in one binary, all through the
//! public API: the scenario table (histories and what the plan must then
//! be), the on-the-day adaptations, the self-check preview and the stats,
//! and the interop formats checked against independent tools.

mod adapt;
mod fuzz;
#[path = "../../../../testing/fuzz.rs"]
mod fuzz_harness;
mod interop;
mod scenarios;
mod story;
