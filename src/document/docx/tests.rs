//! Tests for the .docx reader. Fixtures are built in memory by [`docx`].

use std::io::{Cursor, Write};

use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;

mod numbering;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A zip archive of `(name, content)` files.
fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in files {
        w.start_file(*name, options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    )
}

fn styles_xml(styles: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{styles}</w:styles>"#)
}

fn numbering_xml(defs: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{defs}</w:numbering>"#)
}

/// A minimal .docx: the body, and optionally styles.xml and numbering.xml contents (inner XML).
fn docx(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Vec<u8> {
    let document = document_xml(body);
    let styles = styles.map(styles_xml);
    let numbering = numbering.map(numbering_xml);
    let mut files = vec![("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", document.as_str())];
    if let Some(s) = &styles {
        files.push(("word/styles.xml", s));
    }
    if let Some(n) = &numbering {
        files.push(("word/numbering.xml", n));
    }
    zip_of(&files)
}

fn read(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Extracted {
    read_docx(&docx(body, styles, numbering)).unwrap()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn styled(style: &str, text: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num_id: u32, ilvl: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>\
         <w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

fn style(id: &str, name: &str, extra: &str) -> String {
    format!(r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>{extra}</w:style>"#)
}

/// An abstract numbering with the given `(ilvl, numFmt, lvlText, start)` levels, and `w:num` 1 → it.
fn list(levels: &[(u32, &str, &str, u32)]) -> String {
    let lvls = levels
        .iter()
        .map(|(i, fmt, text, start)| {
            format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>"#
            )
        })
        .collect::<Vec<_>>()
        .concat();
    format!(
        r#"<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
    )
}

#[test]
fn runs_tabs_and_breaks() {
    let body = "<w:p><w:r><w:t>在全县</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>工作会议</w:t><w:tab/>\
                <w:t>上的讲话</w:t><w:br/><w:t>（2023年2月10日）</w:t><w:cr/><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t></w:r></w:p>";
    let e = read(body, None, None);
    assert_eq!(e.text, "在全县工作会议\t上的讲话\n（2023年2月10日）\nA-B");
    assert!(e.headings.is_empty());
    assert!(e.warnings.is_empty());
}

#[test]
fn paragraphs_in_order_and_blank_ones_dropped() {
    let body = format!(
        "{}<w:p/>{}<w:p><w:r><w:t>  </w:t></w:r></w:p>{}",
        p("同志们："),
        p("　　今天召开会议。"),
        p("谢谢大家！")
    );
    assert_eq!(read(&body, None, None).text, "同志们：\n　　今天召开会议。\n谢谢大家！");
}

#[test]
fn xml_escapes_and_page_breaks() {
    let body =
        "<w:p><w:r><w:t>a &lt;b&gt; &amp; &#x201C;c&#x201D;</w:t><w:br w:type=\"page\"/><w:t>d</w:t></w:r></w:p>";
    assert_eq!(read(body, None, None).text, "a <b> & “c”\nd");
}

#[test]
fn heading_style_by_id_without_styles_part() {
    let body = format!("{}{}", styled("Heading1", "一、总体要求"), p("正文。"));
    let e = read(&body, None, None);
    assert_eq!(e.headings, [(0, 1)]);
}

#[test]
fn heading_style_by_chinese_name() {
    let styles = style("x1", "标题 1", "") + &style("x3", "标题3", "");
    let body = format!("{}{}{}", p("题目"), styled("x1", "一、总体要求"), styled("x3", "小节"));
    assert_eq!(read(&body, Some(&styles), None).headings, [(1, 1), (2, 3)]);
}

#[test]
fn heading_style_by_numeric_id_with_english_name() {
    let styles = style("1", "heading 1", "") + &style("2", "heading 2", "");
    let body = format!("{}{}", styled("2", "（一）加强领导"), p("正文。"));
    assert_eq!(read(&body, Some(&styles), None).headings, [(0, 2)]);
}

#[test]
fn heading_style_through_based_on_chain() {
    let styles = style("2", "heading 2", "")
        + &style("mid", "Part heading", r#"<w:basedOn w:val="2"/>"#)
        + &style("leaf", "Part heading red", r#"<w:basedOn w:val="mid"/>"#);
    let e = read(&styled("leaf", "二、重点任务"), Some(&styles), None);
    assert_eq!(e.headings, [(0, 2)]);
}

#[test]
fn heading_by_outline_level_in_style_and_paragraph() {
    let styles = style("part", "Part", r#"<w:pPr><w:outlineLvl w:val="0"/></w:pPr>"#);
    let direct = "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>1.小标题</w:t></w:r></w:p>";
    let body_text =
        "<w:p><w:pPr><w:pStyle w:val=\"part\"/><w:outlineLvl w:val=\"9\"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>";
    let body = format!("{}{direct}{body_text}", styled("part", "一、部分"));
    assert_eq!(read(&body, Some(&styles), None).headings, [(0, 1), (1, 3)]);
}

#[test]
fn title_style_gives_no_hint_and_default_style_applies() {
    let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>"#
        .to_owned()
        + &style("a3", "Title", r#"<w:basedOn w:val="a"/>"#);
    let body = format!("{}{}", styled("a3", "在2023年县委工作会议上的讲话"), p("同志们："));
    let e = read(&body, Some(&styles), None);
    assert!(e.headings.is_empty());
    assert_eq!(e.text.lines().count(), 2);
}

#[test]
fn heading_hint_points_at_non_blank_line_index() {
    let body = format!("{}<w:p/>{}{}", p("甲"), p(" "), styled("Heading2", "乙"));
    let e = read(&body, None, None);
    assert_eq!(e.text, "甲\n乙");
    assert_eq!(e.headings, [(1, 2)]);
}

#[test]
fn table_cells_become_lines_nested_tables_too() {
    let cell = |inner: &str| format!("<w:tc><w:tcPr><w:tcW w:w=\"100\"/></w:tcPr>{inner}</w:tc>");
    let nested = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", cell(&p("内1")), cell(&p("内2")));
    let table = format!(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell(&p("序号")),
        cell(&p("任务")),
        cell(&p("1")),
        cell(&format!("{}{}{nested}", p("抓好春耕"), p("　")))
    );
    let e = read(&format!("{}{table}{}", p("前"), p("后")), None, None);
    assert_eq!(e.text, "前\n序号\n任务\n1\n抓好春耕\n内1\n内2\n后");
}

#[test]
fn images_skipped_with_a_warning_and_one_alternate_branch() {
    let drawing =
        "<w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"图片 1\" descr=\"说明\"/></wp:inline></w:drawing></w:r>";
    let alternate = "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor/></w:drawing></mc:Choice>\
                     <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>";
    let body =
        format!("<w:p><w:r><w:t>图前</w:t></w:r>{drawing}<w:r><w:t>图后</w:t></w:r></w:p><w:p>{alternate}</w:p>");
    let e = read(&body, None, None);
    assert_eq!(e.text, "图前图后");
    assert_eq!(e.warnings, ["2 images or embedded objects skipped"]);
}

#[test]
fn field_codes_deleted_and_hidden_text_skipped() {
    let body = "<w:p><w:r><w:t>见第</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
        <w:r><w:t>页</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>\
        <w:ins><w:r><w:t>。</w:t></w:r></w:ins>\
        <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>\
        <w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>\
        <w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>";
    let e = read(body, None, None);
    assert_eq!(e.text, "见第3页。显示");
    assert_eq!(e.warnings, ["1 footnote reference skipped (note text is not shown)", "1 piece of hidden text skipped"]);
}

#[test]
fn links_content_controls_symbols_math_and_ruby() {
    let body = "<w:p><w:hyperlink r:id=\"rId1\"><w:r><w:t>链接</w:t></w:r></w:hyperlink>\
        <w:sdt><w:sdtPr><w:alias w:val=\"x\"/><w:placeholder><w:docPart w:val=\"p\"/></w:placeholder></w:sdtPr>\
        <w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>\
        <w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:font=\"SimSun\" w:char=\"2605\"/></w:r>\
        <m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>\
        <w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>注</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>";
    assert_eq!(read(body, None, None).text, "链接控件★x+1注");
}

#[test]
fn table_of_contents_is_skipped() {
    let styles = style("toc1", "toc 1", "");
    let body = format!("{}{}{}", styled("toc1", "一、总体要求\t1"), styled("toc1", "二、重点任务\t3"), p("正文"));
    let e = read(&body, Some(&styles), None);
    assert_eq!(e.text, "正文");
    assert_eq!(e.warnings, ["2 table of contents lines skipped"]);
}

#[test]
fn damaged_styles_part_is_only_a_warning() {
    let files = [
        ("word/document.xml", document_xml(&styled("Heading1", "标题"))),
        ("word/styles.xml", "<w:styles><w:style>".to_owned()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    let e = read_docx(&zip_of(&files)).unwrap();
    assert_eq!(e.text, "标题");
    assert_eq!(e.headings, [(0, 1)]);
    assert_eq!(e.warnings.len(), 1);
    assert!(e.warnings[0].starts_with("word/styles.xml could not be read"), "{:?}", e.warnings);
}

#[test]
fn main_part_found_through_relationships() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let doc = document_xml(&p("正文"));
    let e = read_docx(&zip_of(&[("_rels/.rels", rels), ("word/document2.xml", &doc)])).unwrap();
    assert_eq!(e.text, "正文");
}

#[test]
fn not_a_zip() {
    assert_eq!(read_docx(b"just some text"), Err(DocxError::NotZip));
    assert_eq!(read_docx(b""), Err(DocxError::NotZip));
}

#[test]
fn legacy_doc_is_recognised() {
    let mut bytes = OLE_MAGIC.to_vec();
    bytes.extend_from_slice(&[0; 512]);
    assert_eq!(read_docx(&bytes), Err(DocxError::LegacyOrEncrypted));
}

#[test]
fn zip_without_document_xml() {
    let bytes = zip_of(&[("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", "<workbook/>")]);
    assert_eq!(read_docx(&bytes), Err(DocxError::NotWord));
}

#[test]
fn truncated_zip() {
    let bytes = docx(&p("正文内容").repeat(50), None, None);
    for cut in [10, bytes.len() / 2, bytes.len() - 10] {
        let err = read_docx(&bytes[..cut]).unwrap_err();
        assert!(matches!(err, DocxError::DamagedZip(_)), "cut at {cut}: {err}");
    }
}

#[test]
fn garbage_xml_is_an_error_not_a_panic() {
    for xml in [
        "<w:document><w:body><w:p></w:body>",
        "<w:document><w:body><w:p><w:r><w:t>半截",
        "\u{0}\u{1}garbage<<<>",
        "<a>&#0;</a>",
        "<?xml?><",
        "<a>&bogus;</a>",
    ] {
        let bytes = zip_of(&[("word/document.xml", xml)]);
        match read_docx(&bytes) {
            Err(DocxError::DamagedXml { part, .. }) => assert_eq!(part, "word/document.xml"),
            Ok(e) => assert!(e.text.len() < 20, "{xml}: {e:?}"),
            Err(other) => panic!("{xml}: {other}"),
        }
    }
    let bytes = zip_of(&[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>半截")]);
    assert!(matches!(read_docx(&bytes), Err(DocxError::DamagedXml { .. })));
    let bytes = zip_of(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
    let message = read_docx(&bytes).unwrap_err().to_string();
    assert!(message.starts_with("damaged .docx: word/document.xml is not well-formed XML"), "{message}");
    assert!(!message.contains('\n'));
}

#[test]
fn zip_bomb_is_refused() {
    // 201 MB of one repeated byte compresses to about 200 KB.
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    w.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    w.write_all(b"<w:document><w:body>").unwrap();
    for _ in 0..201 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20);
    assert_eq!(read_docx(&bytes), Err(DocxError::TooLarge { part: "word/document.xml".to_owned() }));
}

#[test]
fn error_messages_are_one_line() {
    let errors = [
        DocxError::NotZip,
        DocxError::LegacyOrEncrypted,
        DocxError::DamagedZip("x".into()),
        DocxError::NotWord,
        DocxError::DamagedXml { part: "p".into(), detail: "d".into() },
        DocxError::TooLarge { part: "p".into() },
    ];
    for e in errors {
        let m = e.to_string();
        assert!(!m.is_empty() && !m.contains('\n'), "{m}");
    }
    assert_eq!(
        DocxError::TooLarge { part: "word/document.xml".into() }.to_string(),
        "word/document.xml is over 200 MB when uncompressed; refusing to open it"
    );
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_docx(&bytes);
    }

    #[test]
    fn arbitrary_zip_prefixes_and_corruptions_never_panic(cut in 0usize..4000, flip in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = docx(&(p("正文") + &styled("Heading1", "标题")), Some(&style("x", "heading 2", "")), Some(&list(&[(0, "decimal", "%1.", 1)])));
        if let Some(b) = bytes.get_mut(flip) {
            *b = byte;
        }
        let cut = cut.min(bytes.len());
        let _ = read_docx(&bytes[..cut]);
    }

    #[test]
    fn arbitrary_xml_part_never_panics(xml in "(<[/]?(w:)?(p|r|t|tbl|tc|numPr|numId|ilvl|pPr|pStyle|br|tab)( w:val=\"[0-9a-z]{0,3}\")?[/]?>|[a-z一二、]{0,3}){0,40}") {
        let _ = read_docx(&zip_of(&[("word/document.xml", &xml), ("word/numbering.xml", &xml), ("word/styles.xml", &xml)]));
    }

    #[test]
    fn body_text_round_trips(paragraphs in proptest::collection::vec("[^\u{0}-\u{1F}\u{7F}-\u{9F}\u{2028}\u{2029}\u{FFFE}\u{FFFF}]{0,30}", 1..8)) {
        let body: String = paragraphs.iter().map(|t| p(&escape(t))).collect();
        let e = read_docx(&docx(&body, None, None)).unwrap();
        let expected: Vec<String> = paragraphs
            .iter()
            .map(|t| t.trim_end_matches(crate::document::is_invisible).to_owned())
            .filter(|t| !t.chars().all(crate::document::is_invisible))
            .collect();
        prop_assert_eq!(e.text, expected.join("\n"));
    }
}
