//! Going to a place without an input method (issue 15): `:` by position, Chinese numerals,
//! paragraph numbers and markers within the current part, a short list when an input is
//! ambiguous, messages never cut off, counts before motions, jumps that land a third down with
//! the breadcrumb of the match, the same percentage at every size, and marks at the cursor.

#[path = "support/reading.rs"]
mod reading;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Focus, Overlay};
use jianghua::config::Config;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::{SAMPLES, load};
use ratatui::layout::Rect;
use reading::{app, keys};

fn crumb(app: &App) -> String {
    jianghua::ui::breadcrumb(app, " › ")
}

fn status(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// The row of the text pane (from its top) that holds `byte`.
fn row_of(app: &App, byte: usize) -> usize {
    let doc = app.doc();
    let target = doc.pos_of_byte(byte);
    let mut pos = doc.viewport.top;
    let mut row = 0;
    while pos < target {
        pos = doc.advance(pos, 1);
        row += 1;
    }
    row
}

#[test]
fn positions_by_number_and_by_chinese_numeral() {
    for (input, expected) in [
        ("3", "三、"),
        ("三", "三、"),
        ("三.二", "三、 › 二要"),
        ("3.2", "三、 › 二要"),
        ("2.3", "二、 › （三）"),
        ("2.3.1", "二、 › （三） › 一要"),
        ("二.三", "二、 › （三）"),
        ("二三", "二、 › （三）"),
        ("２．３．１", "二、 › （三） › 一要"),
    ] {
        let mut a = app(80, 24);
        let screen = keys(&mut a, &format!(":{input}<CR>"));
        assert_eq!(crumb(&a), expected, ":{input}");
        assert!(status(&screen).contains(expected.split(" › ").last().unwrap()), ":{input}\n{screen}");
        assert!(a.message.is_none(), ":{input}: {:?}", a.message);
    }
}

#[test]
fn a_position_that_does_not_exist_says_what_there_is_and_stays() {
    for (input, says) in [
        ("3.2.1", "「二要锤炼过硬作风」下没有第1项（共0项）"),
        ("2.3.9", "下没有第9项（共3项）"),
        ("4", "没有第4部分（共3部分）；按段落跳转请输入 p4 或 4段"),
    ] {
        let mut a = app(80, 24);
        let before = a.doc().spot();
        let screen = keys(&mut a, &format!(":{input}<CR>"));
        assert!(screen.contains(says), ":{input}\n{screen}");
        assert_eq!(a.doc().spot(), before, ":{input} moved");
    }
}

#[test]
fn paragraphs_by_number_in_every_spelling() {
    for input in ["p13", "P13", "13段", "第13段", "第十三段"] {
        let mut a = app(80, 24);
        keys(&mut a, &format!(":{input}<CR>v"));
        let cursor = a.doc().study.cursor.unwrap();
        assert_eq!(a.doc().sentence_label(cursor).as_deref(), Some("第13段第1句"), ":{input}");
    }
    let mut a = app(80, 24);
    keys(&mut a, "13G");
    assert_eq!(a.doc().place_byte(), a.doc().paragraph_byte(13).unwrap(), "13G goes to paragraph 13");
    let mut a = app(80, 24);
    let screen = keys(&mut a, ":p999<CR>");
    assert!(screen.contains("没有第999段"), "{screen}");
}

#[test]
fn a_requirement_within_the_current_part() {
    let mut a = app(80, 24);
    keys(&mut a, ":二、（二）<CR>:二要<CR>");
    assert_eq!(crumb(&a), "二、 › （二） › 二要");
    keys(&mut a, ":三、<CR>:二要<CR>");
    assert_eq!(crumb(&a), "三、 › 二要", "part 三's own 二要, not the next one in the text");
}

#[test]
fn an_ambiguous_input_asks_with_a_short_list() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, ":二要<CR>");
    let Some(Overlay::Choose { sections, .. }) = &a.overlay else { panic!("no choice offered:\n{screen}") };
    assert_eq!(sections.len(), 5, "every 二要 in the document");
    assert!(screen.contains("「二要」有 5 处") && screen.contains(" 2 二、›（一）"), "{screen}");
    keys(&mut a, "3");
    assert!(a.overlay.is_none());
    assert_eq!(crumb(&a), "二、 › （二） › 二要", "3 picks the third");
    // Enter takes the nearest; Esc cancels without moving.
    let mut a = app(80, 24);
    keys(&mut a, ":二要<CR><CR>");
    assert_eq!(crumb(&a), "一、 › 二要");
    let mut a = app(80, 24);
    let before = a.doc().spot();
    keys(&mut a, ":二要<CR><Esc>");
    assert_eq!(a.doc().spot(), before);
}

