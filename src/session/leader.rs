//! The leader's server. An accept thread admits followers (checking each peer's credentials) and
//! gives each its own writer thread with an outbox. Publishing encodes the frame once, leaves it
//! for the dispatch thread and returns: that thread puts it in every outbox, so the leader's loop
//! never waits for a follower and its cost per key does not grow with their number. A follower
//! that reads slowly simply skips to the latest position; one that stops reading for
//! [`WRITE_TIMEOUT`] is dropped (and may come back).

use std::io::ErrorKind;
use std::os::fd::AsRawFd as _;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, poll};
use nix::sys::socket::{MsgFlags, recv};

use super::access::{Access, my_uid, peer_of, user_name};
use super::outbox::{Batch, Frame, Slot};
use super::protocol::{
    self, DocumentMsg, MAX_HELLO_FRAME, MAX_TEXT_BYTES, PROTOCOL, ToFollower, ToLeader, Want, Welcome, encode,
};
use super::socket_dir::SessionDir;
use super::{Notify, Publish, SessionError, SessionEvent};

/// How long a peer has to say hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(2);
/// A follower that accepts nothing for this long is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle writer checks that its follower is still there.
const IDLE_CHECK: Duration = Duration::from_millis(250);
/// Connections at once, followers and queries together.
const MAX_CONNECTIONS: usize = 512;
/// Bytes a follower may send after its hello before it is dropped.
const MAX_CHATTER: usize = 64 << 10;

/// A running session. Dropping it ends the session: followers are told, the socket goes.
pub struct Leader {
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
    dispatch: Option<JoinHandle<()>>,
    path: PathBuf,
    /// The socket file we bound (device, inode), so we remove only our own.
    bound: (u64, u64),
}

struct Shared {
    name: String,
    leader: String,
    uid: u32,
    access: Access,
    stop: AtomicBool,
    connections: AtomicUsize,
    latest: Mutex<Latest>,
    /// Something was published (or the session stops): wakes the dispatch thread.
    published: Condvar,
    followers: Mutex<Vec<Arc<Slot>>>,
    /// Held while telling the app how many follow (see [`tell_followers`]).
    telling: Mutex<()>,
    notify: Notify,
}

