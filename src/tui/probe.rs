//! Is `“` one column or two in this terminal? Asked at start-up as vim's `t_u7` does: print `“`
//! at the top left, ask where the cursor went (`ESC [ 6 n`), and read the answer
//! (`ESC [ 1 ; 2 R` for one column, `3 R` for two) with a short timeout. The question is written
//! before the first frame and the answer read on the input thread, so the first frame never
//! waits; the layout switches when the answer comes. Only when nobody chose a width (config or
//! `--ambiguous-width`), and only on a terminal: never over a pipe, never in `render`.

use std::io::{IsTerminal as _, Write};
use std::os::fd::AsFd as _;
use std::time::{Duration, Instant};

use crate::width::AmbiguousWidth;

/// How long to wait for the terminal's answer.
pub const TIMEOUT: Duration = Duration::from_millis(500);

/// Print `“` at the top left, ask for the cursor position, then clear that line (the terminal
/// answers before it clears).
pub const QUESTION: &str = "\x1b[1;1H\u{201c}\x1b[6n\x1b[1;1H\x1b[2K";

/// May the terminal be asked? Only when standard input and output are both a terminal.
#[must_use]
pub fn possible() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Ask the question.
pub fn ask(out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(QUESTION.as_bytes())?;
    out.flush()
}

/// The width model a cursor-position answer means: column 2 after one `“` is narrow, 3 wide.
/// Anything else (a terminal that moved the cursor elsewhere) is no answer.
#[must_use]
pub fn parse_answer(bytes: &[u8]) -> Option<AmbiguousWidth> {
    let start = bytes.windows(2).rposition(|w| w == b"\x1b[")?;
    let body = std::str::from_utf8(&bytes[start + 2..]).ok()?;
    let body = body.strip_suffix('R')?;
    let (row, col) = body.split_once(';')?;
    row.parse::<u16>().ok()?;
    match col.parse::<u16>().ok()? {
        2 => Some(AmbiguousWidth::Narrow),
        3 => Some(AmbiguousWidth::Wide),
        _ => None,
    }
}

/// Read the answer from standard input within [`TIMEOUT`], byte by byte up to its final `R`,
/// so nothing after it is taken from the reader's input. `None` when it does not come in time
/// (a late answer is then read, and dropped, by the terminal's event parser).
#[must_use]
pub fn answer() -> Option<AmbiguousWidth> {
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let deadline = Instant::now() + TIMEOUT;
    let mut bytes = Vec::new();
    while bytes.len() < 32 {
        let left = deadline.checked_duration_since(Instant::now())?;
        let timeout = rustix::event::Timespec::try_from(left).ok()?;
        let mut fds = [rustix::event::PollFd::new(&fd, rustix::event::PollFlags::IN)];
        if rustix::event::poll(&mut fds, Some(&timeout)).ok()? == 0 {
            return None;
        }
        let mut byte = [0u8];
        if rustix::io::read(fd, &mut byte).ok()? == 0 {
            return None;
        }
        bytes.push(byte[0]);
        if byte[0] == b'R' {
            return parse_answer(&bytes);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_after_a_quote_tells_the_width() {
        assert_eq!(parse_answer(b"\x1b[1;2R"), Some(AmbiguousWidth::Narrow));
        assert_eq!(parse_answer(b"\x1b[1;3R"), Some(AmbiguousWidth::Wide));
        assert_eq!(parse_answer(b"j\x1b[1;3R"), Some(AmbiguousWidth::Wide), "a key typed before it");
        assert_eq!(parse_answer(b"\x1b[1;9R"), None);
        assert_eq!(parse_answer(b"\x1b[1;R"), None);
        assert_eq!(parse_answer(b"\x1b[12"), None);
        assert_eq!(parse_answer(b""), None);
    }

    #[test]
    fn the_question_prints_the_quote_then_asks_then_clears() {
        let mut out = Vec::new();
        ask(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let quote = text.find('“').unwrap();
        let ask = text.find("\x1b[6n").unwrap();
        let clear = text.rfind("\x1b[2K").unwrap();
        assert!(quote < ask && ask < clear, "{text:?}");
    }
}
