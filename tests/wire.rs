//! The light terminal backend ([`jianghua::tui::wire`]) sends exactly the screen the app drew:
//! every frame of the reader, driven by keys, goes through the backend into a terminal emulator
//! (vt100), which must then show what the frame holds, cell by cell, symbols and styles. And it
//! is light: one `j` at 100×30 costs at most 3 KB with three panes and 1 KB in text-only mode.

use jianghua::app::{App, DocView, Input};
use jianghua::config::Config;
use jianghua::keymap::{Key, parse_vim};
use jianghua::samples::{SAMPLES, load};
use jianghua::tui::wire::WireBackend;
use jianghua::ui::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::buffer::Buffer;
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};

/// A reader over sample `which` (with its keywords computed if asked) on a terminal that records bytes.
struct Reader {
    app: App,
    theme: Theme,
    terminal: Terminal<WireBackend<Vec<u8>>>,
    emulator: vt100::Parser,
}

impl Reader {
    fn new(which: usize, width: u16, height: u16, keywords: bool) -> Self {
        let config = Config::embedded();
        let (name, text) = SAMPLES[which % SAMPLES.len()];
        let view = DocView::new(load(name, text), &config);
        let theme = Theme::new(false, config.reader.ambiguous_width);
        let mut app = App::new(config, vec![view]);
        if keywords {
            jianghua::tui::wait_for_analysis(&mut app);
        }
        let terminal = Terminal::new(WireBackend::fixed(Vec::new(), Size { width, height })).unwrap();
        Self {
            app,
            theme,
            terminal,
            emulator: vt100::Parser::new(height.try_into().unwrap(), width.try_into().unwrap(), 0),
        }
    }

    /// Apply `key` (if any), draw a frame, pass the bytes to the emulator and check its screen
    /// against the frame. Returns the bytes sent.
    fn frame(&mut self, key: Option<Key>) -> usize {
        if let Some(key) = key {
            self.app.input(Input::Key(key));
            let _ = self.app.take_effects();
        }
        let (app, theme) = (&mut self.app, self.theme);
        let frame = self
            .terminal
            .draw(|f| {
                if f.area() != app.size {
                    app.resize(f.area());
                }
                jianghua::ui::draw(f, app, theme);
            })
            .unwrap();
        let expected = frame.buffer.clone();
        let sent = std::mem::take(self.terminal.backend_mut().writer_mut());
        self.emulator.process(&sent);
        same_screen(self.emulator.screen(), &expected);
        sent.len()
    }
}

fn vt_color(c: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named_color => vt100::Color::Idx(named.iter().position(|&n| n == named_color).unwrap() as u8),
    }
}

/// The emulator shows `expected`: every cell a reader sees (not those under a wide character).
fn same_screen(screen: &vt100::Screen, expected: &Buffer) {
    for y in 0..expected.area.height {
        let mut x = 0;
        while x < expected.area.width {
            let want = &expected[(x, y)];
            let got = screen.cell(y, x).unwrap();
            let symbol = if got.has_contents() { got.contents() } else { " " };
            let at = format!("cell ({x}, {y}) of\n{}", jianghua::tui::screen_text(expected));
            assert_eq!(symbol, want.symbol(), "symbol at {at}");
            assert_eq!(got.fgcolor(), vt_color(want.fg), "foreground at {at}");
            assert_eq!(got.bgcolor(), vt_color(want.bg), "background at {at}");
            // vt100 keeps one intensity: bold and dim together show as either.
            if want.modifier.contains(Modifier::BOLD | Modifier::DIM) {
                assert!(got.bold() || got.dim(), "intensity at {at}");
            } else {
                assert_eq!(got.bold(), want.modifier.contains(Modifier::BOLD), "bold at {at}");
                assert_eq!(got.dim(), want.modifier.contains(Modifier::DIM), "dim at {at}");
            }
            for (modifier, shown) in [
                (Modifier::ITALIC, got.italic()),
                (Modifier::UNDERLINED, got.underline()),
                (Modifier::REVERSED, got.inverse()),
            ] {
                assert_eq!(shown, want.modifier.contains(modifier), "{modifier:?} at {at}");
            }
            x += u16::try_from(unicode_width::UnicodeWidthStr::width(want.symbol())).unwrap_or(1).max(1);
        }
    }
}

fn keys(vim: &str) -> Vec<Key> {
    parse_vim(vim).unwrap()
}

/// The median of the bytes sent for `presses` presses of `j`, after `setup`.
fn bytes_per_j(setup: &str, presses: usize) -> usize {
    let mut reader = Reader::new(2, 100, 30, true);
    reader.frame(None);
    for key in keys(setup) {
        reader.frame(Some(key));
    }
    let j = keys("j")[0];
    let mut sent: Vec<usize> = (0..presses).map(|_| reader.frame(Some(j))).collect();
    sent.sort_unstable();
    sent[presses / 2]
}

#[test]
fn one_j_with_three_panes_sends_at_most_3_kb() {
    let median = bytes_per_j("", 30);
    assert!(median <= 3000, "{median} bytes per j");
}

#[test]
fn one_j_in_text_only_mode_sends_at_most_1_kb() {
    let median = bytes_per_j("z", 30);
    assert!(median <= 1000, "{median} bytes per j");
}

#[test]
fn scrolling_everywhere_shows_every_frame_exactly() {
    for (width, height) in [(100, 30), (80, 24), (41, 12)] {
        let mut reader = Reader::new(0, width, height, true);
        reader.frame(None);
        for key in keys("jjjj<C-d><C-d>kkk<C-u>Gkkkjjgg/发展<CR>nnNzjjjjkk<C-d><C-u>Gggz3jjjjJJK?jj<Esc>") {
            reader.frame(Some(key));
        }
    }
}

const KEYS: &[&str] = &[
    "j",
    "k",
    "<C-d>",
    "<C-u>",
    "G",
    "gg",
    "z",
    "<Tab>",
    "J",
    "K",
    "}",
    "3",
    "1",
    "n",
    "N",
    "/发展<CR>",
    "?",
    "<Esc>",
    "<C-f>",
    "<C-b>",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any key sequence on any sample at any size: the terminal shows each frame exactly.
    #[test]
    fn any_keys_show_every_frame_exactly(
        which in 0..SAMPLES.len(),
        width in 40u16..140,
        height in 10u16..45,
        script in prop::collection::vec(prop::sample::select(KEYS), 1..40),
    ) {
        let mut reader = Reader::new(which, width, height, false);
        reader.frame(None);
        for step in script {
            for key in keys(step) {
                reader.frame(Some(key));
            }
        }
    }
}
