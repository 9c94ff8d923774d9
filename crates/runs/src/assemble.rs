//! From one recording (samples plus what the device summarised) to an
//! [`Activity`]: the one place where every format's values are chosen.
//!
//! In order: clock errors are closed ([`crate::clock`]); the sport is taken
//! as stated or inferred ([`crate::infer`]); running cadence becomes steps
//! per minute; distance is measured from the counter's value when the
//! session began (zero for a file of one session, so a pool's first length
//! counts); then each value is chosen:
//!
//! - **elapsed time**: the device's when the samples span about as much
//!   (within 1 % and 2 s), else the samples' span;
//! - **moving time**: the device's timer (FIT session, summed TCX laps)
//!   unless the records contradict it ([`timer_contradicted`]), else the
//!   records' own (timer pauses or the speed rule); never above elapsed;
//! - **cadence**: the device's session average when it has one, else the
//!   time-weighted mean while moving, zeros included;
//! - **heart rate**: from the records, or the device's summary when records
//!   carry it for under half the time; a summary value of 0 is missing.

use jiff::Timestamp;

use crate::clock;
use crate::infer::infer_sport;
use crate::metrics::{self, efficiency_factor};
use crate::model::{Activity, DeviceSummary, Sample, SourceFormat, Sport};
use crate::motion::Timeline;
use crate::page;
use crate::summary::fingerprint;

/// Running cadence whose median is below this is taken as strides/min.
pub const STRIDES_MEDIAN_LIMIT_SPM: f64 = 120.0;

/// How a recording's raw cadence is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CadenceUnit {
    /// FIT: strides per minute for running (rpm for other sports).
    Strides,
    /// GPX/TCX: strides or steps; the median decides for a run.
    Unknown,
}

/// One recording and what its file said about it, before any choice.
#[derive(Debug, Clone)]
pub struct Recording {
    pub file: String,
    pub format: SourceFormat,
    /// The sport as the file states it; `None` or `Other` means unstated.
    pub sport: Option<Sport>,
    pub cadence_unit: CadenceUnit,
    /// In file order, cadence as recorded.
    pub samples: Vec<Sample>,
    /// The device's own totals, with `avg_cadence_spm` as recorded (strides
    /// for a FIT run; doubled here once the sport is known).
    pub device: Option<DeviceSummary>,
    /// The device's timer pauses, (start, end) in Unix seconds.
    pub device_pauses: Option<Vec<(f64, f64)>>,
    /// When the session began, if the file says (also the start when there
    /// are no samples).
    pub session_start_s: Option<f64>,
    /// The distance counter's value when this session began (a multisport
    /// file keeps one counter across sessions); `None` for zero.
    pub distance_origin_m: Option<f64>,
    pub utc_offset_s: Option<i32>,
    pub warnings: Vec<String>,
    pub assumptions: Vec<String>,
}

/// The device's timer disagrees with its own records: above the elapsed
/// time, well below the time the records show movement (5 % and 30 s of
/// slack), or more than 10 % and a minute away from the elapsed time less
/// the timer pauses the device wrote.
pub fn timer_contradicted(
    timer_s: f64,
    elapsed_s: f64,
    records_moving_s: f64,
    records_timer_s: Option<f64>,
) -> bool {
    let above_elapsed = elapsed_s > 0.0 && timer_s > elapsed_s * 1.01 + 2.0;
    let below_moving = timer_s < records_moving_s * 0.95 - 30.0;
    let off_pauses =
        records_timer_s.is_some_and(|timer| (timer_s - timer).abs() > timer * 0.1 + 60.0);
    above_elapsed || below_moving || off_pauses
}

fn minutes(seconds: f64) -> String {
    let total = seconds.round() as u64;
    format!("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
}

/// Running cadence from GPX/TCX: double it when the median says strides.
fn normalise_guessed_cadence(samples: &mut [Sample], assumptions: &mut Vec<String>) {
    let mut cadences: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cadence)
        .filter(|cadence| *cadence > 0.0)
        .collect();
    if cadences.is_empty() {
        return;
    }
    cadences.sort_by(f64::total_cmp);
    let median = cadences[cadences.len() / 2];
    if median < STRIDES_MEDIAN_LIMIT_SPM {
        for sample in samples.iter_mut() {
            if let Some(cadence) = sample.cadence.as_mut() {
                *cadence *= 2.0;
            }
        }
        assumptions.push(format!(
            "cadence doubled: the median running cadence {median:.0} reads as strides/min, stored as steps/min"
        ));
    } else {
        assumptions.push(format!(
            "cadence kept: the median running cadence {median:.0} reads as steps/min"
        ));
    }
}

