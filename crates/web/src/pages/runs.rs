//! Runs: the weekly distance with the glute days of each week in a lane of
//! their own, the coach's running suggestions, the latest activities, the
//! whole history by year and month (paged, `?page=N`), each run linked to
//! its own page, and an upload form for watch files. Works without
//! JavaScript: the form posts `multipart/form-data` and the answer is the
//! page with the import summary.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::routing::{MethodRouter, get};
use coach::running::RunAdvice;
use runs::Activity;

use super::{Layout, PageError, PageResult, day, duration, layout, render};
use crate::api::{ImportSummary, import_uploads};
use crate::error::ApiError;
use crate::{AppState, run_charts};

/// Weeks shown on the page.
pub const WEEKS_SHOWN: i64 = 16;

/// About this many activities on one page of the whole history.
pub const HISTORY_PAGE: usize = 40;

#[derive(serde::Deserialize, Default)]
pub(super) struct PageQuery {
    page: Option<String>,
}

struct YearRow {
    year: i16,
    runs: usize,
    km: String,
    time: String,
    longest_km: String,
}

struct MonthBlock {
    title: String,
    runs: String,
    km: String,
    time: String,
    activities: Vec<ActivityRow>,
}

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
    id: i64,
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
    /// Stored activities outside the weeks shown.
    older: usize,
    all_runs: usize,
    all_km: String,
    years: Vec<YearRow>,
    longest: Vec<ActivityRow>,
    months: Vec<MonthBlock>,
    history_page: usize,
    history_pages: usize,
}

async fn page(State(state): State<AppState>, Query(query): Query<PageQuery>) -> PageResult {
    let history_page = query
        .page
        .as_deref()
        .map_or(Ok(1), str::parse::<usize>)
        .map_err(|_| {
            ApiError::bad_request(format!(
                "page={:?} is not a page number: expected 1, 2, …",
                query
                    .page
                    .unwrap_or_default()
                    .chars()
                    .take(20)
                    .collect::<String>()
            ))
        })?;
    Ok(render(&runs_page(&state, None, None, history_page).await?))
}

/// The form: every `files` field of a multipart body.
async fn upload_form(State(state): State<AppState>, multipart: Multipart) -> PageResult {
    let page = match read_files(multipart).await {
        Ok(files) if files.is_empty() => {
            runs_page(
                &state,
                None,
                Some("Choose one or more files first.".into()),
                1,
            )
            .await?
        }
        Ok(files) => {
            let summary = import_uploads(&state, files).await?;
            runs_page(&state, Some(summary), None, 1).await?
        }
        Err(e) => runs_page(&state, None, Some(e.message), 1).await?,
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
    history_page: usize,
) -> Result<RunsPage, PageError> {
    let app = state.app();
    let today = app.clock().today();
    let first = app::Clock::shift(today, -7 * (WEEKS_SHOWN - 1));
    let weeks = app.running_weeks(first, today).await?;
    let activities = app
        .activity_summaries(Some(runs::week_start(first)), Some(today))
        .await?;

    let labels: Vec<String> = weeks
        .iter()
        .map(|w| w.week_start.strftime("%-d %b").to_string())
        .collect();
    let km: Vec<f64> = weeks.iter().map(|w| w.distance_m / 1000.0).collect();
    let glute: Vec<u32> = weeks.iter().map(|w| w.glute_days).collect();
    let label = format!(
        "Running distance per week for the last {} weeks ({:.0} km in all), with the days of glute work of each week in a lane below ({} days)",
        weeks.len(),
        km.iter().sum::<f64>(),
        glute.iter().sum::<u32>()
    );
    let chart = run_charts::weeks_with_glute_lane(&label, &labels, &km, &glute);
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
    let advice = app.today().await?.prescription.running;
    let zone = app.clock().zone();
    let recent = activities
        .iter()
        .rev()
        .take(10)
        .map(|stored| activity_row(stored.id, &stored.activity, zone))
        .collect();
    let history = app.run_history(None, None).await?;
    let older = (history.totals.runs + history.other_activities).saturating_sub(activities.len());
    let years = history
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year,
            runs: y.totals.runs,
            km: format!("{:.0}", y.totals.distance_m / 1000.0),
            time: duration(y.totals.moving_s),
            longest_km: format!("{:.1}", y.totals.longest_m / 1000.0),
        })
        .collect();
    let longest = history.longest.iter().map(entry_row).collect();
    let shown = history.page(history_page, HISTORY_PAGE);
    let months = shown
        .months
        .iter()
        .map(|m| MonthBlock {
            title: jiff::civil::Date::new(m.year, m.month, 1)
                .map(|d| d.strftime("%B %Y").to_string())
                .unwrap_or_default(),
            runs: coach::words::count(m.totals.runs as u64, "run"),
            km: format!("{:.1}", m.totals.distance_m / 1000.0),
            time: duration(m.totals.moving_s),
            activities: m.activities.iter().map(entry_row).collect(),
        })
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
        older,
        all_runs: history.totals.runs,
        all_km: format!("{:.0}", history.totals.distance_m / 1000.0),
        years,
        longest,
        months,
        history_page: shown.page,
        history_pages: shown.pages,
    })
}

fn entry_row(e: &app::run_history::RunEntry) -> ActivityRow {
    ActivityRow {
        id: e.id,
        date: day(e.date),
        sport: super::run::sport_name(e.sport),
        km: format!("{:.2}", e.distance_m / 1000.0),
        time: duration(e.moving_s),
        pace: e.pace_s_per_km.map_or_else(|| "-".into(), super::run::pace),
        hr: e.avg_hr.map_or_else(|| "-".into(), |hr| format!("{hr:.0}")),
        cadence: String::new(),
    }
}

fn activity_row(id: i64, a: &Activity, zone: &jiff::tz::TimeZone) -> ActivityRow {
    let date = coach::running::RunDay::from_activity(a, zone).date;
    ActivityRow {
        id,
        date: day(date),
        sport: super::run::sport_name(a.sport),
        km: format!("{:.2}", a.distance_m / 1000.0),
        time: duration(a.moving_s),
        pace: a.pace_s_per_km.map_or_else(|| "-".into(), super::run::pace),
        hr: a.avg_hr.map_or_else(|| "-".into(), |hr| format!("{hr:.0}")),
        cadence: a
            .avg_cadence_spm
            .map_or_else(|| "-".into(), |c| format!("{c:.0}")),
    }
}
