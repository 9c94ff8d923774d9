//! Fitting an eased movement between two levels.
//!
//! People start a movement slowly and arrive slowly (a bell-shaped
//! velocity). The family used here is `E(u) = S(u^k)` for a smooth step `S`
//! (smoothstep 3u² − 2u³, close to a cosine ease, or the minimum-jerk
//! polynomial 10u³ − 15u⁴ + 6u⁵) and a skew `k` (slow start and quick
//! arrival, or the reverse). For a movement from level `a` to level `b`
//! between times `t0` and `t0 + D`, each sample in the middle of the range
//! gives `u = E⁻¹((x − a) / (b − a))` and `t = t0 + D · u`: a straight line
//! in `u`, fitted by least squares. The shape with the smallest residual
//! wins; `t0` and `t0 + D` are where the movement began and arrived, with
//! sub-frame precision and without the lag of a smoothing filter.

use super::ring::Ring;
use crate::filter::LineFit;

/// Only samples between these fractions of the movement are fitted (the
/// ends are flat, so noise there says little about time).
const FIT_BAND: (f64, f64) = (0.1, 0.9);
/// Skews tried for each smooth step.
const SKEWS: [f64; 3] = [0.75, 1.0, 1.35];
/// Fewest samples in the band for a fit.
const MIN_SAMPLES: usize = 3;
/// Most samples used for one movement (a stride thins out faster streams).
const MAX_SAMPLES: usize = 48;

#[derive(Debug, Clone, Copy)]
enum Step {
    Smooth,
    MinimumJerk,
}

impl Step {
    fn at(self, u: f64) -> f64 {
        match self {
            Step::Smooth => u * u * (3.0 - 2.0 * u),
            Step::MinimumJerk => u * u * u * (10.0 + u * (-15.0 + 6.0 * u)),
        }
    }

    /// Inverse by bisection (the step is increasing on 0..1).
    fn inverse(self, v: f64) -> f64 {
        let (mut low, mut high) = (0.0, 1.0);
        for _ in 0..24 {
            let middle = 0.5 * (low + high);
            if self.at(middle) < v {
                low = middle;
            } else {
                high = middle;
            }
        }
        0.5 * (low + high)
    }
}

/// Fits the movement held in `ring[first..=last]` from level `from` to level
/// `to`; returns (began, arrived) in stream time.
pub(crate) fn fit_movement(
    ring: &Ring,
    first: usize,
    last: usize,
    from: f64,
    to: f64,
) -> Option<(f64, f64)> {
    let range = to - from;
    if range.abs() < 1e-9 || last >= ring.len() || first >= last {
        return None;
    }
    const STEPS: [Step; 2] = [Step::Smooth, Step::MinimumJerk];
    let mut fits = [[LineFit::default(); SKEWS.len()]; STEPS.len()];
    // At high sample rates every sample is not needed: keep the cost per rep bounded.
    let stride = ((last - first + 1) / MAX_SAMPLES).max(1);
    for i in (first..=last).step_by(stride) {
        let sample = ring.get(i);
        let v = (sample.raw - from) / range;
        if !(FIT_BAND.0..=FIT_BAND.1).contains(&v) {
            continue;
        }
        for (step, row) in STEPS.iter().zip(fits.iter_mut()) {
            let x = step.inverse(v);
            for (skew, fit) in SKEWS.iter().zip(row.iter_mut()) {
                fit.add(x.powf(1.0 / skew), sample.t);
            }
        }
    }
    let mut best: Option<(f64, f64, f64)> = None;
    for fit in fits.iter().flatten() {
        if fit.len() < MIN_SAMPLES {
            return None;
        }
        let (Some(began), Some(arrived), Some(residual)) =
            (fit.value_at(0.0), fit.value_at(1.0), fit.residual())
        else {
            continue;
        };
        if arrived > began && best.is_none_or(|(_, _, r)| residual < r) {
            best = Some((began, arrived, residual));
        }
    }
    best.map(|(began, arrived, _)| (began, arrived))
}

#[cfg(test)]
mod tests {
    use super::super::ring::Sample;
    use super::*;

    #[test]
    fn recovers_the_ends_of_eased_movements() {
        let shapes: [fn(f64) -> f64; 3] = [
            |u| 0.5 - 0.5 * (std::f64::consts::PI * u).cos(),
            |u| Step::MinimumJerk.at(u),
            |u| Step::MinimumJerk.at(u.powf(1.35)),
        ];
        for shape in shapes {
            for fps in [12.0, 30.0] {
                let mut ring = Ring::new();
                let mut t: f64 = 0.0;
                while t < 4.0 {
                    // Rest until 1.0, move from 130 to 175 in 1.6 s, stay.
                    let u = ((t - 1.0) / 1.6).clamp(0.0, 1.0);
                    let value = 130.0 + 45.0 * shape(u);
                    ring.push(Sample {
                        t,
                        raw: value,
                        centred: value,
                    });
                    t += 1.0 / fps;
                }
                let (began, arrived) =
                    fit_movement(&ring, 0, ring.len() - 1, 130.0, 175.0).unwrap();
                assert!((began - 1.0).abs() < 0.08, "fps {fps}: began {began}");
                assert!((arrived - 2.6).abs() < 0.08, "fps {fps}: arrived {arrived}");
            }
        }
    }
}
