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
//! Movement model: the intended tempo is piecewise linear in hip height
//! (rise for `lift_s`, stay for `hold_s`, come down for `lower_s`), and the
//! corners are rounded by averaging over a short window, as a person eases
//! in and out of each phase. The truth phase boundaries are the corners of
//! the intended (unrounded) profile.

use crate::motion::MotionSample;
use crate::pose::{FrameSize, LANDMARK_COUNT, Landmark, PoseFrame, index};
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

type Vec3 = [f64; 3];

fn add(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
fn sub(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
fn scale(a: Vec3, s: f64) -> Vec3 {
    [a[0] * s, a[1] * s, a[2] * s]
}
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
fn normalize(a: Vec3) -> Vec3 {
    let n = dot(a, a).sqrt().max(1e-12);
    scale(a, 1.0 / n)
}

/// Sagittal-plane (x toward the feet, y up) joint positions of one side.
#[derive(Debug, Clone, Copy)]
struct Sagittal {
    shoulder: [f64; 2],
    hip: [f64; 2],
    knee: [f64; 2],
    ankle: [f64; 2],
}

const SHOULDER_HEIGHT_M: f64 = 0.07;
const HIP_REST_HEIGHT_M: f64 = 0.09;
const ANKLE_HEIGHT_M: f64 = 0.08;

/// Knee position from hip and ankle (two-link), choosing the knee above the hip–ankle line.
fn knee_from(hip: [f64; 2], ankle: [f64; 2], thigh: f64, shin: f64) -> [f64; 2] {
    let dx = ankle[0] - hip[0];
    let dy = ankle[1] - hip[1];
    let d = (dx * dx + dy * dy).sqrt().clamp(1e-6, thigh + shin - 1e-6);
    let a = (thigh * thigh - shin * shin + d * d) / (2.0 * d);
    let h = (thigh * thigh - a * a).max(0.0).sqrt();
    let (ux, uy) = (dx / d, dy / d);
    let base = [hip[0] + a * ux, hip[1] + a * uy];
    // Two candidates; take the higher one.
    let first = [base[0] - h * uy, base[1] + h * ux];
    let second = [base[0] + h * uy, base[1] - h * ux];
    if first[1] >= second[1] { first } else { second }
}

fn signed_angle_2d(shoulder: [f64; 2], hip: [f64; 2], knee: [f64; 2]) -> f64 {
    let a = [shoulder[0] - hip[0], shoulder[1] - hip[1]];
    let b = [knee[0] - hip[0], knee[1] - hip[1]];
    let cosine = ((a[0] * b[0] + a[1] * b[1])
        / ((a[0].hypot(a[1])) * (b[0].hypot(b[1]))).max(1e-12))
    .clamp(-1.0, 1.0);
    let unsigned = cosine.acos().to_degrees();
    // y up here: hip above the shoulder–knee line means over-arched.
    let line = [knee[0] - shoulder[0], knee[1] - shoulder[1]];
    let offset = [hip[0] - shoulder[0], hip[1] - shoulder[1]];
    let cross_z = line[0] * offset[1] - line[1] * offset[0];
    if cross_z > 0.0 {
        360.0 - unsigned
    } else {
        unsigned
    }
}

struct Skeleton {
    body: Body,
    hip_rest_x: f64,
    ankle_x: f64,
    top_hip_height: f64,
}

impl Skeleton {
    fn new(body: &Body) -> Self {
        let hip_rest_x =
            (body.torso_m.powi(2) - (HIP_REST_HEIGHT_M - SHOULDER_HEIGHT_M).powi(2)).sqrt();
        let knee = body.rest_knee_deg.to_radians();
        let reach = (body.thigh_m.powi(2) + body.shin_m.powi(2)
            - 2.0 * body.thigh_m * body.shin_m * knee.cos())
        .sqrt();
        let ankle_x = hip_rest_x
            + (reach.powi(2) - (ANKLE_HEIGHT_M - HIP_REST_HEIGHT_M).powi(2))
                .max(0.0)
                .sqrt();
        let mut skeleton = Self {
            body: body.clone(),
            hip_rest_x,
            ankle_x,
            top_hip_height: HIP_REST_HEIGHT_M,
        };
        skeleton.top_hip_height = skeleton.top_height(0.0);
        skeleton
    }

    /// Hip height at which the signed angle reaches the body's top angle
    /// (bisection): the person lifts to their usual line wherever the feet are.
    fn top_height(&self, foot_slide: f64) -> f64 {
        let (mut low, mut high) = (
            HIP_REST_HEIGHT_M,
            self.body.torso_m * 0.95 + SHOULDER_HEIGHT_M,
        );
        for _ in 0..50 {
            let middle = 0.5 * (low + high);
            let pose = self.lying_at_height(middle, foot_slide);
            if signed_angle_2d(pose.shoulder, pose.hip, pose.knee) < self.body.top_hip_angle_deg {
                low = middle;
            } else {
                high = middle;
            }
        }
        0.5 * (low + high)
    }

    fn lying_at_height(&self, hip_height: f64, foot_slide: f64) -> Sagittal {
        let shoulder = [0.0, SHOULDER_HEIGHT_M];
        let rise = (hip_height - SHOULDER_HEIGHT_M).min(self.body.torso_m * 0.999);
        let hip = [
            (self.body.torso_m.powi(2) - rise * rise).max(0.0).sqrt(),
            hip_height,
        ];
        let ankle = [self.ankle_x + foot_slide, ANKLE_HEIGHT_M];
        Sagittal {
            shoulder,
            hip,
            knee: knee_from(hip, ankle, self.body.thigh_m, self.body.shin_m),
            ankle,
        }
    }

    fn at(&self, posture: Posture, foot_slide: f64) -> Sagittal {
        match posture {
            Posture::Lying { lift, .. } => {
                let top = if foot_slide == 0.0 {
                    self.top_hip_height
                } else {
                    self.top_height(foot_slide)
                };
                self.lying_at_height(
                    HIP_REST_HEIGHT_M + lift * (top - HIP_REST_HEIGHT_M),
                    foot_slide,
                )
            }
            Posture::Sitting(upright) => {
                let hip = [self.hip_rest_x, HIP_REST_HEIGHT_M];
                let rest_angle =
                    ((SHOULDER_HEIGHT_M - HIP_REST_HEIGHT_M) / self.body.torso_m).asin();
                let angle = rest_angle + upright * (85f64.to_radians() - rest_angle);
                let shoulder = [
                    hip[0] - self.body.torso_m * angle.cos(),
                    hip[1] + self.body.torso_m * angle.sin(),
                ];
                let ankle = [self.ankle_x + foot_slide, ANKLE_HEIGHT_M];
                Sagittal {
                    shoulder,
                    hip,
                    knee: knee_from(hip, ankle, self.body.thigh_m, self.body.shin_m),
                    ankle,
                }
            }
        }
    }

    /// All 33 landmarks in world coordinates (x toward the feet, y up, z toward the subject's right).
    fn world_landmarks(&self, posture: Posture, foot_slide: f64) -> [Vec3; LANDMARK_COUNT] {
        let s = self.at(posture, foot_slide);
        let half_hip = self.body.hip_width_m / 2.0;
        let half_shoulder = half_hip * 1.9;
        let at = |p: [f64; 2], z: f64| -> Vec3 { [p[0], p[1], z] };
        let torso_dir = normalize([s.hip[0] - s.shoulder[0], s.hip[1] - s.shoulder[1], 0.0]);
        let up_dir = [-torso_dir[1], torso_dir[0], 0.0];
        let up_dir = if up_dir[1] < 0.0 {
            scale(up_dir, -1.0)
        } else {
            up_dir
        };
        let head = add(
            at(s.shoulder, 0.0),
            add(scale(torso_dir, -0.22), scale(up_dir, 0.04)),
        );
        let mut out = [[0.0; 3]; LANDMARK_COUNT];
        out[index::NOSE] = add(head, scale(up_dir, 0.1));
        for (i, z) in [
            (1, -0.02),
            (2, -0.03),
            (3, -0.04),
            (4, 0.02),
            (5, 0.03),
            (6, 0.04),
        ] {
            out[i] = add(head, add(scale(up_dir, 0.09), [-0.02, 0.0, z]));
        }
        out[7] = add(head, [0.0, 0.0, -0.07]);
        out[8] = add(head, [0.0, 0.0, 0.07]);
        out[9] = add(head, add(scale(up_dir, 0.07), [0.02, 0.0, -0.02]));
        out[10] = add(head, add(scale(up_dir, 0.07), [0.02, 0.0, 0.02]));
        // Left is -z (supine, head toward -x, face up).
        for (sign, shoulder, elbow, wrist, hip, knee, ankle, heel, toe, fingers) in [
            (-1.0, 11, 13, 15, 23, 25, 27, 29, 31, [17, 19, 21]),
            (1.0, 12, 14, 16, 24, 26, 28, 30, 32, [18, 20, 22]),
        ] {
            let z = |w: f64| sign * w;
            out[shoulder] = at(s.shoulder, z(half_shoulder));
            // Arms rest on the floor beside the body.
            out[elbow] = [s.shoulder[0] + 0.27, 0.05, z(half_shoulder + 0.03)];
            out[wrist] = [s.shoulder[0] + 0.5, 0.04, z(half_shoulder + 0.02)];
            for (k, finger) in fingers.iter().enumerate() {
                out[*finger] = [
                    s.shoulder[0] + 0.57 + 0.01 * k as f64,
                    0.03,
                    z(half_shoulder + 0.01 * k as f64),
                ];
            }
            out[hip] = at(s.hip, z(half_hip));
            out[knee] = at(s.knee, z(half_hip * 0.9));
            out[ankle] = at(s.ankle, z(half_hip * 0.8));
            out[heel] = [s.ankle[0] - 0.05, 0.02, z(half_hip * 0.8)];
            out[toe] = [
                s.ankle[0] + self.body.foot_m - 0.05,
                0.02,
                z(half_hip * 0.8),
            ];
        }
        out
    }
}

struct Projector {
    position: Vec3,
    forward: Vec3,
    right: Vec3,
    up: Vec3,
    focal_px: f64,
    frame: FrameSize,
}

impl Projector {
    fn new(camera: &Camera, body: &Body) -> Self {
        let target = [0.35 * (body.torso_m + body.thigh_m + 0.4), 0.15, 0.0];
        let side_sign = match camera.near_side {
            Side::Left => -1.0,
            Side::Right => 1.0,
        };
        let yaw = camera.yaw_deg.to_radians();
        let position = [
            target[0] + camera.distance_m * yaw.sin(),
            camera.height_m,
            side_sign * camera.distance_m * yaw.cos(),
        ];
        let forward = normalize(sub(target, position));
        let right = normalize(cross(forward, [0.0, 1.0, 0.0]));
        let up = cross(right, forward);
        let focal_px = camera.frame.width / 2.0 / (camera.fov_deg.to_radians() / 2.0).tan();
        Self {
            position,
            forward,
            right,
            up,
            focal_px,
            frame: camera.frame,
        }
    }

    /// Pixel position and depth.
    fn project(&self, point: Vec3) -> (f64, f64, f64) {
        let p = sub(point, self.position);
        let depth = dot(p, self.forward).max(0.05);
        let x = self.frame.width / 2.0 + self.focal_px * dot(p, self.right) / depth;
        let y = self.frame.height / 2.0 - self.focal_px * dot(p, self.up) / depth;
        (x, y, depth)
    }
}

/// Next frame interval. Rates are kept within 1–1000 Hz and jitter below
/// 90 %, so that a hand-edited plan cannot stall the generator.
fn next_interval(rng: &mut Rng, capture: &Capture) -> f64 {
    let rate = if capture.rate_hz.is_finite() {
        capture.rate_hz.clamp(1.0, 1000.0)
    } else {
        30.0
    };
    let jitter = if capture.interval_jitter.is_finite() {
        capture.interval_jitter.clamp(0.0, 0.9)
    } else {
        0.0
    };
    (1.0 / rate) * (1.0 + jitter * rng.uniform(-1.0, 1.0))
}

/// Renders a plan as pose frames; also returns the frame size and the truth.
pub fn pose_session(plan: &Plan) -> (Vec<PoseFrame>, FrameSize, Truth) {
    let truth = plan.truth();
    let skeleton = Skeleton::new(&plan.body);
    let projector = Projector::new(&plan.camera, &plan.body);
    let capture = &plan.pose_capture;
    let mut rng = Rng::new(plan.seed.wrapping_mul(31).wrapping_add(7));
    let near_is_left = plan.camera.near_side == Side::Left;
    let oblique = plan.camera.yaw_deg.abs() > 20.0;
    let mut frames = Vec::new();
    let mut t = plan.start_s;
    let mut low_visibility_until = f64::NEG_INFINITY;
    while t < truth.end_s {
        let interval = next_interval(&mut rng, capture);
        if rng.chance(capture.low_visibility_rate * interval) {
            low_visibility_until = t + rng.uniform(0.3, 0.8);
        }
        if rng.chance(capture.drop_probability) {
            t += interval;
            continue;
        }
        let world = skeleton.world_landmarks(plan.posture(t), plan.foot_slide(t));
        let hip_mid = scale(add(world[index::LEFT_HIP], world[index::RIGHT_HIP]), 0.5);
        let (_, _, hip_depth) = projector.project(hip_mid);
        let shoulder_px = projector.project(world[index::LEFT_SHOULDER]);
        let hip_px = projector.project(world[index::LEFT_HIP]);
        let torso_px = (shoulder_px.0 - hip_px.0)
            .hypot(shoulder_px.1 - hip_px.1)
            .max(10.0);
        let low_visibility = t < low_visibility_until;
        let noise_px = capture.landmark_noise * torso_px * if low_visibility { 3.0 } else { 1.0 };
        let mut landmarks = [Landmark::default(); LANDMARK_COUNT];
        for (i, (slot, point)) in landmarks.iter_mut().zip(world.iter()).enumerate() {
            let (x, y, depth) = projector.project(*point);
            let is_left = matches!(
                i,
                1..=3 | 7 | 9 | 11 | 13 | 15 | 17 | 19 | 21 | 23 | 25 | 27 | 29 | 31
            );
            let is_right = matches!(
                i,
                4..=6 | 8 | 10 | 12 | 14 | 16 | 18 | 20 | 22 | 24 | 26 | 28 | 30 | 32
            );
            let near =
                (is_left && near_is_left) || (is_right && !near_is_left) || (!is_left && !is_right);
            let mut visibility = if near {
                rng.uniform(0.85, 0.995)
            } else if oblique {
                rng.uniform(0.45, 0.8)
            } else {
                rng.uniform(0.15, 0.6)
            };
            let far_noise = if near { 1.0 } else { 1.8 };
            if low_visibility {
                visibility *= rng.uniform(0.1, 0.5);
            }
            let px = x + noise_px * far_noise * rng.normal();
            let py = y + noise_px * far_noise * rng.normal();
            *slot = Landmark {
                x: px / plan.camera.frame.width,
                y: py / plan.camera.frame.height,
                z: (depth - hip_depth) / plan.camera.distance_m * 0.5,
                visibility,
            };
        }
        if rng.chance(capture.glitch_probability) {
            let key = [
                index::LEFT_HIP,
                index::RIGHT_HIP,
                index::LEFT_KNEE,
                index::RIGHT_KNEE,
            ];
            let which = key[rng.int(0, 3) as usize];
            landmarks[which].x += 0.3 * torso_px * rng.normal() / plan.camera.frame.width;
            landmarks[which].y += 0.3 * torso_px * rng.normal() / plan.camera.frame.height;
        }
        for landmark in &mut landmarks {
            landmark.x = landmark.x.clamp(-0.5, 1.5);
            landmark.y = landmark.y.clamp(-0.5, 1.5);
        }
        frames.push(PoseFrame { t, landmarks });
        t += interval;
    }
    (frames, plan.camera.frame, truth)
}

fn rotate_z(v: Vec3, angle: f64) -> Vec3 {
    let (s, c) = angle.sin_cos();
    [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]]
}
fn rotate_x(v: Vec3, angle: f64) -> Vec3 {
    let (s, c) = angle.sin_cos();
    [v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]]
}
fn rotate_y(v: Vec3, angle: f64) -> Vec3 {
    let (s, c) = angle.sin_cos();
    [c * v[0] + s * v[2], v[1], -s * v[0] + c * v[2]]
}

