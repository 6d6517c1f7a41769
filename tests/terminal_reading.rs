//! Issue 15 in a real terminal: the ambiguous-width question at start-up (answered narrow by
//! tmux, answered wide by a pseudo-terminal this test drives itself, and never asked when the
//! config says), notes saved by another reader appearing while reading, and Alt with a digit
//! focusing a pane. Skipped, with the reason printed, without tmux or a pseudo-terminal.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
#[path = "support/tmux.rs"]
mod tmux;

use std::io::{Read, Write};
use std::os::fd::AsFd as _;
use std::time::{Duration, Instant};

use ratatui::style::Modifier;
use tmux::{Tmux, binary, sample};

#[test]
fn tmux_is_asked_and_answers_narrow_and_a_config_choice_wins() {
    let Some(t) = Tmux::start("probe", 80, 24) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_work_meeting_2024.txt")));
    let screen = t.wait_for("提纲");
    assert!(screen.contains('╭'), "narrow: box drawing borders\n{screen}");
    t.quit();
    let after = t.screen();
    assert!(!after.contains(";2R") && !after.contains(";3R"), "no answer left at the prompt:\n{after}");
    // The config says wide: no question, ASCII borders although tmux draws “ narrow.
    let config = t.home.path().join("wide.toml");
    std::fs::write(&config, "[reader]\nambiguous_width = \"wide\"\n").unwrap();
    t.type_line(&format!("{} --config {} {}", binary(), config.display(), sample("county_work_meeting_2024.txt")));
    let screen = t.wait_for("提纲");
    assert!(screen.contains("+-") && !screen.contains('╭'), "{screen}");
    t.send(&["q"]);
    t.wait_gone("提纲");
    t.assert_restored();
}

/// A pseudo-terminal whose "terminal" is this test: it sees the question and answers it.
struct Pty {
    master: std::fs::File,
    child: std::process::Child,
}

impl Pty {
    fn spawn(args: &[&str], home: &std::path::Path) -> Option<Self> {
        Self::spawn_with(args, home, false)
    }

