//! Go-to parsing and resolution.

use super::*;
use crate::document::{Document, Source};
use crate::structure::analyse;

#[test]
fn parses_percentages_and_marker_chains() {
    assert_eq!(parse("50%"), Some(GoTo::Percent(50)));
    assert_eq!(parse("101%"), None);
    assert_eq!(parse("（三）"), Some(GoTo::Markers(vec!["（三）".into()])));
    assert_eq!(parse("(三)"), Some(GoTo::Markers(vec!["（三）".into()])));
    assert_eq!(parse("二、（三）"), Some(GoTo::Markers(vec!["二、".into(), "（三）".into()])));
    assert_eq!(parse("二、（三）二要"), Some(GoTo::Markers(vec!["二、".into(), "（三）".into(), "二要".into()])));
    assert_eq!(parse("第二"), Some(GoTo::Markers(vec!["第二".into()])));
    assert_eq!(parse("hello"), None);
}

#[test]
fn finds_the_next_occurrence_or_exactly_the_path() {
    let text = "讲话\n同志们：\n一、甲\n（一）子。一要a。二要b。\n（二）丑。一要c。二要d。\n二、乙\n（一）寅。一要e。二要f。\n";
    let doc = Document::from_text(text.into(), Source::named("t"));
    let o = analyse(&doc);
    let title = |i: Option<usize>| i.map(|i| o.sections[i].title.clone());
    let chain = |s: &str| match parse(s) {
        Some(GoTo::Markers(c)) => c,
        _ => panic!("{s}"),
    };
    assert_eq!(title(find(&o, &chain("二、（一）"), 0)), Some("寅".into()));
    assert_eq!(title(find(&o, &chain("一、（二）二要"), 0)), Some("d".into()));
    let second_part = o.sections.iter().find(|s| s.marker == "二、").unwrap().bytes.start;
    assert_eq!(title(find(&o, &chain("（一）"), second_part)), Some("寅".into()));
    assert_eq!(title(find(&o, &chain("（二）"), second_part)), Some("丑".into()), "wraps around");
    assert_eq!(find(&o, &chain("三、"), 0), None);
}

#[test]
fn positions_paragraphs_and_their_readings() {
    assert_eq!(parse("3"), Some(GoTo::Positions(vec![vec![3]])));
    assert_eq!(parse("3.2"), Some(GoTo::Positions(vec![vec![3, 2]])));
    assert_eq!(parse("３．２．１"), Some(GoTo::Positions(vec![vec![3, 2, 1]])));
    assert_eq!(parse("三.二"), Some(GoTo::Positions(vec![vec![3, 2]])));
    assert_eq!(parse("三、二"), Some(GoTo::Positions(vec![vec![3, 2]])));
    assert_eq!(parse("3.二"), Some(GoTo::Positions(vec![vec![3, 2]])));
    assert_eq!(parse("三"), Some(GoTo::Positions(vec![vec![3]])));
    assert_eq!(parse("三二"), Some(GoTo::Positions(vec![vec![3, 2]])));
    assert_eq!(parse("十二"), Some(GoTo::Positions(vec![vec![12], vec![10, 2]])));
    assert_eq!(parse("二十一"), Some(GoTo::Positions(vec![vec![21], vec![2, 11], vec![20, 1], vec![2, 10, 1]])));
    assert_eq!(parse("p13"), Some(GoTo::Paragraph(13)));
    assert_eq!(parse("P 7"), Some(GoTo::Paragraph(7)));
    assert_eq!(parse("13段"), Some(GoTo::Paragraph(13)));
    assert_eq!(parse("第13段"), Some(GoTo::Paragraph(13)));
    assert_eq!(parse("第十三段"), Some(GoTo::Paragraph(13)));
    assert_eq!(parse("p0"), None);
    assert_eq!(parse("二要"), Some(GoTo::Markers(vec!["二要".into()])));
    assert_eq!(parse("三、"), Some(GoTo::Markers(vec!["三、".into()])));
    assert_eq!(parse("1."), Some(GoTo::Markers(vec!["1.".into()])), "an item marker stays a marker");
    assert_eq!(parse("3.x"), None);
}

fn outline_of(text: &str) -> (Outline, String) {
    let doc = Document::from_text(text.into(), Source::named("t"));
    (analyse(&doc), text.to_owned())
}

const NESTED: &str = "讲话\n同志们：\n一、甲\n（一）子。一要a。二要b。\n（二）丑。一要c。二要d。\n二、乙\n（一）寅。一要e。二要f。\n（二）卯。\n三、丙\n（一）辰。\n（二）巳。\n（三）午。\n";

#[test]
fn positions_count_sections_in_the_tree() {
    let (o, _) = outline_of(NESTED);
    let title = |path: &[usize]| at_position(&o, path).map(|i| o.sections[i].title.clone());
    assert_eq!(title(&[2]), Some("乙".into()));
    assert_eq!(title(&[3, 2]), Some("巳".into()));
    assert_eq!(title(&[1, 2, 2]), Some("d".into()));
    assert_eq!(title(&[4]), None);
    assert_eq!(title(&[3, 4]), None);
    assert_eq!(title(&[0]), None);
}

#[test]
fn a_marker_is_looked_for_in_the_nearest_enclosing_section_first() {
    let (o, _) = outline_of(NESTED);
    let chain = |s: &str| match parse(s) {
        Some(GoTo::Markers(c)) => c,
        _ => panic!("{s}"),
    };
    let start = |t: &str| o.sections.iter().find(|s| s.title == t).unwrap().bytes.start;
    let titles = |v: Vec<usize>| v.into_iter().map(|i| o.sections[i].title.clone()).collect::<Vec<_>>();
    // Inside （二）丑: its own 二要.
    assert_eq!(titles(candidates(&o, &chain("二要"), start("丑") + 3)), ["d"]);
    // At the head of part 一, before any chapter: both chapters' 二要, the nearest first.
    assert_eq!(titles(candidates(&o, &chain("二要"), start("甲"))), ["b", "d"]);
    // Part 三 has no 二要: the whole document's, after the place first, then wrapping.
    assert_eq!(titles(candidates(&o, &chain("二要"), start("辰"))), ["b", "d", "f"]);
    // In part 二's second chapter, which has none: part 二's own.
    assert_eq!(titles(candidates(&o, &chain("二要"), start("卯"))), ["f"]);
}
