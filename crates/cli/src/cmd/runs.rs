//! `runstrong runs import PATH…` and `runstrong runs`: bring a runner's
//! activity files in (FIT, GPX, TCX, plain or gzipped, folders, zip archives,
//! Strava bulk exports) and list the weeks of running beside the glute work
//! (the whole history and one run are in `runs_history`, the folder watch
//! in `runs_watch`).
//!
//! Decoding is pure (`runs` crate) and runs on every core: worker threads
//! take one file at a time from a shared list and send the results to the
//! main thread, which stores them. Memory stays bounded by the files in
//! flight, not by the size of the folder.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use runs::{Activity, StravaIndex};
use serde::Serialize;

use crate::args::{RaceArgs, RunsArgs, RunsCommand, RunsImportArgs};
use crate::context::{Context, Failure, print_json};
use crate::text;
/// Activities stored per transaction.
const STORE_BATCH: usize = 200;

pub async fn run(ctx: &Context, args: RunsArgs) -> Result<(), Failure> {
    match args.command {
        Some(RunsCommand::Import(import)) => run_import(ctx, import).await,
        Some(RunsCommand::Race(race)) => set_race(ctx, &race).await,
        Some(RunsCommand::Show(show)) => super::runs_history::show(ctx, show.id).await,
        Some(RunsCommand::Watch(watch)) => super::runs_watch::run(ctx, &watch).await,
        None if args.all => super::runs_history::list(ctx, None, None).await,
        None if args.from.is_some() || args.to.is_some() => {
            super::runs_history::list(ctx, args.from, args.to).await
        }
        None => list_weeks(ctx, args.weeks).await,
    }
}

/// One unit of work for a decoder thread.
pub(super) enum Job {
    /// A file on its own (FIT/GPX/TCX, plain or gzipped, or a zip archive).
    File(PathBuf),
    /// A file inside an unzipped Strava export, matched to its CSV row.
    Strava {
        index: usize,
        path: PathBuf,
        relative: String,
    },
}

/// What a decoder thread sends back.
pub(super) use app::activity_files::{Decoded, is_activity_file};

#[derive(Serialize)]
struct FailedJson {
    file: String,
    error: String,
}

async fn run_import(ctx: &Context, args: RunsImportArgs) -> Result<(), Failure> {
    let (jobs, strava, ignored) = collect_jobs(&args.paths)?;
    let total = jobs.len();
    let mut import = ctx.app.import_activities().await?;
    let mut failed = Vec::new();
    let progress = Progress::new(total, ctx.ui.json || ctx.ui.quiet);

    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let strava = Arc::new(strava);
    let workers = match args.jobs {
        Some(jobs) => usize::from(jobs),
        None => std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8),
    };
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Decoded>(workers * 4);
    let mut handles = Vec::new();
    for _ in 0..workers {
        let sender = sender.clone();
        let queue = Arc::clone(&queue);
        let strava = Arc::clone(&strava);
        handles.push(std::thread::spawn(move || {
            loop {
                let job = match queue.lock() {
                    Ok(mut jobs) => jobs.next(),
                    Err(_) => None,
                };
                let Some(job) = job else { break };
                for decoded in decode(job, &strava) {
                    if sender.blocking_send(decoded).is_err() {
                        return;
                    }
                }
            }
        }));
    }
    drop(sender);
    let mut done = 0;
    let mut pending: Vec<Activity> = Vec::new();
    while let Some(decoded) = receiver.recv().await {
        done += 1;
        progress.show(done, &decoded.file);
        match decoded.result {
            Ok(activities) => pending.extend(activities),
            Err(error) => failed.push(FailedJson {
                file: decoded.file,
                error,
            }),
        }
        if pending.len() >= STORE_BATCH {
            import.add(std::mem::take(&mut pending)).await?;
        }
    }
    import.add(pending).await?;
    for handle in handles {
        let _ = handle.join();
    }
    progress.finish();
    report(ctx, &import.imported, &import.duplicates, &failed, ignored)?;
    outcome(done, failed.len())
}

