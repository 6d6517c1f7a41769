//! The library catalog: what the documents list, trends and search need to know about every
//! document of a library (title, date, speaker, size, counts…) without parsing it, kept in the
//! cache and keyed by path, size, modification time and content hash.
//!
//! Opening a library is two steps, so the first screen never waits for a cold cache:
//! 1. [`Catalog::scan`] lists the files (a directory walk and a `stat` each) and takes every
//!    document whose path, size and mtime match the cached catalog from it. Milliseconds.
//! 2. [`Catalog::fill`] (on a background thread) parses only the documents still missing, in
//!    parallel, reports each one through a callback as it is ready, and saves the catalog. A
//!    file that changed but whose text did not (touched, or moved to another folder) keeps its entry
//!    by content hash and file name (a date may come from the file name) without being analysed again.
//!
//! The cached catalog is never trusted: a damaged or old-version file is read as empty, and every
//! string in it is shown through the sanitiser and capped in length.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::date::date_of;
use crate::cache::{Cache, key};
use crate::document::{Document, collect, load_path, safe};
use crate::search::across::each_on_threads;
use crate::state::content_hash;
use crate::structure;
use crate::terms::TermList;
use crate::terms::{TermIndex, TermReport};

/// Catalog files larger than this are not read (5,000 documents take about 3 MB).
const CATALOG_CAP: u64 = 256 << 20;
/// The format of the catalog's files (the list and the counts); files of another version are read
/// as empty. Version 2: configured hits by list and term index, not by term text.
const CATALOG_VERSION: u32 = 2;
/// Longest string kept from a cached entry, in chars.
const TEXT_CAP: usize = 512;

/// What is known about one document without opening it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The content hash of the decoded text (as the saved state and the export use).
    pub hash: String,
    pub title: Option<String>,
    pub speaker: Option<String>,
    /// ISO date with the precision known (`2023`, `2023-02`, `2023-02-10`).
    pub date: Option<String>,
    pub chars: usize,
    pub paragraphs: usize,
    pub sections: usize,
    /// Term counts, kept in a second file that [`Catalog::scan`] does not read (the list does not
    /// need them); None until [`Catalog::load_counts`] or [`Catalog::fill`].
    #[serde(skip)]
    pub counts: Option<Counts>,
}

/// What trends need of a document (besides its name and date).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Configured hits as `(list, term, count)`, indices into the term lists the catalog was built
    /// with, for the terms that occur (see [`super::trends::hits`]).
    pub terms: Vec<(usize, usize, usize)>,
    /// Formulations the document introduces in quotes, with counts.
    pub formulations: Vec<(String, usize)>,
}

/// One document of the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since 1970.
    pub mtime: u128,
    /// None until the document has been parsed ([`Catalog::fill`]).
    pub meta: Option<Meta>,
}

/// What [`Catalog::fill`] reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Entry `index` is known now.
    Ready { index: usize, meta: Meta },
    /// Entry `index` could not be read; the line says why.
    Failed { index: usize, why: String },
    /// `done` of `total` missing documents handled.
    Progress { done: usize, total: usize },
}

/// The documents of a library, in the order the reader lists them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    /// Warnings from listing the files (unreadable directories).
    pub warnings: Vec<String>,
    /// Where this catalog is kept, and the term lists its counts are for.
    name: String,
    terms_key: String,
    /// Entries of the cached catalog by content hash, for files that changed but not their text.
    /// Keyed by content hash and file name too: a date may come from the file name alone.
    by_hash: HashMap<(String, String), Meta>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    terms_key: String,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct StoredCounts {
    version: u32,
    terms_key: String,
    counts: Vec<(String, Counts)>,
}

/// A fingerprint of the term lists (counts depend on them).
#[must_use]
pub fn terms_key(lists: &[TermList]) -> String {
    let parts: Vec<String> = lists
        .iter()
        .flat_map(|l| l.terms.iter().map(move |t| format!("{}\u{1}{}\u{1}{}", l.name, t.text, t.aliases.join("\u{2}"))))
        .collect();
    key(parts.iter().map(String::as_bytes))
}

/// Size and modification time of a regular file.
fn stat(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((meta.len(), mtime))
}

