//! The backup format: everything a user has recorded, as one versioned JSON
//! document. `runstrong export` writes it, `runstrong import` reads it, and an
//! export of an import of an export is byte-identical.
//!
//! Store ids are not part of the format (they belong to one database); a
//! session is identified by its source and start time, which makes importing
//! the same file twice a no-op.

use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::model::Session;
use crate::prescribe::CheckIn;

/// The `format` field of every export.
pub const FORMAT: &str = "runstrong-export";
/// The newest format version this build reads and the one it writes.
pub const VERSION: u32 = 1;

/// A full backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    /// Sessions with their ids cleared (an id of 0 is not written).
    pub sessions: Vec<Session>,
    /// Assessments with their ids cleared.
    pub assessments: Vec<Assessment>,
    /// The check-ins given before a day's first set.
    #[serde(default)]
    pub check_ins: Vec<CheckIn>,
    /// Imported activities (runs) as the `runs` crate writes them; kept
    /// opaque here so the coach does not depend on the activity importer.
    #[serde(default)]
    pub activities: Vec<serde_json::Value>,
}

/// Why an export file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{file} is not valid JSON at line {line}, column {column} ({reason}); is it truncated?"
    )]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "{file} is not a runstrong export (its \"format\" is {found:?}, expected \"{FORMAT}\")"
    )]
    NotAnExport { file: String, found: String },
    #[error(
        "{file} was written by a newer runstrong (format version {found}; this build reads up to {VERSION}): upgrade runstrong to import it"
    )]
    Newer { file: String, found: u32 },
    #[error("{file} has an invalid entry at line {line}, column {column}: {reason}")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
}

impl Export {
    /// A new export of these records, with ids cleared and a stable order.
    pub fn new(
        mut sessions: Vec<Session>,
        mut assessments: Vec<Assessment>,
        mut check_ins: Vec<CheckIn>,
        activities: Vec<serde_json::Value>,
    ) -> Export {
        check_ins.sort_by_key(|c| (c.date, c.taken_at_ms));
        sessions.sort_by_key(|s| (s.date, s.started_at_ms, s.source.as_str()));
        assessments.sort_by_key(|a| (a.date, a.taken_at_ms));
        Export {
            format: FORMAT.to_string(),
            version: VERSION,
            sessions: sessions
                .into_iter()
                .map(|mut session| {
                    session.id = 0;
                    session.sets.sort_by_key(|s| s.position);
                    session
                })
                .collect(),
            assessments: assessments
                .into_iter()
                .map(|mut assessment| {
                    assessment.id = 0;
                    assessment
                })
                .collect(),
            check_ins,
            activities,
        }
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads an export, checking the format and version before the body so a
    /// newer file gets the "upgrade" message rather than a field error.
    pub fn from_json(file: &str, text: &str) -> Result<Export, ExportError> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| ExportError::Syntax {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            reason: e
                .to_string()
                .split(" at line")
                .next()
                .unwrap_or_default()
                .to_string(),
        })?;
        let found = header.format.unwrap_or_default();
        if found != FORMAT {
            return Err(ExportError::NotAnExport {
                file: file.to_string(),
                found,
            });
        }
        let version = header.version.unwrap_or(0);
        if version > VERSION {
            return Err(ExportError::Newer {
                file: file.to_string(),
                found: version,
            });
        }
        serde_json::from_str(text).map_err(|e| ExportError::Invalid {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            reason: e
                .to_string()
                .split(" at line")
                .next()
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// CSV of every set, one row per set, for spreadsheets.
    pub fn sets_csv(&self) -> String {
        let mut out = String::from(
            "date,source,session_started_at_ms,position,exercise,side,reps,target_reps,hold_s,tension_s,completed_at_ms,rpe,felt,pain\n",
        );
        for s in &self.sessions {
            for set in &s.sets {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                    s.date,
                    s.source.as_str(),
                    s.started_at_ms,
                    set.position,
                    set.exercise,
                    set.side.map(|x| x.as_str()).unwrap_or(""),
                    set.reps,
                    set.target_reps,
                    set.hold_s,
                    set.tension_s,
                    set.completed_at_ms,
                    s.feedback.rpe.map(|v| v.to_string()).unwrap_or_default(),
                    s.feedback.felt.map(|v| v.as_str()).unwrap_or(""),
                    s.feedback.pain.map(|v| v.to_string()).unwrap_or_default(),
                ));
            }
        }
        out
    }
}
