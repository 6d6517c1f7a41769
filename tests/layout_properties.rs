//! Properties of `layout::break_rows` over generated paragraphs: Han text, the punctuation of the
//! 禁则, ASCII words and numbers, spaces, tabs, `——`, `……`, configured terms, any character.
//!
//! Besides the invariants (rows rejoin to the text, no row wider than `max(width, 2)`), every
//! result is checked against a slow reference model of the rules: each row must end at the last
//! allowed opportunity that fits, and a row may claim a fallback or forced break only when no
//! allowed opportunity fits. So marking breaks as forced cannot hide a broken rule.

use std::ops::Range;

use jianghua::layout::{NO_END, NO_SPLIT, NO_START, Row, RowEnd, break_rows, break_rows_explained};
use jianghua::width::{AmbiguousWidth, char_width, str_width};
use proptest::prelude::*;
use unicode_linebreak::{BreakClass, break_property, linebreaks};

/// The 禁则 of the design, written out again: rows after a non-forced break keep them.
const BASIC_NO_START: &str = "、，。：；！？”’」』）》〉】,.;:!?)]}%·・";
const BASIC_NO_END: &str = "“‘「『（《〈【([{";

fn hangs(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn east_asian_wide(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) == 2
}

/// A slow, direct statement of where a row may end, by char index.
struct Model {
    chars: Vec<(usize, char)>,
    len: usize,
    limit: usize,
    /// Columns before char index `k`.
    prefix: Vec<usize>,
    /// For a position `k`, the char index just past the last non-hanging char before it.
    visible_end: Vec<usize>,
    legal: Vec<bool>,
    /// Legal but inside a term that fits the row: where the term breaks rather than leave a hole
    /// wider than a quarter row.
    relaxed: Vec<bool>,
    fallback: Vec<bool>,
}

const NUMERALS: &str = "一二三四五六七八九十";

/// Would a break before char `k` split an enumerator marker: a clause-initial numeral run, then
/// `是` or `要`?
fn splits_marker(chars: &[(usize, char)], k: usize) -> bool {
    let run = chars[..k].iter().rev().take_while(|(_, c)| NUMERALS.contains(*c)).count();
    let opens = k == run || "。；：！？，、 　\t".contains(chars[k - run - 1].1);
    let next = chars[k..].iter().map(|&(_, c)| c).find(|c| !NUMERALS.contains(*c));
    run > 0 && opens && next.is_some_and(|c| c == '是' || c == '要')
}

