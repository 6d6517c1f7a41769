//! Tests of [`super`] (markdown).

use super::*;

fn text(md: &str) -> String {
    read_markdown(md).text
}

#[test]
fn headings_become_hinted_lines() {
    let e = read_markdown("# 在县委工作会议上的讲话\n\n同志们：\n\n## 一、提高站位\n\n正文。\n\n二级标题\n---\n");
    assert_eq!(e.text, "在县委工作会议上的讲话\n同志们：\n一、提高站位\n正文。\n二级标题");
    assert_eq!(e.headings, [(0, 1), (2, 2), (4, 2)]);
    assert!(e.warnings.is_empty());
}

#[test]
fn soft_breaks_join_cjk_without_space_and_latin_with_one() {
    assert_eq!(
        text("今天召开\n会议。\n\nThe quick\nbrown fox.\n\n使用\nRust 写的，\nok"),
        "今天召开会议。\nThe quick brown fox.\n使用 Rust 写的，ok"
    );
}

#[test]
fn ideographic_indent_starts_a_paragraph() {
    assert_eq!(
        text("一、总体要求\n　　今年的工作\n要点是。\n　　第二段。"),
        "一、总体要求\n　　今年的工作要点是。\n　　第二段。"
    );
}

#[test]
fn hard_breaks_split_lines() {
    assert_eq!(text("第一行  \n第二行\\\n第三行<br>第四行"), "第一行\n第二行\n第三行\n第四行");
}

#[test]
fn ordered_items_keep_numbers() {
    assert_eq!(text("1. 加强领导\n2. 落实责任\n\n3) Plan\n4) Do"), "1.加强领导\n2.落实责任\n3. Plan\n4. Do");
    assert_eq!(text("5. 第五\n6. 第六"), "5.第五\n6.第六");
}

#[test]
fn unordered_items_are_circled_per_list() {
    assert_eq!(text("- 甲\n- 乙\n\n段落\n\n* 丙\n  - 子\n  - 丑\n* 丁"), "①甲\n②乙\n段落\n①丙\n①子\n②丑\n②丁");
}

#[test]
fn long_unordered_lists_become_dash_lists() {
    let md = (1..=21).map(|i| format!("- 第{i}项")).collect::<Vec<_>>().join("\n");
    let e = text(&md);
    assert_eq!(e.lines().count(), 21);
    assert!(e.lines().all(|l| l.starts_with("——第")), "{e}");
}

#[test]
fn loose_items_with_several_paragraphs() {
    assert_eq!(text("1. 第一段\n\n   续段\n\n2. 第二项\n"), "1.第一段\n续段\n2.第二项");
}

#[test]
fn inline_markup_dropped_text_kept() {
    assert_eq!(
        text("要**坚持**把*党的*政治~~建设~~摆在`首位`，见[文件](http://x.cn \"t\")。"),
        "要坚持把党的政治建设摆在首位，见文件。"
    );
}

#[test]
fn empty_items_leave_no_marker_behind() {
    assert_eq!(text("- ![](a.png)\n\n正文"), "正文");
    assert_eq!(text("1. \n2. 乙"), "2.乙");
}

#[test]
fn images_skipped_with_warning() {
    let e = read_markdown("图：![示意图](a.png)说明\n\n![](b.png)\n");
    assert_eq!(e.text, "图：说明");
    assert_eq!(e.warnings, ["2 images skipped"]);
}

#[test]
fn code_blocks_keep_lines() {
    assert_eq!(
        text("前\n\n```\nfn main() {\n\n    x\n}\n```\n\n    indented\n后"),
        "前\nfn main() {\n    x\n}\nindented\n后"
    );
}

#[test]
fn html_blocks_dropped_with_warning() {
    let e = read_markdown("<div align=\"center\">\n居中\n</div>\n\n正文\n\n<!-- 注释 -->\n");
    assert_eq!(e.text, "正文");
    assert_eq!(e.warnings, ["1 HTML block dropped"]);
}

#[test]
fn tables_one_line_per_row() {
    let e = text("| 序号 | 任务 |\n|---|---|\n| 1 | 抓好**春耕** |\n| 2 | 防汛 |\n");
    assert_eq!(e, "序号　任务\n1　抓好春耕\n2　防汛");
}

#[test]
fn front_matter_skipped() {
    assert_eq!(text("---\ntitle: 讲话\ndate: 2023-02-10\n---\n\n# 讲话\n\n正文"), "讲话\n正文");
    assert_eq!(text("+++\ntitle = \"x\"\n+++\n正文"), "正文");
}

#[test]
fn block_quotes_and_rules() {
    assert_eq!(text("> 引文一\n>\n> 引文二\n\n***\n\n正文"), "引文一\n引文二\n正文");
}

#[test]
fn task_markers_dropped() {
    assert_eq!(text("- [ ] 待办\n- [x] 已办"), "①待办\n②已办");
}

#[test]
fn heading_indexes_count_only_kept_lines() {
    let e = read_markdown("![](a.png)\n\n<div>\n</div>\n\n#\n\n# 真标题\n");
    assert_eq!(e.text, "真标题");
    assert_eq!(e.headings, [(0, 1)]);
}

proptest::proptest! {
    #[test]
    fn never_panics_and_lines_are_clean(s in "\\PC{0,200}") {
        let e = read_markdown(&s);
        let lines = e.text.split('\n').count();
        for (i, level) in &e.headings {
            proptest::prop_assert!(*i < lines && (1..=6).contains(level));
        }
        for line in e.text.split('\n').filter(|_| !e.text.is_empty()) {
            proptest::prop_assert!(!line.trim().is_empty());
            proptest::prop_assert_eq!(line, line.trim_end());
        }
    }
}
