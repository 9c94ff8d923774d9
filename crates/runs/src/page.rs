//! What a run's own page shows beside its totals: pauses, kilometre splits
//! and a downsampled track for pace and heart-rate charts.
//!
//! Splits follow the activity's own rules: distance from the same
//! cumulative distance, moving time from the same interval rule, heart rate
//! and cadence from the same time-weighted means ([`ChannelMeans`]). An
//! interval that crosses a kilometre boundary is divided at the boundary in
//! proportion to distance. The track keeps at most [`MAX_TRACK_POINTS`]
//! points; each stands for a run of consecutive samples and carries their
//! means. Values are rounded to what a chart or a table shows, which keeps
//! the stored JSON small.

use crate::metrics::{ChannelMeans, WeightedMean, sample_moving, sample_weight};
use crate::model::{MAX_TRACK_POINTS, Pause, Sample, Split, TrackPoint};
use crate::motion::Timeline;

/// A split is one kilometre.
pub const SPLIT_M: f64 = 1000.0;
/// A last part this close to a kilometre is a whole one: what is missing
/// is rounding in the summed distances, not ground (our convention).
pub const WHOLE_SPLIT_SLACK_M: f64 = 0.5;
/// A remaining part shorter than this is not listed as a split.
pub const MIN_PARTIAL_SPLIT_M: f64 = 1.0;
/// More kilometres than this (a 1,000 km ride, or a broken distance
/// counter) get no splits: the list would outgrow the activity.
pub const MAX_SPLITS: usize = 1000;

fn round_to(value: f64, step: f64) -> f64 {
    (value / step).round() * step
}

/// Pauses as offsets from `start_s`, clipped to the activity, rounded to 0.1 s.
pub fn pauses(spans: &[(f64, f64)], start_s: f64, end_s: f64) -> Vec<Pause> {
    spans
        .iter()
        .filter_map(|&(from, to)| {
            let (from, to) = (from.max(start_s), to.min(end_s));
            (to > from).then(|| Pause {
                start_s: round_to(from - start_s, 0.1),
                duration_s: round_to(to - from, 0.1),
            })
        })
        .collect()
}

/// One split being filled.
#[derive(Default)]
struct OpenSplit {
    distance_m: f64,
    elapsed_s: f64,
    moving_s: f64,
    means: ChannelMeans,
}

impl OpenSplit {
    fn close(self, index: u32, partial: bool) -> Split {
        let pace = (self.distance_m > 0.0 && self.moving_s > 0.0)
            .then(|| round_to(self.moving_s / self.distance_m * SPLIT_M, 0.1));
        Split {
            index,
            distance_m: round_to(self.distance_m, 0.1),
            elapsed_s: round_to(self.elapsed_s, 0.1),
            moving_s: round_to(self.moving_s, 0.1),
            pace_s_per_km: pace,
            avg_hr: self.means.heart_rate.mean().map(|hr| round_to(hr, 0.1)),
            avg_cadence_spm: self.means.cadence.mean().map(|c| round_to(c, 0.1)),
            partial,
        }
    }
}

/// Kilometre splits from `origin_m` (the distance counter at the start).
pub fn splits(
    samples: &[Sample],
    timeline: &Timeline,
    origin_m: f64,
    use_timer: bool,
) -> Vec<Split> {
    if !timeline.has_distance || timeline.timed.len() < 2 {
        return Vec::new();
    }
    let total = timeline
        .distances
        .last()
        .map_or(0.0, |last| last - origin_m);
    if !total.is_finite() || total / SPLIT_M > MAX_SPLITS as f64 {
        return Vec::new();
    }
    let mut done = Vec::new();
    // Distance covered before the first sample (a pool's first length) opens the first split.
    let first = (timeline.distances[timeline.timed[0].0] - origin_m).max(0.0);
    let passed = (first / SPLIT_M).floor() * SPLIT_M;
    let mut open = OpenSplit {
        distance_m: first - passed,
        ..OpenSplit::default()
    };
    let mut boundary = passed + SPLIT_M;
    for k in 0..timeline.moving.len() {
        let (index, _) = timeline.timed[k];
        let from = timeline.distances[index] - origin_m;
        let to = timeline.distances[timeline.timed[k + 1].0] - origin_m;
        let interval = timeline.interval_s(k);
        let moving = timeline.counts_as_moving(k, use_timer);
        let weight = sample_weight(timeline, k);
        let sample = &samples[index];
        let mut position = from;
        let mut left = 1.0; // share of the interval not yet assigned
        while to >= boundary && boundary > position {
            let share = if to > from {
                (boundary - position) / (to - from)
            } else {
                left
            };
            open.distance_m += boundary - position;
            open.elapsed_s += interval * share;
            if moving {
                open.moving_s += interval * share;
            }
            open.means.add(sample, weight * share, moving);
            left -= share;
            position = boundary;
            let finished = std::mem::take(&mut open);
            done.push(finished.close(done.len() as u32 + 1, false));
            boundary += SPLIT_M;
        }
        open.distance_m += (to - position).max(0.0);
        open.elapsed_s += interval * left;
        if moving {
            open.moving_s += interval * left;
        }
        open.means.add(sample, weight * left, moving);
    }
    if let Some(&(last_index, _)) = timeline.timed.last() {
        let last_position = timeline.timed.len() - 1;
        let moving = sample_moving(timeline, last_position, use_timer);
        open.means.add(
            &samples[last_index],
            sample_weight(timeline, last_position),
            moving,
        );
    }
    if open.distance_m >= MIN_PARTIAL_SPLIT_M {
        let whole = open.distance_m >= SPLIT_M - WHOLE_SPLIT_SLACK_M;
        done.push(open.close(done.len() as u32 + 1, !whole));
    }
    done
}

