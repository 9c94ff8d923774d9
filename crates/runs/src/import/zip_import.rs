//! Zip archives, one entry at a time: plain archives of activity files and
//! Strava bulk exports (matched to their `activities.csv`). Entries that are
//! macOS metadata (`__MACOSX/`, `._name`) are skipped silently: they are
//! not activities and not failures.

use std::io::{Read, Seek};

use crate::archive::{MAX_INFLATED_BYTES, ZipEntries};
use crate::error::ImportError;
use crate::model::Activity;
use crate::strava::StravaIndex;

use super::{DetectedFormat, detect_format, import_any, import_single};

/// One entry of an archive and what importing it gave.
#[derive(Debug)]
pub struct ArchiveItem {
    /// `archive:path/inside`.
    pub entry: String,
    pub result: Result<Vec<Activity>, ImportError>,
}

/// Lazy import of a zip archive, one entry at a time. When the archive holds
/// a Strava `activities.csv`, only the activity files are imported, each is
/// annotated with its CSV row, and rows without a file (manual entries) come
/// last as one item.
pub struct ArchiveImport<R: Read + Seek> {
    archive_name: String,
    entries: ZipEntries<R>,
    strava: Option<StravaIndex>,
    pending: Vec<ArchiveItem>,
    manual_done: bool,
    depth: usize,
}

/// Opens a zip archive (from any seekable reader) for lazy import.
pub fn import_archive<R: Read + Seek>(
    archive_name: &str,
    reader: R,
) -> Result<ArchiveImport<R>, ImportError> {
    ArchiveImport::open(archive_name, reader, 1)
}

/// True for the metadata macOS adds to archives it makes: a `__MACOSX/`
/// folder and `._name` resource forks.
pub fn is_macos_metadata(name: &str) -> bool {
    name.split('/')
        .any(|part| part == "__MACOSX" || part.starts_with("._"))
}

fn is_activity_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        ".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".gz", ".zip",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

impl<R: Read + Seek> ArchiveImport<R> {
    pub(crate) fn open(archive_name: &str, reader: R, depth: usize) -> Result<Self, ImportError> {
        let mut entries = ZipEntries::open(archive_name, reader, MAX_INFLATED_BYTES)?;
        let csv_name = entries
            .names()
            .into_iter()
            .filter(|name| {
                !is_macos_metadata(name)
                    && name.to_lowercase().rsplit('/').next() == Some("activities.csv")
            })
            .min_by_key(String::len);
        let mut pending = Vec::new();
        let mut strava = None;
        if let Some(csv_name) = csv_name {
            let label = format!("{archive_name}:{csv_name}");
            match entries.read_named(&csv_name) {
                Some(Ok(entry)) => match StravaIndex::parse(&label, &entry.bytes) {
                    Ok(index) => strava = Some(index),
                    Err(error) => pending.push(ArchiveItem {
                        entry: label,
                        result: Err(error),
                    }),
                },
                Some(Err(error)) => pending.push(ArchiveItem {
                    entry: label,
                    result: Err(error),
                }),
                None => {}
            }
        }
        Ok(Self {
            archive_name: archive_name.to_string(),
            entries,
            strava,
            pending,
            manual_done: false,
            depth,
        })
    }

    /// The Strava index, when the archive is a Strava export.
    pub fn strava(&self) -> Option<&StravaIndex> {
        self.strava.as_ref()
    }
}

impl<R: Read + Seek> Iterator for ArchiveImport<R> {
    type Item = ArchiveItem;

    fn next(&mut self) -> Option<ArchiveItem> {
        if let Some(item) = self.pending.pop() {
            return Some(item);
        }
        for entry in self.entries.by_ref() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    return Some(ArchiveItem {
                        entry: error.file().to_string(),
                        result: Err(error),
                    });
                }
            };
            if is_macos_metadata(&entry.name) {
                continue;
            }
            let label = format!("{}:{}", self.archive_name, entry.name);
            let format = detect_format(&entry.bytes);
            let wanted = match &self.strava {
                Some(index) => {
                    index.find(&entry.name).is_some()
                        || entry.name.to_lowercase().starts_with("activities/")
                }
                None => format != DetectedFormat::Unknown || is_activity_name(&entry.name),
            };
            let is_csv = entry.name.to_lowercase().ends_with("activities.csv");
            if !wanted || is_csv || (entry.bytes.is_empty() && !is_activity_name(&entry.name)) {
                continue;
            }
            let result = if format == DetectedFormat::Zip {
                let report = import_any(&label, &entry.bytes, self.depth);
                match (
                    report.activities.is_empty(),
                    report.errors.into_iter().next(),
                ) {
                    (true, Some(error)) => Err(error),
                    _ => Ok(report.activities),
                }
            } else {
                import_single(&label, &entry.bytes, self.depth)
            };
            let result = result.map(|mut activities| {
                if let Some(index) = &self.strava {
                    for activity in &mut activities {
                        index.annotate(&entry.name, activity);
                    }
                }
                activities
            });
            return Some(ArchiveItem {
                entry: label,
                result,
            });
        }
        if !self.manual_done {
            self.manual_done = true;
            if let Some(index) = &self.strava {
                let label = format!("{}:activities.csv", self.archive_name);
                let manual = index.manual_activities(&label);
                if !manual.is_empty() {
                    return Some(ArchiveItem {
                        entry: label,
                        result: Ok(manual),
                    });
                }
            }
        }
        None
    }
}

impl StravaIndex {
    /// Imports one file of an unzipped export (`relative_path` as written in
    /// the `Filename` column, e.g. `activities/1001.fit.gz`) and annotates
    /// its activities with the matching row.
    pub fn import_file(
        &self,
        relative_path: &str,
        bytes: &[u8],
    ) -> Result<Vec<Activity>, ImportError> {
        let mut activities = super::import_file(relative_path, bytes)?;
        for activity in &mut activities {
            self.annotate(relative_path, activity);
        }
        Ok(activities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_metadata_is_recognised_by_its_names() {
        assert!(is_macos_metadata("__MACOSX/activities/._1001.fit"));
        assert!(is_macos_metadata("export/._1001.gpx"));
        assert!(!is_macos_metadata("export/activities/1001.fit"));
        assert!(!is_macos_metadata("export/activities/a._b.gpx"));
    }
}
