//! The study workflow: the saved reading position, marks (`m` + letter, `'` + letter, `''`), the
//! jump history (`Ctrl-o`/`Ctrl-i`), the sentence-level reading cursor, notes on sentences, and
//! copying over SSH with OSC 52.

use super::doc_view::DocView;
use super::{App, Focus, Overlay};
use crate::state::{DocState, Note, Store, content_hash, new_id, now};

/// Copies larger than this are refused: terminals and tmux drop big OSC 52 payloads.
pub const MAX_COPY_BYTES: usize = 100 * 1024;

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

impl DocView {
    /// Attach saved state: re-anchor notes by their sentence, and remember where to scroll.
    pub fn attach_state(&mut self, mut state: DocState, path: Option<&str>) {
        let text = self.doc.text();
        self.orphans.clear();
        for note in state.notes.iter_mut().filter(|n| !n.deleted) {
            let byte = self.doc.byte_of_char(note.offset);
            if text.get(byte..).is_some_and(|t| t.starts_with(note.sentence.as_str())) {
                continue;
            }
            // The text moved: take the occurrence of the sentence nearest to the old place.
            let nearest = text.match_indices(note.sentence.as_str()).map(|(i, _)| i).min_by_key(|i| i.abs_diff(byte));
            match nearest.filter(|_| !note.sentence.is_empty()) {
                Some(i) => note.offset = self.doc.char_of_byte(i),
                None => self.orphans.push(note.id.clone()),
            }
        }
        if let Some(p) = path {
            state.remember_path(p);
        }
        if state.title.is_none() {
            state.title.clone_from(&self.outline.frame.title);
        }
        self.restore_to = state.position.map(|c| self.doc.byte_of_char(c.min(self.doc.char_len())));
        self.state = state;
        self.refresh_noted();
    }

    /// Recompute the byte ranges of noted sentences.
    pub fn refresh_noted(&mut self) {
        let sentences = self.doc.sentences();
        let mut noted: Vec<std::ops::Range<usize>> = self
            .state
            .live_notes()
            .iter()
            .filter(|n| !self.orphans.contains(&n.id))
            .filter_map(|n| sentences.get(self.doc.sentence_at(self.doc.byte_of_char(n.offset))).cloned())
            .collect();
        noted.sort_by_key(|r| r.start);
        noted.dedup();
        self.noted = noted;
    }

    /// The state to save now: the current position included.
    #[must_use]
    pub fn state_to_save(&self) -> DocState {
        let mut state = self.state.clone();
        state.position = Some(self.doc.char_of_byte(self.byte_at(self.top)));
        state.position_updated = now();
        state
    }

    /// `第12段第2句`: paragraph number from the start of the speech (title block and web chrome
    /// not counted) and sentence number within it.
    #[must_use]
    pub fn sentence_label(&self, sentence: usize) -> Option<String> {
        let range = self.doc.sentences().get(sentence)?;
        let para = self.doc.paragraph_at(range.start);
        let counted = |p: usize| {
            !matches!(
                self.outline.roles.get(p),
                Some(
                    crate::structure::Role::Title
                        | crate::structure::Role::Subtitle
                        | crate::structure::Role::Date
                        | crate::structure::Role::Speaker
                        | crate::structure::Role::Head
                        | crate::structure::Role::Chrome
                )
            )
        };
        let number = (0..=para).filter(|&p| counted(p)).count();
        let first = self.doc.sentence_at(self.doc.paragraphs()[para].bytes.start);
        Some(format!("第{number}段第{}句", sentence - first + 1))
    }

    /// Record the current position before a jump.
    pub fn record_jump(&mut self) {
        let here = self.byte_at(self.top);
        self.jumps.truncate(self.jump_at);
        if self.jumps.last() != Some(&here) {
            self.jumps.push(here);
        }
        self.jump_at = self.jumps.len();
        self.last_jump_from = Some(here);
    }
}

impl App {
    /// Read saved state for every document from `store`.
    pub fn attach_store(&mut self, store: Store) {
        for doc in &mut self.docs {
            let hash = content_hash(doc.doc.text());
            let path =
                doc.doc.source.path.as_ref().and_then(|p| p.canonicalize().ok()).map(|p| p.display().to_string());
            match store.load(&hash, path.as_deref()) {
                Ok(state) => doc.attach_state(state.unwrap_or_else(|| DocState::new(&hash)), path.as_deref()),
                Err(e) => {
                    self.message = Some(e.to_string());
                    doc.attach_state(DocState::new(&hash), path.as_deref());
                }
            }
        }
        self.store = Some(store);
    }

