//! A small 2D body model that draws every exercise: the start and top
//! positions in the library, and the moving figure of the guided session.
//!
//! A [`Pose`] is the hip's position plus the direction of every body segment
//! (trunk, head, upper arm, forearm, thigh, shin, foot; near and far limb),
//! in degrees counter-clockwise from "forward" (+x), y up, floor at y = 0.
//! Forward kinematics ([`Joints::of`]) chains the fixed segment lengths from
//! the hip outwards; [`interpolate`] blends two poses angle by angle (the
//! short way round), so one pair of key poses animates a whole repetition.
//! Each exercise's key poses are data, in `content/poses.toml`.
//!
//! **Architecture invariant:** pure geometry and text. The SVG produced here
//! is a fragment of paths with classes (`near`, `far`, `head`, `prop`,
//! `floor`); colours belong to the page's stylesheet.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Segment lengths in body units (standing height about 1.85).
pub const TORSO: f64 = 0.52;
pub const NECK: f64 = 0.07;
pub const HEAD_RADIUS: f64 = 0.1;
pub const UPPER_ARM: f64 = 0.3;
pub const FOREARM: f64 = 0.27;
pub const THIGH: f64 = 0.44;
pub const SHIN: f64 = 0.42;
pub const FOOT: f64 = 0.14;

/// One key position of the body.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pose {
    /// Hip joint position (x forward, y up; the floor is y = 0).
    pub hip: [f64; 2],
    /// Direction from hip to shoulder.
    pub trunk: f64,
    /// Direction from shoulder through neck to the head.
    pub head: f64,
    /// Near and far arm: [upper arm, forearm] directions.
    pub arm: [[f64; 2]; 2],
    /// Near and far leg: [thigh, shin, foot] directions.
    pub leg: [[f64; 3]; 2],
}

/// A box, bench or step the exercise uses: x, y of the lower-left corner,
/// width, height.
pub type Prop = [f64; 4];

/// An exercise's key poses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Poses {
    /// Where the repetition starts (and the lowering ends).
    pub start: Pose,
    /// The top of the repetition, held during the squeeze.
    pub top: Pose,
    /// Props drawn behind the figure.
    #[serde(default)]
    pub props: Vec<Prop>,
    /// "side" (default) or "front": how the figure is seen.
    #[serde(default = "side")]
    pub view: String,
}

fn side() -> String {
    "side".into()
}

/// Joint positions of a pose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Joints {
    pub hip: [f64; 2],
    pub shoulder: [f64; 2],
    pub head: [f64; 2],
    /// Near, far: elbow and hand.
    pub elbow: [[f64; 2]; 2],
    pub hand: [[f64; 2]; 2],
    /// Near, far: knee, ankle and toe.
    pub knee: [[f64; 2]; 2],
    pub ankle: [[f64; 2]; 2],
    pub toe: [[f64; 2]; 2],
}

fn step(from: [f64; 2], degrees: f64, length: f64) -> [f64; 2] {
    let r = degrees.to_radians();
    [from[0] + length * r.cos(), from[1] + length * r.sin()]
}

impl Joints {
    /// Forward kinematics: from the hip outwards along each chain.
    pub fn of(pose: &Pose) -> Joints {
        let hip = pose.hip;
        let shoulder = step(hip, pose.trunk, TORSO);
        let head = step(shoulder, pose.head, NECK + HEAD_RADIUS);
        let mut elbow = [[0.0; 2]; 2];
        let mut hand = [[0.0; 2]; 2];
        let mut knee = [[0.0; 2]; 2];
        let mut ankle = [[0.0; 2]; 2];
        let mut toe = [[0.0; 2]; 2];
        for i in 0..2 {
            elbow[i] = step(shoulder, pose.arm[i][0], UPPER_ARM);
            hand[i] = step(elbow[i], pose.arm[i][1], FOREARM);
            knee[i] = step(hip, pose.leg[i][0], THIGH);
            ankle[i] = step(knee[i], pose.leg[i][1], SHIN);
            toe[i] = step(ankle[i], pose.leg[i][2], FOOT);
        }
        Joints {
            hip,
            shoulder,
            head,
            elbow,
            hand,
            knee,
            ankle,
            toe,
        }
    }

    /// Every point of the figure, for bounds.
    pub fn points(&self) -> Vec<[f64; 2]> {
        let mut points = vec![self.hip, self.shoulder];
        let r = HEAD_RADIUS;
        points.extend([
            [self.head[0] - r, self.head[1] - r],
            [self.head[0] + r, self.head[1] + r],
        ]);
        for i in 0..2 {
            points.extend([
                self.elbow[i],
                self.hand[i],
                self.knee[i],
                self.ankle[i],
                self.toe[i],
            ]);
        }
        points
    }
}

