//! Saying why a test skips, where a plain `cargo test` shows it.

/// `skipped!("why {x}")` writes `skipped: why …` to standard error itself: libtest keeps what a
/// passing test prints through `eprintln!` to itself, and the reason for a skip must be seen.
macro_rules! skipped {
    ($($arg:tt)*) => {{
        let line = format!("skipped: {}\n", format_args!($($arg)*));
        std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).ok();
    }};
}