    /// Save the state of every document (on quit, on a signal, after a note or mark).
    pub fn save_state(&mut self) {
        let Some(store) = self.store.clone() else { return };
        if !self.persist {
            return;
        }
        for doc in &mut self.docs {
            if doc.state.hash.is_empty() {
                continue;
            }
            match store.save(doc.state_to_save()) {
                Ok(merged) => {
                    doc.state = merged;
                    doc.refresh_noted();
                }
                Err(e) => self.message = Some(e.to_string()),
            }
        }
    }

    /// A letter after `m` or `'`.
    pub(super) fn awaited_letter(&mut self, what: Awaiting, letter: char) {
        let height = self.text_height();
        match what {
            Awaiting::SetMark if letter.is_ascii_alphanumeric() => {
                let doc = self.doc_mut();
                let offset = doc.doc.char_of_byte(doc.byte_at(doc.top));
                doc.state.marks.insert(letter, crate::state::Mark { offset, updated: now() });
                self.message = Some(format!("书签 {letter} 已设"));
                self.save_state();
            }
            Awaiting::JumpMark if letter == '\'' || letter == '`' => {
                let Some(back) = self.doc().last_jump_from else {
                    self.message = Some("还没有跳转过".into());
                    return;
                };
                self.doc_mut().record_jump();
                self.doc_mut().show_at_top(back, height, 0);
                self.after_text_move();
            }
            Awaiting::JumpMark => {
                let Some(mark) = self.doc().state.marks.get(&letter).cloned() else {
                    self.message = Some(format!("没有书签 {letter}"));
                    return;
                };
                let doc = self.doc_mut();
                doc.record_jump();
                let byte = doc.doc.byte_of_char(mark.offset);
                doc.show_at_top(byte, height, 0);
                self.after_text_move();
            }
            Awaiting::SetMark => self.message = Some("书签名须是字母或数字".into()),
        }
    }

    /// `Ctrl-o` (back) and `Ctrl-i` (forward) through the jump history.
    pub(super) fn jump_history(&mut self, back: bool) {
        let height = self.text_height();
        let doc = self.doc_mut();
        if back {
            if doc.jump_at == 0 {
                self.message = Some("跳转历史已到头".into());
                return;
            }
            if doc.jump_at == doc.jumps.len() {
                // Leaving the newest place: keep it so Ctrl-i can come back.
                let here = doc.byte_at(doc.top);
                if doc.jumps.last() != Some(&here) {
                    doc.jumps.push(here);
                }
            }
            doc.jump_at -= 1;
        } else {
            if doc.jump_at + 1 >= doc.jumps.len() {
                self.message = Some("已是最新的位置".into());
                return;
            }
            doc.jump_at += 1;
        }
        let target = doc.jumps[doc.jump_at];
        doc.show_at_top(target, height, 0);
        self.after_text_move();
    }

    /// `v`: show the reading cursor on the first sentence on screen, or hide it.
    pub(super) fn toggle_cursor(&mut self) {
        let doc = self.doc_mut();
        doc.cursor = if doc.cursor.is_some() { None } else { Some(doc.doc.sentence_at(doc.byte_at(doc.top))) };
        self.focus = Focus::Text;
    }

    /// `(` and `)`: move the reading cursor by one sentence and keep it on screen.
    pub(super) fn move_cursor(&mut self, forward: bool) {
        let height = self.text_height();
        let doc = self.doc_mut();
        let count = doc.doc.sentences().len();
        if count == 0 {
            return;
        }
        let at = doc.cursor.unwrap_or_else(|| doc.doc.sentence_at(doc.byte_at(doc.top)));
        let next = if doc.cursor.is_none() {
            at
        } else if forward {
            (at + 1).min(count - 1)
        } else {
            at.saturating_sub(1)
        };
        doc.cursor = Some(next);
        let start = doc.doc.sentences()[next].start;
        if !doc.is_visible(start, height) {
            doc.show_at_top(start, height, 2);
        }
        self.focus = Focus::Text;
        self.after_text_move();
    }

    /// After the text scrolled: a cursor that left the screen moves to the first sentence on it.
    pub(super) fn keep_cursor_on_screen(&mut self) {
        let height = self.text_height();
        let doc = self.doc_mut();
        let Some(at) = doc.cursor else { return };
        let Some(range) = doc.doc.sentences().get(at).cloned() else { return };
        let visible = doc.is_visible(range.start, height) || doc.is_visible(range.end.saturating_sub(1), height);
        if !visible {
            doc.cursor = Some(doc.doc.sentence_at(doc.byte_at(doc.top)));
        }
    }

