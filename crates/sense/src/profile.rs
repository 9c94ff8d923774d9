//! Exercise profiles: every threshold the engine uses, in one place per exercise.
//!
//! A profile is plain data. The rep counter works on one scalar "rep signal"
//! (the signed shoulder–hip–knee angle for pose input, the pelvis tilt away
//! from rest for motion input) and expresses most thresholds as fractions of
//! the user's calibrated range of motion (ROM), so they do not depend on body
//! size or camera distance. Absolute angles are used only for form checks.
//!
//! Where the defaults come from (`shared/research/rep-counting.md`): the
//! hysteresis bands start from §7.5 (enter top 85 %, leave 75 %; enter bottom
//! 15 %, leave 25 %) and were tuned on synthetic tuning seeds to 80/70 % and
//! 13/20 %, so that reps reaching a quarter of the height are still reported
//! as partial. The dwell is 120 ms (§2.1 and §7.5 use 120–250 ms), and the
//! bottom/top hip angles are near §2.1's 120°/175°. From §6: lowering under
//! 1.0 s is "dropping", and the shortest published top hold is 1.5 s. From
//! §5: the phone tilts by a few tens of degrees, so it is calibrated per user
//! at rest. See `docs/benchmarks-sense.md` for the measured effect.

use serde::Serialize;

/// Which leg works in a single-leg exercise (the subject's anatomical side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The subject's left side.
    Left,
    /// The subject's right side.
    Right,
}

impl Side {
    /// Parses `left`/`right` (also `l`/`r`), case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "left" | "l" => Some(Self::Left),
            "right" | "r" => Some(Self::Right),
            _ => None,
        }
    }

    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Left => "left",
            Self::Right => "right",
        }
    }
}

