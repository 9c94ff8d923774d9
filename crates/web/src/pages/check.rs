//! The self-check: the latest result of every home test with its trend,
//! and the form to take a check: the pain screen first, the questionnaire,
//! then each home test with its figure, set-up, how-to and stop rules from
//! the protocol (`content/self-check.toml`). A refused form comes back with
//! what was typed, and its sentence names fields as the page labels them.

use askama::Template;
use axum::extract::{Form, State};
use coach::assessment::{
    Answers, GluteFeel, PerSide, Questionnaire, Report, SquatChecklist, Stance,
};
use serde::Deserialize;

use super::forms::{filled, optional, required, ticked};
use super::{Layout, PageError, PageResult, day, figure, layout, refused, render};
use crate::{AppState, charts};

struct CheckRow {
    date: String,
    left: String,
    right: String,
}

/// One home test as the protocol describes it, with its figure.
struct TestView {
    number: usize,
    test: coach::self_check::CheckTest,
    figure: String,
}

/// The names the coach's checks give the fields, and the page's labels for
/// them: a refused value is named as the runner sees it.
const LABELS: [(&str, &str); 4] = [
    ("pain_now", "Pain right now"),
    ("sitting_hours_per_day", "Hours sitting on a usual day"),
    ("runs_per_week", "Runs per week"),
    ("single_leg_bridge_reps", "Single-leg bridges"),
];

/// `message` with a field's internal name replaced by its label.
fn worded(message: String) -> String {
    let mut out = message;
    for (field, label) in LABELS {
        if out.starts_with(field) {
            out = format!("{label}{}", &out[field.len()..]);
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => {
            let sentence = first.to_uppercase().collect::<String>() + chars.as_str();
            if sentence.ends_with('.') {
                sentence
            } else {
                sentence + "."
            }
        }
        None => out,
    }
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    page: Layout,
    error: Option<String>,
    saved: bool,
    report: Option<Report>,
    trend: Option<String>,
    rows: Vec<CheckRow>,
    squat_rows: Vec<CheckRow>,
    stance_rows: Vec<CheckRow>,
    pain_question: String,
    tests: Vec<TestView>,
    form: CheckForm,
    /// The single-leg tests of each side, as typed.
    sides: Vec<(&'static str, SideForm)>,
}

/// One side's single-leg tests as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct SideForm {
    bridge: String,
    squat: Option<String>,
    knee: Option<String>,
    pelvis: Option<String>,
    trunk: Option<String>,
    balance: Option<String>,
    depth: Option<String>,
    stance: String,
}

/// The check form as typed (field names `left.bridge` and so on are
/// flattened by the page as `left_bridge`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct CheckForm {
    pain_now: String,
    sitting: String,
    runs: String,
    cross: Option<String>,
    injuries: String,
    feel: String,
    note: String,
    left_bridge: String,
    right_bridge: String,
    left_squat: Option<String>,
    right_squat: Option<String>,
    left_knee: Option<String>,
    right_knee: Option<String>,
    left_pelvis: Option<String>,
    right_pelvis: Option<String>,
    left_trunk: Option<String>,
    right_trunk: Option<String>,
    left_balance: Option<String>,
    right_balance: Option<String>,
    left_depth: Option<String>,
    right_depth: Option<String>,
    left_stance: String,
    right_stance: String,
}

impl CheckForm {
    /// A blank form: no test is marked as done until the runner says so.
    fn blank() -> CheckForm {
        CheckForm::default()
    }

    fn side(&self, left: bool) -> SideForm {
        let pick =
            |l: &Option<String>, r: &Option<String>| if left { l.clone() } else { r.clone() };
        SideForm {
            bridge: if left {
                self.left_bridge.clone()
            } else {
                self.right_bridge.clone()
            },
            squat: pick(&self.left_squat, &self.right_squat),
            knee: pick(&self.left_knee, &self.right_knee),
            pelvis: pick(&self.left_pelvis, &self.right_pelvis),
            trunk: pick(&self.left_trunk, &self.right_trunk),
            balance: pick(&self.left_balance, &self.right_balance),
            depth: pick(&self.left_depth, &self.right_depth),
            stance: if left {
                self.left_stance.clone()
            } else {
                self.right_stance.clone()
            },
        }
    }

