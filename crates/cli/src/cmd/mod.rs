//! One module per subcommand, each with a `run` that takes the opened
//! [`crate::app::App`] and its arguments.

pub mod analyze;
pub mod backup;
pub mod calendar;
pub mod camera;
pub mod check;
pub mod completions;
pub mod config;
pub mod go;
pub mod history;
pub mod library;
pub mod log;
pub mod runs;
pub mod runs_history;
pub mod runs_watch;
pub mod serve;
pub mod stats;
pub mod today;
