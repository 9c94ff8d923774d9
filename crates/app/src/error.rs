//! What a use case can answer instead of a result: one sentence for the
//! runner, sorted by kind so each front end can choose its exit code or
//! HTTP status without reading the words.

use store::StoreError;

/// Why a use case did not do what was asked. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is not acceptable (the sentence says which and why).
    #[error("{0}")]
    Invalid(String),
    /// The thing named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The content built into this binary is broken (a build error).
    #[error("the built-in coaching content is broken: {0}")]
    Content(String),
    /// The store failed (unreachable, damaged, newer schema, …).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    /// Whether the input was at fault (a usage error), as opposed to the
    /// store or the build.
    pub fn is_invalid(&self) -> bool {
        matches!(self, AppError::Invalid(_))
    }
}

impl From<coach::record::Invalid> for AppError {
    fn from(err: coach::record::Invalid) -> AppError {
        AppError::Invalid(err.0)
    }
}

impl From<coach::model::ParseError> for AppError {
    fn from(err: coach::model::ParseError) -> AppError {
        AppError::Invalid(err.to_string())
    }
}
