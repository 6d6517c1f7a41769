//! The status bar (title, breadcrumb, search state, pending keys, position, key hints) and the
//! prompt that replaces it while typing a search or a go-to.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use crate::width::{str_width, truncate};

/// The breadcrumb of the selected section: `二、 › （三） › 二要`.
#[must_use]
pub fn breadcrumb(app: &App, separator: &str) -> String {
    let doc = app.doc();
    let Some(selected) = doc.viewport.tree.selected else { return String::new() };
    crate::terms::concordance::section_crumbs(&doc.analysis.outline, selected).join(separator)
}

/// Columns the bar keeps for the breadcrumb or a message before it gives up key hints.
const MIN_LEFT: usize = 30;

/// The key hints that fit in `room` columns, most useful first: help, search, go-to, the terms
/// pane while it is hidden, panes, quit.
fn hints(app: &App, room: usize, amb: crate::width::AmbiguousWidth) -> String {
    use crate::action::Action;
    let mut actions = vec![Action::Help, Action::Search, Action::GoTo];
    if !app.pane_shown(crate::app::Focus::Terms) {
        actions.push(Action::ToggleTerms);
    }
    actions.extend([Action::FocusNext, Action::Quit]);
    let mut out = String::new();
    for (key, label) in app.config.keymap.hints_for(&actions) {
        let hint = format!(" {key} {label}");
        if str_width(&out, amb) + str_width(&hint, amb) > room {
            break;
        }
        out.push_str(&hint);
    }
    out
}

/// Draw a message that does not fit in the bar on lines of its own just above it, wrapped by
/// the text's own line-breaking rules, so nothing is ever cut off. It stays until the next key.
fn message_above(message: &str, theme: Theme, bar: Rect, buf: &mut ratatui::buffer::Buffer) {
    let amb = theme.ambiguous;
    let width = usize::from(bar.width).saturating_sub(2).max(2);
    let rows = crate::layout::break_rows(message, width, amb, &[]);
    let shown = rows.len().min(usize::from(bar.y));
    let top = bar.y - u16::try_from(shown).unwrap_or(0);
    for (y, row) in (top..bar.y).zip(rows.iter().skip(rows.len() - shown)) {
        let line =
            Line::from(vec![Span::raw(" "), Span::raw(message[row.start..row.end].to_owned())]).style(theme.message());
        let area = Rect { y, height: 1, ..bar };
        buf.set_style(area, ratatui::style::Style::reset());
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
            }
        }
        super::put_line(buf, area, &line, amb);
    }
    if top > 0 {
        super::mend_edges(buf, Rect { y: top, height: bar.y - top, ..bar });
    }
}

/// Draw the status bar, or the prompt when one is open (placing the terminal cursor in it).
pub fn draw(app: &App, theme: Theme, area: Rect, frame: &mut Frame<'_>) {
    let amb = theme.ambiguous;
    let width = usize::from(area.width);
    if let Some(prompt) = &app.prompt {
        let sigil = prompt.kind.sigil();
        let count = app.doc().viewport.finder.as_ref().filter(|_| sigil == "/").map(|f| format!(" {} ", f.position()));
        let count = count.unwrap_or_default();
        let room = width.saturating_sub(str_width(sigil, amb) + str_width(&count, amb) + 1);
        // Keep the cursor on screen: show the tail of a long input.
        let cursor = prompt.cursor_column(app.config.reader.ambiguous_width);
        let skip = cursor.saturating_sub(room);
        let mut shown = String::new();
        let mut col = 0;
        for c in prompt.text.chars() {
            let w = crate::width::char_width(c, app.config.reader.ambiguous_width);
            if col >= skip && col + w <= skip + room {
                shown.push(c);
            }
            col += w;
        }
        let pad = width.saturating_sub(str_width(sigil, amb) + str_width(&shown, amb) + str_width(&count, amb));
        let line = Line::from(vec![
            Span::styled(sigil, theme.key()),
            Span::raw(shown),
            Span::raw(" ".repeat(pad)),
            Span::styled(count, theme.count()),
        ]);
        super::put_line(frame.buffer_mut(), area, &line, theme.ambiguous);
        let x = area.x + u16::try_from(str_width(sigil, amb) + cursor - skip).unwrap_or(0);
        frame.set_cursor_position(Position { x: x.min(area.right().saturating_sub(1)), y: area.y });
        return;
    }
    let doc = app.doc();
    let percent = if app.is_head(app.current) {
        // Where the place is in the whole text is not known until it is read.
        format!(" {} ", crate::app::READING_LABEL)
    } else {
        format!(" {}% ", doc.percent())
    };
    // A lasting mark that loading repaired something (the details were shown at start).
    let repaired = if doc.analysis.doc.source.warnings().is_empty() { "" } else { " 注意" };
    // A save failed and none has succeeded since: the state is only in memory (or beside its file).
    let unsaved = if app.save_failure().is_some() { " 未保存" } else { "" };
    let mut right = format!("{unsaved}{repaired}{percent}");
    if let Some(position) = app.library_position() {
        right = format!(" {position}{right}");
    } else if let Some(f) = &doc.viewport.finder {
        right = format!(" {} {}{right}", truncate(&f.label(), 16, amb), f.position());
    }
    if app.docs.len() > 1 {
        right = format!(" 第{}/{}篇{right}", app.current + 1, app.docs.len());
    }
    if let Some((done, total)) = app.cataloguing {
        right = format!(" 编目 {done}/{total}{right}");
    }
    if let Some(label) = doc.study.cursor.and_then(|c| doc.sentence_label(c)) {
        right = format!(" {label}{right}");
    }
    if let Some(session) = app.session_label() {
        right = format!(" {}{right}", truncate(&session, width / 2, amb));
    }
    if !app.pending.is_empty() || app.count.is_some() {
        let keys: Vec<String> = app.pending.iter().map(ToString::to_string).collect();
        let count = app.count.map(|n| n.to_string()).unwrap_or_default();
        right = format!(" {count}{}{right}", keys.join(" "));
    }
    if let Some(what) = app.awaiting {
        right = format!(" {}…{right}", what.label());
    }
    let right_w = str_width(&right, amb);
    let hints = hints(app, width.saturating_sub(right_w + MIN_LEFT), amb);
    let hints_w = str_width(&hints, amb);
    let room = width.saturating_sub(right_w + hints_w);
    // A message too long for the bar goes on lines of its own above it.
    let message = app.message.as_ref().filter(|m| str_width(m, amb) < room);
    if let Some(long) = app.message.as_ref().filter(|_| message.is_none()) {
        message_above(long, theme, area, frame.buffer_mut());
    }
    let left = if let Some(m) = message {
        format!(" {m}")
    } else {
        // The breadcrumb matters more than the title, which the text pane shows anyway.
        let title = doc.analysis.outline.frame.title.clone().unwrap_or_else(|| doc.analysis.doc.source.name.clone());
        let crumb = breadcrumb(app, theme.glyphs.crumb);
        let full = format!(" {}{}{crumb}", truncate(&title, 24, amb), theme.glyphs.bar);
        if crumb.is_empty() {
            format!(" {title}")
        } else if str_width(&full, amb) <= room {
            full
        } else {
            format!(" {crumb}")
        }
    };
    let left = truncate(&left, room, amb);
    let pad = room.saturating_sub(str_width(&left, amb));
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(right),
        Span::styled(hints, theme.status().patch(theme.key())),
    ])
    .style(theme.status());
    super::put_line(frame.buffer_mut(), area, &line, theme.ambiguous);
}
