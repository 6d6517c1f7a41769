//! Seeing terms, notes and the glossary (issue 15): colours that never mix headings with term
//! lists and never hide anything in dark gray, the three study marks told apart without colour
//! (styled buffers snapshotted, not just their text), the note of the cursor's sentence shown in
//! place, `a` without `v`, notes saved by another reader appearing while reading, and the
//! document's own glossary where the term is read.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/styled.rs"]
mod styled;

use jianghua::app::{App, DocView, Overlay};
use jianghua::config::Config;
use jianghua::document::{Document, Source};
use jianghua::keymap::{Key, KeyCodeOrd, parse_vim};
use jianghua::state::{Note, Store};
use jianghua::ui::theme::{Theme, ansi};
use jianghua::width::AmbiguousWidth;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use sandbox::Sandbox;
use styled::{has, styled};

const SPEECH: &str = "在全县工作会议上的讲话\n同志们：\n一、提高政治站位\n（一）坚定拥护“两个确立”。一要抓好基层党建。二要推动高质量发展。\n（二）守牢安全底线。一要推进平安建设。二要坚持发展新时代枫桥经验。\n";

fn app_of(text: &str, width: u16, height: u16) -> App {
    let config = Config::embedded();
    let view = DocView::new(Document::from_text(text.to_owned(), Source::named("t")), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, width, height));
    app
}

fn type_keys(app: &mut App, keys: &str) {
    for key in parse_vim(keys).unwrap() {
        app.handle_key(key);
    }
}

fn frame(app: &mut App, color: bool) -> Buffer {
    let (w, h) = (app.size.width, app.size.height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| jianghua::ui::draw(f, app, Theme::new(color, AmbiguousWidth::Narrow))).unwrap();
    terminal.backend().buffer().clone()
}

/// The cells of the text pane showing `needle` on screen, as (x, y).
fn cells_of(buf: &Buffer, needle: &str) -> Vec<(u16, u16)> {
    let screen = jianghua::tui::screen_text(buf);
    let mut out = Vec::new();
    for (y, line) in screen.lines().enumerate() {
        let Some(byte) = line.find(needle) else { continue };
        let col: usize = line[..byte].chars().map(|c| jianghua::width::char_width(c, AmbiguousWidth::Narrow)).sum();
        let width = jianghua::width::str_width(needle, AmbiguousWidth::Narrow);
        // Wide characters: the cell that draws them (the one after is blank).
        out.extend((col..col + width).map(|x| (x as u16, y as u16)).filter(|&c| buf[c].symbol() != " "));
    }
    out
}

/// A reader on the speech with a note on 二要推动高质量发展 and the cursor on 一要推进平安建设,
/// the outline hidden so the text is whole.
fn studied(width: u16, height: u16) -> App {
    let mut a = app_of(SPEECH, width, height);
    type_keys(&mut a, "o/推动高质量<CR>a调研后细化<C-s><Esc>/推进平安<CR><Esc>");
    assert!(a.doc().study.cursor.is_some() && !a.doc().study.noted.is_empty());
    a
}

#[test]
fn headings_never_share_a_colour_with_a_term_list_and_nothing_is_dark_gray() {
    use jianghua::structure::Family::*;
    let theme = Theme::new(true, AmbiguousWidth::Narrow);
    for family in [Part, Chapter, Item, Requirement, Point, Ordinal, Sequence, Dash, Heading, Appendix, Preamble] {
        let fg = theme.heading(family).fg;
        assert!(fg.is_none() || fg == Some(Color::Reset), "{family:?} is drawn in {fg:?}");
    }
    assert!(theme.title().fg.is_none());
    let mut a = studied(70, 16);
    let buf = frame(&mut a, true);
    assert!(!styled::any_cell(&buf, |s| s.fg == Some(Color::DarkGray) || s.bg == Some(Color::DarkGray)));
    // Each list's terms in its colour; the headings around them in none.
    for (term, list) in
        [("两个确立", "政治要求"), ("基层党建", "党的建设"), ("高质量发展", "发展"), ("平安建设", "安全稳定")]
    {
        let color = ansi(a.config.term_lists.iter().find(|l| l.name == list).unwrap().color);
        for (x, y) in cells_of(&buf, term) {
            assert_eq!(buf[(x, y)].fg, color, "{term} at {x},{y}");
        }
    }
    for (x, y) in cells_of(&buf, "提高政治站位") {
        assert!(buf[(x, y)].fg == Color::Reset && buf[(x, y)].modifier.contains(Modifier::BOLD), "{x},{y}");
    }
    insta::assert_snapshot!("colours_styled_70x16", styled(&buf));
}

