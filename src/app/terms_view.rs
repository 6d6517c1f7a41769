//! The terms pane's entries and behaviour. Groups, in order: each configured list (in its colour,
//! with counts), new formulations the document introduces, other quoted phrases, and keywords.
//! Selecting an entry highlights its occurrences; `n`/`N` step through them; Enter opens the
//! concordance; `a` adds a discovered term to the user's list.

use super::doc_view::Keywords;
use super::{App, Finder, Focus, Overlay};
use crate::terms::NamedColor;
use crate::terms::{TermId, occurrences};

/// A group of the terms pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A configured list.
    List(usize),
    /// Numeric formulas found in quotes and not configured.
    New,
    /// Other quoted phrases, not configured.
    Quoted,
    Keywords,
}

/// One line of the terms pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRow {
    /// A group header, with the number of occurrences (or entries) in it.
    Header { group: Group, count: usize },
    /// A configured term that occurs: distinct hits, and hits inside a longer term.
    Configured { id: TermId, count: usize, inside: usize },
    /// A discovered formulation (`New`) or quoted phrase (`Quoted`), by index.
    Found { group: Group, index: usize },
    /// A keyword, by index.
    Keyword { index: usize },
    /// Keywords are being computed.
    Pending,
}

impl TermRow {
    fn selectable(self) -> bool {
        matches!(self, Self::Configured { .. } | Self::Found { .. } | Self::Keyword { .. })
    }
}

/// Colours of the groups that have no list colour.
pub const NEW_COLOR: NamedColor = NamedColor::LightMagenta;
/// The colour keywords are highlighted in.
pub const KEYWORD_COLOR: NamedColor = NamedColor::LightBlue;

impl App {
    /// The terms pane's lines for the current document.
    #[must_use]
    pub fn term_rows(&self) -> Vec<TermRow> {
        let report = &self.doc().analysis.terms;
        let mut rows = Vec::new();
        let view = self.doc();
        for (list, counts) in report.counts.iter().enumerate() {
            // The glossary's own mentions are counted apart (see `term_detail`).
            let outside = |term: usize| counts[term].saturating_sub(view.configured_in_glossary(TermId { list, term }));
            rows.push(TermRow::Header { group: Group::List(list), count: (0..counts.len()).map(outside).sum() });
            let mut terms: Vec<TermRow> = (0..counts.len())
                .map(|term| TermRow::Configured {
                    id: TermId { list, term },
                    count: outside(term),
                    inside: report.inside[list][term],
                })
                .filter(|r| matches!(r, TermRow::Configured { count, .. } if *count > 0))
                .collect();
            terms.sort_by_key(|r| match r {
                TermRow::Configured { count, id, .. } => (usize::MAX - count, id.term),
                _ => (0, 0),
            });
            rows.extend(terms);
        }
        for (group, found) in [(Group::New, &report.discovered.formulas), (Group::Quoted, &report.discovered.quoted)] {
            let mut fresh: Vec<usize> = (0..found.len()).filter(|&i| !found[i].in_config).collect();
            // Most frequent in the text first, the glossary's own mentions not counted.
            fresh.sort_by_key(|&i| {
                std::cmp::Reverse(found[i].count.saturating_sub(view.found_in_glossary(&found[i].text)))
            });
            rows.push(TermRow::Header { group, count: fresh.len() });
            rows.extend(fresh.into_iter().map(|index| TermRow::Found { group, index }));
        }
        match &self.doc().analysis.keywords {
            Keywords::Ready(words) => {
                rows.push(TermRow::Header { group: Group::Keywords, count: words.len() });
                rows.extend((0..words.len()).map(|index| TermRow::Keyword { index }));
            }
            Keywords::Pending => {
                rows.push(TermRow::Header { group: Group::Keywords, count: 0 });
                rows.push(TermRow::Pending);
            }
            Keywords::NotStarted => {}
        }
        rows
    }

    /// How often a discovered formulation or quoted phrase occurs outside the glossary block.
    #[must_use]
    pub fn found_count(&self, group: Group, index: usize) -> usize {
        let found = &self.doc().analysis.terms.discovered;
        let list = if group == Group::New { &found.formulas } else { &found.quoted };
        list.get(index).map_or(0, |f| f.count.saturating_sub(self.doc().found_in_glossary(&f.text)))
    }

