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
//!   and U+3000. Regex metacharacters in the query are literal.
//! - **pinyin** ([`Matcher::pinyin`]), only for queries of two or more ASCII letters: a run of
//!   consecutive Han characters each matched by a non-empty prefix of one of its toneless readings
//!   (every heteronym reading counts), consuming the whole query. So `dj`, `dangjian` and `dangj`
//!   all find 党建, and `lgql` finds 两个确立. In readings, `ü` may be typed as `v` or `u`, `ê` as `e`.
//!
//! [`Matcher::all`] gives the order `n`/`N` step through: literal matches first, then pinyin ones,
//! each in text order. Ranges are byte ranges into the searched text, always on char boundaries.

pub mod across;

use std::ops::Range;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;
use regex::{Regex, RegexBuilder};

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
fn next_boundary(text: &str, mut from: usize) -> Option<usize> {
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
        forms.push(c);
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

// --- pinyin ---------------------------------------------------------------------------------

/// The longest toneless reading (`zhuang`, `shuang`, `chuang`).
const MAX_READING: usize = 6;

/// One reading as ASCII lowercase bytes and its length.
type Reading = ([u8; MAX_READING], u8);

/// Readings of one char, normalised to ASCII lowercase (`ü` as both `v` and `u`, `ê` as `e`),
/// without duplicates; held on the stack.
struct Readings {
    len: usize,
    items: [Reading; Readings::CAP],
}

impl Readings {
    /// Enough for the most readings any char has (11) with every `ü` doubled.
    const CAP: usize = 24;

    /// The readings of `c`, or None when it has none (not a Han character).
    fn of(c: char) -> Option<Readings> {
        let multi = c.to_pinyin_multi()?;
        let mut readings = Readings { len: 0, items: [([0; MAX_READING], 0); Readings::CAP] };
        for reading in multi {
            let mut v: Reading = ([0; MAX_READING], 0);
            let mut has_u_umlaut = false;
            for ch in reading.plain().chars() {
                let b = match ch {
                    'ü' => {
                        has_u_umlaut = true;
                        b'v'
                    }
                    'ê' => b'e',
                    'a'..='z' => ch as u8,
                    _ => continue,
                };
                if usize::from(v.1) < MAX_READING {
                    v.0[usize::from(v.1)] = b;
                    v.1 += 1;
                }
            }
            readings.push(v);
            if has_u_umlaut {
                for b in &mut v.0 {
                    if *b == b'v' {
                        *b = b'u';
                    }
                }
                readings.push(v);
            }
        }
        (readings.len > 0).then_some(readings)
    }

    fn push(&mut self, reading: Reading) {
        if reading.1 > 0 && self.len < Readings::CAP && !self.as_slice().contains(&reading) {
            self.items[self.len] = reading;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Reading] {
        &self.items[..self.len]
    }

    /// Bit `i` set when some reading starts with letter `b'a' + i`.
    fn first_letters(&self) -> u32 {
        self.as_slice().iter().fold(0, |mask, (bytes, _)| mask | letter_bit(bytes[0]))
    }
}

/// First code point of the cached table: CJK symbols (〇), extension A and the unified block,
/// which hold nearly every Han character in real documents.
const TABLE_START: u32 = 0x3000;
/// One past the last code point of the cached table.
const TABLE_END: u32 = 0xA000;

/// Normalised readings of every char in `TABLE_START..TABLE_END`, built once per process (a few
/// milliseconds, about 600 KB) and shared by all matchers.
struct Table {
    /// Per code point: the [`Readings::first_letters`] mask, 0 for chars without readings.
    first: Box<[u32]>,
    /// Per code point `c`, its readings are `pool[starts[c]..starts[c + 1]]`.
    starts: Box<[u32]>,
    pool: Box<[Reading]>,
}

impl Table {
    fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            let size = (TABLE_END - TABLE_START) as usize;
            let mut first = Vec::with_capacity(size);
            let mut starts = Vec::with_capacity(size + 1);
            let mut pool = Vec::new();
            for code in TABLE_START..TABLE_END {
                starts.push(pool.len() as u32);
                match char::from_u32(code).and_then(Readings::of) {
                    Some(readings) => {
                        first.push(readings.first_letters());
                        pool.extend_from_slice(readings.as_slice());
                    }
                    None => first.push(0),
                }
            }
            starts.push(pool.len() as u32);
            Table { first: first.into(), starts: starts.into(), pool: pool.into() }
        })
    }

    /// The index of `code` in the table, if it is covered.
    fn index(code: u32) -> Option<usize> {
        code.checked_sub(TABLE_START).filter(|&i| i < TABLE_END - TABLE_START).map(|i| i as usize)
    }
}

