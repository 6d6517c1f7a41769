//! Writing files so that a crash or a full disk never leaves half a file: write a temporary file
//! in the same directory with mode 0600, flush it to disk, rename it over the target, and flush
//! the directory.

use std::io::Write as _;
use std::path::Path;

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

/// Move a damaged file out of the way as `NAME.corrupt-TIMESTAMP` (seconds since 1970), so that
/// it is kept for the user and never silently overwritten. Returns the new path.
pub fn move_aside(path: &Path) -> std::io::Result<std::path::PathBuf> {
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
}
