//! Whole-app snapshots: the embedded sample driven by key sequences at 80×24 and 160×48, through
//! the same path as `jianghua render`. Reviewed by hand: each snapshot shows what a reader sees.

use jianghua::app::{App, DocView};
use jianghua::config::Config;
use jianghua::keymap::parse_vim;
use jianghua::samples::{default_sample, load};
use jianghua::tui::render;

fn screen(width: u16, height: u16, keys: &str) -> String {
    let config = Config::embedded();
    let (name, text) = default_sample();
    let view = DocView::new(load(name, text), &config);
    let mut app = App::new(config, vec![view]);
    render(&mut app, width, height, &parse_vim(keys).unwrap())
}

macro_rules! screens {
    ($($name:ident: $keys:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(concat!(stringify!($name), "_80x24"), screen(80, 24, $keys));
                insta::assert_snapshot!(concat!(stringify!($name), "_160x48"), screen(160, 48, $keys));
            }
        )*
    };
}

screens! {
    open: "";
    scroll: "jjjj<C-d>";
    jump_to_chapter_three: ":（三）<CR>";
    search_liang_ge_que_li: "/两个确立<CR>n";
    fold_a_part: "}<A-1>h";
    help_overlay: "?";
    terms_pane_with_a_term_selected: "<A-3>jj";
    concordance_of_a_term: "<A-3>jj<CR>";
    outline_counts_for_a_term: "<A-3>jjc";
    go_to_part_three_chapter_two: ":3.2<CR>";
    go_to_asks_which_of_several: ":二要<CR>";
    full_heading_under_the_outline: "}";
    whole_outline: "O";
    help_found_by_pinyin: "?/shuqian";
    note_in_place: "/统一要求<CR>a县委组织部牵头，三月底前报送调训计划。<C-s>";
    long_message_above_the_bar: ":zz<CR>";
    paragraph_numbers: "#";
}