#[test]
fn an_error_is_never_cut_off() {
    for (w, h) in [(80, 24), (40, 10), (100, 30)] {
        let mut a = app(w, h);
        let screen = keys(&mut a, ":zz<CR>");
        let message = a.message.clone().unwrap();
        assert!(message.contains("3.2") && message.ends_with("50%"), "{message}");
        // Every character of the message is on screen, in order (line breaks aside).
        let flat: String = screen.chars().filter(|c| !c.is_whitespace()).collect();
        let whole: String = message.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&whole), "{w}x{h}\n{screen}");
        let mut a = app(w, h);
        let screen = keys(&mut a, ":9<CR>");
        assert!(screen.contains("没有第9部分（共3部分）") && screen.contains("9段"), "{w}x{h}\n{screen}");
    }
}

#[test]
fn counts_repeat_motions_and_digits_no_longer_switch_panes() {
    let mut a = app(80, 24);
    keys(&mut a, "3}");
    assert_eq!(crumb(&a), "三、");
    assert_eq!(a.focus, Focus::Text, "3 did not focus the terms pane");
    let mut a = app(80, 24);
    let top = a.doc().viewport.top;
    keys(&mut a, "5j");
    assert_eq!(a.doc().viewport.top, a.doc().advance(top, 5));
    let mut a = app(80, 24);
    keys(&mut a, "12");
    assert_eq!(a.count, Some(12));
    let screen = keys(&mut a, "");
    assert!(status(&screen).contains("12"), "the count shows while typed:\n{screen}");
    keys(&mut a, "<Esc>");
    assert_eq!(a.count, None, "Esc drops a count");
    // Three jumps are one step back in the jump history.
    let mut a = app(80, 24);
    keys(&mut a, "3]<C-o>");
    assert_eq!(a.doc().viewport.top, jianghua::app::TextPos::default());
    // Panes are focused with Alt and a digit.
    let mut a = app(160, 48);
    a.handle_key(Key { code: KeyCodeOrd::Char('3'), ctrl: false, alt: true });
    assert_eq!(a.focus, Focus::Terms);
    a.handle_key(Key { code: KeyCodeOrd::Char('1'), ctrl: false, alt: true });
    assert_eq!(a.focus, Focus::Outline);
}

#[test]
fn a_user_binding_on_a_digit_still_wins_over_counts() {
    let config = Config::from_user_text("digits.toml", "[keys]\n\"1\" = \"focus_outline\"\n").unwrap();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut a = App::new(config, vec![view]);
    a.resize(Rect::new(0, 0, 80, 24));
    a.handle_key(Key::char('1'));
    assert_eq!((a.focus, a.count), (Focus::Outline, None));
}

#[test]
fn a_search_or_jump_lands_a_third_down_with_the_breadcrumb_of_the_match() {
    for (w, h) in [(80, 24), (160, 48), (100, 30)] {
        let mut a = app(w, h);
        let screen = keys(&mut a, "/统一要求<CR>");
        let m = a.doc().viewport.finder.as_ref().unwrap().current_range().unwrap();
        assert_eq!(row_of(&a, m.start), a.doc().landing_row(), "{w}x{h}");
        assert_eq!(a.doc().landing_row(), a.text_height() / 3);
        assert_eq!(crumb(&a), "二、 › （二） › 二要", "{w}x{h}: the match's section, not the top line's");
        assert!(status(&screen).contains("（二） › 二要"), "{screen}");
        let mut a = app(w, h);
        keys(&mut a, ":二、（三）<CR>");
        let start = a.doc().analysis.outline.sections[a.doc().viewport.tree.selected.unwrap()].bytes.start;
        assert_eq!(row_of(&a, start), a.doc().landing_row(), "{w}x{h}");
    }
}

