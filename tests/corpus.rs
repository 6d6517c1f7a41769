//! Corpus tests over `../shared/corpus`: the reference speech's exact outline, every State Council
//! report, the Sichuan report with its web chrome and glossary, and the six provincial reports
//! against their hand-checked facts (`provincial/expected.json`).

#[path = "support/corpus.rs"]
mod corpus;

use jianghua::document::load_path;
use jianghua::structure::{Family, Role, analyse};

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

/// Parts and chapters outside appendices, as `expected.json` counts them.
fn main_counts(o: &jianghua::structure::Outline) -> (usize, usize) {
    let in_appendix = |i: usize| o.ancestry(i).iter().any(|&a| o.sections[a].family == Family::Appendix);
    let count = |f: Family| (0..o.sections.len()).filter(|&i| o.sections[i].family == f && !in_appendix(i)).count();
    (count(Family::Part), count(Family::Chapter))
}

#[test]
fn provincial_reports_match_their_hand_checked_facts() {
    let Some(dir) = corpus::dir() else { return };
    let raw = std::fs::read_to_string(dir.join("provincial/expected.json")).unwrap();
    let expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&raw).unwrap();
    assert_eq!(expected.len(), 6);
    for (file, facts) in expected {
        let o = analyse(&load_path(&dir.join("provincial").join(&file)).unwrap());
        let title = o.frame.title.clone().unwrap_or_default();
        let want = |k: &str| facts[k].as_u64().unwrap() as usize;
        assert!(title.contains(facts["title"].as_str().unwrap()), "{file}: title {title:?}");
        assert!(!title.contains('。'), "{file}: title {title:?}");
        assert_eq!(main_counts(&o), (want("parts"), want("chapters")), "{file}: parts, chapters");
        assert_eq!(o.glossary.len(), want("glossary"), "{file}: glossary");
        // The title block is filled whatever dress the subtitle and speaker wear.
        assert!(
            o.frame.subtitle.is_some() && o.frame.date.is_some() && o.frame.speaker.is_some(),
            "{file}: {:?}",
            o.frame
        );
    }
}

#[test]
fn provincial_heads_and_tails() {
    let Some(dir) = corpus::dir() else { return };
    let open = |file: &str| {
        let doc = load_path(&dir.join("provincial").join(file)).unwrap();
        let o = analyse(&doc);
        (doc, o)
    };
    let (_, hunan) = open("hunan_2026_gwr.txt");
    assert_eq!(hunan.frame.speaker.as_deref(), Some("毛伟明"), "a bare name under the subtitle");
    let (_, gansu) = open("gansu_2026_gwr.txt");
    assert_eq!(gansu.frame.date.as_deref(), Some("二〇二六年一月二十七日"));
    let (_, zhejiang) = open("zhejiang_2026_gwr.txt");
    assert_eq!(zhejiang.frame.subtitle.as_deref(), Some("2026年1月14日在浙江省第十四届人民代表大会第四次会议上"));
    let (_, hainan) = open("hainan_2026_gwr.txt");
    assert_eq!(hainan.glossary[0].term, "一降三减");
    assert!(hainan.glossary[27].definition.starts_with("一般地方性法规制定权"), "{:?}", hainan.glossary[27]);
    for file in ["beijing_2026_gwr.txt", "gansu_2026_gwr.txt", "hunan_2026_gwr.txt", "zhejiang_2026_gwr.txt"] {
        let (doc, o) = open(file);
        // `相关报道：` closes the page, not the last part.
        assert_eq!(o.roles.last(), Some(&Role::Chrome), "{file}");
        for s in &o.sections {
            assert!(!doc.text()[s.bytes.clone()].contains("相关报道"), "{file}: {}", s.title);
        }
    }
}
