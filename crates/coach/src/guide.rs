//! The guided session as a timeline: today's plan unrolled into timed
//! segments (set-up, lift, squeeze at the top, lower, rest), each with one cue
//! to show or speak. The terminal and the browser both play this timeline;
//! they only differ in how they draw it and read keys.
//!
//! Timing belongs to the player, which must compute every deadline from the
//! session start (start + sum of the durations so far) on a monotonic clock,
//! so that rounding and slow redraws never accumulate into drift.

use serde::Serialize;

use crate::library::{Exercise, Library};
use crate::model::{SetRecord, Side};
use crate::prescribe::PrescribedItem;

/// What the body does during a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Get into position for a set.
    Setup,
    /// Raise (the concentric phase).
    Lift,
    /// Hold and squeeze at the top.
    Top,
    /// Lower slowly (the eccentric phase).
    Lower,
    /// Rest between sets.
    Rest,
}

impl Phase {
    /// The word shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Setup => "GET READY",
            Phase::Lift => "LIFT",
            Phase::Top => "SQUEEZE",
            Phase::Lower => "LOWER",
            Phase::Rest => "REST",
        }
    }
}

/// One timed step of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub phase: Phase,
    pub seconds: f64,
    /// Index of the prescribed item.
    pub item: usize,
    /// Set number, from 1.
    pub set: u32,
    pub sets: u32,
    pub side: Option<Side>,
    /// Rep number, from 1; 0 for set-up and rest.
    pub rep: u32,
    pub reps: u32,
    /// The one cue for this segment.
    pub cue: String,
    /// The set is complete when this segment ends.
    pub completes_set: bool,
}

/// Seconds given to get into position before each set.
pub const SETUP_SECONDS: f64 = 5.0;
/// Seconds before the first set of an exercise: time to read the set-up.
pub const FIRST_SETUP_SECONDS: f64 = 10.0;
/// Seconds to switch sides between the two halves of a per-side set.
pub const SWITCH_SIDE_SECONDS: f64 = 5.0;

/// Unrolls the plan into segments.
pub fn timeline(items: &[PrescribedItem], library: &Library) -> Vec<Segment> {
    let mut segments = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let exercise = library.get(&item.exercise);
        let sides: Vec<Option<Side>> = if item.per_side {
            let first = item.start_side.unwrap_or(Side::Left);
            vec![Some(first), Some(first.other())]
        } else {
            vec![None]
        };
        let last_item = index + 1 == items.len();
        for set in 1..=item.sets {
            for (side_index, &side) in sides.iter().enumerate() {
                let setup_cue = setup_cue(exercise, item, set, side);
                segments.push(Segment {
                    phase: Phase::Setup,
                    seconds: if side_index == 0 {
                        SETUP_SECONDS
                    } else {
                        SWITCH_SIDE_SECONDS
                    },
                    item: index,
                    set,
                    sets: item.sets,
                    side,
                    rep: 0,
                    reps: item.reps,
                    cue: setup_cue,
                    completes_set: false,
                });
                for rep in 1..=item.reps {
                    for (phase, seconds) in [
                        (Phase::Lift, item.tempo.lift_s),
                        (Phase::Top, item.tempo.top_s),
                        (Phase::Lower, item.tempo.lower_s),
                    ] {
                        if seconds <= 0.0 {
                            continue;
                        }
                        segments.push(Segment {
                            phase,
                            seconds,
                            item: index,
                            set,
                            sets: item.sets,
                            side,
                            rep,
                            reps: item.reps,
                            cue: phase_cue(exercise, item, phase, rep),
                            completes_set: false,
                        });
                    }
                    if rep == item.reps
                        && let Some(last) = segments.last_mut()
                    {
                        last.completes_set = true;
                    }
                }
            }
            let last_set = set == item.sets;
            if !(last_set && last_item) {
                segments.push(Segment {
                    phase: Phase::Rest,
                    seconds: f64::from(item.rest_s),
                    item: if last_set { index + 1 } else { index },
                    set: if last_set { 1 } else { set + 1 },
                    sets: if last_set {
                        items[index + 1].sets
                    } else {
                        item.sets
                    },
                    side: None,
                    rep: 0,
                    reps: 0,
                    cue: if last_set {
                        format!("Rest. Next: {}.", items[index + 1].name)
                    } else {
                        "Rest. Breathe, shake out your legs.".into()
                    },
                    completes_set: false,
                });
            }
        }
    }
    segments
}

fn setup_cue(
    exercise: Option<&Exercise>,
    item: &PrescribedItem,
    set: u32,
    side: Option<Side>,
) -> String {
    let side_words = side.map(|s| format!(", {s} side")).unwrap_or_default();
    if let Some(focus) = &item.focus_cue
        && set == 1
    {
        return format!("{}: set {set}{side_words}. Focus: {focus}", item.name);
    }
    let step = exercise
        .and_then(|e| e.setup.get((set as usize - 1) % e.setup.len().max(1)))
        .cloned()
        .unwrap_or_default();
    format!("{}: set {set}{side_words}. {step}", item.name)
}

fn phase_cue(exercise: Option<&Exercise>, item: &PrescribedItem, phase: Phase, rep: u32) -> String {
    if let Some(focus) = &item.focus_cue
        && phase == Phase::Lift
        && rep % 3 == 1
    {
        return focus.clone();
    }
    let Some(exercise) = exercise else {
        return phase.label().to_string();
    };
    let cues = match phase {
        Phase::Lift => &exercise.cues.lift,
        Phase::Top => &exercise.cues.top,
        Phase::Lower => &exercise.cues.lower,
        Phase::Setup | Phase::Rest => &exercise.setup,
    };
    if cues.is_empty() {
        return phase.label().to_string();
    }
    cues[(rep as usize).saturating_sub(1) % cues.len()].clone()
}

/// The set record for a set that ended (fully or early) with `reps_done` reps.
pub fn set_record(
    item: &PrescribedItem,
    position: u32,
    side: Option<Side>,
    reps_done: u32,
    completed_at_ms: i64,
) -> SetRecord {
    SetRecord {
        exercise: item.exercise.clone(),
        position,
        reps: reps_done,
        target_reps: item.reps,
        side,
        hold_s: item.tempo.top_s,
        tension_s: f64::from(reps_done) * item.tempo.rep_seconds(),
        completed_at_ms,
    }
}

/// Total seconds of the timeline at pace 1.
pub fn total_seconds(segments: &[Segment]) -> f64 {
    segments.iter().map(|s| s.seconds).sum()
}
