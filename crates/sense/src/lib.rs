//! Rep engine: pose-landmark or motion streams in, rep events out.
//!
//! Pure and streaming: no I/O, no allocation per frame. Work in progress (issue 4).
