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

use store::SeenFile;

use crate::{App, AppError};

/// Seconds between two listings unless the runner says otherwise.
pub const DEFAULT_POLL_S: u64 = 3;

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
