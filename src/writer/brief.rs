//! Writing the study brief where the user asked, for the reader's `E` and for `jianghua brief -o`
//! alike.
//!
//! - `~` and `~/…` are the home directory (`~user` is not expanded: it is a name like any other);
//!   relative paths are taken from the working directory.
//! - The directory must exist: it is never created, so a mistyped path is an error and not a new
//!   directory named `~`. Messages give the absolute path and say in Chinese what is wrong.
//! - An existing file is handled as [`Existing`] says: left alone and reported, replaced (after
//!   `--force` or a yes), or kept while the brief takes the first free name `NAME (2).md`. Only
//!   regular files and symlinks are ever replaced; a symlink is replaced by the file, never
//!   written through, so the brief cannot land somewhere the path does not show.
//! - The file is written atomically: a temporary file in the same directory, flushed, then renamed
//!   into place (without replacing anything, unless replacing was asked for). Its mode is 0666
//!   less the umask, as any program's new document; a brief is meant to be handed out.

use std::ffi::OsString;
use std::io::Write as _;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use crate::app::Outcome;
use crate::report::brief::file::{Existing, Saved};

/// How many `NAME (n)` names are tried before giving up.
const MAX_NEW_NAMES: u32 = 999;

/// Why the brief was not written. Every message names the absolute path.
#[derive(Debug, thiserror::Error)]
pub enum BriefFileError {
    #[error("无法展开 ~：没有设置 HOME")]
    NoHome,
    #[error("目录不存在：{0}（不会自动创建，请先建好目录或换一个路径）")]
    NoDirectory(String),
    #[error("不是目录：{0}")]
    NotDirectory(String),
    #[error("没有文件名：{0}")]
    NoFileName(String),
    #[error("文件已存在：{}", shown(.0))]
    Exists(PathBuf),
    #[error("不是普通文件：{path} 是{kind}，不能写入")]
    NotRegular { path: String, kind: &'static str },
    #[error("没有写入权限：{0}")]
    PermissionDenied(String),
    #[error("文件系统是只读的，无法写入：{0}")]
    ReadOnly(String),
    #[error("磁盘空间不足，无法写入：{0}")]
    Full(String),
    #[error("{0} 及其后 {MAX_NEW_NAMES} 个编号的文件名都已被占用")]
    NoFreeName(String),
    #[error("无法写入 {path}：{source}")]
    Io { path: String, source: std::io::Error },
}

/// A path for messages: absolute as given, with control characters made visible.
fn shown(path: &Path) -> String {
    crate::document::safe(&path.to_string_lossy()).into_owned()
}

/// `~` and `~/rest` with the home directory; anything else unchanged.
pub fn expand_home(path: &Path, home: Option<&Path>) -> Result<PathBuf, BriefFileError> {
    let mut parts = path.components();
    match parts.next() {
        Some(std::path::Component::Normal(first)) if first == "~" => {
            let home = home.filter(|h| !h.as_os_str().is_empty()).ok_or(BriefFileError::NoHome)?;
            Ok(home.join(parts.as_path()))
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// The home directory of this process, from `HOME`.
#[must_use]
pub fn home_from_env() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// Where a path the user gave leads: `~` expanded, relative to `base`.
pub fn absolute(base: &Path, home: Option<&Path>, path: &Path) -> Result<PathBuf, BriefFileError> {
    Ok(base.join(expand_home(path, home)?))
}

/// Is `typed` written as a directory (`dir/`, `~`, `.`, `..`)? The brief then takes the offered
/// name inside it.
#[must_use]
pub fn directory_form(typed: &Path) -> bool {
    typed.as_os_str().as_encoded_bytes().ends_with(b"/") || matches!(typed.to_str(), Some("~" | "." | ".."))
}

/// What a file that is not regular is, in Chinese.
fn kind(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "一个目录"
    } else if file_type.is_fifo() {
        "一个命名管道（FIFO）"
    } else if file_type.is_socket() {
        "一个套接字"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "一个设备"
    } else {
        "一个特殊文件"
    }
}

/// Write `bytes` to `path` (already absolute, `~` expanded) as [`Existing`] says.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> Result<Saved, BriefFileError> {
    let name = path.file_name().ok_or_else(|| BriefFileError::NoFileName(shown(path)))?.to_os_string();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("/"));
    let dir = match std::fs::metadata(parent) {
        Ok(meta) if meta.is_dir() => parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf()),
        Ok(_) => return Err(BriefFileError::NotDirectory(shown(parent))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(BriefFileError::NoDirectory(shown(parent))),
        Err(e) => return Err(io_error(parent, e)),
    };
    let wanted = dir.join(&name);
    let mut target = wanted.clone();
    let mut n = 1;
    loop {
        let taken = match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_file() || meta.file_type().is_symlink() => true,
            Ok(meta) => return Err(BriefFileError::NotRegular { path: shown(&target), kind: kind(meta.file_type()) }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_error(&target, e)),
        };
        let replace = existing == Existing::Replace;
        if taken && !replace {
            if existing == Existing::Ask {
                return Err(BriefFileError::Exists(target));
            }
        } else {
            match put(&dir, &target, bytes, replace) {
                Ok(()) => {
                    let instead_of = (target != wanted).then_some(wanted);
                    return Ok(Saved { path: target, instead_of });
                }
                // Someone made the file between the look and the write.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && existing == Existing::NewName => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(BriefFileError::Exists(target));
                }
                Err(e) => return Err(io_error(&target, e)),
            }
        }
        n += 1;
        if n > MAX_NEW_NAMES + 1 {
            return Err(BriefFileError::NoFreeName(shown(&wanted)));
        }
        target = dir.join(numbered(&name, n));
    }
}

