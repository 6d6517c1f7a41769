//! The brief as a file: its format from the file name's extension, the name offered for it
//! (from the speech's corrected title), and what to do when a file of that name exists. Writing
//! it is `writer::brief`'s business; everything here is pure.

use std::path::Path;

use super::{BriefFormat, Sources, brief, brief_docx};
use crate::document::Document;
use crate::structure::Outline;

/// The most characters of the title a file name takes: short enough for every file system
/// (255 bytes, three per Chinese character) and for a file list to show.
const NAME_CHARS: usize = 40;
/// What the offered name ends with, before the extension.
const NAME_SUFFIX: &str = "-学习要点";

/// What to do when the brief's file exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Leave it and say so: the command line refuses, the reader asks.
    Ask,
    /// Replace it (after `--force` or a yes). A symlink is replaced, never written through.
    Replace,
    /// The name was ours to choose: take the first free one, `NAME (2).md`, `NAME (3).md` …
    NewName,
}

/// A brief written to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Where it is, as an absolute path.
    pub path: std::path::PathBuf,
    /// The name asked for, when that was taken and [`Existing::NewName`] chose another.
    pub instead_of: Option<std::path::PathBuf>,
}

/// The formats a brief file may have, for messages.
pub const FORMATS: &str = ".md（Markdown）、.txt（纯文本，按打印宽度换行）或 .docx（Word 文档）";

/// Why a file name gives no format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("不支持的格式「.{0}」：学习要点可以写成 {FORMATS}")]
    Unknown(String),
    #[error("文件名没有扩展名：学习要点可以写成 {FORMATS}")]
    Missing,
    #[error("--format {given} 与文件名的扩展名 .{extension} 不符")]
    Conflict { given: &'static str, extension: String },
}

impl BriefFormat {
    /// The format a file name asks for, by its extension (any case).
    pub fn of_path(path: &Path) -> Result<Self, FormatError> {
        let ext = path.extension().ok_or(FormatError::Missing)?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Ok(Self::Markdown),
            "txt" | "text" => Ok(Self::Text),
            "docx" => Ok(Self::Docx),
            _ => Err(FormatError::Unknown(crate::document::safe(&ext).into_owned())),
        }
    }

    /// The extension of a file in this format.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Text => "txt",
            Self::Docx => "docx",
        }
    }

    /// The name of the format on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Text => "text",
            Self::Docx => "docx",
        }
    }
}

/// The brief's bytes in `format`.
#[must_use]
pub fn render(src: &Sources<'_>, format: BriefFormat) -> Vec<u8> {
    match format {
        BriefFormat::Docx => brief_docx(src),
        other => brief(src, other).into_bytes(),
    }
}

/// The file name offered for the brief: `<title>-学习要点.<ext>`, from the title the structure
/// found (page chrome before it never counts), or the document's own name without its extension
/// when there is no title.
#[must_use]
pub fn default_name(doc: &Document, outline: &Outline, format: BriefFormat) -> String {
    let title = outline.frame.title.clone().unwrap_or_else(|| {
        let name = &doc.source.name;
        Path::new(name).file_stem().map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned())
    });
    let stem = sanitise(&title);
    let stem = if stem.is_empty() { "讲话".to_owned() } else { stem };
    format!("{stem}{NAME_SUFFIX}.{}", format.extension())
}

/// A title made into a file name every common file system takes: no path separators, no
/// characters Windows refuses (`\ : * ? " < > |`, each becomes `_`), no control or invisible
/// formatting characters, runs of white space (full-width included) as one space, no leading dot
/// or dash (a hidden file, an option), and at most [`NAME_CHARS`] characters.
#[must_use]
pub fn sanitise(title: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in title.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || crate::document::is_unsafe(c) || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c });
    }
    let trimmed = out.trim_start_matches(['.', '-', ' ']);
    trimmed.chars().take(NAME_CHARS).collect::<String>().trim_end_matches(['.', ' ']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension_in_any_case() {
        assert_eq!(BriefFormat::of_path(Path::new("a/学习要点.DOCX")), Ok(BriefFormat::Docx));
        assert_eq!(BriefFormat::of_path(Path::new("x.txt")), Ok(BriefFormat::Text));
        assert_eq!(BriefFormat::of_path(Path::new("x.Md")), Ok(BriefFormat::Markdown));
        let pdf = BriefFormat::of_path(Path::new("x.pdf")).unwrap_err().to_string();
        assert!(pdf.contains(".pdf") && pdf.contains(".docx") && pdf.contains(".txt") && pdf.contains(".md"), "{pdf}");
        assert_eq!(BriefFormat::of_path(Path::new("x")), Err(FormatError::Missing));
    }

    #[test]
    fn names_are_safe_for_every_file_system() {
        assert_eq!(sanitise("../a/b\\c:d*e?f\"g<h>i|j"), "_a_b_c_d_e_f_g_h_i_j");
        assert_eq!(sanitise("  .hidden\u{1b}[31m标题\u{7}"), "hidden[31m标题");
        assert_eq!(sanitise("坚定不移走好高质量发展之路　 奋力谱写"), "坚定不移走好高质量发展之路 奋力谱写");
        assert_eq!(sanitise(&"长".repeat(300)).chars().count(), NAME_CHARS);
        assert_eq!(sanitise("-rf"), "rf");
        assert_eq!(sanitise("\u{202E}\u{200B}"), "");
    }
}
