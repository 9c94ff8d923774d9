//! The guided session as a timeline: today's plan unrolled into timed
//! segments (set-up, lift, squeeze at the top, lower, rest), each carrying
//! everything a player needs and nothing it has to work out for itself: the
//! phase label, the one cue to show, what to say aloud, the set it belongs
//! to, how many reps count if the runner stops there, and where a skip
//! lands. The terminal ([`crate::player`]) and the browser both play this
//! one timeline; they only differ in how they draw it and read keys.
//!
//! The runner's settings (a slower or faster tempo, a fixed rest) are applied
//! here, so every player and the recorded time under tension agree.
//!
//! A completed set is described by what was observed ([`Observed`]: which
//! set, how many reps, when, and measured timings when a camera or sensor
//! counted) and turned into the stored [`SetRecord`] by
//! [`Timeline::record`], the one place a guided set's record is built.
//!
//! A set's `position` is its place in the timeline (1 for the first set
//! played, counting both sides of a per-side set separately), so the same
//! set has the same position however often it is sent, skipped or resumed.

use serde::{Deserialize, Serialize};

use crate::library::{Exercise, Library};
use crate::model::{PlannedItem, SetRecord, Side};
use crate::prescribe::PrescribedItem;
use crate::record::{self, Invalid};

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

    /// Whether the segment is part of a repetition.
    pub fn is_rep(self) -> bool {
        matches!(self, Phase::Lift | Phase::Top | Phase::Lower)
    }
}

/// One timed step of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub phase: Phase,
    /// The phase as shown ("LIFT", "SQUEEZE", …).
    pub label: &'static str,
    /// Seconds at real time, with the runner's tempo and rest settings applied.
    pub seconds: f64,
    /// Index of the prescribed item.
    pub item: usize,
    /// Set number within the item, from 1.
    pub set: u32,
    pub sets: u32,
    pub side: Option<Side>,
    /// Rep number, from 1; 0 for set-up and rest.
    pub rep: u32,
    pub reps: u32,
    /// The one cue for this segment.
    pub cue: String,
    /// What a voice says as the segment starts; empty for nothing.
    pub spoken: String,
    /// What a screen reader announces as the segment starts.
    pub announce: String,
    /// The set this segment belongs to (its set-up and its reps); `None`
    /// for a rest.
    pub position: Option<u32>,
    /// The set is complete when this segment ends.
    pub completes_set: bool,
    /// Reps that count if the runner ends the set during this segment (the
    /// reps already finished); 0 outside a set's reps.
    pub reps_if_stopped: u32,
    /// The segment a skip during this one jumps to: past the whole set
    /// during its reps, otherwise the next segment. May equal the number of
    /// segments (the end).
    pub skip_to: usize,
}

/// One set of the timeline, as it will be recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineSet {
    pub position: u32,
    /// Index of the prescribed item.
    pub item: usize,
    pub exercise: String,
    pub side: Option<Side>,
    pub target_reps: u32,
    /// Seconds held at the top of each rep (tempo setting applied).
    pub hold_s: f64,
    /// Seconds one rep takes (tempo setting applied).
    pub rep_seconds: f64,
    /// Index of the segment that completes the set.
    pub last_segment: usize,
}

/// The runner's preferences that change the timing of a session.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GuideSettings {
    /// Scales every rep phase: 1 as prescribed, 1.25 slower, 0.8 faster.
    pub tempo: f64,
    /// Rest between sets in seconds instead of the prescribed one.
    pub rest_s: Option<u32>,
}

impl Default for GuideSettings {
    fn default() -> Self {
        GuideSettings {
            tempo: 1.0,
            rest_s: None,
        }
    }
}

/// The whole session, ready to play.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub segments: Vec<Segment>,
    pub sets: Vec<TimelineSet>,
    /// Seconds at real time.
    pub total_seconds: f64,
}

