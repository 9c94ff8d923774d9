//! Settings: the preferences of the guided session and the app, and the
//! folders watched for new runs (with what the watch last imported). A
//! refused form comes back with what was typed.

use app::settings::{PreferencesPatch, Units};
use askama::Template;
use axum::extract::{Form, State};
use serde::Deserialize;

use super::forms::{filled, optional, ticked, worded};
use super::{Layout, PageResult, layout, refused, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    page: Layout,
    form: SettingsForm,
    saved: bool,
    error: Option<String>,
    /// What the folder watch last imported, in one sentence.
    last_import: Option<String>,
}

/// The settings form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SettingsForm {
    voice: Option<String>,
    speech_rate: String,
    tempo: String,
    rest_s: String,
    units: String,
    reminder: String,
    /// Folders to watch for new runs, one a line.
    watch_folders: String,
}

impl SettingsForm {
    fn of(p: &app::settings::Preferences, folders: &[String]) -> SettingsForm {
        SettingsForm {
            voice: p.voice.then(|| "on".to_string()),
            speech_rate: coach::words::seconds(p.speech_rate),
            tempo: p.tempo.to_string(),
            rest_s: p.rest_s.to_string(),
            units: match p.units {
                Units::Metric => "metric".into(),
                Units::Imperial => "imperial".into(),
            },
            reminder: p.reminder.clone(),
            watch_folders: folders.join("\n"),
        }
    }

    fn patch(&self) -> Result<PreferencesPatch, String> {
        Ok(PreferencesPatch {
            voice: Some(ticked(&self.voice)),
            speech_rate: optional(
                &self.speech_rate,
                "The speech rate",
                "a number from 0.5 to 2",
            )?,
            tempo: optional(&self.tempo, "The tempo", "a number from 0.5 to 2")?,
            rest_s: Some(
                optional(
                    &self.rest_s,
                    "The rest between sets",
                    "a whole number of seconds from 0 to 600",
                )?
                .unwrap_or(0),
            ),
            units: Some(match filled(&self.units) {
                Some("imperial") => Units::Imperial,
                _ => Units::Metric,
            }),
            reminder: Some(self.reminder.trim().to_string()),
        })
    }
}

fn settings_page(
    state: &AppState,
    form: SettingsForm,
    saved: bool,
    error: Option<String>,
) -> SettingsPage {
    SettingsPage {
        page: layout("Settings", "settings"),
        form,
        saved,
        error,
        last_import: state
            .last_import()
            .map(|last| last.sentence(state.app().clock().zone())),
    }
}

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    let preferences = state.app().preferences().await?;
    let folders = state.app().watch_folders().await?;
    Ok(render(&settings_page(
        &state,
        SettingsForm::of(&preferences, &folders),
        false,
        None,
    )))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    Form(form): Form<SettingsForm>,
) -> PageResult {
    let result = save(&state, &form).await;
    match result {
        Ok((saved, folders)) => Ok(render(&settings_page(
            &state,
            SettingsForm::of(&saved, &folders),
            true,
            None,
        ))),
        Err(app::AppError::Invalid(message)) => Ok(refused(&settings_page(
            &state,
            form,
            false,
            Some(worded(message)),
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Checks the folders, then saves the preferences and the folders; a
/// refused value saves nothing.
async fn save(
    state: &AppState,
    form: &SettingsForm,
) -> Result<(app::settings::Preferences, Vec<String>), app::AppError> {
    let folders = app::settings::watch_folders_from_lines(&form.watch_folders)?;
    let patch = form.patch().map_err(app::AppError::Invalid)?;
    let saved = state.app().update_preferences(&patch).await?;
    state.app().set_watch_folders(&folders).await?;
    Ok((saved, folders))
}
