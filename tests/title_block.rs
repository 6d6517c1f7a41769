//! The head and tail of real copies, one test per failure class: the title block found by its
//! shape (anchors and the headline above them) whatever chrome a site wraps around it, the
//! subtitle and speaker in every dress, tail chrome, broken headings, unnumbered parts and
//! glossary variants. The texts are written for the tests; `tests/fixtures/structure/` holds
//! whole documents for the variants the corpus lacks.

use jianghua::document::{Document, Source, load_path};
use jianghua::structure::{Family, Outline, Role, analyse};

fn outline(text: &str) -> (Document, Outline) {
    let doc = Document::from_text(text.to_owned(), Source::named("head"));
    let o = analyse(&doc);
    (doc, o)
}

fn title(text: &str) -> Option<String> {
    outline(text).1.frame.title
}

/// `family marker+title` of every section, indented by level.
fn tree(o: &Outline) -> Vec<String> {
    o.sections
        .iter()
        .map(|s| format!("{}{} {}{}", "  ".repeat(s.level - 1), s.family.name(), s.marker, s.title))
        .collect()
}

const SUBTITLE: &str = "——2026年1月25日在某省第十六届人民代表大会第四次会议上";
const BODY: &str = "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，全省经济运行稳中有进。\n";

#[test]
fn font_size_widgets_split_one_word_per_line_are_chrome() {
    for widget in [
        "【字号：\n加大\n还原\n减小\n】",
        "【字体：\n大\n中\n小\n】",
        "字号\n特大\n大\n中\n小",
        "字体大小\n放大\n缩小\n默认",
    ] {
        for (above, below) in [(widget, ""), ("", widget)] {
            let text = format!("{above}\n2026年某省政府工作报告\n{below}\n{SUBTITLE}\n{BODY}");
            assert_eq!(title(&text).as_deref(), Some("2026年某省政府工作报告"), "{widget:?}");
        }
    }
}

#[test]
fn breadcrumbs_labels_and_share_buttons_are_chrome() {
    for chrome in [
        "当前位置：首页 > 政务信息 > 要闻",
        "您的位置:",
        "首页>>新闻中心>>头条",
        "网站首页 | 信息公开 | 工作报告",
        "分享:",
        "分享到：",
        "来源:\n某某日报",
        "时间：2026-02-02",
        "发布时间：2026年02月10日 07时41分",
        "阅读量：1024",
        "【打印】【关闭】",
    ] {
        let text = format!("{chrome}\n2026年某省政府工作报告\n{chrome}\n{SUBTITLE}\n{chrome}\n某省省长 张三\n{BODY}");
        let (_, o) = outline(&text);
        assert_eq!(o.frame.title.as_deref(), Some("2026年某省政府工作报告"), "{chrome:?}");
        assert_eq!(o.frame.speaker.as_deref(), Some("某省省长 张三"), "{chrome:?}");
        // A colon at the end of a chrome line does not make it the salutation.
        assert_eq!(o.frame.salutation.as_deref(), Some("各位代表："), "{chrome:?}");
    }
}

#[test]
fn news_tags_and_publication_dates_are_not_the_title() {
    for (line, title) in [
        ("【全文】2026年某省政府工作报告", "2026年某省政府工作报告"),
        ("全文丨2026年某省政府工作报告", "2026年某省政府工作报告"),
        ("2026年某省政府工作报告｜实录", "2026年某省政府工作报告"),
    ] {
        let text = format!("首页 | 要闻\n{line}\n2026年01月26日 星期一\n{SUBTITLE}\n（2026年1月25日上午）\n{BODY}");
        let (_, o) = outline(&text);
        assert_eq!(o.frame.title.as_deref(), Some(title), "{line}");
        assert_eq!(o.frame.date.as_deref(), Some("（2026年1月25日上午）"), "{line}");
    }
}

#[test]
fn a_photo_caption_on_line_one_is_chrome_even_when_it_names_the_report() {
    let text = format!(
        "1月25日，某省第十六届人民代表大会第四次会议开幕。省长张三作政府工作报告。本报记者 李四 摄\n2026年某省政府工作报告\n{SUBTITLE}\n张三同志作政府工作报告。本报记者 王五摄\n{BODY}"
    );
    assert_eq!(title(&text).as_deref(), Some("2026年某省政府工作报告"));
    let text = format!("省长张三作政府工作报告 新华社记者 李四 摄\n政府工作报告\n{SUBTITLE}\n{BODY}");
    assert_eq!(title(&text).as_deref(), Some("政府工作报告"));
}

