//! The documents overlay's filter (`D`), fuzzy over each document's [`finder_text`], narrowing
//! as the user types.
//!
//! Typing extends the query one character at a time, and a document that does not match a
//! query cannot match it extended: fuzzy atoms match as subsequences, and a new atom only adds a
//! condition. So the filter remembers what each query typed so far matched, scores only those
//! documents for the next one, and answers a query it has seen (a redraw, a Backspace) from
//! memory. Queries with nucleo's special characters (negation `!`, anchors `^` `$`, exact `'`,
//! escapes `\`) are not narrowed: extending them can widen the match. Anything that changes the
//! documents' titles (the catalog filling in, a document read) forgets what was remembered.

use std::cell::RefCell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32String};

use super::{App, finder_text};

/// How many queries are remembered (a query typed is rarely longer).
const REMEMBERED: usize = 32;

/// What the queries typed so far matched, best first.
#[derive(Default)]
pub struct FilterMemo {
    entries: RefCell<Vec<(String, Vec<usize>)>>,
    /// How many documents the remembered answers are for.
    docs: std::cell::Cell<usize>,
}

impl FilterMemo {
    /// Forget every answer (the documents' titles changed).
    pub fn forget(&mut self) {
        self.entries.get_mut().clear();
    }
}

/// Whether every document matching `narrower` also matches `wider`, so that `narrower` can be
/// scored among `wider`'s matches alone.
fn narrows(wider: &str, narrower: &str) -> bool {
    let special = |c: char| matches!(c, '!' | '^' | '$' | '\'' | '\\');
    !wider.trim().is_empty() && narrower.starts_with(wider) && !narrower.contains(special)
}

impl App {
    /// Documents matching the overlay's filter, best first (all of them, in order, for an empty
    /// filter).
    #[must_use]
    pub fn filtered_documents(&self, query: &str) -> Vec<usize> {
        if query.trim().is_empty() {
            return (0..self.docs.len()).collect();
        }
        let memo = &self.filter_memo;
        if memo.docs.replace(self.docs.len()) != self.docs.len() {
            memo.entries.borrow_mut().clear();
        }
        let mut entries = memo.entries.borrow_mut();
        if let Some((_, found)) = entries.iter().find(|(q, _)| q == query) {
            return found.clone();
        }
        let wider = entries.iter().filter(|(q, _)| narrows(q, query)).max_by_key(|(q, _)| q.len());
        let found = match wider {
            Some((_, candidates)) => self.score_documents(query, candidates.iter().copied()),
            None => self.score_documents(query, 0..self.docs.len()),
        };
        if entries.len() >= REMEMBERED {
            entries.remove(0);
        }
        entries.push((query.to_owned(), found.clone()));
        found
    }

    /// Those of `candidates` that match `query`, best first (ties in library order).
    fn score_documents(&self, query: &str, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
        let mut scored: Vec<(u32, usize)> = candidates
            .filter_map(|i| {
                let d = self.docs.get(i)?;
                let text = d
                    .finder_key
                    .get_or_init(|| Utf32String::from(finder_text(&d.list_title(), &d.analysis.doc.source.name)));
                pattern.score(text.slice(..), &mut matcher).map(|s| (s, i))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// Documents matching `query`, scored among all of them: what [`App::filtered_documents`]
    /// must answer, narrowing or not.
    #[must_use]
    pub fn filtered_documents_afresh(&self, query: &str) -> Vec<usize> {
        if query.trim().is_empty() {
            return (0..self.docs.len()).collect();
        }
        self.score_documents(query, 0..self.docs.len())
    }
}
