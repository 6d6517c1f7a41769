//! One open document and everything the reader keeps for it: the analysis, the wrap cache, the
//! text position, the outline's folds and selection, and the active highlight (search or term).
//!
//! Switching documents keeps all of this, because each document has its own `DocView`.

use std::ops::Range;
use std::rc::Rc;

use super::finder::Finder;
use super::text_view::{TextPos, WrapCache};
use crate::config::Config;
use crate::config::TermList;
use crate::document::Document;
use crate::layout::Row;
use crate::state::DocState;
use crate::structure::{Family, Outline, analyse};
use crate::terms::{Keyword, TermIndex, TermReport};

/// Folds, selection and scroll of the outline pane.
#[derive(Debug, Clone, Default)]
pub struct OutlineState {
    /// Per section: are its children shown?
    pub expanded: Vec<bool>,
    /// The selected section (follows the text as it scrolls).
    pub selected: Option<usize>,
    /// First visible entry of the outline list.
    pub offset: usize,
    /// Show, per section, how many of the highlighted matches it holds.
    pub counts: bool,
}

/// Selection and scroll of the terms pane.
#[derive(Debug, Clone, Default)]
pub struct TermsState {
    pub selected: usize,
    pub offset: usize,
}

/// Keywords come from a background job.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Keywords {
    /// Not asked for (headless rendering without `--wait-analysis`).
    #[default]
    NotStarted,
    /// The job is running.
    Pending,
    Ready(Vec<Keyword>),
}

/// A styled heading range in the text: marker plus title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingSpan {
    pub bytes: Range<usize>,
    pub family: Family,
}

/// An open document.
pub struct DocView {
    pub doc: Document,
    pub outline: Outline,
    /// Configured terms, discovered formulations and the document's glossary.
    pub terms: TermReport,
    pub keywords: Keywords,
    /// Counts keyword requests, so a late answer to an old one is ignored.
    pub keyword_generation: u64,
    /// Heading ranges to style, in text order.
    pub headings: Vec<HeadingSpan>,
    pub wrap: WrapCache,
    /// The row at the top of the text pane.
    pub top: TextPos,
    pub tree: OutlineState,
    pub terms_pane: TermsState,
    /// The active search or term highlight.
    pub finder: Option<Finder>,
    /// Saved position, marks and notes.
    pub state: DocState,
    /// Notes whose sentence could not be found again after the text changed (by note id).
    pub orphans: Vec<String>,
    /// Byte ranges of sentences with notes, in order (for marking them in the text).
    pub noted: Vec<Range<usize>>,
    /// The reading cursor: a sentence index.
    pub cursor: Option<usize>,
    /// Where jumps came from (byte offsets) and where in that history we are.
    pub jumps: Vec<usize>,
    pub jump_at: usize,
    /// Where the last jump came from, for `''`.
    pub last_jump_from: Option<usize>,
    /// A saved position to show once the screen size is known.
    pub restore_to: Option<usize>,
    /// Sentences new since the document it was compared with (byte ranges, in order).
    pub compared: Vec<Range<usize>>,
}

impl DocView {
    /// Analyse a document for reading.
    #[must_use]
    pub fn new(doc: Document, config: &Config) -> Self {
        Self::with_index(doc, config, &TermIndex::new(&config.term_lists))
    }

    /// As [`DocView::new`], with the term index of `config`'s lists compiled once for several
    /// documents (compiling it is most of the cost of opening a library).
    #[must_use]
    pub fn with_index(doc: Document, config: &Config, index: &TermIndex) -> Self {
        let outline = analyse(&doc);
        let terms = TermReport::with_index(&doc, &outline, &config.term_lists, index);
        let headings = heading_spans(&doc, &outline);
        let expanded = outline.sections.iter().map(|s| s.level == 1).collect();
        Self {
            doc,
            outline,
            terms,
            keywords: Keywords::NotStarted,
            keyword_generation: 0,
            headings,
            wrap: WrapCache::default(),
            top: TextPos::default(),
            tree: OutlineState { expanded, selected: None, offset: 0, counts: false },
            terms_pane: TermsState::default(),
            finder: None,
            state: DocState::default(),
            orphans: Vec::new(),
            noted: Vec::new(),
            cursor: None,
            jumps: Vec::new(),
            jump_at: 0,
            last_jump_from: None,
            restore_to: None,
            compared: Vec::new(),
        }
    }

