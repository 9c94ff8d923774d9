//! The rep state machine shared by pose and motion input (classification of
//! the stream into phases).
//!
//! Input: one scalar rep signal per valid sample (degrees; larger = hips
//! higher), whether the user is in position, and per-sample form measures.
//! Phases: `Calibrating → Rest → Lift → Top → Lower → Rest`, with hysteresis
//! between every pair of thresholds and a minimum dwell on the noisy
//! transitions (research §0, §7.5). The thresholds are fractions of the
//! person's own range (`calibration`). A rep is counted once it is back
//! down and has settled (or the next rep starts, or `MAX_SETTLE_S` passed):
//! only then is its whole movement known, and its phases are timed from the
//! movement itself (`timing`) and judged (`flags`).
//!
//! Exercise thresholds come from the [`ExerciseProfile`]; the constants below
//! belong to the estimator itself and do not change between exercises.
//!
//! Architecture invariant: no allocation after construction (the sample
//! ring and the table of counted reps are reserved once and never grow).

mod calibration;
mod flags;
mod ring;
mod shape;
mod timing;

pub use calibration::PersonalRange;
pub use timing::EstimatorLag;

use crate::events::{Cue, Event, RepFlags, RepRecord, SetSummary};
use crate::filter::Ema;
use crate::profile::ExerciseProfile;
use calibration::{OwnRange, StillWindow};
use ring::{Median3, Ring, Sample};
use timing::Fallback;

/// Share of the nominal ROM that scales the thresholds before the first
/// rep (cautious: a small-ROM user still reaches the top band).
const UNCALIBRATED_ROM_SHARE: f64 = 0.6;
/// Pose ROM assumed while the resting angle is not yet known, degrees
/// (research §2.1: bottom ≈ 120–128°, top ≈ 162–175°).
const POSE_ROM_BEFORE_REST_DEG: f64 = 50.0;
/// Below the resting level by this ROM fraction, the resting level follows
/// quickly (the calibration caught a slightly raised pose).
const BELOW_REST_FRACTION: f64 = 0.1;
/// The signal counts as still while it stays within this ROM fraction.
const STILL_BAND_FRACTION: f64 = 0.05;
/// Time constants for following a drifting resting level, seconds.
const REST_TRACK_TAU_S: (f64, f64) = (3.0, 0.4);
/// A rep's sample window starts this long before it left the bottom band.
const PRE_ROLL_S: f64 = 1.0;
/// After returning to the bottom band, a rep is timed once the signal has
/// been still this long...
const SETTLE_STILL_S: f64 = 0.35;
/// ...or at the latest this long after the return.
const MAX_SETTLE_S: f64 = 1.5;
/// Excursions below this share of the nominal pose ROM (or of the nominal
/// motion tilt) are never full reps.
const MIN_EXCURSION_SHARE_OF_NOMINAL_MOTION: f64 = 0.3;
/// Reps remembered for reclassification.
const RECORD_SLOTS: usize = 64;

/// How the nominal top is known before calibration.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NominalTop {
    /// The rep signal has an absolute top value (pose: the hip angle).
    Absolute(f64),
    /// Only the size of the rise is known (motion: tilt from rest).
    Rise(f64),
}

/// Per-sample form measures, already made relative by the caller; `None`
/// when the view does not allow the measure.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FormSample {
    /// Pelvis drop or rotation since rest, degrees.
    pub pelvis_deg: Option<f64>,
    /// Relative change of the knee spread since rest.
    pub knee_spread_change: Option<f64>,
    /// Foot movement since the set started, in torso lengths.
    pub foot_drift: Option<f64>,
}

/// Limits for the form measures, taken from the profile by the caller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormLimits {
    pub pelvis_deg: f64,
    pub knee_spread_change: f64,
    pub foot_drift: f64,
}

/// Coarse phase of the tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Calibrating,
    Rest,
    Lift,
    Top,
    Lower,
}

#[derive(Debug, Clone, Copy, Default)]
struct RepInProgress {
    bottom: f64,
    /// Absolute sample number where the rep's window starts.
    first_sample: u64,
    start_cross_t: f64,
    top_enter_t: Option<f64>,
    top_leave_t: Option<f64>,
    peak: f64,
    peak_t: f64,
    trough: f64,
    trough_t: f64,
    max_pelvis_deg: f64,
    max_knee_spread_change: f64,
    max_foot_drift: f64,
    /// Where and since when the smoothed signal has been nearly still.
    still_level: f64,
    still_since: f64,
}

