//! `runstrong config`: prints where the config file is (so
//! `$EDITOR "$(runstrong config)"` opens it) and checks it when it exists;
//! `--init` writes a commented template there, never over a file that is
//! there. The file itself is read in [`crate::config`].

use crate::args::ConfigArgs;
use crate::config;
use crate::context::{Failure, Ui, print_json};

pub fn run(ui: Ui, args: &ConfigArgs) -> Result<(), Failure> {
    let path = config::path()?;
    let name = path.display();
    if args.init {
        let wrote = config::init(&path)?;
        if !ui.quiet && !ui.json {
            if wrote {
                eprintln!(
                    "Wrote a commented config file; remove the # in front of a setting to use it."
                );
            } else {
                eprintln!("{name} already exists; left as it is.");
            }
        }
    }
    if ui.json {
        let loaded = config::load()?;
        return print_json(&serde_json::json!({
            "path": path,
            "exists": loaded.is_some(),
        }));
    }
    // The path first, so a mistake in the file (read now, to show it) can be
    // fixed there.
    outln!("{name}")?;
    crate::output::flush()?;
    let loaded = config::load()?;
    if loaded.is_none() && !args.init && !ui.quiet {
        eprintln!("There is no config file yet; `runstrong config --init` writes a commented one.");
    }
    Ok(())
}
