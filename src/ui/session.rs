//! The study-session picker: the sessions this user may follow, with their leader, document
//! and how many follow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::session::SessionInfo;
use crate::width::{str_width, truncate};

/// Draw the picker over `area`.
pub fn picker(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, list: &[SessionInfo], selected: usize) {
    let hints = app.config.keymap.hint_list(&[(Action::Activate, "跟随"), (Action::Cancel, "关闭")]);
    let title = format!(" 学习会话 {}（{hints}）", list.len());
    let rect = super::centred(area, 90, 60);
    let inner = super::overlay_box(frame.buffer_mut(), theme, rect, title);
    let amb = theme.ambiguous;
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    let buf = frame.buffer_mut();
    for (i, (y, info)) in (inner.y..inner.bottom()).zip(list.iter().skip(offset)).enumerate() {
        let w = &info.welcome;
        let right = format!(" {}人跟随 ", w.followers);
        let left = format!(" {} · {} · ", info.found.qualified(), w.title);
        let room = width.saturating_sub(str_width(&right, amb));
        let left = truncate(&left, room, amb);
        let pad = room.saturating_sub(str_width(&left, amb));
        let mut line = Line::from(vec![Span::raw(left), Span::raw(" ".repeat(pad)), Span::styled(right, theme.dim())]);
        if offset + i == selected {
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, amb);
    }
}
