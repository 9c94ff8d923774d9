//! Integration tests for the `runs` importer (one test binary).
//!
//! Real-device files from `shared/data/activities` are used when that folder
//! exists next to the repository; otherwise those tests print why they are
//! skipped, and the fixtures built here (a FIT encoder, GPX/TCX/CSV files in
//! `tests/data`) still cover every decoder.

mod bad_input;
mod calendar;
mod device_shapes;
mod fit_writer;
mod fuzz;
#[path = "../../../../testing/fuzz.rs"]
mod fuzz_harness;
mod gpx_shapes;
mod properties;
mod real_files;
mod run_page;
mod strava_export;
mod synthetic_fit;
mod xml_formats;
