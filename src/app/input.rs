//! Input in the app's own terms, whatever delivers it (a terminal, a `--keys` script, a test):
//! key presses, pasted text, a new screen size and the mouse. The terminal's event types never
//! reach here; `tui` converts them.

use ratatui::layout::{Position, Rect};

use super::{App, Focus, Overlay};
use crate::action::Action;
use crate::keymap::Key;

/// One piece of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    /// The screen is now this size.
    Resize {
        width: u16,
        height: u16,
    },
    Mouse(Mouse),
}

/// What the mouse did, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// The wheel turned, `down` or up.
    Wheel { down: bool, at: Position },
    /// The left button was pressed.
    Click(Position),
}

/// Rows one turn of the wheel scrolls.
const WHEEL_ROWS: usize = 3;

impl App {
    /// Handle one piece of input.
    pub fn input(&mut self, input: Input) {
        match input {
            Input::Key(key) => self.handle_key(key),
            Input::Paste(text) => self.paste(&text),
            Input::Resize { width, height } => self.resize(Rect::new(0, 0, width, height)),
            Input::Mouse(mouse) => self.mouse(mouse),
        }
    }

    /// Insert pasted text where text is being typed: the prompt or the note editor (control
    /// characters dropped, line breaks kept in a note). Elsewhere a paste does nothing.
    pub fn paste(&mut self, text: &str) {
        if self.prompt.is_some() {
            self.paste_into_prompt(text);
        } else if !self.paste_into_help(text)
            && let Some(Overlay::Note(editor)) = &mut self.overlay
        {
            editor.paste(text);
        }
    }

    fn mouse(&mut self, mouse: Mouse) {
        let over_outline =
            |app: &Self, at: Position| app.panes.and_then(|p| p.outline).is_some_and(|o| o.area.contains(at));
        match mouse {
            Mouse::Wheel { down, at } => {
                let focus = self.focus;
                self.focus = if over_outline(self, at) { Focus::Outline } else { Focus::Text };
                for _ in 0..WHEEL_ROWS {
                    self.update(if down { Action::ScrollDown } else { Action::ScrollUp });
                }
                self.focus = focus;
            }
            Mouse::Click(at) if over_outline(self, at) => self.click_outline(at),
            Mouse::Click(_) => {}
        }
    }

    /// A click in the outline pane: select the entry under the pointer and jump to it.
    fn click_outline(&mut self, at: Position) {
        let Some(side) = self.panes.and_then(|p| p.outline) else { return };
        let row = usize::from(at.y.saturating_sub(side.area.y + 1));
        let visible = self.doc().visible_sections();
        if let Some(&i) = visible.get(self.doc().viewport.tree.offset + row) {
            self.focus = Focus::Outline;
            self.jump_to_section(i);
        }
    }
}