/// Blends two angles the short way round.
fn blend_angle(a: f64, b: f64, t: f64) -> f64 {
    let mut delta = (b - a) % 360.0;
    if delta > 180.0 {
        delta -= 360.0;
    } else if delta < -180.0 {
        delta += 360.0;
    }
    a + delta * t
}

/// The pose a fraction `t` (0 = `a`, 1 = `b`) of the way between two poses.
pub fn interpolate(a: &Pose, b: &Pose, t: f64) -> Pose {
    let t = t.clamp(0.0, 1.0);
    let lerp = |x: f64, y: f64| x + (y - x) * t;
    let mut pose = *a;
    pose.hip = [lerp(a.hip[0], b.hip[0]), lerp(a.hip[1], b.hip[1])];
    pose.trunk = blend_angle(a.trunk, b.trunk, t);
    pose.head = blend_angle(a.head, b.head, t);
    for i in 0..2 {
        for j in 0..2 {
            pose.arm[i][j] = blend_angle(a.arm[i][j], b.arm[i][j], t);
        }
        for j in 0..3 {
            pose.leg[i][j] = blend_angle(a.leg[i][j], b.leg[i][j], t);
        }
    }
    pose
}

/// The figure's paths in SVG user units (y down, 1 unit = 100 px).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    /// Path data of the near limbs.
    pub near: String,
    /// Path data of the far limbs (drawn behind, lighter).
    pub far: String,
    /// Path data of trunk and neck.
    pub trunk: String,
    /// Head centre and radius.
    pub head: [f64; 3],
}

/// Model units to SVG units: ×100, y flipped, rounded to 0.1.
fn svg_point(p: [f64; 2]) -> String {
    format!("{:.1} {:.1}", p[0] * 100.0, -p[1] * 100.0)
}

fn polyline(points: &[[f64; 2]]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{}", if i == 0 { "M" } else { "L" }, svg_point(*p));
    }
    d
}

impl Frame {
    /// The paths of one pose.
    pub fn of(pose: &Pose) -> Frame {
        let j = Joints::of(pose);
        let limbs = |i: usize| {
            format!(
                "{}{}",
                polyline(&[j.shoulder, j.elbow[i], j.hand[i]]),
                polyline(&[j.hip, j.knee[i], j.ankle[i], j.toe[i]])
            )
        };
        let neck = step(j.shoulder, pose.head, NECK);
        Frame {
            near: limbs(0),
            far: limbs(1),
            trunk: polyline(&[j.hip, j.shoulder, neck]),
            head: [
                (j.head[0] * 1000.0).round() / 10.0,
                (-j.head[1] * 1000.0).round() / 10.0,
                HEAD_RADIUS * 100.0,
            ],
        }
    }
}

impl Poses {
    /// `frames + 1` evenly spaced frames from start (first) to top (last).
    pub fn frames(&self, frames: usize) -> Vec<Frame> {
        let n = frames.max(1);
        (0..=n)
            .map(|k| Frame::of(&interpolate(&self.start, &self.top, k as f64 / n as f64)))
            .collect()
    }

    /// The SVG viewBox (x, y, width, height) holding both key poses, the
    /// props and the floor, with a margin.
    pub fn view_box(&self) -> [f64; 4] {
        let mut points = Joints::of(&self.start).points();
        points.extend(Joints::of(&self.top).points());
        for p in &self.props {
            points.push([p[0], p[1]]);
            points.push([p[0] + p[2], p[1] + p[3]]);
        }
        points.push([points[0][0], 0.0]);
        let min_x = points.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min);
        let max_x = points
            .iter()
            .map(|p| p[0])
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = points.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min);
        let max_y = points
            .iter()
            .map(|p| p[1])
            .fold(f64::NEG_INFINITY, f64::max);
        let margin = 0.12;
        let r = |v: f64| (v * 100.0).round();
        [
            r(min_x - margin),
            r(-(max_y + margin)),
            r(max_x - min_x + 2.0 * margin),
            r(max_y - min_y + 2.0 * margin),
        ]
    }

    /// A complete `<svg>` of one pose (t = 0 start, 1 top) with its props and
    /// the floor; `label` becomes the accessible name.
    pub fn svg(&self, t: f64, label: &str) -> String {
        let frame = Frame::of(&interpolate(&self.start, &self.top, t));
        let [x, y, w, h] = self.view_box();
        let mut out = format!(
            "<svg class=\"figure\" viewBox=\"{x} {y} {w} {h}\" role=\"img\" aria-label=\"{}\">",
            escape(label)
        );
        out.push_str(&self.props_svg());
        let _ = write!(
            out,
            "<path class=\"floor\" d=\"M{x} 0H{}\"/><path class=\"far\" d=\"{}\"/><path class=\"trunk\" d=\"{}\"/><circle class=\"head\" cx=\"{}\" cy=\"{}\" r=\"{}\"/><path class=\"near\" d=\"{}\"/></svg>",
            x + w,
            frame.far,
            frame.trunk,
            frame.head[0],
            frame.head[1],
            frame.head[2],
            frame.near
        );
        out
    }

    /// The props as SVG rectangles.
    pub fn props_svg(&self) -> String {
        let mut out = String::new();
        for p in &self.props {
            let _ = write!(
                out,
                "<rect class=\"prop\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\"/>",
                p[0] * 100.0,
                -(p[1] + p[3]) * 100.0,
                p[2] * 100.0,
                p[3] * 100.0
            );
        }
        out
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Parses the poses file: a table of [`Poses`] keyed by exercise id.
pub fn parse(text: &str) -> Result<BTreeMap<String, Poses>, String> {
    toml::from_str(text).map_err(|e| format!("content/poses.toml: {}", e.to_string().trim()))
}

/// The embedded poses of every exercise (empty if the file is broken, which
/// the test suite rules out).
pub fn all() -> &'static BTreeMap<String, Poses> {
    static POSES: OnceLock<BTreeMap<String, Poses>> = OnceLock::new();
    POSES.get_or_init(|| parse(crate::content::POSES_FILE).unwrap_or_default())
}

