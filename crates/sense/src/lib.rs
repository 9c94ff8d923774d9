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
//! times found from the movement itself, the top against the person's own
//! best, a confidence and quality flags) and form [`Cue`]s. Reps are judged
//! against the person's own range ([`PersonalRange`], which an engine
//! returns after a set and accepts as a prior for the next). Every threshold
//! lives in an [`ExerciseProfile`].
//!
//! For recorded files, [`read_recording`] reads any byte source with a cap
//! ([`MAX_INPUT_BYTES`]) and gunzips it, and [`analyze`] detects the format
//! (landmark JSON Lines or motion CSV), skips and reports bad lines, and
//! returns a serialisable [`Report`]. With the `synth` cargo feature,
//! `sense::synth` generates synthetic sessions with known truth for tests
//! and benchmarks.
//!
//! Streaming use (a browser sends landmark frames as they come):
//!
//! ```
//! use sense::{Event, ExerciseProfile, PoseEngine};
//! use sense::synth::{self, Plan, SetKind};
//!
//! let profile = ExerciseProfile::by_id("bridge-top-hold", None).expect("known exercise");
//! let (frames, frame_size, truth) = synth::pose_session(&Plan::random(7, SetKind::Hold));
//! let mut engine = PoseEngine::new(&profile, frame_size);
//! let mut counted = 0;
//! for frame in &frames {
//!     engine.push(frame, &mut |event| match event {
//!         Event::RepCompleted(_) => counted += 1,
//!         Event::RepReclassified(_) => counted -= 1,
//!         _ => {}
//!     });
//! }
//! let summary = engine.finish(&mut |_| {});
//! assert_eq!(summary.reps, counted);
//! assert_eq!(summary.reps as usize, truth.full_reps());
//! ```
//!
//! Whole files: `sense::analyze(&bytes, &profile)` returns a [`Report`]
//! (serialise it with serde_json), or a [`FormatError`] whose message names the
//! line and what was expected.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of
//! files, terminals, storage or HTTP.

mod events;
mod filter;
pub mod format;
mod input;
mod motion;
mod pose;
mod profile;
mod report;
#[cfg(feature = "synth")]
pub mod synth;
mod tracker;

pub use events::{Cue, Event, RepFlags, RepRecord, SetSummary};
pub use format::{FormatError, InputKind, SkippedLine};
pub use input::{MAX_INPUT_BYTES, read_recording};
pub use motion::{MotionEngine, MotionSample};
pub use pose::{FrameCounts, FrameSize, LANDMARK_COUNT, Landmark, PoseEngine, PoseFrame, index};
pub use profile::{ExerciseProfile, PROFILE_IDS, Side};
pub use report::{CueCount, RepDetail, Report, ReportBuilder, analyze};
pub use tracker::{EstimatorLag, PersonalRange};
