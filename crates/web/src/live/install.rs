//! The one-step install of the camera mode: the pinned `@mediapipe/pose`
//! package fetched from the npm registry, checked against its pinned sha512
//! integrity, and the files the page needs unpacked into the data directory
//! (`<data dir>/mediapipe/pose/<version>/`, see [`super::vendor`]).
//!
//! Used by the live page (`POST /live/install` starts it, `GET
//! /live/install` reports its progress) and by `runstrong camera install`.
//!
//! Steps, each refusing with one sentence and leaving nothing behind:
//!
//! 1. **Fetch** `https://registry.npmjs.org/@mediapipe/pose/-/pose-<version>.tgz`
//!    into a temporary file beside the target, with the system's `curl`
//!    (`--fail --proto =https`, capped at the pinned size). Why `curl` and
//!    not the alternatives, measured here: the browser cannot read the
//!    tarball (the registry's answers, seen through this project's network,
//!    carry no `Access-Control-Allow-Origin`, so a page's `fetch` is
//!    refused); a Rust TLS client (ureq with rustls and ring) costs minutes
//!    of build on two cores, and would still have to trust the system's
//!    certificate store and proxy settings (TLS-inspecting proxies, as in
//!    this project's CI, re-sign with a local CA). `curl` uses both, and
//!    ships with Windows 10 and later, macOS and nearly every Linux. Without
//!    it, `runstrong camera install --from FILE` installs a tarball fetched
//!    any other way, with the same checks.
//! 2. **Verify** the whole file's sha512 against [`POSE`]`.integrity` (the
//!    value in `crates/web/vendor/package-lock.json`; a test keeps the two
//!    equal) before reading a single entry.
//! 3. **Unpack** only the files in [`WANTED`](super::package::WANTED) (gzip with `flate2`, tar with
//!    `tar`), refusing any entry whose path leaves the package folder
//!    (`../x`, `/x`), links, and anything past [`MAX_UNPACKED_BYTES`](super::package::MAX_UNPACKED_BYTES), into a
//!    temporary folder beside the target, then **rename** it into place, so
//!    the folder is either absent or complete.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::package::{unpack, verify};
use super::vendor;

/// A pinned npm package.
#[derive(Debug, Clone, Copy)]
pub struct Pin {
    pub name: &'static str,
    pub version: &'static str,
    /// Subresource-integrity string, as npm writes it in `package-lock.json`.
    pub integrity: &'static str,
    /// Size of the tarball, bytes (the progress total and the download cap).
    pub bytes: u64,
}

/// MediaPipe Pose, as pinned in `crates/web/vendor/package-lock.json`.
pub const POSE: Pin = Pin {
    name: "@mediapipe/pose",
    version: "0.5.1675469404",
    integrity: "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ==",
    bytes: 40_985_403,
};

/// Longest a download may take before `curl` gives up, seconds.
const MAX_DOWNLOAD_SECONDS: u32 = 1800;

impl Pin {
    /// Where the npm registry serves the tarball.
    pub fn url(&self) -> String {
        let short = self.name.rsplit('/').next().unwrap_or(self.name);
        format!(
            "https://registry.npmjs.org/{}/-/{short}-{}.tgz",
            self.name, self.version
        )
    }
}

/// Where an install is, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Progress {
    /// No install has run since the server started.
    Idle,
    Downloading {
        received: u64,
        total: u64,
    },
    Verifying,
    Unpacking,
    Installed {
        dir: String,
    },
    Failed {
        message: String,
    },
}

impl Progress {
    /// Whether an install is under way.
    pub fn running(&self) -> bool {
        matches!(
            self,
            Progress::Downloading { .. } | Progress::Verifying | Progress::Unpacking
        )
    }
}

/// The install run by the server (one at a time).
static SERVER_INSTALL: Mutex<Progress> = Mutex::new(Progress::Idle);

fn set(progress: Progress) {
    let mut slot = SERVER_INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    *slot = progress;
}

/// The server's install progress (`Installed` when the files are there,
/// however they came).
pub fn progress() -> Progress {
    let current = SERVER_INSTALL
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    match current {
        Progress::Idle | Progress::Failed { .. } if vendor::mediapipe_installed() => {
            Progress::Installed {
                dir: vendor::mediapipe_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
            }
        }
        other => other,
    }
}

