//! The config file: `config.toml` in the platform config directory (e.g.
//! `~/.config/runstrong/config.toml` on Linux), read before any command
//! that opens the database. It may name the database, the time zone, the
//! host names the web app also answers to (`allow_hosts`, added to
//! `serve --allow-host`), and the preferences `reminder`, `voice` and
//! `units`.
//!
//! **Precedence.** `--db` and `RUNSTRONG_DATABASE` override `database`;
//! `--time-zone` and `RUNSTRONG_TIME_ZONE` override `time_zone`, which
//! overrides the system's zone. The preferences are also set in the web
//! app's settings: a value in the file is applied when the file changes it,
//! so the most recent change wins (`app::App::apply_file_preferences`).
//!
//! A missing file is no error; a malformed one is refused with one sentence
//! naming the file, the line and what was expected. `runstrong config
//! --init` writes [`TEMPLATE`], everything commented out, and never
//! overwrites a file that is there.

use std::io::Write;
use std::path::{Path, PathBuf};

use app::interop::FilePreferences;
use app::settings::Units;
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::args::Global;
use crate::context::Failure;

/// The file's name in the config directory.
pub const FILE_NAME: &str = "config.toml";

/// Largest config file read.
const MAX_BYTES: u64 = 64 * 1024;

/// What `runstrong config --init` writes.
pub const TEMPLATE: &str = r#"# runstrong's config file. Every setting is optional: remove the # in
# front of one to use it. Command-line flags and environment variables
# override what is set here.

# The database: a SQLite file (a full path), sqlite://PATH, or
# postgres://USER@HOST/DB. Overridden by --db and RUNSTRONG_DATABASE.
# Default: runstrong.db in the platform data directory.
# database = "/home/me/runstrong/runstrong.db"

# Your time zone, an IANA name, for "today" and the reminder time.
# Overridden by --time-zone and RUNSTRONG_TIME_ZONE. Default: the system's.
# time_zone = "Europe/Berlin"

# Host names the web app also answers to, besides localhost, loopback
# addresses and the address it is bound to (e.g. behind an HTTPS proxy).
# Added to `serve --allow-host NAME`.
# allow_hosts = ["laptop.local"]

# Preferences, also set in the web app's Settings. A value here is applied
# when you change it in this file; a later change in Settings stands until
# you change it here again.

# Daily reminder time, HH:MM, 24-hour clock: the calendar feed
# (`runstrong calendar`) and the open web app remind you then.
# reminder = "07:30"

# Speak the cues during a guided session in the web app.
# voice = true

# Distances in "metric" (km) or "imperial" (miles).
# units = "metric"
"#;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Contents {
    database: Option<String>,
    time_zone: Option<String>,
    allow_hosts: Option<Vec<String>>,
    reminder: Option<String>,
    voice: Option<bool>,
    units: Option<Units>,
}

/// A config file that was read.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub database: Option<String>,
    pub time_zone: Option<TimeZone>,
    /// Host names the web app also answers to (checked as `--allow-host`).
    pub allow_hosts: Vec<String>,
    pub preferences: FilePreferences,
}

/// Where the config file is (whether or not it exists).
pub fn path() -> Result<PathBuf, Failure> {
    let dirs = directories::ProjectDirs::from("", "", "runstrong").ok_or_else(|| {
        Failure::failed("cannot find a home directory, so there is no config file; pass --db PATH")
    })?;
    Ok(dirs.config_dir().join(FILE_NAME))
}

/// Reads the config file; `None` when there is none.
pub fn load() -> Result<Option<Config>, Failure> {
    let path = path()?;
    if let Err(e) = std::fs::metadata(&path)
        && e.kind() == std::io::ErrorKind::NotFound
    {
        return Ok(None);
    }
    let text = crate::files::read_text(&path, "config", MAX_BYTES).map_err(Failure::failed)?;
    parse(&path, &text).map(Some)
}

