//! Activity files on disk, for the folder watch and the terminal's import:
//! which files are worth opening, reading one (a regular file, bounded in
//! size) and decoding it (FIT, GPX or TCX, plain or gzipped, or a zip
//! archive of them, through the `runs` crate), and listing the activity
//! files under watched folders with their size and modification time.
//! Written once here so the terminal and the web app watch alike.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use runs::Activity;

use crate::watch::ListedFile;

/// Extensions worth opening (matched without regard to case); everything
/// else in a folder is ignored.
pub const ACTIVITY_EXTENSIONS: [&str; 5] = ["fit", "gpx", "tcx", "gz", "zip"];
/// Largest single activity file read.
pub const MAX_ACTIVITY_BYTES: u64 = 256 * 1024 * 1024;
/// How deep a watched folder is read.
const MAX_DEPTH: usize = 8;

/// One decoded file (or one entry of an archive).
#[derive(Debug)]
pub struct Decoded {
    /// The file as named to the runner (`archive.zip/entry.fit` inside one).
    pub file: String,
    /// The activities, or one sentence naming the file and the problem.
    pub result: Result<Vec<Activity>, String>,
}

/// Whether `path` has an activity file's extension.
pub fn is_activity_file(path: &Path) -> bool {
    let Some(extension) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    ACTIVITY_EXTENSIONS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(extension))
}

/// Reads and decodes one file: a zip archive gives one [`Decoded`] per
/// entry, anything else one.
pub fn decode_file(path: &Path) -> Vec<Decoded> {
    let file = path.display().to_string();
    let is_zip = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        let archive = regular(path)
            .and_then(|_| File::open(path).map_err(|e| format!("cannot read {file}: {e}")))
            .and_then(|reader| {
                runs::import_archive(&file, std::io::BufReader::new(reader))
                    .map_err(|e| e.to_string())
            });
        return match archive {
            Err(error) => vec![Decoded {
                file,
                result: Err(error),
            }],
            Ok(entries) => entries
                .map(|item| Decoded {
                    file: format!("{file}/{}", item.entry),
                    result: item.result.map_err(|e| e.to_string()),
                })
                .collect(),
        };
    }
    let result = read_activity(path)
        .and_then(|bytes| runs::import_file(&file, &bytes).map_err(|e| e.to_string()));
    vec![Decoded { file, result }]
}

/// The bytes of the activity file `path`: only a regular file, at most
/// [`MAX_ACTIVITY_BYTES`].
pub fn read_activity(path: &Path) -> Result<Vec<u8>, String> {
    let name = path.display();
    let meta = regular(path)?;
    let too_big = || {
        format!(
            "{name} is larger than {} MiB: expected an activity file",
            MAX_ACTIVITY_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > MAX_ACTIVITY_BYTES {
        return Err(too_big());
    }
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_ACTIVITY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_ACTIVITY_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Checks that `path` is a regular file (not a folder, FIFO or device).
fn regular(path: &Path) -> Result<std::fs::Metadata, String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(format!("{name} is {kind}: expected an activity file"));
    }
    Ok(meta)
}

/// Every activity file under `dirs` with its size and modification time;
/// hidden files (a browser's partial download, a Mac's `._` file) are left
/// out, and a folder that cannot be read (a drive pulled out) is skipped.
pub fn list(dirs: &[PathBuf]) -> Vec<ListedFile> {
    let mut files = Vec::new();
    for dir in dirs {
        visit(dir, 0, &mut files);
    }
    files
}

fn visit(dir: &Path, depth: usize, files: &mut Vec<ListedFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                visit(&path, depth + 1, files);
            }
        } else if meta.is_file() && is_activity_file(&path) {
            let modified_ms = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            files.push(ListedFile {
                path: path.display().to_string(),
                size: meta.len(),
                modified_ms,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_files_are_known_by_extension_in_any_case() {
        assert!(is_activity_file(Path::new("a/Morning.FIT")));
        assert!(is_activity_file(Path::new("run.gpx.gz")));
        assert!(!is_activity_file(Path::new("notes.txt")));
        assert!(!is_activity_file(Path::new("fit")));
    }

    #[test]
    fn a_folder_is_not_read_as_an_activity() {
        let dir = tempfile::tempdir().unwrap();
        let decoded = decode_file(dir.path());
        assert_eq!(decoded.len(), 1);
        assert!(
            decoded[0]
                .result
                .as_ref()
                .unwrap_err()
                .contains("is a folder")
        );
    }
}
