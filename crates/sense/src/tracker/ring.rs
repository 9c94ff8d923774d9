//! The tracker's sample memory: a fixed-capacity ring of processed samples
//! and the median-of-three despiker that feeds it.
//!
//! Architecture invariant: the ring reserves its capacity once and drops the
//! oldest sample when full, so pushing never allocates.

use std::collections::VecDeque;

use super::FormSample;

/// Capacity of the sample ring (about 68 s at 60 fps, 340 s at 12 fps).
pub(crate) const RING_CAPACITY: usize = 4096;

/// One processed sample: the raw (despiked) rep signal, plus a centred
/// smoothing filled in when a rep is timed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sample {
    pub t: f64,
    pub raw: f64,
    pub centred: f64,
}

/// Fixed-capacity ring of samples with stable absolute sample numbers.
#[derive(Debug, Clone)]
pub(crate) struct Ring {
    samples: VecDeque<Sample>,
    /// Absolute number of the oldest sample held.
    first: u64,
}

impl Ring {
    pub(crate) fn new() -> Self {
        Self {
            samples: VecDeque::with_capacity(RING_CAPACITY),
            first: 0,
        }
    }

    pub(crate) fn push(&mut self, sample: Sample) {
        if self.samples.len() >= RING_CAPACITY {
            self.samples.pop_front();
            self.first += 1;
        }
        self.samples.push_back(sample);
    }

    /// Absolute number the next pushed sample will get.
    pub(crate) fn next_number(&self) -> u64 {
        self.first + self.samples.len() as u64
    }

    /// Index in the ring of an absolute sample number (clamped to what is held).
    pub(crate) fn index_of(&self, number: u64) -> usize {
        number
            .saturating_sub(self.first)
            .min(self.samples.len() as u64) as usize
    }

    pub(crate) fn len(&self) -> usize {
        self.samples.len()
    }

    pub(crate) fn get(&self, index: usize) -> Sample {
        self.samples[index]
    }

    pub(crate) fn set_centred(&mut self, index: usize, value: f64) {
        self.samples[index].centred = value;
    }
}

/// Median of three consecutive samples, reported at the middle sample's time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Median3 {
    older: Option<(f64, f64, FormSample)>,
    middle: Option<(f64, f64, FormSample)>,
}

impl Median3 {
    pub(crate) fn push(
        &mut self,
        t: f64,
        value: f64,
        form: FormSample,
    ) -> Option<(f64, f64, FormSample)> {
        let output = match (self.older, self.middle) {
            (Some((_, a, _)), Some((tm, b, fm))) => {
                let median = a.max(b).min(a.min(b).max(value));
                Some((tm, median, fm))
            }
            _ => None,
        };
        self.older = self.middle;
        self.middle = Some((t, value, form));
        output
    }

    pub(crate) fn reset(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_keeps_numbers_stable_when_it_wraps() {
        let mut ring = Ring::new();
        for i in 0..(RING_CAPACITY + 10) {
            ring.push(Sample {
                t: i as f64,
                ..Sample::default()
            });
        }
        assert_eq!(ring.len(), RING_CAPACITY);
        assert_eq!(ring.next_number(), (RING_CAPACITY + 10) as u64);
        let index = ring.index_of(20);
        assert_eq!(ring.get(index).t, 20.0);
        assert_eq!(ring.index_of(3), 0, "forgotten samples clamp to the oldest");
    }

    #[test]
    fn median_removes_single_spikes() {
        let mut median = Median3::default();
        let form = FormSample::default();
        assert!(median.push(0.0, 1.0, form).is_none());
        assert!(median.push(0.1, 50.0, form).is_none());
        let (t, value, _) = median.push(0.2, 1.0, form).unwrap();
        assert_eq!((t, value), (0.1, 1.0));
    }
}
