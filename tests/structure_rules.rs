//! One test per structure rule, on small texts written for the rule.

use jianghua::document::{Document, Source};
use jianghua::structure::{Family, Outline, Role, analyse};

fn outline(text: &str) -> (Document, Outline) {
    let doc = Document::from_text(text.to_owned(), Source::named("rule"));
    let outline = analyse(&doc);
    (doc, outline)
}

/// The outline as `  family marker+title` lines, indented by level.
fn tree(text: &str) -> Vec<String> {
    let (_, o) = outline(text);
    o.sections
        .iter()
        .map(|s| format!("{}{} {}{}", "  ".repeat(s.level - 1), s.family.name(), s.marker, s.title))
        .collect()
}

const HEAD: &str = "在全县工作会议上的讲话\n同志们：\n";

#[test]
fn parts_hold_paragraph_leading_requirements() {
    let t = tree(&format!(
        "{HEAD}今天开会。\n一、提高站位\n坚持党的领导。\n一要把牢方向。正文。\n二要强化担当。正文。\n二、狠抓落实\n正文。\n"
    ));
    assert_eq!(
        t,
        [
            "preamble 导语",
            "part 一、提高站位",
            "  requirement 一要把牢方向",
            "  requirement 二要强化担当",
            "part 二、狠抓落实"
        ]
    );
}

#[test]
fn chapters_hold_inline_requirements() {
    let t = tree(&format!(
        "{HEAD}一、重点\n（一）宣传工作要下功夫。宣传部门要做好。一要巩固舆论。正文。二要扛牢责任；三要推进创建。\n（二）组织工作。正文。\n"
    ));
    assert_eq!(
        t,
        [
            "part 一、重点",
            "  chapter （一）宣传工作要下功夫",
            "    requirement 一要巩固舆论",
            "    requirement 二要扛牢责任",
            "    requirement 三要推进创建",
            "  chapter （二）组织工作",
        ]
    );
}

#[test]
fn the_preamble_holds_inline_points() {
    let t =
        tree(&format!("{HEAD}过去一年取得成效。一是宣传凝神聚力。二是组织成效明显。\n下面讲三点。\n一、提高站位\n"));
    assert_eq!(t, ["preamble 导语", "  point 一是宣传凝神聚力", "  point 二是组织成效明显", "part 一、提高站位"]);
}

#[test]
fn an_inline_series_governs_only_its_paragraph() {
    let (doc, o) = outline(&format!("{HEAD}成效如下：一是甲。二是乙。\n下面讲三点。\n一、提高站位\n"));
    let second = &o.sections[2];
    assert_eq!(second.marker, "二是");
    assert_eq!(&doc.text()[second.bytes.clone()], "二是乙。");
}

#[test]
fn a_lone_first_enumerator_is_prose() {
    assert_eq!(tree(&format!("{HEAD}一、要求\n工作要做实。一是要注意方法，不能简单化。\n")), ["part 一、要求"]);
    assert_eq!(tree(&format!("{HEAD}一、要求\n一要注意方法。\n正文。\n")), ["part 一、要求"]);
}

#[test]
fn tong_yi_yao_qiu_is_not_a_requirement() {
    // `统一要求` contains `一要`, but not at a clause start.
    let t = tree(&format!("{HEAD}一、要求\n按照统一要求推进。二要不算。\n"));
    assert_eq!(t, ["part 一、要求"]);
}

#[test]
fn di_yi_traps_are_not_ordinals() {
    let t = tree(&format!(
        "{HEAD}一、责任\n要把捍卫“两个确立”作为第一政治要求。第一责任人要带头。落实“第一责任”。\n第一政治要求是什么。\n"
    ));
    assert_eq!(t, ["part 一、责任"]);
}

#[test]
fn zui_hou_yi_gong_li_is_not_a_sequence() {
    let t = tree(&format!("{HEAD}一、服务\n首先，要打通。最后一公里要畅通。\n"));
    assert_eq!(t, ["part 一、服务"]);
}

#[test]
fn ordinals_and_sequences_are_series() {
    let t = tree(&format!(
        "{HEAD}开场。\n第一，要学深悟透。\n正文。\n第二，要因地制宜。\n首先，要摸清家底。\n其次，要选准方向。\n最后，要用活人才。\n第三，要深化改革。\n"
    ));
    assert_eq!(
        t,
        [
            "preamble 导语",
            "ordinal 第一，要学深悟透",
            "ordinal 第二，要因地制宜",
            "  sequence 首先，要摸清家底",
            "  sequence 其次，要选准方向",
            "  sequence 最后，要用活人才",
            "ordinal 第三，要深化改革",
        ]
    );
}

#[test]
fn a_skipped_number_keeps_what_is_there_and_invents_nothing() {
    let t = tree(&format!("{HEAD}一、回顾\n（一）甲。正文。\n（二）乙。正文。\n（四）丁。正文。\n"));
    assert_eq!(t, ["part 一、回顾", "  chapter （一）甲", "  chapter （二）乙", "  chapter （四）丁"]);
}

#[test]
fn a_restart_after_san_opens_a_new_block() {
    let t =
        tree(&format!("{HEAD}一、甲\n正文。\n二、乙\n正文。\n三、丙\n正文。\n一、子项\n正文。\n二、子项\n正文。\n"));
    assert_eq!(
        t,
        [
            "part 一、甲",
            "part 二、乙",
            "part 三、丙",
            "appendix （编号重新开始）",
            "  part 一、子项",
            "  part 二、子项"
        ]
    );
}

