//! The paragraph scan: which marker opens each body paragraph, which lines are borrowed as
//! titles, where glossary blocks run, which short lines are unnumbered headings, and the inline
//! enumerators; then series and dash-run validation, giving the marks the tree is built from.

use std::ops::Range;

use super::fragment;
use super::frame::Role;
use super::marker::{self, Found, Style};
use super::series;
use super::tree::Mark;
use crate::document::Document;

/// What the scan knows about one paragraph.
#[derive(Debug, Clone, Default)]
struct Line {
    /// The marker opening the paragraph, and the indent before it in bytes.
    leading: Option<(Found, usize)>,
    /// The paragraph is the title of the marker line before it.
    is_borrowed: bool,
    /// A title taken from the next line, for markers that stand alone.
    borrowed_title: Option<String>,
    in_glossary: bool,
    /// The paragraph joined with the next, when a line break split its marker (`（` / `三）…`).
    joined: Option<String>,
    /// The paragraph completes the marker that the previous line began.
    completes_marker: bool,
}

/// The scan of a document's body.
pub struct Scan<'a> {
    doc: &'a Document,
    roles: &'a [Role],
    body: Range<usize>,
    lines: Vec<Line>,
}

impl<'a> Scan<'a> {
    /// Scan the body paragraphs `body` of `doc`.
    #[must_use]
    pub fn new(doc: &'a Document, roles: &'a [Role], body: Range<usize>) -> Self {
        let mut scan = Self { doc, roles, body, lines: vec![Line::default(); doc.paragraphs().len()] };
        scan.find_leading();
        scan.find_blocks();
        scan.find_headings();
        scan
    }

