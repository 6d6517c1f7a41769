//! Corpus tests over `../shared/corpus`: the reference speech's exact outline, every State Council
//! report, and the Sichuan report with its web chrome and glossary.

#[path = "support/corpus.rs"]
mod corpus;

use jianghua::document::load_path;
use jianghua::structure::{Family, analyse};

fn starts_with_numbered(line: &str, open: &str, close: &str) -> bool {
    let Some(rest) = line.strip_prefix(open) else { return false };
    let digits = rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    digits > 0 && rest.chars().nth(digits).is_some_and(|c| close.contains(c))
}

#[test]
fn the_reference_speech_has_the_documented_outline() {
    let Some(dir) = corpus::dir() else { return };
    let doc = load_path(&dir.join("county_party_work_conference_2023.txt")).unwrap();
    let o = analyse(&doc);
    assert_eq!(o.frame.title.as_deref(), Some("在2023年县委工作会议上的讲话"));
    let shape: Vec<String> =
        o.sections.iter().map(|s| format!("{}{}:{}", "  ".repeat(s.level - 1), s.family.name(), s.marker)).collect();
    let mut expected = vec!["preamble:".to_owned()];
    expected.extend(["一是", "二是", "三是", "四是", "五是"].map(|m| format!("  point:{m}")));
    expected.push("part:一、".to_owned());
    expected.extend(["一要", "二要", "三要", "四要"].map(|m| format!("  requirement:{m}")));
    expected.push("part:二、".to_owned());
    for chapter in ["（一）", "（二）", "（三）", "（四）"] {
        expected.push(format!("  chapter:{chapter}"));
        expected.extend(["一要", "二要", "三要"].map(|m| format!("    requirement:{m}")));
    }
    expected.push("  chapter:（五）".to_owned());
    expected.push("part:三、".to_owned());
    expected.extend(["一要", "二要", "三要", "四要"].map(|m| format!("  requirement:{m}")));
    assert_eq!(shape, expected);
    assert!(!o.sections.iter().any(|s| matches!(s.family, Family::Ordinal | Family::Sequence)));
    let first = &o.sections[7];
    assert_eq!((first.marker.as_str(), first.title.as_str()), ("一要", "切实把牢政治方向"));
    let chapter = o.sections.iter().find(|s| s.marker == "（一）").unwrap();
    assert_eq!(chapter.title, "宣传工作要在举旗定向、守正创新上下功夫");
}

#[test]
fn every_state_council_report_parses_with_nested_spans() {
    let Some(dir) = corpus::dir() else { return };
    let reports = corpus::reports(&dir);
    assert!(reports.len() >= 50, "expected the 52 reports, found {}", reports.len());
    for (year, path) in reports {
        let doc = load_path(&path).unwrap();
        let o = analyse(&doc);
        assert!(
            o.frame.title.as_deref().is_some_and(|t| t.starts_with(&year.to_string())),
            "{year}: {:?}",
            o.frame.title
        );
        for s in &o.sections {
            assert!(s.span.end <= doc.char_len(), "{year}");
            if let Some(p) = s.parent {
                let parent = &o.sections[p].span;
                assert!(parent.start <= s.span.start && s.span.end <= parent.end, "{year}: {} in {}", s.title, p);
            }
        }
    }
}

#[test]
fn parts_and_chapters_match_their_lines_from_2000_to_2025() {
    let Some(dir) = corpus::dir() else { return };
    let mut checked = 0;
    for (year, path) in corpus::reports(&dir).into_iter().filter(|(y, _)| (2000..=2025).contains(y)) {
        let raw = std::fs::read_to_string(&path).unwrap();
        let part_lines = raw.lines().filter(|l| starts_with_numbered(l, "", "、")).count();
        let chapter_lines = raw.lines().filter(|l| starts_with_numbered(l, "（", "）")).count();
        let o = analyse(&load_path(&path).unwrap());
        let count = |f: Family| o.sections.iter().filter(|s| s.family == f).count();
        assert_eq!((count(Family::Part), count(Family::Chapter)), (part_lines, chapter_lines), "{year}");
        checked += 1;
    }
    assert_eq!(checked, 25, "2000–2025 without 2020");
}

#[test]
fn sichuan_title_is_not_chrome_and_its_glossary_has_twenty_entries() {
    let Some(dir) = corpus::dir() else { return };
    let doc = load_path(&dir.join("provincial/sichuan_2026_gwr.txt")).unwrap();
    let o = analyse(&doc);
    assert_eq!(o.frame.title.as_deref(), Some("2026年四川省人民政府工作报告"));
    assert_eq!(o.frame.speaker.as_deref(), Some("四川省人民政府省长 施小琳"));
    assert_eq!(o.glossary.len(), 20);
    assert_eq!(o.glossary[0].term, "两重");
    assert_eq!(o.glossary[6].term, "双向揭榜挂帅");
    assert!(o.glossary[6].definition.contains("“双向揭榜挂帅”的简称"), "{}", o.glossary[6].definition);
    assert!(
        o.glossary[19].definition.ends_with("综合治理。"),
        "web chrome after the last entry: {}",
        o.glossary[19].definition
    );
    let chapters = o.sections.iter().filter(|s| s.family == Family::Chapter).count();
    assert_eq!(chapters, 10);
}
