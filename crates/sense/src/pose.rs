//! Pose input: MediaPipe Pose landmarks to rep events.
//!
//! Angles are computed in pixels (x·width, y·height), never in normalised
//! units, which would distort them whenever the frame is not square
//! (research §2.2). The body side nearer the camera is chosen by visibility,
//! with a margin so that the choice does not flicker. The rep signal is the
//! signed shoulder–hip–knee angle: 180° is a straight line, below 180° the
//! hips are flexed (resting), above 180° the hips are above the
//! shoulder–knee line (over-arching). Straight lines stay straight under any
//! camera projection, so the top of a bridge reads close to 180° in side and
//! oblique views alike; the resting angle is calibrated per user.

use crate::events::{Event, SetSummary};
use crate::filter::Ema;
use crate::profile::{ExerciseProfile, Side};
use crate::tracker::{
    EstimatorLag, FormLimits, FormSample, NominalTop, PersonalRange, Phase, RepTracker,
};

/// Number of landmarks in a MediaPipe Pose frame.
pub const LANDMARK_COUNT: usize = 33;

/// MediaPipe Pose landmark indices used by the engine (research §4).
pub mod index {
    /// Nose.
    pub const NOSE: usize = 0;
    /// Left shoulder (subject's left).
    pub const LEFT_SHOULDER: usize = 11;
    /// Right shoulder.
    pub const RIGHT_SHOULDER: usize = 12;
    /// Left elbow.
    pub const LEFT_ELBOW: usize = 13;
    /// Right elbow.
    pub const RIGHT_ELBOW: usize = 14;
    /// Left wrist.
    pub const LEFT_WRIST: usize = 15;
    /// Right wrist.
    pub const RIGHT_WRIST: usize = 16;
    /// Left hip.
    pub const LEFT_HIP: usize = 23;
    /// Right hip.
    pub const RIGHT_HIP: usize = 24;
    /// Left knee.
    pub const LEFT_KNEE: usize = 25;
    /// Right knee.
    pub const RIGHT_KNEE: usize = 26;
    /// Left ankle.
    pub const LEFT_ANKLE: usize = 27;
    /// Right ankle.
    pub const RIGHT_ANKLE: usize = 28;
    /// Left heel.
    pub const LEFT_HEEL: usize = 29;
    /// Right heel.
    pub const RIGHT_HEEL: usize = 30;
    /// Left foot index (toe).
    pub const LEFT_FOOT_INDEX: usize = 31;
    /// Right foot index (toe).
    pub const RIGHT_FOOT_INDEX: usize = 32;
}

/// One landmark in normalised image coordinates (origin top-left, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Landmark {
    /// Horizontal position, 0..1 of the frame width.
    pub x: f64,
    /// Vertical position, 0..1 of the frame height.
    pub y: f64,
    /// Depth relative to the hips (smaller = closer), roughly on the scale of x.
    pub z: f64,
    /// Likelihood that the landmark is visible, 0..1.
    pub visibility: f64,
}

/// One frame: a timestamp and 33 landmarks in MediaPipe Pose order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoseFrame {
    /// Stream time, seconds.
    pub t: f64,
    /// Landmarks in MediaPipe Pose order.
    pub landmarks: [Landmark; LANDMARK_COUNT],
}

/// Frame size in pixels (angles are computed in pixel space).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSize {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
}

#[derive(Debug, Clone, Copy)]
struct Point {
    x: f64,
    y: f64,
}

impl Point {
    fn minus(self, other: Point) -> Point {
        Point {
            x: self.x - other.x,
            y: self.y - other.y,
        }
    }
    fn length(self) -> f64 {
        self.x.hypot(self.y)
    }
}

/// Per-frame measurements of the chosen side, all in pixels or degrees.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PoseFeatures {
    /// Signed shoulder–hip–knee angle, degrees (180 = straight).
    pub hip_angle_deg: f64,
    /// Angle of the shoulder→hip segment from horizontal, degrees (0..90).
    pub torso_incline_deg: f64,
    /// Shoulder–hip distance in pixels.
    pub torso_length_px: f64,
    ankle: Point,
    pelvis_line_deg: Option<f64>,
    knee_spread_ratio: Option<f64>,
}

