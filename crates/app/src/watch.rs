//! New runs arriving by themselves: the rules of a folder watch, written
//! once. A front end lists the watched folders every few seconds (polling:
//! portable, and enough for files that arrive after a run) and hands each
//! listing to [`FolderWatch::poll`], which answers the files to import now:
//! a file is ready when its size and modification time are the same in two
//! listings in a row (a file still being written is left alone) and it was
//! not imported before as it is now. After importing them (through
//! [`App::import_activities`], which deduplicates), the front end records
//! them with [`FolderWatch::imported`], which keeps them in the store's
//! `seen_files`, so a restart does not read them again.
//!
//! A kill between storing a file's activities and recording it as seen
//! only means the file is read once more after the restart; the import
//! then finds its activities stored and counts them as duplicates. Each
//! store call is one transaction, so no run is ever stored in part.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runs::Activity;
use store::SeenFile;

use crate::activity_files::{Decoded, decode_file, list};
use crate::{App, AppError};

/// Seconds between two listings unless the runner says otherwise.
pub const DEFAULT_POLL_S: u64 = 3;

/// What one look imported from one file (or one entry of an archive).
#[derive(Debug)]
pub struct FileOutcome {
    pub file: String,
    /// The runs stored from it.
    pub added: Vec<Activity>,
    /// Runs in it that were stored before.
    pub duplicates: usize,
    /// Why it could not be read, in one sentence.
    pub error: Option<String>,
}

/// A file as one listing saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    /// The path, as the front end names it (the key in `seen_files`).
    pub path: String,
    pub size: u64,
    /// Modification time, Unix milliseconds.
    pub modified_ms: i64,
}

/// The state of a watch between listings.
#[derive(Debug, Default)]
pub struct FolderWatch {
    /// What the previous listing saw, by path.
    previous: HashMap<String, (u64, i64)>,
    /// What was imported before, by path: size and modification time.
    seen: HashMap<String, (u64, i64)>,
}

impl FolderWatch {
    /// A watch that remembers the files imported before (from the store).
    pub async fn open(app: &App) -> Result<FolderWatch, AppError> {
        let seen = app
            .store()
            .seen_files()
            .await?
            .into_iter()
            .map(|f| (f.path, (f.size, f.modified_ms)))
            .collect();
        Ok(FolderWatch {
            previous: HashMap::new(),
            seen,
        })
    }

    /// Whether `path` was imported before (in any state).
    pub fn was_seen(&self, path: &str) -> bool {
        self.seen.contains_key(path)
    }

    /// Takes one listing; returns the files to import now: unchanged since
    /// the previous listing, not empty, and not imported before with this
    /// size and modification time.
    pub fn poll(&mut self, listing: Vec<ListedFile>) -> Vec<ListedFile> {
        let mut ready = Vec::new();
        let mut current = HashMap::with_capacity(listing.len());
        for file in listing {
            let state = (file.size, file.modified_ms);
            let stable = self.previous.get(&file.path) == Some(&state);
            let known = self.seen.get(&file.path) == Some(&state);
            current.insert(file.path.clone(), state);
            if stable && !known && file.size > 0 {
                ready.push(file);
            }
        }
        self.previous = current;
        ready
    }

    /// Records files as imported (also those that could not be read, so a
    /// broken file is not read again until it changes), in one transaction.
    pub async fn imported(
        &mut self,
        app: &App,
        files: &[ListedFile],
        now_ms: i64,
    ) -> Result<(), AppError> {
        if files.is_empty() {
            return Ok(());
        }
        let rows: Vec<SeenFile> = files
            .iter()
            .map(|f| SeenFile {
                path: f.path.clone(),
                size: f.size,
                modified_ms: f.modified_ms,
                imported_at_ms: now_ms,
            })
            .collect();
        app.store().record_seen_files(&rows).await?;
        for f in files {
            self.seen.insert(f.path.clone(), (f.size, f.modified_ms));
        }
        Ok(())
    }
}

impl FolderWatch {
    /// One look at `dirs`: lists them, imports the files ready now through
    /// the deduplicating import, and records each file as seen once its
    /// runs are stored. Answers what each file gave, in order.
    pub async fn step(
        &mut self,
        app: &App,
        dirs: Vec<PathBuf>,
    ) -> Result<Vec<FileOutcome>, AppError> {
        let listing = tokio::task::spawn_blocking(move || list(&dirs))
            .await
            .unwrap_or_default();
        let ready = self.poll(listing);
        let mut outcomes = Vec::new();
        if ready.is_empty() {
            return Ok(outcomes);
        }
        let mut import = app.import_activities().await?;
        for file in ready {
            let path = PathBuf::from(&file.path);
            let decoded: Vec<Decoded> = tokio::task::spawn_blocking(move || decode_file(&path))
                .await
                .unwrap_or_default();
            for item in decoded {
                let (imported, duplicates) = (import.imported.len(), import.duplicates.len());
                let error = match item.result {
                    Ok(activities) => {
                        import.add(activities).await?;
                        None
                    }
                    Err(error) => Some(error),
                };
                outcomes.push(FileOutcome {
                    file: item.file,
                    added: import.imported[imported..].to_vec(),
                    duplicates: import.duplicates.len() - duplicates,
                    error,
                });
            }
            // Only now, with its activities stored, is the file seen.
            self.imported(app, &[file], app.clock().now_ms()).await?;
        }
        Ok(outcomes)
    }
}

