//! Running metrics computed from samples (research §3).
//!
//! - Averages are time-weighted: each sample weighs the time to the next one,
//!   capped at [`MAX_SAMPLE_WEIGHT_S`], so "smart recording" does not skew them.
//! - Zero heart rate and zero cadence are treated as missing.
//! - Elevation gain uses a hysteresis of [`ELEVATION_HYSTERESIS_M`].
//! - Moving time counts intervals faster than [`MOVING_SPEED_THRESHOLD_MPS`];
//!   intervals longer than [`MAX_MOVING_GAP_S`] or across a segment break count
//!   as stopped unless their average speed is clearly a run.
//! - Efficiency factor = moving speed (m/min) ÷ average HR; decoupling compares
//!   the EF of the first and second halves by time.

use crate::model::{RunningDynamics, Sample};

/// Longest time one sample may weigh in an average, in seconds.
pub const MAX_SAMPLE_WEIGHT_S: f64 = 10.0;
/// Climbs smaller than this (GPS or barometer noise) are not counted.
pub const ELEVATION_HYSTERESIS_M: f64 = 2.0;
/// Slow walking, 1.8 km/h.
pub const MOVING_SPEED_THRESHOLD_MPS: f64 = 0.5;
/// Gaps longer than this count as stopped unless covered at running speed.
pub const MAX_MOVING_GAP_S: f64 = 30.0;
/// A gap covered at least this fast still counts as moving (running pace).
pub const GAP_RUNNING_SPEED_MPS: f64 = 1.5;
/// Decoupling needs a steady portion at least this long.
pub const MIN_DECOUPLING_DURATION_S: f64 = 30.0 * 60.0;
/// ... and heart rate on at least this share of the time.
pub const MIN_DECOUPLING_HR_COVERAGE: f64 = 0.9;

/// Metrics computed from one activity's samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub distance_m: f64,
    pub duration_s: f64,
    pub moving_s: f64,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub elevation_gain_m: Option<f64>,
    pub dynamics: Option<RunningDynamics>,
    /// Share of the time (0..1) with a heart-rate reading.
    pub hr_coverage: f64,
    pub decoupling_pct: Option<f64>,
}

/// Great-circle distance in metres (haversine, R = 6,371 km).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let delta_phi = (lat2 - lat1).to_radians();
    let delta_lambda = (lon2 - lon1).to_radians();
    let a = (delta_phi / 2.0).sin().powi(2)
        + phi1.cos() * phi2.cos() * (delta_lambda / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * a.sqrt().clamp(0.0, 1.0).asin()
}

/// Cumulative distance per sample: the device's own where every sample has
/// one, otherwise the haversine sum along positions within segments.
pub fn cumulative_distance(samples: &[Sample]) -> Vec<f64> {
    let device_distances = samples
        .iter()
        .filter(|sample| sample.distance_m.is_some())
        .count();
    let mut cumulative = Vec::with_capacity(samples.len());
    if device_distances > 0 && device_distances * 10 >= samples.len() * 9 {
        let mut last = 0.0f64;
        for sample in samples {
            if let Some(distance) = sample.distance_m.filter(|distance| distance.is_finite()) {
                last = last.max(distance);
            }
            cumulative.push(last);
        }
        return cumulative;
    }
    let mut total = 0.0;
    let mut previous: Option<(f64, f64)> = None;
    for sample in samples {
        if let (Some(lat), Some(lon)) = (sample.latitude_deg, sample.longitude_deg) {
            if let Some((previous_lat, previous_lon)) = previous.filter(|_| !sample.segment_start) {
                let step = haversine_m(previous_lat, previous_lon, lat, lon);
                if step.is_finite() {
                    total += step;
                }
            }
            previous = Some((lat, lon));
        } else if sample.segment_start {
            previous = None;
        }
        cumulative.push(total);
    }
    cumulative
}

/// Time-weighted mean accumulator.
#[derive(Default)]
struct WeightedMean {
    sum: f64,
    weight: f64,
}

