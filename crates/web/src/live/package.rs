//! The pinned npm tarball of the camera install, once downloaded: its
//! sha512 integrity check, and unpacking the files the page needs from it
//! (gzip with `flate2`, tar with `tar`), refusing entries that climb out of
//! the package folder, links, and oversized content.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha512};

/// The files of the package the page uses: the script, its wasm (with and
/// without SIMD), the graph, the packed assets, and the lite and full
/// models (`?model=0` and the default `1`; the 28 MB heavy model is left out).
pub const WANTED: [&str; 12] = [
    "package.json",
    "pose.js",
    "pose_web.binarypb",
    "pose_solution_packed_assets.data",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_simd_wasm_bin.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_solution_wasm_bin.js",
    "pose_solution_wasm_bin.wasm",
    "pose_landmark_lite.tflite",
    "pose_landmark_full.tflite",
];

/// Most bytes unpacked from one tarball (the wanted files are about 22 MB).
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

/// Checks that `reader` holds exactly the bytes of the subresource-integrity
/// string `integrity` (`sha512-<base64>`).
pub fn verify(mut reader: impl Read, integrity: &str) -> Result<(), String> {
    let Some(expected) = integrity.strip_prefix("sha512-") else {
        return Err(format!(
            "the pinned integrity {integrity:?} is not a sha512 one"
        ));
    };
    let mut hasher = Sha512::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = reader
            .read(&mut buffer)
            .map_err(|e| format!("cannot read the package: {e}"))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let actual = base64::engine::general_purpose::STANDARD.encode(hasher.finalize());
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "the package's sha512 is {actual}, not the pinned {expected}: it was changed or damaged on the way, so nothing was installed"
        ))
    }
}

/// The file name of a tar entry of an npm package (`package/<name>`), or an
/// error for a path that is absolute or climbs out (`..`). `None` for
/// entries in sub-folders, which the page does not use.
fn entry_name(path: &[u8]) -> Result<Option<String>, String> {
    let text = String::from_utf8_lossy(path);
    let parts: Vec<&str> = text.split(['/', '\\']).collect();
    if text.starts_with(['/', '\\']) || text.contains(':') || parts.contains(&"..") {
        return Err(format!(
            "the package holds an entry outside its folder ({text:?}), so nothing was installed"
        ));
    }
    let parts: Vec<&str> = parts
        .into_iter()
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    Ok(match parts.as_slice() {
        [_, name] => Some((*name).to_owned()),
        _ => None,
    })
}

/// Unpacks the [`WANTED`] files of the gzipped tarball `reader` into the
/// new folder `dir`.
pub(super) fn unpack(reader: impl Read, dir: &Path) -> Result<Vec<String>, String> {
    fs::create_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(reader));
    let entries = archive
        .entries()
        .map_err(|e| format!("the package is not a gzipped tar file: {e}"))?;
    let mut written = Vec::new();
    let mut total = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("the package is damaged: {e}"))?;
        let kind = entry.header().entry_type();
        let name = entry_name(&entry.path_bytes())?;
        if kind.is_symlink() || kind.is_hard_link() {
            return Err(format!(
                "the package holds a link ({}), so nothing was installed",
                String::from_utf8_lossy(&entry.path_bytes())
            ));
        }
        let Some(name) = name.filter(|n| WANTED.contains(&n.as_str())) else {
            continue;
        };
        if !kind.is_file() || written.contains(&name) {
            continue;
        }
        total += entry.size();
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "the package unpacks to more than {} MB, so nothing was installed",
                MAX_UNPACKED_BYTES / 1024 / 1024
            ));
        }
        let path = dir.join(&name);
        let mut out =
            File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        io::copy(&mut (&mut entry).take(MAX_UNPACKED_BYTES), &mut out)
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot unpack {name}: {e}"))?;
        written.push(name);
    }
    if let Some(missing) = WANTED.iter().find(|w| !written.iter().any(|n| n == *w)) {
        return Err(format!(
            "the package has no {missing}, so nothing was installed"
        ));
    }
    Ok(written)
}
