//! Hostile and broken input through the binary: escape sequences never reach the output,
//! malformed encodings open with a warning, size limits, and documents are never written.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/sandbox.rs"]
mod sandbox;

use hostile::HOSTILE;

/// The binary in a fresh sandbox (its own HOME, XDG directories and working directory).
fn jianghua(args: &[&str]) -> Output {
    sandbox::Sandbox::new().run(args)
}

fn scratch(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn assert_clean(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for (c, name) in [('\u{1b}', "ESC"), ('\u{7}', "BEL"), ('\u{9b}', "CSI"), ('\u{202e}', "RLO"), ('\r', "CR")] {
        assert!(!text.contains(c), "{what} lets {name} through");
    }
}

#[test]
fn escape_sequences_show_as_placeholders_in_render_and_every_cli_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = scratch(dir.path(), "hostile.txt", HOSTILE.as_bytes());
    let p = path.to_str().unwrap();
    let screen = jianghua(&["render", p, "--size", "100x30"]);
    assert!(screen.status.success());
    assert_clean(&screen.stdout, "render");
    let text = String::from_utf8(screen.stdout).unwrap();
    assert!(text.contains("␛]0;pwned␇") && text.contains("␛[2J"), "{text}");
    assert!(text.contains("注意"), "the status bar marks the repaired text: {text}");
    for args in [
        vec!["outline", p],
        vec!["outline", "--format", "json", p],
        vec!["outline", "--format", "markdown", p],
        vec!["terms", p],
        vec!["terms", "--format", "json", p],
    ] {
        let out = jianghua(&args);
        assert!(out.status.success(), "{args:?}");
        assert_clean(&out.stdout, &format!("{args:?}"));
        if args.contains(&"json") {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(!v.to_string().contains('\u{1b}'));
        }
    }
    // The lone CR is a line break: 二要保稳定 is its own paragraph, a requirement of part 二.
    let json = jianghua(&["outline", "--format", "json", p]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["sections"][1]["children"][1]["marker"], "二要");
}

#[test]
fn malformed_encodings_open_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf8 = "在会议上的讲话\n同志们：\n一、总体要求\n一要抓落实。\n".as_bytes().to_vec();
    utf8.insert(21, 0xFF); // right after 讲话
    let (gbk, _, _) = encoding_rs::GB18030.encode("在会议上的讲话\n同志们：\n一、总体要求\n一要抓落实，二要保稳定。\n");
    let mut gbk = gbk.into_owned();
    gbk.pop();
    gbk.push(0xB5); // a lead byte with nothing after it
    let utf16: Vec<u8> = "在会议上的讲话\n同志们：\n一、总体要求\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (name, bytes, warning) in
        [("bad-utf8.txt", utf8, "无法解码"), ("truncated-gbk.txt", gbk, "无法解码"), ("utf16.txt", utf16, "字节序标记")]
    {
        let path = scratch(dir.path(), name, &bytes);
        let out = jianghua(&["render", path.to_str().unwrap(), "--size", "120x20"]);
        assert!(out.status.success(), "{name}");
        let screen = String::from_utf8(out.stdout).unwrap();
        assert!(screen.contains("在会议上的讲话"), "{name}: {screen}");
        assert!(screen.contains(warning), "{name}: {screen}");
    }
}

#[test]
fn sizes_open_or_are_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 1 MB on one line.
    let line = "坚持稳中求进工作总基调，推动高质量发展。".repeat((1 << 20) / 60);
    assert!(line.len() >= (1 << 20) - 60);
    let path = scratch(dir.path(), "one-line.txt", line.as_bytes());
    let out = jianghua(&["render", path.to_str().unwrap(), "--size", "80x24", "--keys", "GjjkG"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("100%"));
    // 100,000 one-character lines.
    let lines = "字\n".repeat(100_000);
    let path = scratch(dir.path(), "lines.txt", lines.as_bytes());
    let out = jianghua(&["render", path.to_str().unwrap(), "--size", "80x24", "--keys", "G<PageUp>:50%<CR>"]);
    assert!(out.status.success());
    // 100 MB: refused by size before anything is read (a sparse file takes no disk).
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path).unwrap().set_len(100 << 20).unwrap();
    let out = jianghua(&["render", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("100 MB") && err.contains("最大打开 64 MB"), "{err}");
}

#[test]
fn the_reader_never_writes_the_document() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = scratch(dir.path(), "speech.txt", HOSTILE.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let out = jianghua(&["render", path.to_str().unwrap(), "--keys", "jjG/两个<CR>nn3jjac:50%<CR>q"]);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&path).unwrap(), HOSTILE.as_bytes());
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 1, "nothing was created beside the document: {names:?}");
}

/// `jianghua FILE` with its output piped points to the printing commands and exits 2, before it
/// touches the terminal (no escape sequence reaches the pipe).
#[test]
fn a_pipe_instead_of_a_terminal_gets_the_printing_commands() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join("county_work_meeting_2024.txt");
    let out = sandbox::Sandbox::new().command().arg(&sample).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{:?}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("不是终端") && err.contains("jianghua outline"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}
