//! Library overlays: the documents list (filter as you type) and the results of a search over
//! every open document, grouped by document.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::centred;
use super::theme::Theme;
use crate::action::Action;
use crate::app::{App, DocView, ResultRow};
use crate::terms::concordance;
use crate::width::{str_width, truncate};

/// The date shown for a document: its date line, subtitle or title, else a year in its name.
#[must_use]
pub fn date_label(doc: &DocView) -> String {
    doc.catalog_date()
        .or_else(|| crate::library::date::date_of(&doc.analysis.outline, &doc.analysis.doc.source.name))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// How far into a document the reader has got, in percent.
fn progress(doc: &DocView) -> usize {
    let byte = doc.study.restore_to.unwrap_or_else(|| doc.byte_at(doc.viewport.top));
    doc.analysis.doc.char_of_byte(byte) * 100 / doc.analysis.doc.char_len().max(1)
}

fn frame_for(frame: &mut Frame<'_>, theme: Theme, area: Rect, title: String) -> Rect {
    let rect = centred(area, crate::app::OVERLAY_WIDTH_PERCENT, crate::app::OVERLAY_HEIGHT_PERCENT);
    let buf = frame.buffer_mut();
    super::overlay_box(buf, theme, rect, title)
}

/// The documents overlay.
pub fn documents(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, query: &str, selected: usize) {
    let list = app.filtered_documents(query);
    let title = format!(" 文档 {}/{}（输入筛选，↑↓ 选择，Enter 打开，Esc 关闭）", list.len(), app.docs.len());
    let inner = frame_for(frame, theme, area, title);
    let amb = theme.ambiguous;
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    let prompt = Line::from(vec![Span::styled("筛选：", theme.key()), Span::raw(query.to_owned())]);
    super::put_line(buf, Rect { height: 1, ..inner }, &prompt, amb);
    let rows = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    let height = usize::from(rows.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    for (i, (y, &d)) in (rows.y..rows.bottom()).zip(list.iter().skip(offset)).enumerate() {
        let doc = &app.docs[d];
        let name = doc.list_title();
        let right = format!("{:>10} {:>8}字 {:>3}%", date_label(doc), doc.char_count(), progress(doc));
        let room = width.saturating_sub(str_width(&right, amb) + 3);
        let name = truncate(&name, room, amb);
        let pad = room.saturating_sub(str_width(&name, amb)) + 1;
        let here = if d == app.current { "›" } else { " " };
        let mut line = Line::from(vec![
            Span::raw(format!("{here} ")),
            Span::raw(name),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, theme.count()),
        ]);
        if offset + i == selected {
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..rows }, &line, amb);
    }
    let x = inner.x + u16::try_from(str_width("筛选：", amb) + str_width(query, amb)).unwrap_or(0);
    frame.set_cursor_position(Position { x: x.min(inner.right().saturating_sub(1)), y: inner.y });
}

/// The library search results.
pub fn results(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, selected: usize) {
    let Some(lib) = &app.library else { return };
    let keymap = &app.config.keymap;
    let mut hints = keymap.hint_list(&[(Action::Activate, "打开")]);
    if let Some(step) = keymap.pair(Action::SearchNext, Action::SearchPrev) {
        hints = format!("{hints}，{step} 逐个查看");
    }
    let hints = format!("{hints}，{}", keymap.hint_list(&[(Action::Cancel, "关闭")]));
    // Verified as far as shown: the counts so far, and how many documents are still to look at.
    let (so_far, more) = if lib.complete() {
        ("", String::new())
    } else {
        ("已找到 ", format!("，另有 {} 篇待查", lib.candidates.len() - lib.verified))
    };
    let title =
        format!(" 全库搜索「{}」：{so_far}{} 篇 {} 处{more}（{hints}）", lib.query, lib.docs_found, lib.flat.len());
    let inner = frame_for(frame, theme, area, title);
    let amb = theme.ambiguous;
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    let buf = frame.buffer_mut();
    let rows = app.library_rows_from(offset, height);
    for (i, (y, row)) in (inner.y..inner.bottom()).zip(&rows).enumerate() {
        let mut line = match *row {
            ResultRow::Document { doc, hits } => {
                let name = app.result_title(doc);
                Line::from(vec![
                    Span::styled(truncate(&name, width.saturating_sub(10), amb), theme.title()),
                    Span::styled(format!(" {hits} 处"), theme.count()),
                ])
            }
            ResultRow::Hit { doc, index, .. } => {
                // An unread document is previewed as it scrolls into view; not yet on this frame.
                let Some((text, outline)) = app.result_source(doc) else { continue };
                let range = lib.per_doc[doc].ranges[index].clone();
                let kwic = concordance::lines(text, outline, std::slice::from_ref(&range));
                let Some(k) = kwic.first() else { continue };
                let crumb = truncate(&k.breadcrumb.join(theme.glyphs.crumb.trim()), 18, amb);
                let crumb = format!("  {crumb}{}", " ".repeat(18usize.saturating_sub(str_width(&crumb, amb)) + 1));
                let before: String = k.before.chars().rev().take(10).collect::<Vec<_>>().into_iter().rev().collect();
                Line::from(vec![
                    Span::styled(crumb, theme.count()),
                    Span::raw(before),
                    Span::styled(k.matched.clone(), theme.current_match()),
                    Span::raw(k.after.clone()),
                ])
            }
        };
        if offset + i == selected {
            let fill = width.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(fill)));
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, amb);
    }
}

