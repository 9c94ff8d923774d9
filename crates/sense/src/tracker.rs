//! The rep state machine shared by pose and motion input.
//!
//! Input: one scalar rep signal per valid sample (degrees; larger = hips
//! higher), whether the user is in position, and per-sample form measures.
//! Phases: `Calibrating → Rest → Lift → Top → Lower → Rest`, with hysteresis
//! between every pair of thresholds, a minimum dwell on the noisy
//! transitions and a minimum rep duration (research §0, §7.5). A rep is
//! counted when it returns to the bottom band.
//!
//! Phase timings are not read off threshold crossings (those shift with the
//! thresholds). Instead the raw samples inside the middle of the lift and of
//! the lowering are fitted with least-squares lines; the lift starts where
//! the lift line meets the resting level, the top is reached where it meets
//! the plateau level, and likewise for the lowering. Fitting raw samples
//! avoids the smoothing lag, and the result does not depend on frame rate.
//!
//! A pause part-way splits a lowering into two runs: the hold end is timed
//! from the first run and the end from the last, so the pause counts as
//! lowering time.
//!
//! Exercise thresholds come from the [`ExerciseProfile`]; the constants below
//! belong to the estimator itself and do not change between exercises.
//!
//! Architecture invariant: no allocation after construction (two sample
//! rings are reserved once and never grow).

use crate::events::{Cue, Event, RepFlags, RepRecord, SetSummary};
use crate::filter::{Ema, LineFit};
use crate::profile::ExerciseProfile;

/// Capacity of each sample ring (about 68 s at 60 fps).
const RING_CAPACITY: usize = 4096;
/// A run of samples stalls when the signal moves less than this fraction of
/// the rep's excursion for `STALL_S` seconds (a pause part-way).
const STALL_FRACTION: f64 = 0.03;
/// See `STALL_FRACTION`.
const STALL_S: f64 = 0.35;
/// The lines are fitted on samples between these fractions of the rep's excursion.
const FIT_BAND: (f64, f64) = (0.15, 0.85);
/// Share of the nominal ROM that scales the thresholds before the first
/// full rep calibrates it (cautious: a small-ROM user still reaches the top band).
const UNCALIBRATED_ROM_SHARE: f64 = 0.75;
/// Pose ROM assumed while the resting angle is not yet known, degrees
/// (research §2.1: bottom ≈ 120–128°, top ≈ 162–175°).
const POSE_ROM_BEFORE_REST_DEG: f64 = 50.0;
/// Below the resting level by this ROM fraction, the resting level follows
/// quickly (the calibration caught a slightly raised pose).
const BELOW_REST_FRACTION: f64 = 0.1;
/// The signal counts as still while it stays within this ROM fraction.
const STILL_BAND_FRACTION: f64 = 0.05;
/// Weight of a new full rep in the calibrated ROM when it is smaller.
const ROM_UPDATE_WEIGHT: f64 = 0.3;
/// Weight of a new full rep in the calibrated ROM when it is larger.
const ROM_GROW_WEIGHT: f64 = 0.7;
/// Time constants for following a drifting resting level, seconds.
const REST_TRACK_TAU_S: (f64, f64) = (3.0, 0.4);

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

#[derive(Debug, Clone, Copy)]
struct StillWindow {
    start_t: f64,
    sum: f64,
    count: u32,
    previous_mean: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default)]
struct RepInProgress {
    bottom: f64,
    start_cross_t: f64,
    top_enter_t: Option<f64>,
    top_leave_t: Option<f64>,
    peak: f64,
    peak_t: f64,
    trough: f64,
    trough_t: f64,
    /// Set when the rep ends at its trough (touch and go) rather than in the bottom band.
    end_level: Option<f64>,
    top_sum: f64,
    top_count: u32,
    max_pelvis_deg: f64,
    max_knee_spread_change: f64,
    max_foot_drift: f64,
    /// Where and since when the smoothed signal has been nearly still.
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
    calibrated_rom: Option<f64>,
    still: Option<StillWindow>,
    pending_since: Option<f64>,
    out_of_position_since: Option<f64>,
    last_t: Option<f64>,
    last_processed_t: Option<f64>,
    despiker: Median3,
    attempt: u32,
    provisional_first: Option<ProvisionalRep>,
    rep: RepInProgress,
    /// Samples while resting and lifting (the lift line is fitted on these).
    rise_ring: Ring,
    /// Samples at the top and while lowering.
    fall_ring: Ring,
    summary: SetSummary,
    sum_lift: f64,
    sum_hold: f64,
    sum_lower: f64,
}

