//! The server-rendered pages: Today, Go, History (with edit and delete),
//! Progress, Library, Check and Settings. Each handler gathers plain view
//! structs and renders an askama template compiled into the binary; every
//! page except the live session works without JavaScript (forms post back
//! and redirect).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use coach::assessment::{Answers, GluteFeel, PerSide, Questionnaire, SquatChecklist, Stance};
use coach::{Felt, Session};
use jiff::ToSpan;
use jiff::civil::Date;

use crate::api::{self, SessionEdit, Settings};
use crate::error::{ApiError, parse_id};
use crate::{AppState, assets, charts};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(today))
        .route("/go", get(go))
        .route("/history", get(history))
        .route("/history/{id}/edit", get(edit_form).post(edit_submit))
        .route("/history/{id}/delete", get(delete_form).post(delete_submit))
        .route("/progress", get(progress))
        .route("/library", get(library))
        .route("/library/{id}", get(exercise))
        .route("/check", get(check).post(check_submit))
        .route("/settings", get(settings).post(settings_submit))
        .fallback(not_found)
}

/// What every page's frame needs.
pub(crate) struct Layout {
    pub title: String,
    pub nav: &'static str,
    pub v: &'static str,
}

pub(crate) fn layout(title: impl Into<String>, nav: &'static str) -> Layout {
    Layout {
        title: title.into(),
        nav,
        v: assets::version(),
    }
}

/// A page error: the API error drawn as a small HTML page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}
impl From<store::StoreError> for PageError {
    fn from(e: store::StoreError) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Layout,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            page: layout("Not found", ""),
            status: self.0.status.as_u16(),
            message: self.0.message,
        };
        (self.0.status, render(&page)).into_response()
    }
}

pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

pub(crate) type PageResult = Result<Response, PageError>;

async fn not_found() -> PageError {
    PageError(ApiError::not_found("there is no page at this address"))
}

// ---------------------------------------------------------------- helpers

pub(crate) use coach::words::{day, dose, duration, seconds};

fn figure(id: &str, t: f64, label: &str) -> String {
    coach::figure::poses(id)
        .map(|p| p.svg(t, label))
        .unwrap_or_default()
}

/// The single-leg bridge self-test over time, left and right.
fn bridge_trend_chart(report: &coach::assessment::Report, label: &str) -> String {
    let labels: Vec<String> = report
        .bridge_trend
        .iter()
        .map(|p| p.date.strftime("%-d %b").to_string())
        .collect();
    let side = |pick: fn(&coach::assessment::BridgePoint) -> Option<u32>| {
        report
            .bridge_trend
            .iter()
            .map(|p| pick(p).map(f64::from))
            .collect()
    };
    charts::lines(
        label,
        &labels,
        &[("left", side(|p| p.left)), ("right", side(|p| p.right))],
        "",
        false,
    )
}

// ---------------------------------------------------------------- today

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

async fn today(State(state): State<AppState>) -> PageResult {
    let view = api::today_view(&state).await?;
    let plan = &view.prescription;
    let running = state
        .snapshot()
        .await?
        .running
        .iter()
        .map(|a| a.text.clone())
        .collect();
    let segments = coach::guide::timeline(&plan.items, state.library());
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
        date: day(view.date),
        heading: if plan.rest_day { "Rest day" } else { "Today" },
        stage: format!(
            "Stage {} of {}: {} ({})",
            plan.stage.number,
            plan.stage.of,
            plan.stage.name,
            plan.stage.frequency.describe()
        ),
        advice: plan.advice.clone(),
        running,
        items,
        why: plan.why.clone(),
        changes: plan.changes.clone(),
        done_today: plan.done_today,
        streak: view.stats.streak_days,
        habit: view.stats.habit.clone(),
        minutes: duration(coach::guide::total_seconds(&segments)),
    }))
}

// ---------------------------------------------------------------- go

#[derive(Template)]
#[template(path = "go.html")]
struct GoPage {
    page: Layout,
}

async fn go() -> Response {
    render(&GoPage {
        page: layout("Go", "go"),
    })
}

// ---------------------------------------------------------------- history

struct SetView {
    text: String,
}

struct SessionView {
    id: i64,
    date: String,
    source: &'static str,
    sets: Vec<SetView>,
    summary: String,
    answers: String,
    note: Option<String>,
    unfinished: bool,
}

