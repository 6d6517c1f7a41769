//! Keys: parsing key strings (`ctrl-d`, `g g`, and vim notation `<C-d>` for `render --keys`), the
//! keymap from config (user entries merged over the embedded default), and the hints shown in the
//! status bar, the overlay titles and the help overlay. Keys here are the app's own; the terminal
//! loop converts the terminal's key events into them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use crate::action::Action;

/// One key press: a code plus Ctrl/Alt. Shift is folded into the character (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` wrapped so keys can be ordered and hashed the same way everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
    F(u8),
}

impl Key {
    /// A plain character key.
    #[must_use]
    pub fn char(c: char) -> Self {
        Self { code: KeyCodeOrd::Char(c), ctrl: false, alt: false }
    }

    /// A key without modifiers.
    #[must_use]
    pub fn plain(code: KeyCodeOrd) -> Self {
        Self { code, ctrl: false, alt: false }
    }

    /// The typed character, when this key types one (no Ctrl or Alt).
    #[must_use]
    pub fn text(self) -> Option<char> {
        match self.code {
            KeyCodeOrd::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::Delete => f.write_str("Delete"),
            KeyCodeOrd::Insert => f.write_str("Insert"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
            KeyCodeOrd::Up => f.write_str("↑"),
            KeyCodeOrd::Down => f.write_str("↓"),
            KeyCodeOrd::Left => f.write_str("←"),
            KeyCodeOrd::Right => f.write_str("→"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
        }
    }
}

/// What key strings look like, for error messages.
pub const KEY_SYNTAX: &str = "a character (j, G, ?, [), a name (space enter esc tab backtab backspace delete insert \
home end pageup pagedown up down left right f1–f12), optionally with ctrl-/alt-/shift- in front, and several \
keys separated by spaces for a sequence (\"g g\")";

fn named(name: &str) -> Option<KeyCodeOrd> {
    Some(match name {
        "space" => KeyCodeOrd::Char(' '),
        "enter" | "return" | "cr" => KeyCodeOrd::Enter,
        "esc" | "escape" => KeyCodeOrd::Esc,
        "tab" => KeyCodeOrd::Tab,
        "backtab" => KeyCodeOrd::BackTab,
        "backspace" | "bs" => KeyCodeOrd::Backspace,
        "delete" | "del" => KeyCodeOrd::Delete,
        "insert" | "ins" => KeyCodeOrd::Insert,
        "home" => KeyCodeOrd::Home,
        "end" => KeyCodeOrd::End,
        "pageup" | "pgup" => KeyCodeOrd::PageUp,
        "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
        "up" => KeyCodeOrd::Up,
        "down" => KeyCodeOrd::Down,
        "left" => KeyCodeOrd::Left,
        "right" => KeyCodeOrd::Right,
        "lt" => KeyCodeOrd::Char('<'),
        f if f.len() >= 2 && f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCodeOrd::F(n)
        }
        _ => return None,
    })
}

/// Parse one key in config syntax: `j`, `G`, `ctrl-d`, `shift-tab`, `pagedown`.
#[must_use]
pub fn parse_key(s: &str) -> Option<Key> {
    let mut key = Key::plain(KeyCodeOrd::Char(' '));
    let mut shift = false;
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
            key.ctrl = true;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("a-")) {
            key.alt = true;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("shift-").or_else(|| lower.strip_prefix("s-")) {
            shift = true;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    key.code = match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_control() || crate::document::is_unsafe(c) => return None,
        (Some(c), None) => KeyCodeOrd::Char(if shift { c.to_ascii_uppercase() } else { c }),
        _ => named(&rest.to_ascii_lowercase())?,
    };
    if shift && key.code == KeyCodeOrd::Tab {
        key.code = KeyCodeOrd::BackTab;
    }
    if key.ctrl
        && let KeyCodeOrd::Char(c) = key.code
    {
        key.code = KeyCodeOrd::Char(c.to_ascii_lowercase());
    }
    Some(key)
}

/// Parse a key sequence in config syntax: keys separated by spaces (`g g`). A lone space is the
/// space key.
#[must_use]
pub fn parse_sequence(s: &str) -> Option<Vec<Key>> {
    if s == " " {
        return Some(vec![Key::char(' ')]);
    }
    let keys: Option<Vec<Key>> = s.split(' ').filter(|p| !p.is_empty()).map(parse_key).collect();
    keys.filter(|k| !k.is_empty())
}

/// Parse vim notation as `render --keys` takes it: literal characters plus `<CR>`, `<Esc>`,
/// `<Tab>`, `<S-Tab>`, `<C-d>`, `<Up>`, `<Down>`, `<PageDown>`, `<Space>`, `<lt>` and the like.
pub fn parse_vim(s: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let inner = &rest[1..end];
            let key = vim_key(inner).ok_or_else(|| format!("unknown key <{inner}> in --keys"))?;
            keys.push(key);
            rest = &rest[end + 1..];
            continue;
        }
        keys.push(Key::char(c));
        rest = &rest[c.len_utf8()..];
    }
    Ok(keys)
}

