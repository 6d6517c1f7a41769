//! The concordance overlay: every occurrence of the highlighted term with its context and the
//! breadcrumb of its section. Enter jumps there.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::terms::concordance;
use crate::width::{str_width, truncate};

/// Draw the concordance centred in `area`, with entry `selected` highlighted.
pub fn draw(app: &App, theme: Theme, area: Rect, selected: usize, buf: &mut Buffer) {
    let doc = app.doc();
    let Some(finder) = &doc.viewport.finder else { return };
    let rect = super::centred(area, 90, 80);
    let hints = app.config.keymap.hint_list(&[(Action::Activate, "跳转"), (Action::Cancel, "关闭")]);
    let title = format!(" {} 的用例 {} 处（{hints}）", finder.label(), finder.matches.len());
    let inner = super::overlay_box(buf, theme, rect, title);
    let height = usize::from(inner.height);
    let offset = selected.saturating_sub(height.saturating_sub(1));
    let lines = concordance::lines(
        &doc.analysis.doc,
        &doc.analysis.outline,
        &finder.matches[offset..(offset + height).min(finder.matches.len())],
    );
    let width = usize::from(inner.width);
    let amb = theme.ambiguous;
    let crumb_w = (width / 4).clamp(8, 24);
    for (i, (y, line)) in (inner.y..inner.bottom()).zip(&lines).enumerate() {
        let crumb = truncate(&line.breadcrumb.join(theme.glyphs.crumb.trim()), crumb_w, amb);
        let crumb = format!("{crumb}{} ", " ".repeat(crumb_w.saturating_sub(str_width(&crumb, amb))));
        let room = width.saturating_sub(crumb_w + 1 + str_width(&line.matched, amb));
        let after = truncate(&line.after, room / 2, amb);
        let before_room = room.saturating_sub(str_width(&after, amb));
        let before: String = {
            // Keep the end of the left context, next to the match.
            let mut kept: Vec<char> = Vec::new();
            let mut used = 0;
            for c in line.before.chars().rev() {
                let w = crate::width::char_width(c, amb);
                if used + w > before_room {
                    break;
                }
                used += w;
                kept.push(c);
            }
            kept.iter().rev().collect()
        };
        let pad = before_room.saturating_sub(str_width(&before, amb));
        let mut text = Line::from(vec![
            Span::styled(crumb, theme.count()),
            Span::raw(" ".repeat(pad)),
            Span::raw(before),
            Span::styled(line.matched.clone(), theme.current_match()),
            Span::raw(after),
        ]);
        if offset + i == selected {
            text = text.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &text, amb);
    }
}

/// Draw the list picker for adding `term`.
pub fn draw_picker(app: &App, theme: Theme, area: Rect, term: &str, selected: usize, buf: &mut Buffer) {
    let choices = crate::app::add_term_choices(&app.config);
    let rect = super::centre(area, 36, u16::try_from(choices.len() + 2).unwrap_or(u16::MAX));
    let inner = super::overlay_box(buf, theme, rect, format!(" 把「{term}」加入 "));
    for (i, (y, name)) in (inner.y..inner.bottom()).zip(&choices).enumerate() {
        let mut line = Line::from(vec![Span::raw(" "), Span::raw(name.clone())]);
        if i == selected {
            let pad = usize::from(inner.width).saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(pad)));
            line = line.patch_style(theme.selection(true));
        } else {
            line = line.patch_style(Style::new());
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, theme.ambiguous);
    }
}
