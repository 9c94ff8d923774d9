//! The command line: every flag and subcommand, with the help text users see.
//! Values are parsed into domain types here (a bad value is a usage error,
//! exit code 2), so the commands receive validated input.

use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use coach::{Felt, Side};
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The version line: the package version and the commit it was built from
/// (set by build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("RUNSTRONG_COMMIT"),
    ")"
);

/// A local-first strength coach for runners: today's glute work, guided with
/// tempo and cues, an honest progression, and your history.
#[derive(Debug, Parser)]
#[command(name = "runstrong", version = VERSION, max_term_width = 100)]
#[command(disable_help_subcommand = true)]
#[command(
    after_help = "Start with `runstrong today`, then `runstrong go`.\nData lives in one SQLite file in your data directory unless --db or the config file (`runstrong config`) says otherwise.\n\nExit status: 0 success, 1 failure (nothing was done), 2 usage error, 3 partial (`runs import` stored some files and refused others)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command understands.
#[derive(Debug, Args)]
pub struct Global {
    /// Database: a SQLite file path, sqlite://PATH, or postgres://USER@HOST/DB
    /// [default: the config file's, else runstrong.db in the platform data directory]
    #[arg(
        long,
        global = true,
        env = "RUNSTRONG_DATABASE",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<String>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only results and errors: no progress, cues or bell
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Your time zone, e.g. Europe/Berlin, for "today" and reminders
    /// [default: the config file's, else the system's]
    #[arg(
        long,
        global = true,
        env = "RUNSTRONG_TIME_ZONE",
        hide_env_values = true,
        value_name = "ZONE",
        value_parser = parse_zone
    )]
    pub time_zone: Option<TimeZone>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show today's prescription and why
    Today,
    /// Do today's session, guided with tempo, cues and rest timers
    Go(GoArgs),
    /// Log sets done without the guide, e.g. `runstrong log bridge 3x10`
    Log(LogArgs),
    /// Answer the questions of the last session saved without them
    Answer(AnswerArgs),
    /// List past sessions, set by set
    History(HistoryArgs),
    /// Streak, adherence and totals
    Stats,
    /// Self-assessment: a short questionnaire and home tests (baselines, not a diagnosis)
    Check(CheckArgs),
    /// Exercises with their set-up, cues, faults and sources
    Library(LibraryArgs),
    /// Write a full backup (JSON, lossless), a CSV of all sets, or FIT files for your watch's app
    Export(ExportArgs),
    /// Restore a backup written by `export`, or bring in workouts from Hevy or Strong
    Import(ImportArgs),
    /// Count reps and check form in a recorded landmark (JSON Lines) or motion (CSV) file
    Analyze(AnalyzeArgs),
    /// Runs beside the glute work, by week; `runs import PATH…` brings activity files in
    Runs(RunsArgs),
    /// Start the web app (bare `runstrong` does this on 127.0.0.1:7878)
    Serve(ServeArgs),
    /// Where the camera mode's pose model is; `camera install` downloads it once
    Camera(CameraArgs),
    /// Print a calendar (iCalendar) of coming sessions and rest days, with reminders
    Calendar(CalendarArgs),
    /// Show where the config file is; --init writes a commented one
    Config(ConfigArgs),
    /// Print tab completions for your shell
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `runstrong man | man -l -`
    Man,
    /// Show the help of runstrong or of one command, e.g. `runstrong help runs import`
    Help(HelpArgs),
}

