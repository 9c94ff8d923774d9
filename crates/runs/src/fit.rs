//! Streaming FIT decoder for the messages a running log needs.
//!
//! Only `file_id` (0), `sport` (12), `session` (18), `lap` (19), `record` (20),
//! `event` (21), `device_info` (23) and `activity` (34) are decoded; every other message,
//! and every developer field, is skipped by the size its definition declares.
//! Field layouts are resolved once per definition message into a short list of
//! field slots, so a data message costs one pass over the fields we keep.
//!
//! The decoder is tolerant by design: compressed timestamp headers, chained
//! files (several headers one after the other), big- and little-endian
//! definitions, fields whose size is not a multiple of their base type, and
//! damaged files. A truncated file, a failing CRC, an undefined local message
//! or a corrupt chained header never discards what decoded before it: the
//! messages up to the damage are kept and a [`FitWarning`] records the byte
//! offset and what was lost. Only a file whose very first header is not FIT is
//! an error ([`FitError`]).

use std::fmt;

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31 00:00:00 UTC).
pub const FIT_EPOCH_UNIX_OFFSET: i64 = 631_065_600;

/// FIT `date_time` values below this are device-relative (seconds since
/// power-on), not dates.
pub const FIT_MIN_ABSOLUTE_TIME: u32 = 0x1000_0000;

/// Something a damaged file lost, or an oddity worth telling the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitWarning {
    /// Byte offset in the input where the problem starts.
    pub offset: usize,
    /// What happened and what was lost, one sentence.
    pub message: String,
}

impl fmt::Display for FitWarning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "at byte {}: {}", self.offset, self.message)
    }
}

/// Why a byte buffer could not be read as FIT at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What was wrong, without the file name (the caller adds it).
    pub reason: String,
}

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

/// `event` message (21).
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

/// True when `bytes` start with a plausible FIT file header.
pub fn looks_like_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && matches!(bytes[0], 12 | 14) && &bytes[8..12] == b".FIT"
}

/// Which message a definition describes, for the ones we decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FileId,
    Session,
    Lap,
    Record,
    Event,
    DeviceInfo,
    Activity,
    Sport,
    Skipped,
}

impl Kind {
    fn from_global(global: u16) -> Self {
        match global {
            0 => Self::FileId,
            18 => Self::Session,
            19 => Self::Lap,
            20 => Self::Record,
            21 => Self::Event,
            23 => Self::DeviceInfo,
            34 => Self::Activity,
            12 => Self::Sport,
            _ => Self::Skipped,
        }
    }
}

/// A field we keep: where it sits in the data message and how to read it.
#[derive(Debug, Clone, Copy)]
struct FieldSlot {
    offset: u16,
    size: u8,
    base_type: u8,
    number: u8,
    /// Bytes of one element of the base type.
    width: u8,
    /// The base type's "no value" marker.
    invalid: u64,
}

#[derive(Debug, Clone)]
struct Definition {
    kind: Kind,
    big_endian: bool,
    /// Bytes of the data message after its one-byte header, developer fields included.
    size: usize,
    slots: Vec<FieldSlot>,
}

/// Width and "invalid" marker of an integer base type; `None` for floats,
/// strings and unknown types, which no field we keep uses.
fn integer_layout(base_type: u8) -> Option<(u8, u64)> {
    Some(match base_type & 0x1F {
        0x00 | 0x02 | 0x0D => (1, 0xFF),
        0x01 => (1, 0x7F),
        0x0A => (1, 0),
        0x03 => (2, 0x7FFF),
        0x04 => (2, 0xFFFF),
        0x0B => (2, 0),
        0x05 => (4, 0x7FFF_FFFF),
        0x06 => (4, 0xFFFF_FFFF),
        0x0C => (4, 0),
        0x0E => (8, 0x7FFF_FFFF_FFFF_FFFF),
        0x0F => (8, u64::MAX),
        0x10 => (8, 0),
        _ => return None,
    })
}

