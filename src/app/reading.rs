//! A big document opens from its head (see `document::head`): the first screen shows its first
//! lines at once, while the whole file is read and analysed on another thread. Until it lands:
//! - the text moves over what is there (scrolling, paging, the panes, help and quitting work);
//! - every other key (search, `G`, the outline's jumps, marks, notes, the terms…) needs the whole
//!   text: it is held, with a note in the status bar, and carried out when the whole text lands;
//! - no state is attached or saved (the saved state is keyed by the whole text's hash), and no
//!   keywords are computed.
//!
//! When the whole text lands, the view keeps its place: the head's lines are the whole text's
//! first lines, so the same row stays at the top. A reader who has not moved is taken to the
//! place saved last time, as when any document opens.

use std::path::{Path, PathBuf};

use super::doc_view::{Analysis, OutlineState};
use super::{App, DocView};
use crate::action::Action;
use crate::config::Config;
use crate::document::{HEAD_BYTES, LoadError, load_path, safe};
use crate::keymap::Key;
use crate::terms::TermIndex;

/// A document shown from its head while the whole is read.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Which document.
    pub doc: usize,
    /// Its file, read whole in the background.
    pub path: PathBuf,
    /// Keys held until the whole text is there, in order, and the count typed before them.
    held: Vec<Key>,
    count: Option<usize>,
}

/// The status bar's word while the whole text is read.
pub const READING_LABEL: &str = "正在分析全文…";

/// The whole document, read and analysed (on another thread).
pub struct Whole(pub Result<Analysis, LoadError>);

impl std::fmt::Debug for Whole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Ok(a) => write!(f, "Whole({} bytes)", a.doc.text().len()),
            Err(e) => write!(f, "Whole({e})"),
        }
    }
}

/// Read and analyse the whole document at `path` (the background half of a progressive open).
#[must_use]
pub fn read_whole(path: &Path, config: &Config) -> Whole {
    Whole(load_path(path).map(|doc| Analysis::new(doc, config, &TermIndex::new(&config.term_lists))))
}

/// What may be done over the head alone: moving through it, the panes, help, quitting.
fn works_on_head(action: Action, count: Option<usize>) -> bool {
    use Action as A;
    match action {
        A::Top => count.is_none(),
        _ => matches!(
            action,
            A::ScrollDown
                | A::ScrollUp
                | A::HalfPageDown
                | A::HalfPageUp
                | A::PageDown
                | A::PageUp
                | A::Quit
                | A::Redraw
                | A::Suspend
                | A::Help
                | A::Cancel
                | A::FocusNext
                | A::FocusPrev
                | A::FocusOutline
                | A::FocusText
                | A::FocusTerms
                | A::ToggleOutline
                | A::ToggleTerms
                | A::TextOnly
                | A::WidenOutline
                | A::NarrowOutline
        ),
    }
}

impl App {
    /// Show document `doc` from its head until [`App::whole_read`] brings the whole of `path`.
    pub fn start_reading(&mut self, doc: usize, path: PathBuf) {
        self.reading = Some(Reading { doc, path, held: Vec::new(), count: None });
        // The layout's widths that depend on the whole: the outline's (from the head's headings)
        // and the paragraph-number gutter's, for as many paragraphs as the head's scaled to the
        // file. Both stay when the whole lands, so the text does not move.
        let widths = self.widths();
        let Some(view) = self.docs.get(doc) else { return };
        let digits = self.as_whole(view.paragraph_total()).max(1).to_string().len().max(2);
        self.head_widths = Some((widths.outline_need, u16::try_from(digits + 1).unwrap_or(4)));
        self.resize(self.size);
    }

    /// A count over the current document's head scaled to its whole file (an estimate, for the
    /// layout and the scrollbar until the whole is read); the count itself otherwise.
    #[must_use]
    pub fn as_whole(&self, n: usize) -> usize {
        if !self.is_head(self.current) {
            return n;
        }
        n.saturating_mul(self.doc().analysis.doc.source.bytes.max(HEAD_BYTES)) / HEAD_BYTES
    }

    /// Is document `doc` shown from its head only?
    #[must_use]
    pub fn is_head(&self, doc: usize) -> bool {
        self.reading.as_ref().is_some_and(|r| r.doc == doc)
    }

    /// Hold `key` while keys are held (Ctrl-C still quits). True when it was held.
    pub(super) fn hold_next(&mut self, key: Key) -> bool {
        let Some(reading) = self.reading.as_mut().filter(|r| !r.held.is_empty()) else { return false };
        if key.ctrl && self.config.keymap.lookup(&[key]) == crate::keymap::Lookup::Action(Action::Quit) {
            self.end();
        } else {
            reading.held.push(key);
        }
        true
    }

    /// Hold an action that needs the whole text (with the keys that made it). True when held.
    pub(super) fn hold(&mut self, action: Action, count: Option<usize>, keys: &[Key]) -> bool {
        if works_on_head(action, count) || !self.is_head(self.current) {
            return false;
        }
        if let Some(reading) = self.reading.as_mut() {
            reading.count = count;
            reading.held.extend_from_slice(keys);
        }
        self.message = Some("全文还在读取，读完即执行这个键".to_owned());
        true
    }

    /// The whole document arrived (or could not be read): put it in place of the head, keeping
    /// the place, attach its saved state, and carry out the keys held meanwhile.
    pub fn whole_read(&mut self, whole: Whole) {
        let Some(reading) = self.reading.take() else { return };
        match whole.0 {
            Err(e) => self.message = Some(format!("全文读取失败，只显示了开头：{}", safe(&e.to_string()))),
            Ok(analysis) => self.put_whole(reading.doc, analysis),
        }
        self.request_keywords();
        self.count = reading.count;
        for key in reading.held {
            self.handle_key(key);
        }
    }

    fn put_whole(&mut self, i: usize, analysis: Analysis) {
        let Some(view) = self.docs.get_mut(i) else { return };
        let head = &view.analysis.doc;
        let same = analysis.doc.text().starts_with(head.text());
        let top = view.viewport.top;
        let moved = top != super::TextPos::default() || view.study.cursor.is_some();
        // Where the head's top row is in the whole text: the same byte when the head is its start
        // (always, unless the whole decoded otherwise), else the same char.
        let anchor = view.top_byte();
        let anchor = if same { anchor } else { analysis.doc.byte_of_char(head.char_of_byte(anchor)) };
        let fresh = DocView::of(analysis);
        view.analysis = fresh.analysis;
        view.viewport.tree = OutlineState { counts: view.viewport.tree.counts, ..fresh.viewport.tree };
        view.viewport.finder = None;
        view.viewport.anchor = None;
        if !same {
            view.study.cursor = None;
        }
        let wrap = &view.viewport.wrap;
        let (width, ambiguous, indent) = (wrap.width(), wrap.ambiguous(), wrap.first_line_indent());
        view.viewport.wrap.set_width(0, ambiguous, indent);
        view.viewport.wrap.set_width(width, ambiguous, indent);
        view.viewport.top = if same { top } else { view.pos_of_byte(anchor) }.min(view.max_top());
        if let Some(store) = &self.store {
            if let Some(e) = view.attach_saved(store) {
                self.message = Some(e);
            }
            if moved {
                // The reader has moved on: their place wins over the one saved last time.
                view.study.restore_to = None;
            }
        }
        view.sync_outline();
        self.resize(self.size);
    }
}
