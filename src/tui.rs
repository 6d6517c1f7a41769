//! Running the reader. One loop ([`event_loop::run`]) serves every way of running it; what
//! differs is where events come from and who carries out the app's effects:
//! - in a terminal ([`run`]): input, signals and background results from [`terminal`], effects
//!   carried out (files written, clipboard, suspend);
//! - headless ([`headless`], for `jianghua render`, tests and benches): keys from a script on
//!   ratatui's `TestBackend`, effects refused and reported.
//!
//! In both, [`session`] can wrap the executor to lead or follow a study session.
//!
//! The analysis and the app never see a terminal type: crossterm stays in [`terminal`].

pub mod event_loop;
pub mod headless;
pub mod probe;
pub mod session;
pub mod terminal;
pub mod watch;
pub mod wire;

use std::io::{IsTerminal as _, Write as _};

pub use event_loop::{Event, EventSource, Executor, Flow};
pub use headless::{Refuse, Script, render, render_reporting, screen_text, wait_for_analysis};

use crate::app::{App, TrendReport, TrendsNews};
use crate::library::trends::cached::from_catalog;
use crate::ui::theme::Theme;
use crate::writer::Writer;

/// Why the interactive reader cannot start.
#[derive(Debug, thiserror::Error)]
pub enum TerminalError {
    #[error(
        "standard output is not a terminal. To print the analysis use `jianghua outline FILE`, or `jianghua render FILE` for a screen"
    )]
    NotATerminal,
    #[error(
        "standard input is not a terminal and there is no controlling terminal (/dev/tty) to read keys from. To print the analysis use `jianghua outline -`, or `jianghua render -` for a screen"
    )]
    NoKeys,
    #[error(
        "TERM is \"dumb\": this terminal cannot show the reader. Use `jianghua outline FILE`, or set TERM (e.g. TERM=xterm-256color)"
    )]
    Dumb,
    #[error("terminal error: {0}")]
    Io(#[from] std::io::Error),
}

/// A warning when the locale is not UTF-8 (Chinese may not display), from the first of `LC_ALL`,
/// `LC_CTYPE` and `LANG` that is set.
#[must_use]
pub fn locale_warning() -> Option<String> {
    let (name, value) = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()).map(|s| (v, s)))
        .unwrap_or(("LANG", String::new()));
    let lower = value.to_ascii_lowercase();
    (!lower.contains("utf-8") && !lower.contains("utf8")).then(|| {
        let shown = if value.is_empty() { "unset".to_owned() } else { crate::document::safe(&value).into_owned() };
        format!("the locale is not UTF-8 ({name}={shown}): Chinese may not display. Set LANG=C.UTF-8 or zh_CN.UTF-8")
    })
}

/// Can keys be read? From standard input when it is a terminal; else, when the document came
/// through a pipe (`cat x.txt | jianghua -`), from the controlling terminal `/dev/tty`, as `less`
/// does (crossterm reads there whenever standard input is not a terminal).
#[must_use]
pub fn keys_available() -> bool {
    std::io::stdin().is_terminal() || std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").is_ok()
}

/// Check that the reader can run here, before touching the terminal.
pub fn check_terminal() -> Result<(), TerminalError> {
    if !std::io::stdout().is_terminal() {
        return Err(TerminalError::NotATerminal);
    }
    if !keys_available() {
        return Err(TerminalError::NoKeys);
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Err(TerminalError::Dumb);
    }
    Ok(())
}

