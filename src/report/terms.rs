//! `jianghua terms`: configured hits per list, discovered formulations, quoted phrases and
//! keywords, as text or JSON.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::DataFormat;
use crate::config::Config;
use crate::document::Document;
use crate::terms::NamedColor;
use crate::terms::{Formulation, Keyword, Method, TermId, TermReport, weight_bar};
use crate::width::{AmbiguousWidth, str_width, truncate};

#[derive(Serialize)]
struct JsonTerm<'a> {
    term: &'a str,
    count: usize,
    inside_longer: usize,
    offsets: Vec<usize>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonList<'a> {
    list: &'a str,
    color: NamedColor,
    count: usize,
    terms: Vec<JsonTerm<'a>>,
}

#[derive(Serialize)]
struct JsonFound<'a> {
    term: &'a str,
    count: usize,
    first_offset: usize,
    in_config: bool,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonTerms<'a> {
    configured: Vec<JsonList<'a>>,
    discovered: Vec<JsonFound<'a>>,
    quoted: Vec<JsonFound<'a>>,
    keyword_method: Method,
    keywords: &'a [Keyword],
}

/// Print the terms report. `keywords` are already computed (jieba runs in the caller).
#[must_use]
pub fn print<'a>(
    doc: &Document,
    config: &'a Config,
    report: &'a TermReport,
    keywords: &'a [Keyword],
    format: DataFormat,
) -> String {
    let lists = &config.term_lists;
    // Char offsets of every hit, grouped by term, converted in one pass over the text (hits are
    // in text order): converting each one alone costs the length of its paragraph.
    let mut offsets: HashMap<TermId, Vec<usize>> = HashMap::new();
    for (hit, offset) in report.hits.iter().zip(doc.chars_of_bytes(report.hits.iter().map(|h| h.range.start))) {
        offsets.entry(hit.id).or_default().push(offset);
    }
    let found = |f: &'a Formulation| JsonFound {
        term: &f.text,
        count: f.count,
        first_offset: doc.char_of_byte(f.first),
        in_config: f.in_config,
        note: report.note(lists, &f.text),
    };
    let configured = lists
        .iter()
        .enumerate()
        .map(|(l, list)| {
            let mut terms: Vec<JsonTerm<'_>> = list
                .terms
                .iter()
                .enumerate()
                .map(|(t, term)| {
                    let id = TermId { list: l, term: t };
                    JsonTerm {
                        term: &term.text,
                        count: report.counts[l][t],
                        inside_longer: report.inside[l][t],
                        offsets: offsets.remove(&id).unwrap_or_default(),
                        note: term.note.as_deref().or_else(|| report.glossary.get(&term.text).map(String::as_str)),
                    }
                })
                .filter(|t| t.count + t.inside_longer > 0)
                .collect();
            terms.sort_by_key(|t| std::cmp::Reverse(t.count));
            JsonList { list: &list.name, color: list.color, count: report.counts[l].iter().sum(), terms }
        })
        .collect();
    let value = JsonTerms {
        configured,
        discovered: report.discovered.formulas.iter().map(found).collect(),
        quoted: report.discovered.quoted.iter().map(found).collect(),
        keyword_method: config.keywords.method,
        keywords,
    };
    match format {
        DataFormat::Json => super::json(&value),
        DataFormat::Text => text(&value),
    }
}

fn row(out: &mut String, label: &str, count: &str, extra: &str) {
    let amb = AmbiguousWidth::Narrow;
    let label = truncate(label, 30, amb);
    let pad = 32usize.saturating_sub(str_width(&label, amb));
    let line = format!("  {label}{}{count:>4}  {extra}", " ".repeat(pad));
    let _ = writeln!(out, "{}", truncate(line.trim_end(), super::outline::TEXT_WIDTH, amb));
}

fn text(value: &JsonTerms<'_>) -> String {
    let mut out = String::new();
    out.push_str("配置的提法（次数不含包在更长提法里的；+N 为包含在内的次数）\n");
    for list in &value.configured {
        let _ = writeln!(out, "{} {}", list.list, list.count);
        for t in &list.terms {
            let inside = if t.inside_longer > 0 { format!("+{}", t.inside_longer) } else { String::new() };
            row(&mut out, t.term, &t.count.to_string(), &format!("{inside} {}", t.note.unwrap_or("")));
        }
    }
    out.push_str("\n新提法（引号中的数字化概括）\n");
    for f in &value.discovered {
        let flag = if f.in_config { "已配置" } else { "新" };
        row(&mut out, f.term, &f.count.to_string(), flag);
    }
    out.push_str("\n引号短语\n");
    for f in &value.quoted {
        row(&mut out, f.term, &f.count.to_string(), "");
    }
    let method = match value.keyword_method {
        Method::Tfidf => "TF-IDF",
        Method::Textrank => "TextRank",
    };
    let _ = writeln!(out, "\n关键词（{method}）");
    let max = value.keywords.first().map_or(0.0, |k| k.weight);
    for k in value.keywords {
        row(&mut out, &k.word, &format!("{:.3}", k.weight), &weight_bar(k.weight, max, 8));
    }
    out
}
