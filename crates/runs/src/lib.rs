//! Activity files in (bytes), activities and metrics out. Pure: no I/O.
//!
//! Work in progress (issue 5).
