//! Drawing `&App`: one module per pane, plus the help overlay and the status bar. Drawing never
//! changes the app.

mod help;
mod outline;
mod status;
mod terms;
mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

pub use status::breadcrumb;
use theme::Theme;

use crate::app::{App, Overlay, panes};

/// Blank any wide character just left of `rect` that would reach into it, so an overlay never
/// shows half a character at its edge.
pub fn mend_edges(buf: &mut Buffer, rect: Rect) {
    if rect.x == 0 {
        return;
    }
    for y in rect.y..rect.bottom() {
        if let Some(cell) = buf.cell_mut((rect.x - 1, y)) {
            let forced = matches!(cell.diff_option, CellDiffOption::ForcedWidth(w) if w.get() > 1);
            if forced || unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.reset();
                cell.set_char(' ');
            }
        }
    }
}

/// Draw the whole reader.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    let area = frame.area();
    let Some(p) = app.panes else {
        let notice = format!(
            "窗口太小：至少需要 {}×{}，当前 {}×{}",
            panes::MIN_WIDTH,
            panes::MIN_HEIGHT,
            area.width,
            area.height
        );
        frame.render_widget(Paragraph::new(Line::from(notice)).wrap(Wrap { trim: true }), area);
        return;
    };
    text::draw(app, theme, p.text, p.column, frame.buffer_mut());
    for (side, draw_side) in [
        (p.outline, outline::draw as fn(&App, Theme, Rect, &mut Buffer)),
        (p.terms, terms::draw as fn(&App, Theme, Rect, &mut Buffer)),
    ] {
        if let Some(side) = side {
            let buf = frame.buffer_mut();
            if side.overlay {
                Clear.render(side.area, buf);
            }
            draw_side(app, theme, side.area, buf);
            if side.overlay {
                mend_edges(buf, side.area);
            }
        }
    }
    if let Some(Overlay::Help { offset }) = app.overlay {
        help::draw(&app.config.keymap, theme, Rect { height: area.height - 1, ..area }, offset, frame.buffer_mut());
    }
    status::draw(app, theme, p.status, frame);
}
