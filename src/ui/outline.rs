//! The outline pane: the section tree with folds, the selection following the text, and under
//! it, when the selected entry is cut, its full heading on lines of its own.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::{App, Focus};
use crate::report::outline::heading;
use crate::width::{str_width, truncate};

/// Draw the outline pane into `area` (borders included).
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Outline;
    let doc = app.doc();
    let visible = doc.visible_sections();
    let title = if app.is_head(app.current) {
        // The outline of the head: it fills in when the whole text lands.
        format!(" 提纲 {}… 读取中 ", doc.analysis.outline.sections.len())
    } else {
        format!(" 提纲 {} ", doc.analysis.outline.sections.len())
    };
    let block = super::pane_block(theme, title, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if visible.is_empty() {
        super::put_line(buf, inner, &Line::styled("（未识别出层次）", theme.dim()), theme.ambiguous);
        return;
    }
    let selected_row = doc.selected_row(&visible);
    let counts = doc.viewport.finder.as_ref().filter(|_| doc.viewport.tree.counts);
    let width = usize::from(inner.width);
    let detail = app.outline_detail();
    let detail_h = u16::try_from(detail.len() + 1).unwrap_or(0).min(inner.height.saturating_sub(1));
    let list = Rect { height: inner.height - if detail.is_empty() { 0 } else { detail_h }, ..inner };
    if !detail.is_empty() {
        let rule_y = list.bottom();
        let rule = theme.glyphs.border.horizontal_top.repeat(width);
        super::put_line(
            buf,
            Rect { y: rule_y, height: 1, ..inner },
            &Line::styled(rule, theme.border(focused)),
            theme.ambiguous,
        );
        let style = doc
            .viewport
            .tree
            .selected
            .map_or_else(ratatui::style::Style::new, |s| theme.heading(doc.analysis.outline.sections[s].family));
        for (y, text) in (rule_y + 1..inner.bottom()).zip(&detail) {
            super::put_line(buf, Rect { y, height: 1, ..inner }, &Line::styled(text.clone(), style), theme.ambiguous);
        }
    }
    for (y, row) in (list.y..list.bottom()).zip(doc.viewport.tree.offset..visible.len()) {
        let i = visible[row];
        let s = &doc.analysis.outline.sections[i];
        let has_children = s.subtree_end > i + 1;
        let fold = match (has_children, doc.viewport.tree.expanded.get(i).copied().unwrap_or(false)) {
            (false, _) => "  ",
            (true, true) => theme.glyphs.open,
            (true, false) => theme.glyphs.closed,
        };
        let indent = " ".repeat((s.level - 1).min(8));
        let prefix = format!("{indent}{fold}");
        // With counts on, each section shows how many highlighted matches it holds.
        let count =
            counts.map(|f| f.count_in(&s.bytes)).filter(|n| *n > 0).map(|n| format!(" {n}")).unwrap_or_default();
        let room = width.saturating_sub(str_width(&prefix, theme.ambiguous) + count.len());
        let label = truncate(&heading(&doc.analysis.outline, i), room, theme.ambiguous);
        let mut style = theme.heading(s.family);
        if s.level > 1 && !matches!(s.family, crate::structure::Family::Chapter) {
            style = style.remove_modifier(ratatui::style::Modifier::BOLD);
        }
        let gap = room.saturating_sub(str_width(&label, theme.ambiguous));
        let mut line = Line::from(vec![
            Span::styled(prefix, theme.count()),
            Span::styled(label, style),
            Span::raw(" ".repeat(if count.is_empty() { 0 } else { gap })),
            Span::styled(count, theme.key()),
        ]);
        if selected_row == Some(row) {
            let pad = width.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(pad)));
            line = line.patch_style(theme.selection(focused));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, theme.ambiguous);
    }
}
