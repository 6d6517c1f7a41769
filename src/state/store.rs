//! Where states are kept, and the one way they are written: under an advisory lock, read what is
//! on disk, merge, write atomically.
//!
//! - **Two readers on one speech.** Each save takes an exclusive `flock` on `HASH.lock` beside
//!   the state file for its read-merge-write, so a save never overwrites a note that another
//!   instance saved in between. Saves take turns: one that waits holds the turnstile
//!   (`HASH.turn.lock`) and is next, so an instance saving again and again cannot starve another.
//!   Reads need no lock: the file is always whole (renamed into place).
//! - **Hostile files.** The state directory is created private (0700). State files are read only
//!   when they are regular files of at most [`MAX_STATE_BYTES`], opened without blocking; their
//!   strings are sanitised as they are read. A relative `$XDG_DATA_HOME` is ignored, as the XDG
//!   specification requires.
//! - **Failed saves.** An error says which step failed on which file. Nothing is lost in memory
//!   ([`Store::save`] leaves the caller's state alone on error), and [`Store::rescue`] writes the
//!   state beside the file, to be merged by the next save that succeeds (under
//!   `HASH.pending.lock`, so a save never removes a rescue it did not read).

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{DocState, merge};
use crate::files::{OpenError, read_capped};

/// The largest state file read (a document with thousands of notes stays far below).
pub const MAX_STATE_BYTES: u64 = 16 * 1024 * 1024;
/// How long a save waits for another instance's save to finish.
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// How long a save waits for a rescue being written beside the file (it takes milliseconds).
const PENDING_WAIT: Duration = Duration::from_millis(500);
/// A temporary file older than this was left by a save that never finished.
pub const STALE_TEMPORARY: Duration = Duration::from_secs(600);

/// Why state could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} was damaged ({reason}); it was moved to {aside} and a new one will be written")]
    Corrupt { path: String, reason: String, aside: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("cannot lock {path} to save: {source}")]
    Lock { path: String, source: std::io::Error },
}

/// Where states are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

fn shown(path: &Path) -> String {
    crate::document::safe(&path.to_string_lossy()).into_owned()
}

impl Store {
    /// The store at `$XDG_DATA_HOME/jianghua` (when absolute), else `~/.local/share/jianghua`.
    #[must_use]
    pub fn locate() -> Option<Self> {
        Self::locate_from(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
    }

    /// [`Store::locate`] with the two variables given: a relative or empty `XDG_DATA_HOME` is
    /// ignored, as the XDG specification requires.
    #[must_use]
    pub fn locate_from(xdg_data_home: Option<OsString>, home: Option<OsString>) -> Option<Self> {
        let xdg = xdg_data_home.map(PathBuf::from).filter(|p| p.is_absolute());
        let base = xdg.or_else(|| home.map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(Self { dir: base.join("jianghua") })
    }

    /// A store in a given directory.
    #[must_use]
    pub fn at(dir: &Path) -> Self {
        Self { dir: dir.to_path_buf() }
    }

    /// The directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}.json"))
    }

    /// Where [`Store::rescue`] puts a state that could not be saved.
    fn pending(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}.json.pending"))
    }

    /// Read one state file: `Ok(None)` when there is none. A damaged file, or one that is not a
    /// regular file of a sane size, is moved aside and reported.
    fn read(path: &Path) -> Result<Option<DocState>, StateError> {
        let damaged = |reason: String| {
            let aside =
                crate::atomic::move_aside(path).map_err(|source| StateError::Write { path: shown(path), source })?;
            Err(StateError::Corrupt { path: shown(path), reason, aside: shown(&aside) })
        };
        let bytes = match read_capped(path, MAX_STATE_BYTES) {
            Ok(b) => b,
            Err(OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e @ (OpenError::NotRegular(_) | OpenError::TooLarge { .. })) => return damaged(e.to_string()),
            Err(OpenError::Io(source)) => return Err(StateError::Read { path: shown(path), source }),
        };
        match serde_json::from_slice::<DocState>(&bytes) {
            Ok(state) => Ok(Some(state.sanitised())),
            Err(e) => damaged(e.to_string()),
        }
    }