impl RepTracker {
    pub(crate) fn new(profile: &ExerciseProfile, nominal: NominalTop, limits: FormLimits) -> Self {
        Self {
            profile: profile.clone(),
            nominal,
            limits,
            smoother: Ema::new(profile.smoothing_tau_s),
            phase: Phase::Calibrating,
            bottom: 0.0,
            calibrated_rom: None,
            still: None,
            pending_since: None,
            out_of_position_since: None,
            last_t: None,
            last_processed_t: None,
            despiker: Median3::default(),
            attempt: 0,
            provisional_first: None,
            rep: RepInProgress::default(),
            rise_ring: Ring::new(),
            fall_ring: Ring::new(),
            summary: SetSummary::default(),
            sum_lift: 0.0,
            sum_hold: 0.0,
            sum_lower: 0.0,
        }
    }

    pub(crate) fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether a resting level has been measured since the last repositioning.
    pub(crate) fn is_calibrated(&self) -> bool {
        self.phase != Phase::Calibrating
    }

    /// Nominal ROM in signal units (before any full rep).
    fn nominal_rom(&self) -> f64 {
        match self.nominal {
            NominalTop::Absolute(top) if self.phase != Phase::Calibrating => {
                (top - self.bottom).max(self.profile.min_rom_deg)
            }
            NominalTop::Absolute(_) => POSE_ROM_BEFORE_REST_DEG,
            NominalTop::Rise(rise) => rise,
        }
    }

    /// The ROM that scales the thresholds: calibrated, or a cautious share of the nominal one.
    fn band_rom(&self) -> f64 {
        self.calibrated_rom
            .unwrap_or_else(|| UNCALIBRATED_ROM_SHARE * self.nominal_rom())
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
        match self.phase {
            Phase::Calibrating => self.calibrate(t, signal),
            Phase::Rest => self.rest(t, dt, signal, smoothed, sink),
            Phase::Lift | Phase::Top | Phase::Lower => self.moving(t, signal, smoothed, form, sink),
        }
    }

    /// Measures the resting level: two consecutive half-windows whose means
    /// agree. Comparing means (not the range) ignores frame-to-frame jitter,
    /// while a slow movement such as lying back still shows as a trend.
    fn calibrate(&mut self, t: f64, signal: f64) {
        let trend_limit = self.profile.still_band_fraction * self.nominal_rom();
        let half_s = self.profile.calibration_s / 2.0;
        let mut window = self.still.unwrap_or(StillWindow {
            start_t: t,
            sum: 0.0,
            count: 0,
            previous_mean: None,
        });
        window.sum += signal;
        window.count += 1;
        if t - window.start_t >= half_s && window.count >= 2 {
            let mean = window.sum / f64::from(window.count);
            if let Some(previous) = window.previous_mean
                && (mean - previous).abs() <= trend_limit
            {
                self.bottom = 0.5 * (mean + previous);
                self.phase = Phase::Rest;
                self.pending_since = None;
                self.rep = RepInProgress::default();
                self.still = None;
                return;
            }
            window = StillWindow {
                start_t: t,
                sum: 0.0,
                count: 0,
                previous_mean: Some(mean),
            };
        }
        self.still = Some(window);
    }

    fn rest(&mut self, t: f64, dt: f64, signal: f64, smoothed: f64, sink: &mut impl FnMut(Event)) {
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
        self.rise_ring.push(Sample {
            t,
            raw: signal,
            smoothed,
        });
        let band_rise = smoothed - self.bottom;
        if band_rise > self.profile.leave_bottom_fraction * rom {
            let since = *self.pending_since.get_or_insert(t);
            if t - since >= self.profile.min_dwell_s {
                self.start_rep(t, since, smoothed, sink);
            }
        } else {
            self.pending_since = None;
        }
    }

