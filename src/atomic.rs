//! Writing files so that a crash or a full disk never leaves half a file: write a temporary file
//! in the same directory with mode 0600, flush it to disk, rename it over the target, and flush
//! the directory. [`write_through`] does the same to the file a symlink points to, so that a
//! linked config (kept in a dotfiles repository) stays a link.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Replace `path` with `bytes` atomically, creating the directory if needed. The file is private
/// to its owner (0600).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // NamedTempFile creates the file with mode 0600 and a random name in `dir`.
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file a write to `path` should replace: `path` itself, or the final target when it is a
/// symlink (a chain is followed; relative targets are taken from the link's directory).
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "too many levels of symbolic links"))
}

/// [`write`] to the file `path` leads to: a symlink is kept and its target replaced.
pub fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(&resolve_links(path)?, bytes)
}

/// Move a damaged file out of the way as `NAME.corrupt-TIMESTAMP` (seconds since 1970), so that
/// it is kept for the user and never silently overwritten. Returns the new path.
pub fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut target = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn replaces_the_file_with_mode_0600_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        write(&path, b"first").unwrap();
        write(&path, "第二".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "第二");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let names: Vec<_> =
            std::fs::read_dir(path.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["config.toml"]);
    }

    #[test]
    fn moving_aside_keeps_the_file_under_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{broken").unwrap();
        let aside = move_aside(&path).unwrap();
        assert!(!path.exists());
        assert!(aside.file_name().unwrap().to_string_lossy().starts_with("state.json.corrupt-"));
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "{broken");
        std::fs::write(&path, "{again").unwrap();
        let second = move_aside(&path).unwrap();
        assert_ne!(aside, second, "a second damaged file does not replace the first");
    }

    #[test]
    fn writing_through_a_link_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dotfiles")).unwrap();
        let target = dir.path().join("dotfiles/config.toml");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dotfiles/config.toml", &link).unwrap();
        let chained = dir.path().join("again.toml");
        std::os::unix::fs::symlink(&link, &chained).unwrap();
        write_through(&chained, "新".as_bytes()).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(std::fs::symlink_metadata(&chained).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "新");
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(write_through(&looped, b"x").is_err());
        assert!(std::fs::symlink_metadata(&looped).unwrap().file_type().is_symlink());
    }
}
