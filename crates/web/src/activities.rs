//! The *Runs* page and the activities API: imported runs by week beside the
//! glute work on one time axis, the coach's running suggestions, recent
//! activities, and an upload form for watch files (FIT, GPX, TCX, gzipped or
//! zipped, Strava bulk export zips). Works without JavaScript: the form posts
//! `multipart/form-data` and the answer is the page with the import summary.
//!
//! Decoding is the pure `runs` crate, run on the blocking pool; storage is
//! `Store::add_activities`, deduplicated first with `runs::split_new`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use askama::Template;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::routing::get;
use coach::running::RunAdvice;
use jiff::civil::Date;
use runs::Activity;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::pages::{Layout, PageError, PageResult, day, duration, layout, render};
use crate::{AppState, charts};

/// Largest upload accepted, in bytes (one file, or all files of one form).
pub const UPLOAD_LIMIT: usize = 256 * 1024 * 1024;
/// Weeks shown on the page.
pub const WEEKS_SHOWN: i64 = 16;
/// The setting holding the next race date (shared with `runstrong runs race`).
pub const RACE_DATE_SETTING: &str = "race_date";

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/runs",
        get(page)
            .post(upload_form)
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
    )
}

pub fn api_routes() -> Router<AppState> {
    Router::new().route(
        "/activities",
        get(list)
            .post(upload_raw)
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
    )
}

/// What one import did.
#[derive(Debug, Default, Serialize)]
pub struct ImportSummary {
    pub imported: Vec<Activity>,
    pub duplicates: Vec<Activity>,
    pub failed: Vec<Failed>,
}

/// A file that could not be read, with the reason.
#[derive(Debug, Serialize)]
pub struct Failed {
    pub file: String,
    pub error: String,
}

/// Decodes the uploaded files, skips what is already stored, stores the rest.
async fn import(state: &AppState, files: Vec<(String, Bytes)>) -> Result<ImportSummary, ApiError> {
    let mut summary = ImportSummary::default();
    let mut decoded = Vec::new();
    for (name, bytes) in files {
        let label = name.clone();
        let report = tokio::task::spawn_blocking(move || runs::import_bytes(&name, &bytes))
            .await
            .map_err(|e| ApiError::internal(format!("decoding {label} stopped: {e}")))?;
        decoded.extend(report.activities);
        summary
            .failed
            .extend(report.errors.into_iter().map(|e| Failed {
                file: e.file().to_string(),
                error: e.to_string(),
            }));
    }
    let mut known = state.store().activities(None).await?;
    let (new, duplicates) = runs::split_new(&mut known, decoded);
    let added = state.store().add_activities(&new).await?;
    state.invalidate();
    for (activity, added) in new.into_iter().zip(added) {
        if added {
            summary.imported.push(activity);
        } else {
            summary.duplicates.push(activity);
        }
    }
    summary.duplicates.extend(duplicates);
    Ok(summary)
}

// ---------------------------------------------------------------- API

#[derive(Deserialize)]
struct UploadQuery {
    file: Option<String>,
}

/// `POST /api/v1/activities?file=NAME` with the file's bytes as the body.
async fn upload_raw(
    State(state): State<AppState>,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<Json<ImportSummary>, ApiError> {
    let name = query.file.filter(|f| !f.trim().is_empty()).ok_or_else(|| {
        ApiError::bad_request("name the file in the query, e.g. ?file=morning-run.fit")
    })?;
    if body.is_empty() {
        return Err(ApiError::bad_request(format!(
            "{name} is empty: send the file's bytes as the request body"
        )));
    }
    Ok(Json(import(&state, vec![(name, body)]).await?))
}

#[derive(Deserialize)]
struct ListQuery {
    /// Only activities starting on or after this day, `YYYY-MM-DD`.
    from: Option<String>,
}

/// `GET /api/v1/activities`: stored activities, oldest first.
async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let since = match query.from {
        Some(text) => Some(start_of_day_ms(text.trim().parse::<Date>().map_err(
            |_| ApiError::bad_request(format!("from={text:?} is not a date: expected YYYY-MM-DD")),
        )?)),
        None => None,
    };
    let activities = state.store().activities(since).await?;
    Ok(Json(serde_json::json!({ "activities": activities })))
}

// ---------------------------------------------------------------- page

struct WeekRow {
    week: String,
    runs: usize,
    km: String,
    long_km: String,
    time: String,
    glute_days: usize,
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
            let summary = import(&state, files).await?;
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
    let today = state.today();
    let first_week = monday(today)
        .checked_sub(jiff::Span::new().weeks(WEEKS_SHOWN - 1))
        .unwrap_or(today);
    let since = first_week.yesterday().unwrap_or(first_week);
    let activities = state
        .store()
        .activities(Some(start_of_day_ms(since)))
        .await?;
    let sessions = state
        .store()
        .sessions(Some(first_week), Some(today))
        .await?;

