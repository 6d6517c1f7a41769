//! Tests of wrapping by the line-breaking rules.
// Keep ranges are written as literals; one range is not a mistake for a list of numbers here.
#![allow(clippy::single_range_in_vec_init)]

use super::*;

const N: AmbiguousWidth = AmbiguousWidth::Narrow;
const W: AmbiguousWidth = AmbiguousWidth::Wide;

fn rows(text: &str, width: usize) -> Vec<&str> {
    rows_with(text, width, N, &[])
}

fn rows_with<'t>(text: &'t str, width: usize, amb: AmbiguousWidth, keep: &[Range<usize>]) -> Vec<&'t str> {
    let rows = break_rows(text, width, amb, keep);
    check(text, width, amb, &rows);
    rows.iter().map(|r| &text[r.start..r.end]).collect()
}

fn ends(text: &str, width: usize) -> Vec<RowEnd> {
    break_rows_explained(text, width, N, &[]).into_iter().map(|(_, e)| e).collect()
}

/// The invariants every result keeps.
fn check(text: &str, width: usize, amb: AmbiguousWidth, rows: &[Row]) {
    assert!(!rows.is_empty());
    assert_eq!(rows[0].start, 0);
    assert_eq!(rows.last().unwrap().end, text.len());
    for pair in rows.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
        assert!(pair[0].start < pair[0].end, "empty row in {rows:?}");
    }
    for r in rows {
        let s = &text[r.start..r.end];
        assert_eq!(usize::from(r.width), str_width(s.trim_end_matches([' ', '\t']), amb), "{s:?}");
        assert!(usize::from(r.width) <= width.max(2), "{s:?} is wider than {width}");
    }
}

fn range_of(text: &str, term: &str) -> Range<usize> {
    let start = text.find(term).unwrap();
    start..start + term.len()
}

#[test]
fn han_text_fills_rows() {
    assert_eq!(rows("提高政治站位", 4), ["提高", "政治", "站位"]);
    assert_eq!(rows("提高政治站位", 5), ["提高", "政治", "站位"]);
    assert_eq!(rows("提高政治站位", 12), ["提高政治站位"]);
    let r = break_rows("提高政治站位", 5, N, &[]);
    assert_eq!(r[0], Row { start: 0, end: 6, width: 4, indent: 0 });
}

#[test]
fn no_row_starts_with_a_pause_or_closing_mark() {
    // Naively "提高政治" | "，站位": the comma pulls 治 down with it.
    assert_eq!(rows("提高政治，站位", 8), ["提高政", "治，站位"]);
    for mark in ["、", "，", "。", "：", "；", "！", "？", "”", "’", "」", "』", "）", "》", "〉", "】"]
    {
        let text = format!("提高政治{mark}站位");
        let r = rows(&text, 8);
        assert_eq!(r[0], "提高政", "{text}");
    }
    for mark in [",", ".", ";", ":", "!", "?", ")", "]", "}", "%"] {
        let text = format!("提高政治{mark}站位");
        assert_eq!(rows(&text, 8)[0], "提高政", "{text}");
    }
}

#[test]
fn middle_dots_stay_with_the_name_before_them() {
    // UAX #14 allows a break before `·`; the 禁则 do not.
    assert_eq!(rows("马克思恩格斯·列宁", 12), ["马克思恩格", "斯·列宁"]);
    assert_eq!(rows("马克思恩格斯・列宁", 12), ["马克思恩格", "斯・列宁"]);
}

#[test]
fn no_row_ends_with_an_opening_mark() {
    for mark in ["“", "‘", "「", "『", "（", "《", "〈", "【"] {
        let text = format!("提高政{mark}治站位");
        let r = rows(&text, 8);
        assert!(!r[0].ends_with(mark), "{text}: {r:?}");
        assert_eq!(r[0], "提高政", "{text}");
    }
    for mark in ["(", "[", "{"] {
        let text = format!("提高政治{mark}站位");
        let r = rows(&text, 9);
        assert_eq!(r[0], "提高政治", "{text}: {r:?}");
    }
}

#[test]
fn curly_quotes_break_like_brackets_between_han_characters() {
    // Unicode 15.0 glues `“` to 持 and `”` to 的; the tailoring lets them go.
    assert_eq!(rows("坚持“两个确立”的", 6), ["坚持", "“两个", "确立”", "的"]);
    assert_eq!(rows("要坚持，“两个确立”", 8), ["要坚持，", "“两个确", "立”"]);
}

#[test]
fn double_dashes_and_ellipses_are_never_split() {
    // Narrow model: `—` and `…` are one column each.
    assert_eq!(rows("提高政——治", 7), ["提高政", "——治"]);
    // UAX #14 keeps `…` with the character before it.
    assert_eq!(rows("提高政……治", 7), ["提高", "政……治"]);
    assert_eq!(rows("——坚持党的领导", 6), ["——坚持", "党的领", "导"]);
    // A row of exactly the pair is fine.
    assert_eq!(rows("提高——", 6), ["提高——"]);
}

