//! Web chrome must not change the outline. Every sample, every self-written fixture and every
//! corpus report (when `../shared/corpus` is there) is perturbed the way web pages perturb
//! speeches: generated chrome is inserted above the headline and after the body, page furniture
//! (labels, breadcrumbs, timestamps, captions, links) also among the lines of the title block,
//! and the page's own chrome is deleted. Title, subtitle, date, speaker, every section (family,
//! level, marker, title) and the glossary must stay exactly as they were.
//!
//! The chrome is generated, not listed: words are drawn from the document's own characters, from
//! the whole CJK block and from words web pages use, and put into the forms page furniture takes
//! (short word lines, breadcrumbs with `>` `»` `|` `/`, labels with `:` or `：`, `【…】`, widget
//! words one per line, single characters, dates and times, captions ending `摄`, links and ids).
//! A plain line of words stays short (at most ten characters): a longer unpunctuated line right
//! above a headline of twelve or more characters reads as the first half of a two-line title.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jianghua::document::{Document, Source};
use jianghua::structure::{Outline, Role, analyse};
use proptest::prelude::*;
use proptest::sample::{Index, select};

/// What must not change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct View {
    title: Option<String>,
    subtitle: Option<String>,
    date: Option<String>,
    speaker: Option<String>,
    sections: Vec<(String, usize, String, String)>,
    glossary: Vec<(String, String)>,
}

fn view(o: &Outline) -> View {
    let f = &o.frame;
    View {
        title: f.title.clone(),
        subtitle: f.subtitle.clone(),
        date: f.date.clone(),
        speaker: f.speaker.clone(),
        sections: o
            .sections
            .iter()
            .map(|s| (s.family.name().to_owned(), s.level, s.marker.clone(), s.title.clone()))
            .collect(),
        glossary: o.glossary.iter().map(|e| (e.term.clone(), e.definition.clone())).collect(),
    }
}

/// A document and what its unperturbed outline says.
struct Case {
    name: String,
    lines: Vec<String>,
    view: View,
    /// Raw line of the first title line.
    title_line: usize,
    /// Raw line after the last line of the body (salutation, body, closing).
    body_end_line: usize,
    /// Raw lines inside the title block (after the title, up to the salutation or body) where a
    /// line of furniture can go without splitting a wrapped subtitle or an office from its name.
    block_gaps: Vec<usize>,
    /// Raw lines of chrome above the body, and of the tail after it.
    head_chrome: Vec<usize>,
    tail: Vec<usize>,
    /// Han characters of the document, to draw words from.
    chars: Vec<char>,
}

fn analyse_text(text: &str) -> (Document, Outline) {
    let doc = Document::from_text(text.to_owned(), Source::named("chrome"));
    let o = analyse(&doc);
    (doc, o)
}

fn case(name: String, text: &str) -> Case {
    let (doc, o) = analyse_text(text);
    let line = |p: usize| doc.paragraphs()[p].line - 1;
    let title = o.roles.iter().position(|r| *r == Role::Title).unwrap_or_else(|| panic!("{name} has no title"));
    let last_body = o.roles.iter().rposition(|r| matches!(r, Role::Body | Role::Closing | Role::Salutation)).unwrap();
    let head_chrome = (0..last_body).filter(|&p| o.roles[p] == Role::Chrome).map(line).collect();
    let tail = (last_body + 1..o.roles.len()).map(line).collect();
    let last_title = o.roles.iter().rposition(|r| *r == Role::Title).unwrap();
    let body = o.roles.iter().position(|r| matches!(r, Role::Salutation | Role::Body)).unwrap();
    let joined = |p: usize| o.roles[p - 1] == o.roles[p] && matches!(o.roles[p], Role::Subtitle | Role::Speaker);
    let block_gaps = (last_title + 1..=body).filter(|&p| !joined(p)).map(line).collect();
    Case {
        lines: text.split('\n').map(str::to_owned).collect(),
        view: view(&o),
        title_line: line(title),
        body_end_line: line(last_body) + 1,
        block_gaps,
        head_chrome,
        tail,
        chars: text.chars().filter(|&c| ('\u{4E00}'..='\u{9FA5}').contains(&c)).collect(),
        name,
    }
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Samples and fixtures always; the corpus reports when the corpus is there.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = read_dir(&root.join("samples"));
        files.extend(read_dir(&root.join("tests/fixtures/structure")));
        if let Some(dir) = corpus::dir() {
            files.push(dir.join("county_party_work_conference_2023.txt"));
            files.extend(read_dir(&dir.join("provincial")));
            files.extend(read_dir(&dir.join("gwr")));
        }
        files.iter().map(|f| case(f.display().to_string(), &std::fs::read_to_string(f).unwrap())).collect()
    })
}

