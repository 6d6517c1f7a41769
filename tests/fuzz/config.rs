//! Target `config`: mutated `config/default.toml`, random user files, key strings and vim key
//! notation; errors are one safe line, loaded configs keep their invariants.

use std::fmt::Debug;

use jianghua::config::Config;
use jianghua::document::{Document, Source, is_unsafe};
use jianghua::keymap::{parse_key, parse_sequence, parse_vim};
use jianghua::report::DataFormat;
use jianghua::samples::SAMPLES;
use jianghua::structure::analyse;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::TestCaseError;

use crate::app::*;
use crate::generators::*;
use crate::parse::*;

pub(crate) const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

pub(crate) const KEY_NAMES: &[&str] = &[
    "space",
    "enter",
    "esc",
    "tab",
    "backtab",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "f1",
    "f12",
    "f0",
    "f13",
    "f99",
    "f255",
    "f256",
    "f",
    "lt",
    "cr",
    "s-tab",
    "",
    " ",
    "-",
    "ctrl",
    "ctrl-",
    "shift",
    "alt-",
    "c-",
    "a-",
    "s-",
    "ctrl-ctrl-",
    "CTRL-",
    "C-",
    "Shift-",
    "ä",
    "é",
    "党",
    "ﬀ",
    "ß",
    "İ",
    "ǅ",
];

pub(crate) fn key_string() -> BoxedStrategy<String> {
    let one = (
        proptest::collection::vec(select(&["ctrl-", "alt-", "shift-", "c-", "a-", "s-", "C-", "Ctrl-", "SHIFT-", "m-"][..]), 0..3),
        prop_oneof![3 => select(KEY_NAMES).prop_map(str::to_owned), 2 => any::<char>().prop_map(String::from), 1 => "[a-zA-Z0-9-]{0,6}", 1 => "f[0-9]{1,4}"],
    )
        .prop_map(|(mods, base)| format!("{}{base}", mods.concat()));
    prop_oneof![
        4 => one.clone(),
        2 => proptest::collection::vec(one, 1..4).prop_map(|v| v.join(" ")),
        1 => Just(" ".to_owned()),
        1 => Just(String::new()),
        1 => any::<String>(),
    ]
    .boxed()
}

pub(crate) fn vim_string() -> BoxedStrategy<String> {
    let part = prop_oneof![
        3 => "[a-zA-Z0-9 :/?]{1,4}",
        2 => (proptest::collection::vec(select(&["C-", "S-", "A-", "M-", "c-", "s-", "X-", "-", ""][..]), 0..3), select(KEY_NAMES))
            .prop_map(|(m, n)| format!("<{}{n}>", m.concat())),
        1 => Just("<".to_owned()),
        1 => Just(">".to_owned()),
        1 => Just("<>".to_owned()),
        1 => Just("<-->".to_owned()),
        1 => Just("<C-->".to_owned()),
        1 => any::<String>(),
        1 => select(TYPED).prop_map(String::from),
    ];
    proptest::collection::vec(part, 0..8).prop_map(|v| v.concat()).boxed()
}

pub(crate) fn toml_value() -> BoxedStrategy<String> {
    prop_oneof![
        2 => any::<i64>().prop_map(|n| n.to_string()),
        2 => select(&["0", "1", "-1", "19", "20", "400", "401", "65535", "65536", "4294967296", "18446744073709551615", "1e400", "nan", "inf", "-0", "0x10", "1_000", "3.5", "true", "false", "[]", "{}", "\"\"", "[1, 2]", "{ text = \"x\" }", "1979-05-27"][..]).prop_map(str::to_owned),
        3 => prop_oneof![
            select(&["red", "yellow", "green", "cyan", "magenta", "blue", "lightblue", "darkgray", "gray", "white", "black", "Red", "#ff0000", "rgb(1,2,3)", "purple", "", "紫", "narrow", "wide", "auto", "always", "never", "tfidf", "textrank", "TFIDF"][..]).prop_map(str::to_owned),
            any::<String>(),
            "[\\p{Han}]{0,6}",
        ].prop_map(|s| toml_str(&s)),
        1 => proptest::collection::vec(prop_oneof![any::<String>(), "[\\p{Han}]{0,6}", select(PIECES).prop_map(str::to_owned)], 0..4)
            .prop_map(|v| format!("[{}]", v.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))),
        1 => (any::<String>(), proptest::collection::vec(any::<String>(), 0..3), proptest::option::of(any::<String>()))
            .prop_map(|(text, aliases, note)| {
                let aliases: Vec<String> = aliases.iter().map(|a| toml_str(a)).collect();
                let note = note.map(|n| format!(", note = {}", toml_str(&n))).unwrap_or_default();
                format!("[{{ text = {}, aliases = [{}]{note} }}]", toml_str(&text), aliases.join(", "))
            }),
        1 => any::<String>(),
    ]
    .boxed()
}

