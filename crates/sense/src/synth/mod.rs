//! Synthetic bridge sessions with known truth, for tests, benchmarks and other crates.
//!
//! Deterministic from a seed (own small PRNG, no dependency). A [`Plan`]
//! describes a session: a body (segment lengths), a camera (distance,
//! height, yaw for oblique views, which side faces it, frame size), a
//! capture (frame rate 10–60 fps with timing jitter, landmark noise,
//! dropped and low-visibility frames, glitches), the set (tempo of each rep,
//! rests, pauses mid-set, partial reps, a pause part-way down) and the
//! getting into position and getting up again. [`pose_session`] renders it as
//! MediaPipe-like landmark frames, [`motion_session`] as DeviceMotion samples
//! from a phone on the pelvis; both return the [`Truth`].
//!
//! Movement model: each lift and lowering eases in and out of the movement
//! ([`Easing`]: minimum-jerk, cosine or skewed), as people start slowly and
//! arrive slowly; the hold stays at the rep's height. The truth phase
//! boundaries are where each movement starts and ends: lift = leaving the
//! floor to reaching the top, hold = time at the top, lower = leaving the top
//! to reaching the floor. Getting into position and sitting up have rounded
//! corners (a short moving average).
//!
//! Behind the `synth` cargo feature: only tests, benchmarks and other
//! crates' tests use it. The body and its sensors are in `session`.

use crate::motion::MotionSample;
use crate::pose::{FrameSize, PoseFrame};
use crate::profile::Side;

/// Small deterministic PRNG (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Uniform integer in [low, high].
    pub fn int(&mut self, low: u32, high: u32) -> u32 {
        let (low, high) = (low.min(high), low.max(high));
        let span = u64::from(high) - u64::from(low) + 1;
        low + (self.next_u64() % span) as u32
    }
}

/// Segment lengths and resting posture, metres and degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Shoulder to hip.
    pub torso_m: f64,
    /// Hip to knee.
    pub thigh_m: f64,
    /// Knee to ankle.
    pub shin_m: f64,
    /// Heel to toe.
    pub foot_m: f64,
    /// Distance between the hip joints.
    pub hip_width_m: f64,
    /// Knee angle at rest (feet placement), degrees.
    pub rest_knee_deg: f64,
    /// Peak signed shoulder–hip–knee angle of a full rep, degrees (180 = straight).
    pub top_hip_angle_deg: f64,
}

/// Where the camera is and what it produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Camera {
    /// Horizontal distance from the body's mid-line, metres.
    pub distance_m: f64,
    /// Lens height above the floor, metres.
    pub height_m: f64,
    /// Rotation around the body from a pure side view, degrees (oblique ≈ 30–45).
    pub yaw_deg: f64,
    /// The subject's side that faces the camera.
    pub near_side: Side,
    /// Horizontal field of view, degrees.
    pub fov_deg: f64,
    /// Frame size in pixels.
    pub frame: FrameSize,
}

/// How frames are captured.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    /// Nominal frames (or samples) per second.
    pub rate_hz: f64,
    /// Each interval varies by up to ± this fraction.
    pub interval_jitter: f64,
    /// Landmark noise, standard deviation as a fraction of the torso length in pixels.
    pub landmark_noise: f64,
    /// Probability that a frame is lost.
    pub drop_probability: f64,
    /// Probability per second of a burst of low-visibility frames (0.3–0.8 s).
    pub low_visibility_rate: f64,
    /// Probability per frame that one key landmark jumps (a tracking glitch).
    pub glitch_probability: f64,
    /// Accelerometer noise, m/s² (motion).
    pub accel_noise: f64,
    /// Gyroscope noise, deg/s (motion).
    pub gyro_noise: f64,
}

