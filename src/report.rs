//! Printing the analysis for scripts and people: plain text, JSON and Markdown.
//!
//! Document text reaching these functions is already sanitised, and so are term lists and saved
//! notes when they are read; what is printed is sanitised once more at the edge (`cli::emit`).
//! JSON output escapes every character [`crate::document::is_unsafe`] names (C1 and the bidi
//! controls too, which `serde_json` would leave raw) as `\uXXXX`, so a value keeps its exact
//! text and the output stays safe to print.

pub mod brief;
pub mod compare;
pub mod outline;
pub mod terms;
pub mod trends;

use std::fmt::Write as _;

/// Output formats of the reporting subcommands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Indented plain text that fits 80 columns.
    #[default]
    Text,
    /// Machine-readable JSON; field names are documented in the README.
    Json,
    /// Markdown that reads as study notes.
    Markdown,
}

/// Output formats of the subcommands that print data rather than notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    /// Aligned plain text that fits 80 columns.
    #[default]
    Text,
    /// Machine-readable JSON; field names are documented in the README.
    Json,
}

/// Pretty JSON of `value` with a final newline; characters unsafe for a terminal are written as
/// `\uXXXX` escapes (they can only occur inside strings, where the escape means the same).
#[must_use]
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let raw = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        if crate::document::is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// Escape the characters Markdown would take as formatting.
#[must_use]
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '`' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_escapes_every_unsafe_character_and_keeps_the_text() {
        let value = ["a\u{1b}]0;t\u{7}", "b\u{9b}31m\u{85}", "c\u{202e}\u{2066}\u{200f}\u{61c}\u{7f}"];
        let out = super::json(&value);
        assert!(!out.chars().any(crate::document::is_unsafe), "{out}");
        assert!(out.contains(r"b\u009b31m\u0085") && out.contains(r"c\u202e\u2066\u200f\u061c\u007f"), "{out}");
        let back: Vec<String> = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value);
    }
}
