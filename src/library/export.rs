//! Export for a search engine: one document as the two lines of an `OpenSearch` / Elasticsearch
//! `_bulk` request (an `index` action, then the document), for archives too large for one machine.
//!
//! Each document carries its title block, its date in ISO form (`2023`, `2023-02`, `2023-02-10`),
//! the outline flattened in document order with char offsets, the configured terms and the
//! formulations it introduces with their counts, and the full text. Strings are the document's
//! sanitised text (no control characters) and are JSON-escaped; the source path, which comes from
//! the file system, is sanitised as well. The `_id` is the content hash, so re-exporting a
//! renamed file updates the same document.

use serde::Serialize;

use super::date::date_of;
use crate::document::{Document, safe};
use crate::state::content_hash;
use crate::structure::{Family, Outline};
use crate::terms::TermList;
use crate::terms::TermReport;

#[derive(Serialize)]
struct Action<'a> {
    index: Target<'a>,
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "_index")]
    index: &'a str,
    #[serde(rename = "_id")]
    id: &'a str,
}

/// The document line of a `_bulk` pair. Field names are part of the index mapping in the README.
#[derive(Serialize)]
struct Entry<'a> {
    title: Option<&'a str>,
    subtitle: Option<&'a str>,
    /// ISO 8601 with the precision known, from the date line, subtitle, title or file name.
    date: Option<String>,
    /// The date line as written, e.g. `（2023年2月10日）`.
    date_line: Option<&'a str>,
    speaker: Option<&'a str>,
    source: String,
    encoding: &'static str,
    chars: usize,
    outline: Vec<Node<'a>>,
    terms: Vec<TermCount<'a>>,
    formulations: Vec<Found<'a>>,
    text: &'a str,
}

#[derive(Serialize)]
struct Node<'a> {
    family: Family,
    marker: &'a str,
    level: usize,
    title: &'a str,
    /// Char offset of the marker; the section governs `offset..end`.
    offset: usize,
    end: usize,
    line: usize,
}

#[derive(Serialize)]
struct TermCount<'a> {
    term: &'a str,
    list: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Found<'a> {
    term: &'a str,
    /// `numeric` for a quoted numeric formula (`“四抓两整治”`), `quoted` for another quoted phrase.
    kind: &'static str,
    count: usize,
}

