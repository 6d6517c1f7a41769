//! Reading a document from a path or standard input, with one clear error per way it can fail.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::{self, NotText, TextEncoding};
use super::docx::DocxError;
use super::{Document, is_blank};
use crate::files::OpenError;

/// The largest document jianghua opens: its file, and its text once decoded or extracted (a
/// .docx or a GBK file can hold more text than its size). Opening takes about three times this
/// in memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Where a document came from and what loading it had to repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Display name: the path as given, `-` for standard input, or the sample's name.
    pub name: String,
    /// The file path, when there is one.
    pub path: Option<PathBuf>,
    /// The encoding the bytes were decoded from.
    pub encoding: TextEncoding,
    /// Size of the input in bytes.
    pub bytes: usize,
    /// Byte sequences that could not be decoded and show as U+FFFD.
    pub malformed: usize,
    /// Control characters replaced by visible placeholders.
    pub replaced_controls: usize,
    /// What reading the format skipped or repaired (images skipped, paragraphs recovered…).
    pub notes: Vec<String>,
}

impl Source {
    /// A source with a name only (UTF-8, nothing repaired), for text built in code and tests.
    #[must_use]
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            path: None,
            encoding: TextEncoding::Utf8,
            bytes: 0,
            malformed: 0,
            replaced_controls: 0,
            notes: Vec::new(),
        }
    }

    /// One-line warnings about what loading repaired, for the status bar and stderr.
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.malformed > 0 {
            out.push(format!("{} 处无法解码的字节显示为 �（按 {} 解码）", self.malformed, self.encoding.label()));
        }
        if matches!(self.encoding, TextEncoding::Utf16Le { bom: false } | TextEncoding::Utf16Be { bom: false }) {
            out.push(format!("文件没有字节序标记，按 {} 读取", self.encoding.label()));
        }
        if self.replaced_controls > 0 {
            out.push(format!("{} 个控制字符显示为可见符号（如 ␛）", self.replaced_controls));
        }
        out.extend(self.notes.iter().cloned());
        out
    }
}

/// Why a document could not be opened. Each message says what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot open {0}: no such file. Check the path, or give - to read standard input")]
    NotFound(String),
    #[error("{0} is a directory, not a document. Give the path of a .txt file")]
    IsDirectory(String),
    #[error("cannot read {0}: permission denied. Check the file's permissions (ls -l)")]
    PermissionDenied(String),
    #[error("{0} is not a text document ({1}). Save the speech as plain text (.txt, UTF-8 or GBK) and open that")]
    Binary(String, String),
    #[error("{0} is empty: it holds no text to read. Check that this is the file you meant")]
    Empty(String),
    #[error(
        "{0} is named .docx but is not a Word document ({1}). Rename it to match what it is, or save it from Word again"
    )]
    NotWord(String, String),
    #[error("{0} is a Word file that cannot be read: {1}. Save it again from Word as .docx, or as plain text")]
    Docx(String, String),
    #[error("{0} is {1} MB; jianghua opens documents up to {limit} MB. Split it into smaller files", limit = MAX_DOCUMENT_BYTES >> 20)]
    TooLarge(String, u64),
    #[error("{0} holds over {limit} MB of text; jianghua opens documents up to {limit} MB. Split it into smaller files", limit = MAX_DOCUMENT_BYTES >> 20)]
    TooMuchText(String),
    #[error("{0} is {1}, not a document: jianghua reads only regular files")]
    NotRegular(String, &'static str),
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
}

fn io_error(name: &str, e: std::io::Error) -> LoadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound(name.to_owned()),
        std::io::ErrorKind::PermissionDenied => LoadError::PermissionDenied(name.to_owned()),
        std::io::ErrorKind::IsADirectory => LoadError::IsDirectory(name.to_owned()),
        _ => LoadError::Io(name.to_owned(), e),
    }
}

