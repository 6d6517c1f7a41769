//! Line breaking: wraps one paragraph into display rows of a given width, for the reader's text
//! view.
//!
//! Break opportunities come from UAX #14 (the `unicode-linebreak` crate), so Latin words and numbers
//! such as `5.5%` stay whole and a break is possible between any two Han characters. Two tailorings
//! for Chinese text apply on top:
//! - curly quotes in Chinese text break like brackets: a break is allowed before an opening `“ ‘`
//!   that is followed by an East Asian wide character, and after a closing `” ’` that follows one,
//!   when the character on the other side is wide or such a quote (`两”“两`). The crate implements
//!   Unicode 15.0, which glues curly quotes to both neighbours; Unicode 15.1 (`LB19a`) relaxes this
//!   in a similar way;
//! - no break between an ASCII digit and a following ideograph, so `2023年` stays whole.
//!
//! The clreq "basic" rules (禁则, see [`NO_START`], [`NO_END`], [`NO_SPLIT`]) then remove
//! opportunities, even where UAX #14 allows them, and so do the `keep_whole` ranges of configured
//! terms. Rows are filled greedily (first fit). When a row has no allowed opportunity, the break
//! falls back to the last position that keeps the 禁则 (ignoring UAX #14), and failing that to the
//! last character that fits; either way every row makes progress.
//!
//! Widths are counted by [`crate::width`], with the user's model for ambiguous characters.

mod kinsoku;

use std::ops::Range;

use crate::width::{AmbiguousWidth, char_width, str_width};
use kinsoku::{CLOSE_QUOTE, DIGIT, HANG, NE, NS, OPEN_QUOTE, PAIR, flags};
pub use kinsoku::{NO_END, NO_SPLIT, NO_START};

/// One display row of a wrapped paragraph: byte offsets relative to the paragraph text.
///
/// `width` is the number of columns the row's characters take, not counting the spaces and tabs
/// that hang at its end (those are inside `start..end` but need not be drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Byte offset of the row's first character.
    pub start: usize,
    /// Byte offset just past the row's last character (hanging whitespace included).
    pub end: usize,
    /// Visible columns, without trailing spaces and tabs.
    pub width: u16,
}

/// How a row of [`break_rows_explained`] ended. For tests and debugging.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowEnd {
    /// At an allowed opportunity: UAX #14 (as tailored) and the 禁则 and `keep_whole` all agree.
    Opportunity,
    /// No allowed opportunity fitted: broke at the last position that keeps the 禁则 and
    /// `keep_whole` but which UAX #14 does not allow (inside a long Latin word, say).
    Fallback,
    /// Nothing else fitted: broke after the last character that fits, whatever the rules say.
    Forced,
    /// The paragraph's last row.
    Last,
}

/// Break `text` (one paragraph, no '\n' inside) into rows of at most `width` columns.
///
/// `keep_whole`: byte ranges (relative to `text`, sorted, non-overlapping, on char boundaries) of
/// configured terms that must not be split across rows when the row can move them whole. A range
/// wider than the row may be split; a range that is not on char boundaries of `text` is ignored.
///
/// Widths below 2 are treated as 2, so a wide character always fits a row and no row is ever
/// wider than `max(width, 2)`; widths above `u16::MAX` are treated as `u16::MAX`.
///
/// The rows cover `text` exactly and in order; empty text gives one empty row. Spaces and tabs
/// where a row breaks stay at the end of that row (they hang and do not count in
/// [`Row::width`]); everything else, including the paragraph indent `　　`, is kept and counted.
/// Mandatory breaks inside the text (`\r`, U+2028 …) are treated as ordinary opportunities.
#[must_use]
pub fn break_rows(text: &str, width: usize, ambiguous: AmbiguousWidth, keep_whole: &[Range<usize>]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(text.len() / width.max(2) + 1);
    wrap(text, width, ambiguous, keep_whole, |row, _| rows.push(row));
    rows
}

/// [`break_rows`], with how each row ended. For tests and debugging.
#[doc(hidden)]
#[must_use]
pub fn break_rows_explained(
    text: &str,
    width: usize,
    ambiguous: AmbiguousWidth,
    keep_whole: &[Range<usize>],
) -> Vec<(Row, RowEnd)> {
    let mut rows = Vec::new();
    wrap(text, width, ambiguous, keep_whole, |row, end| rows.push((row, end)));
    rows
}