    fn moving(
        &mut self,
        t: f64,
        signal: f64,
        smoothed: f64,
        form: FormSample,
        sink: &mut impl FnMut(Event),
    ) {
        let rom = self.band_rom();
        let rise = smoothed - self.rep.bottom;
        let sample = Sample {
            t,
            raw: signal,
            smoothed,
        };
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
                self.rise_ring.push(sample);
                if rise >= enter_top {
                    self.enter_top(sample, sink);
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
                self.fall_ring.push(sample);
                self.rep.top_sum += signal;
                self.rep.top_count += 1;
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
                self.fall_ring.push(sample);
                let trough_rise = self.rep.trough - self.rep.bottom;
                if self.rep.top_enter_t.is_some()
                    && trough_rise <= self.profile.settle_fraction * rom
                    && smoothed > self.rep.trough + self.profile.reversal_fraction * rom
                {
                    self.touch_and_go(t, smoothed, sink);
                } else if rise >= enter_top {
                    // Went back up: the lowering so far was a wobble.
                    self.pending_since = None;
                    self.enter_top(sample, sink);
                } else if self.rep.top_enter_t.is_none()
                    && smoothed > self.rep.trough + self.profile.reversal_fraction * rom
                {
                    self.pending_since = None;
                    self.phase = Phase::Lift;
                } else if rise <= self.profile.enter_bottom_fraction * rom {
                    if self.dwell_passed(t) {
                        let since = self.pending_since.unwrap_or(t);
                        self.pending_since = None;
                        self.finish_rep(t, since, sink);
                    }
                } else if rise <= self.profile.settle_fraction * rom
                    && still_for >= self.profile.settle_s
                {
                    // Settled low but above the old resting level (the feet
                    // slid, the user shifted): the rep is over, and this is
                    // the new resting level.
                    let since = self.rep.still_since;
                    self.pending_since = None;
                    self.finish_rep(t, since, sink);
                    self.bottom = smoothed;
                } else {
                    self.pending_since = None;
                }
            }
            Phase::Calibrating | Phase::Rest => {}
        }
    }

    fn enter_top(&mut self, sample: Sample, sink: &mut impl FnMut(Event)) {
        self.phase = Phase::Top;
        self.pending_since = None;
        if self.rep.top_enter_t.is_none() {
            self.rep.top_enter_t = Some(sample.t);
            sink(Event::TopReached {
                t: sample.t,
                attempt: self.attempt,
            });
        } else {
            self.rep.top_leave_t = None;
        }
        self.fall_ring.push(sample);
        self.rep.top_sum += sample.raw;
        self.rep.top_count += 1;
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

    /// Closes the rep that just returned to the bottom band at `bottom_t`.
    fn start_rep(&mut self, t: f64, since: f64, smoothed: f64, sink: &mut impl FnMut(Event)) {
        self.attempt += 1;
        self.rep = RepInProgress {
            bottom: self.bottom,
            start_cross_t: since,
            peak: smoothed,
            peak_t: t,
            trough: smoothed,
            trough_t: t,
            still_level: smoothed,
            still_since: t,
            ..RepInProgress::default()
        };
        self.fall_ring.clear();
        self.phase = Phase::Lift;
        self.pending_since = None;
        sink(Event::RepStarted {
            t,
            attempt: self.attempt,
        });
    }

    /// The hips went back up from a low trough without reaching the bottom
    /// band: the rep ends at the trough, whose level becomes the resting
    /// level, and the next rep starts from there.
    fn touch_and_go(&mut self, t: f64, smoothed: f64, sink: &mut impl FnMut(Event)) {
        let (trough, trough_t) = (self.rep.trough, self.rep.trough_t);
        self.rep.end_level = Some(trough);
        self.pending_since = None;
        self.finish_rep(t, trough_t, sink);
        self.bottom = trough;
        let Self {
            fall_ring,
            rise_ring,
            ..
        } = self;
        for sample in fall_ring.iter().filter(|s| s.t > trough_t) {
            rise_ring.push(*sample);
        }
        self.start_rep(t, trough_t, smoothed, sink);
    }

    fn finish_rep(&mut self, now: f64, bottom_t: f64, sink: &mut impl FnMut(Event)) {
        self.phase = Phase::Rest;
        let rep = self.rep;
        self.rep = RepInProgress::default();
        let timing = self.phase_times(&rep, bottom_t);
        if timing.end - timing.start < self.profile.min_rep_duration_s {
            self.summary.abandoned += 1;
            sink(Event::RepAbandoned {
                t: now,
                attempt: self.attempt,
            });
            return;
        }

        let peak_rise = rep.peak - rep.bottom;
        // With pose input the straight line is an absolute target: a rep that
        // gets there is full even if the resting angle has crept up (feet slid).
        let reached_line = matches!(self.nominal, NominalTop::Absolute(_))
            && rep.peak >= self.profile.full_rep_hip_angle_deg
            && peak_rise >= self.profile.min_rom_deg;
        let full = reached_line
            || match self.calibrated_rom {
                Some(rom) => peak_rise >= self.profile.full_rep_fraction * rom,
                None => {
                    let fraction = match self.nominal {
                        NominalTop::Absolute(_) => self.profile.first_rep_fraction_of_nominal,
                        NominalTop::Rise(_) => self.profile.motion_first_rep_fraction_of_nominal,
                    };
                    peak_rise >= fraction * self.nominal_rom()
                }
            };
        let mut flags = RepFlags::NONE;
        if !full {
            flags.insert(RepFlags::PARTIAL);
        }
        match self.nominal {
            NominalTop::Absolute(_) => {
                if rep.peak < self.profile.target_top_hip_angle_deg {
                    flags.insert(RepFlags::HIPS_NOT_HIGH_ENOUGH);
                }
                if rep.peak > self.profile.over_arch_hip_angle_deg {
                    flags.insert(RepFlags::OVER_ARCHING);
                }
            }
            NominalTop::Rise(_) => {
                let low = self
                    .calibrated_rom
                    .is_some_and(|rom| peak_rise < self.profile.high_enough_fraction * rom);
                if low || !full {
                    flags.insert(RepFlags::HIPS_NOT_HIGH_ENOUGH);
                }
            }
        }
        if full {
            if self.profile.min_hold_s > 0.0 && timing.hold < self.profile.min_hold_s {
                flags.insert(RepFlags::NO_HOLD_AT_TOP);
            }
            if timing.lower < self.profile.min_lower_s {
                flags.insert(RepFlags::LOWERING_TOO_FAST);
            }
        }
        if rep.max_pelvis_deg > self.limits.pelvis_deg {
            flags.insert(RepFlags::PELVIS_DROP_OR_ROTATION);
        }
        if rep.max_knee_spread_change > self.limits.knee_spread_change {
            flags.insert(RepFlags::KNEES_DRIFTING);
        }
        if rep.max_foot_drift > self.limits.foot_drift {
            flags.insert(RepFlags::FEET_DRIFTING);
        }

        let rom_reference = self.calibrated_rom.unwrap_or_else(|| self.nominal_rom());
        let record = RepRecord {
            attempt: self.attempt,
            start_s: timing.start,
            top_s: timing.top,
            hold_end_s: timing.hold_end,
            end_s: timing.end,
            lift_s: timing.top - timing.start,
            hold_s: timing.hold,
            lower_s: timing.lower,
            peak_hip_extension_deg: matches!(self.nominal, NominalTop::Absolute(_))
                .then_some(rep.peak),
            peak_pelvis_tilt_deg: matches!(self.nominal, NominalTop::Rise(_)).then_some(peak_rise),
            rom_fraction: if rom_reference > 0.0 {
                peak_rise / rom_reference
            } else {
                0.0
            },
            flags,
        };

        if full {
            let plateau_rise = (timing.plateau - rep.bottom).max(0.0);
            let measured = plateau_rise.max(self.profile.min_rom_deg.min(self.nominal_rom()));
            match self.provisional_first.take() {
                // The first rep calibrated the ROM on its own. If this rep
                // rises so much higher that the first would have been partial
                // against it, the first was a partial rep: correct it.
                Some(first) if first.peak_rise < self.profile.full_rep_fraction * peak_rise => {
                    let mut corrected = first.record;
                    corrected.flags.insert(RepFlags::PARTIAL);
                    corrected.rom_fraction = first.peak_rise / measured.max(1e-9);
                    self.summary.reps = self.summary.reps.saturating_sub(1);
                    self.summary.partial_reps += 1;
                    self.sum_lift -= corrected.lift_s;
                    self.sum_hold -= corrected.hold_s;
                    self.sum_lower -= corrected.lower_s;
                    self.calibrated_rom = None;
                    sink(Event::RepReclassified(corrected));
                }
                _ => {}
            }
            if self.calibrated_rom.is_none() && self.summary.reps == 0 {
                self.provisional_first = Some(ProvisionalRep { record, peak_rise });
            }
            self.calibrated_rom = Some(match self.calibrated_rom {
                // Grow quickly (a first rep may have been short), shrink slowly.
                Some(rom) if measured > rom => rom + ROM_GROW_WEIGHT * (measured - rom),
                Some(rom) => rom + ROM_UPDATE_WEIGHT * (measured - rom),
                None => measured,
            });
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

    /// Phase boundaries of a finished rep from the fitted lift and lowering lines.
    ///
    /// The fit band is relative to this rep's own excursion (plateau minus
    /// resting level), so weak and strong reps in one set are timed alike.
    fn phase_times(&self, rep: &RepInProgress, bottom_t: f64) -> PhaseTimes {
        let bottom = rep.bottom;
        let fallback_top = rep.top_enter_t.unwrap_or(rep.peak_t);
        let fallback_hold_end = rep.top_leave_t.unwrap_or(rep.peak_t).max(fallback_top);
        let first_plateau = if rep.top_count > 0 {
            rep.top_sum / f64::from(rep.top_count)
        } else {
            rep.peak
        };
        let excursion = (first_plateau - bottom).max(1e-6);
        let (low, high) = (
            bottom + FIT_BAND.0 * excursion,
            bottom + FIT_BAND.1 * excursion,
        );

        // Each line is fitted on one uninterrupted run of in-band samples:
        // the lift run that ends at the top, the first lowering run after the
        // top (for the hold end) and the last one before the bottom (for the
        // end). A pause part-way down splits the lowering into two runs.
        let stall = Stall {
            margin: STALL_FRACTION * excursion,
            duration_s: STALL_S,
        };
        let rising = fit_run(
            self.rise_ring.iter().rev(),
            low,
            high,
            Direction::Falling,
            stall,
        );
        // A touch-and-go rep ends at its trough: later samples belong to the next rep.
        let until = match rep.end_level {
            Some(_) => self
                .fall_ring
                .iter()
                .take_while(|s| s.t <= rep.trough_t)
                .count(),
            None => self.fall_ring.iter().len(),
        };
        let after_top = self
            .fall_ring
            .iter()
            .take(until)
            .rposition(|s| s.smoothed > high)
            .map_or(0, |i| i + 1);
        let falling = fit_run(
            self.fall_ring.iter().take(until).skip(after_top),
            low,
            high,
            Direction::Falling,
            stall,
        );
        let falling_end = fit_run(
            self.fall_ring.iter().take(until).skip(after_top).rev(),
            low,
            high,
            Direction::Rising,
            stall,
        );
        let falling_end = if falling_end.len() >= 2 {
            falling_end
        } else {
            falling
        };
        let rising_ok = rising.len() >= 2 && rising.slope().is_some_and(|s| s > 0.0);
        let falling_ok = falling.len() >= 2 && falling.slope().is_some_and(|s| s < 0.0);

        // Plateau level: mean of the samples inside the fitted plateau,
        // refined a few times (the first guess includes the rounded corners).
        let mut plateau = first_plateau;
        for _ in 0..3 {
            let (Some(top), Some(hold_end)) = (
                rising_ok.then(|| rising.time_at(plateau)).flatten(),
                falling_ok.then(|| falling.time_at(plateau)).flatten(),
            ) else {
                break;
            };
            let (sum, count) = self
                .fall_ring
                .iter()
                .filter(|s| s.t >= top && s.t <= hold_end)
                .fold((0.0, 0usize), |(sum, count), s| (sum + s.raw, count + 1));
            if count < 2 {
                break;
            }
            plateau = sum / count as f64;
        }

        let start_fallback = rep.start_cross_t;
        let start = rising_ok
            .then(|| rising.time_at(bottom))
            .flatten()
            .filter(|&t| t > start_fallback - 4.0 && t <= fallback_top)
            .unwrap_or(start_fallback);
        let mut top = rising_ok
            .then(|| rising.time_at(plateau))
            .flatten()
            .filter(|&t| t >= start && t <= fallback_hold_end + 0.5)
            .unwrap_or(fallback_top)
            .max(start);
        let mut hold_end = falling_ok
            .then(|| falling.time_at(plateau))
            .flatten()
            .filter(|&t| t >= fallback_top - 0.5 && t <= bottom_t)
            .unwrap_or(fallback_hold_end);
        let end = (falling_end.len() >= 2 && falling_end.slope().is_some_and(|s| s < 0.0))
            .then(|| falling_end.time_at(rep.end_level.unwrap_or(bottom)))
            .flatten()
            .filter(|&t| t >= hold_end && t <= bottom_t + 1.0)
            .unwrap_or(bottom_t);
        if hold_end < top {
            // No plateau: the lines cross below the plateau guess; meet in the middle.
            let middle = 0.5 * (top + hold_end);
            top = middle;
            hold_end = middle;
        }
        let end = end.max(hold_end);
        PhaseTimes {
            start,
            top,
            hold_end,
            end,
            hold: hold_end - top,
            lower: end - hold_end,
            plateau,
        }
    }

    /// Closes the stream: a rep still in progress is abandoned. Returns the totals.
    pub(crate) fn finish(&mut self, sink: &mut impl FnMut(Event)) -> SetSummary {
        let t = self.last_t.unwrap_or(0.0);
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

/// Which way the smoothed signal moves along a run, in iteration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Rising,
    Falling,
}

/// A run ends when the signal has not progressed by `margin` for `duration_s`.
#[derive(Debug, Clone, Copy)]
struct Stall {
    margin: f64,
    duration_s: f64,
}

/// Fits a line to the first uninterrupted run of samples inside
/// `[low, high]`, in iteration order. Samples outside the band before the run
/// are skipped; the run ends when the signal leaves the band or stalls.
fn fit_run<'a>(
    samples: impl Iterator<Item = &'a Sample>,
    low: f64,
    high: f64,
    direction: Direction,
    stall: Stall,
) -> LineFit {
    let mut fit = LineFit::default();
    // The fit as it was at the last sample that made progress: a stall is cut off.
    let mut fit_at_progress = LineFit::default();
    let mut best: Option<(f64, f64)> = None;
    for sample in samples {
        if !(low..=high).contains(&sample.smoothed) {
            if fit.len() > 0 {
                return fit;
            }
            continue;
        }
        let progressed = match (best, direction) {
            (None, _) => true,
            (Some((value, _)), Direction::Rising) => sample.smoothed > value + stall.margin,
            (Some((value, _)), Direction::Falling) => sample.smoothed < value - stall.margin,
        };
        fit.add(sample.t, sample.raw);
        if progressed {
            best = Some((sample.smoothed, sample.t));
            fit_at_progress = fit;
        } else if best.is_some_and(|(_, at)| (sample.t - at).abs() > stall.duration_s) {
            return fit_at_progress;
        }
    }
    fit
}

/// One processed sample: raw (despiked) and smoothed rep signal.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    t: f64,
    raw: f64,
    smoothed: f64,
}

/// Fixed-capacity ring of samples: the oldest is dropped when full, so it never reallocates.
#[derive(Debug, Clone)]
struct Ring(std::collections::VecDeque<Sample>);

impl Ring {
    fn new() -> Self {
        Self(std::collections::VecDeque::with_capacity(RING_CAPACITY))
    }

    fn push(&mut self, sample: Sample) {
        if self.0.len() >= RING_CAPACITY {
            self.0.pop_front();
        }
        self.0.push_back(sample);
    }

    fn clear(&mut self) {
        self.0.clear();
    }

    fn iter(&self) -> std::collections::vec_deque::Iter<'_, Sample> {
        self.0.iter()
    }
}

