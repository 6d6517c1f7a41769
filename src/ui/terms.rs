//! The terms pane: configured lists with their counts, new formulations, quoted phrases and
//! keywords with weight bars, and a note line for the selected term.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::{App, Focus, Group, Keywords, NEW_COLOR, TermRow};
use crate::terms::weight_bar;
use crate::width::{str_width, truncate};

fn header(app: &App, theme: Theme, group: Group, count: usize) -> Line<'static> {
    let (name, style) = match group {
        Group::List(l) => {
            let list = &app.config.term_lists[l];
            (list.name.clone(), theme.term(list.color))
        }
        Group::New => ("新提法".to_owned(), theme.term(NEW_COLOR)),
        Group::Quoted => ("引号短语".to_owned(), theme.count()),
        Group::Keywords => ("关键词".to_owned(), theme.key()),
    };
    Line::from(vec![
        Span::styled(name, style.add_modifier(Modifier::BOLD)),
        Span::styled(format!(" {count}"), theme.count()),
    ])
}

/// `  text        12` with the count right-aligned.
fn entry(theme: Theme, width: usize, text: &str, text_style: ratatui::style::Style, count: &str) -> Line<'static> {
    let room = width.saturating_sub(2 + str_width(count, theme.ambiguous) + 1);
    let text = truncate(text, room, theme.ambiguous);
    let gap = room.saturating_sub(str_width(&text, theme.ambiguous)) + 1;
    Line::from(vec![
        Span::raw("  "),
        Span::styled(text, text_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count.to_owned(), theme.count()),
    ])
}

fn row_line(app: &App, theme: Theme, row: TermRow, width: usize) -> Line<'static> {
    let doc = app.doc();
    match row {
        TermRow::Header { group, count } => header(app, theme, group, count),
        TermRow::Configured { id, count, inside } => {
            let list = &app.config.term_lists[id.list];
            let count = if inside > 0 { format!("{count}+{inside}") } else { count.to_string() };
            entry(theme, width, &list.terms[id.term].text, theme.term(list.color), &count)
        }
        TermRow::Found { group, index } => {
            let found = if group == Group::New {
                &doc.analysis.terms.discovered.formulas
            } else {
                &doc.analysis.terms.discovered.quoted
            };
            let f = &found[index];
            let style = if group == Group::New { theme.term(NEW_COLOR) } else { ratatui::style::Style::new() };
            entry(theme, width, &f.text, style, &app.found_count(group, index).to_string())
        }
        TermRow::Keyword { index } => {
            let Keywords::Ready(words) = &doc.analysis.keywords else { return Line::default() };
            let max = words.first().map_or(0.0, |k| k.weight);
            let bar_w = (width / 4).clamp(2, 8);
            let bar = weight_bar(words[index].weight, max, u8::try_from(bar_w).unwrap_or(8));
            let bar = format!("{bar}{}", " ".repeat(bar_w.saturating_sub(str_width(&bar, theme.ambiguous))));
            entry(theme, width, &words[index].word, ratatui::style::Style::new(), &bar)
        }
        TermRow::Pending => Line::styled("  关键词分析中…", theme.dim()),
    }
}

/// Draw the terms pane into `area` (borders included).
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Terms;
    // While only the head is read, the counts are the head's.
    let title = if app.is_head(app.current) { " 提法（开头部分）" } else { " 提法 " };
    let block = super::pane_block(theme, title.into(), focused);
    let inner = block.inner(area);
    ratatui::widgets::Widget::render(block, area, buf);
    if inner.height == 0 {
        return;
    }
    let rows = app.term_rows();
    let doc = app.doc();
    let width = usize::from(inner.width);
    let list_area = Rect { height: inner.height.saturating_sub(1), ..inner };
    let selected = doc.viewport.terms_pane.selected;
    for (y, index) in (list_area.y..list_area.bottom()).zip(doc.viewport.terms_pane.offset..rows.len()) {
        let mut line = row_line(app, theme, rows[index], width);
        if index == selected && (focused || app.term_highlighted()) && !matches!(rows[index], TermRow::Header { .. }) {
            let pad = width.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(pad)));
            line = line.patch_style(theme.selection(focused));
        }
        super::put_line(buf, Rect { y, height: 1, ..list_area }, &line, theme.ambiguous);
    }
    // The note line: the selected term's note, or how many more there are.
    let detail = if focused || app.term_highlighted() { app.term_detail() } else { None };
    let detail = detail.unwrap_or_else(|| {
        if rows.len() > list_area.height.into() {
            format!("{}/{} 项", (selected + 1).min(rows.len()), rows.len())
        } else {
            String::new()
        }
    });
    let note = Line::styled(truncate(&detail, width, theme.ambiguous), theme.byline());
    super::put_line(buf, Rect { y: inner.bottom() - 1, height: 1, ..inner }, &note, theme.ambiguous);
}
