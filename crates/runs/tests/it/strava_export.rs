//! Strava bulk export: `activities.csv` (English and a localised German
//! variant) and the export zip with gzipped activity files, matched to rows.

use std::io::{Cursor, Write};

use runs::{
    ImportError, SourceFormat, Sport, StravaIndex, import_archive, import_bytes, weekly_summaries,
};

use crate::fit_writer::{RunOptions, synthetic_run};
use crate::xml_formats::{fixture, gzip};

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A synthetic export: CSV, one gzipped GPX, one TCX, one gzipped FIT built
/// by the test encoder, and files that are not activities.
fn export_zip() -> Vec<u8> {
    let fit = synthetic_run(1800, RunOptions::default()).bytes;
    zip_of(&[
        ("export_123/profile.csv", b"Athlete ID\n1\n".to_vec()),
        (
            "export_123/activities.csv",
            fixture("strava-activities.csv"),
        ),
        (
            "export_123/activities/1001.gpx.gz",
            gzip(&fixture("run-strava.gpx")),
        ),
        ("export_123/activities/1002.tcx", fixture("run-garmin.tcx")),
        ("export_123/activities/1004.fit.gz", gzip(&fit)),
        (
            "export_123/media/photo.jpg",
            b"\xFF\xD8\xFF\xE0not really".to_vec(),
        ),
        ("export_123/routes/1.gpx", b"<gpx><rte/></gpx>".to_vec()),
    ])
}

#[test]
fn english_activities_csv_is_read_by_name_and_position() {
    let index = StravaIndex::parse("activities.csv", &fixture("strava-activities.csv")).unwrap();
    assert!(index.warnings.is_empty(), "{:?}", index.warnings);
    assert_eq!(index.rows.len(), 4);
    let first = &index.rows[0];
    assert_eq!(first.activity_id.as_deref(), Some("1001"));
    assert_eq!(first.start_s, Some(1_710_266_400.0));
    assert_eq!(
        first.description.as_deref(),
        Some("Easy, \"conversational\" pace\nfelt good")
    );
    assert_eq!(first.gear.as_deref(), Some("Pegasus 40"));
    // The second `Distance` column (metres) wins over the first (km).
    assert_eq!(first.distance_m, Some(897.0));
    assert_eq!(first.avg_hr, Some(145.0));
    // The quoted line break moves the next record to line 4.
    assert_eq!(index.rows[1].line, 4);
    assert_eq!(index.rows[2].filename, None);
    assert_eq!(
        index
            .find("C:\\export\\activities\\1002.tcx")
            .map(|row| row.line),
        Some(4)
    );
}

#[test]
fn localised_header_falls_back_to_positions_and_decimal_commas() {
    let index =
        StravaIndex::parse("aktivitäten.csv", &fixture("strava-activities-de.csv")).unwrap();
    assert_eq!(index.warnings.len(), 1, "{:?}", index.warnings);
    assert!(index.warnings[0].contains("position"));
    let first = &index.rows[0];
    assert_eq!(first.start_s, Some(1_710_266_400.0));
    assert_eq!(first.distance_m, Some(897.0));
    assert_eq!(first.activity_type.as_deref(), Some("Lauf"));
    let manual = index.manual_activities("aktivitäten.csv");
    assert_eq!(manual.len(), 1);
    assert_eq!(manual[0].sport, Sport::Running);
    assert_eq!(manual[0].distance_m, 5000.0);
}

