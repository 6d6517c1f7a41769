//! Reading state that outlives a session: the position, marks and notes of each document.
//!
//! One JSON file per document under `$XDG_DATA_HOME/jianghua/` (or `~/.local/share/jianghua/`),
//! named by the document's content hash, so a renamed or moved file keeps its state. When the text
//! has changed (no file for the new hash), the state of the same path is used instead, and notes
//! are re-anchored by their sentence text. Files are written atomically with mode 0600, and
//! merged with what is on disk first, so two instances on one document keep each other's notes.
//! A damaged file is moved aside as `NAME.corrupt-TIMESTAMP`, never overwritten. How saves are
//! locked, bounded and rescued is in [`Store`].
//!
//! Offsets in the file are char offsets into the document text. The format:
//!
//! ```json
//! { "version": 1, "hash": "…", "paths": ["/home/u/讲话.txt"], "title": "在…上的讲话",
//!   "position": 1234, "position_updated": 1764300000000,
//!   "marks": { "a": { "offset": 2300, "updated": 1764300000000 } },
//!   "notes": [ { "id": "…", "offset": 410, "sentence": "一要切实把牢政治方向。", "text": "学习笔记…",
//!                "created": 1764300000000, "updated": 1764300000000, "deleted": false } ] }
//! ```
//! Times are milliseconds since 1970. Deleted notes stay as `"deleted": true` so that a merge
//! does not bring them back.

mod store;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use store::{MAX_STATE_BYTES, STALE_TEMPORARY, StateError, Store};

/// The version written to new files.
pub const VERSION: u32 = 1;

/// A mark set with `m` + letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Char offset.
    pub offset: usize,
    pub updated: u64,
}

/// A note on a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    /// Char offset of the sentence's start.
    pub offset: usize,
    /// The sentence as it was when the note was written (re-anchors the note after edits).
    pub sentence: String,
    pub text: String,
    pub created: u64,
    pub updated: u64,
    #[serde(default)]
    pub deleted: bool,
}

/// Everything saved for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    pub version: u32,
    pub hash: String,
    /// Paths the document was opened from, most recent first.
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Char offset of the top of the screen.
    #[serde(default)]
    pub position: Option<usize>,
    #[serde(default)]
    pub position_updated: u64,
    #[serde(default)]
    pub marks: BTreeMap<char, Mark>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

impl DocState {
    /// A fresh state for a document.
    #[must_use]
    pub fn new(hash: &str) -> Self {
        Self { version: VERSION, hash: hash.to_owned(), ..Self::default() }
    }

    /// The notes that are not deleted, in document order.
    #[must_use]
    pub fn live_notes(&self) -> Vec<&Note> {
        let mut notes: Vec<&Note> = self.notes.iter().filter(|n| !n.deleted).collect();
        notes.sort_by(|a, b| (a.offset, a.created, &a.id).cmp(&(b.offset, b.created, &b.id)));
        notes
    }

    /// The state with every string made safe to show (a state file may come from anywhere).
    #[must_use]
    pub fn sanitised(mut self) -> Self {
        use crate::document::make_safe as clean;
        clean(&mut self.hash);
        self.paths.iter_mut().for_each(clean);
        if let Some(title) = &mut self.title {
            clean(title);
        }
        for note in &mut self.notes {
            clean(&mut note.id);
            clean(&mut note.sentence);
            clean(&mut note.text);
        }
        self
    }

    /// The live notes as plain text, for printing when they could not be saved anywhere.
    #[must_use]
    pub fn notes_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for note in self.live_notes() {
            let _ = write!(out, "「{}」\n{}\n\n", note.sentence, note.text);
        }
        crate::document::safe(&out).into_owned()
    }

    /// Remember `path` as where the document was opened from.
    pub fn remember_path(&mut self, path: &str) {
        self.paths.retain(|p| p != path);
        self.paths.insert(0, path.to_owned());
        self.paths.truncate(8);
    }
}

