//! Opening several documents: files and directories (searched recursively for `.txt`, `.docx`
//! and `.md`), skipping what cannot be read with one line each.

use std::path::{Path, PathBuf};

use super::{Document, load_path};

/// Extensions a directory is searched for.
pub const EXTENSIONS: [&str; 4] = ["txt", "docx", "md", "markdown"];

/// Documents that opened, and a one-line warning for each path that did not.
#[derive(Debug, Default)]
pub struct Opened {
    pub docs: Vec<Document>,
    pub warnings: Vec<String>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, warnings: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(format!("skipped {}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, warnings);
        } else if path
            .extension()
            .is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}

/// The files named by `args`: files as given, directories searched recursively in name order.
#[must_use]
pub fn collect(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for arg in args {
        if arg.is_dir() {
            walk(arg, &mut files, &mut warnings);
        } else {
            files.push(arg.clone());
        }
    }
    (files, warnings)
}

/// Open every document named by `args`. Unreadable files are skipped with a warning; the caller
/// decides what to do when nothing opened.
#[must_use]
pub fn open_all(args: &[PathBuf]) -> Opened {
    let (files, mut warnings) = collect(args);
    let mut docs = Vec::with_capacity(files.len());
    for file in files {
        match load_path(&file) {
            Ok(doc) => docs.push(doc),
            Err(e) => warnings.push(format!("skipped: {e}")),
        }
    }
    Opened { docs, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_searched_and_bad_files_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2023/sub")).unwrap();
        std::fs::write(dir.path().join("2023/a.txt"), "同志们：\n一、甲\n正文。\n").unwrap();
        std::fs::write(dir.path().join("2023/sub/b.md"), "# 讲话\n\n正文。\n").unwrap();
        std::fs::write(dir.path().join("2023/sub/c.docx"), "not a zip").unwrap();
        std::fs::write(dir.path().join("2023/notes.pdf"), "%PDF").unwrap();
        std::fs::write(dir.path().join("2023/.hidden.txt"), "隐藏").unwrap();
        std::fs::write(dir.path().join("empty.txt"), "  \n").unwrap();
        let opened = open_all(&[dir.path().to_path_buf()]);
        let names: Vec<String> =
            opened.docs.iter().map(|d| d.source.name.rsplit('/').next().unwrap_or("").to_owned()).collect();
        assert_eq!(names, ["a.txt", "b.md"]);
        assert_eq!(opened.warnings.len(), 2, "{:?}", opened.warnings);
        assert!(opened.warnings.iter().all(|w| w.starts_with("skipped: ") && !w.contains('\n')));
    }
}
