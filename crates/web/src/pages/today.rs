//! Today (the plan with its reasons, the running advice and the habit),
//! the two short forms the plan may ask for (the pain check-in before the
//! first set, and the answers of a session saved without them), the ways
//! to adapt the day (primer only, shorter, a swap), and the Go page that
//! plays the guided session. Every rule is the application layer's: the
//! page shows what the plan holds and posts what the runner answers.

use app::plan::{CheckInAnswers, GuideRequest};
use askama::Template;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use coach::Felt;
use coach::prescribe::Prescription;
use coach::running::AdviceKind;
use serde::Deserialize;

use super::forms::{Answers, filled, required, ticked};
use super::{Layout, PageResult, day, dose, duration, figure, layout, refused, render};
use crate::AppState;

struct ItemView {
    id: String,
    name: String,
    dose: String,
    optional: bool,
    side: Option<String>,
    focus: Option<String>,
    /// The item's own reason, when it says more than the day's.
    why: Option<String>,
    figure: String,
}

/// A way to adapt today's plan: a link to the player with the request.
struct Adapt {
    href: String,
    label: String,
}

/// The check-in form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct CheckInForm {
    pain_now: String,
    legs_heavy: Option<String>,
    /// Where to go next: the player, or Today.
    then: String,
}

impl CheckInForm {
    fn answers(&self) -> Result<CheckInAnswers, String> {
        Ok(CheckInAnswers {
            pain_now: required(
                &self.pain_now,
                "Pain right now",
                "a whole number from 0 to 10",
            )?,
            pain_lingered: None,
            legs_heavy: ticked(&self.legs_heavy),
        })
    }
}

/// The answers form of an unanswered session, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct AnswerForm {
    session: String,
    rpe: String,
    felt: String,
    pain: String,
}