fn session_view(state: &AppState, s: &Session) -> SessionView {
    let mut answers = Vec::new();
    if let Some(rpe) = s.feedback.rpe {
        answers.push(format!("effort {rpe}/10"));
    }
    if let Some(felt) = s.feedback.felt {
        answers.push(format!("felt in {}", felt.as_str().replace('-', " ")));
    }
    if let Some(pain) = s.feedback.pain {
        answers.push(format!("pain {pain}/10"));
    }
    SessionView {
        id: s.id,
        date: day(s.date),
        source: s.source.as_str(),
        sets: s
            .sets
            .iter()
            .map(|set| {
                let name = state
                    .library()
                    .get(&set.exercise)
                    .map_or(set.exercise.as_str(), |e| e.name.as_str());
                SetView {
                    text: format!(
                        "{name}: {} of {} reps{}",
                        set.reps,
                        set.target_reps,
                        set.side.map(|s| format!(", {s}")).unwrap_or_default()
                    ),
                }
            })
            .collect(),
        summary: format!(
            "{} set{}, {} reps, {} under tension",
            s.sets.len(),
            if s.sets.len() == 1 { "" } else { "s" },
            s.total_reps(),
            duration(s.tension_s())
        ),
        answers: answers.join(" · "),
        note: s.note.clone(),
        unfinished: s.finished_at_ms.is_none(),
    }
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    page: Layout,
    heatmap: String,
    days_done: usize,
    sessions: Vec<SessionView>,
    older: Option<usize>,
    newer: Option<usize>,
}

/// Weeks shown in the heat map.
const HEAT_WEEKS: i64 = 18;

fn heatmap(sessions: &[Session], today: Date) -> (String, usize) {
    let mut sets_by_day: BTreeMap<Date, usize> = BTreeMap::new();
    for s in sessions.iter().filter(|s| !s.sets.is_empty()) {
        *sets_by_day.entry(s.date).or_default() += s.sets.len();
    }
    let offset = i64::from(today.weekday().to_monday_zero_offset());
    let start = today
        .checked_sub((offset + 7 * (HEAT_WEEKS - 1)).days())
        .unwrap_or(today);
    let cell = 16.0;
    let left = 22.0;
    let width = left + HEAT_WEEKS as f64 * cell;
    let mut cells = String::new();
    let mut days_done = 0;
    let mut day = start;
    let mut index = 0_i64;
    while day <= today {
        let sets = sets_by_day.get(&day).copied().unwrap_or(0);
        if sets > 0 {
            days_done += 1;
        }
        let level = match sets {
            0 => 0,
            1..=2 => 1,
            3..=4 => 2,
            _ => 3,
        };
        let (week, weekday) = (index / 7, index % 7);
        cells.push_str(&format!(
            "<rect class=\"heat l{level}\" x=\"{:.0}\" y=\"{:.0}\" width=\"13\" height=\"13\" rx=\"3\"><title>{}: {}</title></rect>",
            left + week as f64 * cell,
            4.0 + weekday as f64 * cell,
            day,
            if sets == 0 {
                "rest".to_string()
            } else {
                format!("{sets} set{}", if sets == 1 { "" } else { "s" })
            }
        ));
        index += 1;
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    let labels: String = [(0, "M"), (2, "W"), (4, "F")]
        .iter()
        .map(|(row, text)| {
            format!(
                "<text class=\"tick\" x=\"2\" y=\"{:.0}\">{text}</text>",
                15.0 + f64::from(*row) * cell
            )
        })
        .collect();
    let svg = format!(
        "<svg class=\"heatmap\" viewBox=\"0 0 {width:.0} {:.0}\" role=\"img\" aria-label=\"Days trained in the last {HEAT_WEEKS} weeks: {days_done}\">{labels}{cells}</svg>",
        8.0 + 7.0 * cell
    );
    (svg, days_done)
}

/// Sessions per page of History.
const HISTORY_PAGE: usize = 30;

async fn history(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    let snapshot = state.snapshot().await?;
    let sessions = &snapshot.sessions;
    let (heatmap, days_done) = heatmap(sessions, snapshot.today);
    let page: usize = query
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let views = sessions
        .iter()
        .rev()
        .skip((page - 1) * HISTORY_PAGE)
        .take(HISTORY_PAGE)
        .map(|s| session_view(&state, s))
        .collect();
    let older = (sessions.len() > page * HISTORY_PAGE).then(|| page + 1);
    let newer = (page > 1).then(|| page - 1);
    Ok(render(&HistoryPage {
        page: layout("History", "history"),
        heatmap,
        days_done,
        sessions: views,
        older,
        newer,
    }))
}

async fn find_session(state: &AppState, id: &str) -> Result<Session, PageError> {
    let id = parse_id(id, "session")?;
    state
        .store()
        .session(id)
        .await?
        .ok_or_else(|| PageError(ApiError::not_found(format!("session {id} does not exist"))))
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    page: Layout,
    session: SessionView,
    date: String,
    today: String,
    rpe: String,
    felt: String,
    pain: String,
    note: String,
    felts: Vec<(&'static str, String)>,
    error: Option<String>,
}

fn edit_page(state: &AppState, s: &Session, error: Option<String>) -> EditPage {
    EditPage {
        page: layout("Edit session", "history"),
        session: session_view(state, s),
        date: s.date.to_string(),
        today: state.today().to_string(),
        rpe: s.feedback.rpe.map(|v| v.to_string()).unwrap_or_default(),
        felt: s
            .feedback
            .felt
            .map(|f| f.as_str().to_string())
            .unwrap_or_default(),
        pain: s.feedback.pain.map(|v| v.to_string()).unwrap_or_default(),
        note: s.note.clone().unwrap_or_default(),
        felts: Felt::ALL
            .iter()
            .map(|f| (f.as_str(), f.as_str().replace('-', " ")))
            .collect(),
        error,
    }
}

async fn edit_form(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let session = find_session(&state, &id).await?;
    Ok(render(&edit_page(&state, &session, None)))
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(
    form: &HashMap<String, String>,
    name: &str,
    what: &str,
) -> Result<Option<T>, ApiError> {
    field(form, name)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| ApiError::invalid(format!("{what} {v:?} is not a whole number")))
        })
        .transpose()
}