impl Model {
    fn new(text: &str, width: usize, amb: AmbiguousWidth, keep: &[Range<usize>]) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let limit = width.max(2);
        let mut prefix = vec![0; n + 1];
        let mut visible_end = vec![0; n + 1];
        for (k, &(_, c)) in chars.iter().enumerate() {
            prefix[k + 1] = prefix[k] + char_width(c, amb);
            visible_end[k + 1] = if hangs(c) { visible_end[k] } else { k + 1 };
        }
        let uax: Vec<usize> = linebreaks(text).map(|(p, _)| p).collect();
        let mut legal = vec![false; n + 1];
        let mut relaxed = vec![false; n + 1];
        let mut fallback = vec![false; n + 1];
        for k in 1..n {
            let (pos, b) = chars[k];
            let a = chars[k - 1].1;
            let last_visible = chars[..k].iter().rev().map(|&(_, c)| c).find(|&c| !hangs(c) && char_width(c, amb) > 0);
            let kinsoku_broken = NO_START.contains(&b)
                || last_visible.is_some_and(|c| NO_END.contains(&c))
                || (a == b && NO_SPLIT.contains(&a));
            let kinsoku = !kinsoku_broken && !splits_marker(&chars, k);
            let kept = keep.iter().any(|r| {
                r.start < pos && pos < r.end && text.get(r.clone()).is_some_and(|s| str_width(s, amb) <= limit)
            });
            let open = |c: char| c == '“' || c == '‘';
            let close = |c: char| c == '”' || c == '’';
            let tailored = if uax.contains(&pos) {
                !(a.is_ascii_digit() && break_property(b as u32) == BreakClass::Ideographic)
            } else {
                (open(b) || close(a))
                    && (if open(b) {
                        chars.get(k + 1).is_some_and(|&(_, c)| east_asian_wide(c))
                    } else {
                        east_asian_wide(b)
                    })
                    && (if close(a) { k >= 2 && east_asian_wide(chars[k - 2].1) } else { east_asian_wide(a) })
            };
            legal[k] = kinsoku && !kept && tailored;
            relaxed[k] = kinsoku && kept && tailored;
            fallback[k] = kinsoku && !kept && !hangs(b) && char_width(b, amb) > 0;
        }
        Self { chars, len: text.len(), limit, prefix, visible_end, legal, relaxed, fallback }
    }

    fn index(&self, byte: usize) -> usize {
        if byte == self.len { self.chars.len() } else { self.chars.binary_search_by_key(&byte, |&(b, _)| b).unwrap() }
    }

    /// Visible columns of chars `s..e`.
    fn visible(&self, s: usize, e: usize) -> usize {
        self.prefix[self.visible_end[e].max(s)] - self.prefix[s]
    }

    fn fits(&self, s: usize, e: usize) -> bool {
        self.visible(s, e) <= self.limit
    }

    /// Ends after `s` that fit and are allowed by `ok` (the end of the text always is).
    fn fitting(&self, s: usize, ok: &[bool]) -> Vec<usize> {
        (s + 1..=self.chars.len()).filter(|&e| (e == self.chars.len() || ok[e]) && self.fits(s, e)).collect()
    }

    fn check(&self, rows: &[(Row, RowEnd)]) -> Result<(), TestCaseError> {
        let n = self.chars.len();
        for (i, &(row, end)) in rows.iter().enumerate() {
            let (s, e) = (self.index(row.start), self.index(row.end));
            prop_assert!(s < e || n == 0, "row {i} is empty");
            prop_assert_eq!(usize::from(row.width), self.visible(s, e), "row {} width", i);
            prop_assert!(self.fits(s, e), "row {i} is wider than {}", self.limit);
            let legal = self.fitting(s, &self.legal);
            let relaxed: Vec<usize> = self.fitting(s, &self.relaxed).into_iter().filter(|&x| x < n).collect();
            let fallback = self.fitting(s, &self.fallback);
            match end {
                RowEnd::Last => prop_assert!(e == n && i == rows.len() - 1, "row {i} is not the last"),
                RowEnd::Opportunity => {
                    prop_assert!(self.legal[e] || self.relaxed[e], "row {i} ends where no break is allowed");
                    // The last opportunity, unless it leaves a hole over a quarter row and a term
                    // can break later.
                    let last = legal.last().copied();
                    let gaping = last.is_some_and(|l| self.limit.saturating_sub(self.visible(s, l)) > self.limit / 4);
                    let expected = match (last, relaxed.last().copied()) {
                        (Some(allowed), Some(inside)) if gaping && inside > allowed => Some(inside),
                        (None, r) => r,
                        (l, _) => l,
                    };
                    prop_assert_eq!(expected, Some(e), "row {} is not filled to its last opportunity", i);
                }
                RowEnd::Fallback => {
                    prop_assert!(legal.is_empty() && relaxed.is_empty(), "row {i} fell back although {legal:?} fit");
                    prop_assert!(self.fallback[e]);
                    prop_assert_eq!(fallback.last(), Some(&e), "row {} is not filled to its last fallback", i);
                }
                RowEnd::Forced => {
                    prop_assert!(
                        legal.is_empty() && relaxed.is_empty() && fallback.is_empty(),
                        "row {i} forced although {legal:?} {fallback:?} fit"
                    );
                    prop_assert!(!self.fits(s, e + 1), "row {i} was forced short");
                }
            }
        }
        Ok(())
    }
}

/// One piece of a generated paragraph.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(&["提", "高", "政", "治", "站", "位", "两", "个", "确", "立", "年", "的", "　", "　　"][..]).prop_map(String::from),
        1 => (0x4E00u32..0x9FA5).prop_map(|u| char::from_u32(u).unwrap().to_string()),
        5 => prop::sample::select(BASIC_NO_START.chars().chain(BASIC_NO_END.chars()).collect::<Vec<_>>()).prop_map(String::from),
        2 => prop::sample::select(&["——", "……", "—", "…", "“", "”", "2023", "5.5%", "GDP", "\t", " ", "  ", "\u{200B}"][..]).prop_map(String::from),
        2 => "[a-zA-Z]{1,16}",
        1 => any::<char>().prop_filter("one paragraph", |c| *c != '\n').prop_map(String::from),
    ]
}