fn pixel(landmark: &Landmark, size: FrameSize) -> Point {
    Point {
        x: landmark.x * size.width,
        y: landmark.y * size.height,
    }
}

fn side_indices(side: Side) -> (usize, usize, usize, usize) {
    match side {
        Side::Left => (
            index::LEFT_SHOULDER,
            index::LEFT_HIP,
            index::LEFT_KNEE,
            index::LEFT_ANKLE,
        ),
        Side::Right => (
            index::RIGHT_SHOULDER,
            index::RIGHT_HIP,
            index::RIGHT_KNEE,
            index::RIGHT_ANKLE,
        ),
    }
}

/// Visibility score of a side: the weakest of shoulder, hip and knee.
fn side_visibility(frame: &PoseFrame, side: Side) -> f64 {
    let (shoulder, hip, knee, _) = side_indices(side);
    let lm = &frame.landmarks;
    lm[shoulder]
        .visibility
        .min(lm[hip].visibility)
        .min(lm[knee].visibility)
}

/// Signed shoulder–hip–knee angle in degrees; above 180 when the hip lies
/// above (image up) the shoulder–knee line.
fn signed_hip_angle(shoulder: Point, hip: Point, knee: Point) -> Option<f64> {
    let to_shoulder = shoulder.minus(hip);
    let to_knee = knee.minus(hip);
    let lengths = to_shoulder.length() * to_knee.length();
    if lengths < 1e-9 {
        return None;
    }
    let cosine =
        ((to_shoulder.x * to_knee.x + to_shoulder.y * to_knee.y) / lengths).clamp(-1.0, 1.0);
    let unsigned = cosine.acos().to_degrees();
    // Normal of the shoulder→knee line pointing up in the image (y < 0).
    let line = knee.minus(shoulder);
    let (mut nx, mut ny) = (line.y, -line.x);
    if ny > 0.0 {
        nx = -nx;
        ny = -ny;
    }
    let offset = hip.minus(shoulder);
    let above = offset.x * nx + offset.y * ny > 0.0;
    Some(if above { 360.0 - unsigned } else { unsigned })
}

impl PoseFeatures {
    fn measure(frame: &PoseFrame, side: Side, size: FrameSize) -> Option<Self> {
        let (shoulder_i, hip_i, knee_i, ankle_i) = side_indices(side);
        let lm = &frame.landmarks;
        let shoulder = pixel(&lm[shoulder_i], size);
        let hip = pixel(&lm[hip_i], size);
        let knee = pixel(&lm[knee_i], size);
        let ankle = pixel(&lm[ankle_i], size);
        let hip_angle_deg = signed_hip_angle(shoulder, hip, knee)?;
        let torso = hip.minus(shoulder);
        let torso_length_px = torso.length();
        let torso_incline_deg = torso.y.abs().atan2(torso.x.abs()).to_degrees();

        // Both-side measures need both sides visible and apart in the image
        // (oblique or frontal views); in a pure side view they are skipped.
        let left_hip = pixel(&lm[index::LEFT_HIP], size);
        let right_hip = pixel(&lm[index::RIGHT_HIP], size);
        let both_hips_seen =
            lm[index::LEFT_HIP].visibility >= 0.5 && lm[index::RIGHT_HIP].visibility >= 0.5;
        let hip_gap = right_hip.minus(left_hip);
        let pelvis_line_deg = (both_hips_seen
            && hip_gap.length() >= BOTH_SIDES_MIN_GAP_TORSO * torso_length_px)
            .then(|| {
                // Direction-free angle of the hip-to-hip line from horizontal.
                let (dx, dy) = if hip_gap.x < 0.0 {
                    (-hip_gap.x, -hip_gap.y)
                } else {
                    (hip_gap.x, hip_gap.y)
                };
                dy.atan2(dx).to_degrees()
            });
        let knees_seen = lm[index::LEFT_KNEE].visibility >= 0.5
            && lm[index::RIGHT_KNEE].visibility >= 0.5
            && lm[index::LEFT_ANKLE].visibility >= 0.5
            && lm[index::RIGHT_ANKLE].visibility >= 0.5;
        let knee_gap = pixel(&lm[index::LEFT_KNEE], size)
            .minus(pixel(&lm[index::RIGHT_KNEE], size))
            .length();
        let ankle_gap = pixel(&lm[index::LEFT_ANKLE], size)
            .minus(pixel(&lm[index::RIGHT_ANKLE], size))
            .length();
        let knee_spread_ratio = (knees_seen
            && ankle_gap >= BOTH_SIDES_MIN_GAP_TORSO * torso_length_px)
            .then(|| knee_gap / ankle_gap);

        Some(Self {
            hip_angle_deg,
            torso_incline_deg,
            torso_length_px,
            ankle,
            pelvis_line_deg,
            knee_spread_ratio,
        })
    }
}

