//! The terms pane's entries and behaviour: each configured list with its total, then its terms
//! that occur, most frequent first. Selecting a term highlights its occurrences; `n`/`N` step
//! through them.

use super::{App, Finder, Focus};
use crate::terms::TermId;

/// One line of the terms pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRow {
    /// A list header with the number of hits of all its terms.
    List { list: usize, total: usize },
    /// A term that occurs, with its count.
    Term { id: TermId, count: usize },
}

impl App {
    /// The terms pane's lines for the current document.
    #[must_use]
    pub fn term_rows(&self) -> Vec<TermRow> {
        let counts = &self.doc().term_counts;
        let mut rows = Vec::new();
        for (list, list_counts) in counts.iter().enumerate() {
            rows.push(TermRow::List { list, total: list_counts.iter().sum() });
            let mut terms: Vec<(usize, usize)> =
                list_counts.iter().copied().enumerate().filter(|(_, count)| *count > 0).collect();
            terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            rows.extend(terms.into_iter().map(|(term, count)| TermRow::Term { id: TermId { list, term }, count }));
        }
        rows
    }

    fn term_height(&self) -> usize {
        self.panes.and_then(|p| p.terms).map_or(1, |t| usize::from(t.area.height.saturating_sub(2)).max(1))
    }

    /// Move the terms selection by `delta` term entries and highlight the selected term.
    pub(super) fn move_term(&mut self, delta: isize) {
        let rows = self.term_rows();
        let terms: Vec<usize> =
            rows.iter().enumerate().filter(|(_, r)| matches!(r, TermRow::Term { .. })).map(|(i, _)| i).collect();
        if terms.is_empty() {
            return;
        }
        let current = self.doc().terms.selected;
        let at = terms.iter().position(|&i| i >= current).unwrap_or(terms.len() - 1);
        let first_move = !matches!(self.doc().finder.as_ref().map(|f| &f.target), Some(super::Target::Term { .. }));
        let next =
            if first_move && delta.abs() == 1 { at } else { at.saturating_add_signed(delta).min(terms.len() - 1) };
        self.doc_mut().terms.selected = terms[next];
        self.keep_term_in_view();
        if let TermRow::Term { id, .. } = rows[terms[next]] {
            self.highlight_term(id);
        }
    }

    /// Highlight every occurrence of a term; `n`/`N` then step through them.
    pub fn highlight_term(&mut self, id: TermId) {
        let text = self.config.term_lists.get(id.list).and_then(|l| l.terms.get(id.term)).map(|t| t.text.clone());
        let doc = self.doc_mut();
        let ranges = doc.hits.iter().filter(|h| h.id == id).map(|h| h.range.clone()).collect();
        doc.finder = Some(Finder::term(id, &text.unwrap_or_default(), ranges));
    }

    /// Enter on a term: go to its next occurrence from the top of the screen.
    pub(super) fn activate_term(&mut self) {
        let rows = self.term_rows();
        if let Some(TermRow::Term { id, .. }) = rows.get(self.doc().terms.selected).copied() {
            let same = matches!(self.doc().finder.as_ref().map(|f| &f.target), Some(super::Target::Term { id: t, .. }) if *t == id);
            if !same {
                self.highlight_term(id);
            }
            self.search_step(true);
            self.focus = Focus::Terms;
        }
    }

    /// Scroll the terms list so the selection is visible.
    pub(super) fn keep_term_in_view(&mut self) {
        let height = self.term_height();
        let len = self.term_rows().len();
        let state = &mut self.doc_mut().terms;
        if state.selected < state.offset {
            state.offset = state.selected;
        } else if state.selected >= state.offset + height {
            state.offset = state.selected + 1 - height;
        }
        state.offset = state.offset.min(len.saturating_sub(height));
    }
}
