//! Reading every heading (issue 15): the outline widened and narrowed by keys and the width
//! remembered, spare columns used at wide sizes, the selected entry's full heading on lines of
//! its own, the full-screen outline, long messages above the status bar, the `t` hint, and help
//! grouped, searchable and passing on the key that closes it.

#[path = "support/reading.rs"]
mod reading;
#[path = "support/sandbox.rs"]
mod sandbox;

use jianghua::app::{App, DocView, Effect, Overlay};
use jianghua::config::Config;
use jianghua::samples::{SAMPLES, load};
use ratatui::layout::Rect;
use reading::{app, keys};
use sandbox::Sandbox;

fn outline_width(app: &App) -> u16 {
    app.panes.and_then(|p| p.outline).unwrap().area.width
}

const PART_ONE: &str = "一、提高政治站位，进一步增强做好今年工作的责任感紧迫感";

#[test]
fn the_outline_widens_and_narrows_and_the_width_is_remembered() {
    let sandbox = Sandbox::new();
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut a = sandbox.app(config, vec![view]);
    a.resize(Rect::new(0, 0, 80, 24));
    let before = outline_width(&a);
    for _ in 0..2 {
        a.handle_key(jianghua::keymap::Key::char('>'));
    }
    assert_eq!(outline_width(&a), before + 8);
    assert!(a.effects().iter().any(|e| matches!(e, Effect::SaveUi(ui) if ui.outline_width == Some(before + 8))));
    sandbox.settle(&mut a);
    let file = sandbox.state_dir().join(jianghua::app::ui_state::FILE);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains(&format!("\"outline_width\": {}", before + 8)), "{saved}");
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "written as state is");
    }
    // A new session (another size too) starts with that width.
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut b = sandbox.app(config, vec![view]);
    b.resize(Rect::new(0, 0, 100, 30));
    assert_eq!(outline_width(&b), before + 8);
    // Narrowing stops at a minimum, widening at what leaves the text its 40 columns.
    keys(&mut b, "<<<<<<<<<<");
    assert_eq!(outline_width(&b), jianghua::app::panes::MIN_OUTLINE);
    keys(&mut b, ">>>>>>>>>>>>>>>>>>>>");
    assert!(b.panes.unwrap().text.width >= jianghua::app::panes::MIN_TEXT);
    assert!(b.message.as_deref().is_some_and(|m| m.contains("最大")), "{:?}", b.message);
}

#[test]
fn a_damaged_layout_file_means_the_defaults() {
    let sandbox = Sandbox::new();
    sandbox.write(&format!("home/.local/share/jianghua/{}", jianghua::app::ui_state::FILE), "{ not json");
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut a = sandbox.app(config, vec![view]);
    a.resize(Rect::new(0, 0, 80, 24));
    assert_eq!(a.ui, jianghua::app::UiState::default());
    assert_eq!(outline_width(&a), 22);
}

#[test]
fn wide_terminals_show_whole_headings_in_the_outline() {
    let mut narrow = app(80, 24);
    let screen = keys(&mut narrow, "");
    assert!(!screen.contains(PART_ONE), "cut at 80 columns");
    let mut wide = app(200, 50);
    let screen = keys(&mut wide, "");
    assert!(screen.contains(PART_ONE), "{screen}");
    assert_eq!(wide.panes.unwrap().column.width, 80, "the text keeps its reading width");
}

#[test]
fn the_selected_entry_shows_its_full_heading_on_lines_of_its_own() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, "}");
    // What the outline pane shows below its rule.
    let below_rule = screen.lines().skip_while(|l| !l.starts_with("│────")).skip(1);
    let joined: String =
        below_rule.filter_map(|l| l.split('│').nth(1)).flat_map(str::chars).filter(|c| !c.is_whitespace()).collect();
    assert!(joined.contains(PART_ONE), "{screen}");
    assert!(screen.contains("│────────────────────│"), "a rule above it:\n{screen}");
    // An entry that fits its row needs no second line.
    let mut wide = app(200, 50);
    keys(&mut wide, "}");
    assert!(wide.outline_detail().is_empty());
}

