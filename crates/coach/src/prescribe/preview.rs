//! What a self-check would change, said before it changes anything: the
//! next training day's plan with and without the new result, the items that
//! join or leave, and the minutes before and after.

use serde::Serialize;

use super::prescribe;
use super::types::{PlanInputs, PrescribedItem, Prescription};
use crate::assessment::{Assessment, effects};
use crate::model::days_between;

/// The difference a self-check makes to the next training session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckPreview {
    /// The training day compared (today, or the next day that has a session).
    pub date: jiff::civil::Date,
    pub minutes_before: f64,
    pub minutes_after: f64,
    /// Items that join, e.g. "Single-leg bridge 2 × 6 each side, right side first".
    pub added: Vec<String>,
    /// Items that leave.
    pub removed: Vec<String>,
    /// Items whose dose or first side changes.
    pub changed: Vec<String>,
    /// What the result asks for in general (on days the stage allows).
    pub asks_for: Vec<String>,
    /// One paragraph for the runner: what changes and what it costs in time.
    pub summary: String,
}

/// Days looked ahead for the next training day.
const LOOK_AHEAD_DAYS: i32 = 7;

/// What `assessment` would change in the plan, before it is saved.
pub fn what_would_change(inputs: &PlanInputs, assessment: &Assessment) -> CheckPreview {
    let mut with: Vec<Assessment> = inputs.assessments.to_vec();
    with.push(assessment.clone());
    let plan_on = |day, assessments: &[Assessment]| -> Prescription {
        prescribe(&PlanInputs {
            assessments,
            today: day,
            check_in: if day == inputs.today {
                inputs.check_in
            } else {
                None
            },
            ..*inputs
        })
    };
    // The next day with a session of the stage's own work.
    let mut day = inputs.today;
    let mut before = plan_on(day, inputs.assessments);
    for _ in 0..LOOK_AHEAD_DAYS {
        if !before.day.is_rest() {
            break;
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
        before = plan_on(day, inputs.assessments);
    }
    let after = plan_on(day, &with);
    let describe = |i: &PrescribedItem| {
        let side = i
            .start_side
            .map(|s| format!(", {s} side first"))
            .or_else(|| i.side_only.map(|s| format!(", {s} side only")))
            .unwrap_or_default();
        format!(
            "{} {} × {}{}{side}",
            i.name,
            i.sets,
            i.reps,
            if i.per_side { " each side" } else { "" }
        )
    };
    let same = |a: &PrescribedItem, b: &PrescribedItem| {
        a.exercise == b.exercise && a.side_only == b.side_only
    };
    let added: Vec<String> = after
        .items
        .iter()
        .filter(|a| !before.items.iter().any(|b| same(a, b)))
        .map(describe)
        .collect();
    let removed: Vec<String> = before
        .items
        .iter()
        .filter(|b| !after.items.iter().any(|a| same(a, b)))
        .map(describe)
        .collect();
    let changed: Vec<String> = after
        .items
        .iter()
        .filter_map(|a| {
            let b = before.items.iter().find(|b| same(a, b))?;
            (a.sets != b.sets || a.reps != b.reps || a.start_side != b.start_side)
                .then(|| format!("{} → {}", describe(b), describe(a)))
        })
        .collect();
    let asks_for: Vec<String> = effects(assessment)
        .into_iter()
        .map(|e| e.describe())
        .collect();
    let when = match days_between(inputs.today, day) {
        0 => "today's session".to_string(),
        1 => "tomorrow's session".to_string(),
        n => format!("the session in {n} days"),
    };
    let summary = if added.is_empty() && removed.is_empty() && changed.is_empty() {
        format!(
            "This result does not change {when} (about {:.0} min).",
            before.minutes
        )
    } else {
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("adds {}", added.join(" and ")));
        }
        if !changed.is_empty() {
            parts.push(format!("changes {}", changed.join(", ")));
        }
        if !removed.is_empty() {
            parts.push(format!("drops {}", removed.join(" and ")));
        }
        format!(
            "This result {} in {when}: about {:.0} min instead of {:.0}.",
            parts.join("; "),
            after.minutes,
            before.minutes
        )
    };
    CheckPreview {
        date: day,
        minutes_before: before.minutes,
        minutes_after: after.minutes,
        added,
        removed,
        changed,
        asks_for,
        summary,
    }
}
