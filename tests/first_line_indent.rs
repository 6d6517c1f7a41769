//! 首行缩进 (issue 15, "Layout holes"): the `first_line_indent` reader setting starts the first
//! row of each body paragraph two full-width spaces (4 columns) in, on screen only. Headings, the
//! title block and the salutation stay at the margin, wrapped rows are not indented, and every
//! styled cell (a search match, the reading cursor) still sits on its own character. No row is
//! ever wider than the pane.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/styled.rs"]
#[allow(dead_code, reason = "the part this file needs")]
mod styled;

use jianghua::app::{App, DocView};
use jianghua::config::Config;
use jianghua::document::{Document, Source};
use jianghua::keymap::parse_vim;
use jianghua::ui::theme::Theme;
use jianghua::width::{AmbiguousWidth, char_width};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use sandbox::Sandbox;
use styled::has;

const SPEECH: &str = "在全县工作会议上的讲话\n同志们：\n这次会议的主要任务是总结过去一年的工作，分析当前面临的形势，安排部署今年的重点任务，动员全县上下坚定信心、真抓实干，奋力开创高质量发展新局面。\n一、提高政治站位\n（一）坚定拥护“两个确立”。一要抓好基层党建。二要推动高质量发展。\n（二）守牢安全底线。一要推进平安建设。二要坚持发展新时代枫桥经验。\n　　这一段原文已有缩进，不再另加。\n";

fn config(indent: bool) -> Config {
    Config::from_user_text("u.toml", &format!("[reader]\nfirst_line_indent = {indent}\n")).unwrap()
}

fn app_of(indent: bool, width: u16, height: u16) -> App {
    let config = config(indent);
    let view = DocView::new(Document::from_text(SPEECH.to_owned(), Source::named("t")), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, width, height));
    for key in parse_vim("o").unwrap() {
        app.handle_key(key);
    }
    app
}

fn type_keys(app: &mut App, keys: &str) {
    for key in parse_vim(keys).unwrap() {
        app.handle_key(key);
    }
}

fn frame(app: &App, color: bool) -> Buffer {
    let (w, h) = (app.size.width, app.size.height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| jianghua::ui::draw(f, app, Theme::new(color, AmbiguousWidth::Narrow))).unwrap();
    terminal.backend().buffer().clone()
}

/// Where `needle` starts on screen: (column, row) of its first cell.
fn start_of(buf: &Buffer, needle: &str) -> (u16, u16) {
    let screen = jianghua::tui::screen_text(buf);
    for (y, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let col: usize = line[..byte].chars().map(|c| char_width(c, AmbiguousWidth::Narrow)).sum();
            return (u16::try_from(col).unwrap(), u16::try_from(y).unwrap());
        }
    }
    panic!("{needle} not on screen:\n{screen}");
}

/// The first column with something drawn on row `y`, from `x0` on.
fn first_drawn(buf: &Buffer, x0: u16, y: u16) -> u16 {
    (x0..buf.area.right()).find(|&x| buf[(x, y)].symbol() != " ").unwrap()
}

#[test]
fn body_first_rows_move_four_columns_in_and_nothing_else_moves() {
    let off = frame(&app_of(false, 80, 24), true);
    let on = frame(&app_of(true, 80, 24), true);
    let x = |buf: &Buffer, needle| start_of(buf, needle).0;
    // Body paragraphs, including one a heading runs into: their first row moves 4 columns.
    for body in ["这次会议", "（一）坚定", "（二）守牢"] {
        assert_eq!(x(&on, body), x(&off, body) + 4, "{body}\n{}", jianghua::tui::screen_text(&on));
    }
    // A heading line, the salutation, the title and a paragraph indented in the source do not.
    for fixed in ["一、提高", "同志们", "在全县工作会议", "　　这一段"] {
        assert_eq!(x(&on, fixed), x(&off, fixed), "{fixed}");
    }
    // The wrapped row under an indented first row starts at the margin.
    let (x0, y) = start_of(&on, "这次会议");
    assert_eq!(first_drawn(&on, x0 - 4, y + 1), x0 - 4, "{}", jianghua::tui::screen_text(&on));
    // The indent is blank, unstyled cells: nothing of the text is drawn there.
    for col in x0 - 4..x0 {
        assert_eq!(on[(col, y)].symbol(), " ");
        assert_eq!(styled::describe(on[(col, y)].style()), "", "column {col}");
    }
    // The text of the rows is the document's: join the body paragraph's rows back.
    let screen = jianghua::tui::screen_text(&on);
    let joined: String = screen.lines().skip(usize::from(y)).take(4).map(str::trim).collect();
    assert!(joined.contains("这次会议的主要任务是总结过去一年的工作"), "{joined}");
    insta::assert_snapshot!("first_line_indent_on_80x24", styled::styled(&on));
}

