//! Paragraph numbers, as a study group counts them: from the start of the speech, the title
//! block and web-page chrome not counted. The reading cursor's `第13段第2句`, the gutter, `:p13`
//! and `13G` all use this one numbering.

use super::doc_view::DocView;
use crate::document::Document;
use crate::structure::{Outline, Role};

/// The indices of the paragraphs that get a number, in order: number `k` is `numbered[k - 1]`.
#[must_use]
pub fn numbered_paragraphs(doc: &Document, outline: &Outline) -> Vec<usize> {
    (0..doc.paragraphs().len())
        .filter(|&p| {
            !matches!(
                outline.roles.get(p),
                Some(Role::Title | Role::Subtitle | Role::Date | Role::Speaker | Role::Head | Role::Chrome)
            )
        })
        .collect()
}

impl DocView {
    /// The number of paragraph `para`, or `None` for the title block and chrome.
    #[must_use]
    pub fn paragraph_number(&self, para: usize) -> Option<usize> {
        self.analysis.numbered.binary_search(&para).ok().map(|k| k + 1)
    }

    /// The number of the paragraph holding `byte`, or of the last numbered one before it (0 in
    /// the title block).
    #[must_use]
    pub fn paragraph_number_at(&self, byte: usize) -> usize {
        let para = self.analysis.doc.paragraph_at(byte);
        self.analysis.numbered.partition_point(|&p| p <= para)
    }

    /// Where paragraph number `n` starts.
    #[must_use]
    pub fn paragraph_byte(&self, n: usize) -> Option<usize> {
        let para = *self.analysis.numbered.get(n.checked_sub(1)?)?;
        self.analysis.doc.paragraphs().get(para).map(|p| p.bytes.start)
    }

    /// How many paragraphs are numbered.
    #[must_use]
    pub fn paragraph_total(&self) -> usize {
        self.analysis.numbered.len()
    }
}
