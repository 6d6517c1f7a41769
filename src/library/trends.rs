//! Term trends across a library of speeches: how often each formulation occurs in each document,
//! with the documents in time order, where it first appears, where it peaks and whether it rises.
//!
//! Two kinds of term are followed:
//! - every configured term, counted as its configured hits ([`TermReport::counts`], aliases
//!   included, a term inside a longer configured term not counted again);
//! - every numeric formulation that some document introduces in quotes and that is not configured.
//!   These are counted again in **every** document with one leftmost-longest Aho-Corasick
//!   automaton over all of them, so a document where the phrase occurs without quotes counts too.
//!   Only occurrences that stand as a term count, by the same rule as discovery
//!   ([`crate::terms::context`]): `九五` (the Ninth Five-Year Plan) is not in `一九五二年`, nor
//!   `六五` in `三百八十六点六五斤`, nor `十五` in `百分之十五`, `十五年` or `十五大`.
//!
//! The caller has already analysed each document; this adds one pass of one automaton over each
//! text (about 30 MB per second and core or better), so a thousand reports take well under a
//! second on top of their term reports.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::date::{DocDate, date_of};
use crate::document::Document;
use crate::structure::Outline;
use crate::terms::TermList;
use crate::terms::context::stands_as_term;
use crate::terms::discovery::is_numeric_formula;
use crate::terms::{TermReport, configured_words};

/// One document of a trend table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendDoc {
    /// The column label, unique in its table: the year (`2023年`); the full date when two
    /// documents share a year; the date followed by the file stem in brackets when they share
    /// the full date too; the file stem when there is no date. A label still taken gets a number
    /// in brackets (`讲话（2）`).
    pub label: String,
    pub date: Option<DocDate>,
    /// The document's source name (its path as given).
    pub name: String,
}

/// One term across the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub term: String,
    /// The configured list the term belongs to; `None` for a discovered formulation.
    pub list: Option<String>,
    /// Occurrences per document, in [`Trends::docs`] order.
    pub counts: Vec<usize>,
    pub total: usize,
    /// Index of the first document where the term occurs.
    pub first: Option<usize>,
    /// Index of the document where it occurs most (the earliest one on ties).
    pub peak: Option<usize>,
    /// Growth, in occurrences per document: the mean count over the last third of the documents
    /// minus the mean over the first third (each third has `ceil(n / 3)` documents, so with two
    /// documents it is last minus first, and with one it is 0).
    pub rise: f64,
}

/// Terms across documents, the documents in time order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trends {
    pub docs: Vec<TrendDoc>,
    pub terms: Vec<Trend>,
}

/// Orders of [`Trends::terms`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendSort {
    /// Most occurrences first.
    #[default]
    Total,
    /// Fastest growing first (see [`Trend::rise`]).
    Rise,
    /// Earliest first appearance first.
    FirstAppearance,
}

/// What trends need of one document, whether it was just analysed or is known from the library
/// catalog ([`cached`]): its name and date, its configured hits and the numeric formulations it
/// introduces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The source name (its path as given).
    pub name: String,
    pub date: Option<DocDate>,
    /// Configured hits as `(list, term, count)`, indices into the term lists, for the terms that
    /// occur.
    pub terms: Vec<(usize, usize, usize)>,
    /// Quoted phrases the document introduces (numeric formulas or not; configured or not):
    /// [`phrases`] picks the ones trends follow.
    pub quoted: Vec<String>,
}

impl Summary {
    /// The summary of an analysed document (outline and term report made with the trends' lists).
    #[must_use]
    pub fn of(doc: &Document, outline: &Outline, report: &TermReport) -> Self {
        let found = &report.discovered;
        Self {
            name: doc.source.name.clone(),
            date: date_of(outline, &doc.source.name),
            terms: hits(&report.counts),
            quoted: found.formulas.iter().chain(&found.quoted).map(|f| f.text.clone()).collect(),
        }
    }
}

/// Configured hits per list and term as `(list, term, count)` for the non-zero ones.
#[must_use]
pub fn hits(counts: &[Vec<usize>]) -> Vec<(usize, usize, usize)> {
    let per_list = counts.iter().enumerate();
    per_list.flat_map(|(l, c)| c.iter().enumerate().filter(|(_, n)| **n > 0).map(move |(t, &n)| (l, t, n))).collect()
}

