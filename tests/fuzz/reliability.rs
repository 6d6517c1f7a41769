//! Reliability targets (issue 14): the `.docx` reader with its size caps (bombs of any ratio,
//! broken archives, hostile XML), the term-list compiler with long and many terms, and the
//! state-file reader (hostile, damaged and oversized state files).

use std::io::Write as _;

use jianghua::document::{MAX_DOCUMENT_BYTES, Source, is_unsafe, read_docx};
use jianghua::state::{DocState, Store};
use jianghua::terms::TermIndex;
use jianghua::terms::limits::{LimitError, MAX_TERM_CHARS, MAX_TERMS, vet};
use jianghua::terms::{NamedColor, Term, TermList};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;

use crate::generators::{CONTROLS, source_slice};

fn fail(what: String) -> TestCaseError {
    TestCaseError::fail(what)
}

// ---- .docx ----

/// One piece of body XML; `repeat` makes bombs of any ratio.
#[derive(Debug, Clone)]
pub struct Fragment {
    xml: String,
    repeat: usize,
}

fn xml_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => source_slice().prop_map(|s| s.chars().take(200).collect::<String>()),
        1 => proptest::collection::vec(select(CONTROLS), 0..6).prop_map(|cs| cs.into_iter().collect()),
        1 => Just("中".repeat(3000)),
    ]
    .prop_map(|s| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
    .boxed()
}