async fn edit_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let session = find_session(&state, &id).await?;
    let parsed = (|| -> Result<SessionEdit, ApiError> {
        Ok(SessionEdit {
            date: field(&form, "date")
                .map(|d| {
                    d.parse::<Date>().map_err(|_| {
                        ApiError::invalid(format!("date {d:?} is not a date: expected YYYY-MM-DD"))
                    })
                })
                .transpose()?,
            rpe: number(&form, "rpe", "effort")?,
            felt: field(&form, "felt")
                .map(|f| {
                    f.parse::<Felt>()
                        .map_err(|e| ApiError::invalid(e.to_string()))
                })
                .transpose()?,
            pain: number(&form, "pain", "pain")?,
            note: Some(form.get("note").cloned().unwrap_or_default()),
        })
    })();
    let result = match parsed {
        Ok(edit) => api::edit_session(&state, session.id, edit).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/history").into_response()),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut response = render(&edit_page(&state, &session, Some(e.message)));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "delete.html")]
struct DeletePage {
    page: Layout,
    session: SessionView,
}

async fn delete_form(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let session = find_session(&state, &id).await?;
    Ok(render(&DeletePage {
        page: layout("Delete session", "history"),
        session: session_view(&state, &session),
    }))
}

async fn delete_submit(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id, "session")?;
    let deleted = state.store().delete_session(id).await;
    state.invalidate();
    if !deleted? {
        return Err(ApiError::not_found(format!("session {id} does not exist")).into());
    }
    Ok(Redirect::to("/history").into_response())
}

// ---------------------------------------------------------------- progress

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

async fn progress(State(state): State<AppState>) -> PageResult {
    let snapshot = state.snapshot().await?;
    let (sessions, assessments) = (&snapshot.sessions, &snapshot.assessments);
    let today = snapshot.today;
    let stats = &snapshot.stats;
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(today);
    let first = monday
        .checked_sub((7 * (CHART_WEEKS - 1)).days())
        .unwrap_or(monday);
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
            .and_then(|id| state.program().stage_index(id))
            .map(|i| i as f64 + 1.0);
        level_labels.push(s.date.strftime("%-d %b").to_string());
        levels.push(stage);
    }
    let report = coach::assessment::report(assessments);
    let selftest = report.as_ref().map(|r| {
        bridge_trend_chart(
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
            "{} sessions · {} sets · {} reps · {} under tension · longest streak {} day{}",
            stats.sessions,
            stats.total_sets,
            stats.total_reps,
            duration(stats.time_under_tension_s),
            stats.longest_streak_days,
            if stats.longest_streak_days == 1 {
                ""
            } else {
                "s"
            }
        ),
    }))
}