/// The discovered formulations trends follow across `docs`: every numeric formula some document
/// introduces in quotes that is not a configured term, once each, sorted.
#[must_use]
pub fn phrases(docs: &[Summary], lists: &[TermList]) -> Vec<String> {
    let configured = configured_words(lists);
    let mut phrases: Vec<String> = docs
        .iter()
        .flat_map(|d| &d.quoted)
        .filter(|p| is_numeric_formula(p) && !configured.contains(p.as_str()))
        .cloned()
        .collect();
    phrases.sort_unstable();
    phrases.dedup();
    phrases
}

/// Follow the configured terms of `lists` and the discovered numeric formulations across `docs`
/// (each with the outline and term report made with the same `lists`).
///
/// Documents are ordered by date (see [`date_of`]); undated ones come last, in input order. Terms
/// that occur in no document are left out. Terms come sorted by [`TrendSort::Total`].
#[must_use]
pub fn trends(docs: &[(&Document, &Outline, &TermReport)], lists: &[TermList]) -> Trends {
    let summaries: Vec<Summary> = docs.iter().map(|(d, o, r)| Summary::of(d, o, r)).collect();
    let phrases = phrases(&summaries, lists);
    let texts: Vec<&str> = docs.iter().map(|(d, _, _)| d.text()).collect();
    let counter = PhraseCounter::new(&phrases);
    let counts: Vec<Vec<(usize, usize)>> = texts.iter().map(|t| counter.count_sparse(t)).collect();
    from_summaries(&summaries, &phrases, &counts, lists)
}

/// [`trends`] from document summaries and the counts of `phrases` (from [`phrases`]) in each
/// document, in input order, as `(phrase, count)` for the phrases that occur
/// ([`PhraseCounter::count_sparse`]).
#[must_use]
pub fn from_summaries(
    docs: &[Summary],
    phrases: &[String],
    counts: &[Vec<(usize, usize)>],
    lists: &[TermList],
) -> Trends {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    // Stable: documents with the same date, and the undated ones, keep their input order.
    order.sort_by_key(|&i| (docs[i].date.is_none(), docs[i].date));
    let trend_docs = labels(&order.iter().map(|&i| &docs[i]).collect::<Vec<_>>());

    // Counts per document column, only for the terms and phrases that occur somewhere.
    let mut configured: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut discovered: HashMap<usize, Vec<usize>> = HashMap::new();
    for (column, &i) in order.iter().enumerate() {
        for &(l, t, n) in &docs[i].terms {
            configured.entry((l, t)).or_insert_with(|| vec![0; docs.len()])[column] = n;
        }
        for &(p, n) in counts.get(i).map_or(&[][..], Vec::as_slice) {
            discovered.entry(p).or_insert_with(|| vec![0; docs.len()])[column] = n;
        }
    }
    let mut terms = Vec::new();
    for (l, list) in lists.iter().enumerate() {
        for (t, term) in list.terms.iter().enumerate() {
            if let Some(counts) = configured.remove(&(l, t)) {
                terms.extend(Trend::new(term.text.clone(), Some(list.name.clone()), counts));
            }
        }
    }
    for (p, phrase) in phrases.iter().enumerate() {
        if let Some(counts) = discovered.remove(&p) {
            terms.extend(Trend::new(phrase.clone(), None, counts));
        }
    }

    let mut trends = Trends { docs: trend_docs, terms };
    trends.sort(TrendSort::Total);
    trends
}

/// Counts phrases in texts with one leftmost-longest automaton (a phrase inside a longer one of
/// the set is not counted again). Only matches that stand as a term count ([`stands_as_term`]:
/// not `六五` in `三百八十六点六五斤` nor `十五` in `十五大`); traditional characters count as
/// simplified ones. Built once, it counts in any number of texts, from any thread.
pub struct PhraseCounter {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// The phrase of each pattern (empty phrases are not patterns).
    index: Vec<usize>,
    phrases: usize,
}

