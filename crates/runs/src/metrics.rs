//! Running metrics computed from samples (research §3) over a [`Timeline`].
//!
//! - Averages are time-weighted: each sample weighs the time to the next one,
//!   capped at [`MAX_SAMPLE_WEIGHT_S`], so "smart recording" does not skew them.
//! - A heart rate of zero is missing. Cadence is averaged as devices do:
//!   over the moving time, zeros included (a runner standing at a light with
//!   the timer running has cadence 0), and not while stopped or paused.
//! - Elevation gain uses a hysteresis of [`ELEVATION_HYSTERESIS_M`].
//! - Efficiency factor = moving speed (m/min) ÷ average HR; decoupling compares
//!   the EF of the first and second halves by time.

use crate::model::{RunningDynamics, Sample};
use crate::motion::Timeline;

/// Longest time one sample may weigh in an average, in seconds.
pub const MAX_SAMPLE_WEIGHT_S: f64 = 10.0;
/// Climbs smaller than this (GPS or barometer noise) are not counted.
pub const ELEVATION_HYSTERESIS_M: f64 = 2.0;
/// Decoupling needs a steady portion at least this long.
pub const MIN_DECOUPLING_DURATION_S: f64 = 30.0 * 60.0;
/// ... and heart rate on at least this share of the time.
pub const MIN_DECOUPLING_HR_COVERAGE: f64 = 0.9;

/// Metrics computed from one activity's samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub duration_s: f64,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub elevation_gain_m: Option<f64>,
    pub dynamics: Option<RunningDynamics>,
    /// Share of the time (0..1) with a heart-rate reading.
    pub hr_coverage: f64,
    pub decoupling_pct: Option<f64>,
}

/// Time-weighted mean accumulator.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeightedMean {
    sum: f64,
    weight: f64,
}

impl WeightedMean {
    pub fn add(&mut self, value: f64, weight: f64) {
        if value.is_finite() && weight > 0.0 {
            self.sum += value * weight;
            self.weight += weight;
        }
    }

    pub fn mean(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.sum / self.weight)
    }
}

/// Heart rate and cadence means under the rules above, for a whole activity
/// or one split.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChannelMeans {
    pub heart_rate: WeightedMean,
    pub cadence: WeightedMean,
}

impl ChannelMeans {
    /// Adds one sample weighing `weight` seconds; `moving` says whether the
    /// time it stands for counts as moving.
    pub fn add(&mut self, sample: &Sample, weight: f64, moving: bool) {
        if let Some(hr) = sample.heart_rate_bpm.filter(|hr| *hr > 0.0) {
            self.heart_rate.add(hr, weight);
        }
        if moving && let Some(cadence) = sample.cadence.filter(|value| *value >= 0.0) {
            self.cadence.add(cadence, weight);
        }
    }
}

/// Weight of timed sample `position`: the time to the next one, capped.
pub fn sample_weight(timeline: &Timeline, position: usize) -> f64 {
    if position + 1 < timeline.timed.len() {
        timeline.interval_s(position).min(MAX_SAMPLE_WEIGHT_S)
    } else {
        1.0
    }
}

/// Whether the time timed sample `position` stands for counts as moving
/// (the last sample follows the one before it).
pub fn sample_moving(timeline: &Timeline, position: usize, use_timer: bool) -> bool {
    let intervals = timeline.moving.len();
    if intervals == 0 {
        return true;
    }
    timeline.counts_as_moving(position.min(intervals - 1), use_timer)
}

/// Elevation gain with hysteresis: climbs count once they exceed the
/// threshold above the last low point.
pub fn elevation_gain(altitudes: impl IntoIterator<Item = f64>, hysteresis_m: f64) -> Option<f64> {
    let mut altitudes = altitudes
        .into_iter()
        .filter(|altitude| altitude.is_finite());
    let mut reference = altitudes.next()?;
    let mut gain = 0.0;
    for altitude in altitudes {
        if altitude - reference >= hysteresis_m {
            gain += altitude - reference;
            reference = altitude;
        } else if reference - altitude >= hysteresis_m {
            reference = altitude;
        }
    }
    Some(gain)
}

