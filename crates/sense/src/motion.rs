//! Motion input: a phone resting on the pelvis (DeviceMotion samples) to rep events.
//!
//! The gravity direction comes from a complementary filter: the rotation
//! rate turns the previous estimate (no lag, no confusion with the pelvis's
//! own acceleration), and the acceleration including gravity pulls it back
//! slowly (research §5 suggests low-passing the accelerometer; the gyroscope
//! keeps the phase timing sharp). Browsers disagree on the rotation rate's
//! sign (MDN), so both signs are propagated and the one whose prediction
//! agrees better with the accelerometer is used; without a gyroscope both
//! reduce to a low-pass of the accelerometer. The rep signal is the tilt of that direction away from the
//! resting direction, in degrees, so it does not matter how the phone was
//! turned on the pelvis (portrait, landscape, screen up or down) or which
//! sign convention the browser uses. The rotation axis of the first full rep,
//! snapped to the phone's nearer x or y axis (the phone lies along or across
//! the body), defines "pitch"; tilt about the perpendicular axis at the top is
//! pelvis roll, the drop or rotation of one side. The rotation rate tells when the
//! phone is still (for calibration).

use crate::events::{Event, SetSummary};
use crate::filter::Ema;
use crate::pose::FrameCounts;
use crate::profile::ExerciseProfile;
use crate::tracker::{FormLimits, FormSample, NominalTop, PersonalRange, Phase, RepTracker};

/// One DeviceMotion sample.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MotionSample {
    /// Stream time, seconds.
    pub t: f64,
    /// Acceleration including gravity, m/s², device axes x, y, z.
    pub accel: [f64; 3],
    /// Rotation rate, deg/s, about the device axes x, y, z.
    pub gyro: [f64; 3],
}

/// Time constant with which the accelerometer corrects the gravity
/// estimate, seconds (the gyroscope carries it in between).
const GRAVITY_TAU_S: f64 = 0.5;
/// Time constant of the disagreement between the two rotation-rate signs.
const SIGN_TAU_S: f64 = 5.0;
/// Time constant of the rotation-rate magnitude used for stillness, seconds.
const GYRO_TAU_S: f64 = 0.25;
/// Time constant of the slow refinement of the resting direction, seconds.
const REST_DIRECTION_TAU_S: f64 = 5.0;
/// The resting direction is refined only while the tilt stays below this
/// fraction of the nominal ROM (so that a slow lift does not drag it along).
const REST_DIRECTION_BAND: f64 = 0.12;
/// Plausible magnitude bounds for acceleration including gravity, m/s².
const ACCEL_RANGE: (f64, f64) = (2.0, 40.0);

type Vec3 = [f64; 3];

fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn norm(a: Vec3) -> f64 {
    dot(a, a).sqrt()
}

fn unit(a: Vec3) -> Option<Vec3> {
    let n = norm(a);
    (n > 1e-9).then(|| [a[0] / n, a[1] / n, a[2] / n])
}

/// Angle between two unit vectors, degrees.
fn angle_deg(a: Vec3, b: Vec3) -> f64 {
    dot(a, b).clamp(-1.0, 1.0).acos().to_degrees()
}

/// The bridge rotates the pelvis about the body's left–right axis. The phone
/// is assumed to lie along or across the body (portrait or landscape, as the
/// app asks), so that axis is one of the phone's own x or y axes. Snapping the
/// measured rotation axis of the first rep to the nearer one separates a
/// consistent sideways roll from the lift itself; measuring the axis alone
/// would absorb a roll present in every rep.
fn snap_to_device_axis(measured: Vec3, rest: Vec3) -> Vec3 {
    let candidates = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]].map(|axis: Vec3| {
        let along_rest = dot(axis, rest);
        unit([
            axis[0] - along_rest * rest[0],
            axis[1] - along_rest * rest[1],
            axis[2] - along_rest * rest[2],
        ])
    });
    let best = candidates
        .into_iter()
        .flatten()
        .max_by(|a, b| dot(*a, measured).abs().total_cmp(&dot(*b, measured).abs()));
    match best {
        Some(axis) if dot(axis, measured) < 0.0 => [-axis[0], -axis[1], -axis[2]],
        Some(axis) => axis,
        None => measured,
    }
}

/// Gravity in device axes, propagated with the rotation rate under both
/// sign conventions and corrected towards the accelerometer.
#[derive(Debug, Clone, Copy, Default)]
struct GravityFilter {
    estimates: Option<[Vec3; 2]>,
    disagreement: [f64; 2],
}

