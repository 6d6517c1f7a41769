//! The one event loop. Every way of running the reader goes through [`run`]: the terminal, a
//! `--keys` script (`render`), tests and benches. It draws the first frame, then repeats: carry
//! out the effects `update` queued, wait for a batch of events, apply them (carrying out effects
//! after each), draw.
//!
//! Two seams make it serve every runner:
//! - an [`EventSource`] delivers [`Event`]s: the terminal (keys, pastes, mouse, resizes, signals,
//!   results of background work, a study session's messages), a key script, or a channel. A source
//!   that can hear from elsewhere (a peer, a background job) sends [`Event`]s of its own kind; the
//!   loop applies them in order with the rest.
//! - an [`Executor`] carries out each [`Effect`] or refuses it: the terminal's writes files and
//!   talks to the terminal; the headless one writes nothing and reports what it was asked.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Input, KeywordsReady, Outcome};
use crate::library::catalog::Event as CatalogEvent;
use crate::session::SessionEvent;
use crate::ui::{self, theme::Theme};

/// How long the loop waits for events before asking the source again. Sources wake it earlier
/// when something happens; the wait only bounds how late a source notices that it has ended.
pub const WAIT: Duration = Duration::from_millis(250);

/// News from the background alone (the catalog filling in, hundreds of documents a second) is
/// drawn at most this often, so the frames it causes do not take the core a key needs; anything
/// else (a key above all) is drawn at once, news included.
pub const NEWS_FRAME: Duration = Duration::from_millis(100);

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// From the user: a key, a paste, the mouse, a new size.
    Input(Input),
    /// Keywords computed in the background.
    Keywords(KeywordsReady),
    /// The answer to an effect carried out in the background (a save).
    Answer(Outcome),
    /// The library catalog, filling in the background, knows more.
    Catalog(CatalogEvent),
    /// A big library's trends, counted from its catalog, or how far counting has got.
    Trends(crate::app::TrendsNews),
    /// The library's search index is built (or was found in the cache).
    Index(SearchIndex),
    /// A big document shown from its head has been read and analysed whole.
    Whole(Box<crate::app::Whole>),
    /// The terminal draws `“ ” … — ·` this wide (the start-up probe's answer).
    AmbiguousWidth(crate::width::AmbiguousWidth),
    /// A document's reading state as another reader saved it (see `watch`).
    StateOnDisk(Box<crate::state::DocState>),
    /// What the study session says: followers, the leader's document and position, its end.
    Session(SessionEvent),
    /// End the session as `q` would, saving state: a signal to end (SIGTERM, SIGHUP, SIGINT,
    /// SIGQUIT) or a terminal that went away.
    Hangup,
    /// Stop until continued (SIGTSTP from outside): give the terminal back first.
    Stop,
    /// Continued after a stop (SIGCONT): take the terminal again and draw everything.
    Continue,
    /// Nothing more will come (the end of a key script): stop without ending the session.
    Exhausted,
}

/// A library's search index, as an event.
pub struct SearchIndex(pub std::sync::Arc<crate::library::index::Index>);

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchIndex({} documents)", self.0.len())
    }
}

/// Where events come from.
pub trait EventSource {
    /// Wait up to `timeout` for something to happen; return it with whatever else is already
    /// waiting, in order. An empty batch means nothing happened (no frame is drawn for it).
    fn next_batch(&mut self, timeout: Duration) -> Vec<Event>;
}

/// Whether the loop goes on after an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Carries out effects (or refuses them) for the loop.
pub trait Executor<B: Backend> {
    /// Carry out one effect, giving any answer to `app` (`App::outcome`).
    fn perform(&mut self, effect: Effect, app: &mut App, terminal: &mut Terminal<B>) -> Flow;
}

/// Run `app` on `terminal` with events from `source` and effects carried out by `executor`,
/// until the session ends (an executed [`Effect::Quit`]) or the source is exhausted.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut theme: Theme,
    source: &mut impl EventSource,
    executor: &mut impl Executor<B>,
) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.resize(Rect::new(0, 0, size.width, size.height));
    app.publish_changes();
    // The first frame comes before anything queued so far (keywords, say) is started.
    draw(terminal, app, theme)?;
    // When the last frame was drawn, and whether news has come since that is not drawn yet.
    let (mut drawn, mut owed) = (Instant::now(), false);
    loop {
        if settle(app, terminal, executor) == Flow::Stop {
            return Ok(());
        }
        let batch = source.next_batch(if owed { NEWS_FRAME.saturating_sub(drawn.elapsed()) } else { WAIT });
        if batch.is_empty() && !owed {
            continue;
        }
        let news_only = !batch.is_empty() && batch.iter().all(|e| matches!(e, Event::Catalog(_)));
        for event in batch {
            match event {
                Event::Input(input) => app.input(input),
                Event::Keywords(ready) => app.keywords_ready(ready),
                Event::Answer(outcome) => app.outcome(outcome),
                Event::Catalog(news) => app.catalog_event(news),
                Event::Trends(news) => app.trends_news(news),
                Event::Index(SearchIndex(index)) => app.search_index = Some(index),
                Event::Whole(whole) => app.whole_read(*whole),
                Event::StateOnDisk(state) => app.state_on_disk(&state),
                Event::AmbiguousWidth(width) => {
                    app.set_ambiguous_width(width);
                    theme = Theme::new(theme.color, width);
                }
                Event::Session(event) => app.session_event(event),
                Event::Hangup => app.end(),
                Event::Stop => app.ask(Effect::Suspend),
                Event::Continue => app.ask(Effect::Resume),
                Event::Exhausted => return Ok(()),
            }
            // A leader's followers hear what this event changed before the frame is drawn.
            app.publish_changes();
            if settle(app, terminal, executor) == Flow::Stop {
                return Ok(());
            }
        }
        if news_only && drawn.elapsed() < NEWS_FRAME {
            owed = true;
            continue;
        }
        (drawn, owed) = (Instant::now(), false);
        if let Err(e) = draw(terminal, app, theme) {
            // The terminal cannot be written to: end the session as on a hang-up.
            app.end();
            settle(app, terminal, executor);
            return Err(e);
        }
    }
}

