//! The brief as a file, from the command line (`brief -o`) and from the reader's `E` alike: `~`
//! expanded and no directory ever created, Chinese errors with the absolute path, existing files
//! left alone unless replacing was asked for, symlinks replaced and never written through, the
//! format from the extension (a real Word document for `.docx`, printable wrapped text for
//! `.txt`), and the offered name from the corrected title, never from page chrome.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use jianghua::action::Action;
use jianghua::app::{App, DocView, Overlay};
use jianghua::config::Config;
use jianghua::document::{load_bytes, load_path};
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::report::brief::BriefFormat;
use jianghua::report::brief::file::default_name;
use jianghua::structure;
use jianghua::width::{AmbiguousWidth, str_width};
use ratatui::layout::Rect;
use sandbox::Sandbox;

/// A web copy whose first lines are page chrome (`首页 | 要闻 …`) and whose title has two lines.
fn web_copy() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure/party_congress_two_line_title.txt")
}

const TITLE: &str = "坚定不移走好高质量发展之路 奋力谱写青河现代化建设新篇章";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every directory below the sandbox's working directory.
fn dirs_in(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect()
}

#[test]
fn tilde_is_the_home_directory_and_never_a_new_directory() {
    let sb = Sandbox::new();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "~/学习.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = sb.home().join("学习.md");
    assert!(std::fs::read_to_string(&written).unwrap().starts_with(&format!("# 学习要点：{TITLE}")));
    assert!(stderr(&out).contains(s(&written)), "says where, absolutely: {}", stderr(&out));
    // `--output=~/…` is not expanded by the shell; `~` alone is the home directory.
    let out = sb.run(&["brief", s(&web_copy()), "--output=~/二.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(sb.home().join("二.txt").is_file());
    let out = sb.run(&["brief", s(&web_copy()), "-o", "~"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(sb.home().join(format!("{TITLE}-学习要点.md")).is_file());
    assert!(dirs_in(&sb.cwd()).is_empty(), "a directory appeared in the working directory: {:?}", dirs_in(&sb.cwd()));
}

#[test]
fn a_missing_directory_is_an_error_in_chinese_with_the_absolute_path() {
    let sb = Sandbox::new();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "没有的目录/x.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let dir = sb.cwd().canonicalize().unwrap().join("没有的目录");
    assert!(err.contains("目录不存在") && err.contains(s(&dir)), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(!sb.cwd().join("没有的目录").exists(), "the directory was created");
    // Under a missing `~`-less home the path is refused, never guessed.
    let out = sb.command().env_remove("HOME").args(["brief", s(&web_copy()), "-o", "~/x.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("HOME"), "{}", stderr(&out));
    assert!(dirs_in(&sb.cwd()).is_empty());
}

#[test]
fn an_existing_file_is_kept_unless_forced_and_a_chosen_name_never_replaces() {
    let sb = Sandbox::new();
    let mine = sb.write("cwd/要点.md", "mine");
    let out = sb.run(&["brief", s(&web_copy()), "-o", "要点.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("文件已存在") && err.contains(s(&mine.canonicalize().unwrap())) && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    let out = sb.run(&["brief", s(&web_copy()), "-o", "要点.md", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&mine).unwrap().starts_with("# 学习要点"));
    // A directory: the offered name, then the first free one, each said.
    let first = sb.run(&["brief", s(&web_copy()), "-o", "."]);
    let second = sb.run(&["brief", s(&web_copy()), "-o", "./"]);
    assert!(first.status.success() && second.status.success(), "{}", stderr(&second));
    let named = sb.cwd().join(format!("{TITLE}-学习要点.md"));
    let again = sb.cwd().join(format!("{TITLE}-学习要点 (2).md"));
    assert!(named.is_file() && again.is_file());
    assert!(stderr(&second).contains("(2).md") && stderr(&second).contains("已存在，未覆盖"), "{}", stderr(&second));
}

#[test]
fn a_symlink_is_replaced_never_written_through_and_special_files_are_refused() {
    let sb = Sandbox::new();
    let elsewhere = sb.write("home/.bashrc", "keep me");
    let link = sb.cwd().join("brief.md");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "brief.md"]);
    assert_eq!(out.status.code(), Some(2), "a link is a file in the way");
    let out = sb.run(&["brief", s(&web_copy()), "-o", "brief.md", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me", "written through the link");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file(), "the link is replaced by the brief");
    // A directory or a FIFO at the path is never replaced, even with --force.
    std::fs::create_dir(sb.cwd().join("d.md")).unwrap();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "d.md", "--force"]);
    // A directory named like a file is a directory: the brief goes inside it.
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(sb.cwd().join("d.md").join(format!("{TITLE}-学习要点.md")).is_file());
    let fifo = sb.cwd().join("pipe.md");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = sb.run(&["brief", s(&web_copy()), "-o", "pipe.md", "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是普通文件") && stderr(&out).contains("命名管道"), "{}", stderr(&out));
}

#[test]
fn an_unwritable_directory_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt as _;
    let sb = Sandbox::new();
    let dir = sb.cwd().join("只读");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join("probe"), "x").is_ok() {
        skipped!("this user (root?) may write to a 0555 directory");
        return;
    }
    let out = sb.run(&["brief", s(&web_copy()), "-o", "只读/x.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("没有写入权限"), "{}", stderr(&out));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn the_format_comes_from_the_extension_and_unknown_ones_are_named() {
    let sb = Sandbox::new();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("不支持的格式") && err.contains(".pdf"), "{err}");
    for format in [".md", ".txt", ".docx"] {
        assert!(err.contains(format), "{err}");
    }
    let out = sb.run(&["brief", s(&web_copy()), "-o", "x.txt", "--format", "docx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不符"), "{}", stderr(&out));
    assert!(sb.files().iter().all(|f| !f.starts_with("cwd")), "{:?}", sb.files());
}

/// The parts of a zip archive, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().to_owned(), text)
        })
        .collect()
}

/// Is `xml` well-formed? (Every start tag closed, in order.)
fn well_formed(xml: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => return depth == 0,
            Err(_) => return false,
            Ok(_) => {}
        }
    }
}

#[test]
fn docx_is_a_real_word_document_in_the_look_of_official_material() {
    let sb = Sandbox::new();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "要点.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(sb.cwd().join("要点.docx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip: Markdown named .docx?");
    let parts = parts(&bytes);
    for (name, xml) in &parts {
        assert!(well_formed(xml), "{name} is not well-formed XML");
    }
    // Every XML part has its content type; the main part is declared as Word's.
    let types = &parts["[Content_Types].xml"];
    assert!(types.contains(r#"<Default Extension="rels""#) && types.contains(r#"<Default Extension="xml""#));
    assert!(types.contains(r#"PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml""#));
    for name in parts.keys().filter(|n| n.starts_with("word/") && !n.contains("_rels")) {
        assert!(types.contains(&format!("PartName=\"/{name}\"")), "{name} has no content type");
    }
    assert!(parts["_rels/.rels"].contains(r#"Target="word/document.xml""#));
    // Fonts: 方正小标宋 title, 仿宋 body, 黑体 and 楷体 headings, each with a common fallback.
    let styles = &parts["word/styles.xml"];
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(styles.contains(&format!("w:eastAsia=\"{font}\"")), "styles lack {font}");
    }
    let fonts = &parts["word/fontTable.xml"];
    for (font, fallback) in
        [("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("黑体", "SimHei")]
    {
        assert!(fonts.contains(&format!(r#"<w:font w:name="{font}"><w:altName w:val="{fallback}"/>"#)), "{font}");
    }
    assert!(styles.contains(r#"<w:spacing w:line="560" w:lineRule="exact"/>"#), "28 pt fixed line spacing");
    assert!(
        styles.contains(r#"<w:sz w:val="32"/>"#) && styles.contains(r#"<w:sz w:val="44"/>"#),
        "三号 body, 二号 title"
    );
    let document = &parts["word/document.xml"];
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "A4");
    assert!(document.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#), "GB/T 9704 margins");
    for style in ["Title", "Heading1", "Heading2", "Heading3"] {
        assert!(document.contains(&format!("<w:pStyle w:val=\"{style}\"/>")), "{style} unused");
        assert!(styles.contains(&format!("w:styleId=\"{style}\"")), "{style} undefined");
    }
    // `一、` parts in 黑体 (Heading2), `（一）` chapters in 楷体 (Heading3).
    assert!(
        document
            .contains(r#"<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">一、过去五年的工作回顾"#)
    );
    assert!(
        document
            .contains(r#"<w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">（一）综合实力跃上新台阶"#)
    );
}

#[test]
fn the_docx_reads_back_with_the_projects_own_loader() {
    let sb = Sandbox::new();
    let md = sb.run(&["brief", s(&web_copy())]);
    let out = sb.run(&["brief", s(&web_copy()), "-o", "要点.docx"]);
    assert!(out.status.success() && md.status.success(), "{}", stderr(&out));
    let doc = load_path(&sb.cwd().join("要点.docx")).expect("our loader reads it");
    let text = doc.text();
    // The text survives: every line of the Markdown brief, without its markup.
    let markdown = String::from_utf8(md.stdout).unwrap();
    // The title on its own line, with what this is below it.
    assert!(text.starts_with(&format!("{TITLE}\n学习要点\n")), "{text}");
    for line in markdown.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let plain: String = line.trim_start_matches(['#', ' ', '-']).replace("**", "").replace(['*', '\\'], "");
        let plain = plain.trim();
        assert!(text.contains(plain), "lost in the .docx: {plain:?}");
    }
    // The outline survives: the brief's own sections are headings of the document read back.
    let outline = structure::analyse(&doc);
    let headings: Vec<String> = outline.sections.iter().map(|s| format!("{}{}", s.marker, s.title)).collect();
    for heading in ["一、提纲", "二、提法", "三、关键词"] {
        assert!(headings.iter().any(|h| h == heading), "{heading} not in {headings:?}");
    }
    assert_eq!(outline.frame.title.as_deref(), Some(TITLE));
}

#[test]
fn txt_wraps_at_a_printable_width_with_the_line_breaking_rules() {
    let sb = Sandbox::new();
    let out = sb.run(&["brief", s(&web_copy()), "-o", "要点.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(sb.cwd().join("要点.txt")).unwrap();
    let stdout = sb.run(&["brief", s(&web_copy()), "--format", "text"]);
    assert_eq!(String::from_utf8(stdout.stdout).unwrap(), text, "the file is what --format text prints");
    assert!(text.starts_with(&format!("学习要点：{TITLE}\n")), "{text}");
    let mut wrapped = 0;
    for line in text.lines() {
        assert!(str_width(line, AmbiguousWidth::Wide) <= 76, "too wide to print: {line}");
        let first = line.trim_start().chars().next();
        assert!(!first.is_some_and(|c| "，。、；：？！）》」』”’".contains(c)), "line starts with {first:?}: {line}");
        wrapped += usize::from(str_width(line, AmbiguousWidth::Wide) > 70);
    }
    assert!(wrapped > 0, "nothing was long enough to wrap:\n{text}");
}

#[test]
fn the_offered_name_comes_from_the_corrected_title_never_from_chrome() {
    for (fixture, title) in [
        ("party_congress_two_line_title.txt", TITLE),
        ("county_report_bracket_subtitle.txt", "2026年青河县人民政府工作报告"),
        ("unnumbered_parts_report.txt", "2026年青河市政府工作报告"),
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure").join(fixture);
        let bytes = std::fs::read(&path).unwrap();
        let doc = load_bytes(fixture, Some(path), &bytes).unwrap();
        let outline = structure::analyse(&doc);
        assert_eq!(default_name(&doc, &outline, BriefFormat::Docx), format!("{title}-学习要点.docx"), "{fixture}");
        // With the chrome lines removed, the same name.
        let text = String::from_utf8(bytes).unwrap();
        let body = &text[text.find(title.split(' ').next().unwrap()).unwrap()..];
        let clean = load_bytes(fixture, None, body.as_bytes()).unwrap();
        assert_eq!(
            default_name(&clean, &structure::analyse(&clean), BriefFormat::Text),
            format!("{title}-学习要点.txt")
        );
    }
}

// The reader's `E`, through the same effects and writer as the terminal.

fn reader(sb: &Sandbox) -> App {
    let config = Config::embedded();
    let doc = load_path(&web_copy()).unwrap();
    let mut app = sb.app(config.clone(), vec![DocView::new(doc, &config)]);
    app.resize(Rect::new(0, 0, 80, 24));
    app
}

/// `E`, the prompt cleared, `path` typed and Enter, with the effects carried out.
fn export(sb: &Sandbox, app: &mut App, path: Option<&str>) {
    app.update(Action::Export);
    if let Some(path) = path {
        app.handle_key(Key { code: KeyCodeOrd::Char('u'), ctrl: true, alt: false });
        for c in path.chars() {
            app.handle_key(Key::char(c));
        }
    }
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
    sb.settle(app);
}

#[test]
fn the_reader_offers_the_title_and_never_replaces_with_the_offered_name() {
    let sb = Sandbox::new();
    let mut app = reader(&sb);
    app.update(Action::Export);
    assert_eq!(app.prompt.as_ref().unwrap().text, format!("{TITLE}-学习要点.md"));
    app.handle_key(Key::plain(KeyCodeOrd::Esc));
    export(&sb, &mut app, None);
    export(&sb, &mut app, None);
    let cwd = sb.cwd().canonicalize().unwrap();
    assert!(cwd.join(format!("{TITLE}-学习要点.md")).is_file());
    let second = cwd.join(format!("{TITLE}-学习要点 (2).md"));
    assert!(second.is_file());
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains(s(&second)) && message.contains("未覆盖"), "{message}");
}

#[test]
fn the_reader_expands_tilde_writes_docx_and_asks_before_replacing() {
    let sb = Sandbox::new();
    let mut app = reader(&sb);
    export(&sb, &mut app, Some("~/要点.docx"));
    let written = sb.home().join("要点.docx");
    let bytes = std::fs::read(&written).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert!(parts(&bytes)["word/document.xml"].contains(TITLE));
    assert!(
        app.message.as_deref().is_some_and(|m| m.contains(s(&written.canonicalize().unwrap()))),
        "{:?}",
        app.message
    );
    assert!(dirs_in(&sb.cwd()).is_empty(), "a directory named ~ appeared");
    // Again: asked, with the absolute path; no keeps the file, yes replaces it.
    std::fs::write(&written, "mine").unwrap();
    export(&sb, &mut app, Some("~/要点.docx"));
    let Some(Overlay::Confirm { question, .. }) = &app.overlay else { panic!("not asked: {:?}", app.message) };
    assert!(question.contains(s(&written.canonicalize().unwrap())), "{question}");
    app.handle_key(Key::char('n'));
    sb.settle(&mut app);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "mine");
    export(&sb, &mut app, Some("~/要点.docx"));
    app.handle_key(Key::char('y'));
    sb.settle(&mut app);
    assert!(std::fs::read(&written).unwrap().starts_with(b"PK"), "{:?}", app.message);
}

#[test]
fn the_reader_says_what_is_wrong_in_chinese() {
    let sb = Sandbox::new();
    let mut app = reader(&sb);
    export(&sb, &mut app, Some("没有的目录/x.md"));
    let message = app.message.clone().unwrap_or_default();
    let dir = sb.cwd().join("没有的目录");
    assert!(message.contains("目录不存在") && message.contains(s(&dir)), "{message}");
    assert!(!dir.exists());
    export(&sb, &mut app, Some("x.pdf"));
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains("不支持的格式") && message.contains(".docx"), "{message}");
    assert!(app.effects().is_empty());
    // A text file, wrapped.
    export(&sb, &mut app, Some("~/要点.txt"));
    let text = std::fs::read_to_string(sb.home().join("要点.txt")).unwrap();
    assert!(text.lines().all(|l| str_width(l, AmbiguousWidth::Wide) <= 76));
}
