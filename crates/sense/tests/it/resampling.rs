//! Rep count is stable under resampling.
