//! A big document opens from its head while the whole is read (see `app::reading`):
//! - the head's first screen is the whole document's first screen, cell for cell (text and
//!   styles of the text column), whatever the head, the encoding, the line breaks and where the
//!   head's bytes were cut (inside a character, inside a paragraph);
//! - when the whole lands the outline fills in, the place is kept, the keys held meanwhile are
//!   carried out, and the saved state attaches (the last place is restored);
//! - a file truncated or removed while it is read costs a message, never a panic;
//! - a signal or `q` while the whole is read exits cleanly and gives the terminal back.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tmux.rs"]
mod tmux;

use std::path::Path;

use jianghua::app::{Analysis, App, DocView, Whole, read_whole};
use jianghua::config::Config;
use jianghua::document::{HEAD_BYTES, PROGRESSIVE_FROM, head_of, load_bytes, load_head};
use jianghua::keymap::parse_vim;
use jianghua::samples::SAMPLES;
use jianghua::state::{DocState, Store, content_hash};
use jianghua::ui::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Cell;
use ratatui::layout::Rect;
use sandbox::Sandbox;

/// Lines that vary how a speech starts: web chrome, a missing title, indents and blank lines, a
/// paragraph longer than the split limit.
fn with_head(sample: &str, variant: u8) -> String {
    match variant % 5 {
        1 => format!("首页 > 要闻 > 正文\n来源：县政府网　发布时间：2024-03-01\n\n{sample}"),
        2 => sample.split_once('\n').map_or(sample, |(_, rest)| rest).to_owned(),
        3 => sample.lines().flat_map(|l| ["　　", l, "\n\n"]).collect(),
        4 => format!("{}\n{sample}", "我们要坚持稳中求进工作总基调，".repeat(1_600)),
        _ => sample.to_owned(),
    }
}

/// A speech of at least `bytes`: a sample with its head varied, then the samples again and again.
fn big_text(first: usize, variant: u8, bytes: usize) -> String {
    let mut text = with_head(SAMPLES[first % SAMPLES.len()].1, variant);
    let mut i = first;
    while text.len() < bytes {
        i += 1;
        text.push('\n');
        text.push_str(SAMPLES[i % SAMPLES.len()].1);
    }
    text
}

/// The text in one of the encodings jianghua reads, with LF or CRLF line breaks.
fn encode(text: &str, encoding: u8, crlf: bool) -> Vec<u8> {
    let text = if crlf { text.replace('\n', "\r\n") } else { text.to_owned() };
    let utf16 = |big: bool| {
        let mut out = if big { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            out.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    };
    match encoding % 5 {
        1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        2 => encoding_rs::GB18030.encode(&text).0.into_owned(),
        3 => utf16(false),
        4 => utf16(true),
        _ => text.into_bytes(),
    }
}

/// The reader over `view` at `width`×`height`; `head` marks it as shown from its head.
fn reader(view: DocView, config: Config, head: Option<&Path>, (width, height): (u16, u16)) -> App {
    let mut app = App::new(config, vec![view]);
    if let Some(path) = head {
        app.start_reading(0, path.to_path_buf());
    }
    app.resize(Rect::new(0, 0, width, height));
    app
}

/// The cells of the text column (and the paragraph-number gutter) as drawn now.
fn text_cells(app: &mut App) -> Vec<Cell> {
    let (w, h) = (app.size.width, app.size.height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(true, app.config.reader.ambiguous_width);
    let frame = terminal.draw(|f| jianghua::ui::draw(f, app, theme)).unwrap();
    // A screen too small for panes shows what it can: compare all of it.
    let above_status = Rect { height: h.saturating_sub(1), ..frame.area };
    let areas = app.panes.map_or(vec![above_status], |p| [Some(p.column), p.gutter].into_iter().flatten().collect());
    let mut cells = Vec::new();
    for area in areas {
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                cells.push(frame.buffer[(x, y)].clone());
            }
        }
    }
    cells
}

