//! Configuration: the embedded `config/default.toml`, overlaid by the user's file and by shared
//! term-list files. Nothing is ever written to the user's disk here.
//!
//! The user file is found as television does it: `--config FILE`, then `$JIANGHUA_CONFIG`, then
//! `$XDG_CONFIG_HOME/jianghua/config.toml`, then `~/.config/jianghua/config.toml`.
//! Every error names the file, line and column, and what would be valid.

mod edit;
mod file;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::keymap::{KeyError, Keymap};
use crate::terms::{Method, NamedColor, Term, TermList};
use crate::width::AmbiguousWidth;

pub use edit::{AddOutcome, EditError, add_term};

use file::{ConfigFile, TermFile, TermListFile, TermsFile, parse, read};

/// The default configuration, compiled into the binary.
pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

/// When to use colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorMode {
    /// Colour unless `NO_COLOR` is set or the terminal is dumb.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour: bold, underline and reverse only.
    Never,
}

/// How wide `“ ” … — ·` are, as the config file says it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousSetting {
    /// Ask the terminal at start-up (narrow until it answers, and where it cannot be asked).
    #[default]
    Auto,
    Narrow,
    Wide,
}

/// Reader options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Widest text column, in terminal columns; wider terminals centre it.
    pub reading_width: u16,
    pub ambiguous_width: AmbiguousWidth,
    /// Nobody chose the ambiguous width (config or flag): the reader asks the terminal.
    pub ambiguous_auto: bool,
    /// Capture the mouse (wheel and clicks). Off by default so terminal selection keeps working.
    pub mouse: bool,
    pub color: ColorMode,
    /// Indent the first row of body paragraphs by two full-width spaces (首行缩进), on screen
    /// only: the text and its offsets are unchanged.
    pub first_line_indent: bool,
}

/// Keyword extraction options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordOptions {
    pub method: Method,
    /// How many keywords to show.
    pub top: usize,
    /// Officialese that is never a keyword.
    pub stop_words: Vec<String>,
}

/// Where the configuration came from, so it can be read again after an edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    pub explicit: Option<PathBuf>,
    pub terms_files: Vec<PathBuf>,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub reader: ReaderOptions,
    pub keymap: Keymap,
    /// Enabled term lists, in display order.
    pub term_lists: Vec<TermList>,
    pub keywords: KeywordOptions,
    /// What to open when no file is given (`library = "~/讲话稿"`).
    pub library: Option<PathBuf>,
    /// The user config file that was read, if any.
    pub user_file: Option<PathBuf>,
    pub sources: Sources,
}

/// A configuration error: where, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid { path: String, line: usize, column: usize, message: String },
    #[error("{path}: {source}")]
    Key { path: String, source: KeyError },
    #[error("cannot read config {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error(transparent)]
    Limits(#[from] crate::terms::LimitError),
}