/// A rep back at the bottom, waiting for the signal to settle before it is timed.
#[derive(Debug, Clone, Copy)]
struct Closing {
    rep: RepInProgress,
    returned_t: f64,
    /// Window end (absolute sample number, exclusive) for a touch-and-go rep.
    until_sample: Option<u64>,
    still_level: f64,
    still_since: f64,
}

/// The state machine. Create one per set.
#[derive(Debug, Clone)]
pub(crate) struct RepTracker {
    profile: ExerciseProfile,
    nominal: NominalTop,
    limits: FormLimits,
    smoother: Ema,
    phase: Phase,
    bottom: f64,
    own: OwnRange,
    still: Option<StillWindow>,
    pending_since: Option<f64>,
    out_of_position_since: Option<f64>,
    last_t: Option<f64>,
    last_processed_t: Option<f64>,
    despiker: Median3,
    attempt: u32,
    rep: RepInProgress,
    closing: Option<Closing>,
    /// Sample number where the last rep's window ended (the next may not start before).
    last_rep_end_sample: u64,
    history: Ring,
    lag: EstimatorLag,
    records: [Option<RepRecord>; RECORD_SLOTS],
    summary: SetSummary,
    sum_lift: f64,
    sum_hold: f64,
    sum_lower: f64,
}

impl RepTracker {
    pub(crate) fn new(
        profile: &ExerciseProfile,
        nominal: NominalTop,
        limits: FormLimits,
        prior: Option<PersonalRange>,
    ) -> Self {
        Self {
            profile: profile.clone(),
            nominal,
            limits,
            smoother: Ema::new(profile.smoothing_tau_s),
            phase: Phase::Calibrating,
            bottom: 0.0,
            own: OwnRange::new(
                prior,
                matches!(nominal, NominalTop::Absolute(_))
                    .then_some(profile.full_rep_hip_angle_deg),
            ),
            still: None,
            pending_since: None,
            out_of_position_since: None,
            last_t: None,
            last_processed_t: None,
            despiker: Median3::default(),
            attempt: 0,
            rep: RepInProgress::default(),
            closing: None,
            last_rep_end_sample: 0,
            history: Ring::new(),
            lag: EstimatorLag::NONE,
            records: [None; RECORD_SLOTS],
            summary: SetSummary::default(),
            sum_lift: 0.0,
            sum_hold: 0.0,
            sum_lower: 0.0,
        }
    }

    /// Sets the delay of the estimator that produced the signal (see [`EstimatorLag`]).
    pub(crate) fn set_lag(&mut self, lag: EstimatorLag) {
        self.lag = lag;
    }

    pub(crate) fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether a resting level has been measured since the last repositioning.
    pub(crate) fn is_calibrated(&self) -> bool {
        self.phase != Phase::Calibrating
    }

    /// The person's range as measured in this set (the best excursion), if any rep was seen.
    pub(crate) fn personal_range(&self) -> Option<PersonalRange> {
        let best = self.own.reference()?;
        let rest = match self.nominal {
            NominalTop::Absolute(_) => self.bottom,
            NominalTop::Rise(_) => 0.0,
        };
        Some(PersonalRange {
            rest,
            top: rest + best,
        })
    }

    /// Nominal ROM in signal units (before any rep).
    fn nominal_rom(&self) -> f64 {
        match self.nominal {
            NominalTop::Absolute(top) if self.phase != Phase::Calibrating => {
                (top - self.bottom).max(self.profile.min_rom_deg)
            }
            NominalTop::Absolute(_) => POSE_ROM_BEFORE_REST_DEG,
            NominalTop::Rise(rise) => rise,
        }
    }

    /// The ROM that scales the thresholds: the person's own, or a cautious share of the nominal one.
    fn band_rom(&self) -> f64 {
        self.own
            .reference()
            .map(|own| own.max(self.min_excursion()))
            .unwrap_or_else(|| UNCALIBRATED_ROM_SHARE * self.nominal_rom())
    }

    /// The smallest excursion that can be a full rep.
    fn min_excursion(&self) -> f64 {
        match self.nominal {
            NominalTop::Absolute(_) => self.profile.min_rom_deg,
            NominalTop::Rise(rise) => MIN_EXCURSION_SHARE_OF_NOMINAL_MOTION * rise,
        }
    }

