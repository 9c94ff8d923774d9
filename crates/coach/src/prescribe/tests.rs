//! Unit tests of the prescription: progression, pain, faults, gaps.

use super::*;
use crate::assessment::{Assessment, Stance};
use crate::library::{Frequency, Library};
use crate::model::{Feedback, Felt, Session, SetRecord, Side, Source, days_between};
use crate::program::Program;
use jiff::ToSpan;
use jiff::civil::{Date, date};

fn plan_for(
    program: &Program,
    library: &Library,
    sessions: &[Session],
    assessments: &[Assessment],
    today: Date,
) -> Prescription {
    prescribe(&PlanInputs {
        program,
        library,
        sessions,
        assessments,
        runs: &[],
        race: None,
        today,
        check_in: None,
    })
}

fn plan_with(
    program: &Program,
    library: &Library,
    sessions: &[Session],
    today: Date,
    check_in: &CheckIn,
) -> Prescription {
    prescribe(&PlanInputs {
        program,
        library,
        sessions,
        assessments: &[],
        runs: &[],
        race: None,
        today,
        check_in: Some(check_in),
    })
}

fn fixtures() -> (Program, Library) {
    let library = Library::embedded().unwrap();
    let program = Program::embedded(&library).unwrap();
    (program, library)
}

/// A session doing exactly what `plan` prescribed, with these answers.
fn session_from(plan: &Prescription, rpe: u8, felt: Felt, pain: u8) -> Session {
    let mut sets = Vec::new();
    for item in &plan.items {
        for _ in 0..item.sets {
            let sides: &[Option<Side>] = if item.per_side {
                &[Some(Side::Left), Some(Side::Right)]
            } else {
                &[None]
            };
            for side in sides {
                sets.push(SetRecord {
                    exercise: item.exercise.clone(),
                    position: sets.len() as u32 + 1,
                    reps: item.reps,
                    target_reps: item.reps,
                    side: *side,
                    hold_s: item.hold_s,
                    tension_s: 60.0,
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
        finished_at_ms: Some(0),
        stage: Some(plan.stage.id.clone()),
        feedback: Feedback {
            rpe: Some(rpe),
            felt: Some(felt),
            pain: Some(pain),
        },
        note: None,
        prescribed: Vec::new(),
        sets,
    }
}

/// Follows the plan every day (or as the stage allows) with the same answers.
fn follow(days: i32, start: Date, rpe: u8, felt: Felt, pain: u8) -> (Vec<Session>, Prescription) {
    let (program, library) = fixtures();
    let mut history = Vec::new();
    for offset in 0..days {
        let day = start.checked_add(offset.days()).unwrap();
        let plan = plan_for(&program, &library, &history, &[], day);
        if plan.rest_day {
            continue;
        }
        history.push(session_from(&plan, rpe, felt, pain));
    }
    let next = start.checked_add(days.days()).unwrap();
    let plan = plan_for(&program, &library, &history, &[], next);
    (history, plan)
}

#[test]
fn a_new_runner_gets_the_original_bridge_prescription() {
    let (program, library) = fixtures();
    let plan = plan_for(&program, &library, &[], &[], date(2026, 11, 26));
    assert_eq!(plan.items.len(), 1);
    let item = &plan.items[0];
    assert_eq!(item.exercise, "active-shoulder-bridge");
    assert_eq!((item.sets, item.reps), (2, 10));
    assert!(!item.why.is_empty() && !plan.why.is_empty());
    assert_eq!(plan.stage.number, 1);
    assert!(!plan.rest_day && !plan.done_today);
}

#[test]
fn easy_glute_felt_pain_free_days_progress_to_three_sets() {
    let (_, plan) = follow(3, date(2026, 11, 1), 5, Felt::Glutes, 0);
    assert_eq!(plan.stage.id, "bridge-3x10");
    assert_eq!(plan.items[0].sets, 3);
    assert!(
        plan.changes.iter().any(|c| c.contains("move up")),
        "{:?}",
        plan.changes
    );
}

#[test]
fn a_long_run_of_good_days_climbs_the_ladder_and_moves_to_three_days_a_week() {
    let (history, plan) = follow(60, date(2026, 1, 1), 5, Felt::Glutes, 0);
    assert!(plan.stage.number >= 5, "stage {}", plan.stage.number);
    assert_eq!(plan.stage.frequency, Frequency::ThreePerWeek);
    // On a three-days-a-week stage no two training days are consecutive.
    let late: Vec<Date> = history
        .iter()
        .map(|s| s.date)
        .filter(|d| *d >= date(2026, 2, 15))
        .collect();
    assert!(
        late.windows(2).all(|w| days_between(w[0], w[1]) >= 2),
        "{late:?}"
    );
}

#[test]
fn pain_stops_progression_lowers_the_dose_and_says_why() {
    let (program, library) = fixtures();
    let (mut history, _) = follow(2, date(2026, 11, 1), 5, Felt::Glutes, 0);
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 3));
    history.push(session_from(&plan, 5, Felt::Glutes, 3));
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 4));
    assert_eq!(plan.stage.number, 1, "pain must not progress");
    assert_eq!(plan.items[0].sets, 1, "one set less after pain");
    assert!(
        plan.changes.iter().any(|c| c.contains("pain of 3/10")),
        "{:?}",
        plan.changes
    );
    assert!(plan.why.contains("0 of 3"), "{}", plan.why);
    assert!(plan.advice.is_empty());
    // One pain-free day restores the dose.
    history.push(session_from(&plan, 5, Felt::Glutes, 0));
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 5));
    assert_eq!(plan.items[0].sets, 2);
}

