//! The corrected head reaches every place that shows it: `outline --format json` (under its
//! documented field names), the status bar and the text pane of `render`, the brief's heading and
//! byline, and the library's dating and document list. The documents are self-written fixtures
//! wrapped in web chrome (`tests/fixtures/structure/`).

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::PathBuf;

use jianghua::document::load_path;
use jianghua::library::date::date_of;
use jianghua::structure::analyse;
use sandbox::Sandbox;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure").join(name)
}

fn run(args: &[&str]) -> String {
    let out = Sandbox::new().run(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const TITLE: &str = "2026年青河县人民政府工作报告";
const SUBTITLE: &str = "（二〇二六年一月九日在青河县第十八届人民代表大会第六次会议上）";

#[test]
fn outline_json_carries_the_head_under_its_documented_names() {
    let path = fixture("county_report_bracket_subtitle.txt");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["outline", "--format", "json", path.to_str().unwrap()])).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    for key in ["title", "subtitle", "date", "speaker", "encoding", "chars", "paragraphs", "glossary", "sections"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(json["title"], TITLE);
    assert_eq!(json["subtitle"], SUBTITLE);
    assert_eq!(json["date"], "二〇二六年一月九日");
    assert_eq!(json["speaker"], "张　明");
    assert_eq!(json["glossary"].as_array().unwrap().len(), 4);
}

#[test]
fn the_status_bar_and_the_text_pane_show_the_title() {
    let path = fixture("county_report_bracket_subtitle.txt");
    let screen = run(&["render", path.to_str().unwrap(), "--size", "80x24"]);
    let status = screen.lines().last().unwrap();
    assert!(status.trim_start().starts_with(TITLE), "{status}");
    // The title is centred in the text pane, the chrome above it is not.
    assert!(screen.lines().any(|l| l.contains(&format!("  {TITLE}  "))), "{screen}");
}

#[test]
fn the_brief_heads_with_title_subtitle_and_speaker() {
    let path = fixture("county_report_bracket_subtitle.txt");
    let brief = run(&["brief", path.to_str().unwrap()]);
    let mut lines = brief.lines().filter(|l| !l.trim().is_empty());
    assert_eq!(lines.next(), Some(format!("# 学习要点：{TITLE}").as_str()));
    let byline = lines.next().unwrap();
    assert!(byline.contains(SUBTITLE) && byline.contains("张　明"), "{byline}");
    assert!(!byline.contains("二〇二六年一月九日 ·"), "the subtitle's date is not repeated: {byline}");
}

#[test]
fn the_library_dates_and_lists_documents_by_their_head() {
    let a = fixture("county_report_bracket_subtitle.txt");
    let b = fixture("unnumbered_parts_report.txt");
    let date = |p: &PathBuf| date_of(&analyse(&load_path(p).unwrap()), &p.display().to_string()).map(|d| d.iso());
    assert_eq!(date(&a).as_deref(), Some("2026-01-09"), "Chinese numerals in a bracketed subtitle");
    assert_eq!(date(&b).as_deref(), Some("2026-02-01"), "a subtitle led by ――");
    let screen = run(&["render", a.to_str().unwrap(), b.to_str().unwrap(), "--keys", "D", "--size", "100x16"]);
    for title in [TITLE, "2026年青河市政府工作报告"] {
        assert!(screen.lines().any(|l| l.contains(title)), "{title} in\n{screen}");
    }
}