    /// Feeds one sample that the caller judged usable. `in_position` false
    /// means the body is not in the exercise position (standing, sitting).
    pub(crate) fn push(
        &mut self,
        t: f64,
        signal: f64,
        in_position: bool,
        form: FormSample,
        sink: &mut impl FnMut(Event),
    ) {
        if !t.is_finite() || !signal.is_finite() || self.last_t.is_some_and(|last| t <= last) {
            return;
        }
        self.last_t = Some(t);

        if !in_position {
            let since = *self.out_of_position_since.get_or_insert(t);
            if t - since >= self.profile.out_of_position_s && self.phase != Phase::Calibrating {
                self.close_pending(sink);
                self.abandon(t, sink);
                self.phase = Phase::Calibrating;
                self.still = None;
                self.smoother.reset();
                self.despiker.reset();
            }
            return;
        }
        self.out_of_position_since = None;

        // A median of three removes single-frame glitches before anything else;
        // the pipeline then runs one frame behind, on the middle sample.
        let Some((t, signal, form)) = self.despiker.push(t, signal, form) else {
            return;
        };
        let dt = self
            .last_processed_t
            .map_or(0.0, |last| (t - last).max(0.0));
        self.last_processed_t = Some(t);

        let smoothed = self.smoother.update(t, signal);
        self.history.push(Sample {
            t,
            raw: signal,
            centred: smoothed,
        });
        match self.phase {
            Phase::Calibrating => self.calibrate(t, signal),
            Phase::Rest => self.rest(t, dt, smoothed, sink),
            Phase::Lift | Phase::Top | Phase::Lower => self.moving(t, smoothed, form, sink),
        }
    }

    /// Measures the resting level (see `calibration`).
    fn calibrate(&mut self, t: f64, signal: f64) {
        let trend_limit = self.profile.still_band_fraction * self.nominal_rom();
        let half_s = self.profile.calibration_s / 2.0;
        let window = self.still.get_or_insert(StillWindow::new(t));
        if let Some(level) = window.add(t, signal, half_s, trend_limit) {
            self.bottom = level;
            self.phase = Phase::Rest;
            self.pending_since = None;
            self.rep = RepInProgress::default();
            self.still = None;
        }
    }

    fn rest(&mut self, t: f64, dt: f64, smoothed: f64, sink: &mut impl FnMut(Event)) {
        let rom = self.band_rom();
        let rise = smoothed - self.bottom;
        if rise < self.profile.enter_bottom_fraction * rom {
            // Follow a slowly drifting resting level; follow faster when the
            // signal sits clearly below it (the calibration caught a raised pose).
            let tau = if rise < -BELOW_REST_FRACTION * rom {
                REST_TRACK_TAU_S.1
            } else {
                REST_TRACK_TAU_S.0
            };
            self.bottom += (1.0 - (-dt / tau).exp()) * (smoothed - self.bottom);
        }
        if let Some(closing) = &mut self.closing {
            if (smoothed - closing.still_level).abs() > STILL_BAND_FRACTION * rom {
                closing.still_level = smoothed;
                closing.still_since = t;
            }
            if t - closing.still_since >= SETTLE_STILL_S || t - closing.returned_t >= MAX_SETTLE_S {
                self.close_pending(sink);
            }
        }
        if rise > self.profile.leave_bottom_fraction * rom {
            let since = *self.pending_since.get_or_insert(t);
            if t - since >= self.profile.min_dwell_s {
                self.close_pending(sink);
                self.start_rep(t, since, smoothed, None, sink);
            }
        } else {
            self.pending_since = None;
        }
    }

