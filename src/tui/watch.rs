//! Notes written by another reader on the same account (a study group on one server) appear
//! without a restart: a thread looks at the reading-state files every [`PERIOD`] and, when one
//! has changed, reads it and hands it to the event loop as an [`Event::StateOnDisk`], where the
//! app merges it as it merges on save. One `stat` of the directory per period while nothing
//! changes; no busy polling.
//!
//! The documents open at start-up are watched from the start. Those whose state is attached
//! later (a document of a lazy library when first shown, a big document when its whole text
//! lands) are handed to the running watch through [`Watching`], with the time their file had
//! then, so that only later changes are news.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, SystemTime};

use super::Event;
use crate::state::Store;

/// How often the state directory is looked at.
pub const PERIOD: Duration = Duration::from_secs(2);

/// A document to watch from now on: its hash, and when its state file was last changed as the
/// state attached to it was read (none: no file yet).
type Added = (String, Option<SystemTime>);

/// When each state file was last changed, as far as the watcher knows.
#[derive(Debug)]
pub struct Watch {
    store: Store,
    hashes: Vec<String>,
    dir_changed: Option<SystemTime>,
    files: HashMap<String, SystemTime>,
    added: Option<Receiver<Added>>,
}

/// Hands a running [`Watch`] the documents whose state was attached after it started.
#[derive(Debug, Clone)]
pub struct Watching {
    store: Store,
    send: Sender<Added>,
}

impl Watching {
    /// Watch document `hash` from its state file as it is now: a change already made is not
    /// reported. Nothing happens once the watch has stopped.
    pub fn add(&self, hash: &str) {
        let _ = self.send.send((hash.to_owned(), modified(&self.store.file(hash))));
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Watch {
    /// Watch the state files of documents `hashes` in `store`, as they are now.
    #[must_use]
    pub fn new(store: &Store, hashes: Vec<String>) -> Self {
        let mut watch =
            Self { store: store.clone(), hashes: Vec::new(), dir_changed: None, files: HashMap::new(), added: None };
        watch.dir_changed = modified(store.dir());
        for hash in hashes {
            let now = modified(&store.file(&hash));
            watch.take(hash, now);
        }
        watch
    }

    /// Where documents to watch are handed to this watch from now on (it takes them before each
    /// look).
    pub fn watching(&mut self) -> Watching {
        let (send, receive) = mpsc::channel();
        self.added = Some(receive);
        Watching { store: self.store.clone(), send }
    }

    /// Watch `hash` too, its file last changed at `changed`.
    fn take(&mut self, hash: String, changed: Option<SystemTime>) {
        if hash.is_empty() || self.hashes.contains(&hash) {
            return;
        }
        if let Some(t) = changed {
            self.files.insert(hash.clone(), t);
        }
        self.hashes.push(hash);
    }

    /// Look once: the states that changed since the last look (files are replaced whole, by a
    /// rename, so the directory's time changes with every write).
    pub fn changed(&mut self) -> Vec<Event> {
        let added: Vec<Added> = self.added.as_ref().map(|r| r.try_iter().collect()).unwrap_or_default();
        for (hash, changed) in added {
            self.take(hash, changed);
        }
        let now = modified(self.store.dir());
        if now == self.dir_changed {
            return Vec::new();
        }
        self.dir_changed = now;
        let mut events = Vec::new();
        for hash in &self.hashes {
            let Some(t) = modified(&self.store.file(hash)) else { continue };
            if self.files.get(hash) == Some(&t) {
                continue;
            }
            self.files.insert(hash.clone(), t);
            if let Ok(Some(state)) = self.store.load(hash, None) {
                events.push(Event::StateOnDisk(Box::new(state)));
            }
        }
        events
    }

    /// Look every [`PERIOD`] on a thread of its own until the loop is gone.
    pub fn spawn(mut self, events: Sender<Event>) -> std::io::Result<()> {
        std::thread::Builder::new().name("state-watch".into()).spawn(move || {
            loop {
                std::thread::sleep(PERIOD);
                for event in self.changed() {
                    if events.send(event).is_err() {
                        return;
                    }
                }
            }
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{DocState, Note};

    /// The state of document `hash` with one note saying `text`.
    fn noted(hash: &str, id: &str, text: &str) -> DocState {
        let mut state = DocState::new(hash);
        state.notes.push(Note {
            id: id.into(),
            offset: 0,
            sentence: "同志们：".into(),
            text: text.into(),
            created: 1,
            updated: 1,
            deleted: false,
        });
        state
    }

    /// The one state reported, as (hash, the texts of its notes).
    fn reported(events: &[Event]) -> (String, Vec<String>) {
        match events {
            [Event::StateOnDisk(state)] => {
                (state.hash.clone(), state.live_notes().iter().map(|n| n.text.clone()).collect())
            }
            other => panic!("one state expected: {other:?}"),
        }
    }

    /// File times have a coarse grain on some filesystems.
    fn tick() {
        std::thread::sleep(Duration::from_millis(20));
    }

    #[test]
    fn a_state_written_by_another_reader_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(DocState::new("h")).unwrap();
        let mut watch = Watch::new(&store, vec!["h".into(), "other".into()]);
        assert!(watch.changed().is_empty(), "nothing changed yet");
        // Another reader adds a note.
        tick();
        store.save(noted("h", "n1", "他人的笔记")).unwrap();
        assert_eq!(reported(&watch.changed()), ("h".into(), vec!["他人的笔记".into()]));
        assert!(watch.changed().is_empty(), "reported once");
    }

    #[test]
    fn a_document_added_while_watching_reports_changes_made_after_it_was_added_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(DocState::new("start")).unwrap();
        let mut watch = Watch::new(&store, vec!["start".into()]);
        let watching = watch.watching();
        assert!(watch.changed().is_empty(), "nothing changed yet");
        // A note saved before the document was opened is in the state it was opened with.
        tick();
        store.save(noted("late", "n1", "打开前的笔记")).unwrap();
        watching.add("late");
        assert!(watch.changed().is_empty(), "a change made before it was added is not news");
        // Another reader adds a note once it is open.
        tick();
        store.save(noted("late", "n2", "打开后的笔记")).unwrap();
        let (hash, notes) = reported(&watch.changed());
        assert_eq!(hash, "late");
        assert!(notes.contains(&"打开后的笔记".to_owned()), "{notes:?}");
        assert!(watch.changed().is_empty(), "reported once");
        // A document with no state file yet: its first state is news.
        watching.add("fresh");
        watching.add("late");
        assert!(watch.changed().is_empty());
        tick();
        store.save(noted("fresh", "n3", "新文件的笔记")).unwrap();
        assert_eq!(reported(&watch.changed()), ("fresh".into(), vec!["新文件的笔记".into()]));
    }
}
