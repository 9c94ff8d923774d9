//! The exercise library: every exercise with its start and top positions,
//! and one exercise in full (set-up, cues, faults, dose, the ladder around
//! it and the sources).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{Layout, PageError, PageResult, figure, layout, render, seconds};
use crate::AppState;
use crate::error::ApiError;

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

pub(super) async fn page(State(state): State<AppState>) -> Response {
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

pub(super) async fn exercise(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let e = state
        .library()
        .find(&id)
        .map_err(|err| {
            // In the page's words: the terminal's hint means nothing here.
            let hint = err
                .suggestion
                .as_deref()
                .and_then(|id| state.library().get(id))
                .map(|e| format!(": did you mean the {}? The Library lists them all", e.name))
                .unwrap_or_else(|| ": the Library lists them all".into());
            PageError(ApiError::not_found(format!(
                "there is no exercise {:?}{hint}",
                err.given.chars().take(40).collect::<String>()
            )))
        })?
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
