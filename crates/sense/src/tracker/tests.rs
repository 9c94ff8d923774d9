//! Unit tests of the state machine on clean trapezoid and eased waveforms.
use super::*;

fn limits() -> FormLimits {
    FormLimits {
        pelvis_deg: 8.0,
        knee_spread_change: 0.3,
        foot_drift: 0.2,
    }
}

/// Cosine ease from 0 to 1: a movement that starts and arrives slowly.
fn ease(u: f64) -> f64 {
    0.5 - 0.5 * (std::f64::consts::PI * u).cos()
}

/// Eased trapezoid: rest at 125°, up to `peak` in `lift`, hold, down in `lower`, rest.
fn trapezoid(t: f64, start: f64, lift: f64, hold: f64, lower: f64, peak: f64) -> f64 {
    let (bottom, top) = (125.0, peak);
    let u = t - start;
    if u <= 0.0 {
        bottom
    } else if u < lift {
        bottom + (top - bottom) * ease(u / lift)
    } else if u < lift + hold {
        top
    } else if u < lift + hold + lower {
        top - (top - bottom) * ease((u - lift - hold) / lower)
    } else {
        bottom
    }
}

fn run(
    profile: &ExerciseProfile,
    fps: f64,
    reps: &[(f64, f64, f64, f64, f64)],
) -> (Vec<Event>, SetSummary) {
    let mut tracker = RepTracker::new(profile, NominalTop::Absolute(176.0), limits(), None);
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
    let mut tracker = RepTracker::new(&profile, NominalTop::Absolute(176.0), limits(), None);
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
    let mut tracker = RepTracker::new(&profile, NominalTop::Absolute(176.0), limits(), None);
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
