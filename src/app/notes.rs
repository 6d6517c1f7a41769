//! The study workflow, part two: notes on sentences (written in the note editor, listed, edited
//! and deleted), copying over SSH with OSC 52, and exporting the one-page study brief. Saving,
//! copying and writing the brief are effects.

use super::editor::Editor;
use super::effect::Effect;
use super::{App, Focus, Keywords, Overlay, Prompt, PromptKind};
use std::path::{Path, PathBuf};

use crate::report::brief::file::{self, Existing};
use crate::report::brief::{BriefFormat, Sources};
use crate::state::{Note, new_id, now};

/// Copies larger than this are refused: terminals and tmux drop big OSC 52 payloads.
pub const MAX_COPY_BYTES: usize = 100 * 1024;

impl App {
    /// `a` in the text pane: open the note editor on the cursor's sentence (its note, if it has one).
    pub(super) fn start_note(&mut self) {
        let Some(sentence) = self.doc().study.cursor else {
            self.message = Some("先按 v 打开阅读光标，选中要加笔记的句子".into());
            return;
        };
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

    /// `E`: ask where to write the study brief, offering a name from the corrected title.
    pub(super) fn start_export(&mut self) {
        let name = self.brief_name(BriefFormat::Markdown);
        self.prompt = Some(Prompt::with_text(PromptKind::Export, &name));
    }

    /// The name offered for the brief in `format`.
    fn brief_name(&self, format: BriefFormat) -> String {
        let analysis = &self.doc().analysis;
        file::default_name(&analysis.doc, &analysis.outline, format)
    }

    /// Ask for the brief to be written to `path`, in the format its extension names. A directory
    /// (`~`, `dir/`) gets the offered name. A name the user typed is only replaced after a yes;
    /// the offered name never replaces anything: a free one (`NAME (2).md`) is taken instead.
    pub(super) fn export_to(&mut self, path: &str) {
        let typed = path.trim();
        if typed.is_empty() {
            return;
        }
        let offered = self.brief_name(BriefFormat::Markdown);
        let (path, existing) = if typed == offered {
            (PathBuf::from(typed), Existing::NewName)
        } else if crate::writer::brief::directory_form(Path::new(typed)) {
            (Path::new(typed).join(&offered), Existing::NewName)
        } else {
            (PathBuf::from(typed), Existing::Ask)
        };
        let format = match BriefFormat::of_path(&path) {
            Ok(format) => format,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let view = self.doc();
        let keywords = match &view.analysis.keywords {
            Keywords::Ready(k) => Some(k.as_slice()),
            _ => None,
        };
        let sources = Sources {
            doc: &view.analysis.doc,
            outline: &view.analysis.outline,
            config: &self.config,
            terms: &view.analysis.terms,
            keywords,
            state: Some(&view.study.state),
        };
        let bytes = file::render(&sources, format);
        self.ask(Effect::WriteBrief { path, bytes, existing });
    }
}
