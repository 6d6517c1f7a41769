//! tmux for the terminal tests: a private server and session per test, a private HOME (and
//! working directory) for the shell, keys in with `send-keys`, the screen out with
//! `capture-pane`. `Tmux::start` returns `None`, with the reason printed, when tmux is missing.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use ratatui::style::Modifier;

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
            // Written to standard error itself, which libtest does not capture (see skip.rs).
            std::io::Write::write_all(
                &mut std::io::stderr(),
                b"skipped: tmux is not installed (apt-get install tmux)\n",
            )
            .ok();
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

    /// The screen with its attributes, as tmux saw the program draw it (`capture-pane -e`): per
    /// row, each character with the SGR parameters in force where it was drawn.
    pub fn styled_screen(&self) -> Vec<Vec<(char, Sgr)>> {
        let out = self.cmd(&["capture-pane", "-e", "-p", "-t", &self.session]).output().expect("capture-pane");
        parse_sgr(&String::from_utf8_lossy(&out.stdout))
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

    /// Another reader on the shell's account saves a note saying `text` on the first sentence of
    /// the document at `path`, in the reading-state store under this HOME.
    pub fn note_from_another_reader(&self, path: &std::path::Path, text: &str) {
        use jianghua::state::{DocState, Note, Store, content_hash};
        let doc = jianghua::document::load_path(path).unwrap();
        let first = doc.sentences()[0].clone();
        let mut state = DocState::new(&content_hash(doc.text()));
        state.notes.push(Note {
            id: "from-another-reader".into(),
            offset: 0,
            sentence: doc.text()[first].to_owned(),
            text: text.into(),
            created: 1,
            updated: 1,
            deleted: false,
        });
        Store::at(&self.home.path().join(".local/share/jianghua")).save(state).unwrap();
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

/// The attributes in force for a character: the colour parameters seen (30-38, 40-48, 90-107,
/// never the defaults 39 and 49) and the text attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sgr {
    pub colours: Vec<u16>,
    /// Bold, italic, underline and reverse, as ratatui names them.
    pub modifiers: Modifier,
}

/// Split `capture-pane -e` output into rows of characters with their attributes.
pub fn parse_sgr(text: &str) -> Vec<Vec<(char, Sgr)>> {
    let mut rows = vec![Vec::new()];
    let mut sgr = Sgr::default();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            rows.push(Vec::new());
        } else if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            let mut body = String::new();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    if c == 'm' {
                        apply_sgr(&mut sgr, &body);
                    }
                    break;
                }
                body.push(c);
            }
        } else {
            rows.last_mut().unwrap().push((c, sgr.clone()));
        }
    }
    rows
}

fn apply_sgr(sgr: &mut Sgr, body: &str) {
    let params: Vec<u16> = body.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut i = 0;
    while i < params.len() {
        match params[i] {
            0 => *sgr = Sgr::default(),
            1 => sgr.modifiers.insert(Modifier::BOLD),
            3 => sgr.modifiers.insert(Modifier::ITALIC),
            4 => sgr.modifiers.insert(Modifier::UNDERLINED),
            7 => sgr.modifiers.insert(Modifier::REVERSED),
            22 => sgr.modifiers.remove(Modifier::BOLD | Modifier::DIM),
            23 => sgr.modifiers.remove(Modifier::ITALIC),
            24 => sgr.modifiers.remove(Modifier::UNDERLINED),
            27 => sgr.modifiers.remove(Modifier::REVERSED),
            39 | 49 => sgr.colours.retain(|c| !(30..=38).contains(c) && !(40..=48).contains(c)),
            38 | 48 => {
                sgr.colours.push(params[i]);
                // 38;5;N or 38;2;R;G;B
                i += if params.get(i + 1) == Some(&2) { 4 } else { 2 };
            }
            p @ (30..=37 | 40..=47 | 90..=97 | 100..=107) => sgr.colours.push(p),
            _ => {}
        }
        i += 1;
    }
}

/// The attributes of the first character of `needle` on the first row that shows it.
pub fn style_of(screen: &[Vec<(char, Sgr)>], needle: &str) -> Option<Sgr> {
    let first = needle.chars().next()?;
    screen.iter().find_map(|row| {
        let text: Vec<char> = row.iter().map(|(c, _)| *c).collect();
        let n: Vec<char> = needle.chars().collect();
        let at = text.windows(n.len()).position(|w| w == n.as_slice())?;
        debug_assert_eq!(row[at].0, first);
        Some(row[at].1.clone())
    })
}
