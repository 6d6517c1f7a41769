//! Finding configured terms in a document.
//!
//! All terms and aliases of all lists go into one leftmost-longest Aho-Corasick automaton, so
//! `基层党建` wins over `党建` where both could match, and each character belongs to at most one
//! hit. A term's **count** is therefore its distinct occurrences, the ones highlighted; the
//! occurrences hidden inside a longer configured term are counted apart as **inside** (the
//! reference speech has `党建` 14 times: 9 on its own and 5 inside `基层党建`).
//!
//! Compiling is linear in the total length of the patterns; [`crate::terms::limits`] bounds
//! their number and length when the lists are read.
//!
//! Three things real texts need on top: full-width spellings of terms with Latin letters or digits
//! (`５Ｇ` for `5G`) are matched too, a term broken by a source line break (text copied from web
//! pages) is found across the break, and a term quoted in traditional characters (`兩個確立`)
//! counts for its simplified spelling ([`crate::script`]; terms and text are both folded, and
//! folding keeps every offset).

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::TermList;

/// Which term a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    pub list: usize,
    pub term: usize,
}

/// One occurrence of a configured term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the document text (it may span a line break).
    pub range: Range<usize>,
    pub id: TermId,
}

/// The compiled matcher for a set of term lists.
#[derive(Debug, Clone)]
pub struct TermIndex {
    leftmost: Option<AhoCorasick>,
    /// Only the patterns that occur inside another term's pattern (`党建` in `基层党建`), for
    /// counting occurrences hidden inside longer hits.
    contained: Option<AhoCorasick>,
    /// The term of each `contained` pattern.
    contained_owners: Vec<TermId>,
    /// Terms that have a contained pattern inside them.
    containers: HashSet<TermId>,
    /// The term each pattern belongs to.
    owners: Vec<TermId>,
    /// Longest pattern, in chars: how far a match can reach across a line break.
    longest: usize,
    /// Every configured term and alias as written (what discovery checks a quoted phrase against).
    configured: HashSet<String>,
}

/// The full-width form of ASCII letters and digits (`5G` → `５Ｇ`); spaces stay.
fn full_width(s: &str) -> String {
    s.chars().map(|c| if c == ' ' { c } else { crate::width::full_width(c) }).collect()
}

