//! FIT export of a strength session: one FIT activity file per session,
//! written the way Garmin watches record strength training, so Garmin
//! Connect, intervals.icu and other FIT readers show the sets.
//!
//! **Messages, in order** (FIT profile numbers in brackets): `file_id` [0]
//! (type activity, manufacturer `development` since runstrong is not a
//! registered manufacturer, product name "runstrong", time created = session
//! start); `file_creator` [49] (runstrong's version); `event` [21] timer
//! start; `sport` [12] (training / strength_training, named "Glute
//! session"); one `set` [225] per set: `set_type` active, `repetitions`,
//! `duration`, `start_time`, `timestamp` (the end), `category` and
//! `category_subtype` from the table below, `message_index`; between two
//! sets with time between them a `set` of `set_type` rest covering the gap;
//! `event` timer stop_all; one `lap` [19] and one `session` [18] (sport
//! training, sub_sport strength_training, start time, total elapsed and
//! timer time, trigger activity_end); `activity` [34] (manual, one session).
//! Then the file CRC; the 14-byte header carries its own CRC.
//!
//! **Times.** A set ends at its `completed_at_ms` and lasts its time under
//! tension (when that is zero, reps × the exercise's tempo). Several sets
//! that share one completion time (hand logs and imports record no time per
//! set) are laid end to end, without rest, so that the last ends at that
//! time; a set that would start before the previous one ended starts when it
//! ended. The session starts at `started_at_ms` or the first set's start,
//! whichever is earlier, and ends when the last set ends. FIT times are whole
//! seconds since 1989-12-31 UTC (earlier instants are written as that
//! moment); durations keep milliseconds. No local time zone is written: the
//! signature has none, and readers show UTC times in the viewer's zone.
//!
//! **What FIT cannot hold.** Warm-up sets are written as active sets of
//! their exercise (FIT has no warm-up set type); sides, holds, the session's
//! answers and notes have no field; custom exercises get the `unknown`
//! category; loads are not recorded by runstrong, so `weight` is left
//! invalid.
//!
//! **Exercise categories** (our mapping to the closest FIT exercise; bridges
//! and hip thrusts are `hip_raise`, as on Garmin devices):
//!
//! | exercise | category | exercise name (subtype) |
//! | --- | --- | --- |
//! | active-shoulder-bridge | hip_raise (10) | hip_raise (11) |
//! | bridge-top-hold | hip_raise (10) | hip_raise (11) |
//! | banded-bridge | hip_raise (10) | clam_bridge (6) |
//! | marching-bridge | hip_raise (10) | marching_hip_raise (24) |
//! | single-leg-bridge | hip_raise (10) | single_leg_hip_raise (30) |
//! | hip-thrust | hip_raise (10) | barbell_hip_thrust_with_bench (1) |
//! | clamshell | hip_raise (10) | clams (44) |
//! | side-lying-hip-abduction | hip_stability (11) | side_lying_leg_raise (21) |
//! | lateral-band-walk | hip_stability (11) | lateral_walks_with_band_at_ankles (11) |
//! | bird-dog | core (5) | arm_and_leg_extension_on_knees (48) |
//! | side-plank | plank (19) | side_plank (66) |
//! | side-plank-leg-lift | plank (19) | side_plank_with_leg_lift (80) |
//! | front-plank-hip-extension | plank (19) | plank_with_leg_lift (133) |
//! | single-leg-squat-to-box | squat (28) | single_leg_bench_squat (57) |
//! | split-squat | squat (28) | dumbbell_split_squat (28) |
//! | step-up | squat (28) | step_up (66) |
//! | single-leg-deadlift | deadlift (8) | single_leg_romanian_deadlift_with_dumbbell (14) |
//! | custom:… and any other | unknown (65534) | — |

use runs::fit::{FIT_EPOCH_UNIX_OFFSET, crc16};

use crate::library::Library;
use crate::model::{Session, SetRecord};

/// The FIT protocol version written in the header (2.0).
const PROTOCOL_VERSION: u8 = 0x20;
/// The FIT profile version written in the header (21.00); every message and
/// field used here exists in it.
const PROFILE_VERSION: u16 = 2100;

/// A FIT exercise: category and exercise name (the `category_subtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitExercise {
    pub category: u16,
    /// The profile's name of the category, e.g. `hip_raise`.
    pub category_name: &'static str,
    pub subtype: Option<u16>,
    /// The profile's name of the exercise, e.g. `single_leg_hip_raise`.
    pub subtype_name: Option<&'static str>,
}

/// The FIT category of an exercise nobody mapped (`unknown`).
pub const UNKNOWN_CATEGORY: u16 = 65534;

