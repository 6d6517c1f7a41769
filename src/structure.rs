//! Speech structure: the title block, parts, chapters, items and enumerator series, as an
//! [`Outline`].
//!
//! The rules follow the way Chinese speeches and work reports are numbered (GB/T 9704 levels plus
//! the speech enumerators `一要` `一是` `第一，` `首先，` and dash lists). Recognising a marker is a
//! table of small rules ([`marker`]); deciding whether it counts is done here (position, series,
//! traps); nesting is done by [`tree`]. No terminal code lives here.

mod fragment;
mod frame;
mod glossary;
pub mod marker;
mod numeral;
mod scan;
mod series;
mod tree;

use std::ops::Range;

use serde::Serialize;

use crate::document::Document;
pub use frame::{Frame, Role, is_salutation, starts_with_address};
pub use glossary::{GlossaryEntry, bare_term as glossary_bare_term};
use marker::Style;

/// The kind of a section, as reported to users and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Part,
    Chapter,
    Item,
    Requirement,
    Point,
    Ordinal,
    Sequence,
    Dash,
    Heading,
    Appendix,
    Preamble,
}

impl Family {
    /// The name used in JSON and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Part => "part",
            Self::Chapter => "chapter",
            Self::Item => "item",
            Self::Requirement => "requirement",
            Self::Point => "point",
            Self::Ordinal => "ordinal",
            Self::Sequence => "sequence",
            Self::Dash => "dash",
            Self::Heading => "heading",
            Self::Appendix => "appendix",
            Self::Preamble => "preamble",
        }
    }
}

/// One node of the outline. Sections are stored flat, in document order (pre-order), with
/// parent links; [`Outline::children`] walks the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub family: Family,
    /// The marker as written in the source (`（二）`, `三要`, `第一，`), empty for unmarked nodes.
    pub marker: String,
    /// Depth in this document, 1 for top-level sections.
    pub level: usize,
    /// The first clause after the marker, without trailing punctuation.
    pub title: String,
    /// 1-based source line of the marker.
    pub line: usize,
    /// Char offset of the marker.
    pub offset: usize,
    /// Chars governed by this section, from its marker to where the next sibling or an ancestor's
    /// end takes over.
    pub span: Range<usize>,
    /// The same span in bytes of [`Document::text`].
    pub bytes: Range<usize>,
    /// Index of the parent section.
    pub parent: Option<usize>,
    /// Index one past this section's last descendant.
    pub subtree_end: usize,
    /// True when the marker opens its paragraph; false for inline enumerators.
    pub leading: bool,
}

/// The analysed structure of one document.
#[derive(Debug, Clone)]
pub struct Outline {
    pub frame: Frame,
    /// The role of each paragraph of the document.
    pub roles: Vec<Role>,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Entries of a `名词解释` block.
    pub glossary: Vec<GlossaryEntry>,
}

impl Outline {
    /// Indices of the top-level sections.
    #[must_use]
    pub fn roots(&self) -> Vec<usize> {
        self.sections.iter().enumerate().filter(|(_, s)| s.parent.is_none()).map(|(i, _)| i).collect()
    }

    /// Indices of the direct children of section `index`.
    #[must_use]
    pub fn children(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = index + 1;
        while i < self.sections[index].subtree_end {
            out.push(i);
            i = self.sections[i].subtree_end;
        }
        out
    }

    /// The innermost section whose byte span contains `byte`.
    #[must_use]
    pub fn innermost_at(&self, byte: usize) -> Option<usize> {
        let mut found = None;
        let mut i = 0;
        let mut end = self.sections.len();
        while i < end {
            let s = &self.sections[i];
            if s.bytes.start > byte {
                break;
            }
            if s.bytes.contains(&byte) {
                found = Some(i);
                end = s.subtree_end;
                i += 1;
            } else {
                i = s.subtree_end;
            }
        }
        found
    }

    /// Section indices from the top level down to `index`.
    #[must_use]
    pub fn ancestry(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut at = index;
        while let Some(p) = self.sections[at].parent {
            chain.push(p);
            at = p;
        }
        chain.reverse();
        chain
    }
}

