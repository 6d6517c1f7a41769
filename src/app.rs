//! The reader's state and its `update`: keys become actions through the keymap, and each action
//! is a plain state transition. Nothing here draws; `ui` draws `&App`.
//!
//! The app holds a list of documents from the start; each keeps its own position, folds and
//! highlight, so switching between them loses nothing.

mod analysis;
mod doc_view;
pub mod editor;
mod finder;
pub mod goto;
mod library_view;
mod outline_view;
mod overlay;
pub mod panes;
pub mod prompt;
mod study;
mod terms_view;
mod text_view;
mod views;

use ratatui::layout::Rect;

pub use analysis::{KeywordJob, KeywordsReady, run_keyword_jobs};
pub use doc_view::{DocView, HeadingSpan, Keywords, OutlineState, TermsState};
pub use finder::{Finder, Target};
pub use library_view::{LibrarySearch, ResultRow, finder_text};
pub use overlay::{Confirm, Overlay, add_term_choices};
pub use panes::{Panes, Side, Toggles};
pub use prompt::{Edit, Prompt, PromptKind};
pub use study::{Awaiting, MAX_COPY_BYTES};
pub use terms_view::{Group, KEYWORD_COLOR, NEW_COLOR, TermRow};
pub use text_view::TextPos;
pub use views::ReportKind;

use crate::action::Action;
use crate::config::Config;
use crate::keymap::{Key, Lookup};
use crate::structure::Family;

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Text,
    Terms,
}

/// The whole reader.
#[allow(clippy::struct_excessive_bools, reason = "independent requests to the terminal loop, not a state machine")]
pub struct App {
    pub config: Config,
    pub docs: Vec<DocView>,
    pub current: usize,
    pub focus: Focus,
    pub toggles: Toggles,
    saved_toggles: Option<Toggles>,
    pub overlay: Option<Overlay>,
    pub prompt: Option<Prompt>,
    /// Where the search started, as a text offset (rows change with the width).
    prompt_origin: Option<usize>,
    /// Keys typed so far of an unfinished sequence.
    pub pending: Vec<Key>,
    /// A one-off message for the status bar.
    pub message: Option<String>,
    pub quit: bool,
    /// The terminal should be cleared and fully redrawn.
    pub redraw_all: bool,
    /// The user asked to suspend to the shell.
    pub suspend: bool,
    /// A key that waits for a letter (`m`, `'`).
    pub awaiting: Option<Awaiting>,
    /// Text to put on the clipboard (sent as OSC 52 after the next frame).
    pub clipboard: Option<String>,
    /// Where reading state is kept.
    pub store: Option<crate::state::Store>,
    /// Whether state may be written (`render` reads state but never writes it).
    pub persist: bool,
    /// The last library-wide search, which `n`/`N` step through while it is active.
    pub library: Option<LibrarySearch>,
    /// The frame's panes, for the last known terminal size (`None`: too small).
    pub panes: Option<Panes>,
    pub size: Rect,
}

impl App {
    /// A reader over `docs` (at least one).
    #[must_use]
    pub fn new(config: Config, docs: Vec<DocView>) -> Self {
        let mut app = Self {
            config,
            docs,
            current: 0,
            focus: Focus::Text,
            toggles: Toggles::default(),
            saved_toggles: None,
            overlay: None,
            prompt: None,
            prompt_origin: None,
            pending: Vec::new(),
            message: None,
            quit: false,
            redraw_all: false,
            suspend: false,
            awaiting: None,
            clipboard: None,
            store: None,
            persist: true,
            library: None,
            panes: None,
            size: Rect::default(),
        };
        if let Some(doc) = app.docs.first_mut() {
            doc.sync_outline();
        }
        for doc in &app.docs {
            let warnings = doc.doc.source.warnings();
            if !warnings.is_empty() {
                app.message = Some(format!("注意：{}", warnings.join("；")));
            }
        }
        app
    }

    /// The document being read.
    #[must_use]
    pub fn doc(&self) -> &DocView {
        &self.docs[self.current]
    }