// ---------------------------------------------------------------- library

struct ExerciseCard {
    id: String,
    name: String,
    summary: String,
    level: &'static str,
    start: String,
    top: String,
}

#[derive(Template)]
#[template(path = "library.html")]
struct LibraryPage {
    page: Layout,
    exercises: Vec<ExerciseCard>,
}

async fn library(State(state): State<AppState>) -> Response {
    let exercises = state
        .library()
        .all()
        .into_iter()
        .map(|e| ExerciseCard {
            id: e.id.clone(),
            name: e.name.clone(),
            summary: e.summary.clone(),
            level: e.level.as_str(),
            start: figure(&e.id, 0.0, &format!("{}: start position", e.name)),
            top: figure(&e.id, 1.0, &format!("{}: top position", e.name)),
        })
        .collect();
    render(&LibraryPage {
        page: layout("Library", "library"),
        exercises,
    })
}

struct Link {
    id: String,
    name: String,
}

#[derive(Template)]
#[template(path = "exercise.html")]
struct ExercisePage {
    page: Layout,
    e: coach::Exercise,
    level: &'static str,
    dose: String,
    start: String,
    top: String,
    easier: Vec<Link>,
    harder: Vec<Link>,
}

async fn exercise(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let e = state
        .library()
        .find(&id)
        .map_err(|err| PageError(ApiError::not_found(err.to_string())))?
        .clone();
    let links = |ids: &[String]| {
        ids.iter()
            .filter_map(|id| state.library().get(id))
            .map(|x| Link {
                id: x.id.clone(),
                name: x.name.clone(),
            })
            .collect::<Vec<_>>()
    };
    let t = &e.tempo;
    Ok(render(&ExercisePage {
        page: layout(e.name.clone(), "library"),
        level: e.level.as_str(),
        dose: format!(
            "{} × {}{} · tempo {}-{}-{} s · rest {} s · {}",
            e.dose.sets,
            e.dose.reps,
            if e.unilateral || e.dose.per_side {
                " each side"
            } else {
                ""
            },
            seconds(t.lift_s),
            seconds(t.top_s),
            seconds(t.lower_s),
            e.dose.rest_s,
            e.dose.frequency.describe()
        ),
        start: figure(&e.id, 0.0, &format!("{}: start position", e.name)),
        top: figure(&e.id, 1.0, &format!("{}: top position", e.name)),
        easier: links(&e.regressions),
        harder: links(&e.progressions),
        e,
    }))
}

// ---------------------------------------------------------------- check

struct CheckRow {
    date: String,
    left: String,
    right: String,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    page: Layout,
    error: Option<String>,
    saved: bool,
    report: Option<coach::assessment::Report>,
    trend: Option<String>,
    rows: Vec<CheckRow>,
}

