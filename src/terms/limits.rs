//! What term lists may hold, checked when they are read. A shared list is a file from someone
//! else: its names, terms and notes are sanitised like document text, and its size is bounded so
//! that compiling it stays quick (every term and alias, in two spellings, goes into the
//! matchers and into jieba's dictionary).

use crate::document::make_safe as clean;
use crate::terms::TermList;

/// The most terms and aliases, over all lists together.
pub const MAX_TERMS: usize = 50_000;
/// The longest term or alias, in chars (real formulations stay under 30).
pub const MAX_TERM_CHARS: usize = 100;

/// A term list over a limit; the message names the list and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error(
        "term list {list} ({origin}) has a term of {chars} characters (“{start}…”); a term may have at most {MAX_TERM_CHARS}. Shorten it or remove it"
    )]
    TermTooLong { list: String, origin: String, chars: usize, start: String },
    #[error(
        "term list {list} ({origin}) brings the terms and aliases of all lists to {count}; at most {MAX_TERMS} are read. Split the list or drop the ones you do not need"
    )]
    TooManyTerms { list: String, origin: String, count: usize },
}

/// Sanitise every string of `lists` and check them against the limits.
pub fn vet(mut lists: Vec<TermList>) -> Result<Vec<TermList>, LimitError> {
    let mut count = 0usize;
    for list in &mut lists {
        clean(&mut list.name);
        clean(&mut list.origin);
        for term in &mut list.terms {
            clean(&mut term.text);
            term.aliases.iter_mut().for_each(clean);
            if let Some(note) = &mut term.note {
                clean(note);
            }
            count += 1 + term.aliases.len();
            if let Some(long) =
                std::iter::once(&term.text).chain(&term.aliases).find(|t| t.chars().nth(MAX_TERM_CHARS).is_some())
            {
                return Err(LimitError::TermTooLong {
                    list: list.name.clone(),
                    origin: list.origin.clone(),
                    chars: long.chars().count(),
                    start: long.chars().take(12).collect(),
                });
            }
        }
        if count > MAX_TERMS {
            return Err(LimitError::TooManyTerms { list: list.name.clone(), origin: list.origin.clone(), count });
        }
    }
    Ok(lists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{NamedColor, Term};

    fn list(name: &str, terms: Vec<Term>) -> TermList {
        TermList { name: name.into(), color: NamedColor::Red, terms, origin: "shared.toml".into() }
    }

    fn term(text: &str) -> Term {
        Term { text: text.into(), aliases: Vec::new(), note: None }
    }

    #[test]
    fn names_terms_and_notes_are_sanitised() {
        let mut t = term("两个\u{1b}[2J确立");
        t.note = Some("注\u{1b}]52;c;Y3VybA==\u{7}\u{202e}".into());
        t.aliases.push("\u{9b}31m".into());
        let lists = vet(vec![list("恶意\u{1b}]0;pwned\u{7}", vec![t])]).unwrap();
        assert_eq!(lists[0].name, "恶意␛]0;pwned␇");
        assert_eq!(lists[0].terms[0].text, "两个␛[2J确立");
        assert_eq!(lists[0].terms[0].note.as_deref(), Some("注␛]52;c;Y3VybA==␇\u{FFFD}"));
        assert_eq!(lists[0].terms[0].aliases, ["\u{FFFD}31m"]);
    }

    #[test]
    fn a_long_term_and_too_many_terms_are_refused_naming_the_list() {
        let long = "发展".repeat(10_000);
        let err = vet(vec![list("长词", vec![term("两个确立"), term(&long)])]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "term list 长词 (shared.toml) has a term of 20000 characters (“发展发展发展发展发展发展…”); a term may have at most 100. Shorten it or remove it"
        );
        assert!(vet(vec![list("刚好", vec![term(&"字".repeat(MAX_TERM_CHARS))])]).is_ok());
        let many: Vec<Term> = (0..=MAX_TERMS).map(|i| term(&format!("词{i}"))).collect();
        let err = vet(vec![list("小表", vec![term("一")]), list("大表", many)]).unwrap_err();
        assert!(
            matches!(err, LimitError::TooManyTerms { ref list, count, .. } if list == "大表" && count == MAX_TERMS + 2)
        );
    }
}
