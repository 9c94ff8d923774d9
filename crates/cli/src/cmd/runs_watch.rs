//! `runstrong runs watch [DIR…]`: new runs arriving by themselves. Lists
//! the folders every few seconds (polling: portable, no inotify or FSEvents
//! needed, and cheap for folders of activity files) and imports each new
//! activity file once its size has held for two looks, through the same
//! decoding and deduplicating import as `runs import`, one line per file
//! (the rules and each look are `app::watch`'s, shared with the web app).
//! What is imported is remembered in the database (`app::watch`), so a
//! restart, or a kill in the middle, never imports a file twice or half.
//!
//! Without DIR it looks for watches mounted as drives under the places
//! systems mount them (`/media/$USER`, `/run/media/$USER`, `/Volumes`, or
//! the `:`-separated list in `RUNSTRONG_MOUNT_ROOTS`) and watches their
//! activity folders, noticing devices plugged in or out while it runs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use app::watch::FolderWatch;
use serde::Serialize;

use crate::args::RunsWatchArgs;
use crate::context::{Context, Failure};

/// Activity folders of devices that mount as a USB drive, relative to the
/// drive's root (matched without regard to case): Garmin's running watches
/// keep their FIT files in `GARMIN/Activity`; Garmin's outdoor handhelds
/// (eTrex, GPSMAP, inReach) in `Garmin/Activities` (gpsrchive.com's
/// "Files & Folders" pages list each model's folders).
pub const DEVICE_FOLDERS: [(&str, &str); 2] = [
    ("Garmin watch", "GARMIN/Activity"),
    ("Garmin handheld", "Garmin/Activities"),
];

#[derive(Serialize)]
struct FileLine<'a> {
    file: &'a str,
    imported: usize,
    duplicates: usize,
    error: Option<&'a str>,
}

pub async fn run(ctx: &Context, args: &RunsWatchArgs) -> Result<(), Failure> {
    for dir in &args.dirs {
        if !dir.is_dir() {
            return Err(Failure::usage(format!(
                "cannot watch {}: it is not a folder",
                dir.display()
            )));
        }
    }
    let mut watch = FolderWatch::open(&ctx.app).await?;
    let quiet = ctx.ui.json || ctx.ui.quiet;
    if !quiet {
        if args.dirs.is_empty() {
            let roots: Vec<String> = mount_roots()
                .iter()
                .map(|r| r.display().to_string())
                .collect();
            eprintln!(
                "Looking for watches mounted as drives under {} every {} s (Garmin: GARMIN/Activity, Garmin/Activities). Ctrl-C stops.",
                roots.join(", "),
                args.every
            );
        } else {
            let dirs: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
            eprintln!(
                "Watching {} every {} s; new activity files are imported once complete. Ctrl-C stops.",
                dirs.join(", "),
                args.every
            );
        }
    }
    let mut devices: BTreeSet<PathBuf> = BTreeSet::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(args.every));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = &mut stop => {
                if !quiet {
                    eprintln!("Stopped watching.");
                }
                return Ok(());
            }
        }
        let dirs = if args.dirs.is_empty() {
            let found: BTreeSet<PathBuf> = device_folders().into_iter().collect();
            if !quiet {
                for dir in found.difference(&devices) {
                    eprintln!("Found a watch: {}", dir.display());
                }
                for dir in devices.difference(&found) {
                    eprintln!("Gone: {}", dir.display());
                }
            }
            devices = found;
            devices.iter().cloned().collect()
        } else {
            args.dirs.clone()
        };
        for outcome in watch.step(&ctx.app, dirs).await? {
            report(
                ctx,
                &outcome.file,
                &outcome.added,
                outcome.duplicates,
                outcome.error.as_deref(),
            )?;
        }
    }
}

fn report(
    ctx: &Context,
    file: &str,
    added: &[runs::Activity],
    skipped: usize,
    error: Option<&str>,
) -> Result<(), Failure> {
    if ctx.ui.json {
        let line = FileLine {
            file,
            imported: added.len(),
            duplicates: skipped,
            error,
        };
        let text = serde_json::to_string(&line)
            .map_err(|e| Failure::failed(format!("cannot write JSON: {e}")))?;
        return outln!("{text}");
    }
    let style = ctx.ui.style();
    if let Some(error) = error {
        return outln!("{} {error}", style.warn("Could not read:"));
    }
    let zone = ctx.app.clock().zone();
    for a in added {
        outln!(
            "{} {file}: {}, {:.2} km{}",
            style.good("Imported"),
            crate::text::day(a.local_day(zone)),
            a.distance_m / 1000.0,
            if a.warnings.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.warnings.join("; "))
            }
        )?;
    }
    if skipped > 0 {
        outln!("Already here: {file}")?;
    }
    if added.is_empty() && skipped == 0 {
        outln!("No activity in {file}")?;
    }
    Ok(())
}

/// Where drives are mounted: `RUNSTRONG_MOUNT_ROOTS` (`:`-separated) when
/// set, else `/media/$USER`, `/run/media/$USER` and `/Volumes`.
fn mount_roots() -> Vec<PathBuf> {
    if let Some(roots) = std::env::var_os("RUNSTRONG_MOUNT_ROOTS") {
        return std::env::split_paths(&roots).collect();
    }
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default();
    let mut roots = Vec::new();
    if !user.is_empty() {
        roots.push(Path::new("/media").join(&user));
        roots.push(Path::new("/run/media").join(&user));
    }
    roots.push(PathBuf::from("/Volumes"));
    roots
}

/// The activity folders of the drives mounted now.
fn device_folders() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for root in mount_roots() {
        let Ok(drives) = std::fs::read_dir(&root) else {
            continue;
        };
        for drive in drives.flatten().map(|e| e.path()) {
            for (_, folder) in DEVICE_FOLDERS {
                if let Some(dir) = child_ignoring_case(&drive, folder) {
                    found.push(dir);
                }
            }
        }
    }
    found
}

/// `base/relative`, each part matched without regard to case (FAT drives
/// show `GARMIN` or `Garmin` depending on the system).
fn child_ignoring_case(base: &Path, relative: &str) -> Option<PathBuf> {
    let mut dir = base.to_path_buf();
    for part in relative.split('/') {
        let entry = std::fs::read_dir(&dir)
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(part))?;
        dir = entry.path();
    }
    dir.is_dir().then_some(dir)
}