    /// Find the terms again after the term lists changed; wrapping changes with them.
    /// `index` is compiled from `lists`.
    pub fn reanalyse_terms(&mut self, lists: &[TermList], index: &TermIndex, height: usize) {
        self.terms = TermReport::with_index(&self.doc, &self.outline, lists, index);
        if self.keywords != Keywords::NotStarted {
            // Keywords depend on the terms jieba keeps whole: ask again.
            self.keywords = Keywords::NotStarted;
        }
        let (width, ambiguous) = (self.wrap.width(), self.wrap.ambiguous());
        let anchor = self.byte_at(self.top);
        self.wrap.set_width(0, ambiguous);
        self.wrap.set_width(width, ambiguous);
        self.top = self.pos_of_byte(anchor).min(self.max_top(height));
    }

    fn paragraph_count(&self) -> usize {
        self.doc.paragraphs().len()
    }

    /// Wrapped rows of paragraph `para`, relative to its start.
    #[must_use]
    pub fn rows(&self, para: usize) -> Rc<[Row]> {
        let Some(p) = self.doc.paragraphs().get(para) else { return Rc::from(Vec::new()) };
        let span = p.bytes.clone();
        let text = self.doc.text();
        // Terms move to the next row whole, unless that would leave more than a third of the
        // row empty (a 17-character formulation would leave half a line blank).
        let longest = (self.wrap.width() / 3).max(8);
        let ambiguous = self.wrap.ambiguous();
        let hits = &self.terms.hits;
        self.wrap.rows(&self.doc, para, || {
            let first = hits.partition_point(|h| h.range.start < span.start);
            hits[first..]
                .iter()
                .take_while(|h| h.range.end <= span.end)
                .filter(|h| crate::width::str_width(&text[h.range.clone()], ambiguous) <= longest)
                .map(|h| h.range.start - span.start..h.range.end - span.start)
                .collect()
        })
    }

    /// Display rows of a paragraph: its wrapped rows plus a separator, except after the last.
    #[must_use]
    pub fn row_count(&self, para: usize) -> usize {
        self.rows(para).len() + usize::from(para + 1 < self.paragraph_count())
    }

    /// The last display row.
    #[must_use]
    pub fn last_pos(&self) -> TextPos {
        let n = self.paragraph_count();
        if n == 0 {
            return TextPos::default();
        }
        TextPos { para: n - 1, row: self.row_count(n - 1).saturating_sub(1) }
    }

    /// The position `n` rows below `pos`, stopping at the last row.
    #[must_use]
    pub fn advance(&self, mut pos: TextPos, mut n: usize) -> TextPos {
        let count = self.paragraph_count();
        while n > 0 && pos.para < count {
            let rows = self.row_count(pos.para);
            if pos.row + n < rows {
                pos.row += n;
                return pos;
            }
            if pos.para + 1 >= count {
                return self.last_pos();
            }
            n -= rows - pos.row;
            pos = TextPos { para: pos.para + 1, row: 0 };
        }
        pos
    }

    /// The position `n` rows above `pos`, stopping at the first row.
    #[must_use]
    pub fn back(&self, mut pos: TextPos, mut n: usize) -> TextPos {
        while n > 0 {
            if pos.row >= n {
                pos.row -= n;
                return pos;
            }
            if pos.para == 0 {
                return TextPos::default();
            }
            n -= pos.row + 1;
            pos.para -= 1;
            pos.row = self.row_count(pos.para).saturating_sub(1);
        }
        pos
    }

    /// The lowest top row that still fills a viewport of `height` rows.
    #[must_use]
    pub fn max_top(&self, height: usize) -> TextPos {
        self.back(self.last_pos(), height.saturating_sub(1))
    }

    /// Move the top row by `delta` rows, within the document.
    pub fn scroll(&mut self, delta: isize, height: usize) {
        let top = if delta >= 0 {
            self.advance(self.top, delta.unsigned_abs())
        } else {
            self.back(self.top, delta.unsigned_abs())
        };
        self.top = top.min(self.max_top(height));
    }

