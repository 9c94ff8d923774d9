//! The coaching domain of runstrong: the exercise library, the program and its
//! progression, the daily prescription, self-assessment, the guided-session
//! timeline, and stats.
//!
//! **Architecture invariant:** this crate is pure. It does no I/O (the content
//! is embedded at build time), has no async, knows no SQL, HTTP or terminal.
//! Everything it decides is a function of its inputs, including "today".

pub mod assessment;
pub mod export;
pub mod figure;
pub mod guide;
pub mod interop;
pub mod library;
pub mod model;
pub mod player;
pub mod prescribe;
pub mod program;
pub mod record;
pub mod running;
pub mod schedule;
pub mod stats;
pub mod words;

/// The TOML files of `content/`, embedded by `build.rs`.
mod content {
    include!(concat!(env!("OUT_DIR"), "/content.rs"));
}

pub use assessment::Assessment;
pub use library::{Exercise, Library};
pub use model::{Feedback, Felt, PlannedItem, Session, SetRecord, Side, Source};
