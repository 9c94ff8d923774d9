//! Recorded-file formats, parsed from bytes: pose landmarks as JSON Lines and
//! phone motion as CSV (`t,ax,ay,az,gx,gy,gz`), see DESIGN.md §5.
//!
//! Pure parsing: the caller reads the file (see [`crate::read_recording`]
//! for a bounded, gzip-aware read). Lines that cannot be used are skipped and
//! reported with their 1-based line number and the reason. A file is an
//! error when it is empty, in neither format, or holds fewer than
//! [`MIN_USABLE_ROWS`] usable rows (no landmarks in any frame, time running
//! backwards, a single line). The writers beside the readers produce the
//! same formats (used by the synthetic generator and the tests).

use serde::{Deserialize, Serialize};

use crate::motion::MotionSample;
use crate::pose::{FrameSize, LANDMARK_COUNT, Landmark, PoseFrame};

/// The CSV header of a motion recording.
pub const MOTION_HEADER: &str = "t,ax,ay,az,gx,gy,gz";
/// Normalised landmark coordinates outside this range are rejected
/// (MediaPipe reports points slightly outside the frame, not far outside).
pub const COORDINATE_RANGE: (f64, f64) = (-1.0, 2.0);
/// Frame size assumed when a landmark file has no usable meta line.
pub const DEFAULT_FRAME_SIZE: FrameSize = FrameSize {
    width: 640.0,
    height: 480.0,
};
/// Largest plausible |acceleration| component, m/s².
const MAX_ACCEL: f64 = 200.0;
/// Largest plausible |rotation rate| component, deg/s.
const MAX_GYRO: f64 = 5000.0;

/// A file that cannot be analysed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// Nothing but whitespace.
    #[error(
        "line {line}: the file is empty; expected pose landmarks (JSON Lines) or motion samples (CSV with the header `t,ax,ay,az,gx,gy,gz`)"
    )]
    Empty {
        /// Line where content was expected.
        line: usize,
    },
    /// The input is larger than [`crate::MAX_INPUT_BYTES`] (after decompression).
    #[error(
        "the input is larger than {limit_mib} MiB of text; a recording must be smaller (about 30,000 landmark frames or a million motion rows)"
    )]
    TooLarge {
        /// The cap in MiB.
        limit_mib: u64,
    },
    /// The input holds NUL bytes: binary data, not a recording.
    #[error(
        "the input is binary data, not text; expected pose landmarks (JSON Lines) or motion samples (CSV), optionally gzipped"
    )]
    Binary,
    /// The input starts like gzip but does not decompress.
    #[error("the gzip data is damaged ({0}); expected a complete .gz file")]
    BadGzip(String),
    /// The source failed while being read.
    #[error("the input could not be read ({0})")]
    Unreadable(String),
    /// The file parses but holds nothing to analyse.
    #[error("line {line}: nothing to analyse: {reason}")]
    NothingUsable {
        /// The line the problem shows at (the last line when nothing was found).
        line: usize,
        /// What is missing.
        reason: String,
    },
    /// The first line is neither a JSON object nor the motion CSV header.
    #[error(
        "line {line}: expected a JSON object (pose landmarks, JSON Lines) or the CSV header `t,ax,ay,az,gx,gy,gz` (motion samples), found `{found}`"
    )]
    Unrecognised {
        /// Line number of the first non-blank line.
        line: usize,
        /// The start of that line.
        found: String,
    },
}

/// Which format a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// Pose landmarks, JSON Lines.
    Landmarks,
    /// Phone motion samples, CSV.
    Motion,
}

/// A line that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedLine {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub reason: String,
}

/// The optional first line of a landmark file.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct LandmarkMeta {
    /// Frame width in pixels.
    pub width: Option<f64>,
    /// Frame height in pixels.
    pub height: Option<f64>,
    /// Producer, e.g. `mediapipe-pose`.
    pub source: Option<String>,
    /// Camera view, e.g. `side` or `front`.
    pub view: Option<String>,
}

#[derive(Deserialize)]
struct MetaLine {
    meta: LandmarkMeta,
}