    fn text(&self, p: usize) -> &'a str {
        self.doc.paragraph_text(p)
    }

    fn is_body(&self, p: usize) -> bool {
        self.roles.get(p) == Some(&Role::Body)
    }

    fn style(&self, p: usize) -> Option<Style> {
        self.lines.get(p).and_then(|l| l.leading).map(|(f, _)| f.style)
    }

    fn find_leading(&mut self) {
        let mut hinted = [0u32; 3];
        for p in self.body.clone() {
            if self.is_body(p) {
                let text = self.text(p);
                let indent = text.len() - text.trim_start().len();
                self.lines[p].leading = marker::leading(&text[indent..]).map(|f| (f, indent)).or_else(|| {
                    // A heading the source format marked (Word heading style, Markdown `#`) but
                    // that carries no number: level 1 is a part, 2 a chapter, deeper an item.
                    let level = self.doc.heading_hint(p)?;
                    let (style, slot) = match level {
                        1 => (Style::Part, 0),
                        2 => (Style::Chapter, 1),
                        _ => (Style::ItemDot, 2),
                    };
                    hinted[slot] += 1;
                    Some((Found { style, number: hinted[slot], len: 0 }, indent))
                });
                if self.lines[p].leading.is_none()
                    && !self.lines[p].completes_marker
                    && self.is_body(p + 1)
                    && let Some((joined, found)) = fragment::join(&text[indent..], self.text(p + 1))
                {
                    self.lines[p].leading = Some((found, 0));
                    self.lines[p].joined = Some(joined);
                    self.lines[p + 1].completes_marker = true;
                }
            }
        }
    }

    /// The paragraph's text as the structure reads it: joined with the next line when a break
    /// split its marker.
    fn logical_text(&self, p: usize) -> &str {
        self.lines[p].joined.as_deref().unwrap_or_else(|| self.text(p))
    }

    /// Glossary blocks, and titles borrowed from the next line (`附件1` then its title).
    fn find_blocks(&mut self) {
        let mut glossary_open = false;
        let mut last_entry = 0;
        for p in self.body.clone() {
            match self.style(p) {
                Some(Style::Glossary) => {
                    glossary_open = true;
                    last_entry = 0;
                }
                Some(Style::Appendix | Style::TopHeading) => glossary_open = false,
                _ => self.lines[p].in_glossary = glossary_open,
            }
            if glossary_open && !self.lines[p].is_borrowed {
                self.read_entry(p, &mut last_entry);
            }
            let Some((found, indent)) = self.lines[p].leading else { continue };
            let text = self.logical_text(p);
            let rest = &text[indent + found.len..];
            let alone = marker::title(rest.trim_start_matches(['：', ':'])).is_empty();
            let next = p + 1;
            if !alone || next >= self.body.end || !self.is_body(next) {
                continue;
            }
            let next_text = self.text(next).trim();
            if found.style == Style::Appendix && self.style(next) == Some(Style::Glossary) {
                // `附件` over `名词解释`: one glossary block under the appendix's marker.
                self.lines[p].leading = Some((Found { style: Style::Glossary, ..found }, indent));
                self.lines[next].leading = None;
                glossary_open = true;
                last_entry = 0;
            } else if self.style(next).is_some() {
                continue;
            }
            if next_text.chars().count() <= 40 && !next_text.contains('。') {
                self.lines[p].borrowed_title = Some(next_text.to_owned());
                self.lines[next].is_borrowed = true;
            } else if found.style != Style::Appendix {
                self.lines[p].borrowed_title = Some(marker::title(next_text).to_owned());
            }
        }
    }

    /// A glossary entry: an item marker, or `20.` before a term that itself starts with digits
    /// (`20.2026年10件民生实事：`) when it continues the entries' numbering.
    fn read_entry(&mut self, p: usize, last_entry: &mut u32) {
        let text = self.text(p);
        let indent = text.len() - text.trim_start().len();
        match self.lines[p].leading {
            Some((found, _)) if found.style.family() == super::Family::Item => *last_entry = found.number,
            None => {
                if let Some((number, len)) =
                    marker::entry_number(&text[indent..]).filter(|&(n, _)| n == *last_entry + 1)
                {
                    self.lines[p].leading = Some((Found { style: Style::ItemDot, number, len }, indent));
                    *last_entry = number;
                }
            }
            _ => {}
        }
    }

    fn find_headings(&mut self) {
        for p in self.body.clone() {
            let line = &self.lines[p];
            let plain = line.leading.is_none() && !line.is_borrowed && !line.completes_marker;
            if plain && !line.in_glossary && self.is_unmarked_heading(p) {
                self.lines[p].leading = Some((Found { style: Style::Heading, number: 0, len: 0 }, 0));
            }
        }
    }

    /// A short line with no sentence punctuation, standing between body paragraphs.
    fn is_unmarked_heading(&self, p: usize) -> bool {
        const INNER_PUNCT: &[char] = &['。', '！', '？', '；', '：', '!', '?', ';', ':', '，', ','];
        let t = self.text(p).trim();
        let len = t.chars().count();
        let Some(first) = t.chars().next() else { return false };
        let starts_well = first.is_alphanumeric() || matches!(first, '“' | '《' | '（' | '"');
        if !self.is_body(p) || !(2..=30).contains(&len) || !starts_well || t.contains(INNER_PUNCT) || t.ends_with('、')
        {
            return false;
        }
        // A closing mark at the end belongs to a fragment, unless the line opened it.
        if t.ends_with(['”', '）', ')', '》']) && !t.starts_with(['“', '（', '《']) {
            return false;
        }
        if p <= self.body.start || p + 1 >= self.body.end || !self.is_body(p - 1) || !self.is_body(p + 1) {
            return false;
        }
        let prev = self.text(p - 1).trim();
        let prev_is_heading_line = !prev.contains('。')
            && matches!(self.style(p - 1), Some(Style::Part | Style::Chapter | Style::Appendix | Style::Heading));
        let next = self.text(p + 1).trim();
        // The text under a heading is a sentence, or a paragraph that introduces a list with `：`.
        let next_ok = self.style(p + 1).is_some()
            || (next.chars().count() >= 2 * len && (ends_sentence(next) || next.ends_with(['：', ':'])));
        (ends_sentence(prev) || prev_is_heading_line) && next_ok
    }

    /// Does the body contain `一、` parts?
    #[must_use]
    pub fn has_parts(&self) -> bool {
        self.body.clone().any(|p| self.style(p) == Some(Style::Part))
    }

    /// Paragraphs that belong to the marker line before them.
    #[must_use]
    pub fn skipped(&self) -> Vec<bool> {
        self.lines.iter().map(|l| l.is_borrowed).collect()
    }

    /// Every mark that counts, in document order: leading markers, inline enumerators that form
    /// series, and dash paragraphs that form runs.
    #[must_use]
    pub fn marks(&self) -> Vec<Mark> {
        let mut marks = Vec::new();
        for p in self.body.clone() {
            let line = &self.lines[p];
            if !self.is_body(p) || line.is_borrowed {
                continue;
            }
            let text = self.text(p);
            let base = self.doc.paragraphs()[p].bytes.start;
            if let Some((found, indent)) = line.leading
                && !(line.in_glossary && found.style.is_enumerator())
            {
                let borrowed = line.borrowed_title.clone();
                marks.push(make_mark(self.logical_text(p), base, indent, found, p, true, borrowed));
            }
            if line.in_glossary || self.style(p) == Some(Style::Heading) {
                continue;
            }
            for (i, found) in marker::inline(text) {
                marks.push(make_mark(text, base, i, found, p, false, None));
            }
        }
        self.validate(marks)
    }

    fn validate(&self, marks: Vec<Mark>) -> Vec<Mark> {
        let candidates: Vec<series::Candidate> = marks
            .iter()
            .map(|m| series::Candidate { style: m.style, number: m.number, paragraph: m.paragraph, leading: m.leading })
            .collect();
        let membership = series::validate(&candidates);
        let is_dash = |p: usize| self.style(p) == Some(Style::Dash);
        marks
            .into_iter()
            .zip(membership)
            .filter_map(|(mut m, member)| {
                if m.style.is_enumerator() {
                    m.series_end = Some(member?.last_paragraph);
                }
                let in_run = (m.paragraph > self.body.start && is_dash(m.paragraph - 1)) || is_dash(m.paragraph + 1);
                (m.style != Style::Dash || in_run).then_some(m)
            })
            .collect()
    }
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(['”', '’', '）', '」', '』', ')']).ends_with(['。', '！', '？', '…', '!', '?'])
}

fn make_mark(
    text: &str,
    base: usize,
    at: usize,
    found: Found,
    paragraph: usize,
    leading: bool,
    borrowed: Option<String>,
) -> Mark {
    let (marker, title) = match found.style {
        _ if found.len == 0 => (String::new(), text.trim().to_owned()),
        Style::Glossary if borrowed.is_none() => (String::new(), text.trim().to_owned()),
        Style::Heading | Style::TopHeading => (String::new(), text.trim().to_owned()),
        _ => {
            let after = &text[at + found.len..];
            let own = marker::title(after.trim_start_matches(['：', ':']));
            let title = if own.is_empty() { borrowed.unwrap_or_default() } else { own.to_owned() };
            (text[at..at + found.len].to_owned(), title)
        }
    };
    Mark {
        style: found.style,
        number: found.number,
        marker,
        title,
        paragraph,
        start: base + at,
        leading,
        series_end: None,
    }
}
