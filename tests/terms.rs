//! Formulations: discovery on the samples and the reference speech, the `terms` command, the
//! terms pane (select, step, concordance, add to the user's list), and config errors.

#[path = "support/corpus.rs"]
mod corpus;

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::PathBuf;

use sandbox::Sandbox;

use jianghua::action::Action;
use jianghua::app::{App, DocView, Focus, Overlay, TermRow};
use jianghua::config::Config;
use jianghua::document::load_path;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::samples::{SAMPLES, load};
use jianghua::structure::analyse;
use jianghua::terms::TermReport;
use ratatui::layout::Rect;

fn report_of(text: &str) -> TermReport {
    let config = Config::embedded();
    let doc = load("t", text);
    let outline = analyse(&doc);
    TermReport::new(&doc, &outline, &config.term_lists)
}

#[test]
fn the_reference_speech_introduces_its_formulas() {
    let Some(dir) = corpus::dir() else { return };
    let doc = load_path(&dir.join("county_party_work_conference_2023.txt")).unwrap();
    let config = Config::embedded();
    let report = TermReport::new(&doc, &analyse(&doc), &config.term_lists);
    let formulas: Vec<&str> = report.discovered.formulas.iter().map(|f| f.text.as_str()).collect();
    for expected in [
        "两个确立",
        "两个维护",
        "四抓两整治",
        "三会一课",
        "三张清单",
        "五个一",
        "两个测评体系",
        "十大创建",
        "八进",
        "五治融合",
        "一条例两办法一规定",
        "四服务",
        "三走",
        "四不两直",
        "一盘棋",
        "一言堂",
    ] {
        assert!(formulas.contains(&expected), "{expected} missing from {formulas:?}");
    }
    let quoted: Vec<&str> = report.discovered.quoted.iter().map(|f| f.text.as_str()).collect();
    for weaker in ["学习强国", "城市体检"] {
        assert!(!formulas.contains(&weaker) && quoted.contains(&weaker), "{weaker}");
    }
    let configured = |t: &str| report.discovered.formulas.iter().find(|f| f.text == t).unwrap().in_config;
    assert!(configured("两个确立") && configured("三会一课"));
    assert!(!configured("三张清单") && !configured("十大创建"));
    // 党建: 14 in the text, 5 of them inside 基层党建.
    let (l, t) = config
        .term_lists
        .iter()
        .enumerate()
        .find_map(|(l, list)| list.terms.iter().position(|t| t.text == "党建").map(|t| (l, t)))
        .unwrap();
    assert_eq!((report.counts[l][t], report.inside[l][t]), (9, 5));
}

#[test]
fn samples_introduce_their_own_formulas() {
    let r = report_of(SAMPLES[0].1);
    let new: Vec<&str> = r.discovered.formulas.iter().filter(|f| !f.in_config).map(|f| f.text.as_str()).collect();
    assert!(new.contains(&"三联三帮") && new.contains(&"四清四到位"), "{new:?}");
    let r = report_of(SAMPLES[1].1);
    assert!(r.glossary.contains_key("两新"), "the report's glossary gives notes");
    let config = Config::embedded();
    assert!(r.note(&config.term_lists, "两新").is_some_and(|n| n.starts_with("是指")));
}

fn sample_path(i: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(SAMPLES[i].0)
}

#[test]
fn terms_json_has_the_documented_fields() {
    let sandbox = Sandbox::new();
    let out = sandbox.command().args(["terms", "--format", "json", "--top", "5"]).arg(sample_path(0)).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["configured", "discovered", "keyword_method", "keywords", "quoted"]);
    let list = &v["configured"][0];
    assert_eq!(list["list"], "政治要求");
    let term = &list["terms"][0];
    assert_eq!(term["term"], "两个确立");
    assert_eq!(term["count"], 4);
    assert_eq!(term["offsets"].as_array().unwrap().len(), 4);
    let mut term_keys: Vec<&str> = term.as_object().unwrap().keys().map(String::as_str).collect();
    term_keys.sort_unstable();
    assert_eq!(term_keys, ["count", "inside_longer", "note", "offsets", "term"]);
    let found = v["discovered"].as_array().unwrap().iter().find(|f| f["term"] == "三联三帮").unwrap();
    assert_eq!(found["in_config"], false);
    assert!(found["first_offset"].as_u64().unwrap() > 0);
    assert_eq!(v["keywords"].as_array().unwrap().len(), 5);
    assert!(v["keywords"][0]["weight"].as_f64().unwrap() > 0.0);
    // Offsets are chars: the text at the first offset is the term.
    let text = std::fs::read_to_string(sample_path(0)).unwrap();
    let at = usize::try_from(term["offsets"][0].as_u64().unwrap()).unwrap();
    assert!(text.chars().skip(at).collect::<String>().starts_with("两个确立"));
}

