//! Where session sockets live, and making that place safely.
//!
//! A shared base directory (`$JIANGHUA_SESSION_DIR`, else `/tmp`) holds one directory per leader,
//! `jianghua-UID`, mode 0755 and owned by that user, and inside it one directory per kind of
//! access: `private` (0700), `group-GID` (0750, owned by that group) and `open` (0755). A session
//! is a socket named after it in one of those. So the file modes already keep out whom the
//! access option keeps out, and the leader checks each peer's credentials as well.
//!
//! Nothing here follows a link or trusts a directory it did not make: each directory is looked
//! at with `lstat`, and a symbolic link, something that is not a directory, or a directory that
//! belongs to someone else is refused with a message that says so. The base itself must be
//! writable only by its owner, or sticky like `/tmp`, so no other user can swap a leader's
//! directory for their own. When listing and joining, a directory or socket counts only if it
//! belongs to the user its name claims.

use std::fs;
use std::os::unix::fs::{DirBuilderExt as _, FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use super::SessionError;
use super::access::{Access, my_uid, user_name};
use super::protocol::MAX_NAME_BYTES;

/// The environment variable that moves the base directory (tests use a temporary one).
pub const ENV: &str = "JIANGHUA_SESSION_DIR";
const DEFAULT_BASE: &str = "/tmp";
const USER_PREFIX: &str = "jianghua-";
/// `sun_path` holds 108 bytes with the terminating NUL.
const MAX_SOCKET_PATH: usize = 107;

/// The base directory of all sessions on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDir {
    base: PathBuf,
}

/// A session socket found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The leader's user id (the owner of the directory and the socket).
    pub uid: u32,
    pub name: String,
    pub path: PathBuf,
}

impl Found {
    /// `user/name`, which names it on the command line whoever else uses the same name.
    #[must_use]
    pub fn qualified(&self) -> String {
        format!("{}/{}", user_name(self.uid), self.name)
    }
}

/// Is `name` usable as a session name? It becomes a file name: no `/`, no control or invisible
/// characters, not hidden, at most 40 bytes.
pub fn check_name(name: &str) -> Result<(), SessionError> {
    let bad = |why: &str| Err(SessionError::Name(format!("{}: {why}", crate::document::safe(name))));
    if name.is_empty() {
        return bad("a session name cannot be empty");
    }
    if name.len() > MAX_NAME_BYTES {
        return bad(&format!("a session name has at most {MAX_NAME_BYTES} bytes"));
    }
    if name.starts_with('.') || name.contains('/') {
        return bad("a session name cannot start with . or contain /");
    }
    if name.chars().any(|c| crate::document::is_unsafe(c) || c.is_whitespace() || crate::document::is_invisible(c)) {
        return bad("a session name cannot contain spaces or control characters");
    }
    Ok(())
}

impl SessionDir {
    /// `$JIANGHUA_SESSION_DIR`, else `/tmp`.
    #[must_use]
    pub fn from_env() -> Self {
        match std::env::var_os(ENV).filter(|v| !v.is_empty()) {
            Some(dir) => Self::at(dir),
            None => Self::at(DEFAULT_BASE),
        }
    }

    #[must_use]
    pub fn at(base: impl Into<PathBuf>) -> Self {
        Self { base: base.into() }
    }

    #[must_use]
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// A leader's own directory.
    #[must_use]
    pub fn user_dir(&self, uid: u32) -> PathBuf {
        self.base.join(format!("{USER_PREFIX}{uid}"))
    }