impl WeightedMean {
    fn add(&mut self, value: f64, weight: f64) {
        if value.is_finite() && weight > 0.0 {
            self.sum += value * weight;
            self.weight += weight;
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.sum / self.weight)
    }
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

/// Computes every metric over `samples` (which must be in time order).
/// `timer_s` is the device's moving/timer time when it has one.
pub fn compute(samples: &[Sample], timer_s: Option<f64>) -> Metrics {
    let distances = cumulative_distance(samples);
    // Multisport files keep one distance counter across sessions: measure from the first sample.
    let distance_m = match (distances.first(), distances.last()) {
        (Some(first), Some(last)) => last - first,
        _ => 0.0,
    };
    let timed: Vec<(usize, f64)> = samples
        .iter()
        .enumerate()
        .filter_map(|(index, sample)| {
            sample
                .time_s
                .filter(|time| time.is_finite())
                .map(|time| (index, time))
        })
        .collect();
    let start_s = timed.iter().map(|&(_, time)| time).reduce(f64::min);
    let end_s = timed.iter().map(|&(_, time)| time).reduce(f64::max);
    let duration_s = match (start_s, end_s) {
        (Some(start), Some(end)) => end - start,
        _ => 0.0,
    };

    let mut heart_rate = WeightedMean::default();
    let mut cadence = WeightedMean::default();
    let mut stance = WeightedMean::default();
    let mut oscillation = WeightedMean::default();
    let mut ratio = WeightedMean::default();
    let mut step_length = WeightedMean::default();
    let mut max_hr: Option<f64> = None;
    let mut moving_s = 0.0;
    let mut hr_time = 0.0;
    let mut total_weight = 0.0;
    for (position, &(index, time)) in timed.iter().enumerate() {
        let sample = &samples[index];
        let next = timed.get(position + 1);
        let interval = next.map_or(0.0, |&(_, next_time)| (next_time - time).max(0.0));
        let weight = if next.is_some() {
            interval.min(MAX_SAMPLE_WEIGHT_S)
        } else {
            1.0
        };
        total_weight += weight;
        if let Some(hr) = sample.heart_rate_bpm.filter(|hr| *hr > 0.0) {
            heart_rate.add(hr, weight);
            hr_time += weight;
            max_hr = Some(max_hr.map_or(hr, |max: f64| max.max(hr)));
        }
        if let Some(value) = sample.cadence.filter(|value| *value > 0.0) {
            cadence.add(value, weight);
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
        if let Some(&(next_index, _)) = next
            && interval > 0.0
        {
            let covered = distances[next_index] - distances[index];
            let speed = covered / interval;
            let across_break = samples[next_index].segment_start;
            let long_gap = interval > MAX_MOVING_GAP_S || across_break;
            if speed >= MOVING_SPEED_THRESHOLD_MPS && (!long_gap || speed >= GAP_RUNNING_SPEED_MPS)
            {
                moving_s += interval;
            }
        }
    }
    let moving_s = timer_s
        .filter(|timer| timer.is_finite() && *timer > 0.0)
        .unwrap_or(moving_s);
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
    let decoupling_pct = decoupling(samples, &timed, &distances, duration_s, hr_coverage);
    Metrics {
        start_s,
        end_s,
        distance_m,
        duration_s,
        moving_s,
        avg_hr: heart_rate.mean(),
        max_hr,
        avg_cadence: cadence.mean(),
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
/// the elapsed time; `None` when the run is too short or HR too sparse.
fn decoupling(
    samples: &[Sample],
    timed: &[(usize, f64)],
    distances: &[f64],
    duration_s: f64,
    hr_coverage: f64,
) -> Option<f64> {
    if duration_s < MIN_DECOUPLING_DURATION_S || hr_coverage < MIN_DECOUPLING_HR_COVERAGE {
        return None;
    }
    let first_time = timed.first()?.1;
    let middle = first_time + duration_s / 2.0;
    let mut halves = [
        (0.0f64, 0.0f64, WeightedMean::default()),
        (0.0, 0.0, WeightedMean::default()),
    ];
    for pair in timed.windows(2) {
        let ((index, time), (next_index, next_time)) = (pair[0], pair[1]);
        let interval = next_time - time;
        if interval <= 0.0 {
            continue;
        }
        let half = usize::from(time >= middle);
        let covered = distances[next_index] - distances[index];
        if covered / interval < MOVING_SPEED_THRESHOLD_MPS || interval > MAX_MOVING_GAP_S {
            continue;
        }
        halves[half].0 += covered;
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
        let metrics = compute(&samples, None);
        // Weights: 10, 10, 1 at 120 bpm; 1, and 1 for the last sample, at 180.
        let expected = (120.0 * 21.0 + 180.0 * 2.0) / 23.0;
        assert!((metrics.avg_hr.unwrap() - expected).abs() < 1e-9);
        assert_eq!(metrics.max_hr, Some(180.0));
        assert_eq!(metrics.distance_m, 66.0);
        assert_eq!(metrics.duration_s, 22.0);
        assert_eq!(metrics.moving_s, 22.0);
    }

    #[test]
    fn stopped_intervals_do_not_count_as_moving() {
        let samples = [
            sample(0.0, 0.0, 100.0),
            sample(10.0, 30.0, 100.0),
            sample(70.0, 31.0, 100.0),
        ];
        let metrics = compute(&samples, None);
        assert_eq!(metrics.moving_s, 10.0);
        assert_eq!(metrics.duration_s, 70.0);
    }

    #[test]
    fn decoupling_is_positive_when_heart_rate_drifts_up_at_constant_pace() {
        let samples: Vec<Sample> = (0..=3600)
            .map(|second| {
                let hr = if second < 1800 { 140.0 } else { 150.0 };
                sample(f64::from(second), f64::from(second) * 3.0, hr)
            })
            .collect();
        let metrics = compute(&samples, None);
        let expected = (1.0 - 140.0 / 150.0) * 100.0;
        let decoupling = metrics.decoupling_pct.unwrap();
        assert!(
            (decoupling - expected).abs() < 0.05,
            "{decoupling} vs {expected}"
        );
    }

    #[test]
    fn haversine_matches_one_degree_of_latitude() {
        let metres = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((metres - 111_194.9).abs() < 1.0, "{metres}");
    }
}
