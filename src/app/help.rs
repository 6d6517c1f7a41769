//! The help overlay's keys: movement scrolls it, `/` filters it (typed text matches a key, a
//! description or its pinyin), and any other key closes it *and* does what it does, so a key
//! pressed while reading help is never lost. Esc, `?` and `q` only close it.

use super::{App, Overlay};
use crate::action::Action;
use crate::keymap::{Key, KeyCodeOrd};

/// The help overlay's filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpFilter {
    /// Shown entries must match this (empty: all).
    pub query: String,
    /// Keys are typed into the query.
    pub typing: bool,
}

impl App {
    /// `?`: open the help, unfiltered.
    pub(super) fn open_help(&mut self) {
        self.help = HelpFilter::default();
        self.overlay = Some(Overlay::Help { offset: 0 });
    }

    /// A key while the help is open.
    pub(super) fn help_key(&mut self, key: Key, offset: usize, step: Option<isize>) {
        if self.help.typing {
            self.overlay = Some(Overlay::Help { offset: 0 });
            match key.code {
                KeyCodeOrd::Enter => self.help.typing = false,
                KeyCodeOrd::Esc => self.help = HelpFilter::default(),
                KeyCodeOrd::Backspace if self.help.query.is_empty() => self.help.typing = false,
                KeyCodeOrd::Backspace => {
                    self.help.query.pop();
                }
                _ => {
                    if let Some(c) = key.text().filter(|c| !c.is_control() && !crate::document::is_unsafe(*c)) {
                        self.help.query.push(c);
                    }
                }
            }
            return;
        }
        let action = self.config.keymap.lookup_overlay(key);
        if let Some(d) = step {
            self.overlay = Some(Overlay::Help { offset: offset.saturating_add_signed(d) });
            return;
        }
        match action {
            Some(Action::Search) => {
                self.help.typing = true;
                self.overlay = Some(Overlay::Help { offset: 0 });
            }
            Some(Action::Cancel) if !self.help.query.is_empty() => {
                self.help = HelpFilter::default();
                self.overlay = Some(Overlay::Help { offset: 0 });
            }
            Some(Action::Cancel | Action::Help) => {}
            Some(Action::Quit) if !key.ctrl => {}
            _ => {
                // Close the help and let the key do what it does.
                self.handle_key(key);
            }
        }
    }

    /// Paste into the help filter while it is being typed.
    pub(super) fn paste_into_help(&mut self, text: &str) -> bool {
        if !(self.help.typing && matches!(self.overlay, Some(Overlay::Help { .. }))) {
            return false;
        }
        self.help.query.extend(text.chars().filter(|c| !c.is_control() && !crate::document::is_unsafe(*c)));
        true
    }
}
