//! Progress: sessions, repetitions and time under tension per week (from
//! the first week trained, so empty weeks before it take no room), the
//! signals the plan is built from (effort and pain after each session,
//! where it was felt, left against right), the program stage of each
//! training day as the coach's replay of the history had it, the self-test
//! trend and the totals; an empty history says how the charts fill in.

use askama::Template;
use axum::extract::State;
use coach::words::count;
use coach::{Felt, Session};
use jiff::ToSpan;
use jiff::civil::Date;

use super::{Layout, PageResult, duration, layout, render};
use crate::{AppState, charts};

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    page: Layout,
    empty: bool,
    weeks_note: String,
    per_week: String,
    volume: String,
    tension: String,
    answers: Option<String>,
    felt: Option<String>,
    sides: Option<String>,
    sides_text: Option<String>,
    selftest: Option<String>,
    level: Option<String>,
    totals: String,
}

/// Weeks shown at most in the weekly charts.
const CHART_WEEKS: i64 = 12;
/// Weeks shown at least, so a new runner's chart is not one wide bar.
const MIN_WEEKS: i64 = 4;
/// Training days shown in the per-session charts.
const LAST_DAYS: usize = 20;

/// `6 Mar`.
fn short(date: Date) -> String {
    date.strftime("%-d %b").to_string()
}

/// The weekly charts' first Monday: the first week with a session in the
/// window, but at least [`MIN_WEEKS`] weeks back.
fn first_week(sessions: &[Session], today: Date) -> Date {
    let this_week = runs::week_start(today);
    let back = |weeks: i64| {
        this_week
            .checked_sub((7 * (weeks - 1)).days())
            .unwrap_or(this_week)
    };
    let window = back(CHART_WEEKS);
    let first_trained = sessions
        .iter()
        .filter(|s| !s.sets.is_empty() && s.date >= window && s.date <= today)
        .map(|s| runs::week_start(s.date))
        .min()
        .unwrap_or(this_week);
    first_trained.min(back(MIN_WEEKS))
}

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    let snapshot = state.app().snapshot().await?;
    let (sessions, assessments) = (&snapshot.sessions, &snapshot.assessments);
    let today = snapshot.today;
    let stats = &snapshot.stats;
    let first = first_week(sessions, today);
    let weeks = ((runs::week_start(today) - first).get_days() / 7 + 1).max(1) as usize;
    let mut labels = Vec::new();
    let mut per_week = vec![0.0; weeks];
    let mut reps = vec![0.0; weeks];
    let mut tension = vec![0.0; weeks];
    for w in 0..weeks as i64 {
        labels.push(short(first.checked_add((7 * w).days()).unwrap_or(first)));
    }
    for s in sessions
        .iter()
        .filter(|s| s.date >= first && s.date <= today && !s.sets.is_empty())
    {
        let week = ((s.date - first).get_days() / 7) as usize;
        if week < weeks {
            per_week[week] += 1.0;
            reps[week] += f64::from(s.total_reps());
            tension[week] += s.tension_s() / 60.0;
        }
    }

    // The last training days, oldest first.
    let trained: Vec<&Session> = sessions
        .iter()
        .filter(|s| !s.sets.is_empty() && s.date <= today)
        .collect();
    let recent = &trained[trained.len().saturating_sub(LAST_DAYS)..];
    let day_labels: Vec<String> = recent.iter().map(|s| short(s.date)).collect();

    // Effort and pain after each session: what the plan reads first.
    let answered = recent
        .iter()
        .any(|s| s.feedback.rpe.is_some() || s.feedback.pain.is_some());
    let answers = answered.then(|| {
        charts::lines_up_to(
            "Effort (1 to 10) and pain (0 to 10) after each session",
            &day_labels,
            &[
                (
                    "effort",
                    recent
                        .iter()
                        .map(|s| s.feedback.rpe.map(f64::from))
                        .collect(),
                ),
                (
                    "pain",
                    recent
                        .iter()
                        .map(|s| s.feedback.pain.map(f64::from))
                        .collect(),
                ),
            ],
            "",
            false,
            10.0,
        )
    });

    // Where the sessions were felt.
    let felt_counts: Vec<f64> = Felt::ALL
        .iter()
        .map(|f| {
            recent
                .iter()
                .filter(|s| s.feedback.felt == Some(*f))
                .count() as f64
        })
        .collect();
    let felt = felt_counts.iter().any(|c| *c > 0.0).then(|| {
        let names: Vec<String> = Felt::ALL
            .iter()
            .map(|f| match f {
                Felt::FrontOfHip => "hip front".to_string(),
                other => other.as_str().replace('-', " "),
            })
            .collect();
        charts::bars(
            &format!(
                "Where the last {} were felt most",
                count(recent.len() as u64, "session")
            ),
            &names,
            &felt_counts,
            "",
        )
    });

    // Left against right, as the plan measures it.
    let asymmetry = snapshot.prescription.asymmetry.as_ref();
    let sides = asymmetry.filter(|a| !a.trend.is_empty()).map(|a| {
        let labels: Vec<String> = a.trend.iter().map(|p| short(p.date)).collect();
        charts::lines(
            "Reps on each side, left and right",
            &labels,
            &[
                (
                    "left",
                    a.trend.iter().map(|p| Some(f64::from(p.left))).collect(),
                ),
                (
                    "right",
                    a.trend.iter().map(|p| Some(f64::from(p.right))).collect(),
                ),
            ],
            "",
            false,
        )
    });

    // The stage of each training day, as the coach's replay had it.
    let mut levels = Vec::new();
    let mut last_day = None;
    let mut level_labels = Vec::new();
    for s in recent {
        if last_day == Some(s.date) {
            continue;
        }
        last_day = Some(s.date);
        let plan = state.app().plan_for(s.date).await?;
        level_labels.push(short(s.date));
        levels.push(Some(plan.stage.number as f64));
    }
    let stages = state.app().program().stages.len();
    let level = (!levels.is_empty()).then(|| {
        charts::lines_up_to(
            &format!("Program stage of each training day, of {stages}"),
            &level_labels,
            &[("stage", levels)],
            "",
            true,
            stages as f64,
        )
    });

    let report = coach::assessment::report(assessments);
    let selftest = report
        .as_ref()
        .filter(|r| !r.bridge_trend.is_empty())
        .map(|r| {
            charts::bridge_trend(
                r,
                "Single-leg bridge reps to fatigue, left and right, per self-check",
            )
        });
    Ok(render(&ProgressPage {
        page: layout("Progress", "progress"),
        empty: stats.sessions == 0,
        weeks_note: format!("Weeks from {}", short(first)),
        per_week: charts::bars("Sessions per week", &labels, &per_week, ""),
        volume: charts::bars("Repetitions per week", &labels, &reps, ""),
        tension: charts::bars("Minutes under tension per week", &labels, &tension, ""),
        answers,
        felt,
        sides,
        sides_text: asymmetry.map(|a| a.text.clone()),
        selftest,
        level,
        totals: format!(
            "{} · {} · {} · {} under tension · longest streak {}",
            count(stats.sessions, "session"),
            count(stats.total_sets, "set"),
            count(stats.total_reps, "rep"),
            duration(stats.time_under_tension_s),
            count(stats.longest_streak_days, "day"),
        ),
    }))
}
