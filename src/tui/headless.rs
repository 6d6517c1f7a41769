//! Running the reader without a terminal, on ratatui's `TestBackend`: `jianghua render`, the
//! tests and the benches. Keys come from a script, one per frame as a user typing would send
//! them; every effect is refused and reported (nothing is written, copied or suspended), except
//! quitting, which ends the script early, and redrawing, which is harmless.

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellDiffOption};

use super::event_loop::{self, Event, EventSource, Executor, Flow};
use crate::app::{App, Effect, Input};
use crate::keymap::Key;
use crate::ui::theme::Theme;

/// Keys from a script, one per batch, then [`Event::Exhausted`].
#[derive(Debug, Clone, Default)]
pub struct Script {
    keys: VecDeque<Key>,
}

impl Script {
    #[must_use]
    pub fn new(keys: &[Key]) -> Self {
        Self { keys: keys.iter().copied().collect() }
    }
}

impl EventSource for Script {
    fn next_batch(&mut self, _timeout: Duration) -> Vec<Event> {
        vec![self.keys.pop_front().map_or(Event::Exhausted, |k| Event::Input(Input::Key(k)))]
    }
}

/// Refuses every effect that would reach outside the process, and keeps a line for each.
#[derive(Debug, Clone, Default)]
pub struct Refuse {
    /// What would have happened, in order.
    pub refused: Vec<String>,
}

impl Executor<TestBackend> for Refuse {
    fn perform(&mut self, effect: Effect, _app: &mut App, terminal: &mut Terminal<TestBackend>) -> Flow {
        match effect {
            Effect::Quit => return Flow::Stop,
            Effect::Redraw => {
                let _ = event_loop::clear(terminal);
            }
            // Nothing is written, and no other reader's change arrives while a script runs.
            Effect::Watch(_) => {}
            other => self.refused.push(describe(&other)),
        }
        Flow::Continue
    }
}

/// What an effect would do, in one line for the user (paths and terms made safe to print).
#[must_use]
pub fn describe(effect: &Effect) -> String {
    let safe = |s: &str| crate::document::safe(s).into_owned();
    match effect {
        Effect::WriteBrief { path, bytes, .. } => {
            format!("write the study brief ({} bytes) to {}", bytes.len(), safe(&path.display().to_string()))
        }
        Effect::AddTerm { term, list, .. } => {
            format!("add the term “{}” to the list “{}” in your config file", safe(term), safe(list))
        }
        Effect::SaveState(docs) => format!("save the reading state of {} document(s)", docs.len()),
        Effect::SaveUi(_) => "save the layout (outline width, paragraph numbers)".into(),
        Effect::Copy(text) => format!("copy {} characters to the clipboard", text.chars().count()),
        Effect::Analyse(jobs) => format!("compute the keywords of {} document(s) in the background", jobs.len()),
        Effect::Redraw => "redraw the screen".into(),
        Effect::Watch(_) => "look out for other readers' notes on a document opened later".into(),
        Effect::Suspend => "suspend to the shell".into(),
        Effect::Resume => "take the terminal back".into(),
        Effect::Lead { name, .. } => match name {
            Some(n) => format!("lead a study session named {}", safe(n)),
            None => "lead a study session".into(),
        },
        Effect::StopSession => "stop leading the study session".into(),
        Effect::Publish(_) => "publish the position to the study session".into(),
        Effect::ListSessions => "list the study sessions".into(),
        Effect::Follow(found) => format!("follow the study session {}", safe(&found.name)),
        Effect::Quit => "quit".into(),
    }
}

/// Run the app headless at `width`×`height`, apply `keys`, and return the final screen as text
/// with the effects it refused.
///
/// A frame is drawn after every key, as in the terminal. The text is taken from a frame of the
/// final state itself rather than from the test backend, which (unlike a terminal) keeps stale
/// cells hidden under wide characters.
#[must_use]
pub fn render_reporting(app: &mut App, width: u16, height: u16, keys: &[Key]) -> (String, Vec<String>) {
    let theme = Theme::new(false, app.config.reader.ambiguous_width);
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    let mut refuse = Refuse::default();
    let Ok(()) = event_loop::run(&mut terminal, app, theme, &mut Script::new(keys), &mut refuse);
    // The screen as the app stands now (after `q` too), from the frame itself.
    let Ok(frame) = terminal.draw(|f| {
        if f.area() != app.size {
            app.resize(f.area());
        }
        crate::ui::draw(f, app, theme);
    });
    (screen_text(frame.buffer), refuse.refused)
}

/// [`render_reporting`] without the report.
#[must_use]
pub fn render(app: &mut App, width: u16, height: u16, keys: &[Key]) -> String {
    render_reporting(app, width, height, keys).0
}

/// The screen as plain text: one line per row, wide characters once, trailing spaces trimmed.
#[must_use]
pub fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.y..buf.area.bottom() {
        let mut line = String::new();
        let mut x = buf.area.x;
        while x < buf.area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let width = match cell.diff_option {
                CellDiffOption::ForcedWidth(w) => w.get(),
                _ => u16::try_from(unicode_width::UnicodeWidthStr::width(symbol)).unwrap_or(1),
            };
            line.push_str(if symbol.is_empty() { " " } else { symbol });
            x += width.max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Compute keywords now, on this thread, and wait for them (`render --wait-analysis`).
pub fn wait_for_analysis(app: &mut App) {
    let jobs = app.keyword_jobs();
    crate::app::run_keyword_jobs(&jobs, |ready| {
        app.keywords_ready(ready);
        true
    });
}