#[derive(Debug, Args)]
pub struct CameraArgs {
    #[command(subcommand)]
    pub command: Option<CameraCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CameraCommand {
    /// Download the pose model of the live count's camera mode (about 41 MB,
    /// pinned and checked) into the data directory
    Install(CameraInstallArgs),
}

#[derive(Debug, Args)]
pub struct CameraInstallArgs {
    /// Install from the package file fetched another way
    /// (pose-0.5.1675469404.tgz from the npm registry), with the same checks
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// The command to explain, with its subcommand if it has one
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Save it as a file and import it, or subscribe to http://127.0.0.1:7878/calendar.ics while `runstrong` runs.\nThe reminder time is the one in the app's settings (or the config file)."
)]
pub struct CalendarArgs {
    /// How many days ahead, today included
    #[arg(long, default_value_t = app::interop::CALENDAR_DAYS, value_parser = clap::value_parser!(u32).range(1..=i64::from(app::interop::MAX_CALENDAR_DAYS)))]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Write a commented config file there (an existing one is never overwritten)
    #[arg(long)]
    pub init: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "bash:  runstrong completions bash > ~/.local/share/bash-completion/completions/runstrong\nzsh:   runstrong completions zsh > ~/.zfunc/_runstrong   (with fpath+=~/.zfunc before compinit)\nfish:  runstrong completions fish > ~/.config/fish/completions/runstrong.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, IP:PORT; beyond 127.0.0.1 anyone who can reach it can use it (no login)
    #[arg(long, value_name = "ADDR", default_value = crate::cmd::serve::DEFAULT_BIND, value_parser = parse_bind)]
    pub bind: std::net::SocketAddr,
    /// Also answer to this host name (repeatable), e.g. laptop.local; localhost, loopback and the bound address always work
    #[arg(long = "allow-host", value_name = "NAME", value_parser = parse_host_name)]
    pub allow_host: Vec<String>,
}

/// A host name or IP for `--allow-host`: letters, digits, `-`, `.` (or an
/// IPv6 address in brackets), no scheme, port or wildcard.
pub(crate) fn parse_host_name(text: &str) -> Result<String, String> {
    let name = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let ipv6 = name
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
    let plain = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if ipv6 {
        Ok(name[1..name.len() - 1].to_string())
    } else if plain {
        Ok(name)
    } else {
        Err(format!(
            "{:?} is not a host name: expected a name such as laptop.local or an IP, without scheme or port",
            text.chars().take(60).collect::<String>()
        ))
    }
}

fn parse_bind(text: &str) -> Result<std::net::SocketAddr, String> {
    let text = text.trim();
    let text = text
        .strip_prefix("localhost:")
        .map_or(text.to_string(), |port| format!("127.0.0.1:{port}"));
    text.parse().map_err(|_| {
        format!(
            "{text:?} is not an address: expected IP:PORT such as 127.0.0.1:7878 or 0.0.0.0:8080"
        )
    })
}

#[derive(Debug, Args)]
pub struct GoArgs {
    /// Do only this exercise (id or alias) instead of today's plan
    pub exercise: Option<String>,
    /// Run unattended: no keys, answers from --rpe/--felt/--pain
    #[arg(long)]
    pub auto: bool,
    /// Scale the clock: 1 is real time, 0.5 twice as fast, 0 no waiting
    #[arg(long, default_value_t = 1.0, value_parser = parse_pace)]
    pub pace: f64,
    /// Start the first set at once instead of waiting for Enter
    #[arg(long)]
    pub now: bool,
    /// Only the short activation primer (a few minutes, e.g. before a run)
    #[arg(long, conflicts_with = "exercise")]
    pub primer: bool,
    /// Swap this exercise of today's plan for its equivalent without equipment
    #[arg(long, value_name = "EXERCISE")]
    pub swap: Option<String>,
    /// Fit today's session into this many minutes
    #[arg(long, value_name = "MINUTES", value_parser = parse_minutes)]
    pub minutes: Option<f64>,
    /// Pain right now, 0 to 10, when the plan asks before the first set
    /// (needed with --auto on such days)
    #[arg(long, value_name = "0-10", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain_now: Option<u8>,
    /// The legs feel heavy or sore from running (asked with the pain question)
    #[arg(long)]
    pub legs_heavy: bool,
    #[command(flatten)]
    pub answers: Answers,
}

