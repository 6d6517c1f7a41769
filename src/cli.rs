//! The command line: the reader and the subcommands that print the same analysis for scripts.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::document::{Document, LoadError, load_path};
use crate::report::{self, Format};
use crate::{samples, structure};

/// A terminal reader for Chinese official speeches and work reports.
#[derive(Debug, Parser)]
#[command(name = "jianghua", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The speech to open (.txt; `-` reads standard input). Without it, an embedded sample opens.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the outline: parts, chapters, items and enumerator series.
    Outline {
        /// The speech (.txt; `-` reads standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// An error for the user: printed as one line, exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

/// Load the document named on the command line, or the embedded sample.
pub fn open(file: Option<&Path>) -> Result<Document, LoadError> {
    if let Some(path) = file {
        load_path(path)
    } else {
        let (name, text) = samples::default_sample();
        Ok(samples::load(name, text))
    }
}

fn emit(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::Output),
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Some(Command::Outline { file, format }) => {
            let doc = load_path(&file)?;
            let outline = structure::analyse(&doc);
            emit(&report::outline::print(&doc, &outline, format))
        }
        None => {
            let doc = open(cli.file.as_deref())?;
            let outline = structure::analyse(&doc);
            emit(&report::outline::print(&doc, &outline, Format::Text))
        }
    }
}