/// The status bar as text.
fn status(app: &mut App) -> String {
    let (w, h) = (app.size.width, app.size.height);
    let screen = jianghua::tui::render(app, w, h, &[]);
    screen.lines().last().unwrap_or_default().to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Cut anywhere past the first screens, the head's lines are the whole's first lines, and the
    /// first screen of the head is the whole document's, cell for cell.
    #[test]
    fn the_first_screen_of_the_head_is_the_first_screen_of_the_whole(
        first in 0usize..8,
        variant in 0u8..5,
        encoding in 0u8..5,
        crlf in any::<bool>(),
        cut in 96_000usize..300_000,
        width in 40u16..160,
        height in 8u16..50,
        numbers in any::<bool>(),
        indent in any::<bool>(),
    ) {
        let bytes = encode(&big_text(first, variant, 420_000), encoding, crlf);
        let cut = cut.min(bytes.len());
        let Some(head) = head_of(&bytes[..cut]) else {
            // A head that is mostly one line over the split limit looks unbroken: read whole.
            prop_assert_eq!(variant % 5, 4, "every other head is shown first");
            return Ok(());
        };
        let whole = load_bytes("big.txt", None, &bytes).unwrap();
        prop_assert!(whole.text().starts_with(head.text()), "the head is the whole text's start");
        prop_assert!(head.text().len() <= whole.text().len());
        prop_assert_eq!(head.source.encoding, whole.source.encoding);
        prop_assert_eq!(head.paragraphs(), &whole.paragraphs()[..head.paragraphs().len()]);
        let mut config = Config::embedded();
        config.reader.first_line_indent = indent;
        let mut app = reader(DocView::new(head, &config), config.clone(), Some(Path::new("big.txt")), (width, height));
        if numbers {
            app.update(jianghua::action::Action::ToggleNumbers);
        }
        let first = text_cells(&mut app);
        if width >= 80 && height >= 16 {
            prop_assert!(status(&mut app).contains(jianghua::app::READING_LABEL));
        }
        let index = jianghua::terms::TermIndex::new(&config.term_lists);
        app.whole_read(Whole(Ok(Analysis::new(whole, &config, &index))));
        prop_assert!(app.reading.is_none());
        prop_assert!(first == text_cells(&mut app), "the same first screen once the whole is read");
        if width >= 80 && height >= 16 {
            prop_assert!(!status(&mut app).contains(jianghua::app::READING_LABEL));
        }
    }
}

/// A file of `bytes` or more in the sandbox, UTF-8.
fn big_file(sandbox: &Sandbox, bytes: usize) -> std::path::PathBuf {
    sandbox.write("big.txt", big_text(0, 0, bytes))
}

/// The reader over the head of `path`, with its state in the sandbox, at 100×30.
fn head_reader(sandbox: &Sandbox, path: &Path) -> App {
    let mut config = Config::embedded();
    config.sources.explicit = Some(sandbox.config_file());
    let head = load_head(path).expect("a big plain-text file has a head");
    let mut app = reader(DocView::new(head, &config), config, Some(path), (100, 30));
    app.attach_store(Store::at(&sandbox.state_dir()));
    app
}

#[test]
fn small_and_structured_files_have_no_head() {
    let sandbox = Sandbox::new();
    let small = sandbox.write("small.txt", big_text(0, 0, 10_000));
    assert!(load_head(&small).is_none(), "a small file is read whole");
    let md = sandbox.write("big.md", big_text(0, 0, usize::try_from(PROGRESSIVE_FROM).unwrap()));
    assert!(load_head(&md).is_none(), "Markdown is read whole");
    let big = big_file(&sandbox, usize::try_from(PROGRESSIVE_FROM).unwrap());
    let head = load_head(&big).expect("a big text file has a head");
    assert!(head.text().len() <= HEAD_BYTES && head.text().ends_with('\n'));
    assert!(head_of("一行没有换行".as_bytes()).is_none(), "no whole line, no head");
}

#[test]
fn the_outline_fills_in_and_the_place_is_kept_when_the_whole_lands() {
    let sandbox = Sandbox::new();
    let path = big_file(&sandbox, 1_500_000);
    let mut app = head_reader(&sandbox, &path);
    let head_sections = app.doc().analysis.outline.sections.len();
    let keys = parse_vim("jjjjjjj<C-d>j").unwrap();
    let _ = jianghua::tui::render(&mut app, 100, 30, &keys);
    let (top, before) = (app.doc().viewport.top, text_cells(&mut app));
    assert!(top.para > 0, "moved over the head: {top:?}");
    app.whole_read(read_whole(&path, &app.config));
    assert!(app.reading.is_none());
    assert!(app.doc().analysis.outline.sections.len() > head_sections, "the outline filled in");
    assert_eq!(app.doc().viewport.top, top, "the same row at the top");
    assert!(text_cells(&mut app) == before, "the same screen of text");
    assert!(!app.doc().study.state.hash.is_empty(), "its state is attached");
    assert!(status(&mut app).contains('%'), "the place is a percentage again");
}

#[test]
fn keys_that_need_the_whole_text_wait_for_it() {
    let sandbox = Sandbox::new();
    let path = big_file(&sandbox, 1_500_000);
    let mut app = head_reader(&sandbox, &path);
    let keys = parse_vim("G").unwrap();
    let _ = jianghua::tui::render(&mut app, 100, 30, &keys);
    assert_eq!(app.doc().viewport.top, jianghua::app::TextPos::default(), "G waits");
    assert!(app.message.as_deref().is_some_and(|m| m.contains("全文还在读取")), "{:?}", app.message);
    // Typed while waiting: held too, in order (`m a` sets mark a at the end).
    for key in parse_vim("ma").unwrap() {
        app.handle_key(key);
    }
    assert!(app.doc().study.state.marks.is_empty());
    app.whole_read(read_whole(&path, &app.config));
    assert_eq!(app.doc().percent(), 100, "G went to the end of the whole text");
    let mark = app.doc().study.state.marks.get(&'a').expect("mark a set after G");
    assert!(mark.offset > app.doc().analysis.doc.char_len() / 2, "at the end: {mark:?}");
}