/// Pelvis orientation (pitch about the lateral axis, roll about the long axis), radians.
fn pelvis_angles(skeleton: &Skeleton, posture: Posture) -> (f64, f64) {
    let rest = skeleton.lying_at_height(HIP_REST_HEIGHT_M, 0.0);
    let rest_angle = (rest.hip[1] - rest.shoulder[1]).atan2(rest.hip[0] - rest.shoulder[0]);
    match posture {
        Posture::Lying { roll, .. } => {
            let s = skeleton.at(posture, 0.0);
            let angle = (s.hip[1] - s.shoulder[1]).atan2(s.hip[0] - s.shoulder[0]);
            (angle - rest_angle, roll.to_radians())
        }
        // Sitting up tips the pelvis the other way (anterior), about 80 % of the torso.
        Posture::Sitting(upright) => (-0.8 * upright * 85f64.to_radians(), 0.0),
    }
}

/// Device axes expressed in world coordinates for a pelvis orientation.
fn device_axes(plan: &Plan, pitch: f64, roll: f64) -> [Vec3; 3] {
    let yaw = plan.phone_yaw_deg.to_radians();
    // Phone flat on the pelvis: screen normal up (or down), turned by `yaw`.
    let (x0, y0, z0): (Vec3, Vec3, Vec3) = if plan.phone_screen_down {
        ([1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0])
    } else {
        ([1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0])
    };
    let place = |v: Vec3| rotate_y(v, yaw);
    let orient = |v: Vec3| rotate_z(rotate_x(place(v), roll), pitch);
    [orient(x0), orient(y0), orient(z0)]
}

