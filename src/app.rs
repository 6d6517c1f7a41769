//! The reader's state and its `update`: input becomes actions through the keymap, and each action
//! is a plain state transition. Nothing here draws (`ui` draws `&App`) and nothing here does I/O:
//! writing files, the clipboard, suspending and quitting are [`Effect`]s that whoever runs the
//! app carries out or refuses (see [`effect`]).
//!
//! The app holds a list of documents from the start; each keeps its own position, folds and
//! highlight, so switching between them loses nothing. The parts: [`input`] (keys, pastes,
//! mouse), [`navigation`] (moving through the text and the outline), [`focus`] (panes),
//! [`prompt`] (search, go-to, export and library prompts), [`overlay`] (everything drawn over the
//! panes and its keys), [`study`] (marks, notes, cursor, copy, export), [`terms_view`],
//! [`library_view`] and [`views`] (the other panes and reports).

mod analysis;
mod doc_filter;
mod doc_view;
pub mod editor;
pub mod effect;
mod finder;
mod focus;
mod glossary;
pub mod goto;
mod help;
pub mod input;
mod lazy;
mod library_search;
mod library_view;
mod navigation;
mod notes;
mod outline_view;
mod overlay;
pub mod panes;
mod paragraphs;
mod place;
pub mod prompt;
mod reading;
mod saving;
mod session;
mod study;
mod terms_view;
mod text_view;
pub mod ui_state;
mod views;

use ratatui::layout::Rect;

pub use analysis::{KeywordJob, KeywordsReady, run_keyword_jobs};
pub use doc_view::{Analysis, DocView, HeadingSpan, Keywords, OutlineState, Study, TermsState, Viewport};
pub use effect::{Effect, Outcome, SaveFailed, StateSnapshot, TermWritten};
pub use finder::{Finder, Target};
pub use glossary::InGlossary;
pub use help::HelpFilter;
pub use input::{Input, Mouse};
pub use lazy::{LAZY_FROM, Unopened};
pub use library_search::{IndexSource, Preview};
pub use library_view::{LibrarySearch, ResultRow, finder_text};
pub use notes::MAX_COPY_BYTES;
pub use overlay::{Confirm, Overlay, add_term_choices};
pub use panes::{Panes, Side, Toggles, Widths};
pub use place::Spot;
pub use prompt::{Edit, Prompt, PromptKind};
pub use reading::{READING_LABEL, Reading, Whole, read_whole};
pub use saving::Saving;
pub use session::{Following, Leading, Link, Session};
pub use study::{Awaiting, saved_state};
pub use terms_view::{Group, KEYWORD_COLOR, NEW_COLOR, TermRow};
pub use text_view::TextPos;
pub use ui_state::UiState;
pub use views::{LibraryTrends, OVERLAY_HEIGHT_PERCENT, OVERLAY_WIDTH_PERCENT, ReportKind, TrendReport, TrendsNews};

use crate::action::Action;
use crate::config::Config;
use crate::keymap::{Key, Lookup};

/// The largest count a motion takes (`999j`).
pub const MAX_COUNT: usize = 999;

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Text,
    Terms,
}

