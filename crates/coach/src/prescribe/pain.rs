//! Pain: what a reported pain does to the plan, and how the plan comes back.
//!
//! - Any pain stops progression and takes a set off every item (never below
//!   one set). Pain of [`STEP_BACK_PAIN`] or more also steps back a stage
//!   (the caller moves the stage) and puts the work behind a pain gate: the
//!   front end asks "does anything hurt right now?" before the first set.
//! - Pain on [`RECURRING_PAIN_DAYS`] of the last [`RECENT_PAIN_WINDOW`]
//!   sessions also opens the gate; pain of [`SEE_PROFESSIONAL_PAIN`] or more,
//!   or on [`PERSISTENT_PAIN_DAYS`] of them, adds the advice to see a
//!   professional.
//! - At the lowest dose the words say so instead of repeating a drop that
//!   cannot happen; strong pain there, or pain again, pauses training until
//!   a check-in or a session is pain-free.
//! - Each pain-free session gives one set back; [`PAIN_FREE_SESSIONS_TO_CLEAR`]
//!   in a row close the gate and stand the advice down.
//!
//! Every number is our convention (research §4.4 found no source for the
//! pain rule; a clinician should review it).

use jiff::civil::Date;

use crate::rules::{
    PAIN_DAYS_AT_FLOOR_TO_PAUSE, PAIN_FREE_SESSIONS_TO_CLEAR, PERSISTENT_PAIN_DAYS,
    RECENT_PAIN_WINDOW, RECURRING_PAIN_DAYS, SEE_PROFESSIONAL_PAIN, STEP_BACK_PAIN,
};
use crate::words;

/// What pain has done to the plan so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PainState {
    /// Sets taken off every item (each item keeps at least one).
    pub cut: u32,
    /// Pain of the last answered sessions, newest last.
    pub recent: Vec<u8>,
    /// Pain-free sessions in a row.
    pub pain_free_run: u32,
    /// Ask about pain before the first set.
    pub gate: bool,
    pub see_professional: bool,
    /// Training pauses: rest until a check-in or a session is pain-free.
    pub paused: bool,
    /// Pain days in a row at the lowest dose.
    pub floor_pain_days: u32,
    /// The worst recent report: (day, pain).
    pub last_pain: Option<(Date, u8)>,
}

/// The dose an item of `sets` sets gets after `cut` sets were taken off.
pub(super) fn sets_after(sets: u32, cut: u32) -> u32 {
    sets.saturating_sub(cut).max(1)
}

/// The most sets that can come off a stage whose largest item has `max_sets`.
pub(super) fn max_cut(max_sets: u32) -> u32 {
    max_sets.saturating_sub(1)
}

impl PainState {
    fn pain_days(&self) -> usize {
        self.recent.iter().filter(|p| **p > 0).count()
    }

    fn remember(&mut self, pain: u8) {
        self.recent.push(pain);
        if self.recent.len() > RECENT_PAIN_WINDOW {
            self.recent.remove(0);
        }
    }

    /// A session reported `pain` > 0. `max_sets` is the largest item of the
    /// stage the runner is now at (after any step back, which the caller
    /// made and describes in `stepped_back`). Returns what to tell the runner.
    pub fn on_pain(
        &mut self,
        day: Date,
        pain: u8,
        max_sets: u32,
        stepped_back: Option<&str>,
    ) -> Vec<String> {
        self.remember(pain);
        self.pain_free_run = 0;
        self.last_pain = Some((day, pain));
        let mut said = Vec::new();
        let limit = max_cut(max_sets);
        let at_floor_before = stepped_back.is_none() && self.cut >= limit;
        self.cut = (self.cut + 1).min(limit);
        let sets = sets_after(max_sets, self.cut);
        let dose = format!("{sets} set{}", super::plural(sets));
        if let Some(stage) = stepped_back {
            said.push(format!(
                "You reported pain of {pain}/10, so progression stops: you go back to \"{stage}\" at {dose}. Each pain-free session brings a set back."
            ));
        } else if !at_floor_before {
            said.push(format!(
                "You reported pain of {pain}/10, so progression stops and the dose drops to {dose}. Each pain-free session brings a set back."
            ));
        } else {
            self.floor_pain_days += 1;
            said.push(format!(
                "You reported pain of {pain}/10 again. The dose is already as low as it goes ({dose}), so it cannot drop further."
            ));
            if pain >= STEP_BACK_PAIN || self.floor_pain_days >= PAIN_DAYS_AT_FLOOR_TO_PAUSE {
                self.paused = true;
                said.push(
                    "Training pauses: rest until the pain settles. Before your next session the app asks whether anything hurts; with no pain it restarts you gently.".into(),
                );
            }
        }
        said.push("Keep to a range of movement that does not hurt.".into());
        let pain_days = self.pain_days();
        if pain >= STEP_BACK_PAIN || pain_days >= RECURRING_PAIN_DAYS {
            self.gate = true;
        }
        if pain >= SEE_PROFESSIONAL_PAIN || pain_days >= PERSISTENT_PAIN_DAYS {
            self.see_professional = true;
        }
        said
    }