#[test]
fn a_search_match_and_the_cursor_on_an_indented_row_stay_on_their_characters() {
    for indent in [false, true] {
        let mut a = app_of(indent, 80, 24);
        // Finding 推进平安 puts the reading cursor on its sentence once a note is begun.
        type_keys(&mut a, "/推进平安<CR>a调研<C-s><Esc>/平安<CR>");
        let buf = frame(&a, false);
        let (x, y) = start_of(&buf, "一要推进平安建设");
        let (row_x, row_y) = start_of(&buf, "（二）守牢");
        assert_eq!(row_y, y, "the sentence is on the paragraph's first row");
        // Each character of the cursor's sentence is in its own cell, reversed (but for the
        // match, shown another way below).
        for (i, c) in "一要推进平安建设".chars().enumerate() {
            let cell = &buf[(x + 2 * u16::try_from(i).unwrap(), y)];
            assert_eq!(cell.symbol(), c.to_string());
            assert!(has(cell.style(), Modifier::REVERSED) || c == '平' || c == '安', "{c}: {:?}", cell.style());
        }
        // The cell before the sentence is not the cursor's.
        assert!(!has(buf[(x - 1, y)].style(), Modifier::REVERSED));
        // The match inside the cursor is shown apart, on 平安 exactly.
        let matched = buf[(x + 8, y)].style();
        assert_eq!(buf[(x + 8, y)].symbol(), "平");
        assert_ne!(matched, buf[(x + 6, y)].style(), "平安 differs from 推进");
        assert_eq!(buf[(x + 10, y)].style(), matched);
        assert_ne!(buf[(x + 12, y)].style(), matched, "建 is not matched");
        // The paragraph starts where the setting puts it, and the margin marks the row.
        let margin = start_of(&app_frame_margin(&buf, y), ">").0;
        assert_eq!(row_x, margin + 1 + if indent { 4 } else { 0 });
    }
}

/// Row `y` of the frame alone, to find the margin mark on it.
fn app_frame_margin(buf: &Buffer, y: u16) -> Buffer {
    let mut row = Buffer::empty(Rect::new(0, 0, buf.area.width, 1));
    for x in 0..buf.area.width {
        row[(x, 0)] = buf[(x, y)].clone();
    }
    row
}

#[test]
fn the_document_and_its_offsets_do_not_change() {
    let (off, on) = (app_of(false, 80, 24), app_of(true, 80, 24));
    assert_eq!(off.doc().analysis.doc.text(), on.doc().analysis.doc.text());
    let (d_off, d_on) = (off.doc(), on.doc());
    for p in 0..d_on.analysis.doc.paragraphs().len() {
        let rows = d_on.rows(p);
        // Rows still cover the paragraph exactly; only the first row may carry the indent.
        assert_eq!(rows[0].start, 0);
        assert_eq!(rows.last().unwrap().end, d_on.analysis.doc.paragraph_text(p).len());
        assert!(rows.windows(2).all(|w| w[0].end == w[1].start));
        assert!(rows.iter().skip(1).all(|r| r.indent == 0));
        assert_eq!(rows[0].indent, if d_on.takes_indent(p) { 4 } else { 0 });
        assert!(d_off.rows(p).iter().all(|r| r.indent == 0));
    }
}

