//! Several documents: opening a directory with bad files in it, switching between documents
//! without losing their state, the documents overlay filter, and the library-wide search.

use std::path::Path;

#[path = "support/sandbox.rs"]
mod sandbox;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Overlay, ResultRow};
use jianghua::config::Config;
use jianghua::document::open_all;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::SAMPLES;
use ratatui::layout::Rect;

fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in SAMPLES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::create_dir(dir.path().join("归档")).unwrap();
    std::fs::write(dir.path().join("归档/broken.docx"), "PK\u{3}\u{4}not really a zip").unwrap();
    std::fs::write(dir.path().join("归档/binary.txt"), b"\x00\x01\x02\x00\x00\x03").unwrap();
    dir
}

fn app_of(dir: &Path) -> App {
    let config = Config::embedded();
    let opened = open_all(&[dir.to_path_buf()]);
    let views = opened.docs.into_iter().map(|d| DocView::new(d, &config)).collect();
    let mut app = App::new(config, views);
    app.resize(Rect::new(0, 0, 120, 40));
    app
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(Key::char(c));
    }
}

fn enter(app: &mut App) {
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
}

#[test]
fn a_directory_opens_what_it_can_with_one_warning_per_bad_file() {
    let dir = library_dir();
    let opened = open_all(&[dir.path().to_path_buf()]);
    assert_eq!(opened.docs.len(), 3);
    assert_eq!(opened.warnings.len(), 2, "{:?}", opened.warnings);
    assert!(opened.warnings.iter().any(|w| w.contains("broken.docx")));
    assert!(opened.warnings.iter().any(|w| w.contains("binary.txt") && w.contains("NUL")));
    // The binary: the same through the command line, which still shows the readable ones.
    let out = sandbox::Sandbox::new()
        .command()
        .args(["render", "--no-state", "--size", "160x30"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 2, "one line per skipped file: {err}");
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(screen.contains("第1/3篇") && screen.contains("2 个文件未能打开"), "{screen}");
}

#[test]
fn switching_documents_keeps_each_ones_position_and_highlight() {
    let dir = library_dir();
    let mut app = app_of(dir.path());
    // Start in a document other than the one switched to below (documents open sorted by name,
    // so the report would otherwise be both).
    let speech = app
        .filtered_documents("")
        .into_iter()
        .find(|&d| app.docs[d].analysis.outline.frame.title.as_deref() != Some("2025年青河县人民政府工作报告"));
    app.switch_to(speech.unwrap());
    app.update(Action::Search);
    typed(&mut app, "两个确立");
    enter(&mut app);
    app.update(Action::SearchNext);
    app.update(Action::PageDown);
    let first_top = app.doc().viewport.top;
    let first_search = app.doc().viewport.finder.clone().map(|f| f.current);
    app.update(Action::ShowDocuments);
    typed(&mut app, "2025 zf");
    assert!(matches!(&app.overlay, Some(Overlay::Documents { query, .. }) if query == "2025 zf"));
    enter(&mut app);
    assert_eq!(app.doc().analysis.outline.frame.title.as_deref(), Some("2025年青河县人民政府工作报告"));
    app.update(Action::Bottom);
    app.update(Action::ShowDocuments);
    app.handle_key(Key::plain(KeyCodeOrd::Up));
    app.handle_key(Key::plain(KeyCodeOrd::Up));
    let back = speech.unwrap();
    app.switch_to(back);
    assert_eq!(app.doc().viewport.top, first_top, "the first document is where it was left");
    assert_eq!(app.doc().viewport.finder.clone().map(|f| f.current), first_search);
}

#[test]
fn the_documents_filter_matches_titles_by_pinyin() {
    let dir = library_dir();
    let app = app_of(dir.path());
    let title = |i: usize| app.docs[i].analysis.outline.frame.title.clone().unwrap_or_default();
    let by_pinyin = app.filtered_documents("xxzx");
    assert!(title(by_pinyin[0]).contains("理论学习中心组"), "学习中心组 by its initials comes first");
    assert_eq!(
        app.filtered_documents("zhengfu").iter().map(|&i| title(i)).collect::<Vec<_>>(),
        ["2025年青河县人民政府工作报告"]
    );
    assert_eq!(app.filtered_documents("").len(), 3);
}

#[test]
fn library_search_groups_by_document_and_n_walks_across_them() {
    let dir = library_dir();
    let mut app = app_of(dir.path());
    app.update(Action::SearchLibrary);
    typed(&mut app, "两个确立");
    enter(&mut app);
    let rows = app.library_rows();
    let docs: Vec<usize> =
        rows.iter().filter_map(|r| if let ResultRow::Document { doc, .. } = r { Some(*doc) } else { None }).collect();
    assert!(docs.len() >= 2, "found in several documents: {docs:?}");
    assert!(docs.windows(2).all(|w| w[0] < w[1]), "documents in order");
    let total = app.library.as_ref().unwrap().flat.len();
    assert_eq!(rows.len(), total + docs.len());
    enter(&mut app);
    assert_eq!(app.current, docs[0]);
    assert_eq!(app.library_position().unwrap(), format!("全库/两个确立 1/{total}"));
    for _ in 0..total {
        app.update(Action::SearchNext);
    }
    assert_eq!(app.library.as_ref().unwrap().current, Some(0), "wraps around the library");
    app.update(Action::SearchPrev);
    assert_eq!(app.current, *docs.last().unwrap(), "N from the first hit goes to the last document");
    let range = app.doc().viewport.finder.as_ref().unwrap().current_range().unwrap();
    assert_eq!(&app.doc().analysis.doc.text()[range.clone()], "两个确立");
    assert!(app.doc().is_visible(range.start));
    app.update(Action::Search);
    app.handle_key(Key::plain(KeyCodeOrd::Esc));
    assert!(app.library.is_none(), "a search in the document ends the library search");
}