/// One raw integer value read from a field, `None` when it holds the base
/// type's "invalid" marker. Arrays yield their first element.
#[inline]
fn read_value(data: &[u8], slot: FieldSlot, big_endian: bool) -> Option<u64> {
    let start = usize::from(slot.offset);
    let raw = match slot.width {
        1 => u64::from(*data.get(start)?),
        2 => {
            let bytes: [u8; 2] = data.get(start..start + 2)?.try_into().ok()?;
            u64::from(if big_endian {
                u16::from_be_bytes(bytes)
            } else {
                u16::from_le_bytes(bytes)
            })
        }
        4 => {
            let bytes: [u8; 4] = data.get(start..start + 4)?.try_into().ok()?;
            u64::from(if big_endian {
                u32::from_be_bytes(bytes)
            } else {
                u32::from_le_bytes(bytes)
            })
        }
        8 => {
            let bytes: [u8; 8] = data.get(start..start + 8)?.try_into().ok()?;
            if big_endian {
                u64::from_be_bytes(bytes)
            } else {
                u64::from_le_bytes(bytes)
            }
        }
        _ => return None,
    };
    (raw != slot.invalid).then_some(raw)
}

/// Sign-extends a raw value read from a signed base type.
#[inline]
fn signed(raw: u64, base_type: u8) -> i64 {
    match base_type & 0x1F {
        0x01 => i64::from(raw as u8 as i8),
        0x03 => i64::from(raw as u16 as i16),
        0x05 => i64::from(raw as u32 as i32),
        _ => raw as i64,
    }
}

#[inline]
fn as_u8(value: u64) -> Option<u8> {
    u8::try_from(value).ok()
}

#[inline]
fn as_u16(value: u64) -> Option<u16> {
    u16::try_from(value).ok()
}

#[inline]
fn as_u32(value: u64) -> Option<u32> {
    u32::try_from(value).ok()
}

#[inline]
fn scaled(value: u64, scale: f64, offset: f64) -> f64 {
    value as f64 / scale - offset
}

/// FIT CRC-16 (the CRC-16/ARC polynomial), one table lookup per byte.
const CRC_TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut index = 0;
    while index < 256 {
        let mut crc = index as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[index] = crc;
        index += 1;
    }
    table
};

/// Continues a FIT CRC over `bytes`.
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    for &byte in bytes {
        crc = (crc >> 8) ^ CRC_TABLE[usize::from((crc ^ u16::from(byte)) as u8)];
    }
    crc
}

/// Pull decoder: iterate to get [`FitMessage`]s; read `warnings` afterwards.
pub struct FitDecoder<'a> {
    bytes: &'a [u8],
    /// Read position.
    position: usize,
    /// Where the current segment's data ends (exclusive), before its CRC.
    data_end: usize,
    /// Where the current segment started (its header).
    segment_start: usize,
    definitions: [Option<Definition>; 16],
    last_timestamp: u32,
    /// Accumulated distance for compressed speed/distance, in 1/16 m.
    compressed_distance: u64,
    stopped: bool,
    /// Number of chained files read.
    pub segments: usize,
    /// Number of data messages seen, including skipped kinds.
    pub data_messages: usize,
    /// What damaged input cost, with byte offsets.
    pub warnings: Vec<FitWarning>,
}

impl<'a> FitDecoder<'a> {
    /// Checks the first header and prepares to decode.
    pub fn new(bytes: &'a [u8]) -> Result<Self, FitError> {
        if bytes.is_empty() {
            return Err(FitError {
                offset: 0,
                reason: "the file is empty".into(),
            });
        }
        if bytes.len() < 12 {
            return Err(FitError {
                offset: bytes.len(),
                reason: format!(
                    "the file ends after {} bytes, before a 12-byte FIT header",
                    bytes.len()
                ),
            });
        }
        if !looks_like_fit(bytes) {
            return Err(FitError {
                offset: 0,
                reason: "the header does not carry the \".FIT\" signature at bytes 8 to 11".into(),
            });
        }
        let mut decoder = Self {
            bytes,
            position: 0,
            data_end: 0,
            segment_start: 0,
            definitions: Default::default(),
            last_timestamp: 0,
            compressed_distance: 0,
            stopped: false,
            segments: 0,
            data_messages: 0,
            warnings: Vec::new(),
        };
        decoder.start_segment();
        Ok(decoder)
    }

