//! `jianghua compare`: what changed from speech A to speech B, as text, JSON or Markdown.
//!
//! Sections: 新增提法, 不再出现的提法, 次数变化, 新关键词, 不再出现的关键词, 提纲对照 (the aligned
//! outlines side by side) and 新句子 (how many, and the first [`SENTENCES_SHOWN`] with where they
//! are in B). JSON lists every new sentence. Text output never carries a control character: the
//! documents are sanitised, and every other string is passed through [`safe`] and kept on one
//! line.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, markdown_escape};
use crate::document::safe;
use crate::layout::break_rows;
use crate::library::compare::{Comparison, OutlineRow, Side, TermChange};
use crate::structure::Outline;
use crate::terms::concordance::{breadcrumb, place_label};
use crate::width::{AmbiguousWidth, str_width, truncate};

/// Width the text format fits in.
pub const TEXT_WIDTH: usize = 80;
/// New sentences listed in text and Markdown.
pub const SENTENCES_SHOWN: usize = 20;

/// Print a comparison of A and B in the chosen format.
#[must_use]
pub fn print(a: Side<'_>, b: Side<'_>, cmp: &Comparison, format: Format) -> String {
    let view = View::new(a, b, cmp);
    match format {
        Format::Text => text(&view),
        Format::Json => super::json(&view),
        Format::Markdown => markdown(&view),
    }
}

/// One line of text: control characters shown as placeholders, line breaks and tabs as spaces.
fn one_line(s: &str) -> String {
    safe(s).chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[derive(Serialize)]
struct DocInfo {
    name: String,
    title: Option<String>,
}

#[derive(Serialize)]
struct Heading {
    marker: String,
    title: String,
    level: usize,
}

#[derive(Serialize)]
struct Row {
    a: Option<Heading>,
    b: Option<Heading>,
    similarity: f64,
}

#[derive(Serialize)]
struct Sentence {
    /// Char offset in B.
    offset: usize,
    text: String,
    breadcrumb: Vec<String>,
}

/// Everything printed, in the shape of the JSON output.
#[derive(Serialize)]
struct View<'a> {
    a: DocInfo,
    b: DocInfo,
    new_terms: Vec<Change<'a>>,
    dropped_terms: Vec<Change<'a>>,
    changed_terms: Vec<Change<'a>>,
    new_keywords: &'a [String],
    dropped_keywords: &'a [String],
    outline: Vec<Row>,
    new_sentence_count: usize,
    new_sentences: Vec<Sentence>,
}

#[derive(Serialize)]
struct Change<'a> {
    term: &'a str,
    a: usize,
    b: usize,
}

impl<'a> View<'a> {
    fn new(a: Side<'_>, b: Side<'_>, cmp: &'a Comparison) -> Self {
        let info = |s: Side<'_>| DocInfo { name: s.doc.source.name.clone(), title: s.outline.frame.title.clone() };
        let changes =
            |v: &'a [TermChange]| v.iter().map(|c| Change { term: &c.term, a: c.a, b: c.b }).collect::<Vec<_>>();
        let head = |o: &Outline, i: Option<usize>| {
            i.and_then(|i| o.sections.get(i)).map(|s| Heading {
                marker: s.marker.clone(),
                title: s.title.clone(),
                level: s.level,
            })
        };
        let outline = cmp
            .outline
            .iter()
            .map(|r: &OutlineRow| Row {
                a: head(a.outline, r.a),
                b: head(b.outline, r.b),
                similarity: if r.similarity.is_finite() { (r.similarity * 1000.0).round() / 1000.0 } else { 0.0 },
            })
            .collect();
        let text = b.doc.text();
        let new_sentences = cmp
            .new_sentences
            .iter()
            .filter_map(|r| {
                Some(Sentence {
                    offset: b.doc.char_of_byte(r.start),
                    text: text.get(r.clone())?.to_owned(),
                    breadcrumb: breadcrumb(b.outline, r.start),
                })
            })
            .collect();
        Self {
            a: info(a),
            b: info(b),
            new_terms: changes(&cmp.new_terms),
            dropped_terms: changes(&cmp.dropped_terms),
            changed_terms: changes(&cmp.changed_terms),
            new_keywords: &cmp.new_keywords,
            dropped_keywords: &cmp.dropped_keywords,
            outline,
            new_sentence_count: cmp.new_sentences.len(),
            new_sentences,
        }
    }
}