/// One planned rep.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRep {
    /// Lift (concentric) time, seconds.
    pub lift_s: f64,
    /// Top hold, seconds.
    pub hold_s: f64,
    /// Lowering (eccentric) time, seconds, excluding any pause.
    pub lower_s: f64,
    /// Rest at the bottom after the rep, seconds.
    pub rest_s: f64,
    /// Fraction of the full height reached (1 = full; < 0.6 = partial).
    pub reach: f64,
    /// A pause half-way down, seconds (0 = none).
    pub pause_mid_lower_s: f64,
    /// How the lift eases in and out.
    pub lift_easing: Easing,
    /// How the lowering eases in and out.
    pub lower_easing: Easing,
}

/// The shape of a movement between two levels: people start slowly and
/// arrive slowly (a bell-shaped velocity profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Easing {
    /// Minimum-jerk: 10u³ − 15u⁴ + 6u⁵.
    MinimumJerk,
    /// Half a cosine: (1 − cos πu) / 2.
    Cosine,
    /// Slow start, quicker arrival: minimum-jerk of u^1.35.
    Skewed,
}

impl Easing {
    /// Progress (0..1) at time fraction `u` (0..1).
    pub fn at(self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        let minimum_jerk = |u: f64| u * u * u * (10.0 + u * (-15.0 + 6.0 * u));
        match self {
            Easing::MinimumJerk => minimum_jerk(u),
            Easing::Cosine => 0.5 - 0.5 * (std::f64::consts::PI * u).cos(),
            Easing::Skewed => minimum_jerk(u.powf(1.35)),
        }
    }

    fn random(rng: &mut Rng) -> Self {
        match rng.int(0, 2) {
            0 => Easing::MinimumJerk,
            1 => Easing::Cosine,
            _ => Easing::Skewed,
        }
    }
}

/// A whole session.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The seed the plan came from (noise streams derive from it).
    pub seed: u64,
    /// The body.
    pub body: Body,
    /// The camera (pose sessions).
    pub camera: Camera,
    /// Pose capture.
    pub pose_capture: Capture,
    /// Motion capture.
    pub motion_capture: Capture,
    /// Stream time of the first frame, seconds.
    pub start_s: f64,
    /// Sitting before lying down, seconds.
    pub sit_before_s: f64,
    /// Lying down, seconds.
    pub lie_down_s: f64,
    /// Still on the back before the first rep, seconds.
    pub settle_s: f64,
    /// The reps.
    pub reps: Vec<PlannedRep>,
    /// Sitting up at the end, seconds (0 = stays down).
    pub get_up_s: f64,
    /// Corner rounding window, seconds.
    pub ease_s: f64,
    /// Pelvis roll at the top of a full rep, degrees (asymmetry; motion).
    pub top_roll_deg: f64,
    /// Phone turned on the pelvis around its screen normal, degrees (motion):
    /// 0, 90, 180 or 270 (along or across the body) give or take 10°.
    pub phone_yaw_deg: f64,
    /// Phone lies screen down (motion).
    pub phone_screen_down: bool,
    /// Feet sliding away from the body once the set has started, metres per
    /// second (0 in random plans; set it to test the "feet drifting" cue).
    pub foot_slide_m_per_s: f64,
}

/// Kind of set to plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// Short or no hold at the top (active shoulder bridge).
    NoHold,
    /// A 2–5 s hold at the top (bridge with hold).
    Hold,
}

/// Feet slide at most this far (further, the legs would be almost straight).
pub const MAX_FOOT_SLIDE_M: f64 = 0.15;

/// Partial reps reach at most this fraction of the full height.
pub const PARTIAL_REACH_MAX: f64 = 0.5;

