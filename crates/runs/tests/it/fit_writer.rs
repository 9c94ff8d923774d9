//! A tiny FIT encoder for test fixtures: definitions, data messages,
//! compressed-timestamp headers, developer fields, big-endian definitions,
//! header and file CRCs, and a synthetic run generator built on it.
//!
//! The CRC here is the nibble-table form given in the FIT protocol
//! description, written independently of the library's byte-table version so
//! that each checks the other.

/// FIT base types used by the fixtures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Enum,
    U8,
    U16,
    U32,
    S32,
    U32z,
    /// `byte` array of this many bytes (value written little-endian).
    Bytes(u8),
    /// Any base type with a size that need not fit it (COROS writes such
    /// fields); the value's low bytes are written little-endian.
    Odd {
        base_type: u8,
        size: u8,
    },
}

impl Ty {
    fn size(self) -> u8 {
        match self {
            Ty::Enum | Ty::U8 => 1,
            Ty::U16 => 2,
            Ty::U32 | Ty::S32 | Ty::U32z => 4,
            Ty::Bytes(size) | Ty::Odd { size, .. } => size,
        }
    }

    fn base_type(self) -> u8 {
        match self {
            Ty::Enum => 0x00,
            Ty::U8 => 0x02,
            Ty::U16 => 0x84,
            Ty::U32 => 0x86,
            Ty::S32 => 0x85,
            Ty::U32z => 0x8C,
            Ty::Bytes(_) => 0x0D,
            Ty::Odd { base_type, .. } => base_type,
        }
    }
}

/// A message layout: local type, global number, fields, developer fields.
#[derive(Debug, Clone)]
pub struct Layout {
    pub local: u8,
    pub global: u16,
    pub fields: Vec<(u8, Ty)>,
    /// (field number, size, developer data index)
    pub developer: Vec<(u8, u8, u8)>,
    pub big_endian: bool,
}

impl Layout {
    pub fn new(local: u8, global: u16, fields: &[(u8, Ty)]) -> Self {
        Self {
            local,
            global,
            fields: fields.to_vec(),
            developer: Vec::new(),
            big_endian: false,
        }
    }
}

/// FIT CRC-16, nibble-table form.
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc: u16 = 0;
    for &byte in bytes {
        let mut tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(byte & 0xF)];
        tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from((byte >> 4) & 0xF)];
    }
    crc
}

/// Accumulates the data section of one FIT file.
#[derive(Default)]
pub struct FitWriter {
    pub data: Vec<u8>,
}

impl FitWriter {
    pub fn define(&mut self, layout: &Layout) {
        let developer = !layout.developer.is_empty();
        self.data
            .push(0x40 | if developer { 0x20 } else { 0 } | (layout.local & 0x0F));
        self.data.push(0);
        self.data.push(u8::from(layout.big_endian));
        if layout.big_endian {
            self.data.extend_from_slice(&layout.global.to_be_bytes());
        } else {
            self.data.extend_from_slice(&layout.global.to_le_bytes());
        }
        self.data.push(layout.fields.len() as u8);
        for &(number, ty) in &layout.fields {
            self.data
                .extend_from_slice(&[number, ty.size(), ty.base_type()]);
        }
        if developer {
            self.data.push(layout.developer.len() as u8);
            for &(number, size, index) in &layout.developer {
                self.data.extend_from_slice(&[number, size, index]);
            }
        }
    }

    fn values(&mut self, layout: &Layout, values: &[u64], developer_bytes: &[u8]) {
        assert_eq!(values.len(), layout.fields.len(), "one value per field");
        for (&(_, ty), &value) in layout.fields.iter().zip(values) {
            let size = usize::from(ty.size());
            let little = value.to_le_bytes();
            let mut bytes = little[..size.min(8)].to_vec();
            bytes.resize(size, 0);
            if layout.big_endian && !matches!(ty, Ty::Bytes(_) | Ty::Odd { .. }) {
                bytes.reverse();
            }
            self.data.extend_from_slice(&bytes);
        }
        let developer_size: usize = layout
            .developer
            .iter()
            .map(|&(_, size, _)| usize::from(size))
            .sum();
        assert_eq!(
            developer_bytes.len(),
            developer_size,
            "developer bytes must fill the developer fields"
        );
        self.data.extend_from_slice(developer_bytes);
    }

    pub fn message(&mut self, layout: &Layout, values: &[u64]) {
        self.message_with_developer(layout, values, &[]);
    }

    pub fn message_with_developer(
        &mut self,
        layout: &Layout,
        values: &[u64],
        developer_bytes: &[u8],
    ) {
        self.data.push(layout.local & 0x0F);
        self.values(layout, values, developer_bytes);
    }