/// Computes every metric over `samples` (in time order) on their timeline;
/// `use_timer` says whether moving time follows the device's timer pauses.
pub fn compute(samples: &[Sample], timeline: &Timeline, use_timer: bool) -> Metrics {
    let timed = &timeline.timed;
    let start_s = timed.iter().map(|&(_, time)| time).reduce(f64::min);
    let end_s = timed.iter().map(|&(_, time)| time).reduce(f64::max);
    let duration_s = match (start_s, end_s) {
        (Some(start), Some(end)) => end - start,
        _ => 0.0,
    };

    let mut means = ChannelMeans::default();
    let mut stance = WeightedMean::default();
    let mut oscillation = WeightedMean::default();
    let mut ratio = WeightedMean::default();
    let mut step_length = WeightedMean::default();
    let mut max_hr: Option<f64> = None;
    let mut hr_time = 0.0;
    let mut total_weight = 0.0;
    for (position, &(index, _)) in timed.iter().enumerate() {
        let sample = &samples[index];
        let weight = sample_weight(timeline, position);
        total_weight += weight;
        means.add(sample, weight, sample_moving(timeline, position, use_timer));
        if let Some(hr) = sample.heart_rate_bpm.filter(|hr| *hr > 0.0) {
            hr_time += weight;
            max_hr = Some(max_hr.map_or(hr, |max: f64| max.max(hr)));
        }
        if let Some(value) = sample.stance_time_ms.filter(|value| *value > 0.0) {
            stance.add(value, weight);
        }
        if let Some(value) = sample.vertical_oscillation_mm.filter(|value| *value > 0.0) {
            oscillation.add(value, weight);
        }
        if let Some(value) = sample.vertical_ratio_pct.filter(|value| *value > 0.0) {
            ratio.add(value, weight);
        }
        if let Some(value) = sample.step_length_mm.filter(|value| *value > 0.0) {
            step_length.add(value, weight);
        }
    }
    let elevation_gain_m = elevation_gain(
        samples.iter().filter_map(|sample| sample.altitude_m),
        ELEVATION_HYSTERESIS_M,
    );
    let dynamics = RunningDynamics {
        stance_time_ms: stance.mean(),
        vertical_oscillation_mm: oscillation.mean(),
        vertical_ratio_pct: ratio.mean(),
        step_length_mm: step_length.mean(),
    };
    let has_dynamics = dynamics != RunningDynamics::default();
    let hr_coverage = if total_weight > 0.0 {
        hr_time / total_weight
    } else {
        0.0
    };
    let decoupling_pct = decoupling(samples, timeline, duration_s, hr_coverage);
    Metrics {
        start_s,
        end_s,
        duration_s,
        avg_hr: means.heart_rate.mean(),
        max_hr,
        avg_cadence: means.cadence.mean(),
        elevation_gain_m,
        dynamics: has_dynamics.then_some(dynamics),
        hr_coverage,
        decoupling_pct,
    }
}

/// Efficiency factor: moving speed in m/min per bpm.
pub fn efficiency_factor(distance_m: f64, moving_s: f64, avg_hr: Option<f64>) -> Option<f64> {
    let hr = avg_hr.filter(|hr| *hr > 0.0)?;
    (moving_s > 0.0 && distance_m > 0.0).then(|| (distance_m / moving_s * 60.0) / hr)
}

