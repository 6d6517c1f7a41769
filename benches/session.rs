//! The leader's cost per key with 30 followers against the same reader leading nobody and not
//! leading at all: one key's `update`, publishing what changed (the session's effects carried
//! out), and a full `draw`, on the embedded sample at 120×40. The followers are 30 real clients
//! (the code `jianghua follow` listens with) on threads of this process, reading and decoding
//! every frame; what they hear is thrown away.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use jianghua::app::{App, DocView, Input};
use jianghua::config::Config;
use jianghua::keymap::Key;
use jianghua::session::{Access, Client, SessionDir, join};
use jianghua::tui::session::{Sessions, leading};
use jianghua::ui::{self, theme::Theme};
use jianghua::width::AmbiguousWidth;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const FOLLOWERS: usize = 30;

fn reader() -> App {
    let config = Config::embedded();
    let (name, text) = jianghua::samples::default_sample();
    let view = DocView::new(jianghua::samples::load(name, text), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, 120, 40));
    app
}

/// One key as the loop applies it: input, publishing, the effects, a frame.
fn step(app: &mut App, sessions: &mut Sessions, terminal: &mut Terminal<TestBackend>, key: Key, theme: Theme) {
    app.input(Input::Key(key));
    app.publish_changes();
    for effect in app.take_effects() {
        let _ = sessions.perform(effect, app);
    }
    terminal.draw(|f| ui::draw(f, app, theme)).unwrap();
}

fn bench(c: &mut Criterion) {
    let base = tempfile::tempdir().unwrap();
    let dir = SessionDir::at(base.path().join("s"));
    let theme = Theme::new(true, AmbiguousWidth::Narrow);
    let keys = [Key::char('j'), Key::char('k')];
    let mut g = c.benchmark_group("leader_key_120x40");
    g.sample_size(100);
    for (name, followers) in
        [("not_leading", None), ("leading_alone", Some(0)), ("leading_30_followers", Some(FOLLOWERS))]
    {
        let mut app = reader();
        let mut sessions = Sessions::new(dir.clone(), None);
        let mut clients: Vec<Client> = Vec::new();
        if let Some(n) = followers {
            let session = format!("bench{n}");
            leading(&mut app, &mut sessions, Some(&session), Access::Private).unwrap();
            app.publish_changes();
            for effect in app.take_effects() {
                let _ = sessions.perform(effect, &mut app);
            }
            for _ in 0..n {
                let joined = join(&dir, Some(&session), None, None).unwrap();
                let found = joined.found.clone();
                clients.push(Client::start(
                    dir.clone(),
                    found,
                    Some(joined.connection),
                    None,
                    None,
                    Arc::new(|_| true),
                ));
            }
            while sessions.leader().is_some_and(|l| l.followers() < n) {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut i = 0usize;
        g.bench_function(name, |b| {
            b.iter(|| {
                step(&mut app, &mut sessions, &mut terminal, keys[i % 2], theme);
                i += 1;
                black_box(app.doc().viewport.top)
            });
        });
        drop(clients);
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
