//! Following: finding a session, joining it, and a client thread that hears the leader and
//! comes back by itself when the leader returns under the same name. Also listing the sessions
//! there are (`jianghua sessions` and the picker in the reader).
//!
//! Everything the leader sends is checked ([`super::protocol`]); a message that cannot be used
//! is dropped with a notice, and a connection that breaks the framing is closed and tried again.

use std::io::ErrorKind;
use std::os::unix::fs::MetadataExt as _;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use super::access::{peer_of, user_name};
use super::protocol::{
    self, DocumentMsg, FrameError, MAX_DOCUMENT_FRAME, MAX_SMALL_FRAME, PROTOCOL, ToFollower, ToLeader, Want, Welcome,
};
use super::socket_dir::{Found, SessionDir};
use super::{Arrived, Notify, SessionError, SessionEvent};
use crate::document::{Document, MAX_DOCUMENT_BYTES, Source, load_path};
use crate::state::{Store, content_hash};

/// How long joining waits for the leader's answer and its document.
const JOIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long listing waits for each leader.
const QUERY_TIMEOUT: Duration = Duration::from_millis(500);
/// How often a follower whose leader went away looks for it again.
const RETRY: Duration = Duration::from_millis(300);
/// How long a follower looking for its leader again waits for an answer. Short: a live leader on
/// this machine answers at once, and a socket whose leader is going away must not hold the
/// follower past the leader's return.
const REJOIN_TIMEOUT: Duration = Duration::from_secs(1);

/// A live session, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub found: Found,
    pub welcome: Welcome,
    /// Who may join: `private`, `open` or `group:NAME`.
    pub access: String,
}

/// Say hello on `stream` as `want` and hear the answer.
fn hello(stream: &UnixStream, want: Want, timeout: Duration) -> Result<Welcome, SessionError> {
    let broken = |e: &dyn std::fmt::Display| SessionError::Broken(format!("the leader did not answer properly: {e}"));
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    // A leader that refuses us answers at once and closes, perhaps before our hello is written:
    // its answer is still there to read.
    let said = protocol::write_frame(&mut &*stream, &protocol::encode(&ToLeader::Hello { protocol: PROTOCOL, want }));
    let body = match (protocol::read_frame(&mut &*stream, MAX_SMALL_FRAME), said) {
        (Ok(body), _) => body,
        (Err(_), Err(e)) => return Err(broken(&e)),
        (Err(e), Ok(())) => return Err(broken(&e)),
    };
    match protocol::decode_to_follower(&body).map_err(|e| broken(&e))? {
        ToFollower::Welcome(w) if w.protocol == PROTOCOL => Ok(w),
        ToFollower::Welcome(w) => Err(SessionError::Refused(format!(
            "the leader speaks protocol {} and this jianghua {PROTOCOL}: use the same version",
            w.protocol
        ))),
        ToFollower::Refused { reason } => Err(SessionError::Refused(reason)),
        other => Err(broken(&format!("{other:?}").chars().take(60).collect::<String>())),
    }
}

/// Ask a session what it is, on a connected stream.
pub fn query(stream: &UnixStream, timeout: Duration) -> Result<Welcome, SessionError> {
    hello(stream, Want::Query, timeout)
}

/// Connect to `found`, check that the leader is the user the directory belongs to, and say
/// hello.
fn connect(found: &Found, want: Want, timeout: Duration) -> Result<(UnixStream, Welcome), SessionError> {
    let stream = UnixStream::connect(&found.path).map_err(|e| match e.kind() {
        ErrorKind::PermissionDenied => SessionError::Refused(format!(
            "{} is not open to you (its leader started it for their own user or another group)",
            found.qualified()
        )),
        ErrorKind::ConnectionRefused | ErrorKind::NotFound => {
            SessionError::NotFound(format!("{} has ended (nobody leads it now)", found.qualified()))
        }
        _ => SessionError::Broken(format!("cannot connect to {}: {e}", found.qualified())),
    })?;
    let peer = peer_of(&stream).map_err(|e| SessionError::Broken(e.to_string()))?;
    if peer.uid != found.uid {
        return Err(SessionError::Refused(format!(
            "the process behind {} runs as {}, not as {}: not joining",
            found.qualified(),
            user_name(peer.uid),
            user_name(found.uid)
        )));
    }
    let welcome = hello(&stream, want, timeout)?;
    Ok((stream, welcome))
}

