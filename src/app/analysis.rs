//! Background analysis: keywords need jieba's dictionary and IDF table (a few hundred ms to load),
//! so they are computed on another thread and arrive as a message. The first frame never waits.

use std::sync::Arc;

use super::App;
use super::doc_view::Keywords;
use crate::terms::{Keyword, KeywordWorker, Method};

/// What a keyword job needs: everything owned, so it can cross threads.
#[derive(Debug, Clone)]
pub struct KeywordJob {
    pub doc: usize,
    /// Which request this answers; older answers are dropped.
    pub generation: u64,
    pub text: Arc<String>,
    /// Terms jieba must keep whole.
    pub words: Vec<String>,
    pub stop_words: Vec<String>,
    pub method: Method,
    pub top: usize,
}

/// The answer to a [`KeywordJob`].
#[derive(Debug, Clone)]
pub struct KeywordsReady {
    pub doc: usize,
    pub generation: u64,
    pub keywords: Vec<Keyword>,
}

/// Run jobs in order with one segmenter (loaded once, with every job's words), handing each
/// answer to `deliver` as it is ready. Stops early when `deliver` returns false (nobody listens).
pub fn run_keyword_jobs(jobs: &[KeywordJob], mut deliver: impl FnMut(KeywordsReady) -> bool) {
    let Some(first) = jobs.first() else { return };
    let segmenter = KeywordWorker::new(jobs.iter().flat_map(|j| j.words.iter().map(String::as_str)), &first.stop_words);
    for job in jobs {
        let keywords = segmenter.keywords(&job.text, job.method, job.top);
        if !deliver(KeywordsReady { doc: job.doc, generation: job.generation, keywords }) {
            return;
        }
    }
}

impl App {
    /// Jobs for every document whose keywords are not known yet; marks them pending.
    pub fn keyword_jobs(&mut self) -> Vec<KeywordJob> {
        let lists = self.config.term_lists.clone();
        let options = self.config.keywords.clone();
        let mut jobs = Vec::new();
        let head = self.reading.as_ref().map(|r| r.doc);
        for (i, doc) in self.docs.iter_mut().enumerate() {
            let a = &mut doc.analysis;
            if doc.unopened.is_some() || head == Some(i) || matches!(a.keywords, Keywords::Ready(_) | Keywords::Pending)
            {
                continue;
            }
            a.keywords = Keywords::Pending;
            a.keyword_generation += 1;
            jobs.push(KeywordJob {
                doc: i,
                generation: a.keyword_generation,
                text: a.doc.shared_text(),
                words: a.terms.words(&lists).into_iter().map(str::to_owned).collect(),
                stop_words: options.stop_words.clone(),
                method: options.method,
                top: options.top,
            });
        }
        jobs
    }

    /// Keywords arrived.
    pub fn keywords_ready(&mut self, ready: KeywordsReady) {
        if let Some(doc) = self.docs.get_mut(ready.doc)
            && doc.analysis.keyword_generation == ready.generation
        {
            doc.analysis.keywords = Keywords::Ready(ready.keywords);
        }
    }

    /// Are keywords still being computed for the current document?
    #[must_use]
    pub fn analysis_pending(&self) -> bool {
        self.docs.iter().any(|d| d.analysis.keywords == Keywords::Pending)
    }
}