#[derive(Deserialize)]
struct RawLandmark {
    x: f64,
    y: f64,
    #[serde(default)]
    z: f64,
    #[serde(default = "full_visibility")]
    visibility: f64,
}

fn full_visibility() -> f64 {
    1.0
}

#[derive(Deserialize)]
struct RawFrame {
    t: f64,
    landmarks: Vec<RawLandmark>,
}

/// Splits bytes into 1-based numbered lines (without `\n` / `\r\n`), and
/// tells whether the last line ended with a newline.
pub(crate) fn numbered_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8], bool)> {
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let count = bytes.split(|&b| b == b'\n').count();
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let is_last = i + 1 == count;
            if is_last && line.is_empty() {
                return None;
            }
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            Some((i + 1, line, is_last && !ends_with_newline))
        })
}

fn strip_bom(line: &[u8]) -> &[u8] {
    line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
}

/// Detects the format from the first non-blank line.
pub fn detect_format(bytes: &[u8]) -> Result<InputKind, FormatError> {
    let mut last_line = 1;
    for (number, line, _) in numbered_lines(bytes) {
        last_line = number;
        let text = String::from_utf8_lossy(strip_bom(line));
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if text.starts_with('{') {
            return Ok(InputKind::Landmarks);
        }
        if is_motion_header(text) {
            return Ok(InputKind::Motion);
        }
        let found: String = text.chars().take(40).collect();
        return Err(FormatError::Unrecognised {
            line: number,
            found,
        });
    }
    Err(FormatError::Empty { line: last_line })
}

fn is_motion_header(text: &str) -> bool {
    let mut columns = text.split(',').map(|c| c.trim().to_ascii_lowercase());
    MOTION_HEADER
        .split(',')
        .all(|expected| columns.next().as_deref() == Some(expected))
        && columns.next().is_none()
}

/// One parsed landmark line.
#[derive(Debug, Clone, PartialEq)]
pub enum LandmarkLine {
    /// The meta line.
    Meta(LandmarkMeta),
    /// A frame.
    Frame(Box<PoseFrame>),
}

/// Parses one line of a landmark file (no time-order check: see [`LandmarkReader`]).
pub fn parse_landmark_line(text: &str, truncated: bool) -> Result<LandmarkLine, String> {
    match serde_json::from_str::<RawFrame>(text) {
        Ok(raw) => frame_from_raw(raw).map(|frame| LandmarkLine::Frame(Box::new(frame))),
        Err(frame_error) => {
            if let Ok(meta) = serde_json::from_str::<MetaLine>(text) {
                return Ok(LandmarkLine::Meta(meta.meta));
            }
            if truncated && frame_error.is_eof() {
                return Err("truncated line: the file ends in the middle of a frame".to_owned());
            }
            if frame_error.is_syntax() || frame_error.is_eof() {
                Err(format!(
                    "not valid JSON ({frame_error}); expected {{\"t\": seconds, \"landmarks\": [33 × {{x, y, z, visibility}}]}}"
                ))
            } else {
                Err(format!(
                    "not a landmark frame ({frame_error}); expected {{\"t\": seconds, \"landmarks\": [33 × {{x, y, z, visibility}}]}}"
                ))
            }
        }
    }
}

