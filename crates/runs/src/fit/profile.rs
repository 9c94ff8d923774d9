//! The FIT profile for the messages we keep: which global message number is
//! which kind, and which field number (with its scale and offset) fills
//! which struct field. Field numbers and scales follow the FIT SDK profile
//! (checked against the `fitparser` crate's generated profile in the tests).

use super::messages::{
    ActivityMessage, DeviceInfo, Event, FileId, FitMessage, Lap, Record, Session, SportMessage,
};
use super::reader::{FieldSlot, as_u8, as_u16, as_u32, read_value, scaled, signed};

/// Which message a definition describes, for the ones we decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn from_global(global: u16) -> Self {
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

/// State carried from message to message: the last full timestamp (for
/// compressed timestamp headers) and the accumulated compressed distance.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Chain {
    pub last_timestamp: u32,
    /// Accumulated distance for compressed speed/distance, in 1/16 m.
    pub compressed_distance: u64,
}

/// Turns one data message's bytes into a typed message, `None` for kinds we
/// skip (whose timestamps still feed the chain).
pub(super) fn decode_fields(
    kind: Kind,
    data: &[u8],
    slots: &[FieldSlot],
    big_endian: bool,
    compressed_timestamp: Option<u32>,
    chain: &mut Chain,
) -> Option<FitMessage> {
    match kind {
        Kind::Skipped => {
            // Keep the timestamp chain for compressed headers going.
            for &slot in slots {
                if let Some(timestamp) = read_value(data, slot, big_endian).and_then(as_u32) {
                    chain.last_timestamp = timestamp;
                }
            }
            None
        }
        Kind::Record => {
            let mut record = Record {
                timestamp: compressed_timestamp,
                ..Record::default()
            };
            for &slot in slots {
                if slot.number == 8 && slot.size >= 3 {
                    // compressed_speed_distance: 12-bit speed (1/100 m/s), 12-bit distance (1/16 m).
                    let at = usize::from(slot.offset);
                    if let Some(bytes) = data.get(at..at + 3) {
                        let speed = u16::from(bytes[0]) | (u16::from(bytes[1] & 0x0F) << 8);
                        let distance = u64::from(bytes[1] >> 4) | (u64::from(bytes[2]) << 4);
                        chain.compressed_distance +=
                            distance.wrapping_sub(chain.compressed_distance & 0xFFF) & 0xFFF;
                        record.speed_mps = Some(f64::from(speed) / 100.0);
                        record.distance_m = Some(chain.compressed_distance as f64 / 16.0);
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
                    // cadence256 (1/256 rpm), written by some devices instead of cadence.
                    52 if record.cadence.is_none() && record.fractional_cadence.is_none() => {
                        let whole = value / 256;
                        record.cadence = as_u8(whole);
                        record.fractional_cadence = Some((value % 256) as f64 / 256.0);
                    }
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::Record(record))
        }
        Kind::Session => {
            let mut session = Session {
                timestamp: compressed_timestamp,
                ..Session::default()
            };
            for &slot in slots {
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
                    59 => session.total_moving_time_s = Some(scaled(value, 1000.0, 0.0)),
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::Session(session))
        }
        Kind::Lap => {
            let mut lap = Lap {
                timestamp: compressed_timestamp,
                ..Lap::default()
            };
            for &slot in slots {
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::Lap(lap))
        }
        Kind::Event => {
            let mut event = Event {
                timestamp: compressed_timestamp,
                ..Event::default()
            };
            for &slot in slots {
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::Event(event))
        }
        Kind::DeviceInfo => {
            let mut device = DeviceInfo {
                timestamp: compressed_timestamp,
                ..DeviceInfo::default()
            };
            for &slot in slots {
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::DeviceInfo(device))
        }
        Kind::FileId => {
            let mut file_id = FileId::default();
            for &slot in slots {
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
            for &slot in slots {
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
            for &slot in slots {
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
                chain.last_timestamp = timestamp;
            }
            Some(FitMessage::Activity(activity))
        }
    }
}
