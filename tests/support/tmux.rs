//! tmux for the terminal tests: a private server and session per test, a private HOME (and
//! working directory) for the shell, keys in with `send-keys`, the screen out with
//! `capture-pane`. `Tmux::start` returns `None`, with the reason printed, when tmux is missing.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
    pub session: String,
    /// A private HOME (and the shell's working directory), so saved reading state never leaks
    /// between tests or from the user.
    pub home: tempfile::TempDir,
}

impl Tmux {
    pub fn start(name: &str, width: u16, height: u16) -> Option<Self> {
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
            // The shell starts in the private HOME: nothing a test runs writes into the repository.
            .args(["-c", &t.home.path().display().to_string()])
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
                "--noediting",
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux could not start a session");
        // Keys typed before the first prompt would be echoed ahead of it.
        t.wait_for("$");
        Some(t)
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]).args(args);
        c
    }

    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().is_ok_and(|s| s.success()));
    }

    pub fn type_line(&self, line: &str) {
        self.send(&["-l", line]);
        self.send(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", &self.session]).output().expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen contains `needle`; panic with the screen after a generous timeout.
    pub fn wait_for(&self, needle: &str) -> String {
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
    pub fn wait_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.screen().contains(needle) {
            assert!(start.elapsed() < Duration::from_secs(20), "still showing {needle:?}:\n{}", self.screen());
            sleep(Duration::from_millis(50));
        }
    }

    /// Press `q`, wait for the reader to give the terminal back, and check it is sane. (Keys typed
    /// before it has exited would be read by the reader and lost.)
    pub fn quit(&self) {
        self.send(&["q"]);
        self.wait_gone("提纲");
        self.assert_restored();
    }

    pub fn resize(&self, width: u16, height: u16) {
        let _ = self
            .cmd(&["resize-window", "-t", &self.session, "-x", &width.to_string(), "-y", &height.to_string()])
            .status();
    }

    /// The pane's terminal modes as tmux sees them.
    pub fn modes(&self) -> String {
        let format = "alternate=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag}";
        let out = self.cmd(&["display-message", "-p", "-t", &self.session, format]).output().expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Everything the reader changed is back: the main screen, a visible cursor, no mouse
    /// reporting, no bracketed paste, and a sane line discipline.
    pub fn assert_fully_restored(&self) {
        assert_eq!(self.modes(), "alternate=0 cursor=1 mouse=0");
        // A paste into `cat -v` shows the bracket markers if bracketed paste were still on.
        assert!(self.cmd(&["set-buffer", "PASTED"]).status().is_ok_and(|s| s.success()));
        self.type_line("clear; cat -v");
        sleep(Duration::from_millis(200));
        assert!(self.cmd(&["paste-buffer", "-p", "-t", &self.session]).status().is_ok_and(|s| s.success()));
        self.send(&["Enter", "C-d"]);
        let screen = self.wait_for("PASTED");
        assert!(!screen.contains("[200~"), "bracketed paste is still on: {screen}");
        self.assert_restored();
    }

    /// Ask the shell whether the terminal is sane again (echo and canonical mode on).
    pub fn assert_restored(&self) {
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

pub fn binary() -> String {
    env!("CARGO_BIN_EXE_jianghua").to_owned()
}

pub fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}
