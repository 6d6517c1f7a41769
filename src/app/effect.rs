//! Effects: what `update` asks of the world, and what the world answers.
//!
//! `update` never writes a file, touches the terminal or starts a thread. It queues an [`Effect`]
//! instead, and whoever runs the app carries it out: the terminal loop does (see `tui`), while
//! `render`, the tests and the benches refuse and report it. The answer, when there is one,
//! comes back as an [`Outcome`] through [`App::outcome`], so that what the user sees afterwards
//! (a message, a reloaded term list, the merged notes) is decided here, the same for every
//! runner.
//!
//! To add an effect: add a variant with everything it needs *owned* (so it can be carried out on
//! another thread or sent elsewhere), queue it with `App::ask`, handle it in every executor (the
//! compiler lists them), and, if it has an answer, add an [`Outcome`] and its case in
//! [`App::outcome`].

use std::path::PathBuf;

use super::analysis::KeywordJob;
use super::{App, Confirm, Overlay};
use crate::config::{AddOutcome, Config};
use crate::report::brief::file::{Existing, Saved};
use crate::session::{Access, Found, Publish, SessionInfo};
use crate::state::DocState;

/// Something for the world to do.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Write the study brief (`bytes`, in the format the name's extension asks for) to `path`
    /// (`~` is the home directory; relative to the working directory). An existing file is
    /// handled as `existing` says; [`Existing::Ask`] reports it back as [`Outcome::BriefExists`].
    WriteBrief { path: PathBuf, bytes: Vec<u8>, existing: Existing },
    /// Add `term` to the list `list` in the user's config file, keeping its layout; a list that
    /// exists only in the defaults is extended, not replaced (`default_list`). Then read the
    /// configuration again.
    AddTerm { term: String, list: String, default_list: bool },
    /// Write these documents' reading state, merged with what is on disk.
    SaveState(Vec<StateSnapshot>),
    /// Write the layout choices (`ui/layout.json` in the reading-state directory).
    SaveUi(super::UiState),
    /// Put text on the user's clipboard (OSC 52).
    Copy(String),
    /// Compute keywords in the background; the answers arrive as events.
    Analyse(Vec<KeywordJob>),
    /// Look out for other readers' changes to this document's saved state (by its hash): its
    /// state was attached after start-up, so the watch started without it.
    Watch(String),
    /// Clear the screen and draw everything again.
    Redraw,
    /// Give the terminal back and stop until the shell continues the reader.
    Suspend,
    /// Take the terminal again (after a stop from outside) and draw everything.
    Resume,
    /// Start leading a study session on the current document (named after the user when
    /// `name` is `None`); answered by [`Outcome::Leading`].
    Lead { name: Option<String>, access: Access },
    /// Stop leading: followers are told, the socket goes.
    StopSession,
    /// Hand the followers what changed (never waits for them).
    Publish(Publish),
    /// Find the study sessions this user may follow; answered by [`Outcome::Sessions`].
    ListSessions,
    /// Follow a session; what it says arrives as session events.
    Follow(Found),
    /// End the session. Queued after the last [`Effect::SaveState`].
    Quit,
}

/// A document's state as it was when the save was asked for.
#[derive(Debug, Clone)]
pub struct StateSnapshot {
    /// Which open document.
    pub doc: usize,
    /// How many local edits of the document it holds (its answer is ignored when there are
    /// more by the time it comes).
    pub generation: u64,
    pub state: DocState,
}

/// Why a save failed, and where the state went instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailed {
    pub why: String,
    /// Where the state was written instead (beside its file, merged by the next save that
    /// succeeds), or why that failed too.
    pub rescued: Result<PathBuf, String>,
}

impl SaveFailed {
    /// One line for the status bar.
    #[must_use]
    pub fn message(&self) -> String {
        match &self.rescued {
            Ok(path) => format!(
                "无法保存阅读状态（{}）；已暂存到 {}，下次保存时合并",
                self.why,
                crate::document::safe(&path.display().to_string())
            ),
            Err(_) => format!("无法保存阅读状态（{}）；笔记仍在内存中，下次保存时重试", self.why),
        }
    }
}

/// The world's answer to an effect.
#[derive(Debug)]
pub enum Outcome {
    /// The brief was written (where, as an absolute path), or could not be (why, with the path).
    BriefWritten { path: PathBuf, result: Result<Saved, String> },
    /// A file is in the way (its absolute path): ask before replacing it.
    BriefExists { path: PathBuf, bytes: Vec<u8> },
    /// The term was added (with what happened to the file and the configuration read again), or
    /// could not be.
    TermAdded { term: String, list: String, result: Result<TermWritten, String> },
    /// A document's state was saved: the merged state (with another reader's notes), or why not.
    /// `generation` is the snapshot's.
    StateSaved { doc: usize, generation: u64, result: Result<DocState, SaveFailed> },
    /// The layout choices could not be saved.
    UiSaved(Result<(), String>),
    /// Leading under this name, or why not.
    Leading(Result<String, String>),
    /// The study sessions this user may follow.
    Sessions(Vec<SessionInfo>),
}

/// A term written into the user's config.
#[derive(Debug)]
pub struct TermWritten {
    pub path: PathBuf,
    pub outcome: AddOutcome,
    /// The configuration read again, with the new term.
    pub reloaded: Result<Box<Config>, String>,
}

impl App {
    /// Queue an effect for the runner.
    pub(crate) fn ask(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// The effects queued so far, oldest first.
    #[must_use]
    pub fn effects(&self) -> &[Effect] {
        &self.effects
    }

    /// Take the queued effects, to carry them out.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Has the session been asked to end?
    #[must_use]
    pub fn quitting(&self) -> bool {
        self.effects.iter().any(|e| matches!(e, Effect::Quit))
    }

    /// End the session: save what this session opened, then quit. The same for `q`, a signal
    /// from outside and a terminal that went away.
    pub fn end(&mut self) {
        self.save_state();
        self.ask(Effect::Quit);
    }

    /// Hear the world's answer to an effect.
    pub fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::BriefWritten { result, .. } => {
                let shown = |p: &std::path::Path| crate::document::safe(&p.to_string_lossy()).into_owned();
                self.message = Some(match result {
                    Ok(Saved { path, instead_of: None }) => format!("学习要点已导出到 {}", shown(&path)),
                    Ok(Saved { path, instead_of: Some(taken) }) => {
                        let name = taken.file_name().map(|n| shown(std::path::Path::new(n))).unwrap_or_default();
                        format!("学习要点已导出到 {}（{name} 已存在，未覆盖）", shown(&path))
                    }
                    Err(e) => format!("学习要点未导出：{e}"),
                });
            }
            Outcome::BriefExists { path, bytes } => {
                let answers = self.config.keymap.yes_no();
                self.overlay = Some(Overlay::Confirm {
                    question: format!("{} 已存在，覆盖吗？({answers})", crate::document::safe(&path.to_string_lossy())),
                    then: Confirm::Overwrite { path, bytes },
                });
            }
            Outcome::TermAdded { term, list, result } => self.term_added(&term, &list, result),
            Outcome::StateSaved { doc, generation, result } => self.state_saved(doc, generation, result),
            Outcome::UiSaved(result) => {
                if let Err(e) = result {
                    self.message = Some(e);
                }
            }
            Outcome::Leading(result) => self.leading(result),
            Outcome::Sessions(list) => self.sessions_listed(list),
        }
    }
}
