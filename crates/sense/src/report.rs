//! Whole-file analysis: bytes in, a serialisable [`Report`] out.
//!
//! The report collects the engine's events; [`ReportBuilder`] can also be
//! fed live events (for example by the web app) and turned into the same report.
//!
//! Serialised with serde_json, a report looks like this (one rep shown):
//!
//! ```json
//! {"exercise": "bridge-top-hold", "input": "landmarks", "reps": 8, "partial_reps": 1,
//!  "rep_details": [{"start_s": 5.015, "top_s": 6.158, "end_s": 13.86, "lift_s": 1.143,
//!                   "hold_s": 4.261, "lower_s": 3.441, "peak_hip_extension_deg": 174.5,
//!                   "top_vs_best_deg": -1.2, "confidence": 0.93, "flags": []}],
//!  "cues": [{"cue": "lowering-too-fast", "message": "Lower slowly, …", "count": 2}],
//!  "frames": 2710, "dropped_frames": 31, "skipped_lines": 1,
//!  "skipped": [{"line": 17, "reason": "expected 33 landmarks (MediaPipe Pose), found 32"}],
//!  "warnings": []}
//! ```
//!
//! `side` appears for single-leg exercises; for motion input
//! `peak_hip_extension_deg` is `null` and `peak_pelvis_tilt_deg` is added.

use serde::Serialize;

use crate::events::{Cue, Event, RepFlags, RepRecord, SetSummary};
use crate::format::{
    DEFAULT_FRAME_SIZE, FormatError, InputKind, SkippedLine, detect_format, read_landmarks,
    read_motion,
};
use crate::motion::MotionEngine;
use crate::pose::PoseEngine;
use crate::profile::{ExerciseProfile, Side};

/// At most this many skipped lines are listed (all are counted).
pub const MAX_LISTED_SKIPPED: usize = 100;

/// One rep in the report. Times are seconds of stream time, rounded to milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepDetail {
    /// Lift started.
    pub start_s: f64,
    /// Top reached.
    pub top_s: f64,
    /// Back at the bottom.
    pub end_s: f64,
    /// Lift duration.
    pub lift_s: f64,
    /// Top hold duration.
    pub hold_s: f64,
    /// Lowering duration.
    pub lower_s: f64,
    /// Peak signed shoulder–hip–knee angle, degrees (180 = straight line);
    /// `null` for motion input.
    pub peak_hip_extension_deg: Option<f64>,
    /// Peak pelvis tilt from rest, degrees (motion input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_pelvis_tilt_deg: Option<f64>,
    /// The rep's top against the person's best top of the set, degrees of
    /// the rep signal (0 for the best rep, negative below it).
    pub top_vs_best_deg: f64,
    /// Confidence in the rep's count and timing, 0..1.
    pub confidence: f64,
    /// Quality flags, e.g. `["partial"]`, `["lowering-too-fast"]`.
    pub flags: RepFlags,
}

fn round_ms(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn round_tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl From<&RepRecord> for RepDetail {
    fn from(record: &RepRecord) -> Self {
        Self {
            start_s: round_ms(record.start_s),
            top_s: round_ms(record.top_s),
            end_s: round_ms(record.end_s),
            lift_s: round_ms(record.lift_s),
            hold_s: round_ms(record.hold_s),
            lower_s: round_ms(record.lower_s),
            peak_hip_extension_deg: record.peak_hip_extension_deg.map(round_tenth),
            peak_pelvis_tilt_deg: record.peak_pelvis_tilt_deg.map(round_tenth),
            top_vs_best_deg: round_tenth(record.top_vs_best),
            confidence: (record.confidence * 100.0).round() / 100.0,
            flags: record.flags,
        }
    }
}

/// How often a cue was raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CueCount {
    /// Kebab-case code, e.g. `lowering-too-fast`.
    pub cue: Cue,
    /// A sentence for the user.
    pub message: &'static str,
    /// Number of reps that raised it.
    pub count: u32,
}