/// Milliseconds since 1970.
#[must_use]
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A new note id, unique across instances: time, process and a counter.
#[must_use]
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!("{:x}-{:x}-{:x}", now(), std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The content hash that names a document's state file (xxh3, 128 bits, hex).
#[must_use]
pub fn content_hash(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

/// Merge what is on disk with what this instance holds: notes by id and marks by letter, the
/// later `updated` winning; the position is this instance's.
#[must_use]
pub fn merge(disk: DocState, mut mine: DocState) -> DocState {
    for note in disk.notes {
        match mine.notes.iter_mut().find(|n| n.id == note.id) {
            Some(n) if n.updated >= note.updated => {}
            Some(n) => *n = note,
            None => mine.notes.push(note),
        }
    }
    for (letter, mark) in disk.marks {
        match mine.marks.get(&letter) {
            Some(m) if m.updated >= mark.updated => {}
            _ => {
                mine.marks.insert(letter, mark);
            }
        }
    }
    if disk.position_updated > mine.position_updated && mine.position.is_none() {
        mine.position = disk.position;
        mine.position_updated = disk.position_updated;
    }
    for path in disk.paths.iter().rev() {
        if !mine.paths.contains(path) {
            mine.paths.push(path.clone());
        }
    }
    mine
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str, text: &str, updated: u64) -> Note {
        Note {
            id: id.into(),
            offset: 10,
            sentence: "一要切实把牢政治方向。".into(),
            text: text.into(),
            created: 1,
            updated,
            deleted: false,
        }
    }

    #[test]
    fn two_instances_keep_each_others_notes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut a = DocState::new("h");
        let mut b = DocState::new("h");
        a.notes.push(note("a1", "甲的笔记", 5));
        b.notes.push(note("b1", "乙的笔记", 6));
        store.save(a).unwrap();
        let merged = store.save(b).unwrap();
        let texts: Vec<&str> = merged.live_notes().iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["甲的笔记", "乙的笔记"]);
        let on_disk = store.load("h", None).unwrap().unwrap();
        assert_eq!(on_disk.live_notes().len(), 2);
    }

    #[test]
    fn the_later_edit_wins_and_deletions_stay_deleted() {
        let mut disk = DocState::new("h");
        disk.notes.push(note("n", "旧", 5));
        disk.notes.push(note("gone", "删掉的", 5));
        let mut mine = DocState::new("h");
        mine.notes.push(note("n", "新", 9));
        let mut deleted = note("gone", "删掉的", 7);
        deleted.deleted = true;
        mine.notes.push(deleted);
        let merged = merge(disk, mine);
        assert_eq!(merged.live_notes().iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["新"]);
        let mut older_mine = DocState::new("h");
        older_mine.notes.push(note("n", "更旧", 1));
        let mut disk = DocState::new("h");
        disk.notes.push(note("n", "磁盘上较新", 9));
        assert_eq!(merge(disk, older_mine).notes[0].text, "磁盘上较新");
    }

    #[test]
    fn a_changed_text_falls_back_to_the_path_and_files_are_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut old = DocState::new("old-hash");
        old.remember_path("/docs/讲话.txt");
        old.position = Some(42);
        old.position_updated = 3;
        store.save(old).unwrap();
        let found = store.load("new-hash", Some("/docs/讲话.txt")).unwrap().unwrap();
        assert_eq!((found.hash.as_str(), found.position), ("new-hash", Some(42)));
        assert!(store.load("new-hash", Some("/elsewhere.txt")).unwrap().is_none());
        let mode = std::fs::metadata(dir.path().join("old-hash.json")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_file_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        std::fs::write(dir.path().join("h.json"), "{ not json").unwrap();
        let err = store.load("h", None).unwrap_err();
        assert!(matches!(err, StateError::Corrupt { .. }), "{err}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert!(names[0].starts_with("h.json.corrupt-"));
        assert!(store.load("h", None).unwrap().is_none(), "nothing left to read");
    }

    #[test]
    fn the_directory_is_private_and_a_relative_xdg_data_home_is_ignored() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join("share/jianghua"));
        store.save(DocState::new("h")).unwrap();
        let mode = std::fs::metadata(store.dir()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let home = Some("/home/u".into());
        let located = |xdg: &str| Store::locate_from(Some(xdg.into()), home.clone()).unwrap().dir().to_owned();
        assert_eq!(located("rel/data"), std::path::Path::new("/home/u/.local/share/jianghua"));
        assert_eq!(located(""), std::path::Path::new("/home/u/.local/share/jianghua"));
        assert_eq!(located("/srv/data"), std::path::Path::new("/srv/data/jianghua"));
    }

    #[test]
    fn hostile_strings_in_a_state_file_are_made_safe_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = DocState::new("h");
        state.notes.push(note("n\u{1b}]0;x\u{7}", "笔记\u{1b}]52;c;eA==\u{7}\u{202e}", 1));
        state.title = Some("\u{9b}2J".into());
        std::fs::write(dir.path().join("h.json"), serde_json::to_string(&state).unwrap()).unwrap();
        let read = Store::at(dir.path()).load("h", None).unwrap().unwrap();
        assert_eq!(read.notes[0].text, "笔记␛]52;c;eA==␇\u{FFFD}");
        assert_eq!(read.notes[0].id, "n␛]0;x␇");
        assert_eq!(read.title.as_deref(), Some("\u{FFFD}2J"));
    }

    #[test]
    fn a_state_file_cannot_name_where_it_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join("store"));
        let mut hostile = DocState::new("../escaped");
        hostile.notes.push(note("n", "笔记", 1));
        std::fs::create_dir(store.dir()).unwrap();
        std::fs::write(store.dir().join("h.json"), serde_json::to_string(&hostile).unwrap()).unwrap();
        let loaded = store.load("h", None).unwrap().unwrap();
        assert_eq!(loaded.hash, "h");
        store.save(loaded).unwrap();
        assert!(store.save(hostile).is_err());
        assert!(!dir.path().join("escaped.json").exists());
        assert_eq!(store.load("h", None).unwrap().unwrap().live_notes().len(), 1);
    }

    #[test]
    fn a_rescued_state_is_merged_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut first = DocState::new("h");
        first.notes.push(note("a", "存盘的", 1));
        store.save(first).unwrap();
        // The disk was full: the reader keeps its state and writes it beside the file.
        let mut pending = DocState::new("h");
        pending.notes.push(note("b", "没存上的", 2));
        let beside = store.rescue(&pending).unwrap();
        assert!(beside.ends_with("h.json.pending"));
        assert!(pending.notes_text().contains("没存上的"));
        let merged = store.save(DocState::new("h")).unwrap();
        let texts: Vec<&str> = merged.live_notes().iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["存盘的", "没存上的"]);
        assert!(!beside.exists(), "merged and removed");
    }

    #[test]
    fn a_save_that_cannot_write_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let err = Store::at(&blocker.join("jianghua")).save(DocState::new("h")).unwrap_err();
        assert!(matches!(err, StateError::Write { .. }), "{err}");
        assert!(err.to_string().starts_with(&format!("cannot write {}", blocker.join("jianghua").display())), "{err}");
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(content_hash("讲话"), content_hash("讲话"));
        assert_ne!(content_hash("讲话"), content_hash("讲话。"));
        assert_eq!(content_hash("").len(), 32);
    }
}
