//! Tests of [`super`] (reflow).

use super::*;

/// A small speech in the reference shape (invented text).
const BROKEN: &str = "在2024年全镇工作会议上的讲话\n——镇党委书记　张某\n（2024年1月8日）\n同志们：\n　　今天召开会议，主要任务是总结工作。一是经济平稳。二是民生改善。\n一、提高政治站位\n　　一要把牢方向。方向决定道路。\n　　二要压实责任。责任重于泰山。\n二、突出工作重点\n　　（一）抓好产业发展。一要稳粮。二要强链。\n　　（二）抓好基层治理。他说：“二、三月是关键期，（一）要早动手。”我们要记住。\n三、强化保障措施\n　　最后，同志们，让我们共同努力。\n　　谢谢大家！";

fn unbroken() -> String {
    BROKEN.replace('\n', "")
}

#[test]
fn recovers_the_reference_shape() {
    assert_eq!(recover_paragraphs(&unbroken()), BROKEN);
}

#[test]
fn a_real_looking_paste() {
    let paste = "关于做好春耕工作的讲话各位代表、各位委员：现在，我讲三点意见。一、充分认识春耕的重要性。春耕是全年农业生产的关键。二、切实抓好重点工作（一）保障农资供应。要提前备货。(二)加强技术指导。要组织专家下乡。三、加强组织领导。我要告诉同志们：没有捷径。谢谢大家！";
    let got = recover_paragraphs(paste);
    assert_eq!(
        got,
        "关于做好春耕工作的讲话\n各位代表、各位委员：\n现在，我讲三点意见。\n一、充分认识春耕的重要性。春耕是全年农业生产的关键。\n二、切实抓好重点工作\n（一）保障农资供应。要提前备货。\n(二)加强技术指导。要组织专家下乡。\n三、加强组织领导。我要告诉同志们：没有捷径。谢谢大家！"
    );
}

#[test]
fn inline_enumerators_after_full_stops_stay_inline() {
    let t = "　　成效明显。一是经济增长。二是民生改善。一要稳粮，二要强链。";
    assert_eq!(recover_paragraphs(t), t);
}

#[test]
fn salutation_with_spaces_and_colon_variants() {
    assert_eq!(recover_paragraphs("题目 同志们：  今天开会。"), "题目\n同志们：\n今天开会。");
    assert_eq!(recover_paragraphs("尊敬的各位代表:今天开会。"), "尊敬的各位代表:\n今天开会。");
    // Not a salutation: no keyword, or no plural/各位.
    assert_eq!(recover_paragraphs("各位领导：好。"), "各位领导：好。");
    assert_eq!(recover_paragraphs("告诉代表：好。"), "告诉代表：好。");
}

#[test]
fn never_breaks_inside_quotes() {
    let t = "他说：“同志们：一、要团结。（一）要奋斗。”大家鼓掌。";
    assert_eq!(recover_paragraphs(t), t);
}

#[test]
fn unbalanced_quotes_stop_blocking() {
    let long = "字".repeat(400);
    let t = format!("他说：“{long}。一、新部分");
    assert_eq!(recover_paragraphs(&t), format!("他说：“{long}。\n一、新部分"));
}

#[test]
fn indent_runs_break_and_are_kept() {
    assert_eq!(recover_paragraphs("第一段。　　第二段。　　　第三段。"), "第一段。\n　　第二段。\n　　　第三段。");
    assert_eq!(recover_paragraphs("单个　空格。"), "单个　空格。");
}

#[test]
fn idempotent() {
    for t in [unbroken(), BROKEN.to_owned(), "题目同志们：一、甲。二、乙。  三、丙".to_owned()] {
        let once = recover_paragraphs(&t);
        assert_eq!(recover_paragraphs(&once), once);
    }
}

#[test]
fn broken_text_is_not_unbroken_and_survives() {
    assert!(!looks_unbroken(BROKEN));
    assert_eq!(recover_paragraphs(BROKEN), BROKEN);
    let big_broken = format!("{BROKEN}\n").repeat(200);
    assert!(!looks_unbroken(&big_broken));
}

#[test]
fn looks_unbroken_rule() {
    let body = "今天召开会议，主要任务是总结工作。".repeat(100);
    assert!(looks_unbroken(&body));
    assert!(looks_unbroken(&format!("题目\n副题\n同志们：\n{body}")));
    assert!(!looks_unbroken("短文本。"));
    assert!(!looks_unbroken(&"一句话。\n".repeat(500)));
    // One long paragraph among many ordinary ones: the breaks are there.
    let paragraph = format!("　　{}\n", "普通段落的文字。".repeat(12));
    let mixed = format!("{}{body}\n{}", paragraph.repeat(10), paragraph.repeat(10));
    assert!(!looks_unbroken(&mixed));
    assert!(!looks_unbroken(""));
}

#[test]
fn markers_need_a_sentence_end_before_them() {
    assert_eq!(recover_paragraphs("统一、协调。第三（一）号文件"), "统一、协调。第三（一）号文件");
    assert_eq!(recover_paragraphs("甲。十一、乙；十九、丙：二十、丁"), "甲。\n十一、乙；\n十九、丙：二十、丁");
}

#[test]
fn crlf_and_odd_input() {
    assert_eq!(recover_paragraphs("甲。\r\n二、乙"), "甲。\r\n二、乙");
    assert_eq!(recover_paragraphs(""), "");
    assert_eq!(recover_paragraphs("　"), "　");
    assert_eq!(recover_paragraphs("——"), "——");
    assert_eq!(recover_paragraphs("（"), "（");
}

proptest::proptest! {
    #[test]
    fn never_panics_keeps_text_and_is_idempotent(t in "[一二三十、（）()。：“”　 同志们各位代表题—年日0-9a\n]{0,80}") {
        let once = recover_paragraphs(&t);
        let squeeze = |s: &str| s.chars().filter(|c| !matches!(c, '\n' | ' ' | '\t')).collect::<String>();
        proptest::prop_assert_eq!(squeeze(&once), squeeze(&t));
        proptest::prop_assert_eq!(recover_paragraphs(&once), once);
    }
}
