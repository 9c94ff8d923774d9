//! The sport of a recording that does not state one (a GPX file without
//! `<type>`, a FIT file cut before its session), from pace, cadence and
//! heart rate. The thresholds are ours, chosen so that recreational runs
//! (about 3:00 to 9:00 per km at 140–230 steps/min) count as runs and rides
//! do not:
//!
//! - with cadence: a median cadence that reads as running (70–115 strides
//!   or 140–230 steps per minute) at a median moving speed of
//!   1.6–[`MAX_RUNNING_SPEED_MPS`] is a run; faster than that, the same
//!   numbers are pedal revolutions: a ride;
//! - without cadence: 2.0–4.5 m/s (3:42–8:20 per km) with no fast stretches
//!   (95th percentile under 6 m/s) and, when heart rate was recorded, an
//!   average of at least 100 bpm is a run;
//! - 0.5–1.9 m/s with a walking cadence or none is a walk;
//! - a median moving speed between [`MAX_RUNNING_SPEED_MPS`] and 15 m/s
//!   (54 km/h), or fast stretches over 9 m/s, is a ride.
//!
//! Anything else stays unknown ([`Sport::Other`]).

use crate::model::{Sample, Sport};
use crate::motion::Timeline;

/// Faster than this (20 km/h, 3:00 per km) is not a recreational run.
pub const MAX_RUNNING_SPEED_MPS: f64 = 5.6;

/// The sport inferred and the evidence, as a sentence for `assumptions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    pub sport: Sport,
    pub evidence: String,
}

/// Time-weighted quantile of (value, weight) pairs.
fn quantile(mut pairs: Vec<(f64, f64)>, quantile: f64) -> Option<f64> {
    pairs.retain(|(value, weight)| value.is_finite() && *weight > 0.0);
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|pair| pair.1).sum();
    let mut seen = 0.0;
    for (value, weight) in &pairs {
        seen += weight;
        if seen >= total * quantile {
            return Some(*value);
        }
    }
    pairs.last().map(|pair| pair.0)
}

fn pace_text(speed_mps: f64) -> String {
    let seconds = (1000.0 / speed_mps).round() as u64;
    format!("{}:{:02}/km", seconds / 60, seconds % 60)
}

/// Infers the sport from the samples (cadence as recorded, not yet
/// normalised); `None` when the evidence fits nothing.
pub fn infer_sport(samples: &[Sample], timeline: &Timeline) -> Option<Inference> {
    let mut speeds = Vec::new();
    for k in 0..timeline.moving.len() {
        if timeline.moving[k] {
            let interval = timeline.interval_s(k);
            speeds.push((timeline.covered_m(k) / interval, interval));
        }
    }
    let speed = quantile(speeds.clone(), 0.5)?;
    let fast = quantile(speeds, 0.95).unwrap_or(speed);
    let mut cadences: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cadence)
        .filter(|cadence| *cadence > 0.0 && cadence.is_finite())
        .collect();
    cadences.sort_by(f64::total_cmp);
    let cadence = cadences.get(cadences.len() / 2).copied();
    let heart_rates: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.heart_rate_bpm)
        .filter(|hr| *hr > 0.0 && hr.is_finite())
        .collect();
    let heart_rate = (!heart_rates.is_empty())
        .then(|| heart_rates.iter().sum::<f64>() / heart_rates.len() as f64);

    let running_cadence =
        cadence.is_some_and(|c| (70.0..=115.0).contains(&c) || (140.0..=230.0).contains(&c));
    let walking_cadence =
        cadence.is_some_and(|c| (40.0..70.0).contains(&c) || (80.0..140.0).contains(&c));
    let mut evidence = format!(
        "median moving pace {} ({:.1} km/h)",
        pace_text(speed),
        speed * 3.6
    );
    if let Some(cadence) = cadence {
        evidence.push_str(&format!(", median cadence {cadence:.0}/min"));
    }
    if let Some(heart_rate) = heart_rate {
        evidence.push_str(&format!(", average heart rate {heart_rate:.0}"));
    }
    let sport = if (MAX_RUNNING_SPEED_MPS..=15.0).contains(&speed) || fast > 9.0 {
        Sport::Cycling
    } else if cadence.is_some() {
        if running_cadence && (1.6..MAX_RUNNING_SPEED_MPS).contains(&speed) {
            Sport::Running
        } else if walking_cadence && (0.5..1.9).contains(&speed) {
            Sport::Walking
        } else {
            return None;
        }
    } else if (2.0..=4.5).contains(&speed) && fast < 6.0 && heart_rate.is_none_or(|hr| hr >= 100.0)
    {
        Sport::Running
    } else if (0.5..1.9).contains(&speed) {
        Sport::Walking
    } else {
        return None;
    };
    let name = match sport {
        Sport::Running => "a run",
        Sport::Walking => "a walk",
        _ => "a ride",
    };
    Some(Inference {
        sport,
        evidence: format!("the file states no sport; inferred as {name} from its {evidence}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `seconds` of 1 Hz samples at `speed` with the given cadence and HR.
    fn recording(seconds: u32, speed: f64, cadence: Option<f64>, hr: Option<f64>) -> Vec<Sample> {
        (0..=seconds)
            .map(|second| Sample {
                time_s: Some(f64::from(second)),
                distance_m: Some(f64::from(second) * speed),
                cadence,
                heart_rate_bpm: hr,
                ..Sample::default()
            })
            .collect()
    }

    fn infer(samples: &[Sample]) -> Option<Sport> {
        infer_sport(samples, &Timeline::new(samples, None)).map(|inference| inference.sport)
    }

    #[test]
    fn runs_rides_and_walks_by_their_numbers() {
        // 5:15/km with 88 strides/min: a run.
        let run = recording(600, 1000.0 / 315.0, Some(88.0), Some(150.0));
        assert_eq!(infer(&run), Some(Sport::Running));
        let evidence = infer_sport(&run, &Timeline::new(&run, None))
            .unwrap()
            .evidence;
        assert!(
            evidence.contains("5:15/km") && evidence.contains("88/min"),
            "{evidence}"
        );
        // The same in steps per minute, and without any cadence.
        assert_eq!(
            infer(&recording(600, 3.17, Some(176.0), None)),
            Some(Sport::Running)
        );
        assert_eq!(
            infer(&recording(600, 3.17, None, Some(150.0))),
            Some(Sport::Running)
        );
        // 24 km/h is a ride, with or without a pedalling cadence of 88.
        assert_eq!(
            infer(&recording(600, 24.0 / 3.6, Some(88.0), None)),
            Some(Sport::Cycling)
        );
        assert_eq!(
            infer(&recording(600, 24.0 / 3.6, None, None)),
            Some(Sport::Cycling)
        );
        // Running pace with a resting heart rate and no cadence: not a run.
        assert_ne!(
            infer(&recording(600, 3.17, None, Some(75.0))),
            Some(Sport::Running)
        );
        // A walk.
        assert_eq!(
            infer(&recording(600, 1.3, Some(58.0), None)),
            Some(Sport::Walking)
        );
        // Standing still: nothing to infer.
        assert_eq!(infer(&recording(600, 0.0, None, None)), None);
    }
}
