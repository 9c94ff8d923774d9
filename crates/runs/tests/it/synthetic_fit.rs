//! FIT decoding and salvage on fixtures built by the test encoder: these run
//! on every clone, with or without the shared real-device files.

use runs::fit;
use runs::{Sport, import_file};

use crate::fit_writer::{FitWriter, Layout, RunOptions, START_FIT, Ty, fit_crc, synthetic_run};

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= expected.abs() * relative
}

#[test]
fn library_crc_agrees_with_the_nibble_table_form() {
    let run = synthetic_run(30, RunOptions::default());
    for length in [0, 1, 13, 100, run.bytes.len()] {
        assert_eq!(
            fit::crc16(0, &run.bytes[..length]),
            fit_crc(&run.bytes[..length])
        );
    }
    // A whole file including its CRC checks to zero.
    assert_eq!(fit::crc16(0, &run.bytes), 0);
}

#[test]
fn synthetic_run_decodes_to_the_values_it_was_built_with() {
    let run = synthetic_run(1800, RunOptions::default());
    let decoded = fit::decode(&run.bytes).unwrap();
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    assert_eq!(decoded.records.len(), run.records);
    assert_eq!(decoded.sessions.len(), 1);
    assert_eq!(decoded.laps.len(), 1);
    assert_eq!(decoded.events.len(), 1);
    assert_eq!(decoded.device_infos.len(), 1);
    assert_eq!(decoded.file_ids[0].product, Some(3113));
    let activities = import_file("synthetic.fit", &run.bytes).unwrap();
    assert_eq!(activities.len(), 1);
    let activity = &activities[0];
    assert_eq!(activity.sport, Sport::Running);
    assert_eq!(
        activity.start.as_second(),
        i64::from(START_FIT) + 631_065_600
    );
    assert_eq!(activity.start.to_string(), "2024-03-12T18:00:00Z");
    assert!(close(
        activity.distance_m,
        f64::from(run.seconds) * run.speed_mps,
        1e-6
    ));
    assert_eq!(activity.duration_s, f64::from(run.seconds));
    let expected_spm =
        2.0 * (f64::from(run.cadence_strides) + f64::from(run.fractional_128) / 128.0);
    assert!(
        close(activity.avg_cadence_spm.unwrap(), expected_spm, 1e-9),
        "{:?}",
        activity.avg_cadence_spm
    );
    let mean_hr =
        run.heart_rates.iter().map(|&hr| f64::from(hr)).sum::<f64>() / run.heart_rates.len() as f64;
    assert!(
        close(activity.avg_hr.unwrap(), mean_hr, 0.002),
        "{:?} vs {mean_hr}",
        activity.avg_hr
    );
    assert_eq!(
        activity.max_hr,
        Some(f64::from(*run.heart_rates.iter().max().unwrap()))
    );
    assert!(
        close(activity.elevation_gain_m.unwrap(), run.climb_m, 0.05),
        "{:?}",
        activity.elevation_gain_m
    );
    assert_eq!(activity.utc_offset_s, Some(3600));
    // Speed 3.2 m/s = 192 m/min; HR drifts up, so the second half is less efficient.
    let ef = activity.efficiency_factor.unwrap();
    assert!(close(ef, 192.0 / mean_hr, 0.01), "{ef}");
    assert!(activity.decoupling_pct.unwrap() > 0.0);
    assert_eq!(
        activity.dynamics.as_ref().unwrap().stance_time_ms,
        Some(245.0)
    );
}

#[test]
fn compressed_timestamps_developer_fields_big_endian_and_skipped_messages() {
    let plain = synthetic_run(300, RunOptions::default());
    let plain_records = fit::decode(&plain.bytes).unwrap().records;
    for options in [
        RunOptions {
            compressed_timestamps: true,
            ..RunOptions::default()
        },
        RunOptions {
            developer_fields: true,
            ..RunOptions::default()
        },
        RunOptions {
            big_endian_records: true,
            ..RunOptions::default()
        },
        RunOptions {
            skipped_messages: true,
            ..RunOptions::default()
        },
        RunOptions {
            compressed_timestamps: true,
            skipped_messages: true,
            big_endian_records: true,
            developer_fields: false,
        },
    ] {
        let run = synthetic_run(300, options);
        let decoded = fit::decode(&run.bytes).unwrap();
        assert!(
            decoded.warnings.is_empty(),
            "{options:?}: {:?}",
            decoded.warnings
        );
        assert_eq!(decoded.records, plain_records, "{options:?}");
    }
}

