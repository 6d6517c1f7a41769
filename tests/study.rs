//! The study workflow: position, marks, jump history, reading cursor, notes (kept across
//! restarts and across two instances), copy, the brief (golden) and the notes command.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Overlay, PromptKind};
use jianghua::config::Config;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::{SAMPLES, load};
use jianghua::state::{DocState, Mark, Note, Store, content_hash};
use ratatui::layout::Rect;

use sandbox::{Sandbox, settle};

fn app(sandbox: &Sandbox) -> App {
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut app = sandbox.app(config, vec![view]);
    app.resize(Rect::new(0, 0, 100, 30));
    app
}

/// A key, and its effects carried out as the terminal reader would (in the sandbox).
fn press(app: &mut App, key: Key) {
    app.handle_key(key);
    settle(app);
}

fn key(app: &mut App, c: char) {
    press(app, Key::char(c));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, c);
    }
}

fn ctrl(c: char) -> Key {
    Key { code: KeyCodeOrd::Char(c), ctrl: true, alt: false }
}

/// Where the reader is looking: the cursor's sentence, where a jump landed, or the top row.
fn place(app: &App) -> usize {
    app.doc().place_byte()
}

fn top(app: &App) -> usize {
    app.doc().byte_at(app.doc().viewport.top)
}

#[test]
fn marks_and_the_jump_history() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    a.update(Action::PageDown);
    let marked = place(&a);
    typed(&mut a, "ma");
    assert_eq!(a.doc().study.state.marks.len(), 1);
    a.update(Action::Bottom);
    let bottom = place(&a);
    typed(&mut a, "'a");
    assert_eq!(place(&a), marked, "'a jumps to the mark");
    typed(&mut a, "''");
    assert_eq!(place(&a), bottom, "'' goes back to where the jump came from");
    press(&mut a, ctrl('o'));
    assert_eq!(place(&a), marked, "Ctrl-o goes back");
    press(&mut a, ctrl('o'));
    assert_eq!(place(&a), bottom);
    press(&mut a, Key { code: KeyCodeOrd::Char('i'), ctrl: false, alt: true });
    assert_eq!(place(&a), marked, "Alt-i goes forward");
    typed(&mut a, "'z");
    assert!(a.message.as_deref().is_some_and(|m| m.contains("没有书签")));
    a.update(Action::ShowMarks);
    assert_eq!(a.overlay, Some(Overlay::Marks { selected: 0 }));
}

#[test]
fn the_reading_cursor_moves_by_sentence_and_names_its_place() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    key(&mut a, 'v');
    let first = a.doc().study.cursor.unwrap();
    key(&mut a, ')');
    key(&mut a, ')');
    assert_eq!(a.doc().study.cursor, Some(first + 2));
    key(&mut a, '(');
    assert_eq!(a.doc().study.cursor, Some(first + 1));
    // The sample's first sentence on screen is the title; 同志们： is paragraph 1.
    let label = a.doc().sentence_label(a.doc().study.cursor.unwrap()).unwrap();
    assert!(label.starts_with('第') && label.contains("段第"), "{label}");
    for _ in 0..40 {
        key(&mut a, ')');
    }
    let c = a.doc().study.cursor.unwrap();
    assert!(a.doc().is_visible(a.doc().analysis.doc.sentences()[c].start), "the cursor stays on screen");
    key(&mut a, 'v');
    assert_eq!(a.doc().study.cursor, None);
}

fn write_note(a: &mut App, text: &str) {
    key(a, 'a');
    assert!(matches!(a.overlay, Some(Overlay::Note(_))));
    typed(a, text);
    press(a, Key::plain(KeyCodeOrd::Enter));
    typed(a, "第二行");
    press(a, ctrl('s'));
    assert!(a.overlay.is_none());
}

