//! The text pane's position: which display row is at the top, over lazily wrapped paragraphs.
//!
//! Rows are computed per paragraph, only when needed, and cached for the current width; a width
//! change drops the cache and re-anchors the view on the same text offset. Each paragraph
//! occupies its wrapped rows plus one blank separator row. The height of the viewport is kept
//! with the document, so scrolling and clamping never need it passed in.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::document::Document;
use crate::layout::{FIRST_LINE_INDENT, Row, break_rows_indented};
use crate::structure::Role;
use crate::width::AmbiguousWidth;

/// A display row: paragraph index and row within it (`rows.len()` is the separator row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TextPos {
    pub para: usize,
    pub row: usize,
}

/// Wrapped rows per paragraph for one width, filled on demand.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: usize,
    ambiguous: AmbiguousWidth,
    /// Indent the first row of body paragraphs (首行缩进).
    first_line_indent: bool,
    rows: RefCell<HashMap<usize, Rc<[Row]>>>,
}

impl WrapCache {
    /// Rows of paragraph `para` (relative byte offsets), wrapping it if not cached.
    /// `keep_whole` gives the configured-term ranges inside the paragraph, relative to it;
    /// `indented` says whether it is a paragraph that takes the first-line indent, when that
    /// setting is on.
    pub fn rows(
        &self,
        doc: &Document,
        para: usize,
        keep_whole: impl FnOnce() -> Vec<std::ops::Range<usize>>,
        indented: impl FnOnce() -> bool,
    ) -> Rc<[Row]> {
        if let Some(rows) = self.rows.borrow().get(&para) {
            return Rc::clone(rows);
        }
        let text = doc.paragraph_text(para);
        let indent = if self.first_line_indent && indented() { FIRST_LINE_INDENT } else { 0 };
        let rows: Rc<[Row]> = break_rows_indented(text, self.width, indent, self.ambiguous, &keep_whole()).into();
        self.rows.borrow_mut().insert(para, Rc::clone(&rows));
        rows
    }

    /// Change the width, width model or first-line indent; returns true when the cache was
    /// dropped.
    pub fn set_width(&mut self, width: usize, ambiguous: AmbiguousWidth, first_line_indent: bool) -> bool {
        if self.width == width && self.ambiguous == ambiguous && self.first_line_indent == first_line_indent {
            return false;
        }
        self.width = width;
        self.ambiguous = ambiguous;
        self.first_line_indent = first_line_indent;
        self.rows.get_mut().clear();
        true
    }

    /// The current wrap width.
    #[must_use]
    pub fn width(&self) -> usize {
        self.width
    }

    /// The current ambiguous-width model.
    #[must_use]
    pub fn ambiguous(&self) -> AmbiguousWidth {
        self.ambiguous
    }

    /// Is the first-line indent on?
    #[must_use]
    pub fn first_line_indent(&self) -> bool {
        self.first_line_indent
    }
}

impl super::DocView {
    fn paragraph_count(&self) -> usize {
        self.analysis.doc.paragraphs().len()
    }

    /// Wrapped rows of paragraph `para`, relative to its start.
    #[must_use]
    pub fn rows(&self, para: usize) -> Rc<[Row]> {
        let doc = &self.analysis.doc;
        let Some(p) = doc.paragraphs().get(para) else { return Rc::from(Vec::new()) };
        let span = p.bytes.clone();
        let wrap = &self.viewport.wrap;
        // Terms move to the next row whole, unless that would leave more than a quarter of the
        // row empty: the layout decides ([`crate::layout::max_hole`]).
        let hits = &self.analysis.terms.hits;
        wrap.rows(
            doc,
            para,
            || {
                let first = hits.partition_point(|h| h.range.start < span.start);
                hits[first..]
                    .iter()
                    .take_while(|h| h.range.end <= span.end)
                    .map(|h| h.range.start - span.start..h.range.end - span.start)
                    .collect()
            },
            || self.takes_indent(para),
        )
    }