/// The table in the module documentation: (exercise id, category, category
/// name, subtype, subtype name).
const TABLE: &[(&str, u16, &str, u16, &str)] = &[
    ("active-shoulder-bridge", 10, "hip_raise", 11, "hip_raise"),
    ("bridge-top-hold", 10, "hip_raise", 11, "hip_raise"),
    ("banded-bridge", 10, "hip_raise", 6, "clam_bridge"),
    ("marching-bridge", 10, "hip_raise", 24, "marching_hip_raise"),
    (
        "single-leg-bridge",
        10,
        "hip_raise",
        30,
        "single_leg_hip_raise",
    ),
    (
        "hip-thrust",
        10,
        "hip_raise",
        1,
        "barbell_hip_thrust_with_bench",
    ),
    ("clamshell", 10, "hip_raise", 44, "clams"),
    (
        "side-lying-hip-abduction",
        11,
        "hip_stability",
        21,
        "side_lying_leg_raise",
    ),
    (
        "lateral-band-walk",
        11,
        "hip_stability",
        11,
        "lateral_walks_with_band_at_ankles",
    ),
    ("bird-dog", 5, "core", 48, "arm_and_leg_extension_on_knees"),
    ("side-plank", 19, "plank", 66, "side_plank"),
    (
        "side-plank-leg-lift",
        19,
        "plank",
        80,
        "side_plank_with_leg_lift",
    ),
    (
        "front-plank-hip-extension",
        19,
        "plank",
        133,
        "plank_with_leg_lift",
    ),
    (
        "single-leg-squat-to-box",
        28,
        "squat",
        57,
        "single_leg_bench_squat",
    ),
    ("split-squat", 28, "squat", 28, "dumbbell_split_squat"),
    ("step-up", 28, "squat", 66, "step_up"),
    (
        "single-leg-deadlift",
        8,
        "deadlift",
        14,
        "single_leg_romanian_deadlift_with_dumbbell",
    ),
];

/// The FIT exercise for an exercise id (aliases resolved through `library`);
/// `unknown` for custom and unmapped exercises.
pub fn fit_exercise(exercise: &str, library: &Library) -> FitExercise {
    let id = library.get(exercise).map_or(exercise, |e| e.id.as_str());
    TABLE.iter().find(|row| row.0 == id).map_or(
        FitExercise {
            category: UNKNOWN_CATEGORY,
            category_name: "unknown",
            subtype: None,
            subtype_name: None,
        },
        |&(_, category, category_name, subtype, subtype_name)| FitExercise {
            category,
            category_name,
            subtype: Some(subtype),
            subtype_name: Some(subtype_name),
        },
    )
}

/// One strength session as a FIT activity file.
pub fn encode(session: &Session, library: &Library) -> Vec<u8> {
    let timed = timed_sets(session, library);
    let start_ms = timed.first().map_or(session.started_at_ms, |t| {
        t.start_ms.min(session.started_at_ms)
    });
    let end_ms = timed.last().map_or(start_ms, |t| t.end_ms).max(start_ms);
    let elapsed = duration_field(end_ms - start_ms);
    let (start, end) = (fit_time(start_ms), fit_time(end_ms));

    let mut fit = Writer::default();
    fit.message(
        0,
        &[
            Field::enumeration(0, 4), // type: activity
            Field::u16(1, Some(255)), // manufacturer: development
            Field::u16(2, Some(0)),   // product
            Field::u32(4, Some(start)),
            Field::string(8, "runstrong", 16),
        ],
    );
    fit.message(49, &[Field::u16(0, Some(software_version()))]);
    fit.message(21, &event(start, 0, 0)); // timer start
    fit.message(
        12,
        &[
            Field::enumeration(0, 10), // training
            Field::enumeration(1, 20), // strength_training
            Field::string(3, "Glute session", 16),
        ],
    );
    let mut index: u16 = 0;
    let mut previous_end: Option<i64> = None;
    for set in &timed {
        if let Some(previous) = previous_end
            && set.start_ms > previous
        {
            fit.message(225, &set_fields(index, previous, set.start_ms, None));
            index = index.saturating_add(1);
        }
        let exercise = fit_exercise(&set.record.exercise, library);
        fit.message(
            225,
            &set_fields(
                index,
                set.start_ms,
                set.end_ms,
                Some((set.record, exercise)),
            ),
        );
        index = index.saturating_add(1);
        previous_end = Some(set.end_ms);
    }
    fit.message(21, &event(end, 0, 4)); // timer stop_all
    fit.message(
        19,
        &[
            Field::u32(253, Some(end)),
            Field::enumeration(0, 9), // lap
            Field::enumeration(1, 1), // stop
            Field::u32(2, Some(start)),
            Field::u32(7, Some(elapsed)),
            Field::u32(8, Some(elapsed)),
            Field::enumeration(24, 7), // lap_trigger: session_end
            Field::enumeration(25, 10),
            Field::enumeration(39, 20),
            Field::u16(254, Some(0)),
        ],
    );
    fit.message(
        18,
        &[
            Field::u32(253, Some(end)),
            Field::enumeration(0, 8), // session
            Field::enumeration(1, 1), // stop
            Field::u32(2, Some(start)),
            Field::enumeration(5, 10),
            Field::enumeration(6, 20),
            Field::u32(7, Some(elapsed)),
            Field::u32(8, Some(elapsed)),
            Field::u16(25, Some(0)),   // first_lap_index
            Field::u16(26, Some(1)),   // num_laps
            Field::enumeration(28, 0), // trigger: activity_end
            Field::u16(254, Some(0)),
        ],
    );
    fit.message(
        34,
        &[
            Field::u32(253, Some(end)),
            Field::u32(0, Some(elapsed)),
            Field::u16(1, Some(1)),    // num_sessions
            Field::enumeration(2, 0),  // manual
            Field::enumeration(3, 26), // activity
            Field::enumeration(4, 1),  // stop
        ],
    );
    fit.finish()
}