/// `NAME.md` → `NAME (n).md`.
fn numbered(name: &std::ffi::OsStr, n: u32) -> OsString {
    let path = Path::new(name);
    let stem = path.file_stem().unwrap_or(name).to_string_lossy();
    match path.extension() {
        Some(ext) => format!("{stem} ({n}).{}", ext.to_string_lossy()).into(),
        None => format!("{stem} ({n})").into(),
    }
}

/// Write a temporary file in `dir` and rename it to `target`, replacing what is there only when
/// `replace` (an existing name is then an `AlreadyExists` error).
fn put(dir: &Path, target: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let mut temp = tempfile::Builder::new()
        .prefix(".jianghua-brief-")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if replace {
        temp.persist(target).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(target).map_err(|e| e.error)?;
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// An I/O error in words: the common ones in Chinese, the rest with the system's message.
fn io_error(path: &Path, e: std::io::Error) -> BriefFileError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => BriefFileError::PermissionDenied(shown(path)),
        K::ReadOnlyFilesystem => BriefFileError::ReadOnly(shown(path)),
        K::StorageFull | K::QuotaExceeded => BriefFileError::Full(shown(path)),
        K::NotADirectory => BriefFileError::NotDirectory(shown(path)),
        K::IsADirectory => BriefFileError::NotRegular { path: shown(path), kind: "一个目录" },
        _ => BriefFileError::Io { path: shown(path), source: e },
    }
}

/// Carry out [`crate::app::Effect::WriteBrief`]: the reader's answer. An existing file comes back
/// (with its absolute path) so that the reader can ask.
#[must_use]
pub fn outcome(base: &Path, home: Option<&Path>, path: PathBuf, bytes: Vec<u8>, existing: Existing) -> Outcome {
    let target = match absolute(base, home, &path) {
        Ok(target) => target,
        Err(e) => return Outcome::BriefWritten { path, result: Err(e.to_string()) },
    };
    match write(&target, &bytes, existing) {
        Err(BriefFileError::Exists(path)) => Outcome::BriefExists { path, bytes },
        result => Outcome::BriefWritten { path: target, result: result.map_err(|e| e.to_string()) },
    }
}