/// All thresholds for one exercise. Fractions are of the calibrated range of
/// motion (0 = resting bottom, 1 = the user's usual top).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseProfile {
    /// Exercise id (kebab-case), as used by the content files and the CLI.
    pub id: &'static str,
    /// Working side for single-leg exercises.
    pub side: Option<Side>,

    // --- counting (both inputs) ---
    /// Time constant of the exponential smoothing of the rep signal, seconds.
    /// Derived from the frame interval, so it behaves the same at 10 and 60 fps.
    pub smoothing_tau_s: f64,
    /// A rep starts when the smoothed signal rises above this ROM fraction.
    pub leave_bottom_fraction: f64,
    /// A rep ends when the smoothed signal falls back below this ROM fraction
    /// (lower than `leave_bottom_fraction`: hysteresis).
    pub enter_bottom_fraction: f64,
    /// The top is reached above this ROM fraction.
    pub enter_top_fraction: f64,
    /// The top hold ends below this ROM fraction (hysteresis with `enter_top_fraction`).
    pub leave_top_fraction: f64,
    /// A rep whose excursion stays below this fraction of the person's own
    /// range (see `PersonalRange`) is partial.
    pub full_rep_fraction: f64,
    /// How a movement starts and arrives near the floor: its displacement
    /// grows as time to this power (2 = cosine ease, 3 = minimum jerk). The
    /// phase timing extrapolates from where the movement leaves (or reaches)
    /// the floor to where its velocity is zero by this factor.
    pub onset_order_floor: f64,
    /// The same near the top (arriving at and leaving the plateau).
    pub onset_order_top: f64,
    /// Before the top band is reached, a fall of this ROM fraction below the
    /// peak ends the lift (a partial rep); in a partial rep's lowering, a rise
    /// of this fraction above the trough resumes the lift.
    pub reversal_fraction: f64,
    /// A lowering that comes to rest below this ROM fraction, but above the
    /// bottom band, for `settle_s` ends the rep there, and that level becomes
    /// the new resting level (feet that slid, a user who shifted).
    pub settle_fraction: f64,
    /// See `settle_fraction`, seconds.
    pub settle_s: f64,
    /// A threshold crossing must persist this long before the state changes.
    pub min_dwell_s: f64,
    /// Movements shorter than this (start to end) are ignored as noise.
    pub min_rep_duration_s: f64,
    /// The resting level is measured over this much still time (two half-windows).
    pub calibration_s: f64,
    /// While calibrating, the means of two consecutive half-windows
    /// (`calibration_s / 2` each) must agree within this fraction of the
    /// nominal ROM for the user to count as still.
    pub still_band_fraction: f64,
    /// Out-of-position frames for this long abort the current rep and
    /// re-calibrate (getting up, repositioning).
    pub out_of_position_s: f64,

    // --- form (both inputs) ---
    /// Hold shorter than this at the top raises "no hold at the top" (0 = no check).
    pub min_hold_s: f64,
    /// Lowering faster than this raises "lowering too fast".
    pub min_lower_s: f64,
    /// A full rep below this fraction of the person's own range raises
    /// "hips not high enough" (the hips could go higher).
    pub high_enough_fraction: f64,

    // --- pose input ---
    /// Landmarks below this visibility are treated as missing.
    pub min_visibility: f64,
    /// Expected signed shoulder–hip–knee angle at the top (180° = straight
    /// line), used as the nominal top before calibration.
    pub nominal_top_hip_angle_deg: f64,
    /// The smallest ROM (degrees of hip angle) the calibration will accept.
    pub min_rom_deg: f64,
    /// A top (plateau) hip angle below this raises "hips not high enough",
    /// though the rep counts when it reaches the person's own top.
    pub target_top_hip_angle_deg: f64,
    /// A rep whose top (plateau) hip angle reaches this is full, whatever its
    /// excursion (the resting angle may have crept up as the feet slid).
    /// Above the angles that partial reps reach, allowing for MediaPipe
    /// reading the top a few degrees high (research §9).
    pub full_rep_hip_angle_deg: f64,
    /// A peak hip angle above this means over-arching (lumbar hyperextension).
    pub over_arch_hip_angle_deg: f64,
    /// The torso (shoulder→hip) must be within this angle of horizontal in
    /// the image to count as lying down; standing and sitting are ignored.
    pub lying_max_torso_incline_deg: f64,
    /// Change of the hip-to-hip line's angle from rest to top (visible only in
    /// oblique or frontal views) that raises "pelvis dropping or rotating".
    pub max_pelvis_tilt_change_deg: f64,
    /// Ankle movement since the set started, in torso lengths, that raises "feet drifting".
    pub max_foot_drift_torso: f64,
    /// Relative change of the knee-to-knee distance (vs ankle-to-ankle) from
    /// rest to top that raises "knees drifting" (frontal/oblique views only).
    pub max_knee_spread_change: f64,

    // --- motion input (phone on the pelvis) ---
    /// Nominal pelvis tilt from rest to top, degrees, before calibration.
    pub motion_nominal_rom_deg: f64,
    /// Tilt beyond this from rest is not a bridge: the user is getting up.
    pub motion_max_tilt_deg: f64,
    /// The phone must lie within this angle of flat (screen up or down) to
    /// count as resting on the pelvis of someone lying down.
    pub motion_max_flat_deviation_deg: f64,
    /// Rotation rate (deg/s, smoothed) below which the phone counts as still.
    pub motion_still_gyro_dps: f64,
    /// Sideways tilt (roll) at the top, degrees, that raises "pelvis dropping or rotating".
    pub motion_max_roll_deg: f64,
}

/// Exercise ids that have a profile (aliases from `content/exercises` are accepted too).
pub const PROFILE_IDS: [&str; 4] = [
    "active-shoulder-bridge",
    "bridge-top-hold",
    "single-leg-bridge",
    "banded-bridge",
];

impl ExerciseProfile {
    /// Two-leg bridge, no prescribed hold (`active-shoulder-bridge`, alias `bridge`).
    pub fn active_shoulder_bridge() -> Self {
        Self {
            id: "active-shoulder-bridge",
            side: None,
            smoothing_tau_s: 0.12,
            leave_bottom_fraction: 0.2,
            enter_bottom_fraction: 0.13,
            enter_top_fraction: 0.80,
            leave_top_fraction: 0.70,
            full_rep_fraction: 0.70,
            onset_order_floor: 2.0,
            onset_order_top: 2.0,
            reversal_fraction: 0.15,
            settle_fraction: 0.35,
            settle_s: 1.0,
            min_dwell_s: 0.12,
            min_rep_duration_s: 0.8,
            calibration_s: 0.6,
            still_band_fraction: 0.08,
            out_of_position_s: 0.4,
            min_hold_s: 0.0,
            min_lower_s: 1.0,
            high_enough_fraction: 0.85,
            min_visibility: 0.5,
            nominal_top_hip_angle_deg: 176.0,
            min_rom_deg: 8.0,
            full_rep_hip_angle_deg: 172.0,
            target_top_hip_angle_deg: 165.0,
            over_arch_hip_angle_deg: 195.0,
            lying_max_torso_incline_deg: 55.0,
            max_pelvis_tilt_change_deg: 8.0,
            max_foot_drift_torso: 0.2,
            max_knee_spread_change: 0.3,
            motion_nominal_rom_deg: 20.0,
            motion_max_tilt_deg: 60.0,
            motion_max_flat_deviation_deg: 40.0,
            motion_still_gyro_dps: 12.0,
            motion_max_roll_deg: 7.0,
        }
    }