    fn answers(&self) -> Result<Answers, String> {
        let can_feel_glutes = match filled(&self.feel) {
            Some("yes") => GluteFeel::Yes,
            Some("sometimes") => GluteFeel::Sometimes,
            Some("no") => GluteFeel::No,
            _ => {
                return Err(
                    "Say whether you can feel your glutes in a bridge: yes, sometimes or no."
                        .into(),
                );
            }
        };
        let (left, right) = (self.side(true), self.side(false));
        let squat = |side: &SideForm| {
            ticked(&side.squat).then(|| SquatChecklist {
                knee_drifts_inward: ticked(&side.knee),
                pelvis_drops_or_tilts: ticked(&side.pelvis),
                trunk_leans_or_twists: ticked(&side.trunk),
                loses_balance: ticked(&side.balance),
                depth_uncontrolled: ticked(&side.depth),
            })
        };
        let stance = |side: &SideForm| match filled(&side.stance) {
            Some("level") => Some(Stance::Level),
            Some("drops") => Some(Stance::Drops),
            _ => None,
        };
        Ok(Answers {
            questionnaire: Questionnaire {
                sitting_hours_per_day: required(
                    &self.sitting,
                    "Hours sitting on a usual day",
                    "a number of hours from 0 to 24",
                )?,
                runs_per_week: required(
                    &self.runs,
                    "Runs per week",
                    "a whole number from 0 to 21",
                )?,
                cross_training: ticked(&self.cross),
                past_overuse_injuries: self
                    .injuries
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                can_feel_glutes,
            },
            single_leg_bridge_reps: PerSide {
                left: optional(
                    &left.bridge,
                    "Left single-leg bridges",
                    "a whole number of repetitions",
                )?,
                right: optional(
                    &right.bridge,
                    "Right single-leg bridges",
                    "a whole number of repetitions",
                )?,
            },
            single_leg_squat: PerSide {
                left: squat(&left),
                right: squat(&right),
            },
            trendelenburg: PerSide {
                left: stance(&left),
                right: stance(&right),
            },
            note: filled(&self.note).map(str::to_string),
            pain_now: optional(
                &self.pain_now,
                "Pain right now",
                "a whole number from 0 to 10",
            )?,
        })
    }
}

async fn check_page(
    state: &AppState,
    form: CheckForm,
    error: Option<String>,
    saved: bool,
) -> Result<CheckPage, PageError> {
    let (_, report) = state.app().checks().await?;
    let trend = report
        .as_ref()
        .filter(|r| r.bridge_trend.len() > 1)
        .map(|r| charts::bridge_trend(r, "Single-leg bridge reps, left and right"));
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
    let squat_rows = report
        .as_ref()
        .map(|r| {
            let grade = |g: Option<&str>, f: Option<u32>| match (g, f) {
                (Some(g), Some(f)) => format!("{g} ({f} of 5 seen)"),
                _ => "–".to_string(),
            };
            r.squat_trend
                .iter()
                .rev()
                .map(|p| CheckRow {
                    date: day(p.date),
                    left: grade(p.left_grade, p.left_faults),
                    right: grade(p.right_grade, p.right_faults),
                })
                .collect()
        })
        .unwrap_or_default();
    let stance_rows = report
        .as_ref()
        .map(|r| {
            let stance = |s: Option<coach::assessment::Stance>| match s {
                Some(Stance::Level) => "stayed level",
                Some(Stance::Drops) => "dropped",
                None => "–",
            };
            r.stance_trend
                .iter()
                .rev()
                .map(|p| CheckRow {
                    date: day(p.date),
                    left: stance(p.left).into(),
                    right: stance(p.right).into(),
                })
                .collect()
        })
        .unwrap_or_default();
    let protocol = coach::self_check::SelfCheck::embedded()
        .map_err(|e| crate::error::ApiError::internal(e.to_string()))?;
    let figures = ["single-leg-bridge", "single-leg-squat-to-box", ""];
    let tests = protocol
        .tests
        .iter()
        .zip(figures)
        .enumerate()
        .map(|(i, (test, id))| TestView {
            number: i + 1,
            figure: if id.is_empty() {
                String::new()
            } else {
                figure(id, 1.0, &format!("{}: the position", test.name))
            },
            test: test.clone(),
        })
        .collect();
    Ok(CheckPage {
        page: layout("Check", "check"),
        error,
        saved,
        report,
        trend,
        rows,
        squat_rows,
        stance_rows,
        pain_question: protocol.pain_screen.question,
        tests,
        sides: vec![("left", form.side(true)), ("right", form.side(false))],
        form,
    })
}

pub(super) async fn page(State(state): State<AppState>) -> PageResult {
    Ok(render(
        &check_page(&state, CheckForm::blank(), None, false).await?,
    ))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    Form(form): Form<CheckForm>,
) -> PageResult {
    let result = match form.answers() {
        Ok(answers) => state.app().save_check(answers).await.map(|_| ()),
        Err(message) => Err(app::AppError::Invalid(message)),
    };
    match result {
        Ok(()) => Ok(render(
            &check_page(&state, CheckForm::blank(), None, true).await?,
        )),
        Err(app::AppError::Invalid(message)) => Ok(refused(
            &check_page(&state, form, Some(worded(message)), false).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_fields_as_the_page_labels_them() {
        assert_eq!(
            worded("sitting_hours_per_day \"30\" is not valid: expected hours from 0 to 24".into()),
            "Hours sitting on a usual day \"30\" is not valid: expected hours from 0 to 24."
        );
        assert_eq!(
            worded("Runs per week is missing.".into()),
            "Runs per week is missing."
        );
    }
}