#[test]
fn a_fuller_headline_beats_a_bare_breadcrumb() {
    // The fuller headline next to the subtitle, the bare one above it …
    let text = format!("政府工作报告\n收藏\n2026年某省政府工作报告\n{SUBTITLE}\n{BODY}");
    assert_eq!(title(&text).as_deref(), Some("2026年某省政府工作报告"));
    // … and the other way round, as in the State Council reports.
    let text = format!("2026年某省人民政府政府工作报告\n政府工作报告\n{SUBTITLE}\n{BODY}");
    assert_eq!(title(&text).as_deref(), Some("2026年某省人民政府政府工作报告"));
}

#[test]
fn subtitles_in_every_dress_fill_subtitle_date_and_speaker() {
    let occasion = "在某省第十四届人民代表大会第四次会议上";
    for (subtitle, date) in [
        (format!("——2026年1月27日{occasion}"), "2026年1月27日"),
        (format!("――2026年1月27日{occasion}"), "2026年1月27日"),
        (format!("—2026年1月27日{occasion}"), "2026年1月27日"),
        (format!("--2026年1月27日{occasion}"), "2026年1月27日"),
        (format!("2026年1月27日{occasion}"), "2026年1月27日"),
        (format!("——二〇二六年一月二十七日{occasion}"), "二〇二六年一月二十七日"),
        (format!("（二〇二六年一月二十七日{occasion}）"), "二〇二六年一月二十七日"),
        (format!("（2026年1月27日{occasion}）"), "2026年1月27日"),
    ] {
        for speaker in ["某省省长 张三", "某省人民政府省长　张三", "张三", "张　三"] {
            let text = format!("下载\n打印\n2026年某省政府工作报告\n{subtitle}\n来源：某某日报\n{speaker}\n{BODY}");
            let (_, o) = outline(&text);
            assert_eq!(o.frame.title.as_deref(), Some("2026年某省政府工作报告"), "{subtitle} / {speaker}");
            assert_eq!(o.frame.subtitle.as_deref(), Some(subtitle.as_str()), "{speaker}");
            assert_eq!(o.frame.date.as_deref(), Some(date), "{subtitle}");
            assert_eq!(o.frame.speaker.as_deref(), Some(speaker), "{subtitle}");
        }
    }
    // On the headline's own line.
    let (_, o) = outline(&format!("下载\n2026年某省政府工作报告——2026年1月27日{occasion}\n张三\n{BODY}"));
    assert_eq!(o.frame.title.as_deref(), Some("2026年某省政府工作报告"));
    assert_eq!(o.frame.subtitle, Some(format!("——2026年1月27日{occasion}")));
    assert_eq!(o.frame.speaker.as_deref(), Some("张三"));
    // Wrapped inside its date.
    let (_, o) = outline(&format!("2026年某省政府工作报告\n——2026年1月\n27日{occasion}\n张三\n{BODY}"));
    assert_eq!(o.frame.title.as_deref(), Some("2026年某省政府工作报告"));
    assert_eq!(o.frame.subtitle, Some(format!("——2026年1月27日{occasion}")));
    assert_eq!(o.frame.date.as_deref(), Some("2026年1月27日"));
    // Wrapped onto a second line, and a party congress subtitle with the date on its own line.
    let (_, o) = outline(&format!(
        "2026年某县政府工作报告\n——2026年1月8日在某县第十八届人民代表大会\n第五次会议上\n县长　×××\n{BODY}"
    ));
    assert_eq!(o.frame.subtitle.as_deref(), Some("——2026年1月8日在某县第十八届人民代表大会第五次会议上"));
    let (_, o) = outline(
        "高举旗帜团结奋斗\n——在中国共产党某县第十五次代表大会上的报告\n（2026年9月20日）\n李　明\n同志们：\n正文。\n",
    );
    assert_eq!(o.frame.date.as_deref(), Some("（2026年9月20日）"));
    assert_eq!(o.frame.speaker.as_deref(), Some("李　明"));
    assert_eq!(o.frame.title.as_deref(), Some("高举旗帜团结奋斗"));
}