#[test]
fn without_colour_terms_notes_and_the_cursor_each_look_different() {
    let mut a = studied(70, 16);
    let buf = frame(&mut a, false);
    assert!(
        !styled::any_cell(&buf, |s| s.fg.is_some_and(|c| c != Color::Reset) || s.bg.is_some_and(|c| c != Color::Reset))
    );
    let term = buf[cells_of(&buf, "两个确立")[0]].style();
    let noted = buf[cells_of(&buf, "推动")[0]].style();
    let cursor = buf[cells_of(&buf, "推进")[0]].style();
    assert!(has(term, Modifier::UNDERLINED) && !has(term, Modifier::REVERSED), "term: {term:?}");
    assert!(has(noted, Modifier::ITALIC) && !has(noted, Modifier::REVERSED), "noted: {noted:?}");
    assert!(has(cursor, Modifier::REVERSED), "cursor: {cursor:?}");
    assert!(term != noted && noted != cursor && term != cursor);
    // And the margin says which rows: `*` for the note, `>` for the cursor.
    let screen = jianghua::tui::screen_text(&buf);
    let margin = |needle: &str| screen.lines().find(|l| l.contains(needle)).map(|l| l.trim_start().chars().next());
    assert_eq!(margin("二要推动"), Some(Some('*')), "{screen}");
    assert_eq!(margin("一要推进"), Some(Some('>')), "{screen}");
    insta::assert_snapshot!("no_color_styled_70x16", styled(&buf));
}

#[test]
fn a_match_inside_the_cursor_still_shows_without_colour() {
    let mut a = studied(70, 16);
    type_keys(&mut a, "/平安<CR>");
    let buf = frame(&mut a, false);
    let matched = buf[cells_of(&buf, "平安")[0]].style();
    let around = buf[cells_of(&buf, "推进")[0]].style();
    assert_ne!(matched, around, "{matched:?}");
}

#[test]
fn the_note_of_the_cursor_sentence_shows_in_place() {
    let mut a = app_of(SPEECH, 70, 16);
    let screen =
        jianghua::tui::render(&mut a, 70, 16, &parse_vim("/推动高质量<CR>a调研后细化，三月底前报送。<C-s>").unwrap());
    assert!(screen.contains("笔记") && screen.contains("调研后细化，三月底前报送。"), "{screen}");
    // The sentence itself stays above the note.
    let sentence_row = screen.lines().position(|l| l.contains("二要推动")).unwrap();
    let note_row = screen.lines().position(|l| l.contains("调研后细化")).unwrap();
    assert!(sentence_row < note_row, "{screen}");
    // Off the sentence, no note.
    let screen = jianghua::tui::render(&mut a, 70, 16, &parse_vim(")").unwrap());
    assert!(!screen.contains("调研后细化"), "{screen}");
}

#[test]
fn a_without_v_turns_the_cursor_on_at_the_place() {
    let mut a = app_of(SPEECH, 70, 16);
    type_keys(&mut a, "/枫桥<CR>");
    a.handle_key(Key::char('a'));
    let Some(Overlay::Note(editor)) = &a.overlay else { panic!("the editor opens") };
    let sentence = &a.doc().analysis.doc.sentences()[editor.sentence];
    assert!(a.doc().analysis.doc.text()[sentence.clone()].contains("枫桥经验"), "the sentence the search landed on");
    assert_eq!(a.doc().study.cursor, Some(editor.sentence));
}

#[test]
fn notes_saved_by_another_reader_appear_without_a_restart() {
    let sandbox = Sandbox::new();
    let config = Config::embedded();
    let doc = || Document::from_text(SPEECH.to_owned(), Source::named("t"));
    let mut mine = sandbox.app(config.clone(), vec![DocView::new(doc(), &config)]);
    mine.resize(Rect::new(0, 0, 70, 16));
    let store = Store::at(&sandbox.state_dir());
    let mut watch = jianghua::tui::watch::Watch::new(&store, vec![mine.doc().study.state.hash.clone()]);
    // Another reader on the same account writes a note on 一要推进平安建设.
    let view = DocView::new(doc(), &config);
    let text = view.analysis.doc.text();
    let start = text.find("一要推进").unwrap();
    let mut theirs = mine.doc().study.state.clone();
    theirs.notes.push(Note {
        id: "other-reader".into(),
        offset: view.analysis.doc.char_of_byte(start),
        sentence: "一要推进平安建设。".into(),
        text: "组长：下周交流".into(),
        created: 1,
        updated: 1,
        deleted: false,
    });
    std::thread::sleep(std::time::Duration::from_millis(20));
    store.save(theirs).unwrap();
    // The watch sees it and the loop hands it to the reader.
    let events = watch.changed();
    assert_eq!(events.len(), 1, "{events:?}");
    for event in events {
        if let jianghua::tui::Event::StateOnDisk(state) = event {
            mine.state_on_disk(&state);
        }
    }
    assert_eq!(mine.doc().study.noted.len(), 1);
    let screen = jianghua::tui::render(&mut mine, 70, 16, &parse_vim("/推进平安<CR>v").unwrap());
    assert!(screen.contains("组长：下周交流"), "shown in place under the cursor's sentence:\n{screen}");
}

