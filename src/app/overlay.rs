//! What is drawn over the panes and its keys: help, the concordance, the list picker for adding a
//! term, the marks and notes lists, the note editor, yes/no questions, the documents list, the
//! library search results, the compare picker and the text reports (trends, comparison).
//!
//! Keys in an overlay go through the keymap's overlay layer (`y` yes, `d` delete, `e` edit, `s`
//! sort) and then its single-key bindings (movement, Enter, Esc), so a remapped key works here
//! too, and the hints in the overlay titles are built from the same map.

use super::editor::{Editor, EditorOutcome};
use super::effect::{Effect, TermWritten};
use super::{App, Focus, Target, TermRow};
use crate::action::Action;
use crate::config::{AddOutcome, Config};
use crate::keymap::Key;
use crate::report::brief::file::Existing;
use crate::terms::{TermId, TermIndex};

/// The list `a` offers first, created in the user's file when it does not exist.
pub const MY_LIST: &str = "我的提法";

/// Something drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by `offset` lines.
    Help { offset: usize },
    /// Every occurrence of the highlighted term in context; Enter jumps to one.
    Concordance { selected: usize, offset: usize },
    /// Which list to add `term` to.
    AddTerm { term: String, selected: usize },
    /// The marks, with breadcrumbs and first words; Enter jumps, `d` deletes.
    Marks { selected: usize },
    /// The notes in document order; Enter jumps, `e` edits, `d` deletes (after a yes).
    Notes { selected: usize },
    /// Writing a note.
    Note(Box<Editor>),
    /// A yes/no question.
    Confirm { question: String, then: Confirm },
    /// The open documents, filtered by `query`.
    Documents { query: String, selected: usize },
    /// The results of a library-wide search.
    LibraryResults { selected: usize },
    /// Which document to compare the current one with.
    ComparePick { selected: usize },
    /// The definition of a glossary mention (by index), shown beside it.
    Definition { mention: usize },
    /// The whole outline on one screen, complete headings with their sizes.
    OutlineView { selected: usize },
    /// Which of several sections a go-to input meant (`input`), nearest first.
    Choose { input: String, sections: Vec<usize>, selected: usize },
    /// A scrollable text report (trends, comparison), `hoffset` columns scrolled to the right
    /// (the leading column of names stays).
    Report { title: String, lines: Vec<String>, offset: usize, hoffset: usize, kind: super::ReportKind },
    /// A scrollable text report (trends, comparison).
    /// The study sessions to follow; Enter follows one.
    Sessions { list: Vec<crate::session::SessionInfo>, selected: usize },
}

/// What a yes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeleteNote(String),
    /// Replace the file at `path` with the brief's `bytes`.
    Overwrite {
        path: std::path::PathBuf,
        bytes: Vec<u8>,
    },
}

/// The lists `a` offers: `我的提法` first, then every configured list.
#[must_use]
pub fn add_term_choices(config: &Config) -> Vec<String> {
    let mut names = vec![MY_LIST.to_owned()];
    names.extend(config.term_lists.iter().map(|l| l.name.clone()).filter(|n| n != MY_LIST));
    names
}

/// What a key means in a list overlay.
#[derive(Debug, Clone, Copy)]
pub(super) struct OverlayKey {
    pub action: Option<Action>,
    /// Rows to move the selection by.
    pub step: Option<isize>,
    /// Choose the selected entry.
    pub enter: bool,
}