    fn doc_mut(&mut self) -> &mut DocView {
        &mut self.docs[self.current]
    }

    /// Rows of text on screen.
    #[must_use]
    pub fn text_height(&self) -> usize {
        self.panes.map_or(1, |p| usize::from(p.column.height).max(1))
    }

    fn side_height(side: Option<Side>) -> usize {
        side.map_or(1, |s| usize::from(s.area.height.saturating_sub(2)).max(1))
    }

    /// Lay out for a terminal of `size`, re-wrapping the text if its width changed.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.panes = panes::layout(size, self.toggles, self.config.reader.reading_width);
        if let Some(p) = self.panes {
            let (width, height) = (usize::from(p.column.width), usize::from(p.column.height));
            let ambiguous = self.config.reader.ambiguous_width;
            self.doc_mut().set_width(width, ambiguous, height);
            if let Some(byte) = self.doc_mut().restore_to.take() {
                // Reopening: the same text offset, not the same row.
                self.doc_mut().show_at_top(byte, height, 0);
                self.doc_mut().sync_outline();
            }
            let outline_rows = Self::side_height(p.outline);
            self.doc_mut().keep_selection_in_view(outline_rows);
            self.keep_term_in_view();
        }
        if !self.pane_shown(self.focus) {
            self.focus = Focus::Text;
        }
    }

    /// Is a pane on screen now?
    #[must_use]
    pub fn pane_shown(&self, pane: Focus) -> bool {
        match (pane, self.panes) {
            (Focus::Text, _) => true,
            (Focus::Outline, Some(p)) => p.outline.is_some(),
            (Focus::Terms, Some(p)) => p.terms.is_some(),
            (_, None) => false,
        }
    }

    /// Handle one key press.
    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        if self.overlay.is_some() {
            self.overlay_key(key);
            return;
        }
        if let Some(what) = self.awaiting.take() {
            if let Some(letter) = key.text() {
                self.awaited_letter(what, letter);
            }
            return;
        }
        self.pending.push(key);
        match self.config.keymap.lookup(&self.pending) {
            Lookup::Pending => {}
            Lookup::Action(action) => {
                self.pending.clear();
                self.update(action);
            }
            Lookup::Unbound => {
                self.pending.clear();
            }
        }
    }

    /// A mouse click in the outline pane: select the entry under the pointer and jump to it.
    pub fn click_outline(&mut self, at: ratatui::layout::Position) {
        let Some(side) = self.panes.and_then(|p| p.outline) else { return };
        let row = usize::from(at.y.saturating_sub(side.area.y + 1));
        let visible = self.doc().visible_sections();
        if let Some(&i) = visible.get(self.doc().tree.offset + row) {
            self.focus = Focus::Outline;
            self.jump_to_section(i);
        }
    }

    /// Insert pasted text into an open prompt.
    pub fn paste(&mut self, text: &str) {
        if let Some(p) = &mut self.prompt {
            p.paste(text);
            self.prompt_changed();
        }
    }

    fn prompt_key(&mut self, key: Key) {
        let Some(prompt) = &mut self.prompt else { return };
        match prompt.edit(key) {
            Edit::Changed => self.prompt_changed(),
            Edit::Moved => {}
            Edit::Accept => {
                let prompt = self.prompt.take();
                self.prompt_origin = None;
                if let Some(p) = prompt {
                    self.accept_prompt(&p);
                }
            }
            Edit::Cancel => {
                let prompt = self.prompt.take();
                if let (Some(p), Some(origin)) = (prompt, self.prompt_origin.take())
                    && p.kind == PromptKind::Search
                {
                    let height = self.text_height();
                    let doc = self.doc_mut();
                    doc.finder = None;
                    doc.top = doc.pos_of_byte(origin).min(doc.max_top(height));
                    doc.sync_outline();
                }
            }
        }
    }

    /// Incremental search: search as the query changes, and show the first match from where
    /// the search started.
    fn prompt_changed(&mut self) {
        let Some(prompt) = &self.prompt else { return };
        if prompt.kind != PromptKind::Search {
            return;
        }
        let query = prompt.text.clone();
        let origin = self.prompt_origin.unwrap_or_default();
        let height = self.text_height();
        let doc = self.doc_mut();
        doc.finder = Finder::search(&query, doc.doc.text());
        let first = doc.finder.as_ref().and_then(|f| f.first_from(origin));
        if let (Some(f), Some(i)) = (doc.finder.as_mut(), first) {
            f.current = Some(i);
            let start = f.matches[i].start;
            if !doc.is_visible(start, height) || start < origin {
                doc.show_at_top(start, height, 2);
            }
        } else {
            doc.top = doc.pos_of_byte(origin).min(doc.max_top(height));
        }
        self.after_text_move();
    }

    fn accept_prompt(&mut self, prompt: &Prompt) {
        match prompt.kind {
            PromptKind::Search => {
                let empty = self.doc().finder.as_ref().is_none_or(|f| f.matches.is_empty());
                if prompt.text.trim().is_empty() {
                    self.doc_mut().finder = None;
                } else if empty {
                    self.message = Some(format!("未找到：{}", prompt.text));
                }
            }
            PromptKind::GoTo => self.go_to(&prompt.text),
            PromptKind::Export => self.export_to(&prompt.text, false),
            PromptKind::Library => self.search_library(&prompt.text),
        }
    }

    fn go_to(&mut self, input: &str) {
        let height = self.text_height();
        match goto::parse(input) {
            Some(goto::GoTo::Percent(p)) => {
                let doc = self.doc_mut();
                doc.record_jump();
                let target = doc.doc.byte_of_char(doc.doc.char_len() * p / 100);
                doc.show_at_top(target, height, 0);
                self.after_text_move();
            }
            Some(goto::GoTo::Markers(chain)) => {
                let from = self.doc().byte_at(self.doc().top);
                match goto::find(&self.doc().outline, &chain, from) {
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
        let height = self.text_height();
        let outline_rows = Self::side_height(self.panes.and_then(|p| p.outline));
        let doc = self.doc_mut();
        let Some(section) = doc.outline.sections.get(i) else { return };
        let start = section.bytes.start;
        doc.show_at_top(start, height, 0);
        for a in doc.outline.ancestry(i) {
            if a != i {
                doc.tree.expanded[a] = true;
            }
        }
        doc.tree.selected = Some(i);
        doc.keep_selection_in_view(outline_rows);
    }

    fn after_text_move(&mut self) {
        let outline_rows = Self::side_height(self.panes.and_then(|p| p.outline));
        let doc = self.doc_mut();
        doc.sync_outline();
        doc.keep_selection_in_view(outline_rows);
        self.keep_cursor_on_screen();
    }

    fn scroll_text(&mut self, delta: isize) {
        let height = self.text_height();
        self.doc_mut().scroll(delta, height);
        self.after_text_move();
    }

    fn page(&self) -> isize {
        isize::try_from(self.text_height().saturating_sub(2).max(1)).unwrap_or(1)
    }

    fn move_in_focus(&mut self, delta: isize) {
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

    /// Apply an action.
    #[allow(clippy::too_many_lines)]
    pub fn update(&mut self, action: Action) {
        let page = self.page();
        match action {
            Action::ScrollDown => self.move_in_focus(1),
            Action::ScrollUp => self.move_in_focus(-1),
            Action::HalfPageDown => self.move_in_focus((page / 2).max(1)),
            Action::HalfPageUp => self.move_in_focus(-(page / 2).max(1)),
            Action::PageDown => self.move_in_focus(page),
            Action::PageUp => self.move_in_focus(-page),
            Action::Top | Action::Bottom => {
                let last = action == Action::Bottom;
                match self.focus {
                    Focus::Outline => {
                        if let Some(i) = self.doc_mut().select_end(last) {
                            self.jump_to_section(i);
                        }
                    }
                    Focus::Terms => self.move_term(if last { isize::MAX / 2 } else { isize::MIN / 2 }),
                    Focus::Text => {
                        let height = self.text_height();
                        let doc = self.doc_mut();
                        doc.record_jump();
                        doc.top = if last { doc.max_top(height) } else { TextPos::default() };
                        self.after_text_move();
                    }
                }
            }
            Action::NextHeading => self.step_section(true, |_| true),
            Action::PrevHeading => self.step_section(false, |_| true),
            Action::NextPart => self.step_part(true),
            Action::PrevPart => self.step_part(false),
            Action::Fold => {
                if self.focus == Focus::Outline {
                    self.doc_mut().fold();
                    self.follow_selection();
                }
            }
            Action::Unfold => {
                if self.focus == Focus::Outline {
                    self.doc_mut().unfold();
                    self.follow_selection();
                }
            }
            Action::Activate => match self.focus {
                Focus::Outline => {
                    if let Some(i) = self.doc().tree.selected {
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
            },
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::FocusOutline => self.focus_pane(Focus::Outline),
            Action::FocusText => self.focus = Focus::Text,
            Action::FocusTerms => self.focus_pane(Focus::Terms),
            Action::ToggleOutline => self.toggle(Focus::Outline),
            Action::ToggleTerms => self.toggle(Focus::Terms),
            Action::TextOnly => {
                if let Some(saved) = self.saved_toggles.take() {
                    self.toggles = saved;
                } else {
                    self.saved_toggles = Some(self.toggles);
                    self.toggles = Toggles { outline: Some(false), terms: Some(false) };
                    self.focus = Focus::Text;
                }
                self.resize(self.size);
            }
            Action::SearchLibrary => self.prompt = Some(Prompt::new(PromptKind::Library)),
            Action::ShowDocuments => {
                self.overlay = Some(Overlay::Documents { query: String::new(), selected: self.current });
            }
            Action::ShowTrends => self.show_trends(crate::library::trends::TrendSort::Total),
            Action::Compare => self.start_compare(),
            Action::Search | Action::GoTo => {
                if action == Action::Search {
                    // A search in this document: n/N step here again.
                    self.library = None;
                }
                let kind = if action == Action::Search { PromptKind::Search } else { PromptKind::GoTo };
                self.prompt = Some(Prompt::new(kind));
                self.prompt_origin = Some(self.doc().byte_at(self.doc().top));
            }
            Action::SearchNext => {
                if !self.step_library(true) {
                    self.search_step(true);
                }
            }
            Action::SearchPrev => {
                if !self.step_library(false) {
                    self.search_step(false);
                }
            }
            Action::Cancel => {
                if self.overlay.take().is_none()
                    && self.doc_mut().finder.take().is_none()
                    && std::mem::take(&mut self.doc_mut().compared).is_empty()
                {
                    self.close_overlay_panes();
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help { offset: 0 }),
            Action::Add if self.focus == Focus::Terms => self.start_add_term(),
            Action::Add => self.start_note(),
            Action::ToggleCursor => self.toggle_cursor(),
            Action::PrevSentence => self.move_cursor(false),
            Action::NextSentence => self.move_cursor(true),
            Action::SetMark => self.awaiting = Some(Awaiting::SetMark),
            Action::JumpMark => self.awaiting = Some(Awaiting::JumpMark),
            Action::JumpBack => self.jump_history(true),
            Action::JumpForward => self.jump_history(false),
            Action::ShowMarks => self.overlay = Some(Overlay::Marks { selected: 0 }),
            Action::ShowNotes => self.overlay = Some(Overlay::Notes { selected: 0 }),
            Action::Copy => self.copy(),
            Action::Export => self.start_export(),
            Action::ToggleCounts => {
                let doc = self.doc_mut();
                doc.tree.counts = !doc.tree.counts;
                if doc.tree.counts && doc.finder.is_none() {
                    self.message = Some("先选一个提法或搜索，提纲才有次数可显示".into());
                }
            }
            Action::Quit => self.quit = true,
            Action::Redraw => self.redraw_all = true,
            Action::Suspend => self.suspend = true,
            Action::None => {}
        }
    }

    fn close_overlay_panes(&mut self) {
        let Some(p) = self.panes else { return };
        if p.outline.is_some_and(|o| o.overlay) {
            self.toggles.outline = Some(false);
        }
        if p.terms.is_some_and(|t| t.overlay) {
            self.toggles.terms = Some(false);
        }
        self.resize(self.size);
    }

    /// After the outline selection moved without jumping (folding), keep it in view.
    fn follow_selection(&mut self) {
        let outline_rows = Self::side_height(self.panes.and_then(|p| p.outline));
        self.doc_mut().keep_selection_in_view(outline_rows);
    }

    /// Jump to the next or previous section that `keep` accepts. The reference point is the
    /// selected section when it sits on the top row (several inline markers can share a row),
    /// else the top of the screen.
    fn step_section(&mut self, forward: bool, keep: impl Fn(Family) -> bool) {
        let doc = self.doc();
        let row = doc.row_bytes(doc.top);
        let top_byte = doc.byte_at(doc.top);
        let sections = &doc.outline.sections;
        let anchor = doc.tree.selected.filter(|&s| row.contains(&sections[s].bytes.start));
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
        let has_parts = self.doc().outline.sections.iter().any(|s| s.family == Family::Part);
        if has_parts {
            self.step_section(forward, |f| f == Family::Part);
        } else {
            let tops: Vec<Family> =
                self.doc().outline.roots().iter().map(|&i| self.doc().outline.sections[i].family).collect();
            self.step_section(forward, move |f| tops.contains(&f));
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::Outline, Focus::Text, Focus::Terms];
        let shown: Vec<Focus> = order.into_iter().filter(|p| self.pane_shown(*p)).collect();
        let at = shown.iter().position(|p| *p == self.focus).unwrap_or(0);
        if let Some(next) = finder::wrap_step(Some(at), shown.len(), forward) {
            self.focus = shown[next];
        }
    }

    fn focus_pane(&mut self, pane: Focus) {
        if !self.pane_shown(pane) {
            match pane {
                Focus::Outline => self.toggles.outline = Some(true),
                Focus::Terms => self.toggles.terms = Some(true),
                Focus::Text => {}
            }
            self.saved_toggles = None;
            self.resize(self.size);
        }
        if self.pane_shown(pane) {
            self.focus = pane;
        }
    }

    fn toggle(&mut self, pane: Focus) {
        let shown = self.pane_shown(pane);
        let slot = match pane {
            Focus::Outline => &mut self.toggles.outline,
            Focus::Terms => &mut self.toggles.terms,
            Focus::Text => return,
        };
        *slot = Some(!shown);
        self.saved_toggles = None;
        self.resize(self.size);
        if !shown
            && self.pane_shown(pane)
            && self.panes.is_some_and(|p| match pane {
                Focus::Outline => p.outline.is_some_and(|o| o.overlay),
                _ => p.terms.is_some_and(|t| t.overlay),
            })
        {
            self.focus = pane;
        }
    }

    fn search_step(&mut self, forward: bool) {
        let height = self.text_height();
        let doc = self.doc_mut();
        let top_byte = doc.byte_at(doc.top);
        let Some(finder) = doc.finder.as_ref() else {
            self.message = Some("没有搜索：按 / 搜索".into());
            return;
        };
        if finder.matches.is_empty() {
            self.message = Some(format!("未找到：{}", finder.label()));
            return;
        }
        let current_visible = finder.current_range().is_some_and(|r| doc.is_visible(r.start, height));
        let next = if current_visible || finder.current.is_some() && !forward {
            doc.finder.as_mut().and_then(|f| f.step(forward))
        } else {
            let i = finder.first_from(top_byte);
            if let (Some(f), Some(i)) = (doc.finder.as_mut(), i) {
                f.current = Some(i);
            }
            i
        };
        if let Some(i) = next {
            let start = doc.finder.as_ref().map_or(0, |f| f.matches[i].start);
            if !doc.is_visible(start, height) {
                doc.record_jump();
                doc.show_at_top(start, height, 2);
            }
            self.after_text_move();
        }
    }
}
