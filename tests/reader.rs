//! `update()` for every action, on the embedded samples, with the state it must leave behind.

use jianghua::action::Action;
use jianghua::app::{App, DocView, Effect, Focus, Overlay, PromptKind, Target, TextPos};
use jianghua::config::Config;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::{SAMPLES, load};
use jianghua::structure::Family;
use ratatui::layout::Rect;

fn app_for(sample: usize, width: u16, height: u16) -> App {
    let config = Config::embedded();
    let (name, text) = SAMPLES[sample];
    let view = DocView::new(load(name, text), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, width, height));
    app
}

fn app() -> App {
    app_for(0, 80, 24)
}

fn top_byte(app: &App) -> usize {
    app.doc().byte_at(app.doc().viewport.top)
}

/// Did the last jump land on `byte`: the place, on the landing row a third down the text pane
/// (or above it at the start of the document, below it at the end)?
fn landed_on(app: &App, byte: usize) -> bool {
    let doc = app.doc();
    let landing = doc.advance(doc.viewport.top, doc.landing_row());
    let row = doc.pos_of_byte(byte);
    let clamped = (row < landing && doc.viewport.top == TextPos::default())
        || (row > landing && doc.viewport.top == doc.max_top() && doc.is_visible(byte));
    doc.place_byte() == byte && (row == landing || clamped)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(Key::char(c));
    }
}

#[test]
fn line_half_page_and_page_moves() {
    let mut a = app();
    let height = a.text_height();
    a.update(Action::ScrollDown);
    assert_eq!(a.doc().viewport.top, a.doc().advance(TextPos::default(), 1));
    a.update(Action::ScrollUp);
    assert_eq!(a.doc().viewport.top, TextPos::default());
    a.update(Action::ScrollUp);
    assert_eq!(a.doc().viewport.top, TextPos::default(), "cannot scroll above the start");
    a.update(Action::HalfPageDown);
    assert_eq!(a.doc().viewport.top, a.doc().advance(TextPos::default(), (height - 2) / 2));
    a.update(Action::HalfPageUp);
    assert_eq!(a.doc().viewport.top, TextPos::default());
    a.update(Action::PageDown);
    assert_eq!(a.doc().viewport.top, a.doc().advance(TextPos::default(), height - 2));
    a.update(Action::PageUp);
    assert_eq!(a.doc().viewport.top, TextPos::default());
}

#[test]
fn top_and_bottom_stop_at_the_ends() {
    let mut a = app();
    a.update(Action::Bottom);
    let bottom = a.doc().viewport.top;
    assert_eq!(bottom, a.doc().max_top());
    assert_eq!(a.doc().percent(), 100);
    a.update(Action::ScrollDown);
    assert_eq!(a.doc().viewport.top, bottom, "cannot scroll past the end");
    a.update(Action::Top);
    assert_eq!(a.doc().viewport.top, TextPos::default());
}

#[test]
fn headings_and_parts_step_in_order() {
    let mut a = app();
    a.update(Action::NextPart);
    let part = a.doc().viewport.tree.selected.unwrap();
    assert_eq!(a.doc().analysis.outline.sections[part].marker, "一、");
    assert!(landed_on(&a, a.doc().analysis.outline.sections[part].bytes.start));
    a.update(Action::NextHeading);
    let next = a.doc().viewport.tree.selected.unwrap();
    assert_eq!(next, part + 1);
    a.update(Action::NextPart);
    assert_eq!(a.doc().analysis.outline.sections[a.doc().viewport.tree.selected.unwrap()].marker, "二、");
    a.update(Action::PrevPart);
    assert_eq!(a.doc().analysis.outline.sections[a.doc().viewport.tree.selected.unwrap()].marker, "一、");
    a.update(Action::PrevHeading);
    let before = a.doc().viewport.tree.selected.unwrap();
    assert!(before < part);
}

#[test]
fn inline_markers_sharing_a_row_are_stepped_one_by_one() {
    let mut a = app_for(0, 200, 50);
    // The preamble's inline points: several can share the top row at this width.
    let points: Vec<usize> = (0..a.doc().analysis.outline.sections.len())
        .filter(|&i| a.doc().analysis.outline.sections[i].family == Family::Point)
        .collect();
    a.jump_to_section(points[0]);
    for &p in &points[1..] {
        a.update(Action::NextHeading);
        assert_eq!(a.doc().viewport.tree.selected, Some(p));
    }
}