#[test]
fn export_zip_imports_files_matched_to_rows_plus_manual_entries() {
    let bytes = export_zip();
    let items: Vec<_> = import_archive("export.zip", Cursor::new(bytes.clone()))
        .unwrap()
        .collect();
    let entries: Vec<&str> = items.iter().map(|item| item.entry.as_str()).collect();
    assert_eq!(
        entries,
        [
            "export.zip:export_123/activities/1001.gpx.gz",
            "export.zip:export_123/activities/1002.tcx",
            "export.zip:export_123/activities/1004.fit.gz",
            "export.zip:activities.csv",
        ]
    );
    let activities: Vec<_> = items
        .into_iter()
        .flat_map(|item| item.result.unwrap())
        .collect();
    assert_eq!(activities.len(), 4);
    let gpx = &activities[0];
    assert_eq!(gpx.format, SourceFormat::Gpx);
    assert_eq!(gpx.name.as_deref(), Some("Evening Run"));
    assert_eq!(gpx.gear.as_deref(), Some("Pegasus 40"));
    assert!(gpx.description.as_deref().unwrap().starts_with("Easy"));
    assert_eq!(activities[1].name.as_deref(), Some("Tempo"));
    let fit = &activities[2];
    assert_eq!(fit.format, SourceFormat::Fit);
    assert_eq!(fit.name.as_deref(), Some("Long Run"));
    assert_eq!(fit.gear.as_deref(), Some("Endorphin"));
    let manual = &activities[3];
    assert_eq!(manual.format, SourceFormat::StravaCsv);
    assert_eq!(manual.name.as_deref(), Some("Treadmill"));
    assert_eq!(manual.start.to_string(), "2024-03-14T07:30:00Z");

    // The same through the all-in-one entry point, with no errors.
    let report = import_bytes("export.zip", &bytes);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.activities, activities);

    // The GPX and TCX fixtures record the same run (same start, ~897 m), so
    // the week counts it once: 3 runs in ISO week 11 of 2024.
    assert_eq!(
        runs::fingerprint(&activities[0]),
        runs::fingerprint(&activities[1])
    );
    assert!(runs::same_activity(&activities[0], &activities[1]));
    assert!(!runs::same_activity(&activities[0], &activities[2]));
    let weeks = weekly_summaries(&report.activities, &jiff::tz::TimeZone::UTC);
    assert_eq!(weeks.len(), 1);
    assert_eq!((weeks[0].iso_year, weeks[0].iso_week), (2024, 11));
    assert_eq!(weeks[0].week_start, "2024-03-11");
    assert_eq!(weeks[0].runs, 3);
    assert_eq!(weeks[0].long_run_m, 5760.0);
    let expected_distance = activities[0].distance_m + 5760.0 + 5000.0;
    assert!((weeks[0].distance_m - expected_distance).abs() < 1e-6);
}

#[test]
fn plain_zip_without_csv_imports_every_activity_and_reports_bad_entries() {
    let bytes = zip_of(&[
        ("a.gpx", fixture("run-strava.gpx")),
        (
            "nested.zip",
            zip_of(&[("b.tcx.gz", gzip(&fixture("run-garmin.tcx")))]),
        ),
        (
            "broken.fit",
            b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT".to_vec(),
        ),
        ("notes.txt", b"just notes".to_vec()),
    ]);
    let report = import_bytes("mixed.zip", &bytes);
    assert_eq!(report.activities.len(), 2);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(report.errors[0].file().ends_with("broken.fit"));
}

#[test]
fn unterminated_quote_in_csv_names_the_line() {
    let error = StravaIndex::parse(
        "activities.csv",
        b"Activity ID,Activity Date,Filename\n1,\"Mar 1, 2024\n",
    )
    .unwrap_err();
    assert!(
        matches!(error, ImportError::Csv { line: 2, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("line 2"));
}

#[test]
fn unzipped_export_folder_flow() {
    // What the CLI does for a folder: parse activities.csv, import each file
    // named in it through the index, then add the manual entries.
    let index =
        StravaIndex::parse("export/activities.csv", &fixture("strava-activities.csv")).unwrap();
    let gpx = index
        .import_file("activities/1001.gpx.gz", &gzip(&fixture("run-strava.gpx")))
        .unwrap();
    assert_eq!(gpx[0].name.as_deref(), Some("Evening Run"));
    assert_eq!(gpx[0].file, "activities/1001.gpx.gz");
    let unknown = index
        .import_file("activities/9999.tcx", &fixture("run-garmin.tcx"))
        .unwrap();
    assert_eq!(
        unknown[0].name, None,
        "a file without a row is imported unannotated"
    );
    assert_eq!(index.manual_activities("export/activities.csv").len(), 1);
}
