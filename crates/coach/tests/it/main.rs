//! The coach crate's integration tests, in one binary: the public API used
//! the way the front ends use it, and checks against independent tools.

mod interop;
