//! The `runstrong` binary: parses the command line, opens the application
//! (`app::App`) when the command needs data, runs one command, and turns any
//! error into one sentence on standard error and an exit code (the table is
//! `context::exit`: 0 ok, 1 failure, 2 usage, 3 partial).
//!
//! **Architecture invariant:** this crate is a front end. Use cases live in
//! `app`, coaching decisions in `coach`, SQL in `store`; commands here read
//! input, call those, and print.

#[macro_use]
mod output;
mod args;
mod cmd;
mod config;
mod context;
mod files;
mod guided;
mod prompt;
mod text;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, RunsCommand};
use crate::context::{Access, Context, Failure, Ui};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                context::exit::USAGE
            } else {
                context::exit::SUCCESS
            };
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
            return ExitCode::from(context::exit::FAILURE);
        }
    };
    match runtime.block_on(run(cli)).and_then(|()| output::flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                // One line, and nothing a file name could smuggle in can
                // drive the terminal.
                eprintln!("error: {}", text::line(&failure.message));
            }
            ExitCode::from(failure.code)
        }
    }
}

/// Whether a command records something, and so may create the database.
fn access(command: &Command) -> Access {
    match command {
        Command::Go(_)
        | Command::Log(_)
        | Command::Answer(_)
        | Command::Import(_)
        | Command::Serve(_) => Access::Write,
        Command::Check(args) if !args.results => Access::Write,
        Command::Runs(args) => match &args.command {
            Some(RunsCommand::Import(_) | RunsCommand::Watch(_)) => Access::Write,
            Some(RunsCommand::Race(race)) if race.date.is_some() || race.clear => Access::Write,
            _ => Access::Read,
        },
        _ => Access::Read,
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let mut global = cli.global;
    // Commands that need neither the config file nor a database.
    match &cli.command {
        Some(Command::Library(args)) => return cmd::library::run(Ui::new(&global), args),
        Some(Command::Analyze(args)) => return cmd::analyze::run(Ui::new(&global), args),
        Some(Command::Completions(args)) => return cmd::completions::completions(args),
        Some(Command::Man) => return cmd::completions::man(),
        Some(Command::Config(args)) => return cmd::config::run(Ui::new(&global), args),
        Some(Command::Camera(args)) => return cmd::camera::run(Ui::new(&global), args),
        Some(Command::Help(args)) => return cmd::completions::help(args),
        _ => {}
    }
    let config = config::load()?;
    if let Some(config) = &config {
        config.fill(&mut global);
    }
    let Some(command) = cli.command else {
        // Bare `runstrong`: the web app on the default address.
        let context = Context::open(&global, Access::Write).await?;
        apply_config(&context, config.as_ref()).await?;
        let bind = cmd::serve::DEFAULT_BIND
            .parse()
            .map_err(|_| Failure::failed("the default address is malformed"))?;
        let hosts = config.map(|c| c.allow_hosts).unwrap_or_default();
        return cmd::serve::run(context, bind, &hosts).await;
    };
    let context = Context::open(&global, access(&command)).await?;
    apply_config(&context, config.as_ref()).await?;
    let ctx = &context;
    match command {
        Command::Serve(args) => {
            let mut hosts = config.map(|c| c.allow_hosts).unwrap_or_default();
            hosts.extend(args.allow_host);
            cmd::serve::run(context, args.bind, &hosts).await
        }
        Command::Today => cmd::today::run(ctx).await,
        Command::Go(args) => cmd::go::run(ctx, args).await,
        Command::Log(args) => cmd::log::run(ctx, args).await,
        Command::Answer(args) => cmd::go::answer(ctx, &args).await,
        Command::History(args) => cmd::history::run(ctx, &args).await,
        Command::Stats => cmd::stats::run(ctx).await,
        Command::Check(args) => cmd::check::run(ctx, &args).await,
        Command::Export(args) => cmd::backup::export(ctx, &args).await,
        Command::Import(args) => cmd::backup::import(ctx, &args).await,
        Command::Runs(args) => cmd::runs::run(ctx, args).await,
        Command::Calendar(args) => cmd::calendar::run(ctx, &args).await,
        Command::Library(_)
        | Command::Analyze(_)
        | Command::Completions(_)
        | Command::Man
        | Command::Help(_)
        | Command::Config(_)
        | Command::Camera(_) => Ok(()), // handled above
    }
}

/// Applies the preferences the config file changed since they were last
/// applied. A database that cannot be written just now (read-only) only
/// delays this; a value the app refuses is the file's mistake.
async fn apply_config(context: &Context, config: Option<&config::Config>) -> Result<(), Failure> {
    let Some(config) = config else {
        return Ok(());
    };
    match context
        .app
        .apply_file_preferences(&config.preferences)
        .await
    {
        Ok(_) => Ok(()),
        Err(app::AppError::Invalid(message)) => Err(Failure::failed(format!(
            "{}: {message}",
            config.path.display()
        ))),
        Err(err) => {
            if !context.ui.quiet {
                eprintln!(
                    "note: the preferences in {} are not applied yet: {err}",
                    config.path.display()
                );
            }
            Ok(())
        }
    }
}
