//! The brief as Markdown, or as plain text wrapped for printing: [`PRINT_WIDTH`] columns (38
//! full-width characters, what fits an A4 line at a readable size), broken with the reader's own
//! line breaking and its 禁则, so no printed line starts with `，` or splits `2023年`. A wrapped
//! line keeps the indent of the line it continues.

use std::fmt::Write as _;

use super::Block;
use crate::report::markdown_escape as md;
use crate::width::AmbiguousWidth;

/// Columns of a printed line of the plain-text brief (38 full-width characters).
pub const PRINT_WIDTH: usize = 76;

/// Render `blocks` as Markdown, or (`text`) as plain text wrapped at [`PRINT_WIDTH`].
pub(super) fn render(blocks: &[Block], text: bool) -> String {
    let esc = |s: &str| if text { s.to_owned() } else { md(s) };
    let mut out = String::new();
    let mut places = 0usize;
    for block in blocks {
        match block {
            Block::Title(title) if text => {
                let _ = writeln!(out, "学习要点：{title}\n{}", "=".repeat(20));
            }
            Block::Title(title) => {
                let _ = writeln!(out, "# 学习要点：{}", esc(title));
            }
            Block::Byline(line) => {
                let _ = writeln!(out, "\n{}", esc(line));
            }
            Block::Section(title) => section_heading(&mut out, title, text),
            Block::Entry { depth, label, strong, .. } => {
                let indent = "  ".repeat(*depth);
                let bullet = if text { "" } else { "- " };
                if *strong && !text {
                    let _ = writeln!(out, "{indent}{bullet}**{}**", esc(label));
                } else {
                    let _ = writeln!(out, "{indent}{bullet}{}", esc(label));
                }
            }
            Block::Terms { list, items } => {
                let name = if text { format!("{list}：") } else { format!("**{}**：", esc(list)) };
                let _ = writeln!(out, "{name}{}\n", esc(items));
            }
            Block::New(items) => {
                let name = if text { "新提法：" } else { "**新提法**：" };
                let _ = writeln!(out, "{name}{}", esc(items));
            }
            Block::CountsExplained => out.push_str(if text {
                "（数字为出现次数，+N 为包含在更长提法中的次数）\n"
            } else {
                "\n*数字为出现次数，+N 为包含在更长提法中的次数。*\n"
            }),
            Block::Keywords(Some(words)) => {
                let _ = writeln!(out, "{}", esc(words));
            }
            Block::Keywords(None) => out.push_str("（关键词尚在分析中）\n"),
            Block::Place(place) => {
                if places > 0 {
                    out.push('\n');
                }
                places += 1;
                let strong = if text { "" } else { "**" };
                let _ = writeln!(out, "{strong}{}{strong}", esc(place));
            }
            Block::Item(line) => {
                let _ = writeln!(out, "{}{}", if text { "  " } else { "- " }, esc(line));
            }
        }
    }
    // The brief is also written to a file that will be printed or shown: no control character
    // from a term list or a note gets into it.
    let out = crate::document::safe(&out).into_owned();
    if text { wrap_for_print(&out, PRINT_WIDTH) } else { out }
}

fn section_heading(out: &mut String, title: &str, text: bool) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    if text {
        let _ = writeln!(out, "{title}\n{}", "-".repeat(12));
    } else {
        let _ = writeln!(out, "## {title}\n");
    }
}

/// Wrap every line of `text` at `width` columns (full-width quotes and dashes counted as two, as
/// Chinese fonts print them); continuation lines get the indent of the line they continue.
#[must_use]
pub fn wrap_for_print(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        // A deep indent still leaves half the line for text.
        let room = width.saturating_sub(indent.len()).max(width / 2);
        for row in crate::layout::break_rows(body, room, AmbiguousWidth::Wide, &[]) {
            out.push_str(indent);
            out.push_str(body[row.start..row.end].trim_end_matches([' ', '\t']));
            out.push('\n');
        }
    }
    out
}