/// What a player observed when a set ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// The set's position in the timeline.
    pub position: u32,
    /// Reps done: the set's target when it played to its end, fewer when
    /// the runner skipped or stopped, or the count from a camera or sensor.
    pub reps: u32,
    /// When the set ended, Unix milliseconds.
    pub completed_at_ms: i64,
    /// The side the runner chose, for a one-sided exercise counted live
    /// (otherwise the timeline's side for the position).
    #[serde(default)]
    pub side: Option<Side>,
    /// Timings measured by the rep counter, when one counted the set.
    #[serde(default)]
    pub measured: Option<Measured>,
}

/// What a rep counter measured for one set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Reps the counter counted (the runner may confirm another number).
    pub reps: u32,
    /// Average seconds held at the top.
    pub hold_s: f64,
    /// Seconds under tension over the counted reps.
    pub tension_s: f64,
}

/// Seconds given to get into position before each set.
pub const SETUP_SECONDS: f64 = 5.0;
/// Seconds to switch sides between the two halves of a per-side set.
pub const SWITCH_SIDE_SECONDS: f64 = 5.0;
/// Slowest and fastest tempo settings accepted.
pub const TEMPO_RANGE: std::ops::RangeInclusive<f64> = 0.5..=2.0;
/// Longest rest setting accepted, seconds.
pub const MAX_REST_S: u32 = 600;