    fn moving(&mut self, t: f64, smoothed: f64, form: FormSample, sink: &mut impl FnMut(Event)) {
        let rom = self.band_rom();
        let rise = smoothed - self.rep.bottom;
        if smoothed > self.rep.peak {
            self.rep.peak = smoothed;
            self.rep.peak_t = t;
        }
        if let Some(drift) = form.foot_drift {
            self.rep.max_foot_drift = self.rep.max_foot_drift.max(drift);
        }
        if (smoothed - self.rep.still_level).abs() > STILL_BAND_FRACTION * rom {
            self.rep.still_level = smoothed;
            self.rep.still_since = t;
        }
        let still_for = t - self.rep.still_since;
        let enter_top = self.profile.enter_top_fraction * rom;
        match self.phase {
            Phase::Lift => {
                if rise >= enter_top {
                    self.enter_top(t, sink);
                } else if smoothed < self.rep.peak - self.profile.reversal_fraction * rom {
                    if self.dwell_passed(t) {
                        self.phase = Phase::Lower;
                        self.rep.trough = smoothed;
                        self.rep.trough_t = t;
                    }
                } else {
                    self.pending_since = None;
                }
            }
            Phase::Top => {
                if let Some(pelvis) = form.pelvis_deg {
                    self.rep.max_pelvis_deg = self.rep.max_pelvis_deg.max(pelvis);
                }
                if let Some(knees) = form.knee_spread_change {
                    self.rep.max_knee_spread_change = self.rep.max_knee_spread_change.max(knees);
                }
                if rise < self.profile.leave_top_fraction * rom {
                    if self.dwell_passed(t) {
                        self.phase = Phase::Lower;
                        self.rep.trough = smoothed;
                        self.rep.trough_t = t;
                        self.rep.top_leave_t = Some(t);
                        let in_top_band_s = self.rep.top_enter_t.map_or(0.0, |enter| t - enter);
                        sink(Event::TopHoldEnded {
                            t,
                            attempt: self.attempt,
                            in_top_band_s,
                        });
                    }
                } else {
                    self.pending_since = None;
                }
            }
            Phase::Lower => {
                if smoothed < self.rep.trough {
                    self.rep.trough = smoothed;
                    self.rep.trough_t = t;
                }
                let trough_rise = self.rep.trough - self.rep.bottom;
                // Came most of the way down and went back up: a new rep
                // (also after a partial one that never reached the top).
                if trough_rise <= self.profile.settle_fraction * rom
                    && smoothed > self.rep.trough + self.profile.reversal_fraction * rom
                {
                    self.touch_and_go(t, smoothed, sink);
                } else if rise >= enter_top {
                    // Went back up: the lowering so far was a wobble.
                    self.pending_since = None;
                    self.enter_top(t, sink);
                } else if self.rep.top_enter_t.is_none()
                    && smoothed > self.rep.trough + self.profile.reversal_fraction * rom
                {
                    self.pending_since = None;
                    self.phase = Phase::Lift;
                } else if rise <= self.profile.enter_bottom_fraction * rom {
                    if self.dwell_passed(t) {
                        let since = self.pending_since.unwrap_or(t);
                        self.pending_since = None;
                        self.returned(since, smoothed, None);
                    }
                } else if rise <= self.profile.settle_fraction * rom
                    && still_for >= self.profile.settle_s
                {
                    // Settled low but above the old resting level (the feet
                    // slid, the user shifted): the rep is over, and this is
                    // the new resting level.
                    let since = self.rep.still_since;
                    self.pending_since = None;
                    self.returned(since, smoothed, None);
                    self.bottom = smoothed;
                } else {
                    self.pending_since = None;
                }
            }
            Phase::Calibrating | Phase::Rest => {}
        }
    }

    fn enter_top(&mut self, t: f64, sink: &mut impl FnMut(Event)) {
        self.phase = Phase::Top;
        self.pending_since = None;
        if self.rep.top_enter_t.is_none() {
            self.rep.top_enter_t = Some(t);
            sink(Event::TopReached {
                t,
                attempt: self.attempt,
            });
        } else {
            self.rep.top_leave_t = None;
        }
    }

    /// Starts or checks the dwell timer for the transition being considered.
    fn dwell_passed(&mut self, t: f64) -> bool {
        let since = *self.pending_since.get_or_insert(t);
        t - since >= self.profile.min_dwell_s
    }

    fn abandon(&mut self, t: f64, sink: &mut impl FnMut(Event)) {
        if matches!(self.phase, Phase::Lift | Phase::Top | Phase::Lower) {
            self.summary.abandoned += 1;
            sink(Event::RepAbandoned {
                t,
                attempt: self.attempt,
            });
        }
        self.pending_since = None;
    }

