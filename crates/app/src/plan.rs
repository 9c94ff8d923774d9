//! Today's plan and the guided session: the prescription for a day with the
//! running advice beside it, and the timeline a player plays (the runner's
//! tempo and rest settings applied), with where to carry on when an
//! unfinished session of today is resumed.

use coach::guide::{self, Timeline};
use coach::prescribe::{PrescribedItem, Prescription};
use coach::running::{RunAdvice, RunDay};
use coach::{Assessment, PlannedItem, Session, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::settings::Preferences;
use crate::{App, AppError};

/// Today: the plan, the running advice and the habit figures.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub date: Date,
    pub prescription: Prescription,
    pub running: Vec<RunAdvice>,
    pub stats: coach::stats::Stats,
}

/// What the runner asked to play.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideRequest {
    /// One exercise (id or alias) instead of the whole plan.
    #[serde(default)]
    pub exercise: Option<String>,
}

impl GuideRequest {
    fn exercise(&self) -> Option<&str> {
        self.exercise
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
    }
}

/// A guided session, ready to play.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub date: Date,
    /// The program stage the plan comes from.
    pub stage: String,
    pub items: Vec<PrescribedItem>,
    pub timeline: Timeline,
    pub preferences: Preferences,
    /// Safety advice and running notes shown before the first set, the same
    /// as `today` shows.
    pub notes: Vec<String>,
    /// Today's unfinished session of the same kind, when there is one to
    /// carry on (browser sessions resume after a reload).
    pub session: Option<Session>,
    /// The segment to start at: after the last set already stored.
    pub resume_at: usize,
}

impl App {
    /// The one call into the coach's prescription.
    pub(crate) fn prescribe(
        &self,
        sessions: &[Session],
        assessments: &[Assessment],
        _runs: &[RunDay],
        _race: Option<Date>,
        day: Date,
    ) -> Prescription {
        coach::prescribe::prescribe(self.program(), self.library(), sessions, assessments, day)
    }

    /// Today's plan, running advice and habit figures.
    pub async fn today(&self) -> Result<Today, AppError> {
        let snapshot = self.snapshot().await?;
        Ok(Today {
            date: snapshot.today,
            prescription: snapshot.prescription.clone(),
            running: snapshot.running.clone(),
            stats: snapshot.stats.clone(),
        })
    }

    /// The plan for `day` from the whole history (today's is shared).
    pub async fn plan_for(&self, day: Date) -> Result<Prescription, AppError> {
        let snapshot = self.snapshot().await?;
        if day == snapshot.today {
            return Ok(snapshot.prescription.clone());
        }
        Ok(self.prescribe(
            &snapshot.sessions,
            &snapshot.assessments,
            &snapshot.runs,
            snapshot.race,
            day,
        ))
    }

    /// The items played for `request` on `day`: the day's plan, or one
    /// exercise as prescribed that day (its default dose when not in it).
    pub(crate) async fn items_for(
        &self,
        day: Date,
        request: &GuideRequest,
    ) -> Result<(Prescription, Vec<PrescribedItem>), AppError> {
        let plan = self.plan_for(day).await?;
        let items = match request.exercise() {
            Some(name) => {
                let exercise = self
                    .library()
                    .find(name)
                    .map_err(|e| AppError::Invalid(e.to_string()))?;
                vec![plan.item_for(exercise)]
            }
            None => plan.items.clone(),
        };
        Ok((plan, items))
    }

    /// Today's guided session for `request`, played by a `source` front end.
    pub async fn guide(&self, source: Source, request: &GuideRequest) -> Result<Guide, AppError> {
        let snapshot = self.snapshot().await?;
        let (plan, items) = self.items_for(snapshot.today, request).await?;
        let timeline = Timeline::new(&items, self.library(), snapshot.preferences.guide());
        let planned = guide::planned(&items);
        let session = snapshot
            .sessions
            .iter()
            .rev()
            .find(|s| {
                s.date == snapshot.today
                    && s.source == source
                    && source == Source::Web
                    && s.finished_at_ms.is_none()
                    && !s.sets.is_empty()
                    && if s.prescribed.is_empty() {
                        request.exercise().is_none()
                    } else {
                        s.prescribed == planned
                    }
            })
            .cloned();
        let resume_at = session.as_ref().map_or(0, |s| {
            timeline.resume_index(s.sets.iter().map(|set| set.position))
        });
        let mut notes = plan.advice.clone();
        notes.extend(snapshot.running.iter().map(|a| a.text.clone()));
        Ok(Guide {
            date: snapshot.today,
            stage: plan.stage.id,
            items,
            timeline,
            preferences: snapshot.preferences.clone(),
            notes,
            session,
            resume_at,
        })
    }
}

/// The items a stored session was played from, rebuilt from what was
/// prescribed with it (empty when that is unknown).
pub(crate) fn items_of(session: &Session, app: &App) -> Vec<PrescribedItem> {
    session
        .prescribed
        .iter()
        .map(|planned: &PlannedItem| guide::item_from_planned(planned, app.library()))
        .collect()
}
