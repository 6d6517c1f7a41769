//! What the reader remembers about its own layout across sessions, apart from any document: the
//! outline's width (`<` `>`) and whether paragraph numbers are shown (`#`). Kept as
//! `ui/layout.json` under the reading-state directory (a directory of its own, so it is never
//! taken for a document's state), written atomically through an effect like everything else.
//!
//! ```json
//! { "outline_width": 30, "numbers": true }
//! ```
//! A missing or damaged file means the defaults; it is replaced on the next change.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::effect::Effect;
use super::{App, Widths};
use crate::report::outline::heading;
use crate::width::str_width;

/// The file, relative to the reading-state directory.
pub const FILE: &str = "ui/layout.json";

/// The layout choices that outlive a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiState {
    /// The outline's width in columns, when the user set one.
    #[serde(default)]
    pub outline_width: Option<u16>,
    /// Paragraph numbers on or off, when the user chose.
    #[serde(default)]
    pub numbers: Option<bool>,
}

impl UiState {
    /// Read the saved choices from the state directory; defaults when there are none.
    #[must_use]
    pub fn read(dir: &Path) -> Self {
        std::fs::read_to_string(dir.join(FILE)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
    }

    /// The file's contents.
    #[must_use]
    pub fn to_json(self) -> String {
        serde_json::to_string_pretty(&self).unwrap_or_default()
    }
}

/// Steps of `<` and `>`, in columns.
const STEP: u16 = 4;

impl App {
    /// What the layout needs to know about widths, for the current document.
    pub(super) fn widths(&self) -> Widths {
        let doc = self.doc();
        let amb = self.config.reader.ambiguous_width;
        let outline = &doc.analysis.outline;
        let need = (0..outline.sections.len())
            .map(|i| (outline.sections[i].level - 1).min(8) + 2 + str_width(&heading(outline, i), amb))
            .max()
            .unwrap_or(0)
            // Borders, and room for a count.
            + 2
            + 4;
        let digits = doc.paragraph_total().max(1).to_string().len().max(2);
        let (outline_need, gutter) = self
            .head_widths
            .unwrap_or((u16::try_from(need).unwrap_or(u16::MAX), u16::try_from(digits + 1).unwrap_or(4)));
        Widths { outline: self.ui.outline_width, outline_need, gutter, numbers: self.ui.numbers }
    }

    /// `>` and `<`: widen or narrow the outline by a step and remember the width.
    pub(super) fn resize_outline(&mut self, wider: bool) {
        let Some(current) = self.panes.and_then(|p| p.outline) else {
            self.message = Some("提纲没有显示：按 o 显示".into());
            return;
        };
        let width = current.area.width;
        let wanted = if wider { width.saturating_add(STEP) } else { width.saturating_sub(STEP) };
        self.ui.outline_width = Some(wanted.max(super::panes::MIN_OUTLINE));
        self.resize(self.size);
        let now = self.panes.and_then(|p| p.outline).map_or(width, |o| o.area.width);
        self.ui.outline_width = Some(now);
        self.message = Some(if now == width {
            format!("提纲已是{}宽度（{now} 列）", if wider { "最大" } else { "最小" })
        } else {
            format!("提纲宽 {now} 列（已记住）")
        });
        self.save_ui();
    }

    /// `#`: paragraph numbers on or off (remembered).
    pub(super) fn toggle_numbers(&mut self) {
        let shown = self.panes.is_some_and(|p| p.gutter.is_some());
        self.ui.numbers = Some(!shown);
        self.resize(self.size);
        self.message = Some(if shown { "段落编号已隐藏".into() } else { "段落编号已显示".into() });
        self.save_ui();
    }

    /// Lay out for another ambiguous-width model (the terminal said how it draws `“`).
    pub fn set_ambiguous_width(&mut self, width: crate::width::AmbiguousWidth) {
        if self.config.reader.ambiguous_width != width {
            self.config.reader.ambiguous_width = width;
            self.resize(self.size);
        }
    }

    fn save_ui(&mut self) {
        if self.store.is_some() {
            self.ask(Effect::SaveUi(self.ui));
        }
    }
}