#[test]
fn a_bare_name_above_the_salutation_is_the_speaker() {
    let (_, o) = outline("在全县经济工作会议上的讲话\n王　刚\n同志们：\n今天召开全县经济工作会议。\n");
    assert_eq!(o.frame.title.as_deref(), Some("在全县经济工作会议上的讲话"));
    assert_eq!(o.frame.speaker.as_deref(), Some("王　刚"));
}

#[test]
fn tail_chrome_is_not_the_last_part() {
    for tail in [
        "相关报道：",
        "相关报道：\n某省政府工作报告解读\n代表热议政府工作报告",
        "（来源：某某日报）",
        "编辑：王五",
        "责任编辑：\n王五",
        "【责任编辑：王五】\n扫一扫在手机打开当前页\n打印本页\n关闭窗口",
        "2026-02-02 10:21",
        "上一篇：某市召开经济工作会议\n下一篇：某县部署春耕工作",
    ] {
        let text = format!("{BODY}二、2026年工作安排\n今年要抓好六个方面工作。\n各位代表！让我们团结奋斗！\n{tail}\n");
        let (doc, o) = outline(&text);
        let last = o.sections.last().unwrap();
        assert_eq!(
            doc.text()[last.bytes.clone()].trim_end(),
            "二、2026年工作安排\n今年要抓好六个方面工作。",
            "{tail:?}"
        );
        let first_tail = doc.paragraphs().len() - tail.lines().count();
        assert!(o.roles[first_tail..].iter().all(|r| *r == Role::Chrome), "{tail:?}: {:?}", o.roles);
    }
}

#[test]
fn a_heading_broken_after_its_bracket_is_one_chapter() {
    let text = format!(
        "{BODY}（一）甲项工作。正文。\n（\n二）乙项工作稳步推进。一是抓项目；二是抓投资。\n（三）丙项工作。正文。\n"
    );
    let (doc, o) = outline(&text);
    assert_eq!(
        tree(&o),
        [
            "preamble 导语",
            "part 一、2025年工作回顾",
            "  chapter （一）甲项工作",
            "  chapter （二）乙项工作稳步推进",
            "    point 一是抓项目",
            "    point 二是抓投资",
            "  chapter （三）丙项工作",
        ]
    );
    let second = &o.sections[3];
    assert_eq!(second.marker, "（二）");
    assert_eq!(doc.paragraph_at(second.bytes.start), 5, "the chapter starts at its `（` line");
}

#[test]
fn unnumbered_top_headings_are_parts_with_their_chapters() {
    let text = "2026年某市政府工作报告\n各位代表：\n现在，我代表市人民政府报告工作。\n“十四五”时期工作回顾\n五年来，全市经济社会发展取得显著成就，综合实力迈上新台阶。\n2026年重点工作\n今年经济社会发展的主要预期目标是：增长5.5%左右。\n（一）扩大国内需求\n深入实施提振消费专项行动，扩大有效投资。\n（二）加快发展新质生产力\n推进传统产业数字化改造。\n";
    let (_, o) = outline(text);
    assert_eq!(
        tree(&o),
        [
            "preamble 导语",
            "part “十四五”时期工作回顾",
            "part 2026年重点工作",
            "  chapter （一）扩大国内需求",
            "  chapter （二）加快发展新质生产力",
        ]
    );
}

#[test]
fn glossary_headings_and_entry_styles() {
    let headings = [
        "名词解释",
        "名词注释",
        "注释",
        "注解",
        "《政府工作报告》有关内容名词注释",
        "附件\n名词解释",
        "附件：名词解释",
    ];
    let styles: [(&str, &str); 6] =
        [("1.", "2."), ("1、", "2、"), ("［1］", "［2］"), ("【1】", "【2】"), ("(1)", "(2)"), ("①", "②")];
    for heading in headings {
        for (one, two) in styles {
            for sep in ["", "\n"] {
                let text = format!(
                    "{BODY}各位代表！让我们团结奋斗！\n{heading}\n{one}“两重”：{sep}是指重大战略实施和重点领域安全能力建设。\n{two}“四上”企业：{sep}是指规模以上企业。\n"
                );
                let (_, o) = outline(&text);
                let entries: Vec<(&str, &str)> =
                    o.glossary.iter().map(|e| (e.term.as_str(), e.definition.as_str())).collect();
                assert_eq!(
                    entries,
                    [("两重", "是指重大战略实施和重点领域安全能力建设。"), ("“四上”企业", "是指规模以上企业。")],
                    "{heading:?} {one} {sep:?}"
                );
                let glossary = o.sections.iter().find(|s| s.family == Family::Appendix).unwrap();
                assert_eq!(glossary.level, 1, "{heading:?}");
            }
        }
    }
}