#[test]
fn chained_files_are_all_read() {
    let first = synthetic_run(120, RunOptions::default());
    let second = synthetic_run(
        60,
        RunOptions {
            compressed_timestamps: true,
            ..RunOptions::default()
        },
    );
    let mut chained = first.bytes.clone();
    chained.extend_from_slice(&second.bytes);
    let decoded = fit::decode(&chained).unwrap();
    assert_eq!(decoded.segments, 2);
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    assert_eq!(decoded.records.len(), first.records + second.records);
    assert_eq!(decoded.sessions.len(), 2);
}

#[test]
fn bad_crc_keeps_every_message_and_warns_with_the_offset() {
    let run = synthetic_run(60, RunOptions::default());
    let mut broken = run.bytes.clone();
    let last = broken.len() - 1;
    broken[last] ^= 0x10;
    let decoded = fit::decode(&broken).unwrap();
    assert_eq!(decoded.records.len(), run.records);
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].offset, broken.len() - 2);
    assert!(decoded.warnings[0].message.contains("CRC"));
    let activities = import_file("bad-crc.fit", &broken).unwrap();
    assert!(activities[0].warnings[0].contains(&format!("at byte {}", broken.len() - 2)));
}

#[test]
fn truncation_at_every_length_never_panics_and_salvages_a_prefix() {
    let run = synthetic_run(
        40,
        RunOptions {
            compressed_timestamps: true,
            ..RunOptions::default()
        },
    );
    let complete = fit::decode(&run.bytes).unwrap();
    let mut previous_records = 0;
    for length in 0..run.bytes.len() {
        let cut = &run.bytes[..length];
        match fit::decode(cut) {
            Ok(decoded) => {
                assert!(
                    decoded.records.len() >= previous_records,
                    "records shrink at {length}"
                );
                previous_records = decoded.records.len();
                assert_eq!(
                    decoded.records[..],
                    complete.records[..decoded.records.len()]
                );
                if length >= 12 {
                    assert!(
                        !decoded.warnings.is_empty(),
                        "a cut at {length} must be reported"
                    );
                }
            }
            Err(error) => assert!(
                length < 14,
                "only a cut inside the header may fail, not {length}: {error:?}"
            ),
        }
        let _ = import_file("cut.fit", cut);
    }
    assert!(previous_records >= run.records - 1);
}

#[test]
fn undefined_local_message_stops_the_segment_but_keeps_what_came_before() {
    let mut writer = FitWriter::default();
    let record = Layout::new(0, 20, &[(253, Ty::U32), (3, Ty::U8)]);
    writer.define(&record);
    for second in 0..5u32 {
        writer.message(&record, &[u64::from(START_FIT + second), 150]);
    }
    let damage_at = 14 + writer.data.len();
    writer.data.push(0x07); // data message for local type 7: never defined
    writer.data.extend_from_slice(&[1, 2, 3, 4, 5]);
    let bytes = writer.finish(14);
    let decoded = fit::decode(&bytes).unwrap();
    assert_eq!(decoded.records.len(), 5);
    assert_eq!(decoded.warnings[0].offset, damage_at);
    assert!(decoded.warnings[0].message.contains("local type 7"));
}

#[test]
fn corrupt_second_header_keeps_the_first_file() {
    let first = synthetic_run(30, RunOptions::default());
    let mut bytes = first.bytes.clone();
    let second_at = bytes.len();
    let mut second = synthetic_run(30, RunOptions::default()).bytes;
    second[8..12].copy_from_slice(b".GIT");
    bytes.extend_from_slice(&second);
    let decoded = fit::decode(&bytes).unwrap();
    assert_eq!(decoded.records.len(), first.records);
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].offset, second_at);
}

#[test]
fn cycling_cadence_is_not_doubled() {
    let mut writer = FitWriter::default();
    let record = Layout::new(0, 20, &[(253, Ty::U32), (4, Ty::U8), (5, Ty::U32)]);
    writer.define(&record);
    for second in 0..=60u32 {
        writer.message(
            &record,
            &[u64::from(START_FIT + second), 90, u64::from(second * 700)],
        );
    }
    let session = Layout::new(1, 18, &[(253, Ty::U32), (2, Ty::U32), (5, Ty::Enum)]);
    writer.define(&session);
    writer.message(
        &session,
        &[u64::from(START_FIT + 60), u64::from(START_FIT), 2],
    );
    let activity = &import_file("ride.fit", &writer.finish(12)).unwrap()[0];
    assert_eq!(activity.sport, Sport::Cycling);
    assert_eq!(activity.avg_cadence_spm, Some(90.0));
}

