//! Overlays drawn over the panes, and their keys: the help, the concordance of the highlighted
//! term, and the list picker for adding a term to the user's config.

use super::editor::{Editor, EditorOutcome};
use super::{App, Focus, Target, TermRow};
use crate::action::Action;
use crate::config::{AddOutcome, Config, add_term, user_config_target};
use crate::keymap::{Key, KeyCodeOrd, Lookup};
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
    /// A scrollable text report (trends, comparison).
    Report { title: String, lines: Vec<String>, offset: usize, kind: super::ReportKind },
}

/// What a yes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeleteNote(String),
    Overwrite(std::path::PathBuf),
}

/// The lists `a` offers: `我的提法` first, then every configured list.
#[must_use]
pub fn add_term_choices(config: &Config) -> Vec<String> {
    let mut names = vec![MY_LIST.to_owned()];
    names.extend(config.term_lists.iter().map(|l| l.name.clone()).filter(|n| n != MY_LIST));
    names
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
        if let Some(Overlay::Confirm { then, .. }) = self.overlay.clone() {
            self.overlay = None;
            if matches!(key.text(), Some('y' | 'Y')) {
                match then {
                    Confirm::DeleteNote(id) => self.delete_note(&id),
                    Confirm::Overwrite(path) => self.export_to(&path.display().to_string(), true),
                }
            } else {
                self.message = Some("已取消".into());
            }
            return;
        }
        let action = match self.config.keymap.lookup(&[key]) {
            Lookup::Action(a) => Some(a),
            _ => None,
        };
        let step: Option<isize> = match action {
            Some(Action::ScrollDown) => Some(1),
            Some(Action::ScrollUp) => Some(-1),
            Some(Action::PageDown | Action::HalfPageDown) => Some(10),
            Some(Action::PageUp | Action::HalfPageUp) => Some(-10),
            _ => None,
        };
        let enter = key.code == KeyCodeOrd::Enter && !key.ctrl && !key.alt;
        if action == Some(Action::Quit) && key.ctrl {
            self.quit = true;
        }
        match self.overlay.take() {
            Some(Overlay::Help { offset }) => {
                self.overlay = step.map(|d| Overlay::Help { offset: offset.saturating_add_signed(d) });
            }
            Some(Overlay::Concordance { selected, offset }) => {
                let count = self.doc().finder.as_ref().map_or(0, |f| f.matches.len());
                if let Some(d) = step {
                    let selected = selected.saturating_add_signed(d).min(count.saturating_sub(1));
                    self.overlay = Some(Overlay::Concordance { selected, offset });
                } else if enter {
                    self.jump_to_match(selected);
                }
            }
            Some(Overlay::AddTerm { term, selected }) => {
                let choices = add_term_choices(&self.config);
                if let Some(d) = step {
                    let selected = selected.saturating_add_signed(d).min(choices.len() - 1);
                    self.overlay = Some(Overlay::AddTerm { term, selected });
                } else if enter {
                    self.finish_add_term(&term, &choices[selected.min(choices.len() - 1)]);
                }
            }
            Some(Overlay::Marks { selected }) => self.marks_key(key, selected, step, enter),
            Some(overlay @ (Overlay::ComparePick { .. } | Overlay::Report { .. })) => {
                self.report_key(key, overlay, step, enter);
            }
            Some(Overlay::LibraryResults { selected }) => self.library_results_key(selected, step, enter),
            Some(Overlay::Notes { selected }) => self.notes_key(key, selected, step, enter),
            Some(Overlay::Note(_) | Overlay::Confirm { .. } | Overlay::Documents { .. }) | None => {}
        }
    }

    fn marks_key(&mut self, key: Key, selected: usize, step: Option<isize>, enter: bool) {
        let marks: Vec<char> = self.doc().state.marks.keys().copied().collect();
        let selected = selected.min(marks.len().saturating_sub(1));
        if let Some(d) = step {
            let selected = selected.saturating_add_signed(d).min(marks.len().saturating_sub(1));
            self.overlay = Some(Overlay::Marks { selected });
        } else if enter {
            if let Some(&letter) = marks.get(selected) {
                self.awaited_letter(super::Awaiting::JumpMark, letter);
            }
        } else if key.text() == Some('d') {
            if let Some(letter) = marks.get(selected) {
                self.doc_mut().state.marks.remove(letter);
                self.save_state();
            }
            self.overlay = Some(Overlay::Marks { selected });
        }
    }

    fn notes_key(&mut self, key: Key, selected: usize, step: Option<isize>, enter: bool) {
        let notes: Vec<(String, usize)> =
            self.doc().state.live_notes().iter().map(|n| (n.id.clone(), n.offset)).collect();
        let selected = selected.min(notes.len().saturating_sub(1));
        let Some((id, offset)) = notes.get(selected).cloned() else { return };
        let sentence = self.doc().doc.sentence_at(self.doc().doc.byte_of_char(offset));
        if let Some(d) = step {
            let selected = selected.saturating_add_signed(d).min(notes.len() - 1);
            self.overlay = Some(Overlay::Notes { selected });
        } else if enter {
            let height = self.text_height();
            let doc = self.doc_mut();
            doc.record_jump();
            doc.cursor = Some(sentence);
            let byte = doc.doc.byte_of_char(offset);
            doc.show_at_top(byte, height, 2);
            self.focus = Focus::Text;
            self.after_text_move();
        } else if key.text() == Some('e') {
            let text = self.doc().state.notes.iter().find(|n| n.id == id).map(|n| n.text.clone()).unwrap_or_default();
            self.doc_mut().cursor = Some(sentence);
            self.overlay = Some(Overlay::Note(Box::new(Editor::editing(sentence, id, &text))));
        } else if key.text() == Some('d') {
            self.overlay =
                Some(Overlay::Confirm { question: "删除这条笔记？(y/n)".into(), then: Confirm::DeleteNote(id) });
        } else {
            // Any other key closes the list.
        }
    }

    /// Make match `i` of the highlight current and show it.
    pub fn jump_to_match(&mut self, i: usize) {
        let height = self.text_height();
        let doc = self.doc_mut();
        let Some(finder) = doc.finder.as_mut() else { return };
        let Some(range) = finder.matches.get(i).cloned() else { return };
        finder.current = Some(i);
        doc.record_jump();
        doc.show_at_top(range.start, height, 2);
        self.after_text_move();
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

    fn finish_add_term(&mut self, term: &str, list: &str) {
        let Some(path) = user_config_target(self.config.sources.explicit.as_deref()) else {
            self.message = Some("找不到用户配置目录（HOME 未设置）".into());
            return;
        };
        let is_default = self.config.term_lists.iter().any(|l| l.name == list && l.origin == "default");
        match add_term(&path, list, term, is_default, "lightblue") {
            Ok(AddOutcome::AlreadyThere) => self.message = Some(format!("「{term}」已在「{list}」中")),
            Ok(outcome @ (AddOutcome::Added | AddOutcome::MovedAside(_))) => {
                match Config::load(self.config.sources.explicit.as_deref(), &self.config.sources.terms_files) {
                    Ok(fresh) => {
                        self.reload_terms(fresh);
                        self.select_configured(term);
                        self.message = Some(match outcome {
                            AddOutcome::MovedAside(aside) => {
                                format!("原配置文件已损坏，移到 {}；新文件已写入「{term}」", aside.display())
                            }
                            _ => format!("已把「{term}」加入「{list}」（{}）", path.display()),
                        });
                    }
                    Err(e) => self.message = Some(format!("已写入，但重新读取配置失败：{e}")),
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Use new term lists: find the terms again in every document.
    pub fn reload_terms(&mut self, fresh: Config) {
        self.config.term_lists = fresh.term_lists;
        self.config.keywords = fresh.keywords;
        let height = self.text_height();
        let index = TermIndex::new(&self.config.term_lists);
        for doc in &mut self.docs {
            doc.reanalyse_terms(&self.config.term_lists, &index, height);
            doc.finder = None;
        }
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
            self.doc_mut().terms_pane.selected = i;
            self.keep_term_in_view();
            self.highlight_row(rows[i]);
        }
    }

    /// Is a term (not a search) highlighted?
    #[must_use]
    pub fn term_highlighted(&self) -> bool {
        matches!(self.doc().finder.as_ref().map(|f| &f.target), Some(Target::Term { .. }))
    }
}