/// The track downsampled to at most [`MAX_TRACK_POINTS`] points.
pub fn track(
    samples: &[Sample],
    timeline: &Timeline,
    origin_m: f64,
    use_timer: bool,
) -> Vec<TrackPoint> {
    let timed = &timeline.timed;
    let Some(&(_, start_s)) = timed.first() else {
        return Vec::new();
    };
    let per_point = timed.len().div_ceil(MAX_TRACK_POINTS).max(1);
    let mut points = Vec::with_capacity(timed.len().div_ceil(per_point));
    for chunk_start in (0..timed.len()).step_by(per_point) {
        let chunk_end = (chunk_start + per_point).min(timed.len());
        let mut means = ChannelMeans::default();
        let mut altitude = WeightedMean::default();
        let (mut moved_m, mut moving_s, mut elapsed_s) = (0.0, 0.0, 0.0);
        for position in chunk_start..chunk_end {
            let (index, _) = timed[position];
            let sample = &samples[index];
            let weight = sample_weight(timeline, position);
            let moving = sample_moving(timeline, position, use_timer);
            means.add(sample, weight, moving);
            if let Some(value) = sample.altitude_m {
                altitude.add(value, weight);
            }
            if position + 1 < timed.len() {
                elapsed_s += timeline.interval_s(position);
                if timeline.counts_as_moving(position, use_timer) {
                    moved_m += timeline.covered_m(position);
                    moving_s += timeline.interval_s(position);
                }
            }
        }
        let (last_index, last_time) = timed[chunk_end - 1];
        let speed = if moving_s > 0.0 {
            Some(moved_m / moving_s)
        } else {
            (elapsed_s > 0.0).then_some(0.0)
        };
        points.push(
            TrackPoint {
                elapsed_s: last_time - start_s,
                distance_m: timeline
                    .has_distance
                    .then(|| timeline.distances[last_index] - origin_m),
                speed_mps: speed.filter(|_| timeline.has_distance),
                heart_rate_bpm: means.heart_rate.mean(),
                cadence: means.cadence.mean(),
                altitude_m: altitude.mean(),
            }
            .rounded(),
        );
    }
    points
}

impl TrackPoint {
    /// Rounded to what a chart shows: whole seconds, metres, beats and
    /// steps, centimetres per second, decimetres of altitude.
    fn rounded(self) -> Self {
        Self {
            elapsed_s: self.elapsed_s.round(),
            distance_m: self.distance_m.map(f64::round),
            speed_mps: self.speed_mps.map(|v| round_to(v, 0.01)),
            heart_rate_bpm: self.heart_rate_bpm.map(f64::round),
            cadence: self.cadence.map(f64::round),
            altitude_m: self.altitude_m.map(|a| round_to(a, 0.1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `seconds` of 1 Hz samples at `speed`, HR 150, cadence 170.
    fn steady(seconds: u32, speed: f64) -> Vec<Sample> {
        (0..=seconds)
            .map(|second| Sample {
                time_s: Some(f64::from(second)),
                distance_m: Some(f64::from(second) * speed),
                heart_rate_bpm: Some(150.0),
                cadence: Some(170.0),
                ..Sample::default()
            })
            .collect()
    }

    #[test]
    fn splits_cover_the_distance_and_the_last_one_is_partial() {
        // 2.5 km at 4 m/s (4:10/km).
        let samples = steady(625, 4.0);
        let timeline = Timeline::new(&samples, None);
        let splits = splits(&samples, &timeline, 0.0, false);
        assert_eq!(splits.len(), 3);
        assert_eq!(splits[0].distance_m, 1000.0);
        assert_eq!(splits[0].elapsed_s, 250.0);
        assert_eq!(splits[0].pace_s_per_km, Some(250.0));
        assert_eq!(splits[0].avg_hr, Some(150.0));
        assert_eq!(splits[0].avg_cadence_spm, Some(170.0));
        assert!(!splits[1].partial);
        assert!(splits[2].partial);
        assert_eq!(splits[2].distance_m, 500.0);
        assert_eq!(splits[2].index, 3);
        let total: f64 = splits.iter().map(|split| split.elapsed_s).sum();
        assert!((total - 625.0).abs() < 0.5, "{total}");
    }

    #[test]
    fn a_broken_distance_counter_gets_no_thousands_of_splits() {
        let mut samples = steady(60, 4.0);
        samples[30].distance_m = Some(2_000_000.0);
        let timeline = Timeline::new(&samples, None);
        assert!(splits(&samples, &timeline, 0.0, false).is_empty());
    }

    #[test]
    fn track_is_bounded_and_keeps_the_ends() {
        let samples = steady(3 * 3600, 3.0);
        let timeline = Timeline::new(&samples, None);
        let track = track(&samples, &timeline, 0.0, false);
        assert!(track.len() <= MAX_TRACK_POINTS, "{}", track.len());
        assert!(track.len() > MAX_TRACK_POINTS / 2);
        let last = track.last().unwrap();
        assert_eq!(last.elapsed_s, 3.0 * 3600.0);
        assert_eq!(last.distance_m, Some(3.0 * 3.0 * 3600.0));
        assert_eq!(track[10].speed_mps, Some(3.0));
        assert_eq!(track[10].heart_rate_bpm, Some(150.0));
        assert_eq!(track[10].altitude_m, None);
    }

    #[test]
    fn pauses_are_clipped_to_the_activity() {
        let found = pauses(
            &[(90.0, 130.0), (500.0, 700.0), (1000.0, 1100.0)],
            100.0,
            600.0,
        );
        assert_eq!(
            found,
            [
                Pause {
                    start_s: 0.0,
                    duration_s: 30.0
                },
                Pause {
                    start_s: 400.0,
                    duration_s: 100.0
                }
            ]
        );
    }
}
