//! What the engine emits while a stream flows: rep events, form cues and the set summary.
//!
//! Everything here is `Copy` so that emitting an event never allocates.

use serde::Serialize;

/// A form problem the user can act on. Each rep flag except `Partial` has a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// The hips did not reach the target height (shoulder–hip–knee line).
    HipsNotHighEnough,
    /// The hips came straight down without the prescribed squeeze at the top.
    NoHoldAtTop,
    /// The lowering was quicker than the profile's minimum.
    LoweringTooFast,
    /// One side of the pelvis dropped or the pelvis rotated at the top.
    PelvisDropOrRotation,
    /// The feet slid away from where they were at the start of the set.
    FeetDrifting,
    /// The knees moved in or out relative to the feet at the top.
    KneesDrifting,
    /// The lower back arched past a straight shoulder–hip–knee line.
    OverArching,
}

impl Cue {
    /// Every cue, in a fixed order (index = position in [`SetSummary::cue_counts`]).
    pub const ALL: [Cue; 7] = [
        Cue::HipsNotHighEnough,
        Cue::NoHoldAtTop,
        Cue::LoweringTooFast,
        Cue::PelvisDropOrRotation,
        Cue::FeetDrifting,
        Cue::KneesDrifting,
        Cue::OverArching,
    ];

    /// Stable kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            Cue::HipsNotHighEnough => "hips-not-high-enough",
            Cue::NoHoldAtTop => "no-hold-at-top",
            Cue::LoweringTooFast => "lowering-too-fast",
            Cue::PelvisDropOrRotation => "pelvis-drop-or-rotation",
            Cue::FeetDrifting => "feet-drifting",
            Cue::KneesDrifting => "knees-drifting",
            Cue::OverArching => "over-arching",
        }
    }

    /// A short coaching sentence for the user.
    pub fn message(self) -> &'static str {
        match self {
            Cue::HipsNotHighEnough => {
                "Lift your hips until shoulders, hips and knees form a straight line."
            }
            Cue::NoHoldAtTop => "Hold the top and squeeze your glutes before lowering.",
            Cue::LoweringTooFast => "Lower slowly, taking at least a second or two.",
            Cue::PelvisDropOrRotation => {
                "Keep your pelvis level: don't let one side drop or twist."
            }
            Cue::FeetDrifting => "Keep your feet planted where they started.",
            Cue::KneesDrifting => "Keep your knees in line with your feet.",
            Cue::OverArching => "Don't arch your lower back: stop at a straight line.",
        }
    }

    /// The rep flag that raises this cue.
    pub fn flag(self) -> RepFlags {
        match self {
            Cue::HipsNotHighEnough => RepFlags::HIPS_NOT_HIGH_ENOUGH,
            Cue::NoHoldAtTop => RepFlags::NO_HOLD_AT_TOP,
            Cue::LoweringTooFast => RepFlags::LOWERING_TOO_FAST,
            Cue::PelvisDropOrRotation => RepFlags::PELVIS_DROP_OR_ROTATION,
            Cue::FeetDrifting => RepFlags::FEET_DRIFTING,
            Cue::KneesDrifting => RepFlags::KNEES_DRIFTING,
            Cue::OverArching => RepFlags::OVER_ARCHING,
        }
    }
}

/// Quality flags of one rep, as a small bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct RepFlags(u16);

impl RepFlags {
    /// No flag.
    pub const NONE: Self = Self(0);
    /// The rep did not reach the full range: reported, not counted.
    pub const PARTIAL: Self = Self(1);
    /// See [`Cue::HipsNotHighEnough`].
    pub const HIPS_NOT_HIGH_ENOUGH: Self = Self(1 << 1);
    /// See [`Cue::NoHoldAtTop`].
    pub const NO_HOLD_AT_TOP: Self = Self(1 << 2);
    /// See [`Cue::LoweringTooFast`].
    pub const LOWERING_TOO_FAST: Self = Self(1 << 3);
    /// See [`Cue::PelvisDropOrRotation`].
    pub const PELVIS_DROP_OR_ROTATION: Self = Self(1 << 4);
    /// See [`Cue::FeetDrifting`].
    pub const FEET_DRIFTING: Self = Self(1 << 5);
    /// See [`Cue::KneesDrifting`].
    pub const KNEES_DRIFTING: Self = Self(1 << 6);
    /// See [`Cue::OverArching`].
    pub const OVER_ARCHING: Self = Self(1 << 7);

    /// Whether every flag in `other` is set.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// Sets the flags in `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    /// Clears the flags in `other`.
    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Kebab-case names of the set flags, in a fixed order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        let partial = self.contains(Self::PARTIAL).then_some("partial");
        partial.into_iter().chain(
            Cue::ALL
                .into_iter()
                .filter(move |cue| self.contains(cue.flag()))
                .map(Cue::code),
        )
    }
}

impl Serialize for RepFlags {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.names())
    }
}