    /// The state of a document: by its content hash, else (the text changed) by a path it was
    /// opened from. `Ok(None)` when there is none.
    pub fn load(&self, hash: &str, path: Option<&str>) -> Result<Option<DocState>, StateError> {
        if let Some(mut state) = Self::read(&self.file(hash))? {
            // The file's own `hash` is not trusted: it names the file the state is saved to.
            hash.clone_into(&mut state.hash);
            return Ok(Some(state));
        }
        let Some(path) = path else { return Ok(None) };
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Ok(None) };
        let mut best: Option<DocState> = None;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            // Damaged files met here are moved aside by `read`; the search goes on.
            if let Ok(Some(state)) = Self::read(&p)
                && state.paths.iter().any(|x| x == path)
                && best.as_ref().is_none_or(|b| b.position_updated < state.position_updated)
            {
                best = Some(state);
            }
        }
        Ok(best.map(|mut s| {
            hash.clone_into(&mut s.hash);
            s
        }))
    }

    /// Create the directory, private to its owner.
    fn make_dir(&self) -> Result<(), StateError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(|source| StateError::Write { path: shown(&self.dir), source })
    }

    /// A hash names files in the directory: letters, digits, `-` and `_` only, so that no state
    /// can be written outside it.
    fn check_hash(hash: &str) -> Result<(), StateError> {
        if !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Ok(());
        }
        let source = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a content hash");
        Err(StateError::Write { path: crate::document::safe(hash).into_owned(), source })
    }

    /// Take the save lock of a document, waiting in line up to [`LOCK_WAIT`] for other
    /// instances. Whoever holds the document's turnstile (`HASH.turn.lock`) is next: it lets the
    /// turnstile go only once it has the save lock, so an instance that saves again and again
    /// cannot take the lock back each time it lets it go while another waits (before the
    /// turnstile, a save could wait for seconds and give up while another saved a hundred times).
    fn lock(&self, hash: &str) -> Result<File, StateError> {
        let deadline = Instant::now() + LOCK_WAIT;
        let turn = self.take(&format!("{hash}.turn.lock"), deadline)?;
        let lock = self.take(&format!("{hash}.lock"), deadline)?;
        drop(turn);
        Ok(lock)
    }

    /// Take the lock file `name` in the directory, trying until `deadline`.
    fn take(&self, name: &str, deadline: Instant) -> Result<File, StateError> {
        let path = self.dir.join(name);
        let error = |source| StateError::Lock { path: shown(&path), source };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path)
            .map_err(error)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(error(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("another jianghua has held it for {} s", LOCK_WAIT.as_secs()),
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(error(e)),
            }
        }
    }

    /// Save a state: under the document's lock, merge it with the file on disk (and with a state
    /// [`Store::rescue`] left beside it), then write atomically with mode 0600. Returns the
    /// merged state, which the caller should keep (it holds the other instances' notes). On error
    /// nothing was written and the caller still holds everything it had.
    pub fn save(&self, state: DocState) -> Result<DocState, StateError> {
        Self::check_hash(&state.hash)?;
        self.make_dir()?;
        let _lock = self.lock(&state.hash)?;
        let path = self.file(&state.hash);
        let pending = self.pending(&state.hash);
        let rescue_lock_name = format!("{}.pending.lock", state.hash);
        let mut merged = match Self::read(&path) {
            Ok(Some(disk)) => merge(disk, state),
            Ok(None) | Err(StateError::Corrupt { .. }) => state,
            Err(e) => return Err(e),
        };
        // A rescued state is read and removed under its own lock, so a rescue written meanwhile
        // is never removed unread. Without that lock in time it waits for the next save.
        let rescue_lock = self.take(&rescue_lock_name, Instant::now() + PENDING_WAIT).ok();
        if rescue_lock.is_some()
            && let Ok(Some(rescued)) = Self::read(&pending)
        {
            merged = merge(rescued, merged);
        }
        let json = serde_json::to_string_pretty(&merged).unwrap_or_default();
        crate::atomic::write(&path, json.as_bytes())
            .map_err(|source| StateError::Write { path: shown(&path), source })?;
        if rescue_lock.is_some() {
            let _ = std::fs::remove_file(&pending);
        }
        Ok(merged)
    }

    /// Remove the temporary files that saves killed half way left in the directory: our own
    /// pattern only (`.tmp` and six letters or digits, as [`crate::atomic::write`] names them),
    /// regular files untouched for [`STALE_TEMPORARY`] (a save in progress takes milliseconds).
    /// Returns how many were removed.
    pub fn sweep_temporaries(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return 0 };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(".tmp")) else { continue };
            if rest.len() != 6 || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
                continue;
            }
            let stale = entry.metadata().ok().filter(std::fs::Metadata::is_file).and_then(|m| m.modified().ok());
            if stale.is_some_and(|t| t.elapsed().is_ok_and(|age| age >= STALE_TEMPORARY))
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
        removed
    }

    /// After a failed save (a full disk): write the state beside its file as `HASH.json.pending`,
    /// merged with any state already waiting there; the next successful [`Store::save`] of the
    /// document merges it in and removes it. When this fails too, print
    /// [`DocState::notes_text`] so that the notes reach the user some way.
    pub fn rescue(&self, state: &DocState) -> Result<PathBuf, StateError> {
        Self::check_hash(&state.hash)?;
        self.make_dir()?;
        let path = self.pending(&state.hash);
        let _rescue_lock = self.take(&format!("{}.pending.lock", state.hash), Instant::now() + LOCK_WAIT)?;
        let merged = match Self::read(&path) {
            Ok(Some(earlier)) => merge(earlier, state.clone()),
            _ => state.clone(),
        };
        let json = serde_json::to_string(&merged).unwrap_or_default();
        crate::atomic::write(&path, json.as_bytes())
            .map_err(|source| StateError::Write { path: shown(&path), source })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Note;

    fn with_note(text: &str) -> DocState {
        let mut state = DocState::new("h");
        state.notes.push(Note {
            id: crate::state::new_id(),
            offset: 0,
            sentence: String::new(),
            text: text.into(),
            created: 1,
            updated: 1,
            deleted: false,
        });
        state
    }

    fn texts(store: &Store) -> Vec<String> {
        let state = store.load("h", None).unwrap().unwrap_or_else(|| DocState::new("h"));
        state.live_notes().iter().map(|n| n.text.clone()).collect()
    }

    /// Is the lock file `name` held by someone?
    fn held(store: &Store, name: &str) -> bool {
        File::open(store.dir().join(name)).unwrap().try_lock_shared().is_err()
    }

    #[test]
    fn a_save_waiting_in_line_goes_before_one_that_comes_later() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(DocState::new("h")).unwrap();
        // Another instance is saving: it holds the lock.
        let holder = store.lock("h").unwrap();
        let waiting = {
            let store = store.clone();
            std::thread::spawn(move || store.save(with_note("排队的")).unwrap())
        };
        while !held(&store, "h.turn.lock") {
            std::thread::sleep(Duration::from_millis(1));
        }
        // The holder lets go and wants the lock again at once (an instance saving in a loop):
        // the one in line has saved by the time it gets it.
        drop(holder);
        let again = store.lock("h").unwrap();
        assert_eq!(texts(&store), ["排队的"], "the waiting save went first");
        drop(again);
        waiting.join().unwrap();
    }

    #[test]
    fn a_rescue_is_removed_only_by_a_save_that_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(DocState::new("h")).unwrap();
        let beside = store.rescue(&with_note("救下的")).unwrap();
        // A rescue is being written (its lock is held): the save leaves the file alone.
        let writing = store.take("h.pending.lock", Instant::now()).unwrap();
        store.save(with_note("第二条")).unwrap();
        assert!(beside.exists(), "not removed unread");
        assert_eq!(texts(&store), ["第二条"]);
        drop(writing);
        // The next save merges it and removes it.
        let merged = store.save(DocState::new("h")).unwrap();
        assert_eq!(merged.live_notes().len(), 2);
        assert!(!beside.exists());
        let mut all = texts(&store);
        all.sort();
        assert_eq!(all, ["救下的", "第二条"]);
    }
}
