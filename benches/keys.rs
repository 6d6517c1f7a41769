//! One key's `update` plus a full `draw` on ratatui's `TestBackend`, on a 10 MB document at
//! 160×48 and 200×60: scroll, page, outline jump, next match, pane toggle.

#[path = "support/input.rs"]
mod input;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jianghua::app::{App, DocView};
use jianghua::config::Config;
use jianghua::document::{Document, Source};
use jianghua::keymap::{Key, parse_vim};
use jianghua::ui::{self, theme::Theme};
use jianghua::width::AmbiguousWidth;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn app(text: &str, width: u16, height: u16) -> App {
    let config = Config::embedded();
    let view = DocView::new(Document::from_text(text.to_owned(), Source::named("bench")), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, width, height));
    app
}

fn bench(c: &mut Criterion) {
    let text = input::text_of_size(input::TEN_MB);
    let theme = Theme::new(true, AmbiguousWidth::Narrow);
    for (width, height) in [(160u16, 48u16), (200, 60)] {
        let mut g = c.benchmark_group(format!("key_update_draw_{width}x{height}"));
        g.sample_size(50);
        // (name, keys typed once before measuring, the key measured; pairs alternate to stay in range)
        let cases: [(&str, &str, [Key; 2]); 5] = [
            ("scroll_j_k", "G<PageUp><PageUp>", [Key::char('j'), Key::char('k')]),
            ("page_space_b", ":50%<CR>", [Key::char(' '), Key::char('b')]),
            ("outline_jump", "1:50%<CR>", [Key::char('j'), Key::char('k')]),
            ("next_match_n_N", "/发展<CR>", [Key::char('n'), Key::char('N')]),
            ("toggle_pane_t", "", [Key::char('o'), Key::char('o')]),
        ];
        for (name, setup, keys) in cases {
            let mut app = app(&text, width, height);
            for key in parse_vim(setup).unwrap() {
                app.handle_key(key);
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            let mut i = 0usize;
            g.bench_function(name, |b| {
                b.iter(|| {
                    app.handle_key(keys[i % 2]);
                    i += 1;
                    terminal.draw(|f| ui::draw(f, &app, theme)).unwrap();
                    black_box(app.doc().viewport.top)
                });
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