#[test]
fn compressed_speed_distance_accumulates_across_the_12_bit_wrap() {
    let mut writer = FitWriter::default();
    let record = Layout::new(0, 20, &[(253, Ty::U32), (8, Ty::Bytes(3))]);
    writer.define(&record);
    // 2.5 m/s for 400 s = 1000 m, far past the 256 m the 12-bit counter holds.
    let speed_centi = 250u64;
    for second in 0..=400u32 {
        let distance_sixteenths = (f64::from(second) * 2.5 * 16.0) as u64 & 0xFFF;
        let packed = speed_centi | (distance_sixteenths << 12);
        writer.message(&record, &[u64::from(START_FIT + second), packed]);
    }
    let decoded = fit::decode(&writer.finish(12)).unwrap();
    assert_eq!(decoded.records.len(), 401);
    for (second, record) in decoded.records.iter().enumerate() {
        assert_eq!(record.speed_mps, Some(2.5));
        assert_eq!(
            record.distance_m,
            Some(second as f64 * 2.5),
            "second {second}"
        );
    }
}

#[test]
fn activity_json_keeps_the_cli_contract_field_names() {
    let run = synthetic_run(120, RunOptions::default());
    let activity = &import_file("contract.fit", &run.bytes).unwrap()[0];
    let json: serde_json::Value = serde_json::to_value(activity).unwrap();
    for key in [
        "file",
        "sport",
        "start",
        "distance_m",
        "duration_s",
        "moving_s",
        "avg_hr",
        "max_hr",
        "avg_cadence_spm",
        "elevation_gain_m",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["file"], "contract.fit");
    assert_eq!(json["sport"], "running");
    assert_eq!(json["start"], "2024-03-12T18:00:00Z");
    assert_eq!(json["duration_s"], 120.0);
    // Round trip.
    let back: runs::Activity = serde_json::from_value(json).unwrap();
    assert_eq!(&back, activity);
}

#[test]
fn a_run_truncated_before_its_session_is_still_a_run() {
    let run = synthetic_run(600, RunOptions::default());
    let activity = &import_file("cut-run.fit", &run.bytes[..run.bytes.len() * 2 / 3]).unwrap()[0];
    assert_eq!(activity.sport, Sport::Running);
    assert!(activity.device_summary.is_none());
    let expected_spm =
        2.0 * (f64::from(run.cadence_strides) + f64::from(run.fractional_128) / 128.0);
    assert_eq!(activity.avg_cadence_spm, Some(expected_spm));
    assert!(
        activity
            .assumptions
            .iter()
            .any(|text| text.contains("cadence")),
        "{:?}",
        activity.assumptions
    );
}

#[test]
fn records_sharing_a_timestamp_are_merged_like_bryton_writes_them() {
    let mut writer = FitWriter::default();
    let heart = Layout::new(0, 20, &[(253, Ty::U32), (3, Ty::U8), (5, Ty::U32)]);
    let feet = Layout::new(1, 20, &[(253, Ty::U32), (4, Ty::U8)]);
    writer.define(&heart);
    writer.define(&feet);
    for second in 0..=100u32 {
        let timestamp = u64::from(START_FIT + second);
        writer.message(&heart, &[timestamp, 150, u64::from(second * 300)]);
        writer.message(&feet, &[timestamp, 85]);
    }
    let session = Layout::new(2, 18, &[(253, Ty::U32), (2, Ty::U32), (5, Ty::Enum)]);
    writer.define(&session);
    writer.message(
        &session,
        &[u64::from(START_FIT + 100), u64::from(START_FIT), 1],
    );
    let activity = &import_file("bryton.fit", &writer.finish(14)).unwrap()[0];
    assert_eq!(activity.samples, 101);
    assert_eq!(activity.avg_hr, Some(150.0));
    assert_eq!(activity.avg_cadence_spm, Some(170.0));
    assert_eq!(activity.distance_m, 300.0);
}

#[test]
fn misaligned_field_sizes_do_not_shift_the_fields_after_them() {
    // A uint16 power field 3 bytes wide, and a uint32 field only 2 bytes wide.
    let mut writer = FitWriter::default();
    let record = Layout::new(
        0,
        20,
        &[
            (253, Ty::U32),
            (
                7,
                Ty::Odd {
                    base_type: 0x84,
                    size: 3,
                },
            ),
            (
                5,
                Ty::Odd {
                    base_type: 0x86,
                    size: 2,
                },
            ),
            (3, Ty::U8),
            (4, Ty::U8),
        ],
    );
    writer.define(&record);
    writer.message(
        &record,
        &[u64::from(START_FIT), 0x00_01_2C, 0x1234, 151, 86],
    );
    let decoded = fit::decode(&writer.finish(14)).unwrap();
    let decoded_record = &decoded.records[0];
    assert_eq!(
        decoded_record.power_w,
        Some(300),
        "first element of the wide field"
    );
    assert_eq!(
        decoded_record.distance_m, None,
        "too short for its type: no value"
    );
    assert_eq!(decoded_record.heart_rate, Some(151));
    assert_eq!(decoded_record.cadence, Some(86));
}