fn frame_from_raw(raw: RawFrame) -> Result<PoseFrame, String> {
    if !raw.t.is_finite() {
        return Err("the timestamp is not a finite number of seconds".to_owned());
    }
    if raw.landmarks.is_empty() {
        // No person detected in this frame: a frame the engine will drop, not a bad line.
        return Ok(PoseFrame {
            t: raw.t,
            landmarks: [Landmark::default(); LANDMARK_COUNT],
        });
    }
    if raw.landmarks.len() != LANDMARK_COUNT {
        return Err(format!(
            "expected {LANDMARK_COUNT} landmarks (MediaPipe Pose), found {}",
            raw.landmarks.len()
        ));
    }
    let mut landmarks = [Landmark::default(); LANDMARK_COUNT];
    for (i, (slot, raw)) in landmarks.iter_mut().zip(raw.landmarks).enumerate() {
        for (name, value) in [("x", raw.x), ("y", raw.y)] {
            if !(COORDINATE_RANGE.0..=COORDINATE_RANGE.1).contains(&value) {
                return Err(format!(
                    "landmark {i}: {name} = {value} is out of range (expected normalised {}..{})",
                    COORDINATE_RANGE.0, COORDINATE_RANGE.1
                ));
            }
        }
        if !raw.z.is_finite() || raw.z.abs() > 100.0 {
            return Err(format!("landmark {i}: z = {} is out of range", raw.z));
        }
        if !(0.0..=1.0).contains(&raw.visibility) {
            return Err(format!(
                "landmark {i}: visibility = {} is out of range (expected 0..1)",
                raw.visibility
            ));
        }
        *slot = Landmark {
            x: raw.x,
            y: raw.y,
            z: raw.z,
            visibility: raw.visibility,
        };
    }
    Ok(PoseFrame {
        t: raw.t,
        landmarks,
    })
}

/// Parses one motion CSV row (no time-order check).
pub fn parse_motion_line(text: &str) -> Result<MotionSample, String> {
    let mut values = [0.0f64; 7];
    let mut fields = text.split(',');
    for (i, slot) in values.iter_mut().enumerate() {
        let Some(field) = fields.next() else {
            return Err(format!(
                "expected 7 comma-separated numbers ({MOTION_HEADER}), found {i}"
            ));
        };
        let name = MOTION_HEADER.split(',').nth(i).unwrap_or("?");
        *slot = field
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("column {name}: `{}` is not a number", field.trim()))?;
        if !slot.is_finite() {
            return Err(format!(
                "column {name}: `{}` is not a finite number",
                field.trim()
            ));
        }
    }
    if fields.next().is_some() {
        return Err(format!(
            "expected 7 comma-separated numbers ({MOTION_HEADER}), found more"
        ));
    }
    let [t, ax, ay, az, gx, gy, gz] = values;
    if [ax, ay, az].iter().any(|v| v.abs() > MAX_ACCEL) {
        return Err(format!(
            "acceleration beyond ±{MAX_ACCEL} m/s² is not plausible"
        ));
    }
    if [gx, gy, gz].iter().any(|v| v.abs() > MAX_GYRO) {
        return Err(format!(
            "rotation rate beyond ±{MAX_GYRO} deg/s is not plausible"
        ));
    }
    Ok(MotionSample {
        t,
        accel: [ax, ay, az],
        gyro: [gx, gy, gz],
    })
}

/// Reads a landmark file line by line, checking time order, collecting skipped lines.
#[derive(Debug, Clone, Default)]
pub struct LandmarkRecording {
    /// The meta line, if present and valid.
    pub meta: Option<LandmarkMeta>,
    /// Frame size used (from the meta line, or [`DEFAULT_FRAME_SIZE`]).
    pub frame_size: Option<FrameSize>,
    /// Frames in time order.
    pub frames: Vec<PoseFrame>,
    /// Lines that look like frames (not meta, not blank), parsed or not.
    pub frame_lines: u64,
    /// Lines skipped, with reasons.
    pub skipped: Vec<SkippedLine>,
}

/// Reads motion CSV.
#[derive(Debug, Clone, Default)]
pub struct MotionRecording {
    /// Samples in time order.
    pub samples: Vec<MotionSample>,
    /// Data rows (not header, not blank), parsed or not.
    pub sample_lines: u64,
    /// Lines skipped, with reasons.
    pub skipped: Vec<SkippedLine>,
}

fn decode(line: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(strip_bom(line)).map_err(|_| "not valid UTF-8 text".to_owned())
}