/// A set placed in time.
struct TimedSet<'a> {
    record: &'a SetRecord,
    start_ms: i64,
    end_ms: i64,
}

/// The sets in time order with their start and end (see "Times" above).
fn timed_sets<'a>(session: &'a Session, library: &Library) -> Vec<TimedSet<'a>> {
    let mut sets: Vec<&SetRecord> = session.sets.iter().collect();
    sets.sort_by_key(|s| (s.completed_at_ms, s.position));
    let length_ms = |set: &SetRecord| -> i64 {
        let seconds = if set.tension_s > 0.0 {
            set.tension_s
        } else {
            library.get(&set.exercise).map_or(0.0, |e| {
                f64::from(set.reps) * (e.tempo.lift_s + set.hold_s.max(0.0) + e.tempo.lower_s)
            })
        };
        // At most a day per set keeps the arithmetic far from overflow.
        (seconds.clamp(0.0, 86_400.0) * 1000.0).round() as i64
    };
    let mut timed: Vec<TimedSet<'a>> = Vec::with_capacity(sets.len());
    let mut group_start = 0;
    while group_start < sets.len() {
        let end = sets[group_start].completed_at_ms;
        let group_end = sets[group_start..]
            .iter()
            .position(|s| s.completed_at_ms != end)
            .map_or(sets.len(), |n| group_start + n);
        // Lay the group end to end, backwards from its shared end.
        let mut cursor = end;
        let mut group: Vec<TimedSet<'a>> = sets[group_start..group_end]
            .iter()
            .rev()
            .map(|record| {
                let start = cursor.saturating_sub(length_ms(record));
                let set = TimedSet {
                    record,
                    start_ms: start,
                    end_ms: cursor,
                };
                cursor = start;
                set
            })
            .collect();
        group.reverse();
        timed.extend(group);
        group_start = group_end;
    }
    // No overlap: a set starts no earlier than the previous one ended.
    for i in 1..timed.len() {
        let previous_end = timed[i - 1].end_ms;
        if timed[i].start_ms < previous_end {
            timed[i].start_ms = previous_end.min(timed[i].end_ms);
        }
    }
    timed
}

fn set_fields(
    index: u16,
    start_ms: i64,
    end_ms: i64,
    active: Option<(&SetRecord, FitExercise)>,
) -> Vec<Field> {
    let (set_type, reps, category, subtype) = match active {
        Some((record, exercise)) => (
            1, // active
            Some(u16::try_from(record.reps).unwrap_or(u16::MAX - 1)),
            Some(exercise.category),
            exercise.subtype,
        ),
        None => (0, None, None, None), // rest
    };
    vec![
        Field::u32(254, Some(fit_time(end_ms))), // the set's timestamp is field 254
        Field::u32(0, Some(duration_field(end_ms - start_ms))),
        Field::u16(3, reps),
        Field::u16(4, None), // weight: not recorded
        Field::u8(5, set_type),
        Field::u32(6, Some(fit_time(start_ms))),
        Field::u16(7, category),
        Field::u16(8, subtype),
        Field::u16(10, Some(index)),
    ]
}

