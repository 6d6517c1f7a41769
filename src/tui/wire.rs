//! The reader's terminal backend: ratatui's crossterm backend, lighter on the wire.
//!
//! Over a slow link every byte of a frame is lag. ratatui's crossterm backend moves the cursor
//! before every cell that follows a wide character (so every Han character costs a move) and
//! redraws every row of a scrolled text. This backend sends the same screen with less:
//! - cells are encoded by [`encode`] (moves only where needed, one SGR per style change);
//! - it remembers what the terminal shows, and when whole rows moved (the text in text-only
//!   mode after `j`), it lets the terminal scroll them with a scrolling region
//!   ([`scroll::find`]) and sends only the rows that came into view, if that is shorter.
//!
//! Everything else (cursor, clearing, size) is done as crossterm's backend does it.

mod encode;
mod scroll;

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr as _;

pub use scroll::Scroll;

/// What the terminal shows.
enum Screen {
    /// Nothing yet (a fresh alternate screen, or just cleared): blank at the current size.
    Blank,
    Known(Buffer),
    /// Something we cannot follow (a partial clear): frames are sent without scrolling or
    /// reprinting until the next full clear.
    Unknown,
}

/// A ratatui backend writing to `W` (standard output in the reader).
pub struct WireBackend<W: Write> {
    out: W,
    /// What the terminal shows, as far as we know.
    shown: Screen,
    /// A fixed size (tests), instead of asking the terminal.
    fixed: Option<Size>,
}

impl<W: Write> WireBackend<W> {
    /// A backend for the terminal on `out`; the screen is taken to be blank (just entered the
    /// alternate screen), as ratatui takes it.
    pub fn new(out: W) -> Self {
        Self { out, shown: Screen::Blank, fixed: None }
    }

    /// A backend of a fixed size that never asks a terminal (tests, benches).
    pub fn fixed(out: W, size: Size) -> Self {
        Self { out, shown: Screen::Blank, fixed: Some(size) }
    }

    /// The writer (tests read what was sent).
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn blank(&self) -> io::Result<Buffer> {
        let size = self.size()?;
        Ok(Buffer::empty(Rect::new(0, 0, size.width, size.height)))
    }
}

impl<W: Write> Backend for WireBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let updates: Vec<(u16, u16, &Cell)> = content.collect();
        if updates.is_empty() {
            return Ok(());
        }
        let known = match std::mem::replace(&mut self.shown, Screen::Unknown) {
            Screen::Blank => Some(self.blank()?),
            Screen::Known(screen) => Some(screen),
            Screen::Unknown => None,
        };
        let width = self.size()?.width;
        let (bytes, shown) = match known {
            Some(old) if updates.iter().all(|&(x, y, _)| old.cell((x, y)).is_some()) => {
                let (bytes, new) = lightest(old, &updates);
                (bytes, Screen::Known(new))
            }
            // Drawn over a screen we cannot follow: send the cells as they come.
            _ => {
                let mut plain = encode::Encoder::new(width);
                for &(x, y, cell) in &updates {
                    plain.cell(x, y, cell, None);
                }
                plain.finish();
                (plain.out, Screen::Unknown)
            }
        };
        self.out.write_all(&bytes)?;
        self.shown = shown;
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        execute!(self.out, cursor::Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        execute!(self.out, cursor::Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        cursor::position().map(|(x, y)| Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        execute!(self.out, cursor::MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let kind = match clear_type {
            ClearType::All => terminal::ClearType::All,
            ClearType::AfterCursor => terminal::ClearType::FromCursorDown,
            ClearType::BeforeCursor => terminal::ClearType::FromCursorUp,
            ClearType::CurrentLine => terminal::ClearType::CurrentLine,
            ClearType::UntilNewLine => terminal::ClearType::UntilNewLine,
        };
        execute!(self.out, terminal::Clear(kind))?;
        // A full clear leaves a blank screen of the current size; after a partial one we no
        // longer know what is shown, and the next frame is sent without scrolling.
        self.shown = match clear_type {
            ClearType::All => Screen::Blank,
            _ => Screen::Unknown,
        };
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => terminal::size().map(|(width, height)| Size { width, height }),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        if let Some(columns_rows) = self.fixed {
            return Ok(WindowSize { columns_rows, pixels: Size::default() });
        }
        let w = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size { width: w.columns, height: w.rows },
            pixels: Size { width: w.width, height: w.height },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The shorter of two ways to turn `old` (on the terminal) into `old` with `updates`: the
/// updates as they are, or a scroll and what it leaves to draw. Returns the bytes and the new
/// screen.
fn lightest(mut old: Buffer, updates: &[(u16, u16, &Cell)]) -> (Vec<u8>, Buffer) {
    let mut new = old.clone();
    for &(x, y, cell) in updates {
        new[(x, y)] = cell.clone();
        // The cells a wide character covers are blank, as in the frame (the diff skips them).
        for covered in x + 1..x.saturating_add(columns(cell)).min(new.area.width) {
            new[(covered, y)] = Cell::EMPTY;
        }
    }
    let mut bytes = encode_all(&old, &new, updates.iter().map(|&(x, y, _)| (x, y)), &[]);
    if let Some(scroll) = scroll::find(&old, &new) {
        scroll.apply(&mut old);
        let changed: Vec<(u16, u16)> = old.diff(&new).into_iter().map(|(x, y, _)| (x, y)).collect();
        let scrolled = encode_all(&old, &new, changed.into_iter(), scroll.sequence().as_bytes());
        if scrolled.len() < bytes.len() {
            bytes = scrolled;
        }
    }
    (bytes, new)
}

/// The bytes that turn `shown` into `new` by writing the cells at `changed` (in order), after
/// `prefix`. A character that covers the left half of a wide one leaves its right half blank in
/// a style each terminal picks for itself; that cell is written too, so the screen is exact.
fn encode_all(shown: &Buffer, new: &Buffer, changed: impl Iterator<Item = (u16, u16)>, prefix: &[u8]) -> Vec<u8> {
    let mut encoder = encode::Encoder::new(new.area.width);
    encoder.raw(prefix);
    let mut next_free = (0, 0);
    for (mut x, y) in changed {
        if (y, x) < next_free {
            continue;
        }
        loop {
            let cell = &new[(x, y)];
            encoder.cell(x, y, cell, Some(new));
            let end = x.saturating_add(columns(cell));
            next_free = (y, end);
            if end >= new.area.width || shown.cell((end - 1, y)).is_none_or(|c| columns(c) < 2) {
                break;
            }
            x = end;
        }
    }
    encoder.finish();
    encoder.out
}

/// How many columns a cell takes, as the layout and ratatui's diff count them.
fn columns(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => u16::try_from(cell.symbol().width()).unwrap_or(1).max(1),
    }
}
