//! The library-wide search, verified lazily: the search index (or, without one, the library
//! order) gives the documents that may hold a match, and they are read and searched only as far
//! as the results list shows, `n` steps, or a count needs. A common word in a library of
//! thousands costs a screenful of documents, not the library.
//!
//! The rows on screen show each hit in its line under its headings. For a document not read yet
//! that takes a [`Preview`] (its text and outline), not the whole analysis: the terms and the
//! saved state wait until the document is opened.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, Overlay, ResultRow};
use crate::document::{Document, load_text};
use crate::library::index::Index;
use crate::search::Matcher;
use crate::search::across::{DocMatches, cores, map_on_threads, search_all};
use crate::structure::{Outline, analyse};

/// What the results rows show of a document not read yet: its text and outline.
#[derive(Debug)]
pub struct Preview {
    pub doc: Document,
    pub outline: Outline,
}

/// A search over every document of the library.
#[derive(Debug, Clone)]
pub struct LibrarySearch {
    pub query: String,
    /// Matches per document (empty for documents without, or not verified yet).
    pub per_doc: Vec<DocMatches>,
    /// Every match verified so far as `(document, index in its matches)`, documents in order.
    pub flat: Vec<(usize, usize)>,
    /// The current entry of `flat`.
    pub current: Option<usize>,
    /// The documents that may hold a match, in order: the index's candidates, or all.
    pub candidates: Vec<usize>,
    /// How many of `candidates` are verified.
    pub verified: usize,
    /// Documents with matches so far.
    pub docs_found: usize,
    /// Previews of the unread documents with rows on or next to the screen, by document.
    pub previews: HashMap<usize, Arc<Preview>>,
}

impl LibrarySearch {
    /// Every candidate verified: the counts are final.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.verified >= self.candidates.len()
    }
}

/// Where the search index of a lazily opened library can be found in the cache, once it is
/// needed: the library's key and the content hash of each document, in order.
#[derive(Debug, Clone)]
pub struct IndexSource {
    pub library: String,
    pub hashes: Vec<String>,
}

impl App {
    /// Run a library-wide search and show its first results.
    pub(super) fn search_library(&mut self, query: &str) {
        let Some(matcher) = Matcher::new(query) else {
            self.library = None;
            return;
        };
        if self.search_index.is_none()
            && let Some(source) = self.index_source.take()
        {
            let cache = crate::cache::Cache::locate();
            self.search_index =
                cache.and_then(|c| Index::open_cached(&c, &source.library, &source.hashes)).map(Arc::new);
        }
        let candidates = match &self.search_index {
            Some(index) if index.len() == self.docs.len() => index.candidates(query, &matcher),
            _ => (0..self.docs.len()).collect(),
        };
        self.library = Some(LibrarySearch {
            query: query.to_owned(),
            per_doc: vec![DocMatches::default(); self.docs.len()],
            flat: Vec::new(),
            current: None,
            candidates,
            verified: 0,
            docs_found: 0,
            previews: HashMap::new(),
        });
        self.verify_library(self.results_list_height() + 1);
        if self.library.as_ref().is_some_and(|lib| lib.flat.is_empty()) {
            self.message = Some(format!("全部 {} 篇中未找到：{query}", self.docs.len()));
            self.library = None;
            return;
        }
        self.overlay = Some(Overlay::LibraryResults { selected: 0 });
        self.preview_shown_results(0);
    }

    /// Rows in the list of the results overlay (its box is centred in the area above the status
    /// bar, [`OVERLAY_HEIGHT_PERCENT`](super::OVERLAY_HEIGHT_PERCENT) of it high, inside a border).
    #[must_use]
    pub fn results_list_height(&self) -> usize {
        let above = self.size.height.saturating_sub(1);
        let boxed = (above * super::OVERLAY_HEIGHT_PERCENT / 100).max(5).min(above);
        usize::from(boxed.saturating_sub(2)).max(1)
    }

