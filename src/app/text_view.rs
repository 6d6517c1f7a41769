//! The text pane's position: which display row is at the top, over lazily wrapped paragraphs.
//!
//! Rows are computed per paragraph, only when needed, and cached for the current width; a width
//! change drops the cache and re-anchors the view on the same text offset. Each paragraph
//! occupies its wrapped rows plus one blank separator row.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::document::Document;
use crate::layout::{Row, break_rows};
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
    rows: RefCell<HashMap<usize, Rc<[Row]>>>,
}

impl WrapCache {
    /// Rows of paragraph `para` (relative byte offsets), wrapping it if not cached.
    /// `keep_whole` gives the configured-term ranges inside the paragraph, relative to it.
    pub fn rows(
        &self,
        doc: &Document,
        para: usize,
        keep_whole: impl FnOnce() -> Vec<std::ops::Range<usize>>,
    ) -> Rc<[Row]> {
        if let Some(rows) = self.rows.borrow().get(&para) {
            return Rc::clone(rows);
        }
        let text = doc.paragraph_text(para);
        let rows: Rc<[Row]> = break_rows(text, self.width, self.ambiguous, &keep_whole()).into();
        self.rows.borrow_mut().insert(para, Rc::clone(&rows));
        rows
    }

    /// Change the width (and width model); returns true when the cache was dropped.
    pub fn set_width(&mut self, width: usize, ambiguous: AmbiguousWidth) -> bool {
        if self.width == width && self.ambiguous == ambiguous {
            return false;
        }
        self.width = width;
        self.ambiguous = ambiguous;
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
}
