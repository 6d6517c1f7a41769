//! Term lists: the user's named, coloured lists of formulations, each term with the spellings
//! that count for it and a one-line note. The config module reads them from TOML; everything
//! that finds or counts terms takes them from here.

use serde::Deserialize;

/// The sixteen ANSI colours: the only ones the default theme uses, so it is right over SSH and
/// in tmux whatever `COLORTERM` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedColor {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

/// One term: its text, spellings that count for it, and a one-line note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub aliases: Vec<String>,
    pub note: Option<String>,
}

/// A named, coloured list of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermList {
    pub name: String,
    pub color: NamedColor,
    pub terms: Vec<Term>,
    /// Where the list was defined (`default`, or a path).
    pub origin: String,
}
