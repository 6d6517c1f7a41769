//! `word/styles.xml`: which paragraph styles are headings (and of which level), which are table
//! of contents entries, and which carry automatic numbering.
//!
//! A style is a heading when its own `w:outlineLvl` says so, or its name or id is one of Word's
//! heading names in English or Chinese (`heading 1`, `Heading1`, `标题 1`, `标题1`), or it is based
//! on such a style. Chinese Word templates use numeric ids (`1`, `2`, `a3`) but keep the English
//! built-in names, so the name is checked before the id.
//!
//! The document title style (`Title`, `标题`) and `Subtitle` give **no** heading hint: the title
//! belongs to the document frame, which the structure parser finds by position, and a level-1
//! hint would put it on a par with the parts (`一、`) below it.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::xml::{Attrs, Ev, Fail, Name, Part, Walker, number};

/// The longest `w:basedOn` chain followed; longer ones (or cycles) stop there.
const MAX_CHAIN: usize = 32;

/// What a style name says by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Title,
    Toc,
}

/// Classify a style name or id: `heading 2`, `Heading2`, `标题 2`, `标题2` → heading 2; `Title`,
/// `标题`, `Subtitle`, `副标题` → title; `toc 1`, `TOC Heading`, `目录 1` → table of contents.
fn kind_of(name: &str) -> Option<Kind> {
    let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let level = |prefix: &str| {
        let digits = squeezed.strip_prefix(prefix)?;
        let n: u8 = digits.parse().ok().filter(|n| (1..=9).contains(n))?;
        (digits.len() == 1).then_some(n)
    };
    if let Some(n) = level("heading").or_else(|| level("标题")) {
        return Some(Kind::Heading(n.min(6)));
    }
    if level("toc").is_some() || level("目录").is_some() || squeezed == "tocheading" {
        return Some(Kind::Toc);
    }
    matches!(squeezed.as_str(), "title" | "标题" | "subtitle" | "副标题").then_some(Kind::Title)
}

/// One `w:style` as written.
#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u32>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

/// What a paragraph style means for extraction, inheritance resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct StyleInfo {
    /// Heading level 1..=6.
    pub heading: Option<u8>,
    /// A table of contents entry (or its heading).
    pub toc: bool,
    /// Numbering from the style: `(numId, ilvl)`.
    pub num: Option<(u32, Option<u32>)>,
}

/// The parsed style sheet. Empty when the document has none.
#[derive(Debug, Default)]
pub(super) struct Styles {
    defs: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
}

/// Turn an outline level (0-based, 9 = body text) into a heading level.
pub(super) fn outline_heading(level: u32) -> Option<u8> {
    (level < 9).then(|| u8::try_from(level + 1).unwrap_or(6).min(6))
}

impl Part for Styles {
    /// Parse `word/styles.xml`.
    fn parse<R: BufRead>(walker: &mut Walker<R>) -> Result<Self, Fail> {
        let mut styles = Self::default();
        // (id, definition, is a paragraph style, is the default)
        let mut current: Option<(String, StyleDef, bool, bool)> = None;
        let mut in_ppr = false;
        let mut in_numpr = false;
        loop {
            let (open, name, attrs) = match walker.next()? {
                Ev::Eof => break,
                Ev::Open(name, attrs) => (true, name, attrs),
                Ev::Empty(name, attrs) => (false, name, attrs),
                Ev::Close(Name::Style) => {
                    if let Some((id, def, paragraph, default)) = current.take() {
                        if paragraph && default {
                            styles.default_paragraph = Some(id.clone());
                        }
                        styles.defs.insert(id, def);
                    }
                    continue;
                }
                Ev::Close(Name::PPr) => {
                    in_ppr = false;
                    continue;
                }
                Ev::Close(Name::NumPr) => {
                    in_numpr = false;
                    continue;
                }
                Ev::Close(_) | Ev::Text(_) => continue,
            };
            match name {
                Name::Style if open => {
                    let paragraph = attrs.kind.as_deref().is_none_or(|k| k == "paragraph");
                    let default = attrs.default.as_deref().is_some_and(|d| matches!(d, "1" | "true" | "on"));
                    current = attrs.style_id.map(|id| (id, StyleDef::default(), paragraph, default));
                }
                Name::Skip if open => walker.skip()?,
                Name::PPr => in_ppr = open,
                Name::NumPr => in_numpr = open && in_ppr,
                _ => {
                    if let Some((_, def, _, _)) = current.as_mut() {
                        apply(def, name, &attrs, in_ppr, in_numpr);
                    }
                }
            }
        }
        Ok(styles)
    }
}

