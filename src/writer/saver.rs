//! The background writer of reading state: saves arrive from the event loop and are written on a
//! thread of their own, so a mark or a note never waits for the disk.
//!
//! Saves of the same document that wait together are coalesced (the newest snapshot wins: it
//! holds everything the older ones did). Each answer goes back through `deliver`. A save that
//! fails is written beside its file by [`Store::rescue`]; a state that could be written nowhere
//! is remembered as text until a later save of its document succeeds, and [`Saver::finish`] (on
//! quit) waits for every waiting save and hands those texts back for printing, so no note is lost
//! silently.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::app::{Outcome, SaveFailed, StateSnapshot};
use crate::state::Store;

/// Save one snapshot now: merged and written, or rescued beside its file.
#[must_use]
pub fn save_snapshot(store: &Store, snapshot: StateSnapshot) -> Outcome {
    let StateSnapshot { doc, generation, state } = snapshot;
    let result = match store.save(state.clone()) {
        Ok(merged) => Ok(merged),
        Err(e) => {
            let rescued = store.rescue(&state).map_err(|e| e.to_string());
            Err(SaveFailed { why: e.to_string(), rescued })
        }
    };
    Outcome::StateSaved { doc, generation, result }
}

#[derive(Default)]
struct Queue {
    waiting: Vec<StateSnapshot>,
    /// A batch is being written.
    busy: bool,
    closing: bool,
    /// Per document, the notes of a state that could be saved nowhere.
    lost: BTreeMap<usize, String>,
}

struct Shared {
    queue: Mutex<Queue>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The writer thread.
pub struct Saver {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// Start writing to `store`; first, sweep the temporary files a killed save left there.
    pub fn start(store: Store, mut deliver: impl FnMut(Outcome) + Send + 'static) -> std::io::Result<Self> {
        let shared = Arc::new(Shared { queue: Mutex::new(Queue::default()), changed: Condvar::new() });
        let mine = Arc::clone(&shared);
        let thread = std::thread::Builder::new().name("state-saver".into()).spawn(move || {
            store.sweep_temporaries();
            loop {
                let batch = {
                    let mut queue = mine.lock();
                    while queue.waiting.is_empty() && !queue.closing {
                        queue = mine.changed.wait(queue).unwrap_or_else(PoisonError::into_inner);
                    }
                    if queue.waiting.is_empty() {
                        return;
                    }
                    queue.busy = true;
                    std::mem::take(&mut queue.waiting)
                };
                for snapshot in batch {
                    let notes = snapshot.state.notes_text();
                    let outcome = save_snapshot(&store, snapshot);
                    if let Outcome::StateSaved { doc, result, .. } = &outcome {
                        let mut queue = mine.lock();
                        match result {
                            Err(SaveFailed { rescued: Err(_), .. }) if !notes.is_empty() => {
                                queue.lost.insert(*doc, notes);
                            }
                            _ => {
                                queue.lost.remove(doc);
                            }
                        }
                    }
                    deliver(outcome);
                }
                mine.lock().busy = false;
                mine.changed.notify_all();
            }
        })?;
        Ok(Self { shared, thread: Some(thread) })
    }

    /// Queue snapshots; one still waiting for the same document is replaced.
    pub fn save(&self, snapshots: Vec<StateSnapshot>) {
        let mut queue = self.shared.lock();
        for snapshot in snapshots {
            match queue.waiting.iter_mut().find(|w| w.doc == snapshot.doc) {
                Some(older) => *older = snapshot,
                None => queue.waiting.push(snapshot),
            }
        }
        drop(queue);
        self.shared.changed.notify_all();
    }

    /// Wait until nothing is waiting or being written (tests).
    pub fn wait_idle(&self) {
        let mut queue = self.shared.lock();
        while !queue.waiting.is_empty() || queue.busy {
            queue = self.shared.changed.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Write everything still waiting, stop the thread, and return the notes of every document
    /// whose state could be saved nowhere (to print once the terminal is given back).
    #[must_use]
    pub fn finish(mut self) -> Vec<String> {
        self.stop();
        std::mem::take(&mut self.shared.lock().lost).into_values().collect()
    }

    fn stop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.stop();
    }
}