    /// The display row containing text byte `byte`.
    #[must_use]
    pub fn pos_of_byte(&self, byte: usize) -> TextPos {
        if self.paragraph_count() == 0 {
            return TextPos::default();
        }
        let para = self.doc.paragraph_at(byte);
        let start = self.doc.paragraphs()[para].bytes.start;
        let rel = byte.saturating_sub(start);
        let rows = self.rows(para);
        let row = rows.partition_point(|r| r.end <= rel).min(rows.len().saturating_sub(1));
        TextPos { para, row }
    }

    /// The byte range of a display row (empty for a separator row).
    #[must_use]
    pub fn row_bytes(&self, pos: TextPos) -> Range<usize> {
        let Some(p) = self.doc.paragraphs().get(pos.para) else { return 0..0 };
        let rows = self.rows(pos.para);
        match rows.get(pos.row) {
            Some(r) => p.bytes.start + r.start..p.bytes.start + r.end,
            None => p.bytes.end..p.bytes.end,
        }
    }

    /// The text offset a display row stands for: its start, or for a separator row the next
    /// paragraph's start.
    #[must_use]
    pub fn byte_at(&self, pos: TextPos) -> usize {
        let rows = self.rows(pos.para);
        if pos.row < rows.len() {
            return self.row_bytes(pos).start;
        }
        self.doc.paragraphs().get(pos.para + 1).map_or(self.doc.text().len(), |p| p.bytes.start)
    }

    /// Put the row holding `byte` at the top, as near as the end of the document allows.
    pub fn show_at_top(&mut self, byte: usize, height: usize, context: usize) {
        let pos = self.back(self.pos_of_byte(byte), context);
        self.top = pos.min(self.max_top(height));
    }

    /// Is `byte` on one of the `height` rows from the top?
    #[must_use]
    pub fn is_visible(&self, byte: usize, height: usize) -> bool {
        let pos = self.pos_of_byte(byte);
        pos >= self.top && pos <= self.advance(self.top, height.saturating_sub(1))
    }

    /// Reading position as a percentage: how far the bottom of the screen is into the text.
    #[must_use]
    pub fn percent(&self, height: usize) -> usize {
        let bottom = self.advance(self.top, height.saturating_sub(1));
        let end = self.row_bytes(bottom).end.max(self.byte_at(self.top));
        let total = self.doc.char_len().max(1);
        if bottom == self.last_pos() { 100 } else { (self.doc.char_of_byte(end) * 100 / total).min(100) }
    }

    /// Re-wrap for a new width, keeping the top row's text offset in view.
    pub fn set_width(&mut self, width: usize, ambiguous: crate::width::AmbiguousWidth, height: usize) {
        let anchor = self.byte_at(self.top);
        if self.wrap.set_width(width, ambiguous) {
            self.top = self.pos_of_byte(anchor);
        }
        // A taller screen at the same width can leave the top past the last full screen.
        self.top = self.top.min(self.max_top(height));
    }

    /// The innermost outline section containing the top row's offset.
    #[must_use]
    pub fn section_at_top(&self) -> Option<usize> {
        self.outline.innermost_at(self.byte_at(self.top))
    }
}

/// The marker-plus-title range of each section, for styling headings in the text.
fn heading_spans(doc: &Document, outline: &Outline) -> Vec<HeadingSpan> {
    let text = doc.text();
    let mut spans: Vec<HeadingSpan> = outline
        .sections
        .iter()
        .filter(|s| {
            s.family != Family::Preamble
                && !(s.marker.is_empty() && s.family == Family::Appendix && s.title.starts_with('（'))
        })
        .map(|s| {
            let start = s.bytes.start;
            let para_end = doc.paragraphs()[doc.paragraph_at(start)].bytes.end;
            let after = start + s.marker.len();
            let end = text
                .get(after..para_end)
                .and_then(|rest| rest.find(&s.title))
                .filter(|_| !s.title.is_empty())
                .map_or(after, |i| after + i + s.title.len());
            HeadingSpan { bytes: start..end.min(para_end).max(after.min(para_end)), family: s.family }
        })
        .collect();
    spans.sort_by_key(|h| h.bytes.start);
    spans
}