    /// Data message with a compressed timestamp header (local types 0–3).
    pub fn compressed(&mut self, layout: &Layout, time_offset: u8, values: &[u64]) {
        assert!(layout.local < 4);
        self.data
            .push(0x80 | (layout.local << 5) | (time_offset & 0x1F));
        self.values(layout, values, &[]);
    }

    /// Header (12 or 14 bytes) + data + file CRC.
    pub fn finish(&self, header_size: u8) -> Vec<u8> {
        let mut file = vec![header_size, 0x20];
        file.extend_from_slice(&2134u16.to_le_bytes());
        file.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        file.extend_from_slice(b".FIT");
        if header_size == 14 {
            let crc = fit_crc(&file);
            file.extend_from_slice(&crc.to_le_bytes());
        }
        file.extend_from_slice(&self.data);
        let crc = fit_crc(&file);
        file.extend_from_slice(&crc.to_le_bytes());
        file
    }
}

/// FIT epoch seconds for 2024-03-12T18:00:00Z.
pub const START_FIT: u32 = 1_710_266_400 - 631_065_600;

/// What a synthetic run was built with, to check the importer against.
#[derive(Debug, Clone)]
pub struct SyntheticRun {
    pub bytes: Vec<u8>,
    pub seconds: u32,
    pub speed_mps: f64,
    pub cadence_strides: u8,
    pub fractional_128: u8,
    pub records: usize,
    pub heart_rates: Vec<u8>,
    pub climb_m: f64,
}

/// Options for [`synthetic_run`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    pub compressed_timestamps: bool,
    pub developer_fields: bool,
    pub big_endian_records: bool,
    /// Write an hrv message (skipped kind) between records.
    pub skipped_messages: bool,
}