impl DocInfo {
    fn label(&self) -> String {
        one_line(self.title.as_deref().unwrap_or(&self.name))
    }
}

impl Heading {
    fn line(&self) -> String {
        one_line(&format!("{}{}", self.marker, self.title))
    }
}

fn signed(c: &Change<'_>) -> String {
    if c.b >= c.a { format!("+{}", c.b - c.a) } else { format!("-{}", c.a - c.b) }
}

/// `term` padded to `width` columns (cut with `…` when longer).
fn pad(s: &str, width: usize) -> String {
    let amb = AmbiguousWidth::Narrow;
    let cut = truncate(s, width, amb);
    let fill = width.saturating_sub(str_width(&cut, amb));
    format!("{cut}{}", " ".repeat(fill))
}

/// `text` wrapped to `width` columns, each row prefixed by `indent`.
fn wrapped(out: &mut String, text: &str, indent: &str, width: usize) {
    let room = width.saturating_sub(str_width(indent, AmbiguousWidth::Narrow)).max(2);
    let text = one_line(text);
    for row in break_rows(&text, room, AmbiguousWidth::Narrow, &[]) {
        let part = text.get(row.start..row.end).unwrap_or("").trim_end();
        let _ = writeln!(out, "{indent}{part}");
    }
}

fn text_heading(out: &mut String, title: &str) {
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{title}");
}

fn text_terms(out: &mut String, title: &str, list: &[Change<'_>], show: impl Fn(&Change<'_>) -> String) {
    text_heading(out, &format!("{title}（{}）", list.len()));
    if list.is_empty() {
        out.push_str("  （无）\n");
    }
    for c in list {
        let line = format!("  {}  {}", pad(&one_line(c.term), 30), show(c));
        let _ = writeln!(out, "{}", truncate(line.trim_end(), TEXT_WIDTH, AmbiguousWidth::Narrow));
    }
}

fn text_words(out: &mut String, title: &str, words: &[String]) {
    text_heading(out, &format!("{title}（{}）", words.len()));
    if words.is_empty() {
        out.push_str("  （无）\n");
    } else {
        wrapped(out, &words.join("、"), "  ", TEXT_WIDTH);
    }
}

fn text(v: &View<'_>) -> String {
    let amb = AmbiguousWidth::Narrow;
    let mut out = String::new();
    let _ = writeln!(out, "{}", truncate(&format!("对照：A {} → B {}", v.a.label(), v.b.label()), TEXT_WIDTH, amb));
    let _ = writeln!(out, "{}", truncate(&format!("  A：{}", one_line(&v.a.name)), TEXT_WIDTH, amb));
    let _ = writeln!(out, "{}", truncate(&format!("  B：{}", one_line(&v.b.name)), TEXT_WIDTH, amb));

    text_terms(&mut out, "新增提法", &v.new_terms, |c| format!("{:>4}", c.b));
    text_terms(&mut out, "不再出现的提法", &v.dropped_terms, |c| format!("{:>4}", c.a));
    text_terms(&mut out, "次数变化", &v.changed_terms, |c| format!("{:>4} → {:<4} {}", c.a, c.b, signed(c)));
    text_words(&mut out, "新关键词", v.new_keywords);
    text_words(&mut out, "不再出现的关键词", v.dropped_keywords);

    text_heading(&mut out, "提纲对照（= 标题相同，~ 标题相近；只在一边的独占一行）");
    let cell = (TEXT_WIDTH - 2 - 3) / 2;
    let side = |h: &Option<Heading>| {
        h.as_ref()
            .map_or_else(String::new, |h| format!("{}{}", "  ".repeat(h.level.saturating_sub(1).min(3)), h.line()))
    };
    if v.outline.is_empty() {
        out.push_str("  （两篇都没有分部分）\n");
    }
    for row in &v.outline {
        let mark = match (&row.a, &row.b) {
            (Some(_), Some(_)) if row.similarity >= 1.0 => '=',
            (Some(_), Some(_)) => '~',
            _ => ' ',
        };
        let line = format!("  {} {mark} {}", pad(&side(&row.a), cell), truncate(&side(&row.b), cell, amb));
        let _ = writeln!(out, "{}", line.trim_end());
    }

    let shown = v.new_sentences.len().min(SENTENCES_SHOWN);
    let more = if v.new_sentence_count > shown { format!("，列出前 {shown} 句") } else { String::new() };
    text_heading(&mut out, &format!("新句子（B 中 {} 句 A 没有的句子{more}）", v.new_sentence_count));
    if v.new_sentences.is_empty() {
        out.push_str("  （无）\n");
    }
    // Sentences in a row under one breadcrumb share its line.
    let mut last_place = None;
    for s in v.new_sentences.iter().take(SENTENCES_SHOWN) {
        let place = place_label(&s.breadcrumb, " › ");
        if last_place.as_ref() != Some(&place) {
            let _ = writeln!(out, "{}", truncate(&format!("  [{}]", one_line(&place)), TEXT_WIDTH, amb));
            last_place = Some(place);
        }
        wrapped(&mut out, &s.text, "    ", TEXT_WIDTH);
    }
    out
}

