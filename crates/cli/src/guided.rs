//! The terminal front end of a guided session: draws the coach's timeline
//! as the pure [`coach::player::Player`] walks it, and reads keys. Every
//! rule (timing, what a skip does, how many reps a stopped set keeps) is the
//! player's and the timeline's; this module only draws and listens.
//!
//! The live status redraws in place: one line with the phase, a countdown
//! bar (left out on narrow terminals) and the counters, and the cue on its
//! own line(s) below, wrapped to the terminal's width, so nothing is cut at
//! 100 columns and nothing scrolls at 40. Set-ups, rests and saved sets are
//! printed as lines of their own.
//!
//! Each ended set is handed to `on_set`, which stores it before the player
//! goes on: a set is durable before the next rep starts.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use coach::guide::{Phase, Segment, Timeline};
use coach::player::{Event, Player};
use coach::prescribe::PrescribedItem;
use crossterm::event::{self, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use crate::context::Failure;
use crate::text::{self, Style};

/// How the player talks to the user.
pub struct PlayerOptions {
    /// Keys and live redraws (a terminal on both ends); otherwise a plain log.
    pub interactive: bool,
    /// Clock scale: 1 real time, 0 no waiting.
    pub pace: f64,
    pub quiet: bool,
    pub style: Style,
    /// Wait for Enter before the first set (interactive only).
    pub wait_for_ready: bool,
}

/// How a played session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every segment was played (some may have been skipped).
    Finished,
    /// The runner stopped early.
    Stopped,
}

/// Keys the player understands, read between redraws.
enum Key {
    Pause,
    Skip,
    Quit,
    Ready,
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

/// True when both standard input and output are terminals.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The terminal's width in columns (80 when unknown).
fn columns() -> usize {
    terminal::size().map_or(80, |(columns, _)| usize::from(columns.max(20)))
}

/// Plays `timeline` of `items` from segment `start`; calls `on_set` with the
/// position and reps of each set as it ends (also a set closed early by a
/// skip or a stop).
pub async fn play<F, Fut>(
    items: &[PrescribedItem],
    timeline: &Timeline,
    setups: &[Vec<String>],
    options: &PlayerOptions,
    mut on_set: F,
) -> Result<Ending, Failure>
where
    F: FnMut(u32, u32) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let _raw = if options.interactive {
        Some(RawMode::enable()?)
    } else {
        None
    };
    let mut screen = Screen::new(options.interactive);
    if options.interactive {
        screen.line(
            &options
                .style
                .dim("keys: space pause/resume · s skip · q finish early"),
        );
        if options.wait_for_ready && !wait_until_ready(&mut screen, options.style)? {
            return Ok(Ending::Stopped);
        }
    }
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64();
    let mut player = Player::new(timeline, options.pace, 0);
    let mut previous: Option<Phase> = None;
    loop {
        while let Some(event) = player.poll(now()) {
            match event {
                Event::Entered(index) => {
                    let segment = &timeline.segments[index];
                    let first_of_item = index == 0
                        || timeline.segments[index - 1].item != segment.item
                        || timeline.segments[index - 1].phase == Phase::Rest;
                    enter(
                        &mut screen,
                        segment,
                        items,
                        setups,
                        first_of_item,
                        previous,
                        options,
                    );
                    previous = Some(segment.phase);
                }
                Event::SetEnded { position, reps } => {
                    on_set(position, reps).await?;
                    report_set(&mut screen, timeline, items, position, reps, options);
                }
                Event::Finished => {
                    screen.clear();
                    return Ok(Ending::Finished);
                }
                Event::Stopped => {
                    screen.clear();
                    return Ok(Ending::Stopped);
                }
            }
        }
        let wait = player
            .deadline()
            .map_or(0.1, |deadline| (deadline - now()).max(0.0));
        if !options.interactive {
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            continue;
        }
        if let Some((_, segment)) = player.current() {
            let status = status_lines(
                segment,
                player.remaining(now()),
                player.is_paused(),
                options.style,
            );
            screen.status(&status);
        }
        match read_key(Duration::from_secs_f64(wait.min(0.1)))? {
            Some(Key::Pause) => player.toggle_pause(now()),
            Some(Key::Skip) => {
                if let Some(Event::SetEnded { position, reps }) = player.skip(now()) {
                    on_set(position, reps).await?;
                    report_set(&mut screen, timeline, items, position, reps, options);
                }
            }
            Some(Key::Quit) => {
                if let Some(Event::SetEnded { position, reps }) = player.stop() {
                    on_set(position, reps).await?;
                    report_set(&mut screen, timeline, items, position, reps, options);
                }
            }
            Some(Key::Ready) | None => {}
        }
    }
}

