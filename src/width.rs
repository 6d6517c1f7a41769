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
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("提高政治站位", 7, AmbiguousWidth::Narrow), "提高政…");
        assert_eq!(truncate("提高政治站位", 12, AmbiguousWidth::Narrow), "提高政治站位");
        assert_eq!(truncate("提高政治站位", 8, AmbiguousWidth::Narrow), "提高政…");
        assert!(str_width(&truncate("提高政治站位", 8, AmbiguousWidth::Wide), AmbiguousWidth::Wide) <= 8);
        assert_eq!(truncate("abc", 0, AmbiguousWidth::Narrow), "");
    }
}
