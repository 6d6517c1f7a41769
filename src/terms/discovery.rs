//! Formulations a document introduces that nobody configured: quoted phrases.
//!
//! A `“…”` whose content starts with a numeral (一二两三四五六七八九十百千万) and has 2–12
//! characters is a numeric formula (数字化概括: `“四抓两整治”`, `“一条例两办法一规定”`), the best
//! automatic signal. Other quoted phrases of 2–12 characters are weaker candidates
//! (`“学习强国”`). Each candidate is then counted everywhere it occurs and stands as a term, quoted
//! or not (not inside a number: [`super::context`]).

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Numerals that open a numeric formula.
const NUMERALS: &str = "一二两三四五六七八九十百千万";
/// A quoted phrase with any of these inside is a sentence or a list, not a formulation.
const NOT_INSIDE: &[char] =
    &['。', '！', '？', '；', '，', '：', '、', '“', '”', '\n', ' ', '\u{3000}', ',', '.', ';', ':'];

/// A discovered formulation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Formulation {
    /// The phrase, without its quotes.
    pub text: String,
    /// Occurrences anywhere in the text, quoted or not.
    pub count: usize,
    /// Byte offset of the first occurrence.
    #[serde(skip)]
    pub first: usize,
    /// Is it already a configured term (or alias)?
    pub in_config: bool,
}

/// What discovery finds: numeric formulas, and other quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovered {
    pub formulas: Vec<Formulation>,
    pub quoted: Vec<Formulation>,
}

/// Is this quoted content a numeric formula?
#[must_use]
pub fn is_numeric_formula(content: &str) -> bool {
    content.chars().next().is_some_and(|c| NUMERALS.contains(c))
}

/// Find the quoted phrases of `text`. `configured` holds the configured terms and aliases.
/// Phrases are reported in simplified characters ([`crate::script`]), so `“兩個確立”` is
/// `两个确立` and counts with it.
#[must_use]
pub fn discover<T, S>(text: &str, configured: &HashSet<T, S>) -> Discovered
where
    T: std::borrow::Borrow<str> + Eq + std::hash::Hash,
    S: std::hash::BuildHasher,
{
    let folded = crate::script::fold(text);
    let text = &*folded;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut rest = 0;
    let finder = memchr::memmem::Finder::new("“");
    while let Some(open) = finder.find(&text.as_bytes()[rest..]) {
        let start = rest + open + '“'.len_utf8();
        let window = &text[start..];
        let Some(close) = window.char_indices().take(14).find(|(_, c)| matches!(c, '”' | '“')).map(|(i, _)| i)
        else {
            rest = start;
            continue;
        };
        let content = &window[..close];
        if window[close..].starts_with('”') {
            let chars = content.chars().count();
            if (2..=12).contains(&chars) && !content.contains(NOT_INSIDE) && !seen.contains_key(content) {
                seen.insert(content, start);
                order.push(content);
            }
        }
        rest = start + close;
    }
    let counts = count_all(text, &order);
    let mut found = Discovered::default();
    for (content, (count, first)) in order.into_iter().zip(counts) {
        let first = first.unwrap_or(seen[content]);
        let f = Formulation { text: content.to_owned(), count, first, in_config: configured.contains(content) };
        if is_numeric_formula(content) { found.formulas.push(f) } else { found.quoted.push(f) }
    }
    for list in [&mut found.formulas, &mut found.quoted] {
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
    }
    found
}

/// Occurrences of each phrase and the byte offset of its first one, in one pass
/// (leftmost-longest, so a phrase inside a longer one is not counted twice). Only occurrences
/// that stand as a term count ([`super::context`]: not `六五` in `三百八十六点六五斤`).
fn count_all(text: &str, phrases: &[&str]) -> Vec<(usize, Option<usize>)> {
    let mut counts = vec![(0, None); phrases.len()];
    if phrases.is_empty() {
        return counts;
    }
    // A DFA is several times faster than the default NFA here, and small for this many phrases.
    let kind = (phrases.len() <= 5000).then_some(AhoCorasickKind::DFA);
    let Ok(ac) = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).kind(kind).build(phrases) else {
        return counts;
    };
    for m in ac.find_iter(text).filter(|m| super::context::stands_as_term(text, m.range())) {
        let entry = &mut counts[m.pattern().as_usize()];
        entry.0 += 1;
        entry.1.get_or_insert(m.start());
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_formulas_and_quoted_phrases() {
        let text = "落实“四抓两整治”措施，用好“学习强国”，坚持“一盘棋”。四抓两整治要抓实。“今天再晚也是早、明天再早也是晚”。“两个维护”";
        let configured: HashSet<&str> = ["两个维护"].into_iter().collect();
        let d = discover(text, &configured);
        let formulas: Vec<(&str, usize, bool)> =
            d.formulas.iter().map(|f| (f.text.as_str(), f.count, f.in_config)).collect();
        assert_eq!(formulas, [("四抓两整治", 2, false), ("一盘棋", 1, false), ("两个维护", 1, true)]);
        let quoted: Vec<&str> = d.quoted.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(quoted, ["学习强国"], "sentences in quotes are not phrases");
    }

    #[test]
    fn numbers_do_not_count_and_traditional_quotes_fold() {
        let text = "实施“六五”计划，亩产三百八十六点六五斤。坚持“兩個確立”，两个确立。“十五”期间，党的十五大。";
        let d = discover(text, &HashSet::<&str>::new());
        let formulas: Vec<(&str, usize)> = d.formulas.iter().map(|f| (f.text.as_str(), f.count)).collect();
        assert_eq!(formulas, [("两个确立", 2), ("六五", 1), ("十五", 1)]);
        assert_eq!(&text[d.formulas[0].first..d.formulas[0].first + 12], "兩個確立", "offsets are the text's");
    }

    #[test]
    fn unbalanced_and_long_quotes_are_skipped() {
        let d = discover("他说“一二三四五六七八九十一二三四”和“两", &HashSet::<&str>::new());
        assert!(d.formulas.is_empty() && d.quoted.is_empty());
        let d = discover("“一”“三走”", &HashSet::<&str>::new());
        assert_eq!(d.formulas.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["三走"]);
    }
}
