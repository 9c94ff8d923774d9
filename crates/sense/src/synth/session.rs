//! The synthetic body and its sensors: a sagittal skeleton posed from the
//! plan, projected through a pinhole camera into MediaPipe-like landmarks
//! (with noise, dropped frames, low visibility and glitches), and a phone on
//! the pelvis reporting DeviceMotion samples.

use super::{Body, Camera, Capture, Plan, Posture, Rng, Truth};
use crate::motion::MotionSample;
use crate::pose::{FrameSize, LANDMARK_COUNT, Landmark, PoseFrame, index};
use crate::profile::Side;

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

#[cfg(test)]
mod tests {
    use super::super::SetKind;
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