/// Analyse the structure of a document.
#[must_use]
pub fn analyse(doc: &Document) -> Outline {
    let frame = frame::scan(doc);
    let (body_start, body_end) = (frame.body_start, frame.body_end);
    let scanned = scan::Scan::new(doc, &frame.roles, body_start..body_end);
    let marks = scanned.marks();

    let top = top_style(&marks);
    let main_end =
        marks.iter().find(|m| matches!(m.style, Style::Appendix | Style::Glossary)).map_or(body_end, |m| m.paragraph);
    let (closing, closing_end) = closing(doc, &marks, top, body_start, main_end);
    let has_parts = scanned.has_parts();
    let skipped = scanned.skipped();
    let mut roles = frame.roles;
    for role in &mut roles[closing..closing_end] {
        *role = Role::Closing;
    }
    let paragraphs: Vec<Range<usize>> = doc.paragraphs().iter().map(|p| p.bytes.clone()).collect();
    let geometry = tree::Frame { paragraphs: &paragraphs, body_start, closing, closing_end, body_end, top, has_parts };
    let mut nodes = tree::build(&geometry, marks, &skipped);
    if !has_parts {
        unnumbered_parts(&mut nodes);
    }
    let sections = to_sections(doc, nodes);
    let glossary = glossary::entries(doc, &sections);
    Outline { frame: frame.frame, roles, sections, glossary }
}

/// The style of the document's top level: parts if it has any, else unnumbered headings or
/// chapters, else the first paragraph-leading series.
fn top_style(marks: &[tree::Mark]) -> Option<Style> {
    let main = marks.iter().take_while(|m| !matches!(m.style, Style::Appendix | Style::Glossary | Style::TopHeading));
    let leading: Vec<&tree::Mark> = main.filter(|m| m.leading).collect();
    [Style::Part, Style::Heading, Style::Chapter]
        .into_iter()
        .find(|s| leading.iter().any(|m| m.style == *s))
        .or_else(|| leading.iter().find(|m| m.style != Style::Dash).map(|m| m.style))
}

/// A report with no `一、` whose top-level divisions are unnumbered headings (`“十四五”时期工作回顾`
/// … `2026年重点工作`) has those as its parts, with the `（一）` under them as chapters.
fn unnumbered_parts(nodes: &mut [tree::Node]) {
    let top: Vec<usize> =
        (0..nodes.len()).filter(|&i| nodes[i].parent.is_none() && nodes[i].mark.style == Style::Heading).collect();
    if top.len() >= 2 {
        for i in top {
            nodes[i].mark.style = Style::Part;
        }
    }
}

/// The closing: the last paragraph of the main body that opens with an address (`同志们，`),
/// after the start of the top level and with no leading marker after it. Returns its paragraph
/// range, empty when there is none.
fn closing(
    doc: &Document,
    marks: &[tree::Mark],
    top: Option<Style>,
    body_start: usize,
    main_end: usize,
) -> (usize, usize) {
    let first_top = marks.iter().find(|m| Some(m.style) == top && m.leading).map_or(body_start, |m| m.paragraph);
    let last_leading = marks.iter().filter(|m| m.leading && m.paragraph < main_end).map(|m| m.paragraph).max();
    let from = last_leading.map_or(first_top, |l| l.max(first_top)) + 1;
    (from..main_end)
        .rev()
        .find(|&p| starts_with_address(doc.paragraph_text(p)))
        .map_or((main_end, main_end), |p| (p, main_end))
}

fn to_sections(doc: &Document, nodes: Vec<tree::Node>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let level = node.parent.map_or(1, |p| sections[p].level + 1);
        let start = node.mark.start;
        let end = node.end.max(start);
        let line = doc.paragraphs().get(node.mark.paragraph).map_or(1, |p| p.line);
        let (cs, ce) = (doc.char_of_byte(start), doc.char_of_byte(end));
        sections.push(Section {
            family: node.mark.style.family(),
            marker: node.mark.marker,
            level,
            title: node.mark.title,
            line,
            offset: cs,
            span: cs..ce,
            bytes: start..end,
            parent: node.parent,
            subtree_end: 0,
            leading: node.mark.leading,
        });
    }
    for i in (0..sections.len()).rev() {
        let mut end = i + 1;
        while end < sections.len() && sections[end].parent == Some(i) {
            end = sections[end].subtree_end;
        }
        sections[i].subtree_end = end;
    }
    sections
}
