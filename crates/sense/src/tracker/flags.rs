//! Fault flags of a finished rep, judged against the profile and the
//! person's own calibration.
//!
//! - *partial*: well short of the person's own top (see `calibration`);
//! - *hips not high enough*: with landmarks, the rep's top stays below the
//!   profile's target line, or below the person's own best by more than
//!   `high_enough_fraction`; with motion (no absolute angle), only the latter;
//! - *over-arching*: the signed hip angle passes the profile's limit;
//! - *no hold at the top* and *lowering too fast*: the rep's own phase times
//!   against the profile's minimums (full reps only);
//! - *pelvis drop or rotation*, *knees drifting*, *feet drifting*: the
//!   largest change from the resting baseline during the rep.

use crate::events::RepFlags;
use crate::profile::ExerciseProfile;

use super::FormLimits;

/// What the flags are judged on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RepMeasures {
    pub full: bool,
    /// Excursion as a fraction of the person's reference excursion.
    pub fraction_of_own: f64,
    /// Plateau level in signal units, when the signal is an absolute angle.
    pub absolute_top: Option<f64>,
    /// Peak level in signal units, when the signal is an absolute angle.
    pub absolute_peak: Option<f64>,
    pub hold_s: f64,
    pub lower_s: f64,
    pub max_pelvis_deg: f64,
    pub max_knee_spread_change: f64,
    pub max_foot_drift: f64,
}

/// The flags of one rep.
pub(crate) fn flags(profile: &ExerciseProfile, limits: &FormLimits, rep: &RepMeasures) -> RepFlags {
    let mut flags = RepFlags::NONE;
    if !rep.full {
        flags.insert(RepFlags::PARTIAL);
    }
    let below_line = rep
        .absolute_top
        .is_some_and(|top| top < profile.target_top_hip_angle_deg);
    let below_own = rep.fraction_of_own < profile.high_enough_fraction;
    if below_line || below_own || !rep.full {
        flags.insert(RepFlags::HIPS_NOT_HIGH_ENOUGH);
    }
    if rep
        .absolute_peak
        .is_some_and(|peak| peak > profile.over_arch_hip_angle_deg)
    {
        flags.insert(RepFlags::OVER_ARCHING);
    }
    if rep.full {
        if profile.min_hold_s > 0.0 && rep.hold_s < profile.min_hold_s {
            flags.insert(RepFlags::NO_HOLD_AT_TOP);
        }
        if rep.lower_s < profile.min_lower_s {
            flags.insert(RepFlags::LOWERING_TOO_FAST);
        }
    }
    if rep.max_pelvis_deg > limits.pelvis_deg {
        flags.insert(RepFlags::PELVIS_DROP_OR_ROTATION);
    }
    if rep.max_knee_spread_change > limits.knee_spread_change {
        flags.insert(RepFlags::KNEES_DRIFTING);
    }
    if rep.max_foot_drift > limits.foot_drift {
        flags.insert(RepFlags::FEET_DRIFTING);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measures() -> RepMeasures {
        RepMeasures {
            full: true,
            fraction_of_own: 1.0,
            absolute_top: Some(178.0),
            absolute_peak: Some(179.0),
            hold_s: 2.0,
            lower_s: 2.0,
            max_pelvis_deg: 0.0,
            max_knee_spread_change: 0.0,
            max_foot_drift: 0.0,
        }
    }

    fn limits() -> FormLimits {
        FormLimits {
            pelvis_deg: 8.0,
            knee_spread_change: 0.3,
            foot_drift: 0.2,
        }
    }

    #[test]
    fn a_good_rep_has_no_flag() {
        let profile = ExerciseProfile::bridge_top_hold();
        assert!(flags(&profile, &limits(), &measures()).is_empty());
    }

    #[test]
    fn a_low_top_counts_but_asks_for_higher_hips() {
        let profile = ExerciseProfile::bridge_top_hold();
        let rep = RepMeasures {
            absolute_top: Some(160.0),
            absolute_peak: Some(161.0),
            ..measures()
        };
        let flags = flags(&profile, &limits(), &rep);
        assert!(flags.contains(RepFlags::HIPS_NOT_HIGH_ENOUGH));
        assert!(!flags.contains(RepFlags::PARTIAL));
    }

    #[test]
    fn tempo_flags_only_for_full_reps() {
        let profile = ExerciseProfile::bridge_top_hold();
        let quick = RepMeasures {
            hold_s: 0.2,
            lower_s: 0.5,
            ..measures()
        };
        let f = flags(&profile, &limits(), &quick);
        assert!(f.contains(RepFlags::NO_HOLD_AT_TOP) && f.contains(RepFlags::LOWERING_TOO_FAST));
        let partial = RepMeasures {
            full: false,
            ..quick
        };
        let f = flags(&profile, &limits(), &partial);
        assert!(f.contains(RepFlags::PARTIAL));
        assert!(!f.contains(RepFlags::LOWERING_TOO_FAST));
    }
}
