//! Writing to standard output without panicking: `println!` panics when the
//! reader has gone (`runstrong library | head -1`) or the disk is full
//! (`history --json > /dev/full`). Every command prints through [`outln!`]
//! and [`out!`], which return a [`Failure`]: a closed pipe ends the command
//! quietly with exit code 0 (as ripgrep does), any other write error with one
//! sentence and exit code 1.

use std::io::Write;

use crate::context::Failure;

/// Writes formatted text to standard output.
pub fn write_out(args: std::fmt::Arguments) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_fmt(args).map_err(|e| failure(&e))
}

/// Flushes standard output (the last line may still be buffered).
pub fn flush() -> Result<(), Failure> {
    std::io::stdout().flush().map_err(|e| failure(&e))
}

/// The failure of a write to standard output.
pub fn failure(err: &std::io::Error) -> Failure {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::quiet()
    } else {
        Failure::failed(format!("cannot write the output: {err}"))
    }
}

/// `println!` that returns a [`Failure`] instead of panicking.
macro_rules! outln {
    () => {
        $crate::output::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that returns a [`Failure`] instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_out(format_args!($($arg)*))
    };
}
