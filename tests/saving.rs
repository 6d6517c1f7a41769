//! Saving the reading state costs one document: only documents whose state changed are written,
//! off the input path (a saver thread), an older snapshot never overwrites a newer one, quitting
//! waits for the save, and a save that fails (a full disk, simulated by a state directory that
//! cannot be created) keeps everything in memory, retries, and hands the notes back on quit.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use jianghua::app::{App, DocView, Effect, Outcome, StateSnapshot};
use jianghua::config::Config;
use jianghua::keymap::Key;
use jianghua::samples::{SAMPLES, load};
use jianghua::state::{Mark, Note, Store};
use jianghua::tui::terminal::TerminalExecutor;
use jianghua::tui::{Executor, Flow};
use jianghua::writer::Writer;
use jianghua::writer::saver::Saver;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use sandbox::{Sandbox, settle};

/// A reader over the three samples, the first two shown in this session.
fn library(sandbox: &Sandbox) -> App {
    let config = Config::embedded();
    let views = SAMPLES.iter().map(|(name, text)| DocView::new(load(name, text), &config)).collect();
    let mut app = sandbox.app(config, views);
    app.resize(Rect::new(0, 0, 100, 30));
    app.switch_to(1);
    app.switch_to(0);
    app
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(Key::char(c));
    }
}

fn state_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn mtimes(files: &[PathBuf]) -> Vec<SystemTime> {
    files.iter().map(|f| std::fs::metadata(f).and_then(|m| m.modified()).expect("an mtime")).collect()
}

/// The snapshots of the saves the app asks for, taking its effects.
fn saves(app: &mut App) -> Vec<StateSnapshot> {
    let effects = app.take_effects();
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::SaveState(s) => Some(s),
            _ => None,
        })
        .flatten()
        .collect()
}

fn hash_of(app: &App, doc: usize) -> String {
    app.docs[doc].study.state.hash.clone()
}

