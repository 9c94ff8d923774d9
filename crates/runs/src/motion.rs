//! Where and when a recording moved: cumulative distance, which intervals
//! between samples count as moving, and the pauses.
//!
//! Our rules (research §3 gives the options; the numbers are ours):
//!
//! - Distance is the device's own where nearly every sample has one,
//!   otherwise the haversine sum along positions within track segments.
//! - An interval between two samples is **moving** when it is not a break
//!   between track segments and it was covered at
//!   [`MOVING_SPEED_THRESHOLD_MPS`] or faster, however sparse the samples
//!   are; only an interval longer than [`MAX_MOVING_INTERVAL_S`] must be
//!   covered at [`GAP_RUNNING_SPEED_MPS`] (the device lost its signal while
//!   travelling, not a stop).
//! - A recording without any distance (no device distance, no positions)
//!   moves wherever its samples are no more than [`RECORDING_GAP_S`] apart.
//! - When the device wrote its timer pauses (FIT timer events), an interval
//!   inside one is paused, and the others count as timer time.
//! - Without timer pauses, a **pause** is a break between track segments or
//!   a gap of more than [`RECORDING_GAP_S`] not covered at moving speed.

use crate::model::Sample;

/// Slower than this (about 1 km/h, gpxpy's stopped threshold) is standing.
pub const MOVING_SPEED_THRESHOLD_MPS: f64 = 0.3;
/// Intervals longer than this count as moving only at running speed.
pub const MAX_MOVING_INTERVAL_S: f64 = 600.0;
/// A gap this long is travelled, not a stop, when covered this fast.
pub const GAP_RUNNING_SPEED_MPS: f64 = 1.5;
/// A gap in the recording longer than this, not covered at moving speed, is
/// a pause (devices with auto-pause stop recording).
pub const RECORDING_GAP_S: f64 = 30.0;

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
/// one (never decreasing), otherwise the haversine sum along positions
/// within segments. The second value is false when the file holds neither.
pub fn cumulative_distance(samples: &[Sample]) -> (Vec<f64>, bool) {
    // Built from the device's distances in one pass; kept when nearly every
    // sample had one, otherwise rebuilt from positions.
    let mut cumulative = Vec::with_capacity(samples.len());
    let mut last: Option<f64> = None;
    let mut with = 0usize;
    for sample in samples {
        if let Some(distance) = sample.distance_m.filter(|distance| distance.is_finite()) {
            with += 1;
            last = Some(last.map_or(distance, |last| last.max(distance)));
        }
        cumulative.push(last.unwrap_or(f64::NAN));
    }
    if with > 0 && with * 10 >= samples.len() * 9 {
        // Samples before the first distance take the first one.
        let first = cumulative
            .iter()
            .copied()
            .find(|d| !d.is_nan())
            .unwrap_or(0.0);
        for distance in &mut cumulative {
            if distance.is_nan() {
                *distance = first;
            } else {
                break;
            }
        }
        return (cumulative, true);
    }
    cumulative.clear();
    let mut total = 0.0;
    let mut previous: Option<(f64, f64)> = None;
    let mut any_position = false;
    for sample in samples {
        if let (Some(lat), Some(lon)) = (sample.latitude_deg, sample.longitude_deg) {
            any_position = true;
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
    (cumulative, any_position)
}

/// The samples with a time, their distances, and how each interval between
/// consecutive timed samples is counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// (sample index, time in Unix seconds) of the samples with a time.
    pub timed: Vec<(usize, f64)>,
    /// Cumulative distance per sample (all samples), from the file's origin.
    pub distances: Vec<f64>,
    /// False when the file has neither device distances nor positions.
    pub has_distance: bool,
    /// Per interval `timed[k] → timed[k + 1]`: moving by the speed rule.
    pub moving: Vec<bool>,
    /// Per interval: inside one of the device's timer pauses (all false
    /// when the file has none).
    pub paused: Vec<bool>,
    /// True when the device's timer pauses were given.
    pub device_pauses: bool,
}

impl Timeline {
    /// Builds the timeline; `device_pauses` are (start, end) in Unix seconds.
    pub fn new(samples: &[Sample], device_pauses: Option<&[(f64, f64)]>) -> Self {
        let (distances, has_distance) = cumulative_distance(samples);
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
        // Pauses merged and sorted, so each interval is one binary search.
        let mut spans: Vec<(f64, f64)> = device_pauses.map(<[_]>::to_vec).unwrap_or_default();
        spans.retain(|(start, end)| start.is_finite() && end.is_finite() && end >= start);
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let in_pause = |time: f64| {
            let after = merged.partition_point(|&(start, _)| start <= time);
            after > 0 && time <= merged[after - 1].1
        };
        let intervals = timed.len().saturating_sub(1);
        let mut moving = Vec::with_capacity(intervals);
        let mut paused = Vec::with_capacity(intervals);
        for pair in timed.windows(2) {
            let ((index, time), (next_index, next_time)) = (pair[0], pair[1]);
            let interval = next_time - time;
            let break_between = samples[next_index].segment_start;
            let speed = if interval > 0.0 {
                (distances[next_index] - distances[index]) / interval
            } else {
                0.0
            };
            // Without any distance there is no evidence of standing: only
            // gaps in the recording are stops.
            let fast_enough = if !has_distance {
                interval <= RECORDING_GAP_S
            } else if interval > MAX_MOVING_INTERVAL_S {
                speed >= GAP_RUNNING_SPEED_MPS
            } else {
                speed >= MOVING_SPEED_THRESHOLD_MPS
            };
            moving.push(interval > 0.0 && !break_between && fast_enough);
            paused.push(in_pause(time + interval / 2.0));
        }
        Self {
            timed,
            distances,
            has_distance,
            moving,
            paused,
            device_pauses: device_pauses.is_some(),
        }
    }

    /// Length of interval `k` in seconds (never negative).
    pub fn interval_s(&self, k: usize) -> f64 {
        (self.timed[k + 1].1 - self.timed[k].1).max(0.0)
    }

    /// Distance covered in interval `k`.
    pub fn covered_m(&self, k: usize) -> f64 {
        self.distances[self.timed[k + 1].0] - self.distances[self.timed[k].0]
    }

    /// Whether interval `k` counts toward moving time under the rule in use:
    /// the device's timer when it gave pauses, else the speed rule.
    pub fn counts_as_moving(&self, k: usize, use_timer: bool) -> bool {
        if use_timer && self.device_pauses {
            !self.paused[k]
        } else {
            self.moving[k]
        }
    }

    /// Seconds moving by the speed rule.
    pub fn moving_s(&self) -> f64 {
        (0..self.moving.len())
            .filter(|&k| self.moving[k])
            .map(|k| self.interval_s(k))
            .sum()
    }

    /// Seconds outside the device's timer pauses, when it gave them.
    pub fn timer_s(&self) -> Option<f64> {
        self.device_pauses.then(|| {
            (0..self.paused.len())
                .filter(|&k| !self.paused[k])
                .map(|k| self.interval_s(k))
                .sum()
        })
    }

    /// Pauses found in the recording itself (segment breaks, gaps not
    /// covered at moving speed), as (start, end) in Unix seconds, merged
    /// when they touch.
    pub fn recording_gaps(&self, samples: &[Sample]) -> Vec<(f64, f64)> {
        let mut gaps: Vec<(f64, f64)> = Vec::new();
        for k in 0..self.moving.len() {
            let (_, time) = self.timed[k];
            let (next_index, next_time) = self.timed[k + 1];
            let interval = next_time - time;
            let is_gap = interval > 0.0
                && (samples[next_index].segment_start
                    || (interval > RECORDING_GAP_S && !self.moving[k]));
            if !is_gap {
                continue;
            }
            match gaps.last_mut() {
                Some(last) if last.1 >= time => last.1 = next_time,
                _ => gaps.push((time, next_time)),
            }
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time_s: f64, distance_m: f64) -> Sample {
        Sample {
            time_s: Some(time_s),
            distance_m: Some(distance_m),
            ..Sample::default()
        }
    }

    #[test]
    fn haversine_matches_one_degree_of_latitude() {
        let metres = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((metres - 111_194.9).abs() < 1.0, "{metres}");
    }

    #[test]
    fn sparse_slow_stretches_move_and_standing_gaps_pause() {
        // 60 s apart at 0.8 m/s (a slow climb, sparse points), then a 5 min
        // stop, then one 20-minute gap covered at 3 m/s (signal lost).
        let samples = [
            at(0.0, 0.0),
            at(60.0, 48.0),
            at(120.0, 96.0),
            at(420.0, 100.0),
            at(1620.0, 3700.0),
        ];
        let timeline = Timeline::new(&samples, None);
        assert_eq!(timeline.moving, [true, true, false, true]);
        assert_eq!(timeline.moving_s(), 120.0 + 1200.0);
        assert_eq!(timeline.recording_gaps(&samples), [(120.0, 420.0)]);
        assert_eq!(timeline.timer_s(), None);
    }

    #[test]
    fn device_pauses_mark_the_intervals_inside_them() {
        let samples = [at(0.0, 0.0), at(10.0, 30.0), at(70.0, 31.0), at(80.0, 60.0)];
        let timeline = Timeline::new(&samples, Some(&[(12.0, 68.0)]));
        assert_eq!(timeline.paused, [false, true, false]);
        assert_eq!(timeline.timer_s(), Some(20.0));
        assert!(timeline.counts_as_moving(0, true));
        assert!(!timeline.counts_as_moving(1, true));
    }
}