#[test]
fn the_same_place_reads_the_same_percentage_at_every_size() {
    let sizes = [(80, 24), (100, 30), (120, 40), (200, 50), (60, 15)];
    for input in [":37%<CR>", "/统一要求<CR>", ":2.3<CR>", "13G"] {
        let percents: Vec<usize> = sizes
            .iter()
            .map(|&(w, h)| {
                let mut a = app(w, h);
                keys(&mut a, input);
                a.doc().percent()
            })
            .collect();
        assert!(percents.windows(2).all(|p| p[0] == p[1]), "{input}: {percents:?}");
    }
    let mut a = app(80, 24);
    let screen = keys(&mut a, ":37%<CR>");
    assert!(status(&screen).contains(" 37% "), "{screen}");
    let mut a = app(80, 24);
    keys(&mut a, "G");
    assert_eq!(a.doc().percent(), 100);
}

#[test]
fn marks_record_the_cursor_sentence() {
    let mut a = app(80, 24);
    keys(&mut a, ":2.2<CR>v)))");
    let cursor = a.doc().study.cursor.unwrap();
    let sentence = a.doc().analysis.doc.sentences()[cursor].clone();
    keys(&mut a, "ma");
    let mark = a.doc().study.state.marks[&'a'].offset;
    assert_eq!(a.doc().analysis.doc.byte_of_char(mark), sentence.start, "the cursor's sentence, not the top line");
    keys(&mut a, "gg'a");
    assert_eq!(a.doc().study.cursor, Some(cursor), "back on the marked sentence");
    assert_eq!(row_of(&a, sentence.start), a.doc().landing_row());
}

#[test]
fn the_paragraph_gutter_is_off_at_80_columns_and_toggles() {
    let mut a = app(80, 24);
    let screen = keys(&mut a, "");
    assert!(!screen.contains("  1 同志们："), "{screen}");
    let screen = keys(&mut a, "#");
    assert!(screen.contains("  1 同志们：") && screen.contains("  2 这次县委工作会议"), "{screen}");
    let mut wide = app(200, 50);
    let screen = keys(&mut wide, "");
    assert!(screen.contains("  1 同志们："), "on where it costs the text nothing:\n{screen}");
    let screen = keys(&mut wide, "#");
    assert!(!screen.contains("  1 同志们："), "{screen}");
    let _ = Action::ToggleNumbers;
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any paragraph of any sample, gone to at any two sizes, is the place at both, reads the
    /// same percentage and names the same section in the breadcrumb.
    #[test]
    fn any_place_reads_the_same_at_any_size(
        sample in 0..SAMPLES.len(),
        pick in 0.0f64..1.0,
        a_size in (40u16..220, 12u16..70),
        b_size in (40u16..220, 12u16..70),
    ) {
        let config = Config::embedded();
        let open = |(w, h): (u16, u16)| {
            let view = DocView::new(load(SAMPLES[sample].0, SAMPLES[sample].1), &config);
            let mut app = App::new(config.clone(), vec![view]);
            app.resize(Rect::new(0, 0, w, h));
            app
        };
        let mut a = open(a_size);
        let numbered = a.doc().analysis.numbered.len();
        proptest::prop_assume!(numbered > 0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let n = 1 + ((numbered - 1) as f64 * pick) as usize;
        let mut b = open(b_size);
        keys(&mut a, &format!(":p{n}<CR>"));
        keys(&mut b, &format!(":p{n}<CR>"));
        let target = a.doc().paragraph_byte(n).unwrap();
        proptest::prop_assert_eq!(a.doc().place_byte(), target);
        proptest::prop_assert_eq!(b.doc().place_byte(), target);
        proptest::prop_assert_eq!(a.doc().percent(), b.doc().percent(), "paragraph {}", n);
        proptest::prop_assert_eq!(crumb(&a), crumb(&b));
    }
}