    fn warn(&mut self, offset: usize, message: String) {
        self.warnings.push(FitWarning { offset, message });
    }

    /// Reads the header at `self.position`. Returns false (and stops) when
    /// there is no valid header there.
    fn start_segment(&mut self) -> bool {
        let start = self.position;
        let rest = &self.bytes[start.min(self.bytes.len())..];
        if !looks_like_fit(rest) {
            self.stopped = true;
            if !rest.is_empty() && self.segments > 0 {
                let all_padding = rest
                    .iter()
                    .all(|&byte| byte == 0 || byte.is_ascii_whitespace());
                if !all_padding {
                    self.warn(
                        start,
                        format!(
                            "{} trailing bytes are not a FIT header (a corrupt chained file?); they were ignored",
                            rest.len()
                        ),
                    );
                }
            }
            return false;
        }
        let header_size = usize::from(rest[0]);
        if rest.len() < header_size {
            self.stopped = true;
            self.warn(start, "the file ends inside a FIT header".into());
            return false;
        }
        let data_size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        if header_size == 14 {
            let stored = u16::from_le_bytes([rest[12], rest[13]]);
            if stored != 0 && stored != crc16(0, &rest[..12]) {
                self.warn(
                    start,
                    "the header CRC does not match; decoding anyway".into(),
                );
            }
        }
        self.segment_start = start;
        self.position = start + header_size;
        let declared_end = self.position + data_size;
        if data_size == 0 {
            self.warn(
                start,
                "the header declares no data size (an unfinished recording?); reading to the end of the file"
                    .into(),
            );
            self.data_end = self.bytes.len();
        } else if declared_end > self.bytes.len() {
            self.warn(
                self.bytes.len(),
                format!(
                    "the file is truncated: the header at byte {start} declares data up to byte {declared_end} but the file has {} bytes; kept every complete message before the end",
                    self.bytes.len()
                ),
            );
            self.data_end = self.bytes.len();
        } else {
            self.data_end = declared_end;
        }
        self.definitions = Default::default();
        self.segments += 1;
        true
    }

    /// Checks the CRC after the current segment's data and moves to the next
    /// chained header, if any.
    fn finish_segment(&mut self) -> bool {
        let crc_at = self.data_end;
        if crc_at + 2 <= self.bytes.len() {
            let stored = u16::from_le_bytes([self.bytes[crc_at], self.bytes[crc_at + 1]]);
            let computed = crc16(0, &self.bytes[self.segment_start..crc_at]);
            if stored != computed {
                self.warn(
                    crc_at,
                    format!(
                        "the file CRC does not match (stored {stored:#06x}, computed {computed:#06x}); the decoded messages were kept but may be damaged"
                    ),
                );
            }
            self.position = crc_at + 2;
            self.start_segment()
        } else {
            if crc_at < self.bytes.len() || self.warnings.is_empty() {
                self.warn(
                    crc_at,
                    "the file ends without its 2-byte CRC; the data could not be verified".into(),
                );
            }
            self.stopped = true;
            false
        }
    }