/// The bit of an ASCII lowercase letter in a first-letters mask.
fn letter_bit(b: u8) -> u32 {
    1 << (b.wrapping_sub(b'a') & 31)
}

/// The char starting at byte `i` (a char boundary) and its length in bytes, decoding the common
/// three-byte case by hand.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(i..i + 3) {
        Some(&[b0 @ 0xE0..=0xEF, b1, b2]) => {
            let code = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            char::from_u32(code).map(|c| (c, 3))
        }
        _ => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// A pinyin query: lowercase ASCII letters, at least two.
#[derive(Debug, Clone)]
struct PinyinQuery {
    query: Box<[u8]>,
}

impl PinyinQuery {
    fn new(query: &str) -> Option<PinyinQuery> {
        (query.len() >= 2 && query.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| PinyinQuery { query: query.to_ascii_lowercase().into_bytes().into_boxed_slice() })
    }

    /// Leftmost-first, non-overlapping matches that stay clear of `literal` (sorted by start).
    fn find_all(&self, text: &str, literal: &[Range<usize>]) -> Vec<Range<usize>> {
        let table = Table::get();
        let bytes = text.as_bytes();
        let first = letter_bit(self.query[0]);
        let words = self.query.len() / 64 + 1;
        let mut cur = vec![0u64; words];
        let mut next = vec![0u64; words];
        let mut found = Vec::new();
        let mut lit = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Every char with readings is at least U+3000, so its UTF-8 lead byte is >= 0xE3;
            // smaller bytes (ASCII, two-byte chars, continuation bytes) are stepped over one by one.
            if bytes[i] < 0xE3 {
                i += 1;
                continue;
            }
            let Some((c, len)) = char_at(text, i) else { break };
            let letters = match Table::index(u32::from(c)) {
                Some(t) => table.first[t],
                None => Readings::of(c).map_or(0, |r| r.first_letters()),
            };
            if letters & first == 0 {
                i += len;
                continue;
            }
            while lit < literal.len() && literal[lit].end <= i {
                lit += 1;
            }
            let limit = match literal.get(lit) {
                Some(r) if r.start <= i => {
                    // Inside a literal match: resume after it.
                    i = next_boundary(text, r.end.max(i + len)).unwrap_or(bytes.len());
                    continue;
                }
                Some(r) => r.start.min(bytes.len()),
                None => bytes.len(),
            };
            if let Some(end) = self.match_at(table, text, i, limit, &mut cur, &mut next) {
                found.push(i..end);
                i = end;
            } else {
                i += len;
            }
        }
        found
    }

    /// The end of the shortest match starting at `start` and ending at or before `limit`.
    fn match_at(
        &self,
        table: &Table,
        text: &str,
        start: usize,
        limit: usize,
        cur: &mut [u64],
        next: &mut [u64],
    ) -> Option<usize> {
        let q = &self.query;
        let n = q.len();
        cur.fill(0);
        cur[0] = 1;
        let mut pos = start;
        loop {
            let (c, len) = char_at(text, pos)?;
            let end = pos + len;
            if end > limit {
                return None;
            }
            let local;
            let readings: &[Reading] = if let Some(t) = Table::index(u32::from(c)) {
                // Cheap reject: no reading of `c` starts with a letter the query expects next.
                let mut wanted = 0;
                for_each_bit(cur, |j| wanted |= letter_bit(q[j]));
                if table.first[t] & wanted == 0 {
                    return None;
                }
                &table.pool[table.starts[t] as usize..table.starts[t + 1] as usize]
            } else {
                local = Readings::of(c)?;
                local.as_slice()
            };
            next.fill(0);
            let mut any = false;
            for_each_bit(cur, |j| {
                let rest = &q[j..];
                for (reading, len) in readings {
                    let common = reading[..usize::from(*len)].iter().zip(rest).take_while(|(a, b)| a == b).count();
                    for k in j + 1..=j + common {
                        next[k / 64] |= 1 << (k % 64);
                        any = true;
                    }
                }
            });
            if !any {
                return None;
            }
            if next[n / 64] & (1 << (n % 64)) != 0 {
                return Some(end);
            }
            cur.copy_from_slice(next);
            pos = end;
        }
    }
}

/// Calls `f` with the index of every set bit.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let t = word.trailing_zeros() as usize;
            f(w * 64 + t);
            word &= word - 1;
        }
    }
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
