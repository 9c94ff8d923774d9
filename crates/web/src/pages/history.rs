//! History: the training calendar and the sessions, newest first, grouped
//! by week in compact cards that name what was done (the sets behind a
//! disclosure), with a form to correct a session's day, answers or note and
//! one to delete it.

use std::collections::BTreeMap;

use app::sessions::SessionEdit;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use coach::{Felt, Session};
use jiff::civil::Date;
use serde::Deserialize;

use super::forms::{filled, optional};
use super::{Layout, PageResult, day, duration, layout, refused, render};
use crate::error::parse_id;
use crate::{AppState, charts};

struct SetView {
    text: String,
}

struct SessionView {
    id: i64,
    date: String,
    source: &'static str,
    /// What was done, exercise by exercise ("Clamshell 2 × 12 each side").
    done: Vec<String>,
    sets: Vec<SetView>,
    summary: String,
    answers: String,
    note: Option<String>,
    no_answers: bool,
}

/// How a session came to be, in a runner's words.
fn source_words(source: coach::Source) -> &'static str {
    match source {
        coach::Source::Web | coach::Source::Terminal => "guided",
        coach::Source::Log => "logged by hand",
        coach::Source::Import => "imported",
    }
}

/// Each exercise of a session with its sets: "Bridge 3 × 10" when every set
/// had the same reps, else "Bridge 3 sets: 10, 8, 6 reps"; sides named.
fn exercises_done(state: &AppState, s: &Session) -> Vec<String> {
    let mut order: Vec<&str> = Vec::new();
    for set in &s.sets {
        if !order.contains(&set.exercise.as_str()) {
            order.push(&set.exercise);
        }
    }
    order
        .into_iter()
        .map(|id| {
            let sets: Vec<&coach::SetRecord> = s.sets.iter().filter(|x| x.exercise == id).collect();
            let reps: Vec<u32> = sets.iter().map(|x| x.reps).collect();
            let name = state.app().exercise_name(id);
            let mut sides: Vec<String> = sets
                .iter()
                .filter_map(|x| x.side.map(|side| side.to_string()))
                .collect();
            sides.dedup();
            let sides = match sides.len() {
                0 => String::new(),
                1 => format!(", {}", sides[0]),
                _ => " (left and right)".to_string(),
            };
            if reps.iter().all(|r| *r == reps[0]) {
                format!("{name} {} × {}{sides}", reps.len(), reps[0])
            } else {
                let list: Vec<String> = reps.iter().map(u32::to_string).collect();
                format!(
                    "{name} {}: {} reps{sides}",
                    coach::words::count(reps.len() as u64, "set"),
                    list.join(", ")
                )
            }
        })
        .collect()
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
        source: source_words(s.source),
        done: exercises_done(state, s),
        sets: s
            .sets
            .iter()
            .map(|set| {
                let name = state.app().exercise_name(&set.exercise);
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
            "{} · {} · {} under tension",
            coach::words::count(s.sets.len() as u64, "set"),
            coach::words::count(s.total_reps(), "rep"),
            duration(s.tension_s())
        ),
        answers: answers.join(" · "),
        note: s.note.clone(),
        no_answers: s.feedback == coach::Feedback::default(),
    }
}

/// The sessions of one week.
struct WeekView {
    heading: String,
    sessions: Vec<SessionView>,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    page: Layout,
    heatmap: String,
    days_done: usize,
    empty: bool,
    weeks: Vec<WeekView>,
    older: Option<usize>,
    newer: Option<usize>,
}

/// Sessions per page of History.
const HISTORY_PAGE: usize = 30;

