//! Moving through a document: lines, pages, the ends, headings and parts, the outline (select,
//! fold, jump), search matches, go-to targets and the jump history.

use super::{App, Focus, TextPos, goto};
use crate::action::Action;
use crate::structure::Family;

impl App {
    /// Apply a movement action; `false` when `action` is not one.
    pub(super) fn navigate(&mut self, action: Action) -> bool {
        let page = self.page();
        match action {
            Action::ScrollDown => self.move_in_focus(1),
            Action::ScrollUp => self.move_in_focus(-1),
            Action::HalfPageDown => self.move_in_focus((page / 2).max(1)),
            Action::HalfPageUp => self.move_in_focus(-(page / 2).max(1)),
            Action::PageDown => self.move_in_focus(page),
            Action::PageUp => self.move_in_focus(-page),
            Action::Top | Action::Bottom => self.go_to_end(action == Action::Bottom),
            Action::NextHeading => self.step_section(true, |_| true),
            Action::PrevHeading => self.step_section(false, |_| true),
            Action::NextPart => self.step_part(true),
            Action::PrevPart => self.step_part(false),
            Action::Fold | Action::Unfold => {
                if self.focus == Focus::Outline {
                    if action == Action::Fold {
                        self.doc_mut().fold();
                    } else {
                        self.doc_mut().unfold();
                    }
                    self.follow_selection();
                }
            }
            Action::Activate => self.activate(),
            Action::SearchNext | Action::SearchPrev => {
                let forward = action == Action::SearchNext;
                if !self.step_library(forward) {
                    self.search_step(forward);
                }
            }
            Action::PrevSentence => self.move_cursor(false),
            Action::NextSentence => self.move_cursor(true),
            Action::JumpBack => self.jump_history(true),
            Action::JumpForward => self.jump_history(false),
            _ => return false,
        }
        true
    }

    /// Enter: jump to the selected outline section, or open the selected term's concordance.
    fn activate(&mut self) {
        match self.focus {
            Focus::Outline => {
                if let Some(i) = self.doc().viewport.tree.selected {
                    self.doc_mut().record_jump();
                    self.jump_to_section(i);
                    self.focus = Focus::Text;
                    if self.panes.and_then(|p| p.outline).is_some_and(|o| o.overlay) {
                        self.toggles.outline = Some(false);
                        self.resize(self.size);
                    }
                }
            }
            Focus::Terms => self.activate_term(),
            Focus::Text => {}
        }
    }

    /// `g`/`G`: the first or last entry, or the start or end of the text.
    fn go_to_end(&mut self, last: bool) {
        match self.focus {
            Focus::Outline => {
                if let Some(i) = self.doc_mut().select_end(last) {
                    self.jump_to_section(i);
                }
            }
            Focus::Terms => self.move_term(if last { isize::MAX / 2 } else { isize::MIN / 2 }),
            Focus::Text => {
                let doc = self.doc_mut();
                doc.record_jump();
                doc.viewport.top = if last { doc.max_top() } else { TextPos::default() };
                self.after_text_move();
            }
        }
    }

    pub(super) fn go_to(&mut self, input: &str) {
        match goto::parse(input) {
            Some(goto::GoTo::Percent(p)) => {
                let doc = self.doc_mut();
                doc.record_jump();
                let text = &doc.analysis.doc;
                let target = text.byte_of_char(text.char_len() * p / 100);
                doc.show_at_top(target, 0);
                self.after_text_move();
            }
            Some(goto::GoTo::Markers(chain)) => {
                let from = self.doc().top_byte();
                match goto::find(&self.doc().analysis.outline, &chain, from) {
                    Some(i) => {
                        self.doc_mut().record_jump();
                        self.jump_to_section(i);
                    }
                    None => self.message = Some(format!("找不到：{input}")),
                }
            }
            None => self.message = Some(format!("看不懂：{input}（可输入 （三）、二、（三） 或 50%）")),
        }
    }

    /// Put section `i`'s marker on the top row and select it in the outline.
    pub fn jump_to_section(&mut self, i: usize) {
        let outline_rows = self.outline_height();
        let doc = self.doc_mut();
        let Some(section) = doc.analysis.outline.sections.get(i) else { return };
        let start = section.bytes.start;
        doc.show_at_top(start, 0);
        for a in doc.analysis.outline.ancestry(i) {
            if a != i {
                doc.viewport.tree.expanded[a] = true;
            }
        }
        doc.viewport.tree.selected = Some(i);
        doc.keep_selection_in_view(outline_rows);
    }

