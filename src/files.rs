//! Opening files that anyone may have put in the way: a document in a shared folder, a state file,
//! a term list. Only regular files are opened, so a FIFO named `讲话.txt` or a link to `/dev/zero`
//! never blocks or floods the reader; the type is checked before opening, the file is opened with
//! `O_NONBLOCK` (opening a FIFO never waits for a writer) and checked again on the open handle,
//! which is what is read. Reads stop at a cap whatever the file claims its size is.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A FIFO, socket, device or directory.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// More bytes than the caller's cap (`size` is what was seen, at least `cap + 1`).
    #[error("it is over the limit of {cap} bytes")]
    TooLarge { size: u64, cap: u64 },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<OpenError> for std::io::Error {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::Io(e) => e,
            other => Self::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// What a file that is not regular is, in words.
#[must_use]
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

fn regular(meta: &Metadata) -> Result<(), OpenError> {
    if meta.is_file() { Ok(()) } else { Err(OpenError::NotRegular(kind(meta))) }
}

/// Open a regular file for reading (following symlinks), never blocking. Returns the file and
/// its metadata as seen on the open handle.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    regular(&std::fs::metadata(path)?)?;
    let file = OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)?;
    let meta = file.metadata()?;
    // The path may have been swapped for a FIFO or a device between the check and the open.
    regular(&meta)?;
    Ok((file, meta))
}

/// Read a whole regular file of at most `cap` bytes. The declared size is checked first, and the
/// read stops after `cap + 1` bytes whatever it says.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, OpenError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > cap {
        return Err(OpenError::TooLarge { size: meta.len(), cap });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(OpenError::TooLarge { size: bytes.len() as u64, cap });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "讲话").unwrap();
        assert_eq!(read_capped(&path, 6).unwrap(), "讲话".as_bytes());
        assert!(matches!(read_capped(&path, 5), Err(OpenError::TooLarge { size: 6, cap: 5 })));
    }

    #[test]
    fn devices_directories_and_fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(err.to_string(), "it is a device, not a regular file");
        assert!(matches!(read_capped(dir.path(), 10), Err(OpenError::NotRegular("a directory"))));
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read_capped(&fifo, 10), Err(OpenError::NotRegular("a named pipe (FIFO)"))));
        }
        let link = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(read_capped(&link, 10), Err(OpenError::NotRegular("a device"))));
    }
}
