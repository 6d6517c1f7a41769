//! The help overlay, generated from the keymap: the actions in groups (移动, 提纲, 搜索, 提法,
//! 学习, 文库, 其他), each with its keys and description, so it always matches the keys in
//! force. `/` filters it: an entry is shown when its keys or description match, pinyin
//! included (`shuqian` or `sq` finds the marks).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::action::{Action, HelpGroup};
use crate::app::HelpFilter;
use crate::keymap::{Key, Keymap, Lookup};
use crate::search::Matcher;
use crate::width::{str_width, truncate};

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A group's heading.
    Group(&'static str),
    /// Keys and what they do.
    Entry { keys: String, description: &'static str },
}

/// The help lines: every bound action, grouped; with a query, only the entries it matches (and
/// their groups' headings).
#[must_use]
pub fn lines(keymap: &Keymap, query: &str) -> Vec<HelpLine> {
    let matcher = Matcher::new(query.trim());
    let mut out = Vec::new();
    for group in HelpGroup::ALL {
        let entries: Vec<HelpLine> = Action::ALL
            .iter()
            .filter(|a| a.group() == group)
            .filter_map(|&a| {
                let keys = keymap.keys_for(a);
                (!keys.is_empty()).then(|| HelpLine::Entry { keys: keys.join(" "), description: a.description() })
            })
            .chain(counts_line(keymap).filter(|_| group == HelpGroup::Moving))
            .filter(|line| match (&matcher, line) {
                (Some(m), HelpLine::Entry { keys, description }) => !m.all(&format!("{keys} {description}")).is_empty(),
                _ => true,
            })
            .collect();
        if !entries.is_empty() {
            out.push(HelpLine::Group(group.title()));
            out.extend(entries);
        }
    }
    out
}

/// Digits typed before a motion are a count, unless the user bound them to something.
fn counts_line(keymap: &Keymap) -> Option<HelpLine> {
    (keymap.lookup(&[Key::char('1')]) == Lookup::Unbound).then(|| HelpLine::Entry {
        keys: "1-9".into(),
        description: "计数，放在移动键前：3} 下移三部分，5j 下移五行，13G 到第13段",
    })
}

/// Draw the help overlay centred in `area`, scrolled by `offset` lines.
pub fn draw(keymap: &Keymap, theme: Theme, area: Rect, offset: usize, filter: &HelpFilter, buf: &mut Buffer) {
    let entries = lines(keymap, &filter.query);
    let all = lines(keymap, "");
    let amb = theme.ambiguous;
    let entry_widths = all.iter().filter_map(|l| match l {
        HelpLine::Entry { keys, description } => Some((str_width(keys, amb), str_width(description, amb))),
        HelpLine::Group(_) => None,
    });
    let (key_w, desc_w) = entry_widths.fold((0, 0), |(k, d), (kw, dw)| (k.max(kw), d.max(dw)));
    let key_w = key_w.min(22);
    // Sized for the whole help, so the box does not jump while a filter is typed.
    let width = u16::try_from(key_w + desc_w + 6).unwrap_or(u16::MAX).min(area.width.saturating_sub(2)).max(10);
    let height = u16::try_from(all.len() + 4).unwrap_or(u16::MAX).min(area.height.saturating_sub(2)).max(5);
    let rect = super::centre(area, width, height);
    let mut hints = keymap.hint_list(&[(Action::Cancel, "关闭"), (Action::Search, "查找")]);
    if let Some(scroll) = keymap.pair(Action::ScrollDown, Action::ScrollUp) {
        hints = format!("{hints}，{scroll} 滚动");
    }
    let inner = super::overlay_box(buf, theme, rect, format!(" 按键（{hints}；其他键关闭帮助并照常执行）"));
    let inner_w = usize::from(inner.width);
    // The filter line, when there is a filter.
    let list = if filter.typing || !filter.query.is_empty() {
        let cursor = if filter.typing { theme.glyphs.caret } else { "" };
        let shown = if entries.is_empty() { "（没有匹配的按键）" } else { "" };
        let line = Line::from(vec![
            Span::styled(" 查找：", theme.key()),
            Span::raw(format!("{}{cursor}", filter.query)),
            Span::raw(format!("  {shown}")),
        ]);
        super::put_line(buf, Rect { height: 1, ..inner }, &line, amb);
        Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner }
    } else {
        inner
    };
    let offset = offset.min(entries.len().saturating_sub(usize::from(list.height)));
    for (y, entry) in (list.y..list.bottom()).zip(entries.iter().skip(offset)) {
        let line = match entry {
            HelpLine::Group(title) => Line::from(Span::styled(format!("【{title}】"), theme.group())),
            HelpLine::Entry { keys, description } => {
                let keys = truncate(keys, key_w, amb);
                let pad = key_w.saturating_sub(str_width(&keys, amb)) + 2;
                let desc = truncate(description, inner_w.saturating_sub(key_w + 3), amb);
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled(keys, theme.key()),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(desc),
                ])
            }
        };
        super::put_line(buf, Rect { y, height: 1, ..list }, &line, amb);
    }
}
