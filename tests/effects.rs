//! `update` writes nothing: writing the brief, adding a term, saving state and copying are
//! effects that only the terminal reader carries out. `render` refuses them and says so, and a
//! document never opened in a session keeps the state saved for it.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::PathBuf;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Effect, Input, Overlay};
use jianghua::config::Config;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::{SAMPLES, load};
use jianghua::state::{DocState, Store, content_hash};
use ratatui::layout::Rect;
use sandbox::Sandbox;

fn sample_path(i: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(SAMPLES[i].0)
}

/// `E` to a path outside the working directory, `a` on a discovered term, a mark and `q`: in
/// `render` nothing is written anywhere (not the brief, not the config file, not the state),
/// and stderr says what was refused.
#[test]
fn render_refuses_every_write_and_reports_it() {
    let sandbox = Sandbox::new();
    let doc = sandbox.write("docs/speech.txt", SAMPLES[0].1);
    let before = sandbox.files();
    let keys = "E<C-u>../outside.md<CR><A-3>Ga<CR><A-2>vyma:50%<CR>q";
    let out =
        sandbox.command().args(["render", "--state", "--size", "160x48", "--keys", keys]).arg(&doc).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sandbox.files(), before, "render wrote a file");
    let err = String::from_utf8(out.stderr).unwrap();
    for refused in ["write the study brief", "outside.md", "add the term", "copy", "save the reading state"] {
        assert!(err.contains(refused), "stderr does not report {refused:?}: {err}");
    }
    // The same keys with a brief path in the working directory, and without --state.
    let out = sandbox.command().args(["render", "--keys", "E<CR>"]).arg(&doc).output().unwrap();
    assert!(out.status.success());
    assert_eq!(sandbox.files(), before);
}

fn reader(sandbox: &Sandbox, docs: &[usize]) -> App {
    let config = Config::embedded();
    let views = docs.iter().map(|&i| DocView::new(load(SAMPLES[i].0, SAMPLES[i].1), &config)).collect();
    let mut app = sandbox.app(config, views);
    app.resize(Rect::new(0, 0, 120, 40));
    app
}

#[test]
fn update_only_queues_effects_and_the_runner_writes() {
    let sandbox = Sandbox::new();
    let mut app = reader(&sandbox, &[0]);
    app.update(Action::Export);
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
    let Some(Effect::WriteBrief { path, text, overwrite: false }) = app.effects().first().cloned() else {
        panic!("{:?}", app.effects());
    };
    assert!(text.starts_with("# 学习要点"), "{text}");
    assert!(!sandbox.cwd().join(&path).exists(), "update wrote the brief itself");
    assert!(sandbox.settle(&mut app).is_empty());
    assert!(sandbox.cwd().join(&path).is_file(), "the runner writes it, relative to the working directory");
    assert!(app.message.as_deref().is_some_and(|m| m.contains("学习要点已导出")), "{:?}", app.message);
    // q asks to save, then to quit: in that order, so nothing is lost.
    app.update(Action::Quit);
    assert!(matches!(app.effects(), [Effect::SaveState(_), Effect::Quit]), "{:?}", app.effects());
}

/// Opening a library must not reset the saved position of the documents not read this time.
#[test]
fn documents_not_opened_keep_their_saved_state() {
    let sandbox = Sandbox::new();
    let store = Store::at(&sandbox.state_dir());
    let saved = |i: usize| {
        let doc = load(SAMPLES[i].0, SAMPLES[i].1);
        let mut state = DocState::new(&content_hash(doc.text()));
        state.position = Some(doc.char_len() / 2);
        state.position_updated = 1_000 + i as u64;
        store.save(state).unwrap();
    };
    saved(1);
    saved(2);
    let file = |i: usize| {
        let doc = load(SAMPLES[i].0, SAMPLES[i].1);
        std::fs::read_to_string(sandbox.state_dir().join(format!("{}.json", content_hash(doc.text())))).ok()
    };
    let (before_1, before_2) = (file(1), file(2));
    let mut app = reader(&sandbox, &[0, 1, 2]);
    app.update(Action::PageDown);
    // Open the second document and read a little; never the third.
    app.switch_to(1);
    app.update(Action::PageDown);
    app.switch_to(0);
    app.update(Action::Quit);
    sandbox.settle(&mut app);
    assert!(file(0).is_some(), "the document read is saved");
    assert_ne!(file(1), before_1, "the document opened is saved with its new position");
    assert_eq!(file(2), before_2, "the document never opened is left alone");
}

/// A document opened but never laid out (a terminal too small) keeps its saved position.
#[test]
fn a_document_never_laid_out_saves_the_position_it_had() {
    let sandbox = Sandbox::new();
    let doc = load(SAMPLES[0].0, SAMPLES[0].1);
    let mut state = DocState::new(&content_hash(doc.text()));
    state.position = Some(1234);
    Store::at(&sandbox.state_dir()).save(state).unwrap();
    let config = Config::embedded();
    let view = DocView::new(doc, &config);
    let mut app = sandbox.app(config, vec![view]);
    app.resize(Rect::new(0, 0, 20, 5));
    app.update(Action::Quit);
    sandbox.settle(&mut app);
    let again =
        sandbox.app(Config::embedded(), vec![DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &Config::embedded())]);
    assert_eq!(again.doc().study.state.position, Some(1234));
}

/// A bracketed paste goes into the note being written, its line breaks kept and control
/// characters dropped.
#[test]
fn a_paste_goes_into_the_note_editor() {
    let sandbox = Sandbox::new();
    let mut app = reader(&sandbox, &[0]);
    app.update(Action::ToggleCursor);
    app.update(Action::Add);
    assert!(matches!(app.overlay, Some(Overlay::Note(_))));
    app.input(Input::Paste("学习体会：\r\n一要\u{1b}[31m落实\u{202e}。\r二要跟进。".into()));
    app.handle_key(Key { code: KeyCodeOrd::Char('s'), ctrl: true, alt: false });
    sandbox.settle(&mut app);
    let notes = app.doc().study.state.live_notes();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "学习体会：\n一要[31m落实。\n二要跟进。");
}

#[test]
fn render_shows_what_the_reader_shows_for_a_paste_free_script() {
    // The headless loop and the terminal share one loop: a frame after every key, the same
    // screen as the app in memory after the same keys.
    let config = Config::embedded();
    let mut a = App::new(config.clone(), vec![DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config)]);
    let screen = jianghua::tui::render(&mut a, 80, 24, &jianghua::keymap::parse_vim("jj/两个确立<CR>n").unwrap());
    assert!(screen.contains("/两个确立 2/4"), "{screen}");
    let out = Sandbox::new().run(&[
        "render",
        "--size",
        "80x24",
        "--keys",
        "jj/两个确立<CR>n",
        sample_path(0).to_str().unwrap(),
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), screen);
}