/// Pa:HR decoupling: (EF₁ − EF₂) / EF₁ × 100, halves split at the middle of
/// the elapsed time, over moving intervals; `None` when the run is too short
/// or HR too sparse.
fn decoupling(
    samples: &[Sample],
    timeline: &Timeline,
    duration_s: f64,
    hr_coverage: f64,
) -> Option<f64> {
    if duration_s < MIN_DECOUPLING_DURATION_S || hr_coverage < MIN_DECOUPLING_HR_COVERAGE {
        return None;
    }
    let first_time = timeline.timed.first()?.1;
    let middle = first_time + duration_s / 2.0;
    let mut halves = [
        (0.0f64, 0.0f64, WeightedMean::default()),
        (0.0, 0.0, WeightedMean::default()),
    ];
    for k in 0..timeline.moving.len() {
        let (index, time) = timeline.timed[k];
        let interval = timeline.interval_s(k);
        if !timeline.moving[k] || interval > crate::motion::RECORDING_GAP_S {
            continue;
        }
        let half = usize::from(time >= middle);
        halves[half].0 += timeline.covered_m(k);
        halves[half].1 += interval;
        if let Some(hr) = samples[index].heart_rate_bpm.filter(|hr| *hr > 0.0) {
            halves[half].2.add(hr, interval);
        }
    }
    let first = efficiency_factor(halves[0].0, halves[0].1, halves[0].2.mean())?;
    let second = efficiency_factor(halves[1].0, halves[1].1, halves[1].2.mean())?;
    Some((first - second) / first * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(time_s: f64, distance_m: f64, hr: f64) -> Sample {
        Sample {
            time_s: Some(time_s),
            distance_m: Some(distance_m),
            heart_rate_bpm: Some(hr),
            ..Sample::default()
        }
    }

    fn metrics(samples: &[Sample]) -> Metrics {
        compute(samples, &Timeline::new(samples, None), false)
    }

    #[test]
    fn hysteresis_ignores_small_wiggles_and_counts_real_climbs() {
        let wiggle = [100.0, 101.0, 100.0, 101.5, 100.2, 101.0];
        assert_eq!(elevation_gain(wiggle, 2.0), Some(0.0));
        let climb = [100.0, 101.0, 103.0, 102.0, 106.0, 100.0, 105.0];
        assert_eq!(elevation_gain(climb, 2.0), Some(3.0 + 3.0 + 5.0));
    }

    #[test]
    fn averages_are_weighted_by_time_not_by_sample_count() {
        // 20 s at 120 bpm sampled every 10 s, then 1 s samples at 180 bpm.
        let samples = [
            sample(0.0, 0.0, 120.0),
            sample(10.0, 30.0, 120.0),
            sample(20.0, 60.0, 120.0),
            sample(21.0, 63.0, 180.0),
            sample(22.0, 66.0, 180.0),
        ];
        let metrics = metrics(&samples);
        // Weights: 10, 10, 1 at 120 bpm; 1, and 1 for the last sample, at 180.
        let expected = (120.0 * 21.0 + 180.0 * 2.0) / 23.0;
        assert!((metrics.avg_hr.unwrap() - expected).abs() < 1e-9);
        assert_eq!(metrics.max_hr, Some(180.0));
        assert_eq!(metrics.duration_s, 22.0);
    }

    #[test]
    fn cadence_counts_zeros_while_moving_but_not_while_stopped() {
        let mut samples = vec![
            sample(0.0, 0.0, 150.0),
            sample(10.0, 30.0, 150.0),
            sample(20.0, 60.0, 150.0),
            // Stopped for a minute: cadence 0, not counted.
            sample(80.0, 61.0, 150.0),
            sample(90.0, 91.0, 150.0),
        ];
        let cadences = [170.0, 0.0, 0.0, 170.0, 170.0];
        for (sample, cadence) in samples.iter_mut().zip(cadences) {
            sample.cadence = Some(cadence);
        }
        // Weights: 10 (170), 10 (0, moving), [60 s stopped: out], 10 (170), 1 (170).
        let expected = (170.0 * 21.0) / 31.0;
        let average = metrics(&samples).avg_cadence.unwrap();
        assert!((average - expected).abs() < 1e-9, "{average} vs {expected}");
    }

    #[test]
    fn decoupling_is_positive_when_heart_rate_drifts_up_at_constant_pace() {
        let samples: Vec<Sample> = (0..=3600)
            .map(|second| {
                let hr = if second < 1800 { 140.0 } else { 150.0 };
                sample(f64::from(second), f64::from(second) * 3.0, hr)
            })
            .collect();
        let metrics = metrics(&samples);
        let expected = (1.0 - 140.0 / 150.0) * 100.0;
        let decoupling = metrics.decoupling_pct.unwrap();
        assert!(
            (decoupling - expected).abs() < 0.05,
            "{decoupling} vs {expected}"
        );
    }
}
