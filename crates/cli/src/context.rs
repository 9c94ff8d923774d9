//! What every command needs: the opened application (`app::App`: store,
//! content, clock), the output settings ([`Ui`]), and the [`Failure`] that
//! carries an error sentence and its exit code to `main`.

use std::io::IsTerminal;

use app::{App, AppError, Clock};
use store::OpenMode;

use crate::args::Global;

/// The exit codes of `runstrong`: this table is the one place they are
/// decided (docs/safety.md repeats it for users).
///
/// | code | meaning |
/// |------|---------|
/// | 0 | success, or the reader of the output went away (a closed pipe) |
/// | 1 | failure: nothing was done (a bad file, an unreadable database, every input refused) |
/// | 2 | usage: the command line itself is wrong (clap's code, and values parsed there) |
/// | 3 | partial: some inputs were imported and some refused; the refused ones are listed |
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
}

/// An error for the user: one sentence and an exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// A bad input or invocation (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: exit::USAGE,
        }
    }
    /// Part of the work was done and part refused (exit code 3): the
    /// message says how much of each.
    pub fn partial(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: exit::PARTIAL,
        }
    }
    /// The reader of the output has gone (a closed pipe): stop quietly,
    /// exit code 0, no message.
    pub fn quiet() -> Failure {
        Failure {
            message: String::new(),
            code: exit::SUCCESS,
        }
    }
    /// Anything else that went wrong (exit code 1).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: exit::FAILURE,
        }
    }
    /// An application error about the contents of a file the user gave:
    /// the file is at fault, not the command line, so exit code 1.
    pub fn in_file(err: AppError) -> Failure {
        let message = match err {
            AppError::Invalid(message) | AppError::NotFound(message) => message,
            other => other.to_string(),
        };
        Failure::failed(message)
    }
}

impl From<AppError> for Failure {
    /// Invalid input given on the command line is a usage error (2);
    /// anything else a failure (1).
    fn from(err: AppError) -> Failure {
        if err.is_invalid() {
            Failure::usage(err.to_string())
        } else {
            Failure::failed(err.to_string())
        }
    }
}

impl From<store::StoreError> for Failure {
    fn from(err: store::StoreError) -> Failure {
        Failure::failed(err.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Failure {
        Failure::failed(err.to_string())
    }
}

/// How output is written.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub json: bool,
    pub quiet: bool,
    /// ANSI colour on standard output (a terminal, and NO_COLOR unset).
    pub color: bool,
}

impl Ui {
    pub fn new(global: &Global) -> Ui {
        Ui {
            json: global.json,
            quiet: global.quiet,
            color: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn style(self) -> crate::text::Style {
        crate::text::Style { color: self.color }
    }
}

/// The opened application and the output settings.
pub struct Context {
    pub app: App,
    pub ui: Ui,
}

/// Whether a command records something (and so may create the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl Context {
    /// Opens the database named by `--db` (or the default file) and the app
    /// over it. A command that only reads never creates a database at a
    /// path the user named; on the default path the first run creates it.
    pub async fn open(global: &Global, access: Access) -> Result<Context, Failure> {
        let mut clock = Clock::system()?;
        if let Some(zone) = &global.time_zone {
            clock = clock.in_zone(zone.clone());
        }
        let (location, mode) = match &global.db {
            Some(db) if access == Access::Read => (db.clone(), OpenMode::Existing),
            Some(db) => (db.clone(), OpenMode::Create),
            None => (default_database()?, OpenMode::Create),
        };
        let app = App::open(&location, mode, clock).await?;
        Ok(Context {
            app,
            ui: Ui::new(global),
        })
    }
}

/// `runstrong.db` in the platform data directory, e.g.
/// `~/.local/share/runstrong/runstrong.db` on Linux.
fn default_database() -> Result<String, Failure> {
    let dirs = directories::ProjectDirs::from("", "", "runstrong").ok_or_else(|| {
        Failure::failed("cannot find a home directory for the database; pass --db PATH or set RUNSTRONG_DATABASE")
    })?;
    Ok(dirs
        .data_dir()
        .join("runstrong.db")
        .to_string_lossy()
        .into_owned())
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::failed(format!("cannot write JSON: {e}")))?;
    outln!("{text}")?;
    Ok(())
}