/// What the watch of the folders saved in the settings last did, kept in
/// memory for the Settings page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastImport {
    /// Runs stored.
    pub runs: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// The watched folders the files came from.
    pub folders: Vec<String>,
    /// When, Unix milliseconds.
    pub at_ms: i64,
}

impl LastImport {
    /// One sentence for the runner, the time in `zone`: "Imported 2 runs
    /// from /home/me/Downloads at 10:42."
    pub fn sentence(&self, zone: &jiff::tz::TimeZone) -> String {
        let at = jiff::Timestamp::from_millisecond(self.at_ms)
            .map(|t| zone.to_datetime(t).strftime("%H:%M").to_string())
            .unwrap_or_default();
        let mut text = format!(
            "Imported {} from {} at {at}.",
            coach::words::count(self.runs as u64, "run"),
            self.folders.join(", ")
        );
        if self.failed > 0 {
            text.push_str(&format!(
                " {} could not be read.",
                coach::words::count(self.failed as u64, "file")
            ));
        }
        text
    }
}

/// Where a watch of the saved folders leaves what it last imported.
pub type LastImportCell = Arc<Mutex<Option<LastImport>>>;

/// Watches the folders saved in the settings (`App::watch_folders`) for
/// as long as the future runs: every `every`, reads the folders again (a
/// change in the settings counts at the next look), takes one
/// [`FolderWatch::step`] and, when it imported or refused a file, leaves a
/// summary in `last`. A store error skips that look; the next one tries
/// again.
pub async fn watch_saved_folders(app: App, every: Duration, last: LastImportCell) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut watch = loop {
        ticks.tick().await;
        if let Ok(watch) = FolderWatch::open(&app).await {
            break watch;
        }
    };
    loop {
        ticks.tick().await;
        let Ok(folders) = app.watch_folders().await else {
            continue;
        };
        if folders.is_empty() {
            continue;
        }
        let dirs: Vec<PathBuf> = folders.iter().map(PathBuf::from).collect();
        let Ok(outcomes) = watch.step(&app, dirs).await else {
            continue;
        };
        if outcomes.is_empty() {
            continue;
        }
        let mut from: Vec<String> = folders
            .iter()
            .filter(|folder| {
                outcomes
                    .iter()
                    .any(|o| std::path::Path::new(&o.file).starts_with(folder.as_str()))
            })
            .cloned()
            .collect();
        if from.is_empty() {
            from = folders.clone();
        }
        let summary = LastImport {
            runs: outcomes.iter().map(|o| o.added.len()).sum(),
            failed: outcomes.iter().filter(|o| o.error.is_some()).count(),
            folders: from,
            at_ms: app.clock().now_ms(),
        };
        if let Ok(mut cell) = last.lock() {
            *cell = Some(summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64, modified_ms: i64) -> ListedFile {
        ListedFile {
            path: path.into(),
            size,
            modified_ms,
        }
    }

    #[test]
    fn a_file_is_ready_once_its_size_holds_for_two_listings() {
        let mut watch = FolderWatch::default();
        assert!(watch.poll(vec![file("a.fit", 10, 1)]).is_empty());
        assert!(watch.poll(vec![file("a.fit", 20, 2)]).is_empty(), "growing");
        let ready = watch.poll(vec![file("a.fit", 20, 2)]);
        assert_eq!(ready, vec![file("a.fit", 20, 2)]);
    }

    #[test]
    fn an_empty_or_seen_file_is_not_ready_and_a_changed_one_is() {
        let mut watch = FolderWatch::default();
        watch.seen.insert("b.fit".into(), (5, 1));
        watch.poll(vec![file("b.fit", 5, 1), file("empty.fit", 0, 1)]);
        assert!(
            watch
                .poll(vec![file("b.fit", 5, 1), file("empty.fit", 0, 1)])
                .is_empty()
        );
        watch.poll(vec![file("b.fit", 6, 2)]);
        assert_eq!(watch.poll(vec![file("b.fit", 6, 2)]).len(), 1);
        assert!(watch.was_seen("b.fit"));
    }

    #[test]
    fn a_file_that_disappears_and_returns_waits_again() {
        let mut watch = FolderWatch::default();
        watch.poll(vec![file("c.fit", 5, 1)]);
        watch.poll(vec![]);
        assert!(watch.poll(vec![file("c.fit", 5, 1)]).is_empty());
    }
}
