//! gzip and zip containers, with a bound on inflated size.
//!
//! Every inflation reads at most [`MAX_INFLATED_BYTES`] + 1 bytes, so a
//! decompression bomb costs at most that much memory before it is refused.
//! Zip archives are read entry by entry ([`ZipEntries`]), never all at once.
//! One input (a file or an upload) also has an [`Allowance`] shared by every
//! archive nested in it: what it may inflate in all (100 times its size, at
//! least 256 MiB, at most 16 GiB) and how many entries it may hold (50,000);
//! at either cap reading stops with a sentence.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::ImportError;

/// Largest inflated size accepted for one gzip stream or zip entry (256 MiB;
/// the largest real activity files are a few MB).
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// An archive may inflate to this many times its own size in all…
pub const INFLATION_RATIO: u64 = 100;
/// …but always at least this much (a small archive of text files)…
pub const MIN_TOTAL_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// …and never more than this.
pub const MAX_TOTAL_INFLATED_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// Most entries one input may hold, nested archives' entries included.
pub const MAX_ARCHIVE_ENTRIES: u64 = 50_000;

/// What one input may still inflate and how many entries it may still
/// open, shared (cloned) by every archive and gzip stream nested in it.
#[derive(Debug, Clone)]
pub struct Allowance {
    bytes: u64,
    entries: u64,
    bytes_left: Arc<AtomicU64>,
    entries_left: Arc<AtomicU64>,
}

impl Allowance {
    /// The allowance of an input of `size` bytes.
    pub fn for_input(size: u64) -> Allowance {
        Allowance::new(
            size.saturating_mul(INFLATION_RATIO)
                .clamp(MIN_TOTAL_INFLATED_BYTES, MAX_TOTAL_INFLATED_BYTES),
            MAX_ARCHIVE_ENTRIES,
        )
    }

    /// An allowance of `bytes` inflated in all and `entries` entries.
    pub fn new(bytes: u64, entries: u64) -> Allowance {
        Allowance {
            bytes,
            entries,
            bytes_left: Arc::new(AtomicU64::new(bytes)),
            entries_left: Arc::new(AtomicU64::new(entries)),
        }
    }

    /// Bytes that may still be inflated.
    pub fn bytes_left(&self) -> u64 {
        self.bytes_left.load(Ordering::Relaxed)
    }

    /// The whole byte allowance.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    fn take_bytes(&self, used: u64) {
        let _ = self
            .bytes_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                Some(left.saturating_sub(used))
            });
    }

    /// Counts one entry; false when the entry allowance is used up.
    fn take_entry(&self) -> bool {
        self.entries_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(1)
            })
            .is_ok()
    }

    /// Inflates a gzip stream (all members): at most `limit` bytes and no
    /// more than the allowance has left, which it then uses up.
    pub fn gunzip(&self, file: &str, bytes: &[u8], limit: u64) -> Result<Vec<u8>, ImportError> {
        let left = self.bytes_left();
        let inflated = gunzip(file, bytes, limit.min(left)).map_err(|error| match error {
            ImportError::TooLarge { .. } if left < limit => ImportError::ArchiveTooLarge {
                file: file.to_string(),
                entry: file.to_string(),
                limit: self.bytes,
            },
            other => other,
        })?;
        self.take_bytes(inflated.len() as u64);
        Ok(inflated)
    }
}

/// True for the metadata macOS adds to archives it makes: a `__MACOSX/`
/// folder and `._name` resource forks. They are skipped before they are
/// inflated, so they cost nothing of the allowance.
pub fn is_macos_metadata(name: &str) -> bool {
    name.split('/')
        .any(|part| part == "__MACOSX" || part.starts_with("._"))
}

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
    allowance: Allowance,
}

impl<R: Read + Seek> ZipEntries<R> {
    /// Opens the central directory; entries are inflated one at a time,
    /// each at most `limit` bytes, all together within the archive's own
    /// [`Allowance::for_input`].
    pub fn open(archive_name: &str, mut reader: R, limit: u64) -> Result<Self, ImportError> {
        let size = reader
            .seek(SeekFrom::End(0))
            .and_then(|size| reader.seek(SeekFrom::Start(0)).map(|_| size))
            .unwrap_or(0);
        Self::open_within(archive_name, reader, limit, Allowance::for_input(size))
    }

