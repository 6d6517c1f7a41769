//! Opt-in fuzzing on stable Rust: proptest strategies run in a loop until `FUZZ_SECONDS` (default
//! 10) elapse. Four targets, each an ignored test:
//!
//! - `fuzz_parse`: bytes and text through decoding, loading, structure, terms, search and the
//!   outline/terms reports;
//! - `fuzz_layout`: `break_rows` at random widths with random `keep_whole` ranges;
//! - `fuzz_app`: key sequences, pastes, clicks and resize storms replayed on the reader;
//! - `fuzz_config`: mutated `config/default.toml`, key strings and vim key notation.
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
//! 4096) and `FUZZ_STOP_AT_FIRST=1`. A timed run keeps going after a finding
//! and counts later failures at the same place as known; every distinct finding is shrunk and
//! printed with its panic location and backtrace, and the test fails at the end.
//!
//! The `smoke` test runs every target for a few dozen cases so that `cargo test` exercises the
//! harness itself.
//!
//! The `a` key writes to a config file: every app case points `config.sources.explicit` at a file
//! in a fresh temporary directory, so fuzzing never touches the user's configuration.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::{Debug, Write as _};
use std::io::Write as _;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use jianghua::app::{App, DocView, TextPos};
use jianghua::config::Config;
use jianghua::document::{Document, Source, decode, is_unsafe, load_bytes};
use jianghua::keymap::{Key, KeyCodeOrd, parse_key, parse_sequence, parse_vim};
use jianghua::layout::{break_rows, break_rows_explained};
use jianghua::report::{DataFormat, Format};
use jianghua::samples::SAMPLES;
use jianghua::search::Matcher;
use jianghua::structure::analyse;
use jianghua::terms::{Segmenter, TermId, TermReport};
use jianghua::width::{AmbiguousWidth, str_width};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config as PtConfig, RngSeed, TestCaseError, TestError, TestRunner};
use ratatui::layout::{Position, Rect};

// ---------------------------------------------------------------------------------------------
// The harness: time-boxed proptest runs, quiet panics, a hang watchdog, findings.
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// Inside a fuzz case: record panics instead of printing them.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// Capture a backtrace with the next recorded panic.
    static WANT_BACKTRACE: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<Panic>> = const { RefCell::new(None) };
    /// The backtrace of the last failing case, when one was asked for.
    static LAST_BACKTRACE: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[derive(Debug, Clone)]
struct Panic {
    location: String,
    message: String,
    backtrace: Option<String>,
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

fn install_panic_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let location =
                    info.location().map_or_else(String::new, |l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                let message = payload_text(info.payload());
                let backtrace =
                    WANT_BACKTRACE.with(Cell::get).then(|| std::backtrace::Backtrace::force_capture().to_string());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(Panic { location, message, backtrace }));
            } else {
                default(info);
            }
        }));
    });
}

/// The case each fuzzing thread is running, for the hang watchdog.
struct Running {
    target: &'static str,
    started: Instant,
    input: Box<dyn Debug + Send>,
}

fn running() -> &'static Mutex<HashMap<ThreadId, Running>> {
    static RUNNING: OnceLock<Mutex<HashMap<ThreadId, Running>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(HashMap::new()))
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Resident memory of this process (Linux; 0 elsewhere).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096)
}

fn start_watchdog() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let limit = Duration::from_secs(env_u64("FUZZ_HANG_SECONDS").unwrap_or(60));
    let max_rss = env_u64("FUZZ_MAX_MIB").unwrap_or(4096) << 20;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let table = running().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let rss = resident_bytes();
            if rss > max_rss
                && let Some(r) = table.values().next()
            {
                let report = format!(
                    "\n=== FUZZ FINDING: {} memory: the process holds {} MiB (limit {} MiB) ===\nelapsed {:?}, app step {}\ninput: {:#?}\n",
                    r.target,
                    rss >> 20,
                    max_rss >> 20,
                    r.started.elapsed(),
                    APP_STEP.load(Ordering::SeqCst),
                    r.input
                );
                let _ = std::io::stderr().write_all(report.as_bytes());
                std::process::abort();
            }
            if let Some(r) = table.values().find(|r| r.started.elapsed() > limit) {
                // Straight to stderr: the test harness's output capture would be lost on abort.
                let report = format!(
                    "\n=== FUZZ FINDING: {} hang: one case ran for more than {} s ===\ninput: {:#?}\n",
                    r.target,
                    limit.as_secs(),
                    r.input
                );
                let _ = std::io::stderr().write_all(report.as_bytes());
                std::process::abort();
            }
        }
    });
}

/// A failure class, so that a timed run reports each bug once.
fn finding_key(reason: &str) -> String {
    // Panics: "panicked at FILE:LINE:COL: ..."; invariants: "[tag] ...".
    if let Some(rest) = reason.strip_prefix("panicked at ") {
        return rest.split(": ").next().unwrap_or(rest).to_owned();
    }
    if reason.starts_with('[')
        && let Some(end) = reason.find(']')
    {
        return reason[..=end].to_owned();
    }
    reason.chars().take(60).collect()
}

struct Finding {
    key: String,
    reason: String,
    input: String,
    backtrace: Option<String>,
    seed: u64,
}

/// Run `check` on one input, turning a panic into a failure that names its location.
fn run_case<V: Clone + Debug + Send + 'static>(
    target: &'static str,
    value: &V,
    check: &dyn Fn(&V) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    let id = std::thread::current().id();
    running()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(id, Running { target, started: Instant::now(), input: Box::new(value.clone()) });
    QUIET.with(|q| q.set(true));
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(|| check(value)));
    QUIET.with(|q| q.set(false));
    running().lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
    match result {
        Ok(r) => r,
        Err(payload) => {
            let p = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| Panic {
                location: "?".into(),
                message: payload_text(&*payload),
                backtrace: None,
            });
            LAST_BACKTRACE.with(|b| b.borrow_mut().clone_from(&p.backtrace));
            Err(TestCaseError::fail(format!("panicked at {}: {}", p.location, p.message)))
        }
    }
}

enum Mode {
    /// A fixed number of cases; the first failure fails the test at once.
    Smoke(u32),
    /// Until the deadline.
    Timed(Duration),
}

fn fuzz_seconds() -> Duration {
    Duration::from_secs_f64(
        std::env::var("FUZZ_SECONDS").ok().and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(10.0).max(0.0),
    )
}

