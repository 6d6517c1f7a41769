//! `jianghua outline`: the outline as an indented tree, JSON or a Markdown list.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, markdown_escape};
use crate::document::Document;
use crate::structure::{Family, GlossaryEntry, Outline};
use crate::width::{AmbiguousWidth, truncate};

/// Width the text format fits in.
pub const TEXT_WIDTH: usize = 80;

/// Print the outline in the chosen format.
#[must_use]
pub fn print(doc: &Document, outline: &Outline, format: Format) -> String {
    match format {
        Format::Text => text(doc, outline),
        Format::Json => json(doc, outline),
        Format::Markdown => markdown(outline),
    }
}

/// The marker and title of a section as one heading line (`一、提高政治站位`, `一要切实把牢…`).
#[must_use]
pub fn heading(outline: &Outline, index: usize) -> String {
    let s = &outline.sections[index];
    // `附件1` runs into its title unless something separates them.
    let gap = if s.marker.ends_with(|c: char| c.is_alphanumeric()) && s.family == Family::Appendix { " " } else { "" };
    format!("{}{gap}{}", s.marker, s.title)
}

fn text(doc: &Document, outline: &Outline) -> String {
    let amb = AmbiguousWidth::Narrow;
    let mut out = String::new();
    let f = &outline.frame;
    for line in [f.title.as_deref(), f.subtitle.as_deref(), f.date_line(), f.speaker.as_deref()].into_iter().flatten() {
        let _ = writeln!(out, "{}", truncate(line, TEXT_WIDTH, amb));
    }
    let _ = writeln!(
        out,
        "{} · {} 字 · {} 段 · {} 节",
        doc.source.encoding.label(),
        doc.char_len(),
        doc.paragraphs().len(),
        outline.sections.len()
    );
    out.push('\n');
    for (i, s) in outline.sections.iter().enumerate() {
        let indent = "  ".repeat(s.level - 1);
        let room = TEXT_WIDTH.saturating_sub(indent.len());
        let _ = writeln!(out, "{indent}{}", truncate(&heading(outline, i), room, amb));
    }
    if !outline.glossary.is_empty() {
        let _ = writeln!(out, "\n名词解释 {} 条", outline.glossary.len());
        for (n, e) in outline.glossary.iter().enumerate() {
            let line = format!("{}. {}：{}", n + 1, e.term, e.definition);
            let _ = writeln!(out, "  {}", truncate(&line, TEXT_WIDTH - 2, amb));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonOutline<'a> {
    title: Option<&'a str>,
    subtitle: Option<&'a str>,
    date: Option<&'a str>,
    speaker: Option<&'a str>,
    encoding: &'static str,
    chars: usize,
    paragraphs: usize,
    glossary: &'a [GlossaryEntry],
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    family: Family,
    marker: &'a str,
    level: usize,
    title: &'a str,
    line: usize,
    offset: usize,
    span: JsonSpan,
    children: Vec<JsonSection<'a>>,
}

fn json_section(outline: &Outline, index: usize) -> JsonSection<'_> {
    let s = &outline.sections[index];
    JsonSection {
        family: s.family,
        marker: &s.marker,
        level: s.level,
        title: &s.title,
        line: s.line,
        offset: s.offset,
        span: JsonSpan { start: s.span.start, end: s.span.end },
        children: outline.children(index).into_iter().map(|c| json_section(outline, c)).collect(),
    }
}

fn json(doc: &Document, outline: &Outline) -> String {
    let f = &outline.frame;
    let value = JsonOutline {
        title: f.title.as_deref(),
        subtitle: f.subtitle.as_deref(),
        date: f.date.as_deref(),
        speaker: f.speaker.as_deref(),
        encoding: doc.source.encoding.label(),
        chars: doc.char_len(),
        paragraphs: doc.paragraphs().len(),
        glossary: &outline.glossary,
        sections: outline.roots().into_iter().map(|i| json_section(outline, i)).collect(),
    };
    super::json(&value)
}

fn markdown(outline: &Outline) -> String {
    let mut out = String::new();
    let f = &outline.frame;
    let _ = writeln!(out, "# {}\n", markdown_escape(f.title.as_deref().unwrap_or("（无标题）")));
    for (label, value) in [("副题", f.subtitle.as_deref()), ("日期", f.date_line()), ("讲话人", f.speaker.as_deref())]
    {
        if let Some(v) = value {
            let _ = writeln!(out, "- {label}：{}", markdown_escape(v));
        }
    }
    out.push_str("\n## 提纲\n\n");
    for (i, s) in outline.sections.iter().enumerate() {
        let indent = "  ".repeat(s.level - 1);
        let text = markdown_escape(&heading(outline, i));
        if s.level == 1 {
            let _ = writeln!(out, "{indent}- **{text}**");
        } else {
            let _ = writeln!(out, "{indent}- {text}");
        }
    }
    if !outline.glossary.is_empty() {
        out.push_str("\n## 名词解释\n\n");
        for e in &outline.glossary {
            let _ = writeln!(out, "- **{}**：{}", markdown_escape(&e.term), markdown_escape(&e.definition));
        }
    }
    out
}