/// A place a row may end: byte offset, columns before it, and columns before it without the
/// trailing spaces.
#[derive(Clone, Copy)]
struct Candidate {
    pos: usize,
    cum: usize,
    visible: usize,
}

/// East Asian wide or fullwidth, independent of the ambiguous-width model.
fn east_asian_wide(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) == 2
}

/// The quote tailoring: may a row end at `i`, between `prev` and `c`, where `c` is an opening or
/// `prev` a closing curly quote? Yes when the quote belongs to Chinese text (an opening quote
/// followed, a closing quote preceded, by a wide character) and the other side is wide too or is
/// such a quote itself. Curly quotes between Han characters then break like brackets.
#[inline(never)]
fn quote_break(text: &str, i: usize, c: char, f: u8, prev: char, prev_flags: u8, before_prev: char) -> bool {
    let after = if f & OPEN_QUOTE != 0 {
        text[i + c.len_utf8()..].chars().next().is_some_and(east_asian_wide)
    } else {
        east_asian_wide(c)
    };
    let before = if prev_flags & CLOSE_QUOTE != 0 { east_asian_wide(before_prev) } else { east_asian_wide(prev) };
    after && before
}

/// Walks `keep_whole` along the text: is a break at a position inside a term that fits a row?
struct Keep<'a> {
    text: &'a str,
    ranges: &'a [Range<usize>],
    next: usize,
    /// `(index, fits)` for the last range measured, so each is measured once.
    measured: Option<(usize, bool)>,
    limit: usize,
    ambiguous: AmbiguousWidth,
}

impl Keep<'_> {
    #[inline]
    fn forbids(&mut self, pos: usize) -> bool {
        while self.next < self.ranges.len() && self.ranges[self.next].end <= pos {
            self.next += 1;
        }
        let Some(range) = self.ranges.get(self.next) else { return false };
        if range.start >= pos {
            return false;
        }
        match self.measured {
            Some((i, fits)) if i == self.next => fits,
            _ => {
                let fits = self.text.get(range.clone()).is_some_and(|s| str_width(s, self.ambiguous) <= self.limit);
                self.measured = Some((self.next, fits));
                fits
            }
        }
    }
}

/// The greedy wrapper behind [`break_rows`]: one pass over the characters, in step with the
/// UAX #14 opportunities, remembering the last allowed and the last fallback break of the row.
#[inline]
fn wrap(
    text: &str,
    width: usize,
    ambiguous: AmbiguousWidth,
    keep_whole: &[Range<usize>],
    mut emit: impl FnMut(Row, RowEnd),
) {
    let limit = width.clamp(2, usize::from(u16::MAX));
    let mut keep = Keep { text, ranges: keep_whole, next: 0, measured: None, limit, ambiguous };
    let mut uax = unicode_linebreak::linebreaks(text).map(|(pos, _)| pos);
    let mut next_uax = uax.next().unwrap_or(usize::MAX);

    let mut row_start = 0;
    let mut row_cum = 0; // columns before `row_start`
    let mut cum = 0; // columns before the current character
    let mut visible = 0; // columns up to the end of the last non-hanging character
    let mut allowed: Option<Candidate> = None;
    let mut fallback: Option<Candidate> = None;
    let mut prev = '\0';
    let mut prev_flags = 0;
    let mut before_prev = '\0';
    let mut last_visible_flags = 0; // flags of the last character that is neither hanging nor zero-width
    let row =
        |start, end, visible_end: usize, row_cum| Row { start, end, width: visible_end.saturating_sub(row_cum) as u16 };

    for (i, c) in text.char_indices() {
        let f = flags(c);
        let w = char_width(c, ambiguous);
        if i > row_start {
            while next_uax < i {
                next_uax = uax.next().unwrap_or(usize::MAX);
            }
            let kinsoku_ok = f & NS == 0 && last_visible_flags & NE == 0 && !(f & prev_flags & PAIR != 0 && c == prev);
            if kinsoku_ok && !keep.forbids(i) {
                let here = Candidate { pos: i, cum, visible };
                let mut uax_ok = next_uax == i;
                if uax_ok {
                    // Keep `2023年` whole.
                    if prev_flags & DIGIT != 0
                        && unicode_linebreak::break_property(c as u32) == unicode_linebreak::BreakClass::Ideographic
                    {
                        uax_ok = false;
                    }
                } else if (f & OPEN_QUOTE != 0 || prev_flags & CLOSE_QUOTE != 0)
                    && quote_break(text, i, c, f, prev, prev_flags, before_prev)
                {
                    uax_ok = true;
                }
                if uax_ok {
                    allowed = Some(here);
                }
                if f & HANG == 0 && w > 0 {
                    fallback = Some(here);
                }
            }
        }
        if f & HANG == 0 {
            // Placing a visible character: break until it fits. At most three rounds, as each
            // round uses a later kind of break and the last one leaves an empty row.
            while cum + w - row_cum > limit {
                let (at, end) = if let Some(at) = allowed.take() {
                    (at, RowEnd::Opportunity)
                } else if let Some(at) = fallback.take() {
                    (at, RowEnd::Fallback)
                } else {
                    (Candidate { pos: i, cum, visible }, RowEnd::Forced)
                };
                emit(row(row_start, at.pos, at.visible, row_cum), end);
                row_start = at.pos;
                row_cum = at.cum;
                fallback = fallback.filter(|f| f.pos > at.pos);
            }
            visible = cum + w;
            if w > 0 {
                last_visible_flags = f;
            }
        }
        cum += w;
        before_prev = prev;
        prev = c;
        prev_flags = f;
    }
    emit(row(row_start, text.len(), visible, row_cum), RowEnd::Last);
}

