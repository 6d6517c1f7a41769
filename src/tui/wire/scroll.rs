//! Finding a scroll in a frame: a band of whole rows whose content moved up or down by a few
//! rows (the text in text-only mode after `j`, `k`, a half page). The terminal can move them
//! itself with a scrolling region, so only the rows that came into view are sent.
//!
//! A scrolling region spans the full width, so it pays only where whole rows moved: the side
//! panes of the three-pane view stay put, and there the search finds nothing worth it (the
//! caller compares the exact bytes of both ways anyway).

use ratatui::buffer::{Buffer, Cell};

/// Rows `top..bottom` moved `amount` rows up (positive: the content scrolled forward) or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub top: u16,
    pub bottom: u16,
    pub amount: i16,
}

impl Scroll {
    /// The escape sequence that makes the terminal do it: set the region, scroll it (up with
    /// SU, down with SD), reset the region. Leaves the cursor at an unknown place.
    #[must_use]
    pub fn sequence(self) -> String {
        let verb = if self.amount > 0 { 'S' } else { 'T' };
        format!("\x1b[{};{}r\x1b[{}{verb}\x1b[r", self.top + 1, self.bottom, self.amount.unsigned_abs())
    }

    /// What the terminal shows after the scroll, given what it showed before: the rows that
    /// came into view are blank in the default style.
    pub fn apply(self, screen: &mut Buffer) {
        let width = usize::from(screen.area.width);
        let (top, bottom) = (usize::from(self.top), usize::from(self.bottom));
        let rows = &mut screen.content[top * width..bottom * width];
        let shift = usize::from(self.amount.unsigned_abs()) * width;
        if self.amount > 0 {
            rows.rotate_left(shift);
            let len = rows.len();
            rows[len - shift..].fill(Cell::EMPTY);
        } else {
            rows.rotate_right(shift);
            rows[..shift].fill(Cell::EMPTY);
        }
    }
}

/// Row `y` of `buf`.
fn row(buf: &Buffer, y: usize) -> &[Cell] {
    let width = usize::from(buf.area.width);
    &buf.content[y * width..(y + 1) * width]
}

/// The bytes a cell takes on the wire, as a score.
fn bytes(cell: &Cell) -> i64 {
    i64::try_from(cell.symbol().len()).unwrap_or(i64::MAX)
}

/// The scroll that saves the most bytes between `old` (on the terminal) and `new`, if any
/// saves some. Each candidate shift is scored per row (the bytes of the cells it would leave in
/// place minus those already in place), and the best band for it is the run of rows with the
/// largest total.
#[must_use]
pub fn find(old: &Buffer, new: &Buffer) -> Option<Scroll> {
    if old.area != new.area || old.area.height < 2 {
        return None;
    }
    let height = usize::from(new.area.height);
    let hash = |buf: &Buffer, y: usize| {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for cell in row(buf, y) {
            cell.symbol().hash(&mut h);
            (cell.fg, cell.bg, cell.modifier).hash(&mut h);
        }
        h.finish()
    };
    let old_hashes: Vec<u64> = (0..height).map(|y| hash(old, y)).collect();
    let new_hashes: Vec<u64> = (0..height).map(|y| hash(new, y)).collect();
    let mut best: Option<(i64, Scroll)> = None;
    for k in 1..height {
        for up in [true, false] {
            // Only shifts under which some whole row lands where it belongs are worth scoring.
            let lands =
                |y: usize| if up { new_hashes[y] == old_hashes[y + k] } else { new_hashes[y + k] == old_hashes[y] };
            if !(0..height - k).any(lands) {
                continue;
            }
            // Score the rows of the new screen that the scroll would fill from the old one.
            let gain = |y: usize| {
                let (target, source) = if up { (y, y + k) } else { (y + k, y) };
                let moved = row(new, target).iter().zip(row(old, source)).filter(|(a, b)| a == b);
                let kept = row(new, target).iter().zip(row(old, target)).filter(|(a, b)| a == b);
                moved.map(|(c, _)| bytes(c)).sum::<i64>() - kept.map(|(c, _)| bytes(c)).sum::<i64>()
            };
            let (mut run, mut start) = (0i64, 0usize);
            for y in 0..height - k {
                if run <= 0 {
                    run = 0;
                    start = y;
                }
                run += gain(y);
                if run > 0 && best.is_none_or(|(s, _)| run > s) {
                    let (top, bottom) = (start, y + 1 + k);
                    let k16 = i16::try_from(k).unwrap_or(i16::MAX);
                    let amount = if up { k16 } else { -k16 };
                    best = Some((run, Scroll { top: top as u16, bottom: bottom as u16, amount }));
                }
            }
        }
    }
    best.map(|(_, s)| s)
}
