//! The TOML a user writes: the shape of a config file and of a shared term-list file, read with
//! serde, and errors that name the file, line and column in one safe line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{ColorMode, ConfigError};
use crate::action::Action;
use crate::terms::{Method, NamedColor};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReaderFile {
    pub(super) reading_width: Option<u16>,
    pub(super) ambiguous_width: Option<super::AmbiguousSetting>,
    pub(super) mouse: Option<bool>,
    pub(super) color: Option<ColorMode>,
    pub(super) first_line_indent: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum TermFile {
    Text(String),
    Full(TermTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TermTable {
    pub(super) text: String,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TermListFile {
    pub(super) name: String,
    pub(super) color: Option<NamedColor>,
    #[serde(default = "enabled")]
    pub(super) enabled: bool,
    /// Add these terms to the list of the same name instead of replacing it.
    #[serde(default)]
    pub(super) extend: bool,
    #[serde(default)]
    pub(super) terms: Vec<TermFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KeywordsFile {
    pub(super) method: Option<Method>,
    pub(super) top: Option<usize>,
    pub(super) stop_words: Option<Vec<String>>,
    /// Added to the stop list instead of replacing it.
    #[serde(default)]
    pub(super) extra_stop_words: Vec<String>,
}

pub(super) fn enabled() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    #[serde(default)]
    pub(super) reader: ReaderFile,
    #[serde(default)]
    pub(super) keys: BTreeMap<String, Action>,
    /// Keys while an overlay is open.
    #[serde(default)]
    pub(super) overlay_keys: BTreeMap<String, Action>,
    #[serde(default)]
    pub(super) keywords: KeywordsFile,
    #[serde(default)]
    pub(super) term_list: Vec<TermListFile>,
    /// A file or directory opened when jianghua is started without arguments.
    pub(super) library: Option<String>,
}

/// A file of term lists only, shared with `--terms`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TermsFile {
    #[serde(default)]
    pub(super) term_list: Vec<TermListFile>,
}

/// Turn a byte offset into a 1-based line and column (in chars).
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..crate::document::floor_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(super) fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        // One safe line: a key in the file may hold escape sequences or line breaks.
        let message = one_line(e.message().trim());
        ConfigError::Invalid { path: one_line(path), line, column, message }
    })
}

/// Text from a config file made fit for one line of a terminal: no control characters, no breaks.
fn one_line(s: &str) -> String {
    crate::document::safe(&s.replace(['\n', '\r'], " ")).into_owned()
}

pub(super) fn read(path: &Path) -> Result<String, ConfigError> {
    // A regular file of at most 16 MB: a FIFO or `/dev/zero` given as --terms is refused at once.
    let bytes = crate::files::read_capped(path, 16 << 20).map_err(std::io::Error::from);
    bytes
        .and_then(|b| String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
        .map_err(|source| ConfigError::Read { path: one_line(&path.to_string_lossy()), source })
}
