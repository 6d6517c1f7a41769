//! A frame with its styles, as text a snapshot can hold and a reviewer can read: each screen row,
//! then under it one letter per terminal column naming that cell's style (`.` for none), and a
//! legend of the letters at the end.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// A style in words: `fg=Red bg=Blue BOLD|UNDERLINED`.
#[must_use]
pub fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = style.fg.filter(|c| *c != Color::Reset) {
        parts.push(format!("fg={fg:?}"));
    }
    if let Some(bg) = style.bg.filter(|c| *c != Color::Reset) {
        parts.push(format!("bg={bg:?}"));
    }
    let modifiers = style.add_modifier - style.sub_modifier;
    if !modifiers.is_empty() {
        parts.push(format!("{modifiers:?}"));
    }
    parts.join(" ")
}

/// The frame as rows of text, each with a row of style letters under it, and the legend.
#[must_use]
pub fn styled(buf: &Buffer) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut legend: Vec<String> = Vec::new();
    let mut out = String::new();
    let screen = jianghua::tui::screen_text(buf);
    for (y, text) in (buf.area.y..buf.area.bottom()).zip(screen.lines()) {
        let mut marks = String::new();
        for x in buf.area.x..buf.area.right() {
            let style = describe(buf[(x, y)].style());
            if style.is_empty() {
                marks.push('.');
                continue;
            }
            let i = legend.iter().position(|s| *s == style).unwrap_or_else(|| {
                legend.push(style.clone());
                legend.len() - 1
            });
            marks.push(LETTERS.chars().nth(i).unwrap_or('?'));
        }
        out.push_str(text);
        out.push('\n');
        out.push_str(marks.trim_end_matches('.'));
        out.push('\n');
    }
    out.push_str("--\n");
    for (i, style) in legend.iter().enumerate() {
        let _ = writeln!(out, "{} = {style}", LETTERS.chars().nth(i).unwrap_or('?'));
    }
    out
}

/// Does any cell use this modifier?
#[must_use]
pub fn any_cell(buf: &Buffer, keep: impl Fn(Style) -> bool) -> bool {
    buf.content.iter().any(|c| keep(c.style()))
}

/// Is this modifier on in the style (added and not removed)?
#[must_use]
pub fn has(style: Style, modifier: Modifier) -> bool {
    (style.add_modifier - style.sub_modifier).contains(modifier)
}
