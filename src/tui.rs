//! Running the reader: in a real terminal (crossterm), or headless on ratatui's `TestBackend` for
//! `jianghua render`. Both share every code path except the backend: keys go through
//! `App::handle_key`, and a frame is drawn after each one.

use std::io::{IsTerminal as _, Write as _};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Position, Rect};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGTERM, SIGTSTP};

use crate::app::{App, Focus, Keywords, KeywordsReady, run_keyword_jobs};
use crate::keymap::Key;
use crate::ui::{self, theme::Theme};

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
        let shown = if value.is_empty() { "unset".to_owned() } else { value.clone() };
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

/// Draw one frame.
fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App, theme: Theme) -> Result<(), B::Error> {
    if app.redraw_all {
        app.redraw_all = false;
        terminal.clear()?;
    }
    terminal.draw(|frame| {
        // The frame's size is the truth: a resize may not have arrived as an event yet.
        if frame.area() != app.size {
            app.resize(frame.area());
        }
        ui::draw(frame, app, theme);
    })?;
    Ok(())
}

fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if let Some(key) = Key::from_event(k) {
                app.handle_key(key);
            }
        }
        Event::Resize(w, h) => app.resize(Rect::new(0, 0, w, h)),
        Event::Paste(text) => app.paste(&text),
        Event::Mouse(m) => {
            let at = Position { x: m.column, y: m.row };
            let over_outline = app.panes.and_then(|p| p.outline).is_some_and(|o| o.area.contains(at));
            match m.kind {
                MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                    let down = m.kind == MouseEventKind::ScrollDown;
                    let focus = app.focus;
                    app.focus = if over_outline { Focus::Outline } else { Focus::Text };
                    for _ in 0..3 {
                        app.update(if down {
                            crate::action::Action::ScrollDown
                        } else {
                            crate::action::Action::ScrollUp
                        });
                    }
                    app.focus = focus;
                }
                MouseEventKind::Down(MouseButton::Left) if over_outline => app.click_outline(at),
                _ => {}
            }
        }
        _ => {}
    }
}

/// Start computing keywords on a background thread; answers arrive on the returned channel.
#[must_use]
pub fn start_analysis(app: &mut App) -> Receiver<KeywordsReady> {
    let (send, receive) = mpsc::channel();
    let jobs = app.keyword_jobs();
    if !jobs.is_empty() {
        let _ = std::thread::Builder::new().name("keywords".into()).spawn(move || run_keyword_jobs(&jobs, &send));
    }
    receive
}

/// Flags set by signals: stop (SIGTERM, SIGHUP: the SSH connection dropped) and resumed
/// (SIGCONT, after a stop from outside).
struct Signals {
    stop: Arc<AtomicBool>,
    resumed: Arc<AtomicBool>,
}

impl Signals {
    fn install() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let resumed = Arc::new(AtomicBool::new(false));
        for signal in [SIGTERM, SIGHUP] {
            let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
        }
        let _ = signal_hook::flag::register(SIGCONT, Arc::clone(&resumed));
        Self { stop, resumed }
    }
}

/// The terminal modes the reader adds on top of ratatui's (raw mode, alternate screen).
fn enter_modes(mouse: bool) {
    let mut out = std::io::stdout();
    let _ = execute!(out, event::EnableBracketedPaste);
    if mouse {
        let _ = execute!(out, event::EnableMouseCapture);
    }
}

