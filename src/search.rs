//! In-document search for the reader's `/` prompt (like `less`).
//!
//! A [`Matcher`] is compiled once per query and then run over a whole document (paragraphs
//! separated by `'\n'`, often indented with two U+3000 ideographic spaces). It finds two kinds of
//! match:
//!
//! - **literal** ([`Matcher::literal`]): the query itself, folded so that Latin letters match in
//!   either case, full-width and half-width forms match each other (`2023` finds `２０２３`, `(`
//!   finds `（`, a space finds U+3000), and a line break never hides a match: between any two
//!   consecutive query characters the text may contain a `'\n'` followed by any run of spaces, tabs
//!   and U+3000. Traditional and simplified characters match each other (`发展` finds `發展`,
//!   see [`crate::script`]). Regex metacharacters in the query are literal.
//! - **pinyin** ([`Matcher::pinyin`]), only for queries of two or more ASCII letters: a run of
//!   consecutive Han characters each matched by a non-empty prefix of one of its toneless readings
//!   (every heteronym reading counts), consuming the whole query. So `dj`, `dangjian` and `dangj`
//!   all find 党建, and `lgql` finds 两个确立. In readings, `ü` may be typed as `v` or `u`, `ê` as `e`.
//!
//! [`Matcher::all`] gives the order `n`/`N` step through: literal matches first, then pinyin ones,
//! each in text order. Ranges are byte ranges into the searched text, always on char boundaries.

pub mod across;
mod pinyin;

use regex::{Regex, RegexBuilder};
use std::ops::Range;

use self::pinyin::PinyinQuery;

use crate::width::{full_width, half_width};

/// What the text may hold between two consecutive query characters: a line break and the next
/// paragraph's indent.
const LINE_BREAK_GAP: &str = r"(?:\n[\t \x{3000}]*)?";

/// Compiled programs larger than this are refused ([`Matcher::new`] returns `None`); only absurdly
/// long queries (tens of thousands of characters) come near it.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// A compiled search query.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The folded query with optional line-break gaps between its characters.
    regex: Regex,
    /// The lowercased query when it is a pinyin query.
    pinyin: Option<PinyinQuery>,
}

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The (folded) query text itself.
    Literal,
    /// Han characters whose readings spell the query.
    Pinyin,
}

/// One match in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Byte range in the searched text, on char boundaries.
    pub range: Range<usize>,
    /// How the match was found.
    pub kind: MatchKind,
}

impl Matcher {
    /// Compiles `query`.
    ///
    /// None for an empty or whitespace-only query (and for a query so long that its compiled
    /// form would exceed a generous size limit).
    #[must_use]
    pub fn new(query: &str) -> Option<Matcher> {
        if query.chars().all(char::is_whitespace) {
            return None;
        }
        let mut pattern = String::with_capacity(query.len() * 8);
        for (i, c) in query.chars().enumerate() {
            if i > 0 {
                pattern.push_str(LINE_BREAK_GAP);
            }
            push_folded_class(&mut pattern, c);
        }
        let regex = RegexBuilder::new(&pattern).size_limit(REGEX_SIZE_LIMIT).build().ok()?;
        let pinyin = PinyinQuery::new(query);
        Some(Matcher { regex, pinyin })
    }

    /// Literal (folded) matches in text order.
    ///
    /// Matches are leftmost-first and non-overlapping; a match may span a line break.
    #[must_use]
    pub fn literal(&self, text: &str) -> Vec<Range<usize>> {
        self.regex.find_iter(text).map(|m| m.range()).collect()
    }

