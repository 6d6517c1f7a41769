//! `jianghua lead`, `jianghua follow` and `jianghua sessions`. Leading and following run the
//! same reader as `jianghua FILE`, with the session's effects carried out and its messages on
//! the event loop. A hidden `--headless WxH` runs either on a virtual screen without a terminal,
//! for the integration tests and the benchmark harness: `lead` reads keys from standard input,
//! one line of vim notation at a time; `follow` prints `SEQ MONOTONIC_NS` after drawing each
//! position the leader sent. Both end when standard input closes.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{CliError, ReaderArgs, commands, config, emit, use_color};
use crate::app::{App, DocView, Following, Leading, Link, Session};
use crate::keymap::parse_vim;
use crate::report::DataFormat;
use crate::session::{Access, SessionDir, SessionEvent, join, live_sessions};
use crate::state::Store;
use crate::tui::event_loop::{self, Event, EventSource};
use crate::tui::session::{Channel, SessionExecutor, Sessions};
use crate::tui::{self, Refuse};
use crate::ui::theme::Theme;

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
    let mut app = commands::reader_app(config, &files, headless.is_none())?;
    let mut sessions = Sessions::new(SessionDir::from_env(), app.store.clone());
    let label = access.label();
    let name = sessions.lead(name, access).map_err(session_error)?;
    app.message = Some(format!("领读「{name}」（{label}）：组员运行 jianghua follow {name}"));
    app.session = Some(Session::Leading(Leading::new(&name)));
    match headless {
        Some(size) => run_headless(app, size, sessions, false),
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
    let arrived = joined.arrived;
    let mut view = DocView::new(arrived.doc, &config);
    if let Some((Ok(saved), path)) = arrived.state {
        view.attach_state(saved, path.as_deref());
    }
    let mut app = App::new(config, vec![view]);
    app.store.clone_from(&store);
    let mut following = Following::new(&joined.found.qualified(), &joined.welcome.leader);
    following.link = Link::Connected;
    following.leader_doc = Some((0, arrived.hash));
    app.session = Some(Session::Following(following));
    app.message = Some(arrived.note.unwrap_or_else(|| format!("跟随 {} 领读的「{}」", joined.welcome.leader, joined.found.name)));
    let mut sessions = Sessions::new(dir, store);
    sessions.follow(joined.found, joined.connection, own.map(Path::to_path_buf));
    match headless {
        Some(size) => run_headless(app, size, sessions, true),
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
        DataFormat::Text => list
            .iter()
            .map(|s| {
                let w = &s.welcome;
                format!("{}\t{}\t{}人跟随\t{}\t{}\n", s.found.qualified(), w.leader, w.followers, s.access, w.title)
            })
            .collect(),
    };
    emit(&text)
}

/// Run the reader on a virtual screen: keys from standard input (one line of vim notation at a
/// time) until it closes; a follower prints when it has drawn each position.
fn run_headless(mut app: App, (width, height): (u16, u16), sessions: Sessions, trace: bool) -> Result<(), CliError> {
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
    Ok(())
}

/// A channel that, when asked for the next batch (the last one is drawn by then), prints the
/// sequence numbers of the positions the last batch brought, with the monotonic clock.
struct Traced {
    inner: Channel,
    drawn: Vec<u64>,
    trace: bool,
}

/// `CLOCK_MONOTONIC` in nanoseconds: the same clock in every process on the machine.
#[must_use]
pub fn monotonic_ns() -> u128 {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .map_or(0, |t| u128::try_from(t.tv_sec()).unwrap_or(0) * 1_000_000_000 + u128::try_from(t.tv_nsec()).unwrap_or(0))
}

impl EventSource for Traced {
    fn next_batch(&mut self, timeout: std::time::Duration) -> Vec<Event> {
        if !self.drawn.is_empty() {
            let now = monotonic_ns();
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