impl GravityFilter {
    fn update(&mut self, accel: Vec3, gyro_dps: Vec3, dt: f64) -> Vec3 {
        let Some(mut estimates) = self.estimates else {
            self.estimates = Some([accel, accel]);
            return accel;
        };
        let pull = 1.0 - (-dt / GRAVITY_TAU_S).exp();
        let settle = 1.0 - (-dt / SIGN_TAU_S).exp();
        let omega = gyro_dps.map(f64::to_radians);
        for (k, sign) in [1.0, -1.0].into_iter().enumerate() {
            // A vector fixed in the world turns the other way in device axes.
            let turn = cross(omega, estimates[k]);
            let predicted: Vec3 = std::array::from_fn(|i| estimates[k][i] - sign * turn[i] * dt);
            let miss = norm(std::array::from_fn(|i| accel[i] - predicted[i]));
            self.disagreement[k] += settle * (miss * miss - self.disagreement[k]);
            estimates[k] = std::array::from_fn(|i| predicted[i] + pull * (accel[i] - predicted[i]));
        }
        self.estimates = Some(estimates);
        if self.disagreement[0] <= self.disagreement[1] {
            estimates[0]
        } else {
            estimates[1]
        }
    }
}

/// Streaming engine for motion samples. One per set; allocation happens only in [`MotionEngine::new`].
#[derive(Debug, Clone)]
pub struct MotionEngine {
    profile: ExerciseProfile,
    tracker: RepTracker,
    gravity: GravityFilter,
    gyro_magnitude: Ema,
    rest_direction: Option<Vec3>,
    pitch_axis: Option<Vec3>,
    axis_sum: Vec3,
    last_phase: Phase,
    last_t: Option<f64>,
    counts: FrameCounts,
}

impl MotionEngine {
    /// A new engine for one set.
    pub fn new(profile: &ExerciseProfile) -> Self {
        Self::with_prior(profile, None)
    }

    /// A new engine for one set, with the person's range from an earlier
    /// session ([`MotionEngine::personal_range`]) to judge the first rep.
    pub fn with_prior(profile: &ExerciseProfile, prior: Option<PersonalRange>) -> Self {
        let limits = FormLimits {
            pelvis_deg: profile.motion_max_roll_deg,
            knee_spread_change: f64::INFINITY,
            foot_drift: f64::INFINITY,
        };
        Self {
            profile: profile.clone(),
            tracker: RepTracker::new(
                profile,
                NominalTop::Rise(profile.motion_nominal_rom_deg),
                limits,
                prior,
            ),
            gravity: GravityFilter::default(),
            gyro_magnitude: Ema::new(GYRO_TAU_S),
            rest_direction: None,
            pitch_axis: None,
            axis_sum: [0.0; 3],
            last_phase: Phase::Calibrating,
            last_t: None,
            counts: FrameCounts::default(),
        }
    }

    /// The person's range measured in this set (pelvis tilt from rest, degrees),
    /// to store and pass to [`MotionEngine::with_prior`] next time.
    pub fn personal_range(&self) -> Option<PersonalRange> {
        self.tracker.personal_range()
    }

    /// Samples seen and dropped so far.
    pub fn counts(&self) -> FrameCounts {
        self.counts
    }