/// Run `check` on values of `strategy` according to `mode`, print the totals, and panic with the
/// findings if there are any.
#[allow(clippy::too_many_lines, clippy::needless_pass_by_value, reason = "one loop reads best whole; modes are tiny")]
fn fuzz<S>(target: &'static str, strategy: S, check: impl Fn(&S::Value) -> Result<(), TestCaseError>, mode: Mode)
where
    S: Strategy,
    S::Value: Clone + Debug + Send + 'static,
{
    install_panic_hook();
    start_watchdog();
    let check: &dyn Fn(&S::Value) -> Result<(), TestCaseError> = &check;
    let fixed = matches!(mode, Mode::Smoke(_)).then_some(20_250_101);
    let base_seed = env_u64("FUZZ_SEED").or(fixed).unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        now.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)
    });
    let (batch_cases, deadline, stop_at_first) = match mode {
        Mode::Smoke(n) => (n, None, true),
        Mode::Timed(d) => (
            env_u64("FUZZ_BATCH").map_or(32, |b| b.clamp(1, 1_000_000) as u32),
            Some(Instant::now() + d),
            std::env::var_os("FUZZ_STOP_AT_FIRST").is_some(),
        ),
    };
    if deadline.is_some() {
        println!("{target}: seed {base_seed}");
    }
    let started = Instant::now();
    let executions = Cell::new(0u64);
    let known_hits = Cell::new(0u64);
    let mut findings: Vec<Finding> = Vec::new();
    let report_known = std::env::var_os("FUZZ_REPORT_KNOWN").is_some();
    let open: Vec<String> =
        if report_known { Vec::new() } else { KNOWN_OPEN.iter().map(|(k, _)| (*k).to_owned()).collect() };
    let mut batch = 0u64;
    loop {
        let seed = base_seed.wrapping_add(batch.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let config = PtConfig {
            cases: batch_cases,
            failure_persistence: None,
            max_shrink_iters: 8192,
            max_shrink_time: 180_000,
            rng_seed: RngSeed::Fixed(seed),
            ..PtConfig::default()
        };
        let mut runner = TestRunner::new(config);
        let known: Vec<String> = findings.iter().map(|f| f.key.clone()).chain(open.iter().cloned()).collect();
        let result = runner.run(&strategy, |value| {
            executions.set(executions.get() + 1);
            match run_case(target, &value, check) {
                // A timed run keeps looking for new bugs instead of shrinking known ones again.
                Err(TestCaseError::Fail(reason)) if known.contains(&finding_key(reason.message())) => {
                    known_hits.set(known_hits.get() + 1);
                    Ok(())
                }
                other => other,
            }
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, minimal)) => {
                let reason = reason.to_string();
                // Once more on the minimal input, with a backtrace.
                WANT_BACKTRACE.with(|w| w.set(true));
                LAST_BACKTRACE.with(|b| b.borrow_mut().take());
                let again = run_case(target, &minimal, check);
                WANT_BACKTRACE.with(|w| w.set(false));
                let backtrace = LAST_BACKTRACE.with(|b| b.borrow_mut().take());
                let backtrace = backtrace.or_else(|| match again {
                    Ok(()) => Some("(the minimal input passed when run again: flaky?)".into()),
                    Err(_) => None,
                });
                let finding =
                    Finding { key: finding_key(&reason), reason, input: format!("{minimal:#?}"), backtrace, seed };
                println!(
                    "\n=== FUZZ FINDING {}#{}: {} ===\nseed {}\nminimal input: {}\n{}\n",
                    target,
                    findings.len() + 1,
                    finding.reason,
                    finding.seed,
                    finding.input,
                    finding.backtrace.as_deref().unwrap_or("")
                );
                findings.push(finding);
            }
            Err(TestError::Abort(reason)) => {
                findings.push(Finding {
                    key: format!("abort {reason}"),
                    reason: format!("proptest aborted: {reason}"),
                    input: String::new(),
                    backtrace: None,
                    seed,
                });
            }
        }
        batch += 1;
        let done = match deadline {
            None => true,
            Some(d) => Instant::now() >= d,
        };
        if done || (stop_at_first && !findings.is_empty()) {
            break;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mut summary = format!("{target}: {} executions in {secs:.0} s, {} failures", executions.get(), findings.len());
    if known_hits.get() > 0 {
        let _ = write!(summary, " ({} more cases hit a known or open finding)", known_hits.get());
    }
    println!("{summary}");
    if !findings.is_empty() {
        let mut msg = format!("{summary}\n");
        for (i, f) in findings.iter().enumerate() {
            let _ = write!(msg, "\n#{}: {}\nseed {}\nminimal input: {}\n", i + 1, f.reason, f.seed, f.input);
        }
        panic!("{msg}");
    }
}

/// Findings already reported and reproduced by an ignored test in `tests/fuzz_regressions.rs`:
/// fuzzing skips them (set `FUZZ_REPORT_KNOWN=1` to see them again). Remove an entry when its bug
/// is fixed.
const KNOWN_OPEN: &[(&str, &str)] = &[
    ("[screen-width/char-model]", "concordance_title_fits_by_the_app_width_model"),
    // Seen with ambiguous_width = "wide": a U+FFFD in the concordance title, 41 columns on 40.
    ("[screen-width-wide]", "concordance_title_fits_by_the_app_width_model"),
];

macro_rules! ensure {
    ($cond:expr, $tag:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!("[{}] {}", $tag, format!($($fmt)+))));
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Generators: the speech genre's markers and traps mixed with arbitrary unicode and bytes.
// ---------------------------------------------------------------------------------------------

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "三、",
    "十一、",
    "二十、",
    "（一）",
    "（二）",
    "（十）",
    "(二)",
    "(三)",
    "1.",
    "2.",
    "10.",
    "1．",
    "2、",
    "３.",
    "（1）",
    "（2）",
    "(3)",
    "①",
    "②",
    "⑩",
    "⑳",
    "一要",
    "二要",
    "三要",
    "一是",
    "二是",
    "三是",
    "第一，",
    "第二，",
    "第三,",
    "第一部分",
    "第二章",
    "第三节",
    "首先，",
    "其次，",
    "再次，",
    "最后，",
    "最后一公里",
    "第一责任人",
    "统一要求",
    "一是一，二是二",
    "——",
    "—",
    "……",
    "…",
    "。",
    "；",
    "：",
    "！",
    "？",
    "，",
    "、",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "《",
    "》",
    "【",
    "】",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "　　",
    "\u{3000}\u{3000}\u{3000}\u{3000}",
    "同志们：",
    "同志们，",
    "各位代表：",
    "谢谢大家！",
    "附件1",
    "附件2：",
    "附件：",
    "名词解释",
    "名词解释：\n1. 两个确立：是指确立习近平同志党中央的核心。\n2.“两个维护”：指……\n",
    "结束语",
    "“两个确立”",
    "“两个维护”",
    "“四个意识”",
    "“三个务必”",
    "新质生产力",
    "高质量发展",
    "乡村振兴",
    "全面从严治党",
    "基层党建",
    "党建",
    "在全县经济工作会议上的讲话\n",
    "政府工作报告\n",
    "（2024年1月5日）\n",
    "县委书记  张三\n",
    "来源：",
    "责任编辑：",
    "下载",
    "打印本页",
    "1.5亿",
    "2023年",
    "50%",
    "5G",
    "５Ｇ",
    "ＡＩ",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\u{7}",
    "\r",
    "\r\n",
    "\u{9b}31m",
    "\u{85}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{0}",
    "\u{7f}",
    "\t",
    " ",
    "    ",
    "e\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "\u{fffd}",
    "𠀀",
    "ﾊﾝｶｸ",
    "\u{17D8}",
    "⸺",
    "⸻",
    "<",
    ">",
    "%",
    "#",
    "*",
    "_",
    "`",
    "[",
    "]",
    "|",
    "\\",
];

const CONTROLS: &[char] = &[
    '\u{0}', '\u{7}', '\u{8}', '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9b}', '\u{9d}', '\u{202e}', '\u{2066}',
    '\u{200f}', '\u{61c}', '\u{feff}', '\u{2028}',
];

/// Source texts to cut slices from: the embedded samples, plus the shared corpus when present.
fn sources() -> &'static [String] {
    static SOURCES: OnceLock<Vec<String>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut out: Vec<String> = SAMPLES.iter().map(|(_, t)| (*t).to_owned()).collect();
        let dir = std::env::var_os("JIANGHUA_CORPUS")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from);
        let mut files = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    files.push(p);
                }
            }
        }
        files.sort();
        out.extend(files.iter().take(64).filter_map(|p| std::fs::read_to_string(p).ok()));
        out
    })
}

fn char_floor(s: &str, i: usize) -> usize {
    jianghua::document::floor_boundary(s, i)
}

/// A slice of a source text, on char boundaries.
fn source_slice() -> impl Strategy<Value = String> {
    (any::<Index>(), any::<Index>(), 0usize..3000).prop_map(|(which, start, len)| {
        let all = sources();
        let t = &all[which.index(all.len())];
        let a = char_floor(t, start.index(t.len() + 1));
        let b = char_floor(t, (a + len * 3).min(t.len()));
        t[a..b].to_owned()
    })
}

fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        10 => select(PIECES).prop_map(str::to_owned),
        4 => "[\\p{Han}]{1,12}",
        2 => source_slice(),
        1 => any::<String>(),
        1 => any::<char>().prop_map(String::from),
        1 => select(CONTROLS).prop_map(String::from),
        1 => (select(PIECES), 20usize..1500).prop_map(|(p, n)| p.repeat(n)),
        1 => ("[\\p{Han}]{1,4}", 200usize..3000).prop_map(|(p, n)| p.repeat(n)),
        1 => "[a-zA-Z0-9 .,%()/:-]{0,40}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Duplicate(Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), piece()).prop_map(|(i, p)| Edit::Insert(i, p)),
        1 => (any::<Index>(), 0usize..400).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 0usize..400).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn apply_edits(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match e {
            Edit::Insert(i, s) => {
                let at = char_floor(&text, i.index(text.len() + 1));
                text.insert_str(at, s);
            }
            Edit::Delete(i, n) => {
                let a = char_floor(&text, i.index(text.len() + 1));
                let b = char_floor(&text, a.saturating_add(*n));
                text.replace_range(a..b, "");
            }
            Edit::Duplicate(i, n) => {
                let a = char_floor(&text, i.index(text.len() + 1));
                let b = char_floor(&text, a.saturating_add(*n));
                let copy = text[a..b].to_owned();
                text.insert_str(b, &copy);
            }
        }
    }
    text
}

fn document() -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::collection::vec(piece(), 0..64).prop_map(|v| v.concat()),
        // A line-per-piece document: markers at line starts.
        2 => proptest::collection::vec(proptest::collection::vec(piece(), 0..6), 0..40)
            .prop_map(|lines| lines.into_iter().map(|l| l.concat()).collect::<Vec<_>>().join("\n")),
        // A real speech, edited.
        2 => (any::<Index>(), proptest::collection::vec(edit(), 0..16)).prop_map(|(which, edits)| {
            let all = sources();
            apply_edits(all[which.index(all.len())].clone(), &edits)
        }),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Target 1: decode + parse + terms + reports.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16LeBom,
    Utf16Be,
    Utf16BeBom,
    Gb18030,
    Gbk,
    Big5,
}

#[derive(Debug, Clone)]
enum ByteEdit {
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Truncate(Index),
    Prefix(Vec<u8>),
}

const BYTES: &[u8] = &[
    0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x1b, 0x9b, 0x80, 0x81, 0xa1, 0xa3, 0xd6, 0xd0, 0xc2, 0xe2, 0xe3, 0xf0, 0xf4,
    0xf8, 0x0d, 0x0a, 0x30, 0x39, 0x7f, 0x85, 0xc0, 0xc1, 0xed, 0xa0,
];

const PREFIXES: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xFF\xFE\x00\x00",
    b"\x00\x00\xFE\xFF",
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"\xD0\xCF\x11\xE0",
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"\x7FELF",
    b"{\\rtf1",
    b"<html><body>",
    b"\x1b[31m",
    b"\x00",
];

#[derive(Debug, Clone)]
enum ParseInput {
    Text(String),
    Encoded { text: String, enc: Enc, edits: Vec<ByteEdit> },
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
struct ParseCase {
    input: ParseInput,
    query: String,
    probes: Vec<usize>,
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        3 => (any::<Index>(), prop_oneof![select(BYTES), any::<u8>()]).prop_map(|(i, b)| ByteEdit::Set(i, b)),
        2 => (any::<Index>(), proptest::collection::vec(prop_oneof![select(BYTES), any::<u8>()], 1..8))
            .prop_map(|(i, b)| ByteEdit::Insert(i, b)),
        1 => any::<Index>().prop_map(ByteEdit::Truncate),
        1 => select(PREFIXES).prop_map(|p| ByteEdit::Prefix(p.to_vec())),
    ]
}

fn encoding() -> impl Strategy<Value = Enc> {
    select(
        &[
            Enc::Utf8,
            Enc::Utf8Bom,
            Enc::Utf16Le,
            Enc::Utf16LeBom,
            Enc::Utf16Be,
            Enc::Utf16BeBom,
            Enc::Gb18030,
            Enc::Gbk,
            Enc::Big5,
        ][..],
    )
}

fn search_query() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[\\p{Han}]{1,4}",
        2 => "[a-z]{1,12}",
        1 => "[a-zA-Z ]{0,8}",
        1 => select(PIECES).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => ".{0,3}",
        1 => "[.*+?()\\[\\]{}|^$\\\\]{1,6}",
    ]
    .boxed()
}

