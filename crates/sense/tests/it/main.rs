//! Integration tests for the rep engine: accuracy on synthetic sessions with
//! known truth, bad input, and invariants under resampling.

mod accuracy;
mod bad_input;
mod corpus;
mod cues;
mod rendered;
mod resampling;