/// The user config file to read: `--config`, `$JIANGHUA_CONFIG`, XDG, then `~/.config`. Only an
/// explicit path must exist; the standard locations are used when present.
#[must_use]
pub fn user_config_path(explicit: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = explicit {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("JIANGHUA_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    // A relative XDG_CONFIG_HOME is ignored, as the XDG specification requires.
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config"));
    xdg.into_iter().chain(home).map(|base| base.join("jianghua/config.toml")).find(|p| p.is_file()).map(|p| (p, false))
}

/// `~/x` → `$HOME/x`.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The file `a` adds terms to: the config file in use, else where the user's config would be
/// looked for first (`$XDG_CONFIG_HOME/jianghua/config.toml`, then `~/.config/jianghua/config.toml`).
#[must_use]
pub fn user_config_target(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some((path, _)) = user_config_path(explicit) {
        return Some(path);
    }
    // A relative XDG_CONFIG_HOME is ignored, as the XDG specification requires.
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let base = xdg.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("jianghua/config.toml"))
}

fn merge_lists(lists: &mut Vec<(TermListFile, String)>, new: Vec<TermListFile>, origin: &str) {
    for list in new {
        match lists.iter_mut().find(|(l, _)| l.name == list.name) {
            Some((existing, _)) if list.extend => {
                existing.terms.extend(list.terms);
                existing.color = list.color.or(existing.color);
                existing.enabled = list.enabled;
            }
            Some(existing) => *existing = (list, origin.to_owned()),
            None => lists.push((list, origin.to_owned())),
        }
    }
}

const LIST_COLORS: [NamedColor; 6] =
    [NamedColor::Red, NamedColor::Yellow, NamedColor::Green, NamedColor::Cyan, NamedColor::Magenta, NamedColor::Blue];

impl Config {
    /// Load the configuration: the embedded default, the user file (see [`user_config_path`]) and
    /// any `--terms` files, in that order of increasing precedence.
    pub fn load(explicit: Option<&Path>, terms_files: &[PathBuf]) -> Result<Self, ConfigError> {
        let default: ConfigFile = parse("config/default.toml (embedded)", DEFAULT_CONFIG)?;
        let user = match user_config_path(explicit) {
            Some((path, _)) => {
                let text = read(&path)?;
                Some((parse::<ConfigFile>(&path.display().to_string(), &text)?, path))
            }
            None => None,
        };
        let mut extra = Vec::new();
        for path in terms_files {
            let text = read(path)?;
            extra.push((parse::<TermsFile>(&path.display().to_string(), &text)?, path.clone()));
        }
        let mut config = Self::resolve(default, user, extra)?;
        config.sources = Sources { explicit: explicit.map(Path::to_path_buf), terms_files: terms_files.to_vec() };
        Ok(config)
    }

    /// The embedded default with `text` as the user's file (named `label` in errors).
    pub fn from_user_text(label: &str, text: &str) -> Result<Self, ConfigError> {
        let default: ConfigFile = parse("config/default.toml (embedded)", DEFAULT_CONFIG)?;
        let user: ConfigFile = parse(label, text)?;
        Self::resolve(default, Some((user, PathBuf::from(label))), Vec::new())
    }

    /// The embedded default alone.
    #[must_use]
    pub fn embedded() -> Self {
        let default: ConfigFile = toml::from_str(DEFAULT_CONFIG).unwrap_or_default();
        Self::resolve(default, None, Vec::new()).unwrap_or_else(|_| Self {
            reader: ReaderOptions {
                reading_width: 80,
                ambiguous_width: AmbiguousWidth::Narrow,
                ambiguous_auto: false,
                mouse: false,
                color: ColorMode::Auto,
                first_line_indent: false,
            },
            keymap: Keymap::default(),
            term_lists: Vec::new(),
            keywords: KeywordOptions { method: Method::Tfidf, top: 20, stop_words: Vec::new() },
            library: None,
            user_file: None,
            sources: Sources::default(),
        })
    }

    fn resolve(
        default: ConfigFile,
        user: Option<(ConfigFile, PathBuf)>,
        extra: Vec<(TermsFile, PathBuf)>,
    ) -> Result<Self, ConfigError> {
        let mut reader = ReaderOptions {
            reading_width: default.reader.reading_width.unwrap_or(80),
            ambiguous_width: AmbiguousWidth::Narrow,
            ambiguous_auto: false,
            mouse: default.reader.mouse.unwrap_or(false),
            color: default.reader.color.unwrap_or_default(),
            first_line_indent: default.reader.first_line_indent.unwrap_or(false),
        };
        let mut ambiguous = default.reader.ambiguous_width.unwrap_or_default();
        let mut lists: Vec<(TermListFile, String)> = Vec::new();
        merge_lists(&mut lists, default.term_list, "default");
        let mut library = None;
        let mut keywords = KeywordOptions {
            method: default.keywords.method.unwrap_or_default(),
            top: default.keywords.top.unwrap_or(20),
            stop_words: default.keywords.stop_words.unwrap_or_default(),
        };
        let keymap;
        let mut user_file = None;
        if let Some((file, path)) = user {
            let r = file.reader;
            reader.reading_width = r.reading_width.unwrap_or(reader.reading_width);
            ambiguous = r.ambiguous_width.unwrap_or(ambiguous);
            reader.mouse = r.mouse.unwrap_or(reader.mouse);
            reader.color = r.color.unwrap_or(reader.color);
            reader.first_line_indent = r.first_line_indent.unwrap_or(reader.first_line_indent);
            keymap = Keymap::from_layers([&default.keys, &file.keys])
                .and_then(|k| k.with_overlay([&default.overlay_keys, &file.overlay_keys]))
                .map_err(|source| ConfigError::Key { path: path.display().to_string(), source })?;
            merge_lists(&mut lists, file.term_list, &path.display().to_string());
            let k = file.keywords;
            keywords.method = k.method.unwrap_or(keywords.method);
            keywords.top = k.top.unwrap_or(keywords.top);
            if let Some(words) = k.stop_words {
                keywords.stop_words = words;
            }
            keywords.stop_words.extend(k.extra_stop_words);
            library = file.library.map(|l| expand_home(&l));
            user_file = Some(path);
        } else {
            keymap = Keymap::from_layers([&default.keys])
                .and_then(|k| k.with_overlay([&default.overlay_keys]))
                .map_err(|source| ConfigError::Key { path: "config/default.toml".into(), source })?;
        }
        for (file, path) in extra {
            merge_lists(&mut lists, file.term_list, &path.display().to_string());
        }
        reader.reading_width = reader.reading_width.clamp(20, 400);
        reader.ambiguous_auto = ambiguous == AmbiguousSetting::Auto;
        reader.ambiguous_width =
            if ambiguous == AmbiguousSetting::Wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
        let term_lists = lists
            .into_iter()
            .filter(|(l, _)| l.enabled)
            .enumerate()
            .map(|(i, (l, origin))| TermList {
                name: l.name,
                color: l.color.unwrap_or(LIST_COLORS[i % LIST_COLORS.len()]),
                terms: l
                    .terms
                    .into_iter()
                    .map(|t| match t {
                        TermFile::Text(text) => Term { text, aliases: Vec::new(), note: None },
                        TermFile::Full(t) => Term { text: t.text, aliases: t.aliases, note: t.note },
                    })
                    .filter(|t| !t.text.trim().is_empty())
                    .collect(),
                origin,
            })
            .collect();
        keywords.top = keywords.top.clamp(1, 200);
        let term_lists = crate::terms::limits::vet(term_lists)?;
        Ok(Self { reader, keymap, term_lists, keywords, library, user_file, sources: Sources::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    #[test]
    fn the_embedded_default_parses() {
        let default: ConfigFile = parse("default", DEFAULT_CONFIG).unwrap();
        assert!(!default.keys.is_empty());
        let c = Config::resolve(default, None, Vec::new()).unwrap();
        assert_eq!(c.reader.reading_width, 80);
        assert!(c.term_lists.iter().any(|l| l.terms.iter().any(|t| t.text == "两个确立")));
    }

    /// Actions the default keymap leaves without a key on purpose (`none` only unbinds, and is
    /// not in [`Action::ALL`]).
    const UNBOUND_BY_DEFAULT: &[Action] = &[];

    #[test]
    fn every_action_has_a_default_key_or_is_listed_as_unbound() {
        let keymap = Config::embedded().keymap;
        for action in Action::ALL {
            let bound = !keymap.keys_for(action).is_empty();
            assert!(bound || UNBOUND_BY_DEFAULT.contains(&action), "{action:?} has no key in config/default.toml");
            assert!(!(bound && UNBOUND_BY_DEFAULT.contains(&action)), "{action:?} is bound: take it off the list");
        }
        assert!(!Action::ALL.contains(&Action::None));
        // Overlay actions are keys in the overlay layer; everything else in the main one.
        assert_eq!(keymap.lookup_overlay(crate::keymap::Key::char('y')), Some(Action::Yes));
        assert_eq!(keymap.lookup(&[crate::keymap::Key::char('y')]), crate::keymap::Lookup::Action(Action::Copy));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse::<ConfigFile>("u.toml", "[reader]\nreading_width = \"wide\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("u.toml:2:17:"), "{msg}");
        let err = parse::<ConfigFile>("u.toml", "[reader]\nbogus = 1\n").unwrap_err().to_string();
        assert!(err.starts_with("u.toml:2:1:") && err.contains("bogus"), "{err}");
        let err = parse::<ConfigFile>("u.toml", "[[term_list]]\nname = \"x\"\ncolor = \"purple\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("u.toml:3:9:") && msg.contains("darkgray") && msg.contains("purple"), "{msg}");
        let err = parse::<ConfigFile>("u.toml", "[keys]\nj = \"fly\"\n").unwrap_err().to_string();
        assert!(err.contains("fly") && err.contains("scroll_down"), "{err}");
        let err = parse::<ConfigFile>("u.toml", "[reader\n").unwrap_err().to_string();
        assert!(err.starts_with("u.toml:1:"), "{err}");
    }

    #[test]
    fn user_lists_replace_defaults_by_name_and_can_be_disabled() {
        let default: ConfigFile = parse(
            "d",
            "[[term_list]]\nname = \"甲\"\nterms = [\"一\"]\n[[term_list]]\nname = \"乙\"\nterms = [\"二\"]\n",
        )
        .unwrap();
        let user: ConfigFile = parse(
            "u",
            "[[term_list]]\nname = \"甲\"\ncolor = \"blue\"\nterms = [{ text = \"三\", note = \"注\", aliases = [\"叁\"] }]\n[[term_list]]\nname = \"乙\"\nenabled = false\n",
        )
        .unwrap();
        let c = Config::resolve(default, Some((user, PathBuf::from("u"))), Vec::new()).unwrap();
        assert_eq!(c.term_lists.len(), 1);
        let list = &c.term_lists[0];
        assert_eq!((list.name.as_str(), list.color), ("甲", NamedColor::Blue));
        assert_eq!(list.terms, [Term { text: "三".into(), aliases: vec!["叁".into()], note: Some("注".into()) }]);
    }

    #[test]
    fn first_line_indent_is_off_by_default_and_a_bad_value_says_where_and_what() {
        assert!(!Config::embedded().reader.first_line_indent);
        let on = Config::from_user_text("u.toml", "[reader]\nfirst_line_indent = true\n").unwrap();
        assert!(on.reader.first_line_indent);
        let off = Config::from_user_text("u.toml", "[reader]\nmouse = true\n").unwrap();
        assert!(!off.reader.first_line_indent, "an unrelated setting leaves it off");
        for bad in ["\"yes\"", "1", "\"2em\""] {
            let err = Config::from_user_text("u.toml", &format!("[reader]\nfirst_line_indent = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("u.toml:2:21:") && err.contains("bool"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_bad_key_names_file_and_key() {
        let default: ConfigFile = parse("d", "[keys]\nj = \"scroll_down\"\n").unwrap();
        let user: ConfigFile = parse("u.toml", "[keys]\n\"ctrl-\" = \"quit\"\n").unwrap();
        let err = Config::resolve(default, Some((user, PathBuf::from("u.toml"))), Vec::new()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("u.toml: [keys] \"ctrl-\": not a key"), "{msg}");
    }
}