fn fragment() -> BoxedStrategy<Fragment> {
    let xml = prop_oneof![
        6 => xml_text().prop_map(|t| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")),
        2 => xml_text().prop_map(|t| format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")),
        1 => xml_text().prop_map(|t| format!("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")),
        1 => Just("<w:p><w:r><w:t>".to_owned()),
        1 => Just("</w:p>".to_owned()),
        1 => Just(" ".repeat(4096)),
    ];
    let repeat = prop_oneof![8 => 1usize..4, 2 => 100usize..3000, 1 => 20_000usize..60_000];
    (xml, repeat).prop_map(|(xml, repeat)| Fragment { xml, repeat }).boxed()
}

#[derive(Debug, Clone)]
pub struct DocxCase {
    main_name: &'static str,
    body: Vec<Fragment>,
    close: bool,
    styles: Option<Fragment>,
    deflate: bool,
    /// Byte edits of the finished archive: (position, new byte).
    flips: Vec<(prop::sample::Index, u8)>,
    truncate: Option<prop::sample::Index>,
}

pub fn docx_case() -> impl Strategy<Value = DocxCase> {
    (
        select(&["word/document.xml", "WORD/Document.xml", "word\\document.xml", "other.xml"][..]),
        proptest::collection::vec(fragment(), 0..12),
        any::<bool>(),
        proptest::option::weighted(0.3, fragment()),
        prop::bool::weighted(0.85),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
        proptest::option::weighted(0.1, any::<prop::sample::Index>()),
    )
        .prop_map(|(main_name, body, close, styles, deflate, flips, truncate)| DocxCase {
            main_name,
            body,
            close,
            styles,
            deflate,
            flips,
            truncate,
        })
}

fn build(case: &DocxCase) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if case.deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method).large_file(true);
    let _ = zip.start_file(case.main_name, options);
    let _ = zip
        .write_all(br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    for f in &case.body {
        for _ in 0..f.repeat {
            let _ = zip.write_all(f.xml.as_bytes());
        }
    }
    if case.close {
        let _ = zip.write_all(b"</w:body></w:document>");
    }
    if let Some(f) = &case.styles {
        let _ = zip.start_file("word/styles.xml", options);
        for _ in 0..f.repeat {
            let _ = zip.write_all(f.xml.as_bytes());
        }
    }
    let mut bytes = zip.finish().map(std::io::Cursor::into_inner).unwrap_or_default();
    for (at, b) in &case.flips {
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
    }
    if let Some(at) = case.truncate {
        bytes.truncate(at.index(bytes.len() + 1));
    }
    bytes
}

pub fn check_docx(case: &DocxCase) -> Result<(), TestCaseError> {
    let bytes = build(case);
    let inflated_cap = (bytes.len() as u64 * 100).max(8 << 20);
    if let Ok(extracted) = read_docx(&bytes) {
        if extracted.text.len() as u64 > MAX_DOCUMENT_BYTES + (1 << 20) {
            return Err(fail(format!("[docx-cap] {} bytes of text", extracted.text.len())));
        }
        // Text comes from the inflated XML, which may not pass the expansion cap; numbering
        // adds a few chars per paragraph, and each paragraph costs more XML than that.
        if extracted.text.len() as u64 > 2 * inflated_cap {
            return Err(fail(format!(
                "[docx-ratio] {} bytes of text from a {}-byte archive",
                extracted.text.len(),
                bytes.len()
            )));
        }
    }
    match jianghua::document::load_bytes("fuzz.docx", Some("fuzz.docx".into()), &bytes) {
        Ok(doc) if doc.text().chars().any(is_unsafe) => Err(fail("[docx-control] unsafe char in the text".into())),
        Ok(doc) if doc.paragraphs().iter().any(|p| p.bytes.len() > jianghua::document::MAX_PARAGRAPH_BYTES) => {
            Err(fail("[docx-paragraph] a paragraph over the limit".into()))
        }
        Err(e) if e.to_string().contains('\n') || e.to_string().chars().any(is_unsafe) => {
            Err(fail(format!("[docx-error] not one safe line: {e:?}")))
        }
        Ok(_) | Err(_) => Ok(()),
    }
}

// ---- term lists ----

fn term_text() -> BoxedStrategy<String> {
    prop_oneof![
        8 => source_slice().prop_map(|s| s.chars().take(12).collect::<String>()),
        2 => source_slice().prop_map(|s| s.chars().take(MAX_TERM_CHARS + 20).collect::<String>()),
        1 => (source_slice(), 1usize..400).prop_map(|(s, n)| s.chars().take(4).collect::<String>().repeat(n)),
        1 => proptest::collection::vec(select(CONTROLS), 1..4).prop_map(|cs| cs.into_iter().collect()),
        1 => "[a-zA-Z0-9]{1,6}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub struct TermsCase {
    lists: Vec<Vec<(String, Vec<String>)>>,
    /// Extra numbered terms in the last list (toward the count limit).
    bulk: usize,
    text: String,
}

pub fn terms_case() -> impl Strategy<Value = TermsCase> {
    let term = (term_text(), proptest::collection::vec(term_text(), 0..3));
    (
        proptest::collection::vec(proptest::collection::vec(term, 0..30), 1..4),
        prop_oneof![8 => Just(0usize), 1 => 0usize..2000, 1 => (MAX_TERMS - 50)..(MAX_TERMS + 50)],
        crate::generators::document(),
    )
        .prop_map(|(lists, bulk, text)| TermsCase { lists, bulk, text })
}

pub fn check_terms(case: &TermsCase) -> Result<(), TestCaseError> {
    let mut lists: Vec<TermList> = case
        .lists
        .iter()
        .enumerate()
        .map(|(i, terms)| TermList {
            name: format!("列表{i}\u{1b}]0;x\u{7}"),
            color: NamedColor::Red,
            terms: terms
                .iter()
                .filter(|(t, _)| !t.trim().is_empty())
                .map(|(t, a)| Term { text: t.clone(), aliases: a.clone(), note: Some(format!("注{t}")) })
                .collect(),
            origin: "fuzz.toml".into(),
        })
        .collect();
    if let Some(last) = lists.last_mut() {
        last.terms.extend((0..case.bulk).map(|i| Term { text: format!("词{i}"), aliases: Vec::new(), note: None }));
    }
    let total: usize = lists.iter().flat_map(|l| &l.terms).map(|t| 1 + t.aliases.len()).sum();
    let longest = lists
        .iter()
        .flat_map(|l| &l.terms)
        .flat_map(|t| std::iter::once(&t.text).chain(&t.aliases))
        .map(|t| jianghua::document::safe(t).chars().count())
        .max()
        .unwrap_or(0);
    let lists = match vet(lists) {
        Ok(lists) => lists,
        Err(LimitError::TermTooLong { chars, .. }) if chars > MAX_TERM_CHARS => return Ok(()),
        Err(LimitError::TooManyTerms { count, .. }) if count > MAX_TERMS => return Ok(()),
        Err(e) => return Err(fail(format!("[terms-limit] wrong refusal: {e}"))),
    };
    if total > MAX_TERMS || longest > MAX_TERM_CHARS {
        return Err(fail(format!("[terms-limit] {total} terms, longest {longest} chars, accepted")));
    }
    for l in &lists {
        let strings =
            std::iter::once(&l.name).chain(l.terms.iter().flat_map(|t| t.note.iter().chain(std::iter::once(&t.text))));
        if strings.clone().any(|s| s.chars().any(is_unsafe)) {
            return Err(fail("[terms-control] an unsafe char survived vetting".into()));
        }
    }
    let doc = jianghua::document::Document::from_text(case.text.clone(), Source::named("fuzz"));
    let index = TermIndex::new(&lists);
    let text = doc.text();
    let hits = index.find(text);
    let mut end = 0;
    for h in &hits {
        if h.range.start < end || h.range.end > text.len() || h.range.is_empty() {
            return Err(fail(format!("[terms-hits] {:?} after {end}", h.range)));
        }
        if !text.is_char_boundary(h.range.start) || !text.is_char_boundary(h.range.end) {
            return Err(fail(format!("[terms-hits] {:?} not on char boundaries", h.range)));
        }
        end = h.range.end;
    }
    let inside = index.inside_longer(&lists, text, &hits);
    if inside.len() != lists.len() {
        return Err(fail("[terms-inside] shape".into()));
    }
    let outline = jianghua::structure::analyse(&doc);
    let report = jianghua::terms::TermReport::with_index(&doc, &outline, &lists, &index);
    let mut config = crate::parse::embedded_config().clone();
    config.term_lists = lists;
    for format in [jianghua::report::DataFormat::Text, jianghua::report::DataFormat::Json] {
        let out = jianghua::report::terms::print(&doc, &config, &report, &[], format);
        crate::parse::check_printable(&out, format == jianghua::report::DataFormat::Json, "terms")?;
    }
    Ok(())
}

// ---- state files ----

#[derive(Debug, Clone)]
pub struct StateCase {
    json: String,
    flips: Vec<(prop::sample::Index, u8)>,
    truncate: Option<prop::sample::Index>,
    text: String,
}

fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => source_slice().prop_map(|s| s.chars().take(40).collect::<String>()),
        1 => proptest::collection::vec(select(CONTROLS), 0..5).prop_map(|cs| cs.into_iter().collect()),
    ]
    .boxed()
}