#[test]
fn strong_or_repeated_pain_advises_a_professional_and_steps_back() {
    let (program, library) = fixtures();
    let (mut history, plan) = follow(3, date(2026, 11, 1), 5, Felt::Glutes, 0);
    assert_eq!(plan.stage.number, 2);
    history.push(session_from(&plan, 5, Felt::Glutes, 7));
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 5));
    assert_eq!(plan.stage.number, 1);
    assert!(!plan.advice.is_empty());
    let (_, plan) = follow(5, date(2026, 11, 1), 5, Felt::Glutes, 2);
    assert_eq!(plan.stage.number, 1);
    assert!(!plan.advice.is_empty(), "pain on 3 of 5 days");
}

#[test]
fn felt_in_the_hamstrings_gives_a_cue_then_a_changed_variant_not_a_step_back() {
    let (program, library) = fixtures();
    let (mut history, plan) = follow(3, date(2026, 11, 1), 5, Felt::Glutes, 0);
    assert_eq!(plan.stage.number, 2);
    let mut plan = plan;
    for _ in 0..2 {
        history.push(session_from(&plan, 5, Felt::Hamstrings, 0));
        let next = plan.date.tomorrow().unwrap();
        plan = plan_for(&program, &library, &history, &[], next);
        assert_eq!(plan.stage.number, 2);
        assert!(plan.items[0].focus_cue.is_some(), "a cue change");
        assert!(plan.changes[0].contains("hamstrings"));
        assert!(
            plan.changes[0].contains("Active Shoulder Bridge"),
            "names the exercise"
        );
    }
    history.push(session_from(&plan, 5, Felt::Hamstrings, 0));
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 7));
    assert_eq!(
        plan.stage.number, 2,
        "the stage stays; the exercise changes"
    );
    assert!(plan.items[0].variant.is_some(), "{:?}", plan.items[0]);
    assert!(plan.items[0].name.contains("feet closer"));
    assert!(plan.changes[0].contains("changes"), "{:?}", plan.changes);
    assert!(!plan.items[0].why.contains("feel them in your glutes"));
}

#[test]
fn short_gaps_change_nothing_and_long_gaps_restart_gently() {
    let (program, library) = fixtures();
    let (history, plan) = follow(3, date(2026, 11, 1), 5, Felt::Glutes, 0);
    assert_eq!(plan.stage.number, 2);
    let after_week = plan_for(&program, &library, &history, &[], date(2026, 11, 10));
    assert_eq!(after_week.stage.number, 2);
    assert!(after_week.changes.iter().any(|c| c.contains("move up")));
    let after_three_weeks = plan_for(&program, &library, &history, &[], date(2026, 11, 24));
    assert_eq!(after_three_weeks.stage.number, 1);
    assert!(after_three_weeks.changes[0].contains("Welcome back"));
}

#[test]
fn hard_sessions_hold_the_stage() {
    let (_, plan) = follow(6, date(2026, 11, 1), 9, Felt::Glutes, 0);
    assert_eq!(plan.stage.number, 1);
    assert!(plan.changes[0].contains("RPE 9"));
}