impl Plan {
    /// A random but plausible session. Everything the brief lists varies with the seed.
    pub fn random(seed: u64, kind: SetKind) -> Self {
        let mut rng = Rng::new(seed);
        let torso_m = rng.uniform(0.42, 0.58);
        let body = Body {
            torso_m,
            thigh_m: rng.uniform(0.38, 0.50),
            shin_m: rng.uniform(0.38, 0.50),
            foot_m: rng.uniform(0.22, 0.28),
            hip_width_m: rng.uniform(0.15, 0.2),
            rest_knee_deg: rng.uniform(75.0, 100.0),
            // Stiff-hipped runners stop at 158–165°; some over-arch to 186°.
            top_hip_angle_deg: rng.uniform(158.0, 186.0),
        };
        let oblique = rng.chance(0.35);
        let yaw_deg = if oblique {
            rng.uniform(30.0, 45.0) * if rng.chance(0.5) { 1.0 } else { -1.0 }
        } else {
            rng.uniform(-8.0, 8.0)
        };
        let frames = [
            (640.0, 480.0),
            (1280.0, 720.0),
            (960.0, 540.0),
            (1920.0, 1080.0),
        ];
        let (width, height) = frames[rng.int(0, 3) as usize];
        let camera = Camera {
            distance_m: rng.uniform(1.8, 3.5),
            height_m: rng.uniform(0.25, 1.0),
            yaw_deg,
            near_side: if rng.chance(0.5) {
                Side::Left
            } else {
                Side::Right
            },
            fov_deg: rng.uniform(60.0, 75.0),
            frame: FrameSize { width, height },
        };
        let pose_capture = Capture {
            rate_hz: rng.uniform(10.0, 60.0),
            interval_jitter: rng.uniform(0.0, 0.3),
            landmark_noise: rng.uniform(0.008, 0.03),
            drop_probability: rng.uniform(0.0, 0.1),
            low_visibility_rate: rng.uniform(0.0, 0.06),
            glitch_probability: rng.uniform(0.0, 0.01),
            accel_noise: 0.0,
            gyro_noise: 0.0,
        };
        let motion_capture = Capture {
            rate_hz: rng.uniform(20.0, 100.0),
            interval_jitter: rng.uniform(0.0, 0.3),
            landmark_noise: 0.0,
            drop_probability: rng.uniform(0.0, 0.03),
            low_visibility_rate: 0.0,
            glitch_probability: 0.0,
            accel_noise: rng.uniform(0.03, 0.25),
            gyro_noise: rng.uniform(0.3, 2.0),
        };
        let rep_count = rng.int(3, 12);
        let (lift, hold, lower) = match kind {
            SetKind::NoHold => (
                rng.uniform(0.7, 1.5),
                rng.uniform(0.0, 0.6),
                rng.uniform(0.8, 3.0),
            ),
            SetKind::Hold => (
                rng.uniform(0.7, 1.5),
                rng.uniform(2.0, 5.0),
                rng.uniform(1.0, 3.5),
            ),
        };
        let rest = rng.uniform(0.6, 2.0);
        let reps = (0..rep_count)
            .map(|_| {
                let vary = |rng: &mut Rng, v: f64| v * rng.uniform(0.85, 1.15);
                let partial = rng.chance(0.08);
                let pause_mid_lower_s = if !partial && rng.chance(0.06) {
                    rng.uniform(0.5, 1.5)
                } else {
                    0.0
                };
                let mid_set_pause = rng.chance(0.1);
                PlannedRep {
                    lift_s: vary(&mut rng, lift),
                    hold_s: vary(&mut rng, hold),
                    lower_s: if rng.chance(0.1) {
                        rng.uniform(0.4, 0.9)
                    } else {
                        vary(&mut rng, lower)
                    },
                    rest_s: if mid_set_pause {
                        rng.uniform(4.0, 10.0)
                    } else {
                        vary(&mut rng, rest)
                    },
                    reach: if partial {
                        rng.uniform(0.25, PARTIAL_REACH_MAX)
                    } else {
                        rng.uniform(0.95, 1.0)
                    },
                    pause_mid_lower_s,
                    lift_easing: Easing::random(&mut rng),
                    lower_easing: Easing::random(&mut rng),
                }
            })
            .collect();
        Self {
            seed,
            body,
            camera,
            pose_capture,
            motion_capture,
            start_s: rng.uniform(0.0, 30.0),
            sit_before_s: rng.uniform(0.5, 2.0),
            lie_down_s: rng.uniform(1.0, 2.0),
            settle_s: rng.uniform(1.2, 3.0),
            reps,
            get_up_s: if rng.chance(0.8) {
                rng.uniform(1.0, 2.0)
            } else {
                0.0
            },
            ease_s: rng.uniform(0.15, 0.35),
            top_roll_deg: if rng.chance(0.15) {
                rng.uniform(8.0, 14.0)
            } else {
                rng.uniform(0.0, 2.0)
            },
            // Along or across the body, as the app asks, give or take 10°.
            phone_yaw_deg: f64::from(rng.int(0, 3)) * 90.0 + rng.uniform(-10.0, 10.0),
            phone_screen_down: rng.chance(0.2),
            foot_slide_m_per_s: 0.0,
        }
    }

