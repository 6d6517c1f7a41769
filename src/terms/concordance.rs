//! Concordance (keyword in context): each occurrence with the characters around it, inside its
//! paragraph, and the breadcrumb of the section it is in.

use std::ops::Range;

use crate::document::Document;
use crate::structure::Outline;

/// Characters of context on each side.
pub const CONTEXT: usize = 15;

/// One line of a concordance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    pub before: String,
    pub matched: String,
    pub after: String,
    /// Markers from the top level down, e.g. `["二、", "（三）", "二要"]`.
    pub breadcrumb: Vec<String>,
    /// Char offset of the occurrence.
    pub offset: usize,
}

/// The marker chain of the innermost section containing `byte`.
#[must_use]
pub fn breadcrumb(outline: &Outline, byte: usize) -> Vec<String> {
    outline.innermost_at(byte).map(|i| section_crumbs(outline, i)).unwrap_or_default()
}

/// The marker chain of section `i`, from the top level down: each section's marker (without a
/// trailing comma), or its title when it has none (`二、`, `（三）`, `二要`).
#[must_use]
pub fn section_crumbs(outline: &Outline, i: usize) -> Vec<String> {
    outline
        .ancestry(i)
        .into_iter()
        .map(|a| {
            let s = &outline.sections[a];
            if s.marker.is_empty() { s.title.clone() } else { s.marker.trim_end_matches(['，', ',']).to_owned() }
        })
        .collect()
}

/// A breadcrumb as one line joined by `separator` (`二、 › （二）`), or `（开头）` before the
/// first section.
#[must_use]
pub fn place_label(crumbs: &[String], separator: &str) -> String {
    if crumbs.is_empty() { "（开头）".to_owned() } else { crumbs.join(separator) }
}

/// The concordance of `ranges` (byte ranges of occurrences, in order).
#[must_use]
pub fn lines(doc: &Document, outline: &Outline, ranges: &[Range<usize>]) -> Vec<Line> {
    let text = doc.text();
    ranges
        .iter()
        .map(|r| {
            let para = &doc.paragraphs()[doc.paragraph_at(r.start)];
            let left = &text[para.bytes.start.min(r.start)..r.start];
            let right = &text[r.end.min(para.bytes.end.max(r.end))..para.bytes.end.max(r.end)];
            let before: String = {
                let chars: Vec<char> = left.trim_start().chars().collect();
                chars[chars.len().saturating_sub(CONTEXT)..].iter().collect()
            };
            let after: String = right.chars().take(CONTEXT).collect();
            let matched: String = text[r.clone()].chars().filter(|c| *c != '\n' && *c != '\u{3000}').collect();
            Line { before, matched, after, breadcrumb: breadcrumb(outline, r.start), offset: doc.char_of_byte(r.start) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::structure::analyse;

    #[test]
    fn the_title_is_placed_at_the_opening_and_sections_by_their_markers() {
        let text = "讲话\n同志们：\n一、总体要求\n一要加强意识形态工作。\n二要守住阵地。\n";
        let doc = Document::from_text(text.into(), Source::named("t"));
        let outline = analyse(&doc);
        assert_eq!(place_label(&breadcrumb(&outline, 0), " › "), "（开头）");
        let byte = text.find("加强").unwrap();
        assert_eq!(place_label(&breadcrumb(&outline, byte), " › "), "一、 › 一要");
    }

    #[test]
    fn context_stays_inside_the_paragraph() {
        let text = "讲话\n同志们：\n一、总体要求\n一要加强意识形态工作。\n二要守住意识形态阵地，这是很长的一段话用来测试上下文截断。\n";
        let doc = Document::from_text(text.into(), Source::named("t"));
        let outline = analyse(&doc);
        let ranges: Vec<Range<usize>> = text.match_indices("意识形态").map(|(i, m)| i..i + m.len()).collect();
        let lines = lines(&doc, &outline, &ranges);
        assert_eq!(lines[0].before, "一要加强");
        assert_eq!(lines[0].after, "工作。");
        assert_eq!(lines[0].breadcrumb, ["一、", "一要"]);
        assert_eq!(lines[1].after.chars().count(), CONTEXT);
        assert_eq!(lines[1].breadcrumb, ["一、", "二要"]);
    }
}
