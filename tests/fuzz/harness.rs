//! The harness: time-boxed proptest runs, quiet panics so that a finding is reported once with
//! its location, a watchdog for hangs and memory, and the list of findings still open.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::{Debug, Write as _};
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, RngSeed, TestCaseError, TestError, TestRunner};

use crate::app::*;

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
pub(crate) struct Panic {
    location: String,
    message: String,
    backtrace: Option<String>,
}

pub(crate) fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

pub(crate) fn install_panic_hook() {
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
pub(crate) struct Running {
    target: &'static str,
    started: Instant,
    input: Box<dyn Debug + Send>,
}

pub(crate) fn running() -> &'static Mutex<HashMap<ThreadId, Running>> {
    static RUNNING: OnceLock<Mutex<HashMap<ThreadId, Running>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(HashMap::new()))
}

pub(crate) fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Resident memory of this process (Linux; 0 elsewhere).
pub(crate) fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096)
}

pub(crate) fn start_watchdog() {
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
pub(crate) fn finding_key(reason: &str) -> String {
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

pub(crate) struct Finding {
    key: String,
    reason: String,
    input: String,
    backtrace: Option<String>,
    seed: u64,
}

/// Run `check` on one input, turning a panic into a failure that names its location.
pub(crate) fn run_case<V: Clone + Debug + Send + 'static>(
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

pub(crate) enum Mode {
    /// A fixed number of cases; the first failure fails the test at once.
    Smoke(u32),
    /// Until the deadline.
    Timed(Duration),
}

pub(crate) fn fuzz_seconds() -> Duration {
    Duration::from_secs_f64(
        std::env::var("FUZZ_SECONDS").ok().and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(10.0).max(0.0),
    )
}

/// Run `check` on values of `strategy` according to `mode`, print the totals, and panic with the
/// findings if there are any.
#[allow(clippy::too_many_lines, clippy::needless_pass_by_value, reason = "one loop reads best whole; modes are tiny")]
pub(crate) fn fuzz<S>(
    target: &'static str,
    strategy: S,
    check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
    mode: Mode,
) where
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
pub(crate) const KNOWN_OPEN: &[(&str, &str)] = &[
    ("[screen-width/char-model]", "concordance_title_fits_by_the_app_width_model"),
    // Seen with ambiguous_width = "wide": a U+FFFD in the concordance title, 41 columns on 40.
    ("[screen-width-wide]", "concordance_title_fits_by_the_app_width_model"),
];