/// One finished rep (full or partial), with phase timings in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RepRecord {
    /// 1-based attempt number in the set (full and partial reps share it).
    pub attempt: u32,
    /// When the hips left the floor (stream time, seconds), found from the
    /// movement (where its velocity starts from zero), not from a threshold.
    pub start_s: f64,
    /// When the top was reached (the movement arrived at the rep's own plateau).
    pub top_s: f64,
    /// When the lowering started (the movement left the plateau).
    pub hold_end_s: f64,
    /// When the hips were back on the floor.
    pub end_s: f64,
    /// Lift (concentric) duration.
    pub lift_s: f64,
    /// Top hold duration.
    pub hold_s: f64,
    /// Lowering (eccentric) duration.
    pub lower_s: f64,
    /// Peak signed shoulder–hip–knee angle in degrees (pose input only;
    /// 180° = straight line, above 180° = over-arched).
    pub peak_hip_extension_deg: Option<f64>,
    /// Peak pelvis tilt from rest in degrees (motion input only).
    pub peak_pelvis_tilt_deg: Option<f64>,
    /// The rep's excursion (resting level to top plateau) as a fraction of
    /// the person's own range: the set's reference excursion (see
    /// [`crate::PersonalRange`]); below `full_rep_fraction` the rep is partial.
    pub rom_fraction: f64,
    /// The rep's top relative to the person's best top of the set, in
    /// rep-signal degrees (hip angle for landmarks, pelvis tilt for motion):
    /// 0 for the best rep, negative below it.
    pub top_vs_best: f64,
    /// Confidence in this rep's count and timing, 0..1: falls with signal
    /// noise against the rep's excursion and with missing frames.
    pub confidence: f64,
    /// Quality flags.
    pub flags: RepFlags,
}

impl RepRecord {
    /// Whether the rep was partial (not counted).
    pub fn is_partial(&self) -> bool {
        self.flags.contains(RepFlags::PARTIAL)
    }
}

/// An event emitted while the stream flows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// The hips left the bottom band: a rep attempt began.
    RepStarted {
        /// Stream time of the event, seconds.
        t: f64,
        /// 1-based attempt number.
        attempt: u32,
    },
    /// The hips entered the top band.
    TopReached {
        /// Stream time of the event, seconds.
        t: f64,
        /// 1-based attempt number.
        attempt: u32,
    },
    /// The hips left the top band (the hold ended).
    TopHoldEnded {
        /// Stream time of the event, seconds.
        t: f64,
        /// 1-based attempt number.
        attempt: u32,
        /// Time spent in the top band so far (refined in the rep record).
        in_top_band_s: f64,
    },
    /// A rep reached the full range and came back down: counted.
    RepCompleted(RepRecord),
    /// A rep came back down without reaching the full range: reported, not counted.
    PartialRep(RepRecord),
    /// Correction of an earlier rep (same `attempt`): reps are judged against
    /// the person's own range, which the set's first reps are still
    /// measuring; when later reps show that a counted rep fell well short, it
    /// is re-reported here as partial and the count goes down by one.
    RepReclassified(RepRecord),
    /// A movement began but was abandoned (too short, or the user left the position).
    RepAbandoned {
        /// Stream time of the event, seconds.
        t: f64,
        /// 1-based attempt number.
        attempt: u32,
    },
    /// A form cue for the rep that just ended.
    Cue {
        /// Stream time of the event, seconds.
        t: f64,
        /// The cue.
        cue: Cue,
    },
}

/// Totals for a set, kept as running sums (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SetSummary {
    /// Full reps counted.
    pub reps: u32,
    /// Partial reps seen (not counted).
    pub partial_reps: u32,
    /// Movements abandoned (too short or interrupted by leaving the position).
    pub abandoned: u32,
    /// Mean lift time of full reps, seconds.
    pub mean_lift_s: Option<f64>,
    /// Mean top hold of full reps, seconds.
    pub mean_hold_s: Option<f64>,
    /// Mean lowering time of full reps, seconds.
    pub mean_lower_s: Option<f64>,
    /// How many reps raised each cue, indexed like [`Cue::ALL`].
    pub cue_counts: [u32; 7],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_serialise_as_names() {
        let mut flags = RepFlags::NONE;
        flags.insert(RepFlags::PARTIAL);
        flags.insert(RepFlags::LOWERING_TOO_FAST);
        assert!(flags.contains(RepFlags::PARTIAL));
        assert!(!flags.contains(RepFlags::NO_HOLD_AT_TOP));
        let json = serde_json::to_string(&flags).unwrap();
        assert_eq!(json, r#"["partial","lowering-too-fast"]"#);
        assert_eq!(serde_json::to_string(&RepFlags::NONE).unwrap(), "[]");
    }

    #[test]
    fn every_cue_has_a_distinct_flag() {
        for (i, a) in Cue::ALL.iter().enumerate() {
            for b in &Cue::ALL[i + 1..] {
                assert_ne!(a.flag(), b.flag());
                assert_ne!(a.code(), b.code());
            }
            assert!(!a.flag().contains(RepFlags::PARTIAL));
        }
    }
}
