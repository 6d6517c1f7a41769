//! Word, Markdown and unbroken text through the binary: the outline a reader sees, and clear
//! errors for a wrong extension. Fixtures are built here.

use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/sandbox.rs"]
mod sandbox;

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A .docx with body paragraphs, a `标题 1` heading style (Chinese template id "1"), and a
/// numbering definition that renders `（一）` at level 0.
fn speech_docx() -> Vec<u8> {
    let heading =
        |text: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#);
    let numbered = |text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let para = |text: &str| format!(r"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
    let body = [
        para("在全县工作会议上的讲话"),
        para("同志们："),
        para("今天开会。"),
        heading("提高政治站位"),
        numbered("宣传工作要下功夫。正文。一要巩固舆论。正文。二要扛牢责任。正文。"),
        numbered("组织工作要打基础。正文。"),
        heading("狠抓工作落实"),
        para("一要压实责任。"),
        para("二要严格督查。"),
    ]
    .concat();
    let document =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#);
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
    );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("word/document.xml", document.as_str()),
        ("word/styles.xml", styles.as_str()),
        ("word/numbering.xml", numbering.as_str()),
    ] {
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The binary in a fresh sandbox (its own HOME, XDG directories and working directory).
fn jianghua(args: &[&str]) -> Output {
    sandbox::Sandbox::new().run(args)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Append a node and its children as indented lines.
fn walk(n: &serde_json::Value, lines: &mut Vec<String>) {
    let level = usize::try_from(n["level"].as_u64().unwrap()).unwrap();
    lines.push(format!("{}{}{}", "  ".repeat(level - 1), n["marker"].as_str().unwrap(), n["title"].as_str().unwrap()));
    for c in n["children"].as_array().unwrap() {
        walk(c, lines);
    }
}

/// The outline as `marker+title` lines indented by level.
fn outline(path: &Path) -> Vec<String> {
    let out = jianghua(&["outline", "--format", "json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut lines = Vec::new();
    for s in v["sections"].as_array().unwrap() {
        walk(s, &mut lines);
    }
    lines
}

#[test]
fn word_heading_styles_and_numbering_make_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "讲话.docx", &speech_docx());
    assert_eq!(
        outline(&path),
        [
            "导语",
            "提高政治站位",
            "  （一）宣传工作要下功夫",
            "    一要巩固舆论",
            "    二要扛牢责任",
            "  （二）组织工作要打基础",
            "狠抓工作落实",
            "  一要压实责任",
            "  二要严格督查",
        ]
    );
    // By content: a Word file named .txt still opens as Word, and says so.
    let renamed = write(dir.path(), "讲话.txt", &speech_docx());
    assert_eq!(outline(&renamed).len(), 9);
    let screen = jianghua(&["render", "--no-state", renamed.to_str().unwrap(), "--size", "120x30"]);
    assert!(String::from_utf8(screen.stdout).unwrap().contains("注意"));
}

#[test]
fn markdown_headings_become_parts_and_chapters() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# 在全县工作会议上的讲话\n\n同志们：\n\n今天开会。\n\n## 提高政治站位\n\n### 宣传工作\n\n要下功夫，**抓落实**。\n\n- 巩固舆论\n- 扛牢责任\n\n## 狠抓工作落实\n\n1. 压实责任。\n2. 严格督查。\n";
    let path = write(dir.path(), "speech.md", md.as_bytes());
    let lines = outline(&path);
    assert_eq!(
        lines,
        [
            "导语",
            "提高政治站位",
            "  宣传工作",
            "    ①巩固舆论",
            "    ②扛牢责任",
            "狠抓工作落实",
            "  1.压实责任",
            "  2.严格督查",
        ]
    );
}

#[test]
fn a_speech_pasted_as_one_line_gets_its_paragraphs_back() {
    let dir = tempfile::tempdir().unwrap();
    let body = "宣传部门要聚焦主题主线，把握主动权、唱响主旋律、激发正能量，提供强大舆论支持，巩固壮大主流思想舆论。"
        .repeat(12);
    let one_line = format!(
        "在全县工作会议上的讲话同志们：今天我们召开会议。一、提高政治站位{body}（一）宣传工作要下功夫。{body}（二）组织工作要打基础。{body}二、狠抓工作落实{body}"
    );
    assert_eq!(one_line.lines().count(), 1);
    let path = write(dir.path(), "pasted.txt", one_line.as_bytes());
    let lines = outline(&path);
    // Where a part's heading ends inside a run of text cannot be known, so its title runs on to
    // the first full stop; the structure itself comes back.
    let starts: Vec<String> =
        lines.iter().map(|l| l.chars().take(l.chars().take_while(|c| *c == ' ').count() + 8).collect()).collect();
    assert_eq!(starts, ["导语", "一、提高政治站位", "  （一）宣传工作要", "  （二）组织工作要", "二、狠抓工作落实"]);
}

#[test]
fn a_wrong_extension_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "讲话.docx", "同志们：\n一、总体要求\n".as_bytes());
    let out = jianghua(&["outline", text.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("不是 Word 文档") && err.contains("plain text"), "{err}");
    let broken = write(dir.path(), "坏.docx", b"PK\x03\x04garbage that is not a zip");
    let out = jianghua(&["outline", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
}