impl Timeline {
    /// Unrolls the plan into segments, with `settings` applied.
    pub fn new(items: &[PrescribedItem], library: &Library, settings: GuideSettings) -> Timeline {
        let tempo = if settings.tempo.is_finite() {
            settings
                .tempo
                .clamp(*TEMPO_RANGE.start(), *TEMPO_RANGE.end())
        } else {
            1.0
        };
        let mut segments: Vec<Segment> = Vec::new();
        let mut sets = Vec::new();
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
                    let position = sets.len() as u32 + 1;
                    let first = segments.len();
                    let setup_cue = setup_cue(exercise, item, set, side);
                    segments.push(Segment {
                        phase: Phase::Setup,
                        label: Phase::Setup.label(),
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
                        spoken: setup_cue.clone(),
                        announce: setup_cue.clone(),
                        cue: setup_cue,
                        position: Some(position),
                        completes_set: false,
                        reps_if_stopped: 0,
                        skip_to: first + 1,
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
                            let cue = phase_cue(exercise, item, phase, rep);
                            segments.push(Segment {
                                phase,
                                label: phase.label(),
                                seconds: seconds * tempo,
                                item: index,
                                set,
                                sets: item.sets,
                                side,
                                rep,
                                reps: item.reps,
                                spoken: spoken(phase, rep, &cue),
                                announce: announce(phase, rep, item.reps),
                                cue,
                                position: Some(position),
                                completes_set: false,
                                reps_if_stopped: rep - 1,
                                skip_to: 0, // set below, once the set's end is known
                            });
                        }
                    }
                    let last = segments.len() - 1;
                    segments[last].completes_set = true;
                    for segment in &mut segments[first + 1..] {
                        segment.skip_to = last + 1;
                    }
                    sets.push(TimelineSet {
                        position,
                        item: index,
                        exercise: item.exercise.clone(),
                        side,
                        target_reps: item.reps,
                        hold_s: item.tempo.top_s * tempo,
                        rep_seconds: item.tempo.rep_seconds() * tempo,
                        last_segment: last,
                    });
                }
                let last_set = set == item.sets;
                if !(last_set && last_item) {
                    let cue = if last_set {
                        format!("Rest. Next: {}.", items[index + 1].name)
                    } else {
                        "Rest. Breathe, shake out your legs.".to_string()
                    };
                    let seconds = settings
                        .rest_s
                        .filter(|s| *s > 0)
                        .map_or(item.rest_s, |s| s.min(MAX_REST_S));
                    segments.push(Segment {
                        phase: Phase::Rest,
                        label: Phase::Rest.label(),
                        seconds: f64::from(seconds),
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
                        spoken: cue.clone(),
                        announce: cue.clone(),
                        cue,
                        position: None,
                        completes_set: false,
                        reps_if_stopped: 0,
                        skip_to: segments.len() + 1,
                    });
                }
            }
        }
        let total_seconds = segments.iter().map(|s| s.seconds).sum();
        Timeline {
            segments,
            sets,
            total_seconds,
        }
    }

    /// The set at `position`.
    pub fn set(&self, position: u32) -> Option<&TimelineSet> {
        position
            .checked_sub(1)
            .and_then(|i| self.sets.get(i as usize))
    }

    /// Where to carry on when the sets at `done` positions are already
    /// stored: the segment after the last of them (0 when none).
    pub fn resume_index(&self, done: impl IntoIterator<Item = u32>) -> usize {
        done.into_iter()
            .filter_map(|p| self.set(p))
            .map(|s| s.last_segment + 1)
            .max()
            .unwrap_or(0)
    }

    /// The stored record of an observed set: the one place a guided set's
    /// record is built.
    ///
    /// Refuses a position that is not in the timeline, and more reps than
    /// the set asked for, unless a counter measured the set: a counted set
    /// may go past the plan (an extra set of the plan's last exercise) and
    /// past its target. Measured timings are kept; the time under tension
    /// is scaled to the reps the runner confirmed. A side given for a
    /// one-sided exercise replaces the timeline's.
    pub fn record(&self, observed: &Observed) -> Result<SetRecord, Invalid> {
        let counted = observed.measured.is_some();
        let set = match self.set(observed.position) {
            Some(set) => set,
            None if counted && observed.position > 0 => self
                .sets
                .last()
                .ok_or_else(|| Invalid("this session has no sets to count".to_string()))?,
            None => {
                return Err(Invalid(format!(
                    "set position {} is not in this session: expected 1 to {}",
                    observed.position,
                    self.sets.len()
                )));
            }
        };
        let most = if counted {
            record::MAX_REPS
        } else {
            set.target_reps
        };
        if observed.reps > most {
            return Err(Invalid(format!(
                "set {} has {} reps: expected at most {most}",
                observed.position, observed.reps
            )));
        }
        let side = match (observed.side, set.side) {
            (Some(chosen), Some(_)) => Some(chosen),
            (Some(_), None) => {
                return Err(Invalid(format!(
                    "set {} names a side, but {} works both legs at once",
                    observed.position, set.exercise
                )));
            }
            (None, planned) => planned,
        };
        let (hold_s, tension_s) = match observed.measured {
            Some(m) if m.reps > 0 => (
                m.hold_s,
                m.tension_s * f64::from(observed.reps) / f64::from(m.reps),
            ),
            _ => (set.hold_s, f64::from(observed.reps) * set.rep_seconds),
        };
        Ok(SetRecord {
            exercise: set.exercise.clone(),
            position: observed.position,
            reps: observed.reps,
            target_reps: set.target_reps,
            side,
            hold_s: round_tenth(hold_s),
            tension_s: round_tenth(tension_s),
            completed_at_ms: observed.completed_at_ms,
        })
    }
}

/// What was prescribed, as kept with a session: the dose it is judged
/// against and the items it can be played again from.
pub fn planned(items: &[PrescribedItem]) -> Vec<PlannedItem> {
    items
        .iter()
        .map(|item| PlannedItem {
            exercise: item.exercise.clone(),
            sets: item.sets,
            reps: item.reps,
            per_side: item.per_side,
            hold_s: item.tempo.top_s,
            start_side: item.start_side,
        })
        .collect()
}

/// The item a session was played from, rebuilt from what was kept with it
/// (the exercise's own tempo, with the prescribed hold).
pub fn item_from_planned(planned: &PlannedItem, library: &Library) -> PrescribedItem {
    let exercise = library.get(&planned.exercise);
    let mut tempo = exercise.map_or(
        crate::library::Tempo {
            lift_s: 2.0,
            top_s: planned.hold_s,
            lower_s: 3.0,
        },
        |e| e.tempo,
    );
    tempo.top_s = planned.hold_s;
    PrescribedItem {
        exercise: planned.exercise.clone(),
        name: exercise.map_or_else(|| planned.exercise.clone(), |e| e.name.clone()),
        sets: planned.sets,
        reps: planned.reps,
        hold_s: planned.hold_s,
        per_side: planned.per_side,
        start_side: planned.start_side,
        tempo,
        rest_s: exercise.map_or(60, |e| e.dose.rest_s),
        focus_cue: None,
        why: String::new(),
    }
}

