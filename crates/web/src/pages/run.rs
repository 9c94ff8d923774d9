//! One run's own page (`/runs/{id}`): its totals, pace and heart-rate
//! charts over the distance (or the time, when the file has no distance),
//! the kilometre splits, the pauses, what the importer assumed and warned
//! about, and the glute work in the days around it. The run and the days
//! around it come from the application layer (`App::run_detail`).

use askama::Template;
use axum::extract::{Path, State};
use runs::TrackPoint;

use super::{Layout, PageError, PageResult, day, duration, layout, render};
use crate::error::ApiError;
use crate::{AppState, run_charts};

/// Slower than this (16:40 /km) the pace chart leaves a gap: standing or
/// walking, not running pace (our threshold).
const SLOWEST_CHARTED_MPS: f64 = 1.0;

struct SplitRow {
    km: String,
    time: String,
    pace: String,
    hr: String,
    cadence: String,
}

struct PauseRow {
    at: String,
    length: String,
}

struct GluteRow {
    day: String,
    when: String,
    sets: String,
}

#[derive(Template)]
#[template(path = "run.html")]
struct RunPage {
    page: Layout,
    id: i64,
    heading: String,
    facts: Vec<(String, String)>,
    file: String,
    pace_chart: Option<String>,
    hr_chart: Option<String>,
    splits: Vec<SplitRow>,
    pauses: Vec<PauseRow>,
    assumptions: Vec<String>,
    warnings: Vec<String>,
    glute: Vec<GluteRow>,
    days_around: i64,
}

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id: i64 = id.parse().map_err(|_| {
        PageError::from(ApiError::not_found(format!(
            "there is no run {:?}: a run's address ends with its number, as the Runs page links it",
            id.chars().take(30).collect::<String>()
        )))
    })?;
    let detail = state.app().run_detail(id).await?;
    let a = &detail.activity;
    let sport = sport_name(a.sport);
    let mut facts = vec![
        (
            "Distance".to_string(),
            format!("{:.2} km", a.distance_m / 1000.0),
        ),
        ("Moving".to_string(), duration(a.moving_s)),
        ("Elapsed".to_string(), duration(a.duration_s)),
    ];
    if let Some(p) = a.pace_s_per_km {
        facts.push(("Pace".into(), pace(p)));
    }
    if let Some(hr) = a.avg_hr {
        facts.push(("Heart rate".into(), format!("{hr:.0} bpm")));
    }
    if let Some(c) = a.avg_cadence_spm {
        facts.push(("Cadence".into(), format!("{c:.0} spm")));
    }
    if let Some(g) = a.elevation_gain_m {
        facts.push(("Climb".into(), format!("{g:.0} m")));
    }
    let (pace_chart, hr_chart) = charts(&a.track);
    let splits = a
        .splits
        .iter()
        .map(|s| SplitRow {
            km: if s.partial {
                format!("{:.2}", f64::from(s.index - 1) + s.distance_m / 1000.0)
            } else {
                s.index.to_string()
            },
            time: duration(s.moving_s),
            pace: s.pace_s_per_km.map_or_else(|| "-".into(), pace),
            hr: s.avg_hr.map_or_else(|| "-".into(), |v| format!("{v:.0}")),
            cadence: s
                .avg_cadence_spm
                .map_or_else(|| "-".into(), |v| format!("{v:.0}")),
        })
        .collect();
    let pauses = a
        .pauses
        .iter()
        .map(|p| PauseRow {
            at: duration(p.start_s),
            length: duration(p.duration_s),
        })
        .collect();
    let glute = detail
        .glute_days
        .iter()
        .map(|g| GluteRow {
            day: day(g.date),
            when: match g.days_from_run {
                0 => "same day".into(),
                d if d < 0 => format!("{} before", days(d.unsigned_abs())),
                d => format!("{} after", days(d.unsigned_abs())),
            },
            sets: coach::words::count(g.sets as u64, "set"),
        })
        .collect();
    Ok(render(&RunPage {
        page: layout(format!("{sport} on {}", day(detail.date)), "runs"),
        id: detail.id,
        heading: format!("{} · {sport}", day(detail.date)),
        facts,
        file: a.file.clone(),
        pace_chart,
        hr_chart,
        splits,
        pauses,
        assumptions: a.assumptions.clone(),
        warnings: a.warnings.clone(),
        glute,
        days_around: app::run_history::DAYS_AROUND_RUN,
    }))
}

fn days(n: u64) -> String {
    coach::words::count(n, "day")
}

pub(super) fn sport_name(sport: runs::Sport) -> String {
    serde_json::to_value(sport)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
        .unwrap_or_default()
}

pub(super) fn pace(seconds_per_km: f64) -> String {
    let total = seconds_per_km.round() as u64;
    format!("{}:{:02} /km", total / 60, total % 60)
}

/// The pace and heart-rate charts, over kilometres when the track has
/// distances, else over minutes; `None` when a channel has nothing.
fn charts(track: &[TrackPoint]) -> (Option<String>, Option<String>) {
    let by_distance = track.iter().filter(|p| p.distance_m.is_some()).count() * 2 > track.len();
    let x = |p: &TrackPoint| {
        if by_distance {
            p.distance_m.map(|d| d / 1000.0)
        } else {
            Some(p.elapsed_s / 60.0)
        }
    };
    let axis = if by_distance { "km" } else { "min" };
    let pace_points: Vec<(f64, Option<f64>)> = track
        .iter()
        .filter_map(|p| {
            let speed = p.speed_mps.filter(|s| *s >= SLOWEST_CHARTED_MPS);
            x(p).map(|x| (x, speed.map(|s| 1000.0 / s)))
        })
        .collect();
    let hr_points: Vec<(f64, Option<f64>)> = track
        .iter()
        .filter_map(|p| x(p).map(|x| (x, p.heart_rate_bpm.filter(|h| *h > 0.0))))
        .collect();
    let has =
        |points: &[(f64, Option<f64>)]| points.iter().filter(|(_, y)| y.is_some()).count() > 1;
    let pace_chart = has(&pace_points).then(|| {
        run_charts::line_over(
            &format!("Pace over the run, per {axis}; faster is higher"),
            &pace_points,
            axis,
            &|v| {
                let t = v.round() as u64;
                format!("{}:{:02}", t / 60, t % 60)
            },
            30.0,
            true,
        )
    });
    let hr_chart = has(&hr_points).then(|| {
        run_charts::line_over(
            &format!("Heart rate over the run, beats per minute, per {axis}"),
            &hr_points,
            axis,
            &|v| format!("{v:.0}"),
            10.0,
            false,
        )
    });
    (pace_chart, hr_chart)
}
