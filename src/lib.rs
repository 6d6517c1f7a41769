//! jianghua (讲话): a terminal reader for Chinese official speeches and work reports.
//!
//! The analysis core, plain Rust that the command line and the tests use without a terminal
//! (`tests/repository.rs` keeps it so):
//! - [`document`]: loading bytes and formats (.txt, .docx, .md), decoding (UTF-8, UTF-16,
//!   GB18030), safe display text, paragraphs and sentences with their offsets;
//! - [`structure`]: the title block, parts, chapters, items and enumerator series as an outline;
//! - [`terms`]: term lists, the configured terms found in a document, new formulations, keywords;
//! - [`layout`]: wrapping Chinese by its line-breaking rules; [`width`]: display widths and
//!   full-/half-width forms;
//! - [`search`]: literal and pinyin search, in one document or across many; [`script`]:
//!   traditional characters folded to simplified for search and counting;
//! - [`library`]: dates, term trends and comparison across documents;
//! - [`report`]: the analysis as text, JSON and Markdown for the command line;
//! - [`config`]: the embedded default config overlaid by the user's, with [`keymap`] and the
//!   [`action`]s keys are bound to;
//! - [`state`]: saved reading state (position, marks, notes), written with [`atomic`];
//! - [`files`]: opening files others may have put in the way (regular files only, capped reads);
//! - [`cache`]: the disposable on-disk cache (keywords, the library catalog and index);
//! - [`samples`]: the embedded sample speeches.
//!
//! The reader on top of it:
//! - [`app`]: the reader's state and `update`, which never does I/O but queues effects;
//! - [`ui`]: drawing the app with ratatui;
//! - [`tui`]: the one event loop, in a terminal or headless (`render`), and who carries out the
//!   effects; [`writer`]: the effects that write files;
//! - [`cli`]: the command line.

pub mod action;
pub mod app;
pub mod atomic;
pub mod cache;
pub mod cli;
pub mod config;
pub mod document;
pub mod files;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod report;
pub mod samples;
pub mod script;
pub mod search;
pub mod session;
pub mod state;
pub mod structure;
pub mod terms;
pub mod tui;
pub mod ui;
pub mod width;
pub mod writer;