/// The exit code of an import that read `done` inputs, `failed` of them
/// refused (listed in the report): all refused is a failure (1), some a
/// partial import (3), none success (0). No input at all did nothing (1).
fn outcome(done: usize, failed: usize) -> Result<(), Failure> {
    if done == 0 {
        Err(Failure::failed(
            "found no activity files (FIT, GPX, TCX, gzipped or zipped) in what was named: nothing was imported",
        ))
    } else if failed == done {
        Err(Failure::failed(format!(
            "nothing was imported: {} could not be read (listed above)",
            coach::words::count(failed as u64, "file")
        )))
    } else if failed > 0 {
        Err(Failure::partial(format!(
            "{} of {done} could not be read (listed above); the others were imported",
            coach::words::count(failed as u64, "file")
        )))
    } else {
        Ok(())
    }
}

pub(super) fn decode(job: Job, strava: &[StravaIndex]) -> Vec<Decoded> {
    match job {
        Job::Strava {
            index,
            path,
            relative,
        } => {
            let file = path.display().to_string();
            let result = read(&path).and_then(|bytes| {
                match strava.get(index) {
                    Some(strava) => strava.import_file(&relative, &bytes),
                    None => runs::import_file(&file, &bytes),
                }
                .map_err(|e| e.to_string())
            });
            vec![Decoded { file, result }]
        }
        Job::File(path) => app::activity_files::decode_file(&path),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    crate::files::read_file(path, "activity", app::activity_files::MAX_ACTIVITY_BYTES)
}

/// Expands the paths into jobs: files as given, folders walked recursively
/// (a folder holding a Strava `activities.csv` is read as a Strava export).
fn collect_jobs(paths: &[PathBuf]) -> Result<(Vec<Job>, Vec<StravaIndex>, usize), Failure> {
    let mut jobs = Vec::new();
    let mut strava = Vec::new();
    let mut ignored = 0;
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
        if metadata.is_file() {
            jobs.push(Job::File(path.clone()));
            continue;
        }
        if !metadata.is_dir() {
            return Err(Failure::failed(format!(
                "{} is not a regular file or a folder: expected activity files (FIT, GPX, TCX, plain or .gz), zips, or folders of them",
                path.display()
            )));
        }
        let csv = path.join("activities.csv");
        if csv.is_file() {
            let bytes = std::fs::read(&csv)
                .map_err(|e| Failure::failed(format!("cannot read {}: {e}", csv.display())))?;
            let index = StravaIndex::parse(&csv.display().to_string(), &bytes)
                .map_err(|e| Failure::failed(e.to_string()))?;
            let slot = strava.len();
            strava.push(index);
            walk(path, &mut |file| {
                if is_activity_file(file) {
                    let relative = file
                        .strip_prefix(path)
                        .unwrap_or(file)
                        .to_string_lossy()
                        .replace('\\', "/");
                    jobs.push(Job::Strava {
                        index: slot,
                        path: file.to_path_buf(),
                        relative,
                    });
                } else {
                    ignored += 1;
                }
            })?;
        } else {
            walk(path, &mut |file| {
                if is_activity_file(file) {
                    jobs.push(Job::File(file.to_path_buf()));
                } else {
                    ignored += 1;
                }
            })?;
        }
    }
    Ok((jobs, strava, ignored))
}

/// Visits every file under `dir` (sorted, so imports are repeatable).
fn walk(dir: &Path, visit: &mut dyn FnMut(&Path)) -> Result<(), Failure> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure::failed(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            walk(&entry, visit)?;
        } else if entry.is_file() {
            visit(&entry);
        }
    }
    Ok(())
}

