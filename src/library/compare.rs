//! Comparing two speeches, A (the earlier) and B (the later): which formulations B introduces,
//! drops or uses more or less often, how its keywords moved, how its outline lines up with A's,
//! and which of its sentences are new.
//!
//! - **Terms** are the configured terms (their configured hits) and the numeric formulations that
//!   either document introduces in quotes. The formulations are counted in both texts with one
//!   leftmost-longest automaton, so a phrase that B quotes and A uses without quotes is not new.
//! - **Outline**: the parts, chapters, unnumbered headings and appendices of each document (and
//!   every top-level section, such as the preamble) are aligned in order with a global sequence
//!   alignment (Needleman–Wunsch) that maximises the summed title [`similarity`] of the pairs.
//!   Pairs below [`MIN_SIMILARITY`] are never made; a pair of the same family scores
//!   [`SAME_FAMILY_BONUS`] more, so parts pair with parts where the titles allow it, and a pair
//!   whose parents are alike as well (or which are both top level) scores [`CONTEXT_BONUS`] more,
//!   so chapters pair inside corresponding parts rather than with look-alikes elsewhere. Gaps cost
//!   nothing. Above [`MAX_ALIGNMENT_CELLS`] pairs, a greedy in-order match of equal titles stands
//!   in, so no input makes the comparison slow.
//! - **New sentences** are B's sentences whose [`normalise_sentence`] form is not empty and is not
//!   the form of any of A's sentences. A section marker that opens a sentence (`三、`, `（二）`,
//!   `一要`) is left out of its form on both sides, so a part that only moved from `三、` to `四、`
//!   is not new. Only the body and the closing count: a new title, date or speaker line is not a
//!   new sentence.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::trends::phrase_counts;
use crate::document::Document;
use crate::structure::{Family, Outline, Role};
use crate::terms::TermList;
use crate::terms::{Keyword, TermReport, configured_words};

/// Pairs of sections whose titles are less similar than this are not aligned.
pub const MIN_SIMILARITY: f64 = 0.3;
/// Added to the score of a pair of sections of the same family.
pub const SAME_FAMILY_BONUS: f64 = 0.1;
/// Added to the score of a pair whose parents are alike too (both top level, or parent titles at
/// least [`MIN_SIMILARITY`] alike), so chapters pair inside corresponding parts.
pub const CONTEXT_BONUS: f64 = 0.2;
/// The largest `sections(A) × sections(B)` aligned by dynamic programming.
pub const MAX_ALIGNMENT_CELLS: usize = 1 << 20;

/// One side of a comparison: a document and its analysis.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub doc: &'a Document,
    pub outline: &'a Outline,
    pub terms: &'a TermReport,
    pub keywords: &'a [Keyword],
}

/// A term's count in A and in B.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermChange {
    pub term: String,
    pub a: usize,
    pub b: usize,
}

/// One row of the aligned outlines: a section of A, of B, or of both.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineRow {
    /// Section index in A's outline.
    pub a: Option<usize>,
    /// Section index in B's outline.
    pub b: Option<usize>,
    /// Title similarity of the pair, 0 when one side is missing.
    pub similarity: f64,
}

/// What changed from A to B.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Terms in B and not in A, most frequent first.
    pub new_terms: Vec<TermChange>,
    /// Terms in A and not in B, most frequent first.
    pub dropped_terms: Vec<TermChange>,
    /// Terms in both with different counts, the largest change first.
    pub changed_terms: Vec<TermChange>,
    /// B's keywords that are not among A's, in B's order.
    pub new_keywords: Vec<String>,
    /// A's keywords that are not among B's, in A's order.
    pub dropped_keywords: Vec<String>,
    /// Parts, chapters, headings, appendices and top-level sections, aligned in order.
    pub outline: Vec<OutlineRow>,
    /// Byte ranges in B's text of the body sentences that A does not have.
    pub new_sentences: Vec<Range<usize>>,
}

/// The words of `from` that `other` lacks, once each, in `from`'s order.
fn keywords_missing(from: &[Keyword], other: &[Keyword]) -> Vec<String> {
    let other: HashSet<&str> = other.iter().map(|k| k.word.as_str()).collect();
    let mut seen = HashSet::new();
    from.iter()
        .filter(|k| !other.contains(k.word.as_str()) && seen.insert(k.word.as_str()))
        .map(|k| k.word.clone())
        .collect()
}

