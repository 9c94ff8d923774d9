//! `runstrong export` and `runstrong import`: the full backup as versioned
//! JSON (lossless: export → import into a fresh database → export gives the
//! same bytes), and a CSV of every set for spreadsheets. The backup itself
//! and its checks are the application's (`app::backup`); this module reads
//! and writes the files.

use std::io::Write;
use std::path::Path;

use crate::args::{ExportArgs, ExportFormat, ImportArgs};
use crate::context::{Context, Failure, print_json};
use crate::files;

pub async fn export(ctx: &Context, args: &ExportArgs) -> Result<(), Failure> {
    let backup = ctx.app.export().await?;
    let text = match args.format {
        ExportFormat::Json => backup.to_json(),
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

pub async fn import(ctx: &Context, args: &ImportArgs) -> Result<(), Failure> {
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
