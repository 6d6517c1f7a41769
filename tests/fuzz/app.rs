//! Target `app`: the reader driven key by key (and by pastes, clicks, wheel turns, resize
//! storms and keyword arrivals) through the headless loop; every frame fits the screen, shows
//! no control character, and the top stays in range. Writes nothing: every effect is refused.

use std::cell::RefCell;
use std::fmt::{Debug, Write as _};
use std::sync::OnceLock;
use std::sync::atomic::Ordering;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Input, Mouse, TextPos};
use jianghua::config::Config;
use jianghua::document::{Document, Source, is_unsafe};
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::SAMPLES;
use jianghua::terms::Segmenter;
use jianghua::width::{AmbiguousWidth, str_width};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use ratatui::layout::{Position, Rect};

use crate::generators::*;
use crate::parse::*;

pub(crate) const DEFAULT_KEYS: &[char] = &[
    'j', 'k', 'g', 'G', 'h', 'l', 'o', 't', 'z', 'n', 'N', '?', ':', '/', 'a', 'c', '1', '2', '3', '[', ']', '{', '}',
    'q', ' ', 'b', '#', '<', '>', 'O', 'K', 'v', '(', ')',
];

pub(crate) const SPECIAL: &[KeyCodeOrd] = &[
    KeyCodeOrd::Enter,
    KeyCodeOrd::Esc,
    KeyCodeOrd::Tab,
    KeyCodeOrd::BackTab,
    KeyCodeOrd::Up,
    KeyCodeOrd::Down,
    KeyCodeOrd::PageUp,
    KeyCodeOrd::PageDown,
    KeyCodeOrd::Home,
    KeyCodeOrd::End,
    KeyCodeOrd::Backspace,
    KeyCodeOrd::Delete,
    KeyCodeOrd::Left,
    KeyCodeOrd::Right,
    KeyCodeOrd::Insert,
];

/// Typed into prompts: Chinese, pinyin, markers, goto targets.
pub(crate) const TYPED: &[char] = &[
    '党', '建', '发', '展', '一', '二', '三', '十', '、', '（', '）', '(', ')', '，', '。', '%', '0', '5', '9', 'd',
    'j', 's', 'f', 'z', 'h', 'a', 'n', 'g', 'x', 'i', 'u', 'e', 'o', 'y', 'Z', 'D', '“', '”', '—', '\u{3000}', '①',
    '．', '.', '第', '是', '要', '附', '件', '👨', '\u{301}', '\u{200d}', '𠀀', 'ｚ',
];

pub(crate) fn key() -> BoxedStrategy<Key> {
    prop_oneof![
        12 => select(DEFAULT_KEYS).prop_map(Key::char),
        5 => select(SPECIAL).prop_map(Key::plain),
        2 => select(&['d', 'u', 'l', 'c', 'z'][..])
            .prop_map(|c| Key { code: KeyCodeOrd::Char(c), ctrl: true, alt: false }),
        4 => select(TYPED).prop_map(Key::char),
        1 => (any::<char>(), any::<bool>(), any::<bool>())
            .prop_map(|(c, ctrl, alt)| Key { code: KeyCodeOrd::Char(c), ctrl, alt }),
        1 => select(CONTROLS).prop_map(Key::char),
        1 => (1u8..=12).prop_map(|n| Key::plain(KeyCodeOrd::F(n))),
        1 => (select(SPECIAL), any::<bool>(), any::<bool>())
            .prop_map(|(code, ctrl, alt)| Key { code, ctrl, alt }),
    ]
    .boxed()
}

pub(crate) fn typed_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-z]{1,10}",
        3 => "[\\p{Han}]{1,4}",
        2 => select(PIECES).prop_map(str::to_owned),
        2 => (select(&["一、", "（三）", "二、（三）", "3.", "（2）", "50%", "0%", "100%", "999%", "②", "附件1", "-1", "二、（三）4."][..]))
            .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
    .boxed()
}