#[test]
fn notes_survive_a_restart_and_two_instances() {
    let sandbox = Sandbox::new();
    let mut one = app(&sandbox);
    let mut two = app(&sandbox);
    for _ in 0..3 {
        key(&mut one, ')');
    }
    write_note(&mut one, "甲的学习笔记");
    a_sentence_later(&mut two, 8);
    write_note(&mut two, "乙的学习笔记");
    one.update(Action::PageDown);
    one.save_state();
    settle(&mut one);
    two.save_state();
    settle(&mut two);
    let again = app(&sandbox);
    let texts: Vec<String> = again.doc().study.state.live_notes().iter().map(|n| n.text.clone()).collect();
    assert_eq!(texts, ["甲的学习笔记\n第二行", "乙的学习笔记\n第二行"]);
    assert_eq!(again.doc().study.noted.len(), 2, "noted sentences are marked in the text");
    let file = std::fs::read_dir(sandbox.state_dir()).unwrap().flatten().next().unwrap().path();
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
}

fn a_sentence_later(a: &mut App, n: usize) {
    for _ in 0..n {
        key(a, ')');
    }
}

#[test]
fn the_position_comes_back_at_the_same_text_offset() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    a.update(Action::GoTo);
    typed(&mut a, "二、（三）");
    press(&mut a, Key::plain(KeyCodeOrd::Enter));
    // The place: where the jump landed (saved as the position).
    let offset = place(&a);
    a.save_state();
    settle(&mut a);
    // A different width: a different row, the same text.
    let config = Config::embedded();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut b = sandbox.app(config, vec![view]);
    b.resize(Rect::new(0, 0, 60, 20));
    assert_eq!(top(&b), offset);
}

#[test]
fn notes_are_edited_and_deleted_from_the_list() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    a_sentence_later(&mut a, 2);
    write_note(&mut a, "初稿");
    a.update(Action::ShowNotes);
    key(&mut a, 'e');
    press(&mut a, Key::plain(KeyCodeOrd::Backspace));
    press(&mut a, Key::plain(KeyCodeOrd::Backspace));
    press(&mut a, Key::plain(KeyCodeOrd::Backspace));
    typed(&mut a, "改稿");
    press(&mut a, ctrl('s'));
    assert_eq!(a.doc().study.state.live_notes()[0].text, "初稿\n改稿");
    a.update(Action::ShowNotes);
    key(&mut a, 'd');
    assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
    key(&mut a, 'n');
    assert_eq!(a.doc().study.state.live_notes().len(), 1, "no deletion without a yes");
    a.update(Action::ShowNotes);
    key(&mut a, 'd');
    key(&mut a, 'y');
    assert!(a.doc().study.state.live_notes().is_empty());
    assert!(a.doc().study.state.notes[0].deleted, "kept as deleted for merging");
}

#[test]
fn copy_takes_the_sentence_or_the_section_and_refuses_big_copies() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    // `y` queues the copy for the terminal; it stays queued here for the test to read.
    a.handle_key(Key::char('y'));
    assert!(a.clipboard().is_none(), "nothing to copy without a cursor");
    key(&mut a, 'v');
    key(&mut a, ')');
    a.handle_key(Key::char('y'));
    let sentence =
        &a.doc().analysis.doc.text()[a.doc().analysis.doc.sentences()[a.doc().study.cursor.unwrap()].clone()];
    assert_eq!(a.clipboard(), Some(sentence));
    let _ = a.take_effects();
    a.update(Action::FocusOutline);
    a.update(Action::NextPart);
    a.handle_key(Key::char('y'));
    assert!(a.clipboard().is_some_and(|t| t.starts_with("一、") && t.chars().count() > 200));

    let config = Config::embedded();
    let big = "一、大段落\n".to_owned() + &"坚持稳中求进。".repeat(20_000);
    let view =
        DocView::new(jianghua::document::Document::from_text(big, jianghua::document::Source::named("big")), &config);
    let mut b = sandbox.app(config, vec![view]);
    b.resize(Rect::new(0, 0, 100, 30));
    b.update(Action::FocusOutline);
    b.update(Action::Top);
    b.handle_key(Key::char('y'));
    assert!(b.clipboard().is_none());
    assert!(b.message.as_deref().is_some_and(|m| m.contains("100 KB")), "{:?}", b.message);
}