/// Builds a steady run: 1 Hz records at a constant speed, heart rate
/// drifting up, a single 10 m climb, cadence with a fractional part.
pub fn synthetic_run(seconds: u32, options: RunOptions) -> SyntheticRun {
    let speed_mps = 3.2;
    let cadence_strides = 84u8;
    let fractional_128 = 96u8; // 0.75
    let mut writer = FitWriter::default();
    let file_id = Layout::new(
        0,
        0,
        &[
            (0, Ty::Enum),
            (1, Ty::U16),
            (2, Ty::U16),
            (3, Ty::U32z),
            (4, Ty::U32),
        ],
    );
    writer.define(&file_id);
    writer.message(&file_id, &[4, 1, 3113, 12345, u64::from(START_FIT)]);
    let device = Layout::new(
        1,
        23,
        &[(253, Ty::U32), (0, Ty::U8), (2, Ty::U16), (4, Ty::U16)],
    );
    writer.define(&device);
    writer.message(&device, &[u64::from(START_FIT), 0, 1, 3113]);
    let event = Layout::new(2, 21, &[(253, Ty::U32), (0, Ty::Enum), (1, Ty::Enum)]);
    writer.define(&event);
    writer.message(&event, &[u64::from(START_FIT), 0, 0]);
    if options.developer_fields {
        // developer_data_id (207) and field_description (206), skipped by size.
        let developer_id = Layout::new(4, 207, &[(3, Ty::U8)]);
        writer.define(&developer_id);
        writer.message(&developer_id, &[0]);
        let description = Layout::new(4, 206, &[(0, Ty::U8), (1, Ty::U8), (2, Ty::U8)]);
        writer.define(&description);
        writer.message(&description, &[0, 0, 0x84]);
    }
    let mut record_fields = vec![
        (5, Ty::U32),  // distance, 1/100 m
        (3, Ty::U8),   // heart_rate
        (4, Ty::U8),   // cadence
        (53, Ty::U8),  // fractional_cadence
        (78, Ty::U32), // enhanced_altitude, 1/5 m + 500
        (73, Ty::U32), // enhanced_speed, 1/1000 m/s
        (0, Ty::S32),  // position_lat
        (1, Ty::S32),  // position_long
        (41, Ty::U16), // stance_time, 1/10 ms
    ];
    if !options.compressed_timestamps {
        record_fields.insert(0, (253, Ty::U32));
    }
    let mut record = Layout::new(3, 20, &record_fields);
    record.big_endian = options.big_endian_records;
    if options.developer_fields {
        record.developer = vec![(0, 2, 0)];
    }
    writer.define(&record);
    let hrv = Layout::new(5, 78, &[(0, Ty::U16)]);
    if options.skipped_messages {
        writer.define(&hrv);
    }
    let mut heart_rates = Vec::new();
    let mut climb_m = 0.0;
    for second in 0..=seconds {
        let distance = f64::from(second) * speed_mps;
        let heart_rate = 130 + (second * 20 / seconds.max(1)) as u8;
        heart_rates.push(heart_rate);
        // One 10 m climb in the middle third, flat otherwise.
        let third = seconds / 3;
        let altitude = if second < third {
            100.0
        } else if second < 2 * third {
            100.0 + 10.0 * f64::from(second - third) / f64::from(third.max(1))
        } else {
            110.0
        };
        if second == seconds {
            climb_m = 10.0;
        }
        let latitude = 47.0 + distance / 111_195.0;
        let values_tail = [
            (distance * 100.0).round() as u64,
            u64::from(heart_rate),
            u64::from(cadence_strides),
            u64::from(fractional_128),
            ((altitude + 500.0) * 5.0).round() as u64,
            (speed_mps * 1000.0).round() as u64,
            u64::from((latitude / 180.0 * 2_147_483_648.0).round() as i32 as u32),
            u64::from((8.0f64 / 180.0 * 2_147_483_648.0).round() as i32 as u32),
            2450,
        ];
        if options.compressed_timestamps {
            let timestamp = START_FIT + second;
            writer.compressed(&record, (timestamp & 0x1F) as u8, &values_tail);
        } else {
            let mut values = vec![u64::from(START_FIT + second)];
            values.extend_from_slice(&values_tail);
            if options.developer_fields {
                writer.message_with_developer(&record, &values, &[0x10, 0x01]);
            } else {
                writer.message(&record, &values);
            }
        }
        if options.skipped_messages {
            writer.message(&hrv, &[800]);
        }
    }
    let end = START_FIT + seconds;
    let total_distance = f64::from(seconds) * speed_mps;
    let lap = Layout::new(
        6,
        19,
        &[
            (253, Ty::U32),
            (2, Ty::U32),
            (7, Ty::U32),
            (8, Ty::U32),
            (9, Ty::U32),
        ],
    );
    writer.define(&lap);
    let elapsed_ms = u64::from(seconds) * 1000;
    writer.message(
        &lap,
        &[
            u64::from(end),
            u64::from(START_FIT),
            elapsed_ms,
            elapsed_ms,
            (total_distance * 100.0) as u64,
        ],
    );
    let session = Layout::new(
        7,
        18,
        &[
            (253, Ty::U32),
            (2, Ty::U32),
            (5, Ty::Enum),
            (6, Ty::Enum),
            (7, Ty::U32),
            (8, Ty::U32),
            (9, Ty::U32),
            (16, Ty::U8),
            (17, Ty::U8),
            (18, Ty::U8),
            (92, Ty::U8),
        ],
    );
    writer.define(&session);
    let average_hr =
        heart_rates.iter().map(|&hr| f64::from(hr)).sum::<f64>() / heart_rates.len() as f64;
    let max_hr = heart_rates.iter().copied().max().unwrap_or(0);
    writer.message(
        &session,
        &[
            u64::from(end),
            u64::from(START_FIT),
            1,
            0,
            elapsed_ms,
            elapsed_ms,
            (total_distance * 100.0) as u64,
            average_hr.round() as u64,
            u64::from(max_hr),
            u64::from(cadence_strides),
            u64::from(fractional_128),
        ],
    );
    let activity = Layout::new(8, 34, &[(253, Ty::U32), (5, Ty::U32)]);
    writer.define(&activity);
    writer.message(&activity, &[u64::from(end), u64::from(end + 3600)]);
    SyntheticRun {
        bytes: writer.finish(14),
        seconds,
        speed_mps,
        cadence_strides,
        fractional_128,
        records: seconds as usize + 1,
        heart_rates,
        climb_m,
    }
}

/// A recording described second by second, for the shapes real devices
/// get wrong: a session `timestamp` equal to its `start_time`, clock jumps,
/// timer pauses, a timer that loses a lap, zero summaries, pool lengths.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// Seconds of recording (records at 0..=seconds, one per `every_s`).
    pub seconds: u32,
    pub every_s: u32,
    pub speed_mps: f64,
    pub heart_rate: fn(u32) -> Option<u8>,
    /// Strides per minute (whole part) and 1/128 fraction, by second.
    pub cadence: fn(u32) -> Option<(u8, u8)>,
    /// FIT sport and sub-sport.
    pub sport: (u8, u8),
    /// (second, length): the timer is stopped and nothing is recorded.
    pub pauses: Vec<(u32, u32)>,
    /// (second, jump): from this second on, record times are `jump` later.
    pub clock_jump: Option<(u32, u32)>,
    /// Session `timestamp` written equal to `start_time` (2024–25 firmware).
    pub session_timestamp_at_start: bool,
    /// Session timer time; `None` writes the true timer time.
    pub session_timer_s: Option<f64>,
    pub session_avg_hr: Option<u8>,
    pub session_avg_cadence: Option<(u8, u8)>,
    /// Distance already covered at the first record (a pool's first length).
    pub first_record_at_s: u32,
    /// Write timer start/stop events.
    pub timer_events: bool,
}

