//! Calibration: the resting level and the person's own range of motion.
//!
//! **Resting level.** Measured while the user lies still: two consecutive
//! half-windows whose means agree. Comparing means (not the range) ignores
//! frame-to-frame jitter, while a slow movement such as lying back still
//! shows as a trend.
//!
//! **Own range.** Reps are judged against the person's own top, not a fixed
//! angle: a runner whose hips stop at 160° still does full reps. The range
//! is the rep's excursion from its floor to its plateau. The set's reference
//! is the highest excursion seen, unless it stands far above the second
//! (`OUTLIER_RATIO`), so that one inflated rep (a tracking error) cannot make
//! the others partial.
//! A rep is full when its excursion reaches `full_rep_fraction` of the
//! reference, or (hip angle) when its top comes within the same margin of
//! the best top of the set or reaches the profile's straight line
//! (`full_rep_hip_angle_deg`) while its floor has crept up (`CREEP_FRACTION`),
//! so that feet sliding away during a set do not make reps partial. When the reference grows, earlier counted reps that now fall
//! short are reclassified as partial (a set may start with a half rep). A
//! prior from earlier sessions ([`PersonalRange`]) judges the first rep
//! before the set has its own reference.

use serde::{Deserialize, Serialize};

/// The top-level rules apply once the floor has crept up by this share of
/// the reference excursion (otherwise a half rep that MediaPipe reads a few
/// degrees high could pass for full).
const CREEP_FRACTION: f64 = 0.15;
/// A highest excursion this many times the second-highest is taken for a
/// tracking error, not the person's range.
const OUTLIER_RATIO: f64 = 1.6;
/// Reps remembered for reclassification (older reps are final).
const REMEMBERED_REPS: usize = 64;
/// Share of a prior excursion that the first rep is judged against (a new
/// camera position changes the angles a little).
const PRIOR_SHARE: f64 = 0.8;

/// A person's range of motion in rep-signal units: for landmarks the signed
/// shoulder–hip–knee angle in degrees, for motion the pelvis tilt from rest
/// in degrees (rest 0). Returned by the engines after a set and accepted by
/// them as a prior for the next session.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PersonalRange {
    /// Resting level (lying, hips down).
    pub rest: f64,
    /// Usual top of a full rep.
    pub top: f64,
}

impl PersonalRange {
    /// Top minus rest.
    pub fn excursion(&self) -> f64 {
        self.top - self.rest
    }
}

/// Two half-windows of samples, for the resting level.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StillWindow {
    start_t: f64,
    sum: f64,
    count: u32,
    previous_mean: Option<f64>,
}

impl StillWindow {
    pub(crate) fn new(t: f64) -> Self {
        Self {
            start_t: t,
            sum: 0.0,
            count: 0,
            previous_mean: None,
        }
    }

    /// Adds a sample; returns the resting level once two consecutive
    /// half-windows of `half_s` agree within `trend_limit`.
    pub(crate) fn add(
        &mut self,
        t: f64,
        signal: f64,
        half_s: f64,
        trend_limit: f64,
    ) -> Option<f64> {
        self.sum += signal;
        self.count += 1;
        if t - self.start_t >= half_s && self.count >= 2 {
            let mean = self.sum / f64::from(self.count);
            if let Some(previous) = self.previous_mean
                && (mean - previous).abs() <= trend_limit
            {
                return Some(0.5 * (mean + previous));
            }
            *self = Self {
                start_t: t,
                sum: 0.0,
                count: 0,
                previous_mean: Some(mean),
            };
        }
        None
    }
}

/// A counted rep that may still be reclassified.
#[derive(Debug, Clone, Copy, Default)]
struct Counted {
    attempt: u32,
    excursion: f64,
    top: Option<f64>,
}

/// The person's own range over the set.
#[derive(Debug, Clone)]
pub(crate) struct OwnRange {
    prior: Option<f64>,
    highest: Option<f64>,
    second: Option<f64>,
    /// Highest top level of a full rep (absolute signals only).
    best_top: Option<f64>,
    /// Lowest floor of a full rep (absolute signals only).
    lowest_floor: Option<f64>,
    /// A top at or above this level is full whatever the excursion (absolute signals only).
    line: Option<f64>,
    reps_seen: u32,
    counted: [Counted; REMEMBERED_REPS],
    counted_len: usize,
}