fn vim_key(inner: &str) -> Option<Key> {
    let lower = inner.to_ascii_lowercase();
    let (mods, name) = match lower.rsplit_once('-') {
        Some((m, n)) if !n.is_empty() => (m.to_owned(), &inner[inner.len() - n.len()..]),
        _ => (String::new(), inner),
    };
    let mut spec = String::new();
    for m in mods.split('-').filter(|m| !m.is_empty()) {
        spec.push_str(match m {
            "c" => "ctrl-",
            "a" | "m" => "alt-",
            "s" => "shift-",
            _ => return None,
        });
    }
    let name = match name.to_ascii_lowercase().as_str() {
        "pagedown" => "pagedown".to_owned(),
        "pageup" => "pageup".to_owned(),
        _ => name.to_owned(),
    };
    spec.push_str(&name);
    parse_key(&spec)
}

/// Keys bound to actions, with the sequences' prefixes for pending input, and the overlay layer:
/// single keys that mean something else while an overlay is open (`y` answers yes there).
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: HashMap<Vec<Key>, Action>,
    prefixes: HashSet<Vec<Key>>,
    overlay: HashMap<Key, Action>,
}

/// What a key press means so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A complete binding.
    Action(Action),
    /// The start of a longer binding: wait for more keys.
    Pending,
    /// Nothing is bound.
    Unbound,
}

/// A bad entry in a `[keys]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[keys] \"{key}\": not a key. Use {KEY_SYNTAX}")]
pub struct KeyError {
    pub key: String,
}

impl Keymap {
    /// Build a keymap from `key string → action` entries, later maps overriding earlier ones
    /// key by key. `none` unbinds.
    pub fn from_layers<'a>(layers: impl IntoIterator<Item = &'a BTreeMap<String, Action>>) -> Result<Self, KeyError> {
        let bindings = merge(layers)?;
        let prefixes = bindings.keys().flat_map(|seq| (1..seq.len()).map(|n| seq[..n].to_vec())).collect();
        Ok(Self { bindings, prefixes, overlay: HashMap::new() })
    }

    /// Add the overlay layer from `key string → action` entries (single keys), merged as
    /// [`Keymap::from_layers`] merges.
    pub fn with_overlay<'a>(
        mut self,
        layers: impl IntoIterator<Item = &'a BTreeMap<String, Action>>,
    ) -> Result<Self, KeyError> {
        self.overlay = merge(layers)?
            .into_iter()
            .map(|(seq, action)| match seq.as_slice() {
                [key] => Ok((*key, action)),
                _ => Err(KeyError { key: seq.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ") }),
            })
            .collect::<Result<_, _>>()?;
        Ok(self)
    }

    /// Look up a key sequence.
    #[must_use]
    pub fn lookup(&self, keys: &[Key]) -> Lookup {
        if self.prefixes.contains(keys) {
            Lookup::Pending
        } else if let Some(action) = self.bindings.get(keys) {
            Lookup::Action(*action)
        } else {
            Lookup::Unbound
        }
    }

    /// What a key means while an overlay is open: its overlay binding, else its binding as a
    /// single key.
    #[must_use]
    pub fn lookup_overlay(&self, key: Key) -> Option<Action> {
        self.overlay.get(&key).copied().or_else(|| self.bindings.get(std::slice::from_ref(&key)).copied())
    }

    /// All key sequences bound to `action`, shortest and simplest first: the overlay layer's keys
    /// for the overlay actions, the main keys for the others.
    #[must_use]
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        let mut seqs: Vec<Vec<Key>> = if action.in_overlays() {
            self.overlay.iter().filter(|(_, a)| **a == action).map(|(k, _)| vec![*k]).collect()
        } else {
            self.bindings.iter().filter(|(_, a)| **a == action).map(|(k, _)| k.clone()).collect()
        };
        seqs.sort_by_key(|seq| (seq.len(), seq.iter().any(|k| k.ctrl || k.alt), seq.clone()));
        seqs.into_iter().map(|seq| seq.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")).collect()
    }

    /// `key label` pairs for the status bar, from the actions that have hints.
    #[must_use]
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.hints_for(&[Action::Help, Action::Search, Action::GoTo, Action::FocusNext, Action::Quit])
    }

    /// `key label` pairs for `actions`, leaving out those without a key.
    #[must_use]
    pub fn hints_for(&self, actions: &[Action]) -> Vec<(String, &'static str)> {
        actions.iter().filter_map(|&a| self.keys_for(a).into_iter().next().map(|k| (k, a.hint()))).collect()
    }

    /// Hints for an overlay title, `Enter 跳转，d 删除，Esc 关闭`: each action's first key and its
    /// label; actions without a key are left out, so a hint never names a key that does nothing.
    #[must_use]
    pub fn hint_list(&self, items: &[(Action, &str)]) -> String {
        items
            .iter()
            .filter_map(|(action, label)| self.keys_for(*action).into_iter().next().map(|k| format!("{k} {label}")))
            .collect::<Vec<_>>()
            .join("，")
    }

    /// The first keys of two actions as `a/b` (`j/k`, `n/N`), or `None` if either is unbound.
    #[must_use]
    pub fn pair(&self, a: Action, b: Action) -> Option<String> {
        Some(format!("{}/{}", self.keys_for(a).into_iter().next()?, self.keys_for(b).into_iter().next()?))
    }

    /// The answer keys of a yes/no question: the first yes key, and `n` for anything else.
    #[must_use]
    pub fn yes_no(&self) -> String {
        format!("{}/n", self.keys_for(Action::Yes).into_iter().next().unwrap_or_else(|| "?".into()))
    }
}

