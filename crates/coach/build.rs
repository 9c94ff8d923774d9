//! Embeds every TOML file under `content/` (repository root) into the coach
//! crate, so the exercise library and the program travel inside the binary.
//!
//! Writes `$OUT_DIR/content.rs` with `EXERCISE_FILES: &[(&str, &str)]` (file
//! name, text) sorted by name, `PROGRAM_FILE: &str`, `POSES_FILE: &str` and
//! `IMPORT_NAMES_FILE: &str`.

use std::{env, fs, path::PathBuf};

fn main() {
    let manifest =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let content = manifest.join("../../content");
    let exercises = content.join("exercises");
    println!("cargo:rerun-if-changed={}", content.display());
    println!("cargo:rerun-if-changed={}", exercises.display());

    let mut files: Vec<PathBuf> = fs::read_dir(&exercises)
        .expect("content/exercises exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();

    let mut out = String::from(
        "/// Exercise files embedded from `content/exercises/`: (file name, TOML text).\npub static EXERCISE_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.canonicalize().expect("file exists")
        ));
    }
    out.push_str("];\n");
    let program = content.join("program.toml");
    println!("cargo:rerun-if-changed={}", program.display());
    out.push_str(&format!(
        "/// The progression program embedded from `content/program.toml`.\npub static PROGRAM_FILE: &str = include_str!({:?});\n",
        program.canonicalize().expect("content/program.toml exists")
    ));
    let poses = content.join("poses.toml");
    println!("cargo:rerun-if-changed={}", poses.display());
    out.push_str(&format!(
        "/// Key poses of every exercise, embedded from `content/poses.toml`.\npub static POSES_FILE: &str = include_str!({:?});\n",
        poses.canonicalize().expect("content/poses.toml exists")
    ));
    let import_names = content.join("import-names.toml");
    println!("cargo:rerun-if-changed={}", import_names.display());
    out.push_str(&format!(
        "/// Exercise names of other strength loggers, embedded from `content/import-names.toml`.\npub static IMPORT_NAMES_FILE: &str = include_str!({:?});\n",
        import_names.canonicalize().expect("content/import-names.toml exists")
    ));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("content.rs"), out).expect("write content.rs");
}
