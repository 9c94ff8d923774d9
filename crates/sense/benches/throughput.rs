//! Throughput of the rep engine (frames per second on one core), and of the
//! file parsers for comparison. Run with `cargo bench -p sense`.
//!
//! Inputs are synthetic sessions from `sense::synth` (fixed seeds), built
//! once outside the timed region.

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use sense::synth::{self, Plan, SetKind};
use sense::{ExerciseProfile, MotionEngine, PoseEngine, analyze};

fn main() {
    divan::main();
}

fn pose_frames() -> (Vec<sense::PoseFrame>, sense::FrameSize) {
    let mut frames = Vec::new();
    let mut size = sense::FrameSize {
        width: 1280.0,
        height: 720.0,
    };
    // Several sessions back to back, timestamps shifted to stay increasing.
    let mut offset = 0.0;
    for seed in 1..=4u64 {
        let mut plan = Plan::random(seed, SetKind::Hold);
        plan.camera.frame = size;
        plan.pose_capture.rate_hz = 30.0;
        let (session, frame_size, truth) = synth::pose_session(&plan);
        size = frame_size;
        frames.extend(session.into_iter().map(|mut f| {
            f.t += offset;
            f
        }));
        offset += truth.end_s + 1.0;
    }
    (frames, size)
}

fn motion_samples() -> Vec<sense::MotionSample> {
    let mut samples = Vec::new();
    let mut offset = 0.0;
    for seed in 1..=4u64 {
        let mut plan = Plan::random(seed, SetKind::Hold);
        plan.motion_capture.rate_hz = 60.0;
        let (session, truth) = synth::motion_session(&plan);
        samples.extend(session.into_iter().map(|mut s| {
            s.t += offset;
            s
        }));
        offset += truth.end_s + 1.0;
    }
    samples
}

/// Pose engine: landmark frames in, events out (events are counted, not stored).
#[divan::bench]
fn pose_engine(bencher: Bencher) {
    let (frames, size) = pose_frames();
    let profile = ExerciseProfile::bridge_top_hold();
    bencher
        .counter(ItemsCount::new(frames.len()))
        .bench_local(|| {
            let mut engine = PoseEngine::new(&profile, size);
            let mut events = 0usize;
            for frame in &frames {
                engine.push(black_box(frame), &mut |_| events += 1);
            }
            black_box((engine.finish(&mut |_| events += 1), events))
        });
}

/// Motion engine: DeviceMotion samples in, events out.
#[divan::bench]
fn motion_engine(bencher: Bencher) {
    let samples = motion_samples();
    let profile = ExerciseProfile::bridge_top_hold();
    bencher
        .counter(ItemsCount::new(samples.len()))
        .bench_local(|| {
            let mut engine = MotionEngine::new(&profile);
            let mut events = 0usize;
            for sample in &samples {
                engine.push(black_box(sample), &mut |_| events += 1);
            }
            black_box((engine.finish(&mut |_| events += 1), events))
        });
}

/// Whole-file analysis of landmark JSON Lines (parsing dominates).
#[divan::bench(sample_count = 20)]
fn analyze_landmark_file(bencher: Bencher) {
    let (frames, size) = pose_frames();
    let text = synth::to_jsonl(&frames, size);
    let profile = ExerciseProfile::bridge_top_hold();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| black_box(analyze(black_box(text.as_bytes()), &profile)));
}

/// Whole-file analysis of motion CSV.
#[divan::bench(sample_count = 20)]
fn analyze_motion_file(bencher: Bencher) {
    let text = synth::to_csv(&motion_samples());
    let profile = ExerciseProfile::bridge_top_hold();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| black_box(analyze(black_box(text.as_bytes()), &profile)));
}