impl PhraseCounter {
    #[must_use]
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> Self {
        let patterns: Vec<&str> = phrases.iter().map(AsRef::as_ref).filter(|p| !p.is_empty()).collect();
        let index = phrases.iter().enumerate().filter(|(_, p)| !p.as_ref().is_empty()).map(|(i, _)| i).collect();
        // A DFA is several times faster than the default NFA, and still small for a few thousand
        // phrases; beyond that the builder chooses.
        let kind = (patterns.len() <= 5000).then_some(AhoCorasickKind::DFA);
        let automaton = (!patterns.is_empty())
            .then(|| AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).kind(kind).build(&patterns).ok())
            .flatten();
        Self { automaton, index, phrases: phrases.len() }
    }

    /// Occurrences of each phrase in `text`, in the order the phrases were given.
    #[must_use]
    pub fn count(&self, text: &str) -> Vec<usize> {
        let mut row = vec![0; self.phrases];
        let Some(ac) = &self.automaton else { return row };
        let text = &*crate::script::fold(text);
        for m in ac.find_iter(text) {
            if !stands_as_term(text, m.range()) {
                continue;
            }
            if let Some(cell) = self.index.get(m.pattern().as_usize()).and_then(|&p| row.get_mut(p)) {
                *cell += 1;
            }
        }
        row
    }

    /// [`PhraseCounter::count`] as `(phrase, count)` for the phrases that occur.
    #[must_use]
    pub fn count_sparse(&self, text: &str) -> Vec<(usize, usize)> {
        self.count(text).into_iter().enumerate().filter(|(_, n)| *n > 0).collect()
    }

    /// [`PhraseCounter::count`] for each text, as `counts[text][phrase]`.
    #[must_use]
    pub fn count_all(&self, texts: &[&str]) -> Vec<Vec<usize>> {
        texts.iter().map(|t| self.count(t)).collect()
    }
}

/// Occurrences of each of `phrases` in each of `texts`, as `counts[text][phrase]` (see
/// [`PhraseCounter`]).
#[must_use]
pub(crate) fn phrase_counts(texts: &[&str], phrases: &[&str]) -> Vec<Vec<usize>> {
    PhraseCounter::new(phrases).count_all(texts)
}

/// Column labels: the year, else the full date where a year is shared, else the stem.
fn labels(docs: &[&Summary]) -> Vec<TrendDoc> {
    let stem = |d: &Summary| {
        let name = d.name.as_str();
        std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_owned()
    };
    let mut years: HashMap<u16, usize> = HashMap::new();
    let mut dates: HashMap<DocDate, usize> = HashMap::new();
    for date in docs.iter().filter_map(|d| d.date) {
        *years.entry(date.year).or_default() += 1;
        *dates.entry(date).or_default() += 1;
    }
    let year_count = |y: u16| years.get(&y).copied().unwrap_or(0);
    let date_count = |x: DocDate| dates.get(&x).copied().unwrap_or(0);
    let mut taken: HashSet<String> = HashSet::new();
    docs.iter()
        .map(|doc| {
            let base = match doc.date {
                None => stem(doc),
                Some(d) if year_count(d.year) == 1 => DocDate::year(d.year).to_string(),
                Some(d) if date_count(d) == 1 => d.to_string(),
                Some(d) => format!("{d}（{}）", stem(doc)),
            };
            // Whatever is left the same (two files with one name) gets a number.
            let mut label = base.clone();
            let mut n = 1;
            while !taken.insert(label.clone()) {
                n += 1;
                label = format!("{base}（{n}）");
            }
            TrendDoc { label, date: doc.date, name: doc.name.clone() }
        })
        .collect()
}

impl Trend {
    /// A trend from its counts; `None` when the term never occurs.
    fn new(term: String, list: Option<String>, counts: Vec<usize>) -> Option<Self> {
        let total = counts.iter().sum();
        if total == 0 {
            return None;
        }
        let first = counts.iter().position(|&c| c > 0);
        let max = counts.iter().copied().max().unwrap_or(0);
        let peak = counts.iter().position(|&c| c == max);
        let rise = rise(&counts);
        Some(Self { term, list, counts, total, first, peak, rise })
    }
}

/// Mean of the last third minus mean of the first third (see [`Trend::rise`]).
#[allow(clippy::cast_precision_loss, reason = "counts and document numbers are far below 2^52")]
fn rise(counts: &[usize]) -> f64 {
    let n = counts.len();
    if n < 2 {
        return 0.0;
    }
    let k = n.div_ceil(3);
    let mean = |part: &[usize]| part.iter().sum::<usize>() as f64 / part.len() as f64;
    mean(&counts[n - k..]) - mean(&counts[..k])
}

