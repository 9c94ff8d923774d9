//! The scenario table: histories a coach can read and what the plan must
//! then be. The language is described in `story.rs`; day 1 is Monday
//! 2 November 2026, so days 7, 14, 21 and 28 are Sundays.

use crate::story::{Scenario, run};

pub const SCENARIOS: &[Scenario] = &[
    // ---- Pain -------------------------------------------------------------
    Scenario {
        name: "pain 7/10: the plan follows the warning, not only the words",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
        ],
        today: 5,
        expect: &[
            "stage 1",
            "items: active-shoulder-bridge 1x10",
            "advice: physiotherapist",
            "pain gate: asked",
            "changes: pain of 7/10",
            "why never: third set",
            "item active-shoulder-bridge: why has after pain: 1 of 2 sets",
        ],
    },
    Scenario {
        name: "pain now 2/10 at the check-in gives the pain-free alternative",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
            "check-in day 5: pain 2",
        ],
        today: 5,
        expect: &[
            "day: pain-rest",
            "items: active-shoulder-bridge 1x10 optional",
            "item active-shoulder-bridge: focus has does not hurt",
            "pain gate: answered",
            "why: pain of 2/10 right now",
        ],
    },
    Scenario {
        name: "pain now 5/10 at the check-in: rest, no exercise",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
            "check-in day 5: pain 5",
        ],
        today: 5,
        expect: &["day: pain-rest", "no items", "why: rest today", "streak 5"],
    },
    Scenario {
        name: "pain from the last session lingered: the pain-free alternative",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 3",
            "check-in day 5: pain 0, lingered",
        ],
        today: 5,
        expect: &[
            "day: pain-rest",
            "items: active-shoulder-bridge 1x10 optional",
            "why: lingered",
        ],
    },
    Scenario {
        name: "one pain-free session after strong pain does not clear the advice",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
            "check-in day 5: pain 0",
            "day 5: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 6,
        expect: &[
            "stage 1",
            "items: active-shoulder-bridge 2x10",
            "advice: physiotherapist",
            "pain gate: asked",
            "changes: full dose is back",
        ],
    },
    Scenario {
        name: "three pain-free sessions in a row stand the gate and the advice down",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
            "days 5-7: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 8,
        expect: &[
            "no advice",
            "pain gate: none",
            "changes: stand down",
            "items: active-shoulder-bridge 2x10",
        ],
    },
    Scenario {
        name: "the dose comes back one set per pain-free session",
        given: &[
            "days 1-11: as prescribed, RPE 5, glutes, pain 0",
            "day 12: as prescribed, RPE 5, glutes, pain 3",
            "day 13: as prescribed, RPE 5, glutes, pain 2",
            "day 14: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 15,
        expect: &[
            "stage 4",
            "items: banded-bridge 2x10, clamshell 1x15",
            "changes: one set comes back (2 of 3)",
            "good sessions 0",
            "why: the count goes on once you are back at the full dose",
        ],
    },
    Scenario {
        name: "six days at 8/10: training pauses instead of repeating a drop at the floor",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "days 4-9: as prescribed, RPE 5, glutes, pain 8",
        ],
        today: 10,
        expect: &[
            "day: pain-rest",
            "no items",
            "pain gate: asked",
            "advice: physiotherapist",
            "changes: cannot drop further",
            "changes: training pauses",
            "changes never: drops to",
            "streak 10",
        ],
    },
    Scenario {
        name: "after the pause a pain-free check-in restarts at the lowest dose",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "days 4-9: as prescribed, RPE 5, glutes, pain 8",
            "check-in day 10: pain 0",
        ],
        today: 10,
        expect: &[
            "day: training",
            "items: active-shoulder-bridge 1x10",
            "changes: restarts at the lowest dose",
            "pain gate: answered",
        ],
    },
    Scenario {
        name: "mild pain on two of five sessions opens the gate without the professional advice",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 2",
            "day 5: as prescribed, RPE 5, glutes, pain 0",
            "day 6: as prescribed, RPE 5, glutes, pain 2",
        ],
        today: 7,
        expect: &["pain gate: asked", "no advice", "stage 2"],
    },
    Scenario {
        name: "pain on three of five sessions advises a professional",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "days 4-6: as prescribed, RPE 5, glutes, pain 2",
        ],
        today: 7,
        expect: &["advice: physiotherapist", "pain gate: asked"],
    },
    Scenario {
        name: "the days of a pain pause never count as days off",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "days 4-5: as prescribed, RPE 5, glutes, pain 8",
            "check-in day 15: pain 0",
            "day 15: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 16,
        expect: &[
            "changes never: welcome back",
            "changes never: starts again",
            "changes: restarts at 1 set",
            "items: active-shoulder-bridge 1x10",
        ],
    },
    Scenario {
        name: "a check-in given for another day is ignored",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 7",
            "check-in day 6: pain 6",
        ],
        today: 5,
        expect: &[
            "pain gate: asked",
            "day: training",
            "items: active-shoulder-bridge 1x10",
        ],
    },
    Scenario {
        name: "the primer done on a rest day keeps the habit but does not count toward the next stage",
        given: &[
            "days 1-16: as prescribed, RPE 5, glutes, pain 0",
            "day 17: as prescribed, everything offered, RPE 3, glutes, pain 0",
        ],
        today: 18,
        expect: &[
            "good sessions 1",
            "day: training",
            "streak 17",
            "changes: keeps the habit",
        ],
    },
    Scenario {
        name: "a session without answers older than a week is no longer asked about",
        given: &[
            "day 1: as prescribed, no answers",
            "days 2-9: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 10,
        expect: &["nothing unanswered"],
    },
    Scenario {
        name: "single-leg bridges felt in the hamstrings three times: a deeper knee bend, named",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "day 16: as prescribed, RPE 5, hamstrings, pain 0",
            "day 18: as prescribed, RPE 5, hamstrings, pain 0",
            "day 20: as prescribed, RPE 5, hamstrings, pain 0",
        ],
        today: 22,
        expect: &[
            "stage 5",
            "item single-leg-bridge: name has deep knee bend",
            "changes: felt the Single-leg bridge mostly in your hamstrings",
        ],
    },
    Scenario {
        name: "pain at a single-leg stage: the pain-free alternative is the gentlest work",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "check-in day 16: pain 2",
        ],
        today: 16,
        expect: &[
            "day: pain-rest",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
        ],
    },
    // ---- Races and runs ---------------------------------------------------
    Scenario {
        name: "race week: a set less in the items and nothing new",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "race: day 12",
        ],
        today: 7,
        expect: &[
            "day: race-week",
            "items: active-shoulder-bridge 2x10",
            "running: race is in 5 days",
            "running never: skip strength",
        ],
    },
    Scenario {
        name: "race week adds nothing new from a self-check",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "race: day 12",
            "self-check day 5: bridge left 20 right 12, pelvis drops",
        ],
        today: 7,
        expect: &["items never: single-leg-bridge", "items never: clamshell"],
    },
    Scenario {
        name: "two days before the race: only the optional primer",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "race: day 12",
        ],
        today: 10,
        expect: &[
            "day: pre-race",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
            "running: race is in 2 days",
            "minutes at most 5",
        ],
    },
    Scenario {
        name: "race day: at most the primer",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "race: day 12",
        ],
        today: 12,
        expect: &[
            "day: race-day",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
            "running: race day",
        ],
    },
    Scenario {
        name: "the day after a 16.8 km race is light, not a full session",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "runs days 1-11 every 2: 6 km",
            "run day 12: 16.8 km",
            "race: day 12",
        ],
        today: 13,
        expect: &[
            "day: after-race",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
            "running: race day (16.8 km)",
        ],
    },
    Scenario {
        name: "the taper the plan asked for never counts as days off",
        given: &[
            "days 1-2: as prescribed, RPE 5, glutes, pain 0",
            "race: day 11",
            "day 13: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 14,
        expect: &[
            "changes never: starts again",
            "changes never: restart",
            "stage 2",
        ],
    },
    Scenario {
        name: "without a race the same break resets the count of good sessions",
        given: &[
            "days 1-2: as prescribed, RPE 5, glutes, pain 0",
            "day 13: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 14,
        expect: &["changes: starts again", "stage 1", "good sessions 1"],
    },
    Scenario {
        name: "the day after a long run is a light session",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "runs days 1-5 every 2: 6 km",
            "run day 6: 16 km",
        ],
        today: 7,
        expect: &[
            "day: after-hard-run",
            "items: active-shoulder-bridge 2x10",
            "running: long (16.0 km)",
        ],
    },
    Scenario {
        name: "heavy legs at the check-in make a light day",
        given: &[
            "days 1-4: as prescribed, RPE 5, glutes, pain 0",
            "check-in day 5: pain 0, legs heavy",
        ],
        today: 5,
        expect: &[
            "day: after-hard-run",
            "items: active-shoulder-bridge 2x10",
            "running: legs feel heavy",
        ],
    },
    Scenario {
        name: "the usual long-run day holds the primer; the session moves",
        given: &[
            "days 1-20: as prescribed, RPE 5, glutes, pain 0",
            "runs days 2-27 every 2: 6 km",
            "runs days 7-21 every 7: 16 km",
        ],
        today: 28,
        expect: &[
            "day: before-long-run",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
            "running: Sunday is usually your long run",
        ],
    },
    Scenario {
        name: "running without strength work brings a nudge",
        given: &["runs days 1-13 every 3: 8 km"],
        today: 14,
        expect: &["running: without any strength work", "day: training"],
    },
    // ---- Felt in the wrong place -------------------------------------------
    Scenario {
        name: "hamstrings twice: the exercise's own fix, named",
        given: &["days 1-2: as prescribed, RPE 5, hamstrings, pain 0"],
        today: 3,
        expect: &[
            "item active-shoulder-bridge: focus has closer",
            "changes: In the Active Shoulder Bridge (glute bridge) you felt it mostly in your hamstrings",
        ],
    },
    Scenario {
        name: "hamstrings three times running: the variant changes, with the reason",
        given: &["days 1-3: as prescribed, RPE 5, hamstrings, pain 0"],
        today: 4,
        expect: &[
            "stage 1",
            "item active-shoulder-bridge: variant",
            "item active-shoulder-bridge: name has feet closer, hands on the glutes",
            "item active-shoulder-bridge: why has Lehecka",
            "changes: so the way you do it changes",
            "no advice",
        ],
    },
    Scenario {
        name: "hamstrings five times: film a set or use the camera count",
        given: &["days 1-5: as prescribed, RPE 5, hamstrings, pain 0"],
        today: 6,
        expect: &["advice: film one set", "advice: live count"],
    },
    Scenario {
        name: "hamstrings thirteen days: a professional, never the same cue forever",
        given: &["days 1-13: as prescribed, RPE 5, hamstrings, pain 0"],
        today: 14,
        expect: &[
            "advice: physiotherapist or coach who can watch",
            "item active-shoulder-bridge: variant",
            "why never: feel them in your glutes",
            "item active-shoulder-bridge: why never feel them in your glutes",
        ],
    },
    Scenario {
        name: "low back three times: pelvic tilt first and a lower top",
        given: &["days 1-3: as prescribed, RPE 5, low-back, pain 0"],
        today: 4,
        expect: &[
            "item active-shoulder-bridge: name has back flat first",
            "item active-shoulder-bridge: focus has tucking your tailbone",
        ],
    },
    Scenario {
        name: "felt in the glutes with the variant: keep it",
        given: &[
            "days 1-3: as prescribed, RPE 5, hamstrings, pain 0",
            "day 4: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 5,
        expect: &[
            "item active-shoulder-bridge: variant",
            "changes: keep doing",
            "good sessions 1",
        ],
    },
    // ---- Left and right ----------------------------------------------------
    Scenario {
        name: "single-leg bridges 3x4 right against 3x8 left: right first, reps matched, an extra set",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "day 16: single-leg-bridge left 3x8 right 3x4 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
            "day 18: single-leg-bridge left 3x8 right 3x4 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
        ],
        today: 20,
        expect: &[
            "stage 5",
            "item single-leg-bridge: starts right",
            "item single-leg-bridge: reps 4",
            "extra set: single-leg-bridge right",
            "asymmetry: right 50",
            "changes: right side managed 4 reps",
            "changes never: not every set",
        ],
    },
    Scenario {
        name: "the left/right gap is a headline number with its trend",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "day 16: single-leg-bridge left 3x8 right 3x4 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
            "day 18: single-leg-bridge left 3x8 right 3x6 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
        ],
        today: 20,
        expect: &[
            "asymmetry: right 25",
            "asymmetry text: Trend: 50 % → 25 %",
            "item single-leg-bridge: reps 6",
            "no extra set",
        ],
    },
    Scenario {
        name: "a side that manages under half the dose steps to the easier exercise",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "day 16: single-leg-bridge left 3x8 right 3x2 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
        ],
        today: 18,
        expect: &[
            "items never: single-leg-bridge",
            "item marching-bridge: starts right",
            "item marching-bridge: why has under half",
        ],
    },
    Scenario {
        name: "sides close again: the full dose for both",
        given: &[
            "days 1-15: as prescribed, RPE 5, glutes, pain 0",
            "day 16: single-leg-bridge left 3x8 right 3x4 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
            "day 18: single-leg-bridge left 3x8 right 3x8 + side-plank 2x1 + bird-dog 2x8, RPE 6, glutes, pain 0",
        ],
        today: 20,
        expect: &[
            "item single-leg-bridge: reps 8",
            "no extra set",
            "changes: both sides do the full dose again",
            "asymmetry: left 0",
        ],
    },
    Scenario {
        name: "a self-check asymmetry at a daily stage adds single-leg bridges, not on consecutive days",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "self-check day 4: bridge left 20 right 12",
            "day 4: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 5,
        expect: &[
            "items never: single-leg-bridge",
            "why: not today",
            "asymmetry: right 40",
        ],
    },
    Scenario {
        name: "... and the day after, they are back, weaker side first",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "self-check day 4: bridge left 20 right 12",
            "day 4: as prescribed, RPE 5, glutes, pain 0",
            "day 5: as prescribed, RPE 5, glutes, pain 0",
        ],
        today: 6,
        expect: &[
            "item single-leg-bridge: starts right",
            "item single-leg-bridge: why has tired sooner",
        ],
    },
    Scenario {
        name: "a self-check asymmetry at the first stage is a note, not daily single-leg work",
        given: &["self-check day 1: bridge left 20 right 12"],
        today: 1,
        expect: &[
            "items: active-shoulder-bridge 2x10",
            "why: join from the next stage",
        ],
    },
    // ---- Judging what was prescribed ---------------------------------------
    Scenario {
        name: "five times the prescribed volume on day 1 gets a word and no credit",
        given: &["day 1: active-shoulder-bridge 10x10, RPE 5, glutes, pain 0"],
        today: 2,
        expect: &[
            "warning: 100 reps of the Active Shoulder Bridge (glute bridge) against 20",
            "good sessions 0",
        ],
    },
    Scenario {
        name: "an exercise six stages ahead gets a word; the planned bridge still counts",
        given: &[
            "day 1: as prescribed, RPE 5, glutes, pain 0",
            "day 1: hip-thrust 3x10, RPE 7, glutes, pain 0",
        ],
        today: 2,
        expect: &["warning: hip thrust belongs to stage 7", "good sessions 1"],
    },
    Scenario {
        name: "an extra clamshell felt in the quads does not block a perfect bridge session",
        given: &[
            "days 1-3: as prescribed, RPE 5, glutes, pain 0",
            "day 3: clamshell 2x10, RPE 4, quads, pain 0",
        ],
        today: 4,
        expect: &[
            "stage 2",
            "warning: In the Clamshell (an extra",
            "changes never: no step up",
            "item active-shoulder-bridge: no focus",
        ],
    },
    Scenario {
        name: "a session is judged against what it was prescribed, even after a backfill",
        given: &[
            "days 2-4: as prescribed, RPE 5, glutes, pain 0",
            "backfilled day 1: active-shoulder-bridge 2x10, RPE 5, glutes, pain 0",
        ],
        today: 5,
        expect: &["changes never: not every set", "stage 2"],
    },
    Scenario {
        name: "an old session with nothing kept is judged against the replayed plan",
        given: &[
            "days 2-4: as prescribed, RPE 5, glutes, pain 0, nothing kept",
            "backfilled day 1: active-shoulder-bridge 2x10, RPE 5, glutes, pain 0",
        ],
        today: 5,
        expect: &["changes: not every set of the Active Shoulder Bridge"],
    },
    Scenario {
        name: "a session saved without answers is asked about next time",
        given: &["day 1: as prescribed, no answers"],
        today: 2,
        expect: &[
            "unanswered: day 1",
            "changes: no answers",
            "good sessions 0",
        ],
    },
    Scenario {
        name: "today's session is judged tomorrow",
        given: &["days 1-3: as prescribed, RPE 5, glutes, pain 0"],
        today: 3,
        expect: &["stage 1", "why: already trained today"],
    },
    Scenario {
        name: "hard sessions hold the stage",
        given: &["days 1-5: as prescribed, RPE 9, glutes, pain 0"],
        today: 6,
        expect: &["stage 1", "changes: RPE 9", "good sessions 0"],
    },
    Scenario {
        name: "a moderate effort neither moves up nor back",
        given: &[
            "days 1-2: as prescribed, RPE 5, glutes, pain 0",
            "day 3: as prescribed, RPE 7, glutes, pain 0",
        ],
        today: 4,
        expect: &["stage 1", "good sessions 2"],
    },
    Scenario {
        name: "unfinished sets name the exercise",
        given: &["day 1: active-shoulder-bridge 1x10, RPE 5, glutes, pain 0"],
        today: 2,
        expect: &["changes: not every set of the Active Shoulder Bridge"],
    },
    // ---- Rest days and the habit -----------------------------------------
    Scenario {
        name: "a 2-3-days-a-week stage's rest day says so, offers an optional primer and keeps the streak",
        given: &["days 1-16: as prescribed, RPE 5, glutes, pain 0"],
        today: 17,
        expect: &[
            "stage 5",
            "day: rest",
            "why: rest day",
            "items: active-shoulder-bridge 1x10 optional, clamshell 1x10 optional",
            "streak 17",
            "habit: 7 of the last 7 days",
        ],
    },
    Scenario {
        name: "the side plank reads as a hold",
        given: &["days 1-15: as prescribed, RPE 5, glutes, pain 0"],
        today: 16,
        expect: &["item side-plank: hold", "item side-plank: reps 1"],
    },
    Scenario {
        name: "the forgiving habit line counts days kept",
        given: &["days 1-5: as prescribed, RPE 5, glutes, pain 0"],
        today: 8,
        expect: &["habit: 5 of the last 7 days", "streak 0"],
    },
    Scenario {
        name: "two weeks off restart a stage lower",
        given: &["days 1-3: as prescribed, RPE 5, glutes, pain 0"],
        today: 21,
        expect: &[
            "stage 1",
            "changes: welcome back",
            "changes: our convention",
        ],
    },
];

#[test]
fn every_scenario_holds() {
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        if let Err(message) = run(scenario) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n\n{}",
        failures.len(),
        SCENARIOS.len(),
        failures.join("\n\n")
    );
}
