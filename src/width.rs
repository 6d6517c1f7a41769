//! Display width of text in a terminal, with one model for the ambiguous-width characters.
//!
//! Han characters and full-width punctuation take two columns. `“ ” … — ·` are *ambiguous*: one
//! column in most terminals, two in terminals set to East Asian ambiguous width. Everything that
//! lays out text asks this module, so the whole app follows the same choice.

use unicode_width::UnicodeWidthChar;

/// How to count ambiguous-width characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// One column, as most terminals draw them.
    #[default]
    Narrow,
    /// Two columns, as CJK-configured terminals draw them.
    Wide,
}

/// Columns taken by one character. Tabs count as one column (layout expands them separately);
/// other zero-width and control characters take none. No character counts more than two
/// columns: `unicode-width` gives U+17D8 three, which no terminal draws and no row of width two
/// could ever hold.
#[must_use]
pub fn char_width(c: char, ambiguous: AmbiguousWidth) -> usize {
    if c == '\t' {
        return 1;
    }
    match ambiguous {
        AmbiguousWidth::Narrow => c.width(),
        AmbiguousWidth::Wide => c.width_cjk(),
    }
    .unwrap_or(0)
    .min(2)
}

/// The half-width form of a full-width ASCII variant (`Ａ１！` → `A1!`) or of the ideographic
/// space U+3000; other characters unchanged. The one folding that search, comparison and go-to
/// share.
#[must_use]
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The full-width form of a printable ASCII character (`5G` → `５Ｇ`) or of a space (U+3000);
/// other characters unchanged. The inverse of [`half_width`].
#[must_use]
pub fn full_width(c: char) -> char {
    match c {
        '!'..='~' => char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c),
        ' ' => '\u{3000}',
        _ => c,
    }
}

/// Columns taken by a string.
#[must_use]
pub fn str_width(s: &str, ambiguous: AmbiguousWidth) -> usize {
    s.chars().map(|c| char_width(c, ambiguous)).sum()
}

/// Cut `s` to at most `max` columns, ending with `…` when something was cut. Never splits a
/// wide character: a cut that would land inside one leaves the column empty instead.
#[must_use]
pub fn truncate(s: &str, max: usize, ambiguous: AmbiguousWidth) -> String {
    if str_width(s, ambiguous) <= max {
        return s.to_owned();
    }
    let ellipsis = char_width('…', ambiguous);
    if max < ellipsis {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c, ambiguous);
        if used + w + ellipsis > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_is_two_columns_and_quotes_depend_on_the_model() {
        assert_eq!(str_width("讲话", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("“两个确立”", AmbiguousWidth::Narrow), 10);
        assert_eq!(str_width("“两个确立”", AmbiguousWidth::Wide), 12);
        assert_eq!(str_width("a１", AmbiguousWidth::Narrow), 3);
    }

    #[test]
    fn no_character_is_wider_than_two_columns() {
        assert_eq!(char_width('\u{17D8}', AmbiguousWidth::Narrow), 2);
        assert_eq!(char_width('\u{17D8}', AmbiguousWidth::Wide), 2);
    }

    #[test]
    fn full_and_half_width_forms_fold_both_ways() {
        for c in (' '..='~').chain(['\u{3000}']) {
            assert_eq!(half_width(full_width(c)), half_width(c), "{c:?}");
        }
        assert_eq!("５Ｇ（一）\u{3000}".chars().map(half_width).collect::<String>(), "5G(一) ");
        assert_eq!("5G".chars().map(full_width).collect::<String>(), "５Ｇ");
        assert_eq!(half_width('讲'), '讲');
    }

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("提高政治站位", 7, AmbiguousWidth::Narrow), "提高政…");
        assert_eq!(truncate("提高政治站位", 12, AmbiguousWidth::Narrow), "提高政治站位");
        assert_eq!(truncate("提高政治站位", 8, AmbiguousWidth::Narrow), "提高政…");
        assert!(str_width(&truncate("提高政治站位", 8, AmbiguousWidth::Wide), AmbiguousWidth::Wide) <= 8);
        assert_eq!(truncate("abc", 0, AmbiguousWidth::Narrow), "");
    }
}