pub(crate) fn keys() -> BoxedStrategy<Vec<Key>> {
    let prompt = |open: char| {
        (
            typed_text(),
            prop_oneof![3 => Just(Some(KeyCodeOrd::Enter)), 1 => Just(Some(KeyCodeOrd::Esc)), 1 => Just(None)],
        )
            .prop_map(move |(t, end)| {
                let mut k = vec![Key::char(open)];
                k.extend(t.chars().map(Key::char));
                k.extend(end.map(Key::plain));
                k
            })
    };
    prop_oneof![
        6 => proptest::collection::vec(key(), 1..16),
        2 => prompt('/'),
        2 => prompt(':'),
        // Select a term and add it to a list (writes only inside the case's temporary directory).
        1 => (0usize..6, 0usize..3).prop_map(|(down, list)| {
            // Alt-3 focuses the terms pane.
            let mut k = vec![Key { code: KeyCodeOrd::Char('3'), ctrl: false, alt: true }];
            k.extend(std::iter::repeat_n(Key::char('j'), down));
            k.push(Key::char('a'));
            k.extend(std::iter::repeat_n(Key::char('j'), list));
            k.push(Key::plain(KeyCodeOrd::Enter));
            k
        }),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub(crate) enum Event {
    Key(Key),
    Resize(u16, u16),
    Paste(String),
    /// A click, delivered only where the terminal loop would (over the outline pane).
    Click(u16, u16),
    Wheel {
        down: bool,
        x: u16,
        y: u16,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// Keys drawn one frame each (`tui::render`).
    Keys(Vec<Key>),
    /// The terminal changes size; a frame is drawn.
    Resize(u16, u16),
    /// Events queued before one frame: resize storms, key repeat, pastes, mouse.
    Batch(Vec<Event>),
    /// Keywords arrive (computed with the test's own segmenter).
    Keywords,
}

pub(crate) fn size() -> BoxedStrategy<(u16, u16)> {
    prop_oneof![
        1 => Just((0u16, 0u16)),
        1 => Just((1u16, 1u16)),
        2 => (0u16..=3, 0u16..=3),
        3 => (0u16..40, 0u16..12),
        6 => (20u16..200, 5u16..60),
        1 => Just((80u16, 24u16)),
        1 => Just((400u16, 200u16)),
        1 => (0u16..=500, 0u16..=250),
    ]
    .boxed()
}

pub(crate) fn event() -> BoxedStrategy<Event> {
    prop_oneof![
        6 => key().prop_map(Event::Key),
        3 => size().prop_map(|(w, h)| Event::Resize(w, h)),
        1 => typed_text().prop_map(Event::Paste),
        1 => (0u16..120, 0u16..60).prop_map(|(x, y)| Event::Click(x, y)),
        1 => (any::<bool>(), 0u16..120, 0u16..60).prop_map(|(down, x, y)| Event::Wheel { down, x, y }),
    ]
    .boxed()
}

pub(crate) fn step(keywords: bool) -> BoxedStrategy<Step> {
    prop_oneof![
        8 => keys().prop_map(Step::Keys),
        2 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        3 => proptest::collection::vec(event(), 1..24).prop_map(Step::Batch),
        (u32::from(keywords)) => Just(Step::Keywords),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub(crate) enum DocInput {
    Sample(usize),
    Text(String),
}

#[derive(Debug, Clone)]
pub(crate) struct UserConfig {
    reading_width: Option<u16>,
    wide: Option<bool>,
    terms: Vec<String>,
    keys: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone)]
pub(crate) struct AppCase {
    docs: Vec<DocInput>,
    config: UserConfig,
    size: (u16, u16),
    steps: Vec<Step>,
}

/// Every action's config name (from `Action::ALL`, so a new action is fuzzed at once) and
/// `none`, which unbinds.
pub(crate) fn action_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        Action::ALL
            .iter()
            .chain([&Action::None])
            .map(|a| match serde_json::to_value(a) {
                Ok(serde_json::Value::String(name)) => &*Box::leak(name.into_boxed_str()),
                other => panic!("{a:?} has no config name: {other:?}"),
            })
            .collect()
    })
}

pub(crate) fn user_config() -> impl Strategy<Value = UserConfig> {
    let remap = (
        select(&["j", "k", "x", "g g", "ctrl-x", "enter", "space", "f5", "alt-j", "shift-tab", "y y y", "Q"][..]),
        select(action_names()),
    )
        .prop_map(|(k, a)| (k.to_owned(), a));
    (
        proptest::option::weighted(0.3, 0u16..500),
        proptest::option::weighted(0.4, any::<bool>()),
        proptest::collection::vec(
            prop_oneof![3 => "[\\p{Han}]{1,6}", 1 => select(PIECES).prop_map(str::to_owned), 1 => any::<String>()],
            0..4,
        ),
        proptest::collection::vec(remap, 0..4),
    )
        .prop_map(|(reading_width, wide, terms, keys)| UserConfig { reading_width, wide, terms, keys })
}

/// A TOML basic string.
pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl UserConfig {
    fn toml(&self) -> String {
        let mut t = String::from("[reader]\n");
        if let Some(w) = self.reading_width {
            let _ = writeln!(t, "reading_width = {w}");
        }
        if let Some(wide) = self.wide {
            let _ = writeln!(t, "ambiguous_width = {}", if wide { "\"wide\"" } else { "\"narrow\"" });
        }
        t.push_str("[keys]\n");
        // A key once (TOML refuses a duplicate): the last remap of a key wins.
        let mut seen = std::collections::HashSet::new();
        for (k, a) in self.keys.iter().rev() {
            if seen.insert(k) {
                let _ = writeln!(t, "{} = {}", toml_str(k), toml_str(a));
            }
        }
        if !self.terms.is_empty() {
            t.push_str("[[term_list]]\nname = \"模糊\"\ncolor = \"cyan\"\nterms = [");
            t.push_str(&self.terms.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "));
            t.push_str("]\n");
        }
        t
    }
}

pub(crate) fn app_case(keywords: bool) -> impl Strategy<Value = AppCase> {
    let doc = prop_oneof![2 => (0..SAMPLES.len()).prop_map(DocInput::Sample), 3 => document().prop_map(DocInput::Text)];
    (proptest::collection::vec(doc, 1..=2), user_config(), size(), proptest::collection::vec(step(keywords), 0..20))
        .prop_map(|(docs, config, size, steps)| AppCase { docs, config, size, steps })
}

thread_local! {
    static SEGMENTER: RefCell<Option<Segmenter>> = const { RefCell::new(None) };
}

/// Compute the keywords the app asks for, as the background thread would.
pub(crate) fn deliver_keywords(app: &mut App) {
    let jobs = app.keyword_jobs();
    if jobs.is_empty() {
        return;
    }
    SEGMENTER.with(|s| {
        let mut s = s.borrow_mut();
        let seg = s.get_or_insert_with(|| {
            let config = embedded_config();
            let words = jianghua::terms::configured_words(&config.term_lists);
            Segmenter::new(words, &config.keywords.stop_words)
        });
        for job in jobs {
            let keywords = seg.keywords(&job.text, job.method, job.top);
            app.keywords_ready(jianghua::app::KeywordsReady { doc: job.doc, generation: job.generation, keywords });
        }
    });
}

pub(crate) fn check_screen(app: &App, screen: &str, w: u16, h: u16, when: &str) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = screen.lines().collect();
    ensure!(lines.len() <= usize::from(h), "screen-height", "{when}: {} lines on a {w}x{h} screen", lines.len());
    for (y, line) in lines.iter().enumerate() {
        // What the terminal draws: grapheme widths (a ZWJ emoji sequence is 2 columns).
        let drawn = unicode_width::UnicodeWidthStr::width(*line);
        // The "window too small" notice is one ratatui paragraph; the reader proper is another class.
        let tag = if app.panes.is_none() { "screen-width/too-small" } else { "screen-width" };
        ensure!(drawn <= usize::from(w), tag, "{when}: line {y} is {drawn} columns on a {w}x{h} screen: {line:?}");
        // The app's own model (`str_width`, char by char) must agree.
        let narrow = str_width(line, AmbiguousWidth::Narrow);
        ensure!(
            narrow <= usize::from(w),
            "screen-width/char-model",
            "{when}: line {y} is {narrow} columns by str_width ({drawn} drawn) on a {w}x{h} screen: {line:?}"
        );
        if app.config.reader.ambiguous_width == AmbiguousWidth::Wide {
            let wide = str_width(line, AmbiguousWidth::Wide);
            ensure!(
                wide <= usize::from(w),
                "screen-width-wide",
                "{when}: line {y} is {wide} columns (ambiguous wide) on a {w}x{h} screen: {line:?}"
            );
        }
        if let Some(c) = line.chars().find(|&c| is_unsafe(c) || c == '\t') {
            return Err(TestCaseError::fail(format!("[screen-control] {when}: line {y} shows raw {c:?}: {line:?}")));
        }
    }
    Ok(())
}

/// `top <= max_top`. A violation that first shows right after a resize is tagged `/resize`, and so
/// is the same top as long as it stays put, so that it is one finding however it is noticed.
pub(crate) fn check_top(
    app: &App,
    when: &str,
    after_resize: bool,
    carried: &mut Option<TextPos>,
) -> Result<(), TestCaseError> {
    let height = app.text_height();
    let doc = app.doc();
    let max = doc.max_top();
    if doc.viewport.top <= max {
        *carried = None;
        return Ok(());
    }
    if after_resize && carried.is_none() {
        *carried = Some(doc.viewport.top);
    }
    let tag = if *carried == Some(doc.viewport.top) { "top-past-max/resize" } else { "top-past-max" };
    Err(TestCaseError::fail(format!("[{tag}] {when}: top {:?} > max_top {max:?} (height {height})", doc.viewport.top)))
}

/// `tui::render`, as a fallible step of a case.
#[allow(clippy::unnecessary_wraps, reason = "kept fallible so known panics can be reported here again")]
pub(crate) fn render(app: &mut App, w: u16, h: u16, keys: &[Key]) -> Result<String, TestCaseError> {
    Ok(jianghua::tui::render(app, w, h, keys))
}

/// The step `check_app` is on, for the watchdog's report.
pub(crate) static APP_STEP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub(crate) fn check_app(case: &AppCase) -> Result<(), TestCaseError> {
    APP_STEP.store(0, Ordering::SeqCst);
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(format!("tempdir: {e}")))?;
    // Every generated user config is valid: one that is not is a finding (an unknown action
    // name once made every case fall back to the defaults unnoticed).
    let mut config = Config::from_user_text("fuzz.toml", &case.config.toml())
        .map_err(|e| TestCaseError::fail(format!("[user-config] the generated config does not load: {e}")))?;
    // If anything wrote the user's config file, it would be here.
    config.sources.explicit = Some(dir.path().join("config.toml"));
    config.sources.terms_files.clear();
    let docs = case
        .docs
        .iter()
        .map(|d| {
            let doc = match d {
                DocInput::Sample(i) => jianghua::samples::load(SAMPLES[*i].0, SAMPLES[*i].1),
                DocInput::Text(t) => Document::from_text(t.clone(), Source::named("fuzz")),
            };
            DocView::new(doc, &config)
        })
        .collect::<Vec<_>>();
    let mut app = App::new(config, docs);
    let (mut w, mut h) = case.size;
    let screen = render(&mut app, w, h, &[])?;
    check_screen(&app, &screen, w, h, "first frame")?;
    let mut carried = None;
    check_top(&app, "first frame", true, &mut carried)?;
    for (i, step) in case.steps.iter().enumerate() {
        let when = format!("step {i}");
        APP_STEP.store(i, Ordering::SeqCst);
        match step {
            Step::Keys(keys) => {
                let screen = render(&mut app, w, h, keys)?;
                if !app.quitting() {
                    check_screen(&app, &screen, w, h, &when)?;
                }
            }
            Step::Resize(nw, nh) => {
                (w, h) = (*nw, *nh);
                app.resize(Rect::new(0, 0, w, h));
                check_top(&app, &when, true, &mut carried)?;
                let screen = render(&mut app, w, h, &[])?;
                check_screen(&app, &screen, w, h, &when)?;
            }
            Step::Batch(events) => {
                for e in events {
                    if app.quitting() {
                        break;
                    }
                    match e {
                        Event::Key(k) => app.handle_key(*k),
                        Event::Resize(nw, nh) => {
                            (w, h) = (*nw, *nh);
                            app.resize(Rect::new(0, 0, w, h));
                        }
                        Event::Paste(s) => app.paste(s),
                        Event::Click(x, y) => app.input(Input::Mouse(Mouse::Click(Position { x: *x, y: *y }))),
                        Event::Wheel { down, x, y } => {
                            app.input(Input::Mouse(Mouse::Wheel { down: *down, at: Position { x: *x, y: *y } }));
                        }
                    }
                    check_top(&app, &when, matches!(e, Event::Resize(..)), &mut carried)?;
                }
                if !app.quitting() {
                    let screen = render(&mut app, w, h, &[])?;
                    check_screen(&app, &screen, w, h, &when)?;
                }
            }
            Step::Keywords => {
                deliver_keywords(&mut app);
                let screen = render(&mut app, w, h, &[])?;
                check_screen(&app, &screen, w, h, &when)?;
            }
        }
        check_top(&app, &when, false, &mut carried)?;
        // Quitting, suspending and writing are effects the terminal loop would carry out; here
        // they are dropped, and the reader carries on.
        let _ = app.take_effects();
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|e| e.path()).collect();
    ensure!(written.is_empty(), "io", "the reader wrote {written:?} itself");
    Ok(())
}
