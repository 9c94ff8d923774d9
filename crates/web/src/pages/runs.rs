//! Runs: the weekly distance with the glute days of each week on one time
//! axis, the coach's running suggestions, the latest activities, and an
//! upload form for watch files. Works without JavaScript: the form posts
//! `multipart/form-data` and the answer is the page with the import summary.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::routing::{MethodRouter, get};
use coach::running::RunAdvice;
use runs::Activity;

use super::{Layout, PageError, PageResult, day, duration, layout, render};
use crate::api::{ImportSummary, import_uploads};
use crate::error::ApiError;
use crate::{AppState, charts};

/// Weeks shown on the page.
pub const WEEKS_SHOWN: i64 = 16;

pub(super) fn route() -> MethodRouter<AppState> {
    get(page)
        .post(upload_form)
        .layer(DefaultBodyLimit::max(crate::UPLOAD_LIMIT))
}

struct WeekRow {
    week: String,
    runs: usize,
    km: String,
    long_km: String,
    time: String,
    glute_days: u32,
}

struct ActivityRow {
    date: String,
    sport: String,
    km: String,
    time: String,
    pace: String,
    hr: String,
    cadence: String,
}

#[derive(Template)]
#[template(path = "runs.html")]
struct RunsPage {
    page: Layout,
    chart: String,
    weeks: Vec<WeekRow>,
    advice: Vec<RunAdvice>,
    recent: Vec<ActivityRow>,
    total: usize,
    weeks_shown: i64,
    summary: Option<ImportSummary>,
    error: Option<String>,
}

async fn page(State(state): State<AppState>) -> PageResult {
    Ok(render(&runs_page(&state, None, None).await?))
}

/// The form: every `files` field of a multipart body.
async fn upload_form(State(state): State<AppState>, multipart: Multipart) -> PageResult {
    let page = match read_files(multipart).await {
        Ok(files) if files.is_empty() => {
            runs_page(&state, None, Some("Choose one or more files first.".into())).await?
        }
        Ok(files) => {
            let summary = import_uploads(&state, files).await?;
            runs_page(&state, Some(summary), None).await?
        }
        Err(e) => runs_page(&state, None, Some(e.message)).await?,
    };
    Ok(render(&page))
}

async fn read_files(mut multipart: Multipart) -> Result<Vec<(String, Bytes)>, ApiError> {
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        ApiError::bad_request(format!("the upload could not be read: {}", e.body_text()))
    })? {
        let name = field.file_name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(|e| {
            ApiError::bad_request(format!(
                "the upload of {name} could not be read: {}",
                e.body_text()
            ))
        })?;
        if !name.is_empty() && !bytes.is_empty() {
            files.push((name, bytes));
        }
    }
    Ok(files)
}

async fn runs_page(
    state: &AppState,
    summary: Option<ImportSummary>,
    error: Option<String>,
) -> Result<RunsPage, PageError> {
    let app = state.app();
    let today = app.clock().today();
    let first = app::Clock::shift(today, -7 * (WEEKS_SHOWN - 1));
    let weeks = app.running_weeks(first, today).await?;
    let activities = app
        .activities(Some(runs::week_start(first)), Some(today))
        .await?;

    let labels: Vec<String> = weeks
        .iter()
        .map(|w| w.week_start.strftime("%-d %b").to_string())
        .collect();
    let km: Vec<f64> = weeks.iter().map(|w| w.distance_m / 1000.0).collect();
    let glute: Vec<usize> = weeks.iter().map(|w| w.glute_days as usize).collect();
    let label = format!(
        "Running distance per week for the last {} weeks ({:.0} km in all), with the days of glute work in each week as dots ({} days)",
        weeks.len(),
        km.iter().sum::<f64>(),
        glute.iter().sum::<usize>()
    );
    let chart = charts::bars_with_dots(&label, &labels, &km, " km", &glute);
    let rows = weeks
        .iter()
        .rev()
        .filter(|w| w.runs > 0 || w.glute_days > 0)
        .map(|w| WeekRow {
            week: w.week_start.strftime("%-d %b").to_string(),
            runs: w.runs,
            km: format!("{:.1}", w.distance_m / 1000.0),
            long_km: format!("{:.1}", w.long_run_m / 1000.0),
            time: duration(w.moving_s),
            glute_days: w.glute_days,
        })
        .collect();
    let advice = app.today().await?.running;
    let zone = app.clock().zone();
    let recent = activities
        .iter()
        .rev()
        .take(10)
        .map(|stored| activity_row(&stored.activity, zone))
        .collect();
    Ok(RunsPage {
        page: layout("Runs", "runs"),
        chart,
        weeks: rows,
        advice,
        recent,
        total: activities.len(),
        weeks_shown: WEEKS_SHOWN,
        summary,
        error,
    })
}

fn activity_row(a: &Activity, zone: &jiff::tz::TimeZone) -> ActivityRow {
    let date = coach::running::RunDay::from_activity(a, zone).date;
    let sport = serde_json::to_value(a.sport)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
        .unwrap_or_default();
    ActivityRow {
        date: day(date),
        sport,
        km: format!("{:.2}", a.distance_m / 1000.0),
        time: duration(a.moving_s),
        pace: a
            .pace_s_per_km
            .map(|p| {
                format!(
                    "{}:{:02} /km",
                    (p / 60.0).floor() as u64,
                    (p % 60.0).round() as u64
                )
            })
            .unwrap_or_else(|| "-".into()),
        hr: a.avg_hr.map_or_else(|| "-".into(), |hr| format!("{hr:.0}")),
        cadence: a
            .avg_cadence_spm
            .map_or_else(|| "-".into(), |c| format!("{c:.0}")),
    }
}
