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
    // A file that is there is read, so a mistake in it shows now.
    let loaded = config::load()?;
    if ui.json {
        return print_json(&serde_json::json!({
            "path": path,
            "exists": loaded.is_some(),
        }));
    }
    outln!("{name}")?;
    if loaded.is_none() && !args.init && !ui.quiet {
        eprintln!("There is no config file yet; `runstrong config --init` writes a commented one.");
    }
    Ok(())
}
