//! Opening several documents: files and directories (searched recursively for `.txt`, `.docx`
//! and `.md`), skipping what cannot be read with one line each. Symlinks are followed, but each
//! directory and file is visited once (by device and inode), so a link loop costs nothing.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use super::{Document, load_path, safe};

/// Extensions a directory is searched for.
pub const EXTENSIONS: [&str; 4] = ["txt", "docx", "md", "markdown"];

/// Documents that opened, and a one-line warning for each path that did not.
#[derive(Debug, Default)]
pub struct Opened {
    pub docs: Vec<Document>,
    pub warnings: Vec<String>,
}

/// Directories and files already met, by device and inode: a symlink loop (`loop -> .`) or a
/// second link to the same folder or file is followed once.
#[derive(Default)]
struct Walk {
    dirs: HashSet<(u64, u64)>,
    files: HashSet<(u64, u64)>,
    out: Vec<PathBuf>,
    warnings: Vec<String>,
}

fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    (meta.dev(), meta.ino())
}

fn is_document(path: &Path) -> bool {
    path.extension().is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

impl Walk {
    /// Add a file once; one that cannot be examined is kept, so that opening it reports why.
    fn file(&mut self, path: PathBuf, meta: Option<&std::fs::Metadata>) {
        if meta.is_none_or(|m| self.files.insert(identity(m))) {
            self.out.push(path);
        }
    }

    fn dir(&mut self, dir: &Path, meta: &std::fs::Metadata) {
        if !self.dirs.insert(identity(meta)) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.warnings.push(format!("skipped {}: {e}", safe(&dir.to_string_lossy())));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.file_name().is_some_and(|n| n.as_encoded_bytes().starts_with(b".")) {
                continue;
            }
            // Follows symlinks: a linked folder or file counts as what it points to.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.dir(&path, &meta),
                Ok(meta) if is_document(&path) => self.file(path, Some(&meta)),
                Err(_) if is_document(&path) => self.file(path, None),
                _ => {}
            }
        }
    }
}

/// The files named by `args`: files as given, directories searched recursively in name order.
/// Each directory and each file is taken once, however many links lead to it.
#[must_use]
pub fn collect(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut walk = Walk::default();
    for arg in args {
        match std::fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => walk.dir(arg, &meta),
            meta => walk.file(arg.clone(), meta.ok().as_ref()),
        }
    }
    (walk.out, walk.warnings)
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
