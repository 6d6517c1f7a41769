//! Generators shared by the targets: the speech genre's markers and traps, slices of real
//! speeches, and arbitrary unicode and bytes mixed in.

use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::OnceLock;

use jianghua::samples::SAMPLES;
use proptest::prelude::*;
use proptest::sample::{Index, select};

pub(crate) const PIECES: &[&str] = &[
    "一、",
    "二、",
    "三、",
    "十一、",
    "二十、",
    "（一）",
    "（二）",
    "（十）",
    "(二)",
    "(三)",
    "1.",
    "2.",
    "10.",
    "1．",
    "2、",
    "３.",
    "（1）",
    "（2）",
    "(3)",
    "①",
    "②",
    "⑩",
    "⑳",
    "一要",
    "二要",
    "三要",
    "一是",
    "二是",
    "三是",
    "第一，",
    "第二，",
    "第三,",
    "第一部分",
    "第二章",
    "第三节",
    "首先，",
    "其次，",
    "再次，",
    "最后，",
    "最后一公里",
    "第一责任人",
    "统一要求",
    "一是一，二是二",
    "——",
    "—",
    "……",
    "…",
    "。",
    "；",
    "：",
    "！",
    "？",
    "，",
    "、",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "《",
    "》",
    "【",
    "】",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "　　",
    "\u{3000}\u{3000}\u{3000}\u{3000}",
    "同志们：",
    "同志们，",
    "各位代表：",
    "谢谢大家！",
    "附件1",
    "附件2：",
    "附件：",
    "名词解释",
    "名词解释：\n1. 两个确立：是指确立习近平同志党中央的核心。\n2.“两个维护”：指……\n",
    "结束语",
    "“两个确立”",
    "“两个维护”",
    "“四个意识”",
    "“三个务必”",
    "新质生产力",
    "高质量发展",
    "乡村振兴",
    "全面从严治党",
    "基层党建",
    "党建",
    "在全县经济工作会议上的讲话\n",
    "政府工作报告\n",
    "（2024年1月5日）\n",
    "县委书记  张三\n",
    "来源：",
    "责任编辑：",
    "下载",
    "打印本页",
    "1.5亿",
    "2023年",
    "50%",
    "5G",
    "５Ｇ",
    "ＡＩ",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\u{7}",
    "\r",
    "\r\n",
    "\u{9b}31m",
    "\u{85}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{0}",
    "\u{7f}",
    "\t",
    " ",
    "    ",
    "e\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "\u{fffd}",
    "𠀀",
    "ﾊﾝｶｸ",
    "\u{17D8}",
    "⸺",
    "⸻",
    "<",
    ">",
    "%",
    "#",
    "*",
    "_",
    "`",
    "[",
    "]",
    "|",
    "\\",
];

pub(crate) const CONTROLS: &[char] = &[
    '\u{0}', '\u{7}', '\u{8}', '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9b}', '\u{9d}', '\u{202e}', '\u{2066}',
    '\u{200f}', '\u{61c}', '\u{feff}', '\u{2028}',
];

/// Source texts to cut slices from: the embedded samples, plus the shared corpus when present.
pub(crate) fn sources() -> &'static [String] {
    static SOURCES: OnceLock<Vec<String>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut out: Vec<String> = SAMPLES.iter().map(|(_, t)| (*t).to_owned()).collect();
        let dir = std::env::var_os("JIANGHUA_CORPUS")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from);
        let mut files = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    files.push(p);
                }
            }
        }
        files.sort();
        out.extend(files.iter().take(64).filter_map(|p| std::fs::read_to_string(p).ok()));
        out
    })
}

pub(crate) fn char_floor(s: &str, i: usize) -> usize {
    jianghua::document::floor_boundary(s, i)
}

/// A slice of a source text, on char boundaries.
pub(crate) fn source_slice() -> impl Strategy<Value = String> {
    (any::<Index>(), any::<Index>(), 0usize..3000).prop_map(|(which, start, len)| {
        let all = sources();
        let t = &all[which.index(all.len())];
        let a = char_floor(t, start.index(t.len() + 1));
        let b = char_floor(t, (a + len * 3).min(t.len()));
        t[a..b].to_owned()
    })
}

pub(crate) fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        10 => select(PIECES).prop_map(str::to_owned),
        4 => "[\\p{Han}]{1,12}",
        2 => source_slice(),
        1 => any::<String>(),
        1 => any::<char>().prop_map(String::from),
        1 => select(CONTROLS).prop_map(String::from),
        1 => (select(PIECES), 20usize..1500).prop_map(|(p, n)| p.repeat(n)),
        1 => ("[\\p{Han}]{1,4}", 200usize..3000).prop_map(|(p, n)| p.repeat(n)),
        1 => "[a-zA-Z0-9 .,%()/:-]{0,40}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Duplicate(Index, usize),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), piece()).prop_map(|(i, p)| Edit::Insert(i, p)),
        1 => (any::<Index>(), 0usize..400).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 0usize..400).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

pub(crate) fn apply_edits(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match e {
            Edit::Insert(i, s) => {
                let at = char_floor(&text, i.index(text.len() + 1));
                text.insert_str(at, s);
            }
            Edit::Delete(i, n) => {
                let a = char_floor(&text, i.index(text.len() + 1));
                let b = char_floor(&text, a.saturating_add(*n));
                text.replace_range(a..b, "");
            }
            Edit::Duplicate(i, n) => {
                let a = char_floor(&text, i.index(text.len() + 1));
                let b = char_floor(&text, a.saturating_add(*n));
                let copy = text[a..b].to_owned();
                text.insert_str(b, &copy);
            }
        }
    }
    text
}

pub(crate) fn document() -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::collection::vec(piece(), 0..64).prop_map(|v| v.concat()),
        // A line-per-piece document: markers at line starts.
        2 => proptest::collection::vec(proptest::collection::vec(piece(), 0..6), 0..40)
            .prop_map(|lines| lines.into_iter().map(|l| l.concat()).collect::<Vec<_>>().join("\n")),
        // A real speech, edited.
        2 => (any::<Index>(), proptest::collection::vec(edit(), 0..16)).prop_map(|(which, edits)| {
            let all = sources();
            apply_edits(all[which.index(all.len())].clone(), &edits)
        }),
    ]
    .boxed()
}