#[test]
fn fold_unfold_and_activate_in_the_outline() {
    let mut a = app();
    a.update(Action::FocusOutline);
    assert_eq!(a.focus, Focus::Outline);
    a.update(Action::Top);
    a.update(Action::ScrollDown);
    let selected = a.doc().viewport.tree.selected.unwrap();
    let parent = a.doc().analysis.outline.sections[selected].parent.unwrap();
    a.update(Action::Fold);
    assert_eq!(a.doc().viewport.tree.selected, Some(parent), "folding a leaf selects its parent");
    a.update(Action::Fold);
    assert!(!a.doc().viewport.tree.expanded[parent]);
    assert!(!a.doc().visible_sections().contains(&selected));
    a.update(Action::Unfold);
    assert!(a.doc().viewport.tree.expanded[parent]);
    a.update(Action::Unfold);
    assert_eq!(a.doc().viewport.tree.selected, Some(parent + 1), "unfolding an open node selects its first child");
    a.update(Action::Activate);
    assert_eq!(a.focus, Focus::Text);
    let marker = a.doc().analysis.outline.sections[parent + 1].bytes.start;
    assert!(landed_on(&a, marker), "the inline marker is on the landing row");
}

#[test]
fn outline_opens_expanded_to_the_chapter_level() {
    let a = app();
    let doc = a.doc();
    for &i in &doc.visible_sections() {
        assert!(doc.analysis.outline.sections[i].level <= 2, "{}", doc.analysis.outline.sections[i].title);
    }
    assert!(doc.visible_sections().iter().any(|&i| doc.analysis.outline.sections[i].family == Family::Chapter));
}

#[test]
fn focus_cycles_over_the_panes_on_screen() {
    let mut a = app_for(0, 160, 48);
    assert_eq!(a.focus, Focus::Text);
    a.update(Action::FocusNext);
    assert_eq!(a.focus, Focus::Terms);
    a.update(Action::FocusNext);
    assert_eq!(a.focus, Focus::Outline);
    a.update(Action::FocusPrev);
    assert_eq!(a.focus, Focus::Terms);
    a.update(Action::FocusText);
    assert_eq!(a.focus, Focus::Text);
    let mut narrow = app();
    narrow.update(Action::FocusNext);
    narrow.update(Action::FocusNext);
    assert_eq!(narrow.focus, Focus::Text, "terms are not on screen at 80 columns");
}

#[test]
fn toggles_and_text_only() {
    let mut a = app();
    assert!(a.pane_shown(Focus::Outline) && !a.pane_shown(Focus::Terms));
    a.update(Action::ToggleTerms);
    assert!(a.panes.unwrap().terms.is_some_and(|t| t.overlay), "terms float over the text at 80 columns");
    a.update(Action::ToggleTerms);
    assert!(!a.pane_shown(Focus::Terms));
    a.update(Action::ToggleOutline);
    assert!(!a.pane_shown(Focus::Outline));
    a.update(Action::ToggleOutline);
    assert!(a.pane_shown(Focus::Outline));
    let column = a.panes.unwrap().column.width;
    a.update(Action::TextOnly);
    assert!(!a.pane_shown(Focus::Outline));
    assert!(a.panes.unwrap().column.width > column);
    a.update(Action::TextOnly);
    assert!(a.pane_shown(Focus::Outline));
    a.update(Action::FocusTerms);
    assert_eq!(a.focus, Focus::Terms, "focusing a hidden pane shows it");
}

#[test]
fn search_prompt_steps_and_cancels() {
    let mut a = app();
    a.update(Action::Search);
    assert_eq!(a.prompt.as_ref().map(|p| p.kind), Some(PromptKind::Search));
    type_text(&mut a, "两个确立");
    let finder = a.doc().viewport.finder.clone().unwrap();
    assert_eq!(finder.target, Target::Search { query: "两个确立".into() });
    assert_eq!(finder.matches.len(), 4);
    assert_eq!(finder.current, Some(0));
    a.handle_key(Key::plain(KeyCodeOrd::Enter));
    assert!(a.prompt.is_none());
    a.update(Action::SearchNext);
    assert_eq!(a.doc().viewport.finder.as_ref().unwrap().current, Some(1));
    a.update(Action::SearchPrev);
    a.update(Action::SearchPrev);
    assert_eq!(a.doc().viewport.finder.as_ref().unwrap().current, Some(3), "wraps around");
    a.update(Action::Cancel);
    assert!(a.doc().viewport.finder.is_none());
}

#[test]
fn escape_in_the_prompt_restores_the_position() {
    let mut a = app();
    a.update(Action::PageDown);
    let before = a.doc().viewport.top;
    a.update(Action::Search);
    type_text(&mut a, "谢谢大家");
    assert_ne!(a.doc().viewport.top, before);
    a.handle_key(Key::plain(KeyCodeOrd::Esc));
    assert_eq!(a.doc().viewport.top, before);
    assert!(a.doc().viewport.finder.is_none());
}

#[test]
fn pinyin_initials_and_full_pinyin_find_han_text() {
    let mut a = app();
    a.update(Action::Search);
    type_text(&mut a, "lgql");
    assert_eq!(a.doc().viewport.finder.as_ref().unwrap().matches.len(), 4, "两个确立 by its initials");
    let mut a = app();
    a.update(Action::Search);
    type_text(&mut a, "dangjian");
    let f = a.doc().viewport.finder.as_ref().unwrap();
    let found: Vec<&str> = f.matches.iter().map(|r| &a.doc().analysis.doc.text()[r.clone()]).collect();
    assert_eq!(found.iter().filter(|m| **m == "党建").count(), 8, "{found:?}");
    // Every heteronym reading counts: 前 can also be read jiǎn, so 当前 matches too.
    assert!(found.iter().all(|m| ["党建", "当前"].contains(m)), "{found:?}");
}

