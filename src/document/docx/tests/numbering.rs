//! Word's automatic numbering read back as the text a reader sees (`一、`, `（一）`, `1.`).

use super::*;

#[test]
fn numbering_chinese_counting_parts() {
    let n = list(&[(0, "chineseCounting", "%1、", 1)]);
    let body = format!("{}{}{}", numbered(1, 0, "总体要求"), p("正文。"), numbered(1, 0, "重点任务"));
    assert_eq!(read(&body, None, Some(&n)).text, "一、总体要求\n正文。\n二、重点任务");
}

#[test]
fn numbering_chinese_counting_past_ten() {
    let n = list(&[(0, "chineseCounting", "%1、", 10)]);
    let body = format!("{}{}{}", numbered(1, 0, "甲"), numbered(1, 0, "乙"), numbered(1, 0, "丙"));
    assert_eq!(read(&body, None, Some(&n)).text, "十、甲\n十一、乙\n十二、丙");
}

#[test]
fn numbering_levels_and_restart() {
    let n = list(&[(0, "chineseCounting", "%1、", 1), (1, "chineseCounting", "（%2）", 1), (2, "decimal", "%3.", 1)]);
    let body = [
        numbered(1, 0, "部分"),
        numbered(1, 1, "章"),
        numbered(1, 2, "项"),
        numbered(1, 2, "项"),
        numbered(1, 1, "章"),
        numbered(1, 2, "项"),
        numbered(1, 0, "部分"),
        numbered(1, 1, "章"),
    ]
    .concat();
    assert_eq!(read(&body, None, Some(&n)).text, "一、部分\n（一）章\n1.项\n2.项\n（二）章\n1.项\n二、部分\n（一）章");
}

#[test]
fn numbering_multi_level_text_and_lvl_restart() {
    let n = r#"<w:abstractNum w:abstractNumId="3">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
      </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>"#;
    let body = [numbered(7, 0, "甲"), numbered(7, 1, "子"), numbered(7, 0, "乙"), numbered(7, 1, "丑")].concat();
    // The default suffix is a tab, written as one space after an ASCII number.
    assert_eq!(read(&body, None, Some(n)).text, "1. 甲\n1.1 子\n2. 乙\n2.2 丑");
}

#[test]
fn numbering_start_override_and_separate_num_ids() {
    let n = list(&[(0, "decimal", "%1.", 1)])
        + r#"<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"#;
    let body = [numbered(1, 0, "a"), numbered(2, 0, "b"), numbered(2, 0, "c"), numbered(1, 0, "d")].concat();
    assert_eq!(read(&body, None, Some(&n)).text, "1.a\n5.b\n6.c\n2.d");
}

#[test]
fn numbering_not_doubled_when_typed() {
    let n = list(&[(0, "chineseCounting", "%1、", 1)]);
    let body = [numbered(1, 0, "一、总体要求"), numbered(1, 0, "重点任务")].concat();
    assert_eq!(read(&body, None, Some(&n)).text, "一、总体要求\n二、重点任务");
}

#[test]
fn numbering_formats_bullets_and_num_id_zero() {
    let n = r#"<w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%3、"/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%4)"/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let none = "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>无</w:t></w:r></w:p>";
    let body = [
        numbered(1, 0, "要点"),
        numbered(1, 1, "甲"),
        numbered(1, 1, "乙"),
        numbered(1, 2, "丙"),
        numbered(1, 3, "丁"),
    ]
    .concat()
        + none
        + &numbered(9, 0, "未定义");
    assert_eq!(read(&body, None, Some(n)).text, "要点\n①甲\n②乙\n甲、丙\nA) 丁\n无\n未定义");
}

#[test]
fn numbering_from_heading_style() {
    let styles =
        style("1", "heading 1", r#"<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>"#);
    let n = list(&[(0, "chineseCounting", "%1、", 1)]);
    let body = [styled("1", "总体要求"), p("正文。"), styled("1", "重点任务")].concat();
    let e = read(&body, Some(&styles), Some(&n));
    assert_eq!(e.text, "一、总体要求\n正文。\n二、重点任务");
    assert_eq!(e.headings, [(0, 1), (2, 1)]);
}

#[test]
fn numbering_through_num_style_link() {
    let styles = r#"<w:style w:type="numbering" w:styleId="list"><w:name w:val="Outline"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>"#;
    let n = r#"<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="list"/>
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="list"/></w:abstractNum>
        <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>"#;
    let body = [numbered(3, 0, "甲"), numbered(3, 0, "乙")].concat();
    assert_eq!(read(&body, Some(styles), Some(n)).text, "（一）甲\n（二）乙");
}

#[test]
fn custom_number_format_inside_alternate_content() {
    let n = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
        <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>
        <mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>
        <w:lvlText w:val="%1"/><w:suff w:val="space"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    assert_eq!(read(&numbered(1, 0, "项"), None, Some(n)).text, "001 项");
}
