//! Trends across documents and the comparison of two speeches: small speeches written here with
//! known differences, and (when `../shared/corpus` is there) the State Council reports.

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Instant;

use jianghua::config::Config;
use jianghua::document::{Document, Source, load_path};
use jianghua::library::compare::{Comparison, Side, compare};
use jianghua::library::trends::{TrendSort, Trends, trends};
use jianghua::report::Format;
use jianghua::report::trends::TrendsFormat;
use jianghua::structure::{Outline, analyse};
use jianghua::terms::{Keyword, Segmenter, TermIndex, TermReport};
use jianghua::terms::{NamedColor, Term, TermList};

fn list(name: &str, terms: &[&str]) -> TermList {
    TermList {
        name: name.into(),
        color: NamedColor::Red,
        terms: terms.iter().map(|t| Term { text: (*t).into(), aliases: Vec::new(), note: None }).collect(),
        origin: "test".into(),
    }
}

struct Analysed {
    doc: Document,
    outline: Outline,
    terms: TermReport,
}

fn analysed(name: &str, text: &str, lists: &[TermList]) -> Analysed {
    let doc = Document::from_text(text.to_owned(), Source::named(name));
    let outline = analyse(&doc);
    let terms = TermReport::new(&doc, &outline, lists);
    Analysed { doc, outline, terms }
}

fn trends_of(docs: &[Analysed], lists: &[TermList]) -> Trends {
    let input: Vec<_> = docs.iter().map(|d| (&d.doc, &d.outline, &d.terms)).collect();
    trends(&input, lists)
}

fn three_reports(lists: &[TermList]) -> Vec<Analysed> {
    // Given out of order: the trend puts them in time order.
    vec![
        analysed(
            "c.txt",
            "2023年政府工作报告\n各位代表：\n一、工作回顾\n　　推动高质量发展，高质量发展取得新成效。\n　　实现高质量发展，坚持高质量发展。落实三张清单。\n",
            lists,
        ),
        analysed(
            "a.txt",
            "2019年政府工作报告\n各位代表：\n一、工作回顾\n　　推动高质量发展。坚持新发展理念，贯彻新发展理念。\n",
            lists,
        ),
        analysed(
            "b.txt",
            "2021年政府工作报告\n各位代表：\n一、工作回顾\n　　推动高质量发展，实现高质量发展。贯彻新发展理念，实行“三张清单”。\n",
            lists,
        ),
    ]
}

#[test]
fn trends_follow_configured_and_discovered_terms_in_time_order() {
    let lists = [list("发展", &["高质量发展", "新发展理念", "供给侧结构性改革"])];
    let docs = three_reports(&lists);
    let mut t = trends_of(&docs, &lists);
    let labels: Vec<&str> = t.docs.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels, ["2019年", "2021年", "2023年"]);

    let row = |t: &Trends, term: &str| t.terms.iter().find(|x| x.term == term).cloned().unwrap();
    let hq = row(&t, "高质量发展");
    assert_eq!((hq.counts.as_slice(), hq.total, hq.first, hq.peak), ([1, 2, 4].as_slice(), 7, Some(0), Some(2)));
    assert_eq!(hq.list.as_deref(), Some("发展"));
    assert!((hq.rise - 3.0).abs() < 1e-9);
    let idea = row(&t, "新发展理念");
    assert_eq!((idea.counts.as_slice(), idea.first, idea.peak), ([2, 1, 0].as_slice(), Some(0), Some(0)));
    assert!((idea.rise + 2.0).abs() < 1e-9);
    // Discovered in quotes in 2021, counted unquoted in 2023 too; the earliest of equal peaks.
    let lists3 = row(&t, "三张清单");
    assert_eq!((lists3.counts.as_slice(), lists3.first, lists3.peak), ([0, 1, 1].as_slice(), Some(1), Some(1)));
    assert_eq!(lists3.list, None);
    assert!(!t.terms.iter().any(|x| x.term == "供给侧结构性改革"), "terms that never occur are left out");

    let order = |t: &Trends| t.terms.iter().map(|x| x.term.clone()).collect::<Vec<_>>();
    assert_eq!(order(&t), ["高质量发展", "新发展理念", "三张清单"]);
    t.sort(TrendSort::Rise);
    assert_eq!(order(&t), ["高质量发展", "三张清单", "新发展理念"]);
    t.sort(TrendSort::FirstAppearance);
    assert_eq!(order(&t), ["高质量发展", "新发展理念", "三张清单"]);
    t.terms.reverse();
    t.sort(TrendSort::FirstAppearance);
    assert_eq!(order(&t), ["高质量发展", "新发展理念", "三张清单"], "ties go to the larger total");
}

