//! Formulations (提法) and keywords: the configured term lists found in a document, the quoted
//! formulas it introduces, and what it is about. Plain analysis; no terminal here.

pub mod concordance;
pub mod context;
pub mod discovery;
pub mod glossary_link;
pub mod keywords;
pub mod limits;
pub mod list;
mod matching;

use std::collections::{HashMap, HashSet};

pub use discovery::{Discovered, Formulation};
pub use keywords::worker::KeywordWorker;
pub use keywords::{Keyword, Method, Segmenter, weight_bar};
pub use limits::LimitError;
pub use list::{NamedColor, Term, TermList};
pub use matching::{Hit, TermId, TermIndex, counts};

use crate::document::Document;
use crate::structure::Outline;
use crate::structure::glossary_bare_term;

/// Everything about terms in one document except keywords (which need jieba, and come later).
#[derive(Debug, Clone, Default)]
pub struct TermReport {
    /// Configured-term hits, in text order, never overlapping.
    pub hits: Vec<Hit>,
    /// Hits per term, as `counts[list][term]`.
    pub counts: Vec<Vec<usize>>,
    /// Occurrences inside a longer configured term, as `inside[list][term]`.
    pub inside: Vec<Vec<usize>>,
    pub discovered: Discovered,
    /// Definitions from the document's own `名词解释`, by term.
    pub glossary: HashMap<String, String>,
}

/// Every configured term and alias.
#[must_use]
pub fn configured_words(lists: &[TermList]) -> HashSet<&str> {
    lists
        .iter()
        .flat_map(|l| &l.terms)
        .flat_map(|t| std::iter::once(&t.text).chain(&t.aliases))
        .map(String::as_str)
        .collect()
}

impl TermReport {
    /// Analyse the terms of a document.
    #[must_use]
    pub fn new(doc: &Document, outline: &Outline, lists: &[TermList]) -> Self {
        Self::with_index(doc, outline, lists, &TermIndex::new(lists))
    }

    /// As [`TermReport::new`], with an index compiled once for several documents.
    #[must_use]
    pub fn with_index(doc: &Document, outline: &Outline, lists: &[TermList], index: &TermIndex) -> Self {
        let text = doc.text();
        let hits = index.find(text);
        let counts = counts(lists, &hits);
        let inside = index.inside_longer(lists, text, &hits);
        let discovered = discovery::discover(text, index.configured());
        let glossary =
            outline.glossary.iter().map(|e| (glossary_bare_term(&e.term).to_owned(), e.definition.clone())).collect();
        Self { hits, counts, inside, discovered, glossary }
    }

    /// Byte ranges of a configured term's hits.
    #[must_use]
    pub fn ranges_of(&self, id: TermId) -> Vec<std::ops::Range<usize>> {
        self.hits.iter().filter(|h| h.id == id).map(|h| h.range.clone()).collect()
    }

    /// The note for a term: its configured note, else the document's own definition.
    #[must_use]
    pub fn note<'a>(&'a self, lists: &'a [TermList], text: &str) -> Option<&'a str> {
        let configured =
            lists.iter().flat_map(|l| &l.terms).find(|t| t.text == text || t.aliases.iter().any(|a| a == text));
        configured.and_then(|t| t.note.as_deref()).or_else(|| self.glossary.get(text).map(String::as_str))
    }

    /// The words jieba must keep whole: configured terms, aliases and discovered formulations.
    #[must_use]
    pub fn words<'a>(&'a self, lists: &'a [TermList]) -> Vec<&'a str> {
        let mut words: Vec<&str> = configured_words(lists).into_iter().collect();
        words.extend(self.discovered.formulas.iter().chain(&self.discovered.quoted).map(|f| f.text.as_str()));
        words.sort_unstable();
        words.dedup();
        words
    }
}

/// Byte ranges of every occurrence of `phrase` (for highlighting a discovered term or keyword).
#[must_use]
pub fn occurrences(text: &str, phrase: &str) -> Vec<std::ops::Range<usize>> {
    if phrase.is_empty() {
        return Vec::new();
    }
    text.match_indices(phrase).map(|(i, m)| i..i + m.len()).collect()
}