    fn read_definition(&mut self, header: u8) -> bool {
        let start = self.position;
        let local = usize::from(header & 0x0F);
        let has_developer_fields = header & 0x20 != 0;
        let fixed = match self.bytes.get(start + 1..start + 6) {
            Some(fixed) if start + 6 <= self.data_end => fixed,
            _ => {
                self.truncated(start, "a definition message");
                return false;
            }
        };
        let big_endian = fixed[1] == 1;
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let field_count = usize::from(fixed[4]);
        let fields_start = start + 6;
        let fields_end = fields_start + field_count * 3;
        let Some(fields) = self
            .bytes
            .get(fields_start..fields_end)
            .filter(|_| fields_end <= self.data_end)
        else {
            self.truncated(start, "a definition message");
            return false;
        };
        let kind = Kind::from_global(global);
        let mut slots = Vec::new();
        let mut size = 0usize;
        for field in fields.chunks_exact(3) {
            let (number, field_size, base_type) = (field[0], field[1], field[2]);
            let wanted = kind != Kind::Skipped || number == 253;
            // Floats, strings and fields shorter than their type are never read.
            if let Some((width, invalid)) = integer_layout(base_type)
                && wanted
                && field_size >= width
            {
                slots.push(FieldSlot {
                    offset: size as u16,
                    size: field_size,
                    base_type,
                    number,
                    width,
                    invalid,
                });
            }
            size += usize::from(field_size);
        }
        let mut end = fields_end;
        if has_developer_fields {
            let Some(&developer_count) = self.bytes.get(end).filter(|_| end < self.data_end) else {
                self.truncated(start, "a definition message");
                return false;
            };
            let developer_end = end + 1 + usize::from(developer_count) * 3;
            let Some(developer_fields) = self
                .bytes
                .get(end + 1..developer_end)
                .filter(|_| developer_end <= self.data_end)
            else {
                self.truncated(start, "a definition message");
                return false;
            };
            size += developer_fields
                .chunks_exact(3)
                .map(|field| usize::from(field[1]))
                .sum::<usize>();
            end = developer_end;
        }
        self.definitions[local] = Some(Definition {
            kind,
            big_endian,
            size,
            slots,
        });
        self.position = end;
        true
    }

    fn truncated(&mut self, offset: usize, what: &str) {
        let lost = self.data_end.saturating_sub(offset);
        self.warn(
            offset,
            format!(
                "{what} is cut off by the end of the data; {lost} bytes from here on were lost"
            ),
        );
        self.stopped = true;
    }