    /// Make or check our directory and the one for `access`, and return the socket path for
    /// `name` in it.
    pub fn prepare(&self, access: &Access, name: &str) -> Result<PathBuf, SessionError> {
        check_name(name)?;
        check_base(&self.base)?;
        let uid = my_uid();
        let user = self.user_dir(uid);
        ensure_dir(&user, uid, None, 0o755)?;
        let dir = user.join(access.subdir());
        ensure_dir(&dir, uid, access.gid(), access.dir_mode())?;
        let path = dir.join(name);
        if path.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(SessionError::Name(format!(
                "the socket path {} is over {MAX_SOCKET_PATH} bytes: choose a shorter name or {ENV}",
                path.display()
            )));
        }
        Ok(path)
    }

    /// Every session socket this user can see, our own first, then by user and name.
    #[must_use]
    pub fn sockets(&self) -> Vec<Found> {
        let mut found = Vec::new();
        for entry in fs::read_dir(&self.base).into_iter().flatten().flatten() {
            let file = entry.file_name();
            let Some(uid) = file.to_str().and_then(|n| n.strip_prefix(USER_PREFIX)).and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let user = entry.path();
            if !owned_dir(&user, uid) {
                continue;
            }
            for sub in fs::read_dir(&user).into_iter().flatten().flatten() {
                let sub_name = sub.file_name();
                let known = sub_name.to_str().is_some_and(|s| {
                    s == "private" || s == "open" || s.strip_prefix("group-").is_some_and(|g| g.parse::<u32>().is_ok())
                });
                if !known || !owned_dir(&sub.path(), uid) {
                    continue;
                }
                for socket in fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                    let Ok(meta) = fs::symlink_metadata(socket.path()) else { continue };
                    let Some(name) = socket.file_name().to_str().map(str::to_owned) else { continue };
                    if meta.file_type().is_socket() && meta.uid() == uid && check_name(&name).is_ok() {
                        found.push(Found { uid, name, path: socket.path() });
                    }
                }
            }
        }
        let me = my_uid();
        found.sort_by(|a, b| (a.uid != me, a.uid, &a.name).cmp(&(b.uid != me, b.uid, &b.name)));
        found
    }

    /// The sockets named `wanted` (`NAME`, or `USER/NAME` with a login name or uid).
    #[must_use]
    pub fn named(&self, wanted: &str) -> Vec<Found> {
        let (user, name) = match wanted.split_once('/') {
            Some((u, n)) => (Some(u), n),
            None => (None, wanted),
        };
        self.sockets()
            .into_iter()
            .filter(|f| f.name == name)
            .filter(|f| user.is_none_or(|u| u == f.uid.to_string() || u == user_name(f.uid)))
            .collect()
    }
}

/// Is `path` a real directory (not a link) owned by `uid`?
fn owned_dir(path: &Path, uid: u32) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir() && m.uid() == uid)
}

/// The base must be a directory that no other user can rearrange: owned by root or us, and
/// either writable only by its owner or sticky.
fn check_base(base: &Path) -> Result<(), SessionError> {
    let shown = base.display();
    let meta = match fs::metadata(base) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Made like /tmp: anyone may add their own directory, nobody may touch another's.
            fs::DirBuilder::new()
                .recursive(true)
                .create(base)
                .and_then(|()| fs::set_permissions(base, fs::Permissions::from_mode(0o1777)))
                .map_err(|e| SessionError::Dir(format!("cannot create the session directory {shown}: {e}")))?;
            fs::metadata(base).map_err(|e| SessionError::Dir(format!("{shown}: {e}")))?
        }
        Err(e) => return Err(SessionError::Dir(format!("cannot use the session directory {shown}: {e}"))),
    };
    if !meta.is_dir() {
        return Err(SessionError::Dir(format!("the session directory {shown} is not a directory")));
    }
    let owner = meta.uid();
    if owner != 0 && owner != my_uid() {
        return Err(SessionError::Dir(format!(
            "the session directory {shown} belongs to {}: they could replace your sessions. Use /tmp or set {ENV}",
            user_name(owner)
        )));
    }
    if meta.mode() & 0o022 != 0 && meta.mode() & 0o1000 == 0 {
        return Err(SessionError::Dir(format!(
            "the session directory {shown} is writable by others without the sticky bit (chmod +t), so another user could replace your sessions"
        )));
    }
    Ok(())
}

