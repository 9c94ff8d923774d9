//! gzip and zip containers, with a bound on inflated size.
//!
//! Every inflation reads at most [`MAX_INFLATED_BYTES`] + 1 bytes, so a
//! decompression bomb costs at most that much memory before it is refused.
//! Zip archives are read entry by entry ([`ZipEntries`]), never all at once.

use std::io::{Read, Seek};

use crate::error::ImportError;

/// Largest inflated size accepted for one gzip stream or zip entry (256 MiB;
/// the largest real activity files are a few MB).
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// gzip magic.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B])
}

/// zip local-file-header (or empty-archive) magic.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Reads `reader` to the end, refusing more than `limit` bytes.
fn read_bounded(
    file: &str,
    reader: impl Read,
    limit: u64,
    gzip: bool,
) -> Result<Vec<u8>, ImportError> {
    let mut inflated = Vec::new();
    let mut bounded = reader.take(limit + 1);
    if let Err(error) = bounded.read_to_end(&mut inflated) {
        let offset = inflated.len() as u64;
        return Err(if gzip {
            ImportError::Gzip {
                file: file.to_string(),
                offset,
                reason: error.to_string(),
            }
        } else {
            ImportError::Zip {
                file: file.to_string(),
                offset,
                reason: error.to_string(),
            }
        });
    }
    if inflated.len() as u64 > limit {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            limit,
            offset: limit,
        });
    }
    Ok(inflated)
}

/// Inflates a gzip stream (all members), at most `limit` bytes.
pub fn gunzip(file: &str, bytes: &[u8], limit: u64) -> Result<Vec<u8>, ImportError> {
    read_bounded(file, flate2::read::MultiGzDecoder::new(bytes), limit, true)
}

/// One entry of a zip archive, inflated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// Path inside the archive, `/`-separated.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Lazy iterator over the files (not directories) of a zip archive.
pub struct ZipEntries<R: Read + Seek> {
    archive_name: String,
    archive: zip::ZipArchive<R>,
    next_index: usize,
    limit: u64,
}

impl<R: Read + Seek> ZipEntries<R> {
    /// Opens the central directory; entries are inflated one at a time.
    pub fn open(archive_name: &str, reader: R, limit: u64) -> Result<Self, ImportError> {
        let archive = zip::ZipArchive::new(reader).map_err(|error| ImportError::Zip {
            file: archive_name.to_string(),
            offset: 0,
            reason: error.to_string(),
        })?;
        Ok(Self {
            archive_name: archive_name.to_string(),
            archive,
            next_index: 0,
            limit,
        })
    }

    /// Number of entries, directories included.
    pub fn len(&self) -> usize {
        self.archive.len()
    }

    /// True for an archive without entries.
    pub fn is_empty(&self) -> bool {
        self.archive.len() == 0
    }

    /// Names of all entries, in archive order.
    pub fn names(&self) -> Vec<String> {
        (0..self.archive.len())
            .filter_map(|index| self.archive.name_for_index(index).and_then(Result::ok))
            .map(|name| name.into_owned())
            .collect()
    }

    /// Inflates the entry with this exact name.
    pub fn read_named(&mut self, name: &str) -> Option<Result<ZipEntry, ImportError>> {
        let index = self.archive.index_for_name(name)?;
        Some(self.read_index(index))
    }

    fn read_index(&mut self, index: usize) -> Result<ZipEntry, ImportError> {
        let archive_name = self.archive_name.clone();
        let limit = self.limit;
        let entry = self
            .archive
            .by_index(index)
            .map_err(|error| ImportError::Zip {
                file: archive_name.clone(),
                offset: 0,
                reason: format!("entry {index}: {error}"),
            })?;
        let name = entry
            .name()
            .map(|name| name.into_owned())
            .unwrap_or_else(|_| format!("entry-{index}"));
        let label = format!("{archive_name}:{name}");
        if entry.size() > limit {
            return Err(ImportError::TooLarge {
                file: label,
                limit,
                offset: 0,
            });
        }
        let bytes = read_bounded(&label, entry, limit, false)?;
        Ok(ZipEntry { name, bytes })
    }
}

impl<R: Read + Seek> Iterator for ZipEntries<R> {
    type Item = Result<ZipEntry, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next_index < self.archive.len() {
            let index = self.next_index;
            self.next_index += 1;
            let is_dir = self
                .archive
                .name_for_index(index)
                .and_then(Result::ok)
                .is_some_and(|name| name.ends_with('/'));
            if is_dir {
                continue;
            }
            return Some(self.read_index(index));
        }
        None
    }
}
