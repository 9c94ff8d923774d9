//! Today's plan and the guided session: the prescription for a day (with the
//! running advice in it), the check-in before the first set that the plan
//! may ask for, adapting the day (primer only, a swap for an exercise that
//! needs no equipment, a shorter session), and the timeline a player plays
//! (the runner's tempo and rest settings applied), with where to carry on
//! when an unfinished session of today is resumed.

use coach::guide::{self, Timeline};
use coach::prescribe::{
    CheckIn, DayKind, PainGate, PlanInputs, PrescribedItem, Prescription, Unanswered,
};
use coach::{PlannedItem, Session, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::settings::Preferences;
use crate::{App, AppError};

/// Today: the plan (with its running advice) and the habit figures.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub date: Date,
    pub prescription: Prescription,
    pub stats: coach::stats::Stats,
}

/// What the runner asked to play: the day's plan, or one exercise, adapted
/// on the day if they asked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuideRequest {
    /// One exercise (id or alias) instead of the whole plan.
    pub exercise: Option<String>,
    /// Only the short activation primer.
    pub primer: bool,
    /// An exercise (id or alias) to swap for its equivalent without equipment.
    pub swap: Option<String>,
    /// Fit the session into this many minutes.
    pub minutes: Option<f64>,
}

fn filled(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|e| !e.is_empty())
}

impl GuideRequest {
    fn exercise(&self) -> Option<&str> {
        filled(self.exercise.as_deref())
    }

    fn swap(&self) -> Option<&str> {
        filled(self.swap.as_deref())
    }

    /// Whether the day's plan is changed from what the coach prescribed.
    pub fn adapts(&self) -> bool {
        self.primer || self.swap().is_some() || self.minutes.is_some()
    }
}

/// The answers to the check-in before the first set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInAnswers {
    /// Pain anywhere in the hips, legs or back right now, 0 to 10.
    pub pain_now: u8,
    /// Pain from the last session was still there, or worse, the next
    /// morning.
    #[serde(default)]
    pub pain_lingered: Option<bool>,
    /// The legs feel heavy or sore from running.
    #[serde(default)]
    pub legs_heavy: bool,
}

/// A guided session, ready to play.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub date: Date,
    /// The program stage the plan comes from.
    pub stage: String,
    /// What kind of day the plan makes today.
    pub day: DayKind,
    pub items: Vec<PrescribedItem>,
    pub timeline: Timeline,
    pub preferences: Preferences,
    /// The questions to ask before the first set, when the plan asks them
    /// and they are not answered yet.
    pub pain_gate: Option<PainGate>,
    /// Safety advice, warnings, what changed and the running notes, shown
    /// before the first set: the same as `today` shows.
    pub notes: Vec<String>,
    /// The last session still waiting for its answers.
    pub unanswered: Option<Unanswered>,
    /// Today's unfinished session of the same kind, when there is one to
    /// carry on (browser sessions resume after a reload).
    pub session: Option<Session>,
    /// The segment to start at: after the last set already stored.
    pub resume_at: usize,
}

impl App {
    /// Today's plan and habit figures.
    pub async fn today(&self) -> Result<Today, AppError> {
        let snapshot = self.snapshot().await?;
        Ok(Today {
            date: snapshot.today,
            prescription: snapshot.prescription.clone(),
            stats: snapshot.stats.clone(),
        })
    }

    /// The plan for `day` from the whole history and that day's check-in
    /// (today's is shared).
    pub async fn plan_for(&self, day: Date) -> Result<Prescription, AppError> {
        let snapshot = self.snapshot().await?;
        if day == snapshot.today {
            return Ok(snapshot.prescription.clone());
        }
        let check_in = self.store().check_ins(Some(day), Some(day)).await?.pop();
        Ok(coach::prescribe::prescribe(&PlanInputs {
            today: day,
            check_in: check_in.as_ref(),
            ..self.plan_inputs(&snapshot)
        }))
    }

    /// Stores today's check-in and returns the plan that follows it.
    pub async fn check_in(&self, answers: CheckInAnswers) -> Result<Prescription, AppError> {
        let clock = self.clock();
        let check_in = CheckIn {
            date: clock.today(),
            taken_at_ms: clock.now_ms(),
            pain_now: answers.pain_now,
            pain_lingered: answers.pain_lingered,
            legs_heavy: answers.legs_heavy,
        };
        check_in.validate()?;
        let stored = self.store().add_check_in(&check_in).await;
        self.invalidate();
        stored?;
        Ok(self.snapshot().await?.prescription.clone())
    }

    /// The day's plan adapted as `request` asks, and the items played: the
    /// whole plan, or one exercise as prescribed that day (its default dose
    /// when not in it).
    pub(crate) async fn items_for(
        &self,
        day: Date,
        request: &GuideRequest,
    ) -> Result<(Prescription, Vec<PrescribedItem>), AppError> {
        let mut plan = self.plan_for(day).await?;
        let adapt_error = |e: coach::adapt::AdaptError| AppError::Invalid(e.to_string());
        if request.primer {
            plan = coach::adapt::primer_only(&plan, self.program(), self.library());
        }
        if let Some(name) = request.swap() {
            let exercise = self
                .library()
                .find(name)
                .map_err(|e| AppError::Invalid(e.to_string()))?;
            plan = coach::adapt::without_equipment(&plan, self.library(), &exercise.id)
                .map_err(adapt_error)?;
        }
        if let Some(minutes) = request.minutes {
            plan = coach::adapt::shorten(&plan, self.library(), minutes).map_err(adapt_error)?;
        }
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
                        request.exercise().is_none() && !request.adapts()
                    } else {
                        s.prescribed == planned
                    }
            })
            .cloned();
        let resume_at = session.as_ref().map_or(0, |s| {
            timeline.resume_index(s.sets.iter().map(|set| set.position))
        });
        Ok(Guide {
            date: snapshot.today,
            stage: plan.stage.id.clone(),
            day: plan.day,
            items,
            timeline,
            preferences: snapshot.preferences.clone(),
            pain_gate: plan.pain_gate.clone().filter(|gate| !gate.answered),
            notes: notes(&plan),
            unanswered: plan.unanswered.clone(),
            session,
            resume_at,
        })
    }
}

/// What to read before the first set: the safety advice, the warnings,
/// what changed and the running notes.
pub fn notes(plan: &Prescription) -> Vec<String> {
    plan.advice
        .iter()
        .chain(&plan.warnings)
        .chain(&plan.changes)
        .cloned()
        .chain(plan.running.iter().map(|a| a.text.clone()))
        .collect()
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