fn event(time: u32, event: u8, event_type: u8) -> Vec<Field> {
    vec![
        Field::u32(253, Some(time)),
        Field::enumeration(0, event),
        Field::enumeration(1, event_type),
        Field::u32(3, Some(0)), // data: timer trigger manual
    ]
}

/// Seconds since the FIT epoch, clamped to what a FIT time can hold.
fn fit_time(unix_ms: i64) -> u32 {
    let seconds = unix_ms.div_euclid(1000) - FIT_EPOCH_UNIX_OFFSET;
    u32::try_from(seconds.clamp(0, i64::from(u32::MAX - 1))).unwrap_or(0)
}

/// A duration field: milliseconds (scale 1000), clamped.
fn duration_field(ms: i64) -> u32 {
    u32::try_from(ms.clamp(0, i64::from(u32::MAX - 1))).unwrap_or(0)
}

/// runstrong's version as FIT's software_version (scale 100: 0.1 → 10).
fn software_version() -> u16 {
    let major: u16 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap_or(0);
    let minor: u16 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap_or(0);
    major
        .saturating_mul(100)
        .saturating_add(minor.saturating_mul(10))
}

/// One field of a message: number, base type and little-endian bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    number: u8,
    base_type: u8,
    bytes: Vec<u8>,
}

impl Field {
    fn enumeration(number: u8, value: u8) -> Field {
        Field {
            number,
            base_type: 0x00,
            bytes: vec![value],
        }
    }

    fn u8(number: u8, value: u8) -> Field {
        Field {
            number,
            base_type: 0x02,
            bytes: vec![value],
        }
    }

    /// `None` writes the invalid value.
    fn u16(number: u8, value: Option<u16>) -> Field {
        Field {
            number,
            base_type: 0x84,
            bytes: value.unwrap_or(u16::MAX).to_le_bytes().to_vec(),
        }
    }

    /// `None` writes the invalid value.
    fn u32(number: u8, value: Option<u32>) -> Field {
        Field {
            number,
            base_type: 0x86,
            bytes: value.unwrap_or(u32::MAX).to_le_bytes().to_vec(),
        }
    }

    /// A NUL-terminated string in `size` bytes (cut at a character boundary).
    fn string(number: u8, value: &str, size: usize) -> Field {
        let mut bytes = Vec::with_capacity(size);
        for c in value.chars() {
            if bytes.len() + c.len_utf8() >= size {
                break;
            }
            let mut buffer = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
        bytes.resize(size, 0);
        Field {
            number,
            base_type: 0x07,
            bytes,
        }
    }
}

/// A message's field definitions: (field number, size, base type).
type Layout = Vec<(u8, u8, u8)>;

/// Writes definition and data messages, then the header and CRCs.
#[derive(Default)]
struct Writer {
    data: Vec<u8>,
    /// Local message types in use: (global number, field layout), by slot.
    locals: Vec<(u16, Layout)>,
    /// Definitions written so far.
    defined: usize,
}

impl Writer {
    /// A data message, preceded by its definition the first time its layout
    /// is used.
    fn message(&mut self, global: u16, fields: &[Field]) {
        let layout: Layout = fields
            .iter()
            .map(|f| (f.number, f.bytes.len() as u8, f.base_type))
            .collect();
        let local = match self
            .locals
            .iter()
            .position(|(g, l)| *g == global && *l == layout)
        {
            Some(local) => local,
            None => {
                // Sixteen local types exist; after that the oldest is redefined.
                let local = self.defined % 16;
                self.defined += 1;
                self.data.push(0x40 | local as u8); // definition header
                self.data.push(0); // reserved
                self.data.push(0); // little-endian
                self.data.extend_from_slice(&global.to_le_bytes());
                self.data.push(layout.len() as u8);
                for &(number, size, base_type) in &layout {
                    self.data.extend_from_slice(&[number, size, base_type]);
                }
                if local < self.locals.len() {
                    self.locals[local] = (global, layout);
                } else {
                    self.locals.push((global, layout));
                }
                local
            }
        };
        self.data.push(local as u8); // data header
        for field in fields {
            self.data.extend_from_slice(&field.bytes);
        }
    }

    /// Header (with its CRC), data, file CRC.
    fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 16);
        out.push(14);
        out.push(PROTOCOL_VERSION);
        out.extend_from_slice(&PROFILE_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let header_crc = crc16(0, &out);
        out.extend_from_slice(&header_crc.to_le_bytes());
        out.extend_from_slice(&self.data);
        let file_crc = crc16(0, &out);
        out.extend_from_slice(&file_crc.to_le_bytes());
        out
    }
}

#[cfg(test)]
#[path = "fit_strength_tests.rs"]
mod tests;
