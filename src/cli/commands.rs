//! What each subcommand does, once its arguments are parsed.

use std::path::{Path, PathBuf};

use super::{CliError, emit, open_many, saved_state};
use crate::app::{App, DocView, LAZY_FROM};
use crate::config::Config;
use crate::document::{Document, load_path};
use crate::library::catalog::Catalog;
use crate::library::compare::Side;
use crate::library::trends::{TrendSort, Trends};
use crate::report::brief::{BriefFormat, NotesFormat, file};
use crate::report::trends::TrendsFormat;
use crate::report::{self, DataFormat, Format};
use crate::state::Store;
use crate::structure::{self, Outline};
use crate::terms::{Keyword, Segmenter, TermIndex, TermReport};

/// A big library (more than [`LAZY_FROM`] documents), listed from its catalog: the first document
/// that opens is read, the others when they are needed; the terminal reader fills the catalog in
/// the background. None for a smaller library (read whole, as before) or when nothing opens.
fn lazy_library(config: &Config, files: &[PathBuf], state: bool) -> Option<App> {
    let cache = crate::cache::Cache::locate();
    let catalog = Catalog::scan(files, &config.term_lists, cache.as_ref());
    if catalog.entries.len() <= LAZY_FROM {
        return None;
    }
    for w in &catalog.warnings {
        super::warn(w);
    }
    let index = TermIndex::new(&config.term_lists);
    let views: Vec<DocView> = catalog
        .entries
        .iter()
        .map(|e| DocView::unopened(e.path.clone(), e.size, e.meta.clone(), config, &index))
        .collect();
    let mut app = App::new(config.clone(), views);
    if let Some(store) = Store::locate().filter(|_| state) {
        app.attach_store(store);
    }
    let first = (0..app.docs.len()).find(|&i| app.open_doc(i))?;
    app.current = first;
    app.docs[first].study.opened = true;
    app.docs[first].sync_outline();
    if catalog.missing().is_empty() {
        let hashes =
            catalog.entries.iter().map(|e| e.meta.as_ref().map(|m| m.hash.clone()).unwrap_or_default()).collect();
        app.index_source = Some(crate::app::IndexSource { library: catalog.key().to_owned(), hashes });
    } else {
        app.cataloguing = Some((0, catalog.missing().len()));
    }
    app.catalog = Some(catalog);
    Some(app)
}

/// A document with its outline and terms.
struct Analysed {
    doc: Document,
    outline: Outline,
    terms: TermReport,
}

impl Analysed {
    fn load(path: &Path, config: &Config, index: &TermIndex) -> Result<Self, CliError> {
        let doc = load_path(path)?;
        let outline = structure::analyse(&doc);
        let terms = TermReport::with_index(&doc, &outline, &config.term_lists, index);
        Ok(Self { doc, outline, terms })
    }
}

/// Keywords for each document, with one segmenter that keeps every document's terms whole.
fn keywords(config: &Config, docs: &[&Analysed], top: usize) -> Vec<Vec<Keyword>> {
    let words: Vec<&str> = docs.iter().flat_map(|a| a.terms.words(&config.term_lists)).collect();
    let segmenter = Segmenter::new(words, &config.keywords.stop_words);
    docs.iter().map(|a| segmenter.keywords(a.doc.text(), config.keywords.method, top)).collect()
}

pub(super) fn outline(file: &Path, format: Format) -> Result<(), CliError> {
    let doc = load_path(file)?;
    let outline = structure::analyse(&doc);
    emit(&report::outline::print(&doc, &outline, format))
}

pub(super) fn notes(file: &Path, format: NotesFormat) -> Result<(), CliError> {
    let doc = load_path(file)?;
    let outline = structure::analyse(&doc);
    let state = saved_state(&doc)?;
    emit(&report::brief::notes(&doc, &outline, &state, format))
}

pub(super) fn terms(config: &Config, file: &Path, format: DataFormat, top: Option<usize>) -> Result<(), CliError> {
    let a = Analysed::load(file, config, &TermIndex::new(&config.term_lists))?;
    let keywords = keywords(config, &[&a], top.unwrap_or(config.keywords.top)).pop().unwrap_or_default();
    emit(&report::terms::print(&a.doc, config, &a.terms, &keywords, format))
}

pub(super) fn brief(
    config: &Config,
    file: &Path,
    format: Option<BriefFormat>,
    output: Option<&Path>,
    force: bool,
) -> Result<(), CliError> {
    let a = Analysed::load(file, config, &TermIndex::new(&config.term_lists))?;
    let keywords = keywords(config, &[&a], config.keywords.top).pop().unwrap_or_default();
    let state = saved_state(&a.doc)?;
    let sources = report::brief::Sources {
        doc: &a.doc,
        outline: &a.outline,
        config,
        terms: &a.terms,
        keywords: Some(&keywords),
        state: Some(&state),
    };
    let Some(output) = output else {
        return match format.unwrap_or_default() {
            BriefFormat::Docx => super::brief::docx_to_stdout(&file::render(&sources, BriefFormat::Docx)),
            text => emit(&report::brief::brief(&sources, text)),
        };
    };
    let target = super::brief::target(&a.doc, &a.outline, output, format, force)?;
    super::brief::write(&target, &file::render(&sources, target.format))
}