pub(crate) fn toml_line() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (key_string(), prop_oneof![4 => select(action_names()).prop_map(str::to_owned), 1 => any::<String>()])
            .prop_map(|(k, a)| format!("{} = {}", toml_str(&k), toml_str(&a))),
        3 => (select(&["reading_width", "ambiguous_width", "mouse", "color", "name", "terms", "enabled", "extend", "top", "method", "stop_words", "extra_stop_words", "text", "aliases", "note", "bogus", "j", "\"g g\""][..]), toml_value())
            .prop_map(|(k, v)| format!("{k} = {v}")),
        2 => select(&["[reader]", "[keys]", "[keywords]", "[[term_list]]", "[term_list]", "[[keys]]", "[reader.x]", "[]", "[[]]", "[keys.j]", "[[term_list.terms]]", "name = \"政治\"\nextend = true", "name = \"政治\"\nenabled = false"][..]).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => select(PIECES).prop_map(str::to_owned),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub(crate) enum LineEdit {
    Delete(Index),
    Duplicate(Index),
    Replace(Index, String),
    Insert(Index, String),
    Truncate(Index),
}

#[derive(Debug, Clone)]
pub(crate) enum ConfigInput {
    /// `config/default.toml`, edited line by line.
    Mutated(Vec<LineEdit>),
    /// A user file from random lines.
    Lines(Vec<String>),
    Arbitrary(String),
}

#[derive(Debug, Clone)]
pub(crate) struct ConfigCase {
    input: ConfigInput,
    key: String,
    vim: String,
    /// Also read the result with `Config::load` from a file.
    via_file: bool,
}

pub(crate) fn config_case() -> impl Strategy<Value = ConfigCase> {
    let edit = prop_oneof![
        2 => any::<Index>().prop_map(LineEdit::Delete),
        1 => any::<Index>().prop_map(LineEdit::Duplicate),
        3 => (any::<Index>(), toml_line()).prop_map(|(i, l)| LineEdit::Replace(i, l)),
        3 => (any::<Index>(), toml_line()).prop_map(|(i, l)| LineEdit::Insert(i, l)),
        1 => any::<Index>().prop_map(LineEdit::Truncate),
    ];
    let input = prop_oneof![
        4 => proptest::collection::vec(edit, 0..12).prop_map(ConfigInput::Mutated),
        3 => proptest::collection::vec(toml_line(), 0..16).prop_map(ConfigInput::Lines),
        1 => any::<String>().prop_map(ConfigInput::Arbitrary),
    ];
    (input, key_string(), vim_string(), proptest::bool::weighted(0.05))
        .prop_map(|(input, key, vim, via_file)| ConfigCase { input, key, vim, via_file })
}

impl ConfigInput {
    fn text(&self) -> String {
        match self {
            ConfigInput::Mutated(edits) => {
                let mut lines: Vec<String> = DEFAULT_TOML.lines().map(str::to_owned).collect();
                for e in edits {
                    let n = lines.len();
                    match e {
                        LineEdit::Delete(i) if n > 0 => {
                            lines.remove(i.index(n));
                        }
                        LineEdit::Duplicate(i) if n > 0 => {
                            let l = lines[i.index(n)].clone();
                            lines.insert(i.index(n), l);
                        }
                        LineEdit::Replace(i, l) if n > 0 => lines[i.index(n)].clone_from(l),
                        LineEdit::Insert(i, l) => lines.insert(i.index(n + 1), l.clone()),
                        LineEdit::Truncate(i) if n > 0 => {
                            let line = &mut lines[i.index(n)];
                            let at = char_floor(line, i.index(line.len() + 1));
                            line.truncate(at);
                        }
                        _ => {}
                    }
                }
                lines.join("\n")
            }
            ConfigInput::Lines(lines) => lines.join("\n"),
            ConfigInput::Arbitrary(s) => s.clone(),
        }
    }
}