fn leave_modes(mouse: bool) {
    let mut out = std::io::stdout();
    if mouse {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = execute!(out, event::DisableBracketedPaste);
    ratatui::restore();
    let _ = out.flush();
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend(mouse: bool) -> std::io::Result<()> {
    leave_modes(mouse);
    let _ = signal_hook::low_level::raise(SIGTSTP);
    // Execution continues here after `fg`.
    crossterm::terminal::enable_raw_mode()?;
    execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen, crossterm::cursor::Hide)?;
    enter_modes(mouse);
    Ok(())
}

/// Run the reader in the terminal until the user quits or the session ends.
pub fn run(mut app: App, theme: Theme, mouse: bool) -> Result<(), TerminalError> {
    let signals = Signals::install();
    let mut terminal = ratatui::try_init()?;
    enter_modes(mouse);
    let result = event_loop(&mut terminal, &mut app, theme, &signals, mouse);
    leave_modes(mouse);
    // Quitting, a dropped connection or a kill: the position, marks and notes are kept.
    app.save_state();
    result
}

/// Put text on the user's clipboard with OSC 52, which works over SSH and in tmux (with
/// `set -g set-clipboard on`). The text has been checked for size by the app.
fn send_clipboard(text: &str) {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

fn event_loop<B: Backend<Error = std::io::Error>>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: Theme,
    signals: &Signals,
    mouse: bool,
) -> Result<(), TerminalError> {
    let size = terminal.size()?;
    app.resize(Rect::new(0, 0, size.width, size.height));
    let forced_panic = std::env::var_os("JIANGHUA_TEST_PANIC").is_some();
    // The first frame is drawn before keywords are asked for, and never waits for them.
    let mut analysis: Option<Receiver<KeywordsReady>> = None;
    loop {
        if signals.resumed.swap(false, Ordering::SeqCst) {
            app.redraw_all = true;
        }
        if app.suspend {
            app.suspend = false;
            suspend(mouse)?;
            app.redraw_all = true;
        }
        draw(terminal, app, theme)?;
        if let Some(text) = app.clipboard.take() {
            send_clipboard(&text);
        }
        assert!(!forced_panic, "forced panic (JIANGHUA_TEST_PANIC is set)");
        if app.quit || signals.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        if app.docs.iter().any(|d| d.keywords == Keywords::NotStarted) {
            // At start, and again after the term lists changed.
            analysis = Some(start_analysis(app));
        }
        // Wake up now and then: for analysis results and for signals.
        let wait = if app.analysis_pending() { 50 } else { 250 };
        if event::poll(Duration::from_millis(wait))? {
            handle_event(app, event::read()?);
            // Apply everything already queued (key repeat, resize storms) before the next frame.
            while !app.quit && event::poll(Duration::ZERO)? {
                handle_event(app, event::read()?);
            }
        }
        if let Some(receiver) = &analysis {
            while let Ok(ready) = receiver.try_recv() {
                app.keywords_ready(ready);
            }
        }
    }
}

/// The screen as plain text: one line per row, wide characters once, trailing spaces trimmed.
#[must_use]
pub fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.y..buf.area.bottom() {
        let mut line = String::new();
        let mut x = buf.area.x;
        while x < buf.area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let width = match cell.diff_option {
                CellDiffOption::ForcedWidth(w) => w.get(),
                _ => u16::try_from(unicode_width::UnicodeWidthStr::width(symbol)).unwrap_or(1),
            };
            line.push_str(if symbol.is_empty() { " " } else { symbol });
            x += width.max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Compute keywords now, on a background thread, and wait for them (`render --wait-analysis`).
pub fn wait_for_analysis(app: &mut App) {
    let receive = start_analysis(app);
    while app.analysis_pending() {
        match receive.recv() {
            Ok(ready) => app.keywords_ready(ready),
            Err(_) => break,
        }
    }
}

/// Run the app headless at `width`×`height`, apply `keys`, and return the final screen as text.
///
/// A frame is drawn after every key, as in the terminal. The text is taken from the last frame
/// itself rather than from the test backend, which (unlike a terminal) keeps stale cells hidden
/// under wide characters.
#[must_use]
pub fn render(app: &mut App, width: u16, height: u16, keys: &[Key]) -> String {
    let theme = Theme::new(false, app.config.reader.ambiguous_width);
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    app.resize(Rect::new(0, 0, width, height));
    let mut screen = None;
    let mut frame = |terminal: &mut Terminal<TestBackend>, app: &mut App, last: bool| {
        if app.redraw_all {
            app.redraw_all = false;
            let _ = terminal.clear();
        }
        if let Ok(done) = terminal.draw(|f| ui::draw(f, app, theme))
            && last
        {
            screen = Some(screen_text(done.buffer));
        }
    };
    frame(&mut terminal, app, keys.is_empty());
    for (i, key) in keys.iter().enumerate() {
        if app.quit {
            break;
        }
        app.handle_key(*key);
        frame(&mut terminal, app, i + 1 == keys.len() || app.quit);
    }
    screen.unwrap_or_default()
}