/// Compare A with B. Both term reports must have been made with `lists`.
#[must_use]
pub fn compare(a: Side<'_>, b: Side<'_>, lists: &[TermList]) -> Comparison {
    let (new_terms, dropped_terms, changed_terms) = term_changes(a, b, lists);
    let new_keywords = keywords_missing(b.keywords, a.keywords);
    let dropped_keywords = keywords_missing(a.keywords, b.keywords);
    Comparison {
        new_terms,
        dropped_terms,
        changed_terms,
        new_keywords,
        dropped_keywords,
        outline: align_outlines(a.outline, b.outline),
        new_sentences: new_sentences(a, b),
    }
}

type Changes = (Vec<TermChange>, Vec<TermChange>, Vec<TermChange>);

fn term_changes(a: Side<'_>, b: Side<'_>, lists: &[TermList]) -> Changes {
    let mut all: Vec<TermChange> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let count = |r: &TermReport, l: usize, t: usize| r.counts.get(l).and_then(|c| c.get(t)).copied().unwrap_or(0);
    for (l, list) in lists.iter().enumerate() {
        for (t, term) in list.terms.iter().enumerate() {
            // A term in two lists has the same hits in both: report it once.
            if seen.insert(term.text.as_str()) {
                all.push(TermChange { term: term.text.clone(), a: count(a.terms, l, t), b: count(b.terms, l, t) });
            }
        }
    }
    let configured = configured_words(lists);
    let phrases: Vec<&str> = a
        .terms
        .discovered
        .formulas
        .iter()
        .chain(&b.terms.discovered.formulas)
        .filter(|f| !f.in_config && !configured.contains(f.text.as_str()))
        .map(|f| f.text.as_str())
        .filter(|p| seen.insert(*p))
        .collect();
    let counts = phrase_counts(&[a.doc.text(), b.doc.text()], &phrases);
    for (p, phrase) in phrases.iter().enumerate() {
        let at = |side: usize| counts.get(side).and_then(|c| c.get(p)).copied().unwrap_or(0);
        all.push(TermChange { term: (*phrase).to_owned(), a: at(0), b: at(1) });
    }

    let (mut new, mut dropped, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for change in all {
        match (change.a, change.b) {
            (0, 0) => {}
            (0, _) => new.push(change),
            (_, 0) => dropped.push(change),
            (x, y) if x != y => changed.push(change),
            _ => {}
        }
    }
    new.sort_by(|x, y| y.b.cmp(&x.b).then_with(|| x.term.cmp(&y.term)));
    dropped.sort_by(|x, y| y.a.cmp(&x.a).then_with(|| x.term.cmp(&y.term)));
    changed.sort_by(|x, y| {
        y.a.abs_diff(y.b).cmp(&x.a.abs_diff(x.b)).then(y.b.cmp(&x.b)).then_with(|| x.term.cmp(&y.term))
    });
    (new, dropped, changed)
}

/// Sections taking part in the outline comparison: parts, chapters, unnumbered headings and
/// appendices at any level, and every top-level section.
#[must_use]
pub fn compared_sections(outline: &Outline) -> Vec<usize> {
    outline
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.level == 1 || matches!(s.family, Family::Part | Family::Chapter | Family::Heading | Family::Appendix)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Align the compared sections of A and B (see the module documentation).
fn align_outlines(a: &Outline, b: &Outline) -> Vec<OutlineRow> {
    let (xs, ys) = (compared_sections(a), compared_sections(b));
    let (ta, tb) = (titles(a, &xs), titles(b, &ys));
    let pairs =
        if xs.len().saturating_mul(ys.len()) <= MAX_ALIGNMENT_CELLS { align(&ta, &tb) } else { greedy(&ta, &tb) };
    let mut rows = Vec::with_capacity(xs.len().max(ys.len()));
    let (mut i, mut j) = (0, 0);
    for (pi, pj, similarity) in pairs {
        rows.extend(xs[i..pi].iter().map(|&s| OutlineRow { a: Some(s), b: None, similarity: 0.0 }));
        rows.extend(ys[j..pj].iter().map(|&s| OutlineRow { a: None, b: Some(s), similarity: 0.0 }));
        rows.push(OutlineRow { a: Some(xs[pi]), b: Some(ys[pj]), similarity });
        (i, j) = (pi + 1, pj + 1);
    }
    rows.extend(xs[i..].iter().map(|&s| OutlineRow { a: Some(s), b: None, similarity: 0.0 }));
    rows.extend(ys[j..].iter().map(|&s| OutlineRow { a: None, b: Some(s), similarity: 0.0 }));
    rows
}

/// The titles of the compared sections `ids` of `outline`, each knowing its nearest compared
/// ancestor.
fn titles(outline: &Outline, ids: &[usize]) -> Vec<Title> {
    let position: HashMap<usize, usize> = ids.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    ids.iter()
        .map(|&i| {
            let mut parent = outline.sections.get(i).and_then(|s| s.parent);
            while let Some(p) = parent.filter(|p| !position.contains_key(p)) {
                parent = outline.sections.get(p).and_then(|s| s.parent);
            }
            let section = outline.sections.get(i);
            let mut title =
                Title::new(section.map_or("", |s| s.title.as_str()), section.map_or(Family::Part, |s| s.family));
            title.parent = parent.and_then(|p| position.get(&p).copied());
            title
        })
        .collect()
}

/// A section title prepared for comparison.
struct Title {
    normal: String,
    bigrams: Vec<(char, char)>,
    family: Family,
    /// Index of the nearest compared ancestor, in the same list.
    parent: Option<usize>,
}

impl Title {
    fn new(title: &str, family: Family) -> Self {
        let normal = normalise_sentence(title);
        let bigrams = sorted_bigrams(&normal);
        Self { normal, bigrams, family, parent: None }
    }

    fn similarity(&self, other: &Self) -> f64 {
        dice(&self.normal, &self.bigrams, &other.normal, &other.bigrams)
    }

    /// The alignment score and similarity of `left[r]` and `right[c]`, or `None` when the titles
    /// are too different to pair.
    fn score(left: &[Self], right: &[Self], r: usize, c: usize) -> Option<(f64, f64)> {
        let (mine, theirs) = (left.get(r)?, right.get(c)?);
        let sim = mine.similarity(theirs);
        if sim < MIN_SIMILARITY {
            return None;
        }
        let family = if mine.family == theirs.family { SAME_FAMILY_BONUS } else { 0.0 };
        let parents = (mine.parent.and_then(|p| left.get(p)), theirs.parent.and_then(|p| right.get(p)));
        let context = match parents {
            (None, None) => CONTEXT_BONUS,
            (Some(up), Some(their_up)) if up.similarity(their_up) >= MIN_SIMILARITY => CONTEXT_BONUS,
            _ => 0.0,
        };
        Some((sim + family + context, sim))
    }
}

/// How the best alignment goes on from one cell of the table.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Pair,
    SkipA,
    SkipB,
}

/// The best order-keeping pairing of `left` and `right`: `(index in left, index in right,
/// similarity)` in order.
fn align(left: &[Title], right: &[Title]) -> Vec<(usize, usize, f64)> {
    let (rows, cols) = (left.len(), right.len());
    // best(r, c): the best score for left[r..] and right[c..], one row at a time from the end;
    // the step taken at each cell is kept for the walk forward.
    let mut steps = vec![Step::SkipA; rows * cols];
    let mut sims = vec![0.0; rows * cols];
    let mut below = vec![0.0f64; cols + 1];
    let mut here = vec![0.0f64; cols + 1];
    for r in (0..rows).rev() {
        here[cols] = 0.0;
        for c in (0..cols).rev() {
            let (skip_a, skip_b) = (below[c], here[c + 1]);
            let (mut best, mut step) = if skip_a >= skip_b { (skip_a, Step::SkipA) } else { (skip_b, Step::SkipB) };
            if let Some((score, sim)) = Title::score(left, right, r, c) {
                let pair = score + below[c + 1];
                if pair >= best {
                    (best, step) = (pair, Step::Pair);
                    sims[r * cols + c] = sim;
                }
            }
            here[c] = best;
            steps[r * cols + c] = step;
        }
        std::mem::swap(&mut here, &mut below);
    }
    let mut pairs = Vec::new();
    let (mut r, mut c) = (0, 0);
    while r < rows && c < cols {
        match steps[r * cols + c] {
            Step::Pair => {
                pairs.push((r, c, sims[r * cols + c]));
                r += 1;
                c += 1;
            }
            Step::SkipA => r += 1,
            Step::SkipB => c += 1,
        }
    }
    pairs
}

/// For very long outlines: pair equal titles in order, looking a bounded distance ahead.
fn greedy(a: &[Title], b: &[Title]) -> Vec<(usize, usize, f64)> {
    const AHEAD: usize = 64;
    let mut pairs = Vec::new();
    let mut i = 0;
    for (j, title) in b.iter().enumerate() {
        if let Some(k) = a.iter().skip(i).take(AHEAD).position(|t| t.normal == title.normal) {
            pairs.push((i + k, j, 1.0));
            i += k + 1;
        }
    }
    pairs
}

/// The byte ranges of B's sentences that A does not have (compared in normalised form, without
/// a section marker that opens them).
fn new_sentences(a: Side<'_>, b: Side<'_>) -> Vec<Range<usize>> {
    let known: HashSet<String> = sentence_forms(a.doc, a.outline).map(|(_, s)| s).collect();
    sentence_forms(b.doc, b.outline).filter(|(_, s)| !s.is_empty() && !known.contains(s)).map(|(r, _)| r).collect()
}

/// Each sentence of the body (and closing) with its normalised form; the title block, salutation
/// and web chrome are left out. A sentence that starts with a section marker (`三、`
/// `（二）` `一要`) is taken without it, so a part that is only renumbered is not new.
fn sentence_forms<'d>(doc: &'d Document, outline: &'d Outline) -> impl Iterator<Item = (Range<usize>, String)> + 'd {
    let text = doc.text();
    let markers: HashMap<usize, usize> = outline
        .sections
        .iter()
        .filter(|s| !s.marker.is_empty() && text.get(s.bytes.start..).is_some_and(|t| t.starts_with(&s.marker)))
        .map(|s| (s.bytes.start, s.marker.len()))
        .collect();
    doc.sentences().iter().filter_map(move |r| {
        // The title block and web chrome are not what a speech says.
        let role = outline.roles.get(doc.paragraph_at(r.start)).copied().unwrap_or(Role::Body);
        if !matches!(role, Role::Body | Role::Closing) {
            return None;
        }
        let skip = markers.get(&r.start).copied().unwrap_or(0);
        let body = text.get(r.start + skip..r.end).or_else(|| text.get(r.clone()))?;
        Some((r.clone(), normalise_sentence(body)))
    })
}

/// Punctuation (any Unicode `P*` category) and whitespace.
static PUNCTUATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[\p{P}\s]+").ok());

/// A sentence reduced to what it says: full-width forms folded to half width, then all
/// punctuation (Unicode categories `P*`, which covers the full-width and CJK punctuation) and all
/// whitespace removed. `“两个确立”。` and `两个确立` are the same sentence.
#[must_use]
pub fn normalise_sentence(s: &str) -> String {
    let folded: String = s.chars().map(crate::width::half_width).collect();
    match PUNCTUATION.as_ref() {
        Some(re) => re.replace_all(&folded, "").into_owned(),
        None => folded.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).collect(),
    }
}

fn sorted_bigrams(normal: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = normal.chars().collect();
    let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    grams
}

/// Dice coefficient of two sorted bigram multisets; equal strings are 1 (even when shorter than
/// a bigram), and a string with no bigram is 0 against any other.
fn dice(a: &str, ga: &[(char, char)], b: &str, gb: &[(char, char)]) -> f64 {
    if a == b {
        return 1.0;
    }
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "title lengths are far below 2^52")]
    let value = 2.0 * common as f64 / (ga.len() + gb.len()) as f64;
    value
}

/// How alike two titles are: the Dice coefficient of their character bigrams after
/// [`normalise_sentence`], from 0 (nothing shared) to 1 (the same).
#[must_use]
pub fn similarity(a: &str, b: &str) -> f64 {
    let (na, nb) = (normalise_sentence(a), normalise_sentence(b));
    dice(&na, &sorted_bigrams(&na), &nb, &sorted_bigrams(&nb))
}

#[cfg(test)]
mod tests;
