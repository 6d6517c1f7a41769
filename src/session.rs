//! Study sessions (学习小组): one leader reads, and each member follows in their own terminal,
//! at their own size, with their own notes. Everyone runs jianghua on the same machine (over
//! SSH); they talk over Unix domain sockets, and nothing listens on a network port.
//!
//! - [`protocol`]: the messages and their framing, capped and validated;
//! - [`access`]: who may join (the leader's user, a group, everyone) and the peer check;
//! - [`socket_dir`]: where the sockets live and making those directories safely;
//! - [`leader`]: the leader's server, which never waits for a follower;
//! - `outbox`: each follower's newest frames, handed out off the leader's thread;
//! - [`follower`]: joining, listening and coming back when the leader does, and listing the
//!   sessions there are.
//!
//! The reader never calls these directly: publishing and joining are effects
//! ([`crate::app::Effect`]) carried out by `tui::session`, and what the session says comes back
//! to the app as a [`SessionEvent`] through the one event loop.

pub mod access;
pub mod follower;
pub mod leader;
mod outbox;
pub mod protocol;
pub mod socket_dir;

use std::path::PathBuf;
use std::sync::Arc;

pub use access::Access;
pub use follower::{Client, SessionInfo, join, live_sessions};
pub use leader::Leader;
pub use protocol::{Highlight, Position, Welcome};
pub use socket_dir::{Found, SessionDir};

use crate::document::Document;
use crate::state::DocState;

/// Why a session could not be started, joined or listed. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The socket directory is missing, unsafe or not ours.
    #[error("{0}")]
    Dir(String),
    /// A session name that cannot be used.
    #[error("{0}")]
    Name(String),
    /// A group that does not exist or that we cannot use.
    #[error("{0}")]
    Access(String),
    /// A live session already has the name.
    #[error("{0}")]
    Taken(String),
    /// No such session, or more than one.
    #[error("{0}")]
    NotFound(String),
    /// The leader would not have us.
    #[error("{0}")]
    Refused(String),
    /// The connection failed or the leader said something we cannot use.
    #[error("{0}")]
    Broken(String),
}

/// What a session tells the app, through the event loop.
#[derive(Debug)]
pub enum SessionEvent {
    /// Leading: how many follow now.
    Followers(usize),
    /// Something worth a line in the status bar (a refused peer, a dropped message).
    Notice(String),
    /// Following: connected (again) to the leader.
    Joined(Welcome),
    /// Following: the leader's document, ready to open.
    Document(Box<Arrived>),
    /// Following: where the leader is.
    Position(Position),
    /// Following: the leader stopped or went away; we try again until it is back.
    Ended,
    /// Following: could not join.
    Failed(String),
}

/// A document that came from the leader, ready for the reader.
#[derive(Debug)]
pub struct Arrived {
    pub doc: Document,
    /// The leader's hash for it: positions name their document by it.
    pub hash: String,
    /// What the follower should be told (their copy differs, say).
    pub note: Option<String>,
    /// Our saved state for it, with the path it was opened from (when a store is in use).
    pub state: Option<(Result<DocState, String>, Option<String>)>,
}

/// What the leader publishes.
#[derive(Debug, Clone)]
pub enum Publish {
    /// The document now read (on starting, and when the leader switches documents).
    Document(Offer),
    /// Where the leader is now.
    Position(Position),
}

/// A document as the leader offers it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub hash: String,
    pub title: String,
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: Arc<String>,
}

/// How a session's threads reach the app: return `false` once nobody listens. It may be called
/// under a lock of the session (to keep follower counts in order), so it hands the event on and
/// never calls back into the session.
pub type Notify = Arc<dyn Fn(SessionEvent) -> bool + Send + Sync>;

/// `CLOCK_MONOTONIC` in nanoseconds: one clock for every process on the machine, so a trace
/// from a follower can be set against the moment a leader's key was sent.
#[must_use]
pub fn monotonic_ns() -> u128 {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC).map_or(0, |t| {
        u128::try_from(t.tv_sec()).unwrap_or(0) * 1_000_000_000 + u128::try_from(t.tv_nsec()).unwrap_or(0)
    })
}
