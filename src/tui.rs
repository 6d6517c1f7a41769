//! Running the reader. One loop ([`event_loop::run`]) serves every way of running it; what
//! differs is where events come from and who carries out the app's effects:
//! - in a terminal ([`run`]): input, signals and background results from [`terminal`], effects
//!   carried out (files written, clipboard, suspend);
//! - headless ([`headless`], for `jianghua render`, tests and benches): keys from a script on
//!   ratatui's `TestBackend`, effects refused and reported.
//!
//! The analysis and the app never see a terminal type: crossterm stays in [`terminal`].

pub mod event_loop;
pub mod headless;
pub mod probe;
pub mod terminal;
pub mod watch;
pub mod wire;

use std::io::IsTerminal as _;

pub use event_loop::{Event, EventSource, Executor, Flow};
pub use headless::{Refuse, Script, render, render_reporting, screen_text, wait_for_analysis};

use crate::app::App;
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

/// Check that the reader can run here, before touching the terminal.
pub fn check_terminal() -> Result<(), TerminalError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(TerminalError::NotATerminal);
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Err(TerminalError::Dumb);
    }
    Ok(())
}

/// Run the reader in the terminal until the user quits or the session ends (a signal, or the
/// terminal went away). The reading state is saved on every way out but a crash.
pub fn run(mut app: App, theme: Theme, mouse: bool) -> Result<(), TerminalError> {
    // Ask how wide “ is only when nobody said, and only of a terminal (see `probe`).
    let probe = app.config.reader.ambiguous_auto && probe::possible();
    let mut events = terminal::TerminalEvents::start(probe)?;
    terminal::install_panic_hook();
    terminal::take(mouse)?;
    if probe {
        probe::ask(&mut std::io::stdout())?;
    }
    // Standard output as it is (line-buffered), as with ratatui's backend: a frame sent in one
    // write reached the terminal so early that the start-up probe's answer could outlive a
    // panic in the first frame and show at the shell.
    let backend = wire::WireBackend::new(std::io::stdout());
    let result = ratatui::Terminal::new(backend).and_then(|mut screen| {
        let mut executor = terminal::TerminalExecutor::new(Writer::here(), mouse, events.sender());
        app.start_analysis();
        if let Some(store) = &app.store {
            let hashes = app.docs.iter().map(|d| d.study.state.hash.clone()).filter(|h| !h.is_empty()).collect();
            // Without the watch, notes from elsewhere appear at the next start.
            let _ = watch::Watch::new(store, hashes).spawn(events.sender());
        }
        let result = event_loop::run(&mut screen, &mut app, theme, &mut events, &mut executor);
        // Not dropped: ratatui's drop shows the cursor and, on a terminal that went away,
        // reports the failure with a print that panics. `give_back` shows the cursor instead.
        std::mem::forget(screen);
        result
    });
    terminal::give_back();
    Ok(result?)
}