impl Trends {
    /// Sort the terms. Ties go to the larger total, then to the term's text, so the order is
    /// always the same.
    pub fn sort(&mut self, by: TrendSort) {
        let tie = |a: &Trend, b: &Trend| b.total.cmp(&a.total).then_with(|| a.term.cmp(&b.term));
        match by {
            TrendSort::Total => self
                .terms
                .sort_by(|a, b| b.total.cmp(&a.total).then(a.first.cmp(&b.first)).then_with(|| a.term.cmp(&b.term))),
            TrendSort::Rise => self.terms.sort_by(|a, b| b.rise.total_cmp(&a.rise).then_with(|| tie(a, b))),
            TrendSort::FirstAppearance => self.terms.sort_by(|a, b| {
                let first = |t: &Trend| (t.first.is_none(), t.first);
                first(a).cmp(&first(b)).then_with(|| tie(a, b))
            }),
        }
    }
}

/// A one-line chart of `counts`: `▁▂▃▄▅▆▇█` scaled to the largest count (any non-zero count shows
/// at least `▁`), and a space for zero.
#[must_use]
pub fn sparkline(counts: &[usize]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0) as u128;
    counts
        .iter()
        .map(|&c| {
            if c == 0 || max == 0 {
                return ' ';
            }
            // ceil(c * 8 / max) is 1..=8.
            let level = (c as u128 * 8).div_ceil(max).clamp(1, 8);
            BARS[(level - 1) as usize]
        })
        .collect()
}

pub mod cached;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::structure::analyse;
    use crate::terms::{NamedColor, Term};

    fn list(name: &str, terms: &[&str]) -> TermList {
        TermList {
            name: name.into(),
            color: NamedColor::Red,
            terms: terms.iter().map(|t| Term { text: (*t).into(), aliases: Vec::new(), note: None }).collect(),
            origin: "test".into(),
        }
    }

    #[test]
    fn sparkline_scales_to_the_maximum() {
        assert_eq!(sparkline(&[0, 1, 2, 4, 8]), " ▁▂▄█");
        assert_eq!(sparkline(&[1, 100]), "▁█", "a non-zero count is never blank");
        assert_eq!(sparkline(&[0, 0]), "  ");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[usize::MAX, 1]).chars().count(), 2);
    }

    #[test]
    fn rise_compares_the_last_third_with_the_first() {
        assert!((rise(&[0, 0, 3]) - 3.0).abs() < 1e-9);
        assert!((rise(&[4, 0, 0, 0, 0, 1]) - (0.5 - 2.0)).abs() < 1e-9);
        assert!((rise(&[5]) - 0.0).abs() < 1e-9);
        assert!((rise(&[1, 3]) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn documents_sort_by_date_and_labels_stay_unique() {
        let texts = [
            ("b.txt", "2024年工作报告\n各位代表：\n正文。\n"),
            ("notes.txt", "学习心得\n正文。\n"),
            ("a.txt", "2019年工作报告\n各位代表：\n正文。\n"),
            ("c.txt", "政府工作报告\n——2024年3月5日在大会上\n各位代表：\n正文。\n"),
        ];
        let docs: Vec<Document> =
            texts.iter().map(|(n, t)| Document::from_text((*t).to_owned(), Source::named(n))).collect();
        let outlines: Vec<Outline> = docs.iter().map(analyse).collect();
        let reports: Vec<TermReport> = docs.iter().zip(&outlines).map(|(d, o)| TermReport::new(d, o, &[])).collect();
        let input: Vec<_> = docs.iter().zip(&outlines).zip(&reports).map(|((d, o), r)| (d, o, r)).collect();
        let t = trends(&input, &[]);
        let labels: Vec<&str> = t.docs.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(labels, ["2019年", "2024年", "2024年3月5日", "notes"]);
        let names: Vec<&str> = t.docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.txt", "notes.txt"]);
    }

    #[test]
    fn empty_input_gives_empty_trends() {
        let t = trends(&[], &[list("l", &["高质量发展"])]);
        assert!(t.docs.is_empty() && t.terms.is_empty());
        assert_eq!(phrase_counts(&["两个确立"], &["", "两个确立"]), vec![vec![0, 1]]);
    }

    #[test]
    fn numbers_are_not_formulations() {
        let text = "一九五二年，增长百分之十五，第十五届，十五年。“九五”计划，实施九五计划，十五期间。";
        assert_eq!(phrase_counts(&[text], &["九五", "十五"]), vec![vec![2, 1]]);
        let text = "粮食三百八十六点六五斤。党的十五大和十五届三中全会。“六五”计划，“十五”计划，“拾伍”";
        assert_eq!(phrase_counts(&[text], &["六五", "十五"]), vec![vec![1, 1]]);
    }
}
