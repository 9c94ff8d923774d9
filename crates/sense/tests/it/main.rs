//! Integration tests for the rep engine: accuracy on synthetic sessions and
//! on the rendered corpus (MediaPipe landmarks and phone motion with known
//! truth), bad input, form cues, and invariants under resampling.

mod accuracy;
mod bad_input;
mod corpus;
mod cues;
mod fuzz;
#[path = "../../../../testing/fuzz.rs"]
mod fuzz_harness;
mod rendered;
mod resampling;
