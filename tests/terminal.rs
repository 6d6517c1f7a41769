//! The reader in a real terminal: tmux runs it, keys are sent with `send-keys`, and the screen is
//! read back with `capture-pane`. Skipped, with the reason printed, when tmux is not installed.
//!
//! Checks: the terminal is restored after `q` and after a panic; Chinese and pinyin search;
//! resizing (down to 1×1) never kills the app.

#[path = "support/hostile.rs"]
mod hostile;

use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    session: String,
    /// A private HOME, so saved reading state never leaks between tests or from the user.
    home: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipped: tmux is not installed (apt-get install tmux)");
            return None;
        }
        let t = Self {
            socket: format!("jianghua-test-{}-{name}", std::process::id()),
            session: "t".into(),
            home: tempfile::tempdir().expect("a temporary HOME"),
        };
        let home = format!("HOME={}", t.home.path().display());
        let ok = t
            .cmd(&["new-session", "-d", "-s", &t.session, "-x", &width.to_string(), "-y", &height.to_string()])
            .arg("env")
            .args([
                "-i",
                "PATH=/usr/bin:/bin",
                &home,
                "TERM=xterm-256color",
                "LANG=C.UTF-8",
                "PS1=$ ",
                "bash",
                "--norc",
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux could not start a session");
        Some(t)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]).args(args);
        c
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().is_ok_and(|s| s.success()));
    }

    fn type_line(&self, line: &str) {
        self.send(&["-l", line]);
        self.send(&["Enter"]);
    }

    fn screen(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", &self.session]).output().expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen contains `needle`; panic with the screen after a generous timeout.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "waited for {needle:?}; screen:\n{screen}");
            sleep(Duration::from_millis(50));
        }
    }

    /// Wait until the screen no longer contains `needle` (the reader has exited).
    fn wait_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.screen().contains(needle) {
            assert!(start.elapsed() < Duration::from_secs(20), "still showing {needle:?}:\n{}", self.screen());
            sleep(Duration::from_millis(50));
        }
    }

    /// Press `q`, wait for the reader to give the terminal back, and check it is sane. (Keys typed
    /// before it has exited would be read by the reader and lost.)
    fn quit(&self) {
        self.send(&["q"]);
        self.wait_gone("提纲");
        self.assert_restored();
    }

    fn resize(&self, width: u16, height: u16) {
        let _ = self
            .cmd(&["resize-window", "-t", &self.session, "-x", &width.to_string(), "-y", &height.to_string()])
            .status();
    }

    /// Ask the shell whether the terminal is sane again (echo and canonical mode on).
    fn assert_restored(&self) {
        // The quotes keep the typed command itself from matching what we wait for.
        self.type_line("clear; stty -a | grep -q ' echo ' && stty -a | grep -q ' icanon' && echo 'TERMINAL''=sane' || echo 'TERMINAL''=broken'");
        let screen = self.wait_for("TERMINAL=");
        assert!(screen.lines().any(|l| l.trim() == "TERMINAL=sane"), "{screen}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

fn binary() -> String {
    env!("CARGO_BIN_EXE_jianghua").to_owned()
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}

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
        "JIANGHUA_TEST_PANIC=1 {} {}; echo 'EXIT''ED='$?",
        binary(),
        sample("study_session_speech_2024.txt")
    ));
    let screen = t.wait_for("EXITED=");
    assert!(screen.contains("forced panic"), "{screen}");
    assert!(screen.lines().any(|l| l.trim() == "EXITED=101"), "a panic exits with 101: {screen}");
    t.assert_restored();
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

#[test]
fn ctrl_z_suspends_cleanly_and_fg_redraws() {
    let Some(t) = Tmux::start("suspend", 80, 24) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_work_meeting_2024.txt")));
    t.wait_for("提纲");
    t.send(&["C-z"]);
    t.wait_for("Stopped");
    // While suspended, the shell has a sane terminal.
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
    t.type_line(&format!("clear; TERM=dumb {} {file}; echo \"status\"\"=$?\"", binary()));
    let screen = t.wait_for("status=");
    assert!(screen.contains("TERM is \"dumb\"") && screen.contains("status=2"), "{screen}");
    t.type_line(&format!("clear; LANG=C LC_ALL= LC_CTYPE= {} {file}", binary()));
    t.wait_for("提纲");
    // The reader is on the alternate screen now, so only its status bar can show the warning
    // (waiting, because tmux may capture a frame half drawn).
    t.wait_for("locale is not UTF-8");
    t.quit();
}