#[test]
fn a_configured_term_moves_to_the_next_row_whole() {
    let text = "坚定捍卫两个确立";
    assert_eq!(rows(text, 10), ["坚定捍卫两", "个确立"]);
    let keep = [range_of(text, "两个确立")];
    assert_eq!(rows_with(text, 10, N, &keep), ["坚定捍卫", "两个确立"]);
    // Several terms, with quotes. The quotes and the comma are glued to the terms, so
    // `“两个确立”，` (12 columns) must fit a row for the term to move whole.
    let text = "坚定拥护“两个确立”，坚决做到“两个维护”";
    let keep = [range_of(text, "两个确立"), range_of(text, "两个维护")];
    // A term is split only where moving it whole would leave a hole wider than a quarter row.
    for width in 12..40 {
        let rows = break_rows(text, width, N, &keep);
        check(text, width, N, &rows);
        for pair in rows.windows(2) {
            let (above, r) = (pair[0], pair[1]);
            if let Some(k) = keep.iter().find(|k| k.start < r.start && r.start < k.end) {
                // An opening quote glued to the term would move with it.
                let stays = text[above.start..k.start].trim_end_matches(|c| NO_END.contains(&c));
                let moved_hole = width - str_width(stays, N).min(width);
                assert!(moved_hole > max_hole(width), "width {width}: {rows:?}");
            }
        }
    }
    assert_eq!(rows_with(text, 14, N, &keep), ["坚定拥护“两个", "确立”，坚决做", "到“两个维护”"]);
}

#[test]
fn a_term_breaks_rather_than_leave_a_hole_wider_than_a_quarter_row() {
    let text = "坚决贯彻落实防范化解重大风险部署";
    let keep = [range_of(text, "防范化解重大风险")];
    // Moving the 16-column term whole from a 20-column row would leave 8 empty columns (> 5).
    assert_eq!(rows_with(text, 20, N, &keep), ["坚决贯彻落实防范化解", "重大风险部署"]);
    // At 30 columns it fits the first row.
    assert_eq!(rows_with(text, 30, N, &keep), ["坚决贯彻落实防范化解重大风险部", "署"]);
    let text = "各级党组织要坚持和完善防范化解重大风险";
    let keep = [range_of(text, "防范化解重大风险")];
    assert_eq!(rows_with(text, 26, N, &keep), ["各级党组织要坚持和完善", "防范化解重大风险"]);
}

#[test]
fn an_enumerator_marker_is_never_split() {
    let text = "成效明显。一是产业提质。二是城乡融合。十一要守住底线。";
    // From 6 columns, the widest marker here (十一要) fits a row.
    for width in 6..40 {
        let rows = rows(text, width);
        for pair in rows.windows(2) {
            let (a, b) = (pair[0].chars().last(), pair[1].chars().next());
            let split = a.is_some_and(|a| "一二十".contains(a)) && b.is_some_and(|b| "是要一".contains(b));
            assert!(!split, "width {width}: {rows:?}");
        }
    }
    // A numeral inside a clause is no marker: 统一 / 要求 may break.
    assert_eq!(rows("全面统一要求", 6), ["全面统", "一要求"]);
}

#[test]
fn a_configured_term_wider_than_the_row_is_split() {
    let text = "全面从严治党永远在路上";
    let keep = [0..text.len()];
    assert_eq!(rows_with(text, 8, N, &keep), ["全面从严", "治党永远", "在路上"]);
    assert_eq!(ends_with_keep(text, 8, &keep)[0], RowEnd::Opportunity);
}

fn ends_with_keep(text: &str, width: usize, keep: &[Range<usize>]) -> Vec<RowEnd> {
    break_rows_explained(text, width, N, keep).into_iter().map(|(_, e)| e).collect()
}

#[test]
fn tiny_widths_make_progress_and_never_panic() {
    for width in [0, 1, 2] {
        assert_eq!(rows("提高政治", width), ["提", "高", "政", "治"], "width {width}");
        assert_eq!(rows("ab", width), ["ab"], "width {width}");
        let r = rows("提高，“政治”。", width);
        assert_eq!(r.concat(), "提高，“政治”。");
        let r = rows("　　提高", width);
        assert_eq!(r.concat(), "　　提高");
        let r = rows("a提b", width);
        assert_eq!(r.concat(), "a提b");
    }
    assert_eq!(rows("abc", 1), ["ab", "c"]);
    assert_eq!(rows("abc d", 0), ["ab", "c ", "d"]);
    assert_eq!(ends("提高", 0), [RowEnd::Opportunity, RowEnd::Last]);
}