/// Counters of what happened to frames.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameCounts {
    /// Frames pushed.
    pub frames: u64,
    /// Frames not used: needed landmarks not visible or invalid values.
    pub dropped: u64,
}

/// Streaming engine for pose frames. One per set; allocation happens only in [`PoseEngine::new`].
#[derive(Debug, Clone)]
pub struct PoseEngine {
    profile: ExerciseProfile,
    size: FrameSize,
    tracker: RepTracker,
    side: Option<Side>,
    counts: FrameCounts,
    foot_anchor: Option<Point>,
    rest_pelvis_line_deg: Option<f64>,
    rest_knee_spread: Option<f64>,
    /// Form measures are smoothed like the rep signal, more slowly.
    ankle_x: Ema,
    ankle_y: Ema,
    torso_length: Ema,
    pelvis_line: Ema,
    knee_spread: Ema,
    form_side: Option<Side>,
}

/// Visibility bonus of the working side in single-leg exercises.
const WORKING_SIDE_BONUS: f64 = 0.25;
/// Margin by which the other side must be more visible before switching sides.
const SIDE_SWITCH_MARGIN: f64 = 0.15;
/// Both-side measures (pelvis line, knee spread) need the two hips (or
/// ankles) at least this far apart in the image, in torso lengths: a
/// near-frontal view. In side and oblique views the gap is too short for the
/// landmark noise and these measures are left out.
const BOTH_SIDES_MIN_GAP_TORSO: f64 = 0.45;
/// Time constant of the smoothing of form measures (feet, pelvis, knees), seconds.
const FORM_SMOOTHING_TAU_S: f64 = 0.3;
/// While the resting level is not yet measured, the torso must be within this
/// angle of horizontal in the image (lying flat, not sitting or lying back);
/// a high camera and a turned view make a flat torso look up to about 30°
/// steep, while sitting shows 45° or more.
const REST_MAX_TORSO_INCLINE_DEG: f64 = 35.0;
/// Weight of each resting frame in the resting pelvis and knee baselines.
const REST_BASELINE_WEIGHT: f64 = 0.1;

impl PoseEngine {
    /// An engine for frames of the given pixel size. Non-positive or
    /// non-finite sizes fall back to a square frame.
    pub fn new(profile: &ExerciseProfile, size: FrameSize) -> Self {
        Self::with_prior(profile, size, None)
    }

    /// Like [`PoseEngine::new`], with the person's range from an earlier
    /// session ([`PoseEngine::personal_range`]) to judge the first rep.
    pub fn with_prior(
        profile: &ExerciseProfile,
        size: FrameSize,
        prior: Option<PersonalRange>,
    ) -> Self {
        let valid = |v: f64| v.is_finite() && v > 0.0;
        let size = if valid(size.width) && valid(size.height) {
            size
        } else {
            FrameSize {
                width: 1.0,
                height: 1.0,
            }
        };
        let limits = FormLimits {
            pelvis_deg: profile.max_pelvis_tilt_change_deg,
            knee_spread_change: profile.max_knee_spread_change,
            foot_drift: profile.max_foot_drift_torso,
        };
        Self {
            profile: profile.clone(),
            size,
            tracker: RepTracker::new(
                profile,
                NominalTop::Absolute(profile.nominal_top_hip_angle_deg),
                limits,
                prior,
            ),
            side: None,
            counts: FrameCounts::default(),
            foot_anchor: None,
            rest_pelvis_line_deg: None,
            rest_knee_spread: None,
            ankle_x: Ema::new(FORM_SMOOTHING_TAU_S),
            ankle_y: Ema::new(FORM_SMOOTHING_TAU_S),
            torso_length: Ema::new(FORM_SMOOTHING_TAU_S),
            pelvis_line: Ema::new(FORM_SMOOTHING_TAU_S),
            knee_spread: Ema::new(FORM_SMOOTHING_TAU_S),
            form_side: None,
        }
    }