/// The first full rep of a set, counted before any calibration: kept until
/// the next full rep confirms or corrects it.
#[derive(Debug, Clone, Copy)]
struct ProvisionalRep {
    record: RepRecord,
    peak_rise: f64,
}

/// Median of three consecutive samples, reported at the middle sample's time.
#[derive(Debug, Clone, Copy, Default)]
struct Median3 {
    older: Option<(f64, f64, FormSample)>,
    middle: Option<(f64, f64, FormSample)>,
}

impl Median3 {
    fn push(&mut self, t: f64, value: f64, form: FormSample) -> Option<(f64, f64, FormSample)> {
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

    fn reset(&mut self) {
        *self = Self::default();
    }
}

#[derive(Debug, Clone, Copy)]
struct PhaseTimes {
    start: f64,
    top: f64,
    hold_end: f64,
    end: f64,
    hold: f64,
    lower: f64,
    plateau: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> FormLimits {
        FormLimits {
            pelvis_deg: 8.0,
            knee_spread_change: 0.3,
            foot_drift: 0.2,
        }
    }

    /// Trapezoid: rest at 125°, up to 178° in `lift`, hold, down in `lower`, rest.
    fn trapezoid(t: f64, start: f64, lift: f64, hold: f64, lower: f64, peak: f64) -> f64 {
        let (bottom, top) = (125.0, peak);
        let u = t - start;
        if u <= 0.0 {
            bottom
        } else if u < lift {
            bottom + (top - bottom) * u / lift
        } else if u < lift + hold {
            top
        } else if u < lift + hold + lower {
            top - (top - bottom) * (u - lift - hold) / lower
        } else {
            bottom
        }
    }

