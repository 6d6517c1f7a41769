//! A big library opens lazily: the reader lists every document from the catalog (file name
//! first, then title, date and size as the catalog fills in the background) and reads and
//! analyses a document only when it is shown, compared or searched (trends come from the catalog).
//!
//! A document not read yet is a [`DocView`] over an empty text that carries [`Unopened`]: where
//! the file is and what the catalog knows of it. [`App::open_doc`] replaces it with the real
//! document, its saved state attached, the first time it is needed.

use std::path::{Path, PathBuf};

use super::{Analysis, App, DocView};
use crate::document::{Document, Source, load_path, safe};
use crate::library::catalog::{Event as CatalogEvent, Meta};
use crate::library::date::DocDate;
use crate::search::across::{cores, map_on_threads};
use crate::terms::TermIndex;

/// Libraries with more documents than this open lazily; smaller ones are read whole at once.
pub const LAZY_FROM: usize = 64;

/// A listed document that has not been read.
#[derive(Debug, Clone)]
pub struct Unopened {
    pub path: PathBuf,
    /// File size in bytes.
    pub size: u64,
    /// What the catalog knows (None until it has parsed the document).
    pub meta: Option<Meta>,
}

impl DocView {
    /// A placeholder for the library document at `path`, read when first needed.
    #[must_use]
    pub fn unopened(
        path: PathBuf,
        size: u64,
        meta: Option<Meta>,
        config: &crate::config::Config,
        index: &TermIndex,
    ) -> Self {
        let mut source = Source::named(&path.display().to_string());
        source.path = Some(path.clone());
        let mut view = Self::with_index(Document::from_text(String::new(), source), config, index);
        view.unopened = Some(Box::new(Unopened { path, size, meta }));
        view
    }

    /// The title to list the document by: its own, the catalog's, else the file name.
    #[must_use]
    pub fn list_title(&self) -> String {
        self.title_with(&self.analysis.outline)
    }

    /// As [`DocView::list_title`], with `outline`'s title standing in for the document's own (a
    /// preview's, for a document not read yet).
    #[must_use]
    pub fn title_with(&self, outline: &crate::structure::Outline) -> String {
        let catalog = self.unopened.as_ref().and_then(|u| u.meta.as_ref()).and_then(|m| m.title.clone());
        catalog.or_else(|| outline.frame.title.clone()).unwrap_or_else(|| self.analysis.doc.source.name.clone())
    }

    /// Its length in characters (the catalog's until it is read; 0 while unknown).
    #[must_use]
    pub fn char_count(&self) -> usize {
        match &self.unopened {
            Some(u) => u.meta.as_ref().map_or(0, |m| m.chars),
            None => self.analysis.doc.char_len(),
        }
    }

    /// The date the catalog found, for a document not read yet.
    #[must_use]
    pub fn catalog_date(&self) -> Option<DocDate> {
        DocDate::from_iso(self.unopened.as_ref()?.meta.as_ref()?.date.as_deref()?)
    }
}

impl App {
    /// Read document `i` if it has not been yet: its text, outline, terms and saved state. False
    /// when it cannot be read (the status bar says why, and it stays listed).
    pub fn open_doc(&mut self, i: usize) -> bool {
        self.open_docs(&[i]);
        self.docs.get(i).is_some_and(|d| d.unopened.is_none())
    }

    /// Read those of `docs` not read yet, on every core (the term lists compiled once for all of
    /// them), then attach each one's saved state. One that cannot be read stays listed, and the
    /// status bar says why.
    pub fn open_docs(&mut self, docs: &[usize]) {
        let mut todo: Vec<usize> =
            docs.iter().copied().filter(|&i| self.docs.get(i).is_some_and(|d| d.unopened.is_some())).collect();
        todo.sort_unstable();
        todo.dedup();
        if todo.is_empty() {
            return;
        }
        let (config, index) = (&self.config, self.term_index.get_or_init(|| TermIndex::new(&self.config.term_lists)));
        for (i, view) in self.read_unopened(&todo, |doc| Analysis::new(doc, config, index)) {
            match view {
                Ok(analysis) => self.install(i, DocView::of(analysis)),
                Err(why) => self.message = Some(why),
            }
        }
    }

    /// Read the files of those of `docs` not read yet, on every core, and make of each what `read`
    /// makes of its document; one that cannot be read gives why, in a line safe to show.
    pub(super) fn read_unopened<T: Send>(
        &self,
        docs: &[usize],
        read: impl Fn(Document) -> T + Sync,
    ) -> Vec<(usize, Result<T, String>)> {
        let todo: Vec<(usize, &Path)> =
            docs.iter().filter_map(|&i| Some((i, self.docs.get(i)?.unopened.as_ref()?.path.as_path()))).collect();
        let load =
            |(_, path): &(usize, &Path)| load_path(path).map(&read).map_err(|e| safe(&e.to_string()).into_owned());
        let done = map_on_threads(&todo, cores(), load);
        // A reading thread that panicked (None) leaves its documents listed, as unread.
        todo.iter().zip(done).filter_map(|(&(i, _), result)| Some((i, result?))).collect()
    }

    /// Put the document just read in place of listed document `i`, with its saved state.
    fn install(&mut self, i: usize, mut view: DocView) {
        if let Some(e) = self.store.as_ref().and_then(|store| view.attach_saved(store)) {
            self.message = Some(e);
        }
        view.study.opened = self.docs[i].study.opened;
        self.docs[i] = view;
        self.filter_memo.forget();
        self.watch_state(i);
    }

    /// How many documents are listed but not read.
    #[must_use]
    pub fn unopened_count(&self) -> usize {
        self.docs.iter().filter(|d| d.unopened.is_some()).count()
    }

    /// News from the catalog filling in the background: a document's title, date and size, or
    /// how far it has got.
    pub fn catalog_event(&mut self, event: CatalogEvent) {
        match event {
            CatalogEvent::Ready { index, meta } => {
                if let Some(view) = self.docs.get_mut(index)
                    && let Some(u) = view.unopened.as_mut()
                {
                    u.meta = Some(meta);
                    view.finder_key = std::cell::OnceCell::new();
                    self.filter_memo.forget();
                }
            }
            CatalogEvent::Failed { .. } => {}
            CatalogEvent::Progress { done, total } => {
                self.cataloguing = (done < total).then_some((done, total));
                self.refresh_counting();
            }
        }
    }
}
