//! The terminal player of a guided session: plays the coach's timeline
//! (`coach::guide`) with live countdowns, a progress bar, one cue at a time,
//! a bell on phase changes, and pause / skip / quit keys.
//!
//! Timing: every deadline is `start + pace × (planned seconds so far) +
//! offset`, read from the monotonic clock, where `offset` grows by the time
//! spent paused and shrinks by the time skipped. Nothing accumulates from
//! sleeps or redraws, so a long session does not drift.
//!
//! Each completed set is handed to the `on_set` callback, which stores it
//! before the player moves on: a set is durable before the next rep starts.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use coach::guide::{Phase, Segment};
use coach::prescribe::PrescribedItem;
use coach::{SetRecord, Side};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use crate::app::{Failure, now_ms};
use crate::text::{self, Style};

/// How the player talks to the user.
pub struct PlayerOptions {
    /// Keys and live redraws (a terminal on both ends); otherwise a plain log.
    pub interactive: bool,
    /// Clock scale: 1 real time, 0 no waiting.
    pub pace: f64,
    pub quiet: bool,
    pub style: Style,
    /// Terminal width, for fitting the status line.
    pub columns: usize,
}

/// How a played session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every segment was played (some may have been skipped).
    Finished,
    /// The user quit early.
    Quit,
}

/// Keys the player understands, read between redraws.
enum Key {
    Pause,
    Skip,
    Quit,
}

/// Restores the terminal when dropped, even on an early return.
struct RawMode;

