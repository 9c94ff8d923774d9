//! Bad input: each case is salvaged or refused with one sentence naming the
//! file and the byte offset or line.

use std::io::Write;

use runs::archive::{self, ZipEntries};
use runs::{ImportError, MAX_INFLATED_BYTES, import_bytes, import_file};

use crate::fit_writer::{RunOptions, synthetic_run};

/// One sentence: a single final period, no line breaks, names the file.
fn assert_one_sentence(error: &ImportError, file: &str) {
    let message = error.to_string();
    assert!(message.starts_with(file), "names the file first: {message}");
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(
        message.contains("byte") || message.contains("line"),
        "says where: {message}"
    );
}

#[test]
fn zero_length_file() {
    let error = import_file("empty.fit", b"").unwrap_err();
    assert_eq!(
        error,
        ImportError::Empty {
            file: "empty.fit".into()
        }
    );
    assert_one_sentence(&error, "empty.fit");
}

#[test]
fn png_renamed_to_fit() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let error = import_file("photo.fit", png).unwrap_err();
    assert_one_sentence(&error, "photo.fit");
    assert!(error.to_string().contains("PNG image"), "{error}");
}

#[test]
fn random_bytes() {
    let noise: Vec<u8> = (0u32..512)
        .map(|index| (index.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let error = import_file("noise.bin", &noise).unwrap_err();
    assert!(
        matches!(error, ImportError::UnknownFormat { .. }),
        "{error:?}"
    );
    assert_one_sentence(&error, "noise.bin");
}

#[test]
fn fit_header_without_any_message() {
    let mut header_only = synthetic_run(5, RunOptions::default()).bytes;
    header_only.truncate(14);
    let error = import_file("header.fit", &header_only).unwrap_err();
    assert_one_sentence(&error, "header.fit");
}

#[test]
fn fit_signature_missing_is_an_error_at_byte_zero() {
    let mut bytes = synthetic_run(5, RunOptions::default()).bytes;
    bytes[8..12].copy_from_slice(b".TIF");
    let error = import_file("x.fit", &bytes).unwrap_err();
    assert_one_sentence(&error, "x.fit");
}

#[test]
fn truncated_fit_is_salvaged_with_the_offset_of_the_loss() {
    let run = synthetic_run(600, RunOptions::default());
    let cut = run.bytes.len() / 2;
    let activity = &import_file("half.fit", &run.bytes[..cut]).unwrap()[0];
    assert!(
        activity.samples > 250 && activity.samples < run.records,
        "{}",
        activity.samples
    );
    assert!(
        activity
            .warnings
            .iter()
            .any(|warning| warning.contains(&format!("at byte {cut}"))),
        "{:?}",
        activity.warnings
    );
}

#[test]
fn gzip_bomb_is_refused_at_the_limit() {
    // 300 gzip members of 1 MiB of zeros each: ~300 KB in, 300 MiB out.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let bomb: Vec<u8> = member
        .iter()
        .copied()
        .cycle()
        .take(member.len() * 300)
        .collect();
    assert!(bomb.len() < 1 << 20);
    let error = import_file("bomb.fit.gz", &bomb).unwrap_err();
    assert_eq!(
        error,
        ImportError::TooLarge {
            file: "bomb.fit.gz".into(),
            limit: MAX_INFLATED_BYTES,
            offset: MAX_INFLATED_BYTES
        }
    );
    assert_one_sentence(&error, "bomb.fit.gz");
}

#[test]
fn zip_entry_over_the_limit_is_refused() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("big.gpx", options).unwrap();
    writer.write_all(&vec![b' '; 200_000]).unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let mut entries = ZipEntries::open("small.zip", std::io::Cursor::new(bytes), 100_000).unwrap();
    let error = entries.next().unwrap().unwrap_err();
    assert!(
        matches!(error, ImportError::TooLarge { limit: 100_000, .. }),
        "{error:?}"
    );
    assert_one_sentence(&error, "small.zip:big.gpx");
}

#[test]
fn damaged_gzip_and_zip() {
    let mut gz = crate::xml_formats::gzip(b"<gpx></gpx>");
    let length = gz.len();
    gz.truncate(length - 6);
    let error = archive::gunzip("cut.gpx.gz", &gz, 1 << 20).unwrap_err();
    assert_one_sentence(&error, "cut.gpx.gz");
    let report = import_bytes("cut.zip", b"PK\x03\x04garbage");
    assert_eq!(report.errors.len(), 1);
    assert_one_sentence(&report.errors[0], "cut.zip");
}

#[test]
fn csv_that_is_not_a_strava_export() {
    let error = runs::StravaIndex::parse("other.csv", b"a,b\n1,2\n").unwrap_err();
    assert_one_sentence(&error, "other.csv");
}

#[test]
fn a_zip_given_as_one_activity_file_says_how_it_is_read() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file("a.gpx", zip::write::SimpleFileOptions::default())
        .unwrap();
    writer.write_all(b"<gpx/>").unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let error = import_file("export.zip", &bytes).unwrap_err();
    assert_eq!(
        error,
        ImportError::IsArchive {
            file: "export.zip".into()
        }
    );
    assert_one_sentence(&error, "export.zip");
}