impl Catalog {
    /// List the library named by `paths` and take what the cache knows. Fast: no document is read.
    #[must_use]
    pub fn scan(paths: &[PathBuf], lists: &[TermList], cache: Option<&Cache>) -> Self {
        let (files, warnings) = collect(paths);
        let roots: Vec<String> =
            paths.iter().map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()).display().to_string()).collect();
        let name = format!("catalog/{}.json", key(roots.iter().map(String::as_bytes)));
        let terms_key = terms_key(lists);
        let stored = cache.and_then(|c| load(c, &name, &terms_key)).unwrap_or_default();
        let mut by_path: HashMap<PathBuf, Entry> = HashMap::with_capacity(stored.len());
        let mut by_hash = HashMap::with_capacity(stored.len());
        for entry in stored {
            if let Some(meta) = &entry.meta {
                by_hash.insert((meta.hash.clone(), file_name(&entry.path)), meta.clone());
            }
            by_path.insert(entry.path.clone(), entry);
        }
        let entries = files
            .into_iter()
            .map(|path| {
                let (size, mtime) = stat(&path).unwrap_or((0, 0));
                let known = by_path.remove(&path).filter(|e| e.size == size && e.mtime == mtime && size > 0);
                known.unwrap_or(Entry { path, size, mtime, meta: None })
            })
            .collect();
        Self { entries, warnings, name, terms_key, by_hash }
    }

    /// A key naming this library in the cache (from its root paths), e.g. for its search index.
    #[must_use]
    pub fn key(&self) -> &str {
        self.name.trim_start_matches("catalog/").trim_end_matches(".json")
    }

    /// Indices of the entries still to parse.
    #[must_use]
    pub fn missing(&self) -> Vec<usize> {
        self.entries.iter().enumerate().filter(|(_, e)| e.meta.is_none()).map(|(i, _)| i).collect()
    }

    /// Attach the cached term counts to the entries known from the cache (a second, larger file
    /// than the list, read when trends or [`Catalog::fill`] need it). Entries whose counts are not
    /// in it, or all when it is damaged, are left for [`Catalog::fill`] to parse again.
    pub fn load_counts(&mut self, cache: Option<&Cache>) {
        let name = self.counts_name();
        let stored = cache
            .and_then(|c| c.read(&name, CATALOG_CAP))
            .and_then(|b| serde_json::from_slice::<StoredCounts>(&b).ok());
        let counts: HashMap<String, Counts> = stored
            .filter(|s| s.version == CATALOG_VERSION && s.terms_key == self.terms_key)
            .map(|s| s.counts.into_iter().map(|(h, c)| (h, checked_counts(c))).collect())
            .unwrap_or_default();
        for meta in self.entries.iter_mut().filter_map(|e| e.meta.as_mut()).chain(self.by_hash.values_mut()) {
            if meta.counts.is_none() {
                meta.counts = counts.get(&meta.hash).cloned();
            }
        }
        for entry in &mut self.entries {
            if entry.meta.as_ref().is_some_and(|m| m.counts.is_none()) {
                entry.meta = None;
            }
        }
        self.by_hash.retain(|_, m| m.counts.is_some());
    }

    fn counts_name(&self) -> String {
        self.file("counts")
    }

    /// The name of another cache file of this library's catalog (`part` is a plain word).
    #[must_use]
    pub fn file(&self, part: &str) -> String {
        self.name.replace(".json", &format!(".{part}.json"))
    }

    /// Parse every missing entry on up to `threads` threads, calling `on_event` for each (from the
    /// calling thread, in completion order), then save the catalog to `cache`.
    pub fn fill(&mut self, lists: &[TermList], cache: Option<&Cache>, threads: usize, mut on_event: impl FnMut(Event)) {
        if self.entries.iter().any(|e| e.meta.as_ref().is_some_and(|m| m.counts.is_none())) {
            self.load_counts(cache);
        }
        let missing: Vec<(usize, PathBuf)> =
            self.missing().into_iter().map(|i| (i, self.entries[i].path.clone())).collect();
        let total = missing.len();
        let index = TermIndex::new(lists);
        let (by_hash, entries) = (&self.by_hash, &mut self.entries);
        let mut done = 0;
        each_on_threads(
            &missing,
            threads,
            |(_, path)| describe(path, lists, &index, by_hash),
            |k, result| {
                let i = missing[k].0;
                match result {
                    Ok(meta) => {
                        entries[i].meta = Some(meta.clone());
                        on_event(Event::Ready { index: i, meta });
                    }
                    Err(why) => on_event(Event::Failed { index: i, why }),
                }
                done += 1;
                on_event(Event::Progress { done, total });
            },
        );
        if let Some(cache) = cache
            && total > 0
        {
            let _ = self.save(cache);
        }
    }

    /// Save the catalog (only the entries that are known): the list, then the counts.
    pub fn save(&self, cache: &Cache) -> std::io::Result<()> {
        let entries: Vec<Entry> = self.entries.iter().filter(|e| e.meta.is_some()).cloned().collect();
        let counts = entries
            .iter()
            .filter_map(|e| e.meta.as_ref())
            .filter_map(|m| Some((m.hash.clone(), m.counts.clone()?)))
            .collect();
        let version = CATALOG_VERSION;
        let stored = StoredCounts { version, terms_key: self.terms_key.clone(), counts };
        cache.write(&self.counts_name(), &serde_json::to_vec(&stored).map_err(std::io::Error::other)?)?;
        let stored = Stored { version, terms_key: self.terms_key.clone(), entries };
        cache.write(&self.name, &serde_json::to_vec(&stored).map_err(std::io::Error::other)?)
    }
}