async fn check_page(
    state: &AppState,
    error: Option<String>,
    saved: bool,
) -> Result<CheckPage, PageError> {
    let snapshot = state.snapshot().await?;
    let report = coach::assessment::report(&snapshot.assessments);
    let trend = report
        .as_ref()
        .filter(|r| r.bridge_trend.len() > 1)
        .map(|r| bridge_trend_chart(r, "Single-leg bridge reps, left and right"));
    let show = |v: Option<u32>| v.map_or("–".to_string(), |v| v.to_string());
    let rows = report
        .as_ref()
        .map(|r| {
            r.bridge_trend
                .iter()
                .rev()
                .map(|p| CheckRow {
                    date: day(p.date),
                    left: show(p.left),
                    right: show(p.right),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(CheckPage {
        page: layout("Check", "check"),
        error,
        saved,
        report,
        trend,
        rows,
    })
}

async fn check(State(state): State<AppState>) -> PageResult {
    Ok(render(&check_page(&state, None, false).await?))
}

fn answers_from_form(form: &HashMap<String, String>) -> Result<Answers, ApiError> {
    let sitting = field(form, "sitting")
        .ok_or_else(|| ApiError::invalid("hours of sitting per day is required"))?;
    let sitting_hours_per_day = sitting
        .parse::<f64>()
        .map_err(|_| ApiError::invalid(format!("hours of sitting {sitting:?} is not a number")))?;
    let runs_per_week = number::<u32>(form, "runs", "runs per week")?
        .ok_or_else(|| ApiError::invalid("runs per week is required"))?;
    let can_feel_glutes = match field(form, "feel") {
        Some("yes") => GluteFeel::Yes,
        Some("sometimes") => GluteFeel::Sometimes,
        Some("no") => GluteFeel::No,
        _ => {
            return Err(ApiError::invalid(
                "say whether you can feel your glutes in a bridge: yes, sometimes or no",
            ));
        }
    };
    let injuries = field(form, "injuries")
        .map(|t| {
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let squat = |side: &str| {
        let on = |name: &str| form.contains_key(&format!("{side}_{name}"));
        let checklist = SquatChecklist {
            knee_drifts_inward: on("knee"),
            pelvis_drops_or_tilts: on("pelvis"),
            trunk_leans_or_twists: on("trunk"),
            loses_balance: on("balance"),
            depth_uncontrolled: on("depth"),
        };
        form.contains_key(&format!("{side}_squat"))
            .then_some(checklist)
    };
    let stance = |side: &str| match field(form, &format!("{side}_stance")) {
        Some("level") => Some(Stance::Level),
        Some("drops") => Some(Stance::Drops),
        _ => None,
    };
    Ok(Answers {
        pain_now: None,
        questionnaire: Questionnaire {
            sitting_hours_per_day,
            runs_per_week,
            cross_training: form.contains_key("cross"),
            past_overuse_injuries: injuries,
            can_feel_glutes,
        },
        single_leg_bridge_reps: PerSide {
            left: number(form, "left_bridge", "left bridge reps")?,
            right: number(form, "right_bridge", "right bridge reps")?,
        },
        single_leg_squat: PerSide {
            left: squat("left"),
            right: squat("right"),
        },
        trendelenburg: PerSide {
            left: stance("left"),
            right: stance("right"),
        },
        note: field(form, "note").map(str::to_string),
    })
}

async fn check_submit(
    State(state): State<AppState>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let result = match answers_from_form(&form) {
        Ok(answers) => api::save_check(&state, answers).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(render(&check_page(&state, None, true).await?)),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut response = render(&check_page(&state, Some(e.message), false).await?);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- settings

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    page: Layout,
    s: Settings,
    saved: bool,
    error: Option<String>,
}

async fn settings(State(state): State<AppState>) -> PageResult {
    let s = api::load_settings(&state).await?;
    Ok(render(&SettingsPage {
        page: layout("Settings", "settings"),
        s,
        saved: false,
        error: None,
    }))
}

fn settings_from_form(form: &HashMap<String, String>) -> Result<Settings, ApiError> {
    let float = |name: &str, what: &str, default: f64| -> Result<f64, ApiError> {
        match field(form, name) {
            Some(v) => v
                .parse::<f64>()
                .map_err(|_| ApiError::invalid(format!("{what} {v:?} is not a number"))),
            None => Ok(default),
        }
    };
    Ok(Settings {
        voice: form.contains_key("voice"),
        speech_rate: float("speech_rate", "speech rate", 1.0)?,
        tempo: float("tempo", "tempo", 1.0)?,
        rest_s: number(form, "rest_s", "rest")?.unwrap_or(0),
        units: field(form, "units").unwrap_or("metric").to_string(),
        reminder: field(form, "reminder").unwrap_or("").to_string(),
    })
}

async fn settings_submit(
    State(state): State<AppState>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let s = match settings_from_form(&form) {
        Ok(s) => s,
        Err(e) => {
            return Ok(settings_error(api::load_settings(&state).await?, e));
        }
    };
    match api::save_settings(&state, &s).await {
        Ok(()) => Ok(render(&SettingsPage {
            page: layout("Settings", "settings"),
            s,
            saved: true,
            error: None,
        })),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => Ok(settings_error(s, e)),
        Err(e) => Err(e.into()),
    }
}

fn settings_error(s: Settings, e: ApiError) -> Response {
    let mut response = render(&SettingsPage {
        page: layout("Settings", "settings"),
        s,
        saved: false,
        error: Some(e.message),
    });
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}
