//! Self-assessments: what a check would change in the plan (said before it
//! is saved), storing a check (validated like every other input), and
//! reading the history of checks with the coach's report on them.

use coach::Assessment;
use coach::assessment::{Answers, Report};
use coach::prescribe::CheckPreview;
use coach::record;

use crate::{App, AppError};

impl App {
    /// Stores a self-check taken now and returns it with its id.
    pub async fn save_check(&self, answers: Answers) -> Result<Assessment, AppError> {
        check_answers(&answers)?;
        let clock = self.clock();
        let mut assessment = answers.into_assessment(clock.today(), clock.now_ms());
        let id = self.store().add_assessment(&assessment).await;
        self.invalidate();
        assessment.id = id?;
        Ok(assessment)
    }

    /// What these answers would change in the next training session, before
    /// anything is saved.
    pub async fn preview_check(&self, answers: &Answers) -> Result<CheckPreview, AppError> {
        check_answers(answers)?;
        let snapshot = self.snapshot().await?;
        let clock = self.clock();
        let assessment = answers
            .clone()
            .into_assessment(snapshot.today, clock.now_ms());
        let inputs = self.plan_inputs(&snapshot);
        Ok(coach::prescribe::what_would_change(&inputs, &assessment))
    }

    /// Every self-check, oldest first, and the report on the latest.
    pub async fn checks(&self) -> Result<(Vec<Assessment>, Option<Report>), AppError> {
        let snapshot = self.snapshot().await?;
        Ok((
            snapshot.assessments.clone(),
            coach::assessment::report(&snapshot.assessments),
        ))
    }
}

/// The checks every self-check passes, from any front end or a backup.
pub(crate) fn check_answers(answers: &Answers) -> Result<(), AppError> {
    answers.validate()?;
    if let Some(note) = &answers.note {
        record::check_note(note)?;
    }
    Ok(())
}

/// The answers an assessment was made from (for checking a backup).
pub(crate) fn answers_of(assessment: &Assessment) -> Answers {
    Answers {
        questionnaire: assessment.questionnaire.clone(),
        single_leg_bridge_reps: assessment.single_leg_bridge_reps,
        single_leg_squat: assessment.single_leg_squat,
        trendelenburg: assessment.trendelenburg,
        pain_now: assessment.pain_now,
        note: assessment.note.clone(),
    }
}
