//! Drawing `&App`: one module per pane, plus the help overlay and the status bar. Drawing never
//! changes the app.

mod choose;
mod concordance;
mod definition;
mod help;
mod library;
mod outline;
mod outline_full;
mod session;
mod status;
mod study;
mod terms;
mod text;
pub mod theme;

use ratatui::Frame;
use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub use help::{HelpLine, lines as help_lines};
pub use status::breadcrumb;
use theme::Theme;

use crate::app::{App, Overlay, panes};
use crate::width::{AmbiguousWidth, char_width};

/// Write `text` from column `x` of line `y`, styling each char through `style` (given its byte
/// offset in `text`). Stops before `right`; never writes half of a wide character; in the wide
/// ambiguous-width model, `“ ” … — ·` take two cells. Returns the column after the last char.
pub fn put_text(
    buf: &mut Buffer,
    (x, y, right): (u16, u16, u16),
    text: &str,
    ambiguous: AmbiguousWidth,
    style: impl Fn(usize) -> Style,
) -> u16 {
    let mut col = x;
    for (i, c) in text.char_indices() {
        let w = char_width(c, ambiguous);
        if w == 0 {
            continue;
        }
        let w16 = u16::try_from(w).unwrap_or(2);
        if col + w16 > right {
            break;
        }
        let Some(cell) = buf.cell_mut((col, y)) else { break };
        cell.set_char(if c == '\t' { ' ' } else { c }).set_style(style(i));
        if w == 2 && unicode_width::UnicodeWidthChar::width(c) == Some(1) {
            // An ambiguous-width character laid out wide: tell the diff it covers two cells.
            cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN.saturating_add(1)));
        }
        for extra in 1..w16 {
            if let Some(next) = buf.cell_mut((col + extra, y)) {
                next.reset();
            }
        }
        col += w16;
    }
    col
}

/// Draw a styled line into a one-row `area` with [`put_text`]: the line's style fills the row,
/// each span's style goes on top.
pub fn put_line(buf: &mut Buffer, area: Rect, line: &Line<'_>, ambiguous: AmbiguousWidth) {
    if area.is_empty() {
        return;
    }
    let area = area.intersection(buf.area);
    buf.set_style(area, line.style);
    let mut x = area.x;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        x = put_text(buf, (x, area.y, area.right()), &span.content, ambiguous, |_| style);
    }
}

/// A side pane's frame: rounded (or ASCII) borders, highlighted when focused.
#[must_use]
pub fn pane_block(theme: Theme, title: String, focused: bool) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.glyphs.border)
        .border_style(theme.border(focused))
        .title(Span::styled(title, theme.border(focused)))
}

