//! `jianghua brief -o OUT`: where the brief goes and in which format, with the same file rules as
//! the reader's `E` (`writer::brief`). A file name's extension decides the format (`--format`, if
//! given, must agree); a directory gets the name offered from the title. A file the user named is
//! replaced only with `--force`; a name we chose never replaces anything.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use super::CliError;
use crate::document::Document;
use crate::report::brief::BriefFormat;
use crate::report::brief::file::{Existing, FormatError, default_name};
use crate::structure::Outline;
use crate::writer::brief::{BriefFileError, absolute, directory_form, home_from_env};

/// Where and how to write the brief.
pub(super) struct Target {
    /// Absolute, `~` expanded.
    path: PathBuf,
    pub(super) format: BriefFormat,
    existing: Existing,
}

/// The file `-o OUT` means.
pub(super) fn target(
    doc: &Document,
    outline: &Outline,
    output: &Path,
    format: Option<BriefFormat>,
    force: bool,
) -> Result<Target, CliError> {
    let base = std::env::current_dir().map_err(CliError::Output)?;
    let path = absolute(&base, home_from_env().as_deref(), output).map_err(|e| CliError::Usage(e.to_string()))?;
    if directory_form(output) || path.is_dir() {
        let format = format.unwrap_or_default();
        let existing = if force { Existing::Replace } else { Existing::NewName };
        return Ok(Target { path: path.join(default_name(doc, outline, format)), format, existing });
    }
    let named = BriefFormat::of_path(&path).map_err(|e| CliError::Usage(e.to_string()))?;
    if let Some(given) = format.filter(|&f| f != named) {
        let extension = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let conflict = FormatError::Conflict { given: given.name(), extension };
        return Err(CliError::Usage(crate::document::safe(&conflict.to_string()).into_owned()));
    }
    Ok(Target { path, format: named, existing: if force { Existing::Replace } else { Existing::Ask } })
}

/// Write the brief and say where on standard error (the name may have been chosen for the user).
pub(super) fn write(target: &Target, bytes: &[u8]) -> Result<(), CliError> {
    match crate::writer::brief::write(&target.path, bytes, target.existing) {
        Ok(saved) => {
            let shown = |p: &Path| crate::document::safe(&p.to_string_lossy()).into_owned();
            let note = saved
                .instead_of
                .map(|taken| format!("（{} 已存在，未覆盖）", shown(Path::new(taken.file_name().unwrap_or_default()))))
                .unwrap_or_default();
            super::warn(&format!("学习要点已写入 {}{note}", shown(&saved.path)));
            Ok(())
        }
        Err(e @ BriefFileError::Exists(_)) => Err(CliError::Usage(format!("{e}；加 --force 覆盖它，或换一个 -o 路径"))),
        Err(e) => Err(CliError::Usage(e.to_string())),
    }
}

/// A Word document to standard output: only into a pipe or a file, never onto a terminal.
pub(super) fn docx_to_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        return Err(CliError::Usage(
            "Word 文档不能显示在终端上：请用 -o 给出文件或目录（如 -o .），或重定向到文件".into(),
        ));
    }
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::Output),
    }
}