#[test]
fn todays_session_is_judged_tomorrow() {
    let (program, library) = fixtures();
    let (mut history, _) = follow(2, date(2026, 11, 1), 5, Felt::Glutes, 0);
    let plan = plan_for(&program, &library, &history, &[], date(2026, 11, 3));
    history.push(session_from(&plan, 5, Felt::Glutes, 0));
    let same_day = plan_for(&program, &library, &history, &[], date(2026, 11, 3));
    assert!(same_day.done_today);
    assert_eq!(same_day.stage.number, 1);
    let next_day = plan_for(&program, &library, &history, &[], date(2026, 11, 4));
    assert_eq!(next_day.stage.number, 2);
}

#[test]
fn a_large_left_right_difference_adds_single_leg_work_early() {
    use crate::assessment::{GluteFeel, PerSide, Questionnaire};
    let (program, library) = fixtures();
    let (history, _) = follow(3, date(2026, 11, 1), 5, Felt::Glutes, 0);
    let assessment = Assessment {
        id: 0,
        date: date(2026, 11, 4),
        taken_at_ms: 1,
        pain_now: Some(0),
        questionnaire: Questionnaire {
            sitting_hours_per_day: 9.0,
            runs_per_week: 4,
            cross_training: false,
            past_overuse_injuries: vec![],
            can_feel_glutes: GluteFeel::Sometimes,
        },
        single_leg_bridge_reps: PerSide {
            left: Some(12),
            right: Some(20),
        },
        single_leg_squat: PerSide::default(),
        trendelenburg: PerSide {
            left: Some(Stance::Drops),
            right: Some(Stance::Level),
        },
        note: None,
    };
    assert_eq!(
        crate::assessment::weaker_side(&assessment),
        Some(Side::Left)
    );
    let plan = plan_for(
        &program,
        &library,
        &history,
        &[assessment],
        date(2026, 11, 4),
    );
    let single = plan
        .items
        .iter()
        .find(|i| i.exercise == "single-leg-bridge")
        .expect("added early");
    assert_eq!(single.start_side, Some(Side::Left));
    assert!(single.why.contains("not a diagnosis"));
    assert!(plan.items.iter().any(|i| i.exercise == "clamshell"));
}

proptest::proptest! {
    #[test]
    fn progression_stays_on_the_ladder_and_never_rises_after_pain(
        answers in proptest::collection::vec((1u8..=10, 0usize..6, 0u8..=10, 0i32..4), 1..40)
    ) {
        let (program, library) = fixtures();
        let mut history: Vec<Session> = Vec::new();
        let mut day = date(2026, 1, 1);
        for (rpe, felt, pain, gap) in answers {
            let mut plan = plan_for(&program, &library, &history, &[], day);
            if plan.pain_gate.as_ref().is_some_and(|g| !g.answered) {
                // The front end asks before the first set; this runner is pain-free now.
                let check_in = CheckIn { date: day, taken_at_ms: 0, pain_now: 0, pain_lingered: None, legs_heavy: false };
                plan = plan_with(&program, &library, &history, day, &check_in);
                proptest::prop_assert!(plan.pain_gate.as_ref().is_some_and(|g| g.answered));
            }
            proptest::prop_assert!(plan.stage.number >= 1 && plan.stage.number <= program.stages.len());
            proptest::prop_assert!(!plan.items.is_empty(), "only a pain rest day may be empty: {:?}", plan.day);
            proptest::prop_assert!(plan.items.iter().all(|i| i.sets >= 1 && i.reps >= 1));
            proptest::prop_assert_eq!(plan.rest_day, plan.day.is_rest());
            if plan.day.is_rest() {
                proptest::prop_assert!(plan.items.iter().all(|i| i.optional));
            }
            let stage = &program.stages[plan.stage.number - 1];
            for item in plan.items.iter().filter(|i| !i.optional) {
                if let Some(full) = stage.items.iter().find(|s| s.exercise == item.exercise) {
                    proptest::prop_assert!(item.sets <= full.sets, "never above the stage's dose");
                }
            }
            history.push(session_from(&plan, rpe, Felt::ALL[felt], pain));
            let next = day.checked_add((1 + gap).days()).unwrap();
            let after = plan_for(&program, &library, &history, &[], next);
            if pain > 0 {
                proptest::prop_assert!(after.stage.number <= plan.stage.number);
                let said = format!("pain of {pain}/10");
                proptest::prop_assert!(after.changes.iter().any(|c| c.contains(&said)), "{:?}", after.changes);
            }
            if pain >= crate::rules::STEP_BACK_PAIN && plan.items.iter().any(|i| !i.optional) {
                proptest::prop_assert!(after.pain_gate.is_some(), "strong pain puts the work behind the gate");
            }
            day = next;
        }
    }
}
