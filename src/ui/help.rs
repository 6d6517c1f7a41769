//! The help overlay, generated from the keymap: one line per action with its keys and its
//! description, so it always matches the keys in force.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::Action;
use crate::keymap::Keymap;
use crate::width::{str_width, truncate};

/// The help lines: `keys  description` for every bound action.
#[must_use]
pub fn lines(keymap: &Keymap) -> Vec<(String, &'static str)> {
    Action::ALL
        .iter()
        .filter_map(|&a| {
            let keys = keymap.keys_for(a);
            (!keys.is_empty()).then(|| (keys.join(" "), a.description()))
        })
        .collect()
}

/// Draw the help overlay centred in `area`, scrolled by `offset` lines.
pub fn draw(keymap: &Keymap, theme: Theme, area: Rect, offset: usize, buf: &mut Buffer) {
    let entries = lines(keymap);
    let amb = theme.ambiguous;
    let key_w = entries.iter().map(|(k, _)| str_width(k, amb)).max().unwrap_or(0).min(22);
    let desc_w = entries.iter().map(|(_, d)| str_width(d, amb)).max().unwrap_or(0);
    let width = u16::try_from(key_w + desc_w + 6).unwrap_or(u16::MAX).min(area.width.saturating_sub(2)).max(10);
    let height = u16::try_from(entries.len() + 3).unwrap_or(u16::MAX).min(area.height.saturating_sub(2)).max(4);
    let rect = super::centre(area, width, height);
    let mut hints = keymap.hint_list(&[(Action::Cancel, "关闭")]);
    if let Some(scroll) = keymap.pair(Action::ScrollDown, Action::ScrollUp) {
        hints = format!("{hints}，{scroll} 滚动");
    }
    let inner = super::overlay_box(buf, theme, rect, format!(" 按键（{hints}）"));
    let inner_w = usize::from(inner.width);
    let offset = offset.min(entries.len().saturating_sub(usize::from(inner.height)));
    for (y, (keys, desc)) in (inner.y..inner.bottom()).zip(entries.iter().skip(offset)) {
        let keys = truncate(keys, key_w, amb);
        let pad = key_w.saturating_sub(str_width(&keys, amb)) + 2;
        let desc = truncate(desc, inner_w.saturating_sub(key_w + 3), amb);
        let line = Line::from(vec![
            Span::raw(" "),
            Span::styled(keys, theme.key()),
            Span::raw(" ".repeat(pad)),
            Span::raw(desc),
        ]);
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, theme.ambiguous);
    }
    super::mend_edges(buf, rect);
}