/// Asks the runner to press Enter once in position; false when they quit.
fn wait_until_ready(screen: &mut Screen, style: Style) -> Result<bool, Failure> {
    screen.status(&[style.bold("Press Enter when you are in position (q to quit).")]);
    loop {
        match read_key(Duration::from_millis(250))? {
            Some(Key::Ready | Key::Pause) => {
                screen.clear();
                return Ok(true);
            }
            Some(Key::Quit) => {
                screen.clear();
                return Ok(false);
            }
            _ => {}
        }
    }
}

/// Announces a segment as it begins: set-ups and rests get lines of their
/// own (the set-up steps before an exercise's first set); reps live in the
/// status area.
fn enter(
    screen: &mut Screen,
    segment: &Segment,
    items: &[PrescribedItem],
    setups: &[Vec<String>],
    first_of_item: bool,
    previous: Option<Phase>,
    options: &PlayerOptions,
) {
    let style = options.style;
    let item = &items[segment.item.min(items.len() - 1)];
    if !options.interactive {
        if !options.quiet && segment.phase == Phase::Setup {
            let side = segment.side.map(|s| format!(" ({s})")).unwrap_or_default();
            let step = segment
                .cue
                .split_once(". ")
                .map_or(segment.cue.as_str(), |(_, rest)| rest);
            screen.line(&format!(
                "{} set {}/{}{side}: {}, {step}",
                item.name,
                segment.set,
                segment.sets,
                text::count(segment.reps, "rep")
            ));
        }
        return;
    }
    if !options.quiet && previous != Some(segment.phase) {
        screen.bell();
    }
    let width = columns();
    match segment.phase {
        Phase::Setup => {
            if first_of_item && segment.set == 1 {
                screen.line("");
                screen.line(&style.bold(&item.name));
                for step in setups
                    .get(segment.item)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    screen.line(&format!(
                        "  · {}",
                        text::wrap(step, width.saturating_sub(1), "    ")
                    ));
                }
            }
            screen.line(&format!(
                "{} {}",
                style.accent("▶"),
                style.bold(&text::wrap(&segment.cue, width.saturating_sub(1), "  "))
            ));
        }
        Phase::Rest => {
            screen.line(&style.dim(&text::wrap(&segment.cue, width.saturating_sub(1), "")));
        }
        Phase::Lift | Phase::Top | Phase::Lower => {}
    }
}

