//! From bytes to [`Activity`]s: format sniffing and dispatch to the FIT and
//! XML readers; zip archives are walked in `zip_import.rs`.
//!
//! Formats are recognised by their content, never by the file name: gzip
//! `1f 8b` and zip `PK` are unwrapped (to a bounded size and depth), FIT has
//! `.FIT` at byte 8, and XML starts with `<` after a byte order mark and
//! whitespace. Nothing here touches the file system.

mod zip_import;

pub use zip_import::{ArchiveImport, ArchiveItem, import_archive};

use std::io::Cursor;

use crate::archive::{self, Allowance, MAX_INFLATED_BYTES};
use crate::error::{ImportError, describe_magic};
use crate::fit;
use crate::model::Activity;
use crate::xml;

/// Archives nested deeper than this are refused.
pub const MAX_ARCHIVE_DEPTH: usize = 3;

/// Where an input sits: how deep in archives, and the allowance it shares
/// with the outermost input.
#[derive(Debug, Clone)]
pub(crate) struct Nest {
    pub depth: usize,
    pub allowance: Allowance,
}

impl Nest {
    /// An input of `size` bytes on its own.
    pub fn top(size: usize) -> Nest {
        Nest {
            depth: 0,
            allowance: Allowance::for_input(size as u64),
        }
    }

    /// One archive deeper, sharing the allowance.
    pub fn deeper(&self) -> Nest {
        Nest {
            depth: self.depth + 1,
            allowance: self.allowance.clone(),
        }
    }
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedFormat {
    Fit,
    Xml,
    Gzip,
    Zip,
    Unknown,
}

/// Recognises a format from its first bytes.
pub fn detect_format(bytes: &[u8]) -> DetectedFormat {
    if fit::looks_like_fit(bytes) {
        DetectedFormat::Fit
    } else if archive::is_gzip(bytes) {
        DetectedFormat::Gzip
    } else if archive::is_zip(bytes) {
        DetectedFormat::Zip
    } else if xml::looks_like_xml(bytes) {
        DetectedFormat::Xml
    } else {
        DetectedFormat::Unknown
    }
}

/// Everything one input produced: activities, and the inputs (archive
/// entries) that failed, each with its own error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub activities: Vec<Activity>,
    pub errors: Vec<ImportError>,
}

/// Imports one activity file: FIT, GPX or TCX, plain or gzipped. A zip
/// archive is refused here; use [`import_bytes`] or [`import_archive`].
pub fn import_file(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    import_single(file_name, bytes, &Nest::top(bytes.len()))
}

/// Imports anything: an activity file, a gzip, or a zip archive (a Strava
/// bulk export included). Failures of single archive entries are collected
/// in the report instead of stopping the import.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> ImportReport {
    import_any(file_name, bytes, &Nest::top(bytes.len()))
}

pub(crate) fn import_any(file_name: &str, bytes: &[u8], nest: &Nest) -> ImportReport {
    let mut report = ImportReport::default();
    if detect_format(bytes) == DetectedFormat::Zip {
        if nest.depth >= MAX_ARCHIVE_DEPTH {
            report.errors.push(ImportError::TooDeep {
                file: file_name.to_string(),
                depth: MAX_ARCHIVE_DEPTH,
            });
            return report;
        }
        match ArchiveImport::open(file_name, Cursor::new(bytes), nest.deeper()) {
            Ok(entries) => {
                for item in entries {
                    match item.result {
                        Ok(activities) => report.activities.extend(activities),
                        Err(error) => report.errors.push(error),
                    }
                }
            }
            Err(error) => report.errors.push(error),
        }
        return report;
    }
    match import_single(file_name, bytes, nest) {
        Ok(activities) => report.activities = activities,
        Err(error) => report.errors.push(error),
    }
    report
}

pub(crate) fn import_single(
    file_name: &str,
    bytes: &[u8],
    nest: &Nest,
) -> Result<Vec<Activity>, ImportError> {
    match detect_format(bytes) {
        _ if bytes.is_empty() => Err(ImportError::Empty {
            file: file_name.to_string(),
        }),
        DetectedFormat::Fit => import_fit(file_name, bytes),
        DetectedFormat::Xml => xml::import_xml(file_name, bytes),
        DetectedFormat::Gzip => {
            if nest.depth >= MAX_ARCHIVE_DEPTH {
                return Err(ImportError::TooDeep {
                    file: file_name.to_string(),
                    depth: MAX_ARCHIVE_DEPTH,
                });
            }
            let inflated = nest
                .allowance
                .gunzip(file_name, bytes, MAX_INFLATED_BYTES)?;
            if inflated.is_empty() {
                return Err(ImportError::Empty {
                    file: file_name.to_string(),
                });
            }
            if detect_format(&inflated) == DetectedFormat::Zip {
                let report = import_any(file_name, &inflated, &nest.deeper());
                return match (
                    report.activities.is_empty(),
                    report.errors.into_iter().next(),
                ) {
                    (true, Some(error)) => Err(error),
                    _ => Ok(report.activities),
                };
            }
            import_single(file_name, &inflated, &nest.deeper())
        }
        DetectedFormat::Zip => Err(ImportError::IsArchive {
            file: file_name.to_string(),
        }),
        DetectedFormat::Unknown => Err(ImportError::UnknownFormat {
            file: file_name.to_string(),
            found: describe_magic(bytes),
        }),
    }
}

fn import_fit(file_name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ImportError> {
    let decoded = fit::decode(bytes).map_err(|error| ImportError::Fit {
        file: file_name.to_string(),
        offset: error.offset,
        reason: error.reason,
    })?;
    fit::activities_from_fit(file_name, &decoded).map_err(|error| match error {
        ImportError::NoActivity { file, .. } => ImportError::NoActivity {
            file,
            offset: bytes.len(),
        },
        other => other,
    })
}