#[test]
fn export_asks_before_overwriting() {
    let sandbox = Sandbox::new();
    let mut a = app(&sandbox);
    let out = sandbox.cwd().join("brief.md");
    a.update(Action::Export);
    assert_eq!(a.prompt.as_ref().map(|p| p.kind), Some(PromptKind::Export));
    press(&mut a, ctrl('u'));
    typed(&mut a, out.to_str().unwrap());
    press(&mut a, Key::plain(KeyCodeOrd::Enter));
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with("# 学习要点：在2024年青河县委工作会议上的讲话"));
    std::fs::write(&out, "mine").unwrap();
    a.update(Action::Export);
    press(&mut a, ctrl('u'));
    typed(&mut a, out.to_str().unwrap());
    press(&mut a, Key::plain(KeyCodeOrd::Enter));
    assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
    key(&mut a, 'n');
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine", "kept without a yes");
}

/// A saved state for the sample, as a user would have after a session.
fn sample_state() -> DocState {
    let text = SAMPLES[0].1;
    let doc = load(SAMPLES[0].0, text);
    let sentence = |needle: &str| {
        let byte = text.find(needle).unwrap();
        let s = doc.sentences()[doc.sentence_at(byte)].clone();
        (doc.char_of_byte(s.start), text[s].to_owned())
    };
    let mut state = DocState::new(&content_hash(doc.text()));
    let (offset, s1) = sentence("一要持续深化理论武装");
    state.notes.push(Note {
        id: "n1".into(),
        offset,
        sentence: s1,
        text: "组织部下周集中学习，带上这一段。".into(),
        created: 1,
        updated: 1,
        deleted: false,
    });
    let (offset, s2) = sentence("打通服务群众");
    state.notes.push(Note {
        id: "n2".into(),
        offset,
        sentence: s2,
        text: "对照本单位，列出三条整改措施。".into(),
        created: 2,
        updated: 2,
        deleted: false,
    });
    let (offset, _) = sentence("一要坚定捍卫");
    state.marks.insert('a', Mark { offset, updated: 3 });
    state
}

/// A sandbox whose saved state holds [`sample_state`].
fn with_state() -> Sandbox {
    let sandbox = Sandbox::new();
    Store::at(&sandbox.state_dir()).save(sample_state()).unwrap();
    sandbox
}

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(SAMPLES[0].0)
}

/// The golden brief was written from this command's output once and read through by hand
/// against the sample; a difference is a change to review, not to re-record.
#[test]
fn the_brief_of_the_sample_matches_its_golden_file() {
    let sandbox = with_state();
    let out = sandbox.command().arg("brief").arg(sample_path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let golden = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/county_work_meeting_2024.brief.md"),
    )
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), golden);
}

#[test]
fn the_notes_command_prints_notes_in_document_order() {
    let sandbox = with_state();
    let out = sandbox.command().args(["notes", "--format", "json"]).arg(sample_path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v.as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["text"], "组织部下周集中学习，带上这一段。");
    assert_eq!(notes[0]["breadcrumb"], serde_json::json!(["二、", "（一）", "一要"]));
    let md = sandbox.command().arg("notes").arg(sample_path()).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("# 学习笔记：在2024年青河县委工作会议上的讲话"), "{md}");
    // -o never overwrites without --force.
    let target = sandbox.write("cwd/brief.md", "keep");
    let refused = sandbox.command().arg("brief").arg(sample_path()).arg("-o").arg(&target).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

/// A speech with no date line still shows the year its title names, and nothing made up.
#[test]
fn the_brief_takes_the_year_from_the_title_when_there_is_no_date_line() {
    let sandbox = Sandbox::new();
    let file =
        sandbox.write("cwd/speech.txt", "在2023年县委工作会议上的讲话\n\n同志们：\n\n一、提高站位\n\n一要把牢方向。\n");
    let out = sandbox.command().arg("brief").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let brief = String::from_utf8(out.stdout).unwrap();
    let byline = brief.lines().nth(2).unwrap();
    assert_eq!(byline, "2023年", "{brief}");
}