/// What a follower joining now is given, and what the dispatch thread has yet to hand out.
#[derive(Default)]
struct Latest {
    document: Option<Frame>,
    position: Option<Frame>,
    title: String,
    seq: u64,
    /// Counts publications.
    generation: u64,
    pending: Batch,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Is a session answering at `path`?
#[derive(Debug)]
pub enum Probe {
    Live(Option<Welcome>),
    Stale,
}

/// Knock at `path`: a session that accepts is live (with its answer, if it gives one in time);
/// a socket nobody accepts on is stale.
#[must_use]
pub fn probe(path: &Path, timeout: Duration) -> Probe {
    match UnixStream::connect(path) {
        Ok(stream) => Probe::Live(super::follower::query(&stream, timeout).ok()),
        Err(e) if matches!(e.kind(), ErrorKind::ConnectionRefused | ErrorKind::NotFound) => Probe::Stale,
        // We cannot tell (no permission, say): take it as live rather than remove it.
        Err(_) => Probe::Live(None),
    }
}

impl Leader {
    /// Start a session named `name` with `access` in `dir`. A stale socket of ours with that
    /// name is replaced; a live one is an error.
    pub fn start(dir: &SessionDir, name: &str, access: Access, notify: Notify) -> Result<Self, SessionError> {
        let path = dir.prepare(&access, name)?;
        let uid = my_uid();
        // The name is ours in every access directory: a live one anywhere is taken.
        for found in dir.sockets().into_iter().filter(|f| f.uid == uid && f.name == name) {
            match probe(&found.path, Duration::from_secs(1)) {
                Probe::Live(answer) => {
                    let what = answer
                        .map_or_else(String::new, |w| format!(" (reading {}, {} following)", w.title, w.followers));
                    return Err(SessionError::Taken(format!(
                        "a session named {} is already running{what}: choose another with --name",
                        crate::document::safe(name)
                    )));
                }
                Probe::Stale => {
                    let _ = std::fs::remove_file(&found.path);
                }
            }
        }
        let listener = match UnixListener::bind(&path) {
            Ok(l) => l,
            Err(e) if e.kind() == ErrorKind::AddrInUse => {
                // Something that is not a session socket, or one that appeared just now.
                return Err(SessionError::Taken(format!(
                    "{} is in the way: remove it, or choose another --name",
                    path.display()
                )));
            }
            Err(e) => return Err(SessionError::Dir(format!("cannot listen at {}: {e}", path.display()))),
        };
        let meta = std::fs::symlink_metadata(&path).map_err(|e| SessionError::Dir(e.to_string()))?;
        if let Some(gid) = access.gid() {
            std::os::unix::fs::chown(&path, None, Some(gid)).map_err(|e| SessionError::Access(e.to_string()))?;
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(access.socket_mode()))
            .map_err(|e| SessionError::Dir(e.to_string()))?;
        listener.set_nonblocking(true).map_err(|e| SessionError::Dir(e.to_string()))?;
        let shared = Arc::new(Shared {
            name: name.to_owned(),
            leader: user_name(uid),
            uid,
            access,
            stop: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            latest: Mutex::new(Latest::default()),
            published: Condvar::new(),
            followers: Mutex::new(Vec::new()),
            telling: Mutex::new(()),
            notify,
        });
        let for_thread = Arc::clone(&shared);
        let dispatch = std::thread::Builder::new()
            .name("session-dispatch".into())
            .spawn(move || dispatch_loop(&for_thread))
            .map_err(|e| SessionError::Dir(e.to_string()))?;
        let mut leader = Self { shared, accept: None, dispatch: Some(dispatch), path, bound: (meta.dev(), meta.ino()) };
        let for_thread = Arc::clone(&leader.shared);
        // On failure, dropping `leader` stops the dispatch thread and removes the socket.
        let accept = std::thread::Builder::new()
            .name("session-accept".into())
            .spawn(move || accept_loop(&listener, &for_thread))
            .map_err(|e| SessionError::Dir(e.to_string()))?;
        leader.accept = Some(accept);
        Ok(leader)
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// Where the socket is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many follow now.
    #[must_use]
    pub fn followers(&self) -> usize {
        lock(&self.shared.followers).len()
    }

    /// Hand `publish` to every follower without waiting for any: encode it once and leave it
    /// for the dispatch thread. Returns the position's sequence number (0 for a document).
    #[allow(clippy::must_use_candidate, reason = "the number is for traces; publishing is the point")]
    pub fn publish(&self, publish: Publish) -> u64 {
        let mut latest = lock(&self.shared.latest);
        latest.generation += 1;
        let generation = latest.generation;
        let seq = match publish {
            Publish::Document(offer) => {
                let text = (offer.text.len() <= MAX_TEXT_BYTES).then(|| offer.text.as_str().to_owned());
                let message = ToFollower::Document(DocumentMsg {
                    hash: offer.hash,
                    title: offer.title.clone(),
                    name: offer.name,
                    path: offer.path.map(|p| p.display().to_string()),
                    text,
                });
                let frame: Frame = encode(&message).into();
                latest.document = Some(Arc::clone(&frame));
                latest.position = None;
                latest.title = offer.title;
                latest.pending.document(generation, frame);
                0
            }
            Publish::Position(mut position) => {
                latest.seq += 1;
                position.seq = latest.seq;
                let frame: Frame = encode(&ToFollower::Position(position)).into();
                latest.position = Some(Arc::clone(&frame));
                latest.pending.position(generation, frame);
                latest.seq
            }
        };
        drop(latest);
        self.shared.published.notify_one();
        seq
    }
}

/// Hand what is published to every follower's outbox, until the session stops.
fn dispatch_loop(shared: &Shared) {
    let mut latest = lock(&shared.latest);
    loop {
        while latest.pending.is_empty() && !shared.stop.load(Ordering::SeqCst) {
            latest = shared.published.wait(latest).unwrap_or_else(PoisonError::into_inner);
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let batch = std::mem::take(&mut latest.pending);
        drop(latest);
        for slot in lock(&shared.followers).iter() {
            slot.offer(&batch);
        }
        latest = lock(&shared.latest);
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        // Under the lock, so the dispatch thread cannot miss it between looking and waiting.
        let latest = lock(&self.shared.latest);
        self.shared.stop.store(true, Ordering::SeqCst);
        drop(latest);
        self.shared.published.notify_all();
        if let Some(dispatch) = self.dispatch.take() {
            let _ = dispatch.join();
        }
        // What the dispatch thread had not handed out yet, then the end.
        let rest = std::mem::take(&mut lock(&self.shared.latest).pending);
        for slot in lock(&self.shared.followers).iter() {
            slot.offer(&rest);
            slot.end();
        }
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        if std::fs::symlink_metadata(&self.path).is_ok_and(|m| (m.dev(), m.ino()) == self.bound) {
            let _ = std::fs::remove_file(&self.path);
        }
        // Give the writers a moment to say goodbye; none is waited for longer.
        let deadline = Instant::now() + Duration::from_millis(300);
        while self.followers() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

fn accept_loop(listener: &UnixListener, shared: &Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        let mut fds = [PollFd::new(std::os::fd::AsFd::as_fd(listener), PollFlags::POLLIN)];
        if poll(&mut fds, 200u16).is_err() {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        }
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    if shared.connections.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                        continue;
                    }
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let for_thread = Arc::clone(shared);
                    let spawned = std::thread::Builder::new().name("session-follower".into()).spawn(move || {
                        serve(&stream, &for_thread);
                        for_thread.connections.fetch_sub(1, Ordering::SeqCst);
                    });
                    if spawned.is_err() {
                        shared.connections.fetch_sub(1, Ordering::SeqCst);
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                // Out of descriptors, say: wait a little rather than spin.
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(50));
                    break;
                }
            }
        }
    }
}

