//! Locating the shared corpus of real documents. Tests that need it skip, with a printed reason,
//! when it is absent; `JIANGHUA_CORPUS` can point elsewhere.

use std::path::{Path, PathBuf};

/// The corpus directory, or `None` (after printing why) when it is not there.
pub fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("JIANGHUA_CORPUS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from);
    if dir.join("county_party_work_conference_2023.txt").is_file() {
        Some(dir)
    } else {
        // Written to standard error itself: libtest keeps `eprintln!` of a passing test to itself,
        // and the reason for a skip must show in a plain `cargo test`.
        let why = format!("skipped: the shared corpus is not at {} (set JIANGHUA_CORPUS to run it)\n", dir.display());
        std::io::Write::write_all(&mut std::io::stderr(), why.as_bytes()).ok();
        None
    }
}

#[allow(dead_code, reason = "not every test file that includes this module needs the reports")]
/// The State Council reports as `(year, path)`, in year order.
pub fn reports(dir: &Path) -> Vec<(u32, PathBuf)> {
    let mut out: Vec<(u32, PathBuf)> = std::fs::read_dir(dir.join("gwr"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let year = path.file_stem()?.to_str()?.parse().ok()?;
            Some((year, path))
        })
        .collect();
    out.sort();
    out
}

#[allow(dead_code, reason = "not every test file that includes this module walks a folder")]
/// Every `.txt` file under `dir`, in sorted order, appended to `out` (subdirectories included).
pub fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            text_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}
