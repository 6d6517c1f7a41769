//! `:` go-to targets, typed without an input method where possible:
//! - a position in the tree: `3` (the third part), `3.2`, `3.2.1`, `三.二`, `三二` (part three,
//!   its second chapter), counted among the sections, not read from their markers;
//! - a paragraph: `p13`, `13段`, `第13段`, `第十三段`;
//! - a marker (`（三）`, `二要`): the one nearest the place, within the innermost enclosing
//!   section that has one (so `二要` means this part's or chapter's);
//! - a marker path (`二、（三）`), exactly that one;
//! - a percentage (`50%`).
//!
//! Inputs that fit several sections (`十二`: part 12, or part 10 chapter 2; `二要` at the head of a
//! part with several chapters) give every candidate, nearest first; the app asks which.

use crate::structure::{Family, Outline, marker};
use crate::width::{full_width, half_width};

/// What a go-to input asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoTo {
    /// A position as a percentage of the text.
    Percent(usize),
    /// A chain of markers, outermost first, normalised.
    Markers(Vec<String>),
    /// Positions in the tree (1-based, outermost first): every reading of the input.
    Positions(Vec<Vec<usize>>),
    /// A paragraph by its number.
    Paragraph(usize),
}

/// Normalise a marker for comparison: brackets and commas in their full-width forms, the dot in
/// its half-width form, trailing separators dropped.
#[must_use]
pub fn normalise(m: &str) -> String {
    m.trim()
        .chars()
        .map(|c| match half_width(c) {
            h @ ('(' | ')' | ',') => full_width(h),
            '.' => '.',
            _ => c,
        })
        .collect::<String>()
        .trim_end_matches('，')
        .to_owned()
}

/// Separators between positions: `3.2`, `3．2`, `3。2`, `3、2`, `3 2`, `3-2`.
fn is_separator(c: char) -> bool {
    matches!(half_width(c), '.' | '-' | ' ' | '/' | ',') || matches!(c, '。' | '、' | '，' | '·')
}

/// The value of a Chinese numeral digit (`两` counts as 二).
fn cn_digit(c: char) -> Option<usize> {
    "一二三四五六七八九十".chars().position(|d| d == c).map(|i| i + 1).or((c == '两').then_some(2))
}

