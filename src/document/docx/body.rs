//! `word/document.xml`: the body paragraphs in order, with their heading level and their
//! automatic number.
//!
//! What is read: run text (`w:t`, and Office Math `m:t`), `w:tab` as a tab, `w:br`/`w:cr` as a
//! new line, `w:noBreakHyphen` as `-`, symbols outside the private use area, field results.
//! What is skipped: field codes (`w:instrText`), deleted text, hidden runs (`w:vanish`), pictures,
//! drawings (with any text box inside them) and embedded objects (counted), note references
//! (counted; the notes themselves live in another part), ruby guide text, and table of contents
//! entries (counted). Table cells are not joined: every paragraph of every cell, nested
//! tables included, becomes a line of its own, because a table in a speech is nearly always a
//! list, and one line per cell keeps each entry readable and searchable.

use std::collections::HashMap;
use std::io::BufRead;

use super::numbering::{Counters, Numbering};
use super::styles::{StyleInfo, Styles, outline_heading};
use super::xml::{Attrs, Ev, Fail, Name, Walker, number};
use crate::document::extracted::{Extracted, LineBuilder, count_note, is_line_break};
use crate::document::is_invisible;

/// One `w:p` being read.
#[derive(Debug, Default)]
struct Para {
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
    outline: Option<u32>,
    /// The paragraph's lines; `w:br` starts a new one.
    lines: Vec<String>,
}

impl Para {
    fn line(&mut self) -> &mut String {
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let last = self.lines.len() - 1;
        &mut self.lines[last]
    }
}

/// What was left out, for the warnings.
#[derive(Debug, Default)]
struct Skipped {
    pictures: usize,
    notes: usize,
    toc_lines: usize,
    hidden_runs: usize,
}

struct Reader<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    style_cache: HashMap<String, StyleInfo>,
    /// Open elements, for parent checks.
    stack: Vec<Name>,
    paras: Vec<Para>,
    run_hidden: bool,
    /// Open complex fields: true while in the instruction part (before `separate`).
    fields: Vec<bool>,
    out: LineBuilder,
    skipped: Skipped,
    /// Bytes of character data taken so far, checked against the document size limit.
    taken: u64,
}

