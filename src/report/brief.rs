//! The one-page study brief (学习要点): the speech's frame, its outline to the chapter level with
//! each requirement as a short line, its formulations with counts and notes, its keywords, and
//! the reader's marks and notes in document order under their breadcrumbs. Also the notes alone
//! (`jianghua notes`).

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
    /// Plain text for printing.
    Text,
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

/// The brief.
#[must_use]
pub fn brief(src: &Sources<'_>, format: BriefFormat) -> String {
    let text = format == BriefFormat::Text;
    let esc = |s: &str| if text { s.to_owned() } else { md(s) };
    let mut out = String::new();
    let frame = &src.outline.frame;
    let title = frame.title.clone().unwrap_or_else(|| src.doc.source.name.clone());
    if text {
        let _ = writeln!(out, "学习要点：{title}\n{}", "=".repeat(20));
    } else {
        let _ = writeln!(out, "# 学习要点：{}", esc(&title));
    }
    // Without a date line or subtitle, the year the title (or file name) names, e.g. `2023年`.
    let year = (frame.date.is_none() && frame.subtitle.is_none())
        .then(|| date_of(src.outline, &src.doc.source.name).map(|d| d.to_string()))
        .flatten();
    let byline: Vec<&str> = [frame.subtitle.as_deref(), frame.date_line(), year.as_deref(), frame.speaker.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !byline.is_empty() {
        let _ = writeln!(out, "\n{}", esc(&byline.join(" · ")));
    }

    section_heading(&mut out, "一、提纲", text);
    for (i, s) in src.outline.sections.iter().enumerate() {
        if !shown(src.outline, i) {
            continue;
        }
        let depth = src.outline.ancestry(i).iter().filter(|&&a| a != i && shown(src.outline, a)).count();
        let indent = "  ".repeat(depth);
        let label =
            format!("{}{}", s.marker, if is_enumerator(s.family) { short(&s.title, 24) } else { s.title.clone() });
        let strong = !is_enumerator(s.family) && depth == 0 && !text;
        let bullet = if text { "" } else { "- " };
        if strong {
            let _ = writeln!(out, "{indent}{bullet}**{}**", esc(&label));
        } else {
            let _ = writeln!(out, "{indent}{bullet}{}", esc(&label));
        }
    }

    section_heading(&mut out, "二、提法", text);
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
        let name = if text { format!("{}：", list.name) } else { format!("**{}**：", esc(&list.name)) };
        let _ = writeln!(out, "{name}{}\n", esc(&items.join("；")));
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
        let name = if text { "新提法：" } else { "**新提法**：" };
        let _ = writeln!(out, "{name}{}", esc(&new.join("；")));
    }
    out.push_str(if text {
        "（数字为出现次数，+N 为包含在更长提法中的次数）\n"
    } else {
        "\n*数字为出现次数，+N 为包含在更长提法中的次数。*\n"
    });

    section_heading(&mut out, "三、关键词", text);
    match src.keywords {
        Some(words) => {
            let shown: Vec<&str> = words.iter().take(KEYWORDS_SHOWN).map(|k| k.word.as_str()).collect();
            let _ = writeln!(out, "{}", esc(&shown.join("、")));
        }
        None => out.push_str("（关键词尚在分析中）\n"),
    }

    let marks_and_notes = src.state.map(|s| notes_by_place(src, s, text)).unwrap_or_default();
    if !marks_and_notes.is_empty() {
        section_heading(&mut out, "四、书签与笔记", text);
        out.push_str(&marks_and_notes);
    }
    // The brief is also written to a file that will be printed or shown: no control character
    // from a term list or a note gets into it.
    crate::document::safe(&out).into_owned()
}

fn section_heading(out: &mut String, title: &str, text: bool) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    if text {
        let _ = writeln!(out, "{title}\n{}", "-".repeat(12));
    } else {
        let _ = writeln!(out, "## {title}\n");
    }
}

/// Marks and notes in document order, grouped under their breadcrumbs.
fn notes_by_place(src: &Sources<'_>, state: &DocState, text: bool) -> String {
    let esc = |s: &str| if text { s.to_owned() } else { md(s) };
    let mut items: Vec<(usize, String)> = Vec::new();
    for (letter, mark) in &state.marks {
        items.push((mark.offset, format!("书签 {letter}：{}", first_words(src.doc, mark.offset, 24))));
    }
    for note in state.live_notes() {
        let body = note.text.replace('\n', " / ");
        items.push((note.offset, format!("笔记「{}」：{body}", short(&note.sentence, 20))));
    }
    items.sort_by_key(|(offset, _)| *offset);
    let mut out = String::new();
    let mut last_place = None;
    for (offset, line) in items {
        let byte = src.doc.byte_of_char(offset);
        let place = place_label(&breadcrumb(src.outline, byte), " › ");
        if last_place.as_ref() != Some(&place) {
            if last_place.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}{}", if text { "" } else { "**" }, esc(&place) + if text { "" } else { "**" });
            last_place = Some(place);
        }
        let _ = writeln!(out, "{}{}", if text { "  " } else { "- " }, esc(&line));
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
