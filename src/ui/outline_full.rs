//! The full-screen outline (`O`): every section with its complete heading, wrapped under its
//! own indent, and on the right its size (characters), its number of subsections and, while a
//! term or search is highlighted, how many matches it holds.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::layout::break_rows;
use crate::report::outline::heading;
use crate::width::str_width;

/// The right-hand counts of section `i`: `812字 4项 3处`.
fn counts(app: &App, i: usize) -> String {
    let doc = app.doc();
    let outline = &doc.analysis.outline;
    let s = &outline.sections[i];
    let mut out = format!("{}字", s.span.len());
    let children = outline.children(i).len();
    if children > 0 {
        let _ = write!(out, " {children}项");
    }
    if let Some(f) = &doc.viewport.finder {
        let _ = write!(out, " {}处", f.count_in(&s.bytes));
    }
    out
}

/// Draw the full-screen outline over `area` with section `selected` highlighted.
pub fn draw(app: &App, theme: Theme, area: Rect, selected: usize, buf: &mut Buffer) {
    let amb = theme.ambiguous;
    let outline = &app.doc().analysis.outline;
    let hints = app.config.keymap.hint_list(&[(Action::Activate, "跳转"), (Action::Cancel, "关闭")]);
    let title = format!(" 提纲全览 {} 节（{hints}）", outline.sections.len());
    let inner = super::overlay_box(buf, theme, area, title);
    let width = usize::from(inner.width);
    let right: Vec<String> = (0..outline.sections.len()).map(|i| counts(app, i)).collect();
    let right_w = right.iter().map(|r| str_width(r, amb)).max().unwrap_or(0);
    // Every entry's rows: its heading wrapped under its indent.
    let entries: Vec<Vec<String>> = (0..outline.sections.len())
        .map(|i| {
            let indent = 2 * (outline.sections[i].level - 1).min(8);
            let room = width.saturating_sub(indent + right_w + 3).max(4);
            let text = heading(outline, i);
            let rows = break_rows(&text, room, amb, &[]);
            rows.iter().map(|r| format!("{}{}", " ".repeat(indent + 1), &text[r.start..r.end])).collect()
        })
        .collect();
    // Scroll so the whole selected entry is on screen.
    let height = usize::from(inner.height);
    let start_of = |e: usize| entries[..e].iter().map(Vec::len).sum::<usize>();
    let selected = selected.min(entries.len().saturating_sub(1));
    let sel_end = start_of(selected) + entries.get(selected).map_or(1, Vec::len);
    let first_row = sel_end.saturating_sub(height);
    let mut y = inner.y;
    let mut row = 0;
    for (i, lines) in entries.iter().enumerate() {
        for (n, text) in lines.iter().enumerate() {
            if row >= first_row && y < inner.bottom() {
                let style = theme.heading(outline.sections[i].family);
                let mut line = Line::from(Span::styled(text.clone(), style));
                let pad = width.saturating_sub(str_width(text, amb) + right_w + 1);
                if n == 0 {
                    let r = &right[i];
                    line.push_span(Span::raw(" ".repeat(pad + right_w - str_width(r, amb))));
                    line.push_span(Span::styled(r.clone(), theme.count()));
                }
                if i == selected {
                    let fill = width.saturating_sub(line.width());
                    line.push_span(Span::raw(" ".repeat(fill)));
                    line = line.patch_style(theme.selection(true));
                }
                super::put_line(buf, Rect { y, height: 1, ..inner }, &line, amb);
                y += 1;
            }
            row += 1;
        }
    }
}