/// The live status: the phase, countdown and counters, then the cue.
fn status_lines(segment: &Segment, remaining: f64, paused: bool, style: Style) -> Vec<String> {
    let width = columns();
    let counter = match segment.phase {
        Phase::Setup | Phase::Rest => format!("set {}/{}", segment.set, segment.sets),
        _ => format!(
            "set {}/{} · rep {}/{}",
            segment.set, segment.sets, segment.rep, segment.reps
        ),
    };
    let side = segment.side.map(|s| format!(" · {s}")).unwrap_or_default();
    let time = format!("{:>3} s", text::seconds(remaining.ceil().max(0.0)));
    let fixed = 2 + 9 + time.chars().count() + 3 + counter.chars().count() + side.chars().count();
    let bar_width = match width.saturating_sub(fixed + 2) {
        room if room >= 24 => 24,
        room if room >= 10 => room.min(12),
        _ => 0,
    };
    let bar = if bar_width > 0 {
        let fraction = if segment.seconds > 0.0 {
            1.0 - (remaining / segment.seconds).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let filled = (fraction * bar_width as f64).round() as usize;
        format!(
            "{} ",
            style.accent(&format!(
                "{}{}",
                "█".repeat(filled),
                "░".repeat(bar_width - filled)
            ))
        )
    } else {
        String::new()
    };
    let label = segment.label;
    let mut lines = vec![format!(
        "  {}{} {bar}{time}   {counter}{side}",
        style.bold(label),
        " ".repeat(9usize.saturating_sub(label.len())),
    )];
    let cue = if paused {
        style.warn("paused: space to resume, s to skip, q to finish")
    } else if segment.phase.is_rep() {
        style.dim(&segment.cue)
    } else {
        String::new()
    };
    if !cue.is_empty() {
        for line in fit(&cue, width.saturating_sub(4), 2) {
            lines.push(format!("    {line}"));
        }
    }
    lines
}

/// `text` wrapped into at most `rows` lines of `width` visible characters,
/// the last cut with "…" when it does not fit. ANSI codes are kept around
/// each line (they are added by [`Style`], so each line is re-styled).
fn fit(styled: &str, width: usize, rows: usize) -> Vec<String> {
    let (prefix, plain, suffix) = split_style(styled);
    let wrapped = text::wrap(plain, width.max(8), "");
    let mut lines: Vec<String> = wrapped.lines().map(str::to_string).collect();
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    lines
        .into_iter()
        .map(|line| {
            let cut: String = line.chars().take(width.max(1)).collect();
            format!("{prefix}{cut}{suffix}")
        })
        .collect()
}

/// Splits one styled run `\x1b[..m TEXT \x1b[0m` into its parts.
fn split_style(styled: &str) -> (&str, &str, &str) {
    if let Some(rest) = styled.strip_prefix("\x1b[")
        && let Some(end) = rest.find('m')
        && let Some(text) = rest[end + 1..].strip_suffix("\x1b[0m")
    {
        let prefix_len = 2 + end + 1;
        return (&styled[..prefix_len], text, "\x1b[0m");
    }
    ("", styled, "")
}

fn report_set(
    screen: &mut Screen,
    timeline: &Timeline,
    items: &[PrescribedItem],
    position: u32,
    reps: u32,
    options: &PlayerOptions,
) {
    if options.quiet && !options.interactive {
        return;
    }
    let Some(set) = timeline.set(position) else {
        return;
    };
    let item = &items[set.item.min(items.len() - 1)];
    let number = timeline.segments[set.last_segment].set;
    let side = set.side.map(|s| format!(" {s}")).unwrap_or_default();
    screen.line(&format!(
        "  {} {} set {number}/{}{side} saved: {}",
        options.style.good("✓"),
        item.name,
        item.sets,
        text::count(reps, "rep")
    ));
}

/// The terminal, with a status area of a few lines redrawn in place below
/// the lines printed so far.
struct Screen {
    out: std::io::Stdout,
    interactive: bool,
    /// Lines of the status area currently drawn (0: none).
    status_rows: usize,
}

impl Screen {
    fn new(interactive: bool) -> Screen {
        Screen {
            out: std::io::stdout(),
            interactive,
            status_rows: 0,
        }
    }

    fn newline(&self) -> &'static str {
        if self.interactive { "\r\n" } else { "\n" }
    }

    /// Prints a line of its own (several when it holds line breaks).
    fn line(&mut self, text: &str) {
        self.clear();
        let newline = self.newline();
        let text = text.replace('\n', newline);
        let _ = write!(self.out, "{text}{newline}");
        let _ = self.out.flush();
    }

    /// Redraws the status area with `lines`.
    fn status(&mut self, lines: &[String]) {
        self.rewind();
        let _ = write!(self.out, "\x1b[0J{}", lines.join("\r\n"));
        let _ = self.out.flush();
        self.status_rows = lines.len();
    }

    /// Removes the status area.
    fn clear(&mut self) {
        if self.status_rows > 0 {
            self.rewind();
            let _ = write!(self.out, "\x1b[0J");
            let _ = self.out.flush();
            self.status_rows = 0;
        }
    }

    /// Moves to the first column of the status area's first line.
    fn rewind(&mut self) {
        if self.status_rows > 1 {
            let _ = write!(self.out, "\x1b[{}A", self.status_rows - 1);
        }
        let _ = write!(self.out, "\r");
    }

    fn bell(&mut self) {
        let _ = write!(self.out, "\x07");
    }
}

fn read_key(wait: Duration) -> Result<Option<Key>, Failure> {
    let io = |e: std::io::Error| Failure::failed(format!("cannot read keys: {e}"));
    if !event::poll(wait).map_err(io)? {
        return Ok(None);
    }
    let event::Event::Key(key) = event::read().map_err(io)? else {
        return Ok(None);
    };
    if key.kind != KeyEventKind::Press {
        return Ok(None);
    }
    Ok(match key.code {
        KeyCode::Char(' ') | KeyCode::Char('p') => Some(Key::Pause),
        KeyCode::Enter => Some(Key::Ready),
        KeyCode::Char('s') | KeyCode::Right => Some(Key::Skip),
        KeyCode::Char('q') | KeyCode::Esc => Some(Key::Quit),
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Quit),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_wrap_onto_their_own_lines_and_are_cut_only_past_two() {
        let style = Style { color: true };
        let cue = style
            .dim("Squeeze your glutes hard at the top and keep your ribs down over your pelvis");
        let lines = fit(&cue, 36, 2);
        assert_eq!(lines.len(), 2);
        for line in &lines {
            let (_, plain, _) = split_style(line);
            assert!(plain.chars().count() <= 36, "{plain:?}");
        }
        assert!(lines[1].contains('…'));
        let short = fit("Lower slowly.", 36, 2);
        assert_eq!(short, vec!["Lower slowly.".to_string()]);
    }
}
