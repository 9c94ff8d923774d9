//! Activity files in (bytes), activities and metrics out. Pure: no I/O.
//!
//! The CLI reads files and walks folders; this crate only sees names and
//! bytes (or a seekable reader for a zip archive):
//!
//! - [`import_file`]: one FIT, GPX or TCX file, plain or gzipped.
//! - [`import_bytes`]: anything, including a zip archive or a Strava bulk
//!   export; failures of single entries are collected, not fatal.
//! - [`import_archive`]: a zip archive from any `Read + Seek`, entries
//!   imported lazily one at a time.
//! - [`StravaIndex`]: an unzipped Strava export's `activities.csv`, to
//!   annotate activities read from its `activities/` folder.
//! - [`weekly_summaries`], [`fingerprint`], [`same_activity`]: pure functions
//!   over activities; [`week_start`] and [`Activity::local_day`] are the
//!   project's calendar rules.
//! - [`fit::FitDecoder`]: the streaming FIT decoder itself (an iterator of
//!   typed messages), for callers that want records rather than activities.
//!
//! Damaged FIT files are salvaged: every message before the damage is kept
//! and the loss is reported in [`Activity::warnings`] with byte offsets.
//!
//! Inside, bytes flow: `import` (sniffing, containers) → `fit` or `xml`
//! (decoding, one [`assemble::Recording`] per session or track) →
//! `assemble` (clock repair, sport, the choice of each value) using
//! `motion`, `metrics` and `page`.

pub mod archive;
pub mod assemble;
pub mod calendar;
pub mod clock;
pub mod error;
pub mod fit;
pub mod import;
pub mod infer;
pub mod metrics;
pub mod model;
pub mod motion;
pub mod page;
pub mod strava;
pub mod summary;
pub mod time;
pub mod xml;

pub use archive::MAX_INFLATED_BYTES;
pub use calendar::week_start;
pub use error::ImportError;
pub use fit::activities_from_fit;
pub use import::{
    ArchiveImport, ArchiveItem, DetectedFormat, ImportReport, detect_format, import_archive,
    import_bytes, import_file,
};
pub use model::{
    Activity, DeviceSummary, MAX_TRACK_POINTS, Pause, RunningDynamics, Sample, SourceFormat, Split,
    Sport, TrackPoint,
};
pub use strava::{StravaIndex, StravaRow};
pub use summary::{WeekSummary, fingerprint, same_activity, split_new, weekly_summaries};