/// A paragraph and its configured terms: runs of pieces between toggles, so the ranges are sorted,
/// disjoint and on char boundaries.
fn paragraph() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    prop::collection::vec((piece(), prop::bool::weighted(0.15)), 0..100).prop_map(|pieces| {
        let mut text = String::new();
        let mut keep = Vec::new();
        let mut open: Option<usize> = None;
        for (piece, toggle) in pieces {
            if toggle {
                match open.take() {
                    Some(start) if start < text.len() => keep.push(start..text.len()),
                    Some(_) => {}
                    None => open = Some(text.len()),
                }
            }
            text.push_str(&piece);
        }
        (text, keep)
    })
}

fn ambiguous() -> impl Strategy<Value = AmbiguousWidth> {
    prop_oneof![Just(AmbiguousWidth::Narrow), Just(AmbiguousWidth::Wide)]
}

proptest! {
    #[test]
    fn rows_follow_the_rules((text, keep) in paragraph(), width in 0usize..130, amb in ambiguous()) {
        let explained = break_rows_explained(&text, width, amb, &keep);
        let rows: Vec<Row> = explained.iter().map(|&(r, _)| r).collect();
        prop_assert_eq!(&rows, &break_rows(&text, width, amb, &keep));

        // Coverage: the rows rejoin to the text, on char boundaries.
        prop_assert_eq!(rows[0].start, 0);
        prop_assert_eq!(rows.last().unwrap().end, text.len());
        let mut joined = String::new();
        for pair in rows.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
        }
        for r in &rows {
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(usize::from(r.width) <= width.max(2));
            joined.push_str(&text[r.start..r.end]);
        }
        prop_assert_eq!(&joined, &text);

        // The 禁则, as the design states them, after every break that was not forced.
        let model = Model::new(&text, width, amb, &keep);
        for pair in explained.windows(2) {
            let ((before, end), (after, _)) = (pair[0], pair[1]);
            if end == RowEnd::Forced {
                continue;
            }
            let row = &text[before.start..before.end];
            let tail = row.trim_end_matches(hangs);
            let head = &text[after.start..after.end];
            let first = head.chars().next().unwrap();
            prop_assert!(!BASIC_NO_START.contains(first), "row starts with {first}: {head:?}");
            if let Some(last) = tail.chars().rev().find(|&c| char_width(c, amb) > 0) {
                prop_assert!(!BASIC_NO_END.contains(last), "row ends with {last}: {tail:?}");
            }
            for pair in ["——", "……"] {
                let mid = pair.chars().next().unwrap();
                prop_assert!(!(row.ends_with(mid) && head.starts_with(mid)), "{pair} split");
            }
            // A term breaks only when it is wider than the row, or at a relaxed opportunity, which
            // the model below allows only where moving the term whole would leave a hole over a
            // quarter row.
            for k in &keep {
                let inside = k.start < after.start && after.start < k.end;
                let relaxed = model.relaxed[model.index(after.start)];
                prop_assert!(
                    !inside || str_width(&text[k.clone()], amb) > width.max(2) || relaxed,
                    "term {:?} split", &text[k.clone()]
                );
            }
        }

        // Greedy first fit, and honest labels for the breaks that bend the rules.
        model.check(&explained)?;
    }

    #[test]
    fn nothing_panics_on_any_input(text in any::<String>(), width in any::<usize>(), amb in ambiguous(),
                                   keep in prop::collection::vec(any::<Range<usize>>(), 0..4)) {
        let rows = break_rows(&text, width, amb, &keep);
        prop_assert_eq!(rows.iter().map(|r| &text[r.start..r.end]).collect::<String>(), text);
    }
}

#[test]
fn the_design_rules_are_in_the_tables() {
    for c in BASIC_NO_START.chars() {
        assert!(NO_START.contains(&c), "{c}");
    }
    for c in BASIC_NO_END.chars() {
        assert!(NO_END.contains(&c), "{c}");
    }
    assert_eq!(NO_SPLIT, ['—', '…']);
}
