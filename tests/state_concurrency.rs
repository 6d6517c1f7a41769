//! Two readers on one speech: processes that save notes to the same state at once lose none,
//! and a process killed in the middle of a save loses nothing that was already saved.
//!
//! The test binary runs itself as the saving child: `child_saver` does nothing unless
//! `JIANGHUA_TEST_SAVER` names a state directory. Each save is what the reader does: add a note
//! to the state it holds, save, keep the merged state the save returns.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use jianghua::state::{DocState, Note, Store, new_id, now};

const HASH: &str = "0123456789abcdef0123456789abcdef";

fn note(label: &str) -> Note {
    let t = now();
    Note {
        id: new_id(),
        offset: 10,
        sentence: "一要切实把牢政治方向。".into(),
        text: label.into(),
        created: t,
        updated: t,
        deleted: false,
    }
}

/// The child: save `JIANGHUA_TEST_ROUNDS` notes one by one, printing each id once saved.
#[test]
fn child_saver() {
    let Some(dir) = std::env::var_os("JIANGHUA_TEST_SAVER") else { return };
    let rounds: usize = std::env::var("JIANGHUA_TEST_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(0);
    let store = Store::at(Path::new(&dir));
    let mut state = DocState::new(HASH);
    for round in 0..rounds {
        let n = note(&format!("{} 第{round}条", std::process::id()));
        let id = n.id.clone();
        state.notes.push(n);
        state = store.save(state).expect("save");
        println!("saved {id}");
    }
}

/// The id on a `saved ID` line (the harness may print its own text before the first one).
fn saved_id(line: &str) -> Option<String> {
    line.rsplit_once("saved ").map(|(_, id)| id.trim().to_owned())
}

fn spawn_saver(dir: &Path, rounds: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_saver", "--nocapture", "--test-threads=1"])
        .env("JIANGHUA_TEST_SAVER", dir)
        .env("JIANGHUA_TEST_ROUNDS", rounds.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn saved_ids(child: &mut Child) -> Vec<String> {
    let out = child.stdout.take().unwrap();
    BufReader::new(out).lines().map_while(Result::ok).filter_map(|l| saved_id(&l)).collect()
}

fn on_disk(dir: &Path) -> DocState {
    Store::at(dir).load(HASH, None).unwrap().expect("a state file")
}

#[test]
fn two_processes_saving_at_once_lose_no_note_in_1000_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = spawn_saver(dir.path(), 1000);
    let mut b = spawn_saver(dir.path(), 1000);
    let (ids_a, ids_b) = (saved_ids(&mut a), saved_ids(&mut b));
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    assert_eq!((ids_a.len(), ids_b.len()), (1000, 1000));
    let state = on_disk(dir.path());
    let missing: Vec<&String> =
        ids_a.iter().chain(&ids_b).filter(|id| !state.notes.iter().any(|n| &n.id == *id)).collect();
    assert!(missing.is_empty(), "{} of 2000 notes lost, e.g. {:?}", missing.len(), missing.first());
    assert_eq!(state.live_notes().len(), 2000);
}

#[test]
fn a_process_killed_mid_save_loses_nothing_already_saved() {
    let dir = tempfile::tempdir().unwrap();
    // A second process keeps saving meanwhile, so the killed one dies holding the lock at times.
    let mut other = spawn_saver(dir.path(), 300);
    for delay_ms in [5u64, 17, 31, 53, 89] {
        let mut victim = spawn_saver(dir.path(), 100_000);
        let out = victim.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(out).lines().map_while(Result::ok).filter_map(|l| saved_id(&l)).collect::<Vec<_>>()
        });
        std::thread::sleep(std::time::Duration::from_millis(100 + delay_ms));
        victim.kill().unwrap(); // SIGKILL
        victim.wait().unwrap();
        let saved = reader.join().unwrap();
        let state = on_disk(dir.path());
        let missing = saved.iter().filter(|id| !state.notes.iter().any(|n| &n.id == *id)).count();
        assert_eq!(missing, 0, "killed after {} saves: {missing} lost", saved.len());
    }
    let ids = saved_ids(&mut other);
    assert!(other.wait().unwrap().success());
    let state = on_disk(dir.path());
    assert!(ids.iter().all(|id| state.notes.iter().any(|n| &n.id == id)));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_none_or(|e| e != "lock"))
        .filter(|n| !n.starts_with(".tmp"))
        .collect();
    assert_eq!(names, [format!("{HASH}.json")], "no damaged file was set aside");
}
