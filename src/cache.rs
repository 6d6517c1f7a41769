//! The on-disk cache: results that are expensive to compute and cheap to lose (keywords, the
//! library catalog, the search index), under `$XDG_CACHE_HOME/jianghua/` (or `~/.cache/jianghua/`).
//!
//! The cache is disposable. Every entry is checked when read (a version, a size cap, a regular
//! file, a parse); anything wrong is treated as absent and rebuilt, never trusted. Entries are
//! written atomically with mode 0600 in directories of mode 0700, so a crash leaves the old entry
//! or the new one and other users of the machine cannot read what a user studies. A relative
//! `XDG_CACHE_HOME` is ignored, as the XDG specification asks.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The format version of everything under the cache directory; bump it when any entry changes
/// shape, and old entries are simply not found (they live under another version directory).
pub const VERSION: u32 = 1;

/// A cache directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

/// A stable hex key for the given parts (xxh3-128 over the parts, each followed by a NUL).
#[must_use]
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        hasher.update(part);
        hasher.update(&[0]);
    }
    format!("{:032x}", hasher.digest128())
}

impl Cache {
    /// The user's cache: `$XDG_CACHE_HOME/jianghua/vN` when that is absolute, else
    /// `~/.cache/jianghua/vN`. None without either.
    #[must_use]
    pub fn locate() -> Option<Self> {
        Self::locate_from(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
    }

    /// [`Cache::locate`] with the two variables given.
    #[must_use]
    pub fn locate_from(xdg_cache_home: Option<OsString>, home: Option<OsString>) -> Option<Self> {
        let xdg = xdg_cache_home.map(PathBuf::from).filter(|p| p.is_absolute());
        let home = || home.map(PathBuf::from).filter(|p| p.is_absolute()).map(|h| h.join(".cache"));
        xdg.or_else(home).map(|base| Self::at(&base.join("jianghua")))
    }

    /// A cache rooted at `dir` (its version directory is created inside).
    #[must_use]
    pub fn at(dir: &Path) -> Self {
        Self { dir: dir.join(format!("v{VERSION}")) }
    }

    /// The version directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of entry `name` (a relative path of plain components, e.g. `keywords/ab/abcd.json`).
    fn path(&self, name: &str) -> Option<PathBuf> {
        let safe =
            !name.is_empty() && name.split('/').all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'));
        safe.then(|| self.dir.join(name))
    }

    /// The bytes of entry `name`, or None when it is missing, not a regular file, larger than
    /// `cap` bytes, or unreadable.
    #[must_use]
    pub fn read(&self, name: &str, cap: u64) -> Option<Vec<u8>> {
        let file = self.open(name)?;
        let len = file.metadata().ok()?.len();
        if len > cap {
            return None;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
        file.take(cap + 1).read_to_end(&mut bytes).ok()?;
        (bytes.len() as u64 <= cap).then_some(bytes)
    }

    /// Entry `name` opened for reading, if it is a regular file (symlinks are not followed).
    #[must_use]
    pub fn open(&self, name: &str) -> Option<File> {
        let path = self.path(name)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.file_type().is_file() {
            return None;
        }
        File::open(path).ok()
    }

    /// Replace entry `name` atomically (mode 0600), creating its directories with mode 0700.
    pub fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(name).ok_or_else(|| std::io::Error::other("bad cache entry name"))?;
        if let Some(parent) = path.parent() {
            self.make_dirs(parent)?;
        }
        crate::atomic::write(&path, bytes)
    }

    /// Remove entry `name` (missing is fine).
    pub fn remove(&self, name: &str) {
        if let Some(path) = self.path(name) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Create `dir` and the directories above it up to the cache root with mode 0700, and
    /// tighten the cache root and version directory if they exist with a wider mode.
    fn make_dirs(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        for d in [self.dir.parent(), Some(self.dir.as_path())].into_iter().flatten() {
            if let Ok(meta) = std::fs::symlink_metadata(d)
                && meta.is_dir()
                && meta.permissions().mode() & 0o077 != 0
            {
                std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        Ok(())
    }

    /// Run `compute` for entry `name` unless another process is computing it right now: then wait
    /// (up to `patience`) for that process to write the entry and return None, so the caller reads
    /// it. A lock older than `patience` is taken as abandoned. Returns `Some(result)` when this
    /// process computed.
    pub fn once<T>(&self, name: &str, patience: Duration, compute: impl FnOnce() -> T) -> Option<T> {
        let Some(lock) = self.path(&format!("{name}.lock")) else { return Some(compute()) };
        if let Some(parent) = lock.parent()
            && self.make_dirs(parent).is_err()
        {
            return Some(compute());
        }
        let start = SystemTime::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).mode_0600().open(&lock) {
                Ok(_) => {
                    let result = compute();
                    let _ = std::fs::remove_file(&lock);
                    return Some(result);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !fresh(&lock, patience) {
                        // Abandoned by a process that died: take it over.
                        let _ = std::fs::remove_file(&lock);
                        continue;
                    }
                    if start.elapsed().unwrap_or(patience) >= patience {
                        return Some(compute());
                    }
                    std::thread::sleep(Duration::from_millis(25));
                    if !lock.exists() {
                        return None;
                    }
                }
                Err(_) => return Some(compute()),
            }
        }
    }
}

/// Whether a lock file exists and was created less than `patience` ago.
fn fresh(lock: &Path, patience: Duration) -> bool {
    std::fs::symlink_metadata(lock).and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().unwrap_or_default() < patience)
}

/// `OpenOptions::mode(0o600)` as a chainable call.
trait Mode0600 {
    fn mode_0600(&mut self) -> &mut Self;
}

impl Mode0600 for OpenOptions {
    fn mode_0600(&mut self) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::mode(self, 0o600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_with_private_modes() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::at(&root.path().join("jianghua"));
        cache.write("keywords/ab/abcd.json", b"[1]").unwrap();
        assert_eq!(cache.read("keywords/ab/abcd.json", 10).as_deref(), Some(&b"[1]"[..]));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&cache.dir().join("keywords/ab/abcd.json")), 0o600);
        assert_eq!(mode(&cache.dir().join("keywords/ab")), 0o700);
        assert_eq!(mode(cache.dir()), 0o700);
        assert_eq!(mode(&root.path().join("jianghua")), 0o700);
    }

    #[test]
    fn oversized_missing_and_irregular_entries_are_absent() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::at(root.path());
        cache.write("a", b"0123456789").unwrap();
        assert!(cache.read("a", 9).is_none(), "over the cap");
        assert!(cache.read("a", 10).is_some());
        assert!(cache.read("missing", 10).is_none());
        std::fs::create_dir_all(cache.dir().join("dir")).unwrap();
        assert!(cache.read("dir", 10).is_none());
        std::os::unix::fs::symlink(cache.dir().join("a"), cache.dir().join("link")).unwrap();
        assert!(cache.read("link", 10).is_none(), "symlinks are not followed");
        for bad in ["", "../a", "x/../a", "/etc/passwd", "a//b"] {
            assert!(cache.read(bad, 10).is_none(), "{bad}");
            assert!(cache.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_xdg_cache_home_is_ignored() {
        let at = |xdg: Option<&str>, home: Option<&str>| {
            Cache::locate_from(xdg.map(Into::into), home.map(Into::into)).map(|c| c.dir().to_path_buf())
        };
        let v = format!("v{VERSION}");
        assert_eq!(at(Some("/x"), Some("/h")), Some(Path::new("/x/jianghua").join(&v)));
        assert_eq!(at(Some("rel/x"), Some("/h")), Some(Path::new("/h/.cache/jianghua").join(&v)));
        assert_eq!(at(Some(""), Some("/h")), Some(Path::new("/h/.cache/jianghua").join(&v)));
        assert_eq!(at(Some("rel"), Some("rel")), None);
        assert_eq!(at(None, None), None);
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key([&b"ab"[..], b"c"]), key([&b"a"[..], b"bc"]));
        assert_eq!(key([&b"ab"[..]]), key([&b"ab"[..]]));
        assert_eq!(key([&b"x"[..]]).len(), 32);
    }

    #[test]
    fn once_computes_unless_another_holds_the_lock() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::at(root.path());
        assert_eq!(cache.once("e", Duration::from_secs(5), || 7), Some(7));
        assert!(!cache.dir().join("e.lock").exists(), "the lock is released");
        // A lock held by someone else: the entry appears and the lock goes, so we read it instead.
        std::fs::write(cache.dir().join("e.lock"), b"").unwrap();
        let dir = cache.dir().to_path_buf();
        let other = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            std::fs::write(dir.join("e"), b"done").unwrap();
            std::fs::remove_file(dir.join("e.lock")).unwrap();
        });
        assert_eq!(cache.once("e", Duration::from_secs(5), || 8), None);
        other.join().unwrap();
        // An abandoned lock (older than the patience) is taken over.
        std::fs::write(cache.dir().join("f.lock"), b"").unwrap();
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(cache.once("f", Duration::from_millis(10), || 9), Some(9));
    }
}