    /// The first literal match starting at or after byte `from` (for a fast first hit), wrapping is
    /// the caller's job.
    ///
    /// A `from` inside a character is moved to the next character boundary; a `from` past the end
    /// finds nothing.
    #[must_use]
    pub fn first_literal_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        let from = next_boundary(text, from)?;
        self.regex.find_at(text, from).map(|m| m.range())
    }

    /// Pinyin matches (only for all-ASCII-letter queries, else empty), in text order, excluding any
    /// that overlap a literal match.
    ///
    /// Matches are leftmost-first and non-overlapping; from each start the shortest run of Han
    /// characters that spells the query is taken. `literal` should be in text order (as returned by
    /// [`Matcher::literal`]); no pinyin match reaches into any of its ranges.
    #[must_use]
    pub fn pinyin(&self, text: &str, literal: &[Range<usize>]) -> Vec<Range<usize>> {
        let Some(query) = &self.pinyin else {
            return Vec::new();
        };
        if literal.is_sorted_by_key(|r| r.start) {
            query.find_all(text, literal)
        } else {
            let mut sorted = literal.to_vec();
            sorted.sort_by_key(|r| r.start);
            query.find_all(text, &sorted)
        }
    }

    /// All matches: literal ones first (text order), then pinyin ones (text order). This is the
    /// order n/N step through.
    #[must_use]
    pub fn all(&self, text: &str) -> Vec<Match> {
        let literal = self.literal(text);
        let pinyin = self.pinyin(text, &literal);
        let mut all = Vec::with_capacity(literal.len() + pinyin.len());
        all.extend(literal.into_iter().map(|range| Match { range, kind: MatchKind::Literal }));
        all.extend(pinyin.into_iter().map(|range| Match { range, kind: MatchKind::Pinyin }));
        all
    }

    /// Whether the query is searched as pinyin too: two or more ASCII letters and nothing else.
    #[must_use]
    pub fn is_pinyin_query(&self) -> bool {
        self.pinyin.is_some()
    }
}

/// The first char boundary at or after `from`, or None past the end.
pub(super) fn next_boundary(text: &str, mut from: usize) -> Option<usize> {
    if from > text.len() {
        return None;
    }
    while !text.is_char_boundary(from) {
        from += 1;
    }
    Some(from)
}

/// Appends to `pattern` a regex matching `c` and its folded forms.
fn push_folded_class(pattern: &mut String, c: char) {
    let mut forms: Vec<char> = Vec::with_capacity(4);
    let base = half_width(c);
    if base.is_ascii_graphic() || base == ' ' {
        let mut ascii = vec![base];
        if base.is_ascii_alphabetic() {
            ascii.push(if base.is_ascii_lowercase() { base.to_ascii_uppercase() } else { base.to_ascii_lowercase() });
        }
        for a in ascii {
            forms.push(a);
            forms.push(full_width(a));
        }
    } else {
        // A Han character stands for its simplified form and every traditional form of that.
        forms.extend(crate::script::variants(c));
        for other in [single_char(c.to_lowercase()), single_char(c.to_uppercase())].into_iter().flatten() {
            if !forms.contains(&other) {
                forms.push(other);
            }
        }
    }
    if let [only] = forms[..] {
        push_escaped(pattern, only);
    } else {
        pattern.push('[');
        for form in forms {
            push_escaped(pattern, form);
        }
        pattern.push(']');
    }
}

/// Appends `c` to `pattern`, escaped so that it stands for itself in and outside a class.
fn push_escaped(pattern: &mut String, c: char) {
    if regex_syntax_meta(c) {
        pattern.push('\\');
    }
    pattern.push(c);
}

/// Whether `c` needs a backslash in a regex (the set `regex::escape` uses, which is also safe
/// inside a character class).
fn regex_syntax_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' | '#' | '&' | '-' | '~'
    )
}

/// The one char of a case mapping, or None when it maps to several.
fn single_char(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init, reason = "expected match lists with one range")]
mod tests {
    use super::*;

    fn lit(query: &str, text: &str) -> Vec<Range<usize>> {
        Matcher::new(query).unwrap().literal(text)
    }

    fn py(query: &str, text: &str) -> Vec<Range<usize>> {
        let m = Matcher::new(query).unwrap();
        m.pinyin(text, &m.literal(text))
    }

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn empty_and_whitespace_queries_compile_to_none() {
        assert!(Matcher::new("").is_none());
        assert!(Matcher::new(" ").is_none());
        assert!(Matcher::new("\u{3000}\u{3000}").is_none());
        assert!(Matcher::new("\t\n ").is_none());
        assert!(Matcher::new(" a ").is_some());
    }

    #[test]
    fn plain_han_query() {
        let text = "　　加强党建工作。党建引领。";
        assert_eq!(texts(text, &lit("党建", text)), ["党建", "党建"]);
        assert!(lit("建党", text).is_empty());
    }

    #[test]
    fn latin_letters_fold_case() {
        let text = "GDP and gdp and Gdp and ｇｄｐ and ＧＤＰ";
        assert_eq!(texts(text, &lit("gdp", text)), ["GDP", "gdp", "Gdp", "ｇｄｐ", "ＧＤＰ"]);
        assert_eq!(lit("GDP", text), lit("gdp", text));
        assert_eq!(lit("ｇＤｐ", text), lit("gdp", text));
    }