impl Default for RunSpec {
    fn default() -> Self {
        Self {
            seconds: 1800,
            every_s: 1,
            speed_mps: 3.0,
            heart_rate: |_| Some(140),
            cadence: |_| Some((84, 0)),
            sport: (1, 0),
            pauses: Vec::new(),
            clock_jump: None,
            session_timestamp_at_start: false,
            session_timer_s: None,
            session_avg_hr: Some(140),
            session_avg_cadence: Some((84, 0)),
            first_record_at_s: 0,
            timer_events: false,
        }
    }
}

impl RunSpec {
    fn paused_at(&self, second: u32) -> bool {
        self.pauses
            .iter()
            .any(|&(start, length)| second > start && second < start + length)
    }

    /// Seconds moving (outside pauses) up to `second`.
    pub fn moving_until(&self, second: u32) -> u32 {
        (0..second)
            .filter(|&s| !self.paused_at(s + 1) && !self.paused_at(s))
            .count() as u32
    }

    /// True timer time: elapsed less the pauses.
    pub fn timer_s(&self) -> f64 {
        f64::from(self.seconds)
            - self
                .pauses
                .iter()
                .map(|&(_, length)| f64::from(length))
                .sum::<f64>()
    }

    /// Distance at `second`: the speed times the time moving.
    pub fn distance_at(&self, second: u32) -> f64 {
        f64::from(self.moving_until(second)) * self.speed_mps
    }

    fn fit_time(&self, second: u32) -> u32 {
        let jump = match self.clock_jump {
            Some((at, jump)) if second >= at => jump,
            _ => 0,
        };
        START_FIT + second + jump
    }

    /// Encodes the recording.
    pub fn encode(&self) -> Vec<u8> {
        let mut writer = FitWriter::default();
        let event = Layout::new(2, 21, &[(253, Ty::U32), (0, Ty::Enum), (1, Ty::Enum)]);
        writer.define(&event);
        if self.timer_events {
            writer.message(&event, &[u64::from(self.fit_time(0)), 0, 0]);
        }
        let record = Layout::new(
            3,
            20,
            &[
                (253, Ty::U32),
                (5, Ty::U32),
                (3, Ty::U8),
                (4, Ty::U8),
                (53, Ty::U8),
                (73, Ty::U32),
            ],
        );
        writer.define(&record);
        let mut second = self.first_record_at_s;
        while second <= self.seconds {
            if self.timer_events
                && let Some(&(start, length)) =
                    self.pauses.iter().find(|&&(start, _)| start == second)
            {
                writer.message(&event, &[u64::from(self.fit_time(start)), 0, 4]);
                writer.message(&event, &[u64::from(self.fit_time(start + length)), 0, 0]);
            }
            if !self.paused_at(second) {
                let (cadence, fraction) = (self.cadence)(second)
                    .map_or((0xFF, 0xFF), |(c, f)| (u64::from(c), u64::from(f)));
                writer.message(
                    &record,
                    &[
                        u64::from(self.fit_time(second)),
                        (self.distance_at(second) * 100.0).round() as u64,
                        (self.heart_rate)(second).map_or(0xFF, u64::from),
                        cadence,
                        fraction,
                        (self.speed_mps * 1000.0).round() as u64,
                    ],
                );
            }
            second += self.every_s;
        }
        let end = self.fit_time(self.seconds);
        if self.timer_events {
            writer.message(&event, &[u64::from(end), 0, 4]);
        }
        let session = Layout::new(
            4,
            18,
            &[
                (253, Ty::U32),
                (2, Ty::U32),
                (5, Ty::Enum),
                (6, Ty::Enum),
                (7, Ty::U32),
                (8, Ty::U32),
                (9, Ty::U32),
                (16, Ty::U8),
                (18, Ty::U8),
                (92, Ty::U8),
            ],
        );
        writer.define(&session);
        let start = self.fit_time(0);
        let (cadence, fraction) = self
            .session_avg_cadence
            .map_or((0xFF, 0xFF), |(c, f)| (u64::from(c), u64::from(f)));
        writer.message(
            &session,
            &[
                u64::from(if self.session_timestamp_at_start {
                    start
                } else {
                    end
                }),
                u64::from(start),
                u64::from(self.sport.0),
                u64::from(self.sport.1),
                u64::from(self.seconds) * 1000,
                (self.session_timer_s.unwrap_or_else(|| self.timer_s()) * 1000.0).round() as u64,
                (self.distance_at(self.seconds) * 100.0).round() as u64,
                self.session_avg_hr.map_or(0xFF, u64::from),
                cadence,
                fraction,
            ],
        );
        writer.finish(14)
    }
}