#[test]
fn render_shows_the_indent_from_the_config_file() {
    let sandbox = Sandbox::new();
    let doc = sandbox.write("cwd/speech.txt", SPEECH);
    let doc = doc.to_str().unwrap();
    let plain = sandbox.run(&["render", doc, "--size", "80x24", "--keys", "o"]);
    sandbox.write("home/.config/jianghua/config.toml", "[reader]\nfirst_line_indent = true\n");
    let indented = sandbox.run(&["render", doc, "--size", "80x24", "--keys", "o"]);
    assert!(plain.status.success() && indented.status.success());
    let line = |out: &[u8], needle: &str| {
        String::from_utf8_lossy(out).lines().find(|l| l.contains(needle)).map(str::to_owned).unwrap()
    };
    let (a, b) = (line(&plain.stdout, "这次会议"), line(&indented.stdout, "这次会议"));
    assert_eq!(b.find("这次会议"), a.find("这次会议").map(|i| i + 4), "{a}\n{b}");
    assert_eq!(line(&plain.stdout, "一、提高"), line(&indented.stdout, "一、提高"));
    // A bad value is refused with the place and what is expected.
    sandbox.write("home/.config/jianghua/config.toml", "[reader]\nfirst_line_indent = \"yes\"\n");
    let bad = sandbox.run(&["render", doc, "--size", "80x24"]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success() && err.contains("config.toml:2:21") && err.contains("bool"), "{err}");
}

fn samples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Over every sample and pane widths 20..120 in both width models: with the indent on, no
    /// row (indent included) is wider than the pane, and the rows cover each paragraph exactly.
    #[test]
    fn no_row_is_wider_than_the_pane(sample in 0usize..4, width in 20usize..120, wide in any::<bool>()) {
        let samples = samples();
        let (name, text) = &samples[sample % samples.len()];
        let config = config(true);
        let amb = if wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
        let mut view = DocView::new(jianghua::samples::load(name, text), &config);
        view.set_size(width, 24, amb, true);
        let mut indented = 0;
        for p in 0..view.analysis.doc.paragraphs().len() {
            let rows = view.rows(p);
            let para = view.analysis.doc.paragraph_text(p);
            for r in rows.iter() {
                prop_assert!(usize::from(r.indent) + usize::from(r.width) <= width, "{name} ¶{p} at {width}: {r:?}");
            }
            prop_assert_eq!(rows.last().unwrap().end, para.len());
            indented += usize::from(rows[0].indent > 0);
        }
        prop_assert!(indented > 0, "{name}: some body paragraph is indented");
    }
}

/// A report with its own glossary (名词解释): the entries start with their headwords at the
/// margin, while the body paragraphs are indented.
const REPORT: &str = "2026年某省政府工作报告\n各位代表：\n一、过去一年\n推进轨道交通“四网融合”，做好金融“五篇大文章”。实施“两重”项目，深化四网融合。\n二、今年工作\n抓好“两重”建设，做好五篇大文章。\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设。\n2.轨道交通“四网融合”：干线铁路、城际铁路、市域（郊）铁路、城市轨道交通融合发展。推动“轨道上的城市群”建设。\n";

#[test]
fn glossary_entries_keep_their_headwords_at_the_margin() {
    let config = config(true);
    let mut view = DocView::new(Document::from_text(REPORT.to_owned(), Source::named("t")), &config);
    view.set_size(60, 24, AmbiguousWidth::Narrow, true);
    let doc = &view.analysis.doc;
    let para = |start: &str| (0..doc.paragraphs().len()).find(|&p| doc.paragraph_text(p).starts_with(start)).unwrap();
    assert!(view.glossary().span.is_some(), "the glossary block is found");
    assert!(view.takes_indent(para("推进轨道交通")) && view.takes_indent(para("抓好")));
    for fixed in ["2026年", "各位代表", "一、过去", "名词解释", "1.“两重”", "2.轨道交通"] {
        assert!(!view.takes_indent(para(fixed)), "{fixed}");
        assert_eq!(view.rows(para(fixed))[0].indent, 0, "{fixed}");
    }
}