const REPORT: &str = "2026年某省政府工作报告\n各位代表：\n一、过去一年\n推进轨道交通“四网融合”，做好金融“五篇大文章”。实施“两重”项目，深化四网融合。\n二、今年工作\n抓好“两重”建设，做好五篇大文章。\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设。\n2.轨道交通“四网融合”：干线铁路、城际铁路、市域（郊）铁路、城市轨道交通融合发展。\n3.金融“五篇大文章”：科技金融、绿色金融、普惠金融、养老金融、数字金融。\n";

#[test]
fn glossary_terms_are_marked_where_they_are_read_and_k_shows_the_definition() {
    let mut a = app_of(REPORT, 80, 24);
    let read: Vec<&str> =
        a.doc().glossary().mentions.iter().map(|m| &a.doc().analysis.doc.text()[m.range.clone()]).collect();
    assert_eq!(read, ["轨道交通“四网融合”", "金融“五篇大文章”", "两重", "四网融合", "两重", "五篇大文章"]);
    let buf = frame(&mut a, true);
    // In the text, not in the glossary block itself (its heading is below).
    let glossary_row = cells_of(&buf, "名词解释").iter().map(|c| c.1).max().unwrap();
    let marked: Vec<(u16, u16)> =
        cells_of(&buf, "四网融合").into_iter().filter(|c| c.1 < glossary_row && c.0 > 22).collect();
    assert!(!marked.is_empty());
    for (x, y) in marked {
        assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED), "{x},{y}");
    }
    // K on the first mention from the place: 轨道交通“四网融合”, then the next.
    let screen = jianghua::tui::render(&mut a, 80, 24, &parse_vim("K").unwrap());
    assert!(screen.contains("名词解释（K 下一个") && screen.contains("干线铁路、城际铁路"), "{screen}");
    assert!(screen.contains("正文中 2 处"), "{screen}");
    let screen = jianghua::tui::render(&mut a, 80, 24, &parse_vim("K").unwrap());
    assert!(screen.contains("科技金融、绿色金融"), "{screen}");
    // From a sentence with the cursor on it.
    let mut a = app_of(REPORT, 80, 24);
    let screen = jianghua::tui::render(&mut a, 80, 24, &parse_vim("/抓好<CR>vK").unwrap());
    assert!(screen.contains("国家重大战略实施"), "{screen}");
    // A document without a glossary says so.
    let mut a = app_of(SPEECH, 80, 24);
    type_keys(&mut a, "K");
    assert!(a.message.as_deref().is_some_and(|m| m.contains("没有名词解释")));
}

#[test]
fn term_counts_leave_out_the_glossary_and_say_so() {
    let mut a = app_of(REPORT, 160, 40);
    a.handle_key(Key { code: KeyCodeOrd::Char('3'), ctrl: false, alt: true });
    let rows = a.term_rows();
    let two = rows.iter().position(|r| a.row_term(*r).is_some_and(|(t, _)| t == "两重")).unwrap();
    let jianghua::app::TermRow::Found { group, index } = rows[two] else { panic!("{:?}", rows[two]) };
    assert_eq!(a.found_count(group, index), 2, "two in the text, the glossary's own not counted");
    while a.selected_term_row() != Some(rows[two]) {
        a.handle_key(Key::char('j'));
    }
    assert!(a.term_detail().is_some_and(|d| d.contains("另有 1 处在名词解释中")), "{:?}", a.term_detail());
}

#[test]
fn a_provincial_glossary_links_headwords_with_words_around_the_quoted_term() {
    let Some(dir) = corpus::dir() else { return };
    let doc = jianghua::document::load_path(&dir.join("provincial/hainan_2026_gwr.txt")).unwrap();
    let config = Config::embedded();
    let view = DocView::new(doc, &config);
    let entries = &view.analysis.outline.glossary;
    let five = entries.iter().position(|e| e.term == "金融“五篇大文章”").expect("the 注释 entry");
    let mentions = &view.glossary().mentions;
    assert!(mentions.iter().any(|m| m.entry == five), "the text's 金融“五篇大文章”［23］ links to its entry");
    let span = view.glossary().span.clone().unwrap();
    assert!(mentions.iter().all(|m| m.range.end <= span.start || m.range.start >= span.end));
}