    let mut by_week: BTreeMap<Date, (runs::WeekSummary, usize)> = BTreeMap::new();
    let mut week = first_week;
    while week <= today {
        by_week.insert(week, (empty_week(week), 0));
        week = week
            .checked_add(jiff::Span::new().weeks(1))
            .unwrap_or(Date::MAX);
    }
    for summary in runs::weekly_summaries(&activities, &jiff::tz::TimeZone::system()) {
        if let Some(row) = summary
            .week_start
            .parse::<Date>()
            .ok()
            .and_then(|w| by_week.get_mut(&w))
        {
            row.0 = summary;
        }
    }
    let glute_days: BTreeSet<Date> = sessions
        .iter()
        .filter(|s| !s.sets.is_empty())
        .map(|s| s.date)
        .collect();
    for day in glute_days {
        if let Some(row) = by_week.get_mut(&monday(day)) {
            row.1 += 1;
        }
    }
    let chart = week_chart(&by_week);
    let weeks = by_week
        .iter()
        .rev()
        .filter(|(_, (summary, glute))| summary.runs > 0 || *glute > 0)
        .map(|(week, (summary, glute))| WeekRow {
            week: week.strftime("%-d %b").to_string(),
            runs: summary.runs,
            km: format!("{:.1}", summary.distance_m / 1000.0),
            long_km: format!("{:.1}", summary.long_run_m / 1000.0),
            time: duration(summary.moving_s),
            glute_days: *glute,
        })
        .collect();

    let advice = state.snapshot().await?.running.clone();
    let zone = jiff::tz::TimeZone::system();
    let recent = activities
        .iter()
        .rev()
        .take(10)
        .map(|a| activity_row(a, &zone))
        .collect();
    Ok(RunsPage {
        page: layout("Runs", "runs"),
        chart,
        weeks,
        advice,
        recent,
        total: activities.len(),
        weeks_shown: WEEKS_SHOWN,
        summary,
        error,
    })
}

/// What the running log suggests for `today` (see `coach::running`), from
/// the activities of the look-back window, `sessions` and the race date.
/// Pages read it from the shared snapshot.
pub(crate) async fn running_advice(
    state: &AppState,
    sessions: &[coach::Session],
    today: Date,
) -> Result<Vec<RunAdvice>, ApiError> {
    let weeks = i64::from(coach::running::LOOKBACK_WEEKS) + 1;
    let since = today
        .checked_sub(jiff::Span::new().weeks(weeks))
        .unwrap_or(today);
    let activities = state
        .store()
        .activities(Some(start_of_day_ms(since)))
        .await?;
    let race = state
        .store()
        .setting(RACE_DATE_SETTING)
        .await?
        .and_then(|t| t.parse::<Date>().ok());
    let zone = jiff::tz::TimeZone::system();
    Ok(coach::running::advise_from_activities(
        &activities,
        &zone,
        sessions,
        today,
        race,
    ))
}

fn empty_week(week: Date) -> runs::WeekSummary {
    let iso = week.iso_week_date();
    runs::WeekSummary {
        iso_year: iso.year(),
        iso_week: iso.week(),
        week_start: week.to_string(),
        runs: 0,
        distance_m: 0.0,
        moving_s: 0.0,
        duration_s: 0.0,
        long_run_m: 0.0,
    }
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

/// Distance per week as bars, glute days per week as dots above them, on one
/// time axis.
fn week_chart(weeks: &BTreeMap<Date, (runs::WeekSummary, usize)>) -> String {
    let labels: Vec<String> = weeks
        .keys()
        .map(|w| w.strftime("%-d %b").to_string())
        .collect();
    let km: Vec<f64> = weeks.values().map(|(s, _)| s.distance_m / 1000.0).collect();
    let glute: Vec<usize> = weeks.values().map(|(_, g)| *g).collect();
    let total_km: f64 = km.iter().sum();
    let total_glute: usize = glute.iter().sum();
    let label = format!(
        "Running distance per week for the last {} weeks ({total_km:.0} km in all), with the days of glute work in each week as dots ({total_glute} days)",
        weeks.len()
    );
    let bars = charts::bars(&label, &labels, &km, " km");
    // Dots: drawn into the same viewBox, one row per day done, above the axis labels.
    let Some(end) = bars.rfind("</svg>") else {
        return bars;
    };
    let mut dots = String::new();
    let (left, right, width) = (34.0, 8.0, 340.0);
    let slot = (width - left - right) / glute.len().max(1) as f64;
    for (i, days) in glute.iter().enumerate() {
        let x = left + slot * (i as f64 + 0.5);
        for d in 0..(*days).min(7) {
            let _ = write!(
                dots,
                "<circle class=\"dot s1\" cx=\"{x:.1}\" cy=\"{:.1}\" r=\"2.6\"/>",
                14.0 + d as f64 * 6.5
            );
        }
    }
    format!("{}{dots}{}", &bars[..end], &bars[end..])
}

/// The Monday of `day`'s ISO week.
fn monday(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

/// Midnight UTC of `day`, in Unix milliseconds.
fn start_of_day_ms(day: Date) -> i64 {
    day.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(i64::MIN, |z| z.timestamp().as_millisecond())
}