    /// Tells the engine which estimator made the landmarks, so that its
    /// delay is taken out of the phase times (see [`EstimatorLag::for_source`]).
    pub fn with_lag(mut self, lag: EstimatorLag) -> Self {
        self.tracker.set_lag(lag);
        self
    }

    /// The side currently used for the angles.
    pub fn side(&self) -> Option<Side> {
        self.side
    }

    /// The person's range measured in this set (signed hip angle at rest and
    /// at the usual top, degrees), to store and pass to
    /// [`PoseEngine::with_prior`] next time.
    pub fn personal_range(&self) -> Option<PersonalRange> {
        self.tracker.personal_range()
    }

    /// Frames seen and dropped so far.
    pub fn counts(&self) -> FrameCounts {
        self.counts
    }

    fn choose_side(&mut self, frame: &PoseFrame) -> Side {
        // Single-leg: the working leg's knee defines the angle, so that side
        // gets a head start; the margin keeps the choice from flickering.
        let score = |side: Side| {
            let bonus = if self.profile.side == Some(side) {
                WORKING_SIDE_BONUS
            } else {
                0.0
            };
            side_visibility(frame, side) + bonus
        };
        let (left, right) = (score(Side::Left), score(Side::Right));
        let chosen = match self.side {
            Some(Side::Left) if right > left + SIDE_SWITCH_MARGIN => Side::Right,
            Some(Side::Right) if left > right + SIDE_SWITCH_MARGIN => Side::Left,
            Some(current) => current,
            None if right > left => Side::Right,
            None => Side::Left,
        };
        self.side = Some(chosen);
        chosen
    }

    /// Feeds one frame; events go to `sink`. Frames out of time order,
    /// with invalid values or with the needed landmarks not visible are counted as dropped.
    pub fn push(&mut self, frame: &PoseFrame, sink: &mut impl FnMut(Event)) {
        self.counts.frames += 1;
        let finite = frame.t.is_finite()
            && frame
                .landmarks
                .iter()
                .all(|l| l.x.is_finite() && l.y.is_finite() && l.visibility.is_finite());
        if !finite {
            self.counts.dropped += 1;
            return;
        }
        let side = self.choose_side(frame);
        if side_visibility(frame, side) < self.profile.min_visibility {
            self.counts.dropped += 1;
            return;
        }
        let Some(features) = PoseFeatures::measure(frame, side, self.size) else {
            self.counts.dropped += 1;
            return;
        };
        // The resting level is measured lying flat, never while sitting or lying back.
        let incline_limit = if self.tracker.is_calibrated() {
            self.profile.lying_max_torso_incline_deg
        } else {
            REST_MAX_TORSO_INCLINE_DEG
        };
        let in_position = features.torso_incline_deg <= incline_limit;
        let form = self.form_sample(frame.t, side, &features, in_position);
        self.tracker
            .push(frame.t, features.hip_angle_deg, in_position, form, sink);
        if !self.tracker.is_calibrated() {
            self.foot_anchor = None;
        }
    }

