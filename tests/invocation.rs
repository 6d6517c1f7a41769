//! How the command line is invoked (issue 15): a mistyped subcommand is a usage error that
//! suggests the subcommand, and a document piped to standard input is read by every command that
//! takes one (the reader itself, with keys from /dev/tty, is tried in tests/terminal.rs).

use std::io::Write as _;
use std::process::{Output, Stdio};

#[path = "support/sandbox.rs"]
mod sandbox;

use sandbox::Sandbox;

const SPEECH: &str =
    "在全县工作会议上的讲话\n同志们：\n一、提高站位\n一要把牢方向。\n二要强化担当。\n二、狠抓落实\n要抓好乡村振兴。\n";

fn piped(sandbox: &Sandbox, args: &[&str], input: &str) -> Output {
    let mut child = sandbox
        .command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_mistyped_subcommand_is_a_usage_error_that_suggests_it() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("cwd/讲话.txt", SPEECH);
    for (typed, meant) in [("outlin", "outline"), ("temrs", "terms"), ("breif", "brief"), ("rendr", "render")] {
        let out = sandbox.run(&[typed, file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{typed}: {err}");
        assert!(err.contains(&format!("jianghua {meant}")), "{typed}: {err}");
        assert!(out.stdout.is_empty(), "{typed}");
    }
    // A file that exists is always a document, whatever it is called.
    sandbox.write("cwd/outlin", SPEECH);
    let out = sandbox.run(&["render", "outlin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn render_and_the_other_commands_read_a_piped_document() {
    let sandbox = Sandbox::new();
    let out = piped(&sandbox, &["render", "-", "--size", "80x24"], SPEECH);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(screen.contains("提高站位") && screen.contains("狠抓落实"), "{screen}");
    for args in [&["outline", "-"][..], &["terms", "-"], &["brief", "-"], &["notes", "-"]] {
        let out = piped(&sandbox, args, SPEECH);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn the_reader_over_a_pipe_without_a_terminal_says_why() {
    // Standard output is a pipe here, so the reader refuses before reading keys, and says how to
    // print the analysis of a piped document instead.
    let sandbox = Sandbox::new();
    let out = piped(&sandbox, &["-"], SPEECH);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("不是终端") && err.contains("jianghua outline"), "{err}");
}
