//! One language on the command line (issue 15): every error is Chinese by default and English
//! when the locale is English (`LC_ALL`, then `LC_MESSAGES`, then `LANG`). Each run sets the
//! locale variables itself, so the developer's locale never decides the outcome.

use std::process::Output;

#[path = "support/sandbox.rs"]
mod sandbox;

use sandbox::Sandbox;

const SPEECH: &str = "在全县工作会议上的讲话\n同志们：\n一、提高站位\n一要把牢方向。\n二、狠抓落实\n要抓好乡村振兴。\n";

/// The locales a run can have: `None` leaves the variable unset.
#[derive(Clone, Copy)]
struct Locale {
    lc_all: Option<&'static str>,
    lc_messages: Option<&'static str>,
    lang: Option<&'static str>,
}

const ENGLISH: Locale = Locale { lc_all: None, lc_messages: None, lang: Some("en_US.UTF-8") };
const CHINESE: Locale = Locale { lc_all: None, lc_messages: None, lang: Some("zh_CN.UTF-8") };
const UNSET: Locale = Locale { lc_all: None, lc_messages: None, lang: None };

fn run(sandbox: &Sandbox, locale: Locale, args: &[&str]) -> (Output, String) {
    let mut c = sandbox.command();
    for (name, value) in [("LC_ALL", locale.lc_all), ("LC_MESSAGES", locale.lc_messages), ("LANG", locale.lang)] {
        match value {
            Some(v) => c.env(name, v),
            None => c.env_remove(name),
        };
    }
    let out = c.args(args).output().expect("run jianghua");
    let err = String::from_utf8(out.stderr.clone()).expect("UTF-8 on standard error");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    (out, err)
}

/// `args` fail with status 2, in English under `en_US` and in Chinese under `zh_CN` and with no
/// locale at all; the Chinese text holds no English framing.
fn both_languages(sandbox: &Sandbox, args: &[&str], english: &[&str], chinese: &[&str]) {
    let (_, err) = run(sandbox, ENGLISH, args);
    for needle in english {
        assert!(err.contains(needle), "English {args:?} lacks {needle:?}: {err}");
    }
    assert!(
        !err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !args.iter().any(|a| a.contains(c))),
        "{err}"
    );
    for locale in [CHINESE, UNSET] {
        let (_, err) = run(sandbox, locale, args);
        for needle in chinese {
            assert!(err.contains(needle), "Chinese {args:?} lacks {needle:?}: {err}");
        }
        for english_word in ["error:", "Usage:", "did you mean", "cannot", "no such file", "For more information"] {
            assert!(!err.contains(english_word), "Chinese {args:?} has {english_word:?}: {err}");
        }
    }
}

#[test]
fn a_mistyped_subcommand_suggests_the_subcommand_in_both_languages() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("cwd/讲话.txt", SPEECH);
    both_languages(
        &sandbox,
        &["outlin", file.to_str().unwrap()],
        &["did you mean `jianghua outline`"],
        &["没有名为「outlin」的子命令或文件", "是不是想用 `jianghua outline`"],
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error_in_both_languages() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("cwd/讲话.txt", SPEECH);
    both_languages(
        &sandbox,
        &["outline", "--bogus", file.to_str().unwrap()],
        &["error: unexpected argument '--bogus'", "Usage:"],
        &["错误：无法识别的参数「--bogus」", "用法：jianghua outline"],
    );
    both_languages(
        &sandbox,
        &["outline", "--format", "xml", file.to_str().unwrap()],
        &["invalid value 'xml'", "possible values"],
        &["「xml」无效", "可选的值：text、json、markdown"],
    );
    both_languages(&sandbox, &["render", "--size", "abc"], &["size must look like 80x24"], &["尺寸要写成 80x24 这样"]);
}

#[test]
fn a_missing_file_in_both_languages() {
    let sandbox = Sandbox::new();
    both_languages(
        &sandbox,
        &["outline", "/nonexistent/讲话.txt"],
        &["cannot open /nonexistent/讲话.txt: no such file"],
        &["无法打开 /nonexistent/讲话.txt：没有这个文件"],
    );
}

#[test]
fn a_bad_config_in_both_languages() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("cwd/讲话.txt", SPEECH);
    let bad = sandbox.write("bad.toml", "[reader\n");
    let bad_path = bad.to_str().unwrap();
    both_languages(
        &sandbox,
        &["--config", bad_path, "terms", file.to_str().unwrap()],
        &[":1:"],
        &["配置文件有误：", ":1:"],
    );
    both_languages(
        &sandbox,
        &["--config", "/nonexistent/config.toml", "terms", file.to_str().unwrap()],
        &["cannot read config /nonexistent/config.toml"],
        &["无法读取配置文件 /nonexistent/config.toml：没有这个文件"],
    );
}

#[test]
fn lc_all_then_lc_messages_then_lang_decide() {
    let sandbox = Sandbox::new();
    let args = ["outline", "/nonexistent/x.txt"];
    let english = "no such file";
    let cases = [
        (Locale { lc_all: Some("en_US.UTF-8"), lc_messages: None, lang: Some("zh_CN.UTF-8") }, true),
        (Locale { lc_all: None, lc_messages: Some("en_GB.UTF-8"), lang: Some("zh_CN.UTF-8") }, true),
        (Locale { lc_all: Some("zh_CN.UTF-8"), lc_messages: Some("en_GB.UTF-8"), lang: Some("en_US.UTF-8") }, false),
        (Locale { lc_all: Some(""), lc_messages: None, lang: Some("en_US.UTF-8") }, true),
        (Locale { lc_all: None, lc_messages: None, lang: Some("C.UTF-8") }, false),
    ];
    for (locale, is_english) in cases {
        let (_, err) = run(&sandbox, locale, &args);
        assert_eq!(err.contains(english), is_english, "{err}");
        assert_eq!(err.contains("没有这个文件"), !is_english, "{err}");
    }
}

#[test]
fn an_argument_with_control_characters_is_shown_safely_in_both_languages() {
    let sandbox = Sandbox::new();
    for locale in [ENGLISH, CHINESE] {
        let (_, err) = run(&sandbox, locale, &["--bogus\u{1b}]0;pwned\u{7}\u{9b}\u{202e}"]);
        assert!(err.contains("--bogus"), "{err}");
        assert!(!err.chars().any(jianghua::document::is_unsafe), "{err:?}");
    }
}