/// Which document to compare the current one with.
pub fn compare_pick(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, selected: usize) {
    let hints = app.config.keymap.hint_list(&[(Action::Activate, "对比"), (Action::Cancel, "取消")]);
    let title = format!(" 与哪一篇对比？（当前一篇作 B，所选作 A；{hints}）");
    let inner = frame_for(frame, theme, area, title);
    let amb = theme.ambiguous;
    let height = usize::from(inner.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    let buf = frame.buffer_mut();
    for (i, (y, doc)) in (inner.y..inner.bottom()).zip(app.docs.iter().enumerate().skip(offset)).enumerate() {
        let (index, doc) = doc;
        let name = doc.list_title();
        let here = if index == app.current { "（当前）" } else { "" };
        let mut line = Line::from(vec![
            Span::raw(format!(" {} ", date_label(doc))),
            Span::raw(name),
            Span::styled(here, theme.dim()),
        ]);
        if offset + i == selected {
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, amb);
    }
}

/// The columns of a report's leading field (its header's first word and the spaces after it),
/// which stay in place while the rest scrolls sideways.
fn frozen_columns(lines: &[String], amb: crate::width::AmbiguousWidth) -> usize {
    let Some(header) = lines.iter().find(|l| l.contains("  ")) else { return 0 };
    let word_end = header.find(' ').unwrap_or(header.len());
    let next = header[word_end..].find(|c| c != ' ').map_or(header.len(), |i| word_end + i);
    str_width(&header[..next], amb)
}

/// `line` without its display columns `from..from + skip`: the first `from` are kept, the next
/// `skip` dropped (a wide character cut in two becomes a space).
fn skip_columns(line: &str, from: usize, skip: usize, amb: crate::width::AmbiguousWidth) -> String {
    let mut out = String::new();
    let mut col = 0;
    for c in line.chars() {
        let w = crate::width::char_width(c, amb);
        if col < from || col >= from + skip {
            out.push(c);
        } else if col + w > from + skip {
            out.push(' ');
        }
        col += w;
    }
    out
}

/// A scrollable text report, `offset` lines down and `hoffset` columns to the right; its
/// leading column stays, and `«` `»` say there is more to either side.
pub fn report(frame: &mut Frame<'_>, theme: Theme, area: Rect, title: &str, lines: &[String], scroll: (usize, usize)) {
    let (offset, hoffset) = scroll;
    let inner = frame_for(frame, theme, area, title.to_owned());
    let amb = theme.ambiguous;
    let frozen = frozen_columns(lines, amb);
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    for (y, line) in (inner.y..inner.bottom()).zip(lines.iter().skip(offset)) {
        let shifted = if hoffset > 0 && str_width(line, amb) > frozen {
            skip_columns(line, frozen, hoffset, amb)
        } else {
            line.clone()
        };
        let more_right = str_width(&shifted, amb) > width;
        let row = Rect { y, height: 1, ..inner };
        super::put_line(buf, row, &Line::raw(shifted), amb);
        if more_right && let Some(cell) = buf.cell_mut((inner.right() - 1, y)) {
            cell.set_char('»').set_style(theme.key());
        }
        if hoffset > 0
            && frozen > 0
            && str_width(line, amb) > frozen
            && let Some(cell) = buf.cell_mut((inner.x + u16::try_from(frozen - 1).unwrap_or(0), y))
        {
            cell.set_char('«').set_style(theme.key());
        }
    }
}
