//! `:` go-to targets: a marker (`（三）`: its next occurrence), a marker path (`二、（三）`: exactly
//! that one), or a percentage (`50%`).

use crate::structure::{Outline, marker};
use crate::width::{full_width, half_width};

/// What a go-to input asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoTo {
    /// A position as a percentage of the text.
    Percent(usize),
    /// A chain of markers, outermost first, normalised.
    Markers(Vec<String>),
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

/// Parse a go-to input. `None` when it is neither a percentage nor a chain of markers.
#[must_use]
pub fn parse(input: &str) -> Option<GoTo> {
    let input = input.trim();
    if let Some(p) = input.strip_suffix(['%', '％']) {
        return p.trim().parse::<usize>().ok().filter(|p| *p <= 100).map(GoTo::Percent);
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
        if found.style.family() == crate::structure::Family::Heading || len == 0 {
            return None;
        }
        chain.push(normalise(&rest[..len]));
        rest = rest[len..].trim_start().to_owned();
    }
    (!chain.is_empty()).then_some(GoTo::Markers(chain))
}

/// The section a marker chain names. One marker: its next occurrence after byte `from`, wrapping
/// around. Several: the first section whose ancestors' markers end with exactly that chain.
#[must_use]
pub fn find(outline: &Outline, chain: &[String], from: usize) -> Option<usize> {
    let sections = &outline.sections;
    let matches = |i: usize| {
        let markers: Vec<String> =
            outline.ancestry(i).into_iter().map(|a| normalise(&sections[a].marker)).filter(|m| !m.is_empty()).collect();
        markers.ends_with(chain) && normalise(&sections[i].marker) == chain[chain.len() - 1]
    };
    if chain.len() == 1 {
        let after = sections.iter().enumerate().filter(|(_, s)| s.bytes.start > from).map(|(i, _)| i);
        let before = sections.iter().enumerate().filter(|(_, s)| s.bytes.start <= from).map(|(i, _)| i);
        after.chain(before).find(|&i| matches(i))
    } else {
        (0..sections.len()).find(|&i| matches(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Source};
    use crate::structure::analyse;

    #[test]
    fn parses_percentages_and_marker_chains() {
        assert_eq!(parse("50%"), Some(GoTo::Percent(50)));
        assert_eq!(parse("101%"), None);
        assert_eq!(parse("（三）"), Some(GoTo::Markers(vec!["（三）".into()])));
        assert_eq!(parse("(三)"), Some(GoTo::Markers(vec!["（三）".into()])));
        assert_eq!(parse("二、（三）"), Some(GoTo::Markers(vec!["二、".into(), "（三）".into()])));
        assert_eq!(parse("二、（三）二要"), Some(GoTo::Markers(vec!["二、".into(), "（三）".into(), "二要".into()])));
        assert_eq!(parse("第二"), Some(GoTo::Markers(vec!["第二".into()])));
        assert_eq!(parse("hello"), None);
    }

    #[test]
    fn finds_the_next_occurrence_or_exactly_the_path() {
        let text = "讲话\n同志们：\n一、甲\n（一）子。一要a。二要b。\n（二）丑。一要c。二要d。\n二、乙\n（一）寅。一要e。二要f。\n";
        let doc = Document::from_text(text.into(), Source::named("t"));
        let o = analyse(&doc);
        let title = |i: Option<usize>| i.map(|i| o.sections[i].title.clone());
        let chain = |s: &str| match parse(s) {
            Some(GoTo::Markers(c)) => c,
            _ => panic!("{s}"),
        };
        assert_eq!(title(find(&o, &chain("二、（一）"), 0)), Some("寅".into()));
        assert_eq!(title(find(&o, &chain("一、（二）二要"), 0)), Some("d".into()));
        let second_part = o.sections.iter().find(|s| s.marker == "二、").unwrap().bytes.start;
        assert_eq!(title(find(&o, &chain("（一）"), second_part)), Some("寅".into()));
        assert_eq!(title(find(&o, &chain("（二）"), second_part)), Some("丑".into()), "wraps around");
        assert_eq!(find(&o, &chain("三、"), 0), None);
    }
}
