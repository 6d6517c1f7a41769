//! The active highlight that `n` and `N` step through: a text search, or the occurrences of a
//! selected term.

use std::ops::Range;

use crate::search::{MatchKind, Matcher};
use crate::terms::NamedColor;

/// What is being highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A `/` search; pinyin matches follow the literal ones.
    Search { query: String },
    /// A term selected in the terms pane, highlighted in its list's colour.
    Term { text: String, color: Option<NamedColor> },
}

/// Matches in stepping order, and which one is current.
#[derive(Debug, Clone)]
pub struct Finder {
    pub target: Target,
    /// Byte ranges: literal matches in text order, then pinyin matches in text order.
    pub matches: Vec<Range<usize>>,
    /// How many of `matches` are literal.
    pub literal: usize,
    pub current: Option<usize>,
}

impl Finder {
    /// Search `text` for `query`. `None` for an empty query.
    #[must_use]
    pub fn search(query: &str, text: &str) -> Option<Self> {
        let matcher = Matcher::new(query)?;
        let all = matcher.all(text);
        let literal = all.iter().filter(|m| m.kind == MatchKind::Literal).count();
        Some(Self {
            target: Target::Search { query: query.to_owned() },
            matches: all.into_iter().map(|m| m.range).collect(),
            literal,
            current: None,
        })
    }

    /// Highlight given occurrences of a term.
    #[must_use]
    pub fn term(text: &str, color: Option<NamedColor>, matches: Vec<Range<usize>>) -> Self {
        let literal = matches.len();
        Self { target: Target::Term { text: text.to_owned(), color }, matches, literal, current: None }
    }

    /// How many matches start inside `span` (both tiers are in text order).
    #[must_use]
    pub fn count_in(&self, span: &Range<usize>) -> usize {
        [&self.matches[..self.literal], &self.matches[self.literal..]]
            .iter()
            .map(|tier| tier.partition_point(|m| m.start < span.end) - tier.partition_point(|m| m.start < span.start))
            .sum()
    }

    /// The first match at or after `byte` in stepping order (literal matches first), wrapping
    /// around to the start.
    #[must_use]
    pub fn first_from(&self, byte: usize) -> Option<usize> {
        let tiers = [0..self.literal, self.literal..self.matches.len()];
        for tier in &tiers {
            let slice = &self.matches[tier.clone()];
            if slice.is_empty() {
                continue;
            }
            let i = slice.partition_point(|m| m.start < byte);
            return Some(tier.start + if i < slice.len() { i } else { 0 });
        }
        None
    }

    /// Step to the next (`forward`) or previous match, wrapping around.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let next = wrap_step(self.current, self.matches.len(), forward)?;
        self.current = Some(next);
        Some(next)
    }

    /// The byte range of the current match.
    #[must_use]
    pub fn current_range(&self) -> Option<Range<usize>> {
        self.current.and_then(|i| self.matches.get(i).cloned())
    }

    /// `3/17` for the status bar, `0/0` when nothing matched.
    #[must_use]
    pub fn position(&self) -> String {
        match self.current {
            Some(i) => format!("{}/{}", i + 1, self.matches.len()),
            None => format!("-/{}", self.matches.len()),
        }
    }

    /// What is being looked for, for the status bar.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.target {
            Target::Search { query } => format!("/{query}"),
            Target::Term { text, .. } => text.clone(),
        }
    }
}

/// The index after (`forward`) or before `current` among `len` items, wrapping around; the first
/// when there is no current one, `None` when there are no items.
pub fn wrap_step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match current {
        None => 0,
        Some(i) if forward => (i + 1) % len,
        Some(i) => (i + len - 1) % len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_wraps_both_ways() {
        let mut f = Finder::term("x", None, vec![0..1, 5..6, 9..10]);
        assert_eq!(f.count_in(&(1..9)), 1);
        assert_eq!(f.first_from(6), Some(2));
        assert_eq!(f.first_from(11), Some(0), "wraps to the first match");
        f.current = Some(2);
        assert_eq!(f.step(true), Some(0));
        assert_eq!(f.step(false), Some(2));
        assert_eq!(f.position(), "3/3");
    }

    #[test]
    fn literal_matches_come_before_pinyin_ones() {
        let f = Finder::search("dangjian", "党建工作，dangjian 是拼音。党建").unwrap();
        assert_eq!(f.literal, 1);
        assert_eq!(f.matches.len(), 3);
        assert_eq!(f.first_from(0), Some(0), "the literal match comes first");
    }
}
