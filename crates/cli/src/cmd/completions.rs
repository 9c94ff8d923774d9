//! `runstrong completions SHELL` and `runstrong man`: shell completions
//! (clap_complete) and the manual page (clap_mangen, roff), both generated
//! from the same clap definitions as `--help`, so they cannot drift from it.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::context::Failure;

pub fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "runstrong", &mut script);
    write(&script)
}

pub fn man() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Failure::failed(format!("cannot write the manual page: {e}")))?;
    write(&page)
}

fn write(bytes: &[u8]) -> Result<(), Failure> {
    out!("{}", String::from_utf8_lossy(bytes))
}

/// `runstrong help [COMMAND]…`: the long help of runstrong or of the named
/// command (clap's own help subcommand takes no `--help` of its own; this one
/// does, like every command).
pub fn help(args: &crate::args::HelpArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    command.build();
    let mut current = &mut command;
    let mut path = String::from("runstrong");
    for name in &args.command {
        let known: Vec<String> = current
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        let Some(sub) = current.find_subcommand_mut(name) else {
            let expected = if known.is_empty() {
                format!("`{path}` has no subcommands")
            } else {
                format!("expected one of {}", known.join(", "))
            };
            return Err(Failure::usage(format!(
                "there is no command {name:?} in `{path}`: {expected}"
            )));
        };
        path = format!("{path} {name}");
        current = sub;
    }
    out!("{}", current.render_help())
}
