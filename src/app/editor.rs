//! The note editor: multi-line text edited by character, so input-method text goes in and
//! comes out whole. Enter starts a new line, Ctrl-s saves, Esc cancels (twice when there are
//! unsaved changes).

use crate::keymap::{Key, KeyCodeOrd};

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorOutcome {
    Continue,
    Save,
    Cancel,
}

/// A note being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The sentence index the note belongs to.
    pub sentence: usize,
    /// The note being edited, if it exists already.
    pub note_id: Option<String>,
    text: String,
    original: String,
    /// Byte offset of the cursor in `text`.
    pub cursor: usize,
    /// Esc was pressed once with unsaved changes.
    pub confirm_discard: bool,
}

impl Editor {
    /// A new note on `sentence`.
    #[must_use]
    pub fn new(sentence: usize) -> Self {
        Self {
            sentence,
            note_id: None,
            text: String::new(),
            original: String::new(),
            cursor: 0,
            confirm_discard: false,
        }
    }

    /// Edit an existing note.
    #[must_use]
    pub fn editing(sentence: usize, id: String, text: &str) -> Self {
        Self {
            sentence,
            note_id: Some(id),
            text: text.to_owned(),
            original: text.to_owned(),
            cursor: text.len(),
            confirm_discard: false,
        }
    }

    /// The text so far.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Has the text changed since the editor opened?
    #[must_use]
    pub fn modified(&self) -> bool {
        self.text != self.original
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..].find('\n').map_or(self.text.len(), |i| self.cursor + i)
    }

    fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    /// Move to the previous or next line, keeping the column in chars.
    fn vertical(&mut self, up: bool) {
        let start = self.line_start();
        let column = self.text[start..self.cursor].chars().count();
        let target_start = if up {
            if start == 0 {
                return;
            }
            self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1)
        } else {
            let end = self.line_end();
            if end == self.text.len() {
                return;
            }
            end + 1
        };
        let line_end = self.text[target_start..].find('\n').map_or(self.text.len(), |i| target_start + i);
        self.cursor =
            self.text[target_start..line_end].char_indices().nth(column).map_or(line_end, |(i, _)| target_start + i);
    }

    /// Insert pasted text. Terminals send line breaks in a paste as CR (or CR LF): they become
    /// new lines; tabs become the indent Tab types; other control and bidi characters are dropped.
    pub fn paste(&mut self, s: &str) {
        let lines = s.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "\u{3000}\u{3000}");
        let clean: String =
            lines.chars().filter(|&c| c == '\n' || !(c.is_control() || crate::document::is_unsafe(c))).collect();
        self.insert(&clean);
    }

    /// Apply a key.
    pub fn key(&mut self, key: Key) -> EditorOutcome {
        let was_confirming = std::mem::take(&mut self.confirm_discard);
        match (key.code, key.ctrl) {
            (KeyCodeOrd::Char('s'), true) => return EditorOutcome::Save,
            (KeyCodeOrd::Esc, _) | (KeyCodeOrd::Char('c' | 'g'), true) => {
                if self.modified() && !was_confirming {
                    self.confirm_discard = true;
                    return EditorOutcome::Continue;
                }
                return EditorOutcome::Cancel;
            }
            (KeyCodeOrd::Char('u'), true) => {
                let start = self.line_start();
                self.text.drain(start..self.cursor);
                self.cursor = start;
            }
            (KeyCodeOrd::Char('a'), true) | (KeyCodeOrd::Home, _) => self.cursor = self.line_start(),
            (KeyCodeOrd::Char('e'), true) | (KeyCodeOrd::End, _) => self.cursor = self.line_end(),
            (KeyCodeOrd::Enter, false) => self.insert("\n"),
            (KeyCodeOrd::Tab, false) => self.insert("\u{3000}\u{3000}"),
            (KeyCodeOrd::Backspace, _) => {
                if let Some((i, _)) = self.text[..self.cursor].char_indices().next_back() {
                    self.text.drain(i..self.cursor);
                    self.cursor = i;
                }
            }
            (KeyCodeOrd::Delete, _) => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.text.drain(self.cursor..self.cursor + c.len_utf8());
                }
            }
            (KeyCodeOrd::Left, _) => {
                self.cursor = self.text[..self.cursor].char_indices().next_back().map_or(0, |(i, _)| i);
            }
            (KeyCodeOrd::Right, _) => {
                self.cursor += self.text[self.cursor..].chars().next().map_or(0, char::len_utf8);
            }
            (KeyCodeOrd::Up, _) => self.vertical(true),
            (KeyCodeOrd::Down, _) => self.vertical(false),
            (KeyCodeOrd::Char(c), false) if !key.alt && !c.is_control() && !crate::document::is_unsafe(c) => {
                let mut buf = [0u8; 4];
                self.insert(c.encode_utf8(&mut buf));
            }
            _ => {}
        }
        EditorOutcome::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(e: &mut Editor, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                e.key(Key::plain(KeyCodeOrd::Enter));
            } else {
                e.key(Key::char(c));
            }
        }
    }

    #[test]
    fn lines_and_wide_characters() {
        let mut e = Editor::new(0);
        typed(&mut e, "学习体会\n要落实");
        assert_eq!(e.text(), "学习体会\n要落实");
        e.key(Key::plain(KeyCodeOrd::Up));
        assert_eq!(&e.text()[..e.cursor], "学习体");
        e.key(Key::plain(KeyCodeOrd::Backspace));
        assert_eq!(e.text(), "学习会\n要落实");
        e.key(Key::plain(KeyCodeOrd::Down));
        e.key(Key::plain(KeyCodeOrd::End));
        typed(&mut e, "到位");
        assert_eq!(e.text(), "学习会\n要落实到位");
    }

    #[test]
    fn escape_asks_before_discarding_and_ctrl_s_saves() {
        let mut e = Editor::editing(3, "id".into(), "旧笔记");
        assert_eq!(e.key(Key::plain(KeyCodeOrd::Esc)), EditorOutcome::Cancel, "unchanged: one Esc");
        typed(&mut e, "，补充");
        assert_eq!(e.key(Key::plain(KeyCodeOrd::Esc)), EditorOutcome::Continue);
        assert!(e.confirm_discard);
        assert_eq!(e.key(Key::plain(KeyCodeOrd::Esc)), EditorOutcome::Cancel);
        let save = Key { code: KeyCodeOrd::Char('s'), ctrl: true, alt: false };
        assert_eq!(e.key(save), EditorOutcome::Save);
    }

    #[test]
    fn escapes_cannot_be_typed_or_pasted() {
        let mut e = Editor::new(0);
        e.paste("甲\u{1b}[2J\n乙");
        assert_eq!(e.text(), "甲[2J\n乙");
    }

    #[test]
    fn a_paste_keeps_its_lines_and_drops_bidi_controls() {
        let mut e = Editor::new(0);
        e.paste("第一行\r\n第二\u{202e}行\r第三行\u{9b}31m");
        assert_eq!(e.text(), "第一行\n第二行\n第三行31m");
        assert_eq!(e.cursor, e.text().len(), "the cursor follows the pasted text");
    }
}