#[test]
fn the_last_place_is_restored_once_the_whole_lands_and_nothing_is_saved_before() {
    let sandbox = Sandbox::new();
    let path = big_file(&sandbox, 1_500_000);
    let whole = load_bytes("big.txt", None, &std::fs::read(&path).unwrap()).unwrap();
    let hash = content_hash(whole.text());
    let far = whole.char_len() * 3 / 4;
    let store = Store::at(&sandbox.state_dir());
    let mut saved = DocState::new(&hash);
    saved.position = Some(far);
    store.save(saved).unwrap();
    let files_before = sandbox.files();

    // Quitting from the head saves nothing over the saved state.
    let mut app = head_reader(&sandbox, &path);
    app.end();
    let _ = sandbox::settle(&mut app);
    assert_eq!(sandbox.files(), files_before, "nothing written while only the head was read");
    assert_eq!(store.load(&hash, None).unwrap().and_then(|s| s.position), Some(far));

    let mut app = head_reader(&sandbox, &path);
    app.whole_read(read_whole(&path, &app.config));
    let place = app.doc().analysis.doc.char_of_byte(app.doc().top_byte());
    assert!(place.abs_diff(far) < 2_000, "back at the saved place: {place} vs {far}");
}

#[test]
fn a_file_truncated_or_removed_while_it_is_read_costs_a_message_not_a_panic() {
    let sandbox = Sandbox::new();
    let path = big_file(&sandbox, 1_500_000);
    let mut app = head_reader(&sandbox, &path);
    let _ = jianghua::tui::render(&mut app, 100, 30, &parse_vim("jjjj").unwrap());
    // Cut to a few lines: the whole is shorter than the head, and other text.
    std::fs::write(&path, "新的标题\n\n同志们：\n今天的会议很重要。\n").unwrap();
    app.whole_read(read_whole(&path, &app.config));
    assert!(app.reading.is_none());
    let _ = jianghua::tui::render(&mut app, 100, 30, &parse_vim("jjGgg").unwrap());

    let mut app = head_reader(&sandbox, &big_file(&sandbox, 1_500_000));
    std::fs::remove_file(&path).unwrap();
    app.whole_read(read_whole(&path, &app.config));
    assert!(app.message.as_deref().is_some_and(|m| m.contains("全文读取失败")), "{:?}", app.message);
    let _ = jianghua::tui::render(&mut app, 100, 30, &parse_vim("jjG").unwrap());
}

#[test]
fn render_shows_the_head_without_keys_and_the_whole_with_them() {
    let sandbox = Sandbox::new();
    let path = big_file(&sandbox, 1_500_000);
    let path = path.to_str().unwrap();
    let first = sandbox.run(&["render", path, "--size", "100x30"]);
    let first = String::from_utf8_lossy(&first.stdout);
    assert!(first.contains(jianghua::app::READING_LABEL), "{first}");
    let keyed = sandbox.run(&["render", path, "--size", "100x30", "--keys", "j"]);
    let keyed = String::from_utf8_lossy(&keyed.stdout);
    assert!(!keyed.contains(jianghua::app::READING_LABEL) && keyed.contains('%'), "{keyed}");
}

/// `q`, and each signal from outside, while the whole is still being read: a clean exit with the
/// terminal given back.
#[test]
fn quitting_while_the_whole_is_read_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, big_text(0, 0, 48 << 20)).unwrap();
    for (how, name) in [("q", "big-q"), ("-TERM", "big-term"), ("-INT", "big-int"), ("-HUP", "big-hup")] {
        let Some(t) = tmux::Tmux::start(name, 100, 30) else { return };
        t.type_line(&format!("{} {}; echo 'EXIT''ED='$?", tmux::binary(), path.display()));
        let screen = t.wait_for("提纲");
        let reading = screen.contains(jianghua::app::READING_LABEL);
        if how == "q" {
            t.send(&["q"]);
        } else {
            let pid = pid_of(&path).expect("the reader is running");
            assert!(std::process::Command::new("kill").args([how, &pid.to_string()]).status().unwrap().success());
        }
        let screen = t.wait_for("EXITED=");
        assert!(screen.lines().any(|l| l.trim() == "EXITED=0"), "a clean exit after {how}: {screen}");
        t.assert_fully_restored();
        if !reading {
            eprintln!("note: the whole was read before {how} was sent (a fast machine)");
        }
    }
}

/// The pid of the reader showing `path`.
fn pid_of(path: &Path) -> Option<u32> {
    let want = path.display().to_string();
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
        let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
        (args.first()?.ends_with(b"jianghua") && args.contains(&want.as_bytes())).then_some(pid)
    })
}
