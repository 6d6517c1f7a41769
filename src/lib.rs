//! jianghua (讲话): a terminal reader for Chinese official speeches and work reports.
//!
//! Modules, from the text up:
//! - [`document`]: loading bytes, decoding (UTF-8, UTF-16, GB18030), safe display text,
//!   paragraphs and sentences with their offsets;
//! - [`structure`]: the title block, parts, chapters, items and enumerator series as an outline;
//! - [`report`]: the analysis as text, JSON and Markdown for the command line;
//! - [`cli`]: the command-line interface.
//!
//! Everything here is plain Rust: the analysis never touches a terminal.

pub mod action;
pub mod app;
pub mod atomic;
pub mod cli;
pub mod config;
pub mod document;
pub mod files;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod report;
pub mod samples;
pub mod search;
pub mod state;
pub mod structure;
pub mod terms;
pub mod tui;
pub mod ui;
pub mod width;
