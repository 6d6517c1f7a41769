//! The study workflow, part two: notes on sentences (written in the note editor, listed, edited
//! and deleted), copying over SSH with OSC 52, and exporting the one-page study brief. Saving,
//! copying and writing the brief are effects.

use super::editor::Editor;
use super::effect::Effect;
use super::{App, Focus, Keywords, Overlay, Prompt, PromptKind};
use crate::report::brief::{BriefFormat, Sources, brief};
use crate::state::{Note, new_id, now};

/// Copies larger than this are refused: terminals and tmux drop big OSC 52 payloads.
pub const MAX_COPY_BYTES: usize = 100 * 1024;

impl App {
    /// `a` in the text pane: open the note editor on the cursor's sentence (its note, if it has
    /// one). With the cursor off, it is turned on at the place's sentence (the top one, or where
    /// a search or jump landed) and the note is for that sentence.
    pub(super) fn start_note(&mut self) {
        if self.doc().study.cursor.is_none() {
            if self.doc().analysis.doc.sentences().is_empty() {
                self.message = Some("这篇文档没有可加笔记的句子".into());
                return;
            }
            self.toggle_cursor();
        }
        let Some(sentence) = self.doc().study.cursor else { return };
        let doc = &self.doc().analysis.doc;
        let existing = self
            .doc()
            .study
            .state
            .live_notes()
            .into_iter()
            .find(|n| doc.sentence_at(doc.byte_of_char(n.offset)) == sentence)
            .map(|n| (n.id.clone(), n.text.clone()));
        let editor = match existing {
            Some((id, text)) => Editor::editing(sentence, id, &text),
            None => Editor::new(sentence),
        };
        self.overlay = Some(Overlay::Note(Box::new(editor)));
    }

    /// The note on the reading cursor's sentence, shown in place while the cursor is on it.
    #[must_use]
    pub fn cursor_note(&self) -> Option<&Note> {
        let view = self.doc();
        let sentence = view.study.cursor?;
        let doc = &view.analysis.doc;
        view.study.state.live_notes().into_iter().find(|n| doc.sentence_at(doc.byte_of_char(n.offset)) == sentence)
    }

    /// The lines of the note shown in place, wrapped to `width` columns: at most a third of the
    /// text pane, the last one saying how to read the rest.
    #[must_use]
    pub fn note_lines(&self, width: usize) -> Vec<String> {
        let Some(note) = self.cursor_note() else { return Vec::new() };
        let amb = self.config.reader.ambiguous_width;
        let max = (self.text_height() / 3).max(1);
        let mut lines = Vec::new();
        for paragraph in note.text.lines() {
            let rows = crate::layout::break_rows(paragraph, width.max(2), amb, &[]);
            lines.extend(rows.iter().map(|r| paragraph[r.start..r.end].to_owned()));
        }
        if lines.len() > max {
            lines.truncate(max);
            let more = self.config.keymap.hint_list(&[(crate::action::Action::ShowNotes, "看全文")]);
            if let Some(last) = lines.last_mut() {
                *last = crate::width::truncate(&format!("{last}…（{more}）"), width, amb);
            }
        }
        lines
    }

    /// Rows the note in place covers at the bottom of the text pane (its rule included).
    #[must_use]
    pub fn note_rows(&self) -> usize {
        let width = self.panes.map_or(0, |p| usize::from(p.column.width));
        let lines = self.note_lines(width).len();
        if lines == 0 { 0 } else { lines + 1 }
    }

    /// Keep the cursor's sentence above the note shown in place under it.
    pub(super) fn keep_cursor_above_note(&mut self) {
        let covered = self.note_rows();
        let view = self.doc();
        let Some(range) = view.study.cursor.and_then(|c| view.analysis.doc.sentences().get(c)).cloned() else {
            return;
        };
        if covered == 0 {
            return;
        }
        let height = view.viewport.height;
        let last_free = view.advance(view.viewport.top, height.saturating_sub(covered + 1));
        let end = view.pos_of_byte(range.end.saturating_sub(1).max(range.start));
        if end > last_free {
            let mut rows = 0;
            let mut at = last_free;
            while at < end && rows < height {
                at = view.advance(at, 1);
                rows += 1;
            }
            let start_row = view.pos_of_byte(range.start);
            let doc = self.doc_mut();
            doc.scroll(isize::try_from(rows).unwrap_or(0));
            // Never push the sentence's start off the top.
            if doc.viewport.top > start_row {
                doc.viewport.top = start_row;
            }
        }
    }