/// The end-of-session answers given as flags.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct Answers {
    /// How hard it was: 1 (very easy) to 10 (maximal)
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub rpe: Option<u8>,
    /// Where you felt it most
    #[arg(long, value_parser = Listed::<Felt>::new(felt_values))]
    pub felt: Option<Felt>,
    /// Pain during or after: 0 (none) to 10
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain: Option<u8>,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    #[command(flatten)]
    pub answers: Answers,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Exercise id or alias, e.g. active-shoulder-bridge or bridge
    pub exercise: String,
    /// Sets and reps, e.g. 3x10 (or just 10 for one set)
    #[arg(value_parser = parse_dose)]
    pub dose: (u32, u32),
    /// Seconds held at the top of each rep
    #[arg(long, value_parser = parse_hold)]
    pub hold: Option<f64>,
    /// Side, for single-leg exercises (both sides are logged when omitted)
    #[arg(long, value_parser = Listed::<Side>::new(side_values))]
    pub side: Option<Side>,
    #[command(flatten)]
    pub answers: Answers,
    /// Training day, YYYY-MM-DD (default: today; not in the future)
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// A note to keep with the session
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// First day to show, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// Last day to show, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub to: Option<Date>,
    /// Show at most this many of the latest sessions (1 or more)
    #[arg(long, value_parser = parse_limit)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Take the answers from a TOML or JSON file instead of asking
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Only show past results and trends
    #[arg(long, conflicts_with = "answers")]
    pub results: bool,
}

#[derive(Debug, Args)]
pub struct LibraryArgs {
    /// Show one exercise in full (id or alias)
    pub exercise: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Everything, lossless and versioned
    Json,
    /// One row per set, for spreadsheets
    Csv,
    /// One FIT activity file per session, into the folder given with -o
    Fit,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output (for fit: this folder, required)
    #[arg(long, short, required_if_eq("format", "fit"))]
    pub output: Option<PathBuf>,
}

/// Where an imported file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A JSON backup written by `runstrong export`
    Runstrong,
    /// Hevy's CSV export (Settings → Export & Import Data → Export Workouts)
    Hevy,
    /// Strong's CSV export (Settings → Export Strong Data)
    Strong,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Sessions already present are skipped, so importing the same file twice adds nothing.\nA file with any invalid row or record is refused whole: nothing is imported."
)]
pub struct ImportArgs {
    /// The file: a backup, or a Hevy or Strong CSV export
    pub file: PathBuf,
    /// What wrote the file
    #[arg(long, value_enum, default_value_t = ImportSource::Runstrong)]
    pub from: ImportSource,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A recording: pose landmarks as JSON Lines, or phone motion as CSV (t,ax,ay,az,gx,gy,gz)
    pub file: PathBuf,
    /// The exercise recorded (id or alias)
    #[arg(long, short, default_value = "active-shoulder-bridge")]
    pub exercise: String,
    /// The working side, for single-leg exercises
    #[arg(long, value_parser = Listed::<Side>::new(side_values))]
    pub side: Option<Side>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RunsArgs {
    #[command(subcommand)]
    pub command: Option<RunsCommand>,
    /// How many weeks to list, ending with this one
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
    /// List every stored run by year and month, with totals and the longest runs
    #[arg(long, conflicts_with_all = ["weeks", "from", "to"])]
    pub all: bool,
    /// List the runs from this day (YYYY-MM-DD) by year and month
    #[arg(long, value_parser = parse_date, conflicts_with = "weeks")]
    pub from: Option<Date>,
    /// List the runs up to this day (YYYY-MM-DD) by year and month
    #[arg(long, value_parser = parse_date, conflicts_with = "weeks")]
    pub to: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// Import FIT, GPX and TCX files (plain or .gz), folders, zip archives and Strava bulk exports
    Import(RunsImportArgs),
    /// Set (or show, or --clear) your next race date; the plan lightens in the week before it
    Race(RaceArgs),
    /// One run: splits, pauses, the importer's assumptions and warnings, glute work around it
    Show(RunsShowArgs),
    /// Watch folders (or a plugged-in watch) and import new activity files as they appear
    Watch(RunsWatchArgs),
}

#[derive(Debug, Args)]
pub struct RunsShowArgs {
    /// The run's id, as `runstrong runs --all` lists it
    pub id: i64,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Polls every few seconds (no inotify needed); a file is imported once its size holds for two polls.\nWithout DIR, looks for a Garmin watch mounted as a drive (GARMIN/Activity under /media/$USER, /run/media/$USER, /Volumes). Ctrl-C stops."
)]
pub struct RunsWatchArgs {
    /// Folders to watch (read recursively) [default: mounted watches' activity folders]
    pub dirs: Vec<PathBuf>,
    /// Seconds between two looks at the folders
    #[arg(long, default_value_t = app::watch::DEFAULT_POLL_S, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub every: u64,
}