fn note_json() -> BoxedStrategy<serde_json::Value> {
    (
        hostile(),
        hostile(),
        hostile(),
        any::<u64>(),
        0u64..5,
        any::<bool>(),
        prop_oneof![any::<u64>().prop_map(|n| n as usize), 0usize..5000],
    )
        .prop_map(|(id, sentence, text, created, updated, deleted, offset)| {
            serde_json::json!({ "id": id, "offset": offset, "sentence": sentence, "text": text,
                                "created": created, "updated": updated, "deleted": deleted })
        })
        .boxed()
}

pub fn state_case() -> impl Strategy<Value = StateCase> {
    (
        proptest::collection::vec(note_json(), 0..8),
        proptest::collection::vec((select(&['a', 'b', 'z', '\u{1b}', '中'][..]), any::<u64>().prop_map(|n| n as usize)), 0..4),
        hostile(),
        proptest::option::of(any::<u64>().prop_map(|n| n as usize)),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
        proptest::option::weighted(0.1, any::<prop::sample::Index>()),
        crate::generators::document(),
    )
        .prop_map(|(notes, marks, title, position, flips, truncate, text)| {
            let marks: serde_json::Map<String, serde_json::Value> = marks
                .into_iter()
                .map(|(c, o)| (c.to_string(), serde_json::json!({ "offset": o, "updated": 1 })))
                .collect();
            let json = serde_json::json!({ "version": 1, "hash": "h", "paths": [title.clone()], "title": title,
                                           "position": position, "position_updated": 1, "marks": marks, "notes": notes })
            .to_string();
            StateCase { json, flips, truncate, text }
        })
}

pub fn check_state(case: &StateCase) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| fail(format!("tempdir: {e}")))?;
    let mut bytes = case.json.clone().into_bytes();
    for (at, b) in &case.flips {
        let i = at.index(bytes.len());
        bytes[i] = *b;
    }
    if let Some(at) = case.truncate {
        bytes.truncate(at.index(bytes.len() + 1));
    }
    std::fs::write(dir.path().join("h.json"), &bytes).map_err(|e| fail(format!("write: {e}")))?;
    let store = Store::at(dir.path());
    let loaded = match store.load("h", Some("")) {
        Ok(Some(s)) => s,
        Ok(None) | Err(jianghua::state::StateError::Corrupt { .. }) => DocState::new("h"),
        Err(e) => return Err(fail(format!("[state-read] {e}"))),
    };
    let strings =
        loaded.notes.iter().flat_map(|n| [&n.id, &n.text, &n.sentence]).chain(&loaded.paths).chain(&loaded.title);
    if strings.into_iter().any(|s| s.chars().any(is_unsafe)) {
        return Err(fail("[state-control] an unsafe char survived reading".into()));
    }
    let doc = jianghua::document::Document::from_text(case.text.clone(), Source::named("fuzz"));
    let outline = jianghua::structure::analyse(&doc);
    for format in [jianghua::report::brief::NotesFormat::Markdown, jianghua::report::brief::NotesFormat::Json] {
        let out = jianghua::report::brief::notes(&doc, &outline, &loaded, format);
        crate::parse::check_printable(&out, format == jianghua::report::brief::NotesFormat::Json, "notes")?;
    }
    let live: Vec<String> = loaded.live_notes().iter().map(|n| n.id.clone()).collect();
    let mut mine = loaded;
    mine.notes.push(jianghua::state::Note {
        id: "fuzz-new".into(),
        offset: 0,
        sentence: "一要。".into(),
        text: "新笔记".into(),
        created: 1,
        updated: 1,
        deleted: false,
    });
    let saved = store.save(mine).map_err(|e| fail(format!("[state-save] {e}")))?;
    let again = store.load("h", None).map_err(|e| fail(format!("[state-reread] {e}")))?.unwrap_or_default();
    if again != saved {
        return Err(fail("[state-roundtrip] the file differs from the merged state".into()));
    }
    let kept: Vec<&str> = again.notes.iter().map(|n| n.id.as_str()).collect();
    if let Some(lost) =
        live.iter().chain(std::iter::once(&"fuzz-new".to_owned())).find(|id| !kept.contains(&id.as_str()))
    {
        return Err(fail(format!("[state-lost] note {lost:?}")));
    }
    Ok(())
}