    /// Save the text of the note editor.
    pub(super) fn save_note(&mut self, editor: &Editor) {
        let text = editor.text().trim_end().to_owned();
        let view = self.doc_mut();
        let doc = &view.analysis.doc;
        let Some(range) = doc.sentences().get(editor.sentence).cloned() else { return };
        let sentence = doc.text()[range.clone()].to_owned();
        let offset = doc.char_of_byte(range.start);
        let time = now();
        let notes = &mut view.study.state.notes;
        match &editor.note_id {
            Some(id) => {
                if let Some(note) = notes.iter_mut().find(|n| &n.id == id) {
                    note.text = text;
                    note.updated = time;
                    note.deleted = note.text.is_empty();
                }
            }
            None if text.is_empty() => return,
            None => {
                notes.push(Note { id: new_id(), offset, sentence, text, created: time, updated: time, deleted: false });
            }
        }
        view.refresh_noted();
        self.message = Some("笔记已保存".into());
        self.save_state();
    }

    /// Delete a note (kept as deleted so a merge does not bring it back).
    pub fn delete_note(&mut self, id: &str) {
        let doc = self.doc_mut();
        if let Some(note) = doc.study.state.notes.iter_mut().find(|n| n.id == id) {
            note.deleted = true;
            note.updated = now();
        }
        doc.refresh_noted();
        self.message = Some("笔记已删除".into());
        self.save_state();
    }

    /// `y`: copy the cursor's sentence, or the selected outline section, as OSC 52.
    pub(super) fn copy(&mut self) {
        let view = self.doc();
        let doc = &view.analysis.doc;
        let text = if self.focus == Focus::Outline {
            let sections = &view.analysis.outline.sections;
            view.viewport.tree.selected.map(|s| doc.text()[sections[s].bytes.clone()].trim().to_owned())
        } else {
            view.study.cursor.and_then(|c| doc.sentences().get(c)).map(|r| doc.text()[r.clone()].to_owned())
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
        self.ask(Effect::Copy(text));
    }

    /// The text queued for the clipboard by the last `y`, if the runner has not taken it yet.
    #[must_use]
    pub fn clipboard(&self) -> Option<&str> {
        self.effects().iter().rev().find_map(|e| match e {
            Effect::Copy(text) => Some(text.as_str()),
            _ => None,
        })
    }

    /// `E`: ask where to write the study brief, offering a name from the title.
    pub(super) fn start_export(&mut self) {
        let title = self.doc().analysis.outline.frame.title.clone().unwrap_or_else(|| "讲话".to_owned());
        let name: String = title
            .chars()
            .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
            .collect();
        self.prompt = Some(Prompt::with_text(PromptKind::Export, &format!("学习要点-{name}.md")));
    }

    /// Ask for the brief to be written to `path` (Markdown, or plain text for a `.txt` name). An
    /// existing file is only replaced after a yes.
    pub(super) fn export_to(&mut self, path: &str) {
        let path = std::path::PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return;
        }
        let view = self.doc();
        let keywords = match &view.analysis.keywords {
            Keywords::Ready(k) => Some(k.as_slice()),
            _ => None,
        };
        let format =
            if path.extension().is_some_and(|e| e == "txt") { BriefFormat::Text } else { BriefFormat::Markdown };
        let sources = Sources {
            doc: &view.analysis.doc,
            outline: &view.analysis.outline,
            config: &self.config,
            terms: &view.analysis.terms,
            keywords,
            state: Some(&view.study.state),
        };
        let text = brief(&sources, format);
        self.ask(Effect::WriteBrief { path, text, overwrite: false });
    }
}
