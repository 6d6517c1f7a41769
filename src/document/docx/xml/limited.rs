//! A reader with a byte limit: a zip entry is read through it, so a bomb stops at the cap
//! whatever sizes the archive declares.

use std::io::{self, Read};

/// Marker error raised by [`Limited`] when the limit is passed.
#[derive(Debug)]
pub(super) struct Exceeded;

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("size limit exceeded")
    }
}

impl std::error::Error for Exceeded {}

/// A reader that fails once more than `left` bytes have come through.
pub(in crate::document::docx) struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R> Limited<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        Self { inner, left: limit }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let Some(left) = self.left.checked_sub(n as u64) else {
            return Err(io::Error::other(Exceeded));
        };
        self.left = left;
        Ok(n)
    }
}
