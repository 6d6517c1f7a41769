//! Opt-in fuzzing on stable Rust: proptest strategies run in a loop until `FUZZ_SECONDS` (default
//! 10) elapse. One module per target, each with an ignored test here:
//!
//! - `fuzz_parse` ([`parse`]): bytes and text through decoding, loading, structure, terms, search
//!   and the outline/terms reports;
//! - `fuzz_layout` ([`layout`]): `break_rows` at random widths with random `keep_whole` ranges;
//! - `fuzz_app` ([`app`]): key sequences (every action, through random keymaps), pastes, clicks
//!   and resize storms replayed on the reader through the headless loop;
//! - `fuzz_config` ([`config`]): mutated `config/default.toml`, key strings and vim key notation;
//! - `fuzz_docx`, `fuzz_terms`, `fuzz_state` ([`reliability`]): the `.docx` reader with its size
//!   caps, the term-list compiler with long and many terms, and the state-file reader;
//! - `fuzz_session` ([`session`]): study-session frames from a hostile peer (built, mutated or
//!   raw) through the frame reader, both decoders and a follower reader.
//!
//! [`harness`] runs them; [`generators`] holds what they share (speech pieces, real text, edits).
//!
//! Run one for ten minutes in release:
//!
//! ```text
//! FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored --nocapture fuzz_app
//! ```
//!
//! Other knobs: `FUZZ_SEED` (a u64; the run prints the seed it used), `FUZZ_BATCH` (cases per
//! proptest run), `FUZZ_HANG_SECONDS` (a case running longer aborts the process after printing
//! its input; default 60), `FUZZ_MAX_MIB` (the same when the process holds more memory; default
//! 4096) and `FUZZ_STOP_AT_FIRST=1`. A timed run keeps going after a finding and counts later
//! failures at the same place as known; every distinct finding is shrunk and printed with its
//! panic location and backtrace, and the test fails at the end.
//!
//! The `smoke` test runs every target for a few dozen cases so that `cargo test` exercises the
//! harness itself.
//!
//! ## Adding a target
//! 1. Write `tests/fuzz/NAME.rs` with a strategy for its cases (`pub(crate) fn NAME_case() ->
//!    impl Strategy<Value = Case>`, `Case: Clone + Debug + Send + 'static`) and a check
//!    (`pub(crate) fn check_NAME(case: &Case) -> Result<(), TestCaseError>`). Fail with
//!    `ensure!(cond, "tag", "...")`: the tag names the finding, so a timed run reports it once.
//!    Panics are caught and reported with their location; the watchdog catches hangs and memory.
//! 2. Declare `mod NAME;` below, add an ignored `fuzz_NAME` test like the others and a line in
//!    `smoke` with a case count that keeps `cargo test` quick.
//! 3. Anything that writes files writes into a `tempfile` directory it owns; the app target
//!    checks that the reader itself writes nothing at all.

/// Fail the case with a tagged message (the tag names the finding) unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $tag:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!("[{}] {}", $tag, format!($($fmt)+))));
        }
    };
}

mod app;
mod config;
mod generators;
mod harness;
mod layout;
mod parse;
mod reliability;
mod session;

use proptest::test_runner::TestCaseError;

use crate::app::{app_case, check_app};
use crate::config::{check_config, config_case};
use crate::harness::{Mode, finding_key, fuzz, fuzz_seconds, install_panic_hook, run_case};
use crate::layout::{check_layout, layout_case};
use crate::parse::{check_parse, parse_case};
use crate::session::{check_session, session_case};

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_parse() {
    fuzz("parse", parse_case(), check_parse, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_layout() {
    fuzz("layout", layout_case(), check_layout, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_app() {
    fuzz("app", app_case(true), check_app, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_config() {
    fuzz("config", config_case(), check_config, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_session() {
    fuzz("session", session_case(), check_session, Mode::Timed(fuzz_seconds()));
}

/// A few dozen cases of every target, so that `cargo test` keeps the harness working.
#[test]
fn smoke() {
    fuzz("parse", parse_case(), check_parse, Mode::Smoke(40));
    fuzz("layout", layout_case(), check_layout, Mode::Smoke(60));
    fuzz("app", app_case(false), check_app, Mode::Smoke(10));
    fuzz("config", config_case(), check_config, Mode::Smoke(60));
    fuzz("session", session_case(), check_session, Mode::Smoke(40));
}

#[test]
fn harness_reports_failures_with_their_location() {
    install_panic_hook();
    let r = run_case("self-test", &1u8, &|_| -> Result<(), TestCaseError> { panic!("boom") });
    match r {
        Err(TestCaseError::Fail(reason)) => {
            let reason = reason.to_string();
            assert!(reason.starts_with("panicked at tests/fuzz/main.rs:") && reason.ends_with(": boom"), "{reason}");
            assert_eq!(finding_key(&reason).split(':').next(), Some("tests/fuzz/main.rs"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(finding_key("[rows-rejoin] row 2"), "[rows-rejoin]");
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_docx() {
    fuzz("docx", reliability::docx_case(), reliability::check_docx, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_terms() {
    fuzz("terms", reliability::terms_case(), reliability::check_terms, Mode::Timed(fuzz_seconds()));
}

#[test]
#[ignore = "fuzzing: run with --ignored; FUZZ_SECONDS sets the duration"]
fn fuzz_state() {
    fuzz("state", reliability::state_case(), reliability::check_state, Mode::Timed(fuzz_seconds()));
}

/// The reliability targets for a few cases each, so that `cargo test` keeps them working.
#[test]
fn smoke_reliability() {
    fuzz("docx", reliability::docx_case(), reliability::check_docx, Mode::Smoke(20));
    fuzz("terms", reliability::terms_case(), reliability::check_terms, Mode::Smoke(20));
    fuzz("state", reliability::state_case(), reliability::check_state, Mode::Smoke(30));
}