/// A library of one report a year from `first` to 2029, 新质生产力 only in the last, in the
/// trends view at `width`×`height`.
fn trends(first: i32, width: u16, height: u16) -> App {
    let config = Config::embedded();
    let views: Vec<DocView> = (first..2030)
        .map(|year| {
            let body = if year == 2029 { "发展新质生产力。" } else { "推动高质量发展。" };
            let text = format!("{year}年某县政府工作报告\n各位代表：\n一、工作回顾\n{body}\n");
            DocView::new(Document::from_text(text, Source::named(&format!("{year}.txt"))), &config)
        })
        .collect();
    let mut a = App::new(config, views);
    a.resize(Rect::new(0, 0, width, height));
    type_keys(&mut a, "T");
    a
}

/// The 新质生产力 row of the trends view, inside its box (the text pane's scrollbar is outside).
fn trends_row(screen: &str) -> String {
    let line = screen.lines().find(|l| l.contains("新质生产力")).unwrap_or("");
    line.split('│').nth(2).unwrap_or("").to_owned()
}

#[test]
fn the_trends_view_scrolls_sideways_to_the_recent_years() {
    let mut a = trends(1990, 80, 24);
    let row = trends_row;
    let screen = jianghua::tui::render(&mut a, 80, 24, &[]);
    assert!(!row(&screen).contains('█'), "the latest year is off the right edge:\n{screen}");
    assert!(row(&screen).contains('»'), "and the row says there is more:\n{screen}");
    let screen = jianghua::tui::render(&mut a, 80, 24, &parse_vim("llllllllll").unwrap());
    assert!(row(&screen).contains('█'), "{screen}");
    assert!(row(&screen).contains("新质生产力"), "the names stay in place");
    let screen = jianghua::tui::render(&mut a, 80, 24, &parse_vim("hhhhhhhhhh").unwrap());
    assert!(!row(&screen).contains('█') && !row(&screen).contains('«'), "back at the start:\n{screen}");
}

#[test]
fn no_view_draws_anything_in_dark_gray() {
    // Every view and overlay a reader meets, in colour: nothing in colour 8 (dark gray), which
    // vanishes on common dark themes, nor any other colour for a border, count or breadcrumb.
    let views = [
        "",
        "?",
        "?/shuqian",
        "O",
        ":二要<CR>",
        ":zz<CR>",
        "/两个确立<CR>",
        "<A-3>jj",
        "<A-3>jj<CR>",
        "<A-3>jjc",
        "T",
        "M",
        "v)ma'",
        "#",
        "/统一要求<CR>a笔记<C-s>",
        "o",
    ];
    for (w, h) in [(80, 24), (160, 48)] {
        for keys in views {
            let config = Config::embedded();
            let view = DocView::new(
                jianghua::samples::load(jianghua::samples::SAMPLES[0].0, jianghua::samples::SAMPLES[0].1),
                &config,
            );
            let mut a = App::new(config, vec![view]);
            a.resize(Rect::new(0, 0, w, h));
            type_keys(&mut a, keys);
            let buf = frame(&mut a, true);
            let gray: Vec<(u16, u16)> = (0..h)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .filter(|&c| [buf[c].fg, buf[c].bg].iter().any(|c| matches!(c, Color::DarkGray | Color::Indexed(8))))
                .collect();
            assert!(
                gray.is_empty(),
                "{w}x{h} {keys:?}: dark gray at {:?}\n{}",
                gray.first(),
                jianghua::tui::screen_text(&buf)
            );
            // The frame's borders are in the default colour.
            for c in [(0, 0), (0, h - 2)] {
                if matches!(buf[c].symbol(), "╭" | "│" | "╰" | "┌" | "└") {
                    assert!(buf[c].fg == Color::Reset || buf[c].fg == Color::Cyan, "{w}x{h} {keys:?}: {:?}", buf[c]);
                }
            }
        }
    }
}

#[test]
fn the_trends_view_scrolls_sideways_at_100_columns_too() {
    let mut a = trends(1950, 100, 30);
    let screen = jianghua::tui::render(&mut a, 100, 30, &[]);
    assert!(!trends_row(&screen).contains('█') && trends_row(&screen).contains('»'), "{screen}");
    let screen = jianghua::tui::render(&mut a, 100, 30, &parse_vim(&"l".repeat(40)).unwrap());
    let row = trends_row(&screen);
    assert!(row.contains('█') && row.contains('«'), "the latest year reached:\n{screen}");
}