impl App {
    /// Keys while an overlay is open: movement keys move in it, Enter chooses, anything else
    /// (Esc, q) closes it.
    pub(super) fn overlay_key(&mut self, key: Key) {
        if let Some(Overlay::Note(editor)) = &mut self.overlay {
            let outcome = editor.key(key);
            let Some(Overlay::Note(editor)) = self.overlay.take() else { return };
            match outcome {
                EditorOutcome::Continue => self.overlay = Some(Overlay::Note(editor)),
                EditorOutcome::Save => self.save_note(&editor),
                EditorOutcome::Cancel => self.message = Some("未保存".into()),
            }
            return;
        }
        if let Some(Overlay::Documents { query, selected }) = self.overlay.clone() {
            self.overlay = None;
            self.documents_key(key, query, selected);
            return;
        }
        let action = self.config.keymap.lookup_overlay(key);
        if let Some(Overlay::Confirm { then, .. }) = self.overlay.clone() {
            self.overlay = None;
            if action == Some(Action::Yes) {
                match then {
                    Confirm::DeleteNote(id) => self.delete_note(&id),
                    Confirm::Overwrite { path, bytes } => {
                        self.ask(Effect::WriteBrief { path, bytes, existing: Existing::Replace });
                    }
                }
            } else {
                self.message = Some("已取消".into());
            }
            return;
        }
        let step: Option<isize> = match action {
            Some(Action::ScrollDown) => Some(1),
            Some(Action::ScrollUp) => Some(-1),
            Some(Action::PageDown | Action::HalfPageDown) => Some(10),
            Some(Action::PageUp | Action::HalfPageUp) => Some(-10),
            _ => None,
        };
        let k = OverlayKey { action, step, enter: action == Some(Action::Activate) };
        let passes_keys = matches!(self.overlay, Some(Overlay::Help { .. } | Overlay::Definition { .. }));
        if action == Some(Action::Quit) && key.ctrl && !passes_keys {
            self.end();
        }
        match self.overlay.take() {
            Some(Overlay::Help { offset }) => self.help_key(key, offset, step),
            Some(Overlay::Concordance { selected, offset }) => {
                let count = self.doc().viewport.finder.as_ref().map_or(0, |f| f.matches.len());
                if let Some(d) = step {
                    let selected = selected.saturating_add_signed(d).min(count.saturating_sub(1));
                    self.overlay = Some(Overlay::Concordance { selected, offset });
                } else if k.enter {
                    self.jump_to_match(selected);
                }
            }
            Some(Overlay::AddTerm { term, selected }) => {
                let choices = add_term_choices(&self.config);
                if let Some(d) = step {
                    let selected = selected.saturating_add_signed(d).min(choices.len() - 1);
                    self.overlay = Some(Overlay::AddTerm { term, selected });
                } else if k.enter {
                    self.finish_add_term(term, choices[selected.min(choices.len() - 1)].clone());
                }
            }
            Some(Overlay::Marks { selected }) => self.marks_key(k, selected),
            Some(overlay @ (Overlay::ComparePick { .. } | Overlay::Report { .. })) => self.report_key(k, overlay),
            Some(Overlay::LibraryResults { selected }) => self.library_results_key(selected, step, k.enter),
            Some(Overlay::Notes { selected }) => self.notes_key(k, selected),
            Some(Overlay::Choose { input, sections, selected }) => self.choose_key(key, k, input, sections, selected),
            Some(Overlay::OutlineView { selected }) => self.outline_view_key(key, k, selected),
            Some(Overlay::Definition { mention }) => self.definition_key(key, mention),
            Some(Overlay::Sessions { list, selected }) => self.sessions_key(k, list, selected),
            Some(Overlay::Note(_) | Overlay::Confirm { .. } | Overlay::Documents { .. }) | None => {}
        }
    }

    /// Keys in the go-to choice: move, Enter or a digit chooses, anything else cancels.
    fn choose_key(&mut self, key: Key, k: OverlayKey, input: String, sections: Vec<usize>, selected: usize) {
        let digit = key.text().and_then(|c| c.to_digit(10)).and_then(|d| usize::try_from(d).ok());
        let chosen = match digit {
            Some(d) if (1..=sections.len()).contains(&d) => Some(sections[d - 1]),
            _ if k.enter => sections.get(selected).copied(),
            _ => None,
        };
        if let Some(section) = chosen {
            self.doc_mut().record_jump();
            self.jump_to_section(section);
        } else if let Some(d) = k.step {
            let selected = selected.saturating_add_signed(d).min(sections.len().saturating_sub(1));
            self.overlay = Some(Overlay::Choose { input, sections, selected });
        } else {
            self.message = Some("已取消".into());
        }
    }

    /// Keys in the full-screen outline: move, Enter jumps; Esc and `O` close it, and any other
    /// key closes it and does what it does.
    fn outline_view_key(&mut self, key: Key, k: OverlayKey, selected: usize) {
        let count = self.doc().analysis.outline.sections.len();
        if let Some(d) = k.step {
            let selected = selected.saturating_add_signed(d).min(count.saturating_sub(1));
            self.overlay = Some(Overlay::OutlineView { selected });
        } else if k.enter {
            if selected < count {
                self.doc_mut().record_jump();
                self.jump_to_section(selected);
            }
        } else if matches!(k.action, Some(Action::Top | Action::Bottom)) {
            let selected = if k.action == Some(Action::Top) { 0 } else { count.saturating_sub(1) };
            self.overlay = Some(Overlay::OutlineView { selected });
        } else if !matches!(k.action, Some(Action::Cancel | Action::OutlineView | Action::Quit)) {
            self.handle_key(key);
        }
    }

    fn marks_key(&mut self, k: OverlayKey, selected: usize) {
        let marks: Vec<char> = self.doc().study.state.marks.keys().copied().collect();
        let selected = selected.min(marks.len().saturating_sub(1));
        if let Some(d) = k.step {
            let selected = selected.saturating_add_signed(d).min(marks.len().saturating_sub(1));
            self.overlay = Some(Overlay::Marks { selected });
        } else if k.enter {
            if let Some(&letter) = marks.get(selected) {
                self.awaited_letter(super::Awaiting::JumpMark, letter);
            }
        } else if k.action == Some(Action::Delete) {
            if let Some(letter) = marks.get(selected) {
                self.doc_mut().study.state.marks.remove(letter);
                self.doc_mut().touch_state();
                self.save_edits();
            }
            self.overlay = Some(Overlay::Marks { selected });
        }
    }