    fn form_sample(
        &mut self,
        t: f64,
        side: Side,
        features: &PoseFeatures,
        in_position: bool,
    ) -> FormSample {
        let mut form = FormSample::default();
        if !in_position || !self.tracker.is_calibrated() {
            return form;
        }
        if self.form_side != Some(side) {
            // The other ankle is somewhere else: start the foot measures afresh.
            self.form_side = Some(side);
            self.foot_anchor = None;
            self.ankle_x.reset();
            self.ankle_y.reset();
        }
        let resting = self.tracker.phase() == Phase::Rest;
        let ankle = Point {
            x: self.ankle_x.update(t, features.ankle.x),
            y: self.ankle_y.update(t, features.ankle.y),
        };
        let torso_length = self.torso_length.update(t, features.torso_length_px);
        let anchor = *self.foot_anchor.get_or_insert(ankle);
        if torso_length > 1e-9 {
            form.foot_drift = Some(ankle.minus(anchor).length() / torso_length);
        }
        if let Some(line) = features
            .pelvis_line_deg
            .map(|line| self.pelvis_line.update(t, line))
        {
            match (resting, self.rest_pelvis_line_deg) {
                (true, Some(base)) => {
                    self.rest_pelvis_line_deg = Some(base + REST_BASELINE_WEIGHT * (line - base));
                }
                (true, None) => self.rest_pelvis_line_deg = Some(line),
                (false, Some(base)) => form.pelvis_deg = Some((line - base).abs()),
                (false, None) => {}
            }
        }
        if let Some(spread) = features
            .knee_spread_ratio
            .map(|spread| self.knee_spread.update(t, spread))
        {
            match (resting, self.rest_knee_spread) {
                (true, Some(base)) => {
                    self.rest_knee_spread = Some(base + REST_BASELINE_WEIGHT * (spread - base));
                }
                (true, None) => self.rest_knee_spread = Some(spread),
                (false, Some(base)) if base > 1e-9 => {
                    form.knee_spread_change = Some((spread / base - 1.0).abs());
                }
                (false, _) => {}
            }
        }
        form
    }

    /// Ends the stream; a rep in progress is abandoned. Returns the set totals.
    pub fn finish(&mut self, sink: &mut impl FnMut(Event)) -> SetSummary {
        self.tracker.finish(sink)
    }

    /// Totals so far.
    pub fn summary(&self) -> SetSummary {
        self.tracker.summary()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn signed_angle_is_straight_at_180_and_mirrors() {
        // Shoulder left, knee right, hip on the line.
        let straight = signed_hip_angle(p(0.0, 100.0), p(50.0, 75.0), p(100.0, 50.0)).unwrap();
        assert!((straight - 180.0).abs() < 1e-9);
        // Hip below the line (image y larger): flexed, < 180.
        let flexed = signed_hip_angle(p(0.0, 100.0), p(50.0, 100.0), p(100.0, 50.0)).unwrap();
        assert!(flexed < 170.0);
        // Mirror image (facing the other way) gives the same angle.
        let mirrored = signed_hip_angle(p(100.0, 100.0), p(50.0, 100.0), p(0.0, 50.0)).unwrap();
        assert!((flexed - mirrored).abs() < 1e-9);
        // Hip above the line: over-arched, > 180.
        let arched = signed_hip_angle(p(0.0, 100.0), p(50.0, 60.0), p(100.0, 50.0)).unwrap();
        assert!(arched > 180.0);
        assert!(signed_hip_angle(p(1.0, 1.0), p(1.0, 1.0), p(2.0, 2.0)).is_none());
    }

    #[test]
    fn angles_use_pixels_not_normalised_units() {
        let mut frame = PoseFrame {
            t: 0.0,
            landmarks: [Landmark {
                visibility: 0.9,
                ..Landmark::default()
            }; 33],
        };
        // In normalised units this is a right angle; on a 1280×720 frame it is not.
        frame.landmarks[index::LEFT_SHOULDER] = Landmark {
            x: 0.2,
            y: 0.5,
            z: 0.0,
            visibility: 0.9,
        };
        frame.landmarks[index::LEFT_HIP] = Landmark {
            x: 0.4,
            y: 0.5,
            z: 0.0,
            visibility: 0.9,
        };
        frame.landmarks[index::LEFT_KNEE] = Landmark {
            x: 0.4,
            y: 0.3,
            z: 0.0,
            visibility: 0.9,
        };
        let square = PoseFeatures::measure(
            &frame,
            Side::Left,
            FrameSize {
                width: 100.0,
                height: 100.0,
            },
        )
        .unwrap();
        let wide = PoseFeatures::measure(
            &frame,
            Side::Left,
            FrameSize {
                width: 1280.0,
                height: 720.0,
            },
        )
        .unwrap();
        assert!((square.hip_angle_deg - 90.0).abs() < 1e-9);
        assert!(
            (wide.hip_angle_deg - 90.0).abs() < 1e-9,
            "a right angle stays right when only x or y scales"
        );
        frame.landmarks[index::LEFT_KNEE] = Landmark {
            x: 0.6,
            y: 0.3,
            z: 0.0,
            visibility: 0.9,
        };
        let square = PoseFeatures::measure(
            &frame,
            Side::Left,
            FrameSize {
                width: 100.0,
                height: 100.0,
            },
        )
        .unwrap();
        let wide = PoseFeatures::measure(
            &frame,
            Side::Left,
            FrameSize {
                width: 1280.0,
                height: 720.0,
            },
        )
        .unwrap();
        assert!((square.hip_angle_deg - 135.0).abs() < 1e-9);
        let expected = 180.0 - (0.2f64 * 720.0).atan2(0.2 * 1280.0).to_degrees();
        assert!((wide.hip_angle_deg - expected).abs() < 1e-9);
    }

    #[test]
    fn more_visible_side_is_chosen_with_a_margin() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut engine = PoseEngine::new(
            &profile,
            FrameSize {
                width: 640.0,
                height: 480.0,
            },
        );
        let mut frame = PoseFrame {
            t: 0.0,
            landmarks: [Landmark {
                visibility: 0.3,
                ..Landmark::default()
            }; 33],
        };
        for i in [index::RIGHT_SHOULDER, index::RIGHT_HIP, index::RIGHT_KNEE] {
            frame.landmarks[i].visibility = 0.9;
        }
        assert_eq!(engine.choose_side(&frame), Side::Right);
        for i in [index::LEFT_SHOULDER, index::LEFT_HIP, index::LEFT_KNEE] {
            frame.landmarks[i].visibility = 0.95;
        }
        assert_eq!(
            engine.choose_side(&frame),
            Side::Right,
            "within the margin: no switch"
        );
        for i in [index::RIGHT_SHOULDER, index::RIGHT_HIP, index::RIGHT_KNEE] {
            frame.landmarks[i].visibility = 0.6;
        }
        assert_eq!(engine.choose_side(&frame), Side::Left);
    }