#[test]
fn the_full_screen_outline_has_complete_headings_and_counts() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, "O");
    assert!(matches!(a.overlay, Some(Overlay::OutlineView { .. })));
    assert!(screen.contains("提纲全览 28 节"), "{screen}");
    assert!(screen.contains(PART_ONE) && screen.contains("967字 4项"), "{screen}");
    assert!(screen.contains("一要坚定捍卫“两个确立”、坚决做到“两个维护”"), "{screen}");
    // Down to 二、 and Enter lands there.
    let mut a = app(80, 24);
    keys(&mut a, "O");
    let second_part = a.doc().analysis.outline.sections.iter().position(|s| s.marker == "二、").unwrap();
    keys(&mut a, &"j".repeat(second_part));
    keys(&mut a, "<CR>");
    assert!(a.overlay.is_none());
    assert_eq!(jianghua::ui::breadcrumb(&a, " › "), "二、");
    // With a highlight, the matches per section.
    let mut a = app(80, 24);
    let screen = keys(&mut a, "/党建<CR>O");
    assert!(screen.contains("处"), "{screen}");
}

#[test]
fn a_long_message_shows_whole_on_lines_above_the_status_bar() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, "y");
    let message = a.message.clone().unwrap();
    assert!(screen.lines().rev().nth(1).unwrap().contains(&message), "{screen}");
    keys(&mut a, "j");
    let screen = keys(&mut a, "");
    assert!(!screen.contains(&message), "gone at the next key:\n{screen}");
}

#[test]
fn the_hint_bar_names_the_terms_key_while_that_pane_is_hidden() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, "");
    assert!(screen.lines().last().unwrap().contains("t 提法"), "{screen}");
    let mut wide = app(160, 48);
    let screen = keys(&mut wide, "");
    assert!(!screen.lines().last().unwrap().contains("t 提法"), "{screen}");
}

#[test]
fn help_is_grouped_and_searchable_and_a_closing_key_is_acted_on() {
    let mut a = app(100, 40);
    let screen = keys(&mut a, "?");
    let groups = ["【移动】", "【提纲】", "【搜索】", "【提法】", "【学习】", "【文库】"];
    let positions: Vec<usize> = groups.iter().filter_map(|g| screen.find(g)).collect();
    assert!(positions.len() >= 3, "{screen}");
    let all = jianghua::ui::help_lines(&a.config.keymap, "");
    let titles: Vec<String> = all
        .iter()
        .filter_map(|l| match l {
            jianghua::ui::HelpLine::Group(t) => Some(format!("【{t}】")),
            jianghua::ui::HelpLine::Entry { .. } => None,
        })
        .collect();
    assert_eq!(&titles[..6], groups, "the issue's groups, in its order");
    // Pinyin finds 书签 (marks); nothing else but entries that mention it.
    let screen = keys(&mut a, "/shuqian");
    assert!(screen.contains("设书签") && screen.contains("书签列表") && !screen.contains("下翻半页"), "{screen}");
    let screen = keys(&mut a, "<CR>j<Esc>");
    assert!(screen.contains("下翻半页"), "Esc clears the filter first:\n{screen}");
    keys(&mut a, "<Esc>");
    assert!(a.overlay.is_none());
    // A key that is not for the help closes it and does what it does.
    let mut a = app(80, 24);
    keys(&mut a, "?}");
    assert!(a.overlay.is_none());
    assert_eq!(jianghua::ui::breadcrumb(&a, " › "), "一、");
    let mut a = app(80, 24);
    keys(&mut a, "?:3<CR>");
    assert_eq!(jianghua::ui::breadcrumb(&a, " › "), "三、");
    // q closes the help and does not quit.
    let mut a = app(80, 24);
    keys(&mut a, "?q");
    assert!(a.overlay.is_none() && !a.quitting());
}

#[test]
fn help_teaches_counts_unless_the_digits_are_bound() {
    let mut a = app(100, 40);
    let screen = keys(&mut a, "?/jishu");
    assert!(screen.contains("1-9") && screen.contains("3} 下移三部分"), "{screen}");
    let config = Config::from_user_text("digits.toml", "[keys]\n\"1\" = \"focus_outline\"\n").unwrap();
    let lines = jianghua::ui::help_lines(&config.keymap, "");
    assert!(!lines.iter().any(|l| matches!(l, jianghua::ui::HelpLine::Entry { keys, .. } if keys == "1-9")));
}
