//! Loading a speech: bytes → safe text → paragraphs and sentences with their offsets.
//!
//! A [`Document`] holds one string, the sanitised text with LF line breaks. Every paragraph and
//! sentence is a byte range into it; paragraphs also carry their char offset and source line, and
//! a checkpoint every 64 KB holds the char offset there, so byte and char offsets convert cheaply
//! (binary search, then a count of at most 64 KB) even inside one huge paragraph.

mod decode;
mod docx;
mod extracted;
mod head;
mod load;
mod many;
mod markdown;
mod reflow;
mod sanitize;
mod sentence;
mod split;

use std::ops::Range;
use std::sync::Arc;

pub use decode::{NotText, TextEncoding, decode, decode_owned};
pub use docx::{DocxError, read_docx};
pub use extracted::Extracted;
pub use head::{HEAD_BYTES, PROGRESSIVE_FROM, head_of, load_head};
pub use load::{LoadError, MAX_DOCUMENT_BYTES, Source, load_bytes, load_owned, load_path, load_text, read_input};
pub use many::{EXTENSIONS, Opened, collect, open_all};
pub use markdown::read_markdown;
pub use reflow::{looks_unbroken, recover_paragraphs};
pub use sanitize::{is_unsafe, make_safe, placeholder, safe};
pub use split::MAX_PARAGRAPH_BYTES;

/// One non-blank source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`Document::text`], from the line start (indent included) to its last
    /// non-whitespace character.
    pub bytes: Range<usize>,
    /// The same range in chars.
    pub chars: Range<usize>,
    /// 1-based source line.
    pub line: usize,
}

/// A loaded, decoded and sanitised document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the text came from, and how it was decoded.
    pub source: Source,
    /// Shared so that background analysis can read it without a copy.
    text: Arc<String>,
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Range<usize>>,
    char_len: usize,
    /// Heading levels that the source format gave (Word heading styles, Markdown `#`), by
    /// paragraph index.
    hints: Vec<(usize, u8)>,
    /// `(byte, char)` offsets of char boundaries about [`CHECKPOINT_BYTES`] apart.
    checkpoints: Vec<(usize, usize)>,
}

/// How far apart the offset checkpoints are: the most text one conversion counts through.
const CHECKPOINT_BYTES: usize = 64 * 1024;

fn checkpoints(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT_BYTES);
    let (mut byte, mut chars) = (0, 0);
    while byte + CHECKPOINT_BYTES < text.len() {
        let next = floor_boundary(text, byte + CHECKPOINT_BYTES);
        chars += text[byte..next].chars().count();
        byte = next;
        out.push((byte, chars));
    }
    out
}

/// Whitespace or a zero-width character: nothing a reader can see.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// True for a line that holds nothing visible.
#[must_use]
pub fn is_blank(line: &str) -> bool {
    line.chars().all(is_invisible)
}

/// `line` without invisible characters at either end.
#[must_use]
pub fn trim_visible(line: &str) -> &str {
    line.trim_matches(is_invisible)
}

impl Document {
    /// Build a document from already decoded text. Line breaks are normalised and control
    /// characters replaced here, so any text is accepted.
    #[must_use]
    pub fn from_text(text: String, mut source: Source) -> Self {
        let (text, replaced, breaks) = Self::clean(text);
        source.replaced_controls = replaced;
        if breaks > 0 {
            source
                .notes
                .push(format!("{breaks} 处超长段落已在句末拆开（每段不超过 {} KB）", MAX_PARAGRAPH_BYTES >> 10));
        }
        let mut paragraphs = Vec::new();
        let mut sentences = Vec::new();
        let (mut byte, mut chars) = (0usize, 0usize);
        for (index, line) in text.split('\n').enumerate() {
            let line_chars = line.chars().count();
            if !is_blank(line) {
                let trimmed = line.trim_end();
                let kept = trimmed.len();
                let kept_chars = line_chars - line[kept..].chars().count();
                paragraphs.push(Paragraph {
                    bytes: byte..byte + kept,
                    chars: chars..chars + kept_chars,
                    line: index + 1,
                });
                sentence::split_into(trimmed, byte, &mut sentences);
            }
            byte += line.len() + 1;
            chars += line_chars + 1;
        }
        let char_len = chars.saturating_sub(1);
        let checkpoints = checkpoints(&text);
        Self { source, text: Arc::new(text), paragraphs, sentences, char_len, hints: Vec::new(), checkpoints }
    }

    /// Text as a document holds it: control characters replaced and overlong paragraphs split
    /// at a sentence end; with how many characters were replaced and paragraphs split.
    fn clean(text: String) -> (String, usize, usize) {
        let clean = sanitize::sanitize(text);
        let (text, breaks) = split::split_long_paragraphs(clean.text);
        (text, clean.replaced, breaks)
    }

    /// A document from a structured format: its text and heading hints (by non-blank line).
    #[must_use]
    pub fn from_extracted(extracted: Extracted, source: Source) -> Self {
        let mut doc = Self::from_text(extracted.text, source);
        let count = doc.paragraphs.len();
        doc.hints = extracted.headings.into_iter().filter(|(p, _)| *p < count).collect();
        doc
    }

    /// The heading level a source format gave paragraph `index`, if any.
    #[must_use]
    pub fn heading_hint(&self, index: usize) -> Option<u8> {
        self.hints.binary_search_by_key(&index, |(p, _)| *p).ok().map(|i| self.hints[i].1)
    }

    /// The whole sanitised text, with `\n` line breaks.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as a shared handle, for work on another thread.
    #[must_use]
    pub fn shared_text(&self) -> Arc<String> {
        Arc::clone(&self.text)
    }

