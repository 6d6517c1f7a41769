//! Target `session`: what a study-session peer can send. Messages built from hostile parts
//! (control characters, huge offsets, bad hashes, backwards ranges), encoded and then mutated
//! byte by byte, or raw bytes, go through the frame reader and both decoders; whatever is
//! accepted must be within its limits with every string safe to show, and a follower reader fed
//! the accepted messages must not panic or put a control character on its screen.

use jianghua::app::{App, Following, Link, Session};
use jianghua::document::{Document, Source, is_unsafe};
use jianghua::session::protocol::{
    self, DocumentMsg, Highlight, MAX_DOCUMENT_FRAME, MAX_TEXT_BYTES, Position, ToFollower, ToLeader, Welcome,
};
use jianghua::session::{Arrived, SessionEvent};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;

use crate::generators::*;
use crate::parse::{ByteEdit, apply_byte_edits, byte_edit, embedded_config};

#[derive(Debug, Clone)]
pub(crate) enum SessionInput {
    /// A message we encoded, then bytes edited.
    Message { message: ToFollower, edits: Vec<ByteEdit> },
    /// A hello, then bytes edited.
    Hello { body: String, edits: Vec<ByteEdit> },
    /// Anything.
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
pub(crate) struct SessionCase {
    inputs: Vec<SessionInput>,
    size: (u16, u16),
}

const HOSTILE: &[&str] =
    &["\u{1b}]0;pwned\u{7}", "\u{1b}[2J", "\u{9b}31m", "\u{202e}", "\r", "\0", "二、（三）", "（开头）", ""];

fn hostile_string() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(HOSTILE).prop_map(str::to_owned),
        2 => piece(),
        2 => any::<String>(),
        1 => (select(HOSTILE), 0usize..3000).prop_map(|(s, n)| s.repeat(n)),
    ]
    .boxed()
}

fn offset() -> BoxedStrategy<usize> {
    prop_oneof![4 => 0usize..6000, 1 => any::<usize>(), 1 => Just(64 << 20), 1 => Just((64 << 20) + 1)].boxed()
}

fn hash() -> BoxedStrategy<String> {
    let real = jianghua::state::content_hash(jianghua::samples::default_sample().1);
    prop_oneof![4 => Just(real), 1 => "[0-9a-f]{32}", 1 => any::<String>(), 1 => "[0-9A-Fa-z]{30,34}"].boxed()
}

fn message() -> impl Strategy<Value = ToFollower> {
    let highlight = prop_oneof![
        1 => Just(None),
        1 => hostile_string().prop_map(|query| Some(Highlight::Search { query })),
        1 => hostile_string().prop_map(|text| Some(Highlight::Term { text })),
    ];
    let position =
        (any::<u64>(), hash(), offset(), proptest::option::of((offset(), offset())), hostile_string(), highlight)
            .prop_map(|(seq, hash, offset, sentence, breadcrumb, highlight)| {
                ToFollower::Position(Position {
                    seq,
                    hash,
                    offset,
                    sentence: sentence.map(|(a, b)| [a, b]),
                    breadcrumb,
                    highlight,
                })
            });
    let text = prop_oneof![
        3 => Just(Some(jianghua::samples::default_sample().1.to_owned())),
        2 => document().prop_map(Some),
        1 => hostile_string().prop_map(Some),
        1 => Just(None),
    ];
    let document = (hash(), hostile_string(), hostile_string(), proptest::option::of(hostile_string()), text).prop_map(
        |(hash, title, name, path, text)| ToFollower::Document(DocumentMsg { hash, title, name, path, text }),
    );
    let welcome = (any::<u32>(), hostile_string(), hostile_string(), hostile_string(), any::<usize>()).prop_map(
        |(protocol, session, leader, title, followers)| {
            ToFollower::Welcome(Welcome { protocol, session, leader, title, followers })
        },
    );
    prop_oneof![
        5 => position,
        2 => document,
        1 => welcome,
        1 => hostile_string().prop_map(|reason| ToFollower::Refused { reason }),
        1 => Just(ToFollower::Ended),
    ]
}

pub(crate) fn session_case() -> impl Strategy<Value = SessionCase> {
    let input = prop_oneof![
        5 => (message(), proptest::collection::vec(byte_edit(), 0..4))
            .prop_map(|(message, edits)| SessionInput::Message { message, edits }),
        1 => (prop_oneof![Just("{\"type\":\"hello\",\"protocol\":1,\"want\":\"follow\"}".to_owned()), any::<String>()],
              proptest::collection::vec(byte_edit(), 0..4))
            .prop_map(|(body, edits)| SessionInput::Hello { body, edits }),
        1 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(SessionInput::Raw),
    ];
    (proptest::collection::vec(input, 1..8), (20u16..140, 5u16..50))
        .prop_map(|(inputs, size)| SessionCase { inputs, size })
}

