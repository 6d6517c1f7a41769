//! Glossary entries of a glossary block (`名词解释`, `注释`, `《…》有关内容名词注释`, alone or under
//! `附件`): `1.“四上”企业：definition`, `［1］一降三减：` with the definition on the following lines,
//! or `2.“两新”是指…` with a quoted term and no colon.

use serde::Serialize;

use super::marker::is_glossary_heading;
use super::{Family, Section};
use crate::document::Document;

/// A term the document defines for itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    /// The term, without the quotes that wrap it whole (`“两重”` gives `两重`).
    pub term: String,
    /// The definition, joined from all its lines.
    pub definition: String,
}

/// Strip quotes that wrap the whole term.
#[must_use]
pub fn bare_term(term: &str) -> &str {
    let inner = term.strip_prefix('“').and_then(|t| t.strip_suffix('”'));
    match inner {
        Some(t) if !t.contains(['“', '”']) => t,
        _ => term,
    }
}

/// Entries from every item directly under a glossary appendix.
#[must_use]
pub fn entries(doc: &Document, sections: &[Section]) -> Vec<GlossaryEntry> {
    let is_glossary = |i: usize| sections[i].family == Family::Appendix && is_glossary_heading(&sections[i].title);
    sections
        .iter()
        .filter(|s| s.family == Family::Item && s.parent.is_some_and(is_glossary))
        .map(|s| {
            let text = doc.text().get(s.bytes.start + s.marker.len()..s.bytes.end).unwrap_or_default();
            let joined: String = text.lines().map(str::trim).collect();
            let (term, definition) = split_entry(&joined, &s.title);
            GlossaryEntry { term: bare_term(term).to_owned(), definition: definition.trim().to_owned() }
        })
        .collect()
}

/// Split an entry's text into term and definition: at the first colon, or after a leading
/// quoted term (`“两新”是指…`), or else after the item's title.
fn split_entry<'a>(joined: &'a str, title: &'a str) -> (&'a str, &'a str) {
    if let Some((term, def)) = joined.split_once(['：', ':'])
        && term.chars().count() <= 40
        && !term.contains(['。', '，', '；'])
    {
        return (term.trim(), def);
    }
    if joined.starts_with('“')
        && let Some(end) = joined.find('”')
    {
        let cut = end + '”'.len_utf8();
        return (&joined[..cut], &joined[cut..]);
    }
    (title, joined.strip_prefix(title).unwrap_or(joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_wrapping_the_whole_term_go() {
        assert_eq!(bare_term("“两重”"), "两重");
        assert_eq!(bare_term("“四上”企业"), "“四上”企业");
        assert_eq!(bare_term("“六横”“六纵”"), "“六横”“六纵”");
        assert_eq!(bare_term("医保影像云"), "医保影像云");
    }

    #[test]
    fn terms_end_at_a_colon_or_a_closing_quote() {
        assert_eq!(split_entry("“两重”：是指国家重大战略", "“两重”"), ("“两重”", "是指国家重大战略"));
        assert_eq!(split_entry("“两新”是指设备更新", "“两新”是指设备更新"), ("“两新”", "是指设备更新"));
        assert_eq!(split_entry("“两新”是指更新，包括：设备", "x"), ("“两新”", "是指更新，包括：设备"));
        assert_eq!(split_entry("2026年10件民生实事：是指", "2026年10件民生实事"), ("2026年10件民生实事", "是指"));
    }
}