    fn decode_data(&mut self, local: usize, timestamp_offset: Option<u8>) -> Option<FitMessage> {
        let start = self.position;
        let Some(definition) = self.definitions[local].take() else {
            let lost = self.data_end.saturating_sub(start);
            self.warn(
                start,
                format!(
                    "a data message uses local type {local}, which no definition describes; the remaining {lost} bytes of this FIT file could not be decoded"
                ),
            );
            // Skip to the end of this segment; a following chained file may still be readable.
            self.position = self.data_end;
            return None;
        };
        let end = start + 1 + definition.size;
        if end > self.data_end {
            self.definitions[local] = Some(definition);
            self.truncated(start, "a data message");
            return None;
        }
        let bytes = self.bytes;
        let data = &bytes[start + 1..end];
        self.position = end;
        self.data_messages += 1;
        if let Some(offset) = timestamp_offset {
            let offset = u32::from(offset);
            self.last_timestamp = self
                .last_timestamp
                .wrapping_add(offset.wrapping_sub(self.last_timestamp & 0x1F) & 0x1F);
        }
        let compressed_timestamp = timestamp_offset.map(|_| self.last_timestamp);
        let big_endian = definition.big_endian;
        let message = match definition.kind {
            Kind::Skipped => {
                // Keep the timestamp chain for compressed headers going.
                for &slot in &definition.slots {
                    if let Some(timestamp) = read_value(data, slot, big_endian).and_then(as_u32) {
                        self.last_timestamp = timestamp;
                    }
                }
                None
            }
            Kind::Record => {
                let mut record = Record {
                    timestamp: compressed_timestamp,
                    ..Record::default()
                };
                for &slot in &definition.slots {
                    if slot.number == 8 && slot.size >= 3 {
                        // compressed_speed_distance: 12-bit speed (1/100 m/s), 12-bit distance (1/16 m).
                        let at = usize::from(slot.offset);
                        if let Some(bytes) = data.get(at..at + 3) {
                            let speed = u16::from(bytes[0]) | (u16::from(bytes[1] & 0x0F) << 8);
                            let distance = u64::from(bytes[1] >> 4) | (u64::from(bytes[2]) << 4);
                            self.compressed_distance +=
                                distance.wrapping_sub(self.compressed_distance & 0xFFF) & 0xFFF;
                            record.speed_mps = Some(f64::from(speed) / 100.0);
                            record.distance_m = Some(self.compressed_distance as f64 / 16.0);
                        }
                        continue;
                    }
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => record.timestamp = as_u32(value),
                        0 => record.position_lat = Some(signed(value, slot.base_type) as i32),
                        1 => record.position_long = Some(signed(value, slot.base_type) as i32),
                        2 if record.altitude_m.is_none() => {
                            record.altitude_m = Some(scaled(value, 5.0, 500.0));
                        }
                        78 => record.altitude_m = Some(scaled(value, 5.0, 500.0)),
                        3 => record.heart_rate = as_u8(value),
                        4 => record.cadence = as_u8(value),
                        53 => record.fractional_cadence = Some(scaled(value, 128.0, 0.0)),
                        5 => record.distance_m = Some(scaled(value, 100.0, 0.0)),
                        6 if record.speed_mps.is_none() => {
                            record.speed_mps = Some(scaled(value, 1000.0, 0.0));
                        }
                        73 => record.speed_mps = Some(scaled(value, 1000.0, 0.0)),
                        7 => record.power_w = as_u16(value),
                        39 => record.vertical_oscillation_mm = Some(scaled(value, 10.0, 0.0)),
                        40 => record.stance_time_percent = Some(scaled(value, 100.0, 0.0)),
                        41 => record.stance_time_ms = Some(scaled(value, 10.0, 0.0)),
                        83 => record.vertical_ratio_pct = Some(scaled(value, 100.0, 0.0)),
                        84 => record.stance_time_balance_pct = Some(scaled(value, 100.0, 0.0)),
                        85 => record.step_length_mm = Some(scaled(value, 10.0, 0.0)),
                        _ => {}
                    }
                }
                if let Some(timestamp) = record.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::Record(record))
            }
            Kind::Session => {
                let mut session = Session {
                    timestamp: compressed_timestamp,
                    ..Session::default()
                };
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => session.timestamp = as_u32(value),
                        2 => session.start_time = as_u32(value),
                        5 => session.sport = as_u8(value),
                        6 => session.sub_sport = as_u8(value),
                        7 => session.total_elapsed_time_s = Some(scaled(value, 1000.0, 0.0)),
                        8 => session.total_timer_time_s = Some(scaled(value, 1000.0, 0.0)),
                        9 => session.total_distance_m = Some(scaled(value, 100.0, 0.0)),
                        10 => session.total_cycles = as_u32(value),
                        14 if session.avg_speed_mps.is_none() => {
                            session.avg_speed_mps = Some(scaled(value, 1000.0, 0.0));
                        }
                        124 => session.avg_speed_mps = Some(scaled(value, 1000.0, 0.0)),
                        16 => session.avg_heart_rate = as_u8(value),
                        17 => session.max_heart_rate = as_u8(value),
                        18 => session.avg_cadence = as_u8(value),
                        92 => session.avg_fractional_cadence = Some(scaled(value, 128.0, 0.0)),
                        22 => session.total_ascent_m = as_u16(value),
                        89 => session.avg_vertical_oscillation_mm = Some(scaled(value, 10.0, 0.0)),
                        91 => session.avg_stance_time_ms = Some(scaled(value, 10.0, 0.0)),
                        132 => session.avg_vertical_ratio_pct = Some(scaled(value, 100.0, 0.0)),
                        134 => session.avg_step_length_mm = Some(scaled(value, 10.0, 0.0)),
                        _ => {}
                    }
                }
                if let Some(timestamp) = session.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::Session(session))
            }
            Kind::Lap => {
                let mut lap = Lap {
                    timestamp: compressed_timestamp,
                    ..Lap::default()
                };
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => lap.timestamp = as_u32(value),
                        2 => lap.start_time = as_u32(value),
                        7 => lap.total_elapsed_time_s = Some(scaled(value, 1000.0, 0.0)),
                        8 => lap.total_timer_time_s = Some(scaled(value, 1000.0, 0.0)),
                        9 => lap.total_distance_m = Some(scaled(value, 100.0, 0.0)),
                        15 => lap.avg_heart_rate = as_u8(value),
                        16 => lap.max_heart_rate = as_u8(value),
                        _ => {}
                    }
                }
                if let Some(timestamp) = lap.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::Lap(lap))
            }
            Kind::Event => {
                let mut event = Event {
                    timestamp: compressed_timestamp,
                    ..Event::default()
                };
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => event.timestamp = as_u32(value),
                        0 => event.event = as_u8(value),
                        1 => event.event_type = as_u8(value),
                        _ => {}
                    }
                }
                if let Some(timestamp) = event.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::Event(event))
            }
            Kind::DeviceInfo => {
                let mut device = DeviceInfo {
                    timestamp: compressed_timestamp,
                    ..DeviceInfo::default()
                };
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => device.timestamp = as_u32(value),
                        0 => device.device_index = as_u8(value),
                        2 => device.manufacturer = as_u16(value),
                        3 => device.serial_number = as_u32(value),
                        4 => device.product = as_u16(value),
                        _ => {}
                    }
                }
                if let Some(timestamp) = device.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::DeviceInfo(device))
            }
            Kind::FileId => {
                let mut file_id = FileId::default();
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        0 => file_id.file_type = as_u8(value),
                        1 => file_id.manufacturer = as_u16(value),
                        2 => file_id.product = as_u16(value),
                        3 => file_id.serial_number = as_u32(value),
                        4 => file_id.time_created = as_u32(value),
                        _ => {}
                    }
                }
                Some(FitMessage::FileId(file_id))
            }
            Kind::Sport => {
                let mut sport = SportMessage::default();
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        0 => sport.sport = as_u8(value),
                        1 => sport.sub_sport = as_u8(value),
                        _ => {}
                    }
                }
                Some(FitMessage::Sport(sport))
            }
            Kind::Activity => {
                let mut activity = ActivityMessage {
                    timestamp: compressed_timestamp,
                    ..ActivityMessage::default()
                };
                for &slot in &definition.slots {
                    let Some(value) = read_value(data, slot, big_endian) else {
                        continue;
                    };
                    match slot.number {
                        253 => activity.timestamp = as_u32(value),
                        5 => activity.local_timestamp = as_u32(value),
                        _ => {}
                    }
                }
                if let Some(timestamp) = activity.timestamp {
                    self.last_timestamp = timestamp;
                }
                Some(FitMessage::Activity(activity))
            }
        };
        self.definitions[local] = Some(definition);
        message
    }
}

impl Iterator for FitDecoder<'_> {
    type Item = FitMessage;

    fn next(&mut self) -> Option<FitMessage> {
        while !self.stopped {
            if self.position >= self.data_end {
                if !self.finish_segment() {
                    return None;
                }
                continue;
            }
            let header = self.bytes[self.position];
            if header & 0x80 != 0 {
                let local = usize::from((header >> 5) & 0x03);
                if let Some(message) = self.decode_data(local, Some(header & 0x1F)) {
                    return Some(message);
                }
            } else if header & 0x40 != 0 {
                if !self.read_definition(header) {
                    return None;
                }
            } else if let Some(message) = self.decode_data(usize::from(header & 0x0F), None) {
                return Some(message);
            }
        }
        None
    }
}
