//! The FIT messages the importer keeps, as typed structs with SI units.
//!
//! Each struct holds the fields of one message kind that a running log
//! uses; [`FitFile`] gathers every decoded message of one buffer. Which field
//! number fills which struct field is the job of the profile
//! (`profile.rs`); reading bytes is the reader's (`reader.rs`).

use super::reader::FitWarning;

/// `file_id` message (0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileId {
    pub file_type: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub serial_number: Option<u32>,
    pub time_created: Option<u32>,
}

/// `session` message (18): the device's own summary of one sport.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub sport: Option<u8>,
    pub sub_sport: Option<u8>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    /// `total_moving_time` (59), written by some devices beside the timer.
    pub total_moving_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
    pub total_cycles: Option<u32>,
    pub avg_speed_mps: Option<f64>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
    pub avg_cadence: Option<u8>,
    pub avg_fractional_cadence: Option<f64>,
    pub total_ascent_m: Option<u16>,
    pub avg_vertical_oscillation_mm: Option<f64>,
    pub avg_stance_time_ms: Option<f64>,
    pub avg_step_length_mm: Option<f64>,
    pub avg_vertical_ratio_pct: Option<f64>,
}

/// `lap` message (19).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lap {
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
}

/// `record` message (20): one sample. Units are SI after scaling, except
/// cadence which stays raw (strides/min for running, rpm for cycling).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub timestamp: Option<u32>,
    pub position_lat: Option<i32>,
    pub position_long: Option<i32>,
    pub altitude_m: Option<f64>,
    pub heart_rate: Option<u8>,
    pub cadence: Option<u8>,
    pub fractional_cadence: Option<f64>,
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f64>,
    pub power_w: Option<u16>,
    pub vertical_oscillation_mm: Option<f64>,
    pub stance_time_ms: Option<f64>,
    pub stance_time_percent: Option<f64>,
    pub stance_time_balance_pct: Option<f64>,
    pub vertical_ratio_pct: Option<f64>,
    pub step_length_mm: Option<f64>,
}

/// `event` message (21). Event 0 is the timer: event type 0 starts it,
/// 1, 4, 8 and 9 stop it (stop, stop all, stop disable, stop disable all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    pub timestamp: Option<u32>,
    pub event: Option<u8>,
    pub event_type: Option<u8>,
}

/// `device_info` message (23).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceInfo {
    pub timestamp: Option<u32>,
    pub device_index: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub serial_number: Option<u32>,
}

/// `activity` message (34): carries the local wall-clock time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityMessage {
    pub timestamp: Option<u32>,
    pub local_timestamp: Option<u32>,
}

/// `sport` message (12): written at the start of newer files, so it survives
/// a truncation that loses the session at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SportMessage {
    pub sport: Option<u8>,
    pub sub_sport: Option<u8>,
}

/// One decoded message of a kind we use.
#[derive(Debug, Clone, PartialEq)]
pub enum FitMessage {
    FileId(FileId),
    Session(Session),
    Lap(Lap),
    Record(Record),
    Event(Event),
    DeviceInfo(DeviceInfo),
    Activity(ActivityMessage),
    Sport(SportMessage),
}

/// Everything decoded from one buffer (all chained files together).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFile {
    pub file_ids: Vec<FileId>,
    pub sessions: Vec<Session>,
    pub laps: Vec<Lap>,
    pub records: Vec<Record>,
    pub events: Vec<Event>,
    pub device_infos: Vec<DeviceInfo>,
    pub activities: Vec<ActivityMessage>,
    pub sports: Vec<SportMessage>,
    /// Number of chained FIT files (headers) read.
    pub segments: usize,
    /// Number of data messages of any kind, kept or skipped.
    pub data_messages: usize,
    pub warnings: Vec<FitWarning>,
}