impl RawMode {
    fn enable() -> Result<RawMode, Failure> {
        terminal::enable_raw_mode()
            .map_err(|e| Failure::failed(format!("cannot read keys from this terminal: {e}")))?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The terminal's width in columns (80 when unknown).
pub fn columns() -> usize {
    terminal::size().map_or(80, |(columns, _)| usize::from(columns))
}

/// True when both standard input and output are terminals.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Plays `segments` of `items`; calls `on_set` with each set as it completes
/// (and with the partial set when the user skips or quits mid-set).
pub async fn play<F, Fut>(
    items: &[PrescribedItem],
    setups: &[Vec<String>],
    segments: &[Segment],
    options: &PlayerOptions,
    mut on_set: F,
) -> Result<Ending, Failure>
where
    F: FnMut(SetRecord) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let _raw = if options.interactive {
        Some(RawMode::enable()?)
    } else {
        None
    };
    let mut out = std::io::stdout();
    let newline = if options.interactive { "\r\n" } else { "\n" };
    if options.interactive {
        let _ = write!(
            out,
            "{}{newline}",
            options
                .style
                .dim("keys: space pause/resume · s skip · q finish early")
        );
    }

    let start = Instant::now();
    let mut offset = 0.0_f64; // seconds added by pauses, removed by skips
    let mut planned = 0.0_f64; // planned seconds of the segments already played
    let mut position = 0_u32;
    let mut index = 0;
    let mut previous_phase: Option<Phase> = None;

    while index < segments.len() {
        let segment = &segments[index];
        let item = &items[segment.item.min(items.len() - 1)];
        if options.interactive
            && segment.phase == Phase::Setup
            && segment.set == 1
            && index_is_first_side(segments, index)
        {
            let steps = setups
                .get(segment.item)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let _ = write!(
                out,
                "\r\x1b[2K{newline}{}{newline}",
                options.style.bold(&item.name)
            );
            for step in steps {
                let _ = write!(out, "  · {step}{newline}");
            }
        }
        announce(&mut out, segment, item, previous_phase, options, newline);
        previous_phase = Some(segment.phase);
        let segment_end = planned + segment.seconds;

        let mut action: Option<Key> = None;
        loop {
            let deadline = start + secs(segment_end * options.pace + offset);
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let remaining = deadline - now;
            if options.interactive {
                draw(&mut out, segment, remaining.as_secs_f64(), options);
                match read_key(remaining.min(Duration::from_millis(100)))? {
                    Some(Key::Pause) => {
                        let paused_at = Instant::now();
                        let _ = write!(
                            out,
                            "\r\x1b[2K  {}",
                            options.style.warn("paused: space to resume, q to finish")
                        );
                        let _ = out.flush();
                        let resume = wait_while_paused()?;
                        offset += paused_at.elapsed().as_secs_f64();
                        if let Some(key) = resume {
                            action = Some(key);
                            break;
                        }
                    }
                    Some(key) => {
                        action = Some(key);
                        break;
                    }
                    None => {}
                }
            } else {
                std::thread::sleep(remaining);
            }
        }

        match action {
            None | Some(Key::Pause) => {
                planned = segment_end;
                if segment.completes_set {
                    position += 1;
                    let set = coach::guide::set_record(
                        item,
                        position,
                        segment.side,
                        segment.reps,
                        now_ms(),
                    );
                    on_set(set).await?;
                    report_set(&mut out, segment, item, options, newline);
                }
                index += 1;
            }
            Some(key @ (Key::Skip | Key::Quit)) => {
                // Close the current set with the reps completed so far.
                let in_set = matches!(segment.phase, Phase::Lift | Phase::Top | Phase::Lower);
                let done = if in_set {
                    segment.rep.saturating_sub(1)
                } else {
                    0
                };
                let set_end = segments[index..]
                    .iter()
                    .position(|s| s.completes_set)
                    .map(|p| index + p);
                if in_set && done > 0 {
                    position += 1;
                    let set =
                        coach::guide::set_record(item, position, segment.side, done, now_ms());
                    on_set(set).await?;
                    report_set(&mut out, segment, item, options, newline);
                }
                if matches!(key, Key::Quit) {
                    let _ = write!(out, "\r\x1b[2K{newline}");
                    return Ok(Ending::Quit);
                }
                // Skip jumps past the set in progress, or past a set-up or rest.
                let next = if in_set {
                    set_end.map_or(index + 1, |end| end + 1)
                } else {
                    index + 1
                };
                let skipped: f64 = segments[index..next.min(segments.len())]
                    .iter()
                    .map(|s| s.seconds)
                    .sum();
                planned += skipped;
                // Re-anchor so the next segment starts now, not at its planned time.
                offset = (Instant::now() - start).as_secs_f64() - planned * options.pace;
                index = next;
            }
        }
    }
    if options.interactive {
        let _ = write!(out, "\r\x1b[2K");
    }
    let _ = out.flush();
    Ok(Ending::Finished)
}

/// True for the first set-up of an item (not the switch to the second side).
fn index_is_first_side(segments: &[Segment], index: usize) -> bool {
    index == 0
        || segments[index - 1].item != segments[index].item
        || segments[index - 1].phase == Phase::Rest
}

fn secs(value: f64) -> Duration {
    Duration::from_secs_f64(value.max(0.0))
}

fn announce(
    out: &mut std::io::Stdout,
    segment: &Segment,
    item: &PrescribedItem,
    previous: Option<Phase>,
    options: &PlayerOptions,
    newline: &str,
) {
    let style = options.style;
    if options.interactive {
        let bell = if options.quiet || previous == Some(segment.phase) {
            ""
        } else {
            "\x07"
        };
        // Set-ups and rests get a line of their own; a rep's cue lives on the
        // status line, one at a time, so the screen stays calm.
        let line = match segment.phase {
            Phase::Setup => Some(format!(
                "{newline}{} {}",
                style.accent("▶"),
                style.bold(&segment.cue)
            )),
            Phase::Rest => Some(format!("{newline}{}", style.dim(&segment.cue))),
            Phase::Lift | Phase::Top | Phase::Lower => None,
        };
        let _ = write!(out, "{bell}");
        if let Some(line) = line {
            let _ = write!(out, "\r\x1b[2K{line}{newline}");
        }
    } else if !options.quiet && segment.phase == Phase::Setup {
        let side = segment.side.map(|s| format!(" ({s})")).unwrap_or_default();
        let _ = write!(
            out,
            "{} set {}/{}{side}: {} reps, {}{newline}",
            item.name,
            segment.set,
            segment.sets,
            segment.reps,
            segment
                .cue
                .split_once(". ")
                .map_or(segment.cue.as_str(), |(_, rest)| rest)
        );
    }
    let _ = out.flush();
}

fn draw(out: &mut std::io::Stdout, segment: &Segment, remaining: f64, options: &PlayerOptions) {
    let style = options.style;
    let shown = if options.pace > 0.0 {
        remaining / options.pace
    } else {
        0.0
    };
    let fraction = if segment.seconds > 0.0 {
        1.0 - (shown / segment.seconds).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let width = 24;
    let filled = (fraction * width as f64).round() as usize;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(width - filled));
    let counter = match segment.phase {
        Phase::Setup | Phase::Rest => format!("set {}/{}", segment.set, segment.sets),
        _ => format!(
            "set {}/{} · rep {}/{}",
            segment.set, segment.sets, segment.rep, segment.reps
        ),
    };
    let side = segment.side.map(|s| format!(" · {s}")).unwrap_or_default();
    let time = text::seconds(shown.ceil().max(0.0));
    let label = segment.phase.label();
    let plain_width =
        2 + 9 + 1 + width + 1 + 5 + 2 + 3 + counter.chars().count() + side.chars().count();
    let cue = match segment.phase {
        Phase::Lift | Phase::Top | Phase::Lower => {
            let room = options.columns.saturating_sub(plain_width + 4);
            let cue: String = if segment.cue.chars().count() <= room {
                segment.cue.clone()
            } else {
                let mut cut: String = segment.cue.chars().take(room.saturating_sub(1)).collect();
                cut.push('…');
                cut
            };
            if cue.is_empty() {
                String::new()
            } else {
                format!("  {}", style.dim(&cue))
            }
        }
        Phase::Setup | Phase::Rest => String::new(),
    };
    let _ = write!(
        out,
        "\r\x1b[2K  {}{} {} {time:>5} s   {counter}{side}{cue}",
        style.bold(label),
        " ".repeat(9usize.saturating_sub(label.len())),
        style.accent(&bar),
    );
    let _ = out.flush();
}

fn report_set(
    out: &mut std::io::Stdout,
    segment: &Segment,
    item: &PrescribedItem,
    options: &PlayerOptions,
    newline: &str,
) {
    if options.quiet && !options.interactive {
        return;
    }
    let side = segment
        .side
        .map(|s: Side| format!(" {s}"))
        .unwrap_or_default();
    let clear = if options.interactive { "\r\x1b[2K" } else { "" };
    let _ = write!(
        out,
        "{clear}  {} {} set {}/{}{side} saved{newline}",
        options.style.good("✓"),
        item.name,
        segment.set,
        segment.sets
    );
    let _ = out.flush();
}

fn read_key(wait: Duration) -> Result<Option<Key>, Failure> {
    let io = |e: std::io::Error| Failure::failed(format!("cannot read keys: {e}"));
    if !event::poll(wait).map_err(io)? {
        return Ok(None);
    }
    let Event::Key(key) = event::read().map_err(io)? else {
        return Ok(None);
    };
    if key.kind != KeyEventKind::Press {
        return Ok(None);
    }
    Ok(match key.code {
        KeyCode::Char(' ') | KeyCode::Char('p') => Some(Key::Pause),
        KeyCode::Char('s') | KeyCode::Right => Some(Key::Skip),
        KeyCode::Char('q') | KeyCode::Esc => Some(Key::Quit),
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Quit),
        _ => None,
    })
}

/// Waits for resume (returns `None`) or for quit/skip (returns the key).
fn wait_while_paused() -> Result<Option<Key>, Failure> {
    loop {
        match read_key(Duration::from_millis(250))? {
            Some(Key::Pause) => return Ok(None),
            Some(key) => return Ok(Some(key)),
            None => {}
        }
    }
}