#[derive(Debug, Args)]
pub struct RaceArgs {
    /// Race day, YYYY-MM-DD
    #[arg(value_parser = parse_date, conflicts_with = "clear")]
    pub date: Option<Date>,
    /// Forget the race date
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct RunsImportArgs {
    /// Files or folders (folders are read recursively)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Decoder threads [default: one per core]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
}

fn parse_pace(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(pace) if pace.is_finite() && (0.0..=10.0).contains(&pace) => Ok(pace),
        _ => Err(format!(
            "{text:?} is not a pace: expected a number from 0 (no waiting) to 10"
        )),
    }
}

fn parse_minutes(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(minutes) if minutes.is_finite() && (1.0..=180.0).contains(&minutes) => Ok(minutes),
        _ => Err(format!(
            "{:?} is not a number of minutes: expected 1 to 180",
            text.chars().take(30).collect::<String>()
        )),
    }
}

/// The values `--felt` lists (it also takes a few everyday words, such as
/// "back" or "hip").
fn felt_values() -> Vec<&'static str> {
    Felt::ALL.iter().map(|f| f.as_str()).collect()
}

fn side_values() -> Vec<&'static str> {
    [Side::Left, Side::Right]
        .iter()
        .map(|s| s.as_str())
        .collect()
}

/// A value parsed by its `FromStr`, with its canonical values listed in
/// `--help` and in completions.
#[derive(Clone)]
struct Listed<T> {
    values: fn() -> Vec<&'static str>,
    parsed: std::marker::PhantomData<fn() -> T>,
}

impl<T> Listed<T> {
    fn new(values: fn() -> Vec<&'static str>) -> Listed<T> {
        Listed {
            values,
            parsed: std::marker::PhantomData,
        }
    }
}

impl<T> TypedValueParser for Listed<T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Display,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.parse::<T>().map_err(|e| {
            let name = arg.map_or_else(String::new, |a| format!("--{}: ", a.get_id()));
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{name}{e}\n"))
                .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)().into_iter().map(PossibleValue::new),
        ))
    }
}

fn parse_zone(text: &str) -> Result<TimeZone, String> {
    crate::config::time_zone(text)
}

fn parse_hold(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(hold) if hold.is_finite() && (0.0..=300.0).contains(&hold) => Ok(hold),
        _ => Err(format!(
            "{text:?} is not a hold: expected seconds from 0 to 300"
        )),
    }
}

/// `3x10`, `3×10`, `3X10` or `10` (one set).
pub fn parse_dose(text: &str) -> Result<(u32, u32), String> {
    let expected = "expected SETSxREPS such as 3x10, or REPS for one set";
    let cleaned = text.trim().to_ascii_lowercase().replace('×', "x");
    let (sets, reps) = match cleaned.split_once('x') {
        Some((sets, reps)) => (sets.trim(), reps.trim()),
        None => ("1", cleaned.as_str()),
    };
    let number = |part: &str, what: &str, max: u32| -> Result<u32, String> {
        match part.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            Ok(_) => Err(format!("{text:?} has {what} {part}: expected 1 to {max}")),
            Err(_) => Err(format!("{text:?} is not a dose: {expected}")),
        }
    };
    Ok((number(sets, "sets", 20)?, number(reps, "reps", 200)?))
}

fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("0 would show nothing: expected 1 or more sessions".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{:?} is not a number of sessions: expected a whole number, 1 or more",
            text.chars().take(30).collect::<String>()
        )),
    }
}

/// The one day parser (`coach::words::parse_day`): a time of day is refused,
/// not silently dropped.
fn parse_date(text: &str) -> Result<Date, String> {
    coach::words::parse_day(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_parse_in_the_forms_runners_write() {
        assert_eq!(parse_dose("3x10"), Ok((3, 10)));
        assert_eq!(parse_dose("2×12"), Ok((2, 12)));
        assert_eq!(parse_dose(" 3 X 8 "), Ok((3, 8)));
        assert_eq!(parse_dose("15"), Ok((1, 15)));
        let err = parse_dose("3xabc").unwrap_err();
        assert!(err.contains("\"3xabc\" is not a dose"), "{err}");
        assert!(parse_dose("0x10").unwrap_err().contains("sets 0"));
        assert!(parse_dose("3x").is_err());
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
