//! Small streaming filters: a time-constant exponential moving average and a
//! least-squares line accumulator. Both are O(1) per sample and never allocate.

/// Exponential moving average whose weight comes from the time step, so that
/// it smooths the same way at 10 and at 60 samples per second.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ema {
    tau_s: f64,
    state: Option<(f64, f64)>,
}

impl Ema {
    /// A filter with time constant `tau_s` seconds.
    pub(crate) fn new(tau_s: f64) -> Self {
        Self {
            tau_s: tau_s.max(1e-6),
            state: None,
        }
    }

    /// Feeds a sample at time `t`; returns the smoothed value.
    pub(crate) fn update(&mut self, t: f64, value: f64) -> f64 {
        let smoothed = match self.state {
            None => value,
            Some((last_t, last)) => {
                let dt = (t - last_t).max(0.0);
                let weight = 1.0 - (-dt / self.tau_s).exp();
                last + weight * (value - last)
            }
        };
        self.state = Some((t, smoothed));
        smoothed
    }

    /// Forgets the history.
    pub(crate) fn reset(&mut self) {
        self.state = None;
    }
}

/// Running sums for a least-squares line `value = a + b·t`. Times are stored
/// relative to the first sample to keep the sums well conditioned.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineFit {
    origin_t: f64,
    count: usize,
    n: f64,
    sum_t: f64,
    sum_v: f64,
    sum_tt: f64,
    sum_tv: f64,
    sum_vv: f64,
}

impl LineFit {
    /// Adds one sample.
    pub(crate) fn add(&mut self, t: f64, value: f64) {
        if self.count == 0 {
            self.origin_t = t;
        }
        let t = t - self.origin_t;
        self.count += 1;
        self.n += 1.0;
        self.sum_t += t;
        self.sum_v += value;
        self.sum_tt += t * t;
        self.sum_tv += t * value;
        self.sum_vv += value * value;
    }

    /// Number of samples added.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Intercept (at `origin_t`) and slope, if at least two distinct times were added.
    fn coefficients(&self) -> Option<(f64, f64)> {
        if self.count < 2 || self.n <= 0.0 {
            return None;
        }
        let denominator = self.n * self.sum_tt - self.sum_t * self.sum_t;
        if denominator.abs() < 1e-12 {
            return None;
        }
        let slope = (self.n * self.sum_tv - self.sum_t * self.sum_v) / denominator;
        let intercept = (self.sum_v - slope * self.sum_t) / self.n;
        Some((intercept, slope))
    }

    /// The fitted value at `t`.
    pub(crate) fn value_at(&self, t: f64) -> Option<f64> {
        let (intercept, slope) = self.coefficients()?;
        Some(intercept + slope * (t - self.origin_t))
    }

    /// Sum of squared residuals of the fit.
    pub(crate) fn residual(&self) -> Option<f64> {
        let (intercept, slope) = self.coefficients()?;
        // Σ(v − a − b·t)² from the running sums (t relative to the origin).
        let sse = self.sum_vv - 2.0 * intercept * self.sum_v - 2.0 * slope * self.sum_tv
            + self.n * intercept * intercept
            + 2.0 * intercept * slope * self.sum_t
            + slope * slope * self.sum_tt;
        Some(sse.max(0.0))
    }

    /// Slope in value units per second.
    pub(crate) fn slope(&self) -> Option<f64> {
        self.coefficients().map(|(_, slope)| slope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ema_step_response_depends_on_time_not_sample_count() {
        let mut coarse = Ema::new(0.2);
        let mut fine = Ema::new(0.2);
        coarse.update(0.0, 0.0);
        fine.update(0.0, 0.0);
        let mut at_coarse = 0.0;
        for i in 1..=5 {
            at_coarse = coarse.update(i as f64 * 0.1, 1.0);
        }
        let mut at_fine = 0.0;
        for i in 1..=30 {
            at_fine = fine.update(i as f64 / 60.0, 1.0);
        }
        let expected = 1.0 - (-0.5f64 / 0.2).exp();
        assert!((at_coarse - expected).abs() < 1e-9);
        assert!((at_fine - expected).abs() < 1e-9);
    }

    #[test]
    fn line_fit_recovers_the_line() {
        let mut fit = LineFit::default();
        for i in 0..10 {
            let t = 100.0 + i as f64 * 0.1;
            fit.add(t, 3.0 + 2.0 * (t - 100.0));
        }
        assert_eq!(fit.len(), 10);
        assert!((fit.slope().unwrap() - 2.0).abs() < 1e-9);
        assert!((fit.value_at(101.0).unwrap() - 5.0).abs() < 1e-9);
        assert!(fit.residual().unwrap() < 1e-9);
        let mut single = LineFit::default();
        single.add(1.0, 1.0);
        assert!(single.value_at(2.0).is_none());
    }
}