#[test]
fn a_latin_word_longer_than_the_row_is_cut() {
    let text = "see internationalization now";
    assert_eq!(rows(text, 10), ["see ", "internatio", "nalization ", "now"]);
    assert_eq!(ends(text, 10), [RowEnd::Opportunity, RowEnd::Fallback, RowEnd::Opportunity, RowEnd::Last]);
    // The fallback still keeps the 禁则: no row starts with the full stop.
    assert_eq!(rows("abcdefghij.", 10), ["abcdefghi", "j."]);
    // Rules forbid everything: the last character that fits.
    assert_eq!(rows("，，，，，，", 4), ["，，", "，，", "，，"]);
    assert_eq!(ends("，，，，，，", 4), [RowEnd::Forced, RowEnd::Forced, RowEnd::Last]);
}

#[test]
fn latin_words_break_at_spaces_and_the_spaces_hang() {
    let text = "the quick brown fox";
    assert_eq!(rows(text, 10), ["the quick ", "brown fox"]);
    assert_eq!(rows(text, 9), ["the quick ", "brown fox"]);
    let r = break_rows(text, 9, N, &[]);
    assert_eq!(r[0].width, 9);
    // A run of spaces hangs whole.
    assert_eq!(rows("ab        cd", 4), ["ab        ", "cd"]);
    assert_eq!(break_rows("ab        cd", 4, N, &[])[0].width, 2);
}

#[test]
fn numbers_stay_whole() {
    let text = "在2023年经济增长5.5%左右";
    // From 6 columns on, `2023年` fits a row and must not be split.
    for width in 6..30 {
        let r = rows(text, width);
        for pair in r.windows(2) {
            let a = pair[0].chars().last().unwrap();
            let b = pair[1].chars().next().unwrap();
            let numeric = |c: char| c.is_ascii_digit() || c == '.' || c == '%';
            assert!(!(numeric(a) && (numeric(b) || b == '年')), "{width}: {r:?}");
        }
        assert!(r.iter().any(|row| row.contains("2023年")), "{width}: {r:?}");
        assert!(r.iter().any(|row| row.contains("5.5%")), "{width}: {r:?}");
    }
    assert_eq!(rows("在2023年", 7), ["在", "2023年"]);
    assert_eq!(rows("增长5.5%左右", 7), ["增长", "5.5%左", "右"]);
}

#[test]
fn the_indent_is_kept_and_counted() {
    let text = "　　同志们，今年是全面贯彻党的二十大精神的开局之年。";
    let r = break_rows(text, 20, N, &[]);
    check(text, 20, N, &r);
    assert!(text[r[0].start..r[0].end].starts_with("　　同志们"));
    assert_eq!(r[0].width, 20);
    assert_eq!(rows("　　提高", 4), ["　　", "提高"]);
}

#[test]
fn rows_join_back_to_the_text() {
    let text = "　　一是提高政治站位。要深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、\
                做到“两个维护”——在2023年GDP增长5.5%左右……（见附件）";
    for amb in [N, W] {
        for width in 0..100 {
            let rows = rows_with(text, width, amb, &[]);
            assert_eq!(rows.concat(), text);
        }
    }
    assert_eq!(break_rows("", 10, N, &[]), [Row { start: 0, end: 0, width: 0, indent: 0 }]);
    assert_eq!(break_rows("", 0, W, &[0..0]), [Row { start: 0, end: 0, width: 0, indent: 0 }]);
}

#[test]
fn ambiguous_wide_quotes_count_two_columns() {
    let text = "“两个确立”“两个维护”";
    assert_eq!(rows_with(text, 10, N, &[]), ["“两个确立”", "“两个维护”"]);
    assert_eq!(rows_with(text, 10, W, &[]), ["“两个确", "立”“两个", "维护”"]);
    for width in 0..30 {
        let rows = break_rows(text, width, W, &[]);
        check(text, width, W, &rows);
    }
}

#[test]
fn tabs_count_one_column_and_zero_width_characters_nothing() {
    assert_eq!(break_rows("a\tb", 10, N, &[])[0].width, 3);
    let text = "提高\u{200B}政治\u{0}站位";
    assert_eq!(rows(text, 4), ["提高\u{200B}", "政治\u{0}", "站位"]);
}

#[test]
#[allow(clippy::reversed_empty_ranges)]
fn malformed_keep_ranges_do_not_panic() {
    let text = "提高政治站位";
    for keep in [vec![1..4], vec![4..1], vec![0..100], vec![6..12, 0..6], vec![0..6, 3..9]] {
        let rows = break_rows(text, 4, N, &keep);
        check(text, 4, N, &rows);
    }
}

#[test]
fn huge_widths_are_clamped_to_terminal_columns() {
    let text = "提".repeat(40_000);
    let rows = break_rows(&text, usize::MAX, N, &[]);
    check(&text, usize::from(u16::MAX), N, &rows);
    assert_eq!(rows[0].width, u16::MAX - 1);
}
