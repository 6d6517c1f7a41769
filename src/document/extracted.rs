//! The common result of reading a structured format (Word, Markdown): plain text in the shape the
//! plain-text loader expects, plus the structure the format stated outright.
//!
//! `LineBuilder` is the one place that decides what a line is, so every reader gives the same
//! guarantees: lines are `'\n'`-separated, carry no trailing whitespace, and none is blank, which
//! makes the index of a line in `text` equal to its index among the non-blank lines (blank in the
//! loader's sense, `is_invisible`).

use super::is_invisible;

/// Text pulled out of a structured format, plus what the format said about structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Plain text, one paragraph per line ('\n' separated, no trailing spaces, no empty paragraphs unless meaningful).
    pub text: String,
    /// Structure hints: (0-based index of the non-blank line in `text`, heading level 1..=6).
    pub headings: Vec<(usize, u8)>,
    /// One-line notes about what was skipped or repaired (e.g. "3 images skipped").
    pub warnings: Vec<String>,
}

/// Characters the loader treats as line breaks (LF, CR, U+2028, U+2029), plus the other vertical
/// separators. They never appear inside a built line.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}')
}

/// Builds [`Extracted::text`] line by line and keeps heading hints pointing at the right line.
#[derive(Debug, Default)]
pub(crate) struct LineBuilder {
    text: String,
    lines: usize,
    headings: Vec<(usize, u8)>,
}

impl LineBuilder {
    /// Append `line` (split further at any line-break character). Trailing whitespace is removed and
    /// blank pieces are dropped. Returns the index of the first line actually added.
    pub(crate) fn push(&mut self, line: &str) -> Option<usize> {
        let mut first = None;
        for piece in line.split(is_line_break) {
            let piece = piece.trim_end_matches(is_invisible);
            if piece.chars().all(is_invisible) {
                continue;
            }
            if self.lines > 0 {
                self.text.push('\n');
            }
            self.text.push_str(piece);
            first.get_or_insert(self.lines);
            self.lines += 1;
        }
        first
    }

    /// Append `line` and, when it was kept, mark it as a heading of `level` (clamped to 1..=6).
    pub(crate) fn push_heading(&mut self, line: &str, level: u8) -> Option<usize> {
        let index = self.push(line)?;
        self.headings.push((index, level.clamp(1, 6)));
        Some(index)
    }

    /// The finished result.
    pub(crate) fn finish(self, warnings: Vec<String>) -> Extracted {
        Extracted { text: self.text, headings: self.headings, warnings }
    }
}

/// "1 image skipped" / "3 images skipped"; `None` for zero.
pub(crate) fn count_note(n: usize, one: &str, many: &str, what: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 {one} {what}")),
        _ => Some(format!("{n} {many} {what}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_drops_blank_lines_and_trailing_space() {
        let mut b = LineBuilder::default();
        assert_eq!(b.push("  "), None);
        assert_eq!(b.push("　　第一段。  "), Some(0));
        assert_eq!(b.push("a\r\nb\u{2028}\u{200B}"), Some(1));
        assert_eq!(b.push_heading("标题\t", 9), Some(3));
        let e = b.finish(vec![]);
        assert_eq!(e.text, "　　第一段。\na\nb\n标题");
        assert_eq!(e.headings, [(3, 6)]);
    }

    #[test]
    fn count_notes() {
        assert_eq!(count_note(0, "image", "images", "skipped"), None);
        assert_eq!(count_note(1, "image", "images", "skipped").as_deref(), Some("1 image skipped"));
        assert_eq!(count_note(3, "image", "images", "skipped").as_deref(), Some("3 images skipped"));
    }
}
