//! Trends of a whole library from its catalog, without parsing a document again.
//!
//! The catalog already keeps, per document, its date, its configured hits and the phrases it
//! introduces in quotes ([`crate::library::catalog::Counts`]). What it cannot keep is how often
//! each formulation of the *library* occurs in each document, since that depends on what every
//! other document introduces. Those counts live in a cache file of their own
//! (`catalog/<library>.phrases.json`), valid for one set of phrases: while the set stays the same
//! (the library did not gain or lose a formulation) a document is counted once; when it changes,
//! every text is read and counted again (one automaton pass, no parsing), on `threads` threads.
//!
//! The file is never trusted: a damaged one, one of another version or for other phrases is read
//! as empty, a count for a phrase it does not list drops that document's counts, and counts are
//! kept only for a text whose content hash is still the catalog's.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{PhraseCounter, Summary, Trends, from_summaries, phrases};
use crate::cache::Cache;
use crate::document::{load_text, safe};
use crate::library::catalog::{Catalog, Counts, Meta};
use crate::library::date::DocDate;
use crate::search::across::each_on_threads;
use crate::state::content_hash;
use crate::terms::TermList;

/// The format of the phrase counts file.
const VERSION: u32 = 1;
/// Phrase counts files larger than this are not read.
const CAP: u64 = 256 << 20;

/// Per document (by content hash): `(phrase, count)` for the phrases that occur.
type Sparse = HashMap<String, Vec<(usize, usize)>>;

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    phrases: Vec<String>,
    counts: Vec<(String, Vec<(usize, usize)>)>,
}

/// The summary of a catalog entry known with its counts.
fn summary(path: &Path, meta: &Meta, counts: &Counts) -> Summary {
    Summary {
        // As `load_path` names the document.
        name: safe(&path.to_string_lossy()).into_owned(),
        date: meta.date.as_deref().and_then(DocDate::from_iso),
        terms: counts.terms.clone(),
        quoted: counts.formulations.iter().map(|(p, _)| p.clone()).collect(),
    }
}

/// The trends of the documents `catalog` knows with their counts (after [`Catalog::fill`]), in
/// catalog order: the same as [`super::trends`] over those documents parsed. Documents whose
/// phrase counts are not cached are read and counted on up to `threads` threads, calling
/// `on_progress(done, total)` after each; the counts are then saved to `cache`.
pub fn from_catalog(
    catalog: &Catalog,
    lists: &[TermList],
    cache: Option<&Cache>,
    threads: usize,
    mut on_progress: impl FnMut(usize, usize),
) -> Trends {
    let known: Vec<(&Path, &Meta)> = catalog
        .entries
        .iter()
        .filter_map(|e| e.meta.as_ref().filter(|m| m.counts.is_some()).map(|m| (e.path.as_path(), m)))
        .collect();
    let docs: Vec<Summary> =
        known.iter().filter_map(|&(path, meta)| Some(summary(path, meta, meta.counts.as_ref()?))).collect();
    let phrases = phrases(&docs, lists);
    let name = catalog.file("phrases");
    let mut known_counts = cache.and_then(|c| load(c, &name, &phrases)).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    let missing: Vec<(&Path, &str)> = known
        .iter()
        .filter(|(_, m)| !known_counts.contains_key(&m.hash) && seen.insert(m.hash.as_str()))
        .map(|&(p, m)| (p, m.hash.as_str()))
        .collect();
    if !missing.is_empty() {
        let total = missing.len();
        let counter = PhraseCounter::new(&phrases);
        let mut done = 0;
        each_on_threads(
            &missing,
            threads,
            |&(path, hash)| {
                // A file that changed since the catalog was made is counted but not kept.
                let text = load_text(path).ok().filter(|t| content_hash(t) == hash);
                text.map(|t| counter.count_sparse(&t))
            },
            |k, row| {
                if let Some(row) = row {
                    known_counts.insert(missing[k].1.to_owned(), row);
                }
                done += 1;
                on_progress(done, total);
            },
        );
        if let Some(cache) = cache {
            let _ = save(cache, &name, &phrases, &known_counts, &known);
        }
    }
    let counts: Vec<Vec<(usize, usize)>> =
        known.iter().map(|(_, m)| known_counts.get(&m.hash).cloned().unwrap_or_default()).collect();
    from_summaries(&docs, &phrases, &counts, lists)
}

/// The cached phrase counts, if the file is sound and for these phrases.
fn load(cache: &Cache, name: &str, phrases: &[String]) -> Option<Sparse> {
    let stored: Stored = serde_json::from_slice(&cache.read(name, CAP)?).ok()?;
    if stored.version != VERSION || stored.phrases != phrases {
        return None;
    }
    let sound = |row: &Vec<(usize, usize)>| row.iter().all(|&(p, _)| p < phrases.len());
    Some(stored.counts.into_iter().filter(|(_, row)| sound(row)).collect())
}

/// Keep the counts of the documents of this library.
fn save(
    cache: &Cache,
    name: &str,
    phrases: &[String],
    counted: &Sparse,
    known: &[(&Path, &Meta)],
) -> std::io::Result<()> {
    let mut counts: Vec<(String, Vec<(usize, usize)>)> =
        known.iter().filter_map(|(_, m)| Some((m.hash.clone(), counted.get(&m.hash)?.clone()))).collect();
    counts.sort_unstable();
    counts.dedup_by(|a, b| a.0 == b.0);
    let stored = Stored { version: VERSION, phrases: phrases.to_vec(), counts };
    cache.write(name, &serde_json::to_vec(&stored).map_err(std::io::Error::other)?)
}