/// A `width`×`height` rectangle in the middle of `area` (each clamped to `area`): where every
/// overlay goes.
#[must_use]
pub fn centre(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// A rectangle of `percent_w`×`percent_h` of `area` (at least 20×5), centred.
#[must_use]
pub fn centred(area: Rect, percent_w: u16, percent_h: u16) -> Rect {
    centre(area, (area.width * percent_w / 100).max(20), (area.height * percent_h / 100).max(5))
}

/// Clear `rect` and draw a focused, titled box in it for an overlay; returns the inside. A wide
/// character just left of the box is blanked, so it never covers the box's left border.
pub fn overlay_box(buf: &mut Buffer, theme: Theme, rect: Rect, title: String) -> Rect {
    Clear.render(rect, buf);
    let block = pane_block(theme, title, true);
    let inner = block.inner(rect);
    block.render(rect, buf);
    mend_edges(buf, rect);
    inner
}

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
    if app.size != area {
        // Laid out for another size (the caller resizes first; this only guards against misuse).
        return;
    }
    let Some(p) = app.panes else {
        let notice = format!(
            "窗口太小：至少需要 {}x{}，当前 {}x{}",
            panes::MIN_WIDTH,
            panes::MIN_HEIGHT,
            area.width,
            area.height
        );
        // Wrapped by our own rules: ratatui's word wrap can overflow narrow areas with wide text.
        let ambiguous = app.config.reader.ambiguous_width;
        let buf = frame.buffer_mut();
        let rows = crate::layout::break_rows(&notice, usize::from(area.width), ambiguous, &[]);
        for (y, row) in (area.y..area.bottom()).zip(rows) {
            put_text(buf, (area.x, y, area.right()), &notice[row.start..row.end], ambiguous, |_| Style::new());
        }
        return;
    };
    text::draw(app, theme, p.text, p.column, p.gutter, frame.buffer_mut());
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
    let above = Rect { height: area.height - 1, ..area };
    match &app.overlay {
        Some(Overlay::Help { offset }) => {
            help::draw(&app.config.keymap, theme, above, *offset, &app.help, frame.buffer_mut());
        }
        Some(Overlay::Concordance { selected, .. }) => {
            concordance::draw(app, theme, above, *selected, frame.buffer_mut());
        }
        Some(Overlay::AddTerm { term, selected }) => {
            concordance::draw_picker(app, theme, above, term, *selected, frame.buffer_mut());
        }
        Some(Overlay::Marks { selected }) => study::marks(frame, app, theme, above, *selected),
        Some(Overlay::Notes { selected }) => study::notes(frame, app, theme, above, *selected),
        Some(Overlay::Note(editor)) => study::editor(frame, app, theme, above, editor),
        Some(Overlay::Confirm { question, .. }) => study::confirm(frame, theme, above, question),
        Some(Overlay::Documents { query, selected }) => library::documents(frame, app, theme, above, query, *selected),
        Some(Overlay::LibraryResults { selected }) => library::results(frame, app, theme, above, *selected),
        Some(Overlay::ComparePick { selected }) => library::compare_pick(frame, app, theme, above, *selected),
        Some(Overlay::Definition { mention }) => definition::draw(app, theme, p.column, *mention, frame.buffer_mut()),
        Some(Overlay::OutlineView { selected }) => outline_full::draw(app, theme, above, *selected, frame.buffer_mut()),
        Some(Overlay::Choose { input, sections, selected }) => {
            choose::draw(app, theme, above, input, sections, *selected, frame.buffer_mut());
        }
        Some(Overlay::Report { title, lines, offset, hoffset, .. }) => {
            library::report(frame, theme, above, title, lines, (*offset, *hoffset));
        }
        Some(Overlay::Sessions { list, selected }) => session::picker(frame, app, theme, above, list, *selected),
        None => {}
    }
    status::draw(app, theme, p.status, frame);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    use super::*;
    use crate::app::DocView;
    use crate::config::Config;
    use crate::document::{Document, Source};

    #[test]
    fn mend_edges_blanks_a_wide_character_cut_by_an_overlay() {
        let mut buf = Buffer::with_lines(["讲话稿"]);
        mend_edges(&mut buf, Rect::new(3, 0, 3, 1));
        assert_eq!(buf, Buffer::with_lines(["讲  稿"]));
        let mut buf = Buffer::with_lines(["讲话稿"]);
        mend_edges(&mut buf, Rect::new(2, 0, 2, 1));
        assert_eq!(buf, Buffer::with_lines(["讲话稿"]), "an edge between characters is left alone");
    }

    fn frame(text: &str, width: u16, height: u16) -> Buffer {
        let config = Config::embedded();
        let view = DocView::new(Document::from_text(text.to_owned(), Source::named("t")), &config);
        let mut app = App::new(config, vec![view]);
        app.resize(Rect::new(0, 0, width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| draw(f, &app, Theme::new(false, crate::width::AmbiguousWidth::Narrow))).unwrap();
        terminal.backend().buffer().clone()
    }

    #[test]
    fn a_terminal_too_small_gets_a_notice() {
        let buf = frame("讲话\n同志们：\n正文。", 30, 8);
        let screen = crate::tui::screen_text(&buf);
        assert!(screen.starts_with("窗口太小：至少需要 40x10"), "{screen}");
        for (w, h) in [(0, 0), (1, 1), (2, 13), (3, 2), (5, 2), (39, 9)] {
            let buf = frame("讲话", w, h);
            for line in crate::tui::screen_text(&buf).lines() {
                assert!(
                    crate::width::str_width(line, crate::width::AmbiguousWidth::Narrow) <= usize::from(w.max(2)),
                    "{w}x{h}: {line}"
                );
            }
        }
    }

    #[test]
    fn outline_text_and_status_panes_at_their_places() {
        let text = "在会议上的讲话\n同志们：\n一、提高站位\n一要把牢方向。正文。\n二要强化担当。正文。\n";
        let buf = frame(text, 70, 10);
        let mut expected = Buffer::with_lines([
            "╭ 提纲 3 ────────────╮                在会议上的讲话                 █",
            "│▾ 一、提高站位      │                                               █",
            "│   一要把牢方向     │ 同志们：                                      █",
            "│   二要强化担当     │                                               █",
            "│                    │ 一、提高站位                                  █",
            "│                    │                                               █",
            "│                    │ 一要把牢方向。正文。                          █",
            "│                    │                                               █",
            "╰────────────────────╯ 二要强化担当。正文。                          █",
            // Key hints fill what the bar can spare, the terms key first while that pane is hidden.
            " 在会议上的讲话                      100%  ? 帮助 / 搜索 : 跳转 t 提法",
        ]);
        // Compare symbols only: styles are the theme's business.
        expected.set_style(expected.area, ratatui::style::Style::reset());
        let mut plain = buf.clone();
        plain.set_style(plain.area, ratatui::style::Style::reset());
        assert_eq!(plain, expected);
    }
}