    /// How far the feet have slid at time `t`, metres.
    fn foot_slide(&self, t: f64) -> f64 {
        let first_rep = self.start_s + self.sit_before_s + self.lie_down_s + self.settle_s;
        (self.foot_slide_m_per_s * (t - first_rep).max(0.0)).min(MAX_FOOT_SLIDE_M)
    }

    /// The known truth of this plan.
    pub fn truth(&self) -> Truth {
        let mut t = self.start_s + self.sit_before_s + self.lie_down_s + self.settle_s;
        let mut reps = Vec::with_capacity(self.reps.len());
        for rep in &self.reps {
            let top = t + rep.lift_s;
            let hold_end = top + rep.hold_s;
            let end = hold_end + rep.lower_s + rep.pause_mid_lower_s;
            reps.push(TruthRep {
                start_s: t,
                top_s: top,
                hold_end_s: hold_end,
                end_s: end,
                lift_s: rep.lift_s,
                hold_s: rep.hold_s,
                lower_s: rep.lower_s + rep.pause_mid_lower_s,
                partial: rep.reach < 0.6,
                steady_lowering: rep.pause_mid_lower_s == 0.0,
            });
            t = end + rep.rest_s;
        }
        Truth {
            reps,
            end_s: t + self.get_up_end_extra(),
        }
    }

    fn truth_end_of_reps(&self) -> f64 {
        let first_rep = self.start_s + self.sit_before_s + self.lie_down_s + self.settle_s;
        first_rep
            + self
                .reps
                .iter()
                .map(|r| r.lift_s + r.hold_s + r.lower_s + r.pause_mid_lower_s + r.rest_s)
                .sum::<f64>()
    }

    fn get_up_end_extra(&self) -> f64 {
        if self.get_up_s > 0.0 {
            self.get_up_s + 1.0
        } else {
            1.0
        }
    }

    /// Posture at time `t` before rounding: (torso angle from lying in degrees
    /// while sitting, or hip lift fraction while lying).
    fn raw_posture(&self, t: f64) -> Posture {
        let mut u = t - self.start_s;
        if u < self.sit_before_s {
            return Posture::Sitting(1.0);
        }
        u -= self.sit_before_s;
        if u < self.lie_down_s {
            return Posture::Sitting(1.0 - u / self.lie_down_s);
        }
        u -= self.lie_down_s + self.settle_s;
        if u < 0.0 {
            return Posture::Lying {
                lift: 0.0,
                roll: 0.0,
            };
        }
        for rep in &self.reps {
            let lower_total = rep.lower_s + rep.pause_mid_lower_s;
            let duration = rep.lift_s + rep.hold_s + lower_total + rep.rest_s;
            if u < duration {
                let lift = if u < rep.lift_s {
                    rep.reach * rep.lift_easing.at(u / rep.lift_s)
                } else if u < rep.lift_s + rep.hold_s {
                    rep.reach
                } else if u < rep.lift_s + rep.hold_s + lower_total {
                    let d = u - rep.lift_s - rep.hold_s;
                    let half = rep.lower_s / 2.0;
                    let ease = rep.lower_easing;
                    let progress = if rep.pause_mid_lower_s == 0.0 {
                        ease.at(d / rep.lower_s)
                    } else if d < half {
                        0.5 * ease.at(d / half)
                    } else if d < half + rep.pause_mid_lower_s {
                        0.5
                    } else {
                        0.5 + 0.5 * ease.at((d - half - rep.pause_mid_lower_s) / half)
                    };
                    rep.reach * (1.0 - progress)
                } else {
                    0.0
                };
                let roll = if rep.reach >= 0.6 {
                    self.top_roll_deg * lift
                } else {
                    0.0
                };
                return Posture::Lying { lift, roll };
            }
            u -= duration;
        }
        if self.get_up_s > 0.0 && u < self.get_up_s {
            return Posture::Sitting(u / self.get_up_s);
        }
        if self.get_up_s > 0.0 {
            Posture::Sitting(1.0)
        } else {
            Posture::Lying {
                lift: 0.0,
                roll: 0.0,
            }
        }
    }

