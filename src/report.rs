//! Printing the analysis for scripts and people: plain text, JSON and Markdown.
//!
//! Document text reaching these functions is already sanitised, so no control character can be
//! printed; JSON output escapes whatever `serde_json` escapes on top of that.

pub mod brief;
pub mod compare;
pub mod outline;
pub mod terms;
pub mod trends;

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