/// Starts the server's install in a thread of its own unless one is
/// running or the files are already there; returns the progress.
pub fn start() -> Progress {
    {
        let mut slot = SERVER_INSTALL.lock().unwrap_or_else(|e| e.into_inner());
        if slot.running() {
            return slot.clone();
        }
        if !vendor::mediapipe_installed() {
            *slot = Progress::Downloading {
                received: 0,
                total: POSE.bytes,
            };
            std::thread::spawn(|| {
                let result = match vendor::data_root() {
                    Some(root) => install(&root, &POSE, &mut set),
                    None => Err("there is no home directory to keep the camera files in; set RUNSTRONG_MEDIAPIPE_DIR to a folder holding @mediapipe/pose".to_owned()),
                };
                set(match result {
                    Ok(dir) => Progress::Installed {
                        dir: dir.display().to_string(),
                    },
                    Err(message) => Progress::Failed { message },
                });
            });
        }
    }
    progress()
}

/// Downloads `pin` and installs it under the data directory `root`; returns
/// the folder. Reports each step to `report`.
pub fn install(
    root: &Path,
    pin: &Pin,
    report: &mut dyn FnMut(Progress),
) -> Result<PathBuf, String> {
    let dest = vendor::install_dir(root);
    if vendor::complete(&dest) {
        return Ok(dest);
    }
    let parent = dest.parent().unwrap_or(root);
    fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
    let archive = parent.join(format!(".download-{}", unique()));
    let result = download(&pin.url(), &archive, pin.bytes, report)
        .and_then(|()| install_archive(&archive, pin.integrity, &dest, report));
    let _ = fs::remove_file(&archive);
    result.map(|_| dest)
}

/// Checks the tarball at `archive` against `integrity`, then unpacks the
/// [`WANTED`](super::package::WANTED) files into `dest` (created whole by a rename, or not at all).
/// Returns the names of the files installed.
pub fn install_archive(
    archive: &Path,
    integrity: &str,
    dest: &Path,
    report: &mut dyn FnMut(Progress),
) -> Result<Vec<String>, String> {
    report(Progress::Verifying);
    let file =
        File::open(archive).map_err(|e| format!("cannot read {}: {e}", archive.display()))?;
    verify(file, integrity).map_err(|e| format!("{}: {e}", archive.display()))?;
    report(Progress::Unpacking);
    let parent = dest
        .parent()
        .ok_or_else(|| format!("{} has no parent folder", dest.display()))?;
    fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
    let temp = parent.join(format!(".unpack-{}", unique()));
    let result = File::open(archive)
        .map_err(|e| format!("cannot read {}: {e}", archive.display()))
        .and_then(|file| unpack(file, &temp))
        .and_then(|names| {
            if vendor::complete(dest) {
                // Installed meanwhile by another run: keep that one.
                return Ok(names);
            }
            fs::rename(&temp, dest)
                .map(|()| names)
                .map_err(|e| format!("cannot move the files into {}: {e}", dest.display()))
        });
    let _ = fs::remove_dir_all(&temp);
    result
}

/// Downloads `url` to `file` with `curl`, reporting the bytes received.
fn download(
    url: &str,
    file: &Path,
    total: u64,
    report: &mut dyn FnMut(Progress),
) -> Result<(), String> {
    report(Progress::Downloading { received: 0, total });
    let spawned = Command::new("curl")
        .args(["--fail", "--location", "--silent", "--show-error"])
        .args(["--proto", "=https", "--connect-timeout", "30"])
        .arg("--max-time")
        .arg(MAX_DOWNLOAD_SECONDS.to_string())
        .arg("--max-filesize")
        .arg(total.to_string())
        .arg("--output")
        .arg(file)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "downloading the camera files needs the program curl, which is not installed: install curl, or fetch {url} yourself and run `runstrong camera install --from FILE`"
            ));
        }
        Err(e) => return Err(format!("cannot start curl to download {url}: {e}")),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(format!("cannot follow the download of {url}: {e}")),
        }
        let received = fs::metadata(file).map_or(0, |m| m.len());
        report(Progress::Downloading { received, total });
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut stderr = String::new();
    if let Some(pipe) = child.stderr.take() {
        let _ = pipe.take(4096).read_to_string(&mut stderr);
    }
    if !status.success() {
        let reason = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no reason given")
            .trim()
            .trim_start_matches("curl: ");
        return Err(format!(
            "the download of {url} failed ({reason}); check the internet connection and try again"
        ));
    }
    let received = fs::metadata(file).map_or(0, |m| m.len());
    report(Progress::Downloading { received, total });
    Ok(())
}

/// A name part no other install running now uses.
fn unique() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{nanos}", std::process::id())
}

#[cfg(test)]
#[path = "install_tests.rs"]
mod tests;
