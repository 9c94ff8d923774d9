//! Phase boundaries of one rep, found from the movement itself.
//!
//! Thresholds on the lift (a fixed fraction of the range) cut an eased
//! movement at the wrong moments: a lift that starts and arrives slowly
//! crosses 15 % of its range well after it began and 85 % well before it
//! arrived, so the lift reads short and the hold long. Instead, per rep:
//!
//! 1. the raw signal is smoothed with a centred window (no lag: the rep is
//!    timed once it is over), and its noise is measured from the residuals;
//! 2. the rep's own levels are found: the floor before it (the resting
//!    level), its top (the mean of the plateau around the peak) and the
//!    floor it returns to;
//! 3. each boundary is where the movement leaves or reaches one of those
//!    levels: the first (or last) sample within `delta` of the level,
//!    interpolated between frames, where `delta` is a small multiple of the
//!    noise. From that point the boundary is extrapolated along the local
//!    velocity to where the velocity would reach zero: for a movement that
//!    eases in as a power `n` of time, the remaining time is `n · delta / v`
//!    (the profile's `onset_order_floor` and `onset_order_top`).
//!
//! 4. each movement (the lift, the lowering) is then fitted with an eased
//!    shape between those levels (`shape`), which refines both of its ends;
//!    the crossing estimates stay when the fit fails.
//!
//! Lift = leaving the floor → reaching the top; hold = time at the top;
//! lower = leaving the top → reaching the floor (a pause part-way down counts
//! as lowering).

use super::ring::Ring;
use super::shape;

/// Half-width of the centred smoothing, seconds (at least one frame interval).
const CENTRED_HALF_WINDOW_S: f64 = 0.1;
/// Half-width of the local slope fit, seconds (at least 1.5 frame intervals).
const SLOPE_HALF_WINDOW_S: f64 = 0.12;
/// A level is reached within this many noise standard deviations...
const NOISE_MULTIPLE: f64 = 2.0;
/// ...or this fraction of the rep's excursion, whichever is larger.
const MIN_DELTA_FRACTION: f64 = 0.04;
/// Samples within this fraction of the excursion below the peak form the plateau.
const PLATEAU_FRACTION: f64 = 0.05;
/// A shape fit may move a boundary at most this far from the crossing estimate, seconds.
const MAX_FIT_SHIFT_S: f64 = 0.8;
/// The extrapolation from the level crossing never goes further than this, seconds.
const MAX_EXTRAPOLATION_S: f64 = 0.6;

/// Boundaries and levels of one rep, stream time in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PhaseTimes {
    pub start: f64,
    pub top: f64,
    pub hold_end: f64,
    pub end: f64,
    /// Mean level of the top plateau (signal units).
    pub plateau: f64,
    /// Peak of the centred smoothing.
    pub peak: f64,
    /// Noise standard deviation of the rep's samples (signal units).
    pub noise: f64,
    /// Share of the rep's duration covered by frames (gaps over 0.25 s excluded).
    pub coverage: f64,
}

/// How late a pose estimator reports each boundary, seconds. MediaPipe
/// Pose smooths its landmarks over time (`smooth_landmarks`, on by default
/// in the browser and in Python); the smoothing follows a movement late,
/// most when the movement starts slowly (leaving the floor or the top).
/// Subtracted from the boundaries found in its landmarks.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct EstimatorLag {
    /// Delay of the lift's start.
    pub start_s: f64,
    /// Delay of the arrival at the top.
    pub top_s: f64,
    /// Delay of the lowering's start.
    pub hold_end_s: f64,
    /// Delay of the arrival at the floor.
    pub end_s: f64,
}

impl EstimatorLag {
    /// No delay (synthetic landmarks, motion sensors).
    pub const NONE: Self = Self {
        start_s: 0.0,
        top_s: 0.0,
        hold_end_s: 0.0,
        end_s: 0.0,
    };

    /// MediaPipe Pose with landmark smoothing: the median delays measured on
    /// the tuning clips of the rendered corpus (`tests/rendered`, see
    /// docs/benchmarks-sense.md); the held-out clips were not used.
    pub const MEDIAPIPE_POSE: Self = Self {
        start_s: 0.15,
        top_s: 0.11,
        hold_end_s: 0.26,
        end_s: 0.13,
    };