/// Seconds to a tenth: what a stopwatch would show, and stable in JSON.
fn round_tenth(value: f64) -> f64 {
    if value.is_finite() {
        (value * 10.0).round() / 10.0
    } else {
        value
    }
}

/// The spoken rhythm: the rep number every rep, with the cue on the first
/// and every third rep (so a long set is not one long lecture).
fn spoken(phase: Phase, rep: u32, cue: &str) -> String {
    match phase {
        Phase::Lift if rep % 3 == 1 => format!("{rep}. {cue}"),
        Phase::Lift => rep.to_string(),
        _ => String::new(),
    }
}

fn announce(phase: Phase, rep: u32, reps: u32) -> String {
    match phase {
        Phase::Lift => format!("Rep {rep} of {reps}, lift"),
        Phase::Top => "Squeeze".into(),
        Phase::Lower => "Lower".into(),
        Phase::Setup | Phase::Rest => String::new(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(names: &[&str]) -> (Library, Vec<PrescribedItem>) {
        let library = Library::embedded().unwrap();
        let program = crate::program::Program::embedded(&library).unwrap();
        let today = crate::prescribe::prescribe(
            &program,
            &library,
            &[],
            &[],
            jiff::civil::date(2026, 5, 1),
        );
        let items = names
            .iter()
            .map(|n| today.item_for(library.find(n).unwrap()))
            .collect();
        (library, items)
    }

    #[test]
    fn every_set_has_a_position_its_segments_and_one_completing_segment() {
        let (library, items) = plan(&["bridge", "single-leg-bridge"]);
        let timeline = Timeline::new(&items, &library, GuideSettings::default());
        let expected: u32 = items
            .iter()
            .map(|i| i.sets * if i.per_side { 2 } else { 1 })
            .sum();
        assert_eq!(timeline.sets.len() as u32, expected);
        for set in &timeline.sets {
            let segs: Vec<&Segment> = timeline
                .segments
                .iter()
                .filter(|s| s.position == Some(set.position))
                .collect();
            assert_eq!(segs.iter().filter(|s| s.completes_set).count(), 1);
            assert_eq!(segs.first().unwrap().phase, Phase::Setup);
            assert!(timeline.segments[set.last_segment].completes_set);
            assert_eq!(
                timeline.segments[set.last_segment].position,
                Some(set.position)
            );
        }
        let rests = timeline.segments.iter().filter(|s| s.phase == Phase::Rest);
        assert!(rests.clone().all(|s| s.position.is_none()));
        assert_eq!(timeline.segments.last().unwrap().phase, Phase::Lower);
    }

    #[test]
    fn skips_leave_the_set_and_stopping_counts_the_finished_reps() {
        let (library, items) = plan(&["bridge"]);
        let timeline = Timeline::new(&items, &library, GuideSettings::default());
        for (i, s) in timeline.segments.iter().enumerate() {
            if s.phase.is_rep() {
                let set = timeline.set(s.position.unwrap()).unwrap();
                assert_eq!(s.skip_to, set.last_segment + 1);
                assert_eq!(s.reps_if_stopped, s.rep - 1);
            } else {
                assert_eq!(s.skip_to, i + 1);
                assert_eq!(s.reps_if_stopped, 0);
            }
        }
    }

    #[test]
    fn settings_scale_the_reps_and_replace_the_rest_for_every_player() {
        let (library, items) = plan(&["bridge"]);
        let plain = Timeline::new(&items, &library, GuideSettings::default());
        let slow = Timeline::new(
            &items,
            &library,
            GuideSettings {
                tempo: 1.5,
                rest_s: Some(30),
            },
        );
        for (a, b) in plain.segments.iter().zip(&slow.segments) {
            match a.phase {
                Phase::Lift | Phase::Top | Phase::Lower => {
                    assert!((b.seconds - a.seconds * 1.5).abs() < 1e-9);
                }
                Phase::Rest => assert_eq!(b.seconds, 30.0),
                Phase::Setup => assert_eq!(a.seconds, b.seconds),
            }
        }
        let record = slow
            .record(&Observed {
                position: 1,
                reps: 10,
                completed_at_ms: 1,
                side: None,
                measured: None,
            })
            .unwrap();
        let tempo = items[0].tempo;
        assert!((record.tension_s - round_tenth(10.0 * tempo.rep_seconds() * 1.5)).abs() < 1e-9);
        assert!((record.hold_s - round_tenth(tempo.top_s * 1.5)).abs() < 1e-9);
    }

    #[test]
    fn records_refuse_unknown_positions_and_too_many_reps() {
        let (library, items) = plan(&["single-leg-bridge"]);
        let timeline = Timeline::new(&items, &library, GuideSettings::default());
        let observed = |position, reps, measured| Observed {
            position,
            reps,
            completed_at_ms: 5,
            side: None,
            measured,
        };
        let second = timeline.record(&observed(2, 3, None)).unwrap();
        assert_eq!(
            second.side,
            Some(Side::Right),
            "the second half is the other side"
        );
        assert_eq!(second.reps, 3);
        assert!(timeline.record(&observed(0, 1, None)).is_err());
        assert!(timeline.record(&observed(99, 1, None)).is_err());
        let too_many = items[0].reps + 1;
        assert!(timeline.record(&observed(1, too_many, None)).is_err());
        let counted = Measured {
            reps: too_many,
            hold_s: 1.23,
            tension_s: 40.04,
        };
        let camera = timeline
            .record(&observed(1, too_many, Some(counted)))
            .unwrap();
        assert_eq!(camera.hold_s, 1.2);
        assert_eq!(camera.tension_s, 40.0);
        // The runner confirms fewer reps than counted: tension follows.
        let confirmed = timeline
            .record(&observed(1, too_many / 2, Some(counted)))
            .unwrap();
        assert!(
            (confirmed.tension_s
                - round_tenth(40.04 * f64::from(too_many / 2) / f64::from(too_many)))
            .abs()
                < 1e-9
        );
        // A counted set beyond the plan is an extra set of its last exercise,
        // on the side the runner chose.
        let extra = Observed {
            side: Some(Side::Left),
            ..observed(99, 5, Some(counted))
        };
        let extra = timeline.record(&extra).unwrap();
        assert_eq!((extra.position, extra.side), (99, Some(Side::Left)));
        assert_eq!(extra.exercise, items[0].exercise);
    }

    #[test]
    fn resume_carries_on_after_the_last_stored_set() {
        let (library, items) = plan(&["bridge"]);
        let timeline = Timeline::new(&items, &library, GuideSettings::default());
        assert_eq!(timeline.resume_index([]), 0);
        assert_eq!(
            timeline.resume_index([1]),
            timeline.sets[0].last_segment + 1
        );
        assert_eq!(
            timeline.resume_index([2, 1]),
            timeline.sets[1].last_segment + 1
        );
    }

    #[test]
    fn the_voice_says_the_rep_and_a_cue_every_third_rep() {
        let (library, items) = plan(&["bridge"]);
        let timeline = Timeline::new(&items, &library, GuideSettings::default());
        let lifts: Vec<&Segment> = timeline
            .segments
            .iter()
            .filter(|s| s.phase == Phase::Lift && s.position == Some(1))
            .collect();
        assert!(lifts[0].spoken.starts_with("1. "));
        assert_eq!(lifts[1].spoken, "2");
        assert!(lifts[3].spoken.starts_with("4. "));
        assert_eq!(
            lifts[1].announce,
            format!("Rep 2 of {}, lift", items[0].reps)
        );
    }
}