/// The access a socket's directory stands for.
fn access_of(path: &Path) -> String {
    let dir = path.parent().and_then(Path::file_name).and_then(|d| d.to_str()).unwrap_or_default();
    match dir.strip_prefix("group-").and_then(|g| g.parse::<u32>().ok()) {
        Some(gid) => {
            let name = nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid)).ok().flatten().map(|g| g.name);
            format!("group:{}", crate::document::safe(&name.unwrap_or_else(|| gid.to_string())))
        }
        None => dir.to_owned(),
    }
}

/// The sessions that answer (stale sockets and those closed to us are left out).
#[must_use]
pub fn live_sessions(dir: &SessionDir) -> Vec<SessionInfo> {
    dir.sockets()
        .into_iter()
        .filter_map(|found| {
            let (_, welcome) = connect(&found, Want::Query, QUERY_TIMEOUT).ok()?;
            let access = access_of(&found.path);
            Some(SessionInfo { found, welcome, access })
        })
        .collect()
}

/// The one session `wanted` names (`NAME` or `USER/NAME`), or the only live one.
pub fn resolve(dir: &SessionDir, wanted: Option<&str>) -> Result<Found, SessionError> {
    let live = live_sessions(dir);
    let matching: Vec<&SessionInfo> = match wanted {
        Some(w) => {
            let named = dir.named(w);
            let found: Vec<&SessionInfo> = live.iter().filter(|s| named.contains(&s.found)).collect();
            if found.is_empty() && !named.is_empty() {
                // It exists but did not answer: let joining say why.
                return Ok(named[0].clone());
            }
            found
        }
        None => live.iter().collect(),
    };
    let me = super::access::my_uid();
    match matching.as_slice() {
        [] => Err(SessionError::NotFound(match wanted {
            Some(w) => format!("no session named {} (see `jianghua sessions`)", crate::document::safe(w)),
            None => "no study session is running that you may join (see `jianghua sessions`)".to_owned(),
        })),
        [one] => Ok(one.found.clone()),
        several => {
            // Our own session wins over others of the same name.
            let own: Vec<_> = several.iter().filter(|s| s.found.uid == me).collect();
            if wanted.is_some() && own.len() == 1 {
                return Ok(own[0].found.clone());
            }
            let names: Vec<String> = several.iter().map(|s| s.found.qualified()).collect();
            Err(SessionError::NotFound(format!(
                "several sessions: {}. Name one: jianghua follow USER/NAME",
                names.join(", ")
            )))
        }
    }
}

/// The leader's document as we open it: our own copy when it is the same text (from `own`, or
/// the leader's path on this machine), else the leader's text.
fn arrive(msg: DocumentMsg, own: Option<&Path>, store: Option<&Store>) -> Result<Arrived, String> {
    let leader_path = msg.path.as_deref().map(PathBuf::from).filter(|p| p.is_absolute());
    let candidate = own.map(Path::to_path_buf).or(leader_path);
    // Only a regular file of a sane size: a path from a peer could name a FIFO or a device.
    let mine = candidate
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.size() <= MAX_DOCUMENT_BYTES))
        .and_then(|p| load_path(&p).ok());
    let leaders_text = |text: String| {
        let mut source = Source::named(&msg.name);
        source.bytes = text.len();
        Document::from_text(text, source)
    };
    let (doc, note) = match (mine, msg.text) {
        (Some(doc), _) if content_hash(doc.text()) == msg.hash => (doc, None),
        (Some(_), Some(text)) => {
            (leaders_text(text), Some("你的文件与组长的文本不同（哈希不符），已改用组长的文本".to_owned()))
        }
        (None, Some(text)) => {
            let note =
                own.map(|p| format!("读不到 {}，使用组长的文本", crate::document::safe(&p.display().to_string())));
            (leaders_text(text), note)
        }
        (_, None) => {
            return Err(format!("组长的文档超过 {} MB，无法传送，而你没有相同的副本", protocol::MAX_TEXT_BYTES >> 20));
        }
    };
    let state = store.map(|s| {
        let (state, path) = crate::app::saved_state(s, &doc);
        (state.map_err(|e| e.to_string()), path)
    });
    Ok(Arrived { doc, hash: msg.hash, note, state })
}

/// A session joined from the command line: the connection, the leader's answer and the document.
pub struct Joined {
    pub found: Found,
    pub welcome: Welcome,
    pub arrived: Arrived,
    pub connection: Connection,
}

/// A connection to a leader, for the client to go on listening on.
pub struct Connection(UnixStream);

