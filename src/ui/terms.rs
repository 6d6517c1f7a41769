//! The terms pane: configured lists with their counts, and the terms that occur.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::{App, Focus, TermRow};
use crate::width::{str_width, truncate};

/// Draw the terms pane into `area` (borders included).
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Terms;
    let block = super::pane_block(theme, " 提法 ".into(), focused);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = app.term_rows();
    let doc = app.doc();
    let width = usize::from(inner.width);
    for (y, index) in (inner.y..inner.bottom()).zip(doc.terms.offset..rows.len()) {
        let line_area = Rect { y, height: 1, ..inner };
        let mut line = match rows[index] {
            TermRow::List { list, total } => {
                let l = &app.config.term_lists[list];
                let count = format!(" {total}");
                let name = truncate(&l.name, width.saturating_sub(count.len()), theme.ambiguous);
                Line::from(vec![
                    Span::styled(name, theme.term(l.color).add_modifier(Modifier::BOLD)),
                    Span::styled(count, theme.dim()),
                ])
            }
            TermRow::Term { id, count } => {
                let term = &app.config.term_lists[id.list].terms[id.term];
                let count = format!("{count:>3}");
                let room = width.saturating_sub(2 + count.len() + 1);
                let text = truncate(&term.text, room, theme.ambiguous);
                let gap = room.saturating_sub(str_width(&text, theme.ambiguous)) + 1;
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(text, theme.term(app.config.term_lists[id.list].color)),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(count, theme.dim()),
                ])
            }
        };
        if index == doc.terms.selected
            && (focused || doc.finder.is_some())
            && matches!(rows[index], TermRow::Term { .. })
        {
            let pad = width.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(pad)));
            line = line.patch_style(theme.selection(focused));
        }
        super::put_line(buf, line_area, &line, theme.ambiguous);
    }
}
