//! Several documents in one reader: the documents overlay (filter as you type, fuzzy, pinyin
//! included), switching (each document keeps its own position, marks and notes), and the
//! library-wide search whose results `n`/`N` step through across documents.

use pinyin::ToPinyin;

pub use super::library_search::LibrarySearch;
use super::{App, Finder, Focus, Overlay};

/// One line of the library search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    /// A document with its number of hits.
    Document { doc: usize, hits: usize },
    /// A hit: document and match index.
    Hit { doc: usize, index: usize, flat: usize },
}

impl ResultRow {
    /// The document the row belongs to.
    #[must_use]
    pub fn doc(&self) -> usize {
        match *self {
            Self::Document { doc, .. } | Self::Hit { doc, .. } => doc,
        }
    }
}

/// The text a document is found by in the documents overlay: title, file name, and the
/// title's pinyin initials and full pinyin.
#[must_use]
pub fn finder_text(title: &str, name: &str) -> String {
    let initials: String = title.to_pinyin().flatten().map(pinyin::Pinyin::first_letter).collect();
    let full: String = title.to_pinyin().flatten().map(pinyin::Pinyin::plain).collect();
    format!("{title} {name} {initials} {full}")
}

impl App {
    /// The document of a given index becomes the current one, laid out for the screen.
    pub fn switch_to(&mut self, doc: usize) {
        if doc >= self.docs.len() || doc == self.current || !self.open_doc(doc) {
            return;
        }
        self.current = doc;
        self.doc_mut().study.opened = true;
        self.request_keywords();
        self.resize(self.size);
        self.after_text_move();
    }

    /// Keys in the documents overlay: typing filters, ↑/↓ (or Ctrl-p/Ctrl-n) move, Enter opens,
    /// Esc closes.
    pub(super) fn documents_key(&mut self, key: crate::keymap::Key, mut query: String, selected: usize) {
        use crate::keymap::KeyCodeOrd;
        let mut selected = selected;
        match (key.code, key.ctrl) {
            (KeyCodeOrd::Esc, _) | (KeyCodeOrd::Char('c' | 'g'), true) => return,
            (KeyCodeOrd::Enter, _) => {
                if let Some(&doc) = self.filtered_documents(&query).get(selected) {
                    self.switch_to(doc);
                    self.focus = Focus::Text;
                }
                return;
            }
            (KeyCodeOrd::Down, _) | (KeyCodeOrd::Char('n'), true) => {
                // Filtering the whole library again only when the count is needed.
                selected = (selected + 1).min(self.filtered_documents(&query).len().saturating_sub(1));
            }
            (KeyCodeOrd::Up, _) | (KeyCodeOrd::Char('p'), true) => selected = selected.saturating_sub(1),
            (KeyCodeOrd::Backspace, _) => {
                query.pop();
                selected = 0;
            }
            (KeyCodeOrd::Char('u'), true) => {
                query.clear();
                selected = 0;
            }
            (KeyCodeOrd::Char(c), false) if !key.alt && !c.is_control() => {
                query.push(c);
                selected = 0;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Documents { query, selected });
    }

    /// The rows of the results overlay: each document with hits, then its hits.
    #[must_use]
    pub fn library_rows(&self) -> Vec<ResultRow> {
        self.library_rows_from(0, usize::MAX)
    }

    /// Rows `from..from + count` of the results overlay, built alone: a screenful of a result
    /// list of hundreds of thousands of hits costs a walk over the documents, not the list.
    #[must_use]
    pub fn library_rows_from(&self, from: usize, count: usize) -> Vec<ResultRow> {
        let Some(lib) = &self.library else { return Vec::new() };
        let mut rows = Vec::new();
        let (mut row, mut flat) = (0, 0);
        for (doc, m) in lib.per_doc.iter().enumerate() {
            let hits = m.ranges.len();
            if hits == 0 {
                continue;
            }
            if rows.len() >= count {
                break;
            }
            if row + 1 + hits <= from {
                row += 1 + hits;
                flat += hits;
                continue;
            }
            if row >= from {
                rows.push(ResultRow::Document { doc, hits });
            }
            row += 1;
            let skip = from.saturating_sub(row);
            let take = count - rows.len();
            rows.extend((skip..hits).take(take).map(|index| ResultRow::Hit { doc, index, flat: flat + index }));
            row += hits;
            flat += hits;
        }
        rows
    }

    /// How many rows the results overlay has.
    #[must_use]
    pub fn library_row_count(&self) -> usize {
        self.library.as_ref().map_or(0, |lib| lib.docs_found + lib.flat.len())
    }

    /// Open entry `flat` of the library results: switch document, highlight the query there,
    /// and show the hit.
    pub fn open_library_hit(&mut self, flat: usize) {
        let Some(lib) = &mut self.library else { return };
        let Some(&(doc, index)) = lib.flat.get(flat) else { return };
        lib.current = Some(flat);
        let query = lib.query.clone();
        let matches = lib.per_doc[doc].clone();
        self.switch_to(doc);
        let view = self.doc_mut();
        let mut finder = Finder::search(&query, "").unwrap_or_else(|| Finder::term(&query, None, Vec::new()));
        finder.matches = matches.ranges;
        finder.literal = matches.literal;
        finder.current = Some(index);
        let start = finder.matches[index].start;
        view.viewport.finder = Some(finder);
        view.record_jump();
        view.land(start);
        self.focus = Focus::Text;
        self.after_text_move();
    }

    /// Keys in the results overlay: move, and Enter opens the hit (or a document's first hit).
    pub(super) fn library_results_key(&mut self, selected: usize, step: Option<isize>, enter: bool) {
        if let Some(d) = step {
            let wanted = selected.saturating_add_signed(d);
            self.verify_library(wanted.max(self.results_list_height()).saturating_add(1));
            let selected = wanted.min(self.library_row_count().saturating_sub(1));
            self.overlay = Some(Overlay::LibraryResults { selected });
            self.preview_shown_results(selected);
        } else if enter {
            let rows = self.library_rows_from(selected, 2);
            let hit = |row: Option<&ResultRow>| match row {
                Some(ResultRow::Hit { flat, .. }) => Some(*flat),
                _ => None,
            };
            if let Some(flat) = hit(rows.first()).or_else(|| hit(rows.get(1))) {
                self.open_library_hit(flat);
            }
        }
    }

    /// `n`/`N` after a library search: the next or previous hit, across documents.
    pub(super) fn step_library(&mut self, forward: bool) -> bool {
        let Some(lib) = &self.library else { return false };
        // Past the hits verified so far (or back from the first): verify further first.
        let rows = match lib.current {
            Some(i) if forward => lib.docs_found + i + 2,
            _ if forward => 1,
            Some(i) if i > 0 => 0,
            _ => usize::MAX,
        };
        self.verify_library(rows);
        let Some(lib) = &self.library else { return false };
        let Some(next) = super::finder::wrap_step(lib.current, lib.flat.len(), forward) else { return false };
        self.open_library_hit(next);
        true
    }

    /// `3/57` over the whole library, for the status bar.
    #[must_use]
    pub fn library_position(&self) -> Option<String> {
        let lib = self.library.as_ref()?;
        Some(
            format!(
                "全库/{} {}/{}",
                lib.query,
                lib.current.map_or_else(|| "-".to_owned(), |i| (i + 1).to_string()),
                lib.flat.len(),
            ) + if lib.complete() { "" } else { "+" },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_found_by_pinyin_too() {
        let text = finder_text("政府工作报告", "2023.txt");
        assert!(text.contains("zfgzbg") && text.contains("zhengfugongzuobaogao") && text.contains("2023"));
    }
}