    fn run(
        profile: &ExerciseProfile,
        fps: f64,
        reps: &[(f64, f64, f64, f64, f64)],
    ) -> (Vec<Event>, SetSummary) {
        let mut tracker = RepTracker::new(profile, NominalTop::Absolute(176.0), limits());
        let mut events = Vec::new();
        let end = reps.last().map_or(3.0, |r| r.0 + r.1 + r.2 + r.3 + 2.0);
        let mut t = 0.0;
        while t < end {
            let value = reps
                .iter()
                .map(|&(s, l, h, d, p)| trapezoid(t, s, l, h, d, p))
                .fold(125.0_f64, |acc: f64, v: f64| {
                    if (v - 125.0).abs() > (acc - 125.0).abs() {
                        v
                    } else {
                        acc
                    }
                });
            tracker.push(t, value, true, FormSample::default(), &mut |e| {
                events.push(e);
            });
            t += 1.0 / fps;
        }
        let summary = tracker.finish(&mut |e| events.push(e));
        (events, summary)
    }

    #[test]
    fn counts_clean_reps_and_measures_phases() {
        let profile = ExerciseProfile::bridge_top_hold();
        let reps = [
            (2.0, 1.0, 2.0, 2.5, 178.0),
            (9.0, 1.0, 2.0, 2.5, 178.0),
            (16.0, 1.0, 2.0, 2.5, 178.0),
        ];
        for fps in [10.0, 30.0, 60.0] {
            let (events, summary) = run(&profile, fps, &reps);
            assert_eq!(summary.reps, 3, "fps {fps}");
            assert_eq!(summary.partial_reps, 0);
            let records: Vec<RepRecord> = events
                .iter()
                .filter_map(|e| {
                    if let Event::RepCompleted(r) = e {
                        Some(*r)
                    } else {
                        None
                    }
                })
                .collect();
            for record in &records {
                assert!(
                    (record.hold_s - 2.0).abs() < 0.15,
                    "fps {fps} hold {}",
                    record.hold_s
                );
                assert!(
                    (record.lower_s - 2.5).abs() < 0.15,
                    "fps {fps} lower {}",
                    record.lower_s
                );
                assert!(
                    (record.lift_s - 1.0).abs() < 0.15,
                    "fps {fps} lift {}",
                    record.lift_s
                );
                assert!(record.flags.is_empty(), "{:?}", record.flags);
            }
        }
    }

