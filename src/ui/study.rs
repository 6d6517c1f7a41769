//! Study overlays: the marks list, the notes list, the note editor and yes/no questions.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::centred;
use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::app::editor::Editor;
use crate::layout::break_rows;
use crate::terms::concordance::{breadcrumb, place_label};
use crate::width::{str_width, truncate};

/// A list overlay of `(left, right)` lines with one selected.
fn list(frame: &mut Frame<'_>, theme: Theme, area: Rect, title: String, rows: &[(String, String)], selected: usize) {
    let rect = centred(area, 80, 70);
    let buf = frame.buffer_mut();
    let inner = super::overlay_box(buf, theme, rect, title);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    if rows.is_empty() {
        super::put_line(buf, Rect { height: 1, ..inner }, &Line::styled(" （空）", theme.dim()), theme.ambiguous);
    }
    let left_w = (width / 3).clamp(8, 28);
    for (i, (y, (left, right))) in (inner.y..inner.bottom()).zip(rows.iter().skip(offset)).enumerate() {
        let left = truncate(left, left_w, theme.ambiguous);
        let pad = left_w.saturating_sub(str_width(&left, theme.ambiguous)) + 1;
        let right = truncate(right, width.saturating_sub(left_w + 2), theme.ambiguous);
        let mut line = Line::from(vec![
            Span::raw(" "),
            Span::styled(left, theme.key()),
            Span::raw(" ".repeat(pad)),
            Span::raw(right),
        ]);
        if offset + i == selected {
            let fill = width.saturating_sub(line.width());
            line.push_span(Span::raw(" ".repeat(fill)));
            line = line.patch_style(theme.selection(true));
        }
        super::put_line(buf, Rect { y, height: 1, ..inner }, &line, theme.ambiguous);
    }
}

/// The marks: letter and breadcrumb, then the first words there.
pub fn marks(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, selected: usize) {
    let doc = app.doc();
    let rows: Vec<(String, String)> = doc
        .study
        .state
        .marks
        .iter()
        .map(|(letter, mark)| {
            let byte = doc.analysis.doc.byte_of_char(mark.offset);
            let place = place_label(&breadcrumb(&doc.analysis.outline, byte), theme.glyphs.crumb.trim());
            let para = &doc.analysis.doc.paragraphs()[doc.analysis.doc.paragraph_at(byte)];
            let words =
                doc.analysis.doc.text().get(byte.max(para.bytes.start)..para.bytes.end).unwrap_or("").trim().to_owned();
            (format!("{letter}  {place}"), words)
        })
        .collect();
    let hints =
        app.config.keymap.hint_list(&[(Action::Activate, "跳转"), (Action::Delete, "删除"), (Action::Cancel, "关闭")]);
    list(frame, theme, area, format!(" 书签（{hints}）"), &rows, selected);
}

/// The notes in document order: breadcrumb, then the note's first line.
pub fn notes(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, selected: usize) {
    let doc = app.doc();
    let rows: Vec<(String, String)> = doc
        .study
        .state
        .live_notes()
        .iter()
        .map(|n| {
            let place = place_label(
                &breadcrumb(&doc.analysis.outline, doc.analysis.doc.byte_of_char(n.offset)),
                theme.glyphs.crumb.trim(),
            );
            let orphan = if doc.study.orphans.contains(&n.id) { "（原句已改）" } else { "" };
            (place, format!("{orphan}{}", n.text.lines().next().unwrap_or("")))
        })
        .collect();
    let hints = app.config.keymap.hint_list(&[
        (Action::Activate, "跳转"),
        (Action::Edit, "编辑"),
        (Action::Delete, "删除"),
        (Action::Cancel, "关闭"),
    ]);
    let title = format!(" 笔记 {} 条（{hints}）", rows.len());
    list(frame, theme, area, title, &rows, selected);
}

/// The note editor: the sentence on top, the note below, the terminal cursor at the insertion
/// point so an input method's candidate window follows it.
pub fn editor(frame: &mut Frame<'_>, app: &App, theme: Theme, area: Rect, editor: &Editor) {
    let rect = centred(area, 80, 60);
    let doc = app.doc();
    let sentence =
        doc.analysis.doc.sentences().get(editor.sentence).map_or("", |r| &doc.analysis.doc.text()[r.clone()]);
    let title = if editor.confirm_discard {
        " 有未保存的修改：再按 Esc 放弃，Ctrl-s 保存 ".to_owned()
    } else {
        " 笔记（Ctrl-s 保存，Esc 取消，Enter 换行）".to_owned()
    };
    let buf = frame.buffer_mut();
    let inner = super::overlay_box(buf, theme, rect, title);
    let width = usize::from(inner.width);
    let amb = theme.ambiguous;
    // The sentence being annotated, dimmed, at most two rows.
    let mut y = inner.y;
    for row in break_rows(sentence, width, amb, &[]).iter().take(2) {
        super::put_line(
            buf,
            Rect { y, height: 1, ..inner },
            &Line::styled(sentence[row.start..row.end].to_owned(), theme.byline()),
            amb,
        );
        y += 1;
    }
    y += 1;
    // The note, wrapped; find where the cursor is.
    let text = editor.text();
    let mut cursor = None;
    let mut line_start = 0;
    for line in text.split('\n') {
        let rows = break_rows(line, width, amb, &[]);
        for (i, row) in rows.iter().enumerate() {
            let (a, b) = (line_start + row.start, line_start + row.end);
            let last_row = i + 1 == rows.len();
            if cursor.is_none() && editor.cursor >= a && (editor.cursor < b || (last_row && editor.cursor <= b)) {
                let col = str_width(&text[a..editor.cursor], amb);
                cursor = Some((y, col));
            }
            if y < inner.bottom() {
                super::put_line(buf, Rect { y, height: 1, ..inner }, &Line::raw(text[a..b].to_owned()), amb);
            }
            y += 1;
        }
        line_start += line.len() + 1;
    }
    if let Some((cy, col)) = cursor.filter(|(cy, _)| *cy < inner.bottom()) {
        let x = inner.x + u16::try_from(col).unwrap_or(0).min(inner.width.saturating_sub(1));
        frame.set_cursor_position(Position { x, y: cy });
    }
}

/// A yes/no question on one line, centred.
pub fn confirm(frame: &mut Frame<'_>, theme: Theme, area: Rect, question: &str) {
    let rect = super::centre(area, u16::try_from(str_width(question, theme.ambiguous) + 4).unwrap_or(u16::MAX), 3);
    let buf = frame.buffer_mut();
    let inner = super::overlay_box(buf, theme, rect, String::new());
    super::put_line(
        buf,
        inner,
        &Line::from(vec![Span::raw(" "), Span::styled(question.to_owned(), theme.key())]),
        theme.ambiguous,
    );
}
