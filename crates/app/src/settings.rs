//! The runner's settings, typed and defined once: the preferences of the
//! guided session and the web app (voice, speech rate, tempo, rest, units,
//! reminder time) and the next race date. Each is kept under one store key
//! named here; nothing else reads or writes those keys.

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

use crate::AppError;
use coach::guide::{GuideSettings, MAX_REST_S, TEMPO_RANGE};

/// The store key holding [`Preferences`] as JSON.
pub const PREFERENCES_KEY: &str = "web.settings";
/// The store key holding the next race date (`YYYY-MM-DD`, or empty).
pub const RACE_DATE_KEY: &str = "race_date";

/// The store key holding the folders the web app watches for new runs
/// (a JSON array of paths).
pub const WATCH_FOLDERS_KEY: &str = "watch.folders";
/// Most folders watched at once.
pub const MAX_WATCH_FOLDERS: usize = 20;
/// Longest folder path accepted, in characters.
const MAX_FOLDER_CHARS: usize = 4096;

/// Slowest and fastest speech rates accepted.
pub const SPEECH_RATE_RANGE: std::ops::RangeInclusive<f64> = 0.5..=2.0;

/// Distances in kilometres or miles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Metric,
    Imperial,
}

/// How the runner likes the guided session and the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Speak the cues.
    pub voice: bool,
    /// Speech rate, 0.5 to 2.
    pub speech_rate: f64,
    /// Tempo scale for the guided session: 1 as prescribed, 1.25 slower.
    pub tempo: f64,
    /// Rest between sets in seconds; 0 means as prescribed.
    pub rest_s: u32,
    pub units: Units,
    /// Daily reminder time, `HH:MM`, or empty for none.
    pub reminder: String,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            voice: true,
            speech_rate: 1.0,
            tempo: 1.0,
            rest_s: 0,
            units: Units::Metric,
            reminder: String::new(),
        }
    }
}

/// A change to some preferences: fields left out keep their value. Read it
/// from JSON with [`PreferencesPatch::from_json`], which takes only an
/// object (serde's derive would also take an array, by position).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub voice: Option<bool>,
    pub speech_rate: Option<f64>,
    pub tempo: Option<f64>,
    pub rest_s: Option<u32>,
    pub units: Option<Units>,
    pub reminder: Option<String>,
}

impl PreferencesPatch {
    /// A patch from a JSON object; an array, a number or an unknown field is
    /// refused with a sentence naming it.
    pub fn from_json(value: serde_json::Value) -> Result<PreferencesPatch, AppError> {
        if !value.is_object() {
            return Err(AppError::Invalid(
                "settings must be a JSON object such as {\"tempo\": 1.25}: name each setting to change".into(),
            ));
        }
        serde_json::from_value(value)
            .map_err(|e| AppError::Invalid(format!("the settings could not be read: {e}")))
    }
}

impl Preferences {
    /// The timing the guided session plays with.
    pub fn guide(&self) -> GuideSettings {
        GuideSettings {
            tempo: self.tempo,
            rest_s: (self.rest_s > 0).then_some(self.rest_s),
        }
    }

    /// The reminder time, when one is set.
    pub fn reminder_time(&self) -> Option<Time> {
        Time::strptime("%H:%M", self.reminder.trim()).ok()
    }

    /// Reads the stored JSON; anything unreadable gives the defaults (a
    /// preference is never worth refusing to start over).
    pub fn from_stored(text: Option<&str>) -> Preferences {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }

    /// These preferences with `patch` applied, checked.
    pub fn patched(&self, patch: &PreferencesPatch) -> Result<Preferences, AppError> {
        let mut next = self.clone();
        if let Some(v) = patch.voice {
            next.voice = v;
        }
        if let Some(v) = patch.speech_rate {
            next.speech_rate = v;
        }
        if let Some(v) = patch.tempo {
            next.tempo = v;
        }
        if let Some(v) = patch.rest_s {
            next.rest_s = v;
        }
        if let Some(v) = patch.units {
            next.units = v;
        }
        if let Some(v) = &patch.reminder {
            next.reminder = v.trim().to_string();
        }
        next.check()?;
        Ok(next)
    }

    /// Checks every value; the sentence names the setting as the runner
    /// sees it.
    pub fn check(&self) -> Result<(), AppError> {
        let shown = coach::record::shown;
        if !self.speech_rate.is_finite() || !SPEECH_RATE_RANGE.contains(&self.speech_rate) {
            return Err(AppError::Invalid(format!(
                "the speech rate {} is out of range: expected 0.5 (slow) to 2 (fast)",
                shown(self.speech_rate)
            )));
        }
        if !self.tempo.is_finite() || !TEMPO_RANGE.contains(&self.tempo) {
            return Err(AppError::Invalid(format!(
                "the tempo {} is out of range: expected 0.5 (faster) to 2 (twice as slow), 1 as prescribed",
                shown(self.tempo)
            )));
        }
        if self.rest_s > MAX_REST_S {
            return Err(AppError::Invalid(format!(
                "a rest of {} s is too long: expected 0 (as prescribed) to {MAX_REST_S} seconds",
                self.rest_s
            )));
        }
        if !self.reminder.is_empty() && self.reminder_time().is_none() {
            return Err(AppError::Invalid(format!(
                "the reminder time {:?} is not a time: expected HH:MM such as 07:30, or nothing",
                self.reminder.chars().take(20).collect::<String>()
            )));
        }
        Ok(())
    }
}

/// Reads a stored race date; empty or unreadable means none.
pub fn race_from_stored(text: Option<&str>) -> Option<Date> {
    text.and_then(|t| t.trim().parse::<Date>().ok())
}

