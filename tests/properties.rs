//! Property tests: on arbitrary text mixed with markers, title-block and chrome shapes, control
//! characters, long lines and blank lines, loading and parsing never panic and every span nests
//! inside its parent and the text.

use jianghua::document::{Document, Source, decode, is_unsafe};
use jianghua::structure::analyse;
use proptest::prelude::*;

/// Pieces that exercise the parser: markers of every family, traps, frame lines, controls.
const PIECES: &[&str] = &[
    "一、",
    "十一、",
    "（一）",
    "(二)",
    "（四）",
    "1.",
    "2、",
    "（1）",
    "①",
    "一要",
    "二要",
    "三要",
    "一是",
    "二是",
    "第一，",
    "第二，",
    "首先，",
    "其次，",
    "最后，",
    "最后一公里",
    "第一责任人",
    "统一要求",
    "——",
    "……",
    "。",
    "；",
    "：",
    "！",
    "\n",
    "\n\n",
    "　　",
    "同志们：",
    "同志们，",
    "谢谢大家！",
    "附件1",
    "名词解释",
    "结束语",
    "“两个确立”",
    "\u{1b}[2J",
    "\u{7}",
    "\r",
    "\r\n",
    "\u{9b}",
    "\u{202e}",
    "\u{200b}",
    "\t",
    "1.5亿",
    "2023年",
    "下载",
    "来源：",
    "政府工作报告",
    // The title block, chrome and glossary shapes.
    "——2026年1月25日在",
    "――二〇二六年一月二十七日在",
    "会议上",
    "（2023年2月10日）",
    "省长 ",
    "毛伟明",
    "分享:",
    " > ",
    "【字号：",
    "】",
    "本报记者 ×× 摄",
    "相关报道：",
    "（来源：某某日报）",
    "（",
    "三）",
    "注释",
    "附件",
    "［1］",
    "【2】",
    "20.2026年",
    "21.5+2",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        2 => "[\\p{Han}]{1,12}",
        1 => any::<String>(),
        1 => proptest::collection::vec(proptest::sample::select(&['党', '建', '。', '一', '要'][..]), 0..3000)
            .prop_map(|v| v.into_iter().collect()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parsing_never_panics_and_spans_nest(text in document()) {
        let doc = Document::from_text(text, Source::named("prop"));
        prop_assert!(!doc.text().chars().any(is_unsafe));
        let o = analyse(&doc);
        prop_assert_eq!(o.roles.len(), doc.paragraphs().len());
        for (i, s) in o.sections.iter().enumerate() {
            prop_assert!(s.span.start <= s.span.end && s.span.end <= doc.char_len(), "{} {:?}", i, s.span);
            prop_assert!(s.bytes.end <= doc.text().len());
            prop_assert!(doc.text().is_char_boundary(s.bytes.start) && doc.text().is_char_boundary(s.bytes.end));
            prop_assert!(s.subtree_end > i && s.subtree_end <= o.sections.len());
            if let Some(p) = s.parent {
                prop_assert!(p < i);
                let parent = &o.sections[p];
                prop_assert!(parent.span.start <= s.span.start && s.span.end <= parent.span.end,
                    "{} {:?} in {} {:?}", i, s.span, p, parent.span);
                prop_assert_eq!(s.level, parent.level + 1);
            }
        }
        for pair in doc.paragraphs().windows(2) {
            prop_assert!(pair[0].bytes.end < pair[1].bytes.start);
        }
        for s in doc.sentences() {
            prop_assert!(s.start < s.end && s.end <= doc.text().len());
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        if let Ok(decoded) = decode(&bytes) {
            let doc = Document::from_text(decoded.text, Source::named("bytes"));
            let _ = analyse(&doc);
        }
    }

    #[test]
    fn char_and_byte_offsets_round_trip(text in document()) {
        let doc = Document::from_text(text, Source::named("prop"));
        for (ch, (byte, _)) in doc.text().char_indices().enumerate().step_by(7) {
            prop_assert_eq!(doc.char_of_byte(byte), ch);
            prop_assert_eq!(doc.byte_of_char(ch), byte);
        }
    }
}
