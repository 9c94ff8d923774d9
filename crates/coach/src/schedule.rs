//! The coming days as the plan would have them: which are training days and
//! which are rest days, and what each training day holds. Used by the
//! calendar feed.
//!
//! This is a **projection**, our convention for looking ahead: it assumes the
//! runner does every prescribed session in full on its day and answers none
//! of the end-of-session questions. Unanswered sessions neither move the
//! runner up nor down (see [`crate::prescribe`]), so the stage stays where it
//! is today and the days follow the stage's rhythm: a daily stage trains every
//! day, a 2-3-days-a-week stage alternates a training day with a rest day. The
//! real plan for a day is always [`crate::prescribe::prescribe`] on that day,
//! which may differ once real sessions and answers come in.
//!
//! The rhythm is not written a second time here: every day is asked of
//! `prescribe` itself, with the projected sessions added to the history.

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::guide;
use crate::library::Library;
use crate::model::{Feedback, Session, SetRecord, Side, Source};
use crate::prescribe::{PrescribedItem, Prescription, prescribe};
use crate::program::Program;

/// The most days projected; asking for more gives this many.
pub const MAX_DAYS: u32 = 62;

/// What a coming day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// A session is due.
    Training,
    /// A rest day of a 2-3-days-a-week stage; the items are an optional primer.
    Rest,
    /// Today, and a session is already recorded.
    Done,
}

/// One projected day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComingDay {
    pub date: Date,
    pub kind: DayKind,
    /// The name of the program stage.
    pub stage: String,
    /// The plan of the day: the session on a training day, the optional
    /// primer on a rest day, today's plan on a day already done.
    pub items: Vec<PrescribedItem>,
    /// How long the guided session of `items` takes at the normal pace.
    pub seconds: f64,
}

/// The `days` days from `today` on (today first), projected as if every
/// prescribed session were done in full (see the module documentation).
/// Sessions dated after `today` are left out of the projection.
pub fn coming(
    program: &Program,
    library: &Library,
    sessions: &[Session],
    assessments: &[Assessment],
    today: Date,
    days: u32,
) -> Vec<ComingDay> {
    let mut history: Vec<Session> = sessions
        .iter()
        .filter(|s| s.date <= today)
        .cloned()
        .collect();
    let mut out = Vec::new();
    let mut date = today;
    for _ in 0..days.min(MAX_DAYS) {
        let plan = prescribe(program, library, &history, assessments, date);
        let kind = if plan.done_today {
            DayKind::Done
        } else if plan.rest_day {
            DayKind::Rest
        } else {
            DayKind::Training
        };
        if kind == DayKind::Training {
            history.push(followed(&plan));
        }
        out.push(ComingDay {
            date,
            kind,
            stage: plan.stage.name.clone(),
            seconds: guide::Timeline::new(&plan.items, library, guide::GuideSettings::default())
                .total_seconds,
            items: plan.items,
        });
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    out
}

/// The session of a runner who did `plan` in full and answered nothing.
fn followed(plan: &Prescription) -> Session {
    let mut sets = Vec::new();
    for item in &plan.items {
        let sides: &[Option<Side>] = if item.per_side {
            &[Some(Side::Left), Some(Side::Right)]
        } else {
            &[None]
        };
        for _ in 0..item.sets {
            for side in sides {
                sets.push(SetRecord {
                    exercise: item.exercise.clone(),
                    position: sets.len() as u32 + 1,
                    reps: item.reps,
                    target_reps: item.reps,
                    side: *side,
                    hold_s: item.hold_s,
                    tension_s: f64::from(item.reps) * item.tempo.rep_seconds(),
                    completed_at_ms: 0,
                });
            }
        }
    }
    Session {
        id: 0,
        date: plan.date,
        source: Source::Log,
        started_at_ms: 0,
        finished_at_ms: None,
        stage: Some(plan.stage.id.clone()),
        feedback: Feedback::default(),
        note: None,
        prescribed: Vec::new(),
        sets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Felt;
    use jiff::civil::date;

    fn fixtures() -> (Program, Library) {
        let library = Library::embedded().unwrap();
        let program = Program::embedded(&library).unwrap();
        (program, library)
    }

    /// A program whose only stage is done 2-3 days a week.
    fn three_per_week(library: &Library) -> Program {
        let text = r#"
            id = "test"
            name = "Test"
            summary = "One stage, three days a week."
            [[stage]]
            id = "only"
            name = "Only"
            frequency = "three-per-week"
            good_sessions_to_advance = 0
            why = "Test."
            [[stage.item]]
            exercise = "active-shoulder-bridge"
            sets = 3
            reps = 10
        "#;
        Program::from_toml(text, library).unwrap()
    }

    #[test]
    fn a_daily_stage_trains_every_day_and_the_stage_holds() {
        let (program, library) = fixtures();
        let days = coming(&program, &library, &[], &[], date(2026, 3, 1), 14);
        assert_eq!(days.len(), 14);
        assert!(days.iter().all(|d| d.kind == DayKind::Training));
        assert!(days.iter().all(|d| d.stage == program.stages[0].name));
        assert_eq!(days[13].date, date(2026, 3, 14));
        assert_eq!((days[0].items[0].sets, days[0].items[0].reps), (2, 10));
        assert!(days[0].seconds > 60.0, "{}", days[0].seconds);
    }

    #[test]
    fn a_three_days_a_week_stage_alternates_with_rest_days() {
        let library = Library::embedded().unwrap();
        let program = three_per_week(&library);
        let days = coming(&program, &library, &[], &[], date(2026, 3, 2), 7);
        let kinds: Vec<DayKind> = days.iter().map(|d| d.kind).collect();
        use DayKind::{Rest, Training};
        assert_eq!(
            kinds,
            [Training, Rest, Training, Rest, Training, Rest, Training]
        );
        // A rest day offers the optional primer, not the session.
        assert_eq!(days[1].items[0].sets, 1);
        assert_eq!(days[0].items[0].sets, 3);
    }

    #[test]
    fn a_session_done_today_marks_today_done_and_tomorrow_follows_from_it() {
        let library = Library::embedded().unwrap();
        let program = three_per_week(&library);
        let today = date(2026, 3, 2);
        let plan = prescribe(&program, &library, &[], &[], today);
        let mut done = followed(&plan);
        done.feedback = Feedback {
            rpe: Some(5),
            felt: Some(Felt::Glutes),
            pain: Some(0),
        };
        let future = Session {
            date: date(2026, 3, 3),
            ..done.clone()
        };
        let days = coming(&program, &library, &[done, future], &[], today, 3);
        assert_eq!(days[0].kind, DayKind::Done);
        assert_eq!(
            days[1].kind,
            DayKind::Rest,
            "the session dated tomorrow is ignored"
        );
        assert_eq!(days[2].kind, DayKind::Training);
    }

    #[test]
    fn the_projection_is_bounded() {
        let (program, library) = fixtures();
        let days = coming(&program, &library, &[], &[], date(2026, 3, 1), 10_000);
        assert_eq!(days.len(), MAX_DAYS as usize);
        assert!(coming(&program, &library, &[], &[], date(2026, 3, 1), 0).is_empty());
    }
}
