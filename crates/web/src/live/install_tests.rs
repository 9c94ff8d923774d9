//! Tests of the camera-mode install on small tarballs built here: the
//! integrity check, unpacking only the wanted files into place, and the
//! refusals (a tampered tarball, entries that climb out, links, a missing
//! file), each leaving nothing behind.

use super::*;
use crate::live::package::WANTED;
use base64::Engine as _;
use sha2::{Digest, Sha512};

/// A gzipped tarball of `entries` (path, bytes); paths are written as they
/// are, even ones `tar::Builder` would refuse (`../x`).
fn tgz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut builder = tar::Builder::new(gz);
    for (path, data) in entries {
        let mut header = tar::Header::new_gnu();
        let name = &mut header.as_old_mut().name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, *data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn package(extra: &[(&'static str, &'static [u8])]) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<(String, Vec<u8>)> = WANTED
        .iter()
        .map(|name| (format!("package/{name}"), format!("x-{name}").into_bytes()))
        .collect();
    entries.push(("package/README.md".into(), b"readme".to_vec()));
    entries.push((
        "package/pose_landmark_heavy.tflite".into(),
        b"heavy".to_vec(),
    ));
    for (path, data) in extra {
        entries.push(((*path).to_owned(), data.to_vec()));
    }
    entries
}

fn build(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(p, d)| (p.as_str(), d.as_slice()))
        .collect();
    tgz(&borrowed)
}

fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha512::digest(bytes))
    )
}

struct Case {
    _dir: tempfile::TempDir,
    archive: PathBuf,
    root: PathBuf,
    dest: PathBuf,
}

fn case(bytes: &[u8]) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("pose.tgz");
    fs::write(&archive, bytes).unwrap();
    let root = dir.path().join("data");
    let dest = vendor::install_dir(&root);
    Case {
        archive,
        root,
        dest,
        _dir: dir,
    }
}

/// Every path under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(read) = fs::read_dir(&next) else {
            continue;
        };
        for entry in read {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_wanted_files_are_unpacked_into_place() {
    let bytes = build(&package(&[]));
    let c = case(&bytes);
    let mut steps = Vec::new();
    let names = install_archive(&c.archive, &integrity(&bytes), &c.dest, &mut |p| {
        steps.push(p);
    })
    .unwrap();
    assert_eq!(steps, [Progress::Verifying, Progress::Unpacking]);
    assert_eq!(names.len(), WANTED.len());
    assert!(vendor::complete(&c.dest));
    assert_eq!(fs::read(c.dest.join("pose.js")).unwrap(), b"x-pose.js");
    assert!(!c.dest.join("README.md").exists());
    assert!(!c.dest.join("pose_landmark_heavy.tflite").exists());
    // Nothing but the version folder beside it: no temporary folder left.
    let pose = c.dest.parent().unwrap();
    assert_eq!(tree(pose).len(), 1 + WANTED.len(), "{:?}", tree(pose));
}

#[test]
fn a_tampered_tarball_is_refused_and_nothing_is_written() {
    let bytes = build(&package(&[]));
    let pinned = integrity(&bytes);
    let mut tampered = bytes.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    let c = case(&tampered);
    let error = install_archive(&c.archive, &pinned, &c.dest, &mut |_| {}).unwrap_err();
    assert!(error.contains("not the pinned"), "{error}");
    assert!(!c.root.exists(), "{:?}", tree(&c.root));
    // The same check on the bytes in memory, and a pin that is not sha512.
    assert!(verify(bytes.as_slice(), &pinned).is_ok());
    assert!(verify(tampered.as_slice(), &pinned).is_err());
    let sha1 = verify(bytes.as_slice(), "sha1-abc").unwrap_err();
    assert!(sha1.contains("not a sha512"), "{sha1}");
}

#[test]
fn entries_that_climb_out_are_refused_and_nothing_is_left() {
    for evil in ["../x", "package/../../x", "/tmp/x", "package/..\\..\\x"] {
        let mut entries = package(&[]);
        entries.push((evil.to_owned(), b"evil".to_vec()));
        let bytes = build(&entries);
        let c = case(&bytes);
        let error =
            install_archive(&c.archive, &integrity(&bytes), &c.dest, &mut |_| {}).unwrap_err();
        assert!(error.contains("outside its folder"), "{evil}: {error}");
        assert!(!c.dest.exists(), "{evil}");
        let pose = c.dest.parent().unwrap();
        assert!(tree(pose).is_empty(), "{evil}: {:?}", tree(pose));
        assert!(!pose.parent().unwrap().join("x").exists(), "{evil}");
    }
}

#[test]
fn links_and_missing_files_are_refused() {
    // A symbolic link named like a wanted file.
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut builder = tar::Builder::new(gz);
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Symlink);
    header.set_size(0);
    builder
        .append_link(&mut header, "package/pose.js", "/etc/passwd")
        .unwrap();
    let bytes = builder.into_inner().unwrap().finish().unwrap();
    let c = case(&bytes);
    let error = install_archive(&c.archive, &integrity(&bytes), &c.dest, &mut |_| {}).unwrap_err();
    assert!(error.contains("link"), "{error}");
    assert!(!c.dest.exists());

    let mut entries = package(&[]);
    entries.retain(|(p, _)| p != "package/pose_landmark_full.tflite");
    let bytes = build(&entries);
    let c = case(&bytes);
    let error = install_archive(&c.archive, &integrity(&bytes), &c.dest, &mut |_| {}).unwrap_err();
    assert!(error.contains("pose_landmark_full.tflite"), "{error}");
    assert!(!c.dest.exists());

    let c = case(b"not a tarball at all");
    let error = install_archive(
        &c.archive,
        &integrity(b"not a tarball at all"),
        &c.dest,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        error.contains("gzipped tar") || error.contains("damaged"),
        "{error}"
    );
    assert!(!c.dest.exists());
}

#[test]
fn the_pin_is_the_one_in_the_vendor_lockfile() {
    let lock: serde_json::Value =
        serde_json::from_str(include_str!("../../vendor/package-lock.json")).unwrap();
    let package = &lock["packages"]["node_modules/@mediapipe/pose"];
    assert_eq!(package["version"], POSE.version);
    assert_eq!(package["integrity"], POSE.integrity);
    assert_eq!(
        POSE.url(),
        "https://registry.npmjs.org/@mediapipe/pose/-/pose-0.5.1675469404.tgz"
    );
}
