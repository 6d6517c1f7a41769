//! A reader on the first embedded sample at a given size, and keys typed into it, for the tests
//! of reading that look at frames.

#![allow(dead_code)]

use jianghua::app::{App, DocView};
use jianghua::config::Config;
use jianghua::keymap::parse_vim;
use jianghua::samples::{SAMPLES, load};
use ratatui::layout::Rect;

/// The reader on the county work-meeting speech, sized `width`×`height`.
#[must_use]
pub fn app(width: u16, height: u16) -> App {
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, width, height));
    app
}

/// Type `keys` (vim notation) and return the frame drawn after them.
pub fn keys(app: &mut App, keys: &str) -> String {
    let (w, h) = (app.size.width, app.size.height);
    jianghua::tui::render(app, w, h, &parse_vim(keys).unwrap())
}
