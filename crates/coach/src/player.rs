//! The guided-session player as a pure state machine: it walks a
//! [`Timeline`], keeps the clock arithmetic, and says what happened (a
//! segment began, a set ended with so many reps, the session finished or was
//! stopped). It reads no clock and draws nothing: the caller passes the
//! seconds elapsed on its monotonic clock and handles the events, storing
//! each ended set before it asks for the next event, so a set is durable
//! before the next rep starts.
//!
//! Timing: the current segment ends at `(planned + its seconds) × pace +
//! offset`, where `planned` is the timeline time already played, `pace`
//! scales the clock (1 real time, 0 no waiting) and `offset` grows by the
//! time spent paused and is re-anchored by a skip. Nothing accumulates from
//! sleeps or redraws, so a long session does not drift.

use crate::guide::{Segment, Timeline};

/// What the player reports, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The segment at this index begins.
    Entered(usize),
    /// A set ended (played to its end, or closed early with the reps
    /// finished so far); store it before asking for the next event.
    SetEnded { position: u32, reps: u32 },
    /// Every segment was played (some may have been skipped).
    Finished,
    /// The runner stopped the session.
    Stopped,
}

/// Plays one timeline.
#[derive(Debug, Clone)]
pub struct Player<'t> {
    timeline: &'t Timeline,
    pace: f64,
    index: usize,
    /// Timeline seconds of the segments before `index`.
    planned: f64,
    /// Clock seconds added by pauses and skips.
    offset: f64,
    paused_at: Option<f64>,
    entered: bool,
    stopped: bool,
    done: bool,
}

