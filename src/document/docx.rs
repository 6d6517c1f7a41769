//! Reading Word documents (.docx): the text of the body in reading order, heading hints from
//! paragraph styles and outline levels, and Word's automatic numbers (`一、`, `（一）`, `1.`) written
//! into the text where the structure parser expects them.
//!
//! A .docx is a zip archive of XML parts. The main part (normally `word/document.xml`, otherwise
//! the one `_rels/.rels` names) is streamed, never held whole, through a limited reader that
//! counts what is actually inflated (the sizes an archive declares are not trusted): at most
//! 200 MB, and at most [`MAX_EXPANSION`] times its compressed size once past 8 MB, so a zip bomb
//! is refused after a few megabytes. The text taken from it is capped at the document limit
//! (64 MB). `styles.xml` and `numbering.xml` are optional and a damaged one only costs the hints
//! it would have given (with a warning).
//!
//! Decisions (details in the submodules `body`, `styles` and `numbering`):
//! - Tables: every paragraph of every cell becomes a line of its own, nested tables included (a
//!   table in a speech is nearly always a list).
//! - Headings: `Heading N`/`heading N`/`标题 N` styles (by name or id, through `w:basedOn`) and
//!   `w:outlineLvl` give hints; the `Title`/`标题` and `Subtitle` styles give none, because the title
//!   belongs to the document frame, found by position.
//! - Numbers: rendered per `w:numId` with Word's counting and restart rules and prepended unless the
//!   paragraph already starts with them; bullets render nothing.
//! - Skipped: field codes, deleted and hidden text, pictures and drawings (with their text boxes),
//!   footnote references, table of contents entries; each kind that occurred is one warning.

mod body;
mod numbering;
mod styles;
mod xml;

use std::io::{Cursor, Read, Seek};

use zip::ZipArchive;
use zip::result::ZipError;

use super::extracted::Extracted;
use numbering::Numbering;
use styles::Styles;
use xml::{Ev, Fail, Name, Walker};

/// The largest uncompressed main document part read (a guard against zip bombs).
pub const MAX_DOCUMENT_XML_BYTES: u64 = 200 * 1024 * 1024;
/// How many times its compressed size a part may inflate to. Word's XML compresses about 5 to 20
/// times; a zip bomb, a thousand times and more.
pub const MAX_EXPANSION: u64 = 100;
/// Parts up to this size uncompressed are read whatever their expansion.
const EXPANSION_FLOOR: u64 = 8 * 1024 * 1024;
/// The largest uncompressed style or numbering part read.
const MAX_AUX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// The largest relationships part read.
const MAX_RELS_BYTES: u64 = 1024 * 1024;
/// Compound File Binary header: old .doc files and password-protected .docx files.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a .docx could not be read. Each message is one line that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// The bytes are not a zip archive at all.
    #[error("not a .docx file: the data is not a zip archive")]
    NotZip,
    /// An OLE container: a legacy .doc, or an encrypted .docx.
    #[error("this is an old .doc file or a password-protected document: save it as .docx without a password")]
    LegacyOrEncrypted,
    /// A zip archive that is cut short or corrupt.
    #[error("damaged .docx: the zip archive is truncated or corrupt ({0})")]
    DamagedZip(String),
    /// A zip archive without a Word main document.
    #[error("not a Word document: the zip archive has no word/document.xml")]
    NotWord,
    /// The main document part is not well-formed XML.
    #[error("damaged .docx: {part} is not well-formed XML ({detail})")]
    DamagedXml {
        /// The part's path inside the archive.
        part: String,
        /// The parser's description.
        detail: String,
    },
    /// The main document part is larger than [`MAX_DOCUMENT_XML_BYTES`] uncompressed.
    #[error("{part} is over {limit_mb} MB when uncompressed; refusing to open it", limit_mb = MAX_DOCUMENT_XML_BYTES >> 20)]
    TooLarge {
        /// The part's path inside the archive.
        part: String,
    },
    /// The main part inflates more than [`MAX_EXPANSION`] times: a zip bomb.
    #[error("{part} inflates more than {MAX_EXPANSION} times its compressed size (a zip bomb?); refusing to open it")]
    Bomb {
        /// The part's path inside the archive.
        part: String,
    },
    /// The text is larger than the document limit.
    #[error("its text is over {limit_mb} MB; jianghua opens documents up to {limit_mb} MB. Split it into smaller files", limit_mb = crate::document::MAX_DOCUMENT_BYTES >> 20)]
    TooMuchText,
}

/// How much of a part with `compressed` bytes in an archive of `archive` bytes may be inflated.
fn inflate_limit(compressed: u64, archive: usize, max: u64) -> u64 {
    // A central directory may claim any compressed size: the archive bounds it.
    let compressed = compressed.min(archive as u64);
    compressed.saturating_mul(MAX_EXPANSION).max(EXPANSION_FLOOR).min(max)
}

