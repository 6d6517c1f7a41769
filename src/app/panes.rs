//! Where the panes go at a given terminal size. Responsive: the text keeps at least
//! [`MIN_TEXT`] columns; side panes that do not fit are hidden until toggled, then float over the
//! text as overlays. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`] nothing but a notice is drawn.

use ratatui::layout::Rect;

/// The text column never gets narrower than this while side panes are docked.
pub const MIN_TEXT: u16 = 40;
/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 40;
/// Smallest usable terminal.
pub const MIN_HEIGHT: u16 = 10;

/// The user's choice for a side pane: `None` shows it when it fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Toggles {
    pub outline: Option<bool>,
    pub terms: Option<bool>,
}

/// A side pane's place: docked beside the text, or floating over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub area: Rect,
    pub overlay: bool,
}

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub outline: Option<Side>,
    pub terms: Option<Side>,
    /// The whole text pane (scrollbar included).
    pub text: Rect,
    /// The text column inside it: capped at the reading width and centred.
    pub column: Rect,
    /// Paragraph numbers, just left of the column (its last cell is the margin mark's).
    pub gutter: Option<Rect>,
    pub status: Rect,
}

/// What the reader asks of the widths: the outline's, as chosen with `<` `>` (else automatic),
/// how wide the outline would need to be to show every heading whole, and the paragraph-number
/// gutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Widths {
    /// The outline's width in columns, borders included, when the user chose one.
    pub outline: Option<u16>,
    /// Columns the outline needs to show every heading whole (0: unknown).
    pub outline_need: u16,
    /// Columns of the paragraph-number gutter, margin mark included (0: no gutter).
    pub gutter: u16,
    /// Show the gutter: `None` shows it only where it costs the text no width.
    pub numbers: Option<bool>,
}

/// The narrowest outline `<` gives.
pub const MIN_OUTLINE: u16 = 12;

/// Lay out a frame with automatic widths and no gutter, or `None` when the terminal is too small.
#[must_use]
pub fn layout(area: Rect, toggles: Toggles, reading_width: u16) -> Option<Panes> {
    layout_with(area, toggles, reading_width, Widths::default())
}