    /// Feeds one sample; events go to `sink`. Non-finite or implausible samples are dropped.
    pub fn push(&mut self, sample: &MotionSample, sink: &mut impl FnMut(Event)) {
        self.counts.frames += 1;
        let finite = sample.t.is_finite()
            && sample
                .accel
                .iter()
                .chain(&sample.gyro)
                .all(|v| v.is_finite());
        let magnitude = norm(sample.accel);
        if !finite || !(ACCEL_RANGE.0..=ACCEL_RANGE.1).contains(&magnitude) {
            self.counts.dropped += 1;
            return;
        }
        let t = sample.t;
        let dt = self.last_t.map_or(0.0, |last| (t - last).clamp(0.0, 1.0));
        self.last_t = Some(t);
        let gravity = self.gravity.update(sample.accel, sample.gyro, dt);
        let still =
            self.gyro_magnitude.update(t, norm(sample.gyro)) < self.profile.motion_still_gyro_dps;
        let Some(direction) = unit(gravity) else {
            self.counts.dropped += 1;
            return;
        };
        let flat_limit = self
            .profile
            .motion_max_flat_deviation_deg
            .to_radians()
            .cos();
        let phase = self.tracker.phase();
        match (phase, self.rest_direction) {
            (Phase::Calibrating, _) | (_, None) if still && direction[2].abs() >= flat_limit => {
                self.rest_direction = Some(direction);
            }
            (Phase::Rest, Some(rest))
                if still
                    && angle_deg(rest, direction)
                        < REST_DIRECTION_BAND * self.profile.motion_nominal_rom_deg =>
            {
                let weight = 1.0 - (-dt / REST_DIRECTION_TAU_S).exp();
                let blended = std::array::from_fn(|i| rest[i] + weight * (direction[i] - rest[i]));
                self.rest_direction = unit(blended).or(Some(rest));
            }
            _ => {}
        }
        let Some(rest) = self.rest_direction else {
            // Never seen lying still: not in position yet.
            self.tracker
                .push(t, 0.0, false, FormSample::default(), sink);
            return;
        };
        let tilt = angle_deg(rest, direction);
        let in_position = rest[2].abs() >= flat_limit && tilt <= self.profile.motion_max_tilt_deg;

        // Tilt vector: its direction is the rotation axis, its length sin(tilt).
        let tilt_vector = cross(rest, direction);
        let mut form = FormSample::default();
        if phase == Phase::Top {
            match self.pitch_axis {
                None if norm(tilt_vector) > 0.1 => {
                    for (sum, v) in self.axis_sum.iter_mut().zip(tilt_vector) {
                        *sum += v;
                    }
                }
                Some(axis) => {
                    let roll_axis = cross(rest, axis);
                    form.pelvis_deg = Some(
                        dot(tilt_vector, roll_axis)
                            .clamp(-1.0, 1.0)
                            .asin()
                            .to_degrees()
                            .abs(),
                    );
                }
                None => {}
            }
        }
        if self.last_phase == Phase::Top && phase != Phase::Top && self.pitch_axis.is_none() {
            self.pitch_axis =
                unit(self.axis_sum).map(|measured| snap_to_device_axis(measured, rest));
        }
        self.last_phase = phase;
        if phase == Phase::Calibrating {
            self.pitch_axis = None;
            self.axis_sum = [0.0; 3];
        }
        self.tracker.push(t, tilt, in_position, form, sink);
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

    /// Phone flat, turned `yaw` about its normal, pelvis pitched by `pitch` degrees.
    fn sample(t: f64, pitch_deg: f64, rate_dps: f64) -> MotionSample {
        let pitch = pitch_deg.to_radians();
        MotionSample {
            t,
            accel: [0.0, 9.81 * pitch.sin(), 9.81 * pitch.cos()],
            gyro: [rate_dps, 0.0, 0.0],
        }
    }

    fn pitch_at(t: f64) -> (f64, f64) {
        // Rest 3 s, then reps of 1 s up, 2 s hold, 2 s down, 2 s rest,
        // each movement eased (cosine): pitch and its rate.
        use std::f64::consts::PI;
        let u = t - 3.0;
        if u < 0.0 {
            return (0.0, 0.0);
        }
        let u = u % 7.0;
        let ease = |x: f64| (14.0 * (1.0 - (PI * x).cos()), 14.0 * PI * (PI * x).sin());
        if u < 1.0 {
            ease(u)
        } else if u < 3.0 {
            (28.0, 0.0)
        } else if u < 5.0 {
            let (p, r) = ease((u - 3.0) / 2.0);
            (28.0 - p, -r / 2.0)
        } else {
            (0.0, 0.0)
        }
    }

    #[test]
    fn counts_pelvis_tilts() {
        let profile = ExerciseProfile::bridge_top_hold();
        let mut engine = MotionEngine::new(&profile);
        let mut events = Vec::new();
        let mut t = 0.0;
        while t < 3.0 + 4.0 * 7.0 {
            let (pitch, rate) = pitch_at(t);
            engine.push(&sample(t, pitch, rate), &mut |e| events.push(e));
            t += 0.02;
        }
        let summary = engine.finish(&mut |e| events.push(e));
        assert_eq!(summary.reps, 4);
        let hold = summary.mean_hold_s.unwrap();
        let lower = summary.mean_lower_s.unwrap();
        assert!((hold - 2.0).abs() < 0.25, "hold {hold}");
        assert!((lower - 2.0).abs() < 0.25, "lower {lower}");
    }

    #[test]
    fn upright_phone_is_not_in_position() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut engine = MotionEngine::new(&profile);
        let mut events = Vec::new();
        let mut t = 0.0;
        while t < 20.0 {
            // Phone standing on its edge (sitting user), swaying 30° back and forth.
            let sway = 30.0 * f64::sin(t);
            let angle = (80.0_f64 + sway).to_radians();
            let s = MotionSample {
                t,
                accel: [0.0, 9.81 * angle.sin(), 9.81 * angle.cos()],
                gyro: [0.0; 3],
            };
            engine.push(&s, &mut |e| events.push(e));
            t += 0.02;
        }
        assert_eq!(engine.finish(&mut |e| events.push(e)).reps, 0);
    }

    #[test]
    fn implausible_samples_are_dropped() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut engine = MotionEngine::new(&profile);
        engine.push(
            &MotionSample {
                t: 0.0,
                accel: [0.0, 0.0, 0.0],
                gyro: [0.0; 3],
            },
            &mut |_| {},
        );
        engine.push(
            &MotionSample {
                t: 0.1,
                accel: [f64::NAN, 0.0, 9.8],
                gyro: [0.0; 3],
            },
            &mut |_| {},
        );
        engine.push(
            &MotionSample {
                t: 0.2,
                accel: [0.0, 0.0, 9.8],
                gyro: [0.0; 3],
            },
            &mut |_| {},
        );
        assert_eq!(
            engine.counts(),
            FrameCounts {
                frames: 3,
                dropped: 2
            }
        );
    }
}