fn parse_case() -> impl Strategy<Value = ParseCase> {
    let input = prop_oneof![
        4 => document().prop_map(ParseInput::Text),
        3 => (document(), encoding(), proptest::collection::vec(byte_edit(), 0..6))
            .prop_map(|(text, enc, edits)| ParseInput::Encoded { text, enc, edits }),
        1 => proptest::collection::vec(prop_oneof![select(BYTES), any::<u8>()], 0..4000).prop_map(ParseInput::Raw),
    ];
    (input, search_query(), proptest::collection::vec(any::<usize>(), 0..8))
        .prop_map(|(input, query, probes)| ParseCase { input, query, probes })
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    let utf16 = |big: bool, bom: bool| {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFFu16).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend_from_slice(&if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    };
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Enc::Utf16Le => utf16(false, false),
        Enc::Utf16LeBom => utf16(false, true),
        Enc::Utf16Be => utf16(true, false),
        Enc::Utf16BeBom => utf16(true, true),
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Enc::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Enc::Big5 => encoding_rs::BIG5.encode(text).0.into_owned(),
    }
}

fn apply_byte_edits(mut bytes: Vec<u8>, edits: &[ByteEdit]) -> Vec<u8> {
    for e in edits {
        match e {
            ByteEdit::Set(i, b) => {
                if !bytes.is_empty() {
                    let at = i.index(bytes.len());
                    bytes[at] = *b;
                }
            }
            ByteEdit::Insert(i, b) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            ByteEdit::Truncate(i) => bytes.truncate(i.index(bytes.len() + 1)),
            ByteEdit::Prefix(p) => bytes.splice(0..0, p.iter().copied()).for_each(drop),
        }
    }
    bytes
}

fn embedded_config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::embedded)
}

/// Text with no raw control characters (`\n` allowed; `\t` too unless `json`).
fn check_printable(out: &str, json: bool, what: &str) -> Result<(), TestCaseError> {
    if let Some(c) = out.chars().find(|&c| is_unsafe(c) || (json && c == '\t')) {
        return Err(TestCaseError::fail(format!("[report-control] {what} contains raw {c:?}")));
    }
    Ok(())
}

fn check_outline(doc: &Document, o: &jianghua::structure::Outline) -> Result<(), TestCaseError> {
    let text = doc.text();
    ensure!(
        o.roles.len() == doc.paragraphs().len(),
        "roles",
        "{} roles for {} paragraphs",
        o.roles.len(),
        doc.paragraphs().len()
    );
    for (i, s) in o.sections.iter().enumerate() {
        ensure!(
            s.span.start <= s.span.end && s.span.end <= doc.char_len(),
            "span-in-text",
            "section {i} span {:?} of {}",
            s.span,
            doc.char_len()
        );
        ensure!(
            s.bytes.start <= s.bytes.end && s.bytes.end <= text.len(),
            "bytes-in-text",
            "section {i} bytes {:?} of {}",
            s.bytes,
            text.len()
        );
        ensure!(
            text.is_char_boundary(s.bytes.start) && text.is_char_boundary(s.bytes.end),
            "bytes-boundary",
            "section {i} bytes {:?}",
            s.bytes
        );
        ensure!(
            s.subtree_end > i && s.subtree_end <= o.sections.len(),
            "subtree-end",
            "section {i} subtree_end {}",
            s.subtree_end
        );
        if let Some(p) = s.parent {
            ensure!(p < i, "parent-order", "section {i} has parent {p}");
            let parent = &o.sections[p];
            ensure!(
                parent.span.start <= s.span.start && s.span.end <= parent.span.end,
                "span-in-parent",
                "section {i} {:?} not inside parent {p} {:?}",
                s.span,
                parent.span
            );
            ensure!(
                parent.bytes.start <= s.bytes.start && s.bytes.end <= parent.bytes.end,
                "bytes-in-parent",
                "section {i} {:?} not inside parent {p} {:?}",
                s.bytes,
                parent.bytes
            );
            ensure!(s.level == parent.level + 1, "level", "section {i} level {} under level {}", s.level, parent.level);
            ensure!(i < parent.subtree_end, "subtree", "section {i} outside its parent's subtree");
        }
    }
    Ok(())
}

fn check_terms(doc: &Document, o: &jianghua::structure::Outline, config: &Config) -> Result<TermReport, TestCaseError> {
    let text = doc.text();
    let lists = &config.term_lists;
    let report = TermReport::new(doc, o, lists);
    ensure!(
        report.counts.len() == lists.len(),
        "counts-shape",
        "{} count lists for {} term lists",
        report.counts.len(),
        lists.len()
    );
    let mut expected: Vec<Vec<usize>> = lists.iter().map(|l| vec![0; l.terms.len()]).collect();
    let mut last_end = 0;
    for h in &report.hits {
        let TermId { list, term } = h.id;
        ensure!(list < lists.len() && term < lists[list].terms.len(), "hit-id", "hit {h:?} names no term");
        expected[list][term] += 1;
        ensure!(
            h.range.start < h.range.end
                && h.range.end <= text.len()
                && text.is_char_boundary(h.range.start)
                && text.is_char_boundary(h.range.end),
            "hit-range",
            "hit {h:?} in text of {} bytes",
            text.len()
        );
        ensure!(h.range.start >= last_end, "hit-order", "hit {h:?} overlaps or precedes the previous one");
        last_end = h.range.end;
    }
    for (l, counts) in report.counts.iter().enumerate() {
        ensure!(
            counts.len() == lists[l].terms.len(),
            "counts-shape",
            "list {l}: {} counts for {} terms",
            counts.len(),
            lists[l].terms.len()
        );
        for (t, &c) in counts.iter().enumerate() {
            ensure!(
                c == expected[l][t],
                "counts-vs-hits",
                "term {l}/{t} ({:?}) counted {c}, hits {}",
                lists[l].terms[t].text,
                expected[l][t]
            );
        }
    }
    // The concordance of the first few terms with hits.
    let mut shown = 0;
    for (l, list) in lists.iter().enumerate() {
        for t in 0..list.terms.len() {
            let id = TermId { list: l, term: t };
            let ranges = report.ranges_of(id);
            if ranges.is_empty() || shown >= 4 {
                continue;
            }
            shown += 1;
            let lines = jianghua::terms::concordance::lines(doc, o, &ranges);
            ensure!(lines.len() == ranges.len(), "concordance", "{} lines for {} ranges", lines.len(), ranges.len());
        }
    }
    let _ = report.words(lists);
    for f in report.discovered.quoted.iter().chain(&report.discovered.formulas).take(8) {
        let _ = report.note(lists, &f.text);
    }
    Ok(report)
}

fn check_document(doc: &Document, case: &ParseCase) -> Result<(), TestCaseError> {
    let text = doc.text();
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(TestCaseError::fail(format!("[unsafe-char] document text keeps {c:?}")));
    }
    ensure!(!text.contains('\r'), "cr", "document text keeps a CR");
    for pair in doc.paragraphs().windows(2) {
        ensure!(
            pair[0].bytes.end < pair[1].bytes.start,
            "paragraph-order",
            "{:?} then {:?}",
            pair[0].bytes,
            pair[1].bytes
        );
    }
    for s in doc.sentences() {
        ensure!(
            s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence",
            "sentence {s:?} in {} bytes",
            text.len()
        );
    }
    let outline = analyse(doc);
    check_outline(doc, &outline)?;
    let config = embedded_config();
    let report = check_terms(doc, &outline, config)?;

    for format in [Format::Json, Format::Text, Format::Markdown] {
        let out = jianghua::report::outline::print(doc, &outline, format);
        check_printable(&out, format == Format::Json, &format!("outline {format:?}"))?;
        if format == Format::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&out)
        {
            return Err(TestCaseError::fail(format!("[json] outline JSON does not parse: {e}")));
        }
    }
    for format in [DataFormat::Json, DataFormat::Text] {
        let out = jianghua::report::terms::print(doc, config, &report, &[], format);
        check_printable(&out, format == DataFormat::Json, &format!("terms {format:?}"))?;
        if format == DataFormat::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&out)
        {
            return Err(TestCaseError::fail(format!("[json] terms JSON does not parse: {e}")));
        }
    }
    for i in 0..outline.sections.len().min(16) {
        let _ = jianghua::report::outline::heading(&outline, i);
        let _ = outline.children(i);
        let _ = outline.ancestry(i);
    }
    let _ = outline.roots();

    // Offsets anywhere, including past the end and inside characters.
    let len = text.len();
    for &p in &case.probes {
        for b in [p, p % (len + 2), p % (len + 2) / 2] {
            let c = doc.char_of_byte(b);
            ensure!(c <= doc.char_len(), "char-of-byte", "char_of_byte({b}) = {c} > {}", doc.char_len());
            let back = doc.byte_of_char(c);
            ensure!(back <= len && text.is_char_boundary(back), "byte-of-char", "byte_of_char({c}) = {back}");
            let _ = doc.byte_of_char(b);
            let _ = doc.paragraph_at(b);
            let _ = doc.sentence_at(b);
            let _ = doc.paragraph_text(b % (doc.paragraphs().len() + 1));
            if let Some(i) = outline.innermost_at(b) {
                ensure!(outline.sections[i].bytes.contains(&b), "innermost", "innermost_at({b}) = {i}");
            }
            let _ = jianghua::terms::concordance::breadcrumb(&outline, b);
        }
    }

    // Search.
    if let Some(m) = Matcher::new(&case.query) {
        let all = m.all(text);
        for r in &all {
            ensure!(
                r.range.start <= r.range.end
                    && r.range.end <= len
                    && text.is_char_boundary(r.range.start)
                    && text.is_char_boundary(r.range.end),
                "search-range",
                "match {:?} for {:?}",
                r.range,
                case.query
            );
        }
        for &p in case.probes.iter().take(3) {
            if let Some(r) = m.first_literal_from(text, p % (len + 2)) {
                ensure!(r.end <= len && text.is_char_boundary(r.start), "search-from", "first_literal_from gave {r:?}");
            }
        }
    }
    Ok(())
}