/// Carry out every queued effect, and those their answers queue in turn.
fn settle<B: Backend>(app: &mut App, terminal: &mut Terminal<B>, executor: &mut impl Executor<B>) -> Flow {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return Flow::Continue;
        }
        for effect in effects {
            if executor.perform(effect, app, terminal) == Flow::Stop {
                return Flow::Stop;
            }
        }
    }
}

/// Draw one frame.
fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App, theme: Theme) -> Result<(), B::Error> {
    terminal.draw(|frame| {
        // The frame's size is the truth: a resize may not have arrived as an event yet.
        if frame.area() != app.size {
            app.resize(frame.area());
        }
        ui::draw(frame, app, theme);
    })?;
    Ok(())
}

/// Clear the screen so that the next frame draws every cell ([`Effect::Redraw`], and after the
/// terminal was given back). Unlike `Terminal::clear`, this never asks the terminal where its
/// cursor is: an answer that arrives late is what left `;1R` at the shell prompt.
pub fn clear<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use ratatui::layout::Size;

    use super::*;
    use crate::app::DocView;
    use crate::config::Config;
    use crate::document::{Document, Source};
    use crate::keymap::Key;
    use crate::tui::wire::WireBackend;
    use crate::width::AmbiguousWidth;

    /// Counts the frames sent (one flush each).
    #[derive(Default)]
    struct Frames(usize);

    impl Write for Frames {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.0 += 1;
            Ok(())
        }
    }

    /// Carries nothing out.
    struct Ignore;

    impl<B: Backend> Executor<B> for Ignore {
        fn perform(&mut self, effect: Effect, _app: &mut App, _terminal: &mut Terminal<B>) -> Flow {
            if matches!(effect, Effect::Quit) { Flow::Stop } else { Flow::Continue }
        }
    }

    /// Catalog news as fast as it can come, one event a batch, then a key, then the end.
    struct News {
        left: usize,
        key_sent: bool,
    }

    impl EventSource for News {
        fn next_batch(&mut self, _timeout: Duration) -> Vec<Event> {
            if self.left > 0 {
                self.left -= 1;
                return vec![Event::Catalog(CatalogEvent::Progress { done: 500 - self.left, total: 1000 })];
            }
            if !self.key_sent {
                self.key_sent = true;
                return vec![Event::Input(Input::Key(Key::char('j')))];
            }
            vec![Event::Exhausted]
        }
    }

    /// Frames drawn for `news` events of catalog news then a key, and how long it took.
    fn frames(news: usize) -> (usize, Duration, App) {
        let config = Config::embedded();
        let text = crate::samples::SAMPLES[0].1.to_owned();
        let mut app =
            App::new(config.clone(), vec![DocView::new(Document::from_text(text, Source::named("a")), &config)]);
        let mut terminal = Terminal::new(WireBackend::fixed(Frames::default(), Size::new(100, 30))).unwrap();
        let started = Instant::now();
        let mut source = News { left: news, key_sent: false };
        run(&mut terminal, &mut app, Theme::new(true, AmbiguousWidth::Narrow), &mut source, &mut Ignore).unwrap();
        (terminal.backend_mut().writer_mut().0, started.elapsed(), app)
    }

    #[test]
    fn background_news_alone_is_drawn_now_and_then_and_a_key_at_once() {
        let (quiet, _, _) = frames(0);
        let (busy, took, app) = frames(500);
        // At most one more frame per 100 ms of news than with none (the key's is in both).
        let most = quiet + took.as_millis() as usize / NEWS_FRAME.as_millis() as usize + 1;
        assert!((quiet..=most).contains(&busy), "{busy} frames for 500 events of news (none: {quiet}; at most {most})");
        assert_eq!(app.cataloguing, Some((500, 1000)), "every event is applied, drawn or not");
        assert!(app.doc().viewport.top != crate::app::TextPos::default(), "the key is applied");
    }
}