impl<'t> Player<'t> {
    /// A player at `start` (0, or a resume index) whose clock starts at 0.
    /// `pace` scales the clock: 1 is real time, 0.5 twice as fast, 0 no
    /// waiting.
    pub fn new(timeline: &'t Timeline, pace: f64, start: usize) -> Player<'t> {
        let start = start.min(timeline.segments.len());
        let pace = if pace.is_finite() { pace.max(0.0) } else { 1.0 };
        let planned: f64 = timeline.segments[..start].iter().map(|s| s.seconds).sum();
        Player {
            timeline,
            pace,
            index: start,
            planned,
            offset: -planned * pace,
            paused_at: None,
            entered: false,
            stopped: false,
            done: false,
        }
    }

    /// The segment being played and its index.
    pub fn current(&self) -> Option<(usize, &'t Segment)> {
        self.timeline
            .segments
            .get(self.index)
            .map(|segment| (self.index, segment))
    }

    /// Whether the player is paused.
    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// The clock second at which the current segment ends (`None` when
    /// paused or finished).
    pub fn deadline(&self) -> Option<f64> {
        if self.paused_at.is_some() || self.stopped {
            return None;
        }
        let (_, segment) = self.current()?;
        Some((self.planned + segment.seconds) * self.pace + self.offset)
    }

    /// Timeline seconds left in the current segment at clock second `now`.
    pub fn remaining(&self, now: f64) -> f64 {
        let Some((_, segment)) = self.current() else {
            return 0.0;
        };
        let now = self.paused_at.unwrap_or(now);
        let end = (self.planned + segment.seconds) * self.pace + self.offset;
        if self.pace > 0.0 {
            ((end - now) / self.pace).clamp(0.0, segment.seconds)
        } else {
            0.0
        }
    }

    /// The next event at clock second `now`, or `None` when nothing is due.
    pub fn poll(&mut self, now: f64) -> Option<Event> {
        if self.done {
            return None;
        }
        if self.stopped {
            self.done = true;
            return Some(Event::Stopped);
        }
        if self.index >= self.timeline.segments.len() {
            self.done = true;
            return Some(Event::Finished);
        }
        if !self.entered {
            self.entered = true;
            return Some(Event::Entered(self.index));
        }
        let deadline = self.deadline()?;
        if now < deadline {
            return None;
        }
        let segment = &self.timeline.segments[self.index];
        self.planned += segment.seconds;
        self.index += 1;
        self.entered = false;
        match (segment.completes_set, segment.position) {
            (true, Some(position)) => Some(Event::SetEnded {
                position,
                reps: segment.reps,
            }),
            _ => self.poll(now),
        }
    }

    /// Pauses at `now`, or resumes when paused.
    pub fn toggle_pause(&mut self, now: f64) {
        match self.paused_at.take() {
            Some(since) => self.offset += (now - since).max(0.0),
            None => self.paused_at = Some(now),
        }
    }

    /// Skips at `now`: during a set's reps, past the whole set (closing it
    /// with the reps finished, if any); otherwise to the next segment. The
    /// next segment starts now. Returns the closed set, if one was.
    pub fn skip(&mut self, now: f64) -> Option<Event> {
        let (index, segment) = self.current()?;
        self.paused_at = None;
        let ended = self.close_early(segment);
        let next = segment
            .skip_to
            .clamp(index + 1, self.timeline.segments.len());
        self.planned += self.timeline.segments[index..next]
            .iter()
            .map(|s| s.seconds)
            .sum::<f64>();
        self.index = next;
        self.offset = now - self.planned * self.pace;
        self.entered = false;
        ended
    }

    /// Stops the session: closes the set in progress with the reps finished,
    /// if any (returned); the next poll reports [`Event::Stopped`].
    pub fn stop(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        self.stopped = true;
        self.paused_at = None;
        let (_, segment) = self.current()?;
        self.close_early(segment)
    }

    fn close_early(&self, segment: &Segment) -> Option<Event> {
        match segment.position {
            Some(position) if segment.phase.is_rep() && segment.reps_if_stopped > 0 => {
                Some(Event::SetEnded {
                    position,
                    reps: segment.reps_if_stopped,
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;
    use crate::guide::{GuideSettings, Phase};

    fn timeline() -> Timeline {
        let library = Library::embedded().unwrap();
        let program = crate::program::Program::embedded(&library).unwrap();
        let plan = crate::prescribe::prescribe(
            &program,
            &library,
            &[],
            &[],
            jiff::civil::date(2026, 5, 1),
        );
        Timeline::new(&plan.items, &library, GuideSettings::default())
    }

    /// Plays to the end at pace 0, collecting the ended sets.
    fn drain(player: &mut Player, now: f64) -> Vec<Event> {
        let mut events = Vec::new();
        while let Some(event) = player.poll(now) {
            if !matches!(event, Event::Entered(_)) {
                events.push(event);
            }
        }
        events
    }

    #[test]
    fn a_session_played_through_ends_every_set_in_order_then_finishes() {
        let timeline = timeline();
        let mut player = Player::new(&timeline, 0.0, 0);
        let events = drain(&mut player, 0.0);
        let mut expected: Vec<Event> = timeline
            .sets
            .iter()
            .map(|s| Event::SetEnded {
                position: s.position,
                reps: s.target_reps,
            })
            .collect();
        expected.push(Event::Finished);
        assert_eq!(events, expected);
        assert_eq!(player.poll(0.0), None);
    }

    #[test]
    fn deadlines_come_from_the_start_and_pauses_move_them() {
        let timeline = timeline();
        let mut player = Player::new(&timeline, 1.0, 0);
        assert_eq!(player.poll(0.0), Some(Event::Entered(0)));
        let first = timeline.segments[0].seconds;
        assert_eq!(player.deadline(), Some(first));
        assert_eq!(player.poll(first - 0.01), None);
        player.toggle_pause(1.0);
        assert_eq!(player.deadline(), None);
        assert!((player.remaining(100.0) - (first - 1.0)).abs() < 1e-9);
        player.toggle_pause(11.0);
        assert_eq!(player.deadline(), Some(first + 10.0));
        assert_eq!(player.poll(first + 10.0), Some(Event::Entered(1)));
    }

    #[test]
    fn skipping_mid_set_closes_it_with_the_finished_reps_and_restarts_the_clock() {
        let timeline = timeline();
        let mut player = Player::new(&timeline, 1.0, 0);
        // Into the third rep's lift of the first set.
        let third = timeline
            .segments
            .iter()
            .position(|s| s.phase == Phase::Lift && s.rep == 3)
            .unwrap();
        let at: f64 = timeline.segments[..third].iter().map(|s| s.seconds).sum();
        while let Some(event) = player.poll(at + 0.1) {
            assert!(matches!(event, Event::Entered(_)));
        }
        assert_eq!(player.current().unwrap().0, third);
        assert_eq!(
            player.skip(at + 0.5),
            Some(Event::SetEnded {
                position: 1,
                reps: 2
            })
        );
        let next = timeline.sets[0].last_segment + 1;
        assert_eq!(player.poll(at + 0.5), Some(Event::Entered(next)));
        assert_eq!(
            player.deadline(),
            Some(at + 0.5 + timeline.segments[next].seconds)
        );
    }

    #[test]
    fn stopping_in_a_set_up_saves_nothing_and_reports_stopped() {
        let timeline = timeline();
        let mut player = Player::new(&timeline, 1.0, 0);
        assert_eq!(player.poll(0.0), Some(Event::Entered(0)));
        assert_eq!(player.stop(), None);
        assert_eq!(player.poll(0.0), Some(Event::Stopped));
        assert_eq!(player.poll(0.0), None);
    }

    #[test]
    fn a_resumed_player_starts_after_the_stored_sets() {
        let timeline = timeline();
        let start = timeline.resume_index([1]);
        let mut player = Player::new(&timeline, 0.0, start);
        let events = drain(&mut player, 0.0);
        assert_eq!(events.len(), timeline.sets.len()); // the rest, then Finished
        assert!(matches!(events[0], Event::SetEnded { position: 2, .. }));
    }
}
