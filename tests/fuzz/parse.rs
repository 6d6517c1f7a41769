//! Target `parse`: bytes and text through decoding, loading, structure, terms, search and the
//! outline and terms reports; every offset and span well formed, no control character out.

use std::fmt::Debug;
use std::sync::OnceLock;

use jianghua::config::Config;
use jianghua::document::{Document, Source, decode, is_unsafe, load_bytes};
use jianghua::report::{DataFormat, Format};
use jianghua::search::Matcher;
use jianghua::structure::analyse;
use jianghua::terms::{TermId, TermReport};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::TestCaseError;

use crate::generators::*;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Enc {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16LeBom,
    Utf16Be,
    Utf16BeBom,
    Gb18030,
    Gbk,
    Big5,
}

#[derive(Debug, Clone)]
pub(crate) enum ByteEdit {
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Truncate(Index),
    Prefix(Vec<u8>),
}

pub(crate) const BYTES: &[u8] = &[
    0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x1b, 0x9b, 0x80, 0x81, 0xa1, 0xa3, 0xd6, 0xd0, 0xc2, 0xe2, 0xe3, 0xf0, 0xf4,
    0xf8, 0x0d, 0x0a, 0x30, 0x39, 0x7f, 0x85, 0xc0, 0xc1, 0xed, 0xa0,
];

pub(crate) const PREFIXES: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xFF\xFE\x00\x00",
    b"\x00\x00\xFE\xFF",
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"\xD0\xCF\x11\xE0",
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"\x7FELF",
    b"{\\rtf1",
    b"<html><body>",
    b"\x1b[31m",
    b"\x00",
];

#[derive(Debug, Clone)]
pub(crate) enum ParseInput {
    Text(String),
    Encoded { text: String, enc: Enc, edits: Vec<ByteEdit> },
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
pub(crate) struct ParseCase {
    input: ParseInput,
    query: String,
    probes: Vec<usize>,
}

pub(crate) fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        3 => (any::<Index>(), prop_oneof![select(BYTES), any::<u8>()]).prop_map(|(i, b)| ByteEdit::Set(i, b)),
        2 => (any::<Index>(), proptest::collection::vec(prop_oneof![select(BYTES), any::<u8>()], 1..8))
            .prop_map(|(i, b)| ByteEdit::Insert(i, b)),
        1 => any::<Index>().prop_map(ByteEdit::Truncate),
        1 => select(PREFIXES).prop_map(|p| ByteEdit::Prefix(p.to_vec())),
    ]
}

pub(crate) fn encoding() -> impl Strategy<Value = Enc> {
    select(
        &[
            Enc::Utf8,
            Enc::Utf8Bom,
            Enc::Utf16Le,
            Enc::Utf16LeBom,
            Enc::Utf16Be,
            Enc::Utf16BeBom,
            Enc::Gb18030,
            Enc::Gbk,
            Enc::Big5,
        ][..],
    )
}

pub(crate) fn search_query() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[\\p{Han}]{1,4}",
        2 => "[a-z]{1,12}",
        1 => "[a-zA-Z ]{0,8}",
        1 => select(PIECES).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => ".{0,3}",
        1 => "[.*+?()\\[\\]{}|^$\\\\]{1,6}",
    ]
    .boxed()
}

pub(crate) fn parse_case() -> impl Strategy<Value = ParseCase> {
    let input = prop_oneof![
        4 => document().prop_map(ParseInput::Text),
        3 => (document(), encoding(), proptest::collection::vec(byte_edit(), 0..6))
            .prop_map(|(text, enc, edits)| ParseInput::Encoded { text, enc, edits }),
        1 => proptest::collection::vec(prop_oneof![select(BYTES), any::<u8>()], 0..4000).prop_map(ParseInput::Raw),
    ];
    (input, search_query(), proptest::collection::vec(any::<usize>(), 0..8))
        .prop_map(|(input, query, probes)| ParseCase { input, query, probes })
}

pub(crate) fn encode(text: &str, enc: Enc) -> Vec<u8> {
    let utf16 = |big: bool, bom: bool| {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFFu16).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend_from_slice(&if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    };
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Enc::Utf16Le => utf16(false, false),
        Enc::Utf16LeBom => utf16(false, true),
        Enc::Utf16Be => utf16(true, false),
        Enc::Utf16BeBom => utf16(true, true),
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Enc::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Enc::Big5 => encoding_rs::BIG5.encode(text).0.into_owned(),
    }
}

pub(crate) fn apply_byte_edits(mut bytes: Vec<u8>, edits: &[ByteEdit]) -> Vec<u8> {
    for e in edits {
        match e {
            ByteEdit::Set(i, b) => {
                if !bytes.is_empty() {
                    let at = i.index(bytes.len());
                    bytes[at] = *b;
                }
            }
            ByteEdit::Insert(i, b) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            ByteEdit::Truncate(i) => bytes.truncate(i.index(bytes.len() + 1)),
            ByteEdit::Prefix(p) => bytes.splice(0..0, p.iter().copied()).for_each(drop),
        }
    }
    bytes
}