/// The key poses of one exercise, by id.
pub fn poses(exercise_id: &str) -> Option<&'static Poses> {
    all().get(exercise_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;

    #[test]
    fn every_exercise_has_start_and_top_poses_that_stay_on_the_page() {
        let poses = parse(crate::content::POSES_FILE).unwrap();
        let library = Library::embedded().unwrap();
        for exercise in library.all() {
            let p = poses
                .get(&exercise.id)
                .unwrap_or_else(|| panic!("content/poses.toml has no poses for {}", exercise.id));
            assert!(p.view == "side" || p.view == "front", "{}", exercise.id);
            for pose in [&p.start, &p.top] {
                for point in Joints::of(pose).points() {
                    assert!(
                        point[1] > -0.08,
                        "{}: a joint is {:.2} below the floor",
                        exercise.id,
                        point[1]
                    );
                }
            }
            assert_ne!(
                p.start, p.top,
                "{}: start and top are the same",
                exercise.id
            );
        }
        for id in poses.keys() {
            assert!(library.get(id).is_some(), "poses for unknown exercise {id}");
        }
    }

    #[test]
    fn forward_kinematics_chains_the_segment_lengths() {
        let pose = Pose {
            hip: [0.0, 0.91],
            trunk: 90.0,
            head: 90.0,
            arm: [[-90.0, -90.0]; 2],
            leg: [[-90.0, -90.0, 0.0]; 2],
        };
        let j = Joints::of(&pose);
        let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() + (a[1] - b[1]).abs() < 1e-9;
        assert!(close(j.shoulder, [0.0, 0.91 + TORSO]));
        assert!(close(j.ankle[0], [0.0, 0.91 - THIGH - SHIN]));
        assert!(close(j.toe[1], [FOOT, 0.91 - THIGH - SHIN]));
        assert!(close(j.hand[0], [0.0, 0.91 + TORSO - UPPER_ARM - FOREARM]));
    }

    #[test]
    fn interpolation_takes_the_short_way_and_hits_both_ends() {
        assert!((blend_angle(350.0, 10.0, 0.5) - 360.0).abs() < 1e-9);
        assert!((blend_angle(10.0, 350.0, 0.5) - 0.0).abs() < 1e-9);
        let p = poses("active-shoulder-bridge").unwrap();
        assert_eq!(interpolate(&p.start, &p.top, 0.0), p.start);
        let end = interpolate(&p.start, &p.top, 1.0);
        assert!((end.hip[1] - p.top.hip[1]).abs() < 1e-12);
        let mid = interpolate(&p.start, &p.top, 0.5);
        assert!(mid.hip[1] > p.start.hip[1] && mid.hip[1] < p.top.hip[1]);
    }

    #[test]
    fn the_bridge_raises_the_hips_and_keeps_the_shoulders_down() {
        let p = poses("active-shoulder-bridge").unwrap();
        let (start, top) = (Joints::of(&p.start), Joints::of(&p.top));
        assert!(top.hip[1] > start.hip[1] + 0.15);
        assert!(top.shoulder[1] < 0.2);
        let svg = p.svg(1.0, "Bridge <top>");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Bridge &lt;top&gt;\""));
        assert_eq!(p.frames(10).len(), 11);
    }
}