/// Read the main document part.
pub(super) fn read<R: BufRead>(
    walker: &mut Walker<R>,
    styles: &Styles,
    numbering: &Numbering,
) -> Result<Extracted, Fail> {
    let mut r = Reader {
        styles,
        numbering,
        counters: Counters::default(),
        style_cache: HashMap::new(),
        stack: Vec::new(),
        paras: Vec::new(),
        run_hidden: false,
        fields: Vec::new(),
        out: LineBuilder::default(),
        skipped: Skipped::default(),
        taken: 0,
    };
    loop {
        match walker.next()? {
            Ev::Eof => break,
            Ev::Open(name, attrs) => {
                if r.element(walker, name, &attrs, true)? {
                    r.stack.push(name);
                }
            }
            Ev::Empty(name, attrs) => {
                r.element(walker, name, &attrs, false)?;
            }
            Ev::Close(name) => {
                r.stack.pop();
                match name {
                    Name::T => walker.want_text = false,
                    Name::R => r.run_hidden = false,
                    Name::P => r.finish_paragraph(),
                    _ => {}
                }
            }
            Ev::Text(text) => {
                r.taken += text.len() as u64;
                if r.taken > crate::document::MAX_DOCUMENT_BYTES {
                    return Err(Fail::TooMuchText);
                }
                let line = r.para().line();
                line.extend(text.chars().map(|c| if is_line_break(c) { ' ' } else { c }));
            }
        }
    }
    while !r.paras.is_empty() {
        r.finish_paragraph();
    }
    let s = &r.skipped;
    let warnings = [
        count_note(s.pictures, "image or embedded object", "images or embedded objects", "skipped"),
        count_note(s.notes, "footnote reference", "footnote references", "skipped (note text is not shown)"),
        count_note(s.toc_lines, "table of contents line", "table of contents lines", "skipped"),
        count_note(s.hidden_runs, "piece of hidden text", "pieces of hidden text", "skipped"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(r.out.finish(warnings))
}

impl Reader<'_> {
    fn para(&mut self) -> &mut Para {
        if self.paras.is_empty() {
            self.paras.push(Para::default());
        }
        let last = self.paras.len() - 1;
        &mut self.paras[last]
    }

    fn parent(&self) -> Option<Name> {
        self.stack.last().copied()
    }

    fn in_field_code(&self) -> bool {
        self.fields.contains(&true)
    }

    /// True when run content at this point is shown.
    fn run_content_shown(&self) -> bool {
        self.parent() == Some(Name::R) && !self.run_hidden && !self.in_field_code()
    }

    /// Handle a start or empty tag. Returns false when the element was skipped whole.
    fn element<R: BufRead>(
        &mut self,
        walker: &mut Walker<R>,
        name: Name,
        attrs: &Attrs,
        open: bool,
    ) -> Result<bool, Fail> {
        let parent = self.parent();
        match name {
            Name::Skip | Name::Picture => {
                if name == Name::Picture {
                    self.skipped.pictures += 1;
                }
                if open {
                    walker.skip()?;
                }
                return Ok(false);
            }
            Name::P if open => self.paras.push(Para::default()),
            Name::PStyle if parent == Some(Name::PPr) => self.para().style.clone_from(&attrs.val),
            Name::OutlineLvl if parent == Some(Name::PPr) => self.para().outline = attrs.val_number(),
            Name::NumId if parent == Some(Name::NumPr) => self.para().num_id = attrs.val_number(),
            Name::Ilvl if parent == Some(Name::NumPr) => self.para().ilvl = number(attrs.val.as_deref()),
            Name::R => self.run_hidden = false,
            Name::Vanish if parent == Some(Name::RPr) && self.stack.iter().rev().nth(1) == Some(&Name::R) => {
                self.run_hidden = attrs.is_on();
            }
            Name::T if open => {
                let shown = !self.run_hidden && !self.in_field_code();
                if !shown && self.run_hidden {
                    self.skipped.hidden_runs += 1;
                }
                walker.want_text = shown;
            }
            Name::Tab if self.run_content_shown() => self.para().line().push('\t'),
            Name::Br | Name::Cr if self.run_content_shown() => {
                let para = self.para();
                para.line();
                para.lines.push(String::new());
            }
            Name::NoBreakHyphen if self.run_content_shown() => self.para().line().push('-'),
            Name::Sym if self.run_content_shown() => {
                // Symbol fonts map their glyphs into the private use area: nothing readable there.
                let code = attrs.char_code.as_deref().and_then(|h| u32::from_str_radix(h.trim(), 16).ok());
                if let Some(c) = code.filter(|c| !(0xE000..=0xF8FF).contains(c)).and_then(char::from_u32) {
                    self.para().line().push(c);
                }
            }
            Name::NoteReference => self.skipped.notes += 1,
            Name::FldChar => match attrs.fld_char_type.as_deref() {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(top) = self.fields.last_mut() {
                        *top = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
        Ok(open)
    }

    fn style_info(&mut self, id: &str) -> StyleInfo {
        if let Some(info) = self.style_cache.get(id) {
            return *info;
        }
        let info = self.styles.info(id);
        self.style_cache.insert(id.to_owned(), info);
        info
    }

    fn finish_paragraph(&mut self) {
        let Some(mut para) = self.paras.pop() else { return };
        let styles = self.styles;
        let style_id = para.style.clone().or_else(|| styles.default_paragraph().map(str::to_owned));
        let info = style_id.as_deref().map(|id| self.style_info(id)).unwrap_or_default();
        if info.toc {
            self.skipped.toc_lines += para.lines.iter().filter(|l| !l.chars().all(is_invisible)).count();
            return;
        }
        let heading = para.outline.map_or(info.heading, outline_heading);
        let num = match para.num_id {
            Some(0) => None,
            Some(id) => Some((id, para.ilvl)),
            None => info.num.map(|(id, ilvl)| (id, para.ilvl.or(ilvl))),
        };
        let prefix =
            num.and_then(|(id, ilvl)| self.numbering.number(&mut self.counters, styles, id, ilvl, style_id.as_deref()));
        let first = para.lines.iter().position(|l| !l.chars().all(is_invisible));
        if let (Some(prefix), Some(i)) = (prefix, first) {
            let line = &mut para.lines[i];
            let indent = line.len() - line.trim_start_matches(is_invisible).len();
            if !line[indent..].starts_with(prefix.trim_end()) {
                line.insert_str(indent, &prefix);
            }
        }
        for (i, line) in para.lines.iter().enumerate() {
            match heading {
                Some(level) if Some(i) == first => self.out.push_heading(line, level),
                _ => self.out.push(line),
            };
        }
    }
}