/// Lay out a frame, or `None` when the terminal is too small. A docked outline is as wide as
/// the user chose (within what leaves the text [`MIN_TEXT`]); without a choice it takes a
/// quarter of the width, plus the columns a wide terminal would leave empty beside the capped
/// text column, up to what its headings need.
#[must_use]
pub fn layout_with(area: Rect, toggles: Toggles, reading_width: u16, widths: Widths) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let status = Rect { y: area.bottom() - 1, height: 1, ..area };
    let body = Rect { height: area.height - 1, ..area };
    let terms_w = (body.width * 2 / 9).clamp(22, 32);
    let want_terms_docked = toggles.terms.unwrap_or(true);
    let outline_w = if let Some(w) = widths.outline {
        w.clamp(MIN_OUTLINE, body.width.saturating_sub(MIN_TEXT).max(MIN_OUTLINE))
    } else {
        let base = (body.width / 4).clamp(22, 34);
        let terms_room = if want_terms_docked && body.width >= base + terms_w + MIN_TEXT { terms_w } else { 0 };
        let text = body.width.saturating_sub(base + terms_room);
        let spare = text.saturating_sub(reading_width.saturating_add(3 + widths.gutter));
        base + spare.min(widths.outline_need.saturating_sub(base))
    };

    let mut left = 0;
    let mut right = 0;
    let mut outline = None;
    let mut terms = None;
    let want_outline = toggles.outline.unwrap_or(true);
    let want_terms = want_terms_docked;
    if want_outline && body.width >= outline_w + MIN_TEXT {
        left = outline_w;
        outline = Some(Side { area: Rect { width: outline_w, ..body }, overlay: false });
    }
    if want_terms && body.width >= left + terms_w + MIN_TEXT {
        right = terms_w;
        terms = Some(Side { area: Rect { x: body.right() - terms_w, width: terms_w, ..body }, overlay: false });
    }
    let text = Rect { x: body.x + left, width: body.width - left - right, ..body };
    // Explicitly requested panes that do not fit float over the text.
    if outline.is_none() && toggles.outline == Some(true) {
        let w = outline_w.min(text.width.saturating_sub(6)).max(1);
        outline = Some(Side { area: Rect { width: w, ..text }, overlay: true });
    }
    if terms.is_none() && toggles.terms == Some(true) {
        let w = terms_w.min(text.width.saturating_sub(6)).max(1);
        terms = Some(Side { area: Rect { x: text.right() - w, width: w, ..text }, overlay: true });
    }
    // One column of scrollbar at the right, one of padding at each side of the text.
    let inner = text.width.saturating_sub(3).max(1);
    let width = inner.min(reading_width.max(10));
    // The gutter goes where the centred column leaves room, unless asked for anyway.
    let fits = widths.gutter > 0 && inner - width >= widths.gutter;
    let gutter_w = if widths.numbers.unwrap_or(fits) && inner > widths.gutter + 10 { widths.gutter } else { 0 };
    let avail = inner - gutter_w;
    let width = avail.min(width);
    let x = text.x + 1 + gutter_w + (avail - width) / 2;
    let column = Rect { x, width, ..text };
    let gutter = (gutter_w > 0).then(|| Rect { x: x - gutter_w, width: gutter_w, ..text });
    Some(Panes { outline, terms, text, column, gutter, status })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(w: u16, h: u16) -> Rect {
        Rect::new(0, 0, w, h)
    }

    #[test]
    fn at_80_columns_the_outline_docks_and_the_text_keeps_40() {
        let p = layout(area(80, 24), Toggles::default(), 80).unwrap();
        assert!(p.outline.is_some_and(|o| !o.overlay));
        assert!(p.terms.is_none(), "terms do not fit at 80 columns");
        assert!(p.text.width >= MIN_TEXT);
        assert_eq!(p.status, Rect::new(0, 23, 80, 1));
    }

    #[test]
    fn wide_terminals_dock_everything_and_centre_the_column() {
        let p = layout(area(200, 50), Toggles::default(), 80).unwrap();
        assert!(p.outline.is_some() && p.terms.is_some());
        assert_eq!(p.column.width, 80);
        let left_gap = p.column.x - p.text.x;
        let right_gap = p.text.right() - p.column.right();
        assert!(left_gap.abs_diff(right_gap) <= 3, "{left_gap} vs {right_gap}");
    }

    #[test]
    fn requested_panes_that_do_not_fit_become_overlays() {
        let p = layout(area(80, 24), Toggles { outline: None, terms: Some(true) }, 80).unwrap();
        assert!(p.terms.is_some_and(|t| t.overlay));
        let p = layout(area(50, 20), Toggles { outline: Some(true), terms: None }, 80).unwrap();
        assert!(p.outline.is_some_and(|o| o.overlay));
        assert_eq!(p.text.width, 50);
    }

    #[test]
    fn a_wide_terminal_gives_the_outline_its_spare_columns_and_a_choice_wins() {
        let need = Widths { outline_need: 60, ..Widths::default() };
        let p = layout_with(area(200, 50), Toggles::default(), 80, need).unwrap();
        assert_eq!(p.outline.unwrap().area.width, 60, "as wide as its headings need");
        assert_eq!(p.column.width, 80, "the text keeps its reading width");
        let p = layout_with(area(80, 24), Toggles::default(), 80, need).unwrap();
        assert_eq!(p.outline.unwrap().area.width, 22, "no spare columns at 80");
        let chosen = Widths { outline: Some(30), ..need };
        let p = layout_with(area(80, 24), Toggles::default(), 80, chosen).unwrap();
        assert_eq!(p.outline.unwrap().area.width, 30);
        let too_wide = Widths { outline: Some(70), ..need };
        let p = layout_with(area(80, 24), Toggles::default(), 80, too_wide).unwrap();
        assert!(p.text.width >= MIN_TEXT, "the text keeps {MIN_TEXT} columns");
    }

    #[test]
    fn the_gutter_is_off_at_80_columns_unless_asked_for() {
        let g = Widths { gutter: 4, ..Widths::default() };
        let p = layout_with(area(80, 24), Toggles::default(), 80, g).unwrap();
        assert!(p.gutter.is_none());
        let p = layout_with(area(80, 24), Toggles::default(), 80, Widths { numbers: Some(true), ..g }).unwrap();
        let gutter = p.gutter.unwrap();
        assert_eq!(gutter.right(), p.column.x, "right beside the text");
        let p = layout_with(area(200, 50), Toggles::default(), 80, g).unwrap();
        assert!(p.gutter.is_some() && p.column.width == 80, "on where it costs the text nothing");
        let p = layout_with(area(200, 50), Toggles::default(), 80, Widths { numbers: Some(false), ..g }).unwrap();
        assert!(p.gutter.is_none());
    }

    #[test]
    fn too_small_is_none_and_tiny_sizes_never_panic() {
        assert!(layout(area(39, 24), Toggles::default(), 80).is_none());
        assert!(layout(area(80, 9), Toggles::default(), 80).is_none());
        for w in 0..130 {
            for h in 0..30 {
                let _ = layout(area(w, h), Toggles { outline: Some(true), terms: Some(true) }, 80);
                for outline in [None, Some(0), Some(1000)] {
                    let widths = Widths { outline, outline_need: 500, gutter: 6, numbers: Some(true) };
                    if let Some(p) = layout_with(area(w, h), Toggles::default(), 80, widths) {
                        assert!(p.column.right() <= p.text.right() && p.column.width >= 1, "{w}x{h}");
                    }
                }
            }
        }
    }
}
