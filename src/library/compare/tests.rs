//! Tests of comparing two documents.

use super::*;

#[test]
fn normalising_drops_punctuation_and_folds_width() {
    assert_eq!(normalise_sentence("　　“两个确立”，要坚决！"), "两个确立要坚决");
    assert_eq!(normalise_sentence("ＧＤＰ增长５％。"), "GDP增长5");
    assert_eq!(normalise_sentence("（一）——《报告》……"), "一报告");
    assert_eq!(normalise_sentence(" 。，"), "");
}

#[test]
fn similarity_is_dice_on_bigrams() {
    assert!((similarity("提高政治站位", "提高政治站位。") - 1.0).abs() < 1e-9);
    assert!(similarity("提高政治站位", "狠抓工作落实") < 1e-9);
    // 加强党的建设 / 加强党的全面建设: bigrams 5 and 7, shared 加强 强党 党的 建设 → 8/12.
    assert!((similarity("加强党的建设", "加强党的全面建设") - 8.0 / 12.0).abs() < 1e-9);
    assert!((similarity("", "") - 1.0).abs() < 1e-9);
    assert!(similarity("甲", "乙").abs() < 1e-9);
}

#[test]
fn alignment_keeps_order_and_leaves_gaps() {
    let t = |s: &str| Title::new(s, Family::Part);
    let a = [t("过去一年工作回顾"), t("今年工作总体要求"), t("今年政府工作任务")];
    let b = [t("过去一年工作回顾"), t("发展环境分析"), t("今年工作总体要求"), t("今年重点工作任务")];
    let pairs: Vec<(usize, usize)> = align(&a, &b).into_iter().map(|(i, j, _)| (i, j)).collect();
    assert_eq!(pairs, [(0, 0), (1, 2), (2, 3)]);
    assert!(align(&[], &b).is_empty());
    let g: Vec<(usize, usize)> = greedy(&a, &b).into_iter().map(|(i, j, _)| (i, j)).collect();
    assert_eq!(g, [(0, 0), (1, 2)]);
}

#[test]
fn chapters_pair_inside_corresponding_parts() {
    let t = |s: &str, family, parent| Title { parent, ..Title::new(s, family) };
    let a = [
        t("过去一年工作回顾", Family::Part, None),
        t("坚定扩大对外开放促进互利共赢", Family::Chapter, Some(0)),
        t("对今年政府工作的建议", Family::Part, None),
    ];
    let b = [
        t("过去一年工作回顾", Family::Part, None),
        t("今年政府工作任务", Family::Part, None),
        t("扩大高水平对外开放促进互利共赢", Family::Chapter, Some(1)),
    ];
    // The review's chapter is more like the tasks' chapter (0.74) than the proposals are like
    // the tasks (0.63), but it sits in an unlike part: the parts pair instead.
    let pairs: Vec<(usize, usize)> = align(&a, &b).into_iter().map(|(i, j, _)| (i, j)).collect();
    assert_eq!(pairs, [(0, 0), (2, 1)]);
}

#[test]
fn same_family_wins_a_close_call() {
    let a = [Title::new("推进乡村振兴", Family::Part)];
    let b = [Title::new("推进乡村振兴", Family::Chapter), Title::new("推进乡村全面振兴", Family::Part)];
    // 1.0 for the chapter, 0.67 + bonus for the part: the exact title still wins.
    assert_eq!(align(&a, &b)[0].1, 0);
    let b = [Title::new("推进乡村振兴工作", Family::Chapter), Title::new("推进乡村振兴工作", Family::Part)];
    assert_eq!(align(&a, &b)[0].1, 1);
}
