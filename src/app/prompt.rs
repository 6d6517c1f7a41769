//! The prompts that replace the status bar: `/` search (incremental, restoring the position on
//! Esc), `:` go-to, the export path and the library search. [`Prompt`] is the one-line editor: it
//! edits by character, so wide characters typed through an input method are inserted and deleted
//! whole, and it reports the display column of the cursor, where the terminal cursor goes so the
//! IME's candidate window follows.

use super::{App, Finder};
use crate::action::Action;
use crate::keymap::{Key, KeyCodeOrd};
use crate::width::{AmbiguousWidth, str_width};

/// What the prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    GoTo,
    /// The path to export the study brief to.
    Export,
    /// A search over every open document.
    Library,
}

impl PromptKind {
    /// The character shown before the input.
    #[must_use]
    pub fn sigil(self) -> &'static str {
        match self {
            Self::Search => "/",
            Self::GoTo => ":",
            Self::Export => "导出到：",
            Self::Library => "全库/",
        }
    }
}

/// What a key did to the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved, or nothing happened.
    Moved,
    /// Enter: accept.
    Accept,
    /// Esc (or Backspace on an empty line): cancel.
    Cancel,
}

/// The prompt's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Cursor position as a byte offset into `text`.
    pub cursor: usize,
}

impl Prompt {
    #[must_use]
    pub fn new(kind: PromptKind) -> Self {
        Self { kind, text: String::new(), cursor: 0 }
    }

    /// A prompt with `text` already typed, the cursor at its end.
    #[must_use]
    pub fn with_text(kind: PromptKind, text: &str) -> Self {
        Self { kind, text: text.to_owned(), cursor: text.len() }
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor].char_indices().next_back().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..].chars().next().map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// Apply a key.
    pub fn edit(&mut self, key: Key) -> Edit {
        if key.ctrl {
            return match key.code {
                KeyCodeOrd::Char('u') => {
                    self.text.drain(..self.cursor);
                    self.cursor = 0;
                    Edit::Changed
                }
                KeyCodeOrd::Char('a') => {
                    self.cursor = 0;
                    Edit::Moved
                }
                KeyCodeOrd::Char('e') => {
                    self.cursor = self.text.len();
                    Edit::Moved
                }
                KeyCodeOrd::Char('c' | 'g') => Edit::Cancel,
                KeyCodeOrd::Char('w') => {
                    let end = self.cursor;
                    let trimmed = self.text[..end].trim_end();
                    let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                    self.text.drain(start..end);
                    self.cursor = start;
                    Edit::Changed
                }
                _ => Edit::Moved,
            };
        }
        match key.code {
            KeyCodeOrd::Enter => Edit::Accept,
            KeyCodeOrd::Esc => Edit::Cancel,
            KeyCodeOrd::Backspace if self.text.is_empty() => Edit::Cancel,
            KeyCodeOrd::Backspace => {
                let start = self.prev_boundary();
                self.text.drain(start..self.cursor);
                self.cursor = start;
                Edit::Changed
            }
            KeyCodeOrd::Delete => {
                let end = self.next_boundary();
                self.text.drain(self.cursor..end);
                Edit::Changed
            }
            KeyCodeOrd::Left => {
                self.cursor = self.prev_boundary();
                Edit::Moved
            }
            KeyCodeOrd::Right => {
                self.cursor = self.next_boundary();
                Edit::Moved
            }
            KeyCodeOrd::Home => {
                self.cursor = 0;
                Edit::Moved
            }
            KeyCodeOrd::End => {
                self.cursor = self.text.len();
                Edit::Moved
            }
            KeyCodeOrd::Char(c) if !key.alt && !c.is_control() && !crate::document::is_unsafe(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                Edit::Changed
            }
            _ => Edit::Moved,
        }
    }

    /// Insert pasted text at the cursor (control characters dropped).
    pub fn paste(&mut self, s: &str) {
        let clean: String = s.chars().filter(|&c| !(c.is_control() || crate::document::is_unsafe(c))).collect();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Display column of the cursor, counted from the start of the input.
    #[must_use]
    pub fn cursor_column(&self, ambiguous: AmbiguousWidth) -> usize {
        str_width(&self.text[..self.cursor], ambiguous)
    }
}

impl App {
    /// `/` or `:`: open the prompt, remembering where the text was.
    pub(super) fn open_prompt(&mut self, action: Action) {
        if action == Action::Search {
            // A search in this document: n/N step here again.
            self.library = None;
        }
        let kind = if action == Action::Search { PromptKind::Search } else { PromptKind::GoTo };
        self.prompt = Some(Prompt::new(kind));
        self.prompt_origin = Some((self.doc().spot(), self.doc().place_byte()));
    }

