//! Where runstrong keeps its files on this machine: the platform data
//! directory (the default database, the camera mode's pose files). Every
//! front end asks here, so the terminal and the web app agree.

use std::path::PathBuf;

/// The platform data directory of runstrong, e.g. `~/.local/share/runstrong`
/// on Linux or `~/Library/Application Support/runstrong` on macOS; `None`
/// when there is no home directory.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "runstrong").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The default database: `runstrong.db` in [`data_dir`].
pub fn default_database() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("runstrong.db"))
}