    #[test]
    fn full_width_and_half_width_fold_both_ways() {
        let text = "２０２３年 and 2023年";
        assert_eq!(texts(text, &lit("2023", text)), ["２０２３", "2023"]);
        assert_eq!(texts(text, &lit("２０２３", text)), ["２０２３", "2023"]);
        assert_eq!(texts(text, &lit("2０2３", text)), ["２０２３", "2023"]);
        let text = "见（一）和(二)";
        assert_eq!(texts(text, &lit("(", text)), ["（", "("]);
        assert_eq!(texts(text, &lit("）", text)), ["）", ")"]);
        let text = "Ａ 和 a";
        assert_eq!(texts(text, &lit("a", text)), ["Ａ", "a"]);
        assert_eq!(texts(text, &lit("Ａ", text)), ["Ａ", "a"]);
    }

    #[test]
    fn space_folds_with_ideographic_space() {
        let text = "一\u{3000}二 三";
        assert_eq!(texts(text, &lit("一 二", text)), ["一\u{3000}二"]);
        assert_eq!(texts(text, &lit("二\u{3000}三", text)), ["二 三"]);
    }

    #[test]
    fn matches_span_a_line_break_and_indent() {
        let text = "　　全面从严治党\n　　建设伟大工程";
        let found = lit("党建", text);
        assert_eq!(texts(text, &found), ["党\n　　建"]);
        let text = "党\n建 党\n\t 　建 党\n\n建 党 建";
        // One line break with any indent is bridged; a blank line or a plain space is not.
        assert_eq!(texts(text, &lit("党建", text)), ["党\n建", "党\n\t 　建"]);
        // Never before the first or after the last query char.
        let text = "x\n　党建\n　y";
        assert_eq!(texts(text, &lit("党建", text)), ["党建"]);
    }

    #[test]
    fn traditional_and_simplified_characters_match_each_other() {
        let text = "　　堅持發展經濟，发展经济。髮展";
        assert_eq!(texts(text, &lit("发展经济", text)), ["發展經濟", "发展经济"]);
        assert_eq!(texts(text, &lit("發展經濟", text)), ["發展經濟", "发展经济"]);
        assert_eq!(texts(text, &lit("发展", text)), ["發展", "发展", "髮展"]);
        // Offsets are exact in mixed text: each match starts and ends where its characters do.
        let found = lit("经济", text);
        assert_eq!(found[0], text.find("經濟").unwrap()..text.find("經濟").unwrap() + 6);
        // Characters simplified text uses as they are never stand for another.
        assert!(lit("干", "乾隆").is_empty());
        assert_eq!(texts("發\n　　展", &lit("发展", "發\n　　展")), ["發\n　　展"]);
        assert_eq!(texts("中國銀行", &py("zgyh", "中國銀行")), ["中國銀行"]);
    }

    #[test]
    fn regex_metacharacters_are_literal() {
        let text = r"a.b a*b (1+1)=2 [x] {y} ^$ a|b \d -~#&";
        for q in [".", "a.b", "a*b", "(1+1)", "[x]", "{y}", "^$", "a|b", r"\d", "-~#&"] {
            let found = lit(q, text);
            assert_eq!(found.len(), 1, "{q}: {:?}", texts(text, &found));
        }
        assert!(lit("a.c", "abc").is_empty());
    }

    #[test]
    fn non_ascii_letters_fold_case_too() {
        let text = "Émile émile";
        assert_eq!(lit("émile", text).len(), 2);
    }

    #[test]
    fn first_literal_from_finds_the_next_hit() {
        let text = "党建一党建二党建";
        let m = Matcher::new("党建").unwrap();
        assert_eq!(m.first_literal_from(text, 0), Some(0..6));
        assert_eq!(m.first_literal_from(text, 1), Some(9..15));
        assert_eq!(m.first_literal_from(text, 9), Some(9..15));
        assert_eq!(m.first_literal_from(text, 10), Some(18..24));
        assert_eq!(m.first_literal_from(text, 19), None);
        assert_eq!(m.first_literal_from(text, text.len()), None);
        assert_eq!(m.first_literal_from(text, text.len() + 5), None);
    }

