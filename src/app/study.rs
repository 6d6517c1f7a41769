//! The study workflow, part one: the saved reading state (read at start, saved through
//! effects), marks (`m` + letter, `'` + letter, `''`), the jump history (`Ctrl-o`/`Ctrl-i`) and
//! the sentence-level reading cursor. Notes, copying and the brief are in `notes`.

use super::doc_view::DocView;
use super::{App, Focus};
use crate::document::Document;
use crate::state::{DocState, StateError, Store, content_hash, now};

/// A key that waits for a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    SetMark,
    JumpMark,
}

impl Awaiting {
    /// The key shown in the status bar while waiting.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::SetMark => "m",
            Self::JumpMark => "'",
        }
    }
}

/// The saved state of `doc` in `store` (a fresh one when nothing was saved), and the path the
/// document was opened from as the store knows it. The reader and the `notes` and `brief`
/// commands read state through this one function.
pub fn saved_state(store: &Store, doc: &Document) -> (Result<DocState, StateError>, Option<String>) {
    let hash = content_hash(doc.text());
    let path = doc.source.path.as_ref().and_then(|p| p.canonicalize().ok()).map(|p| p.display().to_string());
    let state = store.load(&hash, path.as_deref()).map(|s| s.unwrap_or_else(|| DocState::new(&hash)));
    (state, path)
}

impl DocView {
    /// Attach the state saved in `store` (a fresh one when it cannot be read: the error is
    /// returned, for the status bar).
    pub(super) fn attach_saved(&mut self, store: &Store) -> Option<String> {
        let (state, path) = saved_state(store, &self.analysis.doc);
        let (state, error) = match state {
            Ok(state) => (state, None),
            Err(e) => (DocState::new(&content_hash(self.analysis.doc.text())), Some(e.to_string())),
        };
        self.attach_state(state, path.as_deref());
        error
    }

    /// Attach saved state: re-anchor notes by their sentence, and remember where to scroll.
    pub fn attach_state(&mut self, mut state: DocState, path: Option<&str>) {
        let read = state.clone();
        let doc = &self.analysis.doc;
        let text = doc.text();
        self.study.orphans.clear();
        for note in state.notes.iter_mut().filter(|n| !n.deleted) {
            let byte = doc.byte_of_char(note.offset);
            if text.get(byte..).is_some_and(|t| t.starts_with(note.sentence.as_str())) {
                continue;
            }
            // The text moved: take the occurrence of the sentence nearest to the old place.
            let nearest = text.match_indices(note.sentence.as_str()).map(|(i, _)| i).min_by_key(|i| i.abs_diff(byte));
            match nearest.filter(|_| !note.sentence.is_empty()) {
                Some(i) => note.offset = doc.char_of_byte(i),
                None => self.study.orphans.push(note.id.clone()),
            }
        }
        if let Some(p) = path {
            state.remember_path(p);
        }
        if state.title.is_none() {
            state.title.clone_from(&self.analysis.outline.frame.title);
        }
        self.study.restore_to = state.position.map(|c| doc.byte_of_char(c.min(doc.char_len())));
        self.study.saving.loaded(state.position, state == read);
        self.study.state = state;
        self.refresh_noted();
    }

    /// Recompute the byte ranges of noted sentences.
    pub fn refresh_noted(&mut self) {
        let doc = &self.analysis.doc;
        let sentences = doc.sentences();
        let study = &self.study;
        let mut noted: Vec<std::ops::Range<usize>> = study
            .state
            .live_notes()
            .iter()
            .filter(|n| !study.orphans.contains(&n.id))
            .filter_map(|n| sentences.get(doc.sentence_at(doc.byte_of_char(n.offset))).cloned())
            .collect();
        noted.sort_by_key(|r| r.start);
        noted.dedup();
        self.study.noted = noted;
    }

    /// The state to save now, with the current position: the place (the top row, or where a jump
    /// landed, or the cursor's sentence), or, if the document was never laid out, the saved one
    /// it has not scrolled to yet.
    #[must_use]
    pub fn state_to_save(&self) -> DocState {
        let mut state = self.study.state.clone();
        let byte = self.study.restore_to.unwrap_or_else(|| self.place_byte());
        state.position = Some(self.analysis.doc.char_of_byte(byte));
        state.position_updated = now();
        state
    }

    /// `第12段第2句`: paragraph number from the start of the speech (title block and web chrome
    /// not counted, see `paragraphs`) and sentence number within it.
    #[must_use]
    pub fn sentence_label(&self, sentence: usize) -> Option<String> {
        let doc = &self.analysis.doc;
        let range = doc.sentences().get(sentence)?;
        let para = doc.paragraph_at(range.start);
        let number = self.paragraph_number_at(range.start);
        let first = doc.sentence_at(doc.paragraphs()[para].bytes.start);
        Some(format!("第{number}段第{}句", sentence - first + 1))
    }

    /// Record the current position before a jump.
    pub fn record_jump(&mut self) {
        let here = self.spot();
        let study = &mut self.study;
        study.jumps.truncate(study.jump_at);
        if study.jumps.last() != Some(&here) {
            study.jumps.push(here);
        }
        study.jump_at = study.jumps.len();
        study.last_jump_from = Some(here);
    }
}