/// The result of analysing one recorded set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Exercise id of the profile used.
    pub exercise: &'static str,
    /// Working side (single-leg exercises).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Which input format was detected.
    pub input: InputKind,
    /// Full reps counted.
    pub reps: u32,
    /// Partial reps (reported in `rep_details`, not counted).
    pub partial_reps: u32,
    /// Every full and partial rep, in order.
    pub rep_details: Vec<RepDetail>,
    /// Cues raised, most frequent first.
    pub cues: Vec<CueCount>,
    /// Frame (or sample) lines in the file, usable or not.
    pub frames: u64,
    /// Frames not used: skipped lines plus frames without the needed
    /// landmarks (including frames with an empty landmark list: no person seen).
    pub dropped_frames: u64,
    /// Number of skipped lines.
    pub skipped_lines: u64,
    /// The first skipped lines, with reasons.
    pub skipped: Vec<SkippedLine>,
    /// Things the user should know (e.g. an assumed frame size).
    pub warnings: Vec<String>,
}

/// Collects engine events into a report.
#[derive(Debug, Clone, Default)]
pub struct ReportBuilder {
    reps: Vec<RepRecord>,
}

impl ReportBuilder {
    /// Records one event (only completed and partial reps matter).
    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::RepCompleted(record) | Event::PartialRep(record) => self.reps.push(record),
            Event::RepReclassified(record) => {
                if let Some(earlier) = self.reps.iter_mut().find(|r| r.attempt == record.attempt) {
                    *earlier = record;
                }
            }
            _ => {}
        }
    }

    /// The report for a finished stream.
    pub fn build(
        self,
        profile: &ExerciseProfile,
        input: InputKind,
        summary: &SetSummary,
    ) -> Report {
        let mut cues: Vec<CueCount> = Cue::ALL
            .iter()
            .zip(summary.cue_counts)
            .filter(|(_, count)| *count > 0)
            .map(|(cue, count)| CueCount {
                cue: *cue,
                message: cue.message(),
                count,
            })
            .collect();
        cues.sort_by_key(|c| std::cmp::Reverse(c.count));
        Report {
            exercise: profile.id,
            side: profile.side,
            input,
            reps: summary.reps,
            partial_reps: summary.partial_reps,
            rep_details: self.reps.iter().map(RepDetail::from).collect(),
            cues,
            frames: 0,
            dropped_frames: 0,
            skipped_lines: 0,
            skipped: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Analyses a recorded landmark (JSON Lines) or motion (CSV) file.
///
/// Accepts plain or gzipped text (capped at [`crate::MAX_INPUT_BYTES`]).
/// Bad lines are skipped and listed; the error cases are an empty file, a
/// file in neither format, and a file with nothing usable (see [`FormatError`]).
pub fn analyze(bytes: &[u8], profile: &ExerciseProfile) -> Result<Report, FormatError> {
    let bytes = &*crate::input::decompressed(bytes)?;
    let mut builder = ReportBuilder::default();
    match detect_format(bytes)? {
        InputKind::Landmarks => {
            let recording = read_landmarks(bytes)?;
            let mut warnings = Vec::new();
            let size = recording.frame_size.unwrap_or_else(|| {
                warnings.push(format!(
                    "no frame size in a meta line: assumed {}×{} pixels for the angles",
                    DEFAULT_FRAME_SIZE.width, DEFAULT_FRAME_SIZE.height
                ));
                DEFAULT_FRAME_SIZE
            });
            warnings.extend(interval_warning(recording.frames.iter().map(|f| f.t)));
            let source = recording.meta.as_ref().and_then(|m| m.source.as_deref());
            let mut engine =
                PoseEngine::new(profile, size).with_lag(crate::EstimatorLag::for_source(source));
            for frame in &recording.frames {
                engine.push(frame, &mut |event| builder.on_event(event));
            }
            let summary = engine.finish(&mut |event| builder.on_event(event));
            let mut report = builder.build(profile, InputKind::Landmarks, &summary);
            let skipped_frames = recording
                .skipped
                .iter()
                .filter(|s| !s.reason.starts_with("meta"))
                .count() as u64;
            report.frames = recording.frame_lines;
            report.dropped_frames = engine.counts().dropped + skipped_frames;
            finish_skipped(&mut report, recording.skipped);
            report.warnings = warnings;
            Ok(report)
        }
        InputKind::Motion => {
            let recording = read_motion(bytes)?;
            let mut engine = MotionEngine::new(profile);
            for sample in &recording.samples {
                engine.push(sample, &mut |event| builder.on_event(event));
            }
            let summary = engine.finish(&mut |event| builder.on_event(event));
            let mut report = builder.build(profile, InputKind::Motion, &summary);
            report.frames = recording.sample_lines;
            report
                .warnings
                .extend(interval_warning(recording.samples.iter().map(|s| s.t)));
            report.dropped_frames = engine.counts().dropped + recording.skipped.len() as u64;
            finish_skipped(&mut report, recording.skipped);
            Ok(report)
        }
    }
}

/// Frames further apart than this on average suggest timestamps in the wrong unit.
const MAX_PLAUSIBLE_MEAN_INTERVAL_S: f64 = 0.5;

/// A warning when the timestamps look like milliseconds rather than seconds.
fn interval_warning(times: impl Iterator<Item = f64>) -> Option<String> {
    let (mut first, mut last, mut count) = (None, 0.0, 0u64);
    for t in times {
        first.get_or_insert(t);
        last = t;
        count += 1;
    }
    let mean = (last - first?) / (count.checked_sub(1)?.max(1)) as f64;
    (count >= 10 && mean > MAX_PLAUSIBLE_MEAN_INTERVAL_S).then(|| {
        format!(
            "frames are {mean:.1} s apart on average; timestamps must be in seconds (milliseconds?)"
        )
    })
}

fn finish_skipped(report: &mut Report, mut skipped: Vec<SkippedLine>) {
    report.skipped_lines = skipped.len() as u64;
    skipped.truncate(MAX_LISTED_SKIPPED);
    report.skipped = skipped;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_unknown_files_are_errors_with_a_line() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let empty = analyze(b"", &profile).unwrap_err();
        assert_eq!(empty, FormatError::Empty { line: 1 });
        assert!(empty.to_string().starts_with("line 1: the file is empty"));
        let binary = analyze(b"\x89PNG\r\n\x1a\n", &profile).unwrap_err();
        assert!(matches!(binary, FormatError::Unrecognised { line: 1, .. }));
    }

    #[test]
    fn millisecond_timestamps_raise_a_warning() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let rows: String = (0..20)
            .map(|i| format!("{},0,0,9.8,0,0,0\n", i * 16))
            .collect();
        let report = analyze(format!("t,ax,ay,az,gx,gy,gz\n{rows}").as_bytes(), &profile).unwrap();
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        let rows: String = (0..20)
            .map(|i| format!("{},0,0,9.8,0,0,0\n", f64::from(i) * 0.016))
            .collect();
        let report = analyze(format!("t,ax,ay,az,gx,gy,gz\n{rows}").as_bytes(), &profile).unwrap();
        assert!(report.warnings.is_empty());
    }

    #[test]
    fn report_has_the_contracted_shape() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let report = analyze(
            b"t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.02,0,0,9.8,0,0,0\n",
            &profile,
        )
        .unwrap();
        let json = serde_json::to_value(&report).unwrap();
        for key in [
            "exercise",
            "reps",
            "partial_reps",
            "rep_details",
            "cues",
            "frames",
            "dropped_frames",
            "skipped",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["exercise"], "active-shoulder-bridge");
        assert_eq!(json["input"], "motion");
        assert_eq!(json["frames"], 2);
    }
}
