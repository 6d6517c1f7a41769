//! Hostile and unlucky inputs through the binary, each in a temporary HOME: term lists, saved
//! notes and file names laced with terminal escapes; a .docx zip bomb; FIFOs; symlink loops;
//! oversized term lists; state files that are links to devices; symlinked configs.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// OSC title, OSC 52 clipboard, clear screen, C1 CSI and a right-to-left override, as a TOML
/// basic string (TOML has no raw control characters).
const TOML_HOSTILE: &str = r"\u001b]0;pwned\u0007\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007\u001b[2J\u009b31m\u202e";
/// The same, as the characters themselves.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

/// A temporary HOME, XDG directories and working directory.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        for d in ["home", "cwd", "config", "data", "cache"] {
            std::fs::create_dir(root.path().join(d)).unwrap();
        }
        Self { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jianghua"));
        cmd.current_dir(self.path("cwd"))
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env_remove("JIANGHUA_CONFIG")
            // Chinese messages, whatever the developer's locale.
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run jianghua")
    }

    /// A copy of the sample speech, named `name`.
    fn speech(&self, name: &str) -> PathBuf {
        let path = self.path("cwd").join(name);
        std::fs::copy(sample(), &path).unwrap();
        path
    }
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/county_work_meeting_2024.txt")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// No escape, C1 or bidi control in `bytes`.
fn assert_clean(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for (c, name) in [('\u{1b}', "ESC"), ('\u{7}', "BEL"), ('\u{9b}', "CSI"), ('\u{202e}', "RLO")] {
        assert!(!text.contains(c), "{what} lets {name} through: {text:?}");
    }
}

#[test]
fn hostile_term_lists_reach_no_output_raw() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    let terms = sb.path("cwd/shared.toml");
    std::fs::write(
        &terms,
        format!(
            "[[term_list]]\nname = \"恶意{TOML_HOSTILE}\"\nterms = [ {{ text = \"青河\", note = \"注{TOML_HOSTILE}\" }}, \"县委工作会议\" ]\n"
        ),
    )
    .unwrap();
    let exported = sb.path("cwd/brief.md");
    for args in [
        vec!["terms"],
        vec!["terms", "--format", "json"],
        vec!["brief"],
        vec!["brief", "--format", "text"],
        vec!["brief", "-o", s(&exported)],
    ] {
        let mut all = vec!["--terms", s(&terms)];
        all.extend(&args);
        all.push(s(&speech));
        let out = sb.run(&all);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_clean(&out.stdout, &format!("{args:?}"));
        assert_clean(&out.stderr, &format!("{args:?} (stderr)"));
        let text = String::from_utf8(out.stdout).unwrap();
        if args.contains(&"json") {
            // Term lists are sanitised when read: the JSON shows the list made visible.
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let list =
                v["configured"].as_array().unwrap().iter().find(|l| l["list"].as_str().unwrap().starts_with("恶意"));
            let name = list.unwrap()["list"].as_str().unwrap();
            assert_eq!(name, "恶意␛]0;pwned␇␛]52;c;Y3VybCBldmlsIHwgc2g=␇␛[2J\u{FFFD}31m\u{FFFD}");
        } else if !args.contains(&"-o") {
            assert!(
                text.contains("恶意␛") && text.contains("pwned␇"),
                "{args:?}: the list is shown, made visible: {text}"
            );
        }
    }
    let brief = std::fs::read(&exported).unwrap();
    assert_clean(&brief, "the exported brief");
    assert!(String::from_utf8(brief).unwrap().contains("注␛"));
}

#[test]
fn hostile_saved_notes_reach_no_output_raw() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    let canonical = speech.canonicalize().unwrap();
    let state = serde_json::json!({
        "version": 1, "hash": "elsewhere", "paths": [canonical.to_str().unwrap()],
        "position": 10, "position_updated": 1,
        "marks": { "a": { "offset": 50, "updated": 1 } },
        "notes": [{ "id": format!("n1{HOSTILE}"), "offset": 100, "sentence": format!("句{HOSTILE}"),
                    "text": format!("笔记{HOSTILE}"), "created": 1, "updated": 1, "deleted": false }]
    });
    std::fs::create_dir_all(sb.path("data/jianghua")).unwrap();
    std::fs::write(sb.path("data/jianghua/elsewhere.json"), state.to_string()).unwrap();
    for args in [vec!["notes"], vec!["notes", "--format", "json"], vec!["brief"], vec!["brief", "--format", "text"]] {
        let mut all = args.clone();
        all.push(s(&speech));
        let out = sb.run(&all);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_clean(&out.stdout, &format!("{args:?}"));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("笔记"), "{args:?}: the note is shown: {text}");
    }
}

