//! Building the outline tree from validated markers with a stack.
//!
//! Levels are relative. Parts, chapters, unnumbered headings and appendices have fixed ranks (the
//! GB/T 9704 order); items and enumerators nest wherever they appear: a new marker becomes the
//! sibling of an open node of the same style, or else the child of the innermost open node.
//! Inline enumerators and dash paragraphs govern only their own paragraphs (an inline series
//! closes after the paragraph of its last member).

use std::collections::HashMap;

use super::marker::Style;

/// A marker placed in the document, ready for the tree.
#[derive(Debug, Clone)]
pub struct Mark {
    pub style: Style,
    pub number: u32,
    pub marker: String,
    pub title: String,
    pub paragraph: usize,
    /// Byte offset of the marker (or of the paragraph, for unmarked headings).
    pub start: usize,
    pub leading: bool,
    /// For inline enumerators: the paragraph where their series ends.
    pub series_end: Option<usize>,
}

/// A node of the flat, pre-ordered tree.
#[derive(Debug, Clone)]
pub struct Node {
    pub mark: Mark,
    pub end: usize,
    pub parent: Option<usize>,
}

/// The paragraph geometry the builder needs.
pub struct Frame<'a> {
    /// Byte ranges of all paragraphs.
    pub paragraphs: &'a [std::ops::Range<usize>],
    pub body_start: usize,
    /// Paragraph where the closing starts (or the body's end).
    pub closing: usize,
    /// First paragraph after the closing (appendices may follow).
    pub closing_end: usize,
    pub body_end: usize,
    /// The style that makes the document's top level; body text before it is the preamble.
    pub top: Option<Style>,
    pub has_parts: bool,
}

struct Builder<'a> {
    frame: &'a Frame<'a>,
    nodes: Vec<Node>,
    stack: Vec<usize>,
    last_number: HashMap<(Option<usize>, Style), u32>,
    seen_top: bool,
}

impl Builder<'_> {
    fn rank(&self, style: Style) -> u8 {
        match style {
            Style::Appendix | Style::Glossary | Style::TopHeading => 0,
            Style::Heading if self.frame.has_parts => 15,
            Style::Part | Style::Preamble | Style::Heading => 10,
            Style::Chapter => 20,
            s if Some(s) == self.frame.top => 10,
            _ => 100,
        }
    }

    fn top(&self) -> Option<&Node> {
        self.stack.last().map(|&i| &self.nodes[i])
    }

    fn pop(&mut self, at: usize) {
        if let Some(i) = self.stack.pop() {
            self.nodes[i].end = at.max(self.nodes[i].mark.start);
        }
    }

    fn pop_all(&mut self, at: usize) {
        while !self.stack.is_empty() {
            self.pop(at);
        }
    }

    fn push(&mut self, mark: Mark) {
        let parent = self.stack.last().copied();
        if let Some(p) = parent {
            // Unnumbered nodes (headings, preamble) carry no number to compare.
            self.last_number.insert((Some(p), mark.style), mark.number);
        } else {
            self.last_number.insert((None, mark.style), mark.number);
        }
        self.nodes.push(Node { end: mark.start, mark, parent });
        self.stack.push(self.nodes.len() - 1);
    }

    fn ensure_preamble(&mut self, paragraph: usize) {
        if self.seen_top || !self.stack.is_empty() || self.frame.top.is_none() {
            return;
        }
        let start = self.frame.paragraphs[paragraph].start;
        self.push(Mark {
            style: Style::Preamble,
            number: 0,
            marker: String::new(),
            title: "导语".to_owned(),
            paragraph,
            start,
            leading: true,
            series_end: None,
        });
    }

    fn place(&mut self, mark: Mark) {
        let rank = self.rank(mark.style);
        if rank <= 10 || Some(mark.style) == self.frame.top {
            self.seen_top = true;
            if let Some(k) = self.stack.iter().position(|&i| self.nodes[i].mark.style == Style::Preamble) {
                while self.stack.len() > k {
                    self.pop(mark.start);
                }
            }
        }
        if rank <= 20 {
            while self.top().is_some_and(|t| self.rank(t.mark.style) >= rank) {
                self.pop(mark.start);
            }
            if mark.style == Style::Part && mark.number == 1 && self.stack.is_empty() {
                self.restart_block(&mark);
            }
        } else {
            let same = self
                .stack
                .iter()
                .rposition(|&i| self.nodes[i].mark.style == mark.style)
                .filter(|&k| self.stack[k..].iter().all(|&i| self.rank(self.nodes[i].mark.style) > 20));
            if let Some(k) = same {
                while self.stack.len() > k {
                    self.pop(mark.start);
                }
            }
        }
        self.push(mark);
    }

    /// A `一、` after `三、` at the top level opens a new block: the unnumbered heading just before
    /// it, or a block of its own.
    fn restart_block(&mut self, mark: &Mark) {
        if self.last_number.get(&(None, Style::Part)).is_none_or(|&n| n < 1) {
            return;
        }
        let last = self.nodes.len().checked_sub(1);
        let heading_before = last.filter(|&i| {
            let n = &self.nodes[i];
            n.mark.style == Style::Heading && n.mark.paragraph + 1 == mark.paragraph
        });
        if let Some(i) = heading_before {
            let start = self.nodes[i].mark.start;
            let mut ancestor = self.nodes[i].parent;
            while let Some(a) = ancestor {
                self.nodes[a].end = self.nodes[a].end.min(start);
                ancestor = self.nodes[a].parent;
            }
            self.nodes[i].mark.style = Style::Appendix;
            self.nodes[i].parent = None;
            self.stack.push(i);
            return;
        }
        self.push(Mark {
            style: Style::Appendix,
            number: 0,
            marker: String::new(),
            title: "（编号重新开始）".to_owned(),
            paragraph: mark.paragraph,
            start: mark.start,
            leading: true,
            series_end: None,
        });
    }

    /// At a paragraph's end, close inline series that end here and dash items.
    fn end_paragraph(&mut self, paragraph: usize) {
        let at = self.frame.paragraphs[paragraph].end;
        while let Some(t) = self.top() {
            let inline_done = !t.mark.leading && t.mark.series_end.is_none_or(|e| e <= paragraph);
            if inline_done || t.mark.style == Style::Dash {
                self.pop(at);
            } else {
                break;
            }
        }
    }
}

/// Build the flat tree. `marks` must be in document order.
#[must_use]
pub fn build(frame: &Frame<'_>, marks: Vec<Mark>, skip: &[bool]) -> Vec<Node> {
    let mut b = Builder { frame, nodes: Vec::new(), stack: Vec::new(), last_number: HashMap::new(), seen_top: false };
    let mut marks = marks.into_iter().peekable();
    let mut p = frame.body_start;
    while p < frame.body_end {
        if p == frame.closing && frame.closing < frame.closing_end {
            b.pop_all(frame.paragraphs[p].start);
            while marks.peek().is_some_and(|m| m.paragraph < frame.closing_end) {
                marks.next();
            }
            p = frame.closing_end;
            continue;
        }
        let starts_top = marks
            .peek()
            .is_some_and(|m| m.paragraph == p && m.leading && (b.rank(m.style) <= 10 || Some(m.style) == frame.top));
        if !skip[p] && !starts_top {
            b.ensure_preamble(p);
        }
        while let Some(mark) = marks.next_if(|m| m.paragraph == p) {
            b.place(mark);
        }
        b.end_paragraph(p);
        p += 1;
    }
    let end = frame.body_end.checked_sub(1).map_or(0, |last| frame.paragraphs[last].end);
    b.pop_all(end);
    b.nodes
}