#[test]
fn config_errors_stop_before_the_screen_with_file_line_column() {
    let sandbox = Sandbox::new();
    for (body, needle) in [
        ("[reader\n", ":1:"),
        ("[reader]\nwidth = 3\n", ":2:1: unknown field `width`"),
        ("[reader]\nreading_width = \"x\"\n", ":2:17:"),
        ("[[term_list]]\nname = \"x\"\ncolor = \"purple\"\n", "lightmagenta"),
        ("[keys]\n\"hyper-x\" = \"quit\"\n", "not a key"),
    ] {
        let path = sandbox.write("bad.toml", body);
        let out = sandbox.command().arg("--config").arg(&path).arg("render").arg(sample_path(0)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{body}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&path.display().to_string()) && err.contains(needle), "{body}: {err}");
    }
}

#[test]
fn a_shared_terms_file_adds_a_list() {
    let sandbox = Sandbox::new();
    let path =
        sandbox.write("group.toml", "[[term_list]]\nname = \"学习小组\"\ncolor = \"blue\"\nterms = [\"三联三帮\"]\n");
    let out = sandbox
        .command()
        .args(["--terms"])
        .arg(&path)
        .args(["terms", "--format", "json", "--top", "1"])
        .arg(sample_path(0))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["configured"].as_array().unwrap().iter().find(|l| l["list"] == "学习小组").unwrap();
    assert_eq!(list["terms"][0]["term"], "三联三帮");
    let found = v["discovered"].as_array().unwrap().iter().find(|f| f["term"] == "三联三帮").unwrap();
    assert_eq!(found["in_config"], true);
}

fn app_with_config(path: &std::path::Path) -> App {
    let config = Config::load(Some(path), &[]).unwrap();
    let view = DocView::new(load(SAMPLES[0].0, SAMPLES[0].1), &config);
    let mut app = App::new(config, vec![view]);
    app.resize(Rect::new(0, 0, 160, 48));
    app
}

fn select_row(app: &mut App, wanted: impl Fn(&App, TermRow) -> bool) {
    app.update(Action::FocusTerms);
    for _ in 0..200 {
        app.update(Action::ScrollDown);
        if app.selected_term_row().is_some_and(|r| wanted(app, r)) {
            return;
        }
    }
    panic!("row not found");
}

#[test]
fn selecting_a_term_highlights_and_steps_and_the_concordance_jumps() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("config.toml", "# mine\n");
    let mut app = app_with_config(&path);
    select_row(&mut app, |a, r| a.row_term(r).is_some_and(|(t, _)| t == "意识形态"));
    let f = app.doc().viewport.finder.clone().unwrap();
    assert_eq!(f.matches.len(), 8);
    app.update(Action::SearchNext);
    assert_eq!(app.doc().viewport.finder.as_ref().unwrap().current, Some(0));
    app.update(Action::SearchNext);
    assert_eq!(app.doc().viewport.finder.as_ref().unwrap().position(), "2/8");
    app.update(Action::Activate);
    assert_eq!(app.overlay, Some(Overlay::Concordance { selected: 0, offset: 0 }));
    for _ in 0..5 {
        app.handle_key(Key::char('j'));
    }
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
    assert_eq!(app.overlay, None);
    let f = app.doc().viewport.finder.as_ref().unwrap();
    assert_eq!(f.current, Some(5));
    assert!(app.doc().is_visible(f.matches[5].start));
}