pub(crate) fn embedded_config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::embedded)
}

/// Text with no raw control characters (`\n` allowed; `\t` too unless `json`).
pub(crate) fn check_printable(out: &str, json: bool, what: &str) -> Result<(), TestCaseError> {
    if let Some(c) = out.chars().find(|&c| is_unsafe(c) || (json && c == '\t')) {
        return Err(TestCaseError::fail(format!("[report-control] {what} contains raw {c:?}")));
    }
    Ok(())
}

pub(crate) fn check_outline(doc: &Document, o: &jianghua::structure::Outline) -> Result<(), TestCaseError> {
    let text = doc.text();
    ensure!(
        o.roles.len() == doc.paragraphs().len(),
        "roles",
        "{} roles for {} paragraphs",
        o.roles.len(),
        doc.paragraphs().len()
    );
    for (i, s) in o.sections.iter().enumerate() {
        ensure!(
            s.span.start <= s.span.end && s.span.end <= doc.char_len(),
            "span-in-text",
            "section {i} span {:?} of {}",
            s.span,
            doc.char_len()
        );
        ensure!(
            s.bytes.start <= s.bytes.end && s.bytes.end <= text.len(),
            "bytes-in-text",
            "section {i} bytes {:?} of {}",
            s.bytes,
            text.len()
        );
        ensure!(
            text.is_char_boundary(s.bytes.start) && text.is_char_boundary(s.bytes.end),
            "bytes-boundary",
            "section {i} bytes {:?}",
            s.bytes
        );
        ensure!(
            s.subtree_end > i && s.subtree_end <= o.sections.len(),
            "subtree-end",
            "section {i} subtree_end {}",
            s.subtree_end
        );
        if let Some(p) = s.parent {
            ensure!(p < i, "parent-order", "section {i} has parent {p}");
            let parent = &o.sections[p];
            ensure!(
                parent.span.start <= s.span.start && s.span.end <= parent.span.end,
                "span-in-parent",
                "section {i} {:?} not inside parent {p} {:?}",
                s.span,
                parent.span
            );
            ensure!(
                parent.bytes.start <= s.bytes.start && s.bytes.end <= parent.bytes.end,
                "bytes-in-parent",
                "section {i} {:?} not inside parent {p} {:?}",
                s.bytes,
                parent.bytes
            );
            ensure!(s.level == parent.level + 1, "level", "section {i} level {} under level {}", s.level, parent.level);
            ensure!(i < parent.subtree_end, "subtree", "section {i} outside its parent's subtree");
        }
    }
    Ok(())
}

pub(crate) fn check_terms(
    doc: &Document,
    o: &jianghua::structure::Outline,
    config: &Config,
) -> Result<TermReport, TestCaseError> {
    let text = doc.text();
    let lists = &config.term_lists;
    let report = TermReport::new(doc, o, lists);
    ensure!(
        report.counts.len() == lists.len(),
        "counts-shape",
        "{} count lists for {} term lists",
        report.counts.len(),
        lists.len()
    );
    let mut expected: Vec<Vec<usize>> = lists.iter().map(|l| vec![0; l.terms.len()]).collect();
    let mut last_end = 0;
    for h in &report.hits {
        let TermId { list, term } = h.id;
        ensure!(list < lists.len() && term < lists[list].terms.len(), "hit-id", "hit {h:?} names no term");
        expected[list][term] += 1;
        ensure!(
            h.range.start < h.range.end
                && h.range.end <= text.len()
                && text.is_char_boundary(h.range.start)
                && text.is_char_boundary(h.range.end),
            "hit-range",
            "hit {h:?} in text of {} bytes",
            text.len()
        );
        ensure!(h.range.start >= last_end, "hit-order", "hit {h:?} overlaps or precedes the previous one");
        last_end = h.range.end;
    }
    for (l, counts) in report.counts.iter().enumerate() {
        ensure!(
            counts.len() == lists[l].terms.len(),
            "counts-shape",
            "list {l}: {} counts for {} terms",
            counts.len(),
            lists[l].terms.len()
        );
        for (t, &c) in counts.iter().enumerate() {
            ensure!(
                c == expected[l][t],
                "counts-vs-hits",
                "term {l}/{t} ({:?}) counted {c}, hits {}",
                lists[l].terms[t].text,
                expected[l][t]
            );
        }
    }
    // The concordance of the first few terms with hits.
    let mut shown = 0;
    for (l, list) in lists.iter().enumerate() {
        for t in 0..list.terms.len() {
            let id = TermId { list: l, term: t };
            let ranges = report.ranges_of(id);
            if ranges.is_empty() || shown >= 4 {
                continue;
            }
            shown += 1;
            let lines = jianghua::terms::concordance::lines(doc, o, &ranges);
            ensure!(lines.len() == ranges.len(), "concordance", "{} lines for {} ranges", lines.len(), ranges.len());
        }
    }
    let _ = report.words(lists);
    for f in report.discovered.quoted.iter().chain(&report.discovered.formulas).take(8) {
        let _ = report.note(lists, &f.text);
    }
    Ok(report)
}