fn safe_str(s: &str, what: &str) -> Result<(), TestCaseError> {
    ensure!(!s.chars().any(is_unsafe), "session-unsafe", "{what} came out with a control character: {s:?}");
    Ok(())
}

/// What a decoded message promises.
fn check_message(m: &ToFollower) -> Result<(), TestCaseError> {
    match m {
        ToFollower::Welcome(w) => {
            for s in [&w.session, &w.leader, &w.title] {
                safe_str(s, "welcome")?;
            }
        }
        ToFollower::Refused { reason } => safe_str(reason, "reason")?,
        ToFollower::Document(d) => {
            ensure!(protocol::valid_hash(&d.hash), "session-hash", "{:?}", d.hash);
            for s in [&d.title, &d.name].into_iter().chain(d.path.as_ref()) {
                safe_str(s, "document field")?;
            }
            ensure!(d.text.as_ref().is_none_or(|t| t.len() <= MAX_TEXT_BYTES), "session-size", "text too long");
        }
        ToFollower::Position(p) => {
            ensure!(protocol::valid_hash(&p.hash), "session-hash", "{:?}", p.hash);
            safe_str(&p.breadcrumb, "breadcrumb")?;
            ensure!(p.offset <= 64 << 20, "session-offset", "{}", p.offset);
            ensure!(p.sentence.is_none_or(|[a, b]| a <= b && b <= 64 << 20), "session-range", "{:?}", p.sentence);
            if let Some(Highlight::Search { query: s } | Highlight::Term { text: s }) = &p.highlight {
                safe_str(s, "highlight")?;
            }
        }
        ToFollower::Ended => {}
    }
    Ok(())
}

fn follower(size: (u16, u16)) -> App {
    let config = embedded_config().clone();
    let (name, text) = jianghua::samples::default_sample();
    let view = jianghua::app::DocView::new(jianghua::samples::load(name, text), &config);
    let mut app = App::new(config, vec![view]);
    let mut f = Following::new("fuzz/session", "leader");
    f.link = Link::Connected;
    f.leader_doc = Some((0, jianghua::state::content_hash(text)));
    app.session = Some(Session::Following(f));
    app.resize(ratatui::layout::Rect::new(0, 0, size.0, size.1));
    app
}

pub(crate) fn check_session(case: &SessionCase) -> Result<(), TestCaseError> {
    let mut app = follower(case.size);
    for input in &case.inputs {
        let frame = match input {
            SessionInput::Message { message, edits } => apply_byte_edits(protocol::encode(message), edits),
            SessionInput::Hello { body, edits } => {
                let mut frame = u32::try_from(body.len()).unwrap_or(0).to_be_bytes().to_vec();
                frame.extend_from_slice(body.as_bytes());
                apply_byte_edits(frame, edits)
            }
            SessionInput::Raw(bytes) => bytes.clone(),
        };
        // Both directions read the same bytes; only a whole, valid frame gets through.
        let Ok(body) = protocol::read_frame(&mut frame.as_slice(), MAX_DOCUMENT_FRAME) else { continue };
        if let Ok(ToLeader::Hello { .. }) = protocol::decode_to_leader(&body) {
            ensure!(body.len() <= protocol::MAX_HELLO_FRAME, "session-hello", "{} bytes", body.len());
        }
        let Ok(message) = protocol::decode_to_follower(&body) else { continue };
        check_message(&message)?;
        let event = match message {
            ToFollower::Position(p) => SessionEvent::Position(p),
            ToFollower::Document(d) => {
                let Some(text) = d.text else { continue };
                let doc = Document::from_text(text, Source::named(&d.name));
                if doc.paragraphs().is_empty() {
                    continue;
                }
                SessionEvent::Document(Box::new(Arrived { doc, hash: d.hash, note: None, state: None }))
            }
            ToFollower::Ended => SessionEvent::Ended,
            ToFollower::Welcome(w) => SessionEvent::Joined(w),
            ToFollower::Refused { reason } => SessionEvent::Notice(reason),
        };
        app.session_event(event);
    }
    let screen = jianghua::tui::render(&mut app, case.size.0, case.size.1, &[]);
    ensure!(!screen.chars().any(is_unsafe), "session-screen", "a control character on screen:\n{screen}");
    Ok(())
}