pub(super) fn trends(
    config: &Config,
    paths: &[PathBuf],
    format: TrendsFormat,
    sort: TrendSort,
) -> Result<(), CliError> {
    let cache = crate::cache::Cache::locate().filter(|_| paths.iter().any(|p| p.is_dir()));
    let mut trends = match cache {
        Some(cache) => library_trends(config, paths, &cache)?,
        None => parsed_trends(config, paths)?,
    };
    trends.sort(sort);
    emit(&report::trends::print(&trends, format))
}

fn nothing_to_count() -> CliError {
    CliError::Usage(super::say(
        "没有可统计的文档：没有可读的 .txt、.docx 或 .md 文件",
        "nothing to count: no readable .txt, .docx or .md files",
    ))
}

/// Trends of the documents named, each read and analysed here.
fn parsed_trends(config: &Config, paths: &[PathBuf]) -> Result<Trends, CliError> {
    let opened = crate::document::open_all(paths);
    for w in &opened.warnings {
        super::warn(w);
    }
    if opened.docs.is_empty() {
        return Err(nothing_to_count());
    }
    let index = TermIndex::new(&config.term_lists);
    let analysed: Vec<(Outline, TermReport)> = opened
        .docs
        .iter()
        .map(|d| {
            let outline = structure::analyse(d);
            let terms = TermReport::with_index(d, &outline, &config.term_lists, &index);
            (outline, terms)
        })
        .collect();
    let triples: Vec<_> = opened.docs.iter().zip(&analysed).map(|(d, (o, r))| (d, o, r)).collect();
    Ok(crate::library::trends::trends(&triples, &config.term_lists))
}

/// Trends of a library through its catalog in the cache: the documents the cache lacks are
/// analysed on every core and cached, so the next run reads no document it knows. Same warnings
/// and trends as [`parsed_trends`].
fn library_trends(config: &Config, paths: &[PathBuf], cache: &crate::cache::Cache) -> Result<Trends, CliError> {
    let lists = &config.term_lists;
    let mut catalog = Catalog::scan(paths, lists, Some(cache));
    for w in &catalog.warnings {
        super::warn(w);
    }
    let threads = crate::search::across::cores();
    let mut failed = Vec::new();
    catalog.fill(lists, Some(cache), threads, |event| {
        if let crate::library::catalog::Event::Failed { index, why } = event {
            failed.push((index, why));
        }
    });
    failed.sort();
    for (_, why) in &failed {
        super::warn(&format!("skipped: {why}"));
    }
    if catalog.entries.iter().all(|e| e.meta.is_none()) {
        return Err(nothing_to_count());
    }
    Ok(crate::library::trends::cached::from_catalog(&catalog, lists, Some(cache), threads, |_, _| {}))
}

pub(super) fn compare(config: &Config, a: &Path, b: &Path, format: Format) -> Result<(), CliError> {
    let index = TermIndex::new(&config.term_lists);
    let (a, b) = (Analysed::load(a, config, &index)?, Analysed::load(b, config, &index)?);
    let mut both = keywords(config, &[&a, &b], config.keywords.top).into_iter();
    let (keywords_a, keywords_b) = (both.next().unwrap_or_default(), both.next().unwrap_or_default());
    let side_a = Side { doc: &a.doc, outline: &a.outline, terms: &a.terms, keywords: &keywords_a };
    let side_b = Side { doc: &b.doc, outline: &b.outline, terms: &b.terms, keywords: &keywords_b };
    let cmp = crate::library::compare::compare(side_a, side_b, &config.term_lists);
    emit(&report::compare::print(side_a, side_b, &cmp, format))
}

/// The reader over what the command line names, with saved state attached (`state`), for the
/// terminal and for `render` alike. With `progressive`, one big document is shown from its head
/// while the whole is read (the caller reads it: see `app::reading`).
pub(super) fn reader_app(config: Config, files: &[PathBuf], state: bool, progressive: bool) -> Result<App, CliError> {
    if files.iter().any(|f| f.is_dir())
        && let Some(app) = lazy_library(&config, files, state)
    {
        return Ok(app);
    }
    if let [one] = files
        && progressive
        && let Some(head) = crate::document::load_head(one)
    {
        let view = DocView::new(head, &config);
        let mut app = App::new(config, vec![view]);
        app.start_reading(0, one.clone());
        if let Some(store) = Store::locate().filter(|_| state) {
            app.attach_store(store);
        }
        return Ok(app);
    }
    let (docs, warnings) = open_many(files)?;
    for w in &warnings {
        super::warn(w);
    }
    let index = TermIndex::new(&config.term_lists);
    let views = docs.into_iter().map(|d| DocView::with_index(d, &config, &index)).collect();
    let mut app = App::new(config, views);
    if !warnings.is_empty() {
        app.message = Some(format!("{} 个文件未能打开（详情见启动时的提示）", warnings.len()));
    }
    if let Some(store) = Store::locate().filter(|_| state) {
        app.attach_store(store);
    }
    Ok(app)
}
