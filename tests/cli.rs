//! The command line as a script sees it: golden outlines, JSON fields, errors and exit codes.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

#[path = "support/sandbox.rs"]
mod sandbox;

use sandbox::Sandbox;

/// The binary in a fresh sandbox (its own HOME, XDG directories and working directory).
fn jianghua(args: &[&str]) -> Output {
    Sandbox::new().run(args)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file in a fresh sandbox, which is removed when the returned sandbox is dropped.
fn scratch(name: &str, bytes: &[u8]) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    let path = sandbox.write(name, bytes);
    (sandbox, path)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Golden files were written once from the tool's output and checked line by line against the
/// samples by hand; a difference here is a behaviour change to review, not to re-record.
fn assert_golden(sample: &str, format: &str, golden: &str) {
    let path = root().join("samples").join(sample);
    let out = jianghua(&["outline", "--format", format, path.to_str().unwrap()]);
    assert!(out.status.success());
    let expected = std::fs::read_to_string(root().join("tests/golden").join(golden)).unwrap();
    assert_eq!(stdout(&out), expected, "{sample} as {format}");
}

#[test]
fn golden_outlines_of_the_samples() {
    for sample in ["county_work_meeting_2024", "county_government_report_2025", "study_session_speech_2024"] {
        assert_golden(&format!("{sample}.txt"), "text", &format!("{sample}.outline.txt"));
        assert_golden(&format!("{sample}.txt"), "markdown", &format!("{sample}.outline.md"));
    }
}

#[test]
fn text_outline_fits_eighty_columns() {
    let path = root().join("samples/county_government_report_2025.txt");
    let out = stdout(&jianghua(&["outline", path.to_str().unwrap()]));
    for line in out.lines() {
        let width = jianghua::width::str_width(line, jianghua::width::AmbiguousWidth::Narrow);
        assert!(width <= 80, "{width} columns: {line}");
    }
    assert!(out.contains('…'), "long titles are cut with an ellipsis");
}

#[test]
fn json_has_the_documented_fields() {
    let path = root().join("samples/county_government_report_2025.txt");
    let out = jianghua(&["outline", "--format", "json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected =
        ["title", "subtitle", "date", "speaker", "encoding", "chars", "paragraphs", "glossary", "sections"];
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    let node = &v["sections"][1];
    let mut node_keys: Vec<&str> = node.as_object().unwrap().keys().map(String::as_str).collect();
    node_keys.sort_unstable();
    assert_eq!(node_keys, ["children", "family", "level", "line", "marker", "offset", "span", "title"]);
    assert_eq!(node["family"], "part");
    assert_eq!(node["marker"], "一、");
    assert_eq!(node["title"], "2024年工作回顾");
    assert_eq!(node["line"], 7);
    assert_eq!(v["glossary"][3]["term"], "一网通办");
    assert_eq!(v["encoding"], "UTF-8");
    // Offsets are chars: the marker sits at `offset` in the text.
    let text = std::fs::read_to_string(&path).unwrap();
    let offset = usize::try_from(node["offset"].as_u64().unwrap()).unwrap();
    assert!(text.chars().skip(offset).collect::<String>().starts_with("一、2024年工作回顾"));
}

fn assert_refused(args: &[&str], needle: &str) {
    let out = jianghua(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "{err}");
}

#[test]
fn bad_inputs_get_one_clear_line_and_status_two() {
    assert_refused(&["outline", "/nonexistent/讲话.txt"], "没有这个文件");
    assert_refused(&["outline", "/tmp"], "是目录");
    let (_a, binary) = scratch("image.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_refused(&["outline", binary.to_str().unwrap()], "不是文本文档");
    let (_b, empty) = scratch("empty.txt", b" \n\n\t\n");
    assert_refused(&["outline", empty.to_str().unwrap()], "是空文件");
}

#[test]
fn permission_denied_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    let (_sandbox, path) = scratch("locked.txt", "同志们：\n正文。\n".as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        skipped!("running as root, so permissions do not stop reading");
        return;
    }
    assert_refused(&["outline", path.to_str().unwrap()], "没有读取权限");
}

#[test]
fn standard_input_and_gbk() {
    let text = "在全县工作会议上的讲话\n同志们：\n一、提高站位\n一要把牢方向。\n二要强化担当。\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .command()
        .args(["outline", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gbk).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["encoding"], "GB18030");
    assert_eq!(v["title"], "在全县工作会议上的讲话");
    assert_eq!(v["sections"][0]["children"][1]["marker"], "二要");
}

#[test]
fn control_characters_never_reach_the_output() {
    let (_sandbox, path) =
        scratch("hostile.txt", "标题\u{1b}]0;pwned\u{7}\n同志们：\n一、甲\u{1b}[2J\u{9b}\u{202e}\n正文。\n".as_bytes());
    for format in ["text", "json", "markdown"] {
        let out = jianghua(&["outline", "--format", format, path.to_str().unwrap()]);
        assert!(out.status.success());
        assert!(!out.stdout.iter().any(|&b| b == 0x1b || b == 0x07), "{format}");
        let s = stdout(&out);
        assert!(!s.contains('\u{9b}') && !s.contains('\u{202e}'), "{format}");
        assert!(s.contains('␛'), "{format} shows a placeholder");
    }
}

#[test]
fn help_and_version() {
    let help = stdout(&jianghua(&["--help"]));
    assert!(help.contains("outline"));
    let version = stdout(&jianghua(&["--version"]));
    assert!(version.starts_with("jianghua "), "{version}");
}

#[test]
fn user_documents_are_never_written() {
    let (_sandbox, path) = scratch("readonly.txt", "在会议上的讲话\n同志们：\n一、甲\n正文。\n".as_bytes());
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(jianghua(&["outline", path.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(std::fs::metadata(Path::new(&path)).unwrap().modified().unwrap(), before);
}
