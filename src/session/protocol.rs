//! The study-session protocol: what a leader and its followers say to each other, and how it is
//! framed on the socket.
//!
//! Every message is one frame: a 4-byte big-endian length, then that many bytes of JSON. The
//! reader checks the length against a cap *before* reading the body, so a peer cannot make us
//! allocate more than the cap; after parsing, every message is validated (sizes, hashes, ranges)
//! and its strings are made safe to show ([`crate::document::safe`]), so nothing a peer sends can
//! put an escape byte on a terminal. The document's text is sanitised like any document when it
//! becomes one ([`crate::document::Document::from_text`]).
//!
//! The conversation: the follower says [`ToLeader::Hello`] with the protocol version and whether
//! it wants to follow or only to ask what the session is (`jianghua sessions`). The leader
//! answers [`ToFollower::Welcome`] or [`ToFollower::Refused`]; a follower then gets the
//! document, the latest position, and every position after it (coalesced to the latest when it
//! reads slowly), a new document when the leader switches, and [`ToFollower::Ended`] when the
//! leader stops.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::document::safe;

/// The protocol version. A leader refuses a follower of another version with a message that
/// says so.
pub const PROTOCOL: u32 = 1;
/// The largest document text a leader sends (bytes of UTF-8).
pub const MAX_TEXT_BYTES: usize = 16 << 20;
/// The largest frame that is not a document.
pub const MAX_SMALL_FRAME: usize = 64 << 10;
/// The largest frame a follower may send.
pub const MAX_HELLO_FRAME: usize = 4 << 10;
/// The largest frame a leader may send: a document of [`MAX_TEXT_BYTES`], with room for JSON's
/// escapes (a line break takes two bytes) and the other fields.
pub const MAX_DOCUMENT_FRAME: usize = 2 * MAX_TEXT_BYTES + MAX_SMALL_FRAME;

/// Longest session name, in bytes (the socket path must stay under 108 bytes).
pub const MAX_NAME_BYTES: usize = 40;
const MAX_LABEL_BYTES: usize = 1024;
const MAX_PATH_BYTES: usize = 4096;
/// Offsets are char offsets into a document of at most 64 MB.
const MAX_OFFSET: usize = 64 << 20;
const MAX_FOLLOWERS: usize = 100_000;

/// What a follower says to the leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToLeader {
    /// The first and only message: the version, and what the peer wants.
    Hello { protocol: u32, want: Want },
}

/// Why a peer connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Want {
    /// Follow the leader.
    Follow,
    /// Only ask what the session is (for listing sessions), then leave.
    Query,
}

/// What the leader says to a follower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToFollower {
    Welcome(Welcome),
    /// Not admitted (another user, another group, another version), and why.
    Refused {
        reason: String,
    },
    Document(DocumentMsg),
    Position(Position),
    /// The leader stopped leading.
    Ended,
}

/// The answer to a hello that is admitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub protocol: u32,
    /// The session's name.
    pub session: String,
    /// The leader's login name.
    pub leader: String,
    /// The title of the document being read.
    pub title: String,
    /// How many follow now.
    pub followers: usize,
}

/// The document the leader reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMsg {
    /// The content hash of the leader's (sanitised) text: 32 hex digits, as saved state uses.
    pub hash: String,
    pub title: String,
    /// The name the leader opened it by (file name or sample name).
    pub name: String,
    /// Where the leader's file is, so a follower on the same machine can use its own copy.
    pub path: Option<String>,
    /// The text itself, unless it is over [`MAX_TEXT_BYTES`].
    pub text: Option<String>,
}

/// Where the leader is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Counts positions within a session (set by the leader's server), so a trace can tell them
    /// apart.
    #[serde(default)]
    pub seq: u64,
    /// The document this position is in.
    pub hash: String,
    /// The char offset the leader reads at: its top line, or the section it went to when the
    /// end of the document kept that from the top (never a screen row: each screen differs).
    pub offset: usize,
    /// The sentence under the leader's reading cursor, as a char range.
    pub sentence: Option<[usize; 2]>,
    /// The leader's section as markers (`二、（三）`), or `（开头）`.
    pub breadcrumb: String,
    /// What the leader highlights.
    pub highlight: Option<Highlight>,
}

/// The leader's active highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Highlight {
    /// A `/` search.
    Search { query: String },
    /// A term selected in the terms pane.
    Term { text: String },
}

/// Reading a frame went wrong.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    #[error("the connection was closed")]
    Closed,
    #[error("a message of {len} bytes is over the limit of {max}")]
    TooLarge { len: usize, max: usize },
    #[error("the connection was closed in the middle of a message")]
    Truncated,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// A frame that arrived whole but is not a valid message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("not a message this version understands: {0}")]
    Malformed(String),
    #[error("invalid message: {0}")]
    Invalid(String),
}

