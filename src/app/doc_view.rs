//! One open document and everything the reader keeps for it, in three parts:
//! - [`Analysis`]: what the document *is* (text, outline, terms, keywords, heading spans);
//! - [`Viewport`]: how it is shown (wrap cache, top row and height, outline folds, terms
//!   selection, the active highlight);
//! - [`Study`]: what the reader did with it (saved state, marks and notes, the reading cursor,
//!   the jump history).
//!
//! Switching documents keeps all of this, because each document has its own `DocView`.

use std::ops::Range;

use super::finder::Finder;
use super::place::Spot;
use super::text_view::{TextPos, WrapCache};
use crate::config::Config;
use crate::document::Document;
use crate::state::DocState;
use crate::structure::{Family, Outline, analyse};
use crate::terms::glossary_link::GlossaryLinks;
use crate::terms::{Keyword, TermIndex, TermList, TermReport};

use super::InGlossary;

/// Folds, selection and scroll of the outline pane.
#[derive(Debug, Clone, Default)]
pub struct OutlineState {
    /// Per section: are its children shown?
    pub expanded: Vec<bool>,
    /// The selected section (follows the text as it scrolls).
    pub selected: Option<usize>,
    /// First visible entry of the outline list.
    pub offset: usize,
    /// Show, per section, how many of the highlighted matches it holds.
    pub counts: bool,
}

/// Selection and scroll of the terms pane.
#[derive(Debug, Clone, Default)]
pub struct TermsState {
    pub selected: usize,
    pub offset: usize,
}

/// Keywords come from a background job.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Keywords {
    /// Not asked for (headless rendering without `--wait-analysis`).
    #[default]
    NotStarted,
    /// The job is running.
    Pending,
    Ready(Vec<Keyword>),
}

/// A styled heading range in the text: marker plus title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingSpan {
    pub bytes: Range<usize>,
    pub family: Family,
}

/// What the document is: fixed once it is open (the terms change with the term lists).
pub struct Analysis {
    pub doc: Document,
    pub outline: Outline,
    /// Configured terms, discovered formulations and the document's glossary.
    pub terms: TermReport,
    pub keywords: Keywords,
    /// Counts keyword requests, so a late answer to an old one is ignored.
    pub keyword_generation: u64,
    /// Heading ranges to style, in text order.
    pub headings: Vec<HeadingSpan>,
    /// The paragraphs that are numbered (see `paragraphs`).
    pub numbered: Vec<usize>,
    /// The document's own glossary linked to its text.
    pub glossary: GlossaryLinks,
    /// Term mentions inside the glossary block, counted apart.
    pub in_glossary: InGlossary,
}

/// How the document is shown.
#[derive(Default)]
pub struct Viewport {
    pub wrap: WrapCache,
    /// The row at the top of the text pane.
    pub top: TextPos,
    /// Rows of text on screen (at least 1), kept from the last layout.
    pub height: usize,
    pub tree: OutlineState,
    pub terms_pane: TermsState,
    /// The active search or term highlight.
    pub finder: Option<Finder>,
    /// Sentences new since the document it was compared with (byte ranges, in order).
    pub compared: Vec<Range<usize>>,
    /// Where the last jump landed, while it is on screen (see `place`).
    pub anchor: Option<usize>,
}

/// What the reader did with the document.
#[derive(Default)]
pub struct Study {
    /// Saved position, marks and notes.
    pub state: DocState,
    /// Notes whose sentence could not be found again after the text changed (by note id).
    pub orphans: Vec<String>,
    /// Byte ranges of sentences with notes, in order (for marking them in the text).
    pub noted: Vec<Range<usize>>,
    /// The reading cursor: a sentence index.
    pub cursor: Option<usize>,
    /// Where jumps came from and where in that history we are.
    pub jumps: Vec<Spot>,
    pub jump_at: usize,
    /// Where the last jump came from, for `''`.
    pub last_jump_from: Option<Spot>,
    /// A saved position to show once the screen size is known.
    pub restore_to: Option<usize>,
    /// Shown in this session: only such documents have state worth saving.
    pub opened: bool,
    /// What of the state has been saved.
    pub saving: super::saving::Saving,
}

