//! One running set: the engine (pose or motion) a start message chose, the
//! translation of its events into the socket's JSON replies, the checks of a
//! motion sample, and the summary sent after `stop`.

use sense::{
    Event, ExerciseProfile, InputKind, MotionEngine, MotionSample, PoseEngine, RepFlags, RepRecord,
    ReportBuilder, SetSummary,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::session::error;

/// Largest plausible |acceleration| component, m/s² (as in recorded files).
const MAX_ACCEL: f64 = 200.0;
/// Largest plausible |rotation rate| component, deg/s.
const MAX_GYRO: f64 = 5000.0;

pub(super) enum Engine {
    Pose(Box<PoseEngine>),
    Motion(Box<MotionEngine>),
}

pub(super) struct Running {
    pub(super) profile: ExerciseProfile,
    pub(super) engine: Engine,
    pub(super) builder: ReportBuilder,
    pub(super) count: u32,
    pub(super) frames: u64,
    pub(super) last_t: Option<f64>,
    pub(super) events: Vec<Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMotion {
    t: f64,
    accel: [f64; 3],
    gyro: [f64; 3],
}

/// Whether `t` comes after the previous frame (an error otherwise).
pub(super) fn later(n: u64, t: f64, previous: Option<f64>, out: &mut Vec<Value>) -> bool {
    match previous {
        Some(previous) if t <= previous => {
            out.push(error(format!(
                "message {n}: time {t} s is not after the previous frame's {previous} s, so the frame was skipped"
            )));
            false
        }
        _ => true,
    }
}

pub(super) fn motion_sample(value: &Value) -> Result<MotionSample, String> {
    let raw: RawMotion = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "not a motion sample ({e}): expected {{\"t\": seconds, \"accel\": [ax, ay, az], \"gyro\": [gx, gy, gz]}}"
        )
    })?;
    if !raw.t.is_finite() {
        return Err("the time is not a finite number of seconds".to_owned());
    }
    if raw
        .accel
        .iter()
        .any(|v| !v.is_finite() || v.abs() > MAX_ACCEL)
    {
        return Err(format!(
            "acceleration must be finite and within ±{MAX_ACCEL} m/s²"
        ));
    }
    if raw
        .gyro
        .iter()
        .any(|v| !v.is_finite() || v.abs() > MAX_GYRO)
    {
        return Err(format!(
            "rotation rate must be finite and within ±{MAX_GYRO} deg/s"
        ));
    }
    Ok(MotionSample {
        t: raw.t,
        accel: raw.accel,
        gyro: raw.gyro,
    })
}

fn rep_json(kind: &str, count: u32, record: &RepRecord) -> Value {
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    json!({
        "type": kind,
        "count": count,
        "attempt": record.attempt,
        "t": round(record.end_s),
        "lift_s": round(record.lift_s),
        "hold_s": round(record.hold_s),
        "lower_s": round(record.lower_s),
        "peak_hip_extension_deg": record.peak_hip_extension_deg.map(|d| (d * 10.0).round() / 10.0),
        "peak_pelvis_tilt_deg": record.peak_pelvis_tilt_deg.map(|d| (d * 10.0).round() / 10.0),
        "flags": record.flags,
    })
}

impl Running {
    pub(super) fn counts(&self) -> (u64, u64) {
        let counts = match &self.engine {
            Engine::Pose(engine) => engine.counts(),
            Engine::Motion(engine) => engine.counts(),
        };
        (counts.frames, counts.dropped)
    }

    pub(super) fn on_event(&mut self, event: Event, out: &mut Vec<Value>) {
        self.builder.on_event(event);
        match event {
            Event::RepStarted { t, attempt } => {
                out.push(json!({"type": "phase", "phase": "lift", "t": t, "attempt": attempt}));
            }
            Event::TopReached { t, attempt } => {
                out.push(json!({"type": "phase", "phase": "top", "t": t, "attempt": attempt}));
            }
            Event::TopHoldEnded { t, attempt, .. } => {
                out.push(json!({"type": "phase", "phase": "lower", "t": t, "attempt": attempt}));
            }
            Event::RepAbandoned { t, attempt } => out.push(
                json!({"type": "phase", "phase": "rest", "t": t, "attempt": attempt, "abandoned": true}),
            ),
            Event::RepCompleted(record) => {
                self.count += 1;
                out.push(rep_json("rep", self.count, &record));
            }
            Event::PartialRep(record) => out.push(rep_json("partial", self.count, &record)),
            Event::RepReclassified(record) => {
                self.count = self.count.saturating_sub(1);
                out.push(rep_json("reclassified", self.count, &record));
            }
            Event::Cue { t, cue } => out.push(json!({
                "type": "cue", "t": t, "cue": cue.code(), "message": cue.message(),
            })),
        }
    }
}

/// Finishes a set: the last events, then the summary.
pub(super) fn finish(mut running: Running) -> Value {
    let mut events = Vec::new();
    let (summary, input): (SetSummary, InputKind) = match &mut running.engine {
        Engine::Pose(engine) => (
            engine.finish(&mut |event| events.push(event)),
            InputKind::Landmarks,
        ),
        Engine::Motion(engine) => (
            engine.finish(&mut |event| events.push(event)),
            InputKind::Motion,
        ),
    };
    // Late events only matter for the report (the socket is about to get the summary).
    let mut ignored = Vec::new();
    for event in events {
        running.on_event(event, &mut ignored);
    }
    let (frames, dropped) = running.counts();
    let mut report = running.builder.build(&running.profile, input, &summary);
    report.frames = frames;
    report.dropped_frames = dropped;
    let full: Vec<_> = report
        .rep_details
        .iter()
        .filter(|r| !r.flags.contains(RepFlags::PARTIAL))
        .collect();
    let tension_s: f64 = full.iter().map(|r| r.lift_s + r.hold_s + r.lower_s).sum();
    let hold_s = if full.is_empty() {
        0.0
    } else {
        full.iter().map(|r| r.hold_s).sum::<f64>() / full.len() as f64
    };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    json!({
        "type": "summary",
        "exercise": running.profile.id,
        "side": running.profile.side,
        "input": input,
        "reps": summary.reps,
        "partial_reps": summary.partial_reps,
        "abandoned": summary.abandoned,
        "mean_lift_s": summary.mean_lift_s.map(round),
        "mean_hold_s": summary.mean_hold_s.map(round),
        "mean_lower_s": summary.mean_lower_s.map(round),
        "hold_s": round(hold_s),
        "tension_s": round(tension_s),
        "frames": frames,
        "dropped_frames": dropped,
        "report": report,
    })
}
