//! Carrying out the study-session effects, for every runner: [`SessionExecutor`] wraps another
//! executor (the terminal's, or the headless one that refuses files), starts and stops the
//! leader's server, hands it what the app publishes, lists sessions and starts the follower's
//! client. What the session says comes back as [`Event::Session`] through [`Relay`], which holds
//! events until the loop's channel is known (a session started before the reader). [`Channel`]
//! is an event source fed from other threads, for headless sessions and tests.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::event_loop::{Event, EventSource, Executor, Flow};
use crate::app::{App, Effect, Outcome};
use crate::app::{DocView, Following, Leading, Link, Session};
use crate::config::Config;
use crate::session::access::{my_uid, user_name};
use crate::session::follower::{Connection, Joined};
use crate::session::{
    Access, Client, Found, Leader, Notify, Publish, SessionDir, SessionError, SessionEvent, live_sessions, socket_dir,
};
use crate::state::Store;

/// Session events on their way to the loop; kept until it listens.
#[derive(Clone, Default)]
pub struct Relay(Arc<Mutex<RelayState>>);

enum RelayState {
    Waiting(Vec<SessionEvent>),
    Sending(Sender<Event>),
}

impl Default for RelayState {
    fn default() -> Self {
        Self::Waiting(Vec::new())
    }
}

impl Relay {
    /// From now on, events go to `send` (those kept so far first).
    pub fn connect(&self, send: Sender<Event>) {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let RelayState::Waiting(kept) = std::mem::take(&mut *state) {
            for event in kept {
                let _ = send.send(Event::Session(event));
            }
        }
        *state = RelayState::Sending(send);
    }

    /// The callback the session's threads use.
    #[must_use]
    pub fn notify(&self) -> Notify {
        let relay = self.clone();
        Arc::new(move |event| {
            let mut state = relay.0.lock().unwrap_or_else(PoisonError::into_inner);
            match &mut *state {
                RelayState::Waiting(kept) => {
                    kept.push(event);
                    true
                }
                RelayState::Sending(send) => send.send(Event::Session(event)).is_ok(),
            }
        })
    }
}

/// The session's side of the world: the leader's server or the follower's client.
pub struct Sessions {
    dir: SessionDir,
    relay: Relay,
    leader: Option<Leader>,
    client: Option<Client>,
    /// Where a follower's saved state is (its notes and marks stay its own).
    store: Option<Store>,
    /// The follower's own copy of the document, to use when it is the same text.
    own: Option<PathBuf>,
}

impl Sessions {
    /// No session yet; sockets in `dir`, the follower's state in `store`.
    #[must_use]
    pub fn new(dir: SessionDir, store: Option<Store>) -> Self {
        Self { dir, relay: Relay::default(), leader: None, client: None, store, own: None }
    }

    /// Lead from the start (`jianghua lead`): start the server now, so that a name in use or an
    /// unsafe directory is an error before the screen changes.
    pub fn lead(&mut self, name: Option<&str>, access: Access) -> Result<String, SessionError> {
        self.leader = None;
        let leader = match name {
            Some(n) => Leader::start(&self.dir, n, access, self.relay.notify())?,
            None => self.start_default(&access)?,
        };
        let name = leader.name().to_owned();
        self.leader = Some(leader);
        Ok(name)
    }

    /// The user's login name, then `NAME-2`, `NAME-3`… while those are taken.
    fn start_default(&self, access: &Access) -> Result<Leader, SessionError> {
        let user = user_name(my_uid());
        let base = if socket_dir::check_name(&user).is_ok() { user } else { "jianghua".to_owned() };
        let mut last = None;
        for n in 1..=9 {
            let name = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            match Leader::start(&self.dir, &name, access.clone(), self.relay.notify()) {
                Err(SessionError::Taken(e)) => last = Some(SessionError::Taken(e)),
                other => return other,
            }
        }
        Err(last.unwrap_or(SessionError::Taken(base)))
    }

    /// Follow from the start (`jianghua follow`), on the connection joining made.
    pub fn follow(&mut self, found: Found, connection: Connection, own: Option<PathBuf>) {
        self.own.clone_from(&own);
        self.client = Some(Client::start(
            self.dir.clone(),
            found,
            Some(connection),
            own,
            self.store.clone(),
            self.relay.notify(),
        ));
    }

    /// The leader's server, when leading.
    #[must_use]
    pub fn leader(&self) -> Option<&Leader> {
        self.leader.as_ref()
    }

    /// Deliver session events to `send` from now on.
    pub fn connect(&self, send: Sender<Event>) {
        self.relay.connect(send);
    }