/// How a finished rep was judged.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judgement {
    pub full: bool,
    /// The rep's excursion minus the best excursion of the set (≤ 0 unless it is the best).
    pub below_best: f64,
    /// The rep's excursion as a fraction of the set's reference.
    pub fraction: f64,
}

impl OwnRange {
    pub(crate) fn new(prior: Option<PersonalRange>, line: Option<f64>) -> Self {
        Self {
            line,
            prior: prior
                .map(|p| p.excursion())
                .filter(|e| e.is_finite() && *e > 0.0),
            highest: None,
            second: None,
            best_top: None,
            lowest_floor: None,
            reps_seen: 0,
            counted: [Counted::default(); REMEMBERED_REPS],
            counted_len: 0,
        }
    }

    /// The reference excursion: the highest of the set, unless it stands
    /// far above the second-highest after three reps (then the second);
    /// with one rep, at least a share of the prior; before any rep, that share.
    pub(crate) fn reference(&self) -> Option<f64> {
        match (self.highest, self.second) {
            (Some(highest), Some(second))
                if self.reps_seen >= 3 && highest > OUTLIER_RATIO * second =>
            {
                Some(second)
            }
            (Some(highest), Some(_)) => Some(highest),
            (Some(highest), None) => Some(match self.prior {
                Some(prior) => highest.max(PRIOR_SHARE * prior),
                None => highest,
            }),
            _ => self.prior.map(|p| PRIOR_SHARE * p),
        }
    }

    /// Whether a rep reaches far enough: its excursion, or (for an absolute
    /// signal) its top level against the best top, when the floor has crept
    /// up during the set (feet sliding away straighten the legs).
    fn reaches(
        &self,
        excursion: f64,
        top: Option<f64>,
        reference: f64,
        full_fraction: f64,
    ) -> bool {
        excursion >= full_fraction * reference
            || (self.crept(excursion, top, reference)
                && (matches!((top, self.best_top), (Some(top), Some(best))
                    if top >= best - (1.0 - full_fraction) * reference)
                    || self.on_line(top)))
    }

    /// Whether this rep's floor lies well above the lowest floor of the set.
    fn crept(&self, excursion: f64, top: Option<f64>, reference: f64) -> bool {
        matches!((top, self.lowest_floor), (Some(top), Some(floor))
            if top - excursion >= floor + CREEP_FRACTION * reference)
    }

    /// Whether the top reaches the straight line.
    fn on_line(&self, top: Option<f64>) -> bool {
        matches!((top, self.line), (Some(top), Some(line)) if top >= line)
    }

