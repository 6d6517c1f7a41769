//! Formulations (提法): finding the configured terms in a document.
//!
//! All terms and aliases of all lists go into one leftmost-longest Aho-Corasick automaton, so
//! `基层党建` wins over `党建` where both could match, and each character of the text belongs to
//! at most one hit. Counts are therefore of *distinct* occurrences: a `党建` inside a
//! `基层党建` is counted for `基层党建`, not for `党建`.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::config::TermList;

/// Which term a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermId {
    pub list: usize,
    pub term: usize,
}

/// One occurrence of a configured term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the document text.
    pub range: Range<usize>,
    pub id: TermId,
}

/// The compiled matcher for a set of term lists.
#[derive(Debug, Clone)]
pub struct TermIndex {
    automaton: Option<AhoCorasick>,
    /// The term each pattern belongs to.
    owners: Vec<TermId>,
}

impl TermIndex {
    /// Compile the terms and aliases of `lists`.
    #[must_use]
    pub fn new(lists: &[TermList]) -> Self {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (l, list) in lists.iter().enumerate() {
            for (t, term) in list.terms.iter().enumerate() {
                for text in std::iter::once(&term.text).chain(&term.aliases) {
                    if !text.is_empty() {
                        patterns.push(text.as_str());
                        owners.push(TermId { list: l, term: t });
                    }
                }
            }
        }
        let automaton = (!patterns.is_empty())
            .then(|| AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok())
            .flatten();
        Self { automaton, owners }
    }

    /// Every occurrence in `text`, in order, never overlapping.
    #[must_use]
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else { return Vec::new() };
        ac.find_iter(text).map(|m| Hit { range: m.start()..m.end(), id: self.owners[m.pattern().as_usize()] }).collect()
    }
}

/// Counts of hits per term, as `counts[list][term]`.
#[must_use]
pub fn counts(lists: &[TermList], hits: &[Hit]) -> Vec<Vec<usize>> {
    let mut counts: Vec<Vec<usize>> = lists.iter().map(|l| vec![0; l.terms.len()]).collect();
    for hit in hits {
        counts[hit.id.list][hit.id.term] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{NamedColor, Term};

    fn list(name: &str, terms: &[(&str, &[&str])]) -> TermList {
        TermList {
            name: name.into(),
            color: NamedColor::Red,
            terms: terms
                .iter()
                .map(|(t, aliases)| Term {
                    text: (*t).into(),
                    aliases: aliases.iter().map(|a| (*a).into()).collect(),
                    note: None,
                })
                .collect(),
            origin: "test".into(),
        }
    }

    #[test]
    fn longest_term_wins_and_aliases_count_for_their_term() {
        let lists = [list("a", &[("党建", &[]), ("基层党建", &[])]), list("b", &[("中央八项规定", &["八项规定"])])];
        let index = TermIndex::new(&lists);
        let text = "抓基层党建，抓党建，落实八项规定和中央八项规定。";
        let hits = index.find(text);
        let found: Vec<_> = hits.iter().map(|h| &text[h.range.clone()]).collect();
        assert_eq!(found, ["基层党建", "党建", "八项规定", "中央八项规定"]);
        assert_eq!(counts(&lists, &hits), vec![vec![1, 1], vec![2]]);
    }

    #[test]
    fn no_terms_no_hits() {
        assert!(TermIndex::new(&[]).find("两个确立").is_empty());
    }
}