/// Make `path` a directory owned by `uid` (and `gid`) with `mode`, or check that it is one.
fn ensure_dir(path: &Path, uid: u32, gid: Option<u32>, mode: u32) -> Result<(), SessionError> {
    let shown = path.display();
    if let Err(e) = fs::DirBuilder::new().mode(mode).create(path)
        && e.kind() != std::io::ErrorKind::AlreadyExists
    {
        return Err(SessionError::Dir(format!("cannot create {shown}: {e}")));
    }
    let meta = fs::symlink_metadata(path).map_err(|e| SessionError::Dir(format!("{shown}: {e}")))?;
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
        return Err(SessionError::Dir(format!(
            "{shown} is a symbolic link (to {}), not a directory: refusing to use it, since another user may have put it there to take over your sessions. Remove it if it is yours",
            crate::document::safe(&target)
        )));
    }
    if !meta.is_dir() {
        return Err(SessionError::Dir(format!("{shown} is not a directory: remove it or set {ENV}")));
    }
    if meta.uid() != uid {
        return Err(SessionError::Dir(format!(
            "{shown} belongs to {}, not to you: refusing to use it (someone may have made it to take over your sessions; ask them or an administrator to remove it)",
            user_name(meta.uid())
        )));
    }
    if let Some(gid) = gid
        && meta.gid() != gid
    {
        std::os::unix::fs::chown(path, None, Some(gid)).map_err(|e| {
            SessionError::Access(format!("cannot give {shown} to group {gid} ({e}): are you a member of that group?"))
        })?;
    }
    if meta.mode() & 0o7777 != mode || gid.is_some() {
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(|e| SessionError::Dir(format!("cannot set the mode of {shown}: {e}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> (tempfile::TempDir, SessionDir) {
        let t = tempfile::tempdir().unwrap();
        let dir = SessionDir::at(t.path().join("sessions"));
        (t, dir)
    }

    #[test]
    fn prepare_makes_the_directories_with_their_modes() {
        let (_t, dir) = base();
        let path = dir.prepare(&Access::Private, "学习").unwrap();
        assert_eq!(path, dir.user_dir(my_uid()).join("private").join("学习"));
        let mode = |p: &Path| fs::symlink_metadata(p).unwrap().mode() & 0o7777;
        assert_eq!(mode(dir.base()), 0o1777);
        assert_eq!(mode(&dir.user_dir(my_uid())), 0o755);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        dir.prepare(&Access::Open, "大家").unwrap();
        assert_eq!(mode(&dir.user_dir(my_uid()).join("open")), 0o755);
    }

    #[test]
    fn a_planted_symlink_or_a_file_is_refused() {
        let (t, dir) = base();
        fs::create_dir_all(dir.base()).unwrap();
        let elsewhere = t.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.user_dir(my_uid())).unwrap();
        let e = dir.prepare(&Access::Private, "x").unwrap_err().to_string();
        assert!(e.contains("is a symbolic link"), "{e}");
        assert!(fs::read_dir(&elsewhere).unwrap().next().is_none(), "nothing was made through the link");
        fs::remove_file(dir.user_dir(my_uid())).unwrap();
        dir.prepare(&Access::Private, "x").unwrap();
        let private = dir.user_dir(my_uid()).join("private");
        fs::remove_dir(&private).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &private).unwrap();
        let e = dir.prepare(&Access::Private, "x").unwrap_err().to_string();
        assert!(e.contains("is a symbolic link"), "{e}");
    }

    #[test]
    fn a_base_writable_by_others_must_be_sticky() {
        let (_t, dir) = base();
        fs::create_dir_all(dir.base()).unwrap();
        fs::set_permissions(dir.base(), fs::Permissions::from_mode(0o777)).unwrap();
        let e = dir.prepare(&Access::Private, "x").unwrap_err().to_string();
        assert!(e.contains("sticky"), "{e}");
        fs::set_permissions(dir.base(), fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(dir.prepare(&Access::Private, "x").is_ok());
    }

    #[test]
    fn names_are_checked() {
        for bad in ["", ".hidden", "a/b", "有 空格", "\u{1b}[2J", "\u{200b}", &"长".repeat(20)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["学习", "group-1", "二〇二五年学习", "a.b"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn listing_counts_only_what_belongs_to_the_user_its_name_claims() {
        let (_t, dir) = base();
        let path = dir.prepare(&Access::Private, "学习").unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        // A directory claiming to be another user's (it is ours): not listed.
        let fake = dir.user_dir(my_uid() + 1).join("open");
        fs::create_dir_all(&fake).unwrap();
        let _other = std::os::unix::net::UnixListener::bind(fake.join("学习")).unwrap();
        let found = dir.sockets();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, path);
        assert_eq!(dir.named("学习").len(), 1);
        assert_eq!(dir.named(&format!("{}/学习", my_uid())).len(), 1);
        assert!(dir.named("nobody-here/学习").is_empty());
    }
}