#[test]
fn go_to_markers_and_percentages() {
    let mut a = app();
    a.update(Action::GoTo);
    assert_eq!(a.prompt.as_ref().map(|p| p.kind), Some(PromptKind::GoTo));
    type_text(&mut a, "二、（三）");
    a.handle_key(Key::plain(KeyCodeOrd::Enter));
    let s = &a.doc().analysis.outline.sections[a.doc().viewport.tree.selected.unwrap()];
    assert_eq!(s.marker, "（三）");
    assert!(landed_on(&a, s.bytes.start));
    a.update(Action::GoTo);
    type_text(&mut a, "50%");
    a.handle_key(Key::plain(KeyCodeOrd::Enter));
    let half = a.doc().analysis.doc.byte_of_char(a.doc().analysis.doc.char_len() / 2);
    assert!(a.doc().is_visible(half));
    a.update(Action::GoTo);
    type_text(&mut a, "（九）");
    a.handle_key(Key::plain(KeyCodeOrd::Enter));
    assert!(a.message.as_deref().is_some_and(|m| m.contains("找不到")));
}

#[test]
fn terms_pane_highlights_the_selected_term() {
    let mut a = app_for(0, 160, 48);
    a.update(Action::FocusTerms);
    a.update(Action::ScrollDown);
    let Some(Target::Term { text, .. }) = a.doc().viewport.finder.as_ref().map(|f| f.target.clone()) else {
        panic!("a term is highlighted")
    };
    assert_eq!(text, "两个确立", "the most frequent term of the first list comes first");
    assert_eq!(a.doc().viewport.finder.as_ref().unwrap().matches.len(), 4);
    a.update(Action::SearchNext);
    let current = a.doc().viewport.finder.as_ref().unwrap().current_range().unwrap();
    assert!(a.doc().is_visible(current.start));
    a.update(Action::Activate);
    assert_eq!(a.overlay, Some(Overlay::Concordance { selected: 0, offset: 0 }), "Enter opens the concordance");
}

#[test]
fn help_quit_redraw_and_none() {
    let mut a = app();
    a.update(Action::Help);
    assert_eq!(a.overlay, Some(Overlay::Help { offset: 0 }));
    a.handle_key(Key::char('j'));
    assert_eq!(a.overlay, Some(Overlay::Help { offset: 1 }), "j scrolls the help");
    a.handle_key(Key::plain(KeyCodeOrd::Esc));
    assert_eq!(a.overlay, None);
    a.update(Action::Redraw);
    assert!(matches!(a.effects(), [Effect::Redraw]), "{:?}", a.effects());
    let before = a.doc().viewport.top;
    a.update(Action::None);
    assert_eq!(a.doc().viewport.top, before);
    a.update(Action::Quit);
    assert!(a.quitting());
}

#[test]
fn resize_keeps_the_top_offset_in_the_same_paragraph() {
    let mut a = app_for(1, 160, 48);
    for _ in 0..40 {
        a.update(Action::ScrollDown);
    }
    let para = a.doc().viewport.top.para;
    let byte = top_byte(&a);
    for (w, h) in [(80, 24), (41, 10), (200, 50), (1, 1), (120, 40)] {
        a.resize(Rect::new(0, 0, w, h));
        if a.panes.is_some() {
            assert_eq!(a.doc().viewport.top.para, para, "at {w}x{h}");
        }
    }
    a.resize(Rect::new(0, 0, 160, 48));
    assert_eq!(a.doc().viewport.top.para, para);
    assert!(top_byte(&a) <= byte);
}

/// Overlay keys and the hints in overlay titles both come from the keymap: after a remap the
/// title names the new key, and the new key does it.
#[test]
fn overlay_hints_follow_a_remapped_key() {
    let config = Config::from_user_text(
        "remap.toml",
        "[keys]\n\"enter\" = \"none\"\n\"o\" = \"activate\"\n[overlay_keys]\n\"d\" = \"none\"\n\"x\" = \"delete\"\n",
    )
    .unwrap();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut a = App::new(config, vec![view]);
    type_text(&mut a, "ma");
    let screen = jianghua::tui::render(&mut a, 100, 30, &[Key::char('M')]);
    assert!(screen.contains("o 跳转，x 删除，Esc 关闭"), "{screen}");
    assert!(!screen.contains("d 删除") && !screen.contains("Enter"), "{screen}");
    a.handle_key(Key::char('d'));
    assert_eq!(a.doc().study.state.marks.len(), 1, "d no longer deletes");
    a.update(Action::ShowMarks);
    a.handle_key(Key::char('x'));
    assert!(a.doc().study.state.marks.is_empty(), "x deletes");
}