/// A well-made Chinese numeral from 一 to 九十九 spelling exactly `digits`: N, 十, 十N, N十, N十M.
fn numeral_value(digits: &[usize]) -> Option<usize> {
    match *digits {
        [d] => Some(d),
        [10, d] if d < 10 => Some(10 + d),
        [t, 10] if (2..10).contains(&t) => Some(t * 10),
        [t, 10, d] if (2..10).contains(&t) && d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

/// Every way to read a run of Chinese numeral digits as consecutive numbers (`十二`: 12, or 10
/// then 2), fewest numbers first.
fn readings(digits: &[usize]) -> Vec<Vec<usize>> {
    if digits.is_empty() {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for len in 1..=digits.len().min(3) {
        if let Some(v) = numeral_value(&digits[..len]) {
            for mut rest in readings(&digits[len..]) {
                rest.insert(0, v);
                out.push(rest);
            }
        }
    }
    out.sort_by_key(Vec::len);
    out
}

/// A number in ASCII or full-width digits, or a Chinese numeral.
fn number(s: &str) -> Option<usize> {
    let ascii: String = s.chars().map(half_width).collect();
    if !ascii.is_empty() && ascii.chars().all(|c| c.is_ascii_digit()) {
        return ascii.parse().ok().filter(|n| *n > 0);
    }
    let digits: Vec<usize> = s.chars().map(cn_digit).collect::<Option<_>>()?;
    numeral_value(&digits)
}

/// `p13`, `13段`, `第13段`, `第十三段`.
fn paragraph(input: &str) -> Option<usize> {
    if let Some(rest) = input.strip_prefix(['p', 'P', 'ｐ', 'Ｐ']) {
        return number(rest.trim());
    }
    let rest = input.strip_suffix('段')?;
    number(rest.strip_prefix('第').unwrap_or(rest).trim())
}

/// `3`, `3.2.1`, `三.二`, `3.二`, `三二`, `十二`.
fn positions(input: &str) -> Option<Vec<Vec<usize>>> {
    // A separator only goes between numbers: `三、` and `1.` are markers.
    if input.starts_with(is_separator) || input.ends_with(is_separator) {
        return None;
    }
    let parts: Vec<&str> = input.split(is_separator).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    if parts.len() > 1 {
        let path: Option<Vec<usize>> = parts.iter().map(|p| number(p)).collect();
        return path.map(|p| vec![p]);
    }
    if let Some(n) = number(parts[0]).filter(|_| parts[0].chars().all(|c| half_width(c).is_ascii_digit())) {
        return Some(vec![vec![n]]);
    }
    let digits: Vec<usize> = parts[0].chars().map(cn_digit).collect::<Option<_>>()?;
    let all = readings(&digits);
    (!all.is_empty()).then_some(all)
}

/// Parse a go-to input. `None` when it is none of the forms above.
#[must_use]
pub fn parse(input: &str) -> Option<GoTo> {
    let input = input.trim();
    if let Some(p) = input.strip_suffix(['%', '％']) {
        return p.trim().parse::<usize>().ok().filter(|p| *p <= 100).map(GoTo::Percent);
    }
    if let Some(n) = paragraph(input) {
        return Some(GoTo::Paragraph(n));
    }
    if let Some(all) = positions(input) {
        return Some(GoTo::Positions(all));
    }
    let mut rest = input.to_owned();
    let mut chain = Vec::new();
    while !rest.is_empty() {
        let found = marker::leading(&rest).or_else(|| {
            // `第一` and `首先` are typed without their comma.
            let with_comma = format!("{rest}，");
            marker::leading(&with_comma).filter(|f| f.len == with_comma.len())
        })?;
        let len = found.len.min(rest.len());
        if found.style.family() == Family::Heading || len == 0 {
            return None;
        }
        chain.push(normalise(&rest[..len]));
        rest = rest[len..].trim_start().to_owned();
    }
    (!chain.is_empty()).then_some(GoTo::Markers(chain))
}

/// The section at a position path: the n-th top-level section (the preamble not counted), then
/// the n-th child, and so on.
#[must_use]
pub fn at_position(outline: &Outline, path: &[usize]) -> Option<usize> {
    let (&first, rest) = path.split_first()?;
    let roots: Vec<usize> =
        outline.roots().into_iter().filter(|&i| outline.sections[i].family != Family::Preamble).collect();
    let mut at = *roots.get(first.checked_sub(1)?)?;
    for &n in rest {
        at = *outline.children(at).get(n.checked_sub(1)?)?;
    }
    Some(at)
}

/// Every section a marker chain names, the nearest first. The search starts in the innermost
/// section around `from` (a text offset) and widens to its ancestors, then to the whole
/// document, until one of them holds a match; inside it, matches after `from` come first, then
/// those before it (wrapping around).
#[must_use]
pub fn candidates(outline: &Outline, chain: &[String], from: usize) -> Vec<usize> {
    let sections = &outline.sections;
    let Some(last) = chain.last() else { return Vec::new() };
    let matches = |i: usize| {
        let markers: Vec<String> =
            outline.ancestry(i).into_iter().map(|a| normalise(&sections[a].marker)).filter(|m| !m.is_empty()).collect();
        markers.ends_with(chain) && normalise(&sections[i].marker) == *last
    };
    let mut scopes: Vec<std::ops::Range<usize>> = outline
        .innermost_at(from)
        .map(|inner| outline.ancestry(inner).into_iter().rev().map(|a| a..sections[a].subtree_end).collect())
        .unwrap_or_default();
    scopes.push(0..sections.len());
    for scope in scopes {
        let found: Vec<usize> = scope.filter(|&i| matches(i)).collect();
        if !found.is_empty() {
            let (after, before): (Vec<usize>, Vec<usize>) =
                found.into_iter().partition(|&i| sections[i].bytes.start > from);
            return after.into_iter().chain(before).collect();
        }
    }
    Vec::new()
}

/// The section a marker chain names: the nearest of [`candidates`].
#[must_use]
pub fn find(outline: &Outline, chain: &[String], from: usize) -> Option<usize> {
    candidates(outline, chain, from).first().copied()
}

#[cfg(test)]
mod tests;