/// Merge layers of `key string → action` entries into bindings, later layers winning.
fn merge<'a>(
    layers: impl IntoIterator<Item = &'a BTreeMap<String, Action>>,
) -> Result<HashMap<Vec<Key>, Action>, KeyError> {
    let mut bindings = HashMap::new();
    for layer in layers {
        for (spec, action) in layer {
            let keys = parse_sequence(spec).ok_or_else(|| KeyError {
                key: crate::document::safe(&spec.replace(['\n', '\r'], " ")).into_owned(),
            })?;
            if *action == Action::None {
                bindings.remove(&keys);
            } else {
                bindings.insert(keys, *action);
            }
        }
    }
    Ok(bindings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_key_strings() {
        assert_eq!(parse_key("j"), Some(Key::char('j')));
        assert_eq!(parse_key("G"), Some(Key::char('G')));
        assert_eq!(parse_key("shift-g"), Some(Key::char('G')));
        assert_eq!(parse_key("ctrl-d"), Some(Key { code: KeyCodeOrd::Char('d'), ctrl: true, alt: false }));
        assert_eq!(parse_key("Ctrl-D"), Some(Key { code: KeyCodeOrd::Char('d'), ctrl: true, alt: false }));
        assert_eq!(parse_key("pagedown"), Some(Key::plain(KeyCodeOrd::PageDown)));
        assert_eq!(parse_key("shift-tab"), Some(Key::plain(KeyCodeOrd::BackTab)));
        assert_eq!(parse_key("f5"), Some(Key::plain(KeyCodeOrd::F(5))));
        assert_eq!(parse_key("?"), Some(Key::char('?')));
        assert_eq!(parse_key("ctrl-"), None);
        assert_eq!(parse_key("hyper-x"), None);
        assert_eq!(parse_key("f13"), None);
        assert_eq!(parse_sequence("g g"), Some(vec![Key::char('g'), Key::char('g')]));
        assert_eq!(parse_sequence(" "), Some(vec![Key::char(' ')]));
        assert_eq!(parse_sequence(""), None);
    }

    #[test]
    fn vim_notation() {
        let keys = parse_vim("jj<C-d><CR><S-Tab><lt>两<PageDown><Space><Esc>").unwrap();
        let expected = vec![
            Key::char('j'),
            Key::char('j'),
            Key { code: KeyCodeOrd::Char('d'), ctrl: true, alt: false },
            Key::plain(KeyCodeOrd::Enter),
            Key::plain(KeyCodeOrd::BackTab),
            Key::char('<'),
            Key::char('两'),
            Key::plain(KeyCodeOrd::PageDown),
            Key::char(' '),
            Key::plain(KeyCodeOrd::Esc),
        ];
        assert_eq!(keys, expected);
        assert!(parse_vim("<Nope>").is_err());
        assert_eq!(parse_vim("a<b").unwrap().len(), 3, "a lone < is literal");
    }

    #[test]
    fn layers_override_and_unbind() {
        let base: BTreeMap<String, Action> =
            [("j".into(), Action::ScrollDown), ("q".into(), Action::Quit)].into_iter().collect();
        let user: BTreeMap<String, Action> =
            [("q".into(), Action::None), ("g g".into(), Action::Top)].into_iter().collect();
        let map = Keymap::from_layers([&base, &user]).unwrap();
        assert_eq!(map.lookup(&[Key::char('j')]), Lookup::Action(Action::ScrollDown));
        assert_eq!(map.lookup(&[Key::char('q')]), Lookup::Unbound);
        assert_eq!(map.lookup(&[Key::char('g')]), Lookup::Pending);
        assert_eq!(map.lookup(&[Key::char('g'), Key::char('g')]), Lookup::Action(Action::Top));
        let bad: BTreeMap<String, Action> = [("ctrl-".into(), Action::Quit)].into_iter().collect();
        let err = Keymap::from_layers([&bad]).unwrap_err();
        assert!(err.to_string().contains("\"ctrl-\"") && err.to_string().contains("pagedown"), "{err}");
    }
}
