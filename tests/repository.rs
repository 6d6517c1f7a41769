//! The repository itself: layering (the analysis core never reaches a terminal type, directly or
//! through what it imports, and `terms` does not import `config`), and tracked file names that
//! check out on every system.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The modules of the analysis core and what each may import from the crate. Nothing in the
/// core may import `app`, `ui`, `tui`, `cli` or `files`, so it compiles without a terminal.
const CORE: &[(&str, &[&str])] = &[
    ("width", &[]),
    ("script", &[]),
    ("atomic", &[]),
    ("cache", &["cache", "atomic"]),
    ("files", &[]),
    ("action", &[]),
    ("document", &["document", "width", "atomic", "files"]),
    ("layout", &["layout", "width", "document"]),
    ("structure", &["structure", "document", "width"]),
    ("keymap", &["keymap", "action", "document"]),
    ("terms", &["terms", "document", "structure", "width", "layout", "cache", "script"]),
    ("search", &["search", "width", "document", "script"]),
    ("state", &["state", "atomic", "document", "files"]),
    ("config", &["config", "action", "keymap", "terms", "width", "document", "atomic", "files"]),
    (
        "library",
        &[
            "library",
            "document",
            "structure",
            "terms",
            "search",
            "width",
            "layout",
            "cache",
            "atomic",
            "state",
            "script",
        ],
    ),
    ("report", &["report", "document", "structure", "terms", "library", "config", "state", "width", "layout"]),
    ("samples", &["samples", "document"]),
];

/// `NAME.rs` and everything under `NAME/`.
fn module_files(name: &str) -> Vec<PathBuf> {
    let src = root().join("src");
    let mut files = vec![src.join(format!("{name}.rs"))];
    let mut stack = vec![src.join(name)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.into_iter().filter(|p| p.is_file()).collect()
}

/// The crate modules a file names (`crate::x`), besides its own.
fn crate_imports(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .map(|(i, m)| text[i + m.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
        .collect()
}

#[test]
fn the_analysis_core_never_reaches_a_terminal() {
    for (module, allowed) in CORE {
        for file in module_files(module) {
            let text = std::fs::read_to_string(&file).unwrap();
            let shown = file.strip_prefix(root()).unwrap_or(&file).display().to_string();
            for word in ["ratatui", "crossterm"] {
                assert!(!text.contains(word), "{shown} names {word}: the analysis core has no terminal types");
            }
            // Unit tests (a `tests.rs` file, or the end of a file) may build what they need from
            // anywhere; only the module's own code is layered.
            let is_tests = file.file_name().is_some_and(|n| n == "tests.rs");
            let code = if is_tests { "" } else { text.split("#[cfg(test)]").next().unwrap_or_default() };
            for import in crate_imports(code) {
                assert!(
                    import == *module || allowed.contains(&import.as_str()),
                    "{shown} imports crate::{import}, outside what `{module}` may use ({allowed:?})"
                );
            }
        }
    }
}

/// Is `c` a character that breaks a checkout somewhere (Windows, macOS, some tools)?
fn unportable(c: char) -> bool {
    c.is_control() || matches!(c, ':' | '?' | '*' | '<' | '>' | '|' | '\\' | '\u{2028}' | '\u{2029}')
}

#[test]
fn tracked_file_names_check_out_everywhere() {
    let Ok(out) = Command::new("git").arg("-C").arg(root()).args(["ls-files", "-z"]).output() else {
        skipped!("git is not installed");
        return;
    };
    if !out.status.success() {
        skipped!("not a git checkout ({})", String::from_utf8_lossy(&out.stderr).trim());
        return;
    }
    let names = String::from_utf8_lossy(&out.stdout);
    let bad: Vec<&str> = names.split('\0').filter(|n| n.chars().any(unportable)).collect();
    assert!(bad.is_empty(), "tracked file names that break checkouts: {bad:?}");
    assert!(names.split('\0').any(|n| Path::new(n) == Path::new("Cargo.toml")), "git listed the repository");
}

#[test]
fn the_name_check_catches_what_a_fuzz_run_once_committed() {
    for name in ["b，j/x:y", "学习要点-a?.md", "a\u{2028}b.md", "c\u{7}.md", "d\\e"] {
        assert!(name.chars().any(unportable), "{name:?}");
    }
    assert!(!"学习要点-在2024年青河县委工作会议上的讲话.md".chars().any(unportable));
}