    #[test]
    fn partial_rep_is_reported_not_counted() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let reps = [
            (2.0, 1.0, 0.3, 2.0, 178.0),
            (7.0, 0.8, 0.2, 1.5, 145.0),
            (11.0, 1.0, 0.3, 2.0, 178.0),
        ];
        let (events, summary) = run(&profile, 30.0, &reps);
        assert_eq!(summary.reps, 2);
        assert_eq!(summary.partial_reps, 1);
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::PartialRep(r) if r.flags.contains(RepFlags::PARTIAL)))
        );
    }

    #[test]
    fn a_short_first_rep_is_corrected_to_partial_by_the_next() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        // First rep reaches 160° (counted before calibration), then two reps to 186°.
        let reps = [
            (2.0, 1.0, 0.3, 2.0, 160.0),
            (7.0, 1.0, 0.3, 2.0, 186.0),
            (12.0, 1.0, 0.3, 2.0, 186.0),
        ];
        let (events, summary) = run(&profile, 30.0, &reps);
        assert_eq!(summary.reps, 2);
        assert_eq!(summary.partial_reps, 1);
        let corrected: Vec<u32> = events
            .iter()
            .filter_map(|e| {
                if let Event::RepReclassified(r) = e {
                    Some(r.attempt)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(corrected, vec![1]);
        // Consistent reps are confirmed, not corrected.
        let reps = [(2.0, 1.0, 0.3, 2.0, 178.0), (7.0, 1.0, 0.3, 2.0, 182.0)];
        let (events, summary) = run(&profile, 30.0, &reps);
        assert_eq!(summary.reps, 2);
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Event::RepReclassified(_)))
        );
    }

    #[test]
    fn touch_and_go_reps_count_separately() {
        // Three reps that only come back down to 133° (a sixth of the way)
        // before going up again, then a full return to 125°.
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut tracker = RepTracker::new(&profile, NominalTop::Absolute(176.0), limits());
        let mut events = Vec::new();
        let level = |t: f64| -> f64 {
            let cycle = 4.0;
            if t < 2.0 {
                return 125.0;
            }
            let u = t - 2.0;
            if u >= 3.0 * cycle {
                return (133.0 - 8.0 * (u - 3.0 * cycle)).max(125.0);
            }
            let low = if u < 1.0 { 125.0 } else { 133.0 };
            let v = u % cycle;
            if v < 1.0 {
                low + (178.0 - low) * v
            } else if v < 2.0 {
                178.0
            } else {
                178.0 - (178.0 - 133.0) * ((v - 2.0) / 2.0).min(1.0)
            }
        };
        let mut t = 0.0;
        while t < 18.0 {
            tracker.push(t, level(t), true, FormSample::default(), &mut |e| {
                events.push(e);
            });
            t += 1.0 / 30.0;
        }
        let summary = tracker.finish(&mut |e| events.push(e));
        assert_eq!(summary.reps, 3, "{events:?}");
    }

    #[test]
    fn fast_lowering_and_short_hold_raise_cues() {
        let profile = ExerciseProfile::bridge_top_hold();
        let reps = [(2.0, 1.0, 0.4, 0.5, 178.0)];
        let (events, summary) = run(&profile, 30.0, &reps);
        assert_eq!(summary.reps, 1);
        let cues: Vec<Cue> = events
            .iter()
            .filter_map(|e| {
                if let Event::Cue { cue, .. } = e {
                    Some(*cue)
                } else {
                    None
                }
            })
            .collect();
        assert!(cues.contains(&Cue::LoweringTooFast));
        assert!(cues.contains(&Cue::NoHoldAtTop));
    }

    #[test]
    fn leaving_the_position_abandons_the_rep() {
        let profile = ExerciseProfile::active_shoulder_bridge();
        let mut tracker = RepTracker::new(&profile, NominalTop::Absolute(176.0), limits());
        let mut events = Vec::new();
        let mut t = 0.0;
        while t < 8.0 {
            let value: f64 = if t < 2.0 {
                125.0
            } else {
                125.0 + f64::min(t - 2.0, 1.0) * 50.0
            };
            let in_position = t < 3.5;
            tracker.push(t, value, in_position, FormSample::default(), &mut |e| {
                events.push(e);
            });
            t += 1.0 / 30.0;
        }
        let summary = tracker.finish(&mut |e| events.push(e));
        assert_eq!(summary.reps, 0);
        assert_eq!(summary.abandoned, 1);
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::RepAbandoned { .. }))
        );
    }
}