#[test]
fn a_mark_writes_the_changed_document_only() {
    let sandbox = Sandbox::new();
    let mut app = library(&sandbox);
    app.save_state();
    settle(&mut app);
    let files = state_files(&sandbox.state_dir());
    assert_eq!(files.len(), 2, "the two documents shown have a state, the third none: {files:?}");
    let before = mtimes(&files);
    std::thread::sleep(Duration::from_millis(20));

    // Nothing changed: nothing is asked for, nothing written.
    app.save_state();
    assert!(app.effects().is_empty(), "{:?}", app.effects());

    app.switch_to(1);
    typed(&mut app, "ma");
    match app.effects() {
        [Effect::SaveState(snapshots)] => {
            assert_eq!(snapshots.iter().map(|s| s.doc).collect::<Vec<_>>(), [1], "the mark's document only");
        }
        other => panic!("one save expected, got {other:?}"),
    }
    settle(&mut app);
    let after = mtimes(&files);
    let changed: Vec<bool> = before.iter().zip(&after).map(|(b, a)| b != a).collect();
    let marked = files.iter().position(|f| f.to_string_lossy().contains(&hash_of(&app, 1))).expect("doc 1's file");
    for (i, c) in changed.iter().enumerate() {
        assert_eq!(*c, i == marked, "only the marked document's file is rewritten: {changed:?}");
    }
    // Quitting saves what changed since (doc 1's position moved with the switch), not the rest.
    app.end();
    let saved: Vec<usize> = app
        .effects()
        .iter()
        .filter_map(|e| match e {
            Effect::SaveState(s) => Some(s.iter().map(|s| s.doc)),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!saved.contains(&2), "a document never shown is not written: {saved:?}");
}

fn mark(letter: char, offset: usize, updated: u64) -> (char, Mark) {
    (letter, Mark { offset, updated })
}

#[test]
fn an_older_answer_never_replaces_a_newer_state() {
    let sandbox = Sandbox::new();
    let mut app = library(&sandbox);
    typed(&mut app, "ma");
    typed(&mut app, "mb");
    let snapshots = saves(&mut app);
    assert_eq!(snapshots.iter().map(|s| s.generation).collect::<Vec<_>>(), [1, 2]);
    // The first save's answer arrives after the second mark: it holds mark a only.
    let older = snapshots[0].state.clone();
    assert!(!older.marks.contains_key(&'b'));
    app.outcome(Outcome::StateSaved { doc: 0, generation: 1, result: Ok(older) });
    assert!(app.doc().study.state.marks.contains_key(&'b'), "the late answer for mark a did not drop mark b");

    // On disk, through the saver: the snapshots in order, and a coalesced queue keeps the newest.
    let (send, answers) = mpsc::channel();
    let saver = Saver::start(Store::at(&sandbox.state_dir()), move |o| {
        let _ = send.send(o);
    })
    .expect("a saver thread");
    let mut newest = snapshots[1].clone();
    newest.state.marks.extend([mark('c', 3, u64::MAX / 2)]);
    saver.save(vec![snapshots[0].clone()]);
    saver.save(vec![newest]);
    assert!(saver.finish().is_empty());
    let generations: Vec<u64> = answers
        .try_iter()
        .map(|o| match o {
            Outcome::StateSaved { generation, result, .. } => {
                assert!(result.is_ok(), "{result:?}");
                generation
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(generations.last(), Some(&2), "the newest snapshot is written last: {generations:?}");
    let on_disk = Store::at(&sandbox.state_dir()).load(&hash_of(&app, 0), None).expect("readable").expect("saved");
    for letter in ['a', 'b', 'c'] {
        assert!(on_disk.marks.contains_key(&letter), "mark {letter} on disk: {:?}", on_disk.marks);
    }
}

#[test]
fn quitting_waits_for_the_save() {
    let sandbox = Sandbox::new();
    let mut app = library(&sandbox);
    let (send, _events) = mpsc::channel();
    let mut executor = TerminalExecutor::new(Writer::at(&sandbox.cwd()), false, send);
    executor.save_in_background(Store::at(&sandbox.state_dir()));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    typed(&mut app, "ma");
    app.end();
    let mut flow = Flow::Continue;
    for effect in app.take_effects() {
        flow = executor.perform(effect, &mut app, &mut terminal);
    }
    assert!(matches!(flow, Flow::Stop));
    // No waiting here: when quit returns, the file is there with the mark.
    let saved =
        Store::at(&sandbox.state_dir()).load(&hash_of(&app, 0), None).expect("readable").expect("saved on quit");
    assert!(saved.marks.contains_key(&'a'));
}

fn note(text: &str) -> Note {
    Note {
        id: "n1".into(),
        sentence: "同志们：".into(),
        offset: 0,
        text: text.into(),
        created: 1,
        updated: 1,
        deleted: false,
    }
}

#[test]
fn a_full_disk_keeps_the_state_retries_and_gives_the_notes_back() {
    let sandbox = Sandbox::new();
    let mut app = library(&sandbox);
    // The state directory cannot be created (its parent is a file), for root too, and neither can
    // the rescue beside it: as a full disk would.
    let blocker = sandbox.write("blocker", "");
    let dir = blocker.join("state");
    app.store = Some(Store::at(&dir));
    app.docs[0].study.state.notes.push(note("唯一的笔记\u{1b}[31m"));
    app.docs[0].touch_state();
    typed(&mut app, "ma");
    let snapshots = saves(&mut app);
    let (send, answers) = mpsc::channel();
    let saver = Saver::start(Store::at(&dir), move |o| {
        let _ = send.send(o);
    })
    .expect("a saver thread");
    saver.save(snapshots);
    saver.wait_idle();
    for answer in answers.try_iter() {
        app.outcome(answer);
    }
    assert!(app.save_failure().is_some(), "the failure is shown");
    assert!(app.message.as_deref().is_some_and(|m| m.contains("无法保存")), "{:?}", app.message);
    assert!(app.doc().study.state.marks.contains_key(&'a'), "the mark stays in memory");
    let lost = saver.finish();
    assert_eq!(lost.len(), 1, "the notes come back for printing: {lost:?}");
    assert!(lost[0].contains("唯一的笔记") && !lost[0].contains('\u{1b}'), "sanitised: {lost:?}");

    // The disk has room again: the next save retries the same document and succeeds.
    std::fs::remove_file(&blocker).expect("remove the blocker");
    app.save_state();
    assert!(!app.effects().is_empty(), "the failed document is saved again");
    settle(&mut app);
    assert!(app.save_failure().is_none());
    let on_disk = Store::at(&dir).load(&hash_of(&app, 0), None).expect("readable").expect("saved");
    assert!(on_disk.marks.contains_key(&'a') && on_disk.live_notes().len() == 1);
}

#[test]
fn temporaries_left_by_a_killed_save_are_swept() {
    let sandbox = Sandbox::new();
    let dir = sandbox.state_dir();
    let stale = sandbox.write("home/.local/share/jianghua/.tmpAb12Cd", "half a state");
    let fresh = sandbox.write("home/.local/share/jianghua/.tmpXy34Zw", "a save in progress");
    let other = sandbox.write("home/.local/share/jianghua/.tmpnotours", "not our pattern");
    let old = SystemTime::now() - jianghua::state::STALE_TEMPORARY - Duration::from_secs(5);
    std::fs::File::options().write(true).open(&stale).and_then(|f| f.set_modified(old)).expect("age the file");
    std::fs::File::options().write(true).open(&other).and_then(|f| f.set_modified(old)).expect("age the file");
    assert_eq!(Store::at(&dir).sweep_temporaries(), 1);
    assert!(!stale.exists() && fresh.exists() && other.exists());
}

#[test]
fn keys_still_answer_while_a_save_is_slow() {
    // The terminal reader hands saves to the saver and returns at once: perform never writes.
    let sandbox = Sandbox::new();
    let mut app = library(&sandbox);
    let (send, events) = mpsc::channel();
    let mut executor = TerminalExecutor::new(Writer::at(&sandbox.cwd()), false, send);
    let store = Store::at(&sandbox.state_dir());
    executor.save_in_background(store);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    typed(&mut app, "ma");
    for effect in app.take_effects() {
        assert!(matches!(executor.perform(effect, &mut app, &mut terminal), Flow::Continue));
    }
    // The answer comes back as an event, later.
    let answer = events.recv_timeout(Duration::from_secs(30)).expect("an answer from the saver");
    assert!(matches!(answer, jianghua::tui::Event::Answer(Outcome::StateSaved { doc: 0, .. })));
    executor.finish();
}