    /// A rep attempt begins: its sample window starts a little before.
    fn start_rep(
        &mut self,
        t: f64,
        since: f64,
        smoothed: f64,
        first_sample: Option<u64>,
        sink: &mut impl FnMut(Event),
    ) {
        self.attempt += 1;
        let first_sample = first_sample.unwrap_or_else(|| {
            self.sample_number_at(since - PRE_ROLL_S)
                .max(self.last_rep_end_sample)
        });
        self.rep = RepInProgress {
            bottom: self.bottom,
            first_sample,
            start_cross_t: since,
            peak: smoothed,
            peak_t: t,
            trough: smoothed,
            trough_t: t,
            still_level: smoothed,
            still_since: t,
            ..RepInProgress::default()
        };
        self.phase = Phase::Lift;
        self.pending_since = None;
        sink(Event::RepStarted {
            t,
            attempt: self.attempt,
        });
    }

    /// The rep is back down: it is timed once the signal settles.
    fn returned(&mut self, since: f64, smoothed: f64, until_sample: Option<u64>) {
        self.phase = Phase::Rest;
        self.closing = Some(Closing {
            rep: self.rep,
            returned_t: since,
            until_sample,
            still_level: smoothed,
            still_since: since,
        });
        self.rep = RepInProgress::default();
    }

    /// The hips went back up from a low trough without reaching the bottom
    /// band: the rep ends at the trough, whose level becomes the resting
    /// level, and the next rep starts from there.
    fn touch_and_go(&mut self, t: f64, smoothed: f64, sink: &mut impl FnMut(Event)) {
        let (trough, trough_t) = (self.rep.trough, self.rep.trough_t);
        let trough_sample = self.sample_number_at(trough_t);
        self.pending_since = None;
        self.returned(trough_t, trough, Some(trough_sample + 1));
        self.close_pending(sink);
        self.bottom = trough;
        self.start_rep(t, trough_t, smoothed, Some(trough_sample), sink);
    }

    /// Absolute number of the first sample at or after `t` still held.
    fn sample_number_at(&self, t: f64) -> u64 {
        let mut index = self.history.len();
        while index > 0 && self.history.get(index - 1).t >= t {
            index -= 1;
        }
        self.history.next_number() - (self.history.len() - index) as u64
    }

    /// Times, judges and reports the rep waiting to settle, if any.
    fn close_pending(&mut self, sink: &mut impl FnMut(Event)) {
        let Some(closing) = self.closing.take() else {
            return;
        };
        let now = self.last_processed_t.unwrap_or(closing.returned_t);
        let rep = closing.rep;
        let end_sample = closing
            .until_sample
            .unwrap_or_else(|| self.history.next_number());
        self.last_rep_end_sample = match closing.until_sample {
            Some(until) => until.saturating_sub(1),
            None => self.sample_number_at(closing.returned_t),
        };
        let from = self.history.index_of(rep.first_sample);
        let to = self.history.index_of(end_sample);
        let fallback = Fallback {
            start: rep.start_cross_t,
            top: rep.top_enter_t.unwrap_or(rep.peak_t),
            hold_end: rep
                .top_leave_t
                .unwrap_or(rep.peak_t)
                .max(rep.top_enter_t.unwrap_or(rep.peak_t)),
            end: closing.returned_t,
        };
        let onsets = timing::Onsets {
            floor: self.profile.onset_order_floor,
            top: self.profile.onset_order_top,
        };
        let timing = self.lag.remove_from(timing::phase_times(
            &mut self.history,
            from,
            to,
            rep.bottom,
            fallback,
            onsets,
        ));
        if timing.end - timing.start < self.profile.min_rep_duration_s {
            self.summary.abandoned += 1;
            sink(Event::RepAbandoned {
                t: now,
                attempt: self.attempt,
            });
            return;
        }
        let excursion = (timing.plateau - rep.bottom).max(0.0);
        let attempt = self.attempt;
        let mut demoted = [0u32; RECORD_SLOTS];
        let mut demoted_len = 0;
        let absolute = matches!(self.nominal, NominalTop::Absolute(_));
        let judgement = self.own.judge(
            attempt,
            excursion,
            absolute.then_some(timing.plateau),
            self.profile.full_rep_fraction,
            self.min_excursion(),
            |earlier| {
                if demoted_len < RECORD_SLOTS {
                    demoted[demoted_len] = earlier;
                    demoted_len += 1;
                }
            },
        );
        for &earlier in &demoted[..demoted_len] {
            self.demote(earlier, sink);
        }

        let hold = timing.hold_end - timing.top;
        let lower = timing.end - timing.hold_end;
        let flags = flags::flags(
            &self.profile,
            &self.limits,
            &flags::RepMeasures {
                full: judgement.full,
                fraction_of_own: judgement.fraction,
                absolute_top: absolute.then_some(timing.plateau),
                absolute_peak: absolute.then_some(timing.peak),
                hold_s: hold,
                lower_s: lower,
                max_pelvis_deg: rep.max_pelvis_deg,
                max_knee_spread_change: rep.max_knee_spread_change,
                max_foot_drift: rep.max_foot_drift,
            },
        );
        let confidence = confidence(excursion, timing.noise, timing.coverage);
        let record = RepRecord {
            attempt,
            start_s: timing.start,
            top_s: timing.top,
            hold_end_s: timing.hold_end,
            end_s: timing.end,
            lift_s: timing.top - timing.start,
            hold_s: hold,
            lower_s: lower,
            peak_hip_extension_deg: absolute.then_some(timing.peak),
            peak_pelvis_tilt_deg: (!absolute).then_some(excursion),
            rom_fraction: judgement.fraction,
            top_vs_best: judgement.below_best,
            confidence,
            flags,
        };
        if judgement.full {
            self.records[attempt as usize % RECORD_SLOTS] = Some(record);
            self.summary.reps += 1;
            self.sum_lift += record.lift_s;
            self.sum_hold += record.hold_s;
            self.sum_lower += record.lower_s;
            sink(Event::RepCompleted(record));
        } else {
            self.summary.partial_reps += 1;
            sink(Event::PartialRep(record));
        }
        for (index, cue) in Cue::ALL.iter().enumerate() {
            if flags.contains(cue.flag()) {
                self.summary.cue_counts[index] += 1;
                sink(Event::Cue { t: now, cue: *cue });
            }
        }
    }

