//! The one-page study brief (学习要点): the speech's frame, its outline to the chapter level with
//! each requirement as a short line, its formulations with counts and notes, its keywords, and
//! the reader's marks and notes in document order under their breadcrumbs. Also the notes alone
//! (`jianghua notes`).
//!
//! The brief is built once as [`Block`]s; `plain` renders them as Markdown or printable text,
//! `docx` as a Word document, and `file` names the file and picks the format.

mod docx;
pub mod file;
mod plain;

use std::fmt::Write as _;

use serde::Serialize;

use super::markdown_escape as md;
use crate::config::Config;
use crate::document::Document;
use crate::library::date::date_of;
use crate::state::DocState;
use crate::structure::{Family, Outline};
use crate::terms::concordance::{breadcrumb, place_label};
use crate::terms::{Keyword, TermReport};

/// Output formats of the brief.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefFormat {
    #[default]
    Markdown,
    /// Plain text for printing, wrapped at 38 full-width characters.
    Text,
    /// A Word document in the look of official material (to a file or a pipe).
    Docx,
}

/// Everything a brief is made from.
pub struct Sources<'a> {
    pub doc: &'a Document,
    pub outline: &'a Outline,
    pub config: &'a Config,
    pub terms: &'a TermReport,
    /// `None` while keywords are still being computed.
    pub keywords: Option<&'a [Keyword]>,
    pub state: Option<&'a DocState>,
}

/// One piece of the brief, whatever the output format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// The speech's title.
    Title(String),
    /// Subtitle, date and speaker, joined by ` · `.
    Byline(String),
    /// A section of the brief itself: `一、提纲`.
    Section(&'static str),
    /// An outline entry, `depth` levels below the shown top; `strong` for top-level divisions.
    Entry { depth: usize, label: String, family: Family, strong: bool },
    /// A configured list and its counted terms.
    Terms { list: String, items: String },
    /// Formulations found in the text and in no list.
    New(String),
    /// What the numbers after the terms mean.
    CountsExplained,
    /// The top keywords, or `None` while they are computed.
    Keywords(Option<String>),
    /// A breadcrumb heading the marks and notes below it.
    Place(String),
    /// A mark or a note.
    Item(String),
}

/// How many new formulations and keywords a one-page brief shows.
const NEW_SHOWN: usize = 12;
const KEYWORDS_SHOWN: usize = 12;

/// A short version of a title: its first phrase, at most `max` characters.
fn short(title: &str, max: usize) -> String {
    let cut: String = title.chars().take(max).collect();
    if cut.chars().count() < title.chars().count() { format!("{cut}…") } else { cut }
}

/// The first words of the text at a char offset.
fn first_words(doc: &Document, offset: usize, count: usize) -> String {
    let byte = doc.byte_of_char(offset);
    let para = &doc.paragraphs()[doc.paragraph_at(byte)];
    let text = &doc.text()[byte.max(para.bytes.start)..para.bytes.end.max(byte)];
    short(text.trim(), count)
}

/// Is a section shown in the brief? Top-level sections and chapters, and the enumerators directly
/// under them (requirements, points, ordinals, sequences) as short lines.
fn shown(outline: &Outline, i: usize) -> bool {
    let s = &outline.sections[i];
    match s.family {
        Family::Part | Family::Chapter | Family::Preamble | Family::Heading | Family::Appendix => s.level <= 2,
        Family::Requirement | Family::Point | Family::Ordinal | Family::Sequence => {
            s.level == 1
                || s.parent.is_some_and(|p| {
                    matches!(
                        outline.sections[p].family,
                        Family::Part | Family::Chapter | Family::Preamble | Family::Heading
                    )
                })
        }
        Family::Item | Family::Dash => false,
    }
}

fn is_enumerator(f: Family) -> bool {
    matches!(f, Family::Requirement | Family::Point | Family::Ordinal | Family::Sequence)
}

/// The brief, as Markdown or as plain text wrapped for printing. A Word document is bytes, not
/// text: [`file::render`] gives every format; asked for [`BriefFormat::Docx`], this gives Markdown.
#[must_use]
pub fn brief(src: &Sources<'_>, format: BriefFormat) -> String {
    plain::render(&blocks(src), format == BriefFormat::Text)
}

/// The brief as a Word document (.docx): the same blocks in the look of official material.
#[must_use]
pub fn brief_docx(src: &Sources<'_>) -> Vec<u8> {
    docx::render(&blocks(src))
}

