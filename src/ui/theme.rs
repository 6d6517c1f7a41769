//! Styles. The default theme uses only the 16 ANSI colours plus bold, underline and reverse, so
//! it looks the same over SSH, in tmux and with `TERM=xterm`. Without colour (`NO_COLOR`,
//! `--color never`) every distinction is still made with modifiers.

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

    /// Headings in the text and the outline, by family.
    #[must_use]
    pub fn heading(self, family: Family) -> Style {
        match family {
            Family::Part | Family::Appendix => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Family::Chapter | Family::Heading => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Family::Item => self.fg(Color::Blue).add_modifier(Modifier::BOLD),
            Family::Requirement | Family::Point | Family::Ordinal | Family::Sequence => {
                self.fg(Color::Green).add_modifier(Modifier::BOLD)
            }
            Family::Dash => self.fg(Color::Green),
            Family::Preamble => self.fg(Color::Gray).add_modifier(Modifier::ITALIC),
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

    /// The reading cursor's sentence.
    #[must_use]
    pub fn cursor(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    /// A sentence that is new since the compared document.
    #[must_use]
    pub fn new_sentence(self) -> Style {
        if self.color { Style::new().fg(Color::LightGreen) } else { Style::new().add_modifier(Modifier::ITALIC) }
    }

    /// A sentence with a note.
    #[must_use]
    pub fn noted(self) -> Style {
        self.fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED)
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
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Subtitle, date and speaker lines.
    #[must_use]
    pub fn byline(self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::ITALIC)
    }

    /// Web-page chrome and other de-emphasised text.
    #[must_use]
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    /// Pane borders: focused or not.
    #[must_use]
    pub fn border(self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { self.dim() }
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

    /// Key names in hints and help.
    #[must_use]
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