    #[test]
    fn pinyin_initials_syllables_and_mixes() {
        let text = "要抓好党建工作";
        for q in ["dangjian", "dj", "dangj", "dji", "DJ", "DangJian", "djian"] {
            assert_eq!(texts(text, &py(q, text)), ["党建"], "{q}");
        }
        assert!(py("dx", text).is_empty());
        assert!(py("dangjianx", text).is_empty());
        assert_eq!(texts(text, &py("dangjiang", text)), ["党建工"], "g is the initial of 工");
        assert!(py("angjian", text).is_empty(), "a reading must be matched from its start");
    }

    #[test]
    fn pinyin_lgql_not_lgqr() {
        // 立 reads `li`: the initials of 两个确立 are lgql (the spec's `lgqr` is a typo).
        let text = "深刻领悟两个确立的决定性意义";
        assert_eq!(texts(text, &py("lgql", text)), ["两个确立"]);
        assert_eq!(texts(text, &py("lianggequeli", text)), ["两个确立"]);
        assert!(py("lgqr", text).is_empty());
    }

    #[test]
    fn pinyin_uses_every_heteronym_reading() {
        // 行 reads xing and hang; 还 reads hai and huan.
        assert_eq!(py("yh", "中国银行"), [6..12]);
        assert_eq!(py("xd", "行动"), [0..6]);
        assert_eq!(py("huanyuan", "还原"), [0..6]);
        // ü may be typed as v or u.
        assert_eq!(py("lvse", "绿色"), [0..6]);
        assert_eq!(py("nvxing", "女性"), [0..6]);
        assert_eq!(py("nuxing", "女性"), [0..6]);
    }

    #[test]
    fn pinyin_matches_do_not_cross_non_han() {
        assert!(py("dj", "党，建").is_empty());
        assert!(py("dj", "党\n建").is_empty());
        assert!(py("dj", "党a建").is_empty());
        assert_eq!(py("dj", "党建党建，党建"), [0..6, 6..12, 15..21]);
    }

    #[test]
    fn pinyin_only_for_ascii_letter_queries() {
        for q in ["党建", "dj党", "d j", "dj1", "d", "ｄｊ", "dj."] {
            let m = Matcher::new(q).unwrap();
            assert!(!m.is_pinyin_query(), "{q}");
            assert!(m.pinyin("党建", &[]).is_empty(), "{q}");
        }
        assert!(Matcher::new("dj").unwrap().is_pinyin_query());
    }

    #[test]
    fn mixed_han_and_ascii_query_is_literal_only() {
        let text = "推进5G建设，５ｇ建设";
        let m = Matcher::new("5g建设").unwrap();
        assert!(!m.is_pinyin_query());
        let all = m.all(text);
        assert!(all.iter().all(|m| m.kind == MatchKind::Literal));
        assert_eq!(all.iter().map(|m| &text[m.range.clone()]).collect::<Vec<_>>(), ["5G建设", "５ｇ建设"]);
    }

    #[test]
    fn pinyin_excluded_where_it_overlaps_a_literal_match() {
        let text = "党建党建党建";
        let m = Matcher::new("dj").unwrap();
        assert_eq!(m.pinyin(text, &[]), [0..6, 6..12, 12..18]);
        assert_eq!(m.pinyin(text, &[3..9]), [12..18]);
        assert_eq!(m.pinyin(text, &[0..6]), [6..12, 12..18]);
        assert_eq!(m.pinyin(text, &[12..13, 0..1]), [6..12], "unsorted input is sorted");
        assert_eq!(m.pinyin(text, &[100..200]), [0..6, 6..12, 12..18], "ranges past the end are harmless");
    }

    #[test]
    fn all_lists_literal_matches_first() {
        let text = "党建 DJ 党建 dj";
        let m = Matcher::new("dj").unwrap();
        let all = m.all(text);
        let kinds: Vec<_> = all.iter().map(|m| (m.kind, &text[m.range.clone()])).collect();
        assert_eq!(
            kinds,
            [
                (MatchKind::Literal, "DJ"),
                (MatchKind::Literal, "dj"),
                (MatchKind::Pinyin, "党建"),
                (MatchKind::Pinyin, "党建"),
            ]
        );
    }

    #[test]
    fn long_pinyin_query_beyond_one_bitset_word() {
        let han = "中华人民共和国".repeat(4);
        let query = "zhonghuarenmingongheguo".repeat(4);
        assert!(query.len() > 64);
        assert_eq!(py(&query, &han), [0..han.len()]);
    }
}
