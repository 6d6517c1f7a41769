//! The text pane: the visible rows of the wrapped document, with headings styled by family,
//! configured terms in their list's colour, search matches, and the current match; paragraph
//! numbers in the gutter and marks in the margin (`>` the reading cursor, `*` a note).
//!
//! Cells are written one character at a time from the wrapped rows, so a wide character never
//! straddles the pane's edge, and in the "wide" ambiguous-width model `“ ” … — ·` get two cells.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

use super::theme::Theme;
use crate::app::{App, DocView};
use crate::structure::Role;

/// Ranges from a sorted list that overlap `row`.
fn overlapping<T>(items: &[T], row: &Range<usize>, range: impl Fn(&T) -> &Range<usize>) -> impl Iterator<Item = usize> {
    let first = items.partition_point(|h| range(h).end <= row.start);
    let last = items.partition_point(|h| range(h).start < row.end);
    first..last.max(first)
}

/// Style of each byte of `row`: base, then heading, term, match and current match on top.
struct RowStyles {
    spans: Vec<(Range<usize>, Style)>,
}

impl RowStyles {
    fn at(&self, byte: usize, base: Style) -> Style {
        self.spans.iter().filter(|(r, _)| r.contains(&byte)).fold(base, |s, (_, over)| s.patch(*over))
    }
}

fn row_styles(app: &App, doc: &DocView, theme: Theme, row: &Range<usize>) -> RowStyles {
    let mut spans = Vec::new();
    for i in overlapping(&doc.viewport.compared, row, |r| r) {
        spans.push((doc.viewport.compared[i].clone(), theme.new_sentence()));
    }
    for i in overlapping(&doc.study.noted, row, |r| r) {
        spans.push((doc.study.noted[i].clone(), theme.noted()));
    }
    let cursor = doc
        .study
        .cursor
        .and_then(|c| doc.analysis.doc.sentences().get(c))
        .filter(|c| c.start < row.end && row.start < c.end);
    if let Some(cursor) = cursor {
        spans.push((cursor.clone(), theme.cursor()));
    }
    let mentions = &doc.analysis.glossary.mentions;
    for i in overlapping(mentions, row, |m| &m.range) {
        spans.push((mentions[i].range.clone(), theme.defined()));
    }
    for i in overlapping(&doc.analysis.headings, row, |h| &h.bytes) {
        spans.push((doc.analysis.headings[i].bytes.clone(), theme.heading(doc.analysis.headings[i].family)));
    }
    for i in overlapping(&doc.analysis.terms.hits, row, |h| &h.range) {
        let hit = &doc.analysis.terms.hits[i];
        if let Some(list) = app.config.term_lists.get(hit.id.list) {
            spans.push((hit.range.clone(), theme.term(list.color)));
        }
    }
    if let Some(finder) = &doc.viewport.finder {
        let literal = &finder.matches[..finder.literal];
        let pinyin = &finder.matches[finder.literal..];
        let style = match &finder.target {
            crate::app::Target::Term { color: Some(c), .. } => theme.term_match(*c),
            _ => theme.search_match(),
        };
        let mut matched = Vec::new();
        for part in [literal, pinyin] {
            for i in overlapping(part, row, |r| r) {
                spans.push((part[i].clone(), style));
                matched.push(part[i].clone());
            }
        }
        if let Some(current) = finder.current_range() {
            spans.push((current, theme.current_match()));
        }
        // Without colour the cursor is reversed too: matches inside it are shown another way.
        if let Some(cursor) = cursor.filter(|_| !theme.color) {
            for m in matched {
                spans.push((m.start.max(cursor.start)..m.end.min(cursor.end), theme.match_in_cursor()));
            }
        }
    }
    RowStyles { spans }
}

/// The note of the cursor's sentence, at the bottom of the text pane under a rule, so a group
/// reading together sees it without opening the list.
fn note_in_place(app: &App, theme: Theme, area: Rect, column: Rect, buf: &mut Buffer) {
    let lines = app.note_lines(usize::from(column.width));
    if lines.is_empty() {
        return;
    }
    let rows = u16::try_from(lines.len() + 1).unwrap_or(u16::MAX).min(column.height);
    let top = column.bottom() - rows;
    let panel = Rect { y: top, height: rows, width: area.width.saturating_sub(1), ..area };
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, panel, buf);
    super::mend_edges(buf, panel);
    let label = " 笔记 ";
    let rule_w = usize::from(column.width).saturating_sub(crate::width::str_width(label, theme.ambiguous) + 2);
    let rule = format!(
        "{h}{h}{label}{}",
        theme.glyphs.border.horizontal_top.repeat(rule_w),
        h = theme.glyphs.border.horizontal_top
    );
    super::put_text(buf, (column.x, top, column.right()), &rule, theme.ambiguous, |_| theme.margin());
    for (y, line) in (top + 1..column.bottom()).zip(&lines) {
        super::put_text(buf, (column.x, y, column.right()), line, theme.ambiguous, |_| theme.note());
    }
}