fn md_terms(out: &mut String, title: &str, list: &[Change<'_>]) {
    let _ = writeln!(out, "\n## {title}（{}）\n", list.len());
    if list.is_empty() {
        out.push_str("（无）\n");
        return;
    }
    out.push_str("| 提法 | A | B | 变化 |\n|---|---:|---:|---:|\n");
    for c in list {
        let _ = writeln!(out, "| {} | {} | {} | {} |", markdown_escape(&one_line(c.term)), c.a, c.b, signed(c));
    }
}

fn md_words(out: &mut String, title: &str, words: &[String]) {
    let _ = writeln!(out, "\n## {title}（{}）\n", words.len());
    if words.is_empty() {
        out.push_str("（无）\n");
    } else {
        let _ = writeln!(out, "{}", markdown_escape(&one_line(&words.join("、"))));
    }
}

fn markdown(v: &View<'_>) -> String {
    let md = |s: &str| markdown_escape(&one_line(s));
    let mut out = format!("# 对照：{} → {}\n\n", md(&v.a.label()), md(&v.b.label()));
    let _ = writeln!(out, "- A：{}\n- B：{}", md(&v.a.name), md(&v.b.name));
    md_terms(&mut out, "新增提法", &v.new_terms);
    md_terms(&mut out, "不再出现的提法", &v.dropped_terms);
    md_terms(&mut out, "次数变化", &v.changed_terms);
    md_words(&mut out, "新关键词", v.new_keywords);
    md_words(&mut out, "不再出现的关键词", v.dropped_keywords);

    out.push_str("\n## 提纲对照\n\n");
    if v.outline.is_empty() {
        out.push_str("（两篇都没有分部分）\n");
    } else {
        out.push_str("| A | 相似度 | B |\n|---|---:|---|\n");
        let cell = |h: &Option<Heading>| {
            h.as_ref().map_or_else(String::new, |h| {
                format!("{}{}", "\u{3000}".repeat(h.level.saturating_sub(1).min(3)), md(&h.line()))
            })
        };
        for row in &v.outline {
            let sim = if row.a.is_some() && row.b.is_some() { format!("{:.2}", row.similarity) } else { String::new() };
            let _ = writeln!(out, "| {} | {sim} | {} |", cell(&row.a), cell(&row.b));
        }
    }

    let shown = v.new_sentences.len().min(SENTENCES_SHOWN);
    let _ = writeln!(out, "\n## 新句子（{} 句）\n", v.new_sentence_count);
    if v.new_sentences.is_empty() {
        out.push_str("（无）\n");
    }
    for s in v.new_sentences.iter().take(SENTENCES_SHOWN) {
        let place = place_label(&s.breadcrumb, " › ");
        let _ = writeln!(out, "- **{}** {}", md(&place), md(&s.text));
    }
    if v.new_sentence_count > shown {
        let _ = writeln!(out, "\n*只列出前 {shown} 句。*");
    }
    out
}