fn check_parse(case: &ParseCase) -> Result<(), TestCaseError> {
    let bytes = match &case.input {
        ParseInput::Text(t) => {
            let doc = Document::from_text(t.clone(), Source::named("fuzz"));
            check_document(&doc, case)?;
            t.as_bytes().to_vec()
        }
        ParseInput::Encoded { text, enc, edits } => apply_byte_edits(encode(text, *enc), edits),
        ParseInput::Raw(b) => b.clone(),
    };
    let decoded = decode(&bytes);
    let loaded = load_bytes("fuzz", None, &bytes);
    match (&decoded, &loaded) {
        (Ok(d), Ok(doc)) => {
            // `load_bytes` may also recover lost paragraph breaks, so its text can differ from
            // `from_text`'s; it must keep every invariant all the same.
            let _ = d;
            check_document(doc, case)?;
            let _ = doc.source.warnings();
        }
        (Err(_), Ok(_)) => return Err(TestCaseError::fail("[load-vs-decode] decode failed but load_bytes succeeded")),
        _ => {}
    }
    if let Ok(d) = decoded {
        let _ = d.encoding.label();
        let doc = Document::from_text(d.text, Source::named("fuzz"));
        check_document(&doc, case)?;
    }
    if let Err(e) = loaded {
        let msg = e.to_string();
        ensure!(!msg.contains('\n'), "load-error-line", "load error is not one line: {msg:?}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Target 2: layout.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct LayoutCase {
    text: String,
    width: usize,
    wide: bool,
    /// Raw byte positions; pairs of the sorted list become ranges.
    keep: Vec<Index>,
    /// Snap `keep` to char boundaries (else some may fall inside characters and are ignored).
    snap: bool,
}

fn layout_case() -> impl Strategy<Value = LayoutCase> {
    let text = prop_oneof![
        3 => document(),
        2 => proptest::collection::vec(piece(), 0..24).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
    .prop_map(|t| t.replace('\n', ""));
    let width = prop_oneof![3 => 0usize..300, 1 => 0usize..6, 1 => Just(usize::MAX), 1 => 60_000usize..70_000];
    (text, width, any::<bool>(), proptest::collection::vec(any::<Index>(), 0..12), any::<bool>())
        .prop_map(|(text, width, wide, keep, snap)| LayoutCase { text, width, wide, keep, snap })
}

fn keep_ranges(text: &str, keep: &[Index], snap: bool) -> Vec<Range<usize>> {
    let mut points: Vec<usize> = keep
        .iter()
        .map(|i| {
            let p = i.index(text.len() + 1);
            if snap { char_floor(text, p) } else { p }
        })
        .collect();
    points.sort_unstable();
    points.chunks_exact(2).filter(|p| p[0] < p[1]).map(|p| p[0]..p[1]).collect()
}

fn check_layout(case: &LayoutCase) -> Result<(), TestCaseError> {
    let text = &case.text;
    let amb = if case.wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
    let keep = keep_ranges(text, &case.keep, case.snap);
    let limit = case.width.clamp(2, usize::from(u16::MAX));
    // A char wider than the row (U+17D8 is 3 columns) makes `break_rows` loop forever: report it
    // as a finding here instead of hanging the run.
    if let Some(c) = text.chars().find(|&c| jianghua::width::char_width(c, amb) > limit) {
        return Err(TestCaseError::fail(format!(
            "[layout-hang/char-wider-than-row] {c:?} is wider than a row of {limit}"
        )));
    }
    let rows = break_rows(text, case.width, amb, &keep);
    ensure!(!rows.is_empty(), "rows-empty", "no rows");
    ensure!(rows[0].start == 0, "rows-rejoin", "first row starts at {}", rows[0].start);
    ensure!(
        rows[rows.len() - 1].end == text.len(),
        "rows-rejoin",
        "last row ends at {} of {}",
        rows[rows.len() - 1].end,
        text.len()
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            ensure!(
                rows[i - 1].end == r.start,
                "rows-rejoin",
                "row {} ends at {} but row {i} starts at {}",
                i - 1,
                rows[i - 1].end,
                r.start
            );
        }
        ensure!(
            r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "row-boundary",
            "row {i} {:?}",
            r
        );
        ensure!(text.is_empty() || r.start < r.end, "row-empty", "row {i} {r:?} is empty in a non-empty text");
        let s = &text[r.start..r.end];
        let w = str_width(s.trim_end_matches([' ', '\t']), amb);
        ensure!(usize::from(r.width) == w, "row-width", "row {i} {s:?} says width {} but is {w}", r.width);
        ensure!(w <= limit, "row-too-wide", "row {i} {s:?} is {w} columns, limit {limit}");
    }
    let explained: Vec<_> = break_rows_explained(text, case.width, amb, &keep).into_iter().map(|(r, _)| r).collect();
    ensure!(explained == rows, "explained", "break_rows_explained disagrees with break_rows");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Target 3: the reader, key by key.
// ---------------------------------------------------------------------------------------------

const DEFAULT_KEYS: &[char] = &[
    'j', 'k', 'g', 'G', 'h', 'l', 'o', 't', 'z', 'n', 'N', '?', ':', '/', 'a', 'c', '1', '2', '3', '[', ']', '{', '}',
    'q', ' ', 'b',
];

const SPECIAL: &[KeyCodeOrd] = &[
    KeyCodeOrd::Enter,
    KeyCodeOrd::Esc,
    KeyCodeOrd::Tab,
    KeyCodeOrd::BackTab,
    KeyCodeOrd::Up,
    KeyCodeOrd::Down,
    KeyCodeOrd::PageUp,
    KeyCodeOrd::PageDown,
    KeyCodeOrd::Home,
    KeyCodeOrd::End,
    KeyCodeOrd::Backspace,
    KeyCodeOrd::Delete,
    KeyCodeOrd::Left,
    KeyCodeOrd::Right,
    KeyCodeOrd::Insert,
];

/// Typed into prompts: Chinese, pinyin, markers, goto targets.
const TYPED: &[char] = &[
    '党', '建', '发', '展', '一', '二', '三', '十', '、', '（', '）', '(', ')', '，', '。', '%', '0', '5', '9', 'd',
    'j', 's', 'f', 'z', 'h', 'a', 'n', 'g', 'x', 'i', 'u', 'e', 'o', 'y', 'Z', 'D', '“', '”', '—', '\u{3000}', '①',
    '．', '.', '第', '是', '要', '附', '件', '👨', '\u{301}', '\u{200d}', '𠀀', 'ｚ',
];

fn key() -> BoxedStrategy<Key> {
    prop_oneof![
        12 => select(DEFAULT_KEYS).prop_map(Key::char),
        5 => select(SPECIAL).prop_map(Key::plain),
        2 => select(&['d', 'u', 'l', 'c', 'z'][..])
            .prop_map(|c| Key { code: KeyCodeOrd::Char(c), ctrl: true, alt: false }),
        4 => select(TYPED).prop_map(Key::char),
        1 => (any::<char>(), any::<bool>(), any::<bool>())
            .prop_map(|(c, ctrl, alt)| Key { code: KeyCodeOrd::Char(c), ctrl, alt }),
        1 => select(CONTROLS).prop_map(Key::char),
        1 => (1u8..=12).prop_map(|n| Key::plain(KeyCodeOrd::F(n))),
        1 => (select(SPECIAL), any::<bool>(), any::<bool>())
            .prop_map(|(code, ctrl, alt)| Key { code, ctrl, alt }),
    ]
    .boxed()
}

fn typed_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-z]{1,10}",
        3 => "[\\p{Han}]{1,4}",
        2 => select(PIECES).prop_map(str::to_owned),
        2 => (select(&["一、", "（三）", "二、（三）", "3.", "（2）", "50%", "0%", "100%", "999%", "②", "附件1", "-1", "二、（三）4."][..]))
            .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
    .boxed()
}

fn keys() -> BoxedStrategy<Vec<Key>> {
    let prompt = |open: char| {
        (
            typed_text(),
            prop_oneof![3 => Just(Some(KeyCodeOrd::Enter)), 1 => Just(Some(KeyCodeOrd::Esc)), 1 => Just(None)],
        )
            .prop_map(move |(t, end)| {
                let mut k = vec![Key::char(open)];
                k.extend(t.chars().map(Key::char));
                k.extend(end.map(Key::plain));
                k
            })
    };
    prop_oneof![
        6 => proptest::collection::vec(key(), 1..16),
        2 => prompt('/'),
        2 => prompt(':'),
        // Select a term and add it to a list (writes only inside the case's temporary directory).
        1 => (0usize..6, 0usize..3).prop_map(|(down, list)| {
            let mut k = vec![Key::char('3')];
            k.extend(std::iter::repeat_n(Key::char('j'), down));
            k.push(Key::char('a'));
            k.extend(std::iter::repeat_n(Key::char('j'), list));
            k.push(Key::plain(KeyCodeOrd::Enter));
            k
        }),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
enum Event {
    Key(Key),
    Resize(u16, u16),
    Paste(String),
    /// A click, delivered only where the terminal loop would (over the outline pane).
    Click(u16, u16),
    Wheel {
        down: bool,
        x: u16,
        y: u16,
    },
}

#[derive(Debug, Clone)]
enum Step {
    /// Keys drawn one frame each (`tui::render`).
    Keys(Vec<Key>),
    /// The terminal changes size; a frame is drawn.
    Resize(u16, u16),
    /// Events queued before one frame: resize storms, key repeat, pastes, mouse.
    Batch(Vec<Event>),
    /// Keywords arrive (computed with the test's own segmenter).
    Keywords,
}

fn size() -> BoxedStrategy<(u16, u16)> {
    prop_oneof![
        1 => Just((0u16, 0u16)),
        1 => Just((1u16, 1u16)),
        2 => (0u16..=3, 0u16..=3),
        3 => (0u16..40, 0u16..12),
        6 => (20u16..200, 5u16..60),
        1 => Just((80u16, 24u16)),
        1 => Just((400u16, 200u16)),
        1 => (0u16..=500, 0u16..=250),
    ]
    .boxed()
}

fn event() -> BoxedStrategy<Event> {
    prop_oneof![
        6 => key().prop_map(Event::Key),
        3 => size().prop_map(|(w, h)| Event::Resize(w, h)),
        1 => typed_text().prop_map(Event::Paste),
        1 => (0u16..120, 0u16..60).prop_map(|(x, y)| Event::Click(x, y)),
        1 => (any::<bool>(), 0u16..120, 0u16..60).prop_map(|(down, x, y)| Event::Wheel { down, x, y }),
    ]
    .boxed()
}

fn step(keywords: bool) -> BoxedStrategy<Step> {
    prop_oneof![
        8 => keys().prop_map(Step::Keys),
        2 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        3 => proptest::collection::vec(event(), 1..24).prop_map(Step::Batch),
        (u32::from(keywords)) => Just(Step::Keywords),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
enum DocInput {
    Sample(usize),
    Text(String),
}

#[derive(Debug, Clone)]
struct UserConfig {
    reading_width: Option<u16>,
    wide: Option<bool>,
    terms: Vec<String>,
    keys: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone)]
struct AppCase {
    docs: Vec<DocInput>,
    config: UserConfig,
    size: (u16, u16),
    steps: Vec<Step>,
}

const ACTIONS: &[&str] = &[
    "scroll_down",
    "scroll_up",
    "half_page_down",
    "half_page_up",
    "page_down",
    "page_up",
    "top",
    "bottom",
    "next_heading",
    "prev_heading",
    "next_part",
    "prev_part",
    "fold",
    "unfold",
    "activate",
    "focus_next",
    "focus_prev",
    "focus_outline",
    "focus_text",
    "focus_terms",
    "toggle_outline",
    "toggle_terms",
    "text_only",
    "search",
    "search_next",
    "search_prev",
    "cancel",
    "go_to",
    "add_term",
    "toggle_counts",
    "help",
    "quit",
    "redraw",
    "suspend",
    "none",
];

fn user_config() -> impl Strategy<Value = UserConfig> {
    let remap = (
        select(&["j", "k", "x", "g g", "ctrl-x", "enter", "space", "f5", "alt-j", "shift-tab", "y y y", "Q"][..]),
        select(ACTIONS),
    )
        .prop_map(|(k, a)| (k.to_owned(), a));
    (
        proptest::option::weighted(0.3, 0u16..500),
        proptest::option::weighted(0.4, any::<bool>()),
        proptest::collection::vec(
            prop_oneof![3 => "[\\p{Han}]{1,6}", 1 => select(PIECES).prop_map(str::to_owned), 1 => any::<String>()],
            0..4,
        ),
        proptest::collection::vec(remap, 0..4),
    )
        .prop_map(|(reading_width, wide, terms, keys)| UserConfig { reading_width, wide, terms, keys })
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl UserConfig {
    fn toml(&self) -> String {
        let mut t = String::from("[reader]\n");
        if let Some(w) = self.reading_width {
            let _ = writeln!(t, "reading_width = {w}");
        }
        if let Some(wide) = self.wide {
            let _ = writeln!(t, "ambiguous_width = {}", if wide { "\"wide\"" } else { "\"narrow\"" });
        }
        t.push_str("[keys]\n");
        for (k, a) in &self.keys {
            let _ = writeln!(t, "{} = {}", toml_str(k), toml_str(a));
        }
        if !self.terms.is_empty() {
            t.push_str("[[term_list]]\nname = \"模糊\"\ncolor = \"cyan\"\nterms = [");
            t.push_str(&self.terms.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "));
            t.push_str("]\n");
        }
        t
    }
}

fn app_case(keywords: bool) -> impl Strategy<Value = AppCase> {
    let doc = prop_oneof![2 => (0..SAMPLES.len()).prop_map(DocInput::Sample), 3 => document().prop_map(DocInput::Text)];
    (proptest::collection::vec(doc, 1..=2), user_config(), size(), proptest::collection::vec(step(keywords), 0..20))
        .prop_map(|(docs, config, size, steps)| AppCase { docs, config, size, steps })
}

thread_local! {
    static SEGMENTER: RefCell<Option<Segmenter>> = const { RefCell::new(None) };
}

/// Compute the keywords the app asks for, as the background thread would.
fn deliver_keywords(app: &mut App) {
    let jobs = app.keyword_jobs();
    if jobs.is_empty() {
        return;
    }
    SEGMENTER.with(|s| {
        let mut s = s.borrow_mut();
        let seg = s.get_or_insert_with(|| {
            let config = embedded_config();
            let words = jianghua::terms::configured_words(&config.term_lists);
            Segmenter::new(words, &config.keywords.stop_words)
        });
        for job in jobs {
            let keywords = seg.keywords(&job.text, job.method, job.top);
            app.keywords_ready(jianghua::app::KeywordsReady { doc: job.doc, generation: job.generation, keywords });
        }
    });
}

fn check_screen(app: &App, screen: &str, w: u16, h: u16, when: &str) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = screen.lines().collect();
    ensure!(lines.len() <= usize::from(h), "screen-height", "{when}: {} lines on a {w}x{h} screen", lines.len());
    for (y, line) in lines.iter().enumerate() {
        // What the terminal draws: grapheme widths (a ZWJ emoji sequence is 2 columns).
        let drawn = unicode_width::UnicodeWidthStr::width(*line);
        // The "window too small" notice is one ratatui paragraph; the reader proper is another class.
        let tag = if app.panes.is_none() { "screen-width/too-small" } else { "screen-width" };
        ensure!(drawn <= usize::from(w), tag, "{when}: line {y} is {drawn} columns on a {w}x{h} screen: {line:?}");
        // The app's own model (`str_width`, char by char) must agree.
        let narrow = str_width(line, AmbiguousWidth::Narrow);
        ensure!(
            narrow <= usize::from(w),
            "screen-width/char-model",
            "{when}: line {y} is {narrow} columns by str_width ({drawn} drawn) on a {w}x{h} screen: {line:?}"
        );
        if app.config.reader.ambiguous_width == AmbiguousWidth::Wide {
            let wide = str_width(line, AmbiguousWidth::Wide);
            ensure!(
                wide <= usize::from(w),
                "screen-width-wide",
                "{when}: line {y} is {wide} columns (ambiguous wide) on a {w}x{h} screen: {line:?}"
            );
        }
        if let Some(c) = line.chars().find(|&c| is_unsafe(c) || c == '\t') {
            return Err(TestCaseError::fail(format!("[screen-control] {when}: line {y} shows raw {c:?}: {line:?}")));
        }
    }
    Ok(())
}

/// `top <= max_top`. A violation that first shows right after a resize is tagged `/resize`, and so
/// is the same top as long as it stays put, so that it is one finding however it is noticed.
fn check_top(app: &App, when: &str, after_resize: bool, carried: &mut Option<TextPos>) -> Result<(), TestCaseError> {
    let height = app.text_height();
    let doc = app.doc();
    let max = doc.max_top(height);
    if doc.top <= max {
        *carried = None;
        return Ok(());
    }
    if after_resize && carried.is_none() {
        *carried = Some(doc.top);
    }
    let tag = if *carried == Some(doc.top) { "top-past-max/resize" } else { "top-past-max" };
    Err(TestCaseError::fail(format!("[{tag}] {when}: top {:?} > max_top {max:?} (height {height})", doc.top)))
}

/// `tui::render`, as a fallible step of a case.
#[allow(clippy::unnecessary_wraps, reason = "kept fallible so known panics can be reported here again")]
fn render(app: &mut App, w: u16, h: u16, keys: &[Key]) -> Result<String, TestCaseError> {
    Ok(jianghua::tui::render(app, w, h, keys))
}

/// The step `check_app` is on, for the watchdog's report.
static APP_STEP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn check_app(case: &AppCase) -> Result<(), TestCaseError> {
    APP_STEP.store(0, Ordering::SeqCst);
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(format!("tempdir: {e}")))?;
    let mut config = Config::from_user_text("fuzz.toml", &case.config.toml())
        .or_else(|_| Config::from_user_text("fuzz.toml", ""))
        .map_err(|e| TestCaseError::fail(format!("[config] the empty user config fails: {e}")))?;
    // `a` writes the user's config file: keep it in the temporary directory.
    config.sources.explicit = Some(dir.path().join("config.toml"));
    config.sources.terms_files.clear();
    let docs = case
        .docs
        .iter()
        .map(|d| {
            let doc = match d {
                DocInput::Sample(i) => jianghua::samples::load(SAMPLES[*i].0, SAMPLES[*i].1),
                DocInput::Text(t) => Document::from_text(t.clone(), Source::named("fuzz")),
            };
            // A char wider than any row (U+17D8) makes the reader loop in break_rows, allocating
            // without bound, as soon as App::new runs: a known open finding, reported not run.
            if let Some(c) = doc.text().chars().find(|&c| jianghua::width::char_width(c, AmbiguousWidth::Narrow) > 2) {
                return Err(TestCaseError::fail(format!(
                    "[layout-hang/char-wider-than-row] the document holds {c:?}: App::new would exhaust memory"
                )));
            }
            Ok(DocView::new(doc, &config))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut app = App::new(config, docs);
    let (mut w, mut h) = case.size;
    let screen = render(&mut app, w, h, &[])?;
    check_screen(&app, &screen, w, h, "first frame")?;
    let mut carried = None;
    check_top(&app, "first frame", true, &mut carried)?;
    for (i, step) in case.steps.iter().enumerate() {
        let when = format!("step {i}");
        APP_STEP.store(i, Ordering::SeqCst);
        match step {
            Step::Keys(keys) => {
                let screen = render(&mut app, w, h, keys)?;
                if !app.quit {
                    check_screen(&app, &screen, w, h, &when)?;
                }
            }
            Step::Resize(nw, nh) => {
                (w, h) = (*nw, *nh);
                app.resize(Rect::new(0, 0, w, h));
                check_top(&app, &when, true, &mut carried)?;
                let screen = render(&mut app, w, h, &[])?;
                check_screen(&app, &screen, w, h, &when)?;
            }
            Step::Batch(events) => {
                for e in events {
                    if app.quit {
                        break;
                    }
                    match e {
                        Event::Key(k) => app.handle_key(*k),
                        Event::Resize(nw, nh) => {
                            (w, h) = (*nw, *nh);
                            app.resize(Rect::new(0, 0, w, h));
                        }
                        Event::Paste(s) => app.paste(s),
                        Event::Click(x, y) => {
                            let at = Position { x: *x, y: *y };
                            if app.panes.and_then(|p| p.outline).is_some_and(|o| o.area.contains(at)) {
                                app.click_outline(at);
                            }
                        }
                        Event::Wheel { down, x, y } => {
                            let at = Position { x: *x, y: *y };
                            let over = app.panes.and_then(|p| p.outline).is_some_and(|o| o.area.contains(at));
                            let focus = app.focus;
                            app.focus = if over { jianghua::app::Focus::Outline } else { jianghua::app::Focus::Text };
                            for _ in 0..3 {
                                app.update(if *down {
                                    jianghua::action::Action::ScrollDown
                                } else {
                                    jianghua::action::Action::ScrollUp
                                });
                            }
                            app.focus = focus;
                        }
                    }
                    check_top(&app, &when, matches!(e, Event::Resize(..)), &mut carried)?;
                }
                if !app.quit {
                    let screen = render(&mut app, w, h, &[])?;
                    check_screen(&app, &screen, w, h, &when)?;
                }
            }
            Step::Keywords => {
                deliver_keywords(&mut app);
                let screen = render(&mut app, w, h, &[])?;
                check_screen(&app, &screen, w, h, &when)?;
            }
        }
        check_top(&app, &when, false, &mut carried)?;
        // Quitting and suspending only set flags the terminal loop acts on; carry on reading.
        app.quit = false;
        app.suspend = false;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Target 4: config text, key strings, vim notation.
// ---------------------------------------------------------------------------------------------

const DEFAULT_TOML: &str = include_str!("../config/default.toml");

const KEY_NAMES: &[&str] = &[
    "space",
    "enter",
    "esc",
    "tab",
    "backtab",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "f1",
    "f12",
    "f0",
    "f13",
    "f99",
    "f255",
    "f256",
    "f",
    "lt",
    "cr",
    "s-tab",
    "",
    " ",
    "-",
    "ctrl",
    "ctrl-",
    "shift",
    "alt-",
    "c-",
    "a-",
    "s-",
    "ctrl-ctrl-",
    "CTRL-",
    "C-",
    "Shift-",
    "ä",
    "é",
    "党",
    "ﬀ",
    "ß",
    "İ",
    "ǅ",
];

fn key_string() -> BoxedStrategy<String> {
    let one = (
        proptest::collection::vec(select(&["ctrl-", "alt-", "shift-", "c-", "a-", "s-", "C-", "Ctrl-", "SHIFT-", "m-"][..]), 0..3),
        prop_oneof![3 => select(KEY_NAMES).prop_map(str::to_owned), 2 => any::<char>().prop_map(String::from), 1 => "[a-zA-Z0-9-]{0,6}", 1 => "f[0-9]{1,4}"],
    )
        .prop_map(|(mods, base)| format!("{}{base}", mods.concat()));
    prop_oneof![
        4 => one.clone(),
        2 => proptest::collection::vec(one, 1..4).prop_map(|v| v.join(" ")),
        1 => Just(" ".to_owned()),
        1 => Just(String::new()),
        1 => any::<String>(),
    ]
    .boxed()
}

fn vim_string() -> BoxedStrategy<String> {
    let part = prop_oneof![
        3 => "[a-zA-Z0-9 :/?]{1,4}",
        2 => (proptest::collection::vec(select(&["C-", "S-", "A-", "M-", "c-", "s-", "X-", "-", ""][..]), 0..3), select(KEY_NAMES))
            .prop_map(|(m, n)| format!("<{}{n}>", m.concat())),
        1 => Just("<".to_owned()),
        1 => Just(">".to_owned()),
        1 => Just("<>".to_owned()),
        1 => Just("<-->".to_owned()),
        1 => Just("<C-->".to_owned()),
        1 => any::<String>(),
        1 => select(TYPED).prop_map(String::from),
    ];
    proptest::collection::vec(part, 0..8).prop_map(|v| v.concat()).boxed()
}

fn toml_value() -> BoxedStrategy<String> {
    prop_oneof![
        2 => any::<i64>().prop_map(|n| n.to_string()),
        2 => select(&["0", "1", "-1", "19", "20", "400", "401", "65535", "65536", "4294967296", "18446744073709551615", "1e400", "nan", "inf", "-0", "0x10", "1_000", "3.5", "true", "false", "[]", "{}", "\"\"", "[1, 2]", "{ text = \"x\" }", "1979-05-27"][..]).prop_map(str::to_owned),
        3 => prop_oneof![
            select(&["red", "yellow", "green", "cyan", "magenta", "blue", "lightblue", "darkgray", "gray", "white", "black", "Red", "#ff0000", "rgb(1,2,3)", "purple", "", "紫", "narrow", "wide", "auto", "always", "never", "tfidf", "textrank", "TFIDF"][..]).prop_map(str::to_owned),
            any::<String>(),
            "[\\p{Han}]{0,6}",
        ].prop_map(|s| toml_str(&s)),
        1 => proptest::collection::vec(prop_oneof![any::<String>(), "[\\p{Han}]{0,6}", select(PIECES).prop_map(str::to_owned)], 0..4)
            .prop_map(|v| format!("[{}]", v.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))),
        1 => (any::<String>(), proptest::collection::vec(any::<String>(), 0..3), proptest::option::of(any::<String>()))
            .prop_map(|(text, aliases, note)| {
                let aliases: Vec<String> = aliases.iter().map(|a| toml_str(a)).collect();
                let note = note.map(|n| format!(", note = {}", toml_str(&n))).unwrap_or_default();
                format!("[{{ text = {}, aliases = [{}]{note} }}]", toml_str(&text), aliases.join(", "))
            }),
        1 => any::<String>(),
    ]
    .boxed()
}

fn toml_line() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (key_string(), prop_oneof![4 => select(ACTIONS).prop_map(str::to_owned), 1 => any::<String>()])
            .prop_map(|(k, a)| format!("{} = {}", toml_str(&k), toml_str(&a))),
        3 => (select(&["reading_width", "ambiguous_width", "mouse", "color", "name", "terms", "enabled", "extend", "top", "method", "stop_words", "extra_stop_words", "text", "aliases", "note", "bogus", "j", "\"g g\""][..]), toml_value())
            .prop_map(|(k, v)| format!("{k} = {v}")),
        2 => select(&["[reader]", "[keys]", "[keywords]", "[[term_list]]", "[term_list]", "[[keys]]", "[reader.x]", "[]", "[[]]", "[keys.j]", "[[term_list.terms]]", "name = \"政治\"\nextend = true", "name = \"政治\"\nenabled = false"][..]).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => select(PIECES).prop_map(str::to_owned),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
enum LineEdit {
    Delete(Index),
    Duplicate(Index),
    Replace(Index, String),
    Insert(Index, String),
    Truncate(Index),
}

#[derive(Debug, Clone)]
enum ConfigInput {
    /// `config/default.toml`, edited line by line.
    Mutated(Vec<LineEdit>),
    /// A user file from random lines.
    Lines(Vec<String>),
    Arbitrary(String),
}

#[derive(Debug, Clone)]
struct ConfigCase {
    input: ConfigInput,
    key: String,
    vim: String,
    /// Also read the result with `Config::load` from a file.
    via_file: bool,
}

fn config_case() -> impl Strategy<Value = ConfigCase> {
    let edit = prop_oneof![
        2 => any::<Index>().prop_map(LineEdit::Delete),
        1 => any::<Index>().prop_map(LineEdit::Duplicate),
        3 => (any::<Index>(), toml_line()).prop_map(|(i, l)| LineEdit::Replace(i, l)),
        3 => (any::<Index>(), toml_line()).prop_map(|(i, l)| LineEdit::Insert(i, l)),
        1 => any::<Index>().prop_map(LineEdit::Truncate),
    ];
    let input = prop_oneof![
        4 => proptest::collection::vec(edit, 0..12).prop_map(ConfigInput::Mutated),
        3 => proptest::collection::vec(toml_line(), 0..16).prop_map(ConfigInput::Lines),
        1 => any::<String>().prop_map(ConfigInput::Arbitrary),
    ];
    (input, key_string(), vim_string(), proptest::bool::weighted(0.05))
        .prop_map(|(input, key, vim, via_file)| ConfigCase { input, key, vim, via_file })
}

impl ConfigInput {
    fn text(&self) -> String {
        match self {
            ConfigInput::Mutated(edits) => {
                let mut lines: Vec<String> = DEFAULT_TOML.lines().map(str::to_owned).collect();
                for e in edits {
                    let n = lines.len();
                    match e {
                        LineEdit::Delete(i) if n > 0 => {
                            lines.remove(i.index(n));
                        }
                        LineEdit::Duplicate(i) if n > 0 => {
                            let l = lines[i.index(n)].clone();
                            lines.insert(i.index(n), l);
                        }
                        LineEdit::Replace(i, l) if n > 0 => lines[i.index(n)].clone_from(l),
                        LineEdit::Insert(i, l) => lines.insert(i.index(n + 1), l.clone()),
                        LineEdit::Truncate(i) if n > 0 => {
                            let line = &mut lines[i.index(n)];
                            let at = char_floor(line, i.index(line.len() + 1));
                            line.truncate(at);
                        }
                        _ => {}
                    }
                }
                lines.join("\n")
            }
            ConfigInput::Lines(lines) => lines.join("\n"),
            ConfigInput::Arbitrary(s) => s.clone(),
        }
    }
}

fn check_keys(case: &ConfigCase) -> Result<(), TestCaseError> {
    let _ = parse_key(&case.key);
    if let Some(seq) = parse_sequence(&case.key) {
        ensure!(!seq.is_empty(), "sequence-empty", "parse_sequence({:?}) gave no keys", case.key);
    }
    match parse_vim(&case.vim) {
        Ok(keys) => {
            ensure!(keys.len() <= case.vim.chars().count(), "vim-count", "{} keys from {:?}", keys.len(), case.vim);
        }
        Err(msg) => ensure!(!msg.contains('\n'), "vim-error-line", "parse_vim error is not one line: {msg:?}"),
    }
    let _ = parse_vim(&case.key);
    let _ = parse_sequence(&case.vim);
    Ok(())
}

fn check_loaded_config(config: &Config) -> Result<(), TestCaseError> {
    let r = &config.reader;
    ensure!((20..=400).contains(&r.reading_width), "reading-width", "reading_width {}", r.reading_width);
    ensure!((1..=200).contains(&config.keywords.top), "keywords-top", "top {}", config.keywords.top);
    let _ = config.keymap.hints();
    for list in &config.term_lists {
        for t in &list.terms {
            ensure!(!t.text.trim().is_empty(), "blank-term", "list {:?} keeps a blank term {:?}", list.name, t.text);
        }
    }
    // The configured terms in a speech: counts, concordance and the terms report.
    let mut text = String::from(SAMPLES[0].1.get(..3000).unwrap_or(SAMPLES[0].1));
    let text_end = char_floor(SAMPLES[0].1, 3000);
    text.truncate(text_end.min(text.len()));
    for list in config.term_lists.iter().take(4) {
        for t in list.terms.iter().take(6) {
            text.push_str("\n　　");
            text.push_str(&t.text);
            text.push('，');
            for a in t.aliases.iter().take(2) {
                text.push_str(a);
                text.push('。');
            }
        }
    }
    let doc = Document::from_text(text, Source::named("fuzz"));
    let outline = analyse(&doc);
    let report = check_terms(&doc, &outline, config)?;
    for format in [DataFormat::Json, DataFormat::Text] {
        let out = jianghua::report::terms::print(&doc, config, &report, &[], format);
        check_printable(&out, format == DataFormat::Json, &format!("terms {format:?}"))?;
    }
    Ok(())
}

fn check_config(case: &ConfigCase) -> Result<(), TestCaseError> {
    check_keys(case)?;
    let text = case.input.text();
    match Config::from_user_text("fuzz.toml", &text) {
        Ok(config) => check_loaded_config(&config)?,
        Err(e) => {
            let msg = e.to_string();
            ensure!(
                !msg.contains('\n') && !msg.contains('\r'),
                "config-error-line",
                "config error is not one line: {msg:?}"
            );
            if let Some(c) = msg.chars().find(|&c| is_unsafe(c) || c == '\t') {
                return Err(TestCaseError::fail(format!(
                    "[config-error-control] config error shows raw {c:?}: {msg:?}"
                )));
            }
        }
    }
    if case.via_file {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(format!("tempdir: {e}")))?;
        let path = dir.path().join("config.toml");
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(format!("write: {e}")))?;
        match Config::load(Some(&path), std::slice::from_ref(&path)) {
            Ok(c) => check_loaded_config(&c)?,
            Err(e) => {
                let msg = e.to_string();
                ensure!(!msg.contains('\n'), "config-error-line", "config error (load) is not one line: {msg:?}");
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------

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

/// A few dozen cases of every target, so that `cargo test` keeps the harness working.
#[test]
fn smoke() {
    fuzz("parse", parse_case(), check_parse, Mode::Smoke(40));
    fuzz("layout", layout_case(), check_layout, Mode::Smoke(60));
    fuzz("app", app_case(false), check_app, Mode::Smoke(10));
    fuzz("config", config_case(), check_config, Mode::Smoke(60));
}

#[test]
fn harness_reports_failures_with_their_location() {
    install_panic_hook();
    let r = run_case("self-test", &1u8, &|_| -> Result<(), TestCaseError> { panic!("boom") });
    match r {
        Err(TestCaseError::Fail(reason)) => {
            let reason = reason.to_string();
            assert!(reason.starts_with("panicked at tests/fuzz.rs:") && reason.ends_with(": boom"), "{reason}");
            assert_eq!(finding_key(&reason).split(':').next(), Some("tests/fuzz.rs"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(finding_key("[rows-rejoin] row 2"), "[rows-rejoin]");
}

// ---------------------------------------------------------------------------------------------
// Reliability targets (issue 14): the .docx reader with its size caps, the term-list compiler
// with long and many terms, and the state-file reader. Self-contained, to move as one piece.
// ---------------------------------------------------------------------------------------------

mod reliability {
    use std::io::Write as _;

    use jianghua::config::{NamedColor, Term, TermList};
    use jianghua::document::{MAX_DOCUMENT_BYTES, Source, is_unsafe, read_docx};
    use jianghua::state::{DocState, Store};
    use jianghua::terms::TermIndex;
    use jianghua::terms::limits::{LimitError, MAX_TERM_CHARS, MAX_TERMS, vet};
    use proptest::prelude::*;
    use proptest::sample::select;
    use proptest::test_runner::TestCaseError;

    use super::{CONTROLS, source_slice};

    fn fail(what: String) -> TestCaseError {
        TestCaseError::fail(what)
    }

    // ---- .docx ----

    /// One piece of body XML; `repeat` makes bombs of any ratio.
    #[derive(Debug, Clone)]
    pub struct Fragment {
        xml: String,
        repeat: usize,
    }

    fn xml_text() -> BoxedStrategy<String> {
        prop_oneof![
            4 => source_slice().prop_map(|s| s.chars().take(200).collect::<String>()),
            1 => proptest::collection::vec(select(CONTROLS), 0..6).prop_map(|cs| cs.into_iter().collect()),
            1 => Just("中".repeat(3000)),
        ]
        .prop_map(|s| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
        .boxed()
    }

    fn fragment() -> BoxedStrategy<Fragment> {
        let xml = prop_oneof![
            6 => xml_text().prop_map(|t| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")),
            2 => xml_text().prop_map(|t| format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")),
            1 => xml_text().prop_map(|t| format!("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")),
            1 => Just("<w:p><w:r><w:t>".to_owned()),
            1 => Just("</w:p>".to_owned()),
            1 => Just(" ".repeat(4096)),
        ];
        let repeat = prop_oneof![8 => 1usize..4, 2 => 100usize..3000, 1 => 20_000usize..60_000];
        (xml, repeat).prop_map(|(xml, repeat)| Fragment { xml, repeat }).boxed()
    }

    #[derive(Debug, Clone)]
    pub struct DocxCase {
        main_name: &'static str,
        body: Vec<Fragment>,
        close: bool,
        styles: Option<Fragment>,
        deflate: bool,
        /// Byte edits of the finished archive: (position, new byte).
        flips: Vec<(prop::sample::Index, u8)>,
        truncate: Option<prop::sample::Index>,
    }

    pub fn docx_case() -> impl Strategy<Value = DocxCase> {
        (
            select(&["word/document.xml", "WORD/Document.xml", "word\\document.xml", "other.xml"][..]),
            proptest::collection::vec(fragment(), 0..12),
            any::<bool>(),
            proptest::option::weighted(0.3, fragment()),
            prop::bool::weighted(0.85),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
            proptest::option::weighted(0.1, any::<prop::sample::Index>()),
        )
            .prop_map(|(main_name, body, close, styles, deflate, flips, truncate)| DocxCase {
                main_name,
                body,
                close,
                styles,
                deflate,
                flips,
                truncate,
            })
    }

    fn build(case: &DocxCase) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let method = if case.deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let options = zip::write::SimpleFileOptions::default().compression_method(method).large_file(true);
        let _ = zip.start_file(case.main_name, options);
        let _ = zip.write_all(
            br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        for f in &case.body {
            for _ in 0..f.repeat {
                let _ = zip.write_all(f.xml.as_bytes());
            }
        }
        if case.close {
            let _ = zip.write_all(b"</w:body></w:document>");
        }
        if let Some(f) = &case.styles {
            let _ = zip.start_file("word/styles.xml", options);
            for _ in 0..f.repeat {
                let _ = zip.write_all(f.xml.as_bytes());
            }
        }
        let mut bytes = zip.finish().map(std::io::Cursor::into_inner).unwrap_or_default();
        for (at, b) in &case.flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
        }
        if let Some(at) = case.truncate {
            bytes.truncate(at.index(bytes.len() + 1));
        }
        bytes
    }

    pub fn check_docx(case: &DocxCase) -> Result<(), TestCaseError> {
        let bytes = build(case);
        let inflated_cap = (bytes.len() as u64 * 100).max(8 << 20);
        if let Ok(extracted) = read_docx(&bytes) {
            if extracted.text.len() as u64 > MAX_DOCUMENT_BYTES + (1 << 20) {
                return Err(fail(format!("[docx-cap] {} bytes of text", extracted.text.len())));
            }
            // Text comes from the inflated XML, which may not pass the expansion cap; numbering
            // adds a few chars per paragraph, and each paragraph costs more XML than that.
            if extracted.text.len() as u64 > 2 * inflated_cap {
                return Err(fail(format!(
                    "[docx-ratio] {} bytes of text from a {}-byte archive",
                    extracted.text.len(),
                    bytes.len()
                )));
            }
        }
        match jianghua::document::load_bytes("fuzz.docx", Some("fuzz.docx".into()), &bytes) {
            Ok(doc) if doc.text().chars().any(is_unsafe) => Err(fail("[docx-control] unsafe char in the text".into())),
            Ok(doc) if doc.paragraphs().iter().any(|p| p.bytes.len() > jianghua::document::MAX_PARAGRAPH_BYTES) => {
                Err(fail("[docx-paragraph] a paragraph over the limit".into()))
            }
            Err(e) if e.to_string().contains('\n') || e.to_string().chars().any(is_unsafe) => {
                Err(fail(format!("[docx-error] not one safe line: {e:?}")))
            }
            Ok(_) | Err(_) => Ok(()),
        }
    }

    // ---- term lists ----

    fn term_text() -> BoxedStrategy<String> {
        prop_oneof![
            8 => source_slice().prop_map(|s| s.chars().take(12).collect::<String>()),
            2 => source_slice().prop_map(|s| s.chars().take(MAX_TERM_CHARS + 20).collect::<String>()),
            1 => (source_slice(), 1usize..400).prop_map(|(s, n)| s.chars().take(4).collect::<String>().repeat(n)),
            1 => proptest::collection::vec(select(CONTROLS), 1..4).prop_map(|cs| cs.into_iter().collect()),
            1 => "[a-zA-Z0-9]{1,6}",
        ]
        .boxed()
    }

    #[derive(Debug, Clone)]
    pub struct TermsCase {
        lists: Vec<Vec<(String, Vec<String>)>>,
        /// Extra numbered terms in the last list (toward the count limit).
        bulk: usize,
        text: String,
    }

    pub fn terms_case() -> impl Strategy<Value = TermsCase> {
        let term = (term_text(), proptest::collection::vec(term_text(), 0..3));
        (
            proptest::collection::vec(proptest::collection::vec(term, 0..30), 1..4),
            prop_oneof![8 => Just(0usize), 1 => 0usize..2000, 1 => (MAX_TERMS - 50)..(MAX_TERMS + 50)],
            super::document(),
        )
            .prop_map(|(lists, bulk, text)| TermsCase { lists, bulk, text })
    }

    pub fn check_terms(case: &TermsCase) -> Result<(), TestCaseError> {
        let mut lists: Vec<TermList> = case
            .lists
            .iter()
            .enumerate()
            .map(|(i, terms)| TermList {
                name: format!("列表{i}\u{1b}]0;x\u{7}"),
                color: NamedColor::Red,
                terms: terms
                    .iter()
                    .filter(|(t, _)| !t.trim().is_empty())
                    .map(|(t, a)| Term { text: t.clone(), aliases: a.clone(), note: Some(format!("注{t}")) })
                    .collect(),
                origin: "fuzz.toml".into(),
            })
            .collect();
        if let Some(last) = lists.last_mut() {
            last.terms.extend((0..case.bulk).map(|i| Term { text: format!("词{i}"), aliases: Vec::new(), note: None }));
        }
        let total: usize = lists.iter().flat_map(|l| &l.terms).map(|t| 1 + t.aliases.len()).sum();
        let longest = lists
            .iter()
            .flat_map(|l| &l.terms)
            .flat_map(|t| std::iter::once(&t.text).chain(&t.aliases))
            .map(|t| jianghua::document::safe(t).chars().count())
            .max()
            .unwrap_or(0);
        let lists = match vet(lists) {
            Ok(lists) => lists,
            Err(LimitError::TermTooLong { chars, .. }) if chars > MAX_TERM_CHARS => return Ok(()),
            Err(LimitError::TooManyTerms { count, .. }) if count > MAX_TERMS => return Ok(()),
            Err(e) => return Err(fail(format!("[terms-limit] wrong refusal: {e}"))),
        };
        if total > MAX_TERMS || longest > MAX_TERM_CHARS {
            return Err(fail(format!("[terms-limit] {total} terms, longest {longest} chars, accepted")));
        }
        for l in &lists {
            let strings = std::iter::once(&l.name)
                .chain(l.terms.iter().flat_map(|t| t.note.iter().chain(std::iter::once(&t.text))));
            if strings.clone().any(|s| s.chars().any(is_unsafe)) {
                return Err(fail("[terms-control] an unsafe char survived vetting".into()));
            }
        }
        let doc = jianghua::document::Document::from_text(case.text.clone(), Source::named("fuzz"));
        let index = TermIndex::new(&lists);
        let text = doc.text();
        let hits = index.find(text);
        let mut end = 0;
        for h in &hits {
            if h.range.start < end || h.range.end > text.len() || h.range.is_empty() {
                return Err(fail(format!("[terms-hits] {:?} after {end}", h.range)));
            }
            if !text.is_char_boundary(h.range.start) || !text.is_char_boundary(h.range.end) {
                return Err(fail(format!("[terms-hits] {:?} not on char boundaries", h.range)));
            }
            end = h.range.end;
        }
        let inside = index.inside_longer(&lists, text, &hits);
        if inside.len() != lists.len() {
            return Err(fail("[terms-inside] shape".into()));
        }
        let outline = jianghua::structure::analyse(&doc);
        let report = jianghua::terms::TermReport::with_index(&doc, &outline, &lists, &index);
        let mut config = super::embedded_config().clone();
        config.term_lists = lists;
        for format in [jianghua::report::DataFormat::Text, jianghua::report::DataFormat::Json] {
            let out = jianghua::report::terms::print(&doc, &config, &report, &[], format);
            super::check_printable(&out, format == jianghua::report::DataFormat::Json, "terms")?;
        }
        Ok(())
    }

    // ---- state files ----

    #[derive(Debug, Clone)]
    pub struct StateCase {
        json: String,
        flips: Vec<(prop::sample::Index, u8)>,
        truncate: Option<prop::sample::Index>,
        text: String,
    }

    fn hostile() -> BoxedStrategy<String> {
        prop_oneof![
            3 => source_slice().prop_map(|s| s.chars().take(40).collect::<String>()),
            1 => proptest::collection::vec(select(CONTROLS), 0..5).prop_map(|cs| cs.into_iter().collect()),
        ]
        .boxed()
    }

    fn note_json() -> BoxedStrategy<serde_json::Value> {
        (
            hostile(),
            hostile(),
            hostile(),
            any::<u64>(),
            0u64..5,
            any::<bool>(),
            prop_oneof![any::<u64>().prop_map(|n| n as usize), 0usize..5000],
        )
            .prop_map(|(id, sentence, text, created, updated, deleted, offset)| {
                serde_json::json!({ "id": id, "offset": offset, "sentence": sentence, "text": text,
                                    "created": created, "updated": updated, "deleted": deleted })
            })
            .boxed()
    }

    pub fn state_case() -> impl Strategy<Value = StateCase> {
        (
            proptest::collection::vec(note_json(), 0..8),
            proptest::collection::vec((select(&['a', 'b', 'z', '\u{1b}', '中'][..]), any::<u64>().prop_map(|n| n as usize)), 0..4),
            hostile(),
            proptest::option::of(any::<u64>().prop_map(|n| n as usize)),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
            proptest::option::weighted(0.1, any::<prop::sample::Index>()),
            super::document(),
        )
            .prop_map(|(notes, marks, title, position, flips, truncate, text)| {
                let marks: serde_json::Map<String, serde_json::Value> = marks
                    .into_iter()
                    .map(|(c, o)| (c.to_string(), serde_json::json!({ "offset": o, "updated": 1 })))
                    .collect();
                let json = serde_json::json!({ "version": 1, "hash": "h", "paths": [title.clone()], "title": title,
                                               "position": position, "position_updated": 1, "marks": marks, "notes": notes })
                .to_string();
                StateCase { json, flips, truncate, text }
            })
    }

    pub fn check_state(case: &StateCase) -> Result<(), TestCaseError> {
        let dir = tempfile::tempdir().map_err(|e| fail(format!("tempdir: {e}")))?;
        let mut bytes = case.json.clone().into_bytes();
        for (at, b) in &case.flips {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
        if let Some(at) = case.truncate {
            bytes.truncate(at.index(bytes.len() + 1));
        }
        std::fs::write(dir.path().join("h.json"), &bytes).map_err(|e| fail(format!("write: {e}")))?;
        let store = Store::at(dir.path());
        let loaded = match store.load("h", Some("")) {
            Ok(Some(s)) => s,
            Ok(None) | Err(jianghua::state::StateError::Corrupt { .. }) => DocState::new("h"),
            Err(e) => return Err(fail(format!("[state-read] {e}"))),
        };
        let strings =
            loaded.notes.iter().flat_map(|n| [&n.id, &n.text, &n.sentence]).chain(&loaded.paths).chain(&loaded.title);
        if strings.into_iter().any(|s| s.chars().any(is_unsafe)) {
            return Err(fail("[state-control] an unsafe char survived reading".into()));
        }
        let doc = jianghua::document::Document::from_text(case.text.clone(), Source::named("fuzz"));
        let outline = jianghua::structure::analyse(&doc);
        for format in [jianghua::report::brief::NotesFormat::Markdown, jianghua::report::brief::NotesFormat::Json] {
            let out = jianghua::report::brief::notes(&doc, &outline, &loaded, format);
            super::check_printable(&out, format == jianghua::report::brief::NotesFormat::Json, "notes")?;
        }
        let live: Vec<String> = loaded.live_notes().iter().map(|n| n.id.clone()).collect();
        let mut mine = loaded;
        mine.notes.push(jianghua::state::Note {
            id: "fuzz-new".into(),
            offset: 0,
            sentence: "一要。".into(),
            text: "新笔记".into(),
            created: 1,
            updated: 1,
            deleted: false,
        });
        let saved = store.save(mine).map_err(|e| fail(format!("[state-save] {e}")))?;
        let again = store.load("h", None).map_err(|e| fail(format!("[state-reread] {e}")))?.unwrap_or_default();
        if again != saved {
            return Err(fail("[state-roundtrip] the file differs from the merged state".into()));
        }
        let kept: Vec<&str> = again.notes.iter().map(|n| n.id.as_str()).collect();
        if let Some(lost) =
            live.iter().chain(std::iter::once(&"fuzz-new".to_owned())).find(|id| !kept.contains(&id.as_str()))
        {
            return Err(fail(format!("[state-lost] note {lost:?}")));
        }
        Ok(())
    }
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