    /// Judges a rep of the given excursion and top level (`top` only for an
    /// absolute signal such as the hip angle; at least `min_excursion` to be
    /// full) and reports earlier counted reps that now fall short through
    /// `demote(attempt)`.
    pub(crate) fn judge(
        &mut self,
        attempt: u32,
        excursion: f64,
        top: Option<f64>,
        full_fraction: f64,
        min_excursion: f64,
        mut demote: impl FnMut(u32),
    ) -> Judgement {
        self.reps_seen += 1;
        match self.highest {
            Some(highest) if excursion > highest => {
                self.second = Some(highest);
                self.highest = Some(excursion);
            }
            Some(_) => {
                self.second = Some(self.second.map_or(excursion, |s| s.max(excursion)));
            }
            None => self.highest = Some(excursion),
        }
        let reference = self.reference().unwrap_or(excursion).max(1e-9);
        // A top on the straight line needs less excursion (the floor crept up).
        let on_line = self.on_line(top) && self.crept(excursion, top, reference);
        let enough = excursion >= min_excursion || (on_line && excursion >= 0.5 * min_excursion);
        let full = enough && self.reaches(excursion, top, reference, full_fraction);
        if full && excursion >= full_fraction * reference {
            self.best_top = match (self.best_top, top) {
                (Some(best), Some(top)) => Some(best.max(top)),
                (None, top) => top,
                (best, None) => best,
            };
            let floor = top.map(|top| top - excursion);
            self.lowest_floor = match (self.lowest_floor, floor) {
                (Some(lowest), Some(floor)) => Some(lowest.min(floor)),
                (None, floor) => floor,
                (lowest, None) => lowest,
            };
        }
        // Earlier counted reps that fall short of the grown reference.
        let mut kept = 0;
        for i in 0..self.counted_len {
            let rep = self.counted[i];
            if !self.reaches(rep.excursion, rep.top, reference, full_fraction) {
                demote(rep.attempt);
            } else {
                self.counted[kept] = rep;
                kept += 1;
            }
        }
        self.counted_len = kept;
        if full {
            if self.counted_len == REMEMBERED_REPS {
                self.counted.copy_within(1.., 0);
                self.counted_len -= 1;
            }
            self.counted[self.counted_len] = Counted {
                attempt,
                excursion,
                top,
            };
            self.counted_len += 1;
        }
        Judgement {
            full,
            below_best: excursion - self.highest.unwrap_or(excursion),
            fraction: excursion / reference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(excursions: &[f64], prior: Option<PersonalRange>) -> (Vec<bool>, Vec<u32>) {
        let mut range = OwnRange::new(prior, None);
        let mut demoted = Vec::new();
        let full = excursions
            .iter()
            .enumerate()
            .map(|(i, &e)| {
                range
                    .judge(i as u32 + 1, e, None, 0.7, 10.0, |a| demoted.push(a))
                    .full
            })
            .collect();
        (full, demoted)
    }

    #[test]
    fn a_stiff_runner_counts_against_her_own_top() {
        // Top at 160° from a rest of 135°: 25° of range, every rep full.
        let (full, demoted) = run(&[25.0, 24.0, 26.0, 25.5, 24.5], None);
        assert!(full.iter().all(|&f| f));
        assert!(demoted.is_empty());
    }

    #[test]
    fn a_half_rep_is_partial_and_a_first_half_rep_is_corrected() {
        let (full, demoted) = run(&[40.0, 41.0, 20.0, 40.0], None);
        assert_eq!(full, vec![true, true, false, true]);
        assert!(demoted.is_empty());
        let (full, demoted) = run(&[20.0, 40.0, 41.0], None);
        assert_eq!(full, vec![true, true, true]);
        assert_eq!(demoted, vec![1]);
        let (full, demoted) = run(&[40.0, 20.0, 41.0], None);
        assert_eq!(full, vec![true, false, true]);
        assert!(demoted.is_empty());
    }

    #[test]
    fn one_inflated_rep_does_not_demote_the_others() {
        let (full, demoted) = run(&[30.0, 31.0, 80.0, 30.0], None);
        assert!(full.iter().all(|&f| f));
        assert!(demoted.is_empty());
    }

    #[test]
    fn a_creeping_floor_keeps_reps_full_that_reach_the_top() {
        // Rest 125° → 145° as the feet slide; the top stays at 178°.
        let mut range = OwnRange::new(None, None);
        let reps = [(53.0, 178.0), (45.0, 178.0), (33.0, 178.0), (15.0, 150.0)];
        let full: Vec<bool> = reps
            .iter()
            .enumerate()
            .map(|(i, &(e, top))| {
                range
                    .judge(i as u32 + 1, e, Some(top), 0.7, 10.0, |_| panic!("demoted"))
                    .full
            })
            .collect();
        assert_eq!(full, vec![true, true, true, false]);
    }

    #[test]
    fn a_prior_judges_the_first_rep() {
        let prior = PersonalRange {
            rest: 130.0,
            top: 175.0,
        };
        let (full, _) = run(&[20.0], Some(prior));
        assert_eq!(full, vec![false]);
        let (full, _) = run(&[38.0], Some(prior));
        assert_eq!(full, vec![true]);
    }
}
