//! The short list `:` shows when an input fits several sections: a number, the breadcrumb and
//! the heading of each, the nearest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::report::outline::heading;
use crate::terms::concordance::section_crumbs;
use crate::width::{str_width, truncate};

/// Draw the choice between `sections` for the go-to input `input`.
pub fn draw(app: &App, theme: Theme, area: Rect, input: &str, sections: &[usize], selected: usize, buf: &mut Buffer) {
    let amb = theme.ambiguous;
    let outline = &app.doc().analysis.outline;
    let rows: Vec<(String, String)> = sections
        .iter()
        .map(|&i| {
            let mut crumbs = section_crumbs(outline, i);
            crumbs.pop();
            (crumbs.join(theme.glyphs.crumb.trim()), heading(outline, i))
        })
        .collect();
    let hints = app.config.keymap.hint_list(&[(Action::Activate, "选择"), (Action::Cancel, "取消")]);
    let title = format!(" 「{input}」有 {} 处，跳到哪一处？（数字或 {hints}）", sections.len());
    let crumb_w = rows.iter().map(|(c, _)| str_width(c, amb)).max().unwrap_or(0).min(24);
    let want = rows.iter().map(|(_, h)| str_width(h, amb)).max().unwrap_or(0) + crumb_w + 8;
    let width = u16::try_from(want.max(str_width(&title, amb) + 2)).unwrap_or(u16::MAX).min(area.width);
    let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let rect = super::centre(area, width, height);
    let inner = super::overlay_box(buf, theme, rect, title);
    let inner_w = usize::from(inner.width);
    let offset = selected.saturating_sub(usize::from(inner.height).saturating_sub(1));
    for (y, (n, (crumb, head))) in (inner.y..inner.bottom()).zip(rows.iter().enumerate().skip(offset)) {
        let number = if n < 9 { format!(" {} ", n + 1) } else { "   ".to_owned() };
        let crumb = truncate(crumb, crumb_w, amb);
        let pad = crumb_w.saturating_sub(str_width(&crumb, amb)) + 1;
        let room = inner_w.saturating_sub(3 + crumb_w + 1);
        let mut line = Line::from(vec![
            Span::styled(number, theme.key()),
            Span::raw(crumb),
            Span::raw(" ".repeat(pad)),
            Span::styled(truncate(head, room, amb), theme.heading(outline.sections[sections[n]].family)),
        ]);
        if n == selected {
            let fill = inner_w.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(fill)));
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, amb);
    }
}
