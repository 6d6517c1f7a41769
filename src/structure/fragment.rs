//! Broken lines: a web copy can break a heading inside its marker, as `（` on one line and
//! `三）改革开放持续深化…` on the next. Such a pair reads as one marker line.

use super::marker::{self, Found, Style};

/// The longest line that can be the first half of a marker: `（`, `（三`, `（12`.
const MAX_FRAGMENT_CHARS: usize = 3;

/// When `line` is only the start of a marker that `next` completes, the joined text and the
/// marker found in it. The marker must reach across the break.
#[must_use]
pub fn join(line: &str, next: &str) -> Option<(String, Found)> {
    let head = line.trim();
    let n = head.chars().count();
    // The break falls inside a bracketed number: the line opens the bracket.
    if n == 0
        || n > MAX_FRAGMENT_CHARS
        || !head.starts_with(['（', '(', '［', '【', '['])
        || marker::leading(head).is_some()
    {
        return None;
    }
    let joined = format!("{head}{}", next.trim_start());
    let found = marker::leading(&joined)?;
    // Only numbered headings: `二` over `要闻` is not a requirement.
    let heading = matches!(
        found.style,
        Style::Part | Style::Chapter | Style::ItemDot | Style::ItemParen | Style::ItemCircled | Style::ItemBracket
    );
    (heading && found.len > head.len() && found.len < joined.len()).then_some((joined, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracket_broken_from_its_numeral_joins() {
        let (joined, found) = join("（", "三）改革开放持续深化").unwrap();
        assert_eq!(joined, "（三）改革开放持续深化");
        assert_eq!((found.style, found.number), (Style::Chapter, 3));
        assert!(join("（", "三是要").is_none());
        assert!(join("一、", "回顾").is_none());
        assert!(join("签署了", "协定").is_none());
        assert!(join("二", "要闻").is_none());
        assert!(join("一", "、").is_none());
        assert_eq!(join("［", "2］一降三减：").map(|(_, f)| f.number), Some(2));
    }
}