    #[test]
    fn single_leg_prefers_the_working_side_without_flickering() {
        let profile = ExerciseProfile::single_leg_bridge(Side::Left);
        let mut engine = PoseEngine::new(
            &profile,
            FrameSize {
                width: 640.0,
                height: 480.0,
            },
        );
        let mut frame = PoseFrame {
            t: 0.0,
            landmarks: [Landmark {
                visibility: 0.9,
                ..Landmark::default()
            }; 33],
        };
        for i in [index::LEFT_SHOULDER, index::LEFT_HIP, index::LEFT_KNEE] {
            frame.landmarks[i].visibility = 0.75;
        }
        assert_eq!(
            engine.choose_side(&frame),
            Side::Left,
            "working side wins a near tie"
        );
        for i in [index::LEFT_SHOULDER, index::LEFT_HIP, index::LEFT_KNEE] {
            frame.landmarks[i].visibility = 0.6;
        }
        assert_eq!(
            engine.choose_side(&frame),
            Side::Left,
            "within the margin: stays"
        );
        for i in [index::LEFT_SHOULDER, index::LEFT_HIP, index::LEFT_KNEE] {
            frame.landmarks[i].visibility = 0.2;
        }
        assert_eq!(
            engine.choose_side(&frame),
            Side::Right,
            "working side hidden: the other side"
        );
    }

    #[test]
    fn invisible_or_nan_frames_are_dropped() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut engine = PoseEngine::new(
            &profile,
            FrameSize {
                width: 640.0,
                height: 480.0,
            },
        );
        let mut frame = PoseFrame {
            t: 0.0,
            landmarks: [Landmark {
                visibility: 0.1,
                ..Landmark::default()
            }; 33],
        };
        engine.push(&frame, &mut |_| {});
        frame.t = 0.1;
        frame.landmarks[0].x = f64::NAN;
        engine.push(&frame, &mut |_| {});
        assert_eq!(
            engine.counts(),
            FrameCounts {
                frames: 2,
                dropped: 2
            }
        );
    }
}
