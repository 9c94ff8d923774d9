//! Clock errors inside one recording: a sample clock that jumps forward by
//! weeks (or back) mid-file would otherwise make a one-hour run last weeks.
//!
//! Our rule: a jump between two consecutive samples is a clock error when
//!
//! - it goes back by more than [`MAX_BACKWARD_STEP_S`], or
//! - the device states the elapsed time (FIT `session.total_elapsed_time`)
//!   and the samples span wildly more ([`disagrees_wildly`]): then the
//!   longest forward gaps over [`MIN_CLOCK_JUMP_WITH_SUMMARY_S`] are
//!   errors, longest first, until the span fits the device's elapsed time;
//! - without such a statement, it goes forward by more than
//!   [`MAX_PLAUSIBLE_PAUSE_S`].
//!
//! Each erroneous jump is closed up to the file's usual sample interval;
//! the stretch holding the most samples keeps its times. Every repair is a
//! warning naming the sample and the size of the jump.

use crate::model::Sample;

/// The longest pause we believe inside one activity when nothing else
/// says how long it lasted (ours: a long lunch stop on a day hike).
pub const MAX_PLAUSIBLE_PAUSE_S: f64 = 6.0 * 3600.0;
/// With the device's elapsed time to compare, gaps down to this size may be
/// clock errors.
pub const MIN_CLOCK_JUMP_WITH_SUMMARY_S: f64 = 600.0;
/// A clock that steps back by more than this is wrong.
pub const MAX_BACKWARD_STEP_S: f64 = 60.0;

/// True when the samples span much more time than the device says elapsed:
/// over 1.5 times its elapsed time plus an hour (ours).
pub fn disagrees_wildly(span_s: f64, device_elapsed_s: f64) -> bool {
    span_s > device_elapsed_s * 1.5 + 3600.0
}

/// The repairs made: each sample index from which times were shifted, and
/// by how much (seconds; applied cumulatively from that index on).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClockRepair {
    /// (first raw time after the jump, shift applied to it and to later times).
    segments: Vec<(f64, f64)>,
    /// Shift applied to the times before the first jump.
    initial_shift: f64,
}

impl ClockRepair {
    /// True when nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Maps a raw time from the same clock (an event) to the repaired clock.
    pub fn apply(&self, raw_time: f64) -> f64 {
        let shift = self
            .segments
            .iter()
            .rev()
            .find(|&&(from, _)| raw_time >= from)
            .map_or(self.initial_shift, |&(_, shift)| shift);
        raw_time + shift
    }
}