/// Extract the text and structure hints of a .docx held in memory.
///
/// # Errors
///
/// A [`DocxError`] when the bytes are not a readable Word document: not a zip, a legacy or
/// encrypted file, a damaged archive, no main document, damaged XML in the main document, or a
/// main document over [`MAX_DOCUMENT_XML_BYTES`]. Never panics, whatever the input.
pub fn read_docx(bytes: &[u8]) -> Result<Extracted, DocxError> {
    // Part names and parser details come from the archive: one safe, short line each.
    let line = |s: String| -> String {
        let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(160).collect();
        crate::document::safe(&s).into_owned()
    };
    match read(bytes) {
        Ok(mut extracted) => {
            extracted.warnings = extracted.warnings.into_iter().map(line).collect();
            Ok(extracted)
        }
        Err(DocxError::DamagedZip(detail)) => Err(DocxError::DamagedZip(line(detail))),
        Err(DocxError::DamagedXml { part, detail }) => {
            Err(DocxError::DamagedXml { part: line(part), detail: line(detail) })
        }
        Err(DocxError::TooLarge { part }) => Err(DocxError::TooLarge { part: line(part) }),
        Err(DocxError::Bomb { part }) => Err(DocxError::Bomb { part: line(part) }),
        Err(e) => Err(e),
    }
}

fn read(bytes: &[u8]) -> Result<Extracted, DocxError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(DocxError::LegacyOrEncrypted);
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| if bytes.starts_with(b"PK") { DocxError::DamagedZip(e.to_string()) } else { DocxError::NotZip })?;
    let main = main_part(&mut zip).ok_or(DocxError::NotWord)?;
    let folder = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut warnings = Vec::new();

    let styles_part = format!("{}styles.xml", prefix(folder));
    let styles: Styles = read_aux(&mut zip, &styles_part, &mut warnings, "heading styles may be missed");
    let numbering_part = format!("{}numbering.xml", prefix(folder));
    let numbering: Numbering = read_aux(&mut zip, &numbering_part, &mut warnings, "list numbers may be missing");

    let damaged = |detail: String| DocxError::DamagedXml { part: main.clone(), detail };
    let file = match zip.by_name(&main) {
        Ok(file) => file,
        Err(e) => return Err(zip_error(e)),
    };
    if file.size() > MAX_DOCUMENT_XML_BYTES {
        return Err(DocxError::TooLarge { part: main });
    }
    let limit = inflate_limit(file.compressed_size(), bytes.len(), MAX_DOCUMENT_XML_BYTES);
    let mut walker = Walker::new(file, limit);
    let mut extracted = match body::read(&mut walker, &styles, &numbering) {
        Ok(extracted) => extracted,
        Err(Fail::TooLarge) if limit < MAX_DOCUMENT_XML_BYTES => return Err(DocxError::Bomb { part: main }),
        Err(Fail::TooLarge) => return Err(DocxError::TooLarge { part: main }),
        Err(Fail::TooMuchText) => return Err(DocxError::TooMuchText),
        Err(Fail::Zip(detail)) => return Err(DocxError::DamagedZip(detail)),
        Err(Fail::Xml(detail)) => return Err(damaged(detail)),
    };
    warnings.append(&mut extracted.warnings);
    extracted.warnings = warnings;
    Ok(extracted)
}

fn prefix(folder: &str) -> String {
    if folder.is_empty() { String::new() } else { format!("{folder}/") }
}

fn zip_error(e: ZipError) -> DocxError {
    match e {
        ZipError::FileNotFound => DocxError::NotWord,
        ZipError::UnsupportedArchive(what) if what == ZipError::PASSWORD_REQUIRED => DocxError::LegacyOrEncrypted,
        other => DocxError::DamagedZip(other.to_string()),
    }
}

/// The archive's name for `wanted`, ignoring ASCII case and backslashes.
fn find_name<R: Read + Seek>(zip: &ZipArchive<R>, wanted: &str) -> Option<String> {
    if zip.index_for_name(wanted).is_some() {
        return Some(wanted.to_owned());
    }
    zip.file_names().find(|n| n.replace('\\', "/").eq_ignore_ascii_case(wanted)).map(str::to_owned)
}

/// The main document part: `word/document.xml`, or the officeDocument target in `_rels/.rels`.
fn main_part<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Option<String> {
    if let Some(name) = find_name(zip, "word/document.xml") {
        return Some(name);
    }
    let rels = find_name(zip, "_rels/.rels")?;
    let file = zip.by_name(&rels).ok()?;
    let mut walker = Walker::new(file, MAX_RELS_BYTES);
    let target = loop {
        match walker.next().ok()? {
            Ev::Eof => return None,
            Ev::Empty(Name::Relationship, attrs) | Ev::Open(Name::Relationship, attrs)
                if attrs.rel_type.as_deref().is_some_and(|t| t.ends_with("/officeDocument")) =>
            {
                break attrs.target?;
            }
            _ => {}
        }
    };
    drop(walker);
    find_name(zip, target.trim_start_matches('/'))
}

/// Read an optional part; when it is damaged, note `cost` and go on without it.
fn read_aux<R: Read + Seek, T: xml::Part>(
    zip: &mut ZipArchive<R>,
    part: &str,
    warnings: &mut Vec<String>,
    cost: &str,
) -> T {
    let Some(name) = find_name(zip, part) else { return T::default() };
    let result = match zip.by_name(&name) {
        Ok(file) if file.size() > MAX_AUX_XML_BYTES => Err("too large".to_owned()),
        Ok(file) => {
            let limit = inflate_limit(file.compressed_size(), usize::MAX, MAX_AUX_XML_BYTES);
            T::parse(&mut Walker::new(file, limit)).map_err(|e| match e {
                Fail::TooLarge | Fail::TooMuchText => "too large".to_owned(),
                Fail::Zip(d) | Fail::Xml(d) => d,
            })
        }
        Err(e) => Err(e.to_string()),
    };
    result.unwrap_or_else(|detail| {
        warnings.push(format!("{name} could not be read ({detail}): {cost}"));
        T::default()
    })
}

#[cfg(test)]
mod tests;
