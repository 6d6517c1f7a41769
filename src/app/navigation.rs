//! Moving through a document: lines, pages, the ends, headings and parts, the outline (select,
//! fold, jump), search matches, go-to targets and the jump history. A count typed before a
//! motion (`3}`, `5j`) repeats it; before `g` or `G` it names a paragraph (`13G`).

use super::{App, Focus, TextPos, goto};

/// What `:` accepts, for the message when it cannot read an input.
pub const GO_TO_FORMS: &str =
    "可输入：3、3.2 或 三二（第几部分第几节）、（三）或 二要（就近）、二、（三）、p13 或 13段、50%";
use crate::action::Action;
use crate::structure::Family;

impl App {
    /// Apply a movement action `count` times (1 without a count); `false` when `action` is not
    /// one. Repeated jumps leave one entry in the jump history.
    pub(super) fn navigate(&mut self, action: Action, count: Option<usize>) -> bool {
        let page = self.page();
        let n = count.unwrap_or(1).max(1);
        let times = isize::try_from(n).unwrap_or(isize::MAX);
        match action {
            Action::ScrollDown => self.move_in_focus(times),
            Action::ScrollUp => self.move_in_focus(-times),
            Action::HalfPageDown => self.move_in_focus((page / 2).max(1).saturating_mul(times)),
            Action::HalfPageUp => self.move_in_focus(-(page / 2).max(1).saturating_mul(times)),
            Action::PageDown => self.move_in_focus(page.saturating_mul(times)),
            Action::PageUp => self.move_in_focus(-page.saturating_mul(times)),
            Action::Top | Action::Bottom if count.is_some() && self.focus == Focus::Text => self.go_to_paragraph(n),
            Action::Top | Action::Bottom => self.go_to_end(action == Action::Bottom),
            Action::NextHeading => self.repeat(n, |app| app.step_section(true, |_| true)),
            Action::PrevHeading => self.repeat(n, |app| app.step_section(false, |_| true)),
            Action::NextPart => self.repeat(n, |app| app.step_part(true)),
            Action::PrevPart => self.repeat(n, |app| app.step_part(false)),
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
                self.repeat(n, |app| app.step_library(forward) || app.search_step(forward));
            }
            Action::PrevSentence => self.repeat(n, |app| app.move_cursor(false)),
            Action::NextSentence => self.repeat(n, |app| app.move_cursor(true)),
            Action::JumpBack => self.jump_history(true),
            Action::JumpForward => self.jump_history(false),
            _ => return false,
        }
        true
    }

    /// Do `step` up to `n` times, stopping when it fails; only the first step's jump stays in the
    /// jump history.
    fn repeat(&mut self, n: usize, mut step: impl FnMut(&mut Self) -> bool) {
        let history = (self.doc().study.jumps.len(), self.doc().study.last_jump_from);
        for _ in 0..n {
            if !step(self) {
                break;
            }
        }
        if n > 1 {
            let study = &mut self.doc_mut().study;
            if study.jumps.len() > history.0 + 1 {
                study.jumps.truncate(history.0 + 1);
                study.jump_at = study.jumps.len();
                study.last_jump_from = study.jumps.last().copied().or(history.1);
            }
        }
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
                doc.viewport.anchor = None;
                self.after_text_move();
            }
        }
    }

    /// `13G`: land on paragraph 13, numbered as the reading cursor numbers them.
    fn go_to_paragraph(&mut self, n: usize) {
        match self.doc().paragraph_byte(n) {
            Some(byte) => {
                self.doc_mut().record_jump();
                self.doc_mut().land(byte);
                self.after_text_move();
            }
            None => self.message = Some(format!("没有第{n}段（共{}段）", self.doc().paragraph_total())),
        }
    }

    pub(super) fn go_to(&mut self, input: &str) {
        let outline = &self.doc().analysis.outline;
        match goto::parse(input) {
            Some(goto::GoTo::Percent(p)) => {
                let doc = self.doc_mut();
                doc.record_jump();
                let text = &doc.analysis.doc;
                let target = text.byte_of_char(text.char_len() * p / 100);
                doc.land(target);
                self.after_text_move();
            }
            Some(goto::GoTo::Paragraph(n)) => self.go_to_paragraph(n),
            Some(goto::GoTo::Positions(paths)) => {
                let mut found: Vec<usize> = paths.iter().filter_map(|p| goto::at_position(outline, p)).collect();
                found.dedup();
                let missing = || self.missing_position(&paths[0]);
                let missing = if found.is_empty() { missing() } else { String::new() };
                self.choose_section(input, found, missing);
            }
            Some(goto::GoTo::Markers(chain)) => {
                let found = goto::candidates(outline, &chain, self.doc().place_byte());
                self.choose_section(input, found, format!("找不到：{input}"));
            }
            None => self.message = Some(format!("看不懂：{input}。{GO_TO_FORMS}")),
        }
    }

    /// Why a position path names nothing: how many there are where it stops.
    fn missing_position(&self, path: &[usize]) -> String {
        let outline = &self.doc().analysis.outline;
        for depth in (1..path.len()).rev() {
            if let Some(parent) = goto::at_position(outline, &path[..depth]) {
                let count = outline.children(parent).len();
                let name = crate::report::outline::heading(outline, parent);
                return format!("「{name}」下没有第{}项（共{count}项）", path[depth]);
            }
        }
        let parts = outline.roots().iter().filter(|&&i| outline.sections[i].family != Family::Preamble).count();
        format!("没有第{}部分（共{parts}部分）；按段落跳转请输入 p{} 或 {}段", path[0], path[0], path[0])
    }

    /// Jump to the one section found, ask which when there are several, or say why none.
    fn choose_section(&mut self, input: &str, found: Vec<usize>, missing: String) {
        match found.as_slice() {
            [] => self.message = Some(missing),
            [one] => {
                self.doc_mut().record_jump();
                self.jump_to_section(*one);
            }
            _ => {
                self.overlay = Some(super::Overlay::Choose { input: input.to_owned(), sections: found, selected: 0 });
            }
        }
    }

    /// Put section `i`'s marker on the landing row and select it in the outline.
    pub fn jump_to_section(&mut self, i: usize) {
        let doc = self.doc_mut();
        let Some(section) = doc.analysis.outline.sections.get(i) else { return };
        let start = section.bytes.start;
        doc.land(start);
        for a in doc.analysis.outline.ancestry(i) {
            if a != i {
                doc.viewport.tree.expanded[a] = true;
            }
        }
        doc.viewport.tree.selected = Some(i);
        self.follow_selection();
    }

    /// After the text moved: an anchor that left the screen is forgotten, the reading cursor
    /// stays on screen, and the outline follows the place.
    pub(super) fn after_text_move(&mut self) {
        self.doc_mut().drop_hidden_anchor();
        self.keep_cursor_on_screen();
        self.doc_mut().sync_outline();
        self.follow_selection();
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

    /// After the outline selection moved, keep it in view (the rows for its full heading
    /// depend on which entry it is).
    pub(super) fn follow_selection(&mut self) {
        let outline_rows = self.outline_height();
        self.doc_mut().keep_selection_in_view(outline_rows);
    }

    /// Jump to the next or previous section that `keep` accepts, from the place (where the last
    /// jump landed, the cursor, or the top row). `false` when there is none.
    fn step_section(&mut self, forward: bool, keep: impl Fn(Family) -> bool) -> bool {
        let doc = self.doc();
        let place = doc.place_byte();
        let sections = &doc.analysis.outline.sections;
        let target = if forward {
            (0..sections.len()).find(|&i| keep(sections[i].family) && sections[i].bytes.start > place)
        } else {
            (0..sections.len()).rev().find(|&i| keep(sections[i].family) && sections[i].bytes.start < place)
        };
        if let Some(i) = target {
            self.doc_mut().record_jump();
            self.jump_to_section(i);
            true
        } else {
            self.message = Some(if forward { "后面没有标题了".into() } else { "前面没有标题了".into() });
            false
        }
    }

    fn step_part(&mut self, forward: bool) -> bool {
        let outline = &self.doc().analysis.outline;
        if outline.sections.iter().any(|s| s.family == Family::Part) {
            self.step_section(forward, |f| f == Family::Part)
        } else {
            let tops: Vec<Family> = outline.roots().iter().map(|&i| outline.sections[i].family).collect();
            self.step_section(forward, move |f| tops.contains(&f))
        }
    }

    /// `n`/`N` in this document: the next match from the current one when it is on screen,
    /// else from the place; it lands on the landing row. `false` when there is nothing to step.
    fn search_step(&mut self, forward: bool) -> bool {
        let doc = self.doc_mut();
        let place = doc.place_byte();
        let Some(finder) = doc.viewport.finder.as_ref() else {
            self.message = Some("没有搜索：按 / 搜索".into());
            return false;
        };
        if finder.matches.is_empty() {
            self.message = Some(format!("未找到：{}", finder.label()));
            return false;
        }
        let current_visible = finder.current_range().is_some_and(|r| doc.is_visible(r.start));
        let next = if current_visible || finder.current.is_some() && !forward {
            doc.viewport.finder.as_mut().and_then(|f| f.step(forward))
        } else {
            let i = finder.first_from(place);
            if let (Some(f), Some(i)) = (doc.viewport.finder.as_mut(), i) {
                f.current = Some(i);
            }
            i
        };
        let Some(i) = next else { return false };
        let start = doc.viewport.finder.as_ref().map_or(0, |f| f.matches[i].start);
        doc.record_jump();
        doc.land(start);
        self.after_text_move();
        true
    }

    /// Make match `i` of the highlight current and show it.
    pub fn jump_to_match(&mut self, i: usize) {
        let doc = self.doc_mut();
        let Some(finder) = doc.viewport.finder.as_mut() else { return };
        let Some(range) = finder.matches.get(i).cloned() else { return };
        finder.current = Some(i);
        doc.record_jump();
        doc.land(range.start);
        self.after_text_move();
    }
}
