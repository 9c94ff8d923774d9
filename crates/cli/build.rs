//! Puts the commit the binary was built from into `--version`: sets
//! `RUNSTRONG_COMMIT` to `git rev-parse --short HEAD`, or to the value of
//! `RUNSTRONG_COMMIT` in the build's environment (for builds from a source
//! archive), or to "unknown" when neither is there. Cargo runs this again
//! when HEAD moves, so the commit shown is the one built.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-env-changed=RUNSTRONG_COMMIT");
    let commit = std::env::var("RUNSTRONG_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo::rustc-env=RUNSTRONG_COMMIT={}", commit.trim());
}

/// The short hash of HEAD, and the files whose change moves it.
fn git_commit() -> Option<String> {
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    // HEAD itself (a branch switch), the branch's ref (a commit) and the
    // packed refs; in a worktree HEAD lives in its own git dir and the refs
    // in the common one.
    let here = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        watch(&here.join(dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--git-common-dir"]) {
        let common = here.join(common);
        watch(&common.join("packed-refs"));
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watch(&common.join(branch));
        }
    }
    Some(hash)
}

fn watch(path: &Path) {
    if path.exists() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
}

/// A git command's trimmed output, when git ran and succeeded.
fn git(args: &[&str]) -> Option<String> {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let output = Command::new("git")
        .args(args)
        .current_dir(manifest)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_string())
}
