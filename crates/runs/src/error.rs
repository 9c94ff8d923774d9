//! The one error type of the importer.
//!
//! Every variant's `Display` is one sentence that names the input, says where
//! (byte offset or line) and what was expected, so the CLI can print it as is.

/// Why an input produced no activity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{file} is empty (0 bytes at byte 0); expected a FIT, GPX or TCX file, plain, gzipped or zipped"
    )]
    Empty { file: String },

    #[error(
        "{file} is not an activity file: it starts with {found} at byte 0, but a FIT, GPX or TCX file (plain, gzipped or zipped) was expected"
    )]
    UnknownFormat { file: String, found: String },

    #[error(
        "{file} is a zip archive (signature at byte 0) holding several files; it is read entry by entry, not as one activity file"
    )]
    IsArchive { file: String },

    #[error("{file} is not a readable FIT file: {reason} (at byte {offset})")]
    Fit {
        file: String,
        offset: usize,
        reason: String,
    },

    #[error("{file} is not a readable GPX or TCX file: {reason} on line {line}")]
    Xml {
        file: String,
        line: usize,
        reason: String,
    },

    #[error(
        "{file} inflates to more than {limit} bytes and was refused as a possible decompression bomb (stopped at byte {offset} of the inflated data)"
    )]
    TooLarge {
        file: String,
        limit: u64,
        offset: u64,
    },

    #[error("{file} is a damaged gzip stream: {reason} (at byte {offset} of the inflated data)")]
    Gzip {
        file: String,
        offset: u64,
        reason: String,
    },

    #[error("{file} is not a readable zip archive: {reason} (at byte {offset})")]
    Zip {
        file: String,
        offset: u64,
        reason: String,
    },

    #[error(
        "{file} is nested more than {depth} archives deep at byte 0; unpack the outer archive first"
    )]
    TooDeep { file: String, depth: usize },

    #[error(
        "{file} inflates to more than {limit} bytes in all, more than an archive of its size may (100 times its size, at least 256 MiB, at most 16 GiB): stopped at {entry}, the rest was not read"
    )]
    ArchiveTooLarge {
        file: String,
        entry: String,
        limit: u64,
    },

    #[error(
        "{file} holds more than {limit} entries, archives nested in it included: stopped at {entry}, the rest was not read"
    )]
    TooManyEntries {
        file: String,
        entry: String,
        limit: u64,
    },

    #[error("{file} could not be read as a Strava activities.csv: {reason} on line {line}")]
    Csv {
        file: String,
        line: usize,
        reason: String,
    },

    #[error(
        "{file} holds no timed samples and no session summary (read to byte {offset}), so there is no activity in it"
    )]
    NoActivity { file: String, offset: usize },
}

impl ImportError {
    /// True when an archive used up its whole allowance (bytes or
    /// entries): nothing more of it is read.
    pub fn exhausts_archive(&self) -> bool {
        matches!(
            self,
            Self::ArchiveTooLarge { .. } | Self::TooManyEntries { .. }
        )
    }

    /// The input the error is about.
    pub fn file(&self) -> &str {
        match self {
            Self::Empty { file }
            | Self::UnknownFormat { file, .. }
            | Self::IsArchive { file }
            | Self::Fit { file, .. }
            | Self::Xml { file, .. }
            | Self::TooLarge { file, .. }
            | Self::Gzip { file, .. }
            | Self::Zip { file, .. }
            | Self::TooDeep { file, .. }
            | Self::ArchiveTooLarge { file, .. }
            | Self::TooManyEntries { file, .. }
            | Self::Csv { file, .. }
            | Self::NoActivity { file, .. } => file,
        }
    }
}

/// Describes the first bytes of an unrecognised input for an error message.
pub fn describe_magic(bytes: &[u8]) -> String {
    let known: &[(&[u8], &str)] = &[
        (b"\x89PNG", "the PNG image signature"),
        (b"\xFF\xD8\xFF", "the JPEG image signature"),
        (b"%PDF", "the PDF signature"),
        (b"GIF8", "the GIF image signature"),
        (b"{", "a JSON object"),
        (b"Rar!", "the RAR archive signature"),
        (b"7z\xBC\xAF", "the 7-Zip archive signature"),
    ];
    for (magic, name) in known {
        if bytes.starts_with(magic) {
            return (*name).to_string();
        }
    }
    let hex: Vec<String> = bytes
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("the bytes {}", hex.join(" "))
}
