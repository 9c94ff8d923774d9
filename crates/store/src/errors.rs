//! [`StoreError`], what can go wrong in storage, and the mappings both
//! backends share (migration failures). Each message is one sentence a user
//! can act on, naming the database; the backends map their drivers' own
//! errors into these variants (see `sqlite::map_err`, `postgres::map_err`).

/// What can go wrong in storage. Each message is one sentence a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or reached.
    #[error("cannot open the database {location}: {reason}")]
    Unreachable { location: String, reason: String },
    /// Opening without creating ([`crate::OpenMode::Existing`]) found no
    /// database file; nothing was created.
    #[error(
        "there is no runstrong database at {location}; check --db, or start with a command that records something, which creates it"
    )]
    Missing { location: String },
    /// The path names something other than a regular file (a directory, a
    /// named pipe, a device); refused before it is opened.
    #[error(
        "{location} is not a regular file but {kind}, so it cannot hold a runstrong database; check --db"
    )]
    NotAFile { location: String, kind: String },
    /// The file exists but is not a SQLite database, or is damaged.
    #[error(
        "the database {location} is damaged or not a runstrong database ({reason}); it was left untouched"
    )]
    Corrupt { location: String, reason: String },
    /// The database was migrated by a newer runstrong.
    #[error(
        "the database {location} was written by a newer runstrong (schema version {found}, this build knows up to {known}); upgrade runstrong, nothing was changed"
    )]
    NewerSchema {
        location: String,
        found: i64,
        known: i64,
    },
    /// The disk (or, for PostgreSQL, the server's disk) has no room left.
    #[error("the disk holding {location} is full; nothing was saved")]
    DiskFull { location: String },
    /// The database can be read but not written.
    #[error("the database {location} cannot be written: {reason}; nothing was saved")]
    ReadOnly { location: String, reason: String },
    /// A location that names no supported backend, or `sqlite://` without a path.
    #[error(
        "unsupported database {given:?}: expected a file path, sqlite://PATH or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl { given: String },
    /// A record that does not exist.
    #[error("{what} does not exist")]
    NotFound { what: String },
    /// A record whose key is already taken (see each method for its key).
    #[error("{what} is already stored")]
    Duplicate { what: String },
    /// Any other database failure.
    #[error("database error: {0}")]
    Other(String),
}

/// Maps a failed migration run to the user's terms; `driver` maps the
/// backend's own errors.
pub(crate) fn migrate_error(
    location: &str,
    e: sqlx::migrate::MigrateError,
    known: i64,
    driver: impl Fn(sqlx::Error) -> StoreError,
) -> StoreError {
    use sqlx::migrate::MigrateError;
    match e {
        MigrateError::VersionMissing(found) => StoreError::NewerSchema {
            location: location.to_string(),
            found,
            known,
        },
        MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _) => driver(e),
        MigrateError::VersionMismatch(version) | MigrateError::Dirty(version) => {
            StoreError::Corrupt {
                location: location.to_string(),
                reason: format!(
                    "its schema version {version} differs from the one this build would have written"
                ),
            }
        }
        other => StoreError::Other(format!("cannot update the schema of {location}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_one_sentence_naming_the_database() {
        let location = "/home/me/runstrong.db".to_string();
        let errors = [
            StoreError::Missing {
                location: location.clone(),
            },
            StoreError::NotAFile {
                location: location.clone(),
                kind: "a directory".into(),
            },
            StoreError::DiskFull {
                location: location.clone(),
            },
            StoreError::ReadOnly {
                location: location.clone(),
                reason: "its permissions do not allow writing".into(),
            },
        ];
        for err in errors {
            let message = err.to_string();
            assert!(message.contains(&location), "{message}");
            assert!(!message.contains('\n'), "{message}");
            assert_eq!(message.matches(". ").count(), 0, "{message}");
        }
    }
}