impl App {
    /// Read saved state for every document from `store`, and save to it from now on.
    pub fn attach_store(&mut self, store: Store) {
        let head = self.reading.as_ref().map(|r| r.doc);
        for (_, doc) in self.docs.iter_mut().enumerate().filter(|(i, d)| d.unopened.is_none() && head != Some(*i)) {
            if let Some(e) = doc.attach_saved(&store) {
                self.message = Some(e);
            }
        }
        self.ui = super::UiState::read(store.dir());
        self.store = Some(store);
        self.resize(self.size);
    }

    /// A document's state as another reader saved it: merged with this reader's, as a save
    /// merges, so their notes and marks appear (and deletions go) without a restart.
    pub fn state_on_disk(&mut self, disk: &DocState) {
        for view in self.docs.iter_mut().filter(|d| d.study.state.hash == disk.hash && !disk.hash.is_empty()) {
            let mine = std::mem::take(&mut view.study.state);
            view.study.state = crate::state::merge(disk.clone(), mine);
            view.refresh_noted();
        }
    }

    /// A letter after `m` or `'`.
    pub(super) fn awaited_letter(&mut self, what: Awaiting, letter: char) {
        match what {
            Awaiting::SetMark if letter.is_ascii_alphanumeric() => {
                // The place: the cursor's sentence when it is on, else where a jump landed or
                // the top row.
                let doc = self.doc_mut();
                let offset = doc.analysis.doc.char_of_byte(doc.place_byte());
                doc.study.state.marks.insert(letter, crate::state::Mark { offset, updated: now() });
                doc.touch_state();
                self.message = Some(format!("书签 {letter} 已设"));
                self.save_edits();
            }
            Awaiting::JumpMark if letter == '\'' || letter == '`' => {
                let Some(back) = self.doc().study.last_jump_from else {
                    self.message = Some("还没有跳转过".into());
                    return;
                };
                self.doc_mut().record_jump();
                self.doc_mut().restore(back);
                self.after_text_move();
            }
            Awaiting::JumpMark => {
                let Some(mark) = self.doc().study.state.marks.get(&letter).cloned() else {
                    self.message = Some(format!("没有书签 {letter}"));
                    return;
                };
                let doc = self.doc_mut();
                doc.record_jump();
                let byte = doc.analysis.doc.byte_of_char(mark.offset.min(doc.analysis.doc.char_len()));
                doc.land(byte);
                self.after_text_move();
            }
            Awaiting::SetMark => self.message = Some("书签名须是字母或数字".into()),
        }
    }

    /// `Ctrl-o` (back) and `Ctrl-i` (forward) through the jump history.
    pub(super) fn jump_history(&mut self, back: bool) {
        let here = self.doc().spot();
        let study = &mut self.doc_mut().study;
        if back {
            if study.jump_at == 0 {
                self.message = Some("跳转历史已到头".into());
                return;
            }
            if study.jump_at == study.jumps.len() && study.jumps.last() != Some(&here) {
                // Leaving the newest place: keep it so Ctrl-i can come back.
                study.jumps.push(here);
            }
            study.jump_at -= 1;
        } else {
            if study.jump_at + 1 >= study.jumps.len() {
                self.message = Some("已是最新的位置".into());
                return;
            }
            study.jump_at += 1;
        }
        let target = study.jumps[study.jump_at];
        self.doc_mut().restore(target);
        self.after_text_move();
    }

    /// `v`: show the reading cursor on the place's sentence (the first sentence on screen, or
    /// where a jump landed), or hide it.
    pub(super) fn toggle_cursor(&mut self) {
        let doc = self.doc_mut();
        let first = doc.analysis.doc.sentence_at(doc.place_byte());
        doc.study.cursor = if doc.study.cursor.is_some() { None } else { Some(first) };
        self.focus = Focus::Text;
        self.after_text_move();
        self.keep_cursor_above_note();
    }

    /// `(` and `)`: move the reading cursor by one sentence and keep it on screen.
    pub(super) fn move_cursor(&mut self, forward: bool) -> bool {
        let doc = self.doc_mut();
        let count = doc.analysis.doc.sentences().len();
        if count == 0 {
            return false;
        }
        let at = doc.study.cursor.unwrap_or_else(|| doc.analysis.doc.sentence_at(doc.place_byte()));
        let next = if doc.study.cursor.is_none() {
            at
        } else if forward {
            (at + 1).min(count - 1)
        } else {
            at.saturating_sub(1)
        };
        let moved = doc.study.cursor != Some(next);
        doc.study.cursor = Some(next);
        let start = doc.analysis.doc.sentences()[next].start;
        if !doc.is_visible(start) {
            doc.show_at_top(start, 2);
        }
        self.focus = Focus::Text;
        self.after_text_move();
        self.keep_cursor_above_note();
        moved
    }

    /// After the text scrolled: a cursor that left the screen moves to the first sentence on it.
    pub(super) fn keep_cursor_on_screen(&mut self) {
        let doc = self.doc_mut();
        let Some(at) = doc.study.cursor else { return };
        let Some(range) = doc.analysis.doc.sentences().get(at).cloned() else { return };
        let visible = doc.is_visible(range.start) || doc.is_visible(range.end.saturating_sub(1));
        if !visible {
            doc.study.cursor = Some(doc.analysis.doc.sentence_at(doc.top_byte()));
        }
    }
}