    /// The delay for a landmark file's `source` (its meta line).
    pub fn for_source(source: Option<&str>) -> Self {
        match source {
            Some("mediapipe-pose") => Self::MEDIAPIPE_POSE,
            _ => Self::NONE,
        }
    }

    /// Shifts the boundaries back by the delays, keeping them in order.
    pub(crate) fn remove_from(&self, mut times: PhaseTimes) -> PhaseTimes {
        times.start -= self.start_s;
        times.top = (times.top - self.top_s).max(times.start);
        times.hold_end = (times.hold_end - self.hold_end_s).max(times.top);
        times.end = (times.end - self.end_s).max(times.hold_end);
        times
    }
}

/// How the movement eases at the floor and at the top (see the module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Onsets {
    pub floor: f64,
    pub top: f64,
}

/// Where the state machine saw the rep, used when the samples do not allow better.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fallback {
    pub start: f64,
    pub top: f64,
    pub hold_end: f64,
    pub end: f64,
}

/// Times the rep held in `ring[from..to]`, which starts some time before the
/// rep left the floor (at resting level `floor`) and ends after it returned.
pub(crate) fn phase_times(
    ring: &mut Ring,
    from: usize,
    to: usize,
    floor: f64,
    fallback: Fallback,
    onsets: Onsets,
) -> PhaseTimes {
    let to = to.min(ring.len());
    let count = to.saturating_sub(from);
    let mut result = PhaseTimes {
        start: fallback.start,
        top: fallback.top,
        hold_end: fallback.hold_end,
        end: fallback.end,
        plateau: floor,
        peak: floor,
        noise: 0.0,
        coverage: 1.0,
    };
    if count < 4 {
        return result;
    }
    let span = ring.get(to - 1).t - ring.get(from).t;
    let mean_dt = span / (count - 1) as f64;
    centre_smooth(ring, from, to, CENTRED_HALF_WINDOW_S.max(1.1 * mean_dt));

    // Noise from the residuals, and the peak of the smoothed signal.
    let (mut residual_sum, mut peak, mut peak_index) = (0.0, f64::NEG_INFINITY, from);
    for i in from..to {
        let s = ring.get(i);
        residual_sum += (s.raw - s.centred).powi(2);
        if s.centred > peak {
            peak = s.centred;
            peak_index = i;
        }
    }
    // A sample is part of its own centred mean: with `k` samples in the
    // window, the residual variance is (1 − 1/k) of the noise variance.
    let per_window = (2.0 * CENTRED_HALF_WINDOW_S.max(1.1 * mean_dt) / mean_dt + 1.0).max(2.0);
    let noise = (residual_sum / count as f64 / (1.0 - 1.0 / per_window)).sqrt();
    result.noise = noise;
    result.peak = peak;
    let excursion = peak - floor;
    if excursion <= 0.0 {
        return result;
    }

    // Plateau: the samples around the peak within a small band below it.
    let band = (PLATEAU_FRACTION * excursion).max(NOISE_MULTIPLE * noise);
    let mut plateau_first = peak_index;
    while plateau_first > from && ring.get(plateau_first - 1).centred >= peak - band {
        plateau_first -= 1;
    }
    let mut plateau_last = peak_index;
    while plateau_last + 1 < to && ring.get(plateau_last + 1).centred >= peak - band {
        plateau_last += 1;
    }
    let (sum, n) = (plateau_first..=plateau_last).fold((0.0, 0.0), |(sum, n), i| {
        (sum + ring.get(i).centred, n + 1.0)
    });
    let plateau = sum / n;
    result.plateau = plateau;
    let excursion = plateau - floor;
    if excursion <= 0.0 {
        return result;
    }
    let delta = (NOISE_MULTIPLE * noise).max(MIN_DELTA_FRACTION * excursion);
    let slope_half = SLOPE_HALF_WINDOW_S.max(1.5 * mean_dt);

    // Anchors: where the lift and the lowering cross the middle of the range.
    let middle = floor + 0.5 * excursion;
    let mut rise = peak_index;
    while rise > from && ring.get(rise).centred >= middle {
        rise -= 1;
    }
    let mut fall = peak_index;
    while fall + 1 < to && ring.get(fall).centred >= middle {
        fall += 1;
    }

    // Lift start: from the middle back to the last sample near the floor.
    let mut i = rise;
    while i > from && ring.get(i).centred > floor + delta {
        i -= 1;
    }
    if ring.get(i).centred <= floor + delta && i < rise {
        let crossing = crossing_time(ring, i, i + 1, floor + delta);
        let v = slope_at(ring, from, to, crossing, slope_half);
        result.start = crossing - extrapolation(onsets.floor, delta, v);
    }
    // Top: from the middle forward to the first sample near the plateau.
    let mut k = rise + 1;
    while k < peak_index && ring.get(k).centred < plateau - delta {
        k += 1;
    }
    if k > rise + 1 || ring.get(rise).centred < plateau - delta {
        let crossing = crossing_time(ring, k - 1, k, plateau - delta);
        let v = slope_at(ring, from, to, crossing, slope_half);
        result.top = crossing + extrapolation(onsets.top, delta, v);
    }
    // Hold end: from the lowering's middle back to the last sample near the plateau.
    let mut j = fall;
    while j > peak_index && ring.get(j).centred < plateau - delta {
        j -= 1;
    }
    if j < fall {
        let crossing = crossing_time(ring, j, j + 1, plateau - delta);
        let v = slope_at(ring, from, to, crossing, slope_half);
        result.hold_end = crossing - extrapolation(onsets.top, delta, v);
    }

    // The floor the rep returns to: the lowest smoothed level after the top.
    let mut end_floor = f64::INFINITY;
    for i in fall..to {
        end_floor = end_floor.min(ring.get(i).centred);
    }
    let end_floor = end_floor.max(floor - excursion);
    let end_delta = (NOISE_MULTIPLE * noise).max(MIN_DELTA_FRACTION * (plateau - end_floor));
    // End: from the lowering's middle forward to the first sample near the floor.
    let mut m = fall;
    while m + 1 < to && ring.get(m).centred > end_floor + end_delta {
        m += 1;
    }
    if m > fall && ring.get(m).centred <= end_floor + end_delta {
        let crossing = crossing_time(ring, m - 1, m, end_floor + end_delta);
        let v = slope_at(ring, from, to, crossing, slope_half);
        result.end = crossing + extrapolation(onsets.floor, end_delta, v);
    }

    // Refine each movement by fitting its eased shape (see `shape`); keep the
    // crossing estimates when the fit fails or lands far from them.
    let near = |fitted: f64, crossing: f64| (fitted - crossing).abs() <= MAX_FIT_SHIFT_S;
    if let Some((began, arrived)) = shape::fit_movement(ring, i, k, floor, plateau)
        && near(began, result.start)
        && near(arrived, result.top)
    {
        result.start = began;
        result.top = arrived;
    }
    if let Some((began, arrived)) = shape::fit_movement(ring, j, m, plateau, end_floor)
        && near(began, result.hold_end)
        && near(arrived, result.end)
    {
        result.hold_end = began;
        result.end = arrived;
    }

    // Keep the boundaries in order; without a plateau, top and hold end meet.
    if result.top > result.hold_end {
        let middle = 0.5 * (result.top + result.hold_end);
        result.top = middle;
        result.hold_end = middle;
    }
    result.start = result.start.min(result.top);
    result.end = result.end.max(result.hold_end);
    result.coverage = coverage(ring, from, to, result.start, result.end);
    result
}