    /// A session reported no pain. `full_sets` is the stage's largest item.
    pub fn on_pain_free(&mut self, full_sets: u32) -> Vec<String> {
        self.remember(0);
        self.pain_free_run += 1;
        self.floor_pain_days = 0;
        let mut said = Vec::new();
        if self.paused {
            self.paused = false;
            said.push(format!(
                "A pain-free session: training restarts at {} set{}, and each pain-free session brings a set back.",
                sets_after(full_sets, self.cut),
                super::plural(sets_after(full_sets, self.cut))
            ));
        } else if self.cut > 0 {
            self.cut -= 1;
            let sets = sets_after(full_sets, self.cut);
            said.push(if self.cut == 0 {
                format!("A pain-free session: the full dose is back ({sets} sets).")
            } else {
                format!("A pain-free session: one set comes back ({sets} of {full_sets}).")
            });
        }
        if (self.gate || self.see_professional) && self.pain_free_run >= PAIN_FREE_SESSIONS_TO_CLEAR
        {
            self.gate = false;
            self.see_professional = false;
            said.push(format!(
                "{PAIN_FREE_SESSIONS_TO_CLEAR} pain-free sessions in a row: the pain question before each session and the advice to see a professional stand down."
            ));
        }
        said
    }

    /// Why the gate is open, for the front end.
    pub fn gate_reason(&self) -> String {
        let pain_days = self.pain_days();
        match self.last_pain {
            _ if self.paused => {
                "Training is paused after pain at the lowest dose; with no pain today it restarts gently.".into()
            }
            Some((day, pain)) if pain >= STEP_BACK_PAIN => format!(
                "You reported pain of {pain}/10 on {}. Until {PAIN_FREE_SESSIONS_TO_CLEAR} sessions in a row are pain-free, the coach asks before you start.",
                words::day(day)
            ),
            _ => format!(
                "Pain came back on {pain_days} of your last {} sessions. Until {PAIN_FREE_SESSIONS_TO_CLEAR} sessions in a row are pain-free, the coach asks before you start.",
                self.recent.len()
            ),
        }
    }

    /// The advice to see a professional, while it stands.
    pub fn professional_advice(&self) -> Option<String> {
        self.see_professional.then(|| format!(
            "Pain was strong or keeps coming back. Please see a physiotherapist or doctor; until then keep to movements that do not hurt. This advice stays until {PAIN_FREE_SESSIONS_TO_CLEAR} sessions in a row are pain-free."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn at_the_floor_the_words_stop_promising_a_drop_and_training_pauses() {
        let mut pain = PainState::default();
        let day = date(2026, 11, 1);
        let first = pain.on_pain(day, 8, 2, None);
        assert!(first[0].contains("drops to 1 set"), "{first:?}");
        assert!(pain.gate && pain.see_professional && !pain.paused);
        let second = pain.on_pain(day, 8, 2, None);
        assert!(second[0].contains("cannot drop further"), "{second:?}");
        assert!(!second.iter().any(|s| s.contains("drops to")));
        assert!(pain.paused);
    }

    #[test]
    fn the_dose_comes_back_a_set_at_a_time_and_the_advice_stays_until_three_pain_free_sessions() {
        let mut pain = PainState::default();
        pain.on_pain(date(2026, 11, 1), 7, 3, None);
        pain.on_pain(date(2026, 11, 2), 2, 3, None);
        assert_eq!(pain.cut, 2);
        let back = pain.on_pain_free(3);
        assert!(back[0].contains("2 of 3"), "{back:?}");
        assert!(
            pain.professional_advice().is_some(),
            "one pain-free session is not enough"
        );
        pain.on_pain_free(3);
        assert_eq!(pain.cut, 0);
        assert!(pain.gate);
        let cleared = pain.on_pain_free(3);
        assert!(
            cleared.iter().any(|s| s.contains("stand down")),
            "{cleared:?}"
        );
        assert!(!pain.gate && pain.professional_advice().is_none());
    }
}
