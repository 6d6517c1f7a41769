//! The brief as a Word document (.docx), written as minimal Office Open XML with the `zip` crate
//! the docx reader already uses (a docx library would add build time for a dozen short parts).
//!
//! It follows the usual look of official material (GB/T 9704): A4 with margins of 37 mm (top),
//! 35 mm (bottom), 28 mm (left) and 26 mm (right); body in 仿宋 三号 (16 pt) with a fixed line
//! spacing of 28 pt and a first-line indent of two characters; the title in 方正小标宋 二号,
//! centred; `一、` headings in 黑体 and `（一）` headings in 楷体; digits and Latin letters in Times
//! New Roman. The fonts official offices use are named first and each names a common fallback
//! in the font table (方正小标宋简体 → 宋体, `仿宋_GB2312` → 仿宋, `楷体_GB2312` → 楷体, 黑体 → `SimHei`), so a
//! computer without them still shows the right kind of type. The parts are in `parts`.
//!
//! The archive is deterministic: the same brief gives the same bytes (no timestamps).

mod parts;

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::Block;
use crate::structure::Family;

/// Paragraph styles (ids in `styles.xml`).
const TITLE: &str = "Title";
const BYLINE: &str = "Subtitle";
const SECTION: &str = "Heading1";
const PART: &str = "Heading2";
const CHAPTER: &str = "Heading3";
const ENTRY: &str = "ListEntry";
const SMALL: &str = "Small";

/// The brief as the bytes of a .docx file.
#[must_use]
pub(super) fn render(blocks: &[Block]) -> Vec<u8> {
    let title = blocks.iter().find_map(|b| if let Block::Title(t) = b { Some(t.as_str()) } else { None });
    let body = document_body(blocks);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let files: [(&str, String); 7] = [
        ("[Content_Types].xml", parts::CONTENT_TYPES.to_owned()),
        ("_rels/.rels", parts::PACKAGE_RELS.to_owned()),
        ("docProps/core.xml", parts::core(&escape(&format!("学习要点：{}", title.unwrap_or(""))))),
        ("word/document.xml", parts::document(&body)),
        ("word/styles.xml", parts::STYLES.to_owned()),
        ("word/fontTable.xml", parts::FONT_TABLE.to_owned()),
        ("word/_rels/document.xml.rels", parts::DOCUMENT_RELS.to_owned()),
    ];
    // Writing to memory fails only when memory does.
    for (name, xml) in files {
        zip.start_file(name, options).expect("a zip entry in memory");
        zip.write_all(xml.as_bytes()).expect("writing to memory");
    }
    zip.finish().expect("finishing a zip in memory").into_inner()
}

/// The paragraphs of `word/document.xml`.
fn document_body(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            // The speech's title as the document's title, and what this is below it.
            Block::Title(title) => {
                paragraph(&mut out, TITLE, None, title);
                paragraph(&mut out, BYLINE, None, "学习要点");
            }
            Block::Byline(line) => paragraph(&mut out, BYLINE, None, line),
            Block::Section(title) => paragraph(&mut out, SECTION, None, title),
            Block::Entry { depth, label, family, .. } => {
                let style = match family {
                    Family::Part => PART,
                    Family::Chapter => CHAPTER,
                    Family::Requirement | Family::Point | Family::Ordinal | Family::Sequence => ENTRY,
                    _ if *depth == 0 => PART,
                    _ => CHAPTER,
                };
                let indent = if style == ENTRY { Some(depth + 1) } else { None };
                paragraph_indented(&mut out, style, indent, None, label);
            }
            Block::Terms { list, items } => paragraph(&mut out, "", Some(&format!("{list}：")), items),
            Block::New(items) => paragraph(&mut out, "", Some("新提法："), items),
            Block::CountsExplained => paragraph(&mut out, SMALL, None, "数字为出现次数，+N 为包含在更长提法中的次数。"),
            Block::Keywords(words) => paragraph(&mut out, "", None, words.as_deref().unwrap_or("（关键词尚在分析中）")),
            Block::Place(place) => paragraph(&mut out, "", Some(place), ""),
            Block::Item(line) => paragraph(&mut out, "", None, line),
        }
    }
    out
}

/// A paragraph in `style` (`""`: the body style), with an optional bold lead-in.
fn paragraph(out: &mut String, style: &str, lead: Option<&str>, text: &str) {
    paragraph_indented(out, style, None, lead, text);
}

/// [`paragraph`], indented on the left by `indent` times two characters.
fn paragraph_indented(out: &mut String, style: &str, indent: Option<usize>, lead: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if !style.is_empty() || indent.is_some() {
        out.push_str("<w:pPr>");
        if !style.is_empty() {
            let _ = write!(out, "<w:pStyle w:val=\"{style}\"/>");
        }
        if let Some(n) = indent {
            // Two characters of 16 pt are 640 twentieths of a point.
            let _ = write!(
                out,
                "<w:ind w:leftChars=\"{}\" w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
                n * 200,
                n * 640
            );
        }
        out.push_str("</w:pPr>");
    }
    if let Some(lead) = lead {
        let _ = write!(out, "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(lead));
    }
    if !text.is_empty() {
        let _ = write!(out, "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text));
    }
    out.push_str("</w:p>");
}

/// Text made safe for XML 1.0 character data and attribute values: the five special characters
/// escaped, characters XML cannot carry (C0 controls) dropped after the project's sanitiser has
/// made the visible ones placeholders.
fn escape(text: &str) -> String {
    let safe = crate::document::safe(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if u32::from(c) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_control_character() {
        let e = escape("a<b>&\"'\u{1}\u{7}c\td");
        assert_eq!(e.chars().filter(|c| u32::from(*c) < 0x20).count(), 0, "{e:?}");
        assert!(!e.contains(['<', '>', '"', '\'']), "{e}");
        assert!(e.starts_with("a&lt;b&gt;&amp;&quot;&apos;"), "{e}");
    }
}