    /// Carry out `effect` if it is a session's; any other is handed back.
    pub fn perform(&mut self, effect: Effect, app: &mut App) -> Result<(), Effect> {
        match effect {
            Effect::Lead { name, access } => {
                let result = self.lead(name.as_deref(), access).map_err(|e| e.to_string());
                app.outcome(Outcome::Leading(result));
            }
            Effect::StopSession => self.leader = None,
            Effect::Publish(publish) => {
                if let Some(leader) = &self.leader {
                    let publish = match publish {
                        // Followers on this machine may read the same file: tell them where.
                        Publish::Document(mut offer) => {
                            offer.path = offer.path.and_then(|p| p.canonicalize().ok());
                            Publish::Document(offer)
                        }
                        position @ Publish::Position(_) => position,
                    };
                    leader.publish(publish);
                }
            }
            Effect::ListSessions => app.outcome(Outcome::Sessions(live_sessions(&self.dir))),
            Effect::Follow(found) => {
                self.client = None;
                self.client = Some(Client::start(
                    self.dir.clone(),
                    found,
                    None,
                    self.own.clone(),
                    self.store.clone(),
                    self.relay.notify(),
                ));
            }
            other => return Err(other),
        }
        Ok(())
    }
}

/// A reader following the session `joined`: the leader's document (with our saved state for
/// it), attached to the leader, and the session's side with its client listening.
#[must_use]
pub fn following(
    config: Config,
    joined: Joined,
    dir: SessionDir,
    store: Option<Store>,
    own: Option<PathBuf>,
) -> (App, Sessions) {
    let Joined { found, welcome, arrived, connection } = joined;
    let mut view = DocView::new(arrived.doc, &config);
    let mut message = arrived.note;
    match arrived.state {
        Some((Ok(saved), path)) => view.attach_state(saved, path.as_deref()),
        Some((Err(e), _)) => message = Some(e),
        None => {}
    }
    let mut app = App::new(config, vec![view]);
    app.store.clone_from(&store);
    let mut follow = Following::new(&found.qualified(), &welcome.leader);
    follow.link = Link::Connected;
    follow.leader_doc = Some((0, arrived.hash));
    app.session = Some(Session::Following(follow));
    app.message = Some(message.unwrap_or_else(|| format!("跟随 {} 领读的「{}」", welcome.leader, found.name)));
    let mut sessions = Sessions::new(dir, store);
    sessions.follow(found, connection, own);
    (app, sessions)
}

/// Make `app` lead a session named `name` (the user's name when `None`) through `sessions`;
/// returns the name.
pub fn leading(
    app: &mut App,
    sessions: &mut Sessions,
    name: Option<&str>,
    access: Access,
) -> Result<String, SessionError> {
    let label = access.label();
    let name = sessions.lead(name, access)?;
    app.message = Some(format!("领读「{name}」（{label}）：组员运行 jianghua follow {name}"));
    app.session = Some(Session::Leading(Leading::new(&name)));
    Ok(name)
}

/// An executor that carries out session effects and hands the rest to `inner`.
pub struct SessionExecutor<E> {
    pub inner: E,
    pub sessions: Sessions,
}

impl<B: Backend, E: Executor<B>> Executor<B> for SessionExecutor<E> {
    fn perform(&mut self, effect: Effect, app: &mut App, terminal: &mut Terminal<B>) -> Flow {
        match self.sessions.perform(effect, app) {
            Ok(()) => Flow::Continue,
            Err(other) => self.inner.perform(other, app, terminal),
        }
    }
}

/// Events sent from other threads (keys from a pipe, a session's messages). With `idle` set,
/// the source is exhausted once nothing has come for that long, so a test can look at the app
/// between runs of the loop.
pub struct Channel {
    receive: Receiver<Event>,
    send: Sender<Event>,
    idle: Option<Duration>,
}

impl Default for Channel {
    fn default() -> Self {
        Self::new()
    }
}

impl Channel {
    #[must_use]
    pub fn new() -> Self {
        let (send, receive) = mpsc::channel();
        Self { receive, send, idle: None }
    }

    /// Where to send events.
    #[must_use]
    pub fn sender(&self) -> Sender<Event> {
        self.send.clone()
    }

    /// End each run of the loop after `idle` without events (`None`: run until a hang-up).
    pub fn set_idle(&mut self, idle: Option<Duration>) {
        self.idle = idle;
    }
}

impl EventSource for Channel {
    fn next_batch(&mut self, timeout: Duration) -> Vec<Event> {
        let wait = self.idle.map_or(timeout, |idle| idle.min(timeout));
        match self.receive.recv_timeout(wait) {
            Ok(first) => std::iter::once(first).chain(self.receive.try_iter()).collect(),
            Err(RecvTimeoutError::Timeout) if self.idle.is_some() => vec![Event::Exhausted],
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => vec![Event::Hangup],
        }
    }
}