/// Reads the text of the config file at `path`.
fn parse(path: &Path, text: &str) -> Result<Config, Failure> {
    let name = path.display();
    let contents: Contents = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| before.matches('\n').count() + 1);
        let place = line.map_or_else(String::new, |l| format!(", line {l}"));
        Failure::failed(format!(
            "{name}{place}: {}; see `runstrong config --init` for the settings it may hold",
            e.message().trim_end_matches('.')
        ))
    })?;
    let time_zone = match contents.time_zone.as_deref() {
        Some(zone) => Some(time_zone(zone).map_err(|e| Failure::failed(format!("{name}: {e}")))?),
        None => None,
    };
    let database = contents.database.filter(|d| !d.trim().is_empty());
    let allow_hosts = contents
        .allow_hosts
        .unwrap_or_default()
        .iter()
        .map(|host| {
            crate::args::parse_host_name(host)
                .map_err(|e| Failure::failed(format!("{name}: allow_hosts: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Config {
        path: path.to_path_buf(),
        database,
        time_zone,
        allow_hosts,
        preferences: FilePreferences {
            reminder: contents.reminder,
            voice: contents.voice,
            units: contents.units,
        },
    })
}

/// The time zone named `name` (an IANA name such as Europe/Berlin, or UTC).
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    let name = name.trim();
    TimeZone::get(name).map_err(|_| {
        format!(
            "the time zone {:?} is not known: expected an IANA name such as Europe/Berlin, America/New_York or UTC",
            name.chars().take(60).collect::<String>()
        )
    })
}

impl Config {
    /// Fills in the database and time zone where no flag or environment
    /// variable gave one.
    pub fn fill(&self, global: &mut Global) {
        if global.db.is_none() {
            global.db.clone_from(&self.database);
        }
        if global.time_zone.is_none() {
            global.time_zone.clone_from(&self.time_zone);
        }
    }
}

/// Writes [`TEMPLATE`] at `path` unless a file is there; returns whether it
/// wrote one.
pub fn init(path: &Path) -> Result<bool, Failure> {
    let name = path.display();
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| Failure::failed(format!("cannot create {}: {e}", folder.display())))?;
    }
    // `create_new` neither replaces a file nor follows a link that is there.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Failure::failed(format!("cannot write {name}: {e}"))),
    };
    file.write_all(TEMPLATE.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::failed(format!("cannot write {name}: {e}")))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, String> {
        parse(Path::new("/home/me/.config/runstrong/config.toml"), text).map_err(|f| f.message)
    }

    #[test]
    fn the_template_parses_to_nothing_set_and_every_line_uncommented_too() {
        let config = parsed(TEMPLATE).unwrap();
        assert_eq!(config.database, None);
        assert_eq!(config.preferences, FilePreferences::default());
        let uncommented: String = TEMPLATE
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let config = parsed(&uncommented).unwrap();
        assert_eq!(
            config.database.as_deref(),
            Some("/home/me/runstrong/runstrong.db")
        );
        assert_eq!(config.preferences.reminder.as_deref(), Some("07:30"));
        assert_eq!(config.preferences.units, Some(Units::Metric));
        assert!(config.time_zone.is_some());
        assert_eq!(config.allow_hosts, ["laptop.local"]);
    }

    #[test]
    fn allowed_hosts_are_checked_as_the_flag_checks_them() {
        let config = parsed("allow_hosts = [\"Laptop.Local.\", \"[::1]\"]\n").unwrap();
        assert_eq!(config.allow_hosts, ["laptop.local", "::1"]);
        let err = parsed("allow_hosts = [\"http://evil.example:80\"]\n").unwrap_err();
        assert!(
            err.contains("allow_hosts: \"http://evil.example:80\" is not a host name"),
            "{err}"
        );
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let err = parsed("voice = true\nvolume = 3\n").unwrap_err();
        assert!(
            err.starts_with(
                "/home/me/.config/runstrong/config.toml, line 2: unknown field `volume`"
            ),
            "{err}"
        );
        let err = parsed("units = \"furlongs\"\n").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = parsed("time_zone = \"Mars/Olympus_Mons\"\n").unwrap_err();
        assert_eq!(
            err,
            "/home/me/.config/runstrong/config.toml: the time zone \"Mars/Olympus_Mons\" is not known: expected an IANA name such as Europe/Berlin, America/New_York or UTC"
        );
    }

    #[test]
    fn init_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runstrong/config.toml");
        assert!(init(&path).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
        std::fs::write(&path, "voice = false\n").unwrap();
        assert!(!init(&path).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "voice = false\n");
    }
}