fn report(
    ctx: &Context,
    imported: &[Activity],
    duplicates: &[Activity],
    failed: &[FailedJson],
    ignored: usize,
) -> Result<(), Failure> {
    if ctx.ui.json {
        return print_json(&serde_json::json!({
            "imported": imported,
            "duplicates": duplicates,
            "failed": failed,
            "ignored_files": ignored,
        }));
    }
    let style = ctx.ui.style();
    let salvaged = imported.iter().filter(|a| !a.warnings.is_empty()).count();
    outln!(
        "{} {} activities ({} salvaged with warnings), {} duplicates skipped, {} failed{}.",
        style.good("Imported"),
        imported.len(),
        salvaged,
        duplicates.len(),
        failed.len(),
        if ignored > 0 {
            format!(", {ignored} other files ignored")
        } else {
            String::new()
        }
    )?;
    for activity in imported.iter().filter(|a| !a.warnings.is_empty()) {
        for warning in &activity.warnings {
            outln!("  {} {}", style.warn("salvaged:"), text::line(warning))?;
        }
    }
    for failed in failed {
        outln!("  {} {}", style.warn("failed:"), text::line(&failed.error))?;
    }
    Ok(())
}

async fn set_race(ctx: &Context, args: &RaceArgs) -> Result<(), Failure> {
    if args.clear {
        ctx.app.set_race_date(None).await?;
    } else if let Some(date) = args.date {
        ctx.app.set_race_date(Some(date)).await?;
    }
    let race = ctx.app.race_date().await?;
    if ctx.ui.json {
        return print_json(&serde_json::json!({ "race_date": race }));
    }
    match race {
        Some(date) => outln!(
            "Next race: {}. The week before it, `runstrong today` suggests lighter strength work.",
            text::day(date)
        )?,
        None => outln!("No race date set. `runstrong runs race YYYY-MM-DD` sets one.")?,
    }
    Ok(())
}

async fn list_weeks(ctx: &Context, weeks: u32) -> Result<(), Failure> {
    let today = ctx.app.clock().today();
    let first = app::Clock::shift(today, -7 * i64::from(weeks.saturating_sub(1)));
    let rows = ctx.app.running_weeks(first, today).await?;
    if ctx.ui.json {
        let weeks: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "week_start": row.week_start,
                    "runs": row.runs,
                    "distance_km": row.distance_m / 1000.0,
                    "long_run_km": row.long_run_m / 1000.0,
                    "moving_s": row.moving_s,
                    "strength_sessions": row.glute_days,
                })
            })
            .collect();
        return print_json(&serde_json::json!({ "weeks": weeks }));
    }
    if rows.iter().all(|r| r.runs == 0) {
        let older = ctx
            .app
            .activities_outside(runs::week_start(first), today)
            .await?;
        if older > 0 {
            outln!(
                "No runs in these weeks; {older} older runs: `runstrong runs --all` (or --from/--to DATE)."
            )?;
        } else {
            outln!(
                "No runs yet. `runstrong runs import PATH` reads FIT, GPX and TCX files, folders, zips and Strava exports."
            )?;
        }
    }
    let style = ctx.ui.style();
    outln!(
        "{}",
        style.bold("week of       runs   distance   long run   time       glute days")
    )?;
    for row in &rows {
        outln!(
            "{}   {:>4}   {:>6.1} km  {:>6.1} km  {:<9}  {}",
            row.week_start,
            row.runs,
            row.distance_m / 1000.0,
            row.long_run_m / 1000.0,
            text::duration(row.moving_s),
            "■".repeat(row.glute_days as usize)
        )?;
    }
    Ok(())
}

/// A one-line progress bar on standard error, when it is a terminal.
struct Progress {
    total: usize,
    visible: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        Progress {
            total,
            visible: !quiet && std::io::stderr().is_terminal() && total > 1,
        }
    }

    fn show(&self, done: usize, file: &str) {
        if !self.visible {
            return;
        }
        let width = 30;
        let filled = (done.min(self.total) * width) / self.total.max(1);
        let name: String = file
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r\x1b[2K[{}{}] {done}/{} {name}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.visible {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