    /// Non-blank lines in order.
    #[must_use]
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Sentence byte ranges in order.
    #[must_use]
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// Length of the text in chars.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The text of one paragraph.
    #[must_use]
    pub fn paragraph_text(&self, index: usize) -> &str {
        self.paragraphs.get(index).map_or("", |p| &self.text[p.bytes.clone()])
    }

    /// Index of the paragraph containing `byte`, or of the first one after it.
    #[must_use]
    pub fn paragraph_at(&self, byte: usize) -> usize {
        self.paragraphs.partition_point(|p| p.bytes.end <= byte).min(self.paragraphs.len().saturating_sub(1))
    }

    /// Index of the sentence containing `byte`, or of the first one after it.
    #[must_use]
    pub fn sentence_at(&self, byte: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= byte).min(self.sentences.len().saturating_sub(1))
    }

    /// Convert a byte offset (on a char boundary) to a char offset.
    #[must_use]
    pub fn char_of_byte(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let i = self.paragraphs.partition_point(|p| p.bytes.start <= byte);
        let para =
            i.checked_sub(1).map_or((0, 0), |i| (self.paragraphs[i].bytes.start, self.paragraphs[i].chars.start));
        let c = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        let (base_byte, base_char) = c.checked_sub(1).map_or(para, |c| self.checkpoints[c].max(para));
        let end = floor_boundary(&self.text, byte);
        base_char + self.text[base_byte..end].chars().count()
    }

    /// [`Document::char_of_byte`] for many offsets in ascending order, in one pass over the text.
    #[must_use]
    pub fn chars_of_bytes(&self, bytes: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let (mut at_byte, mut at_char) = (0, 0);
        bytes
            .into_iter()
            .map(|byte| {
                let end = floor_boundary(&self.text, byte);
                if end < at_byte {
                    return self.char_of_byte(end);
                }
                at_char += self.text[at_byte..end].chars().count();
                at_byte = end;
                at_char
            })
            .collect()
    }

    /// Convert a char offset to a byte offset (clamped to the text).
    #[must_use]
    pub fn byte_of_char(&self, char_offset: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.chars.start <= char_offset);
        let para =
            i.checked_sub(1).map_or((0, 0), |i| (self.paragraphs[i].bytes.start, self.paragraphs[i].chars.start));
        let c = self.checkpoints.partition_point(|&(_, ch)| ch <= char_offset);
        let (base_byte, base_char) = c.checked_sub(1).map_or(para, |c| self.checkpoints[c].max(para));
        self.text[base_byte..]
            .char_indices()
            .nth(char_offset - base_char)
            .map_or(self.text.len(), |(b, _)| base_byte + b)
    }
}

/// The largest char boundary at or below `i`.
#[must_use]
pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text(text.to_owned(), Source::named("test"))
    }

    #[test]
    fn paragraphs_skip_blank_lines_and_keep_indent() {
        let d = doc("标题\n\n　　正文一。\n \u{200B}\n正文二。  \n");
        let texts: Vec<_> = (0..d.paragraphs().len()).map(|i| d.paragraph_text(i)).collect();
        assert_eq!(texts, ["标题", "　　正文一。", "正文二。"]);
        let lines: Vec<_> = d.paragraphs().iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(d.paragraphs()[1].chars, 4..10, "两个 + 两个换行 = 4; 　　正文一。 = 6 chars");
    }

    #[test]
    fn crlf_documents_have_the_same_model_as_lf() {
        let a = doc("一、甲\r\n正文。\r\n");
        let b = doc("一、甲\n正文。\n");
        assert_eq!(a.paragraphs(), b.paragraphs());
        assert_eq!(a.text(), b.text());
    }

    #[test]
    fn offsets_convert_inside_one_huge_paragraph() {
        // Over 3 checkpoints on one line, with 1-, 2-, 3- and 4-byte chars so that checkpoints
        // fall inside chars.
        let line = "a两é个😀确立".repeat(20_000);
        let d = doc(&format!("标题\n{line}\n尾"));
        let text = d.text();
        let naive: Vec<(usize, usize)> = text.char_indices().enumerate().map(|(c, (b, _))| (b, c)).collect();
        for &(b, c) in naive.iter().step_by(997).chain(naive.last()) {
            assert_eq!(d.char_of_byte(b), c);
            assert_eq!(d.byte_of_char(c), b);
        }
        let sample: Vec<(usize, usize)> = naive.iter().copied().step_by(313).collect();
        assert_eq!(
            d.chars_of_bytes(sample.iter().map(|&(b, _)| b)),
            sample.iter().map(|&(_, c)| c).collect::<Vec<_>>()
        );
        assert_eq!(d.byte_of_char(d.char_len() + 5), text.len());
    }

    #[test]
    fn byte_and_char_offsets_convert_both_ways() {
        let d = doc("同志们：\nab讲话。\n");
        for (ch, c) in d.text().chars().enumerate() {
            let _ = c;
            let byte = d.byte_of_char(ch);
            assert_eq!(d.char_of_byte(byte), ch);
        }
        assert_eq!(d.char_len(), d.text().chars().count());
    }

    #[test]
    fn sentences_cover_every_paragraph() {
        let d = doc("一是甲。二是乙。\n第三段");
        let s: Vec<_> = d.sentences().iter().map(|r| &d.text()[r.clone()]).collect();
        assert_eq!(s, ["一是甲。", "二是乙。", "第三段"]);
        assert_eq!(d.sentence_at(d.text().find('乙').unwrap()), 1);
    }
}