#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> PageResult {
    let snapshot = state.app().snapshot().await?;
    let sessions = &snapshot.sessions;
    let mut sets_by_day: BTreeMap<Date, usize> = BTreeMap::new();
    for s in sessions.iter().filter(|s| !s.sets.is_empty()) {
        *sets_by_day.entry(s.date).or_default() += s.sets.len();
    }
    let (heatmap, days_done) = charts::heatmap(&sets_by_day, snapshot.today);
    let page: usize = query
        .page
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let this_week = runs::week_start(snapshot.today);
    let mut weeks: Vec<(Date, WeekView)> = Vec::new();
    for s in sessions
        .iter()
        .rev()
        .skip((page - 1).saturating_mul(HISTORY_PAGE))
        .take(HISTORY_PAGE)
    {
        let week = runs::week_start(s.date);
        if weeks.last().is_none_or(|(w, _)| *w != week) {
            let heading = if week == this_week {
                "This week".to_string()
            } else {
                format!("Week of {}", week.strftime("%a %-d %b %Y"))
            };
            weeks.push((
                week,
                WeekView {
                    heading,
                    sessions: Vec::new(),
                },
            ));
        }
        if let Some((_, view)) = weeks.last_mut() {
            view.sessions.push(session_view(&state, s));
        }
    }
    let older = (sessions.len() > page.saturating_mul(HISTORY_PAGE)).then(|| page + 1);
    let newer = (page > 1).then(|| page - 1);
    Ok(render(&HistoryPage {
        page: layout("History", "history"),
        heatmap,
        days_done,
        empty: weeks.is_empty(),
        weeks: weeks.into_iter().map(|(_, w)| w).collect(),
        older,
        newer,
    }))
}

async fn find_session(state: &AppState, id: &str) -> Result<Session, super::PageError> {
    let id = parse_id(id, "session")?;
    Ok(state.app().session(id).await?)
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    page: Layout,
    session: SessionView,
    today: String,
    form: EditForm,
    felts: Vec<(&'static str, String)>,
    error: Option<String>,
}

/// The edit form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct EditForm {
    date: String,
    rpe: String,
    felt: String,
    pain: String,
    note: String,
}

impl EditForm {
    fn of(s: &Session) -> EditForm {
        EditForm {
            date: s.date.to_string(),
            rpe: s.feedback.rpe.map(|v| v.to_string()).unwrap_or_default(),
            felt: s
                .feedback
                .felt
                .map(|f| f.as_str().to_string())
                .unwrap_or_default(),
            pain: s.feedback.pain.map(|v| v.to_string()).unwrap_or_default(),
            note: s.note.clone().unwrap_or_default(),
        }
    }

    fn edit(&self) -> Result<SessionEdit, String> {
        Ok(SessionEdit {
            date: optional::<Date>(&self.date, "The training day", "a date")?,
            rpe: optional(&self.rpe, "Effort", "a whole number from 1 to 10")?,
            felt: filled(&self.felt)
                .map(|f| f.parse::<Felt>().map_err(|e| e.to_string()))
                .transpose()?,
            pain: optional(&self.pain, "Pain", "a whole number from 0 to 10")?,
            note: Some(self.note.clone()),
        })
    }
}

fn edit_page(state: &AppState, s: &Session, form: EditForm, error: Option<String>) -> EditPage {
    EditPage {
        page: layout("Edit session", "history"),
        session: session_view(state, s),
        today: state.app().clock().today().to_string(),
        form,
        felts: Felt::ALL
            .iter()
            .map(|f| (f.as_str(), f.as_str().replace('-', " ")))
            .collect(),
        error,
    }
}

pub(super) async fn edit_form(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let session = find_session(&state, &id).await?;
    Ok(render(&edit_page(
        &state,
        &session,
        EditForm::of(&session),
        None,
    )))
}

pub(super) async fn edit_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> PageResult {
    let session = find_session(&state, &id).await?;
    let result = match form.edit() {
        Ok(edit) => state.app().edit_session(session.id, &edit).await,
        Err(message) => Err(app::AppError::Invalid(message)),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/history").into_response()),
        Err(app::AppError::Invalid(message)) => {
            Ok(refused(&edit_page(&state, &session, form, Some(message))))
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

pub(super) async fn delete_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> PageResult {
    let session = find_session(&state, &id).await?;
    Ok(render(&DeletePage {
        page: layout("Delete session", "history"),
        session: session_view(&state, &session),
    }))
}

pub(super) async fn delete_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(&id, "session")?;
    state.app().delete_session(id).await?;
    Ok(Redirect::to("/history").into_response())
}