/// Run the reader in the terminal until the user quits or the session ends (a signal, or the
/// terminal went away), leading or following a study session through `sessions`. The reading
/// state is saved on every way out but a crash.
pub fn run(mut app: App, theme: Theme, mouse: bool, sessions: session::Sessions) -> Result<(), TerminalError> {
    // Ask how wide “ is only when nobody said, and only of a terminal (see `probe`).
    let probe = app.config.reader.ambiguous_auto && probe::possible();
    let mut events = terminal::TerminalEvents::start(probe)?;
    sessions.connect(events.sender());
    terminal::install_panic_hook();
    terminal::take(mouse)?;
    if probe {
        probe::ask(&mut std::io::stdout())?;
    }
    // Frames go out through our own backend (see `wire`): few bytes per key over a slow link.
    let backend = wire::WireBackend::new(std::io::stdout());
    let mut inner = terminal::TerminalExecutor::new(Writer::here(), mouse, events.sender());
    if let Some(store) = app.store.clone() {
        inner.save_in_background(store);
    }
    let mut executor = session::SessionExecutor { inner, sessions };
    if let Some(catalog) = app.catalog.take() {
        fill_catalog(catalog, app.config.term_lists.clone(), events.sender());
    }
    if let Some(reading) = &app.reading {
        read_whole(reading.path.clone(), app.config.clone(), events.sender());
    }
    let result = ratatui::Terminal::new(backend).and_then(|mut screen| {
        app.start_analysis();
        if let Some(store) = &app.store {
            let hashes = app.docs.iter().map(|d| d.study.state.hash.clone()).filter(|h| !h.is_empty()).collect();
            let mut watch = watch::Watch::new(store, hashes);
            let watching = watch.watching();
            // Without the watch, notes from elsewhere appear at the next start.
            if watch.spawn(events.sender()).is_ok() {
                executor.inner.watching = Some(watching);
            }
        }
        let result = event_loop::run(&mut screen, &mut app, theme, &mut events, &mut executor);
        // Not dropped: ratatui's drop shows the cursor and, on a terminal that went away,
        // reports the failure with a print that panics. `give_back` shows the cursor instead.
        std::mem::forget(screen);
        result
    });
    // A loop that ended without quitting (an error) still finishes its saves.
    executor.inner.finish();
    terminal::give_back();
    print_unsaved(&executor.inner.unsaved);
    // The documents are not freed one by one: the process ends now.
    std::mem::forget(app);
    Ok(result?)
}

/// Fill a library's catalog on a thread of its own (every core but one), sending what it learns,
/// then count its trends from the catalog and send them, then open its search index (building the buckets the cache lacks) and send that.
fn fill_catalog(
    mut catalog: crate::library::catalog::Catalog,
    lists: Vec<crate::terms::TermList>,
    send: std::sync::mpsc::Sender<Event>,
) {
    let threads = crate::search::across::cores().saturating_sub(1).max(1);
    let _ = std::thread::Builder::new().name("catalog".into()).spawn(move || {
        let cache = crate::cache::Cache::locate();
        catalog.fill(&lists, cache.as_ref(), threads, |news| {
            let _ = send.send(Event::Catalog(news));
        });
        // Trends (`T`) from the catalog: a moment when the cache knows the library.
        let mut last = std::time::Instant::now();
        let trends = from_catalog(&catalog, &lists, cache.as_ref(), threads, |done, total| {
            // A frame's worth of news at most, and the last one.
            if done == total || last.elapsed() >= std::time::Duration::from_millis(50) {
                last = std::time::Instant::now();
                let _ = send.send(Event::Trends(TrendsNews::Progress { done, total }));
            }
        });
        let _ = send.send(Event::Trends(TrendsNews::Ready(Box::new(TrendReport::new(&trends)))));
        let entries = &catalog.entries;
        let hashes: Vec<String> =
            entries.iter().map(|e| e.meta.as_ref().map(|m| m.hash.clone()).unwrap_or_default()).collect();
        let text = |i: usize| crate::document::load_text(&entries.get(i)?.path).ok().map(std::sync::Arc::new);
        let index =
            crate::library::index::Index::open(cache.as_ref(), catalog.key(), &hashes, &text, threads, |_, _| {});
        let _ = send.send(Event::Index(event_loop::SearchIndex(std::sync::Arc::new(index))));
    });
}

/// Read and analyse a big document whole on a thread of its own, while its head is shown.
fn read_whole(path: std::path::PathBuf, config: crate::config::Config, send: std::sync::mpsc::Sender<Event>) {
    let _ = std::thread::Builder::new().name("whole".into()).spawn(move || {
        let _ = send.send(Event::Whole(Box::new(crate::app::read_whole(&path, &config))));
    });
}

/// The notes that could be saved nowhere (a full disk, and the rescue beside the file failed
/// too), printed once the terminal is the user's again so that nothing is lost.
fn print_unsaved(notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "jianghua: 阅读状态无法保存（磁盘已满或目录不可写），以下笔记仅此一份，请另行保存：\n");
    for text in notes {
        let _ = write!(err, "{}", crate::document::safe(text));
    }
}
