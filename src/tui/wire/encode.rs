//! Cells to terminal bytes, as few as the screen allows: the cursor is moved only where the next
//! cell is not where the last one left it (and then by the shortest of a carriage return and line
//! feed, a move forward, reprinting the unchanged cells in between, or an absolute move), and the
//! style is set only when it changes, in one SGR sequence, from a reset when that is shorter.
//!
//! Colours are spelled as crossterm spells them (named colours as palette indices, nothing under
//! `NO_COLOR`), so the screen looks exactly as through ratatui's crossterm backend.

use std::fmt::Write as _;

use ratatui::backend::IntoCrossterm as _;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::crossterm::style::Colored;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr as _;

/// The terminal's current style ("pen").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const RESET: Self =
        Self { fg: Color::Reset, bg: Color::Reset, underline: Color::Reset, modifier: Modifier::empty() };

    fn of(cell: &Cell) -> Self {
        Self { fg: cell.fg, bg: cell.bg, underline: cell.underline_color, modifier: cell.modifier }
    }
}

/// SGR codes of the modifiers, in crossterm's numbering.
const MODIFIERS: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// Writes cells into a byte buffer, tracking the terminal's pen and cursor.
pub struct Encoder {
    pub out: Vec<u8>,
    pen: Pen,
    /// Where the cursor is, if known; `x` may equal the width (a wrap is pending, so only a
    /// carriage return or an absolute move is safe).
    cursor: Option<(u16, u16)>,
    /// The terminal's width.
    width: u16,
}

impl Encoder {
    /// Start a frame: the pen is reset (every frame ends with it reset), the cursor unknown.
    pub fn new(width: u16) -> Self {
        Self { out: Vec::with_capacity(4096), pen: Pen::RESET, cursor: None, width }
    }

    /// Put the terminal's pen back to the default at the end of a frame.
    pub fn finish(&mut self) {
        if self.pen != Pen::RESET {
            self.out.extend_from_slice(b"\x1b[0m");
            self.pen = Pen::RESET;
        }
    }

    /// Write raw bytes that leave the pen alone but move the cursor somewhere unknown.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.cursor = None;
    }

    /// Write `cell` at (`x`, `y`). `screen`, when the whole frame is known, lets unchanged cells
    /// between two changes be reprinted instead of jumped over.
    pub fn cell(&mut self, x: u16, y: u16, cell: &Cell, screen: Option<&Buffer>) {
        self.move_to(x, y, screen);
        self.style(Pen::of(cell));
        self.out.extend_from_slice(cell.symbol().as_bytes());
        self.cursor = advance(cell).map(|w| (x + w, y)).filter(|&(cx, _)| cx <= self.width);
    }

    fn move_to(&mut self, x: u16, y: u16, screen: Option<&Buffer>) {
        match self.cursor {
            Some(at) if at == (x, y) => return,
            Some((cx, cy)) if cy == y && cx < x => {
                let forward = if x - cx == 1 { 3 } else { 3 + digits(x - cx) };
                if let Some(gap) = screen.and_then(|s| self.reprint(cx..x, y, s, forward)) {
                    self.out.extend_from_slice(&gap);
                } else if x - cx == 1 {
                    self.out.extend_from_slice(b"\x1b[C");
                } else {
                    let _ = write!(Text(&mut self.out), "\x1b[{}C", x - cx);
                }
            }
            Some((_, cy)) if x == 0 && cy == y => self.out.push(b'\r'),
            Some((_, cy)) if x == 0 && cy + 1 == y => self.out.extend_from_slice(b"\r\n"),
            _ => {
                let _ = write!(Text(&mut self.out), "\x1b[{};{}H", y + 1, x + 1);
            }
        }
        self.cursor = Some((x, y));
    }

    /// The bytes that reprint the unchanged cells `xs` of row `y` in the current pen, if they
    /// are shorter than `limit` and every one of them can be reprinted safely.
    fn reprint(&self, xs: std::ops::Range<u16>, y: u16, screen: &Buffer, limit: usize) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut x = xs.start;
        while x < xs.end {
            let cell = screen.cell((x, y))?;
            let w = advance(cell)?;
            if Pen::of(cell) != self.pen || x + w > xs.end || bytes.len() + cell.symbol().len() >= limit {
                return None;
            }
            bytes.extend_from_slice(cell.symbol().as_bytes());
            x += w;
        }
        Some(bytes)
    }

    fn style(&mut self, to: Pen) {
        if to == self.pen {
            return;
        }
        let mut from_reset = String::from("0");
        params(&mut from_reset, Pen::RESET, to);
        let removed = !(self.pen.modifier - to.modifier).is_empty();
        let mut changes = String::new();
        if !removed {
            params(&mut changes, self.pen, to);
        }
        let chosen = if removed || from_reset.len() < changes.len() { from_reset } else { changes };
        let _ = write!(Text(&mut self.out), "\x1b[{chosen}m");
        self.pen = to;
    }
}

/// SGR parameters that turn pen `from` into `to`, given that no modifier is removed.
fn params(out: &mut String, from: Pen, to: Pen) {
    let mut push = |p: &str| {
        if !p.is_empty() {
            if !out.is_empty() {
                out.push(';');
            }
            out.push_str(p);
        }
    };
    for (modifier, code) in MODIFIERS {
        if to.modifier.contains(modifier) && !from.modifier.contains(modifier) {
            push(&code.to_string());
        }
    }
    if to.fg != from.fg {
        push(&Colored::ForegroundColor(to.fg.into_crossterm()).to_string());
    }
    if to.bg != from.bg {
        push(&Colored::BackgroundColor(to.bg.into_crossterm()).to_string());
    }
    if to.underline != from.underline {
        push(&Colored::UnderlineColor(to.underline.into_crossterm()).to_string());
    }
}

/// How far printing `cell` moves the cursor, when every terminal agrees: one column for a
/// narrow character, two for the Han characters, kana, hangul and full-width forms whose width
/// no terminal disputes. `None` for anything else (a width forced by the layout, an emoji): the
/// next cell is then reached by an absolute move, as ratatui does.
fn advance(cell: &Cell) -> Option<u16> {
    if cell.diff_option != CellDiffOption::None {
        return None;
    }
    let symbol = cell.symbol();
    match symbol.width() {
        1 if symbol.chars().all(|c| !c.is_control()) => Some(1),
        2 if symbol.chars().count() == 1 && symbol.chars().all(undisputed_wide) => Some(2),
        _ => None,
    }
}

fn undisputed_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

fn digits(n: u16) -> usize {
    n.to_string().len()
}

/// `fmt::Write` into a byte vector.
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