impl Styles {
    /// The style paragraphs without `w:pStyle` use.
    pub fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// What the style `id` means, following `w:basedOn`. An unknown id is classified by itself, so
    /// `Heading1` works even without a style sheet.
    pub fn info(&self, id: &str) -> StyleInfo {
        let mut info = StyleInfo::default();
        let mut heading_done = false;
        let mut seen = HashSet::new();
        let mut next = Some(id);
        while let Some(id) = next.take() {
            if !seen.insert(id) || seen.len() > MAX_CHAIN {
                break;
            }
            let Some(def) = self.defs.get(id) else {
                if !heading_done {
                    apply_kind(&mut info, kind_of(id));
                }
                break;
            };
            if info.num.is_none() {
                info.num = def.num_id.map(|n| (n, def.ilvl));
            }
            if !heading_done {
                if let Some(level) = def.outline {
                    info.heading = outline_heading(level);
                    heading_done = true;
                } else {
                    let kind = def.name.as_deref().and_then(kind_of).or_else(|| kind_of(id));
                    heading_done = apply_kind(&mut info, kind);
                }
            }
            if heading_done && info.num.is_some() {
                break;
            }
            next = def.based_on.as_deref();
        }
        info
    }

    /// The numbering a numbering style (`w:numStyleLink` target) points at.
    pub fn numbering_of(&self, id: &str) -> Option<u32> {
        self.defs.get(id)?.num_id
    }
}

/// Record what a name says; true when it settles the heading question.
fn apply_kind(info: &mut StyleInfo, kind: Option<Kind>) -> bool {
    match kind {
        Some(Kind::Heading(n)) => info.heading = Some(n),
        Some(Kind::Toc) => info.toc = true,
        Some(Kind::Title) => {}
        None => return false,
    }
    true
}

fn apply(def: &mut StyleDef, name: Name, attrs: &Attrs, in_ppr: bool, in_numpr: bool) {
    match name {
        Name::Label => def.name.clone_from(&attrs.val),
        Name::BasedOn => def.based_on.clone_from(&attrs.val),
        Name::OutlineLvl if in_ppr => def.outline = attrs.val_number(),
        Name::NumId if in_numpr => def.num_id = number(attrs.val.as_deref()),
        Name::Ilvl if in_numpr => def.ilvl = number(attrs.val.as_deref()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Styles {
        let xml = format!(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:styles>"#
        );
        Styles::parse(&mut Walker::new(xml.as_bytes(), 1 << 20)).unwrap()
    }

    #[test]
    fn names_and_ids() {
        assert_eq!(kind_of("heading 1"), Some(Kind::Heading(1)));
        assert_eq!(kind_of("Heading3"), Some(Kind::Heading(3)));
        assert_eq!(kind_of("标题 2"), Some(Kind::Heading(2)));
        assert_eq!(kind_of("标题9"), Some(Kind::Heading(6)));
        assert_eq!(kind_of("标题"), Some(Kind::Title));
        assert_eq!(kind_of("Title"), Some(Kind::Title));
        assert_eq!(kind_of("toc 2"), Some(Kind::Toc));
        assert_eq!(kind_of("TOC Heading"), Some(Kind::Toc));
        assert_eq!(kind_of("heading 10"), None);
        assert_eq!(kind_of("Normal"), None);
        assert_eq!(kind_of("1"), None);
    }

    #[test]
    fn chinese_template_ids_and_chains() {
        let s = parse(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
                 <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
               <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
               <w:style w:type="paragraph" w:styleId="mine"><w:name w:val="My part"/><w:basedOn w:val="2"/></w:style>
               <w:style w:type="paragraph" w:styleId="body"><w:name w:val="Body"/><w:basedOn w:val="1"/>
                 <w:pPr><w:outlineLvl w:val="9"/><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="loop1"><w:name w:val="x"/><w:basedOn w:val="loop2"/></w:style>
               <w:style w:type="paragraph" w:styleId="loop2"><w:name w:val="y"/><w:basedOn w:val="loop1"/></w:style>"#,
        );
        assert_eq!(s.default_paragraph(), Some("a"));
        assert_eq!(s.info("1").heading, Some(1));
        assert_eq!(s.info("2").heading, Some(2));
        assert_eq!(s.info("a3").heading, None);
        assert_eq!(s.info("mine").heading, Some(2));
        assert_eq!(s.info("body"), StyleInfo { heading: None, toc: false, num: Some((4, None)) });
        assert_eq!(s.info("loop1").heading, None);
        assert_eq!(s.info("Heading4").heading, Some(4));
        assert_eq!(s.info("a").heading, None);
    }
}
