//! Bounded input: reading a recording from any byte source, gunzipping it,
//! and refusing what is too large or plainly not text.
//!
//! Every input is capped at [`MAX_INPUT_BYTES`] of text, compressed or not
//! (64 MiB: about 30,000 landmark frames, a 16-minute set at 30 fps, or about
//! a million motion rows), so an endless source such as `/dev/zero` stops
//! with one sentence instead of filling memory. Gzip is recognised by its
//! magic bytes (`.jsonl.gz`, `.csv.gz`), whatever the file is called.
//!
//! The caller opens the source; this module only reads from it.

use std::io::Read;

use crate::format::FormatError;

/// Largest recording accepted, in bytes of text (after decompression).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// The first bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// How much of the start is checked for NUL bytes (text never has them).
const TEXT_PROBE_BYTES: usize = 4096;

/// Reads a whole recording from `source`, gunzipping it when it is gzip,
/// and returns its text bytes. Stops at [`MAX_INPUT_BYTES`].
pub fn read_recording(source: impl Read) -> Result<Vec<u8>, FormatError> {
    let mut source = source.take(MAX_INPUT_BYTES + 1);
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < head.len() {
        match source.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(FormatError::Unreadable(error.to_string())),
        }
    }
    let chained = (&head[..got]).chain(source);
    if got == 2 && head == GZIP_MAGIC {
        read_capped(flate2::read::MultiGzDecoder::new(chained), true)
    } else {
        read_capped(chained, false)
    }
}

/// Gunzips `bytes` if they are gzip (capped); otherwise returns them as they are.
pub(crate) fn decompressed(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, FormatError> {
    if bytes.starts_with(&GZIP_MAGIC) {
        let text = read_capped(flate2::read::MultiGzDecoder::new(bytes), true)?;
        Ok(std::borrow::Cow::Owned(text))
    } else if bytes.len() as u64 > MAX_INPUT_BYTES {
        Err(FormatError::TooLarge {
            limit_mib: MAX_INPUT_BYTES / (1024 * 1024),
        })
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

fn read_capped(source: impl Read, gzip: bool) -> Result<Vec<u8>, FormatError> {
    let mut limited = source.take(MAX_INPUT_BYTES + 1);
    let mut text = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = match limited.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) if gzip => return Err(FormatError::BadGzip(error.to_string())),
            Err(error) => return Err(FormatError::Unreadable(error.to_string())),
        };
        // Text never holds NUL bytes: stop early on binary data (e.g. /dev/zero).
        if text.len() < TEXT_PROBE_BYTES && chunk[..n].contains(&0) {
            return Err(FormatError::Binary);
        }
        text.extend_from_slice(&chunk[..n]);
        if text.len() as u64 > MAX_INPUT_BYTES {
            return Err(FormatError::TooLarge {
                limit_mib: MAX_INPUT_BYTES / (1024 * 1024),
            });
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn plain_and_gzip_read_the_same() {
        let text = b"t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n";
        assert_eq!(read_recording(&text[..]).unwrap(), text);
        assert_eq!(read_recording(&gzip(text)[..]).unwrap(), text);
        assert_eq!(&*decompressed(&gzip(text)).unwrap(), text);
    }

    #[test]
    fn an_endless_source_stops_with_one_sentence() {
        let zeros = std::io::repeat(0);
        let error = read_recording(zeros).unwrap_err();
        assert_eq!(error, FormatError::Binary);
        let letters = std::io::repeat(b'a');
        let error = read_recording(letters).unwrap_err();
        assert!(matches!(error, FormatError::TooLarge { limit_mib: 64 }));
        assert!(error.to_string().contains("64 MiB"), "{error}");
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        // 80 MiB of newlines compress to a few hundred kilobytes.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let block = vec![b'\n'; 1024 * 1024];
        for _ in 0..80 {
            encoder.write_all(&block).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(matches!(
            read_recording(&bomb[..]),
            Err(FormatError::TooLarge { .. })
        ));
    }

    #[test]
    fn damaged_gzip_is_an_error() {
        let mut bytes = gzip(b"{\"t\": 0, \"landmarks\": []}\n");
        let middle = bytes.len() / 2;
        bytes.truncate(middle);
        assert!(matches!(
            read_recording(&bytes[..]),
            Err(FormatError::BadGzip(_))
        ));
    }
}
