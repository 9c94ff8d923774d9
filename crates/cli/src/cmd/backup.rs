//! `runstrong export` and `runstrong import`: the full backup as versioned
//! JSON (lossless: export → import into a fresh database → export gives the
//! same bytes), and a CSV of every set for spreadsheets.

use std::io::Write;

use coach::export::Export;

use crate::app::{App, Failure, print_json};
use crate::args::{ExportArgs, ExportFormat, ImportArgs};

pub async fn export(app: &App, args: &ExportArgs) -> Result<(), Failure> {
    let sessions = app.all_sessions().await?;
    let assessments = app.store.assessments().await?;
    let activities = app
        .store
        .activities(None, None)
        .await?
        .iter()
        .map(|s| serde_json::to_value(&s.activity))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::failed(format!("cannot write an activity as JSON: {e}")))?;
    let backup = Export::new(sessions, assessments, activities);
    let text = match args.format {
        ExportFormat::Json => backup.to_json(),
        ExportFormat::Csv => backup.sets_csv(),
    };
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(path) => {
            // Write beside the target and rename, so a failure never leaves half a backup.
            let partial = path.with_extension("partial");
            let write =
                std::fs::write(&partial, &text).and_then(|()| std::fs::rename(&partial, path));
            if let Err(err) = write {
                let _ = std::fs::remove_file(&partial);
                return Err(Failure::failed(format!(
                    "cannot write {}: {err}",
                    path.display()
                )));
            }
            if !app.quiet {
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

pub async fn import(app: &App, args: &ImportArgs) -> Result<(), Failure> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::failed(format!("cannot read {name}: {e}")))?;
    let backup = Export::from_json(&name, &text).map_err(|e| Failure::failed(e.to_string()))?;
    for session in &backup.sessions {
        session.feedback.validate().map_err(|e| {
            Failure::failed(format!(
                "{name}: the session of {} has an invalid answer: {e}; nothing was imported",
                session.date
            ))
        })?;
    }
    let mut activities = Vec::with_capacity(backup.activities.len());
    for (index, value) in backup.activities.iter().enumerate() {
        let activity: runs::Activity = serde_json::from_value(value.clone()).map_err(|e| {
            Failure::failed(format!(
                "{name}: activity {} is not valid ({e}); nothing was imported",
                index + 1
            ))
        })?;
        activities.push(activity);
    }
    let counts = app
        .store
        .import(&backup.sessions, &backup.assessments, &activities)
        .await?;
    if app.json {
        return print_json(&serde_json::json!({
            "sessions_added": counts.sessions_added,
            "sessions_skipped": counts.sessions_skipped,
            "assessments_added": counts.assessments_added,
            "assessments_skipped": counts.assessments_skipped,
            "activities_added": counts.activities_added,
            "activities_skipped": counts.activities_skipped,
        }));
    }
    println!(
        "Imported {} sessions and {} self-assessments from {name} ({} and {} already present, skipped).",
        counts.sessions_added,
        counts.assessments_added,
        counts.sessions_skipped,
        counts.assessments_skipped
    );
    Ok(())
}