    /// Does paragraph `para` take the first-line indent (首行缩进)? Body paragraphs do (the
    /// main body and the closing), unless the source indents them already or they are a
    /// heading line: a paragraph that a heading opens and that holds one sentence at most
    /// (`一、坚持稳中求进`, `1.做活现代服务业。`); a heading run into its text
    /// (`（二）着力深化改革。坚持…`) opens a body paragraph, indented as print does. The title
    /// block, chrome, the salutation and the document's own glossary (its headwords) are not.
    #[must_use]
    pub fn takes_indent(&self, para: usize) -> bool {
        let a = &self.analysis;
        let Some(p) = a.doc.paragraphs().get(para) else { return false };
        if !matches!(a.outline.roles.get(para), Some(Role::Body | Role::Closing)) {
            return false;
        }
        let text = a.doc.paragraph_text(para);
        if text.starts_with(char::is_whitespace) || a.glossary.span.as_ref().is_some_and(|g| g.contains(&p.bytes.start))
        {
            return false;
        }
        let h = a.headings.partition_point(|h| h.bytes.start < p.bytes.start);
        let opens_with_heading = a.headings.get(h).is_some_and(|h| h.bytes.start == p.bytes.start);
        if !opens_with_heading {
            return true;
        }
        let sentences = a.doc.sentences();
        let first = sentences.partition_point(|s| s.end <= p.bytes.start);
        sentences[first..].iter().take_while(|s| s.start < p.bytes.end).nth(1).is_some()
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

    /// The lowest top row that still fills the viewport.
    #[must_use]
    pub fn max_top(&self) -> TextPos {
        self.back(self.last_pos(), self.viewport.height.saturating_sub(1))
    }

    /// Move the top row by `delta` rows, within the document.
    pub fn scroll(&mut self, delta: isize) {
        let top = self.viewport.top;
        let top =
            if delta >= 0 { self.advance(top, delta.unsigned_abs()) } else { self.back(top, delta.unsigned_abs()) };
        self.viewport.top = top.min(self.max_top());
    }

    /// The display row containing text byte `byte`.
    #[must_use]
    pub fn pos_of_byte(&self, byte: usize) -> TextPos {
        if self.paragraph_count() == 0 {
            return TextPos::default();
        }
        let doc = &self.analysis.doc;
        let para = doc.paragraph_at(byte);
        let start = doc.paragraphs()[para].bytes.start;
        let rel = byte.saturating_sub(start);
        let rows = self.rows(para);
        let row = rows.partition_point(|r| r.end <= rel).min(rows.len().saturating_sub(1));
        TextPos { para, row }
    }

    /// The byte range of a display row (empty for a separator row).
    #[must_use]
    pub fn row_bytes(&self, pos: TextPos) -> Range<usize> {
        let Some(p) = self.analysis.doc.paragraphs().get(pos.para) else { return 0..0 };
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
        let doc = &self.analysis.doc;
        doc.paragraphs().get(pos.para + 1).map_or(doc.text().len(), |p| p.bytes.start)
    }

    /// The text offset of the top row.
    #[must_use]
    pub fn top_byte(&self) -> usize {
        self.byte_at(self.viewport.top)
    }

    /// Put the row holding `byte` at the top, `context` rows down, as near as the end of the
    /// document allows.
    pub fn show_at_top(&mut self, byte: usize, context: usize) {
        let pos = self.back(self.pos_of_byte(byte), context);
        self.viewport.top = pos.min(self.max_top());
    }

    /// Is `byte` on one of the rows on screen?
    #[must_use]
    pub fn is_visible(&self, byte: usize) -> bool {
        let pos = self.pos_of_byte(byte);
        let top = self.viewport.top;
        pos >= top && pos <= self.advance(top, self.viewport.height.saturating_sub(1))
    }

    /// Lay out for a text column of `width`×`height`: re-wrap for a new width (or indent setting) keeping the top
    /// row's text offset in view.
    pub fn set_size(&mut self, width: usize, height: usize, ambiguous: AmbiguousWidth, first_line_indent: bool) {
        let anchor = self.top_byte();
        self.viewport.height = height.max(1);
        if self.viewport.wrap.set_width(width, ambiguous, first_line_indent) {
            self.viewport.top = self.pos_of_byte(anchor);
        }
        // A taller screen at the same width can leave the top past the last full screen.
        self.viewport.top = self.viewport.top.min(self.max_top());
    }
}