/// Fills each sample's `centred` value: the mean of raw values within `half` seconds.
fn centre_smooth(ring: &mut Ring, from: usize, to: usize, half: f64) {
    let mut low = from;
    let mut high = from;
    let mut sum = 0.0;
    for i in from..to {
        let t = ring.get(i).t;
        while high < to && ring.get(high).t <= t + half {
            sum += ring.get(high).raw;
            high += 1;
        }
        while ring.get(low).t < t - half {
            sum -= ring.get(low).raw;
            low += 1;
        }
        ring.set_centred(i, sum / (high - low) as f64);
    }
}

/// Time where the centred signal crosses `level` between samples `a` and `b`.
fn crossing_time(ring: &Ring, a: usize, b: usize, level: f64) -> f64 {
    let (sa, sb) = (ring.get(a), ring.get(b));
    let dv = sb.centred - sa.centred;
    if dv.abs() < 1e-12 {
        return 0.5 * (sa.t + sb.t);
    }
    let u = ((level - sa.centred) / dv).clamp(0.0, 1.0);
    sa.t + u * (sb.t - sa.t)
}

/// Least-squares slope of the raw signal within `half` seconds of `t`.
fn slope_at(ring: &Ring, from: usize, to: usize, t: f64, half: f64) -> f64 {
    let mut fit = crate::filter::LineFit::default();
    // Samples are in time order: find the window by bisection, then walk it.
    let (mut low, mut high) = (from, to);
    while low < high {
        let middle = (low + high) / 2;
        if ring.get(middle).t < t - half {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    for i in low..to {
        let s = ring.get(i);
        if s.t > t + half {
            break;
        }
        fit.add(s.t, s.raw);
    }
    fit.slope().unwrap_or(0.0)
}

/// How far beyond a level crossing (`delta` from the level, velocity `v`)
/// the movement started or ended.
fn extrapolation(order: f64, delta: f64, v: f64) -> f64 {
    let speed = v.abs();
    if speed < 1e-9 {
        return 0.0;
    }
    (order * delta / speed).min(MAX_EXTRAPOLATION_S)
}

/// Share of `[start, end]` covered by frames, ignoring gaps longer than 0.25 s.
fn coverage(ring: &Ring, from: usize, to: usize, start: f64, end: f64) -> f64 {
    const GAP_S: f64 = 0.25;
    let duration = end - start;
    if duration <= 0.0 {
        return 1.0;
    }
    let mut missing = 0.0;
    for i in from + 1..to {
        let (a, b) = (ring.get(i - 1).t.max(start), ring.get(i).t.min(end));
        if b - a > GAP_S {
            missing += b - a;
        }
    }
    (1.0 - missing / duration).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::super::ring::Sample;
    use super::*;

    fn min_jerk(u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        u * u * u * (10.0 + u * (-15.0 + 6.0 * u))
    }

    /// Rest 1 s, lift 1.5 s (eased), hold 2 s, lower 2.5 s (eased), rest 1 s.
    fn eased(t: f64) -> f64 {
        let (floor, top) = (130.0, 175.0);
        let u = t - 1.0;
        if u < 0.0 {
            floor
        } else if u < 1.5 {
            floor + (top - floor) * min_jerk(u / 1.5)
        } else if u < 3.5 {
            top
        } else {
            top - (top - floor) * min_jerk((u - 3.5) / 2.5)
        }
    }

    #[test]
    fn eased_phases_are_timed_from_the_movement() {
        for fps in [12.0, 30.0] {
            let mut ring = Ring::new();
            let mut t = 0.0;
            let mut k = 0u32;
            while t < 8.0 {
                // Deterministic jitter of ±1°.
                k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = (f64::from(k >> 16) / 65_536.0 - 0.5) * 2.0;
                let value = eased(t) + noise;
                ring.push(Sample {
                    t,
                    raw: value,
                    centred: 0.0,
                });
                t += 1.0 / fps;
            }
            let fallback = Fallback {
                start: 0.0,
                top: 0.0,
                hold_end: 0.0,
                end: 0.0,
            };
            let len = ring.len();
            let onsets = Onsets {
                floor: 2.0,
                top: 2.0,
            };
            let times = phase_times(&mut ring, 0, len, 130.0, fallback, onsets);
            let lift = times.top - times.start;
            let hold = times.hold_end - times.top;
            let lower = times.end - times.hold_end;
            assert!((lift - 1.5).abs() < 0.25, "fps {fps}: lift {lift}");
            assert!((hold - 2.0).abs() < 0.25, "fps {fps}: hold {hold}");
            assert!((lower - 2.5).abs() < 0.25, "fps {fps}: lower {lower}");
            assert!((times.plateau - 175.0).abs() < 1.0);
        }
    }
}
