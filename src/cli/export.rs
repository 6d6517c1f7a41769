//! `jianghua export`: a library as `_bulk` NDJSON for `OpenSearch` or Elasticsearch, written to
//! standard output one document at a time, so an archive of any size streams through.

use std::io::Write as _;
use std::path::PathBuf;

use super::CliError;
use crate::config::Config;
use crate::document::{collect, load_path};
use crate::library::export::bulk_lines;
use crate::structure;
use crate::terms::{TermIndex, TermReport};

/// Export formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `_bulk` NDJSON: an `index` action line and a document line per speech.
    #[default]
    Opensearch,
}

/// Export every document under `paths`; unreadable files are skipped with a line on stderr.
pub fn export(config: &Config, paths: &[PathBuf], _format: ExportFormat, index: &str) -> Result<(), CliError> {
    let (files, warnings) = collect(paths);
    for w in &warnings {
        eprintln!("jianghua: {w}");
    }
    let terms = TermIndex::new(&config.term_lists);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written = 0usize;
    for file in files {
        let doc = match load_path(&file) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("jianghua: skipped: {e}");
                continue;
            }
        };
        let outline = structure::analyse(&doc);
        let report = TermReport::with_index(&doc, &outline, &config.term_lists, &terms);
        let lines = bulk_lines(index, &doc, &outline, &report, &config.term_lists);
        match out.write_all(lines.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.map_err(CliError::Output)?,
        }
        written += 1;
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other.map_err(CliError::Output)?,
    }
    if written == 0 {
        return Err(CliError::Usage(super::say(
            "没有可导出的文档：没有可读的 .txt、.docx 或 .md 文件",
            "nothing to export: no readable .txt, .docx or .md files",
        )));
    }
    Ok(())
}