    /// Posture at time `t`: reps are eased already; the sitting transitions
    /// get rounded corners (mean over the easing window).
    fn posture(&self, t: f64) -> Posture {
        let first_rep = self.start_s + self.sit_before_s + self.lie_down_s + self.settle_s;
        let last_rep_end = self.truth_end_of_reps();
        if t >= first_rep && t < last_rep_end {
            return self.raw_posture(t);
        }
        const TAPS: usize = 9;
        let mut sitting = 0.0;
        let mut lift = 0.0;
        let mut roll = 0.0;
        let mut sitting_taps = 0;
        for k in 0..TAPS {
            let offset = self.ease_s * (k as f64 / (TAPS - 1) as f64 - 0.5);
            match self.raw_posture(t + offset) {
                Posture::Sitting(s) => {
                    sitting += s;
                    sitting_taps += 1;
                }
                Posture::Lying { lift: l, roll: r } => {
                    lift += l;
                    roll += r;
                }
            }
        }
        if sitting_taps * 2 > TAPS {
            Posture::Sitting(sitting / sitting_taps as f64)
        } else {
            let lying_taps = (TAPS - sitting_taps) as f64;
            Posture::Lying {
                lift: lift / lying_taps,
                roll: roll / lying_taps,
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Posture {
    /// 1 = sitting upright, 0 = lying flat.
    Sitting(f64),
    /// Hip lift fraction and pelvis roll in degrees.
    Lying { lift: f64, roll: f64 },
}

/// One rep as it really happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruthRep {
    /// Lift started.
    pub start_s: f64,
    /// Top reached.
    pub top_s: f64,
    /// Lowering started.
    pub hold_end_s: f64,
    /// Back down.
    pub end_s: f64,
    /// Lift time.
    pub lift_s: f64,
    /// Hold time.
    pub hold_s: f64,
    /// Lowering time (including a pause half-way down).
    pub lower_s: f64,
    /// Partial rep (should be reported, not counted).
    pub partial: bool,
    /// The lowering had no pause (its duration is well defined for timing checks).
    pub steady_lowering: bool,
}

/// The truth of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Every rep, full and partial.
    pub reps: Vec<TruthRep>,
    /// Stream end time.
    pub end_s: f64,
}

impl Truth {
    /// Number of full reps.
    pub fn full_reps(&self) -> usize {
        self.reps.iter().filter(|r| !r.partial).count()
    }

    /// Number of partial reps.
    pub fn partial_reps(&self) -> usize {
        self.reps.iter().filter(|r| r.partial).count()
    }
}

// ---------------------------------------------------------------- body model

mod session;

pub use session::{motion_session, pose_session};

/// Writes frames as a landmark JSON Lines file (see [`crate::format::write_landmarks`]).
pub fn to_jsonl(frames: &[PoseFrame], frame: FrameSize) -> String {
    crate::format::write_landmarks(frames, frame, "runstrong-synth")
}

/// Writes samples as a motion CSV file (see [`crate::format::write_motion`]).
pub fn to_csv(samples: &[MotionSample]) -> String {
    crate::format::write_motion(samples)
}
