//! Members of a study session for the tests: each an `App` on a virtual screen, run through the
//! one event loop with its session effects carried out (files still refused), on a temporary
//! socket directory. The test drives them in turn: keys go in, and the loop runs until nothing
//! has happened for a moment.
#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::Path;
use std::time::{Duration, Instant};

use jianghua::app::{App, DocView, Input};
use jianghua::config::Config;
use jianghua::keymap::parse_vim;
use jianghua::samples;
use jianghua::session::{Access, SessionDir, SessionError, join};
use jianghua::tui::event_loop::{self, Event};
use jianghua::tui::session::{Channel, SessionExecutor, Sessions, following, leading};
use jianghua::tui::{Refuse, screen_text};
use jianghua::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A temporary base directory for sockets, traversable by other users (for the tests that run a
/// peer as another user).
pub struct Base {
    pub root: tempfile::TempDir,
    pub dir: SessionDir,
}

impl Base {
    pub fn new() -> Self {
        let root = tempfile::Builder::new().prefix("jianghua-sessions-").tempdir().expect("a temporary directory");
        std::fs::set_permissions(root.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let dir = SessionDir::at(root.path().join("s"));
        Self { root, dir }
    }
}

pub struct Member {
    pub app: App,
    terminal: Terminal<TestBackend>,
    channel: Channel,
    executor: SessionExecutor<Refuse>,
    theme: Theme,
}

/// The embedded sample the tests read.
pub fn sample_view(config: &Config) -> DocView {
    let (name, text) = samples::default_sample();
    DocView::new(samples::load(name, text), config)
}

impl Member {
    pub fn new(app: App, sessions: Sessions, (width, height): (u16, u16)) -> Self {
        let mut channel = Channel::new();
        channel.set_idle(Some(Duration::from_millis(20)));
        sessions.connect(channel.sender());
        let theme = Theme::new(false, app.config.reader.ambiguous_width);
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut member =
            Self { app, terminal, channel, executor: SessionExecutor { inner: Refuse::default(), sessions }, theme };
        member.pump();
        member
    }

    /// A leader reading the embedded sample.
    pub fn leader(dir: &SessionDir, name: &str, access: Access, size: (u16, u16)) -> Self {
        let config = Config::embedded();
        let view = sample_view(&config);
        let mut app = App::new(config, vec![view]);
        let mut sessions = Sessions::new(dir.clone(), None);
        leading(&mut app, &mut sessions, Some(name), access).expect("leading");
        Self::new(app, sessions, size)
    }

    /// A follower of `name`, with its own copy at `own` if given.
    pub fn follower(dir: &SessionDir, name: &str, size: (u16, u16), own: Option<&Path>) -> Result<Self, SessionError> {
        let joined = join(dir, Some(name), own, None)?;
        let (app, sessions) = following(Config::embedded(), joined, dir.clone(), None, own.map(Path::to_path_buf));
        Ok(Self::new(app, sessions, size))
    }

    /// Run the loop until nothing has happened for 20 ms.
    pub fn pump(&mut self) {
        let Ok(()) =
            event_loop::run(&mut self.terminal, &mut self.app, self.theme, &mut self.channel, &mut self.executor);
    }

    /// Type `keys` (vim notation), then run the loop.
    pub fn keys(&mut self, keys: &str) {
        for key in parse_vim(keys).unwrap() {
            self.channel.sender().send(Event::Input(Input::Key(key))).unwrap();
        }
        self.pump();
    }

    /// Send any event (a hostile one, say), then run the loop.
    pub fn send(&mut self, event: Event) {
        self.channel.sender().send(event).unwrap();
        self.pump();
    }

    /// Forget the message in the status bar (to wait for the next one).
    pub fn message_cleared(&mut self) {
        self.app.message = None;
    }

    /// The terminal is now `width`×`height`.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.send(Event::Input(Input::Resize { width, height }));
    }

    /// Run the loop until `cond` holds; fail with the screen after 10 s.
    pub fn wait(&mut self, what: &str, cond: impl Fn(&mut Self) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.pump();
            if cond(self) {
                return;
            }
            assert!(Instant::now() < deadline, "waited 10 s for {what}; the screen:\n{}", self.screen());
        }
    }

    /// The screen as text.
    pub fn screen(&mut self) -> String {
        let (app, theme) = (&mut self.app, self.theme);
        let frame = self.terminal.draw(|f| {
            if f.area() != app.size {
                app.resize(f.area());
            }
            jianghua::ui::draw(f, app, theme);
        });
        let Ok(frame) = frame;
        screen_text(frame.buffer)
    }

    /// The status bar, with the message line above it when a message is too long for the bar
    /// (a row that is not part of a pane: it starts with no border).
    pub fn status(&mut self) -> String {
        let screen = self.screen();
        let mut rows = screen.lines().rev();
        let bar = rows.next().unwrap_or_default().to_owned();
        match rows.next() {
            Some(above) if !above.starts_with(['│', '╰', '║']) => format!("{above}\n{bar}"),
            _ => bar,
        }
    }

    /// How many rows below the top of the text `byte` is, if it is on screen.
    pub fn row_of(&self, byte: usize) -> Option<usize> {
        let doc = self.app.doc();
        let target = doc.pos_of_byte(byte);
        (0..doc.viewport.height).find(|&r| doc.advance(doc.viewport.top, r) == target)
    }

    /// The leader's focus as a follower shows it: the published cursor sentence's start, else
    /// the published offset.
    pub fn focus(&self) -> usize {
        let Some(jianghua::app::Session::Leading(lead)) = &self.app.session else { panic!("not leading") };
        let p = lead.published().expect("a published position");
        self.app.doc().analysis.doc.byte_of_char(p.sentence.map_or(p.offset, |[start, _]| start))
    }
}