#[test]
fn a_restart_after_an_unnumbered_heading_uses_that_heading() {
    let t = tree(&format!("{HEAD}一、甲\n正文。\n二、乙\n正文。\n民生实事清单\n一、教育\n正文。\n二、医疗\n正文。\n"));
    assert_eq!(t, ["part 一、甲", "part 二、乙", "appendix 民生实事清单", "  part 一、教育", "  part 二、医疗"]);
}

#[test]
fn appendix_blocks_restart_numbering() {
    let t = tree(&format!("{HEAD}一、甲\n正文。\n附件1\n重点任务清单\n一、项目\n正文。\n二、资金\n正文。\n"));
    assert_eq!(t, ["part 一、甲", "appendix 附件1重点任务清单", "  part 一、项目", "  part 二、资金"]);
}

#[test]
fn items_nest_by_gb_t_9704_order() {
    let t = tree(&format!(
        "{HEAD}一、工作\n（一）产业。正文。\n1.制造业。正文。\n2.农业。正文。\n（1）茶叶。正文。\n（2）蔬菜。正文。\n3.服务业。正文。\n①改革。正文。\n②开放。正文。\n"
    ));
    assert_eq!(
        t,
        [
            "part 一、工作",
            "  chapter （一）产业",
            "    item 1.制造业",
            "    item 2.农业",
            "      item （1）茶叶",
            "      item （2）蔬菜",
            "    item 3.服务业",
            "      item ①改革",
            "      item ②开放",
        ]
    );
}

#[test]
fn dash_lists_need_a_run() {
    let t = tree(&format!("{HEAD}一、回顾\n——经济增长。正文。\n——结构优化。正文。\n正文。\n——单独一条不算列表。\n"));
    assert_eq!(t, ["part 一、回顾", "  dash ——经济增长", "  dash ——结构优化"]);
}

#[test]
fn unnumbered_headings_stand_between_body_paragraphs() {
    let t = tree(&format!(
        "{HEAD}一、回顾\n过去一年成绩显著。\n主要预期目标\n今年发展的主要预期目标是增长百分之五左右。\n"
    ));
    assert_eq!(t, ["part 一、回顾", "  heading 主要预期目标"]);
    // A fragment left by a broken line is not a heading: the line before it does not end a sentence.
    let t = tree(&format!(
        "{HEAD}一、回顾\n签署了\n区域全面经济伙伴关系协定\n并生效实施，效果很好，这是一个很长的句子。\n"
    ));
    assert_eq!(t, ["part 一、回顾"]);
}

#[test]
fn glossary_entries_have_terms_and_definitions() {
    let (_, o) = outline(&format!(
        "{HEAD}一、工作\n正文。\n名词解释\n1.“两新”：是指设备更新和以旧换新。\n2.“四上”企业：\n是指规模以上企业。\n3.“双向揭榜挂帅”：企业找技术“双向\n揭榜\n挂帅”的简称。\n"
    ));
    let entries: Vec<_> = o.glossary.iter().map(|e| (e.term.as_str(), e.definition.as_str())).collect();
    assert_eq!(
        entries,
        [
            ("两新", "是指设备更新和以旧换新。"),
            ("“四上”企业", "是指规模以上企业。"),
            ("双向揭榜挂帅", "企业找技术“双向揭榜挂帅”的简称。")
        ]
    );
}

#[test]
fn the_closing_is_outside_the_last_part() {
    let (doc, o) = outline(&format!("{HEAD}一、甲\n一要甲。\n二要乙。正文。\n同志们，让我们共同努力。\n谢谢大家！\n"));
    let last = o.sections.last().unwrap();
    assert_eq!(&doc.text()[last.bytes.clone()].trim_end(), &"二要乙。正文。");
    let closing: Vec<_> = o.roles.iter().filter(|r| **r == Role::Closing).collect();
    assert_eq!(closing.len(), 2);
}

#[test]
fn repeated_markers_stay_distinct() {
    let (_, o) = outline(&format!("{HEAD}一、甲\n一要学习。\n二要落实。\n二、乙\n一要学习。\n二要落实。\n"));
    let firsts: Vec<_> = o.sections.iter().filter(|s| s.marker == "一要").map(|s| (s.offset, s.line)).collect();
    assert_eq!(firsts.len(), 2);
    assert_ne!(firsts[0], firsts[1]);
}

#[test]
fn spans_nest_inside_parents() {
    let (doc, o) = outline(&format!("{HEAD}开场。一是甲。二是乙。\n一、甲\n（一）乙。一要丙。二要丁。\n二、戊\n"));
    for (i, s) in o.sections.iter().enumerate() {
        assert!(s.span.end <= doc.char_len());
        assert!(s.span.start <= s.offset && s.offset <= s.span.end, "{i}");
        if let Some(p) = s.parent {
            let parent = &o.sections[p];
            assert!(parent.span.start <= s.span.start && s.span.end <= parent.span.end, "{i} in {p}");
        }
    }
    assert_eq!(o.sections.iter().filter(|s| s.family == Family::Part).count(), 2);
}
