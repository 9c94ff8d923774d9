//! The `runstrong` binary.

fn main() {}