/// Words web pages put around a text.
const PAGE_WORDS: &[&str] = &[
    "首页",
    "要闻",
    "新闻",
    "中心",
    "政务",
    "公开",
    "信息",
    "打印",
    "下载",
    "收藏",
    "分享",
    "字号",
    "字体",
    "加大",
    "减小",
    "还原",
    "默认",
    "来源",
    "时间",
    "发布",
    "编辑",
    "作者",
    "浏览",
    "阅读",
    "次数",
    "评论",
    "关闭",
    "窗口",
    "本页",
    "扫一扫",
    "微信",
    "微博",
    "专题",
    "视频",
    "图片",
    "网站",
    "客户端",
    "日报",
    "融媒",
    "头条",
    "纠错",
    "责任",
    "审核",
    "链接",
    "相关",
    "报道",
    "上一篇",
    "下一篇",
    "返回",
    "顶部",
    "全文",
    "解读",
    "图解",
    "政府",
    "工作",
    "报告",
];

/// A word: from the document, from the whole CJK block, or from the page's vocabulary.
fn word(chars: &'static [char]) -> BoxedStrategy<String> {
    let own = proptest::collection::vec(select(chars), 1..=4).prop_map(|v| v.into_iter().collect::<String>());
    let any_han = "[\u{4E00}-\u{9FA5}]{1,4}";
    prop_oneof![3 => own, 2 => any_han.prop_map(String::from), 3 => select(PAGE_WORDS).prop_map(str::to_owned)].boxed()
}

fn words(chars: &'static [char], n: std::ops::RangeInclusive<usize>) -> BoxedStrategy<Vec<String>> {
    proptest::collection::vec(word(chars), n).boxed()
}

fn name() -> impl Strategy<Value = String> {
    "[\u{4E00}-\u{9FA5}]{2,3}"
}

fn date() -> impl Strategy<Value = String> {
    (2000u32..2030, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60).prop_flat_map(|(y, m, d, h, min)| {
        select(vec![
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}-{m:02}-{d:02} {h:02}:{min:02}"),
            format!("{y}年{m:02}月{d:02}日 {h:02}时{min:02}分"),
            format!("{y}/{m}/{d} {h}:{min:02}:05"),
            format!("{y}年{m}月{d}日"),
            format!("（{y}年{m}月{d}日）"),
            format!("{h:02}:{min:02}"),
            format!("发布时间：{y}-{m:02}-{d:02}"),
            format!("{y}年{m:02}月{d:02}日 星期{}", ["一", "三", "日"][(d % 3) as usize]),
        ])
    })
}

/// One piece of chrome: one line or a few (a widget split one word per line).
fn chrome(chars: &'static [char]) -> BoxedStrategy<Vec<String>> {
    let plain = (words(chars, 1..=3), select(vec!["", " ", "　"])).prop_map(|(w, sep)| {
        let line: String = w.join(sep).chars().take(10).collect();
        vec![line.trim().to_owned()]
    });
    let crumbs = (words(chars, 2..=4), select(vec![" > ", ">", " >> ", "＞", " » ", " | ", "|", "/", " › "]))
        .prop_map(|(w, sep)| vec![w.join(sep)]);
    let label = (words(chars, 1..=2), select(vec![":", "：", "："]), any::<bool>())
        .prop_map(|(w, colon, bracket)| vec![format!("{}{}{colon}", if bracket { "【" } else { "" }, w.concat())]);
    let pair = (word(chars), word(chars), select(vec![("", ""), ("（", "）"), ("【", "】")]))
        .prop_map(|(k, v, (o, c))| vec![format!("{o}{k}：{v}{c}")]);
    let bracket = words(chars, 1..=3).prop_map(|w| vec![format!("【{}】", w.join(" "))]);
    let widget = (word(chars), words(chars, 2..=4), any::<bool>()).prop_map(|(head, w, bracketed)| {
        let mut lines = vec![if bracketed { format!("【{head}：") } else { head }];
        lines.extend(w);
        if bracketed {
            lines.push("】".to_owned());
        }
        lines
    });
    let single = prop_oneof![
        select(chars).prop_map(String::from),
        select(vec!["】", "|", "T", "A", "+", "-", "×"]).prop_map(str::to_owned)
    ]
    .prop_map(|c| vec![c]);
    let caption = (words(chars, 1..=3), name(), any::<bool>(), date()).prop_map(|(w, n, long, d)| {
        let lead = if long { format!("{d}，{}开幕。", w.concat()) } else { String::new() };
        vec![format!("{lead}{}作政府工作报告。本报记者 {n} 摄", w.concat())]
    });
    let link = (words(chars, 1..=2), 0u64..u64::MAX).prop_flat_map(|(w, id)| {
        select(vec![
            format!("{}>>", w.concat()),
            format!("{id:016x}:"),
            format!("http://www.example.gov.cn/art/{id}.html"),
            "Public domain".to_owned(),
            format!("上一篇：{}", w.concat()),
            format!("第1页 共{}页", id % 9 + 1),
        ])
        .prop_map(|l| vec![l])
    });
    prop_oneof![
        4 => plain,
        2 => crumbs,
        2 => label,
        2 => pair,
        1 => bracket,
        2 => widget,
        2 => single,
        2 => date().prop_map(|d| vec![d]),
        2 => caption,
        1 => link,
    ]
    .boxed()
}

