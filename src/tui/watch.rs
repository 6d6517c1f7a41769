//! Notes written by another reader on the same account (a study group on one server) appear
//! without a restart: a thread looks at the reading-state files every [`PERIOD`] and, when one
//! has changed, reads it and hands it to the event loop as an [`Event::StateOnDisk`], where the
//! app merges it as it merges on save. One `stat` of the directory per period while nothing
//! changes; no busy polling.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use super::Event;
use crate::state::Store;

/// How often the state directory is looked at.
pub const PERIOD: Duration = Duration::from_secs(2);

/// When each state file was last changed, as far as the watcher knows.
#[derive(Debug, Default)]
pub struct Watch {
    dir: PathBuf,
    hashes: Vec<String>,
    dir_changed: Option<SystemTime>,
    files: HashMap<String, SystemTime>,
}

fn modified(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Watch {
    /// Watch the state files of documents `hashes` in `store`, as they are now.
    #[must_use]
    pub fn new(store: &Store, hashes: Vec<String>) -> Self {
        let dir = store.dir().to_path_buf();
        let mut watch = Self { dir, hashes, dir_changed: None, files: HashMap::new() };
        watch.dir_changed = modified(&watch.dir);
        for hash in &watch.hashes {
            if let Some(t) = modified(&watch.dir.join(format!("{hash}.json"))) {
                watch.files.insert(hash.clone(), t);
            }
        }
        watch
    }

    /// Look once: the states that changed since the last look (files are replaced whole, by a
    /// rename, so the directory's time changes with every write).
    pub fn changed(&mut self) -> Vec<Event> {
        let now = modified(&self.dir);
        if now == self.dir_changed {
            return Vec::new();
        }
        self.dir_changed = now;
        let store = Store::at(&self.dir);
        let mut events = Vec::new();
        for hash in &self.hashes {
            let Some(t) = modified(&self.dir.join(format!("{hash}.json"))) else { continue };
            if self.files.get(hash) == Some(&t) {
                continue;
            }
            self.files.insert(hash.clone(), t);
            if let Ok(Some(state)) = store.load(hash, None) {
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

    #[test]
    fn a_state_written_by_another_reader_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(DocState::new("h")).unwrap();
        let mut watch = Watch::new(&store, vec!["h".into(), "other".into()]);
        assert!(watch.changed().is_empty(), "nothing changed yet");
        // Another reader adds a note (file times have a coarse grain on some filesystems).
        std::thread::sleep(Duration::from_millis(20));
        let mut theirs = DocState::new("h");
        theirs.notes.push(Note {
            id: "n1".into(),
            offset: 0,
            sentence: "同志们：".into(),
            text: "他人的笔记".into(),
            created: 1,
            updated: 1,
            deleted: false,
        });
        store.save(theirs).unwrap();
        let events = watch.changed();
        match events.as_slice() {
            [Event::StateOnDisk(state)] => assert_eq!(state.live_notes()[0].text, "他人的笔记"),
            other => panic!("{other:?}"),
        }
        assert!(watch.changed().is_empty(), "reported once");
    }
}