    /// `a` in the text pane: open the note editor on the cursor's sentence (its note, if it has one).
    pub(super) fn start_note(&mut self) {
        let Some(sentence) = self.doc().cursor else {
            self.message = Some("先按 v 打开阅读光标，选中要加笔记的句子".into());
            return;
        };
        let doc = self.doc();
        let start = doc.doc.sentences()[sentence].start;
        let existing = doc
            .state
            .live_notes()
            .into_iter()
            .find(|n| doc.doc.sentence_at(doc.doc.byte_of_char(n.offset)) == sentence)
            .map(|n| (n.id.clone(), n.text.clone()));
        let _ = start;
        let editor = match existing {
            Some((id, text)) => super::editor::Editor::editing(sentence, id, &text),
            None => super::editor::Editor::new(sentence),
        };
        self.overlay = Some(Overlay::Note(Box::new(editor)));
    }

    /// Save the text of the note editor.
    pub(super) fn save_note(&mut self, editor: &super::editor::Editor) {
        let text = editor.text().trim_end().to_owned();
        let doc = self.doc_mut();
        let Some(range) = doc.doc.sentences().get(editor.sentence).cloned() else { return };
        let sentence = doc.doc.text()[range.clone()].to_owned();
        let offset = doc.doc.char_of_byte(range.start);
        let time = now();
        match &editor.note_id {
            Some(id) => {
                if let Some(note) = doc.state.notes.iter_mut().find(|n| &n.id == id) {
                    note.text = text;
                    note.updated = time;
                    note.deleted = note.text.is_empty();
                }
            }
            None if text.is_empty() => return,
            None => doc.state.notes.push(Note {
                id: new_id(),
                offset,
                sentence,
                text,
                created: time,
                updated: time,
                deleted: false,
            }),
        }
        doc.refresh_noted();
        self.message = Some("笔记已保存".into());
        self.save_state();
    }

    /// Delete a note (kept as deleted so a merge does not bring it back).
    pub fn delete_note(&mut self, id: &str) {
        let doc = self.doc_mut();
        if let Some(note) = doc.state.notes.iter_mut().find(|n| n.id == id) {
            note.deleted = true;
            note.updated = now();
        }
        doc.refresh_noted();
        self.message = Some("笔记已删除".into());
        self.save_state();
    }

    /// `y`: copy the cursor's sentence, or the selected outline section, as OSC 52.
    pub(super) fn copy(&mut self) {
        let doc = self.doc();
        let text = if self.focus == Focus::Outline {
            doc.tree.selected.map(|s| doc.doc.text()[doc.outline.sections[s].bytes.clone()].trim().to_owned())
        } else {
            doc.cursor.and_then(|c| doc.doc.sentences().get(c)).map(|r| doc.doc.text()[r.clone()].to_owned())
        };
        let Some(text) = text else {
            self.message = Some("按 v 打开阅读光标选句，或在提纲中选章节，再按 y".into());
            return;
        };
        if text.len() > MAX_COPY_BYTES {
            self.message = Some(format!("内容有 {} KB，超过 100 KB，终端无法可靠复制；请缩小范围", text.len() / 1024));
            return;
        }
        self.message = Some(format!("已复制 {} 字（OSC 52；tmux 需 set -g set-clipboard on）", text.chars().count()));
        self.clipboard = Some(text);
    }
}

impl App {
    /// `E`: ask where to write the study brief, offering a name from the title.
    pub(super) fn start_export(&mut self) {
        let title = self.doc().outline.frame.title.clone().unwrap_or_else(|| "讲话".to_owned());
        let name: String = title
            .chars()
            .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
            .collect();
        self.prompt = Some(super::Prompt::with_text(super::PromptKind::Export, &format!("学习要点-{name}.md")));
    }

    /// Write the brief to `path` (Markdown, or plain text for a `.txt` name). An existing file is
    /// only replaced after a yes.
    pub(super) fn export_to(&mut self, path: &str, overwrite: bool) {
        let path = std::path::PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return;
        }
        if path.exists() && !overwrite {
            self.overlay = Some(Overlay::Confirm {
                question: format!("{} 已存在，覆盖吗？(y/n)", path.display()),
                then: super::Confirm::Overwrite(path),
            });
            return;
        }
        let doc = self.doc();
        let keywords = match &doc.keywords {
            super::Keywords::Ready(k) => Some(k.as_slice()),
            _ => None,
        };
        let format = if path.extension().is_some_and(|e| e == "txt") {
            crate::report::brief::BriefFormat::Text
        } else {
            crate::report::brief::BriefFormat::Markdown
        };
        let sources = crate::report::brief::Sources {
            doc: &doc.doc,
            outline: &doc.outline,
            config: &self.config,
            terms: &doc.terms,
            keywords,
            state: Some(&doc.state),
        };
        let text = crate::report::brief::brief(&sources, format);
        self.message = Some(match crate::atomic::write(&path, text.as_bytes()) {
            Ok(()) => format!("学习要点已导出到 {}", path.display()),
            Err(e) => format!("无法写入 {}：{e}", path.display()),
        });
    }
}