    /// Bridge with a prescribed squeeze at the top (`bridge-top-hold`, alias
    /// `bridge-with-hold`): a hold under 1.5 s raises "no hold at the top"
    /// (1.5 s is the shortest hold in research §6).
    pub fn bridge_top_hold() -> Self {
        Self {
            id: "bridge-top-hold",
            min_hold_s: 1.5,
            ..Self::active_shoulder_bridge()
        }
    }

    /// Single-leg bridge on the given working side. The range of motion is
    /// smaller and pelvis drop is the main fault, so the drop threshold is tighter.
    pub fn single_leg_bridge(side: Side) -> Self {
        Self {
            id: "single-leg-bridge",
            side: Some(side),
            nominal_top_hip_angle_deg: 172.0,
            full_rep_hip_angle_deg: 168.0,
            target_top_hip_angle_deg: 160.0,
            motion_nominal_rom_deg: 16.0,
            max_pelvis_tilt_change_deg: 6.0,
            motion_max_roll_deg: 5.0,
            ..Self::active_shoulder_bridge()
        }
    }

    /// Bridge with a loop band above the knees (`banded-bridge`): the knees
    /// should stay pressed out, so knee drift is flagged earlier.
    pub fn banded_bridge() -> Self {
        Self {
            id: "banded-bridge",
            max_knee_spread_change: 0.2,
            ..Self::active_shoulder_bridge()
        }
    }

    /// Looks a profile up by exercise id or alias (the aliases of
    /// `content/exercises/*.toml`, plus `bridge-with-hold`). `side` matters
    /// only for single-leg exercises (default: left).
    pub fn by_id(id: &str, side: Option<Side>) -> Option<Self> {
        match id.trim().to_ascii_lowercase().as_str() {
            "active-shoulder-bridge" | "bridge" | "glute-bridge" | "shoulder-bridge" => {
                Some(Self::active_shoulder_bridge())
            }
            "bridge-top-hold" | "bridge-with-hold" | "bridge-hold" | "isometric-bridge"
            | "glute-bridge-hold" => Some(Self::bridge_top_hold()),
            "single-leg-bridge" | "one-leg-bridge" | "single-leg-glute-bridge" | "sl-bridge" => {
                Some(Self::single_leg_bridge(side.unwrap_or(Side::Left)))
            }
            "banded-bridge" | "band-bridge" | "bridge-with-band" | "abducted-bridge" => {
                Some(Self::banded_bridge())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_aliases_resolve() {
        for id in PROFILE_IDS {
            assert_eq!(ExerciseProfile::by_id(id, None).map(|p| p.id), Some(id));
        }
        assert_eq!(
            ExerciseProfile::by_id("bridge", None).map(|p| p.id),
            Some("active-shoulder-bridge")
        );
        assert_eq!(
            ExerciseProfile::by_id("Bridge-With-Hold", None).map(|p| p.id),
            Some("bridge-top-hold")
        );
        let single = ExerciseProfile::by_id("single-leg-bridge", Some(Side::Right));
        assert_eq!(single.and_then(|p| p.side), Some(Side::Right));
        let short = ExerciseProfile::by_id(" SL-Bridge ", None);
        assert_eq!(short.map(|p| p.side), Some(Some(Side::Left)));
        assert!(ExerciseProfile::by_id("squat", None).is_none());
    }

    #[test]
    fn hysteresis_bands_are_ordered() {
        for id in PROFILE_IDS {
            let p = ExerciseProfile::by_id(id, None).unwrap();
            assert!(p.enter_bottom_fraction < p.leave_bottom_fraction);
            assert!(p.leave_bottom_fraction < p.leave_top_fraction);
            assert!(p.leave_top_fraction < p.enter_top_fraction);
            assert!(p.full_rep_fraction <= p.enter_top_fraction);
        }
    }
}
