//! Styles. The default theme uses only the 16 ANSI colours plus bold, underline and reverse, so
//! it looks the same over SSH, in tmux and with `TERM=xterm`. Three rules:
//! - colour belongs to the term lists: headings and the title are told apart by weight, never
//!   by a colour a list could also have (every list colour stays free for formulations);
//! - nothing that matters is drawn in dark gray (colour 8), which vanishes on common dark
//!   themes, nor in light gray, which vanishes on light ones: borders, counts, breadcrumbs and
//!   paragraph numbers are in the default colour; only page chrome is faint (SGR 2);
//! - without colour (`NO_COLOR`, `--color never`) every distinction is still made: terms are
//!   underlined, noted sentences italic with `*` in the margin, the reading cursor reversed with
//!   `>` in the margin, matches reversed (bold and underlined inside the cursor).

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::structure::Family;
use crate::terms::NamedColor;
use crate::width::AmbiguousWidth;

/// The characters the interface itself draws with. Box drawing, `▾`, `›` and `…` are
/// ambiguous-width; a terminal that draws those two columns wide gets ASCII instead, so borders
/// and columns stay aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    pub border: border::Set<'static>,
    pub open: &'static str,
    pub closed: &'static str,
    pub crumb: &'static str,
    pub bar: &'static str,
    pub thumb: &'static str,
    pub track: &'static str,
    /// Where typing goes in a filter line.
    pub caret: &'static str,
}

impl Glyphs {
    /// The glyphs for a width model.
    #[must_use]
    pub fn for_width(ambiguous: AmbiguousWidth) -> Self {
        match ambiguous {
            AmbiguousWidth::Narrow => Self {
                border: border::ROUNDED,
                open: "▾ ",
                closed: "▸ ",
                crumb: " › ",
                bar: " │ ",
                thumb: "█",
                track: "║",
                caret: "▏",
            },
            AmbiguousWidth::Wide => Self {
                border: border::Set {
                    top_left: "+",
                    top_right: "+",
                    bottom_left: "+",
                    bottom_right: "+",
                    vertical_left: "|",
                    vertical_right: "|",
                    horizontal_top: "-",
                    horizontal_bottom: "-",
                },
                open: "- ",
                closed: "+ ",
                crumb: " > ",
                bar: " | ",
                thumb: "#",
                track: "|",
                caret: "_",
            },
        }
    }
}

/// The styles the panes draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ambiguous: AmbiguousWidth,
    pub glyphs: Glyphs,
}

/// Map a config colour to the terminal's ANSI colour.
#[must_use]
pub fn ansi(c: NamedColor) -> Color {
    match c {
        NamedColor::Black => Color::Black,
        NamedColor::Red => Color::Red,
        NamedColor::Green => Color::Green,
        NamedColor::Yellow => Color::Yellow,
        NamedColor::Blue => Color::Blue,
        NamedColor::Magenta => Color::Magenta,
        NamedColor::Cyan => Color::Cyan,
        NamedColor::Gray => Color::Gray,
        NamedColor::DarkGray => Color::DarkGray,
        NamedColor::LightRed => Color::LightRed,
        NamedColor::LightGreen => Color::LightGreen,
        NamedColor::LightYellow => Color::LightYellow,
        NamedColor::LightBlue => Color::LightBlue,
        NamedColor::LightMagenta => Color::LightMagenta,
        NamedColor::LightCyan => Color::LightCyan,
        NamedColor::White => Color::White,
    }
}

impl Theme {
    /// The theme for a colour choice and width model.
    #[must_use]
    pub fn new(color: bool, ambiguous: AmbiguousWidth) -> Self {
        Self { color, ambiguous, glyphs: Glyphs::for_width(ambiguous) }
    }

    fn fg(self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// Headings in the text and the outline, by family: by weight, in the default colour, so no
    /// term list's colour is ever a heading's.
    #[must_use]
    pub fn heading(self, family: Family) -> Style {
        match family {
            Family::Part
            | Family::Appendix
            | Family::Chapter
            | Family::Heading
            | Family::Item
            | Family::Requirement
            | Family::Point
            | Family::Ordinal
            | Family::Sequence => Style::new().add_modifier(Modifier::BOLD),
            Family::Dash => Style::new(),
            Family::Preamble => Style::new().add_modifier(Modifier::ITALIC),
        }
    }

    /// A configured term in its list's colour (underlined without colour).
    #[must_use]
    pub fn term(self, color: NamedColor) -> Style {
        if self.color { Style::new().fg(ansi(color)) } else { Style::new().add_modifier(Modifier::UNDERLINED) }
    }

    /// Every occurrence of a selected term: its colour as the background.
    #[must_use]
    pub fn term_match(self, color: NamedColor) -> Style {
        if self.color {
            Style::new().bg(ansi(color)).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The reading cursor's sentence (also marked `>` in the margin).
    #[must_use]
    pub fn cursor(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A match inside the reading cursor's sentence without colour, where reverse would not
    /// show it.
    #[must_use]
    pub fn match_in_cursor(self) -> Style {
        Style::new().remove_modifier(Modifier::REVERSED).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A sentence that is new since the compared document.
    #[must_use]
    pub fn new_sentence(self) -> Style {
        if self.color { Style::new().fg(Color::LightGreen) } else { Style::new().add_modifier(Modifier::ITALIC) }
    }

    /// A sentence with a note (also marked `*` in the margin): underlined in colour, where terms
    /// are told by their colour; italic without, where underline marks terms.
    #[must_use]
    pub fn noted(self) -> Style {
        if self.color {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::ITALIC)
        }
    }

    /// A term the document's own glossary defines: underlined (dotted where the terminal can).
    #[must_use]
    pub fn defined(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Every search match.
    #[must_use]
    pub fn search_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current search match.
    #[must_use]
    pub fn current_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::LightRed).fg(Color::Black).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// Title-block lines.
    #[must_use]
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Subtitle, date and speaker lines.
    #[must_use]
    pub fn byline(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    /// Web-page chrome and other text that may fade: faint, in the default colour.
    #[must_use]
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Pane borders: focused (cyan, bold) or not (the default colour).
    #[must_use]
    pub fn border(self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { Style::new() }
    }

    /// The selected entry of a focused list.
    #[must_use]
    pub fn selection(self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// The status bar.
    #[must_use]
    pub fn status(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A message on the line above the status bar.
    #[must_use]
    pub fn message(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Paragraph numbers beside the text.
    #[must_use]
    pub fn gutter(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Counts and sizes beside entries (the default colour: never the dark gray that vanishes on
    /// dark themes).
    #[must_use]
    pub fn count(self) -> Style {
        Style::new()
    }

    /// A note shown in place under the text.
    #[must_use]
    pub fn note(self) -> Style {
        Style::new()
    }

    /// Marks in the margin of the text (`>` cursor, `*` note).
    #[must_use]
    pub fn margin(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A group's heading in the help.
    #[must_use]
    pub fn group(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Key names in hints and help.
    #[must_use]
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