/// Renders a plan as DeviceMotion samples from a phone on the pelvis.
pub fn motion_session(plan: &Plan) -> (Vec<MotionSample>, Truth) {
    const GRAVITY: f64 = 9.81;
    const STEP: f64 = 0.01;
    let truth = plan.truth();
    let skeleton = Skeleton::new(&plan.body);
    let capture = &plan.motion_capture;
    let mut rng = Rng::new(plan.seed.wrapping_mul(131).wrapping_add(17));
    let hip_position = |t: f64| skeleton.at(plan.posture(t), plan.foot_slide(t)).hip;
    let handling_until = plan.start_s + plan.sit_before_s * 0.6;
    let mut samples = Vec::new();
    let mut t = plan.start_s;
    while t < truth.end_s {
        let interval = next_interval(&mut rng, capture);
        if rng.chance(capture.drop_probability) {
            t += interval;
            continue;
        }
        let (pitch, roll) = pelvis_angles(&skeleton, plan.posture(t));
        // While the phone is being put in place it swings around.
        let (pitch, roll) = if t < handling_until {
            let u = t - plan.start_s;
            (pitch + 0.6 * (3.0 * u).sin(), roll + 0.5 * (2.3 * u).cos())
        } else {
            (pitch, roll)
        };
        let axes = device_axes(plan, pitch, roll);
        let (before, after) = (hip_position(t - STEP), hip_position(t + STEP));
        let now = hip_position(t);
        let linear = [
            (after[0] - 2.0 * now[0] + before[0]) / (STEP * STEP),
            (after[1] - 2.0 * now[1] + before[1]) / (STEP * STEP),
            0.0,
        ];
        let specific_force = add([0.0, GRAVITY, 0.0], linear);
        let accel: [f64; 3] = std::array::from_fn(|i| {
            dot(specific_force, axes[i]) + capture.accel_noise * rng.normal()
        });
        // Angular velocity from the change of the device axes.
        let (p0, r0) = pelvis_angles(&skeleton, plan.posture(t - STEP));
        let (p1, r1) = pelvis_angles(&skeleton, plan.posture(t + STEP));
        let (pitch_rate, roll_rate) = ((p1 - p0) / (2.0 * STEP), (r1 - r0) / (2.0 * STEP));
        let (pitch_rate, roll_rate) = if t < handling_until {
            let u = t - plan.start_s;
            (
                pitch_rate + 1.8 * (3.0 * u).cos(),
                roll_rate - 1.15 * (2.3 * u).sin(),
            )
        } else {
            (pitch_rate, roll_rate)
        };
        let long_axis = rotate_z([1.0, 0.0, 0.0], pitch);
        let omega = add(
            scale([0.0, 0.0, 1.0], pitch_rate),
            scale(long_axis, roll_rate),
        );
        let gyro: [f64; 3] = std::array::from_fn(|i| {
            dot(omega, axes[i]).to_degrees() + capture.gyro_noise * rng.normal()
        });
        samples.push(MotionSample { t, accel, gyro });
        t += interval;
    }
    (samples, truth)
}

