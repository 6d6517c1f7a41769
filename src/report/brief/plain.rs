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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::layout::NO_START;
    use crate::width::str_width;

    /// Lines of a real speech, indented as the brief indents.
    fn sample_lines(doc: usize, from: usize, count: usize, indent: usize) -> String {
        let text = crate::samples::SAMPLES[doc % crate::samples::SAMPLES.len()].1;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let from = from % lines.len();
        let mut out = String::new();
        for l in &lines[from..(from + count).min(lines.len())] {
            let _ = writeln!(out, "{}{}", " ".repeat(indent), l.trim());
        }
        out
    }

    proptest! {
        /// Whatever the speech, the width and the indent: nothing is lost or added but line
        /// breaks and indents, no line is wider than the width, and no line starts with a
        /// character the 禁则 keep off the start of a line.
        #[test]
        fn wrapping_keeps_the_text_and_the_rules(
            doc in 0usize..8, from in 0usize..400, count in 1usize..12, indent in 0usize..8, width in 24usize..100,
        ) {
            let text = sample_lines(doc, from, count, indent);
            let wrapped = wrap_for_print(&text, width);
            let squeeze = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '\n')).collect::<String>();
            prop_assert_eq!(squeeze(&wrapped), squeeze(&text));
            for line in wrapped.lines() {
                prop_assert!(str_width(line, AmbiguousWidth::Wide) <= width, "{} > {}: {}", str_width(line, AmbiguousWidth::Wide), width, line);
                prop_assert!(line.starts_with(&" ".repeat(indent)), "indent lost: {line}");
                let first = line.trim_start().chars().next();
                prop_assert!(!first.is_some_and(|c| NO_START.contains(&c)), "starts with {:?}: {}", first, line);
            }
        }
    }

    #[test]
    fn a_short_line_is_left_alone_and_a_long_one_wraps_under_its_indent() {
        assert_eq!(wrap_for_print("  一要把牢方向。\n\n", 76), "  一要把牢方向。\n\n");
        let long = format!("  {}\n", "坚持稳中求进，".repeat(12));
        let wrapped = wrap_for_print(&long, 40);
        assert!(wrapped.lines().count() > 2, "{wrapped}");
        assert!(wrapped.lines().all(|l| l.starts_with("  ") && !l.starts_with("   ")), "{wrapped}");
        assert!(wrapped.lines().all(|l| str_width(l, AmbiguousWidth::Wide) <= 40), "{wrapped}");
    }
}
