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
//! opportunities, even where UAX #14 allows them, and so does an enumerator marker at the start of
//! a clause (`二是`, `三要`, `十一是`: never `二` / `是…`). The `keep_whole` ranges of configured
//! terms move to the next row whole, unless that leaves a hole of more than a quarter of the row
//! ([`max_hole`]); then the term breaks where the rules allow. (Numbers and Latin words stay
//! whole, as UAX #14 keeps them, even where that leaves a wider hole.) Rows are filled greedily (first fit). When a row has no allowed opportunity, the break
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
    /// Blank columns drawn before the row's first character (the first-line indent, 首行缩进,
    /// of [`break_rows_indented`]); not part of the text and not counted in `width`.
    pub indent: u16,
}

/// The first-line indent (首行缩进) of a body paragraph: two full-width spaces, in columns.
pub const FIRST_LINE_INDENT: usize = 4;

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
    break_rows_indented(text, width, 0, ambiguous, keep_whole)
}

/// [`break_rows`] with the first row starting `indent` columns in (首行缩进): that row has
/// `indent` fewer columns for text and carries the indent in [`Row::indent`]; the byte ranges
/// still cover `text` exactly, so offsets are unchanged. The indent is dropped (0) when it would
/// leave the first row fewer than 2 columns, so `indent + width` never exceeds `max(width, 2)`.
#[must_use]
pub fn break_rows_indented(
    text: &str,
    width: usize,
    indent: usize,
    ambiguous: AmbiguousWidth,
    keep_whole: &[Range<usize>],
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(text.len() / width.max(2) + 1);
    wrap(text, width, indent, ambiguous, keep_whole, |row, _| rows.push(row));
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
    wrap(text, width, 0, ambiguous, keep_whole, |row, end| rows.push((row, end)));
    rows
}

/// The widest hole a row may leave by moving a configured term whole to the next row: a quarter
/// of the row.
#[must_use]
pub const fn max_hole(width: usize) -> usize {
    width / 4
}

/// The numerals of an enumerator marker (`一是`, `十二要`).
fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Does `rest` (starting inside a clause-initial numeral) finish a marker: numerals, then `是`
/// or `要` (`十一是`, not `一九五四年`)?
fn marker_follows(rest: &str) -> bool {
    rest.chars().find(|c| !is_numeral(*c)).is_some_and(|c| c == '是' || c == '要')
}

/// Where a clause, and so an enumerator marker, may start: after clause punctuation or a space.
fn opens_clause(c: char) -> bool {
    matches!(c, '。' | '；' | '：' | '！' | '？' | '，' | '、' | ' ' | '　' | '\t')
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
    indent: usize,
    ambiguous: AmbiguousWidth,
    keep_whole: &[Range<usize>],
    mut emit: impl FnMut(Row, RowEnd),
) {
    let limit = width.clamp(2, usize::from(u16::MAX));
    let mut indent = if indent.saturating_add(2) <= limit { indent } else { 0 };
    // Columns for text on the current row: the first row gives up the indent.
    let mut room = limit - indent;
    let mut keep = Keep { text, ranges: keep_whole, next: 0, measured: None, limit, ambiguous };
    let mut uax = unicode_linebreak::linebreaks(text).map(|(pos, _)| pos);
    let mut next_uax = uax.next().unwrap_or(usize::MAX);

    let mut row_start = 0;
    let mut row_cum = 0; // columns before `row_start`
    let mut cum = 0; // columns before the current character
    let mut visible = 0; // columns up to the end of the last non-hanging character
    let mut allowed: Option<Candidate> = None;
    // An opportunity inside a configured term, for when moving the term leaves too wide a hole.
    let mut relaxed: Option<Candidate> = None;
    let mut fallback: Option<Candidate> = None;
    let hole = max_hole(limit);
    // Is the previous character a numeral at the start of a clause (a marker such as `二是`)?
    let mut clause_start = true;
    let mut in_marker = false;
    let mut prev = '\0';
    let mut prev_flags = 0;
    let mut before_prev = '\0';
    let mut last_visible_flags = 0; // flags of the last character that is neither hanging nor zero-width
    let row = |start, end, visible_end: usize, row_cum, indent: usize| Row {
        start,
        end,
        width: visible_end.saturating_sub(row_cum) as u16,
        indent: indent as u16,
    };

    for (i, c) in text.char_indices() {
        let f = flags(c);
        let w = char_width(c, ambiguous);
        if i > row_start {
            while next_uax < i {
                next_uax = uax.next().unwrap_or(usize::MAX);
            }
            let splits_marker = in_marker && (c == '是' || c == '要' || (is_numeral(c) && marker_follows(&text[i..])));
            let kinsoku_ok = f & NS == 0
                && last_visible_flags & NE == 0
                && !(f & prev_flags & PAIR != 0 && c == prev)
                && !splits_marker;
            if kinsoku_ok {
                let in_term = keep.forbids(i);
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
                    if in_term {
                        relaxed = Some(here);
                    } else {
                        allowed = Some(here);
                    }
                }
                if f & HANG == 0 && w > 0 && !in_term {
                    fallback = Some(here);
                }
            }
        }
        if f & HANG == 0 {
            // Placing a visible character: break until it fits. At most three rounds, as each
            // round uses a later kind of break and the last one leaves an empty row.
            while cum + w - row_cum > room {
                // Too wide a hole before the allowed break: break inside the term that would
                // have moved whole.
                let gaping = allowed.is_some_and(|a| room.saturating_sub(a.visible.saturating_sub(row_cum)) > hole);
                let inside = relaxed.filter(|r| allowed.is_none_or(|a| gaping && r.pos > a.pos));
                let (at, end) = if let Some(at) = inside.or(allowed) {
                    allowed = None;
                    (at, RowEnd::Opportunity)
                } else if let Some(at) = fallback.take() {
                    (at, RowEnd::Fallback)
                } else {
                    (Candidate { pos: i, cum, visible }, RowEnd::Forced)
                };
                emit(row(row_start, at.pos, at.visible, row_cum, indent), end);
                indent = 0;
                room = limit;
                row_start = at.pos;
                row_cum = at.cum;
                fallback = fallback.filter(|f| f.pos > at.pos);
                relaxed = relaxed.filter(|r| r.pos > at.pos);
            }
            visible = cum + w;
            if w > 0 {
                last_visible_flags = f;
            }
        }
        in_marker = is_numeral(c) && (clause_start || in_marker);
        clause_start = opens_clause(c);
        cum += w;
        before_prev = prev;
        prev = c;
        prev_flags = f;
    }
    emit(row(row_start, text.len(), visible, row_cum, indent), RowEnd::Last);
}

#[cfg(test)]
mod tests;