#[test]
fn adding_a_discovered_term_writes_the_user_file_and_highlights_it_at_once() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("config.toml", "# 我的配置\n[reader]\nreading_width = 80 # 保留\n");
    let mut app = app_with_config(&path);
    select_row(&mut app, |a, r| {
        matches!(r, TermRow::Found { .. }) && a.row_term(r).is_some_and(|(t, _)| t == "三联三帮")
    });
    app.update(Action::Add);
    assert!(matches!(&app.overlay, Some(Overlay::AddTerm { term, .. }) if term == "三联三帮"));
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
    // Carried out as the terminal reader would: the file is the one named by --config.
    sandbox.settle(&mut app);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# 我的配置\n[reader]\nreading_width = 80 # 保留\n"), "{text}");
    assert!(text.contains("name = \"我的提法\"") && text.contains("\"三联三帮\""), "{text}");
    assert!(app.config.term_lists.iter().any(|l| l.name == "我的提法"));
    let highlighted = app.doc().viewport.finder.as_ref().unwrap();
    assert_eq!(highlighted.label(), "三联三帮");
    assert!(
        app.doc().analysis.terms.hits.iter().any(|h| &app.doc().analysis.doc.text()[h.range.clone()] == "三联三帮")
    );
    // A second `a` on the same term adds nothing.
    assert_eq!(app.focus, Focus::Terms);
    app.update(Action::Add);
    assert!(app.overlay.is_none());
    assert!(app.message.as_deref().is_some_and(|m| m.contains("已在")));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // And a fresh start reads it back.
    let again = app_with_config(&path);
    assert!(
        again.doc().analysis.terms.hits.iter().any(|h| &again.doc().analysis.doc.text()[h.range.clone()] == "三联三帮")
    );
}

/// Keywords are nouns (issue 15): the verbs a speech is full of (深化, 优化, 培育, 融合, often
/// verbal nouns in jieba's dictionary) never rank, in either method, while the nouns and the names
/// of bodies (纪委, abbreviated) do.
#[test]
fn keywords_are_nouns_not_the_verbs_of_every_speech() {
    let sandbox = Sandbox::new();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keywords/verbs.txt");
    let keywords_of = |method: &str| -> Vec<String> {
        sandbox.write("home/.config/jianghua/config.toml", format!("[keywords]\nmethod = \"{method}\"\n"));
        let out = sandbox.run(&["terms", file.to_str().unwrap(), "--format", "json", "--top", "30"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["keywords"].as_array().unwrap().iter().map(|k| k["word"].as_str().unwrap().to_owned()).collect()
    };
    for method in ["tfidf", "textrank"] {
        let words = keywords_of(method);
        for verb in ["深化", "优化", "培育", "融合", "发展", "改革", "深化改革"] {
            assert!(!words.iter().any(|w| w == verb), "{method}: {verb} in {words:?}");
        }
        for noun in ["纪委", "产业", "国企改革"] {
            assert!(words.iter().any(|w| w == noun), "{method}: {noun} missing from {words:?}");
        }
    }
}

/// On real reports: the provincial report where 深化, 优化, 培育 and 融合 used to rank among the
/// top 20 keywords.
#[test]
fn corpus_keywords_leave_the_verbs_out() {
    let Some(dir) = corpus::dir() else { return };
    let sandbox = Sandbox::new();
    for name in ["provincial/sichuan_2026_gwr.txt", "county_party_work_conference_2023.txt", "gwr/2024.txt"] {
        let file = dir.join(name);
        let out = sandbox.run(&["terms", file.to_str().unwrap(), "--format", "json", "--top", "40"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let words: Vec<&str> =
            json["keywords"].as_array().unwrap().iter().map(|k| k["word"].as_str().unwrap()).collect();
        assert!(words.len() >= 30, "{name}: {words:?}");
        for verb in ["深化", "优化", "培育", "融合", "发展", "改革", "服务", "宣传"] {
            assert!(!words.contains(&verb), "{name}: {verb} in {words:?}");
        }
    }
}
