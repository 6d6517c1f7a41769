//! The reader in a real terminal: tmux runs it, keys are sent with `send-keys`, and the screen is
//! read back with `capture-pane`. Skipped, with the reason printed, when tmux is not installed.
//!
//! Checks: the terminal is restored after `q`, a panic, every signal from outside (and after a
//! stop, taken back on `fg`); a terminal that goes away ends the reader with its place saved;
//! Chinese and pinyin search; resizing (down to 1×1) never kills the app.
//!
//! The shell runs without line editing, so it never switches terminal modes itself: what the
//! checks see after the reader exits is what the reader left.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/tmux.rs"]
mod tmux;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use tmux::{Tmux, binary, sample};

#[test]
fn quit_restores_the_terminal_after_searching_in_chinese_and_pinyin() {
    let Some(t) = Tmux::start("quit", 80, 24) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_work_meeting_2024.txt")));
    t.wait_for("提纲");
    t.send(&["-l", "/两个确立"]);
    t.wait_for("/两个确立");
    t.send(&["Enter"]);
    t.wait_for("1/4");
    t.send(&["n"]);
    t.wait_for("2/4");
    t.send(&["-l", "/lgql"]);
    t.send(&["Enter"]);
    // Searching again starts from the current position: the second 两个确立, found by initials.
    t.wait_for("/lgql 2/4");
    t.quit();
}

#[test]
fn a_panic_restores_the_terminal_and_reports() {
    let Some(t) = Tmux::start("panic", 80, 24) else { return };
    t.type_line(&format!(
        "JIANGHUA_TEST_PANIC=1 {} --mouse {}; echo 'EXIT''ED='$?",
        binary(),
        sample("study_session_speech_2024.txt")
    ));
    let screen = t.wait_for("EXITED=");
    assert!(screen.contains("forced panic"), "{screen}");
    assert!(screen.lines().any(|l| l.trim() == "EXITED=101"), "a panic exits with 101: {screen}");
    t.assert_fully_restored();
}

#[test]
fn resize_storms_leave_the_app_responsive() {
    let Some(t) = Tmux::start("resize", 120, 40) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_government_report_2025.txt")));
    t.wait_for("提纲");
    for (w, h) in [(100, 30), (60, 20), (39, 9), (1, 1), (20, 5), (200, 50), (80, 24), (45, 12), (2, 40), (150, 10)] {
        t.resize(w, h);
        sleep(Duration::from_millis(30));
    }
    t.resize(30, 8);
    t.wait_for("窗口太小");
    t.resize(80, 24);
    t.wait_for("提纲");
    t.send(&["G"]);
    t.wait_for("100%");
    t.quit();
}

/// The pid of the process whose command line contains `needle`.
fn pid_of(needle: &str) -> Option<u32> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) && cmdline.contains("jianghua") && !cmdline.contains("bash") {
                return Some(pid);
            }
        }
        sleep(Duration::from_millis(50));
    }
    None
}