/// Parses a whole landmark file.
pub fn read_landmarks(bytes: &[u8]) -> Result<LandmarkRecording, FormatError> {
    if detect_format(bytes)? != InputKind::Landmarks {
        let found = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        return Err(FormatError::Unrecognised { line: 1, found });
    }
    let mut recording = LandmarkRecording::default();
    let mut previous_t: Option<f64> = None;
    for (number, line, truncated) in numbered_lines(bytes) {
        let skip = |recording: &mut LandmarkRecording, reason: String| {
            recording.skipped.push(SkippedLine {
                line: number,
                reason,
            });
        };
        let text = match decode(line) {
            Ok(text) => text.trim(),
            Err(reason) => {
                recording.frame_lines += 1;
                skip(&mut recording, reason);
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        match parse_landmark_line(text, truncated) {
            Ok(LandmarkLine::Meta(meta)) => {
                if !recording.frames.is_empty()
                    || recording.frame_lines > 0
                    || recording.meta.is_some()
                {
                    skip(
                        &mut recording,
                        "a meta line is allowed only as the first line".to_owned(),
                    );
                    continue;
                }
                let valid =
                    |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0 && *v <= 100_000.0);
                match (valid(meta.width), valid(meta.height)) {
                    (Some(width), Some(height)) => {
                        recording.frame_size = Some(FrameSize { width, height });
                    }
                    _ => skip(
                        &mut recording,
                        "meta: width and height must be positive pixel sizes; assuming 640×480"
                            .to_owned(),
                    ),
                }
                recording.meta = Some(meta);
            }
            Ok(LandmarkLine::Frame(frame)) => {
                recording.frame_lines += 1;
                if let Some(previous) = previous_t
                    && frame.t <= previous
                {
                    skip(
                        &mut recording,
                        format!(
                            "timestamp {} s is not after the previous frame's {} s",
                            frame.t, previous
                        ),
                    );
                    continue;
                }
                previous_t = Some(frame.t);
                recording.frames.push(*frame);
            }
            Err(reason) => {
                recording.frame_lines += 1;
                skip(&mut recording, reason);
            }
        }
    }
    let with_landmarks = recording
        .frames
        .iter()
        .filter(|f| f.landmarks.iter().any(|l| *l != Landmark::default()))
        .count();
    if with_landmarks < MIN_USABLE_ROWS {
        return Err(nothing_usable(
            bytes,
            &recording.skipped,
            recording.frames.len(),
            "frames with landmarks",
        ));
    }
    Ok(recording)
}

/// At least this many usable frames (or samples) make a recording.
pub const MIN_USABLE_ROWS: usize = 2;

/// The error for a file with fewer than [`MIN_USABLE_ROWS`] usable rows,
/// naming the likeliest cause.
fn nothing_usable(bytes: &[u8], skipped: &[SkippedLine], rows: usize, what: &str) -> FormatError {
    let backwards = skipped.iter().find(|s| s.reason.starts_with("timestamp "));
    let last_line = numbered_lines(bytes).last().map_or(1, |(n, _, _)| n);
    match backwards {
        Some(first) => FormatError::NothingUsable {
            line: first.line,
            reason: format!(
                "time runs backwards ({}); expected increasing timestamps in seconds",
                first.reason
            ),
        },
        None if rows == 0 && !skipped.is_empty() => FormatError::NothingUsable {
            line: skipped[0].line,
            reason: format!("no line could be used ({})", skipped[0].reason),
        },
        None => FormatError::NothingUsable {
            line: last_line,
            reason: format!(
                "found {rows} rows but fewer than {MIN_USABLE_ROWS} {what}; expected a recorded set"
            ),
        },
    }
}

/// Parses a whole motion CSV file.
pub fn read_motion(bytes: &[u8]) -> Result<MotionRecording, FormatError> {
    if detect_format(bytes)? != InputKind::Motion {
        let found = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        return Err(FormatError::Unrecognised { line: 1, found });
    }
    let mut recording = MotionRecording::default();
    let mut previous_t: Option<f64> = None;
    let mut seen_header = false;
    for (number, line, truncated) in numbered_lines(bytes) {
        let text = match decode(line) {
            Ok(text) => text.trim(),
            Err(reason) => {
                recording.sample_lines += 1;
                recording.skipped.push(SkippedLine {
                    line: number,
                    reason,
                });
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        if !seen_header {
            seen_header = true;
            continue;
        }
        recording.sample_lines += 1;
        match parse_motion_line(text) {
            Ok(sample) => {
                if let Some(previous) = previous_t
                    && sample.t <= previous
                {
                    recording.skipped.push(SkippedLine {
                        line: number,
                        reason: format!(
                            "timestamp {} s is not after the previous sample's {} s",
                            sample.t, previous
                        ),
                    });
                    continue;
                }
                previous_t = Some(sample.t);
                recording.samples.push(sample);
            }
            Err(reason) => {
                let reason = if truncated {
                    format!("truncated last line: {reason}")
                } else {
                    reason
                };
                recording.skipped.push(SkippedLine {
                    line: number,
                    reason,
                });
            }
        }
    }
    if recording.samples.len() < MIN_USABLE_ROWS {
        return Err(nothing_usable(
            bytes,
            &recording.skipped,
            recording.samples.len(),
            "motion samples",
        ));
    }
    Ok(recording)
}

/// Writes frames as a landmark JSON Lines file (DESIGN.md §5, with a meta line).
pub fn write_landmarks(frames: &[PoseFrame], frame: FrameSize, source: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(frames.len() * 2400 + 100);
    let _ = writeln!(
        out,
        r#"{{"meta": {{"width": {}, "height": {}, "source": "{source}", "view": "side"}}}}"#,
        frame.width, frame.height
    );
    for f in frames {
        let _ = write!(out, r#"{{"t": {:.4}, "landmarks": ["#, f.t);
        for (i, l) in f.landmarks.iter().enumerate() {
            let comma = if i + 1 < LANDMARK_COUNT { "," } else { "" };
            let _ = write!(
                out,
                r#"{{"x": {:.5}, "y": {:.5}, "z": {:.5}, "visibility": {:.3}}}{comma}"#,
                l.x, l.y, l.z, l.visibility
            );
        }
        out.push_str("]}\n");
    }
    out
}

/// Writes samples as a motion CSV file (header [`MOTION_HEADER`]).
pub fn write_motion(samples: &[MotionSample]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(samples.len() * 64 + 32);
    out.push_str(MOTION_HEADER);
    out.push('\n');
    for s in samples {
        let _ = writeln!(
            out,
            "{:.4},{:.4},{:.4},{:.4},{:.3},{:.3},{:.3}",
            s.t, s.accel[0], s.accel[1], s.accel[2], s.gyro[0], s.gyro[1], s.gyro[2]
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_line(t: f64) -> String {
        let landmark = r#"{"x":0.5,"y":0.5,"z":0.0,"visibility":0.9}"#;
        let landmarks = vec![landmark; 33].join(",");
        format!(r#"{{"t":{t},"landmarks":[{landmarks}]}}"#)
    }

    #[test]
    fn detects_formats_and_rejects_others() {
        assert_eq!(
            detect_format(b"\n{\"meta\":{}}\n"),
            Ok(InputKind::Landmarks)
        );
        assert_eq!(
            detect_format(b"T, ax,ay,az,gx,gy,gz\n1,2,3,4,5,6,7\n"),
            Ok(InputKind::Motion)
        );
        assert_eq!(
            detect_format(b"  \n\n"),
            Err(FormatError::Empty { line: 2 })
        );
        let error = detect_format(b"\nhello world\n").unwrap_err();
        assert_eq!(
            error,
            FormatError::Unrecognised {
                line: 2,
                found: "hello world".to_owned()
            }
        );
        assert!(
            error
                .to_string()
                .starts_with("line 2: expected a JSON object")
        );
    }

    #[test]
    fn landmark_lines_are_validated() {
        let good = frame_line(0.5);
        assert!(
            matches!(parse_landmark_line(&good, false), Ok(LandmarkLine::Frame(f)) if f.t == 0.5)
        );
        let short = good.replacen(r#"{"x":0.5,"y":0.5,"z":0.0,"visibility":0.9},"#, "", 1);
        assert_eq!(
            parse_landmark_line(&short, false),
            Err("expected 33 landmarks (MediaPipe Pose), found 32".to_owned())
        );
        let far = good.replacen(r#""x":0.5"#, r#""x":7.5"#, 1);
        assert!(
            parse_landmark_line(&far, false)
                .unwrap_err()
                .contains("landmark 0: x = 7.5 is out of range")
        );
        let nan = good.replacen("0.5", "NaN", 1);
        assert!(
            parse_landmark_line(&nan, false)
                .unwrap_err()
                .starts_with("not valid JSON")
        );
        let cut = &good[..good.len() / 2];
        assert_eq!(
            parse_landmark_line(cut, true),
            Err("truncated line: the file ends in the middle of a frame".to_owned())
        );
    }

    #[test]
    fn a_frame_without_a_person_is_a_dropped_frame_not_a_bad_line() {
        let parsed = parse_landmark_line(r#"{"t": 1.5, "landmarks": []}"#, false);
        let Ok(LandmarkLine::Frame(frame)) = parsed else {
            panic!("expected a frame, got {parsed:?}");
        };
        assert_eq!(frame.t, 1.5);
        assert!(frame.landmarks.iter().all(|l| l.visibility == 0.0));
    }

    #[test]
    fn backwards_time_and_late_meta_are_skipped() {
        let text = format!(
            "{{\"meta\":{{\"width\":1280,\"height\":720}}}}\n{}\n{}\n{{\"meta\":{{}}}}\n{}\n",
            frame_line(1.0),
            frame_line(0.5),
            frame_line(1.5)
        );
        let recording = read_landmarks(text.as_bytes()).unwrap();
        assert_eq!(recording.frames.len(), 2);
        assert_eq!(
            recording.frame_size,
            Some(FrameSize {
                width: 1280.0,
                height: 720.0
            })
        );
        let lines: Vec<usize> = recording.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(recording.skipped[0].reason.contains("not after"));
    }

    #[test]
    fn motion_rows_are_validated() {
        let text = "t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.1,0,0,abc,0,0,0\n0,0,0,9.8,0,0,0\n0.2,0,0,9.8\n0.3,0,0,9.8,0,0,0";
        let recording = read_motion(text.as_bytes()).unwrap();
        assert_eq!(recording.samples.len(), 2);
        assert_eq!(recording.sample_lines, 5);
        let reasons: Vec<(usize, &str)> = recording
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert_eq!(reasons[0], (3, "column az: `abc` is not a number"));
        assert!(reasons[1].1.contains("not after"));
        assert!(reasons[2].1.contains("found 4"));
    }

    #[test]
    fn files_with_nothing_usable_are_errors() {
        let single = format!("{}\n", frame_line(0.0));
        let error = read_landmarks(single.as_bytes()).unwrap_err();
        assert!(
            matches!(error, FormatError::NothingUsable { line: 1, .. }),
            "{error}"
        );
        let backwards = format!(
            "{}\n{}\n{}\n",
            frame_line(3.0),
            frame_line(2.0),
            frame_line(1.0)
        );
        let text = read_landmarks(backwards.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("line 2: ") && text.contains("time runs backwards"),
            "{text}"
        );
        let empty = "{\"t\":0,\"landmarks\":[]}\n{\"t\":1,\"landmarks\":[]}\n";
        let text = read_landmarks(empty.as_bytes()).unwrap_err().to_string();
        assert!(
            text.contains("fewer than 2 frames with landmarks"),
            "{text}"
        );
        let motion = "t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n";
        assert!(matches!(
            read_motion(motion.as_bytes()),
            Err(FormatError::NothingUsable { line: 2, .. })
        ));
    }

    #[test]
    fn invalid_utf8_is_skipped_not_fatal() {
        let mut bytes = b"t,ax,ay,az,gx,gy,gz\n".to_vec();
        bytes.extend_from_slice(b"\xff\xfe,1\n0,0,0,9.8,0,0,0\n0.1,0,0,9.8,0,0,0\n");
        let recording = read_motion(&bytes).unwrap();
        assert_eq!(recording.samples.len(), 2);
        assert_eq!(recording.skipped[0].line, 2);
    }
}
