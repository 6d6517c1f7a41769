//! Several documents in one reader: the documents overlay (filter as you type, fuzzy, pinyin
//! included), switching (each document keeps its own position, marks and notes), and the
//! library-wide search whose results `n`/`N` step through across documents.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};
use pinyin::ToPinyin;

use super::{App, Finder, Focus, Overlay};
use crate::search::across::{DocMatches, cores, search_all};

/// A search over every open document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibrarySearch {
    pub query: String,
    /// Matches per document.
    pub per_doc: Vec<DocMatches>,
    /// Every match as `(document, index in its matches)`, documents in order.
    pub flat: Vec<(usize, usize)>,
    /// The current entry of `flat`.
    pub current: Option<usize>,
}

/// One line of the library search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    /// A document with its number of hits.
    Document { doc: usize, hits: usize },
    /// A hit: document and match index.
    Hit { doc: usize, index: usize, flat: usize },
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
        if doc >= self.docs.len() || doc == self.current {
            return;
        }
        self.current = doc;
        self.doc_mut().study.opened = true;
        self.resize(self.size);
        self.after_text_move();
    }

    /// Documents matching the overlay's filter, best first (all of them, in order, for an empty
    /// filter).
    #[must_use]
    pub fn filtered_documents(&self, query: &str) -> Vec<usize> {
        if query.trim().is_empty() {
            return (0..self.docs.len()).collect();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let title = d.analysis.outline.frame.title.as_deref().unwrap_or("");
                let text = finder_text(title, &d.analysis.doc.source.name);
                pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher).map(|s| (s, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// Keys in the documents overlay: typing filters, ↑/↓ (or Ctrl-p/Ctrl-n) move, Enter opens,
    /// Esc closes.
    pub(super) fn documents_key(&mut self, key: crate::keymap::Key, mut query: String, selected: usize) {
        use crate::keymap::KeyCodeOrd;
        let count = self.filtered_documents(&query).len();
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
                selected = (selected + 1).min(count.saturating_sub(1));
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

    /// Run a library-wide search and show its results.
    pub(super) fn search_library(&mut self, query: &str) {
        let Some(matcher) = crate::search::Matcher::new(query) else {
            self.library = None;
            return;
        };
        let texts: Vec<&str> = self.docs.iter().map(|d| d.analysis.doc.text()).collect();
        let per_doc = search_all(&texts, &matcher, cores());
        let flat: Vec<(usize, usize)> =
            per_doc.iter().enumerate().flat_map(|(d, m)| (0..m.ranges.len()).map(move |i| (d, i))).collect();
        if flat.is_empty() {
            self.message = Some(format!("全部 {} 篇中未找到：{query}", self.docs.len()));
            self.library = None;
            return;
        }
        self.library = Some(LibrarySearch { query: query.to_owned(), per_doc, flat, current: None });
        self.overlay = Some(Overlay::LibraryResults { selected: 0 });
    }

    /// The rows of the results overlay: each document with hits, then its hits.
    #[must_use]
    pub fn library_rows(&self) -> Vec<ResultRow> {
        let Some(lib) = &self.library else { return Vec::new() };
        let mut rows = Vec::new();
        let mut flat = 0;
        for (doc, m) in lib.per_doc.iter().enumerate() {
            if m.ranges.is_empty() {
                continue;
            }
            rows.push(ResultRow::Document { doc, hits: m.ranges.len() });
            for index in 0..m.ranges.len() {
                rows.push(ResultRow::Hit { doc, index, flat });
                flat += 1;
            }
        }
        rows
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
        let rows = self.library_rows();
        if let Some(d) = step {
            let selected = selected.saturating_add_signed(d).min(rows.len().saturating_sub(1));
            self.overlay = Some(Overlay::LibraryResults { selected });
        } else if enter {
            let hit = |row: Option<&ResultRow>| match row {
                Some(ResultRow::Hit { flat, .. }) => Some(*flat),
                _ => None,
            };
            if let Some(flat) = hit(rows.get(selected)).or_else(|| hit(rows.get(selected + 1))) {
                self.open_library_hit(flat);
            }
        }
    }

    /// `n`/`N` after a library search: the next or previous hit, across documents.
    pub(super) fn step_library(&mut self, forward: bool) -> bool {
        let Some(lib) = &self.library else { return false };
        let Some(next) = super::finder::wrap_step(lib.current, lib.flat.len(), forward) else { return false };
        self.open_library_hit(next);
        true
    }

    /// `3/57` over the whole library, for the status bar.
    #[must_use]
    pub fn library_position(&self) -> Option<String> {
        let lib = self.library.as_ref()?;
        Some(format!(
            "全库/{} {}/{}",
            lib.query,
            lib.current.map_or_else(|| "-".to_owned(), |i| (i + 1).to_string()),
            lib.flat.len()
        ))
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