#[cfg(test)]
// Keep ranges are written as literals; one range is not a mistake for a list of numbers here.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    const N: AmbiguousWidth = AmbiguousWidth::Narrow;
    const W: AmbiguousWidth = AmbiguousWidth::Wide;

    fn rows(text: &str, width: usize) -> Vec<&str> {
        rows_with(text, width, N, &[])
    }

    fn rows_with<'t>(text: &'t str, width: usize, amb: AmbiguousWidth, keep: &[Range<usize>]) -> Vec<&'t str> {
        let rows = break_rows(text, width, amb, keep);
        check(text, width, amb, &rows);
        rows.iter().map(|r| &text[r.start..r.end]).collect()
    }

    fn ends(text: &str, width: usize) -> Vec<RowEnd> {
        break_rows_explained(text, width, N, &[]).into_iter().map(|(_, e)| e).collect()
    }

    /// The invariants every result keeps.
    fn check(text: &str, width: usize, amb: AmbiguousWidth, rows: &[Row]) {
        assert!(!rows.is_empty());
        assert_eq!(rows[0].start, 0);
        assert_eq!(rows.last().unwrap().end, text.len());
        for pair in rows.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(pair[0].start < pair[0].end, "empty row in {rows:?}");
        }
        for r in rows {
            let s = &text[r.start..r.end];
            assert_eq!(usize::from(r.width), str_width(s.trim_end_matches([' ', '\t']), amb), "{s:?}");
            assert!(usize::from(r.width) <= width.max(2), "{s:?} is wider than {width}");
        }
    }

    fn range_of(text: &str, term: &str) -> Range<usize> {
        let start = text.find(term).unwrap();
        start..start + term.len()
    }

    #[test]
    fn han_text_fills_rows() {
        assert_eq!(rows("提高政治站位", 4), ["提高", "政治", "站位"]);
        assert_eq!(rows("提高政治站位", 5), ["提高", "政治", "站位"]);
        assert_eq!(rows("提高政治站位", 12), ["提高政治站位"]);
        let r = break_rows("提高政治站位", 5, N, &[]);
        assert_eq!(r[0], Row { start: 0, end: 6, width: 4 });
    }

    #[test]
    fn no_row_starts_with_a_pause_or_closing_mark() {
        // Naively "提高政治" | "，站位": the comma pulls 治 down with it.
        assert_eq!(rows("提高政治，站位", 8), ["提高政", "治，站位"]);
        for mark in ["、", "，", "。", "：", "；", "！", "？", "”", "’", "」", "』", "）", "》", "〉", "】"]
        {
            let text = format!("提高政治{mark}站位");
            let r = rows(&text, 8);
            assert_eq!(r[0], "提高政", "{text}");
        }
        for mark in [",", ".", ";", ":", "!", "?", ")", "]", "}", "%"] {
            let text = format!("提高政治{mark}站位");
            assert_eq!(rows(&text, 8)[0], "提高政", "{text}");
        }
    }

    #[test]
    fn middle_dots_stay_with_the_name_before_them() {
        // UAX #14 allows a break before `·`; the 禁则 do not.
        assert_eq!(rows("马克思恩格斯·列宁", 12), ["马克思恩格", "斯·列宁"]);
        assert_eq!(rows("马克思恩格斯・列宁", 12), ["马克思恩格", "斯・列宁"]);
    }

    #[test]
    fn no_row_ends_with_an_opening_mark() {
        for mark in ["“", "‘", "「", "『", "（", "《", "〈", "【"] {
            let text = format!("提高政{mark}治站位");
            let r = rows(&text, 8);
            assert!(!r[0].ends_with(mark), "{text}: {r:?}");
            assert_eq!(r[0], "提高政", "{text}");
        }
        for mark in ["(", "[", "{"] {
            let text = format!("提高政治{mark}站位");
            let r = rows(&text, 9);
            assert_eq!(r[0], "提高政治", "{text}: {r:?}");
        }
    }

    #[test]
    fn curly_quotes_break_like_brackets_between_han_characters() {
        // Unicode 15.0 glues `“` to 持 and `”` to 的; the tailoring lets them go.
        assert_eq!(rows("坚持“两个确立”的", 6), ["坚持", "“两个", "确立”", "的"]);
        assert_eq!(rows("要坚持，“两个确立”", 8), ["要坚持，", "“两个确", "立”"]);
    }

    #[test]
    fn double_dashes_and_ellipses_are_never_split() {
        // Narrow model: `—` and `…` are one column each.
        assert_eq!(rows("提高政——治", 7), ["提高政", "——治"]);
        // UAX #14 keeps `…` with the character before it.
        assert_eq!(rows("提高政……治", 7), ["提高", "政……治"]);
        assert_eq!(rows("——坚持党的领导", 6), ["——坚持", "党的领", "导"]);
        // A row of exactly the pair is fine.
        assert_eq!(rows("提高——", 6), ["提高——"]);
    }

    #[test]
    fn a_configured_term_moves_to_the_next_row_whole() {
        let text = "坚定捍卫两个确立";
        assert_eq!(rows(text, 10), ["坚定捍卫两", "个确立"]);
        let keep = [range_of(text, "两个确立")];
        assert_eq!(rows_with(text, 10, N, &keep), ["坚定捍卫", "两个确立"]);
        // Several terms, with quotes. The quotes and the comma are glued to the terms, so
        // `“两个确立”，` (12 columns) must fit a row for the term to move whole.
        let text = "坚定拥护“两个确立”，坚决做到“两个维护”";
        let keep = [range_of(text, "两个确立"), range_of(text, "两个维护")];
        for width in 12..40 {
            let rows = break_rows(text, width, N, &keep);
            check(text, width, N, &rows);
            for r in &rows[1..] {
                assert!(!keep.iter().any(|k| k.start < r.start && r.start < k.end), "width {width}: {rows:?}");
            }
        }
    }

    #[test]
    fn a_configured_term_wider_than_the_row_is_split() {
        let text = "全面从严治党永远在路上";
        let keep = [0..text.len()];
        assert_eq!(rows_with(text, 8, N, &keep), ["全面从严", "治党永远", "在路上"]);
        assert_eq!(ends_with_keep(text, 8, &keep)[0], RowEnd::Opportunity);
    }

    fn ends_with_keep(text: &str, width: usize, keep: &[Range<usize>]) -> Vec<RowEnd> {
        break_rows_explained(text, width, N, keep).into_iter().map(|(_, e)| e).collect()
    }

    #[test]
    fn tiny_widths_make_progress_and_never_panic() {
        for width in [0, 1, 2] {
            assert_eq!(rows("提高政治", width), ["提", "高", "政", "治"], "width {width}");
            assert_eq!(rows("ab", width), ["ab"], "width {width}");
            let r = rows("提高，“政治”。", width);
            assert_eq!(r.concat(), "提高，“政治”。");
            let r = rows("　　提高", width);
            assert_eq!(r.concat(), "　　提高");
            let r = rows("a提b", width);
            assert_eq!(r.concat(), "a提b");
        }
        assert_eq!(rows("abc", 1), ["ab", "c"]);
        assert_eq!(rows("abc d", 0), ["ab", "c ", "d"]);
        assert_eq!(ends("提高", 0), [RowEnd::Opportunity, RowEnd::Last]);
    }

    #[test]
    fn a_latin_word_longer_than_the_row_is_cut() {
        let text = "see internationalization now";
        assert_eq!(rows(text, 10), ["see ", "internatio", "nalization ", "now"]);
        assert_eq!(ends(text, 10), [RowEnd::Opportunity, RowEnd::Fallback, RowEnd::Opportunity, RowEnd::Last]);
        // The fallback still keeps the 禁则: no row starts with the full stop.
        assert_eq!(rows("abcdefghij.", 10), ["abcdefghi", "j."]);
        // Rules forbid everything: the last character that fits.
        assert_eq!(rows("，，，，，，", 4), ["，，", "，，", "，，"]);
        assert_eq!(ends("，，，，，，", 4), [RowEnd::Forced, RowEnd::Forced, RowEnd::Last]);
    }

    #[test]
    fn latin_words_break_at_spaces_and_the_spaces_hang() {
        let text = "the quick brown fox";
        assert_eq!(rows(text, 10), ["the quick ", "brown fox"]);
        assert_eq!(rows(text, 9), ["the quick ", "brown fox"]);
        let r = break_rows(text, 9, N, &[]);
        assert_eq!(r[0].width, 9);
        // A run of spaces hangs whole.
        assert_eq!(rows("ab        cd", 4), ["ab        ", "cd"]);
        assert_eq!(break_rows("ab        cd", 4, N, &[])[0].width, 2);
    }

    #[test]
    fn numbers_stay_whole() {
        let text = "在2023年经济增长5.5%左右";
        // From 6 columns on, `2023年` fits a row and must not be split.
        for width in 6..30 {
            let r = rows(text, width);
            for pair in r.windows(2) {
                let a = pair[0].chars().last().unwrap();
                let b = pair[1].chars().next().unwrap();
                let numeric = |c: char| c.is_ascii_digit() || c == '.' || c == '%';
                assert!(!(numeric(a) && (numeric(b) || b == '年')), "{width}: {r:?}");
            }
            assert!(r.iter().any(|row| row.contains("2023年")), "{width}: {r:?}");
            assert!(r.iter().any(|row| row.contains("5.5%")), "{width}: {r:?}");
        }
        assert_eq!(rows("在2023年", 7), ["在", "2023年"]);
        assert_eq!(rows("增长5.5%左右", 7), ["增长", "5.5%左", "右"]);
    }

    #[test]
    fn the_indent_is_kept_and_counted() {
        let text = "　　同志们，今年是全面贯彻党的二十大精神的开局之年。";
        let r = break_rows(text, 20, N, &[]);
        check(text, 20, N, &r);
        assert!(text[r[0].start..r[0].end].starts_with("　　同志们"));
        assert_eq!(r[0].width, 20);
        assert_eq!(rows("　　提高", 4), ["　　", "提高"]);
    }

    #[test]
    fn rows_join_back_to_the_text() {
        let text = "　　一是提高政治站位。要深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、\
                    做到“两个维护”——在2023年GDP增长5.5%左右……（见附件）";
        for amb in [N, W] {
            for width in 0..100 {
                let rows = rows_with(text, width, amb, &[]);
                assert_eq!(rows.concat(), text);
            }
        }
        assert_eq!(break_rows("", 10, N, &[]), [Row { start: 0, end: 0, width: 0 }]);
        assert_eq!(break_rows("", 0, W, &[0..0]), [Row { start: 0, end: 0, width: 0 }]);
    }

    #[test]
    fn ambiguous_wide_quotes_count_two_columns() {
        let text = "“两个确立”“两个维护”";
        assert_eq!(rows_with(text, 10, N, &[]), ["“两个确立”", "“两个维护”"]);
        assert_eq!(rows_with(text, 10, W, &[]), ["“两个确", "立”“两个", "维护”"]);
        for width in 0..30 {
            let rows = break_rows(text, width, W, &[]);
            check(text, width, W, &rows);
        }
    }

    #[test]
    fn tabs_count_one_column_and_zero_width_characters_nothing() {
        assert_eq!(break_rows("a\tb", 10, N, &[])[0].width, 3);
        let text = "提高\u{200B}政治\u{0}站位";
        assert_eq!(rows(text, 4), ["提高\u{200B}", "政治\u{0}", "站位"]);
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)]
    fn malformed_keep_ranges_do_not_panic() {
        let text = "提高政治站位";
        for keep in [vec![1..4], vec![4..1], vec![0..100], vec![6..12, 0..6], vec![0..6, 3..9]] {
            let rows = break_rows(text, 4, N, &keep);
            check(text, 4, N, &rows);
        }
    }

    #[test]
    fn huge_widths_are_clamped_to_terminal_columns() {
        let text = "提".repeat(40_000);
        let rows = break_rows(&text, usize::MAX, N, &[]);
        check(&text, usize::from(u16::MAX), N, &rows);
        assert_eq!(rows[0].width, u16::MAX - 1);
    }
}