/// A message as one frame, length first.
#[must_use]
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Our own types always serialise; an empty body would be dropped by the peer as malformed.
    let body = serde_json::to_vec(message).unwrap_or_default();
    let mut frame = Vec::with_capacity(body.len() + 4);
    frame.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes());
    frame.extend_from_slice(&body);
    frame
}

/// Write one encoded frame.
pub fn write_frame(out: &mut impl Write, frame: &[u8]) -> io::Result<()> {
    out.write_all(frame)?;
    out.flush()
}

/// Read one frame's body, refusing a length over `max` before reading it.
pub fn read_frame(input: &mut impl Read, max: usize) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match input.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_be_bytes(head) as usize;
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    // Grown as bytes arrive, so a length that lies costs nothing.
    let mut body = Vec::with_capacity(len.min(MAX_SMALL_FRAME));
    input.take(len as u64).read_to_end(&mut body)?;
    if body.len() < len {
        return Err(FrameError::Truncated);
    }
    Ok(body)
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, ProtocolError> {
    serde_json::from_slice(body).map_err(|e| {
        // serde's message may quote the peer's bytes: keep it short and safe.
        let text = e.to_string();
        let short: String = text.chars().take(120).collect();
        ProtocolError::Malformed(safe(&short).into_owned())
    })
}

/// Decode and validate what a follower sent.
pub fn decode_to_leader(body: &[u8]) -> Result<ToLeader, ProtocolError> {
    if body.len() > MAX_HELLO_FRAME {
        return Err(ProtocolError::Invalid(format!("{} bytes from a follower", body.len())));
    }
    parse(body)
}

/// Decode and validate what a leader sent; every string but the document's text comes back
/// safe to show.
pub fn decode_to_follower(body: &[u8]) -> Result<ToFollower, ProtocolError> {
    let message: ToFollower = parse(body)?;
    if body.len() > MAX_SMALL_FRAME && !matches!(message, ToFollower::Document(_)) {
        return Err(ProtocolError::Invalid(format!("{} bytes for a message that is not a document", body.len())));
    }
    message.validated()
}

/// `s` made safe, or an error when it is longer than `max` bytes.
fn label(what: &str, s: String, max: usize) -> Result<String, ProtocolError> {
    if s.len() > max {
        return Err(ProtocolError::Invalid(format!("{what} of {} bytes (at most {max})", s.len())));
    }
    Ok(match safe(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(clean) => clean,
    })
}