/// Talk to one peer: check who it is, hear its hello, then answer a query or write to a
/// follower until it or the session goes.
fn serve(stream: &UnixStream, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(HELLO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(peer) = peer_of(stream) else { return };
    let who = user_name(peer.uid);
    if let Err(reason) = shared.access.admits(peer, shared.uid) {
        let _ = protocol::write_frame(&mut &*stream, &encode(&ToFollower::Refused { reason: reason.clone() }));
        (shared.notify)(SessionEvent::Notice(format!("拒绝了 {who} 的加入：{reason}")));
        return;
    }
    let hello = protocol::read_frame(&mut &*stream, MAX_HELLO_FRAME)
        .map_err(|e| e.to_string())
        .and_then(|body| protocol::decode_to_leader(&body).map_err(|e| e.to_string()));
    let want = match hello {
        Ok(ToLeader::Hello { protocol, want }) if protocol == PROTOCOL => want,
        Ok(ToLeader::Hello { protocol, .. }) => {
            let reason = format!("版本不同：组长用第 {PROTOCOL} 版协议，你用第 {protocol} 版；请用同一版本的 jianghua");
            let _ = protocol::write_frame(&mut &*stream, &encode(&ToFollower::Refused { reason }));
            return;
        }
        Err(e) => {
            (shared.notify)(SessionEvent::Notice(format!("丢弃了 {who} 发来的无效消息：{e}")));
            return;
        }
    };
    let welcome = |followers| {
        let title = lock(&shared.latest).title.clone();
        encode(&ToFollower::Welcome(Welcome {
            protocol: PROTOCOL,
            session: shared.name.clone(),
            leader: shared.leader.clone(),
            title,
            followers,
        }))
    };
    if want == Want::Query {
        let count = lock(&shared.followers).len();
        let _ = protocol::write_frame(&mut &*stream, &welcome(count));
        return;
    }
    let (slot, count) = {
        // Holding `latest` while joining the followers: what is published after this is newer
        // than `generation`, and the dispatch thread hands it to this slot too.
        let latest = lock(&shared.latest);
        let slot = Arc::new(Slot::new(
            latest.generation,
            latest.document.clone(),
            latest.position.clone(),
            shared.stop.load(Ordering::SeqCst),
        ));
        let mut followers = lock(&shared.followers);
        followers.push(Arc::clone(&slot));
        (slot, followers.len())
    };
    tell_followers(shared);
    if protocol::write_frame(&mut &*stream, &welcome(count)).is_ok() {
        write_loop(stream, &slot, &who, shared);
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    lock(&shared.followers).retain(|s| !Arc::ptr_eq(s, &slot));
    tell_followers(shared);
}

/// Tell the app how many follow now, after a follower joined or left. The count is read and
/// told under one lock, so the last told is always the latest: counted under the followers'
/// lock and told after it, followers joining at once could be told out of order (three joined,
/// the leader's status bar said 2人跟随 for good, and the return test failed under load).
fn tell_followers(shared: &Shared) {
    let _telling = lock(&shared.telling);
    let count = lock(&shared.followers).len();
    (shared.notify)(SessionEvent::Followers(count));
}

/// Write what the outbox holds, newest position only, until the follower goes or the session
/// ends (then say so).
fn write_loop(stream: &UnixStream, slot: &Slot, who: &str, shared: &Shared) {
    let mut chatter = 0usize;
    loop {
        let next = slot.next(IDLE_CHECK);
        if next.is_idle() {
            // Idle: has the follower gone, or is it talking when it should not?
            let mut scratch = [0u8; 4096];
            match recv(stream.as_raw_fd(), &mut scratch, MsgFlags::MSG_DONTWAIT) {
                Ok(0) => return,
                Ok(n) => {
                    chatter += n;
                    if chatter > MAX_CHATTER {
                        (shared.notify)(SessionEvent::Notice(format!("{who} 发来太多无关数据，已断开")));
                        return;
                    }
                }
                Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => {}
                Err(_) => return,
            }
            continue;
        }
        for frame in [next.document, next.position].into_iter().flatten() {
            if protocol::write_frame(&mut &*stream, &frame).is_err() {
                return;
            }
        }
        if next.ended {
            let _ = protocol::write_frame(&mut &*stream, &encode(&ToFollower::Ended));
            return;
        }
    }
}
