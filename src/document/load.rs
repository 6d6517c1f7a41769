//! Reading a document from a path or standard input, with one clear error per way it can fail.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::{self, NotText, TextEncoding};
use super::{Document, is_blank};

/// The largest document jianghua opens. Opening takes about three times this in memory.
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
    #[error("{0} is {1} MB; jianghua opens documents up to {limit} MB. Split it into smaller files", limit = MAX_DOCUMENT_BYTES >> 20)]
    TooLarge(String, u64),
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
        let meta = std::fs::metadata(path).map_err(|e| io_error(&name, e))?;
        if meta.is_dir() {
            return Err(LoadError::IsDirectory(name));
        }
        if meta.len() > limit {
            return Err(LoadError::TooLarge(name, meta.len() >> 20));
        }
        let file = std::fs::File::open(path).map_err(|e| io_error(&name, e))?;
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

/// [`load_bytes`], taking the bytes (no copy of valid UTF-8).
pub fn load_owned(name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<Document, LoadError> {
    let size = bytes.len();
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
    let source = Source {
        name: name.to_owned(),
        path,
        encoding: decoded.encoding,
        bytes: size,
        malformed: decoded.malformed,
        replaced_controls: 0,
    };
    Ok(Document::from_text(decoded.text, source))
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
    fn warnings_name_what_was_repaired() {
        let d = load_bytes("x", None, "甲\u{1b}[2J乙".as_bytes()).unwrap();
        assert_eq!(d.source.warnings(), ["1 个控制字符显示为可见符号（如 ␛）"]);
    }
}
