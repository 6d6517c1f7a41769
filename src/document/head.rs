//! The head of a big document, read before the rest: a first screen that does not wait for the
//! whole file.
//!
//! A plain-text file of [`PROGRESSIVE_FROM`] bytes or more can be shown from its first
//! [`HEAD_BYTES`], cut after the last whole line, while the whole file is read and analysed in the
//! background. The head goes through the same decoding and the same [`Document::from_text`] as
//! the whole file, so its lines are the whole document's first lines, byte for byte: the byte
//! offsets of the head are valid in the whole document.
//!
//! Word and Markdown files, text without line breaks in its head, and text that looks unbroken
//! (its paragraphs would be recovered from the whole) have no head: they are read whole as before.

use std::io::Read;
use std::path::Path;

use super::{Document, Source, decode, looks_unbroken};

/// Files this big or bigger open from their head first.
pub const PROGRESSIVE_FROM: u64 = 1024 * 1024;

/// How much of the file the head reads (a few hundred screens of text).
pub const HEAD_BYTES: usize = 256 * 1024;

/// The head of the document at `path`, or None when it should be read whole (small, not plain
/// text, unreadable, or a head with no whole line). Errors are left to the whole read, which
/// reports them as it always has.
#[must_use]
pub fn load_head(path: &Path) -> Option<Document> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(extension.as_deref(), Some("docx" | "md" | "markdown")) {
        return None;
    }
    let (file, meta) = crate::files::open_regular(path).ok()?;
    if meta.len() < PROGRESSIVE_FROM || meta.len() > super::MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(HEAD_BYTES);
    file.take(HEAD_BYTES as u64).read_to_end(&mut bytes).ok()?;
    let mut doc = head_of(&bytes)?;
    doc.source.name = super::safe(&path.to_string_lossy()).into_owned();
    doc.source.path = Some(path.to_path_buf());
    doc.source.bytes = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    Some(doc)
}

/// The document made of the whole lines at the start of `bytes` (the first bytes of a file), or
/// None when there is no whole line, the bytes are not text, or the text looks unbroken.
#[must_use]
pub fn head_of(bytes: &[u8]) -> Option<Document> {
    if bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0);
    // A line feed byte is never inside a UTF-8 or GB18030 character; in UTF-16 it is one byte of
    // a code unit, so the cut is moved to the unit's end (the decoded text is cut at its last
    // line break below in any case).
    let mut cut = bytes.iter().rposition(|&b| b == b'\n')? + 1;
    if utf16 && cut % 2 == 1 {
        // The unit's end; or, when the bytes stop inside that unit, its start.
        cut = if cut < bytes.len() { cut + 1 } else { cut - 1 };
    }
    let decoded = decode::decode(bytes.get(..cut)?).ok()?;
    let mut text = decoded.text;
    text.truncate(text.rfind('\n')? + 1);
    if super::is_blank(&text) || looks_unbroken(&text) {
        return None;
    }
    let mut source = Source::named("");
    source.encoding = decoded.encoding;
    source.malformed = decoded.malformed;
    Some(Document::from_text(text, source))
}