/// The brief as a sequence of blocks, for every output format.
fn blocks(src: &Sources<'_>) -> Vec<Block> {
    let mut out = Vec::new();
    let frame = &src.outline.frame;
    let title = frame.title.clone().unwrap_or_else(|| src.doc.source.name.clone());
    out.push(Block::Title(title));
    // Without a date line or subtitle, the year the title (or file name) names, e.g. `2023年`.
    let year = (frame.date.is_none() && frame.subtitle.is_none())
        .then(|| date_of(src.outline, &src.doc.source.name).map(|d| d.to_string()))
        .flatten();
    let byline: Vec<&str> = [frame.subtitle.as_deref(), frame.date_line(), year.as_deref(), frame.speaker.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !byline.is_empty() {
        out.push(Block::Byline(byline.join(" · ")));
    }

    out.push(Block::Section("一、提纲"));
    for (i, s) in src.outline.sections.iter().enumerate() {
        if !shown(src.outline, i) {
            continue;
        }
        let depth = src.outline.ancestry(i).iter().filter(|&&a| a != i && shown(src.outline, a)).count();
        let enumerator = is_enumerator(s.family);
        let label = format!("{}{}", s.marker, if enumerator { short(&s.title, 24) } else { s.title.clone() });
        out.push(Block::Entry { depth, label, family: s.family, strong: !enumerator && depth == 0 });
    }

    out.push(Block::Section("二、提法"));
    // One paragraph per list, so the brief stays on a page: `term count（note）；…`.
    let lists = &src.config.term_lists;
    for (l, list) in lists.iter().enumerate() {
        let mut terms: Vec<(usize, usize)> =
            src.terms.counts[l].iter().copied().enumerate().filter(|(_, c)| *c > 0).collect();
        if terms.is_empty() {
            continue;
        }
        terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let items: Vec<String> = terms
            .into_iter()
            .map(|(t, count)| {
                let term = &list.terms[t];
                let inside = src.terms.inside[l][t];
                let extra = if inside > 0 { format!("+{inside}") } else { String::new() };
                let note = term.note.as_deref().map(|n| format!("（{n}）")).unwrap_or_default();
                format!("{} {count}{extra}{note}", term.text)
            })
            .collect();
        out.push(Block::Terms { list: list.name.clone(), items: items.join("；") });
    }
    let new: Vec<String> = src
        .terms
        .discovered
        .formulas
        .iter()
        .filter(|f| !f.in_config)
        .take(NEW_SHOWN)
        .map(|f| {
            let note = src.terms.note(lists, &f.text).map(|n| format!("（{n}）")).unwrap_or_default();
            format!("{} {}{note}", f.text, f.count)
        })
        .collect();
    if !new.is_empty() {
        out.push(Block::New(new.join("；")));
    }
    out.push(Block::CountsExplained);

    out.push(Block::Section("三、关键词"));
    out.push(Block::Keywords(
        src.keywords
            .map(|words| words.iter().take(KEYWORDS_SHOWN).map(|k| k.word.as_str()).collect::<Vec<_>>().join("、")),
    ));

    if let Some(state) = src.state {
        let marks_and_notes = notes_by_place(src, state);
        if !marks_and_notes.is_empty() {
            out.push(Block::Section("四、书签与笔记"));
            out.extend(marks_and_notes);
        }
    }
    out
}

/// Marks and notes in document order, grouped under their breadcrumbs.
fn notes_by_place(src: &Sources<'_>, state: &DocState) -> Vec<Block> {
    let mut items: Vec<(usize, String)> = Vec::new();
    for (letter, mark) in &state.marks {
        items.push((mark.offset, format!("书签 {letter}：{}", first_words(src.doc, mark.offset, 24))));
    }
    for note in state.live_notes() {
        let body = note.text.replace('\n', " / ");
        items.push((note.offset, format!("笔记「{}」：{body}", short(&note.sentence, 20))));
    }
    items.sort_by_key(|(offset, _)| *offset);
    let mut out = Vec::new();
    let mut last_place = None;
    for (offset, line) in items {
        let byte = src.doc.byte_of_char(offset);
        let place = place_label(&breadcrumb(src.outline, byte), " › ");
        if last_place.as_ref() != Some(&place) {
            out.push(Block::Place(place.clone()));
            last_place = Some(place);
        }
        out.push(Block::Item(line));
    }
    out
}

/// Output formats of `jianghua notes`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum NotesFormat {
    #[default]
    Markdown,
    Json,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    id: &'a str,
    offset: usize,
    breadcrumb: Vec<String>,
    sentence: &'a str,
    text: &'a str,
    created: u64,
    updated: u64,
}

/// The notes of a document in document order.
#[must_use]
pub fn notes(doc: &Document, outline: &Outline, state: &DocState, format: NotesFormat) -> String {
    let notes = state.live_notes();
    match format {
        NotesFormat::Json => {
            let items: Vec<JsonNote<'_>> = notes
                .iter()
                .map(|n| JsonNote {
                    id: &n.id,
                    offset: n.offset,
                    breadcrumb: breadcrumb(outline, doc.byte_of_char(n.offset)),
                    sentence: &n.sentence,
                    text: &n.text,
                    created: n.created,
                    updated: n.updated,
                })
                .collect();
            super::json(&items)
        }
        NotesFormat::Markdown => {
            let title = outline.frame.title.clone().unwrap_or_else(|| doc.source.name.clone());
            let mut out = format!("# 学习笔记：{}\n", md(&title));
            if notes.is_empty() {
                out.push_str("\n（还没有笔记）\n");
            }
            for n in notes {
                let place = place_label(&breadcrumb(outline, doc.byte_of_char(n.offset)), " › ");
                let _ = writeln!(out, "\n## {}\n\n> {}\n\n{}", md(&place), md(&n.sentence), md(&n.text));
            }
            crate::document::safe(&out).into_owned()
        }
    }
}
