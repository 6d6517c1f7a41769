//! The document's own glossary (名词解释, 注释) linked to its text: where each defined term is
//! read, so the reader can mark it and show the definition in place.
//!
//! A headword is found in the text in every form a reader meets it: as written
//! (`金融“五篇大文章”`), without its quotes (`金融五篇大文章`), and by each quoted core of two or
//! more characters that is not just a number (`五篇大文章`, `四网融合`, `双千`; not `21` of
//! `稳增长“21”条`), so an entry whose headword has words around the quoted term still links to
//! the quoted term where the text uses it alone. Matches are leftmost-longest and never overlap;
//! the glossary block's own mentions are not counted.

use std::ops::Range;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

use crate::document::Document;
use crate::structure::{Family, Outline, glossary_bare_term};

/// One place in the text where a defined term is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into the outline's glossary.
    pub entry: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// The glossary linked to the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GlossaryLinks {
    /// The glossary block itself, in bytes, when the document has one.
    pub span: Option<Range<usize>>,
    /// Every mention outside the block, in text order.
    pub mentions: Vec<Mention>,
    /// Mentions per entry (outside the block).
    pub counts: Vec<usize>,
}

/// Quote characters that wrap a term.
const QUOTES: [char; 8] = ['“', '”', '‘', '’', '「', '」', '"', '\''];

/// Headings a glossary block goes by.
const GLOSSARY_HEADINGS: [&str; 4] = ["名词解释", "名词注释", "注释", "注解"];

/// The quoted parts of `s` (`“四网融合”` gives `四网融合`).
fn quoted_cores(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find(['“', '‘', '「']) {
        let after = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = after.find(['”', '’', '」']) else { break };
        out.push(&after[..close]);
        rest = &after[close..];
    }
    out
}

/// Is a form worth finding in the text: two characters or more, and not a bare number?
fn worth_finding(form: &str) -> bool {
    form.chars().count() >= 2 && !form.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
}

/// The forms a headword is read in: as written (quotes that wrap it whole removed), without
/// any quotes, and each quoted core. Longest first; no duplicates.
#[must_use]
pub fn headword_forms(headword: &str) -> Vec<String> {
    let bare = glossary_bare_term(headword.trim().trim_end_matches(['：', ':'])).trim();
    let unquoted: String = bare.chars().filter(|c| !QUOTES.contains(c)).collect();
    let mut forms: Vec<String> = [bare.to_owned(), unquoted]
        .into_iter()
        .chain(quoted_cores(bare).into_iter().map(str::to_owned))
        .filter(|f| worth_finding(f))
        .collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// The glossary block: the section headed 名词解释, 名词注释, 注释 or 注解 (or a longer heading
/// ending so), else the stretch of paragraphs that holds the entries' definitions.
#[must_use]
pub fn glossary_span(doc: &Document, outline: &Outline) -> Option<Range<usize>> {
    if outline.glossary.is_empty() {
        return None;
    }
    let headed = outline.sections.iter().find(|s| {
        matches!(s.family, Family::Appendix | Family::Heading)
            && GLOSSARY_HEADINGS.iter().any(|h| s.title.trim_end_matches(['：', ':']).ends_with(h))
    });
    if let Some(s) = headed {
        return Some(s.bytes.clone());
    }
    let text = doc.text();
    let found: Vec<usize> = outline
        .glossary
        .iter()
        .filter_map(|e| {
            let head: String = e.definition.chars().take(12).collect();
            (!head.is_empty()).then(|| text.rfind(&head)).flatten()
        })
        .collect();
    let (first, last) = (found.iter().min()?, found.iter().max()?);
    let paragraphs = doc.paragraphs();
    let start = paragraphs[doc.paragraph_at(*first).saturating_sub(1)].bytes.start;
    Some(start..paragraphs[doc.paragraph_at(*last)].bytes.end)
}

/// Link the outline's glossary to the text.
#[must_use]
pub fn link(doc: &Document, outline: &Outline) -> GlossaryLinks {
    let entries = &outline.glossary;
    let span = glossary_span(doc, outline);
    let mut patterns: Vec<String> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for form in headword_forms(&e.term) {
            if !patterns.contains(&form) {
                patterns.push(form);
                owner.push(i);
            }
        }
    }
    let mut links = GlossaryLinks { span: span.clone(), mentions: Vec::new(), counts: vec![0; entries.len()] };
    if patterns.is_empty() {
        return links;
    }
    let Ok(ac) = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&patterns) else {
        return links;
    };
    let inside = |r: &Range<usize>| span.as_ref().is_some_and(|s| s.start <= r.start && r.end <= s.end);
    for m in ac.find_iter(doc.text()) {
        let range = m.start()..m.end();
        if inside(&range) {
            continue;
        }
        let entry = owner[m.pattern().as_usize()];
        links.counts[entry] += 1;
        links.mentions.push(Mention { entry, range });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::structure::analyse;

    #[test]
    fn headwords_with_words_around_the_quoted_term_give_the_term_too() {
        assert_eq!(headword_forms("轨道交通“四网融合”"), ["轨道交通“四网融合”", "轨道交通四网融合", "四网融合"]);
        assert_eq!(headword_forms("金融“五篇大文章”："), ["金融“五篇大文章”", "金融五篇大文章", "五篇大文章"]);
        assert_eq!(headword_forms("“两重”"), ["两重"]);
        assert_eq!(headword_forms("稳增长“21”条"), ["稳增长“21”条", "稳增长21条"], "a bare number is not a term");
        assert_eq!(headword_forms("“六横”“六纵”"), ["“六横”“六纵”", "六横六纵", "六横", "六纵"]);
        assert_eq!(headword_forms("ESI"), ["ESI"]);
        assert!(headword_forms("“一”").is_empty());
    }

    const REPORT: &str = "2026年政府工作报告\n各位代表：\n一、过去一年\n推进轨道交通“四网融合”，做好金融“五篇大文章”。实施“两重”项目，深化四网融合。\n二、今年工作\n抓好“两重”建设。\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设。\n2.轨道交通“四网融合”：干线铁路、城际铁路、市域（郊）铁路、城市轨道交通融合发展。\n3.金融“五篇大文章”：科技金融、绿色金融、普惠金融、养老金融、数字金融。\n";

    #[test]
    fn mentions_are_found_outside_the_glossary_only() {
        let doc = Document::from_text(REPORT.into(), Source::named("t"));
        let outline = analyse(&doc);
        let links = link(&doc, &outline);
        let terms: Vec<&str> = outline.glossary.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms.len(), 3, "{terms:?}");
        let read: Vec<&str> = links.mentions.iter().map(|m| &doc.text()[m.range.clone()]).collect();
        assert_eq!(read, ["轨道交通“四网融合”", "金融“五篇大文章”", "两重", "四网融合", "两重"]);
        let span = links.span.clone().unwrap();
        assert!(doc.text()[span].starts_with("名词解释"));
        let by_term = |t: &str| links.counts[terms.iter().position(|x| x.contains(t)).unwrap()];
        assert_eq!((by_term("两重"), by_term("四网融合"), by_term("五篇大文章")), (2, 2, 1));
    }
}
