//! Property tests for the `/` search matcher: on text mixing Han, ASCII, full-width forms, line
//! breaks and ideographic spaces, a query cut from the text is always found where it was cut, every
//! range is well formed, and nothing panics for any query. Search speed is measured by
//! `scripts/bench.sh`, not here.

use std::ops::Range;

use jianghua::search::{MatchKind, Matcher};
use pinyin::ToPinyinMulti;
use proptest::prelude::*;

/// Characters the generated texts are made of: Han (with heteronyms), ASCII letters, digits and
/// regex metacharacters, their full-width forms, and every kind of whitespace the reader sees.
const POOL: &[char] = &[
    '党', '建', '两', '个', '确', '立', '中', '国', '行', '还', '绿', '女', '，', '。', '、', 'a', 'A', 'd', 'J', 'g',
    'z', '2', '0', '.', '*', '(', ')', '[', '\\', '|', '?', 'Ａ', 'ａ', 'ｊ', '２', '０', '（', '）', '．', '＊', '\n',
    '\n', '\u{3000}', '\u{3000}', ' ', '\t', 'é', 'É',
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..80).prop_map(|chars| chars.into_iter().collect())
}

/// Checks that ranges are non-empty, on char boundaries, in order and non-overlapping.
fn assert_well_formed(text: &str, ranges: &[Range<usize>]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for r in ranges {
        prop_assert!(r.start < r.end, "empty or reversed range {r:?}");
        prop_assert!(r.end <= text.len(), "range {r:?} past the end {}", text.len());
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{r:?} splits a char");
        prop_assert!(prev_end <= r.start, "{r:?} overlaps or precedes the previous match ending at {prev_end}");
        prev_end = r.end;
    }
    Ok(())
}

/// The folded form of a char as the matcher sees it: half-width, lowercase.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap(),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_lowercase().next().unwrap()
}

/// A match with every line break and the indent after it removed, folded.
fn unbroken_folded(s: &str) -> String {
    let mut out = String::new();
    let mut in_break = false;
    for c in s.chars() {
        if c == '\n' {
            in_break = true;
        } else if in_break && matches!(c, ' ' | '\t' | '\u{3000}') {
        } else {
            in_break = false;
            out.push(fold(c));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_query_cut_from_the_text_is_found_where_it_was_cut(
        text in text_strategy(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        prop_assume!(!chars.is_empty());
        let (i, j) = {
            let (x, y) = (a.index(chars.len()), b.index(chars.len()));
            (x.min(y), x.max(y) + 1)
        };
        let query: String = chars[i..j].iter().map(|&(_, c)| c).collect();
        prop_assume!(!query.contains('\n'));
        let Some(matcher) = Matcher::new(&query) else {
            prop_assert!(query.chars().all(char::is_whitespace));
            return Ok(());
        };
        let start = chars[i].0;
        let found = matcher.literal(&text);
        assert_well_formed(&text, &found)?;
        prop_assert!(
            found.iter().any(|r| r.start <= start && start < r.end),
            "{query:?} cut at {start} of {text:?} not covered by {found:?}"
        );
        // first_literal_from agrees with literal() and finds the occurrence itself when started there.
        prop_assert_eq!(matcher.first_literal_from(&text, 0), found.first().cloned());
        prop_assert_eq!(matcher.first_literal_from(&text, start).map(|r| r.start), Some(start));
    }

    #[test]
    fn literal_matches_are_the_query_folded(
        text in text_strategy(),
        query in prop::collection::vec(prop::sample::select(POOL).prop_filter("no whitespace", |c| !c.is_whitespace()), 1..4),
    ) {
        let query: String = query.into_iter().collect();
        let matcher = Matcher::new(&query).unwrap();
        let want: String = query.chars().map(fold).collect();
        for r in matcher.literal(&text) {
            prop_assert_eq!(unbroken_folded(&text[r.clone()]), want.clone(), "match {:?} in {:?}", r, text);
        }
    }

    #[test]
    fn initials_of_a_han_run_are_found_as_pinyin(
        text in text_strategy(),
        a in any::<prop::sample::Index>(),
        len in 2usize..5,
    ) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        prop_assume!(!chars.is_empty());
        let i = a.index(chars.len());
        let run: Vec<char> = chars[i..].iter().map(|&(_, c)| c).take(len).collect();
        prop_assume!(run.len() == len);
        let Some(readings) = run.iter().map(ToPinyinMulti::to_pinyin_multi).collect::<Option<Vec<_>>>() else {
            return Ok(());
        };
        let query: String = readings.iter().map(|r| r.get(0).plain().chars().next().unwrap()).collect();
        prop_assume!(query.bytes().all(|b| b.is_ascii_lowercase()));
        let matcher = Matcher::new(&query).unwrap();
        prop_assert!(matcher.is_pinyin_query());
        let literal = matcher.literal(&text);
        let found = matcher.pinyin(&text, &literal);
        assert_well_formed(&text, &found)?;
        let start = chars[i].0;
        prop_assert!(
            found.iter().any(|r| r.start <= start && start < r.end),
            "{query:?} for {run:?} at {start} of {text:?} not covered by {found:?}"
        );
    }

    #[test]
    fn arbitrary_queries_never_panic_and_ranges_are_well_formed(
        text in text_strategy(),
        query in prop_oneof![text_strategy(), "[a-zA-Z]{1,12}", any::<String>()],
        from in 0usize..400,
    ) {
        let Some(matcher) = Matcher::new(&query) else {
            prop_assert!(query.trim().is_empty());
            return Ok(());
        };
        let literal = matcher.literal(&text);
        assert_well_formed(&text, &literal)?;
        let pinyin = matcher.pinyin(&text, &literal);
        assert_well_formed(&text, &pinyin)?;
        if !matcher.is_pinyin_query() {
            prop_assert!(pinyin.is_empty());
        }
        for p in &pinyin {
            prop_assert!(literal.iter().all(|l| l.end <= p.start || p.end <= l.start), "{p:?} overlaps {literal:?}");
            prop_assert!(text[p.clone()].chars().all(|c| c.to_pinyin_multi().is_some()), "{:?}", &text[p.clone()]);
        }
        let all = matcher.all(&text);
        let (lit, py): (Vec<_>, Vec<_>) = all.iter().partition(|m| m.kind == MatchKind::Literal);
        prop_assert!(all.iter().take(lit.len()).all(|m| m.kind == MatchKind::Literal), "literal first");
        prop_assert_eq!(lit.iter().map(|m| m.range.clone()).collect::<Vec<_>>(), literal);
        prop_assert_eq!(py.iter().map(|m| m.range.clone()).collect::<Vec<_>>(), pinyin);
        if let Some(r) = matcher.first_literal_from(&text, from) {
            prop_assert!(r.start >= from && text.is_char_boundary(r.start));
        }
        // Arbitrary (possibly bogus) literal ranges never make pinyin() panic.
        let bogus = [from..from / 2, from / 3..from + 7, usize::MAX - 1..usize::MAX];
        assert_well_formed(&text, &matcher.pinyin(&text, &bogus))?;
    }
}
