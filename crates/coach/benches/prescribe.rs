//! The pure coaching work behind `today`: parsing the embedded library and
//! program, replaying a history into today's prescription (with a year of
//! runs and a race date), and the stats that replay the same calendar.

use coach::program::Program;
use coach::running::RunDay;
use coach::{Feedback, Felt, Library, PlanInputs, Session, SetRecord, Source};
use jiff::civil::{Date, date};

fn main() {
    divan::main();
}

fn history(days: i32, today: Date) -> Vec<Session> {
    (1..=days)
        .rev()
        .map(|offset| Session {
            id: i64::from(offset),
            date: today
                .checked_sub(jiff::Span::new().days(offset))
                .expect("in range"),
            source: Source::Log,
            started_at_ms: i64::from(offset),
            finished_at_ms: Some(i64::from(offset)),
            stage: None,
            feedback: Feedback {
                rpe: Some(5),
                felt: Some(Felt::Glutes),
                pain: Some(0),
            },
            note: None,
            prescribed: Vec::new(),
            sets: (1..=3)
                .map(|position| SetRecord {
                    exercise: "active-shoulder-bridge".into(),
                    position,
                    reps: 10,
                    target_reps: 10,
                    side: None,
                    hold_s: 1.0,
                    tension_s: 60.0,
                    completed_at_ms: 0,
                })
                .collect(),
        })
        .collect()
}

/// A run every other day for eight weeks, a long one every Sunday.
fn runs(today: Date) -> Vec<RunDay> {
    (1..=56)
        .step_by(2)
        .map(|offset| {
            let day = today
                .checked_sub(jiff::Span::new().days(offset))
                .expect("in range");
            let long = day.weekday() == jiff::civil::Weekday::Sunday;
            RunDay {
                date: day,
                distance_m: if long { 16_000.0 } else { 6_000.0 },
                moving_s: 1_800.0,
                avg_hr: Some(145.0),
            }
        })
        .collect()
}

/// Parsing and validating the embedded exercise library and program.
#[divan::bench]
fn load_library_and_program() -> usize {
    let library = Library::embedded().expect("valid library");
    let program = Program::embedded(&library).expect("valid program");
    library.len() + program.stages.len()
}

/// Replaying `days` days of history into today's prescription.
#[divan::bench(args = [30, 365, 3650])]
fn prescribe(bencher: divan::Bencher, days: i32) {
    let library = Library::embedded().expect("valid library");
    let program = Program::embedded(&library).expect("valid program");
    let today = date(2026, 11, 26);
    let sessions = history(days, today);
    let runs = runs(today);
    bencher.bench_local(|| {
        coach::prescribe(&PlanInputs {
            program: &program,
            library: &library,
            sessions: &sessions,
            assessments: &[],
            runs: &runs,
            race: date(2026, 12, 6).into(),
            today,
            check_in: None,
        })
    });
}

/// The stats over `days` days (the same calendar replay).
#[divan::bench(args = [365, 3650])]
fn stats(bencher: divan::Bencher, days: i32) {
    let library = Library::embedded().expect("valid library");
    let program = Program::embedded(&library).expect("valid program");
    let today = date(2026, 11, 26);
    let sessions = history(days, today);
    bencher.bench_local(|| {
        coach::stats::stats(&PlanInputs {
            program: &program,
            library: &library,
            sessions: &sessions,
            assessments: &[],
            runs: &[],
            race: None,
            today,
            check_in: None,
        })
    });
}