pub(crate) fn check_document(doc: &Document, case: &ParseCase) -> Result<(), TestCaseError> {
    let text = doc.text();
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(TestCaseError::fail(format!("[unsafe-char] document text keeps {c:?}")));
    }
    ensure!(!text.contains('\r'), "cr", "document text keeps a CR");
    for pair in doc.paragraphs().windows(2) {
        ensure!(
            pair[0].bytes.end < pair[1].bytes.start,
            "paragraph-order",
            "{:?} then {:?}",
            pair[0].bytes,
            pair[1].bytes
        );
    }
    for s in doc.sentences() {
        ensure!(
            s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence",
            "sentence {s:?} in {} bytes",
            text.len()
        );
    }
    let outline = analyse(doc);
    check_outline(doc, &outline)?;
    let config = embedded_config();
    let report = check_terms(doc, &outline, config)?;

    for format in [Format::Json, Format::Text, Format::Markdown] {
        let out = jianghua::report::outline::print(doc, &outline, format);
        check_printable(&out, format == Format::Json, &format!("outline {format:?}"))?;
        if format == Format::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&out)
        {
            return Err(TestCaseError::fail(format!("[json] outline JSON does not parse: {e}")));
        }
    }
    for format in [DataFormat::Json, DataFormat::Text] {
        let out = jianghua::report::terms::print(doc, config, &report, &[], format);
        check_printable(&out, format == DataFormat::Json, &format!("terms {format:?}"))?;
        if format == DataFormat::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&out)
        {
            return Err(TestCaseError::fail(format!("[json] terms JSON does not parse: {e}")));
        }
    }
    for i in 0..outline.sections.len().min(16) {
        let _ = jianghua::report::outline::heading(&outline, i);
        let _ = outline.children(i);
        let _ = outline.ancestry(i);
    }
    let _ = outline.roots();

    // Offsets anywhere, including past the end and inside characters.
    let len = text.len();
    for &p in &case.probes {
        for b in [p, p % (len + 2), p % (len + 2) / 2] {
            let c = doc.char_of_byte(b);
            ensure!(c <= doc.char_len(), "char-of-byte", "char_of_byte({b}) = {c} > {}", doc.char_len());
            let back = doc.byte_of_char(c);
            ensure!(back <= len && text.is_char_boundary(back), "byte-of-char", "byte_of_char({c}) = {back}");
            let _ = doc.byte_of_char(b);
            let _ = doc.paragraph_at(b);
            let _ = doc.sentence_at(b);
            let _ = doc.paragraph_text(b % (doc.paragraphs().len() + 1));
            if let Some(i) = outline.innermost_at(b) {
                ensure!(outline.sections[i].bytes.contains(&b), "innermost", "innermost_at({b}) = {i}");
            }
            let _ = jianghua::terms::concordance::breadcrumb(&outline, b);
        }
    }

    // Search.
    if let Some(m) = Matcher::new(&case.query) {
        let all = m.all(text);
        for r in &all {
            ensure!(
                r.range.start <= r.range.end
                    && r.range.end <= len
                    && text.is_char_boundary(r.range.start)
                    && text.is_char_boundary(r.range.end),
                "search-range",
                "match {:?} for {:?}",
                r.range,
                case.query
            );
        }
        for &p in case.probes.iter().take(3) {
            if let Some(r) = m.first_literal_from(text, p % (len + 2)) {
                ensure!(r.end <= len && text.is_char_boundary(r.start), "search-from", "first_literal_from gave {r:?}");
            }
        }
    }
    Ok(())
}

pub(crate) fn check_parse(case: &ParseCase) -> Result<(), TestCaseError> {
    let bytes = match &case.input {
        ParseInput::Text(t) => {
            let doc = Document::from_text(t.clone(), Source::named("fuzz"));
            check_document(&doc, case)?;
            t.as_bytes().to_vec()
        }
        ParseInput::Encoded { text, enc, edits } => apply_byte_edits(encode(text, *enc), edits),
        ParseInput::Raw(b) => b.clone(),
    };
    let decoded = decode(&bytes);
    let loaded = load_bytes("fuzz", None, &bytes);
    match (&decoded, &loaded) {
        (Ok(d), Ok(doc)) => {
            // `load_bytes` may also recover lost paragraph breaks, so its text can differ from
            // `from_text`'s; it must keep every invariant all the same.
            let _ = d;
            check_document(doc, case)?;
            let _ = doc.source.warnings();
        }
        (Err(_), Ok(_)) => return Err(TestCaseError::fail("[load-vs-decode] decode failed but load_bytes succeeded")),
        _ => {}
    }
    if let Ok(d) = decoded {
        let _ = d.encoding.label();
        let doc = Document::from_text(d.text, Source::named("fuzz"));
        check_document(&doc, case)?;
    }
    if let Err(e) = loaded {
        let msg = e.to_string();
        ensure!(!msg.contains('\n'), "load-error-line", "load error is not one line: {msg:?}");
    }
    Ok(())
}
