//! Glossary entries of a `名词解释` block: `1.“四上”企业：definition`, the definition sometimes on the
//! following lines.

use serde::Serialize;

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

/// Entries from every item directly under a `名词解释` appendix.
#[must_use]
pub fn entries(doc: &Document, sections: &[Section]) -> Vec<GlossaryEntry> {
    let is_glossary = |i: usize| sections[i].family == Family::Appendix && sections[i].title.starts_with("名词解释");
    sections
        .iter()
        .filter(|s| s.family == Family::Item && s.parent.is_some_and(is_glossary))
        .map(|s| {
            let text = &doc.text()[s.bytes.start + s.marker.len()..s.bytes.end];
            let joined: String = text.lines().map(str::trim).collect();
            let definition = match joined.split_once(['：', ':']) {
                Some((_, def)) => def.trim().to_owned(),
                None => joined.strip_prefix(s.title.as_str()).unwrap_or(&joined).trim().to_owned(),
            };
            GlossaryEntry { term: bare_term(&s.title).to_owned(), definition }
        })
        .collect()
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
}