    fn notes_key(&mut self, k: OverlayKey, selected: usize) {
        let notes: Vec<(String, usize)> =
            self.doc().study.state.live_notes().iter().map(|n| (n.id.clone(), n.offset)).collect();
        let selected = selected.min(notes.len().saturating_sub(1));
        let Some((id, offset)) = notes.get(selected).cloned() else { return };
        let doc = &self.doc().analysis.doc;
        let sentence = doc.sentence_at(doc.byte_of_char(offset));
        if let Some(d) = k.step {
            let selected = selected.saturating_add_signed(d).min(notes.len() - 1);
            self.overlay = Some(Overlay::Notes { selected });
        } else if k.enter {
            let view = self.doc_mut();
            view.record_jump();
            view.study.cursor = Some(sentence);
            let byte = view.analysis.doc.byte_of_char(offset);
            view.land(byte);
            self.focus = Focus::Text;
            self.after_text_move();
        } else if k.action == Some(Action::Edit) {
            let notes = &self.doc().study.state.notes;
            let text = notes.iter().find(|n| n.id == id).map(|n| n.text.clone()).unwrap_or_default();
            self.doc_mut().study.cursor = Some(sentence);
            self.overlay = Some(Overlay::Note(Box::new(Editor::editing(sentence, id, &text))));
        } else if k.action == Some(Action::Delete) {
            let question = format!("删除这条笔记？({})", self.config.keymap.yes_no());
            self.overlay = Some(Overlay::Confirm { question, then: Confirm::DeleteNote(id) });
        } else {
            // Any other key closes the list.
        }
    }

    /// `a`: offer the lists for the selected discovered term or keyword.
    pub(super) fn start_add_term(&mut self) {
        if self.focus != Focus::Terms {
            self.message = Some("在提法窗格中选中一个新提法或关键词，再按 a".into());
            return;
        }
        let Some(row) = self.selected_term_row() else { return };
        let Some((term, _)) = self.row_term(row) else { return };
        if let Some(list) =
            self.config.term_lists.iter().find(|l| l.terms.iter().any(|t| t.text == term || t.aliases.contains(&term)))
        {
            self.message = Some(format!("「{term}」已在「{}」中", list.name));
            return;
        }
        if matches!(row, TermRow::Configured { .. }) {
            return;
        }
        self.overlay = Some(Overlay::AddTerm { term, selected: 0 });
    }

    fn finish_add_term(&mut self, term: String, list: String) {
        let default_list = self.config.term_lists.iter().any(|l| l.name == list && l.origin == "default");
        self.ask(Effect::AddTerm { term, list, default_list });
    }

    /// The answer to [`Effect::AddTerm`]: use the new lists and highlight the term, or say why not.
    pub(super) fn term_added(&mut self, term: &str, list: &str, result: Result<TermWritten, String>) {
        let written = match result {
            Ok(w) => w,
            Err(e) => {
                self.message = Some(e);
                return;
            }
        };
        match (written.outcome, written.reloaded) {
            (AddOutcome::AlreadyThere, _) => self.message = Some(format!("「{term}」已在「{list}」中")),
            (outcome, Ok(fresh)) => {
                self.reload_terms(*fresh);
                self.select_configured(term);
                self.message = Some(match outcome {
                    AddOutcome::MovedAside(aside) => {
                        format!("原配置文件已损坏，移到 {}；新文件已写入「{term}」", aside.display())
                    }
                    _ => format!("已把「{term}」加入「{list}」（{}）", written.path.display()),
                });
            }
            (_, Err(e)) => self.message = Some(format!("已写入，但重新读取配置失败：{e}")),
        }
    }

    /// Use new term lists: find the terms again in every document.
    pub fn reload_terms(&mut self, fresh: Config) {
        self.config.term_lists = fresh.term_lists;
        self.config.keywords = fresh.keywords;
        self.term_index = std::cell::OnceCell::new();
        let index = self.term_index.get_or_init(|| TermIndex::new(&self.config.term_lists));
        for doc in &mut self.docs {
            doc.reanalyse_terms(&self.config.term_lists, index);
            doc.viewport.finder = None;
        }
        self.request_keywords();
    }

    /// Select and highlight the configured term `text` in the terms pane.
    fn select_configured(&mut self, text: &str) {
        let rows = self.term_rows();
        let found = rows.iter().position(|r| match r {
            TermRow::Configured { id: TermId { list, term }, .. } => {
                self.config.term_lists[*list].terms[*term].text == text
            }
            _ => false,
        });
        if let Some(i) = found {
            self.doc_mut().viewport.terms_pane.selected = i;
            self.keep_term_in_view();
            self.highlight_row(rows[i]);
        }
    }

    /// Is a term (not a search) highlighted?
    #[must_use]
    pub fn term_highlighted(&self) -> bool {
        matches!(self.doc().viewport.finder.as_ref().map(|f| &f.target), Some(Target::Term { .. }))
    }
}
