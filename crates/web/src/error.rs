//! Errors as responses: every API failure is `{"error": "one sentence"}` with
//! the status that fits (400 malformed, 404 unknown, 409 conflict, 413 too
//! large, 415 not JSON, 422 well-formed but invalid, 500 internal). Internal
//! errors are written to standard error and answered with a generic sentence,
//! so database details never reach the client.

use app::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use store::StoreError;

/// An API error: a status and one sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    /// 400: the request could not be read.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    /// 404: the thing named does not exist.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    /// 422: well-formed, but a value is not acceptable.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
    /// 500: something broke on our side; the detail goes to the log only.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("runstrong web: internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "something went wrong on the server; nothing was changed by this request",
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        match err {
            StoreError::NotFound { what } => ApiError::not_found(format!("{what} does not exist")),
            StoreError::Duplicate { what } => {
                ApiError::new(StatusCode::CONFLICT, format!("{what} is already stored"))
            }
            StoreError::DiskFull { .. } => {
                eprintln!("runstrong web: {err}");
                ApiError::new(
                    StatusCode::INSUFFICIENT_STORAGE,
                    "the disk holding the database is full; nothing was saved",
                )
            }
            StoreError::Unreachable { .. } | StoreError::ReadOnly { .. } => {
                eprintln!("runstrong web: {err}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database cannot be written just now; nothing was changed, try again",
                )
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> ApiError {
        match err {
            AppError::Invalid(message) => ApiError::invalid(message),
            AppError::NotFound(message) => ApiError::not_found(message),
            AppError::Store(e) => e.into(),
            other @ AppError::Content(_) => ApiError::internal(other),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = rejection.status();
        let message = match status {
            StatusCode::PAYLOAD_TOO_LARGE => format!(
                "the request body is larger than the limit of {} KiB",
                crate::BODY_LIMIT / 1024
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "the request body must be JSON, sent with `Content-Type: application/json`".into()
            }
            _ => match &rejection {
                JsonRejection::JsonSyntaxError(_) => {
                    format!("the request body is not valid JSON: {}", detail(&rejection))
                }
                JsonRejection::JsonDataError(_) => {
                    format!(
                        "the request body has a missing or wrong field: {}",
                        detail(&rejection)
                    )
                }
                _ => format!("the request body could not be read: {}", detail(&rejection)),
            },
        };
        ApiError::new(status, message)
    }
}

/// serde's explanation without axum's generic prefix.
fn detail(rejection: &JsonRejection) -> String {
    let text = rejection.body_text();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_string(),
        None => text,
    }
}

/// The longest error sentence sent, in characters: a value quoted in it
/// (by serde, say) is cut rather than echoed whole.
pub const MAX_ERROR_CHARS: usize = 400;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut message = self.message;
        if let Some((cut, _)) = message.char_indices().nth(MAX_ERROR_CHARS) {
            message.truncate(cut);
            message.push('…');
        }
        (self.status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// A JSON body whose rejection is an [`ApiError`].
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(ApiError::from(rejection)),
        }
    }
}

/// Parses a day given in a query (`from`, `to`) with the one day parser
/// (`coach::words::parse_day`): `YYYY-MM-DD`, never a date-time cut short.
pub fn parse_day(text: &str, what: &str) -> Result<jiff::civil::Date, ApiError> {
    coach::words::parse_day(text).map_err(|why| ApiError::bad_request(format!("{what}: {why}")))
}

/// Parses a numeric id from the path (a refused one is named cut to 40
/// characters, so whatever was sent is not echoed whole).
pub fn parse_id(text: &str, what: &str) -> Result<i64, ApiError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            let shown: String = text.chars().take(40).collect();
            let more = if text.chars().count() > 40 { "…" } else { "" };
            ApiError::not_found(format!("{what} {shown:?}{more} does not exist"))
        })
}
