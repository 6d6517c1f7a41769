//! Reading Markdown: the text a reader sees, one paragraph per line, with `#` headings as
//! heading hints and list items written with markers the structure parser understands.
//!
//! Choices, for a speech written or converted to Markdown:
//! - A soft line break inside a paragraph joins the two lines: with nothing between two CJK
//!   characters (or next to CJK punctuation), with a space between anything else. A source line
//!   that starts with the ideographic indent `　` is a new paragraph even without a blank line,
//!   because that indent is how Chinese text marks one.
//! - Ordered items keep their number as `N.` (`1.加强领导`, a space only before non-CJK text).
//! - Unordered items are numbered `①②③…` per list, which the outline reads as items; a list of
//!   more than 20 items (past `⑳`) is written as a dash list (`——…`), which it reads as a run.
//! - Emphasis, strong, strikethrough and code markers are dropped, their text kept; links keep
//!   their text; images are skipped (counted); code blocks keep their lines; HTML blocks are
//!   dropped (counted, comments silently); a table row is one line, cells joined by `　` (U+3000).
//! - YAML (`---`) and TOML (`+++`) front matter is skipped.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::extracted::{Extracted, LineBuilder, count_note};

/// Longest unordered list numbered with circled numbers (the parser knows `①`…`⑳`).
const MAX_CIRCLED: usize = 20;

/// Extract the text and heading hints of a Markdown document.
#[must_use]
pub fn read_markdown(text: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let events: Vec<Event<'_>> = Parser::new_ext(text, options).collect();
    let sizes = unordered_list_sizes(&events);
    let mut r = Renderer::default();
    for (i, event) in events.into_iter().enumerate() {
        r.event(i, event, &sizes);
    }
    r.flush();
    let warnings = [
        count_note(r.images, "image", "images", "skipped"),
        count_note(r.html_blocks, "HTML block", "HTML blocks", "dropped"),
    ]
    .into_iter()
    .flatten()
    .collect();
    r.out.finish(warnings)
}

/// For each unordered list start (by event index), how many items it has.
fn unordered_list_sizes(events: &[Event<'_>]) -> HashMap<usize, usize> {
    let mut sizes = HashMap::new();
    let mut open: Vec<Option<(usize, usize)>> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::List(start)) => open.push(start.is_none().then_some((i, 0))),
            Event::Start(Tag::Item) => {
                if let Some(Some((_, count))) = open.last_mut() {
                    *count += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Some((start, count))) = open.pop() {
                    sizes.insert(start, count);
                }
            }
            _ => {}
        }
    }
    sizes
}

/// How the items of one open list are marked.
#[derive(Debug)]
enum Marker {
    /// The next number of an ordered list.
    Ordered(u64),
    /// The number of items so far in an unordered list, shown as `①`…
    Circled(u32),
    Dash,
}

#[derive(Debug, Default)]
struct Renderer {
    out: LineBuilder,
    line: String,
    heading: Option<u8>,
    /// A soft break is waiting for the next text to decide how to join.
    soft_break: bool,
    lists: Vec<Marker>,
    /// The marker of the item whose first line has not been written yet.
    item_marker: Option<String>,
    /// Inside an image or front matter: text is not shown.
    hidden: usize,
    in_code: bool,
    /// Inside an HTML block; true until its first chunk was looked at.
    in_html: Option<bool>,
    cells: Option<Vec<String>>,
    images: usize,
    html_blocks: usize,
}