    /// Preview the unread documents whose rows may be on screen around row `selected` of the
    /// results (on every core), and drop the previews of those scrolled away, so scrolling a long
    /// list holds a screenful of texts, not every one passed.
    pub(super) fn preview_shown_results(&mut self, selected: usize) {
        // The list scrolls to keep `selected` on its last row.
        let height = self.results_list_height();
        let mut docs: Vec<usize> =
            self.library_rows_from(selected.saturating_sub(height), height + 1).iter().map(ResultRow::doc).collect();
        docs.dedup();
        let Some(lib) = self.library.as_mut() else { return };
        lib.previews.retain(|d, _| docs.contains(d));
        docs.retain(|d| !lib.previews.contains_key(d));
        let read = self.read_unopened(&docs, |doc| {
            let outline = analyse(&doc);
            Preview { doc, outline }
        });
        let Some(lib) = self.library.as_mut() else { return };
        for (d, preview) in read {
            match preview {
                Ok(preview) => {
                    lib.previews.insert(d, Arc::new(preview));
                }
                Err(why) => self.message = Some(why),
            }
        }
    }

    /// The text and outline to show the hits of document `doc` from: its own once read, else
    /// its preview (None until it has one).
    #[must_use]
    pub fn result_source(&self, doc: usize) -> Option<(&Document, &Outline)> {
        let view = self.docs.get(doc)?;
        if view.unopened.is_none() {
            return Some((&view.analysis.doc, &view.analysis.outline));
        }
        let preview = self.library.as_ref()?.previews.get(&doc)?;
        Some((&preview.doc, &preview.outline))
    }

    /// The title a results row lists document `doc` by: as in the documents list, with the
    /// preview's title while the catalog has not told one.
    #[must_use]
    pub fn result_title(&self, doc: usize) -> String {
        let view = &self.docs[doc];
        self.result_source(doc).map_or_else(|| view.list_title(), |(_, outline)| view.title_with(outline))
    }

    /// Verify candidates until the results hold at least `rows` rows (documents and hits), or
    /// every candidate is verified. Batches grow, so a screenful costs a few documents and a
    /// full count runs on every core.
    pub(super) fn verify_library(&mut self, rows: usize) {
        let Some(matcher) = self.library.as_ref().and_then(|lib| Matcher::new(&lib.query)) else { return };
        let mut batch = cores();
        while let Some(lib) = self.library.as_ref().filter(|l| !l.complete() && l.docs_found + l.flat.len() < rows) {
            let end = (lib.verified + batch).min(lib.candidates.len());
            let docs = lib.candidates[lib.verified..end].to_vec();
            let texts = self.texts_of(&docs);
            let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
            let found = search_all(&refs, &matcher, cores());
            let Some(lib) = self.library.as_mut() else { return };
            for (doc, m) in docs.into_iter().zip(found) {
                if !m.ranges.is_empty() {
                    lib.docs_found += 1;
                    lib.flat.extend((0..m.ranges.len()).map(|i| (doc, i)));
                    lib.per_doc[doc] = m;
                }
            }
            lib.verified = end;
            batch = (batch * 2).min(64 * cores());
        }
    }

    /// The texts of `docs`: those not read yet are read for it (on every core) and not kept.
    fn texts_of(&self, docs: &[usize]) -> Vec<Arc<String>> {
        // Read already (Ok) or to read from its file (Err).
        let sources: Vec<Option<Result<Arc<String>, &std::path::Path>>> = docs
            .iter()
            .map(|&i| {
                let view = self.docs.get(i)?;
                Some(
                    view.unopened
                        .as_ref()
                        .map_or_else(|| Ok(view.analysis.doc.shared_text()), |u| Err(u.path.as_path())),
                )
            })
            .collect();
        let text = |source: &Option<Result<Arc<String>, &std::path::Path>>| match source {
            Some(Ok(text)) => Some(Arc::clone(text)),
            Some(Err(path)) => load_text(path).map(Arc::new).ok(),
            None => None,
        };
        map_on_threads(&sources, cores(), text).into_iter().map(|t| t.flatten().unwrap_or_default()).collect()
    }
}
