//! `runstrong camera`: where the live count's camera mode reads its pose
//! model from; `camera install` downloads the pinned package once (or takes
//! `--from FILE`), checks its sha512 and unpacks it into the data directory.
//! The install itself is the web crate's ([`web::camera`]), shared with the
//! button on the live page.

use web::camera::{self, POSE, Progress};

use crate::args::{CameraArgs, CameraCommand};
use crate::context::{Failure, Ui, print_json};

pub fn run(ui: Ui, args: &CameraArgs) -> Result<(), Failure> {
    match &args.command {
        None => status(ui),
        Some(CameraCommand::Install(install)) => {
            let root = camera::data_root().ok_or_else(|| {
                Failure::failed(
                    "there is no home directory to keep the camera files in; set RUNSTRONG_MEDIAPIPE_DIR to a folder holding @mediapipe/pose",
                )
            })?;
            let dest = camera::install_dir(&root);
            let mb = |bytes: u64| (bytes + 500_000) / 1_000_000;
            let mut shown = None;
            let mut report = |progress: Progress| {
                if ui.quiet || ui.json {
                    return;
                }
                match progress {
                    Progress::Downloading { received, total } if total > 0 => {
                        let tenth = received * 10 / total;
                        if shown.is_none() {
                            eprintln!("Downloading {} ({} MB)…", POSE.url(), mb(total));
                            shown = Some(0);
                        } else if shown.is_some_and(|s| tenth > s) {
                            shown = Some(tenth);
                            eprintln!("  {} of {} MB", mb(received), mb(total));
                        }
                    }
                    Progress::Verifying => eprintln!("Checking the sha512…"),
                    Progress::Unpacking => eprintln!("Unpacking…"),
                    _ => {}
                }
            };
            let result = match &install.from {
                Some(file) => {
                    camera::install_archive(file, POSE.integrity, &dest, &mut report).map(|_| ())
                }
                None => camera::install(&root, &POSE, &mut report).map(|_| ()),
            };
            result.map_err(Failure::failed)?;
            if ui.json {
                return print_json(&serde_json::json!({
                    "dir": dest,
                    "version": POSE.version,
                }));
            }
            if !ui.quiet {
                eprintln!("The camera mode is ready: open the live count (/go/live) in runstrong.");
            }
            outln!("{}", dest.display())?;
            Ok(())
        }
    }
}

fn status(ui: Ui) -> Result<(), Failure> {
    let dir = camera::mediapipe_dir().filter(|_| camera::mediapipe_installed());
    if ui.json {
        return print_json(&serde_json::json!({
            "installed": dir.is_some(),
            "dir": dir,
            "version": POSE.version,
        }));
    }
    match dir {
        Some(dir) => outln!("{}", dir.display())?,
        None => {
            return Err(Failure::failed(
                "the camera mode is not set up yet: run `runstrong camera install` (or press the button on the live page)",
            ));
        }
    }
    Ok(())
}
