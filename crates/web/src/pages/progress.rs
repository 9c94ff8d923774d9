//! Progress: sessions, repetitions and time under tension per week, the
//! program stage of each training day, the self-test trend and the totals.

use askama::Template;
use axum::extract::State;
use coach::Session;
use coach::words::count;
use jiff::ToSpan;

use super::{Layout, PageResult, duration, layout, render};
use crate::{AppState, charts};

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    page: Layout,
    empty: bool,
    per_week: String,
    volume: String,
    tension: String,
    selftest: Option<String>,
    level: String,
    totals: String,
}

/// Weeks shown in the weekly charts.
const CHART_WEEKS: i64 = 12;

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    let snapshot = state.app().snapshot().await?;
    let (sessions, assessments) = (&snapshot.sessions, &snapshot.assessments);
    let today = snapshot.today;
    let stats = &snapshot.stats;
    let first = runs::week_start(today)
        .checked_sub((7 * (CHART_WEEKS - 1)).days())
        .unwrap_or(today);
    let mut labels = Vec::new();
    let mut per_week = vec![0.0; CHART_WEEKS as usize];
    let mut reps = vec![0.0; CHART_WEEKS as usize];
    let mut tension = vec![0.0; CHART_WEEKS as usize];
    for w in 0..CHART_WEEKS {
        let start = first.checked_add((7 * w).days()).unwrap_or(first);
        labels.push(start.strftime("%-d %b").to_string());
    }
    for s in sessions
        .iter()
        .filter(|s| s.date >= first && s.date <= today)
    {
        let week = ((s.date - first).get_days() / 7) as usize;
        if week < per_week.len() && !s.sets.is_empty() {
            per_week[week] += 1.0;
            reps[week] += f64::from(s.total_reps());
            tension[week] += s.tension_s() / 60.0;
        }
    }
    // Progression level: the stage of each training day.
    let mut level_labels = Vec::new();
    let mut levels = Vec::new();
    let trained: Vec<&Session> = sessions.iter().filter(|s| !s.sets.is_empty()).collect();
    for s in &trained[trained.len().saturating_sub(30)..] {
        let stage = s
            .stage
            .as_deref()
            .and_then(|id| state.app().program().stage_index(id))
            .map(|i| i as f64 + 1.0);
        level_labels.push(s.date.strftime("%-d %b").to_string());
        levels.push(stage);
    }
    let report = coach::assessment::report(assessments);
    let selftest = report.as_ref().map(|r| {
        charts::bridge_trend(
            r,
            "Single-leg bridge reps to fatigue, left and right, per self-test",
        )
    });
    Ok(render(&ProgressPage {
        page: layout("Progress", "progress"),
        empty: stats.sessions == 0,
        per_week: charts::bars(
            &format!("Sessions per week, last {CHART_WEEKS} weeks"),
            &labels,
            &per_week,
            "",
        ),
        volume: charts::bars("Repetitions per week", &labels, &reps, ""),
        tension: charts::bars("Minutes under tension per week", &labels, &tension, ""),
        selftest,
        level: charts::lines(
            "Program stage of each training day",
            &level_labels,
            &[("stage", levels)],
            "",
            true,
        ),
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
