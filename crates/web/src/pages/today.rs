//! Today (the plan with its reasons, the running advice and the habit) and
//! the Go page that plays the guided session.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{Layout, PageResult, day, dose, duration, figure, layout, render};
use crate::AppState;

struct ItemView {
    id: String,
    name: String,
    dose: String,
    side: Option<String>,
    focus: Option<String>,
    why: String,
    figure: String,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    page: Layout,
    date: String,
    heading: &'static str,
    stage: String,
    advice: Vec<String>,
    running: Vec<String>,
    items: Vec<ItemView>,
    why: String,
    changes: Vec<String>,
    done_today: bool,
    streak: u32,
    habit: String,
    minutes: String,
}

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    let today = state.app().today().await?;
    let guide = state
        .app()
        .guide(coach::Source::Web, &app::plan::GuideRequest::default())
        .await?;
    let plan = &today.prescription;
    let items = plan
        .items
        .iter()
        .map(|item| ItemView {
            id: item.exercise.clone(),
            name: item.name.clone(),
            dose: dose(item),
            side: item
                .start_side
                .map(|s| format!("Start with your {s} side.")),
            focus: item.focus_cue.clone(),
            why: item.why.clone(),
            figure: figure(&item.exercise, 1.0, &format!("{}: top position", item.name)),
        })
        .collect();
    Ok(render(&TodayPage {
        page: layout("Today", "today"),
        date: day(today.date),
        heading: if plan.rest_day { "Rest day" } else { "Today" },
        stage: format!(
            "Stage {} of {}: {} ({})",
            plan.stage.number,
            plan.stage.of,
            plan.stage.name,
            plan.stage.frequency.describe()
        ),
        advice: plan.advice.clone(),
        running: today.running.iter().map(|a| a.text.clone()).collect(),
        items,
        why: plan.why.clone(),
        changes: plan.changes.clone(),
        done_today: plan.done_today,
        streak: today.stats.streak_days,
        habit: today.stats.habit.clone(),
        minutes: duration(guide.timeline.total_seconds),
    }))
}

#[derive(Template)]
#[template(path = "go.html")]
struct GoPage {
    page: Layout,
}

pub(super) async fn go() -> Response {
    render(&GoPage {
        page: layout("Go", "go"),
    })
}
