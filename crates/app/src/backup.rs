//! The full backup: export everything as the versioned JSON of
//! `coach::export` (lossless: sessions, self-checks, activities), and import
//! one all-or-nothing, each record checked exactly as if it had been entered
//! today (an unknown exercise, a duplicate set position, a date in 9999 or a
//! 100 MB note refuse the whole file, naming the first problem).

use coach::export::Export;
use coach::record;
use store::ImportCounts;

use crate::checks::{answers_of, check_answers};
use crate::{App, AppError};

impl App {
    /// Everything stored, as one export.
    pub async fn export(&self) -> Result<Export, AppError> {
        let sessions = self.store().sessions(None, None).await?;
        let assessments = self.store().assessments().await?;
        let activities = self
            .store()
            .activities(None, None)
            .await?
            .iter()
            .map(|stored| serde_json::to_value(&stored.activity))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                AppError::Invalid(format!("an activity cannot be written as JSON: {e}"))
            })?;
        Ok(Export::new(sessions, assessments, activities))
    }

    /// Imports a backup read from `name`: every record is checked first,
    /// then all are stored in one transaction (records already present are
    /// skipped). Nothing is stored when anything is refused.
    pub async fn import_backup(&self, name: &str, text: &str) -> Result<ImportCounts, AppError> {
        let backup = Export::from_json(name, text).map_err(|e| AppError::Invalid(e.to_string()))?;
        let clock = self.clock();
        let (today, now) = (clock.today(), clock.now_ms());
        let refuse =
            |what: String| AppError::Invalid(format!("{name}: {what}; nothing was imported"));
        for session in &backup.sessions {
            record::check_session(session, self.library(), today, now).map_err(|e| refuse(e.0))?;
        }
        for assessment in &backup.assessments {
            let when = format!("the self-check of {}", assessment.date);
            record::check_day(assessment.date, today)
                .map_err(|e| refuse(format!("{when}: {e}")))?;
            record::check_instant(&format!("{when}: its time"), assessment.taken_at_ms, now)
                .map_err(|e| refuse(format!("{when}: {e}")))?;
            check_answers(&answers_of(assessment)).map_err(|e| refuse(format!("{when}: {e}")))?;
        }
        let mut activities = Vec::with_capacity(backup.activities.len());
        for (index, value) in backup.activities.iter().enumerate() {
            let activity: runs::Activity = serde_json::from_value(value.clone())
                .map_err(|e| refuse(format!("activity {} is not valid ({e})", index + 1)))?;
            activities.push(activity);
        }
        let counts = self
            .store()
            .import(&backup.sessions, &backup.assessments, &activities)
            .await;
        self.invalidate();
        Ok(counts?)
    }
}