    pub(super) fn prompt_key(&mut self, key: Key) {
        let Some(prompt) = &mut self.prompt else { return };
        match prompt.edit(key) {
            Edit::Changed => self.prompt_changed(),
            Edit::Moved => {}
            Edit::Accept => {
                let prompt = self.prompt.take();
                self.prompt_origin = None;
                if let Some(p) = prompt {
                    self.accept_prompt(&p);
                }
            }
            Edit::Cancel => {
                let prompt = self.prompt.take();
                if let (Some(p), Some((origin, _))) = (prompt, self.prompt_origin.take())
                    && p.kind == PromptKind::Search
                {
                    let doc = self.doc_mut();
                    doc.viewport.finder = None;
                    doc.restore(origin);
                    self.after_text_move();
                }
            }
        }
    }

    /// Insert pasted text into the open prompt.
    pub(super) fn paste_into_prompt(&mut self, text: &str) {
        if let Some(p) = &mut self.prompt {
            p.paste(text);
            self.prompt_changed();
        }
    }

    /// Incremental search: search as the query changes, and show the first match from where
    /// the search started.
    fn prompt_changed(&mut self) {
        let Some(prompt) = &self.prompt else { return };
        if prompt.kind != PromptKind::Search {
            return;
        }
        let query = prompt.text.clone();
        let Some((origin, from)) = self.prompt_origin else { return };
        let doc = self.doc_mut();
        doc.viewport.finder = Finder::search(&query, doc.analysis.doc.text());
        let first = doc.viewport.finder.as_ref().and_then(|f| f.first_from(from));
        if let (Some(f), Some(i)) = (doc.viewport.finder.as_mut(), first) {
            f.current = Some(i);
            let start = f.matches[i].start;
            doc.land(start);
        } else {
            doc.restore(origin);
        }
        self.after_text_move();
    }

    fn accept_prompt(&mut self, prompt: &Prompt) {
        match prompt.kind {
            PromptKind::Search => {
                let empty = self.doc().viewport.finder.as_ref().is_none_or(|f| f.matches.is_empty());
                if prompt.text.trim().is_empty() {
                    self.doc_mut().viewport.finder = None;
                } else if empty {
                    self.message = Some(format!("未找到：{}", prompt.text));
                }
            }
            PromptKind::GoTo => self.go_to(&prompt.text),
            PromptKind::Export => self.export_to(&prompt.text),
            PromptKind::Library => self.search_library(&prompt.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(p: &mut Prompt, s: &str) {
        for c in s.chars() {
            p.edit(Key::char(c));
        }
    }

    #[test]
    fn wide_characters_edit_whole_and_the_cursor_counts_columns() {
        let mut p = Prompt::new(PromptKind::Search);
        typed(&mut p, "两个确立");
        assert_eq!(p.cursor_column(AmbiguousWidth::Narrow), 8);
        p.edit(Key::plain(KeyCodeOrd::Left));
        assert_eq!(p.cursor_column(AmbiguousWidth::Narrow), 6);
        assert_eq!(p.edit(Key::plain(KeyCodeOrd::Backspace)), Edit::Changed);
        assert_eq!(p.text, "两个立");
        typed(&mut p, "确");
        assert_eq!(p.text, "两个确立");
        p.edit(Key::plain(KeyCodeOrd::Home));
        p.edit(Key::plain(KeyCodeOrd::Delete));
        assert_eq!(p.text, "个确立");
    }

    #[test]
    fn enter_accepts_and_escape_cancels() {
        let mut p = Prompt::new(PromptKind::GoTo);
        assert_eq!(p.edit(Key::plain(KeyCodeOrd::Backspace)), Edit::Cancel, "backspace on empty cancels");
        typed(&mut p, "50%");
        assert_eq!(p.edit(Key::plain(KeyCodeOrd::Enter)), Edit::Accept);
        assert_eq!(p.edit(Key::plain(KeyCodeOrd::Esc)), Edit::Cancel);
        p.edit(Key { code: KeyCodeOrd::Char('u'), ctrl: true, alt: false });
        assert_eq!(p.text, "");
    }

    #[test]
    fn escape_sequences_cannot_be_typed_in() {
        let mut p = Prompt::new(PromptKind::Search);
        p.paste("a\u{1b}[2Jb");
        assert_eq!(p.text, "a[2Jb");
        p.edit(Key::char('\u{9b}'));
        assert_eq!(p.text, "a[2Jb");
    }
}