/// A copy of a sample under a unique name, so its reader can be found by command line.
fn unique_sample(tag: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{tag}-{}.txt", std::process::id()));
    std::fs::copy(sample("county_work_meeting_2024.txt"), &path).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn sighup_and_sigterm_restore_the_terminal_and_exit() {
    for (signal, name) in [("-HUP", "hup"), ("-TERM", "term")] {
        let Some(t) = Tmux::start(name, 80, 24) else { return };
        let (_dir, path) = unique_sample(name);
        t.type_line(&format!("{} {path}; echo 'EXIT''ED='$?", binary()));
        t.wait_for("提纲");
        let pid = pid_of(&path).expect("the reader is running");
        assert!(Command::new("kill").args([signal, &pid.to_string()]).status().is_ok_and(|s| s.success()));
        let screen = t.wait_for("EXITED=");
        assert!(screen.lines().any(|l| l.trim() == "EXITED=0"), "a clean exit after {signal}: {screen}");
        t.assert_restored();
    }
}

/// SIGINT, SIGQUIT, SIGTERM and SIGHUP from outside, with the mouse on and a prompt open: each
/// gives back the screen, the cursor, mouse reporting and bracketed paste, and saves the place.
#[test]
fn every_signal_from_outside_gives_the_terminal_back() {
    for (signal, name) in [("-INT", "sig-int"), ("-QUIT", "sig-quit"), ("-TERM", "sig-term"), ("-HUP", "sig-hup")] {
        let Some(t) = Tmux::start(name, 80, 24) else { return };
        let (_dir, path) = unique_sample(name);
        t.type_line(&format!("{} --mouse {path}; echo 'EXIT''ED='$?", binary()));
        t.wait_for("提纲");
        t.send(&["-l", ":50%"]);
        t.send(&["Enter"]);
        t.send(&["-l", "/两个"]);
        t.wait_for("/两个");
        assert_eq!(t.modes(), "alternate=1 cursor=1 mouse=1", "the reader took the terminal ({signal})");
        let pid = pid_of(&path).expect("the reader is running");
        assert!(Command::new("kill").args([signal, &pid.to_string()]).status().is_ok_and(|s| s.success()));
        let screen = t.wait_for("EXITED=");
        assert!(screen.lines().any(|l| l.trim() == "EXITED=0"), "a clean exit after {signal}: {screen}");
        t.assert_fully_restored();
        assert!(saved_position(&t).is_some_and(|p| p > 0), "the place is saved after {signal}");
    }
}

/// The position saved in the tmux session's HOME (one document).
fn saved_position(t: &Tmux) -> Option<u64> {
    let dir = t.home.path().join(".local/share/jianghua");
    let file = std::fs::read_dir(dir).ok()?.flatten().find(|e| e.path().extension().is_some_and(|x| x == "json"))?;
    let state: serde_json::Value = serde_json::from_slice(&std::fs::read(file.path()).ok()?).ok()?;
    state["position"].as_u64()
}

/// Is a process still there (and not a zombie)?
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

/// When the terminal goes away (the SSH connection drops, tmux is killed), the reader ends
/// within two seconds, with its place saved, instead of spinning on a dead terminal.
#[test]
fn a_terminal_that_goes_away_ends_the_reader_with_its_place_saved() {
    for (how, name) in [("kill-server", "gone-server"), ("kill-session", "gone-session")] {
        let Some(t) = Tmux::start(name, 80, 24) else { return };
        let (_dir, path) = unique_sample(name);
        t.type_line(&format!("{} {path}", binary()));
        t.wait_for("提纲");
        t.send(&["G"]);
        t.wait_for("100%");
        let pid = pid_of(&path).expect("the reader is running");
        let killed = Instant::now();
        let mut args = vec![how];
        if how == "kill-session" {
            args.extend(["-t", &t.session]);
        }
        assert!(t.cmd(&args).status().is_ok_and(|s| s.success()));
        while alive(pid) && killed.elapsed() < Duration::from_secs(5) {
            sleep(Duration::from_millis(20));
        }
        let took = killed.elapsed();
        assert!(!alive(pid), "the reader still runs {took:?} after {how}");
        assert!(took < Duration::from_secs(2), "the reader took {took:?} to end after {how}");
        assert!(saved_position(&t).is_some_and(|p| p > 1000), "the place is saved after {how}");
    }
}

/// A stop from outside (SIGTSTP) gives the terminal back; `fg` takes it again and redraws,
/// without asking the terminal anything whose late answer would land at the prompt.
#[test]
fn a_stop_from_outside_gives_the_terminal_back_and_fg_takes_it_again() {
    let Some(t) = Tmux::start("tstp", 80, 24) else { return };
    let (_dir, path) = unique_sample("tstp");
    // Alone on its line: a stopped job abandons the rest of a list.
    t.type_line(&format!("{} --mouse {path}", binary()));
    t.wait_for("提纲");
    let pid = pid_of(&path).expect("the reader is running");
    assert!(Command::new("kill").args(["-TSTP", &pid.to_string()]).status().is_ok_and(|s| s.success()));
    t.wait_for("Stopped");
    assert_eq!(t.modes(), "alternate=0 cursor=1 mouse=0", "given back while stopped");
    t.assert_restored();
    t.type_line("fg");
    let screen = t.wait_for("提纲");
    assert!(screen.contains("在2024年青河县委工作会议上的讲话"), "fully redrawn: {screen}");
    assert_eq!(t.modes(), "alternate=1 cursor=0 mouse=1", "taken again after fg");
    t.send(&["G"]);
    t.wait_for("100%");
    t.send(&["q"]);
    t.wait_gone("提纲");
    t.type_line("echo 'EXIT''ED='$?");
    let screen = t.wait_for("EXITED=");
    // The prompt may land before the echo of keys typed as the reader exited.
    assert!(screen.lines().any(|l| l.trim_start_matches("$ ").trim() == "EXITED=0"), "{screen}");
    assert!(!screen.contains("cursor position") && !screen.contains(";1R"), "{screen}");
    t.assert_fully_restored();
}

#[test]
fn ctrl_z_suspends_cleanly_and_fg_redraws() {
    let Some(t) = Tmux::start("suspend", 80, 24) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_work_meeting_2024.txt")));
    t.wait_for("提纲");
    t.send(&["C-z"]);
    t.wait_for("Stopped");
    // While suspended, the shell has a sane terminal, with a cursor.
    assert_eq!(t.modes(), "alternate=0 cursor=1 mouse=0");
    t.assert_restored();
    t.type_line("fg");
    let screen = t.wait_for("提纲");
    assert!(screen.contains("在2024年青河县委工作会议上的讲话"), "fully redrawn: {screen}");
    t.quit();
}

#[test]
fn a_hostile_document_cannot_retitle_or_clear_the_terminal() {
    let Some(t) = Tmux::start("hostile", 100, 30) else { return };
    let title = || {
        let out = t.cmd(&["display-message", "-p", "-t", &t.session, "#{pane_title}"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    t.type_line("printf '\\033]2;%s\\007' safe-title; clear; echo 'BEFORE''-READER'");
    t.wait_for("BEFORE-READER");
    let before = title();
    assert_eq!(before, "safe-title");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.txt");
    std::fs::write(&path, hostile::HOSTILE).unwrap();
    t.type_line(&format!("{} {}", binary(), path.display()));
    let screen = t.wait_for("提纲");
    assert!(screen.contains("␛]0;pwned␇") && screen.contains("␛[2J"), "placeholders shown: {screen}");
    assert!(screen.contains("同志们"), "the screen was not cleared: {screen}");
    assert_eq!(title(), before, "the window title is unchanged");
    t.quit();
    assert_eq!(title(), before);
}

/// `TERM=dumb` is refused with a message naming the way out; a non-UTF-8 locale opens the reader
/// with a warning in the status bar.
#[test]
fn a_dumb_terminal_is_refused_and_a_non_utf8_locale_is_warned() {
    let Some(t) = Tmux::start("env", 100, 30) else { return };
    let file = sample("county_work_meeting_2024.txt");
    // The quotes keep the typed command itself from matching what we wait for.
    t.type_line(&format!(
        "clear; TERM=dumb LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= {} {file}; echo \"status\"\"=$?\"",
        binary()
    ));
    let screen = t.wait_for("status=");
    assert!(screen.contains("TERM 为 \"dumb\"") && screen.contains("status=2"), "{screen}");
    t.type_line(&format!("clear; LANG=C LC_ALL= LC_CTYPE= {} {file}", binary()));
    t.wait_for("提纲");
    // The reader is on the alternate screen now, so only its status bar can show the warning
    // (waiting, because tmux may capture a frame half drawn).
    t.wait_for("locale is not UTF-8");
    t.quit();
}

/// In a 0×0 terminal that never sends anything (`script` reading from /dev/null), the reader
/// draws once and then waits: it does not redraw while nothing happens.
#[test]
fn an_idle_zero_size_terminal_is_not_redrawn() {
    if Command::new("script").arg("--version").output().is_err() {
        skipped!("script (util-linux) is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let run = |seconds: &str| {
        let out = Command::new("timeout")
            .args([seconds, "script", "-qc"])
            .arg(format!("{} {}", binary(), sample("county_work_meeting_2024.txt")))
            .arg("/dev/null")
            .env("HOME", home.path())
            .current_dir(home.path())
            .env("TERM", "xterm-256color")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        // Every frame ends by hiding the cursor (and taking the terminal does it once).
        out.stdout.windows(6).filter(|w| w == b"\x1b[?25l").count()
    };
    // Frames for the start and the keywords arriving; a reader redrawing on every wake-up
    // (4 a second) would draw 16.
    let frames = run("4");
    assert!(frames >= 2, "the reader drew its first frame");
    assert!(frames <= 6, "{frames} frames in 4 s of nothing happening");
}

/// `cat x.txt | jianghua -` opens the reader on the piped document and reads keys from the
/// terminal (`/dev/tty`), as `less` does; without a controlling terminal (`setsid`) it says why.
#[test]
fn a_piped_document_opens_the_reader_with_keys_from_the_terminal() {
    let Some(t) = Tmux::start("pipe", 80, 24) else { return };
    let file = sample("county_work_meeting_2024.txt");
    t.type_line(&format!("cat {file} | {} -", binary()));
    t.wait_for("提纲");
    t.send(&["-l", "/两个确立"]);
    t.send(&["Enter"]);
    t.wait_for("1/4");
    t.quit();
    if Command::new("setsid").arg("--version").output().is_err() {
        skipped!("the no-terminal half: setsid is not installed");
        return;
    }
    t.type_line(&format!("clear; cat {file} | setsid -w {} -; echo \"status\"\"=$?\"", binary()));
    let screen = t.wait_for("status=");
    assert!(screen.contains("/dev/tty") && screen.contains("status=2"), "{screen}");
}
