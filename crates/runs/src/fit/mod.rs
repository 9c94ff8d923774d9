//! FIT: a streaming decoder for the messages a running log needs, and the
//! assembly of its sessions into activities.
//!
//! - `reader.rs`: the wire format (headers, chained files, CRCs, definition
//!   and data messages) and the pull decoder [`FitDecoder`];
//! - `messages.rs`: the typed messages we keep ([`Record`], [`Session`], …);
//! - `profile.rs`: which message and field numbers fill which struct field;
//! - `assemble.rs`: sessions, their records and the device's pauses, to
//!   [`crate::Activity`]s ([`activities_from_fit`]).
//!
//! Only `file_id` (0), `sport` (12), `session` (18), `lap` (19), `record`
//! (20), `event` (21), `device_info` (23) and `activity` (34) are decoded;
//! every other message, and every developer field, is skipped by the size
//! its definition declares.

mod assemble;
mod messages;
mod profile;
mod reader;

pub use assemble::activities_from_fit;
pub use messages::{
    ActivityMessage, DeviceInfo, Event, FileId, FitFile, FitMessage, Lap, Record, Session,
    SportMessage,
};
pub use reader::{
    FIT_EPOCH_UNIX_OFFSET, FIT_MIN_ABSOLUTE_TIME, FitDecoder, FitError, FitWarning, crc16,
    looks_like_fit,
};

/// Decodes a whole buffer, salvaging what precedes any damage.
pub fn decode(bytes: &[u8]) -> Result<FitFile, FitError> {
    let mut decoder = FitDecoder::new(bytes)?;
    let mut file = FitFile::default();
    for message in decoder.by_ref() {
        match message {
            FitMessage::FileId(message) => file.file_ids.push(message),
            FitMessage::Session(message) => file.sessions.push(message),
            FitMessage::Lap(message) => file.laps.push(message),
            FitMessage::Record(message) => file.records.push(message),
            FitMessage::Event(message) => file.events.push(message),
            FitMessage::DeviceInfo(message) => file.device_infos.push(message),
            FitMessage::Activity(message) => file.activities.push(message),
            FitMessage::Sport(message) => file.sports.push(message),
        }
    }
    file.segments = decoder.segments;
    file.data_messages = decoder.data_messages;
    file.warnings = decoder.warnings;
    Ok(file)
}
