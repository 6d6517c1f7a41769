//! `jianghua lead`, `jianghua follow` and `jianghua sessions`. Leading and following run the
//! same reader as `jianghua FILE`, with the session's effects carried out and its messages on
//! the event loop. A hidden `--headless WxH` runs either on a virtual screen without a terminal,
//! for the integration tests and the benchmark harness: `lead` reads keys from standard input,
//! one line of vim notation at a time; `follow` prints `SEQ MONOTONIC_NS` after drawing each
//! position the leader sent. Both end when standard input closes.

use std::fmt::Write as _;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{CliError, ReaderArgs, commands, config, emit, use_color};
use crate::app::App;
use crate::keymap::parse_vim;
use crate::report::DataFormat;
use crate::session::{Access, SessionDir, SessionEvent, join, live_sessions};
use crate::state::Store;
use crate::tui::event_loop::{self, Event, EventSource};
use crate::tui::session::{Channel, SessionExecutor, Sessions, following, leading};
use crate::tui::{self, Refuse};
use crate::ui::theme::Theme;

#[allow(clippy::needless_pass_by_value, reason = "used as map_err(session_error)")]
fn session_error(e: crate::session::SessionError) -> CliError {
    CliError::Usage(e.to_string())
}

/// The access the options ask for.
pub(super) fn access(group: Option<&str>, open: bool) -> Result<Access, CliError> {
    match (group, open) {
        (Some(g), _) => Access::group(g).map_err(session_error),
        (None, true) => Ok(Access::Open),
        (None, false) => Ok(Access::Private),
    }
}

/// `jianghua lead`.
pub(super) fn lead(
    reader: &ReaderArgs,
    file: Option<&Path>,
    name: Option<&str>,
    access: Access,
    headless: Option<(u16, u16)>,
) -> Result<(), CliError> {
    let config = config(reader)?;
    if headless.is_none() {
        tui::check_terminal()?;
    }
    let files: Vec<PathBuf> = file.into_iter().map(Path::to_path_buf).collect();
    let theme = Theme::new(use_color(config.reader.color), config.reader.ambiguous_width);
    let mouse = config.reader.mouse;
    let mut app = commands::reader_app(config, &files, headless.is_none(), false)?;
    let mut sessions = Sessions::new(SessionDir::from_env(), app.store.clone());
    leading(&mut app, &mut sessions, name, access).map_err(session_error)?;
    match headless {
        Some(size) => {
            run_headless(app, size, sessions, false);
            Ok(())
        }
        None => Ok(tui::run(app, theme, mouse, sessions)?),
    }
}

/// `jianghua follow`.
pub(super) fn follow(
    reader: &ReaderArgs,
    name: Option<&str>,
    own: Option<&Path>,
    headless: Option<(u16, u16)>,
) -> Result<(), CliError> {
    let config = config(reader)?;
    if headless.is_none() {
        tui::check_terminal()?;
    }
    let store = headless.is_none().then(Store::locate).flatten();
    let dir = SessionDir::from_env();
    let joined = join(&dir, name, own, store.as_ref()).map_err(session_error)?;
    let theme = Theme::new(use_color(config.reader.color), config.reader.ambiguous_width);
    let mouse = config.reader.mouse;
    let (app, sessions) = following(config, joined, dir, store, own.map(Path::to_path_buf));
    match headless {
        Some(size) => {
            run_headless(app, size, sessions, true);
            Ok(())
        }
        None => Ok(tui::run(app, theme, mouse, sessions)?),
    }
}

/// `jianghua sessions`.
pub(super) fn sessions(format: DataFormat) -> Result<(), CliError> {
    let list = live_sessions(&SessionDir::from_env());
    let text = match format {
        DataFormat::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "name": s.found.name,
                        "leader": s.welcome.leader,
                        "title": s.welcome.title,
                        "followers": s.welcome.followers,
                        "access": s.access,
                        "join": s.found.qualified(),
                    })
                })
                .collect();
            format!("{}\n", serde_json::Value::Array(rows))
        }
        DataFormat::Text if list.is_empty() => "no study sessions you may join\n".to_owned(),
        DataFormat::Text => list.iter().fold(String::new(), |mut out, s| {
            let w = &s.welcome;
            let _ = writeln!(
                out,
                "{}\t{}\t{}人跟随\t{}\t{}",
                s.found.qualified(),
                w.leader,
                w.followers,
                s.access,
                w.title
            );
            out
        }),
    };
    emit(&text)
}

/// Run the reader on a virtual screen: keys from standard input (one line of vim notation at a
/// time) until it closes; a follower prints when it has drawn each position.
fn run_headless(mut app: App, (width, height): (u16, u16), sessions: Sessions, trace: bool) {
    let channel = Channel::new();
    sessions.connect(channel.sender());
    let keys = channel.sender();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            for key in parse_vim(&line).unwrap_or_default() {
                if keys.send(Event::Input(crate::app::Input::Key(key))).is_err() {
                    return;
                }
            }
        }
        let _ = keys.send(Event::Hangup);
    });
    let theme = Theme::new(false, app.config.reader.ambiguous_width);
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    let mut executor = SessionExecutor { inner: Refuse::default(), sessions };
    let mut source = Traced { inner: channel, drawn: Vec::new(), trace };
    let Ok(()) = event_loop::run(&mut terminal, &mut app, theme, &mut source, &mut executor);
}

/// A channel that, when asked for the next batch (the last one is drawn by then), prints the
/// sequence numbers of the positions the last batch brought, with the monotonic clock.
struct Traced {
    inner: Channel,
    drawn: Vec<u64>,
    trace: bool,
}

impl EventSource for Traced {
    fn next_batch(&mut self, timeout: std::time::Duration) -> Vec<Event> {
        if !self.drawn.is_empty() {
            let now = crate::session::monotonic_ns();
            let mut out = std::io::stdout().lock();
            for seq in self.drawn.drain(..) {
                let _ = writeln!(out, "{seq} {now}");
            }
            let _ = out.flush();
        }
        let batch = self.inner.next_batch(timeout);
        if self.trace {
            self.drawn.extend(batch.iter().filter_map(|e| match e {
                Event::Session(SessionEvent::Position(p)) => Some(p.seq),
                _ => None,
            }));
        }
        batch
    }
}