/// Furniture by form, for the lines of the title block: breadcrumbs, labels, label–value pairs,
/// bracketed buttons, timestamps, captions and links (no bare words, which could be a name).
fn furniture(chars: &'static [char]) -> BoxedStrategy<Vec<String>> {
    let crumbs =
        (words(chars, 2..=4), select(vec![" > ", ">", " » ", " | ", "/"])).prop_map(|(w, sep)| vec![w.join(sep)]);
    let label =
        (words(chars, 1..=2), select(vec![":", "："])).prop_map(|(w, colon)| vec![format!("{}{colon}", w.concat())]);
    let pair = (word(chars), word(chars)).prop_map(|(k, v)| vec![format!("{k}：{v}")]);
    let buttons = words(chars, 1..=3).prop_map(|w| vec![format!("【{}】", w.join("】【"))]);
    let stamp = (2000u32..2030, 1u32..=12, 1u32..=28, 0u32..24).prop_flat_map(|(y, m, d, h)| {
        select(vec![
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}年{m:02}月{d:02}日 {h:02}:30"),
            format!("时间：{y}-{m:02}-{d:02}"),
        ])
        .prop_map(|l| vec![l])
    });
    let caption = (words(chars, 1..=3), name()).prop_map(|(w, n)| vec![format!("{}作报告。记者 {n} 摄", w.concat())]);
    prop_oneof![crumbs, label, pair, buttons, stamp, caption].boxed()
}

/// A case with chrome inserted above its headline and after its body, as `(case, lines)`.
fn perturbed() -> impl Strategy<Value = (usize, Vec<String>)> {
    (0..cases().len()).prop_flat_map(|c| {
        let chars: &'static [char] = &cases()[c].chars;
        let piece = || (chrome(chars), any::<Index>());
        let above = proptest::collection::vec(piece(), 0..=4);
        let block = proptest::collection::vec((furniture(chars), any::<Index>()), 0..=2);
        let below = proptest::collection::vec(piece(), 0..=4);
        (Just(c), above, block, below).prop_map(|(c, above, block, below)| {
            let case = &cases()[c];
            let mut inserts: Vec<(usize, Vec<String>)> = Vec::new();
            for (lines, at) in above {
                inserts.push((at.index(case.title_line + 1), lines));
            }
            for (lines, at) in block {
                if !case.block_gaps.is_empty() {
                    inserts.push((case.block_gaps[at.index(case.block_gaps.len())], lines));
                }
            }
            for (lines, at) in below {
                let room = case.lines.len() + 1 - case.body_end_line;
                inserts.push((case.body_end_line + at.index(room), lines));
            }
            // Insert from the bottom up so that earlier positions stay valid.
            inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            let mut lines = case.lines.clone();
            for (at, new) in inserts {
                lines.splice(at..at, new);
            }
            (c, lines)
        })
    })
}

/// A case with some of its own chrome deleted: any lines of the head's chrome, and the tail
/// from some point on (its first lines may stay).
fn stripped() -> impl Strategy<Value = (usize, Vec<String>)> {
    (0..cases().len()).prop_flat_map(|c| {
        let case = &cases()[c];
        let head = proptest::collection::vec(any::<bool>(), case.head_chrome.len());
        (Just(c), head, any::<Index>()).prop_map(|(c, head, keep)| {
            let case = &cases()[c];
            let mut gone: Vec<usize> = case.head_chrome.iter().zip(head).filter(|(_, d)| *d).map(|(&l, _)| l).collect();
            gone.extend(case.tail.iter().skip(keep.index(case.tail.len() + 1)));
            let lines =
                case.lines.iter().enumerate().filter(|(i, _)| !gone.contains(i)).map(|(_, l)| l.clone()).collect();
            (c, lines)
        })
    })
}

fn check(c: usize, lines: &[String]) -> Result<(), TestCaseError> {
    let case = &cases()[c];
    let text = lines.join("\n");
    let (_, o) = analyse_text(&text);
    let got = view(&o);
    prop_assert_eq!(
        &got,
        &case.view,
        "{} changed; text begins:\n{}",
        case.name,
        lines.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn chrome_above_the_headline_in_the_title_block_and_after_the_body_changes_nothing((c, lines) in perturbed()) {
        check(c, &lines)?;
    }

    #[test]
    fn deleting_the_pages_own_chrome_changes_nothing((c, lines) in stripped()) {
        check(c, &lines)?;
    }
}

#[test]
fn every_case_loses_all_its_chrome_without_change() {
    for (c, case) in cases().iter().enumerate() {
        let gone: Vec<usize> = case.head_chrome.iter().chain(&case.tail).copied().collect();
        let lines: Vec<String> =
            case.lines.iter().enumerate().filter(|(i, _)| !gone.contains(i)).map(|(_, l)| l.clone()).collect();
        check(c, &lines).unwrap();
    }
    assert!(cases().len() >= 6, "samples and fixtures at least");
}