    /// With `piped_input`, standard input is a pipe (as in `cat x.txt | jianghua ...`) and only
    /// standard output and error are the pseudo-terminal.
    fn spawn_with(args: &[&str], home: &std::path::Path, piped_input: bool) -> Option<Self> {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).ok()?;
        grantpt(&master).ok()?;
        unlockpt(&master).ok()?;
        let name = ptsname(&master, Vec::new()).ok()?;
        let slave = std::fs::OpenOptions::new().read(true).write(true).open(name.to_str().ok()?).ok()?;
        let size = rustix::termios::Winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
        rustix::termios::tcsetwinsize(slave.as_fd(), size).ok()?;
        let child = std::process::Command::new(binary())
            .args(args)
            .env_clear()
            .env("HOME", home)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("PATH", "/usr/bin:/bin")
            .current_dir(home)
            .stdin(if piped_input { std::process::Stdio::piped() } else { slave.try_clone().ok()?.into() })
            .stdout(slave.try_clone().ok()?)
            .stderr(slave)
            .spawn()
            .ok()?;
        Some(Self { master: std::fs::File::from(master), child })
    }

    /// Read what the reader writes for `time`, answering the width question with `answer`.
    fn run(&mut self, time: Duration, answer: &[u8]) -> (bool, Vec<u8>) {
        let mut out = Vec::new();
        let mut asked_at = None;
        let start = Instant::now();
        let fd = self.master.try_clone().unwrap();
        rustix::fs::fcntl_setfl(&fd, rustix::fs::OFlags::NONBLOCK).unwrap();
        let mut fd = fd;
        while start.elapsed() < time {
            let mut buf = [0u8; 8192];
            match fd.read(&mut buf) {
                Ok(n) if n > 0 => out.extend_from_slice(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
            // What follows the question, wherever the read that brought it ended (a small
            // frame may arrive in the same read).
            if let Some(at) = asked_at.is_none().then(|| out.windows(4).position(|w| w == b"\x1b[6n")).flatten() {
                asked_at = Some(at + 4);
                self.master.write_all(answer).unwrap();
            }
        }
        let after = asked_at.map_or_else(Vec::new, |i| out[i..].to_vec());
        (asked_at.is_some(), after)
    }

    /// Everything the reader writes for `time`.
    fn read_for(&mut self, time: Duration) -> Vec<u8> {
        let mut out = Vec::new();
        let start = Instant::now();
        while start.elapsed() < time {
            let mut buf = [0u8; 8192];
            match self.master.read(&mut buf) {
                Ok(n) if n > 0 => out.extend_from_slice(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        out
    }

    fn quit(mut self) {
        let _ = self.master.write_all(b"q");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the reader did not quit");
    }
}

#[test]
fn a_terminal_that_draws_quotes_wide_gets_the_wide_layout() {
    let home = tempfile::tempdir().unwrap();
    let Some(mut pty) = Pty::spawn(&[&sample("county_work_meeting_2024.txt")], home.path()) else {
        skipped!("no pseudo-terminal here");
        return;
    };
    let (asked, after) = pty.run(Duration::from_millis(1500), b"\x1b[1;3R");
    pty.quit();
    assert!(asked, "the reader asks where the cursor went after “");
    let after = String::from_utf8_lossy(&after);
    // The first frame may be drawn before the answer arrives (it never waits for it); what is
    // drawn last is the wide layout, with ASCII borders.
    let last_ascii = after.rfind("+-");
    assert!(
        last_ascii.is_some() && after.rfind('╭') < last_ascii,
        "wide: ASCII borders once the answer is in\n{after}"
    );
    // Told narrow on the command line, it does not ask.
    let Some(mut pty) =
        Pty::spawn(&["--ambiguous-width", "narrow", &sample("county_work_meeting_2024.txt")], home.path())
    else {
        return;
    };
    let (asked, _) = pty.run(Duration::from_millis(800), b"\x1b[1;3R");
    pty.quit();
    assert!(!asked, "a width on the command line wins; nothing is asked");
}

#[test]
fn a_terminal_that_never_answers_keeps_the_narrow_layout_and_the_keys() {
    let home = tempfile::tempdir().unwrap();
    let Some(mut pty) = Pty::spawn(&[&sample("county_work_meeting_2024.txt")], home.path()) else {
        skipped!("no pseudo-terminal here");
        return;
    };
    // Asked, but no answer within the timeout: the narrow default.
    let (asked, after) = pty.run(Duration::from_millis(900), b"");
    assert!(asked);
    let after = String::from_utf8_lossy(&after);
    assert!(after.contains('│') && !after.contains("+-"), "{after}");
    // An answer that comes too late is dropped, not taken for keys or for the width.
    pty.master.write_all(b"\x1b[1;3R").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    pty.master.write_all(b"}").unwrap();
    let out = pty.read_for(Duration::from_millis(800));
    let out = String::from_utf8_lossy(&out);
    assert!(!out.contains("+-"), "a late answer switched the layout:\n{out}");
    // Part 一's heading ends 责任感紧迫感; it is drawn (cell by cell) once } lands there.
    assert!(out.contains("紧") && out.contains("迫"), "the key after it still works (}} goes to part 一):\n{out}");
    pty.quit();
}

#[test]
fn the_width_is_never_asked_over_a_pipe() {
    let home = tempfile::tempdir().unwrap();
    // Standard input a pipe, the screen a terminal: whatever the reader does with that (refuse,
    // or read keys elsewhere), it never writes the question, so no answer can land in the pipe's
    // place or be waited for.
    let Some(mut pty) = Pty::spawn_with(&[&sample("county_work_meeting_2024.txt")], home.path(), true) else {
        skipped!("no pseudo-terminal here");
        return;
    };
    let (asked, _) = pty.run(Duration::from_secs(1), b"\x1b[1;3R");
    let _ = pty.child.kill();
    let _ = pty.child.wait();
    assert!(!asked, "the question went to a terminal whose input is a pipe");
    // Standard output a pipe: nothing but the text, never the question.
    let out = std::process::Command::new(binary())
        .args(["render", "--size", "80x24", "--keys", "j", &sample("county_work_meeting_2024.txt")])
        .env_clear()
        .env("HOME", home.path())
        .env("LANG", "C.UTF-8")
        .env("PATH", "/usr/bin:/bin")
        .current_dir(home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("提纲"));
    assert!(!out.stdout.windows(4).any(|w| w == b"\x1b[6n") && !out.stdout.contains(&0x1b));
}

#[test]
fn a_note_saved_by_another_reader_appears_while_reading() {
    let Some(t) = Tmux::start("watch", 80, 24) else { return };
    let path = sample("county_work_meeting_2024.txt");
    t.type_line(&format!("{} {path}", binary()));
    t.wait_for("提纲");
    t.send(&["v"]);
    t.wait_for("第0段第1句");
    // Another reader on the account notes the sentence under the cursor (the title).
    t.note_from_another_reader(std::path::Path::new(&path), "另一位组员：会前通读");
    let screen = t.wait_for("另一位组员：会前通读");
    assert!(screen.contains("笔记"), "{screen}");
    t.quit();
}

#[test]
fn no_color_in_a_real_terminal_keeps_terms_notes_and_the_cursor_apart() {
    let Some(t) = Tmux::start("nocolor", 80, 24) else { return };
    t.type_line(&format!("NO_COLOR=1 {} {}", binary(), sample("county_work_meeting_2024.txt")));
    t.wait_for("提纲");
    // A note on the sentence the search lands on, then the cursor on the next sentence.
    t.send(&["/"]);
    t.send(&["-l", "统一要求"]);
    t.send(&["Enter"]);
    t.wait_for("/统一要求 1/1");
    t.send(&["a"]);
    t.wait_for("笔记");
    t.send(&["-l", "报送调训计划"]);
    t.send(&["C-s"]);
    t.wait_for("笔记已保存");
    t.send(&[")"]);
    let plain = t.wait_for("第14段第8句");
    let screen = t.styled_screen();
    let coloured: Vec<char> = screen.iter().flatten().filter(|(_, s)| !s.colours.is_empty()).map(|(c, _)| *c).collect();
    assert!(coloured.is_empty(), "colour under NO_COLOR on {coloured:?}");
    // A term (三会一课), the noted sentence (…统一要求…) and the cursor's (三要激发人才…).
    let term = tmux::style_of(&screen, "三会一课").unwrap();
    let noted = tmux::style_of(&screen, "抓紧制定").unwrap();
    let cursor = tmux::style_of(&screen, "激发人才").unwrap();
    let has = |s: &tmux::Sgr, m: Modifier| s.modifiers.contains(m);
    assert!(
        has(&term, Modifier::UNDERLINED) && !term.modifiers.intersects(Modifier::REVERSED | Modifier::ITALIC),
        "term {term:?}"
    );
    assert!(has(&noted, Modifier::ITALIC) && !has(&noted, Modifier::REVERSED), "noted {noted:?}");
    assert!(has(&cursor, Modifier::REVERSED) && !has(&cursor, Modifier::ITALIC), "cursor {cursor:?}");
    // And a margin mark for each: * beside the noted rows, > beside the cursor's.
    let margin = |needle: &str| {
        plain.lines().find(|l| l.contains(needle)).and_then(|l| l.split('│').nth(2)).and_then(|r| r.chars().next())
    };
    assert_eq!(margin("照统一要求"), Some('*'), "{plain}");
    assert_eq!(margin("创新活力。深入"), Some('>'), "{plain}");
    t.quit();
}

#[test]
fn alt_and_a_digit_focus_a_pane_and_a_digit_is_a_count() {
    let Some(t) = Tmux::start("alt", 80, 24) else { return };
    t.type_line(&format!("{} {}", binary(), sample("county_work_meeting_2024.txt")));
    t.wait_for("提纲");
    t.send(&["M-3"]);
    t.wait_for("提法 ─");
    t.send(&["Escape"]);
    // A key right after Escape would arrive as Alt and that key.
    std::thread::sleep(Duration::from_millis(300));
    t.send(&["3", "}"]);
    t.wait_for("│ 三、");
    t.quit();
}