/// Is `hash` a content hash as [`crate::state::content_hash`] writes it?
#[must_use]
pub fn valid_hash(hash: &str) -> bool {
    hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn offset(what: &str, n: usize) -> Result<usize, ProtocolError> {
    if n > MAX_OFFSET {
        return Err(ProtocolError::Invalid(format!("{what} {n} is past any document")));
    }
    Ok(n)
}

impl ToFollower {
    fn validated(self) -> Result<Self, ProtocolError> {
        Ok(match self {
            Self::Welcome(w) => {
                if w.followers > MAX_FOLLOWERS {
                    return Err(ProtocolError::Invalid(format!("{} followers", w.followers)));
                }
                Self::Welcome(Welcome {
                    protocol: w.protocol,
                    session: label("session name", w.session, MAX_NAME_BYTES)?,
                    leader: label("leader name", w.leader, MAX_LABEL_BYTES)?,
                    title: label("title", w.title, MAX_LABEL_BYTES)?,
                    followers: w.followers,
                })
            }
            Self::Refused { reason } => Self::Refused { reason: label("reason", reason, MAX_LABEL_BYTES)? },
            Self::Document(d) => {
                if !valid_hash(&d.hash) {
                    return Err(ProtocolError::Invalid("a document hash that is not 32 hex digits".into()));
                }
                if d.text.as_ref().is_some_and(|t| t.len() > MAX_TEXT_BYTES) {
                    return Err(ProtocolError::Invalid(format!("a document over {} MB", MAX_TEXT_BYTES >> 20)));
                }
                Self::Document(DocumentMsg {
                    hash: d.hash,
                    title: label("title", d.title, MAX_LABEL_BYTES)?,
                    name: label("name", d.name, MAX_LABEL_BYTES)?,
                    path: d.path.map(|p| label("path", p, MAX_PATH_BYTES)).transpose()?,
                    text: d.text,
                })
            }
            Self::Position(p) => Self::Position(p.validated()?),
            Self::Ended => Self::Ended,
        })
    }
}

impl Position {
    fn validated(self) -> Result<Self, ProtocolError> {
        if !valid_hash(&self.hash) {
            return Err(ProtocolError::Invalid("a position hash that is not 32 hex digits".into()));
        }
        let sentence = match self.sentence {
            Some([start, end]) if start <= end => {
                Some([offset("sentence start", start)?, offset("sentence end", end)?])
            }
            Some(_) => return Err(ProtocolError::Invalid("a sentence that ends before it starts".into())),
            None => None,
        };
        let highlight = match self.highlight {
            Some(Highlight::Search { query }) => {
                Some(Highlight::Search { query: label("query", query, MAX_LABEL_BYTES)? })
            }
            Some(Highlight::Term { text }) => Some(Highlight::Term { text: label("term", text, MAX_LABEL_BYTES)? }),
            None => None,
        };
        Ok(Self {
            seq: self.seq,
            hash: self.hash,
            offset: offset("offset", self.offset)?,
            sentence,
            breadcrumb: label("breadcrumb", self.breadcrumb, MAX_LABEL_BYTES)?,
            highlight,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef";

    fn position() -> Position {
        Position {
            seq: 7,
            hash: HASH.into(),
            offset: 120,
            sentence: Some([118, 140]),
            breadcrumb: "二、（三）".into(),
            highlight: Some(Highlight::Search { query: "党建".into() }),
        }
    }

    fn round_trip(message: &ToFollower) -> Result<ToFollower, ProtocolError> {
        let frame = encode(message);
        let body = read_frame(&mut frame.as_slice(), MAX_DOCUMENT_FRAME).unwrap();
        decode_to_follower(&body)
    }

    #[test]
    fn messages_survive_the_wire() {
        let p = ToFollower::Position(position());
        assert_eq!(round_trip(&p), Ok(p));
        let hello = ToLeader::Hello { protocol: PROTOCOL, want: Want::Follow };
        let frame = encode(&hello);
        let body = read_frame(&mut frame.as_slice(), MAX_HELLO_FRAME).unwrap();
        assert_eq!(decode_to_leader(&body), Ok(hello));
    }

    #[test]
    fn a_length_over_the_cap_is_refused_before_reading() {
        let mut frame = (u32::MAX).to_be_bytes().to_vec();
        frame.extend_from_slice(b"{}");
        let e = read_frame(&mut frame.as_slice(), MAX_SMALL_FRAME).unwrap_err();
        assert!(matches!(e, FrameError::TooLarge { len, .. } if len == u32::MAX as usize), "{e}");
    }

    #[test]
    fn a_short_body_or_head_is_truncated_and_nothing_is_closed() {
        let frame = encode(&ToFollower::Ended);
        let e = read_frame(&mut &frame[..frame.len() - 1], MAX_SMALL_FRAME).unwrap_err();
        assert!(matches!(e, FrameError::Truncated), "{e}");
        assert!(matches!(read_frame(&mut &frame[..2], MAX_SMALL_FRAME), Err(FrameError::Truncated)));
        assert!(matches!(read_frame(&mut &b""[..], MAX_SMALL_FRAME), Err(FrameError::Closed)));
    }

    #[test]
    fn strings_from_a_peer_come_out_safe() {
        let mut p = position();
        p.breadcrumb = "二、\u{1b}]0;pwned\u{7}".into();
        p.highlight = Some(Highlight::Term { text: "\u{9b}31m".into() });
        let Ok(ToFollower::Position(back)) = round_trip(&ToFollower::Position(p)) else { panic!() };
        assert_eq!(back.breadcrumb, "二、␛]0;pwned␇");
        assert_eq!(back.highlight, Some(Highlight::Term { text: "\u{FFFD}31m".into() }));
    }

    #[test]
    fn invalid_messages_are_refused_with_a_reason() {
        let mut p = position();
        p.hash = "../../etc/passwd".into();
        assert!(matches!(round_trip(&ToFollower::Position(p)), Err(ProtocolError::Invalid(_))));
        let mut p = position();
        p.sentence = Some([10, 2]);
        assert!(matches!(round_trip(&ToFollower::Position(p)), Err(ProtocolError::Invalid(_))));
        let mut p = position();
        p.offset = usize::MAX;
        assert!(matches!(round_trip(&ToFollower::Position(p)), Err(ProtocolError::Invalid(_))));
        let long = ToFollower::Refused { reason: "很".repeat(MAX_SMALL_FRAME) };
        assert!(matches!(round_trip(&long), Err(ProtocolError::Invalid(_))));
        assert!(matches!(decode_to_follower(b"{\"type\":\"nuke\"}"), Err(ProtocolError::Malformed(_))));
        assert!(matches!(decode_to_follower(b"\xff\xfe"), Err(ProtocolError::Malformed(_))));
        let deep = "[".repeat(100_000);
        assert!(decode_to_follower(deep.as_bytes()).is_err(), "deep nesting is an error, not a stack overflow");
    }

    #[test]
    fn a_big_frame_must_be_a_document() {
        let pad = "x".repeat(MAX_SMALL_FRAME);
        let body = format!("{{\"type\":\"refused\",\"reason\":\"r\",\"pad\":\"{pad}\"}}");
        assert!(matches!(decode_to_follower(body.as_bytes()), Err(ProtocolError::Invalid(_))));
        let doc = ToFollower::Document(DocumentMsg {
            hash: HASH.into(),
            title: "标题".into(),
            name: "a.txt".into(),
            path: None,
            text: Some("正文。".repeat(MAX_SMALL_FRAME)),
        });
        assert_eq!(round_trip(&doc), Ok(doc));
    }
}