/// The cached entries of a catalog, if the file is sound and for these term lists.
fn load(cache: &Cache, name: &str, terms_key: &str) -> Option<Vec<Entry>> {
    let bytes = cache.read(name, CATALOG_CAP)?;
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    if stored.version != CATALOG_VERSION || stored.terms_key != terms_key {
        return None;
    }
    Some(stored.entries.into_iter().filter_map(checked).collect())
}

/// A cached entry made safe to show, or None when it cannot be right.
fn checked(mut entry: Entry) -> Option<Entry> {
    let meta = entry.meta.as_mut()?;
    if meta.hash.len() != 32 || !meta.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let clean = |s: &mut String| {
        let capped: String = s.chars().take(TEXT_CAP).collect();
        *s = safe(&capped).into_owned();
    };
    for s in [&mut meta.title, &mut meta.speaker, &mut meta.date].into_iter().flatten() {
        clean(s);
    }
    Some(entry)
}

/// Cached counts made safe to show.
fn checked_counts(mut counts: Counts) -> Counts {
    for (s, _) in &mut counts.formulations {
        let capped: String = s.chars().take(TEXT_CAP).collect();
        *s = safe(&capped).into_owned();
    }
    counts
}

/// The last component of `path`, as text.
fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Read and analyse one document (or reuse the entry of the same text and file name).
fn describe(
    path: &Path,
    lists: &[TermList],
    index: &TermIndex,
    by_hash: &HashMap<(String, String), Meta>,
) -> Result<Meta, String> {
    let doc = load_path(path).map_err(|e| e.to_string())?;
    let hash = content_hash(doc.text());
    let key = (hash, file_name(path));
    if let Some(meta) = by_hash.get(&key) {
        return Ok(meta.clone());
    }
    let (hash, _) = key;
    Ok(analyse(&doc, hash, lists, index))
}

/// Everything the catalog keeps about `doc`.
#[must_use]
pub fn analyse(doc: &Document, hash: String, lists: &[TermList], index: &TermIndex) -> Meta {
    let outline = structure::analyse(doc);
    let report = TermReport::with_index(doc, &outline, lists, index);
    let terms = super::trends::hits(&report.counts);
    let found = &report.discovered;
    let formulations = found.formulas.iter().chain(&found.quoted).map(|f| (f.text.clone(), f.count)).collect();
    let frame = &outline.frame;
    Meta {
        hash,
        title: frame.title.clone(),
        speaker: frame.speaker.clone(),
        date: date_of(&outline, &doc.source.name).map(|d| d.iso()),
        chars: doc.char_len(),
        paragraphs: doc.paragraphs().len(),
        sections: outline.sections.len(),
        counts: Some(Counts { terms, formulations }),
    }
}

#[cfg(test)]
mod tests;
