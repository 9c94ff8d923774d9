//! Reading the files a runner names on the command line: only regular files
//! (a FIFO would block forever, a device such as /dev/zero never ends), and
//! never more than a documented size, so no input can hang the command or
//! exhaust memory.

use std::io::Read;
use std::path::Path;

use crate::context::Failure;

/// Largest answers file for `check --answers`.
pub const MAX_ANSWERS_BYTES: u64 = 1024 * 1024;
/// Largest backup for `import`.
pub const MAX_BACKUP_BYTES: u64 = 512 * 1024 * 1024;

/// Checks that `path` is a regular file (not a folder, FIFO or device)
/// before anything opens it; returns its metadata.
fn regular(path: &Path, what: &str) -> Result<std::fs::Metadata, String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(format!("{name} is {kind}: expected a {what} file"));
    }
    Ok(meta)
}

/// Opens `path`, a `what` file, for reading: only a regular file. The
/// caller bounds what it reads (e.g. `sense::read_recording`).
pub fn open_input(path: &Path, what: &str) -> Result<std::fs::File, Failure> {
    regular(path, what).map_err(Failure::failed)?;
    std::fs::File::open(path)
        .map_err(|e| Failure::failed(format!("cannot read {}: {e}", path.display())))
}

/// The bytes of `path`, a `what` ("backup", "answers", …) of at most
/// `limit` bytes.
pub fn read_file(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, String> {
    let name = path.display();
    let meta = regular(path, what)?;
    if meta.len() > limit {
        return Err(too_big(path, what, limit));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(path, what, limit));
    }
    Ok(bytes)
}

/// [`read_file`] as text.
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, String> {
    let bytes = read_file(path, what, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not text (UTF-8) at byte {}: expected a {what} file",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn too_big(path: &Path, what: &str, limit: u64) -> String {
    format!(
        "{} is larger than the {} MB a {what} file may be",
        path.display(),
        limit >> 20
    )
}

/// [`read_file`] for the command's own input file: problems are failures
/// (exit code 1).
pub fn read_input(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, Failure> {
    read_file(path, what, limit).map_err(Failure::failed)
}

/// Writes `bytes` to `target` whole or not at all: through a new temporary
/// file in the same folder (created exclusively, so no other file is ever
/// overwritten), flushed to disk, then renamed over the target. Refuses a
/// target that is a symbolic link, not a regular file, or one of the files
/// in `protected` (the database and its journal, compared by device and
/// inode, so another name for the same file is caught too).
pub fn write_whole(target: &Path, bytes: &[u8], protected: &[&Path]) -> Result<(), String> {
    let name = target.display();
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(format!(
                "{name} is a symbolic link: name the file itself, runstrong does not write through links"
            ));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(format!(
                "{name} is not a regular file: choose a file to write to"
            ));
        }
        Ok(meta) => {
            if protected.iter().any(|p| same_file(&meta, p)) {
                return Err(format!(
                    "{name} is the runstrong database itself: choose another file for the export"
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot write {name}: {e}")),
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{name} names no file: expected a file path"))?;
    let (temporary, mut file) = create_temporary(&folder, &file_name)
        .map_err(|e| format!("cannot write in {}: {e}", folder.display()))?;
    let written = std::io::Write::write_all(&mut file, bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("cannot write {name}: {e}"));
    }
    // The rename is durable once the folder is flushed (best effort: not
    // every platform can open a folder).
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A new, empty file beside the target that did not exist before.
fn create_temporary(
    folder: &Path,
    file_name: &str,
) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last = None;
    for attempt in 0..100u32 {
        let path = folder.join(format!(
            ".{file_name}.{}.{:08x}.tmp",
            std::process::id(),
            seed.wrapping_add(attempt.wrapping_mul(2_654_435_761))
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Whether `meta` describes the same file as `other` (device and inode on
/// Unix, the canonical path elsewhere).
fn same_file(meta: &std::fs::Metadata, other: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(other).is_ok_and(|o| o.dev() == meta.dev() && o.ino() == meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_oversized_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(dir.path(), "backup", 10).unwrap_err();
        assert!(
            err.ends_with("is a folder: expected a backup file"),
            "{err}"
        );
        if Path::new("/dev/zero").exists() {
            let err = read_file(Path::new("/dev/zero"), "recording", 10).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
        }
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b'x'; 2 * 1024 * 1024]).unwrap();
        let err = read_file(&big, "answers", 1024 * 1024).unwrap_err();
        assert!(err.contains("larger than the 1 MB"), "{err}");
        let ok = dir.path().join("ok.json");
        std::fs::write(&ok, b"{}").unwrap();
        assert_eq!(read_text(&ok, "answers", 10).unwrap(), "{}");
    }

    #[test]
    fn whole_writes_replace_only_what_they_should() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("runstrong.db");
        std::fs::write(&db, b"database").unwrap();
        let out = dir.path().join("backup.json");
        let partial = dir.path().join("backup.partial");
        std::fs::write(&partial, b"someone else's").unwrap();
        write_whole(&out, b"one", &[&db]).unwrap();
        write_whole(&out, b"two", &[&db]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert_eq!(std::fs::read(&partial).unwrap(), b"someone else's");
        let err = write_whole(&db, b"x", &[&db]).unwrap_err();
        assert!(err.contains("is the runstrong database itself"), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), b"database");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&partial, &link).unwrap();
            assert!(
                write_whole(&link, b"x", &[])
                    .unwrap_err()
                    .contains("symbolic link")
            );
            let hard = dir.path().join("hard.db");
            std::fs::hard_link(&db, &hard).unwrap();
            assert!(
                write_whole(&hard, b"x", &[&db]).is_err(),
                "another name for the database"
            );
        }
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }
}
