//! The real terminal (crossterm): taking it and giving it back on every path, the input thread,
//! signals, and the executor that carries effects out.
//!
//! Input is read on a thread of its own and arrives on a channel together with signals and the
//! results of background work, so the loop never sits inside crossterm's reader. That reader
//! spins without returning once the terminal is gone (crossterm-rs/crossterm#793); here the loop
//! still wakes up, notices (a signal, or standard input that is no longer a terminal), saves the
//! reading state and ends.

use std::io::{IsTerminal as _, Write as _};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crossterm::event::{self as ct, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use crossterm::{cursor, execute, terminal as term};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Position;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP};

use super::event_loop::{self, Event, EventSource, Executor, Flow};
use crate::app::{App, Effect, Input, Mouse};
use crate::keymap::{Key, KeyCodeOrd};
use crate::writer::Writer;
use crate::writer::saver::Saver;

/// Take the terminal: raw mode, the alternate screen, no cursor, bracketed paste, and the mouse
/// if asked. Safe to call again after the terminal was given back or taken from us (a stop from
/// outside, after which the shell may have reset the modes).
pub fn take(mouse: bool) -> std::io::Result<()> {
    // crossterm skips enabling raw mode when it believes it is on already.
    let _ = term::disable_raw_mode();
    term::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(out, term::EnterAlternateScreen, cursor::Hide, ct::EnableBracketedPaste)?;
    if mouse {
        execute!(out, ct::EnableMouseCapture)?;
    }
    Ok(())
}

/// Give the terminal back as it was: mouse reporting and bracketed paste off, the main screen,
/// a visible cursor, cooked mode. Every step is tried even if one fails (the terminal may be
/// gone). The answer to a width question still on its way is waited for first (see
/// [`super::probe::settle`]).
pub fn give_back() {
    super::probe::settle();
    let mut out = std::io::stdout();
    let _ = execute!(out, ct::DisableMouseCapture);
    let _ = execute!(out, ct::DisableBracketedPaste);
    let _ = execute!(out, term::LeaveAlternateScreen);
    let _ = execute!(out, cursor::Show);
    let _ = term::disable_raw_mode();
    let _ = out.flush();
}

/// Give the terminal back before any panic report is printed, then report as before.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            give_back();
            previous(info);
        }));
    });
}