impl TermIndex {
    /// Compile the terms and aliases of `lists`.
    #[must_use]
    pub fn new(lists: &[TermList]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        let mut seen = HashSet::new();
        for (l, list) in lists.iter().enumerate() {
            for (t, term) in list.terms.iter().enumerate() {
                for text in std::iter::once(&term.text).chain(&term.aliases) {
                    let text = crate::script::fold(text);
                    for form in [text.to_string(), full_width(&text)] {
                        if !form.is_empty() && seen.insert(form.clone()) {
                            patterns.push(form);
                            owners.push(TermId { list: l, term: t });
                        }
                    }
                }
            }
        }
        let longest = patterns.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        let leftmost = (!patterns.is_empty())
            .then(|| {
                // A DFA is fastest to search but costs states × alphabet to build: small lists only.
                let total: usize = patterns.iter().map(String::len).sum();
                let kind = (patterns.len() <= 5000 && total <= 64 * 1024).then_some(AhoCorasickKind::DFA);
                AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).kind(kind).build(&patterns).ok()
            })
            .flatten();
        // Which patterns occur inside a longer pattern of another term: one automaton over all
        // patterns, run over each pattern (linear in their total length; comparing every pair
        // was quadratic in their number).
        let mut inner = vec![false; patterns.len()];
        let mut containers = HashSet::new();
        let all = (patterns.len() > 1)
            .then(|| AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&patterns).ok())
            .flatten();
        for (i, host) in patterns.iter().enumerate().filter(|_| all.is_some()) {
            for m in all.iter().flat_map(|ac| ac.find_overlapping_iter(host.as_str())) {
                let j = m.pattern().as_usize();
                if owners[j] != owners[i] && patterns[j].len() < host.len() {
                    inner[j] = true;
                    containers.insert(owners[i]);
                }
            }
        }
        let contained: Vec<&String> = patterns.iter().zip(&inner).filter(|(_, i)| **i).map(|(p, _)| p).collect();
        let contained_owners: Vec<TermId> = owners.iter().zip(&inner).filter(|(_, i)| **i).map(|(o, _)| *o).collect();
        let contained = (!contained.is_empty())
            .then(|| AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&contained).ok())
            .flatten();
        let configured = super::configured_words(lists).into_iter().map(str::to_owned).collect();
        Self { leftmost, contained, contained_owners, containers, owners, longest, configured }
    }

    /// Every configured term and alias of the lists this index was compiled from.
    #[must_use]
    pub fn configured(&self) -> &HashSet<String> {
        &self.configured
    }

    /// Every occurrence in `text`, in order, never overlapping. Traditional characters count as
    /// their simplified forms; ranges are those of `text` (folding keeps every offset).
    #[must_use]
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.leftmost else { return Vec::new() };
        let text = &*crate::script::fold(text);
        let mut hits: Vec<Hit> = ac
            .find_iter(text)
            .map(|m| Hit { range: m.start()..m.end(), id: self.owners[m.pattern().as_usize()] })
            .collect();
        let seams = self.across_line_breaks(ac, text, &hits);
        if !seams.is_empty() {
            // A term across a break is longer than any hit it covers: it replaces them.
            hits.retain(|h| !seams.iter().any(|s| s.range.start <= h.range.start && h.range.end <= s.range.end));
            hits.extend(seams);
            hits.sort_by_key(|h| h.range.start);
        }
        hits
    }

    /// Terms cut by a line break: join the end of each line with the start of the next (without
    /// the break and the next line's indent) and keep matches that cross the join and overlap no
    /// other hit.
    fn across_line_breaks(&self, ac: &AhoCorasick, text: &str, hits: &[Hit]) -> Vec<Hit> {
        let mut found = Vec::new();
        let reach = self.longest.saturating_sub(1);
        if reach == 0 {
            return found;
        }
        let mut joined = String::new();
        for (nl, _) in text.match_indices('\n') {
            let before_start = text[..nl].char_indices().rev().nth(reach - 1).map_or(0, |(i, _)| i);
            let after = &text[nl + 1..];
            let indent = after.len() - after.trim_start_matches([' ', '\t', '\u{3000}']).len();
            let after_start = nl + 1 + indent;
            let after_end = text[after_start..].char_indices().nth(reach).map_or(text.len(), |(i, _)| after_start + i);
            let head = &text[before_start..nl];
            let tail = &text[after_start..after_end];
            // A line that ends a sentence is a real paragraph break, not a broken line.
            let ends_sentence = head.trim_end().ends_with(['。', '！', '？', '；', '：', '”', '）', '…']);
            if head.is_empty() || tail.is_empty() || tail.starts_with('\n') || ends_sentence {
                continue;
            }
            joined.clear();
            joined.push_str(head);
            joined.push_str(tail);
            for m in ac.find_iter(&joined) {
                if m.start() < head.len() && m.end() > head.len() {
                    let range = before_start + m.start()..after_start + (m.end() - head.len());
                    // Hits that the seam match covers whole give way to it; one reaching out of
                    // it wins instead.
                    let i = hits.partition_point(|h| h.range.end <= range.start);
                    let overlaps = hits[i..]
                        .iter()
                        .take_while(|h| h.range.start < range.end)
                        .any(|h| h.range.start < range.start || h.range.end > range.end)
                        || found.last().is_some_and(|h: &Hit| range.start < h.range.end);
                    if !overlaps {
                        found.push(Hit { range, id: self.owners[m.pattern().as_usize()] });
                    }
                }
            }
        }
        found
    }

    /// For each term, how many of its occurrences lie inside a hit of another, longer term, as
    /// `inside[list][term]`. These are not in `hits`.
    #[must_use]
    pub fn inside_longer(&self, lists: &[TermList], text: &str, hits: &[Hit]) -> Vec<Vec<usize>> {
        let mut inside: Vec<Vec<usize>> = lists.iter().map(|l| vec![0; l.terms.len()]).collect();
        let Some(ac) = &self.contained else { return inside };
        let text = &*crate::script::fold(text);
        // Only hits of terms that contain another term's pattern can hide one.
        for hit in hits.iter().filter(|h| self.containers.contains(&h.id)) {
            for m in ac.find_overlapping_iter(&text[hit.range.clone()]) {
                let id = self.contained_owners[m.pattern().as_usize()];
                if id != hit.id {
                    inside[id.list][id.term] += 1;
                }
            }
        }
        inside
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
    use crate::terms::{NamedColor, Term};

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

    fn found<'a>(text: &'a str, hits: &[Hit]) -> Vec<&'a str> {
        hits.iter().map(|h| &text[h.range.clone()]).collect()
    }

    #[test]
    fn longest_term_wins_and_aliases_count_for_their_term() {
        let lists = [list("a", &[("党建", &[]), ("基层党建", &[])]), list("b", &[("中央八项规定", &["八项规定"])])];
        let index = TermIndex::new(&lists);
        let text = "抓基层党建，抓党建，落实八项规定和中央八项规定。";
        let hits = index.find(text);
        assert_eq!(found(text, &hits), ["基层党建", "党建", "八项规定", "中央八项规定"]);
        assert_eq!(counts(&lists, &hits), vec![vec![1, 1], vec![2]]);
        // 党建 also sits inside 基层党建: counted apart. 八项规定 inside 中央八项规定 is the same
        // term (an alias), so it is not "inside another term".
        assert_eq!(index.inside_longer(&lists, text, &hits), vec![vec![1, 0], vec![0]]);
    }

    #[test]
    fn a_term_broken_by_a_line_break_is_found() {
        let lists = [list("a", &[("两个确立", &[]), ("确立", &[])])];
        let index = TermIndex::new(&lists);
        let text = "深刻领悟两个\n　　确立的决定性意义，两个确立。";
        let hits = index.find(text);
        assert_eq!(found(text, &hits), ["两个\n　　确立", "两个确立"]);
        assert!(hits.iter().all(|h| h.id.term == 0));
    }

    #[test]
    fn traditional_spellings_count_with_exact_offsets() {
        let lists = [list("a", &[("两个确立", &[]), ("高質量發展", &[])])];
        let index = TermIndex::new(&lists);
        let text = "　　兩個確立，两个确立；推動高質量發展和高质量发展。兩個\n　　確立";
        let hits = index.find(text);
        assert_eq!(found(text, &hits), ["兩個確立", "两个确立", "高質量發展", "高质量发展", "兩個\n　　確立"]);
        assert_eq!(counts(&lists, &hits), vec![vec![3, 2]]);
    }

    #[test]
    fn full_width_spellings_match() {
        let lists = [list("a", &[("5G", &[]), ("G20", &[])])];
        let index = TermIndex::new(&lists);
        let text = "建设５Ｇ基站，Ｇ２０峰会，5G。";
        assert_eq!(found(text, &index.find(text)), ["５Ｇ", "Ｇ２０", "5G"]);
    }

    proptest::proptest! {
        /// The containment found with one automaton is the one comparing every pair finds.
        #[test]
        fn containment_matches_the_pairwise_definition(
            terms in proptest::collection::vec("[党建基层]{1,4}", 1..12),
            split in 0usize..12,
        ) {
            let split = split.min(terms.len());
            let as_list = |name: &str, ts: &[String]| list(name, &ts.iter().map(|t| (t.as_str(), &[][..])).collect::<Vec<_>>());
            let lists = [as_list("a", &terms[..split]), as_list("b", &terms[split..])];
            let index = TermIndex::new(&lists);
            // Rebuild the pattern list the way `new` does, then apply the pairwise definition.
            let mut pats: Vec<(String, TermId)> = Vec::new();
            let mut seen = HashSet::new();
            for (l, list) in lists.iter().enumerate() {
                for (t, term) in list.terms.iter().enumerate() {
                    if seen.insert(term.text.clone()) {
                        pats.push((term.text.clone(), TermId { list: l, term: t }));
                    }
                }
            }
            let mut want_owners = Vec::new();
            let mut want_containers = HashSet::new();
            for (i, (p, o)) in pats.iter().enumerate() {
                let hosts: Vec<TermId> = pats.iter().enumerate()
                    .filter(|(j, (q, qo))| *j != i && qo != o && q.len() > p.len() && q.contains(p.as_str()))
                    .map(|(_, (_, qo))| *qo).collect();
                if !hosts.is_empty() {
                    want_owners.push(*o);
                    want_containers.extend(hosts);
                }
            }
            proptest::prop_assert_eq!(&index.contained_owners, &want_owners);
            proptest::prop_assert_eq!(&index.containers, &want_containers);
        }
    }

    #[test]
    fn no_terms_no_hits() {
        assert!(TermIndex::new(&[]).find("两个确立").is_empty());
    }
}