/// Builds the activity; `None` when there is neither a timed sample nor a
/// start time.
pub fn build(recording: Recording) -> Option<Activity> {
    let Recording {
        file,
        format,
        sport: stated,
        cadence_unit,
        mut samples,
        device,
        device_pauses,
        session_start_s,
        distance_origin_m,
        utc_offset_s,
        mut warnings,
        mut assumptions,
    } = recording;
    let mut device = device.unwrap_or_default();
    let has_device = device != DeviceSummary::default();

    let mut timeline = Timeline::new(&samples, device_pauses.as_deref());
    let mut device_pauses = device_pauses;
    if clock::needs_repair(
        timeline.timed.iter().map(|&(_, time)| time),
        device.elapsed_s,
    ) {
        let (repair, clock_warnings) = clock::repair(&mut samples, device.elapsed_s);
        warnings.extend(clock_warnings);
        device_pauses = device_pauses.map(|pauses| {
            pauses
                .into_iter()
                .map(|(from, to)| (repair.apply(from), repair.apply(to)))
                .collect()
        });
        timeline = Timeline::new(&samples, device_pauses.as_deref());
    }

    let (sport, sport_inferred) = match stated.filter(|sport| *sport != Sport::Other) {
        Some(sport) => (sport, false),
        None => match infer_sport(&samples, &timeline) {
            Some(inference) => {
                assumptions.push(inference.evidence);
                (inference.sport, true)
            }
            None => {
                if !samples.is_empty() {
                    assumptions.push(
                        "the file states no sport and its pace and cadence fit none we recognise"
                            .into(),
                    );
                }
                (Sport::Other, false)
            }
        },
    };
    if sport.is_running() {
        match cadence_unit {
            CadenceUnit::Strides => {
                for sample in &mut samples {
                    if let Some(cadence) = sample.cadence.as_mut() {
                        *cadence *= 2.0;
                    }
                }
                if let Some(cadence) = device.avg_cadence_spm.as_mut() {
                    *cadence *= 2.0;
                }
            }
            CadenceUnit::Unknown => normalise_guessed_cadence(&mut samples, &mut assumptions),
        }
        // Cadence changed, nothing else: the timeline stays valid.
    }

    // Device distances: measured from the counter's value when the session
    // began, unless the first sample's could not have been covered since.
    let first_distance = timeline.distances.first().copied().unwrap_or(0.0);
    let origin_candidate = distance_origin_m.unwrap_or(0.0);
    let seconds_before_first = match (timeline.timed.first(), session_start_s) {
        (Some(&(_, time)), Some(start)) => (time - start).max(0.0),
        _ => 0.0,
    };
    let allowance = 100.0 + 10.0 * seconds_before_first;
    let ahead = first_distance - origin_candidate;
    let origin = if (0.0..=allowance).contains(&ahead) {
        origin_candidate
    } else {
        first_distance
    };

    let computed_elapsed = match (timeline.timed.first(), timeline.timed.last()) {
        (Some(first), Some(last)) => last.1 - first.1,
        _ => 0.0,
    };
    let records_moving = timeline.moving_s();
    let records_timer = timeline.timer_s();
    let (mut moving_s, use_timer) = match device
        .timer_s
        .filter(|timer| timer.is_finite() && *timer > 0.0)
    {
        Some(timer) if timeline.timed.len() < 2 => (timer, false),
        Some(timer)
            if timer_contradicted(timer, computed_elapsed, records_moving, records_timer) =>
        {
            let fallback = records_timer.unwrap_or(records_moving);
            warnings.push(format!(
                "the device's timer time {} disagrees with its records ({} moving of {} elapsed); moving time {} was taken from the records",
                minutes(timer),
                minutes(records_moving),
                minutes(computed_elapsed),
                minutes(fallback)
            ));
            (fallback, records_timer.is_some())
        }
        Some(timer) => (timer, true),
        None => (
            records_timer.unwrap_or(records_moving),
            records_timer.is_some(),
        ),
    };

    let computed = metrics::compute(&samples, &timeline, use_timer);
    let start_s = computed.start_s.or(session_start_s)?;
    let start = Timestamp::from_second(start_s.floor() as i64).ok()?;
    let sample_distance = if timeline.has_distance {
        timeline.distances.last().map_or(0.0, |last| last - origin)
    } else {
        0.0
    };
    let distance_m = if sample_distance > 0.0 {
        sample_distance
    } else {
        device.distance_m.unwrap_or(0.0)
    };
    // The device's elapsed time when the samples agree with it (it also
    // counts the moments after the last sample), else the samples' span.
    let mut duration_s = match device
        .elapsed_s
        .filter(|elapsed| elapsed.is_finite() && *elapsed > 0.0)
    {
        Some(elapsed) if computed.duration_s <= 0.0 => elapsed,
        Some(elapsed)
            if (elapsed - computed.duration_s).abs() <= computed.duration_s * 0.01 + 2.0 =>
        {
            elapsed
        }
        _ => computed.duration_s,
    };
    if moving_s <= 0.0 && timeline.timed.len() < 2 {
        moving_s = duration_s;
    }
    if duration_s > 0.0 {
        moving_s = moving_s.min(duration_s);
    } else {
        // Only a timer to go by: the whole lasted at least that long.
        duration_s = moving_s;
    }
    let device_hr = device.avg_hr.filter(|hr| *hr > 0.0);
    let sparse_hr = computed.hr_coverage < 0.5 && device_hr.is_some();
    let avg_hr = if sparse_hr {
        device_hr
    } else {
        computed.avg_hr.or(device_hr)
    };
    let device_max_hr = device.max_hr.filter(|hr| *hr > 0.0);
    let max_hr = if sparse_hr {
        device_max_hr
    } else {
        computed.max_hr.or(device_max_hr)
    };
    let avg_cadence_spm = device
        .avg_cadence_spm
        .filter(|cadence| *cadence > 0.0)
        .or(computed.avg_cadence);
    let elevation_gain_m = computed.elevation_gain_m.or(device.elevation_gain_m);
    let end_s = computed.end_s.unwrap_or(start_s);
    let pause_spans = match &device_pauses {
        Some(spans) if use_timer => spans.clone(),
        _ => timeline.recording_gaps(&samples),
    };
    let splits = page::splits(&samples, &timeline, origin, use_timer);
    if splits.is_empty() && distance_m / page::SPLIT_M > page::MAX_SPLITS as f64 {
        warnings.push(format!(
            "no kilometre splits: {:.0} km is more than the {} splits an activity keeps",
            distance_m / 1000.0,
            page::MAX_SPLITS
        ));
    }
    let mut activity = Activity {
        file,
        format,
        sport,
        start,
        utc_offset_s,
        distance_m,
        duration_s,
        moving_s,
        pace_s_per_km: (distance_m > 0.0 && moving_s > 0.0).then(|| moving_s / distance_m * 1000.0),
        avg_hr,
        max_hr,
        avg_cadence_spm,
        elevation_gain_m,
        efficiency_factor: efficiency_factor(distance_m, moving_s, avg_hr),
        decoupling_pct: computed.decoupling_pct,
        dynamics: computed.dynamics,
        device_summary: has_device.then_some(device),
        name: None,
        description: None,
        gear: None,
        samples: samples.len(),
        fingerprint: String::new(),
        warnings,
        assumptions,
        sport_inferred,
        pauses: page::pauses(&pause_spans, start_s, end_s),
        splits,
        track: page::track(&samples, &timeline, origin, use_timer),
    };
    activity.fingerprint = fingerprint(&activity);
    Some(activity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timer_is_contradicted_only_by_clear_evidence() {
        // Agrees: 50 min timer, 55 min elapsed, 48 min moving, pauses say 50.
        assert!(!timer_contradicted(3000.0, 3300.0, 2880.0, Some(3000.0)));
        // Above elapsed (TCX laps summed to many times the whole).
        assert!(timer_contradicted(12_000.0, 3300.0, 2880.0, None));
        // A fifth short of what the records show moving (a lost last lap).
        assert!(timer_contradicted(2400.0, 3100.0, 3000.0, None));
        // Far from elapsed less the device's own pauses.
        assert!(timer_contradicted(2400.0, 3300.0, 2000.0, Some(3000.0)));
    }
}
