//! The `runstrong` binary: parses the command line, opens the store, runs one
//! command, and turns any error into one sentence on standard error and an
//! exit code (0 ok, 1 failure, 2 usage).
//!
//! **Architecture invariant:** this crate is glue. Coaching decisions live in
//! `coach`, SQL in `store`; commands here read input, call those, and print.

mod app;
mod args;
mod cmd;
mod guided;
mod prompt;
mod text;

use std::process::ExitCode;

use clap::Parser;

use crate::app::Failure;
use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let global = cli.global;
    let Some(command) = cli.command else {
        // Bare `runstrong`: the web app on the default address.
        let app = app::App::open(&global).await?;
        let bind = cmd::serve::DEFAULT_BIND
            .parse()
            .map_err(|_| Failure::failed("the default address is malformed"))?;
        return cmd::serve::run(app, bind).await;
    };
    let app = app::App::open(&global).await?;
    if let Command::Serve(args) = &command {
        return cmd::serve::run(app, args.bind).await;
    }
    match command {
        Command::Today => cmd::today::run(&app).await,
        Command::Go(args) => cmd::go::run(&app, args).await,
        Command::Log(args) => cmd::log::run(&app, args).await,
        Command::History(args) => cmd::history::run(&app, &args).await,
        Command::Stats => cmd::stats::run(&app).await,
        Command::Check(args) => cmd::check::run(&app, &args).await,
        Command::Library(args) => cmd::library::run(&app, &args),
        Command::Export(args) => cmd::backup::export(&app, &args).await,
        Command::Import(args) => cmd::backup::import(&app, &args).await,
        Command::Analyze(args) => cmd::analyze::run(&app, &args),
        Command::Runs(args) => cmd::runs::run(&app, args).await,
        Command::Serve(_) => Ok(()), // handled above: it takes the app by value
    }
}