/// Read raw bytes from a path, or from standard input when the path is `-`.
/// Files are opened read-only; nothing is ever written back.
pub fn read_input(path: &Path) -> Result<(String, Vec<u8>), LoadError> {
    let name = super::safe(&path.to_string_lossy()).into_owned();
    let limit = MAX_DOCUMENT_BYTES;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(|e| io_error(&name, e))?;
    } else {
        // Only regular files, opened without blocking: a FIFO named `讲话.txt` is refused at once.
        let (file, meta) = crate::files::open_regular(path).map_err(|e| match e {
            OpenError::NotRegular("a directory") => LoadError::IsDirectory(name.clone()),
            OpenError::NotRegular(kind) => LoadError::NotRegular(name.clone(), kind),
            OpenError::TooLarge { size, .. } => LoadError::TooLarge(name.clone(), size >> 20),
            OpenError::Io(e) => io_error(&name, e),
        })?;
        if meta.len() > limit {
            return Err(LoadError::TooLarge(name, meta.len() >> 20));
        }
        file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| io_error(&name, e))?;
    }
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge(name, bytes.len() as u64 >> 20));
    }
    Ok((name, bytes))
}

/// Decode bytes into a document, refusing binary and empty input.
pub fn load_bytes(name: &str, path: Option<PathBuf>, bytes: &[u8]) -> Result<Document, LoadError> {
    load_owned(name, path, bytes.to_vec())
}

/// The format a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Word,
}

/// Decide the format by content, with the extension as a hint: a zip that holds a Word document
/// is read as one whatever its name; `.md` is Markdown; a `.docx` that is not a zip is an error.
fn format_of(name: &str, path: Option<&Path>, bytes: &[u8]) -> Result<Format, LoadError> {
    let extension = path.and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
    let zip = bytes.starts_with(b"PK\x03\x04");
    match extension.as_deref() {
        _ if zip => Ok(Format::Word),
        Some("docx") => {
            let what = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
                "it is an old .doc file; save it as .docx".to_owned()
            } else if decode::decode(bytes).is_ok() {
                "it is plain text".to_owned()
            } else {
                "it is not a zip archive".to_owned()
            };
            Err(LoadError::NotWord(name.to_owned(), what))
        }
        Some("md" | "markdown") => Ok(Format::Markdown),
        _ => Ok(Format::Text),
    }
}

/// What a file holds once decoded: plain text, or text extracted from a structured format.
enum Loaded {
    Text(String),
    Extracted(super::Extracted),
}