impl AnswerForm {
    fn answers(&self) -> Answers {
        Answers {
            rpe: self.rpe.clone(),
            felt: self.felt.clone(),
            pain: self.pain.clone(),
        }
    }
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
    gate: Option<coach::prescribe::PainGate>,
    check_in: CheckInForm,
    check_in_error: Option<String>,
    unanswered: Option<coach::prescribe::Unanswered>,
    answer_error: Option<String>,
    q: Answers,
    felts: Vec<(&'static str, String)>,
    items: Vec<ItemView>,
    rest_day: bool,
    why: String,
    changes: Vec<String>,
    asymmetry: Option<String>,
    done_today: bool,
    streak: u32,
    habit: String,
    minutes: String,
    primer: Option<Adapt>,
    adapt: Vec<Adapt>,
}

/// The places a session may be felt, as the forms offer them.
pub(super) fn felts() -> Vec<(&'static str, String)> {
    Felt::ALL
        .iter()
        .map(|f| {
            let words = f.as_str().replace('-', " ");
            let mut chars = words.chars();
            let label = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
            (f.as_str(), label)
        })
        .collect()
}

/// How many seconds a request to the player takes, or `None` when the plan
/// cannot be adapted so or leaves nothing to play.
async fn seconds_of(state: &AppState, request: &GuideRequest) -> Option<f64> {
    let guide = state.app().guide(coach::Source::Web, request).await.ok()?;
    Some(guide.timeline.total_seconds).filter(|s| *s > 0.0)
}

/// The primer link (offered first when the running advice says a primer is
/// enough today) and the other ways to adapt the day.
async fn adaptations(
    state: &AppState,
    plan: &Prescription,
    full: f64,
) -> (Option<Adapt>, Vec<Adapt>) {
    if plan.items.is_empty() {
        return (None, Vec::new());
    }
    let primer_request = GuideRequest {
        primer: true,
        ..GuideRequest::default()
    };
    // Offered when it is shorter than the plan (or the advice asks for it).
    let primer_advised = plan.running.iter().any(|a| a.kind == AdviceKind::Primer);
    let primer = seconds_of(state, &primer_request)
        .await
        .filter(|s| primer_advised || *s < full)
        .map(|s| Adapt {
            href: "/go?primer=1".into(),
            label: format!("Primer only · about {}", duration(s)),
        });
    let mut adapt = Vec::new();
    let (advised, other) = if primer_advised {
        (primer, None)
    } else {
        (None, primer)
    };
    adapt.extend(other);
    for minutes in [10.0, 5.0] {
        if full > (minutes + 1.0) * 60.0 {
            let request = GuideRequest {
                minutes: Some(minutes),
                ..GuideRequest::default()
            };
            if let Some(s) = seconds_of(state, &request).await.filter(|s| *s < full) {
                adapt.push(Adapt {
                    href: format!("/go?minutes={minutes}"),
                    label: format!("Shorter: fit {minutes} min (about {})", duration(s)),
                });
            }
        }
    }
    for item in &plan.items {
        let Ok(exercise) = state.library().find(&item.exercise) else {
            continue;
        };
        let Some(plain) = exercise
            .without_equipment
            .as_deref()
            .and_then(|id| state.library().get(id))
        else {
            continue;
        };
        adapt.push(Adapt {
            href: format!("/go?swap={}", exercise.id),
            label: format!(
                "No {}? Do the {} instead",
                exercise.equipment.join(" or "),
                plain.name
            ),
        });
    }
    (advised, adapt)
}

async fn today_page(
    state: &AppState,
    check_in: CheckInForm,
    check_in_error: Option<String>,
    q: Answers,
    answer_error: Option<String>,
) -> Result<TodayPage, super::PageError> {
    let today = state.app().today().await?;
    let guide = state
        .app()
        .guide(coach::Source::Web, &GuideRequest::default())
        .await?;
    let plan = &today.prescription;
    let items = plan
        .items
        .iter()
        .map(|item| ItemView {
            id: item.exercise.clone(),
            name: item.name.clone(),
            dose: dose(item),
            optional: item.optional,
            side: item
                .start_side
                .map(|s| format!("Start with your {s} side.")),
            focus: item.focus_cue.clone(),
            why: Some(item.why.clone()).filter(|w| !w.is_empty() && *w != plan.why),
            figure: figure(&item.exercise, 1.0, &format!("{}: top position", item.name)),
        })
        .collect();
    let (primer, adapt) = adaptations(state, plan, guide.timeline.total_seconds).await;
    Ok(TodayPage {
        page: layout("Today", "today"),
        date: day(today.date),
        heading: coach::words::day_heading(plan.day),
        stage: format!(
            "Stage {} of {}: {} ({})",
            plan.stage.number,
            plan.stage.of,
            plan.stage.name,
            plan.stage.frequency.describe()
        ),
        advice: plan.advice.iter().chain(&plan.warnings).cloned().collect(),
        running: plan.running.iter().map(|a| a.text.clone()).collect(),
        gate: plan.pain_gate.clone().filter(|g| !g.answered),
        check_in,
        check_in_error,
        unanswered: plan.unanswered.clone(),
        answer_error,
        q,
        felts: felts(),
        items,
        rest_day: plan.rest_day,
        why: plan.why.clone(),
        changes: plan.changes.clone(),
        asymmetry: plan.asymmetry.as_ref().map(|a| a.text.clone()),
        done_today: plan.done_today,
        streak: today.stats.streak_days,
        habit: today.stats.habit.clone(),
        minutes: duration(guide.timeline.total_seconds),
        primer,
        adapt,
    })
}

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    Ok(render(
        &today_page(
            &state,
            CheckInForm::default(),
            None,
            Answers::default(),
            None,
        )
        .await?,
    ))
}

/// `POST /check-in`: the answers before the first set; then Today (or the
/// player) shows the plan that follows them.
pub(super) async fn check_in(
    State(state): State<AppState>,
    Form(form): Form<CheckInForm>,
) -> PageResult {
    let result = match form.answers() {
        Ok(answers) => state.app().check_in(answers).await.map(|_| ()),
        Err(message) => Err(app::AppError::Invalid(message)),
    };
    match result {
        Ok(()) => {
            let to = if filled(&form.then) == Some("go") {
                "/go"
            } else {
                "/"
            };
            Ok(Redirect::to(to).into_response())
        }
        Err(app::AppError::Invalid(message)) => Ok(refused(
            &today_page(&state, form, Some(message), Answers::default(), None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST /answer`: the end-of-session answers of a session saved without
/// them. Nothing chosen is refused: the plan needs them.
pub(super) async fn answer(
    State(state): State<AppState>,
    Form(form): Form<AnswerForm>,
) -> PageResult {
    let result = async {
        let id = crate::error::parse_id(&form.session, "session")
            .map_err(|e| app::AppError::Invalid(e.message))?;
        let feedback = form.answers().feedback().map_err(app::AppError::Invalid)?;
        state.app().finish_session(id, feedback).await.map(|_| ())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/").into_response()),
        Err(app::AppError::Invalid(message)) => Ok(refused(
            &today_page(
                &state,
                CheckInForm::default(),
                None,
                form.answers(),
                Some(message),
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "go.html")]
struct GoPage {
    page: Layout,
    q: Answers,
    felts: Vec<(&'static str, String)>,
}

pub(super) async fn go() -> Response {
    render(&GoPage {
        page: layout("Go", "go"),
        q: Answers::default(),
        felts: felts(),
    })
}