#[test]
fn digit_leading_glossary_terms_are_one_entry_each() {
    let text = format!(
        "{BODY}名词解释\n19.“两新”：是指设备更新和以旧换新。\n20.2026年10件民生实事：是指今年承诺办理的10件实事。\n21.5+2就业之家：\n是指在5个乡镇和2个社区建设的就业服务站点。\n22.“1.5万亿”工程：是指投资1.5万亿元的重大工程。\n"
    );
    let (_, o) = outline(&text);
    let terms: Vec<&str> = o.glossary.iter().map(|e| e.term.as_str()).collect();
    assert_eq!(terms, ["两新", "2026年10件民生实事", "5+2就业之家", "“1.5万亿”工程"]);
    assert_eq!(o.glossary[2].definition, "是指在5个乡镇和2个社区建设的就业服务站点。");
    // Outside a glossary `1.5亿` is still a number.
    let (_, o) = outline(&format!("{BODY}1.5亿元资金已经到位。\n"));
    assert!(o.sections.iter().all(|s| s.family != Family::Item));
}

/// The facts each self-written fixture must yield.
struct Expected {
    file: &'static str,
    title: &'static str,
    subtitle: &'static str,
    date: &'static str,
    speaker: &'static str,
    parts: usize,
    chapters: usize,
    glossary: &'static [&'static str],
}

const FIXTURES: &[Expected] = &[
    Expected {
        file: "county_report_bracket_subtitle.txt",
        title: "2026年青河县人民政府工作报告",
        subtitle: "（二〇二六年一月九日在青河县第十八届人民代表大会第六次会议上）",
        date: "二〇二六年一月九日",
        speaker: "张　明",
        parts: 2,
        chapters: 6,
        glossary: &["两重", "“四上”企业", "2026年10件民生实事", "5+2就业之家"],
    },
    Expected {
        file: "party_congress_two_line_title.txt",
        title: "坚定不移走好高质量发展之路 奋力谱写青河现代化建设新篇章",
        subtitle: "——在中国共产党青河县第十五次代表大会上的报告",
        date: "（2026年9月20日）",
        speaker: "李　明",
        parts: 3,
        chapters: 7,
        glossary: &[],
    },
    Expected {
        file: "unnumbered_parts_report.txt",
        title: "2026年青河市政府工作报告",
        subtitle: "――2026年2月1日在青河市第十六届人民代表大会第五次会议上",
        date: "2026年2月1日",
        speaker: "青河市市长　王　刚",
        parts: 3,
        chapters: 3,
        glossary: &[],
    },
];

#[test]
fn self_written_fixtures_have_their_heads_and_outlines() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure");
    for e in FIXTURES {
        let doc = load_path(&dir.join(e.file)).unwrap();
        let o = analyse(&doc);
        let f = &o.frame;
        assert_eq!(f.title.as_deref(), Some(e.title), "{}", e.file);
        assert_eq!(f.subtitle.as_deref(), Some(e.subtitle), "{}", e.file);
        assert_eq!(f.date.as_deref(), Some(e.date), "{}", e.file);
        assert_eq!(f.speaker.as_deref(), Some(e.speaker), "{}", e.file);
        let count = |fam: Family| o.sections.iter().filter(|s| s.family == fam).count();
        assert_eq!((count(Family::Part), count(Family::Chapter)), (e.parts, e.chapters), "{}", e.file);
        let terms: Vec<&str> = o.glossary.iter().map(|g| g.term.as_str()).collect();
        assert_eq!(terms, e.glossary, "{}", e.file);
        // The page's last line is chrome, never the body of the last section.
        assert_eq!(o.roles.last(), Some(&Role::Chrome), "{}", e.file);
    }
}
