//! Saving the reading state: only what changed, and answers that may come late.
//!
//! Each document counts its local edits (a mark set or deleted, a note written or deleted) and
//! remembers what its last save carried (those edits and the position). [`App::save_state`] asks
//! for a save of the documents whose edits or position differ from that, and nothing else, so a
//! mark in a library of thousands writes one file. The save itself happens elsewhere (a
//! background writer in the terminal), so its answer, [`Outcome::StateSaved`], can arrive after
//! more edits: it carries the count of edits it saved, and an answer for fewer edits than the
//! document has now is ignored (the newer save is on its way and brings the merged state).
//!
//! A save that failed (a full disk) leaves everything in memory: the document stays changed, so
//! the next save tries again, and the status bar says where the state went meanwhile.
//!
//! [`Outcome::StateSaved`]: super::Outcome::StateSaved

use super::effect::{Effect, SaveFailed, StateSnapshot};
use super::{App, DocView};
use crate::state::DocState;

/// What of a document's state has been asked to be saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saving {
    /// Local edits to the state so far.
    pub edits: u64,
    /// The edits and char position the last save carried (None: it must be saved, e.g. after a
    /// failure). Set when the state is attached, to what was read.
    sent: Option<(u64, Option<usize>)>,
    /// Why the last save failed, until one succeeds.
    pub failed: Option<String>,
}

impl Saving {
    /// The state as read from the store counts as saved.
    pub(super) fn loaded(&mut self, position: Option<usize>, unchanged: bool) {
        self.sent = unchanged.then_some((self.edits, position));
    }
}

impl DocView {
    /// Count a local change to the saved state (call it after changing `study.state`).
    pub fn touch_state(&mut self) {
        self.study.saving.edits += 1;
    }

    /// The snapshot to save when this document changed since its last save.
    fn changed(&self, doc: usize) -> Option<StateSnapshot> {
        if !self.study.opened || self.study.state.hash.is_empty() {
            return None;
        }
        let state = self.state_to_save();
        let saving = &self.study.saving;
        let now = (saving.edits, state.position);
        (saving.sent != Some(now)).then_some(StateSnapshot { doc, generation: saving.edits, state })
    }
}

impl App {
    /// Ask for the state of every document that changed since it was last saved (on quit, on a
    /// signal). Documents unchanged, or never shown, are not written.
    pub fn save_state(&mut self) {
        self.save((0..self.docs.len()).collect());
    }

    /// After a mark or a note: save the current document (the others' positions wait for quit).
    pub(super) fn save_edits(&mut self) {
        self.save(vec![self.current]);
    }

    fn save(&mut self, docs: Vec<usize>) {
        if self.store.is_none() {
            return;
        }
        let snapshots: Vec<StateSnapshot> =
            docs.into_iter().filter_map(|doc| self.docs.get(doc).and_then(|view| view.changed(doc))).collect();
        if snapshots.is_empty() {
            return;
        }
        for s in &snapshots {
            self.docs[s.doc].study.saving.sent = Some((s.generation, s.state.position));
        }
        self.ask(Effect::SaveState(snapshots));
    }

    /// The answer to a save: keep the merged state (other readers' notes) unless the document was
    /// edited since; after a failure, keep everything and say where it went.
    pub(super) fn state_saved(&mut self, doc: usize, generation: u64, result: Result<DocState, SaveFailed>) {
        let Some(view) = self.docs.get_mut(doc) else { return };
        let saving = &mut view.study.saving;
        match result {
            Ok(merged) => {
                saving.failed = None;
                if generation == saving.edits {
                    view.study.state = merged;
                    view.refresh_noted();
                }
            }
            Err(failed) => {
                if saving.sent.is_some_and(|(edits, _)| edits == generation) {
                    saving.sent = None;
                }
                let message = failed.message();
                saving.failed = Some(message.clone());
                self.message = Some(message);
            }
        }
    }

    /// Why the last save of some document failed, if one did and none has succeeded since.
    #[must_use]
    pub fn save_failure(&self) -> Option<&str> {
        self.docs.iter().find_map(|d| d.study.saving.failed.as_deref())
    }
}
