//! Where the reader is looking: the *place*. It is the reading cursor's sentence when the cursor
//! is on; else the spot the last jump landed on (the *anchor*), while it is on screen; else the
//! top row. The breadcrumb, the outline selection, the percentage and new marks all describe the
//! place, so after a search or a jump they describe the match, not whatever line is on top.
//!
//! Jumps land on a fixed row, a third down the text pane (as `less -j.33` does), so the eye
//! knows where to look and the lines before the target give its context.

use super::doc_view::DocView;

/// A position to come back to (jump history, Esc in the search prompt): the top row and the
/// anchor, both as text offsets so they survive a resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub top: usize,
    pub anchor: Option<usize>,
}

impl DocView {
    /// The row of the text pane, counted from its top, where jumps land: a third down.
    #[must_use]
    pub fn landing_row(&self) -> usize {
        self.viewport.height / 3
    }

    /// Show `byte` on the landing row (as near as the ends of the document allow) and make it
    /// the place. A reading cursor that is on moves to the sentence there.
    pub fn land(&mut self, byte: usize) {
        let byte = byte.min(self.analysis.doc.text().len());
        self.show_at_top(byte, self.landing_row());
        self.viewport.anchor = Some(byte);
        if self.study.cursor.is_some() && !self.analysis.doc.sentences().is_empty() {
            self.study.cursor = Some(self.analysis.doc.sentence_at(byte));
        }
    }

    /// The text offset of the place: the cursor's sentence, else the anchor, else the top row.
    #[must_use]
    pub fn place_byte(&self) -> usize {
        if let Some(sentence) = self.study.cursor.and_then(|c| self.analysis.doc.sentences().get(c)) {
            return sentence.start;
        }
        self.viewport.anchor.unwrap_or_else(|| self.top_byte())
    }

    /// Forget the anchor once it has scrolled off the screen: the top row is the place again.
    pub fn drop_hidden_anchor(&mut self) {
        if self.viewport.anchor.is_some_and(|a| !self.is_visible(a)) {
            self.viewport.anchor = None;
        }
    }

    /// Where the reader is now, to come back to.
    #[must_use]
    pub fn spot(&self) -> Spot {
        Spot { top: self.top_byte(), anchor: self.viewport.anchor }
    }

    /// Go back to a spot: the same top row and anchor.
    pub fn restore(&mut self, spot: Spot) {
        self.show_at_top(spot.top, 0);
        self.viewport.anchor = spot.anchor;
        self.drop_hidden_anchor();
    }

    /// Reading position as a percentage of the text, from the place's text offset (rounded), so
    /// the same place reads the same percentage at every window size and `:37%` reads 37%.
    /// When the end of the document is on screen and nothing else is the place, 100; else never
    /// more than 99.
    #[must_use]
    pub fn percent(&self) -> usize {
        let doc = &self.analysis.doc;
        let at_end = self.viewport.top >= self.max_top();
        if at_end && self.viewport.anchor.is_none() && self.study.cursor.is_none() {
            return 100;
        }
        let total = doc.char_len().max(1);
        ((doc.char_of_byte(self.place_byte()) * 100 + total / 2) / total).min(99)
    }
}