    /// After the text moved: the outline follows, and the reading cursor stays on screen.
    pub(super) fn after_text_move(&mut self) {
        let outline_rows = self.outline_height();
        let doc = self.doc_mut();
        doc.sync_outline();
        doc.keep_selection_in_view(outline_rows);
        self.keep_cursor_on_screen();
    }

    fn scroll_text(&mut self, delta: isize) {
        self.doc_mut().scroll(delta);
        self.after_text_move();
    }

    fn page(&self) -> isize {
        isize::try_from(self.text_height().saturating_sub(2).max(1)).unwrap_or(1)
    }

    pub(super) fn move_in_focus(&mut self, delta: isize) {
        match self.focus {
            Focus::Text => self.scroll_text(delta),
            Focus::Outline => {
                if let Some(i) = self.doc_mut().move_selection(delta) {
                    self.jump_to_section(i);
                }
            }
            Focus::Terms => self.move_term(delta),
        }
    }

    /// After the outline selection moved without jumping (folding), keep it in view.
    fn follow_selection(&mut self) {
        let outline_rows = self.outline_height();
        self.doc_mut().keep_selection_in_view(outline_rows);
    }

    /// Jump to the next or previous section that `keep` accepts. The reference point is the
    /// selected section when it sits on the top row (several inline markers can share a row),
    /// else the top of the screen.
    fn step_section(&mut self, forward: bool, keep: impl Fn(Family) -> bool) {
        let doc = self.doc();
        let row = doc.row_bytes(doc.viewport.top);
        let top_byte = doc.top_byte();
        let sections = &doc.analysis.outline.sections;
        let anchor = doc.viewport.tree.selected.filter(|&s| row.contains(&sections[s].bytes.start));
        let target = match (forward, anchor) {
            (true, Some(s)) => (s + 1..sections.len()).find(|&i| keep(sections[i].family)),
            (true, None) => {
                (0..sections.len()).find(|&i| keep(sections[i].family) && sections[i].bytes.start > top_byte)
            }
            (false, Some(s)) => (0..s).rev().find(|&i| keep(sections[i].family)),
            (false, None) => {
                (0..sections.len()).rev().find(|&i| keep(sections[i].family) && sections[i].bytes.start < top_byte)
            }
        };
        match target {
            Some(i) => {
                self.doc_mut().record_jump();
                self.jump_to_section(i);
            }
            None => {
                self.message =
                    Some(if forward { "后面没有标题了".into() } else { "前面没有标题了".into() });
            }
        }
    }

    fn step_part(&mut self, forward: bool) {
        let outline = &self.doc().analysis.outline;
        if outline.sections.iter().any(|s| s.family == Family::Part) {
            self.step_section(forward, |f| f == Family::Part);
        } else {
            let tops: Vec<Family> = outline.roots().iter().map(|&i| outline.sections[i].family).collect();
            self.step_section(forward, move |f| tops.contains(&f));
        }
    }

    fn search_step(&mut self, forward: bool) {
        let doc = self.doc_mut();
        let top_byte = doc.top_byte();
        let Some(finder) = doc.viewport.finder.as_ref() else {
            self.message = Some("没有搜索：按 / 搜索".into());
            return;
        };
        if finder.matches.is_empty() {
            self.message = Some(format!("未找到：{}", finder.label()));
            return;
        }
        let current_visible = finder.current_range().is_some_and(|r| doc.is_visible(r.start));
        let next = if current_visible || finder.current.is_some() && !forward {
            doc.viewport.finder.as_mut().and_then(|f| f.step(forward))
        } else {
            let i = finder.first_from(top_byte);
            if let (Some(f), Some(i)) = (doc.viewport.finder.as_mut(), i) {
                f.current = Some(i);
            }
            i
        };
        if let Some(i) = next {
            let start = doc.viewport.finder.as_ref().map_or(0, |f| f.matches[i].start);
            if !doc.is_visible(start) {
                doc.record_jump();
                doc.show_at_top(start, 2);
            }
            self.after_text_move();
        }
    }

    /// Make match `i` of the highlight current and show it.
    pub fn jump_to_match(&mut self, i: usize) {
        let doc = self.doc_mut();
        let Some(finder) = doc.viewport.finder.as_mut() else { return };
        let Some(range) = finder.matches.get(i).cloned() else { return };
        finder.current = Some(i);
        doc.record_jump();
        doc.show_at_top(range.start, 2);
        self.after_text_move();
    }
}
