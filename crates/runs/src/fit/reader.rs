//! The FIT wire format: file headers, chained files, CRCs, definition and
//! data messages, compressed timestamp headers, and the pull decoder.
//!
//! Field layouts are resolved once per definition message into a short list
//! of field slots, so a data message costs one pass over the fields we keep;
//! every other message, and every developer field, is skipped by the size its
//! definition declares. The decoder is tolerant by design: compressed
//! timestamp headers, chained files, big- and little-endian definitions,
//! fields whose size is not a multiple of their base type, and damaged files.
//! A truncated file, a failing CRC, an undefined local message or a corrupt
//! chained header never discards what decoded before it: the messages up to
//! the damage are kept and a [`FitWarning`] records the byte offset and what
//! was lost. Only a file whose very first header is not FIT is an error
//! ([`FitError`]).

use std::fmt;

use super::messages::FitMessage;
use super::profile::{Chain, Kind, decode_fields};

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

/// A field we keep: where it sits in the data message and how to read it.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldSlot {
    pub offset: u16,
    pub size: u8,
    pub base_type: u8,
    pub number: u8,
    /// Bytes of one element of the base type.
    pub width: u8,
    /// The base type's "no value" marker.
    pub invalid: u64,
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
pub(super) fn read_value(data: &[u8], slot: FieldSlot, big_endian: bool) -> Option<u64> {
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
pub(super) fn signed(raw: u64, base_type: u8) -> i64 {
    match base_type & 0x1F {
        0x01 => i64::from(raw as u8 as i8),
        0x03 => i64::from(raw as u16 as i16),
        0x05 => i64::from(raw as u32 as i32),
        _ => raw as i64,
    }
}

#[inline]
pub(super) fn as_u8(value: u64) -> Option<u8> {
    u8::try_from(value).ok()
}

#[inline]
pub(super) fn as_u16(value: u64) -> Option<u16> {
    u16::try_from(value).ok()
}

#[inline]
pub(super) fn as_u32(value: u64) -> Option<u32> {
    u32::try_from(value).ok()
}

#[inline]
pub(super) fn scaled(value: u64, scale: f64, offset: f64) -> f64 {
    value as f64 / scale - offset
}

/// True when `bytes` start with a plausible FIT file header.
pub fn looks_like_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && matches!(bytes[0], 12 | 14) && &bytes[8..12] == b".FIT"
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
    chain: Chain,
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
            chain: Chain::default(),
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
            self.chain.last_timestamp = self
                .chain
                .last_timestamp
                .wrapping_add(offset.wrapping_sub(self.chain.last_timestamp & 0x1F) & 0x1F);
        }
        let compressed_timestamp = timestamp_offset.map(|_| self.chain.last_timestamp);
        let message = decode_fields(
            definition.kind,
            data,
            &definition.slots,
            definition.big_endian,
            compressed_timestamp,
            &mut self.chain,
        );
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