    /// [`ZipEntries::open`] within an allowance shared with other archives
    /// (those the archive is nested in).
    pub fn open_within(
        archive_name: &str,
        reader: R,
        limit: u64,
        allowance: Allowance,
    ) -> Result<Self, ImportError> {
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
            allowance,
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

    /// The allowance this archive's entries use up.
    pub fn allowance(&self) -> &Allowance {
        &self.allowance
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
        if !self.allowance.take_entry() {
            return Err(ImportError::TooManyEntries {
                file: archive_name,
                entry: label,
                limit: self.allowance.entries,
            });
        }
        let left = self.allowance.bytes_left();
        let total = self.allowance.bytes;
        let over_allowance = |label: String| ImportError::ArchiveTooLarge {
            file: archive_name.clone(),
            entry: label,
            limit: total,
        };
        if entry.size() > limit {
            return Err(ImportError::TooLarge {
                file: label,
                limit,
                offset: 0,
            });
        }
        if entry.size() > left {
            return Err(over_allowance(label));
        }
        let bytes = match read_bounded(&label, entry, limit.min(left), false) {
            Ok(bytes) => bytes,
            Err(ImportError::TooLarge { .. }) if left < limit => return Err(over_allowance(label)),
            Err(error) => return Err(error),
        };
        self.allowance.take_bytes(bytes.len() as u64);
        Ok(ZipEntry { name, bytes })
    }
}

impl<R: Read + Seek> Iterator for ZipEntries<R> {
    type Item = Result<ZipEntry, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next_index < self.archive.len() {
            let index = self.next_index;
            self.next_index += 1;
            let skipped = self
                .archive
                .name_for_index(index)
                .and_then(Result::ok)
                .is_some_and(|name| name.ends_with('/') || is_macos_metadata(&name));
            if skipped {
                continue;
            }
            let read = self.read_index(index);
            if read.as_ref().is_err_and(ImportError::exhausts_archive) {
                // The allowance is used up: nothing more of this archive.
                self.next_index = self.archive.len();
            }
            return Some(read);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of `(name, bytes)` entries, deflated.
    pub(crate) fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn entries(bytes: Vec<u8>, allowance: Allowance) -> Vec<Result<ZipEntry, ImportError>> {
        ZipEntries::open_within("a.zip", std::io::Cursor::new(bytes), 10_000, allowance)
            .unwrap()
            .collect()
    }

    #[test]
    fn the_allowance_scales_with_the_input_between_its_bounds() {
        assert_eq!(Allowance::for_input(0).bytes(), MIN_TOTAL_INFLATED_BYTES);
        assert_eq!(
            Allowance::for_input(10 << 20).bytes(),
            1000 << 20,
            "100 times a 10 MiB archive"
        );
        assert_eq!(
            Allowance::for_input(u64::MAX).bytes(),
            MAX_TOTAL_INFLATED_BYTES
        );
    }

    #[test]
    fn reading_stops_with_a_sentence_when_the_total_is_used_up() {
        let zip = zip_of(&[
            ("one.gpx", vec![b'a'; 600]),
            ("two.gpx", vec![b'b'; 600]),
            ("three.gpx", vec![b'c'; 600]),
        ]);
        let read = entries(zip, Allowance::new(1000, 100));
        assert_eq!(read.len(), 2, "stops after the entry over the cap");
        assert_eq!(read[0].as_ref().unwrap().bytes.len(), 600);
        let err = read[1].as_ref().unwrap_err();
        assert!(err.exhausts_archive(), "{err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with("a.zip inflates to more than 1000 bytes in all")
                && message.contains("stopped at a.zip:two.gpx"),
            "{message}"
        );
    }

    #[test]
    fn a_lying_size_in_the_directory_is_caught_while_inflating() {
        // Stored sizes are honest here; the bounded read is what holds when
        // they are not, so an allowance below one entry still stops it.
        let zip = zip_of(&[("big.gpx", vec![b'x'; 5000])]);
        let read = entries(zip, Allowance::new(100, 100));
        assert!(read[0].as_ref().unwrap_err().exhausts_archive());
    }

    #[test]
    fn reading_stops_at_the_entry_cap_and_macos_metadata_costs_nothing() {
        let zip = zip_of(&[
            ("__MACOSX/._one.gpx", vec![b'm'; 10]),
            ("one.gpx", vec![b'a'; 10]),
            ("._two.gpx", vec![b'm'; 10]),
            ("two.gpx", vec![b'b'; 10]),
            ("three.gpx", vec![b'c'; 10]),
        ]);
        let read = entries(zip, Allowance::new(1 << 20, 2));
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].as_ref().unwrap().name, "one.gpx");
        assert_eq!(read[1].as_ref().unwrap().name, "two.gpx");
        let message = read[2].as_ref().unwrap_err().to_string();
        assert!(
            message.starts_with("a.zip holds more than 2 entries")
                && message.contains("a.zip:three.gpx"),
            "{message}"
        );
    }
}
