//! The document's own glossary where the term is read: its mentions marked in the text, `K`
//! showing the definition in place (the mention in the cursor's sentence, else the first on
//! screen from the place; `K` again steps to the next), and term counts that leave out the
//! glossary's own mentions (shown apart on the term's detail line).

use std::collections::HashMap;

use super::doc_view::{Analysis, DocView};
use super::{App, Overlay};
use crate::terms::glossary_link::{GlossaryLinks, link};
use crate::terms::{TermId, occurrences};

/// Mentions inside the glossary block, counted apart from the text's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InGlossary {
    /// Per configured term, as `configured[list][term]`.
    pub configured: Vec<Vec<usize>>,
    /// Per discovered formulation or quoted phrase, by its text.
    pub found: HashMap<String, usize>,
}

impl Analysis {
    /// Link the glossary to the text and count the terms' mentions inside it (again after the
    /// term lists change).
    pub(super) fn link_glossary(&mut self) {
        let a = self;
        if a.glossary.span.is_none() && a.glossary.mentions.is_empty() {
            a.glossary = link(&a.doc, &a.outline);
        }
        let span = a.glossary.span.clone();
        let mut configured: Vec<Vec<usize>> = a.terms.counts.iter().map(|l| vec![0; l.len()]).collect();
        for hit in &a.terms.hits {
            if span.as_ref().is_some_and(|s| s.start <= hit.range.start && hit.range.end <= s.end)
                && let Some(n) = configured.get_mut(hit.id.list).and_then(|l| l.get_mut(hit.id.term))
            {
                *n += 1;
            }
        }
        // Only the glossary block is searched: scanning the whole text once per formulation made
        // a 64 MB document with thousands of formulations take seconds.
        let block = span.as_ref().and_then(|s| a.doc.text().get(s.clone())).unwrap_or("");
        let found = a
            .terms
            .discovered
            .formulas
            .iter()
            .chain(&a.terms.discovered.quoted)
            .map(|f| (f.text.clone(), occurrences(block, &f.text).len()))
            .filter(|(_, n)| *n > 0)
            .collect();
        a.in_glossary = InGlossary { configured, found };
    }
}

impl DocView {
    /// Mentions of configured term `id` inside the glossary block.
    #[must_use]
    pub fn configured_in_glossary(&self, id: TermId) -> usize {
        self.analysis.in_glossary.configured.get(id.list).and_then(|l| l.get(id.term)).copied().unwrap_or(0)
    }

    /// Mentions of a discovered term inside the glossary block.
    #[must_use]
    pub fn found_in_glossary(&self, text: &str) -> usize {
        self.analysis.in_glossary.found.get(text).copied().unwrap_or(0)
    }

    /// The glossary's links.
    #[must_use]
    pub fn glossary(&self) -> &GlossaryLinks {
        &self.analysis.glossary
    }
}

impl App {
    /// `K`: the definition of a mention on screen, in place: the first in the cursor's sentence
    /// or from the place on; with a definition open, the next one. With none on screen, the
    /// next mention after the place is brought to the landing row.
    pub(super) fn define(&mut self, after: Option<usize>) {
        let view = self.doc();
        let links = view.glossary();
        if view.analysis.outline.glossary.is_empty() {
            self.message = Some("这篇文档没有名词解释（注释）".into());
            return;
        }
        if links.mentions.is_empty() {
            self.message = Some("名词解释里的词没有在正文中出现".into());
            return;
        }
        let from = match after {
            Some(i) => links.mentions[i].range.start + 1,
            None => view.place_byte(),
        };
        let visible = |i: &usize| view.is_visible(links.mentions[*i].range.start);
        let on_screen: Vec<usize> = (0..links.mentions.len()).filter(visible).collect();
        let next_on_screen = on_screen
            .iter()
            .copied()
            .find(|&i| links.mentions[i].range.start >= from)
            .or_else(|| if after.is_some() { on_screen.first().copied() } else { None })
            .or_else(|| on_screen.first().copied().filter(|_| after.is_none() && on_screen.len() == 1));
        if let Some(i) = next_on_screen {
            self.overlay = Some(Overlay::Definition { mention: i });
            return;
        }
        let later = links.mentions.iter().position(|m| m.range.start >= from).unwrap_or(0);
        let start = links.mentions[later].range.start;
        let doc = self.doc_mut();
        doc.record_jump();
        doc.land(start);
        self.after_text_move();
        self.overlay = Some(Overlay::Definition { mention: later });
    }

    /// A key while a definition is shown: `K` steps to the next mention, Esc closes, and any
    /// other key closes it and does what it does.
    pub(super) fn definition_key(&mut self, key: crate::keymap::Key, mention: usize) {
        match self.config.keymap.lookup_overlay(key) {
            Some(crate::action::Action::Define) => self.define(Some(mention)),
            Some(crate::action::Action::Cancel) => {}
            _ => self.handle_key(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::{Document, Source};

    #[test]
    fn a_formulation_is_counted_inside_the_glossary_only() {
        let text = "关于2025年工作\n\n一、总体要求\n全面推进“四抓两整治”，落实“四抓两整治”要求。\n二、重点任务\n抓好“四抓两整治”。\n\n名词解释\n1.四抓两整治：抓产业、抓项目、抓招商、抓环境，整治作风、整治秩序。\n";
        let view = DocView::new(Document::from_text(text.into(), Source::named("t.txt")), &Config::embedded());
        assert!(view.analysis.glossary.span.is_some(), "the glossary block is found");
        assert_eq!(view.found_in_glossary("四抓两整治"), 1);
        assert_eq!(view.found_in_glossary("未出现的提法"), 0);
    }
}
