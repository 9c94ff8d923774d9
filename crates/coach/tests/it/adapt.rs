//! Adapting a day's plan, the self-check preview and the self-check
//! protocol, through the public API.

use coach::adapt::{primer_only, shorten, without_equipment};
use coach::prescribe::what_would_change;
use coach::self_check::{SelfCheck, pain_screen};

use crate::story::{Scenario, day, run};

fn world_at(
    given: &'static [&'static str],
    today: i32,
) -> (crate::story::World, coach::Prescription) {
    run(&Scenario {
        name: "setup",
        given,
        today,
        expect: &[],
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_self_check_says_what_it_would_change_and_what_it_costs_in_minutes() {
    let (world, before) = world_at(&["days 1-3: as prescribed, RPE 5, glutes, pain 0"], 4);
    let (check_world, _) = world_at(
        &["self-check day 4: bridge left 20 right 12, pelvis drops, pain now 0"],
        4,
    );
    let assessment = &check_world.assessments[0];
    let preview = what_would_change(&world.inputs(day(4)), assessment);
    assert_eq!(preview.date, day(4));
    assert!((preview.minutes_before - before.minutes).abs() < 0.01);
    assert!(
        preview.minutes_after > 2.0 * preview.minutes_before,
        "{} → {}",
        preview.minutes_before,
        preview.minutes_after
    );
    assert!(
        preview
            .added
            .iter()
            .any(|a| a.contains("Single-leg bridge")),
        "{:?}",
        preview.added
    );
    assert!(preview.added.iter().any(|a| a.contains("Clamshell")));
    assert!(
        preview.summary.contains("min instead of"),
        "{}",
        preview.summary
    );
    assert!(
        preview
            .asks_for
            .iter()
            .any(|a| a.contains("2-3 days a week"))
    );
    // Nothing is saved: the plan without the check is unchanged.
    assert_eq!(world.plan(day(4)).items, before.items);
}

#[test]
fn a_result_that_asks_for_nothing_says_so() {
    let (world, _) = world_at(&["days 1-3: as prescribed, RPE 5, glutes, pain 0"], 4);
    let (check_world, _) = world_at(&["self-check day 4: bridge left 20 right 19"], 4);
    let preview = what_would_change(&world.inputs(day(4)), &check_world.assessments[0]);
    assert!(preview.added.is_empty() && preview.changed.is_empty());
    assert!(
        preview.summary.contains("does not change"),
        "{}",
        preview.summary
    );
}

#[test]
fn on_a_rest_day_the_preview_looks_at_the_next_session() {
    let (world, plan) = world_at(&["days 1-16: as prescribed, RPE 5, glutes, pain 0"], 17);
    assert!(plan.rest_day);
    let (check_world, _) = world_at(&["self-check day 17: pelvis drops"], 17);
    let preview = what_would_change(&world.inputs(day(17)), &check_world.assessments[0]);
    assert_eq!(preview.date, day(18));
}

#[test]
fn the_day_can_be_cut_to_the_primer_swapped_or_shortened() {
    let (world, plan) = world_at(&["days 1-12: as prescribed, RPE 5, glutes, pain 0"], 13);
    assert_eq!(plan.stage.number, 4, "banded bridge and clamshells");
    let primer = primer_only(&plan, &world.program, &world.library);
    assert!(primer.minutes < plan.minutes && primer.minutes <= 5.0);
    let plain = without_equipment(&plan, &world.library, "banded-bridge").expect("a band swap");
    assert_eq!(plain.items[0].exercise, "active-shoulder-bridge");
    assert!(plain.changes.last().unwrap().contains("needs no equipment"));
    let short = shorten(&plan, &world.library, 6.0).expect("minutes");
    assert!(short.minutes <= 6.0, "{}", short.minutes);
    assert!(short.minutes < plan.minutes);
    let err = shorten(&plan, &world.library, f64::NAN).unwrap_err();
    assert!(err.to_string().contains("minutes"), "{err}");
}

#[test]
fn the_self_check_screens_for_pain_before_any_test() {
    let check = SelfCheck::embedded().expect("protocol");
    assert!(check.pain_screen.question.contains("hurt right now"));
    assert!(!pain_screen(&check, 6).proceed);
    let bridge = check.test("single-leg-bridge").expect("bridge test");
    assert!(bridge.setup.iter().any(|s| s.contains("60 cm")));
    assert!(bridge.stop_if.len() >= 3);
}
