//! Rep engine: pose-landmark or motion streams in, rep events out.
//!
//! Pure and streaming: no I/O, and no allocation per frame (engines allocate
//! once in `new`). Two inputs:
//!
//! - **pose frames** (MediaPipe Pose, 33 landmarks, normalised coordinates
//!   plus the frame's pixel size) → [`PoseEngine`];
//! - **motion samples** from a phone resting on the pelvis (acceleration
//!   including gravity, rotation rate) → [`MotionEngine`].
//!
//! Both reduce each sample to one rep signal and run the same hysteresis
//! state machine (`tracker`), emitting [`Event`]s: rep started, top reached,
//! top hold ended, rep completed or partial (with lift, hold and lowering
//! times, peak hip angle and quality flags) and form [`Cue`]s. Every
//! threshold lives in an [`ExerciseProfile`].
//!
//! For recorded files, [`analyze`] detects the format (landmark JSON Lines or
//! motion CSV), skips and reports bad lines, and returns a serialisable
//! [`Report`]. [`synth`] generates synthetic sessions with known truth for
//! tests and benchmarks.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of
//! files, terminals, storage or HTTP.

mod events;
mod filter;
pub mod format;
mod motion;
mod pose;
mod profile;
mod report;
pub mod synth;
mod tracker;

pub use events::{Cue, Event, RepFlags, RepRecord, SetSummary};
pub use format::{FormatError, InputKind, SkippedLine};
pub use motion::{MotionEngine, MotionSample};
pub use pose::{FrameCounts, FrameSize, LANDMARK_COUNT, Landmark, PoseEngine, PoseFrame, index};
pub use profile::{ExerciseProfile, PROFILE_IDS, Side};
pub use report::{CueCount, RepDetail, Report, ReportBuilder, analyze};