/// The two `_bulk` lines of `doc` for index `index`, each ending in a newline.
#[must_use]
pub fn bulk_lines(index: &str, doc: &Document, outline: &Outline, terms: &TermReport, lists: &[TermList]) -> String {
    let id = content_hash(doc.text());
    let frame = &outline.frame;
    let nodes = outline
        .sections
        .iter()
        .map(|s| Node {
            family: s.family,
            marker: &s.marker,
            level: s.level,
            title: &s.title,
            offset: s.offset,
            end: s.span.end,
            line: s.line,
        })
        .collect();
    let counted = lists.iter().zip(&terms.counts).flat_map(|(list, counts)| {
        list.terms.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(term, &count)| TermCount {
            term: &term.text,
            list: &list.name,
            count,
        })
    });
    let discovered = &terms.discovered;
    let numeric = discovered.formulas.iter().map(|f| Found { term: &f.text, kind: "numeric", count: f.count });
    let quoted = discovered.quoted.iter().map(|f| Found { term: &f.text, kind: "quoted", count: f.count });
    let entry = Entry {
        title: frame.title.as_deref(),
        subtitle: frame.subtitle.as_deref(),
        date: date_of(outline, &doc.source.name).map(|d| d.iso()),
        date_line: frame.date.as_deref(),
        speaker: frame.speaker.as_deref(),
        source: safe(&doc.source.name).into_owned(),
        encoding: doc.source.encoding.label(),
        chars: doc.char_len(),
        outline: nodes,
        terms: counted.collect(),
        formulations: numeric.chain(quoted).collect(),
        text: doc.text(),
    };
    let action = Action { index: Target { index, id: &id } };
    let mut out = serde_json::to_string(&action).unwrap_or_default();
    out.push('\n');
    out.push_str(&serde_json::to_string(&entry).unwrap_or_default());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::config::Config;
    use crate::document::Source;
    use crate::samples;

    fn export(name: &str, text: &str) -> (String, Document) {
        let doc = samples::load(name, text);
        let config = Config::embedded();
        let outline = crate::structure::analyse(&doc);
        let terms = TermReport::new(&doc, &outline, &config.term_lists);
        (bulk_lines("speeches", &doc, &outline, &terms, &config.term_lists), doc)
    }

    /// Both lines parse, and the document line has every field with the right type.
    fn check_shape(out: &str, doc: &Document) -> Value {
        assert!(out.ends_with('\n'));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "an action and a document, one line each");
        let action: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(action["index"]["_index"], "speeches");
        assert_eq!(action["index"]["_id"], content_hash(doc.text()));
        let entry: Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(entry["text"], doc.text());
        assert_eq!(entry["chars"], doc.char_len());
        for field in ["title", "subtitle", "date", "date_line", "speaker"] {
            assert!(entry[field].is_string() || entry[field].is_null(), "{field}");
        }
        for node in entry["outline"].as_array().unwrap() {
            let (offset, end) = (node["offset"].as_u64().unwrap(), node["end"].as_u64().unwrap());
            assert!(offset <= end && end <= doc.char_len() as u64, "{node}");
            assert!(node["family"].is_string() && node["marker"].is_string() && node["title"].is_string());
            assert!(node["level"].as_u64().unwrap() >= 1);
        }
        for term in entry["terms"].as_array().unwrap() {
            assert!(term["count"].as_u64().unwrap() > 0 && term["term"].is_string() && term["list"].is_string());
        }
        for f in entry["formulations"].as_array().unwrap() {
            assert!(matches!(f["kind"].as_str(), Some("numeric" | "quoted")), "{f}");
        }
        entry
    }

    #[test]
    fn every_sample_exports_as_one_bulk_pair() {
        for &(name, text) in samples::SAMPLES {
            let (out, doc) = export(name, text);
            let entry = check_shape(&out, &doc);
            assert!(!entry["outline"].as_array().unwrap().is_empty(), "{name}");
            assert!(!entry["terms"].as_array().unwrap().is_empty(), "{name}");
        }
    }

    #[test]
    fn the_reference_sample_carries_its_title_block_date_and_formulations() {
        let (name, text) = samples::default_sample();
        let (out, doc) = export(name, text);
        let entry = check_shape(&out, &doc);
        assert_eq!(entry["title"], "在2024年青河县委工作会议上的讲话");
        assert_eq!(entry["date"], "2024-02-18");
        assert_eq!(entry["date_line"], "（2024年2月18日）");
        assert_eq!(entry["speaker"], "县委书记　×××");
        let first = &entry["outline"][0];
        assert_eq!(first["family"], "preamble");
        let terms = entry["terms"].as_array().unwrap();
        assert!(terms.iter().any(|t| t["term"] == "两个确立" && t["count"].as_u64() > Some(0)), "{terms:?}");
        let found = entry["formulations"].as_array().unwrap();
        assert!(found.iter().any(|f| f["term"] == "四清四到位" && f["kind"] == "numeric"), "{found:?}");
    }

    #[test]
    fn hostile_text_and_names_stay_inside_their_json_strings() {
        let text =
            "标题\u{1b}]0;x\u{7}\n\u{202e}“引号”\\反斜杠\"双引号\u{85}\n一、第一部分\n正文。\n二、第二部分\n正文。";
        let doc = Document::from_text(text.to_owned(), Source::named("a\u{1b}[2J\nb.txt"));
        let config = Config::embedded();
        let outline = crate::structure::analyse(&doc);
        let terms = TermReport::new(&doc, &outline, &config.term_lists);
        let out = bulk_lines("speeches", &doc, &outline, &terms, &config.term_lists);
        assert_eq!(out.matches('\n').count(), 2, "newlines in strings are escaped");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "no raw control character: {out:?}");
        assert!(!out.contains('\u{202e}'), "no bidi override");
        let entry = check_shape(&out, &doc);
        assert!(!entry["source"].as_str().unwrap().contains('\u{1b}'));
    }
}