/// The whole reader.
pub struct App {
    pub config: Config,
    pub docs: Vec<DocView>,
    pub current: usize,
    pub focus: Focus,
    pub toggles: Toggles,
    saved_toggles: Option<Toggles>,
    pub overlay: Option<Overlay>,
    pub prompt: Option<Prompt>,
    /// Where the search started, and the place it searches from (text offsets: rows change
    /// with the width).
    prompt_origin: Option<(Spot, usize)>,
    /// Keys typed so far of an unfinished sequence.
    pub pending: Vec<Key>,
    /// A count typed before a motion (`3` of `3}`).
    pub count: Option<usize>,
    /// A one-off message for the status bar.
    pub message: Option<String>,
    /// The help overlay's filter.
    pub help: HelpFilter,
    /// A key that waits for a letter (`m`, `'`).
    pub awaiting: Option<Awaiting>,
    /// Where reading state is kept (`None`: it is neither read nor saved).
    pub store: Option<crate::state::Store>,
    /// The last library-wide search, which `n`/`N` step through while it is active.
    pub library: Option<LibrarySearch>,
    /// The frame's panes, for the last known terminal size (`None`: too small).
    pub panes: Option<Panes>,
    pub size: Rect,
    /// Widths the user chose (`<` `>`, `#`), kept across sessions.
    pub ui: UiState,
    /// The study session this reader leads or follows.
    pub session: Option<Session>,
    /// What the runner should do, oldest first.
    effects: Vec<Effect>,
    /// Ask for keywords in the background whenever they are not known (the terminal reader).
    background: bool,
    /// A library catalog still to fill (in the background) for the documents not read yet.
    pub catalog: Option<crate::library::catalog::Catalog>,
    /// How far filling the catalog has got: documents done of total.
    pub cataloguing: Option<(usize, usize)>,
    /// A big library's trends (`T`), counted from its catalog in the background.
    pub library_trends: LibraryTrends,
    /// The search index of a big library, once it is built or found in the cache.
    pub search_index: Option<std::sync::Arc<crate::library::index::Index>>,
    /// Where to find the index in the cache when a search first needs it.
    pub index_source: Option<IndexSource>,
    /// The term lists compiled, once, for the documents a lazy library opens later.
    term_index: std::cell::OnceCell<crate::terms::TermIndex>,
    /// What the documents filter matched for the queries typed so far.
    filter_memo: doc_filter::FilterMemo,
    /// A big document shown from its head while the whole is read (see `reading`).
    pub reading: Option<Reading>,
    /// The outline's automatic width and the gutter's, decided on a big document's head and
    /// kept once the whole lands, so that the text never moves under the reader.
    head_widths: Option<(u16, u16)>,
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
            count: None,
            message: None,
            help: HelpFilter::default(),
            awaiting: None,
            store: None,
            library: None,
            panes: None,
            size: Rect::default(),
            ui: UiState::default(),
            session: None,
            effects: Vec::new(),
            background: false,
            catalog: None,
            cataloguing: None,
            library_trends: LibraryTrends::default(),
            search_index: None,
            index_source: None,
            term_index: std::cell::OnceCell::new(),
            filter_memo: doc_filter::FilterMemo::default(),
            reading: None,
            head_widths: None,
        };
        if let Some(doc) = app.docs.first_mut() {
            doc.study.opened = true;
            doc.sync_outline();
        }
        for doc in &app.docs {
            let warnings = doc.analysis.doc.source.warnings();
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
        self.doc().viewport.height.max(1)
    }

    fn side_height(side: Option<Side>) -> usize {
        side.map_or(1, |s| usize::from(s.area.height.saturating_sub(2)).max(1))
    }

    /// Rows of the outline list on screen (the full heading of the selected entry, and the
    /// rule above it, take the rest).
    fn outline_height(&self) -> usize {
        let detail = self.outline_detail().len();
        let rows = Self::side_height(self.panes.and_then(|p| p.outline));
        if detail == 0 { rows } else { rows.saturating_sub(detail + 1).max(1) }
    }

    /// Lay out for a terminal of `size`, re-wrapping the text if its width changed.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        let widths = self.widths();
        self.panes = panes::layout_with(size, self.toggles, self.config.reader.reading_width, widths);
        if let Some(p) = self.panes {
            let (width, height) = (usize::from(p.column.width), usize::from(p.column.height));
            let (ambiguous, indent) = (self.config.reader.ambiguous_width, self.config.reader.first_line_indent);
            self.doc_mut().set_size(width, height, ambiguous, indent);
            if let Some(byte) = self.doc_mut().study.restore_to.take() {
                // Reopening: the same text offset, not the same row.
                self.doc_mut().show_at_top(byte, 0);
                self.doc_mut().sync_outline();
            }
            let outline_rows = self.outline_height();
            self.doc_mut().keep_selection_in_view(outline_rows);
            self.keep_term_in_view();
        } else {
            // Too small to show anything: moves count single rows.
            self.doc_mut().viewport.height = 1;
        }
        if !self.pane_shown(self.focus) {
            self.focus = Focus::Text;
        }
    }

    /// Ask for keywords in the background now and whenever the term lists change (the terminal
    /// reader does; `render` and the tests compute them on request only).
    pub fn start_analysis(&mut self) {
        self.background = true;
        self.request_keywords();
    }

    fn request_keywords(&mut self) {
        if self.background {
            let jobs = self.keyword_jobs();
            if !jobs.is_empty() {
                self.ask(Effect::Analyse(jobs));
            }
        }
    }

    /// Handle one key press.
    pub fn handle_key(&mut self, key: Key) {
        if self.hold_next(key) {
            return;
        }
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
        if self.pending.is_empty() && self.count_digit(key) {
            return;
        }
        self.pending.push(key);
        match self.config.keymap.lookup(&self.pending) {
            Lookup::Pending => {}
            Lookup::Action(action) => {
                let keys = std::mem::take(&mut self.pending);
                let count = self.count.take();
                if !self.hold(action, count, &keys) {
                    self.update_counted(action, count);
                }
            }
            Lookup::Unbound => {
                self.pending.clear();
                self.count = None;
            }
        }
    }

    /// A digit that is not bound to anything adds to the count for the next motion (a leading
    /// 0 does not start one). Returns whether the key was taken as such.
    fn count_digit(&mut self, key: Key) -> bool {
        let Some(digit) = key.text().and_then(|c| c.to_digit(10)) else { return false };
        if (digit == 0 && self.count.is_none()) || self.config.keymap.lookup(&[key]) != Lookup::Unbound {
            return false;
        }
        let digit = usize::try_from(digit).unwrap_or(0);
        self.count = Some((self.count.unwrap_or(0) * 10 + digit).min(MAX_COUNT));
        true
    }

    /// Apply an action.
    pub fn update(&mut self, action: Action) {
        self.update_counted(action, None);
    }

    /// Apply an action with the count typed before it: motions repeat, `g`/`G` go to that
    /// paragraph, other actions ignore it.
    pub fn update_counted(&mut self, action: Action, count: Option<usize>) {
        if !self.navigate(action, count) && !self.arrange(action) {
            self.command(action);
        }
    }

    /// Esc closes what is open, one thing at a time: an overlay, the highlight, the marks of a
    /// comparison, and last the panes over the text.
    fn cancel(&mut self) {
        if self.overlay.take().is_none()
            && self.doc_mut().viewport.finder.take().is_none()
            && std::mem::take(&mut self.doc_mut().viewport.compared).is_empty()
        {
            self.close_overlay_panes();
        }
    }

    /// Actions that open something or ask the world for something.
    fn command(&mut self, action: Action) {
        match action {
            Action::SearchLibrary => self.prompt = Some(Prompt::new(PromptKind::Library)),
            Action::ShowDocuments => {
                self.overlay = Some(Overlay::Documents { query: String::new(), selected: self.current });
            }
            Action::ShowTrends => self.show_trends(crate::library::trends::TrendSort::Total),
            Action::Compare => self.start_compare(),
            Action::Search | Action::GoTo => self.open_prompt(action),
            Action::Cancel => self.cancel(),
            Action::Help => self.open_help(),
            Action::Add if self.focus == Focus::Terms => self.start_add_term(),
            Action::Add => self.start_note(),
            Action::ToggleCursor => self.toggle_cursor(),
            Action::SetMark => self.awaiting = Some(Awaiting::SetMark),
            Action::JumpMark => self.awaiting = Some(Awaiting::JumpMark),
            Action::ShowMarks => self.overlay = Some(Overlay::Marks { selected: 0 }),
            Action::ShowNotes => self.overlay = Some(Overlay::Notes { selected: 0 }),
            Action::Copy => self.copy(),
            Action::Export => self.start_export(),
            Action::ToggleCounts => {
                let view = &mut self.doc_mut().viewport;
                view.tree.counts = !view.tree.counts;
                if view.tree.counts && view.finder.is_none() {
                    self.message = Some("先选一个提法或搜索，提纲才有次数可显示".into());
                }
            }
            Action::WidenOutline | Action::NarrowOutline => self.resize_outline(action == Action::WidenOutline),
            Action::ToggleNumbers => self.toggle_numbers(),
            Action::Define => self.define(None),
            Action::OutlineView => {
                let selected = self.doc().viewport.tree.selected.unwrap_or(0);
                self.overlay = Some(Overlay::OutlineView { selected });
            }
            Action::Quit => self.end(),
            Action::Redraw => self.ask(Effect::Redraw),
            Action::Suspend => self.ask(Effect::Suspend),
            Action::Lead => self.lead_key(),
            Action::Follow => self.follow_key(),
            _ => {}
        }
    }
}