pub(crate) fn check_keys(case: &ConfigCase) -> Result<(), TestCaseError> {
    let _ = parse_key(&case.key);
    if let Some(seq) = parse_sequence(&case.key) {
        ensure!(!seq.is_empty(), "sequence-empty", "parse_sequence({:?}) gave no keys", case.key);
    }
    match parse_vim(&case.vim) {
        Ok(keys) => {
            ensure!(keys.len() <= case.vim.chars().count(), "vim-count", "{} keys from {:?}", keys.len(), case.vim);
        }
        Err(msg) => ensure!(!msg.contains('\n'), "vim-error-line", "parse_vim error is not one line: {msg:?}"),
    }
    let _ = parse_vim(&case.key);
    let _ = parse_sequence(&case.vim);
    Ok(())
}

pub(crate) fn check_loaded_config(config: &Config) -> Result<(), TestCaseError> {
    let r = &config.reader;
    ensure!((20..=400).contains(&r.reading_width), "reading-width", "reading_width {}", r.reading_width);
    ensure!((1..=200).contains(&config.keywords.top), "keywords-top", "top {}", config.keywords.top);
    let _ = config.keymap.hints();
    for list in &config.term_lists {
        for t in &list.terms {
            ensure!(!t.text.trim().is_empty(), "blank-term", "list {:?} keeps a blank term {:?}", list.name, t.text);
        }
    }
    // The configured terms in a speech: counts, concordance and the terms report.
    let mut text = String::from(SAMPLES[0].1.get(..3000).unwrap_or(SAMPLES[0].1));
    let text_end = char_floor(SAMPLES[0].1, 3000);
    text.truncate(text_end.min(text.len()));
    for list in config.term_lists.iter().take(4) {
        for t in list.terms.iter().take(6) {
            text.push_str("\n　　");
            text.push_str(&t.text);
            text.push('，');
            for a in t.aliases.iter().take(2) {
                text.push_str(a);
                text.push('。');
            }
        }
    }
    let doc = Document::from_text(text, Source::named("fuzz"));
    let outline = analyse(&doc);
    let report = check_terms(&doc, &outline, config)?;
    for format in [DataFormat::Json, DataFormat::Text] {
        let out = jianghua::report::terms::print(&doc, config, &report, &[], format);
        check_printable(&out, format == DataFormat::Json, &format!("terms {format:?}"))?;
    }
    Ok(())
}

pub(crate) fn check_config(case: &ConfigCase) -> Result<(), TestCaseError> {
    check_keys(case)?;
    let text = case.input.text();
    match Config::from_user_text("fuzz.toml", &text) {
        Ok(config) => check_loaded_config(&config)?,
        Err(e) => {
            let msg = e.to_string();
            ensure!(
                !msg.contains('\n') && !msg.contains('\r'),
                "config-error-line",
                "config error is not one line: {msg:?}"
            );
            if let Some(c) = msg.chars().find(|&c| is_unsafe(c) || c == '\t') {
                return Err(TestCaseError::fail(format!(
                    "[config-error-control] config error shows raw {c:?}: {msg:?}"
                )));
            }
        }
    }
    if case.via_file {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(format!("tempdir: {e}")))?;
        let path = dir.path().join("config.toml");
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(format!("write: {e}")))?;
        match Config::load(Some(&path), std::slice::from_ref(&path)) {
            Ok(c) => check_loaded_config(&c)?,
            Err(e) => {
                let msg = e.to_string();
                ensure!(!msg.contains('\n'), "config-error-line", "config error (load) is not one line: {msg:?}");
            }
        }
    }
    Ok(())
}
