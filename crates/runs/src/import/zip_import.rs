//! Zip archives, one entry at a time: plain archives of activity files and
//! Strava bulk exports (matched to their `activities.csv`). Entries that are
//! macOS metadata (`__MACOSX/`, `._name`) are skipped silently: they are
//! not activities and not failures.

use std::io::{Read, Seek, SeekFrom};

use crate::archive::{Allowance, MAX_INFLATED_BYTES, ZipEntries, is_macos_metadata};
use crate::error::ImportError;
use crate::model::Activity;
use crate::strava::StravaIndex;

use super::{DetectedFormat, Nest, detect_format, import_any, import_single};

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
    nest: Nest,
    /// The allowance ran out (here or in an archive nested here): nothing
    /// more is read.
    exhausted: bool,
}

/// Opens a zip archive (from any seekable reader) for lazy import, within
/// the allowance of an archive of its size (`archive::Allowance`).
pub fn import_archive<R: Read + Seek>(
    archive_name: &str,
    mut reader: R,
) -> Result<ArchiveImport<R>, ImportError> {
    let size = reader
        .seek(SeekFrom::End(0))
        .and_then(|size| reader.seek(SeekFrom::Start(0)).map(|_| size))
        .unwrap_or(0);
    let nest = Nest {
        depth: 1,
        allowance: Allowance::for_input(size),
    };
    ArchiveImport::open(archive_name, reader, nest)
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
    pub(crate) fn open(archive_name: &str, reader: R, nest: Nest) -> Result<Self, ImportError> {
        let mut entries = ZipEntries::open_within(
            archive_name,
            reader,
            MAX_INFLATED_BYTES,
            nest.allowance.clone(),
        )?;
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
            nest,
            exhausted: false,
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
        if self.exhausted {
            return None;
        }
        for entry in self.entries.by_ref() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    self.exhausted = error.exhausts_archive();
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
                let mut report = import_any(&label, &entry.bytes, &self.nest);
                // A nested archive that used up the allowance stops this one
                // too, and its sentence is the one reported.
                let exhausting = report.errors.iter().position(ImportError::exhausts_archive);
                match (exhausting, report.activities.is_empty()) {
                    (Some(at), _) => Err(report.errors.swap_remove(at)),
                    (None, true) if !report.errors.is_empty() => Err(report.errors.swap_remove(0)),
                    _ => Ok(report.activities),
                }
            } else {
                import_single(&label, &entry.bytes, &self.nest)
            };
            if result.as_ref().is_err_and(ImportError::exhausts_archive) {
                self.exhausted = true;
            }
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

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn nested_archives_draw_on_the_outer_allowance() {
        let inner = zip_of(&[
            ("inner/a.gpx", vec![b'<'; 700]),
            ("inner/b.gpx", vec![b'<'; 700]),
        ]);
        let outer = zip_of(&[("nested.zip", inner), ("after.gpx", vec![b'<'; 10])]);
        let nest = Nest {
            depth: 1,
            allowance: Allowance::new(1500, 100),
        };
        let items: Vec<ArchiveItem> =
            ArchiveImport::open("outer.zip", std::io::Cursor::new(outer), nest)
                .unwrap()
                .collect();
        // The inner archive (about 300 bytes) and its first entry fit; its
        // second entry is over the shared 1500 bytes, and nothing after it
        // is inflated.
        let errors: Vec<String> = items
            .iter()
            .filter_map(|item| item.result.as_ref().err().map(ToString::to_string))
            .collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("inflates to more than 1500 bytes in all")),
            "{errors:?}"
        );
        assert!(
            items.iter().all(|item| !item.entry.ends_with("after.gpx")),
            "nothing after the cap is read: {:?}",
            items.iter().map(|i| &i.entry).collect::<Vec<_>>()
        );
    }
}