/// Writes frames as a landmark JSON Lines file (see [`crate::format::write_landmarks`]).
pub fn to_jsonl(frames: &[PoseFrame], frame: FrameSize) -> String {
    crate::format::write_landmarks(frames, frame, "runstrong-synth")
}

/// Writes samples as a motion CSV file (see [`crate::format::write_motion`]).
pub fn to_csv(samples: &[MotionSample]) -> String {
    crate::format::write_motion(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_uniform_enough() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        let mut rng = Rng::new(7);
        let mean = (0..10_000).map(|_| rng.unit()).sum::<f64>() / 10_000.0;
        assert!((mean - 0.5).abs() < 0.02);
        let sd = ((0..10_000).map(|_| rng.normal().powi(2)).sum::<f64>() / 10_000.0).sqrt();
        assert!((sd - 1.0).abs() < 0.05);
    }

    #[test]
    fn skeleton_reaches_its_top_angle_and_rests_flexed() {
        let plan = Plan::random(3, SetKind::Hold);
        let skeleton = Skeleton::new(&plan.body);
        let rest = skeleton.at(
            Posture::Lying {
                lift: 0.0,
                roll: 0.0,
            },
            0.0,
        );
        let top = skeleton.at(
            Posture::Lying {
                lift: 1.0,
                roll: 0.0,
            },
            0.0,
        );
        let rest_angle = signed_angle_2d(rest.shoulder, rest.hip, rest.knee);
        let top_angle = signed_angle_2d(top.shoulder, top.hip, top.knee);
        assert!(
            (top_angle - plan.body.top_hip_angle_deg).abs() < 0.1,
            "{top_angle}"
        );
        assert!(rest_angle < 150.0 && rest_angle > 90.0, "{rest_angle}");
        // Segment lengths are kept.
        let thigh = (top.knee[0] - top.hip[0]).hypot(top.knee[1] - top.hip[1]);
        assert!((thigh - plan.body.thigh_m).abs() < 1e-6);
    }

    #[test]
    fn sessions_follow_the_plan() {
        let plan = Plan::random(11, SetKind::NoHold);
        let (frames, _, truth) = pose_session(&plan);
        assert_eq!(truth.reps.len(), plan.reps.len());
        assert!(frames.windows(2).all(|w| w[1].t > w[0].t));
        let duration = truth.end_s - plan.start_s;
        let rate = frames.len() as f64 / duration;
        assert!(
            rate > plan.pose_capture.rate_hz * 0.8 && rate < plan.pose_capture.rate_hz * 1.2,
            "{rate}"
        );
        let (samples, _) = motion_session(&plan);
        let resting = samples
            .iter()
            .find(|s| s.t > truth.reps[0].start_s - 0.5)
            .unwrap();
        let magnitude = resting.accel.iter().map(|a| a * a).sum::<f64>().sqrt();
        assert!((magnitude - 9.81).abs() < 1.5, "{magnitude}");
    }
}