impl Renderer {
    fn event(&mut self, index: usize, event: Event<'_>, sizes: &HashMap<usize, usize>) {
        match event {
            Event::Start(tag) => self.start(index, &tag, sizes),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text);
            }
            Event::Html(html) => {
                if self.in_html == Some(true) && !html.trim_start().starts_with("<!--") {
                    self.html_blocks += 1;
                }
                self.in_html = self.in_html.map(|_| false);
            }
            Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase().replace(' ', "");
                if matches!(tag.as_str(), "<br>" | "<br/>") {
                    self.hard_break();
                }
            }
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => self.hard_break(),
            Event::Rule => self.flush(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, index: usize, tag: &Tag<'_>, sizes: &HashMap<usize, usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(*level as u8);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.in_html = Some(true);
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(match start {
                    Some(n) => Marker::Ordered(*n),
                    None if sizes.get(&index).is_some_and(|n| *n > MAX_CIRCLED) => Marker::Dash,
                    None => Marker::Circled(0),
                });
            }
            Tag::Item => {
                self.flush();
                self.item_marker = self.lists.last_mut().map(|marker| match marker {
                    Marker::Ordered(n) => {
                        let shown = format!("{n}.");
                        *n = n.saturating_add(1);
                        shown
                    }
                    Marker::Circled(n) => {
                        *n = n.saturating_add(1);
                        let circled = (*n <= 20).then(|| char::from_u32(0x2460 + *n - 1)).flatten();
                        circled.map_or_else(|| "——".to_owned(), String::from)
                    }
                    Marker::Dash => "——".to_owned(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                self.flush();
                self.cells = Some(Vec::new());
            }
            Tag::TableCell => self.line.clear(),
            Tag::Image { .. } => {
                self.images += 1;
                self.hidden += 1;
            }
            Tag::MetadataBlock(_) => self.hidden += 1,
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_) => self.flush(),
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript | Tag::Link { .. } => {
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code = false;
            }
            TagEnd::HtmlBlock => self.in_html = None,
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.line);
                if let Some(cells) = self.cells.as_mut() {
                    cells.push(cell.trim().to_owned());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(cells) = self.cells.take() {
                    self.line = cells.join("\u{3000}");
                    self.flush();
                }
            }
            TagEnd::Image | TagEnd::MetadataBlock(_) => self.hidden = self.hidden.saturating_sub(1),
            TagEnd::Item => {
                self.flush();
                // An item with no text of its own (only an image, say) leaves no marker behind.
                self.item_marker = None;
            }
            TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table => self.flush(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden > 0 || self.in_html.is_some() {
            return;
        }
        if self.in_code {
            let mut pieces = text.split('\n');
            if let Some(first) = pieces.next() {
                self.line.push_str(first);
            }
            for piece in pieces {
                self.flush();
                self.line.push_str(piece);
            }
            return;
        }
        if std::mem::take(&mut self.soft_break) {
            if text.starts_with('\u{3000}') && self.cells.is_none() {
                self.flush();
            } else if let (Some(before), Some(after)) = (self.line.chars().next_back(), text.chars().next())
                && needs_space(before, after)
            {
                self.line.push(' ');
            }
        }
        self.line.push_str(text);
    }

    fn hard_break(&mut self) {
        self.soft_break = false;
        if self.cells.is_some() {
            self.line.push(' ');
        } else {
            self.flush();
        }
    }

    /// Write the current line (with its item marker and heading hint) and start a new one.
    fn flush(&mut self) {
        self.soft_break = false;
        if self.cells.is_some() {
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        if line.trim().is_empty() {
            return;
        }
        if let Some(marker) = self.item_marker.take() {
            let body = line.trim_start();
            let space = if body.chars().next().is_some_and(is_cjk) || !marker.ends_with('.') { "" } else { " " };
            line = format!("{marker}{space}{body}");
        }
        match self.heading {
            Some(level) => self.out.push_heading(&line, level),
            None => self.out.push(&line),
        };
    }
}

/// CJK ideographs, kana, CJK and full-width punctuation, and the quotes and dashes Chinese uses.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x2_0000..=0x3_FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// CJK punctuation: no space next to it, whatever is on the other side.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(u32::from(c), 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…')
}

/// Whether a soft break between `before` and `after` becomes a space.
fn needs_space(before: char, after: char) -> bool {
    !(is_cjk(before) && is_cjk(after) || is_cjk_punctuation(before) || is_cjk_punctuation(after))
}

#[cfg(test)]
mod tests;
