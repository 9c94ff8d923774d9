//! `runstrong export` and `runstrong import`: the full backup as versioned
//! JSON (lossless: export → import into a fresh database → export gives the
//! same bytes), a CSV of every set for spreadsheets, one FIT activity file
//! per session for watch apps, and imports of Hevy's and Strong's CSV
//! exports. The formats and their checks are the application's
//! (`app::backup`, `app::interop`); this module reads and writes the files.
//!
//! **FIT files are never overwritten.** A file of the same name that holds
//! the same bytes is left as it is (exporting again into the same folder
//! writes only new sessions); a different file of that name stops the export
//! before anything is written, naming it.

use std::io::Write;
use std::path::Path;

use app::interop::{FitFile, Logger};

use crate::args::{ExportArgs, ExportFormat, ImportArgs, ImportSource};
use crate::context::{Context, Failure, print_json};
use crate::files;

pub async fn export(ctx: &Context, args: &ExportArgs) -> Result<(), Failure> {
    if args.format == ExportFormat::Fit {
        let folder = args
            .output
            .as_deref()
            .ok_or_else(|| Failure::usage("--format fit needs a folder: add -o FOLDER"))?;
        return export_fit(ctx, folder).await;
    }
    let backup = ctx.app.export().await?;
    let text = match args.format {
        ExportFormat::Json | ExportFormat::Fit => backup.to_json(),
        ExportFormat::Csv => backup.sets_csv(),
    };
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| crate::output::failure(&e))?;
        }
        Some(path) => {
            let location = ctx.app.location();
            let journal = format!("{location}-wal");
            files::write_whole(
                path,
                text.as_bytes(),
                &[Path::new(location), Path::new(&journal)],
            )
            .map_err(Failure::failed)?;
            if !ctx.ui.quiet {
                eprintln!(
                    "Wrote {} sessions and {} self-assessments to {}.",
                    backup.sessions.len(),
                    backup.assessments.len(),
                    path.display()
                );
            }
        }
    }
    Ok(())
}

/// Writes one FIT file per session into `folder` (created when missing).
async fn export_fit(ctx: &Context, folder: &Path) -> Result<(), Failure> {
    let shown = folder.display();
    match std::fs::metadata(folder) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Failure::failed(format!(
                "{shown} is not a folder: --format fit writes one file per session into a folder"
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(folder)
            .map_err(|e| Failure::failed(format!("cannot create the folder {shown}: {e}")))?,
        Err(e) => {
            return Err(Failure::failed(format!(
                "cannot use the folder {shown}: {e}"
            )));
        }
    }
    let fit_files = ctx.app.fit_files().await?;
    // Decide every file before writing any, so a clash writes nothing.
    let mut new: Vec<&FitFile> = Vec::new();
    let mut present = 0;
    for file in &fit_files {
        let target = folder.join(&file.name);
        match std::fs::symlink_metadata(&target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => new.push(file),
            Ok(meta) if meta.is_file() && std::fs::read(&target).is_ok_and(|b| b == file.bytes) => {
                present += 1;
            }
            Ok(_) => {
                return Err(Failure::failed(format!(
                    "{} is already there and is not this session's FIT file: runstrong does not overwrite it; move it away or export into another folder (nothing was written)",
                    target.display()
                )));
            }
            Err(e) => {
                return Err(Failure::failed(format!(
                    "cannot read {}: {e}",
                    target.display()
                )));
            }
        }
    }
    for file in &new {
        files::write_whole(&folder.join(&file.name), &file.bytes, &[]).map_err(Failure::failed)?;
    }
    if ctx.ui.json {
        let written: Vec<&str> = new.iter().map(|f| f.name.as_str()).collect();
        return print_json(&serde_json::json!({
            "folder": folder,
            "written": written,
            "already_present": present,
        }));
    }
    if !ctx.ui.quiet {
        let mut line = format!(
            "Wrote {} to {shown}",
            coach::words::count(new.len() as u64, "FIT file")
        );
        if present > 0 {
            line.push_str(&format!(
                "; {} already there with the same contents, left as they are",
                present
            ));
        }
        if fit_files.is_empty() {
            line = format!("No sessions with sets to export; nothing was written to {shown}");
        }
        outln!("{line}.")?;
    }
    Ok(())
}

pub async fn import(ctx: &Context, args: &ImportArgs) -> Result<(), Failure> {
    match args.from {
        ImportSource::Runstrong => import_backup(ctx, args).await,
        ImportSource::Hevy => import_logger(ctx, args, Logger::Hevy).await,
        ImportSource::Strong => import_logger(ctx, args, Logger::Strong).await,
    }
}

/// A CSV export of another logger, all or nothing.
async fn import_logger(ctx: &Context, args: &ImportArgs, from: Logger) -> Result<(), Failure> {
    let name = args.file.display().to_string();
    let limit = coach::interop::strength_csv::MAX_BYTES as u64;
    let bytes = files::read_input(&args.file, &format!("{} CSV export", from.name()), limit)?;
    let done = ctx
        .app
        .import_logger_csv(from, &name, &bytes)
        .await
        .map_err(Failure::in_file)?;
    if ctx.ui.json {
        return print_json(&done);
    }
    let count = |n: usize, what: &str| coach::words::count(n as u64, what);
    outln!(
        "Imported {} from {name} ({} already present, skipped): {}, {} of them warm-ups.",
        count(done.sessions_added, "workout"),
        done.sessions_skipped,
        count(done.sets, "set"),
        done.warmups
    )?;
    if !done.unmatched.is_empty() && !ctx.ui.quiet {
        outln!(
            "Not in the exercise library, kept as your own exercises (they show in history, the plan does not use them):"
        )?;
        for unmatched in &done.unmatched {
            outln!(
                "    {} ({}) as {}",
                crate::text::line(&unmatched.name),
                count(unmatched.sets, "set"),
                unmatched.id
            )?;
        }
    }
    Ok(())
}

/// A JSON backup written by `runstrong export`.
async fn import_backup(ctx: &Context, args: &ImportArgs) -> Result<(), Failure> {
    let name = args.file.display().to_string();
    let bytes = files::read_input(&args.file, "backup", files::MAX_BACKUP_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::failed(format!(
            "{name} is not text (UTF-8) at byte {}: expected a JSON backup written by `runstrong export`",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let counts = ctx
        .app
        .import_backup(&name, &text)
        .await
        .map_err(Failure::in_file)?;
    if ctx.ui.json {
        return print_json(&serde_json::json!({
            "sessions_added": counts.sessions_added,
            "sessions_skipped": counts.sessions_skipped,
            "assessments_added": counts.assessments_added,
            "assessments_skipped": counts.assessments_skipped,
            "activities_added": counts.activities_added,
            "activities_skipped": counts.activities_skipped,
        }));
    }
    outln!(
        "Imported {} sessions and {} self-assessments from {name} ({} and {} already present, skipped).",
        counts.sessions_added,
        counts.assessments_added,
        counts.sessions_skipped,
        counts.assessments_skipped
    )?;
    Ok(())
}