/// An open document.
pub struct DocView {
    pub analysis: Analysis,
    pub viewport: Viewport,
    pub study: Study,
    /// A library document listed but not read yet (its `analysis` is of an empty text).
    pub unopened: Option<Box<super::lazy::Unopened>>,
    /// What the documents overlay filters it by ([`super::finder_text`]), made once, in the
    /// matcher's own form (characters, not UTF-8), so a query converts nothing per document.
    pub finder_key: std::cell::OnceCell<nucleo_matcher::Utf32String>,
}

impl DocView {
    /// Analyse a document for reading.
    #[must_use]
    pub fn new(doc: Document, config: &Config) -> Self {
        Self::with_index(doc, config, &TermIndex::new(&config.term_lists))
    }

    /// As [`DocView::new`], with the term index of `config`'s lists compiled once for several
    /// documents (compiling it is most of the cost of opening a library).
    #[must_use]
    pub fn with_index(doc: Document, config: &Config, index: &TermIndex) -> Self {
        Self::of(Analysis::new(doc, config, index))
    }

    /// A view of an analysed document, at its start.
    #[must_use]
    pub fn of(analysis: Analysis) -> Self {
        let expanded = analysis.outline.sections.iter().map(|s| s.level == 1).collect();
        Self {
            analysis,
            viewport: Viewport {
                tree: OutlineState { expanded, selected: None, offset: 0, counts: false },
                height: 1,
                ..Viewport::default()
            },
            study: Study::default(),
            unopened: None,
            finder_key: std::cell::OnceCell::new(),
        }
    }

    /// Find the terms again after the term lists changed; wrapping changes with them.
    /// `index` is compiled from `lists`.
    pub fn reanalyse_terms(&mut self, lists: &[TermList], index: &TermIndex) {
        let a = &mut self.analysis;
        a.terms = TermReport::with_index(&a.doc, &a.outline, lists, index);
        a.link_glossary();
        if a.keywords != Keywords::NotStarted {
            // Keywords depend on the terms jieba keeps whole: ask again.
            a.keywords = Keywords::NotStarted;
        }
        let wrap = &self.viewport.wrap;
        let (width, ambiguous, indent) = (wrap.width(), wrap.ambiguous(), wrap.first_line_indent());
        let anchor = self.byte_at(self.viewport.top);
        self.viewport.wrap.set_width(0, ambiguous, indent);
        self.viewport.wrap.set_width(width, ambiguous, indent);
        self.viewport.top = self.pos_of_byte(anchor).min(self.max_top());
    }

    /// The innermost outline section containing the place (see `place`).
    #[must_use]
    pub fn section_at_place(&self) -> Option<usize> {
        self.analysis.outline.innermost_at(self.place_byte())
    }
}

impl Analysis {
    /// Analyse a document: its outline, terms, heading spans and glossary (no terminal, no
    /// shared state: the whole of a big document is analysed on another thread).
    #[must_use]
    pub fn new(doc: Document, config: &Config, index: &TermIndex) -> Self {
        let outline = analyse(&doc);
        let terms = TermReport::with_index(&doc, &outline, &config.term_lists, index);
        let headings = heading_spans(&doc, &outline);
        let numbered = super::paragraphs::numbered_paragraphs(&doc, &outline);
        let mut analysis = Self {
            doc,
            outline,
            terms,
            keywords: Keywords::NotStarted,
            keyword_generation: 0,
            headings,
            numbered,
            glossary: GlossaryLinks::default(),
            in_glossary: InGlossary::default(),
        };
        analysis.link_glossary();
        analysis
    }
}

/// The marker-plus-title range of each section, for styling headings in the text.
fn heading_spans(doc: &Document, outline: &Outline) -> Vec<HeadingSpan> {
    let text = doc.text();
    let mut spans: Vec<HeadingSpan> = outline
        .sections
        .iter()
        .filter(|s| {
            s.family != Family::Preamble
                && !(s.marker.is_empty() && s.family == Family::Appendix && s.title.starts_with('（'))
        })
        .map(|s| {
            let start = s.bytes.start;
            let para_end = doc.paragraphs()[doc.paragraph_at(start)].bytes.end;
            let after = start + s.marker.len();
            let end = text
                .get(after..para_end)
                .and_then(|rest| rest.find(&s.title))
                .filter(|_| !s.title.is_empty())
                .map_or(after, |i| after + i + s.title.len());
            HeadingSpan { bytes: start..end.min(para_end).max(after.min(para_end)), family: s.family }
        })
        .collect();
    spans.sort_by_key(|h| h.bytes.start);
    spans
}