fn duration_text(seconds: f64) -> String {
    let total = seconds.abs().round() as u64;
    let (days, hours, minutes, secs) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    match (days, hours) {
        (0, 0) => format!("{minutes} min {secs} s"),
        (0, _) => format!("{hours} h {minutes} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// True when the times (in file order) hold a jump [`repair`] would close:
/// one pass, no allocation, for the common case of a sound clock.
pub fn needs_repair(times: impl IntoIterator<Item = f64>, device_elapsed_s: Option<f64>) -> bool {
    let mut times = times.into_iter().filter(|time| time.is_finite());
    let Some(first_time) = times.next() else {
        return false;
    };
    let (mut previous, mut largest_step, mut steps_back) = (first_time, 0.0f64, false);
    for time in times {
        let step = time - previous;
        largest_step = largest_step.max(step);
        steps_back |= step < -MAX_BACKWARD_STEP_S;
        previous = time;
    }
    let suspicious = match device_elapsed_s.filter(|elapsed| elapsed.is_finite() && *elapsed > 0.0)
    {
        Some(elapsed) => disagrees_wildly(previous - first_time, elapsed),
        None => largest_step > MAX_PLAUSIBLE_PAUSE_S,
    };
    steps_back || suspicious
}

/// Finds and closes clock jumps in `samples` (in file order); returns the
/// repair (to map other times of the same clock) and one warning per jump.
pub fn repair(samples: &mut [Sample], device_elapsed_s: Option<f64>) -> (ClockRepair, Vec<String>) {
    let device_elapsed = device_elapsed_s.filter(|elapsed| elapsed.is_finite() && *elapsed > 0.0);
    let timed: Vec<(usize, f64)> = samples
        .iter()
        .enumerate()
        .filter_map(|(index, sample)| sample.time_s.filter(|t| t.is_finite()).map(|t| (index, t)))
        .collect();
    if timed.len() < 2 {
        return (ClockRepair::default(), Vec::new());
    }
    let steps: Vec<f64> = timed.windows(2).map(|pair| pair[1].1 - pair[0].1).collect();
    let mut is_jump: Vec<bool> = steps
        .iter()
        .map(|&step| step < -MAX_BACKWARD_STEP_S)
        .collect();
    let (first, last) = (timed[0].1, timed[timed.len() - 1].1);
    match device_elapsed {
        Some(elapsed) if disagrees_wildly(last - first, elapsed) => {
            let mut forward: Vec<usize> = (0..steps.len())
                .filter(|&k| steps[k] > MIN_CLOCK_JUMP_WITH_SUMMARY_S)
                .collect();
            forward.sort_by(|&a, &b| steps[b].total_cmp(&steps[a]));
            let mut span = last - first;
            for k in forward {
                if span <= elapsed * 1.1 + MIN_CLOCK_JUMP_WITH_SUMMARY_S {
                    break;
                }
                is_jump[k] = true;
                span -= steps[k];
            }
        }
        _ => {
            for (k, &step) in steps.iter().enumerate() {
                if step > MAX_PLAUSIBLE_PAUSE_S {
                    is_jump[k] = true;
                }
            }
        }
    }
    if !is_jump.contains(&true) {
        return (ClockRepair::default(), Vec::new());
    }
    let mut usual: Vec<f64> = steps
        .iter()
        .copied()
        .filter(|step| *step > 0.0 && *step <= 60.0)
        .collect();
    let middle = usual.len() / 2;
    let nominal = if usual.is_empty() {
        1.0
    } else {
        *usual.select_nth_unstable_by(middle, f64::total_cmp).1
    };

    // Repaired times, then the stretch with the most samples keeps its own.
    let mut repaired = Vec::with_capacity(timed.len());
    repaired.push(first);
    for (k, &step) in steps.iter().enumerate() {
        let step = if is_jump[k] { nominal } else { step };
        repaired.push(repaired[k] + step);
    }
    let mut best = (0usize, 0usize); // (start index in timed, length)
    let mut stretch_start = 0;
    let ends = is_jump.iter().copied().chain(std::iter::once(true));
    for (k, ends) in ends.enumerate() {
        if ends {
            let length = k + 1 - stretch_start;
            if length > best.1 {
                best = (stretch_start, length);
            }
            stretch_start = k + 1;
        }
    }
    let anchor = timed[best.0].1 - repaired[best.0];
    let mut warnings = Vec::new();
    let mut repair = ClockRepair {
        segments: Vec::new(),
        initial_shift: repaired[0] + anchor - first,
    };
    for (k, &step) in steps.iter().enumerate() {
        if !is_jump[k] {
            continue;
        }
        let direction = if step > 0.0 { "forward" } else { "back" };
        let because = match device_elapsed {
            Some(elapsed) => format!(
                "the samples would span {} while the device says {} elapsed",
                duration_text(last - first),
                duration_text(elapsed)
            ),
            None => format!(
                "longer than any plausible pause ({})",
                duration_text(MAX_PLAUSIBLE_PAUSE_S)
            ),
        };
        warnings.push(format!(
            "the sample clock jumps {direction} by {} after sample {} of {}; treated as a clock error ({because}) and closed up",
            duration_text(step),
            k + 1,
            timed.len()
        ));
        repair
            .segments
            .push((timed[k + 1].1, repaired[k + 1] + anchor - timed[k + 1].1));
    }
    for (position, &(index, _)) in timed.iter().enumerate() {
        samples[index].time_s = Some(repaired[position] + anchor);
    }
    (repair, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(times: &[f64]) -> Vec<Sample> {
        times
            .iter()
            .map(|&time| Sample {
                time_s: Some(time),
                ..Sample::default()
            })
            .collect()
    }

    fn times(samples: &[Sample]) -> Vec<f64> {
        samples
            .iter()
            .map(|sample| sample.time_s.unwrap())
            .collect()
    }

    #[test]
    fn a_jump_of_weeks_is_closed_and_the_longer_stretch_keeps_its_times() {
        let weeks = 20.0 * 86_400.0;
        let mut samples = timed(&[
            0.0,
            1.0,
            2.0,
            weeks + 3.0,
            weeks + 4.0,
            weeks + 5.0,
            weeks + 6.0,
        ]);
        let (repair, warnings) = repair(&mut samples, None);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("20 d"), "{warnings:?}");
        // The four samples after the jump are the longer stretch: they stay.
        assert_eq!(
            times(&samples),
            [
                weeks,
                weeks + 1.0,
                weeks + 2.0,
                weeks + 3.0,
                weeks + 4.0,
                weeks + 5.0,
                weeks + 6.0
            ]
        );
        assert_eq!(repair.apply(1.5), weeks + 1.5);
        assert_eq!(repair.apply(weeks + 5.5), weeks + 5.5);
    }

    #[test]
    fn the_device_elapsed_time_arbitrates_shorter_jumps() {
        // A 3 h jump in a run the device says lasted 6 s: a clock error.
        let mut samples = timed(&[0.0, 1.0, 2.0, 3.0, 10_803.0, 10_804.0]);
        let (_, warnings) = repair(&mut samples, Some(6.0));
        assert_eq!(warnings.len(), 1);
        assert_eq!(times(&samples), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        // The same gap with an elapsed time that includes it is a real pause.
        let mut paused = timed(&[0.0, 1.0, 2.0, 3.0, 10_803.0, 10_804.0]);
        let (repair, warnings) = repair(&mut paused, Some(10_804.0));
        assert!(warnings.is_empty() && repair.is_empty());
        assert_eq!(times(&paused)[4], 10_803.0);
    }

    #[test]
    fn plausible_pauses_and_small_backward_steps_stay() {
        let mut samples = timed(&[0.0, 1.0, 3600.0, 3601.0, 3599.0, 3602.0]);
        let (repair, warnings) = repair(&mut samples, None);
        assert!(repair.is_empty() && warnings.is_empty());
    }
}
