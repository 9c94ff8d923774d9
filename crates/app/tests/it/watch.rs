//! The watch of the folders saved in the settings: a file dropped into a
//! watched folder is imported once, through the same rules as the
//! terminal's watch, and what it imported is left for the Settings page.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::watch::{LastImport, watch_saved_folders};

use crate::harness::{app_on, day};
use crate::run_history::gpx_run;

#[tokio::test]
async fn a_file_dropped_into_a_saved_folder_is_imported_once() {
    let (app, _db) = app_on(day("2026-06-15")).await;
    let folder = tempfile::tempdir().unwrap();
    let folders =
        app::settings::watch_folders_from_lines(&folder.path().display().to_string()).unwrap();
    app.set_watch_folders(&folders).await.unwrap();
    assert_eq!(app.watch_folders().await.unwrap(), folders);

    let last: app::watch::LastImportCell = Arc::new(Mutex::new(None));
    let task = tokio::spawn(watch_saved_folders(
        app.clone(),
        Duration::from_millis(20),
        Arc::clone(&last),
    ));
    // A hidden partial download is left alone; the finished file is read.
    std::fs::write(folder.path().join(".part.gpx"), b"half").unwrap();
    std::fs::write(folder.path().join("morning.gpx"), gpx_run("2026-06-10", 5)).unwrap();
    let mut seen: Option<LastImport> = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen = last.lock().unwrap().clone();
        if seen.is_some() {
            break;
        }
    }
    let seen = seen.expect("the watch imported the file within 800 ms");
    assert_eq!(seen.runs, 1);
    assert_eq!(seen.failed, 0);
    assert_eq!(seen.folders, folders);
    assert!(
        seen.sentence(app.clock().zone())
            .starts_with("Imported 1 run from ")
    );

    // More looks read nothing again.
    *last.lock().unwrap() = None;
    tokio::time::sleep(Duration::from_millis(150)).await;
    task.abort();
    assert_eq!(*last.lock().unwrap(), None);
    assert_eq!(app.activities(None, None).await.unwrap().len(), 1);
}
