//! A definition from the document's own glossary, shown in place: a box just under the line
//! where the term is read (above it near the bottom of the screen), with the headword, how
//! often the text uses it, and the definition wrapped to the text column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::layout::break_rows;

/// Draw the definition of glossary mention `mention` beside it in the text `column`.
pub fn draw(app: &App, theme: Theme, column: Rect, mention: usize, buf: &mut Buffer) {
    let view = app.doc();
    let Some(m) = view.glossary().mentions.get(mention) else { return };
    let Some(entry) = view.analysis.outline.glossary.get(m.entry) else { return };
    let amb = theme.ambiguous;
    // The screen row of the mention.
    let target = view.pos_of_byte(m.range.start);
    let mut pos = view.viewport.top;
    let mut row = 0u16;
    while pos < target && row < column.height {
        pos = view.advance(pos, 1);
        row += 1;
    }
    let width = column.width.max(20).min(column.width + 2);
    let inner_w = usize::from(width.saturating_sub(2));
    let definition = crate::document::safe(&entry.definition).into_owned();
    let rows = break_rows(&definition, inner_w.max(2), amb, &[]);
    let max_rows = usize::from(column.height / 2).max(2);
    let shown = rows.len().min(max_rows);
    let height = u16::try_from(shown + 3).unwrap_or(u16::MAX).min(column.height);
    let below = column.y + row + 1;
    let y =
        if below + height <= column.bottom() { below } else { (column.y + row).saturating_sub(height).max(column.y) };
    let x = column.x.saturating_sub(1);
    let rect = Rect { x, y, width, height }.intersection(buf.area);
    let hints = app.config.keymap.hint_list(&[(Action::Define, "下一个"), (Action::Cancel, "关闭")]);
    let inner = super::overlay_box(buf, theme, rect, format!(" 名词解释（{hints}）"));
    let count = view.glossary().counts.get(m.entry).copied().unwrap_or(0);
    let head = Line::from(vec![
        Span::styled(crate::document::safe(&entry.term).into_owned(), theme.key()),
        Span::styled(format!("  正文中 {count} 处"), theme.count()),
    ]);
    super::put_line(buf, Rect { height: 1, ..inner }, &head, amb);
    for (i, (y, r)) in (inner.y + 1..inner.bottom()).zip(rows.iter().take(shown)).enumerate() {
        let mut text = definition[r.start..r.end].to_owned();
        if i + 1 == shown && rows.len() > shown {
            text = crate::width::truncate(&format!("{text}……"), inner_w, amb);
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &Line::raw(text), amb);
    }
}
