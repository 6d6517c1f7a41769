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
use crate::state::DocState;

/// Something for the world to do.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Write the study brief to `path` (relative to the working directory). Unless `overwrite`
    /// (the user said yes to replacing it), an existing file is left alone and reported back as
    /// [`Outcome::BriefExists`].
    WriteBrief { path: PathBuf, text: String, overwrite: bool },
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
    /// Clear the screen and draw everything again.
    Redraw,
    /// Give the terminal back and stop until the shell continues the reader.
    Suspend,
    /// Take the terminal again (after a stop from outside) and draw everything.
    Resume,
    /// End the session. Queued after the last [`Effect::SaveState`].
    Quit,
}

/// A document's state as it was when the save was asked for.
#[derive(Debug, Clone)]
pub struct StateSnapshot {
    /// Which open document.
    pub doc: usize,
    pub state: DocState,
}

/// The world's answer to an effect.
#[derive(Debug)]
pub enum Outcome {
    /// The brief was written, or could not be.
    BriefWritten { path: PathBuf, result: Result<(), String> },
    /// A file is in the way: ask before replacing it.
    BriefExists { path: PathBuf, text: String },
    /// The term was added (with what happened to the file and the configuration read again), or
    /// could not be.
    TermAdded { term: String, list: String, result: Result<TermWritten, String> },
    /// A document's state was saved: the merged state (with another reader's notes), or why not.
    StateSaved { doc: usize, result: Result<DocState, String> },
    /// The layout choices could not be saved.
    UiSaved(Result<(), String>),
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
            Outcome::BriefWritten { path, result } => {
                self.message = Some(match result {
                    Ok(()) => format!("学习要点已导出到 {}", path.display()),
                    Err(e) => format!("无法写入 {}：{e}", path.display()),
                });
            }
            Outcome::BriefExists { path, text } => {
                let answers = self.config.keymap.yes_no();
                self.overlay = Some(Overlay::Confirm {
                    question: format!("{} 已存在，覆盖吗？({answers})", path.display()),
                    then: Confirm::Overwrite { path, text },
                });
            }
            Outcome::TermAdded { term, list, result } => self.term_added(&term, &list, result),
            Outcome::StateSaved { doc, result } => match result {
                Ok(merged) => {
                    if let Some(view) = self.docs.get_mut(doc) {
                        view.study.state = merged;
                        view.refresh_noted();
                    }
                }
                Err(e) => self.message = Some(e),
            },
            Outcome::UiSaved(result) => {
                if let Err(e) = result {
                    self.message = Some(e);
                }
            }
        }
    }
}
