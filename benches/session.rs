//! The leader's cost per key with 30 followers against the same reader leading nobody and not
//! leading at all: one key's `update`, publishing what changed (the session's effects carried
//! out), and a full `draw`, on the embedded sample at 120×40. The followers are 30 real clients
//! (the code `jianghua follow` listens with) on threads of this process, reading and decoding
//! every frame; what they hear is thrown away. Measured twice: in wall time (`leader_key_120x40`),
//! which on a small machine includes the time the followers' threads take from the leader's
//! core, and in the CPU time of the leader's thread alone (`leader_key_cpu_120x40`).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

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

/// How a key is timed: by the wall clock, or by the leader thread's CPU time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clock {
    Wall,
    LeaderCpu,
}

fn bench(c: &mut Criterion) {
    let base = tempfile::tempdir().unwrap();
    let dir = SessionDir::at(base.path().join("s"));
    let theme = Theme::new(true, AmbiguousWidth::Narrow);
    let keys = [Key::char('j'), Key::char('k')];
    for (group, clock) in [("leader_key_120x40", Clock::Wall), ("leader_key_cpu_120x40", Clock::LeaderCpu)] {
        let mut g = c.benchmark_group(group);
        g.sample_size(100);
        for (name, followers) in
            [("not_leading", None), ("leading_alone", Some(0)), ("leading_30_followers", Some(FOLLOWERS))]
        {
            let mut app = reader();
            let mut sessions = Sessions::new(dir.clone(), None);
            let clients = followers.map(|n| lead_with(&mut app, &mut sessions, &dir, n)).unwrap_or_default();
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            let mut i = 0usize;
            g.bench_function(name, |b| match clock {
                Clock::Wall => b.iter(|| {
                    step(&mut app, &mut sessions, &mut terminal, keys[i % 2], theme);
                    i += 1;
                    black_box(app.doc().viewport.top)
                }),
                // What the leader's own thread spends per key, without the time the followers
                // (on the same cores of this machine) take from it.
                Clock::LeaderCpu => b.iter_custom(|iters| {
                    let start = thread_cpu();
                    for _ in 0..iters {
                        step(&mut app, &mut sessions, &mut terminal, keys[i % 2], theme);
                        i += 1;
                    }
                    black_box(app.doc().viewport.top);
                    thread_cpu().saturating_sub(start)
                }),
            });
            drop(clients);
        }
        g.finish();
    }
}

/// Make `app` lead, with `n` followers listening.
fn lead_with(app: &mut App, sessions: &mut Sessions, dir: &SessionDir, n: usize) -> Vec<Client> {
    let session = format!("bench{n}");
    leading(app, sessions, Some(&session), Access::Private).unwrap();
    app.publish_changes();
    for effect in app.take_effects() {
        let _ = sessions.perform(effect, app);
    }
    let clients = (0..n)
        .map(|_| {
            let joined = join(dir, Some(&session), None, None).unwrap();
            let found = joined.found.clone();
            Client::start(dir.clone(), found, Some(joined.connection), None, None, Arc::new(|_| true))
        })
        .collect();
    while sessions.leader().is_some_and(|l| l.followers() < n) {
        std::thread::sleep(Duration::from_millis(10));
    }
    clients
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID).map_or(Duration::ZERO, Duration::from)
}

criterion_group!(benches, bench);
criterion_main!(benches);