    /// An earlier counted rep falls short of the person's grown range: it
    /// is re-reported as partial and the count goes down.
    fn demote(&mut self, attempt: u32, sink: &mut impl FnMut(Event)) {
        let slot = attempt as usize % RECORD_SLOTS;
        let Some(mut record) = self.records[slot].take().filter(|r| r.attempt == attempt) else {
            return;
        };
        record.flags.insert(RepFlags::PARTIAL);
        for (index, cue) in Cue::ALL.iter().enumerate() {
            let flag = cue.flag();
            // Partial reps ask for higher hips; tempo cues are for full reps only.
            match cue {
                Cue::HipsNotHighEnough if !record.flags.contains(flag) => {
                    record.flags.insert(flag);
                    self.summary.cue_counts[index] += 1;
                }
                Cue::NoHoldAtTop | Cue::LoweringTooFast if record.flags.contains(flag) => {
                    record.flags.remove(flag);
                    self.summary.cue_counts[index] =
                        self.summary.cue_counts[index].saturating_sub(1);
                }
                _ => {}
            }
        }
        self.summary.reps = self.summary.reps.saturating_sub(1);
        self.summary.partial_reps += 1;
        self.sum_lift -= record.lift_s;
        self.sum_hold -= record.hold_s;
        self.sum_lower -= record.lower_s;
        sink(Event::RepReclassified(record));
    }

    /// Closes the stream: a rep waiting to settle is reported, one still in
    /// progress is abandoned. Returns the totals.
    pub(crate) fn finish(&mut self, sink: &mut impl FnMut(Event)) -> SetSummary {
        let t = self.last_t.unwrap_or(0.0);
        self.close_pending(sink);
        self.abandon(t, sink);
        if matches!(self.phase, Phase::Lift | Phase::Top | Phase::Lower) {
            self.phase = Phase::Rest;
        }
        self.summary()
    }

    /// Totals so far.
    pub(crate) fn summary(&self) -> SetSummary {
        let mut summary = self.summary;
        if summary.reps > 0 {
            let n = f64::from(summary.reps);
            summary.mean_lift_s = Some(self.sum_lift / n);
            summary.mean_hold_s = Some(self.sum_hold / n);
            summary.mean_lower_s = Some(self.sum_lower / n);
        }
        summary
    }
}

/// Confidence in a rep's timing and count, 0..1: high when the rep's
/// excursion is large against the signal noise and frames cover the rep.
fn confidence(excursion: f64, noise: f64, coverage: f64) -> f64 {
    if excursion <= 0.0 {
        return 0.0;
    }
    let clarity = (1.0 - 4.0 * noise / excursion).clamp(0.0, 1.0);
    (clarity * coverage).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests;
