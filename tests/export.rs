//! `jianghua export DIR --format opensearch`: the whole library as `_bulk` NDJSON, run as a user
//! would, in a temporary HOME with the samples copied into a temporary directory.

use std::process::Command;

#[test]
fn a_directory_exports_as_bulk_pairs_in_name_order() {
    let home = tempfile::tempdir().unwrap();
    let lib = tempfile::tempdir().unwrap();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let mut names: Vec<String> = std::fs::read_dir(samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        std::fs::copy(format!("{samples}/{name}"), lib.path().join(name)).unwrap();
    }
    std::fs::write(lib.path().join("broken.docx"), "not a zip").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["export", "--format", "opensearch", "--index", "speeches"])
        .arg(lib.path())
        .current_dir(home.path())
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("JIANGHUA_CONFIG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped") && stderr.contains("broken.docx"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2 * names.len(), "one action and one document per readable file");
    for (pair, name) in lines.chunks(2).zip(&names) {
        assert_eq!(pair[0]["index"]["_index"], "speeches");
        assert_eq!(pair[0]["index"]["_id"].as_str().map(str::len), Some(32));
        assert!(pair[1]["source"].as_str().unwrap().ends_with(name.as_str()));
        assert!(pair[1]["text"].as_str().unwrap().chars().count() as u64 == pair[1]["chars"].as_u64().unwrap());
        assert!(pair[1]["title"].is_string() && pair[1]["outline"].is_array() && pair[1]["terms"].is_array());
    }
    let entries = std::fs::read_dir(home.path()).unwrap().count();
    assert_eq!(entries, 0, "export writes nothing");
}