/// The mark in the margin of a row: `>` on the reading cursor's rows, `*` on a noted sentence's.
fn margin_mark(doc: &DocView, row: &Range<usize>) -> Option<char> {
    let on = |r: &Range<usize>| r.start < row.end && row.start < r.end;
    if doc.study.cursor.and_then(|c| doc.analysis.doc.sentences().get(c)).is_some_and(on) {
        return Some('>');
    }
    overlapping(&doc.study.noted, row, |r| r).next().map(|_| '*')
}

fn base_style(theme: Theme, role: Role) -> Style {
    match role {
        Role::Title => theme.title(),
        Role::Subtitle | Role::Date | Role::Speaker => theme.byline(),
        Role::Chrome | Role::Head => theme.dim(),
        Role::Body | Role::Salutation | Role::Closing => Style::new(),
    }
}

/// Draw the text pane, with paragraph numbers in `gutter` when it is shown.
pub fn draw(app: &App, theme: Theme, area: Rect, column: Rect, gutter: Option<Rect>, buf: &mut Buffer) {
    let doc = app.doc();
    let ambiguous = doc.viewport.wrap.ambiguous();
    let mut pos = doc.viewport.top;
    for y in column.y..column.bottom() {
        let bytes = doc.row_bytes(pos);
        if !bytes.is_empty() {
            let role = doc.analysis.outline.roles.get(pos.para).copied().unwrap_or(Role::Body);
            let base = base_style(theme, role);
            let rows = doc.rows(pos.para);
            let (width, indent) = rows.get(pos.row).map_or((0, 0), |r| (r.width, r.indent));
            let centred = matches!(role, Role::Title | Role::Subtitle | Role::Date | Role::Speaker);
            // The first-line indent is blank cells before the text, never text itself.
            let x = if centred { column.x + column.width.saturating_sub(width) / 2 } else { column.x + indent };
            let styles = row_styles(app, doc, theme, &bytes);
            if let Some(gutter) = gutter.filter(|_| pos.row == 0)
                && let Some(n) = doc.paragraph_number(pos.para)
            {
                let number = format!("{n:>w$}", w = usize::from(gutter.width.saturating_sub(1)));
                super::put_text(buf, (gutter.x, y, gutter.right() - 1), &number, ambiguous, |_| theme.gutter());
            }
            if let Some(mark) = margin_mark(doc, &bytes)
                && column.x > area.x
                && let Some(cell) = buf.cell_mut((column.x - 1, y))
            {
                cell.set_char(mark).set_style(theme.margin());
            }
            let text = &doc.analysis.doc.text()[bytes.clone()];
            super::put_text(buf, (x, y, column.right()), text, ambiguous, |i| styles.at(bytes.start + i, base));
        }
        let next = doc.advance(pos, 1);
        if next == pos {
            break;
        }
        pos = next;
    }
    note_in_place(app, theme, area, column, buf);
    // Positions run from the first row to the last top row, so the thumb reaches the bottom
    // exactly when the end of the text is on screen.
    let height = usize::from(column.height);
    // Of a big document's head: as long as the whole file is likely to be.
    let last_top = app.as_whole(doc.analysis.doc.char_of_byte(doc.byte_at(doc.max_top())));
    let top_char = doc.analysis.doc.char_of_byte(doc.byte_at(doc.viewport.top)).min(last_top);
    let per_screen = height * usize::from(column.width) / 2;
    let mut state = ScrollbarState::new(last_top + 1).position(top_char).viewport_content_length(per_screen);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .thumb_symbol(theme.glyphs.thumb)
        .track_symbol(Some(theme.glyphs.track))
        .thumb_style(theme.count())
        .track_style(theme.dim());
    bar.render(area, buf, &mut state);
}