    /// The text and highlight colour of a selectable row.
    #[must_use]
    pub fn row_term(&self, row: TermRow) -> Option<(String, Option<NamedColor>)> {
        let doc = self.doc();
        let lists = &self.config.term_lists;
        match row {
            TermRow::Configured { id, .. } => {
                lists.get(id.list).and_then(|l| l.terms.get(id.term).map(|t| (t.text.clone(), Some(l.color))))
            }
            TermRow::Found { group, index } => {
                let found = if group == Group::New {
                    &doc.analysis.terms.discovered.formulas
                } else {
                    &doc.analysis.terms.discovered.quoted
                };
                found.get(index).map(|f| (f.text.clone(), Some(NEW_COLOR)))
            }
            TermRow::Keyword { index } => match &doc.analysis.keywords {
                Keywords::Ready(words) => words.get(index).map(|k| (k.word.clone(), Some(KEYWORD_COLOR))),
                _ => None,
            },
            TermRow::Header { .. } | TermRow::Pending => None,
        }
    }

    /// The selected row, if it is a term.
    #[must_use]
    pub fn selected_term_row(&self) -> Option<TermRow> {
        self.term_rows().get(self.doc().viewport.terms_pane.selected).copied().filter(|r| r.selectable())
    }

    fn term_height(&self) -> usize {
        // Two border rows and the note line.
        self.panes.and_then(|p| p.terms).map_or(1, |t| usize::from(t.area.height.saturating_sub(3)).max(1))
    }

    /// Move the terms selection by `delta` entries (headers are skipped) and highlight it.
    pub(super) fn move_term(&mut self, delta: isize) {
        let rows = self.term_rows();
        let selectable: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].selectable()).collect();
        if selectable.is_empty() {
            return;
        }
        let current = self.doc().viewport.terms_pane.selected;
        let at = selectable.iter().position(|&i| i >= current).unwrap_or(selectable.len() - 1);
        let highlighted =
            matches!(self.doc().viewport.finder.as_ref().map(|f| &f.target), Some(super::Target::Term { .. }));
        // The first move onto the list selects the entry under the cursor.
        let next = if !highlighted && delta.abs() == 1 {
            at
        } else {
            at.saturating_add_signed(delta).min(selectable.len() - 1)
        };
        self.doc_mut().viewport.terms_pane.selected = selectable[next];
        self.keep_term_in_view();
        self.highlight_row(rows[selectable[next]]);
    }

    /// Highlight every occurrence of a row's term; `n`/`N` then step through them.
    pub fn highlight_row(&mut self, row: TermRow) {
        let Some((text, color)) = self.row_term(row) else { return };
        let doc = self.doc_mut();
        let ranges = match row {
            TermRow::Configured { id, .. } => doc.analysis.terms.ranges_of(id),
            _ => occurrences(doc.analysis.doc.text(), &text),
        };
        doc.viewport.finder = Some(Finder::term(&text, color, ranges));
    }

    /// Enter on a term: open its concordance.
    pub(super) fn activate_term(&mut self) {
        let Some(row) = self.selected_term_row() else { return };
        let current = matches!(self.doc().viewport.finder.as_ref().map(|f| &f.target), Some(super::Target::Term { text, .. }) if self.row_term(row).is_some_and(|(t, _)| t == *text));
        if !current {
            self.highlight_row(row);
        }
        if self.doc().viewport.finder.as_ref().is_some_and(|f| !f.matches.is_empty()) {
            self.overlay = Some(Overlay::Concordance { selected: 0, offset: 0 });
        }
        self.focus = Focus::Terms;
    }

    /// Scroll the terms list so the selection is visible.
    pub(super) fn keep_term_in_view(&mut self) {
        let height = self.term_height();
        let len = self.term_rows().len();
        let state = &mut self.doc_mut().viewport.terms_pane;
        if state.selected < state.offset {
            state.offset = state.selected;
        } else if state.selected >= state.offset + height {
            state.offset = state.selected + 1 - height;
        }
        state.offset = state.offset.min(len.saturating_sub(height));
    }

    /// The detail line for the selected term: its note, or what can be done with it.
    #[must_use]
    pub fn term_detail(&self) -> Option<String> {
        let row = self.selected_term_row()?;
        let (text, _) = self.row_term(row)?;
        let note = self.doc().analysis.terms.note(&self.config.term_lists, &text).map(str::to_owned);
        let in_glossary = match row {
            TermRow::Configured { id, .. } => self.doc().configured_in_glossary(id),
            TermRow::Found { .. } => self.doc().found_in_glossary(&text),
            _ => 0,
        };
        let note = if in_glossary > 0 {
            Some(format!("另有 {in_glossary} 处在名词解释中。{}", note.unwrap_or_default()))
        } else {
            note
        };
        match row {
            TermRow::Configured { inside, .. } if inside > 0 => {
                Some(format!("另有 {inside} 次包含在更长的提法中。{}", note.unwrap_or_default()))
            }
            TermRow::Found { .. } | TermRow::Keyword { .. } => {
                Some(note.map_or_else(|| "按 a 加入我的词表".to_owned(), |n| format!("{n}（按 a 加入词表）")))
            }
            _ => note,
        }
    }
}