#[test]
fn hostile_file_and_directory_names_reach_no_output_raw() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    // The config path in `cannot read config`.
    let out = sb.run(&["--config", &format!("/nonexistent/{HOSTILE}.toml"), "terms", s(&speech)]);
    assert_eq!(out.status.code(), Some(2));
    assert_clean(&out.stderr, "无法读取配置文件");
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取配置文件 /nonexistent/␛]0;pwned␇"));
    // A file name in a load error, directly and in a library.
    let bad = sb.path(&format!("cwd/{HOSTILE}.docx"));
    std::fs::write(&bad, "not a zip").unwrap();
    let out = sb.run(&["outline", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert_clean(&out.stderr, "a load error");
    let out = sb.run(&["trends", s(&sb.path("cwd"))]);
    assert!(out.status.success());
    assert_clean(&out.stderr, "a library warning");
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// An unreadable directory in a library is named in a warning. Root reads every directory, so
/// as root the walk runs as `nobody` (through `setpriv`).
#[test]
fn an_unreadable_directory_is_named_safely() {
    use std::os::unix::fs::PermissionsExt as _;
    let sb = Sandbox::new();
    let lib = sb.path("cwd/lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::copy(sample(), lib.join("speech.txt")).unwrap();
    let locked = lib.join(format!("x{HOSTILE}"));
    std::fs::create_dir(&locked).unwrap();
    for p in [sb.root.path(), &sb.path("cwd"), &sb.path("home"), &lib] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(lib.join("speech.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::read_dir(&locked).is_ok();
    let out = if root {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_jianghua"))
            .args(["trends", s(&lib)])
            .env("HOME", sb.path("home"))
            .current_dir(sb.path("cwd"))
            .output()
    } else {
        sb.command().args(["trends", s(&lib)]).output()
    };
    let out = match out {
        Ok(out) if out.status.code() == Some(0) || out.status.code() == Some(2) => out,
        other => {
            skipped!("cannot run jianghua as another user here ({other:?})");
            return;
        }
    };
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    if err.contains("os error 13") || err.contains("Permission denied") {
        assert_clean(&out.stderr, "the unreadable-directory warning");
        assert!(err.contains("x␛]0;pwned␇"), "{err}");
    } else {
        skipped!("the binary or the sample is not readable by nobody here: {err}");
    }
}

#[test]
fn a_docx_zip_bomb_is_refused_quickly_with_a_clear_error() {
    use std::io::Write as _;
    let sb = Sandbox::new();
    // 60 MB of text in a valid document.xml, deflated to well under 1 MB.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#)
        .unwrap();
    let chunk = "中".repeat(1 << 18);
    for _ in 0..80 {
        zip.write_all(chunk.as_bytes()).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1 << 20, "{} bytes on disk", bytes.len());
    let bomb = sb.path("cwd/bomb.docx");
    std::fs::write(&bomb, &bytes).unwrap();
    for cmd in ["outline", "terms", "render"] {
        let out = sb.run(&[cmd, s(&bomb)]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("inflates more than 100 times") && err.contains("zip bomb"), "{cmd}: {err}");
    }
}

#[test]
fn fifos_are_refused_at_once_directly_and_in_a_library() {
    let sb = Sandbox::new();
    let lib = sb.path("cwd/lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::copy(sample(), lib.join("speech.txt")).unwrap();
    let fifo = lib.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // Without the fix these block forever; the test harness would hang, not pass.
    let out = sb.run(&["outline", s(&fifo)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("是命名管道（FIFO），不是文档"), "{err}");
    let out = sb.run(&["trends", "--format", "csv", s(&lib)]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("named pipe"));
    // Also given as a term list.
    let out = sb.run(&["--terms", s(&fifo), "terms", s(&lib.join("speech.txt"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("not a regular file"));
}

#[test]
fn symlink_loops_open_each_speech_once() {
    let sb = Sandbox::new();
    let lib = sb.path("cwd/lib");
    std::fs::create_dir_all(lib.join("sub")).unwrap();
    std::fs::copy(sample(), lib.join("speech.txt")).unwrap();
    std::os::unix::fs::symlink(".", lib.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", lib.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../speech.txt", lib.join("sub/same.txt")).unwrap();
    let out = sb.run(&["trends", "--format", "json", s(&lib)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1), "{v}");
}

/// `"词000000",` lines for a TOML array.
fn numbered_terms(n: usize) -> String {
    use std::fmt::Write as _;
    (0..n).fold(String::new(), |mut out, i| {
        let _ = writeln!(out, "\"词{i:06}\",");
        out
    })
}

#[test]
fn oversized_term_lists_are_refused_naming_the_list() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    let long = sb.path("cwd/long.toml");
    std::fs::write(&long, format!("[[term_list]]\nname = \"长词\"\nterms = [\"{}\"]\n", "发展".repeat(10_000)))
        .unwrap();
    let out = sb.run(&["--terms", s(&long), "terms", s(&speech)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("term list 长词") && err.contains("20000 characters") && err.contains("at most 100"), "{err}");
    let many = sb.path("cwd/many.toml");
    let terms = numbered_terms(100_000);
    std::fs::write(&many, format!("[[term_list]]\nname = \"大表\"\nterms = [\n{terms}]\n")).unwrap();
    let out = sb.run(&["--terms", s(&many), "terms", s(&speech)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("term list 大表") && err.contains("at most 50000"), "{err}");
    // 20,000 terms are within the limits and are counted.
    let fine = sb.path("cwd/fine.toml");
    let terms = numbered_terms(20_000);
    std::fs::write(&fine, format!("[[term_list]]\nname = \"中表\"\nterms = [\n\"青河\",\n{terms}]\n")).unwrap();
    let out = sb.run(&["--terms", s(&fine), "terms", "--format", "json", s(&speech)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["configured"].as_array().unwrap().iter().find(|l| l["list"] == "中表").unwrap();
    assert!(list["count"].as_u64().unwrap() > 0, "{list}");
}

#[test]
fn a_state_file_linked_to_a_device_is_set_aside_not_read() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    std::fs::create_dir_all(sb.path("data/jianghua")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", sb.path("data/jianghua/zero.json")).unwrap();
    // Before the fix this read /dev/zero until memory ran out.
    let out = sb.run(&["notes", s(&speech)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("还没有笔记"));
    assert!(!sb.path("data/jianghua/zero.json").exists(), "the link was moved aside");
}

#[test]
fn relative_xdg_directories_are_ignored() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    let canonical = speech.canonicalize().unwrap();
    let state = |text: &str| {
        serde_json::json!({ "version": 1, "hash": "x", "paths": [canonical.to_str().unwrap()], "position_updated": 1,
            "notes": [{ "id": "n", "offset": 100, "sentence": "句", "text": text, "created": 1, "updated": 1 }] })
        .to_string()
    };
    for (dir, note, list) in
        [("cwd/rel/data", "相对目录的笔记", "相对配置"), ("home/.local/share", "家目录的笔记", "家配置")]
    {
        std::fs::create_dir_all(sb.path(dir).join("jianghua")).unwrap();
        std::fs::write(sb.path(dir).join("jianghua/x.json"), state(note)).unwrap();
        let conf = sb.path(&dir.replace("data", "conf").replace(".local/share", ".config")).join("jianghua");
        std::fs::create_dir_all(&conf).unwrap();
        std::fs::write(conf.join("config.toml"), format!("[[term_list]]\nname = \"{list}\"\nterms = [\"青河\"]\n"))
            .unwrap();
    }
    let run = |args: &[&str]| {
        let out = sb
            .command()
            .env("XDG_DATA_HOME", "rel/data")
            .env("XDG_CONFIG_HOME", "rel/conf")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let notes = run(&["notes", s(&speech)]);
    assert!(notes.contains("家目录的笔记") && !notes.contains("相对目录"), "{notes}");
    let terms = run(&["terms", s(&speech)]);
    assert!(terms.contains("家配置") && !terms.contains("相对配置"), "{terms}");
}

#[test]
fn a_dangling_link_at_the_brief_path_needs_force() {
    let sb = Sandbox::new();
    let speech = sb.speech("speech.txt");
    let link = sb.path("cwd/brief.md");
    std::os::unix::fs::symlink(sb.path("cwd/nowhere/target.md"), &link).unwrap();
    let out = sb.run(&["brief", "-o", s(&link), s(&speech)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("文件已存在"));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is untouched");
}