/// The folders to watch for new runs, read from text with one folder a
/// line (blank lines ignored, each trimmed). Each must exist and be a
/// folder; the first that is not is named in one sentence.
pub fn watch_folders_from_lines(text: &str) -> Result<Vec<String>, AppError> {
    let mut folders: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > MAX_FOLDER_CHARS {
            return Err(AppError::Invalid(format!(
                "a folder to watch is longer than {MAX_FOLDER_CHARS} characters: expected one folder path a line"
            )));
        }
        let shown: String = line.chars().take(200).collect();
        match std::fs::metadata(line) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(AppError::Invalid(format!(
                    "the folder to watch {shown:?} is a file: expected a folder, one a line"
                )));
            }
            Err(_) => {
                return Err(AppError::Invalid(format!(
                    "the folder to watch {shown:?} does not exist on this computer: expected an existing folder, one a line"
                )));
            }
        }
        if !folders.iter().any(|f| f == line) {
            folders.push(line.to_string());
        }
    }
    if folders.len() > MAX_WATCH_FOLDERS {
        return Err(AppError::Invalid(format!(
            "{} folders to watch are too many: expected at most {MAX_WATCH_FOLDERS}",
            folders.len()
        )));
    }
    Ok(folders)
}

impl crate::App {
    /// The folders the web app watches for new runs (none until set).
    pub async fn watch_folders(&self) -> Result<Vec<String>, AppError> {
        let text = self.store().setting(WATCH_FOLDERS_KEY).await?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    /// Saves the folders to watch, checked with
    /// [`watch_folders_from_lines`] before (nothing is saved when one is
    /// refused).
    pub async fn set_watch_folders(&self, folders: &[String]) -> Result<(), AppError> {
        let text = serde_json::to_string(folders)
            .map_err(|e| AppError::Invalid(format!("the folders cannot be written: {e}")))?;
        self.store().set_setting(WATCH_FOLDERS_KEY, &text).await?;
        Ok(())
    }

    /// The runner's preferences.
    pub async fn preferences(&self) -> Result<Preferences, AppError> {
        Ok(self.snapshot().await?.preferences.clone())
    }

    /// Applies `patch` to the stored preferences and returns the result.
    pub async fn update_preferences(
        &self,
        patch: &PreferencesPatch,
    ) -> Result<Preferences, AppError> {
        let current =
            Preferences::from_stored(self.store().setting(PREFERENCES_KEY).await?.as_deref());
        let next = current.patched(patch)?;
        let text = serde_json::to_string(&next)
            .map_err(|e| AppError::Invalid(format!("the settings cannot be written: {e}")))?;
        let saved = self.store().set_setting(PREFERENCES_KEY, &text).await;
        self.invalidate();
        saved?;
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let before = Preferences::default();
        let after = before
            .patched(&PreferencesPatch {
                tempo: Some(1.25),
                ..PreferencesPatch::default()
            })
            .unwrap();
        assert_eq!(after.tempo, 1.25);
        assert_eq!(after.voice, before.voice);
        assert_eq!(
            before.patched(&PreferencesPatch::default()).unwrap(),
            before
        );
    }

    #[test]
    fn bad_values_are_named_as_the_runner_sees_them() {
        let bad = |patch: PreferencesPatch| {
            Preferences::default()
                .patched(&patch)
                .unwrap_err()
                .to_string()
        };
        assert!(
            bad(PreferencesPatch {
                rest_s: Some(601),
                ..Default::default()
            })
            .starts_with("a rest of 601 s")
        );
        assert!(
            bad(PreferencesPatch {
                speech_rate: Some(9.0),
                ..Default::default()
            })
            .starts_with("the speech rate 9")
        );
        assert!(
            bad(PreferencesPatch {
                reminder: Some("25:99".into()),
                ..Default::default()
            })
            .contains("not a time")
        );
        assert!(
            bad(PreferencesPatch {
                tempo: Some(f64::NAN),
                ..Default::default()
            })
            .contains("tempo")
        );
    }

    #[test]
    fn arrays_and_unknown_fields_are_not_patches() {
        let parse = |text: &str| PreferencesPatch::from_json(serde_json::from_str(text).unwrap());
        assert!(
            parse("[false, 1.5]")
                .unwrap_err()
                .to_string()
                .contains("JSON object")
        );
        assert!(
            parse(r#"{"volume": 3}"#)
                .unwrap_err()
                .to_string()
                .contains("volume")
        );
        assert_eq!(parse("{}").unwrap(), PreferencesPatch::default());
    }

    #[test]
    fn folders_to_watch_must_exist_and_be_folders() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().display().to_string();
        let file = dir.path().join("a.fit");
        std::fs::write(&file, b"x").unwrap();
        let text = format!("  {folder}  \n\n{folder}\n");
        assert_eq!(
            watch_folders_from_lines(&text).unwrap(),
            vec![folder.clone()]
        );
        assert!(watch_folders_from_lines("").unwrap().is_empty());
        let missing = watch_folders_from_lines(&format!("{folder}/nope")).unwrap_err();
        assert!(missing.to_string().contains("does not exist"), "{missing}");
        let not_dir = watch_folders_from_lines(&file.display().to_string()).unwrap_err();
        assert!(not_dir.to_string().contains("is a file"), "{not_dir}");
    }

    #[test]
    fn stored_values_read_back_or_fall_back() {
        assert_eq!(
            Preferences::from_stored(Some("garbage")),
            Preferences::default()
        );
        let text = serde_json::to_string(&Preferences::default()).unwrap();
        assert_eq!(
            Preferences::from_stored(Some(&text)),
            Preferences::default()
        );
        assert_eq!(race_from_stored(Some("")), None);
        assert_eq!(
            race_from_stored(Some("2026-10-04")),
            Some(jiff::civil::date(2026, 10, 4))
        );
    }
}