#[test]
fn trends_csv_and_text() {
    let lists = [list("发展, 改革", &["高质量发展", "新发展理念"])];
    let docs = three_reports(&lists);
    let t = trends_of(&docs, &lists);
    let csv = jianghua::report::trends::print(&t, TrendsFormat::Csv);
    assert!(csv.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split_terminator("\r\n").collect();
    assert_eq!(lines[0], "term,list,total,first,peak,2019年,2021年,2023年");
    assert_eq!(lines[1], "高质量发展,\"发展, 改革\",7,2019年,2023年,1,2,4");
    assert_eq!(lines[2], "新发展理念,\"发展, 改革\",3,2019年,2019年,2,1,0");
    assert_eq!(lines[3], "三张清单,,2,2021年,2021年,0,1,1");
    assert_eq!(lines.len(), 4);
    assert!(csv.ends_with("\r\n"));
    assert!(!csv.replace("\r\n", "").contains(['\r', '\n']), "every line ends with CRLF");

    let text = jianghua::report::trends::print(&t, TrendsFormat::Text);
    let hq = text.lines().find(|l| l.starts_with("高质量发展")).unwrap();
    assert!(hq.contains("2019年") && hq.contains("2023年") && hq.ends_with("▂▄█"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&jianghua::report::trends::print(&t, TrendsFormat::Json)).unwrap();
    assert_eq!(json["terms"][0]["first"], "2019年");
    assert_eq!(json["documents"][2]["date"], "2023");
}

const SPEECH_A: &str = "在县委工作会议上的讲话
同志们：
　　今天召开会议，主要任务是总结工作、部署任务。
一、提高政治站位
　　要坚决做到“两个维护”。要落实“四抓两整治”要求。
二、加强党的建设
　　（一）加强基层组织建设。要抓好“三会一课”。
　　（二）加强干部队伍建设。要选好用好干部。
三、狠抓工作落实
　　要以钉钉子精神抓落实。
　　同志们，让我们团结一心，奋力开创新局面！
";

/// A with a new part 三、, chapter （二） renamed, “四抓两整治” dropped, “三张清单” and two new
/// sentences added.
const SPEECH_B: &str = "在县委工作会议上的讲话
同志们：
　　今天召开会议，主要任务是总结工作、部署任务。
一、提高政治站位
　　要坚决做到“两个维护”。
二、加强党的建设
　　（一）加强基层组织建设。要抓好“三会一课”。
　　（二）加强干部人才队伍建设。要选好用好干部。
三、优化营商环境
　　要落实“三张清单”制度。要持续提升审批服务效率。
四、狠抓工作落实
　　要以钉钉子精神抓落实。
　　同志们，让我们团结一心，奋力开创新局面！
";

fn keywords(words: &[&str]) -> Vec<Keyword> {
    words.iter().map(|w| Keyword { word: (*w).into(), weight: 1.0 }).collect()
}

fn side<'a>(x: &'a Analysed, keywords: &'a [Keyword]) -> Side<'a> {
    Side { doc: &x.doc, outline: &x.outline, terms: &x.terms, keywords }
}

fn heading(o: &Outline, i: Option<usize>) -> String {
    i.map(|i| format!("{}{}", o.sections[i].marker, o.sections[i].title)).unwrap_or_default()
}

fn terms(v: &[jianghua::library::compare::TermChange]) -> Vec<(&str, usize, usize)> {
    v.iter().map(|c| (c.term.as_str(), c.a, c.b)).collect()
}

#[test]
fn comparison_finds_exactly_the_changes() {
    let lists = [list("党建", &["两个维护", "三会一课"])];
    let (a, b) = (analysed("a.txt", SPEECH_A, &lists), analysed("b.txt", SPEECH_B, &lists));
    let (ka, kb) = (keywords(&["组织", "干部", "政治"]), keywords(&["组织", "营商环境", "干部"]));
    let cmp: Comparison = compare(side(&a, &ka), side(&b, &kb), &lists);

    assert_eq!(terms(&cmp.new_terms), [("三张清单", 0, 1)]);
    assert_eq!(terms(&cmp.dropped_terms), [("四抓两整治", 1, 0)]);
    assert!(cmp.changed_terms.is_empty(), "{:?}", cmp.changed_terms);
    assert_eq!(cmp.new_keywords, ["营商环境"]);
    assert_eq!(cmp.dropped_keywords, ["政治"]);

    let rows: Vec<(String, String)> =
        cmp.outline.iter().map(|r| (heading(&a.outline, r.a), heading(&b.outline, r.b))).collect();
    let expected = [
        ("导语", "导语"),
        ("一、提高政治站位", "一、提高政治站位"),
        ("二、加强党的建设", "二、加强党的建设"),
        ("（一）加强基层组织建设", "（一）加强基层组织建设"),
        ("（二）加强干部队伍建设", "（二）加强干部人才队伍建设"),
        ("", "三、优化营商环境"),
        ("三、狠抓工作落实", "四、狠抓工作落实"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(x, y)| ((*x).into(), (*y).into())).collect();
    assert_eq!(rows, expected);
    let sims: Vec<f64> = cmp.outline.iter().map(|r| r.similarity).collect();
    // 加强干部队伍建设 / 加强干部人才队伍建设: 6 shared bigrams of 7 and 9.
    assert!((sims[4] - 0.75).abs() < 1e-9, "{sims:?}");
    assert!(sims.iter().enumerate().all(|(i, s)| if i == 4 || i == 5 { true } else { (s - 1.0).abs() < 1e-9 }));
    assert!(sims[5].abs() < 1e-9);

    let new: Vec<&str> = cmp.new_sentences.iter().map(|r| &b.doc.text()[r.clone()]).collect();
    assert_eq!(
        new,
        ["（二）加强干部人才队伍建设。", "三、优化营商环境", "要落实“三张清单”制度。", "要持续提升审批服务效率。"]
    );

    // The other way round, the differences swap.
    let back = compare(side(&b, &kb), side(&a, &ka), &lists);
    assert_eq!(terms(&back.new_terms), [("四抓两整治", 0, 1)]);
    assert_eq!(terms(&back.dropped_terms), [("三张清单", 1, 0)]);
    let new: Vec<&str> = back.new_sentences.iter().map(|r| &a.doc.text()[r.clone()]).collect();
    assert_eq!(new, ["要落实“四抓两整治”要求。", "（二）加强干部队伍建设。"]);
}

#[test]
fn changed_counts_are_sorted_by_the_size_of_the_change() {
    let lists = [list("党建", &["两个维护", "三会一课", "两个确立"])];
    let a = analysed("a.txt", "讲话\n同志们：\n　　两个维护。两个确立。三会一课、三会一课。\n", &lists);
    let b =
        analysed("b.txt", "讲话\n同志们：\n　　两个维护、两个维护、两个维护、两个维护。两个确立。三会一课。\n", &lists);
    let cmp = compare(side(&a, &[]), side(&b, &[]), &lists);
    assert_eq!(terms(&cmp.changed_terms), [("两个维护", 1, 4), ("三会一课", 2, 1)]);
    assert!(cmp.new_terms.is_empty() && cmp.dropped_terms.is_empty());
}

#[test]
fn comparison_reports_in_every_format() {
    let lists = [list("党建", &["两个维护", "三会一课"])];
    let (a, b) = (analysed("a.txt", SPEECH_A, &lists), analysed("b.txt", SPEECH_B, &lists));
    let (ka, kb) = (keywords(&["组织", "政治"]), keywords(&["组织", "营商环境"]));
    let (sa, sb) = (side(&a, &ka), side(&b, &kb));
    let cmp = compare(sa, sb, &lists);

    let text = jianghua::report::compare::print(sa, sb, &cmp, Format::Text);
    for heading in [
        "新增提法（1）",
        "不再出现的提法（1）",
        "次数变化（0）",
        "新关键词（1）",
        "不再出现的关键词（1）",
        "提纲对照",
        "新句子（B 中 4 句",
    ] {
        assert!(text.contains(heading), "{heading} missing in\n{text}");
    }
    assert!(
        text.lines().any(|l| l.contains("（二）加强干部队伍建设") && l.contains(" ~ ") && l.contains("人才")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.trim_start().starts_with("三、优化营商环境")), "{text}");
    assert!(text.contains("[三、]"), "breadcrumb of a new sentence: {text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    assert!(text.lines().all(|l| jianghua::width::str_width(l, jianghua::width::AmbiguousWidth::Narrow) <= 80));

    let json: serde_json::Value =
        serde_json::from_str(&jianghua::report::compare::print(sa, sb, &cmp, Format::Json)).unwrap();
    assert_eq!(json["new_terms"][0]["term"], "三张清单");
    assert_eq!(json["dropped_terms"][0]["a"], 1);
    assert_eq!(json["new_keywords"][0], "营商环境");
    assert_eq!(json["outline"][5]["a"], serde_json::Value::Null);
    assert_eq!(json["outline"][5]["b"]["marker"], "三、");
    assert_eq!(json["outline"][4]["b"]["title"], "加强干部人才队伍建设");
    assert_eq!(json["outline"][4]["similarity"], 0.75);
    assert_eq!(json["new_sentence_count"], 4);
    let first = &json["new_sentences"][0];
    assert_eq!(first["text"], "（二）加强干部人才队伍建设。");
    assert_eq!(first["breadcrumb"], serde_json::json!(["二、", "（二）"]));
    let offset = usize::try_from(first["offset"].as_u64().unwrap()).unwrap();
    assert_eq!(b.doc.byte_of_char(offset), cmp.new_sentences[0].start);

    let md = jianghua::report::compare::print(sa, sb, &cmp, Format::Markdown);
    assert!(md.contains("## 提纲对照") && md.contains("| A | 相似度 | B |"), "{md}");
    assert!(md.contains("| 三张清单 | 0 | 1 | +1 |"), "{md}");
    assert!(md.contains("| 0.75 |"), "{md}");
}

#[test]
fn corpus_trends_and_the_2023_2024_comparison() {
    let Some(dir) = corpus::dir() else { return };
    let config = Config::embedded();
    let lists = &config.term_lists;
    let index = TermIndex::new(lists);
    let docs: Vec<Analysed> = corpus::reports(&dir)
        .into_iter()
        .map(|(_, path)| {
            let doc = load_path(&path).unwrap();
            let outline = analyse(&doc);
            let terms = TermReport::with_index(&doc, &outline, lists, &index);
            Analysed { doc, outline, terms }
        })
        .collect();
    assert!(docs.len() >= 50);
    let started = Instant::now();
    let t = trends_of(&docs, lists);
    println!("trends over {} reports: {} terms in {:?}", t.docs.len(), t.terms.len(), started.elapsed());
    let years: Vec<&str> = t.docs.iter().map(|d| d.label.as_str()).collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "time order, unique labels: {years:?}");
    for term in ["高质量发展", "新发展理念", "供给侧结构性改革"] {
        let row = t.terms.iter().find(|x| x.term == term).unwrap_or_else(|| panic!("{term} not followed"));
        let (first, peak) = (row.first.unwrap(), row.peak.unwrap());
        assert!(first <= peak, "{term}");
        println!(
            "{term}: total {} first {} peak {} ({} times) rise {:.2}",
            row.total, t.docs[first].label, t.docs[peak].label, row.counts[peak], row.rise
        );
    }
    let text = jianghua::report::trends::print(&t, TrendsFormat::Text);
    println!("{}", text.lines().take(25).collect::<Vec<_>>().join("\n"));
    // Only occurrences that stand as a term: not 六五 in 1955's 三百八十六点六五斤, nor 十五 in the
    // 十五大 of 1999 and 2000 (the first “十五” is 2001's plan). The 1954 report is in traditional
    // characters, and its 官僚主義 counts.
    let count = |term: &str, label: &str| {
        let row = t.terms.iter().find(|x| x.term == term).unwrap_or_else(|| panic!("{term} not followed"));
        row.counts[t.docs.iter().position(|d| d.label == label).unwrap()]
    };
    assert_eq!(count("六五", "1955年"), 0);
    assert_eq!((count("十五", "1999年"), count("十五", "2000年")), (0, 0));
    assert!(count("十五", "2001年") > 0);
    assert_eq!(count("官僚主义", "1954年"), 6);

    let find = |year: &str| docs.iter().find(|d| d.doc.source.name.ends_with(&format!("{year}.txt"))).unwrap();
    let (a, b) = (find("2023"), find("2024"));
    let mut words = a.terms.words(lists);
    words.extend(b.terms.words(lists));
    let seg = Segmenter::new(words, &config.keywords.stop_words);
    let ka = seg.keywords(a.doc.text(), config.keywords.method, config.keywords.top);
    let kb = seg.keywords(b.doc.text(), config.keywords.method, config.keywords.top);
    let (sa, sb) = (side(a, &ka), side(b, &kb));
    let cmp = compare(sa, sb, lists);
    assert!(!cmp.new_sentences.is_empty());
    assert!(cmp.outline.iter().any(|r| r.a.is_some() && r.b.is_some()));
    assert!(!(cmp.new_terms.is_empty() && cmp.dropped_terms.is_empty() && cmp.changed_terms.is_empty()));
    let report = jianghua::report::compare::print(sa, sb, &cmp, Format::Text);
    // Abridged: everything up to the new sentences, then the first few of them.
    let cut = report.find("\n新句子").map_or(report.len(), |i| i + 1);
    let (head, tail) = report.split_at(cut);
    println!("{head}{}", tail.lines().take(12).collect::<Vec<_>>().join("\n"));

    // A library of a thousand documents: the reports twenty times over.
    let many: Vec<_> = (0..20).flat_map(|_| docs.iter().map(|d| (&d.doc, &d.outline, &d.terms))).collect();
    let bytes: usize = many.iter().map(|(d, _, _)| d.text().len()).sum();
    let started = Instant::now();
    let big = trends(&many, lists);
    println!(
        "trends over {} documents ({} MB): {} terms in {:?}",
        big.docs.len(),
        bytes / 1_000_000,
        big.terms.len(),
        started.elapsed()
    );
}

#[test]
fn odd_documents_never_break_trends_or_comparisons() {
    let lists = [list("党建", &["两个维护", ""])];
    let texts = [
        "",
        "\u{1b}[31m“一二三”\r\n（一）\n一、\n",
        "一、\n二、\n三、\n（一）（二）\n",
        "2023年\n“三张清单”“三张清单”\n同志们，\n",
    ];
    let docs: Vec<Analysed> = texts.iter().map(|t| analysed("x\u{7}.txt", t, &lists)).collect();
    let t = trends_of(&docs, &lists);
    for format in [TrendsFormat::Text, TrendsFormat::Csv, TrendsFormat::Json] {
        let out = jianghua::report::trends::print(&t, format);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\r'), "{out:?}");
    }
    for x in &docs {
        for y in &docs {
            let cmp = compare(side(x, &[]), side(y, &[]), &lists);
            for format in [Format::Text, Format::Json, Format::Markdown] {
                let out = jianghua::report::compare::print(side(x, &[]), side(y, &[]), &cmp, format);
                assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
            }
        }
    }
}