/// Join `wanted` (or the only session), and wait for the leader's document.
pub fn join(
    dir: &SessionDir,
    wanted: Option<&str>,
    own: Option<&Path>,
    store: Option<&Store>,
) -> Result<Joined, SessionError> {
    let found = resolve(dir, wanted)?;
    let (stream, welcome) = connect(&found, Want::Follow, JOIN_TIMEOUT)?;
    loop {
        let body = protocol::read_frame(&mut &stream, MAX_DOCUMENT_FRAME)
            .map_err(|e| SessionError::Broken(format!("the leader went away before sending the document: {e}")))?;
        match protocol::decode_to_follower(&body) {
            Ok(ToFollower::Document(msg)) => {
                let arrived = arrive(msg, own, store).map_err(SessionError::Broken)?;
                let _ = stream.set_read_timeout(None);
                return Ok(Joined { found, welcome, arrived, connection: Connection(stream) });
            }
            Ok(ToFollower::Ended) => return Err(SessionError::NotFound(format!("{} has ended", found.qualified()))),
            // Positions before the document, or a bad message: wait for the document.
            _ => {}
        }
    }
}

/// The follower's listening thread. Dropping it stops listening.
pub struct Client {
    stop: Arc<AtomicBool>,
    stream: Arc<Mutex<Option<UnixStream>>>,
    thread: Option<JoinHandle<()>>,
}

/// What the client thread needs.
struct Listen {
    dir: SessionDir,
    found: Found,
    own: Option<PathBuf>,
    store: Option<Store>,
    notify: Notify,
    stop: Arc<AtomicBool>,
    current: Arc<Mutex<Option<UnixStream>>>,
}

impl Client {
    /// Listen to the session `found`, on the connection joining made when there is one, else
    /// connecting first (as the picker in the reader does).
    #[must_use]
    pub fn start(
        dir: SessionDir,
        found: Found,
        joined: Option<Connection>,
        own: Option<PathBuf>,
        store: Option<Store>,
        notify: Notify,
    ) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let current = Arc::new(Mutex::new(None));
        let listen = Listen { dir, found, own, store, notify, stop: Arc::clone(&stop), current: Arc::clone(&current) };
        let first = joined.map(|c| c.0);
        let thread = std::thread::Builder::new().name("session-client".into()).spawn(move || listen.run(first)).ok();
        Self { stop, stream: current, thread }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(s) = self.stream.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Listen {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn run(self, mut first: Option<UnixStream>) {
        let mut joined_once = first.is_some();
        while !self.stopped() {
            let stream = match first.take() {
                Some(s) => s,
                None => match self.reconnect() {
                    Ok((s, welcome)) => {
                        (self.notify)(SessionEvent::Joined(welcome));
                        joined_once = true;
                        s
                    }
                    Err(e) => {
                        if !joined_once {
                            (self.notify)(SessionEvent::Failed(e.to_string()));
                            return;
                        }
                        std::thread::sleep(RETRY);
                        continue;
                    }
                },
            };
            if let Ok(clone) = stream.try_clone() {
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(clone);
            }
            if self.stopped() {
                return;
            }
            self.listen(&stream);
            *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
            if self.stopped() || !(self.notify)(SessionEvent::Ended) {
                return;
            }
            std::thread::sleep(RETRY);
        }
    }

    /// Find the session again (same leader, same name; its access may have changed) and join.
    fn reconnect(&self) -> Result<(UnixStream, Welcome), SessionError> {
        let again = self.dir.sockets().into_iter().find(|f| f.uid == self.found.uid && f.name == self.found.name);
        let found =
            again.ok_or_else(|| SessionError::NotFound(format!("{} is not running", self.found.qualified())))?;
        connect(&found, Want::Follow, REJOIN_TIMEOUT)
    }

    /// Hear the leader until the connection ends or the session does.
    fn listen(&self, stream: &UnixStream) {
        let _ = stream.set_read_timeout(None);
        loop {
            let body = match protocol::read_frame(&mut &*stream, MAX_DOCUMENT_FRAME) {
                Ok(body) => body,
                Err(FrameError::TooLarge { len, .. }) => {
                    (self.notify)(SessionEvent::Notice(format!("组长发来 {len} 字节的消息，超过上限，已断开")));
                    return;
                }
                Err(_) => return,
            };
            let event = match protocol::decode_to_follower(&body) {
                Ok(ToFollower::Document(msg)) => match arrive(msg, self.own.as_deref(), self.store.as_ref()) {
                    Ok(arrived) => SessionEvent::Document(Box::new(arrived)),
                    Err(e) => SessionEvent::Notice(e),
                },
                Ok(ToFollower::Position(p)) => SessionEvent::Position(p),
                Ok(ToFollower::Ended) => return,
                Ok(ToFollower::Welcome(_) | ToFollower::Refused { .. }) => continue,
                Err(e) => SessionEvent::Notice(format!("忽略了组长发来的一条无效消息（{e}）")),
            };
            if !(self.notify)(event) {
                return;
            }
        }
    }
}