/// [`load_bytes`], taking the bytes (no copy of valid UTF-8).
pub fn load_owned(name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<Document, LoadError> {
    let (loaded, source) = decode_input(name, path, bytes)?;
    Ok(match loaded {
        Loaded::Text(text) => Document::from_text(text, source),
        Loaded::Extracted(extracted) => Document::from_extracted(extracted, source),
    })
}

/// The text of the document at `path` exactly as [`load_path`] gives it, without splitting it
/// into paragraphs and sentences: what a search of many documents needs of each.
pub fn load_text(path: &Path) -> Result<String, LoadError> {
    let (name, bytes) = read_input(path)?;
    let file_path = (path.as_os_str() != "-").then(|| path.to_path_buf());
    let (loaded, _) = decode_input(&name, file_path, bytes)?;
    Ok(match loaded {
        Loaded::Text(text) => Document::clean(text).0,
        Loaded::Extracted(extracted) => Document::clean(extracted.text).0,
    })
}

/// Decode the bytes of a document: its text (or extracted text) and where it came from.
fn decode_input(name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<(Loaded, Source), LoadError> {
    let size = bytes.len();
    let format = format_of(name, path.as_deref(), &bytes)?;
    if format == Format::Word {
        let extracted = super::read_docx(&bytes).map_err(|e| match e {
            DocxError::TooMuchText => LoadError::TooMuchText(name.to_owned()),
            e => LoadError::Docx(name.to_owned(), e.to_string()),
        })?;
        if is_blank(&extracted.text) {
            return Err(LoadError::Empty(name.to_owned()));
        }
        let mut source = Source {
            name: name.to_owned(),
            path,
            encoding: TextEncoding::Utf8,
            bytes: size,
            malformed: 0,
            replaced_controls: 0,
            notes: extracted.warnings.clone(),
        };
        if !name.to_ascii_lowercase().ends_with(".docx") && name != "-" {
            source.notes.push("按内容作为 Word 文档打开".to_owned());
        }
        return Ok((Loaded::Extracted(extracted), source));
    }
    let decoded = decode::decode_owned(bytes).map_err(|why| {
        let reason = match why {
            NotText::NulBytes => "it contains NUL bytes".to_owned(),
            NotText::Container(kind) => format!("it looks like {kind}"),
            NotText::Undecodable => "most of it decodes neither as UTF-8 nor as GBK".to_owned(),
        };
        LoadError::Binary(name.to_owned(), reason)
    })?;
    if is_blank(&decoded.text) {
        return Err(LoadError::Empty(name.to_owned()));
    }
    if decoded.text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(LoadError::TooMuchText(name.to_owned()));
    }
    let mut source = Source {
        name: name.to_owned(),
        path,
        encoding: decoded.encoding,
        bytes: size,
        malformed: decoded.malformed,
        replaced_controls: 0,
        notes: Vec::new(),
    };
    if format == Format::Markdown {
        let extracted = super::read_markdown(&decoded.text);
        source.notes.extend(extracted.warnings.iter().cloned());
        return Ok((Loaded::Extracted(extracted), source));
    }
    if super::looks_unbroken(&decoded.text) {
        source.notes.push("原文几乎没有换行，已按标号和缩进恢复分段".to_owned());
        return Ok((Loaded::Text(super::recover_paragraphs(&decoded.text)), source));
    }
    Ok((Loaded::Text(decoded.text), source))
}

/// Load a document from a path, or from standard input when the path is `-`.
pub fn load_path(path: &Path) -> Result<Document, LoadError> {
    let (name, bytes) = read_input(path)?;
    let file_path = (path.as_os_str() != "-").then(|| path.to_path_buf());
    load_owned(&name, file_path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_and_directory_have_their_own_errors() {
        let e = load_path(Path::new("/nonexistent/讲话.txt")).unwrap_err();
        assert!(matches!(e, LoadError::NotFound(_)), "{e}");
        assert!(e.to_string().contains("no such file"));
        let e = load_path(Path::new("/")).unwrap_err();
        assert!(matches!(e, LoadError::IsDirectory(_)), "{e}");
    }

    #[test]
    fn empty_and_whitespace_only_are_refused() {
        assert!(matches!(load_bytes("x", None, b"").unwrap_err(), LoadError::Empty(_)));
        assert!(matches!(load_bytes("x", None, " \n\u{3000}\n".as_bytes()).unwrap_err(), LoadError::Empty(_)));
    }

    #[test]
    fn binary_is_refused_with_a_reason() {
        let e = load_bytes("x.bin", None, b"\x00\x01\x02\x00\x00\x05").unwrap_err();
        assert!(e.to_string().contains("NUL"), "{e}");
    }

    #[test]
    fn decoded_text_over_the_limit_is_refused() {
        // 44 MB of UTF-16 decodes to 66 MB of UTF-8: within the file limit, over the text limit.
        let chars = usize::try_from(MAX_DOCUMENT_BYTES).unwrap() / 3 + 1;
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend([0x2D, 0x4E].repeat(chars));
        let e = load_bytes("big.txt", None, &utf16).unwrap_err();
        assert!(matches!(e, LoadError::TooMuchText(_)), "{e}");
        assert!(e.to_string().contains("holds over 64 MB of text"), "{e}");
    }

    #[test]
    fn warnings_name_what_was_repaired() {
        let d = load_bytes("x", None, "甲\u{1b}[2J乙".as_bytes()).unwrap();
        assert_eq!(d.source.warnings(), ["1 个控制字符显示为可见符号（如 ␛）"]);
    }
}