/// A key in the app's terms, or `None` for keys the app does not use.
#[must_use]
pub fn key_of(event: KeyEvent) -> Option<Key> {
    let code = match event.code {
        KeyCode::Char(c) => KeyCodeOrd::Char(c),
        KeyCode::Enter => KeyCodeOrd::Enter,
        KeyCode::Esc => KeyCodeOrd::Esc,
        KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
        KeyCode::Tab => KeyCodeOrd::Tab,
        KeyCode::BackTab => KeyCodeOrd::BackTab,
        KeyCode::Backspace => KeyCodeOrd::Backspace,
        KeyCode::Delete => KeyCodeOrd::Delete,
        KeyCode::Insert => KeyCodeOrd::Insert,
        KeyCode::Home => KeyCodeOrd::Home,
        KeyCode::End => KeyCodeOrd::End,
        KeyCode::PageUp => KeyCodeOrd::PageUp,
        KeyCode::PageDown => KeyCodeOrd::PageDown,
        KeyCode::Up => KeyCodeOrd::Up,
        KeyCode::Down => KeyCodeOrd::Down,
        KeyCode::Left => KeyCodeOrd::Left,
        KeyCode::Right => KeyCodeOrd::Right,
        KeyCode::F(n) => KeyCodeOrd::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

/// A terminal event as input for the app.
fn input_of(event: ct::Event) -> Option<Input> {
    Some(match event {
        ct::Event::Key(k) if k.kind != KeyEventKind::Release => Input::Key(key_of(k)?),
        ct::Event::Resize(width, height) => Input::Resize { width, height },
        ct::Event::Paste(text) => Input::Paste(text),
        ct::Event::Mouse(m) => {
            let at = Position { x: m.column, y: m.row };
            match m.kind {
                MouseEventKind::ScrollDown => Input::Mouse(Mouse::Wheel { down: true, at }),
                MouseEventKind::ScrollUp => Input::Mouse(Mouse::Wheel { down: false, at }),
                MouseEventKind::Down(MouseButton::Left) => Input::Mouse(Mouse::Click(at)),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// Is the terminal still there? A hung-up terminal answers no (keys come from standard input or,
/// under a pipe, from `/dev/tty`).
fn terminal_alive() -> bool {
    std::io::stdout().is_terminal() && super::keys_available()
}

/// Events from the terminal, signals and background work, on one channel.
pub struct TerminalEvents {
    receive: Receiver<Event>,
    send: Sender<Event>,
    /// `JIANGHUA_TEST_PANIC`: panic once the first frame is on screen (terminal tests).
    forced_panic: bool,
}

impl TerminalEvents {
    /// Start the input thread and listen for signals. With `probe`, the input thread first
    /// reads the terminal's answer to the ambiguous-width question (see `probe`).
    pub fn start(probe: bool) -> std::io::Result<Self> {
        let (send, receive) = mpsc::channel();
        let input = send.clone();
        std::thread::Builder::new().name("input".into()).spawn(move || {
            if probe
                && let Some(width) = super::probe::answer()
                && input.send(Event::AmbiguousWidth(width)).is_err()
            {
                return;
            }
            loop {
                let event = match ct::read() {
                    Ok(e) => input_of(e).map(Event::Input),
                    Err(_) => Some(Event::Hangup),
                };
                let ended = matches!(event, Some(Event::Hangup));
                if event.is_some_and(|e| input.send(e).is_err()) || ended {
                    return;
                }
            }
        })?;
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
        let signalled = send.clone();
        std::thread::Builder::new().name("signals".into()).spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGTSTP => Event::Stop,
                    SIGCONT => Event::Continue,
                    _ => Event::Hangup,
                };
                if signalled.send(event).is_err() {
                    return;
                }
            }
        })?;
        let forced_panic = std::env::var_os("JIANGHUA_TEST_PANIC").is_some();
        Ok(Self { receive, send, forced_panic })
    }

    /// Where background work sends its results.
    #[must_use]
    pub fn sender(&self) -> Sender<Event> {
        self.send.clone()
    }
}

impl EventSource for TerminalEvents {
    fn next_batch(&mut self, timeout: Duration) -> Vec<Event> {
        assert!(!self.forced_panic, "forced panic (JIANGHUA_TEST_PANIC is set)");
        match self.receive.recv_timeout(timeout) {
            Ok(first) => std::iter::once(first).chain(self.receive.try_iter()).collect(),
            Err(RecvTimeoutError::Timeout) if terminal_alive() => Vec::new(),
            Err(_) => vec![Event::Hangup],
        }
    }
}

/// Carries effects out: the reading state through a [`Saver`] (off the input path), other files
/// through [`Writer`], the rest on the terminal.
pub struct TerminalExecutor {
    files: Writer,
    mouse: bool,
    events: Sender<Event>,
    saver: Option<Saver>,
    /// The running watch of the reading-state files (see `watch`), when there is one.
    pub watching: Option<super::watch::Watching>,
    /// After quitting: the notes of documents whose state could be saved nowhere, to print once
    /// the terminal is given back.
    pub unsaved: Vec<String>,
}

impl TerminalExecutor {
    #[must_use]
    pub fn new(files: Writer, mouse: bool, events: Sender<Event>) -> Self {
        Self { files, mouse, events, saver: None, watching: None, unsaved: Vec::new() }
    }

    /// Save reading state to `store` on a thread of its own from now on; its answers arrive as
    /// [`Event::Answer`]. Without it, saves are written on the loop's thread.
    pub fn save_in_background(&mut self, store: crate::state::Store) {
        let send = self.events.clone();
        self.saver = Saver::start(store, move |outcome| {
            let _ = send.send(Event::Answer(outcome));
        })
        .ok();
    }

    /// Write the saves still waiting and stop the writer (quitting does this; so does a loop
    /// that ended otherwise). Notes that could be saved nowhere go to [`Self::unsaved`].
    pub fn finish(&mut self) {
        if let Some(saver) = self.saver.take() {
            self.unsaved.extend(saver.finish());
        }
    }
}

impl<B: Backend> Executor<B> for TerminalExecutor {
    fn perform(&mut self, effect: Effect, app: &mut App, terminal: &mut Terminal<B>) -> Flow {
        let effect = match (effect, &self.saver) {
            (Effect::SaveState(snapshots), Some(saver)) => {
                saver.save(snapshots);
                return Flow::Continue;
            }
            (Effect::Quit, _) => {
                // Quit, a hang-up and a signal all end here: finish the saves first.
                self.finish();
                return Flow::Stop;
            }
            (effect, _) => effect,
        };
        let effect = match self.files.perform(effect, app) {
            Ok(outcomes) => {
                for outcome in outcomes {
                    app.outcome(outcome);
                }
                return Flow::Continue;
            }
            Err(other) => other,
        };
        match effect {
            Effect::Copy(text) => send_clipboard(&text),
            Effect::Analyse(jobs) => {
                let send = self.events.clone();
                let _ = std::thread::Builder::new().name("keywords".into()).spawn(move || {
                    crate::app::run_keyword_jobs(&jobs, |ready| send.send(Event::Keywords(ready)).is_ok());
                });
            }
            Effect::Redraw => {
                let _ = event_loop::clear(terminal);
            }
            Effect::Watch(hash) => {
                if let Some(watching) = &self.watching {
                    watching.add(&hash);
                }
            }
            Effect::Suspend => {
                give_back();
                // Stop as Ctrl-Z would; SIGTSTP itself is ours to handle, so stop with SIGSTOP.
                let _ = signal_hook::low_level::raise(SIGSTOP);
                // Continued (`fg`): take the terminal again.
                let _ = take(self.mouse);
                let _ = event_loop::clear(terminal);
            }
            Effect::Resume => {
                let _ = take(self.mouse);
                let _ = event_loop::clear(terminal);
            }
            // Files are written above; sessions by `tui::session`, which wraps this executor.
            Effect::WriteBrief { .. }
            | Effect::AddTerm { .. }
            | Effect::SaveState(_)
            | Effect::SaveUi(_)
            | Effect::Quit
            | Effect::Lead { .. }
            | Effect::StopSession
            | Effect::Publish(_)
            | Effect::ListSessions
            | Effect::Follow(_) => {}
        }
        Flow::Continue
    }
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
