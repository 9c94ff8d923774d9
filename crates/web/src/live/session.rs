//! One socket's conversation, without the socket: the messages in (start,
//! frame, motion sample, stop) parsed and checked, each answered with the
//! engine's events or one error sentence (protocol in [`super`]). Pure, so
//! it is tested without a socket.

use std::sync::atomic::Ordering;

use sense::format::{LandmarkLine, parse_landmark_line};
use sense::{
    ExerciseProfile, FrameSize, MotionEngine, PROFILE_IDS, PoseEngine, ReportBuilder, Side,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::set::{Engine, Running, finish, later, motion_sample};
use super::{FRAMES_EVERY, FRAMES_RECEIVED, SETS_STARTED};

/// Frame size assumed when a start message gives none.
const DEFAULT_FRAME: FrameSize = FrameSize {
    width: 640.0,
    height: 480.0,
};

pub(super) fn error(message: String) -> Value {
    let mut reply = json!({"type": "error"});
    reply["message"] = Value::String(message);
    reply
}

/// One socket's state: at most one set running at a time. Pure (no I/O), so
/// it is tested without a socket.
#[derive(Default)]
pub struct LiveSession {
    running: Option<Running>,
    pub(super) messages: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Start {
    exercise: String,
    #[serde(default)]
    side: Option<String>,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    width: Option<f64>,
    #[serde(default)]
    height: Option<f64>,
}

impl LiveSession {
    /// Handles one text message, pushing the replies to `out`.
    pub fn on_text(&mut self, text: &str, out: &mut Vec<Value>) {
        self.messages += 1;
        let n = self.messages;
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(_) => {
                let start: String = text.chars().take(30).collect();
                out.push(error(format!(
                    "message {n} is not JSON (it starts {start:?}): expected a start message, a frame or a stop message"
                )));
                return;
            }
        };
        let Some(object) = value.as_object() else {
            out.push(error(format!(
                "message {n} is not a JSON object: expected a start message, a frame or a stop message"
            )));
            return;
        };
        match object.get("type").map(|t| t.as_str()) {
            Some(Some("start")) => self.start(n, value, out),
            Some(Some("stop")) => match self.running.take() {
                Some(running) => out.push(finish(running)),
                None => out.push(error(format!(
                    "message {n}: there is no set to stop; send a start message first"
                ))),
            },
            Some(other) => out.push(error(format!(
                "message {n} has an unknown type {}: expected \"start\" or \"stop\" (frames have no type)",
                other.map_or_else(|| "(not a string)".to_owned(), |t| format!("{t:?}"))
            ))),
            None => self.frame(n, text, &value, out),
        }
    }

    fn start(&mut self, n: u64, value: Value, out: &mut Vec<Value>) {
        let mut value = value;
        if let Some(object) = value.as_object_mut() {
            object.remove("type");
        }
        let start: Start = match serde_json::from_value(value) {
            Ok(start) => start,
            Err(e) => {
                out.push(error(format!(
                    "message {n} is not a usable start message ({e}): expected {{\"type\": \"start\", \"exercise\", \"side\", \"input\", \"width\", \"height\"}}"
                )));
                return;
            }
        };
        let side = match start.side.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => match Side::parse(text) {
                Some(side) => Some(side),
                None => {
                    out.push(error(format!(
                        "message {n}: side {text:?} is not valid: expected \"left\" or \"right\""
                    )));
                    return;
                }
            },
        };
        let Some(profile) = ExerciseProfile::by_id(&start.exercise, side) else {
            out.push(error(format!(
                "message {n}: the engine cannot count {:?}: expected one of {}",
                start.exercise,
                PROFILE_IDS.join(", ")
            )));
            return;
        };
        let engine = match start.input.as_deref().unwrap_or("landmarks") {
            "landmarks" | "camera" => {
                let size = match (start.width, start.height) {
                    (None, None) => DEFAULT_FRAME,
                    (Some(width), Some(height))
                        if width.is_finite()
                            && height.is_finite()
                            && (1.0..=20_000.0).contains(&width)
                            && (1.0..=20_000.0).contains(&height) =>
                    {
                        FrameSize { width, height }
                    }
                    _ => {
                        out.push(error(format!(
                            "message {n}: width and height must both be pixel sizes from 1 to 20000"
                        )));
                        return;
                    }
                };
                Engine::Pose(Box::new(PoseEngine::new(&profile, size)))
            }
            "motion" | "phone" => Engine::Motion(Box::new(MotionEngine::new(&profile))),
            other => {
                out.push(error(format!(
                    "message {n}: input {other:?} is not valid: expected \"landmarks\" or \"motion\""
                )));
                return;
            }
        };
        if let Some(previous) = self.running.take() {
            out.push(finish(previous));
        }
        SETS_STARTED.fetch_add(1, Ordering::Relaxed);
        let input = match engine {
            Engine::Pose(_) => "landmarks",
            Engine::Motion(_) => "motion",
        };
        out.push(json!({
            "type": "ready",
            "exercise": profile.id,
            "side": profile.side,
            "input": input,
        }));
        self.running = Some(Running {
            profile,
            engine,
            builder: ReportBuilder::default(),
            count: 0,
            frames: 0,
            last_t: None,
            events: Vec::with_capacity(8),
        });
    }

    fn frame(&mut self, n: u64, text: &str, value: &Value, out: &mut Vec<Value>) {
        let Some(running) = self.running.as_mut() else {
            out.push(error(format!(
                "message {n} is a frame but no set is running: send a start message first"
            )));
            return;
        };
        let mut events = std::mem::take(&mut running.events);
        let t = match &mut running.engine {
            Engine::Pose(engine) => {
                if value.get("landmarks").is_none() {
                    out.push(error(format!(
                        "message {n} is not a landmark frame: expected {{\"t\": seconds, \"landmarks\": [33 × {{x, y, z, visibility}}]}}"
                    )));
                    running.events = events;
                    return;
                }
                match parse_landmark_line(text, false) {
                    Ok(LandmarkLine::Frame(frame)) => {
                        if !later(n, frame.t, running.last_t, out) {
                            running.events = events;
                            return;
                        }
                        engine.push(&frame, &mut |event| events.push(event));
                        frame.t
                    }
                    Ok(LandmarkLine::Meta(_)) => {
                        out.push(error(format!(
                            "message {n} is a meta line: send the frame size in the start message"
                        )));
                        running.events = events;
                        return;
                    }
                    Err(reason) => {
                        out.push(error(format!("message {n}: {reason}")));
                        running.events = events;
                        return;
                    }
                }
            }
            Engine::Motion(engine) => {
                let sample = match motion_sample(value) {
                    Ok(sample) => sample,
                    Err(reason) => {
                        out.push(error(format!("message {n}: {reason}")));
                        running.events = events;
                        return;
                    }
                };
                if !later(n, sample.t, running.last_t, out) {
                    running.events = events;
                    return;
                }
                engine.push(&sample, &mut |event| events.push(event));
                sample.t
            }
        };
        running.last_t = Some(t);
        running.frames += 1;
        FRAMES_RECEIVED.fetch_add(1, Ordering::Relaxed);
        for event in events.drain(..) {
            running.on_event(event, out);
        }
        running.events = events;
        if running.frames % FRAMES_EVERY == 0 {
            let counts = running.counts();
            out.push(json!({
                "type": "frames",
                "received": counts.0,
                "used": counts.0.saturating_sub(counts.1),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sense::synth::{self, Plan, SetKind};

    fn send(session: &mut LiveSession, text: &str) -> Vec<Value> {
        let mut out = Vec::new();
        session.on_text(text, &mut out);
        out
    }

    #[test]
    fn a_synthetic_set_is_counted_like_the_truth() {
        let plan = Plan::random(3, SetKind::NoHold);
        let (frames, size, truth) = synth::pose_session(&plan);
        let jsonl = synth::to_jsonl(&frames, size);
        let mut session = LiveSession::default();
        let start = json!({"type": "start", "exercise": "bridge", "input": "landmarks",
            "width": size.width, "height": size.height});
        let ready = send(&mut session, &start.to_string());
        assert_eq!(ready[0]["type"], "ready", "{ready:?}");
        let mut count = 0;
        for line in jsonl.lines().skip(1) {
            for reply in send(&mut session, line) {
                assert_ne!(reply["type"], "error", "{reply}");
                if reply["type"] == "rep" || reply["type"] == "reclassified" {
                    count = reply["count"].as_u64().unwrap();
                }
            }
        }
        let summary = send(&mut session, r#"{"type": "stop"}"#);
        let summary = summary.last().unwrap();
        assert_eq!(summary["type"], "summary");
        assert_eq!(summary["reps"].as_u64(), Some(truth.full_reps() as u64));
        assert!(count <= truth.full_reps() as u64);
        assert!(summary["tension_s"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn garbage_gets_one_error_each_and_the_session_goes_on() {
        let mut session = LiveSession::default();
        for garbage in [
            "hello",
            "[1, 2]",
            r#"{"t": 1, "landmarks": []}"#,
            r#"{"type": "dance"}"#,
            r#"{"type": "stop"}"#,
            r#"{"type": "start", "exercise": "squat"}"#,
            r#"{"type": "start", "exercise": "bridge", "width": -3, "height": 4}"#,
        ] {
            let replies = send(&mut session, garbage);
            assert_eq!(replies.len(), 1, "{garbage}: {replies:?}");
            assert_eq!(replies[0]["type"], "error", "{garbage}");
            let message = replies[0]["message"].as_str().unwrap();
            assert!(message.starts_with("message "), "{message}");
        }
        let ready = send(&mut session, r#"{"type": "start", "exercise": "bridge"}"#);
        assert_eq!(ready[0]["type"], "ready");
        let short = send(
            &mut session,
            r#"{"t": 1, "landmarks": [{"x": 0.5, "y": 0.5}]}"#,
        );
        assert!(
            short[0]["message"]
                .as_str()
                .unwrap()
                .contains("33 landmarks")
        );
        assert!(send(&mut session, r#"{"t": 1, "landmarks": []}"#).is_empty());
        let backwards = send(&mut session, r#"{"t": 0.5, "landmarks": []}"#);
        assert_eq!(backwards[0]["type"], "error");
        let motion = send(
            &mut session,
            r#"{"t": 2, "accel": [0, 0, 9.8], "gyro": [0, 0, 0]}"#,
        );
        assert_eq!(motion[0]["type"], "error");
        let summary = send(&mut session, r#"{"type": "stop"}"#);
        assert_eq!(summary[0]["type"], "summary");
        assert_eq!(summary[0]["frames"], 1);
    }
}
