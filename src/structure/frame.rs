//! The document frame: title block, web chrome, salutation and where the body starts and ends.

use serde::Serialize;

use crate::document::{Document, trim_visible};

/// What a paragraph is, outside the numbered structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Title,
    Subtitle,
    Date,
    Speaker,
    /// Navigation words copied from a web page; dimmed, never structure.
    Chrome,
    /// Other lines of the title block.
    Head,
    Salutation,
    Body,
    /// The final `同志们，…` paragraph and what follows it in the main body.
    Closing,
}

/// The title block's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Frame {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub salutation: Option<String>,
}

/// Frame plus per-paragraph roles and the body's paragraph range.
#[derive(Debug, Clone)]
pub struct FrameScan {
    pub frame: Frame,
    pub roles: Vec<Role>,
    /// First body paragraph.
    pub body_start: usize,
    /// One past the last body paragraph (the start of the chrome tail, if any).
    pub body_end: usize,
}

/// Lines that start like web-page navigation.
const CHROME_PREFIXES: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "【字号",
    "【字体",
    "字号：",
    "当前位置",
    "您当前的位置",
    "首页",
    "来源：",
    "来源:",
    "时间：",
    "时间:",
    "发布时间",
    "扫一扫",
    "【打印本页】",
    "【关闭】",
    "【打印】",
    "分享：",
    "分享到",
    "责任编辑",
    "关闭窗口",
    "相关链接",
    "相关附件",
    "浏览次数",
    "阅读次数",
    "【我要纠错】",
];
/// Lines that begin the chrome at the end of a copied web page (and everything after them).
const TAIL_PREFIXES: &[&str] = &[
    "责任编辑",
    "扫一扫",
    "【打印本页】",
    "打印本页",
    "关闭窗口",
    "相关链接",
    "相关附件",
    "本作品是",
    "Public domain",
];
/// Single-character widgets of a font-size switcher.
const CHROME_WIDGETS: &[&str] = &["大", "中", "小", "【", "】", "|", "｜"];
/// Words that make a short line a salutation.
const ADDRESSEES: &[&str] = &["同志们", "各位代表", "各位委员", "各位领导", "朋友们", "各位来宾", "同志们、朋友们"];
/// Office titles that make a short line a speaker line.
const OFFICES: &[&str] = &[
    "书记", "省长", "市长", "县长", "区长", "州长", "旗长", "镇长", "乡长", "主任", "总理", "部长", "主席", "局长",
    "厅长", "院长", "常委", "委员", "校长",
];

/// A line copied from web-page navigation.
#[must_use]
pub fn is_chrome(line: &str) -> bool {
    let t = line.trim();
    CHROME_PREFIXES.iter().any(|p| t.starts_with(p)) || CHROME_WIDGETS.contains(&t) || is_timestamp(t) || is_hex_id(t)
}

fn is_tail(line: &str) -> bool {
    let t = line.trim();
    TAIL_PREFIXES.iter().any(|p| t.starts_with(p))
}

/// `2026年02月10日 07时41分`, `2024-03-05 10:21`: a publication time, not a speech date.
fn is_timestamp(t: &str) -> bool {
    let has_date = t.chars().next().is_some_and(|c| c.is_ascii_digit()) && (t.contains('年') || t.contains('-'));
    let has_time = t.contains('时') && t.contains('分') || t.matches(':').count() >= 1 && !t.contains('：');
    has_date && has_time && t.chars().count() <= 24 && !t.contains('在')
}

fn is_hex_id(t: &str) -> bool {
    let t = t.trim_end_matches([':', '：']);
    t.len() >= 16 && t.chars().all(|c| c.is_ascii_hexdigit())
}

/// `同志们：`, `各位代表：`.
#[must_use]
pub fn is_salutation(line: &str) -> bool {
    let t = trim_visible(line);
    let body = t.trim_end_matches(['：', ':', '！', '!']);
    body.len() < t.len()
        && t.chars().count() <= 20
        && ADDRESSEES.iter().any(|a| body.contains(a))
        && !body.contains('，')
}

/// A paragraph that opens with an address and a comma: `同志们，…`, `各位代表！…`.
#[must_use]
pub fn starts_with_address(line: &str) -> bool {
    let t = line.trim_start();
    ADDRESSEES.iter().any(|a| t.strip_prefix(a).is_some_and(|rest| rest.starts_with(['，', '！', ',', '!'])))
}

fn is_date_line(t: &str) -> bool {
    let inner = t.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    let digits = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十０１２３４５６７８９".contains(c))
    };
    let Some((year, rest)) = inner.split_once('年') else { return false };
    let Some((month, rest)) = rest.split_once('月') else { return false };
    digits(year) && digits(month) && rest.strip_suffix('日').is_some_and(digits)
}

fn is_subtitle(t: &str) -> bool {
    t.starts_with("——")
        || (t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains('在') && t.ends_with('上'))
}

fn is_speaker(t: &str) -> bool {
    t.chars().count() <= 30 && !t.contains(['。', '，', '：']) && OFFICES.iter().any(|o| t.contains(o))
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(['”', '’', '）', '」', '』', ')'])
        .ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':', '…'])
}

fn looks_like_body(t: &str) -> bool {
    t.chars().count() > 60 || t.contains('。') || super::marker::leading(t).is_some()
}

/// Scan the frame of a document.
#[must_use]
pub fn scan(doc: &Document) -> FrameScan {
    let n = doc.paragraphs().len();
    let text = |i: usize| trim_visible(doc.paragraph_text(i));
    let mut roles = vec![Role::Body; n];
    let mut frame = Frame::default();

    // Chrome anywhere, plus the value line after a chrome label such as `来源:`.
    for i in 0..n {
        if is_chrome(text(i)) {
            roles[i] = Role::Chrome;
            let label = text(i).ends_with([':', '：']);
            if label && i + 1 < n && text(i + 1).chars().count() <= 12 && !is_salutation(text(i + 1)) {
                roles[i + 1] = Role::Chrome;
            }
        }
    }
    let tail_from = n.saturating_sub(50);
    let body_end = (tail_from..n).find(|&i| is_tail(text(i))).unwrap_or(n);
    for role in &mut roles[body_end..] {
        *role = Role::Chrome;
    }

    let first = (0..body_end).find(|&i| roles[i] != Role::Chrome).unwrap_or(body_end);
    let salutation = (first..body_end.min(first + 20)).find(|&i| roles[i] != Role::Chrome && is_salutation(text(i)));
    let mut body_start = first;
    if first < body_end && !looks_like_body(text(first)) && !ends_sentence(text(first)) {
        roles[first] = Role::Title;
        let mut title = text(first).to_owned();
        let mut title_lines = 1;
        let head_end = salutation.unwrap_or(body_end);
        let mut i = first + 1;
        while i < head_end {
            let t = text(i);
            let mut role = Role::Head;
            if roles[i] == Role::Chrome {
                i += 1;
                continue;
            } else if is_subtitle(t) && frame.subtitle.is_none() {
                role = Role::Subtitle;
                let mut sub = t.to_owned();
                // A subtitle wrapped onto a second line ends its first line mid-phrase.
                if !sub.ends_with(['上', '）', ')']) && i + 1 < head_end && roles[i + 1] != Role::Chrome {
                    let next = text(i + 1);
                    if next.chars().count() <= 30 && !is_date_line(next) && !is_speaker(next) && !ends_sentence(next) {
                        sub.push_str(next);
                        roles[i] = Role::Subtitle;
                        i += 1;
                    }
                }
                frame.subtitle = Some(sub);
            } else if is_date_line(t) && frame.date.is_none() {
                role = Role::Date;
                frame.date = Some(t.to_owned());
            } else if is_speaker(t) && frame.speaker.is_none() {
                role = Role::Speaker;
                let mut speaker = t.to_owned();
                // `国务院总理` with the name on the next line.
                if OFFICES.iter().any(|o| t.ends_with(o)) && i + 1 < head_end {
                    let name = text(i + 1);
                    if (1..=5).contains(&name.chars().count()) && !is_salutation(name) {
                        speaker = format!("{t} {name}");
                        roles[i] = Role::Speaker;
                        i += 1;
                    }
                }
                frame.speaker = Some(speaker);
            } else if salutation.is_none() && (looks_like_body(t) || ends_sentence(t)) {
                break;
            } else if title.contains(t) {
                // A repeated title (or a fragment of one) adds nothing.
                role = Role::Title;
            } else if title_lines == 1 && i == first + 1 && t.chars().count() <= 30 && !ends_sentence(t) {
                role = Role::Title;
                title.push_str(t);
                title_lines += 1;
            } else if salutation.is_none() {
                break;
            }
            roles[i] = role;
            i += 1;
        }
        frame.title = Some(title);
        body_start = i;
    }
    if let Some(s) = salutation.filter(|&s| s >= body_start) {
        roles[s] = Role::Salutation;
        frame.salutation = Some(text(s).to_owned());
        body_start = s + 1;
    }
    FrameScan { frame, roles, body_start, body_end }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    fn scan_text(text: &str) -> FrameScan {
        scan(&Document::from_text(text.to_owned(), Source::named("t")))
    }

    #[test]
    fn title_date_speaker_salutation() {
        let s = scan_text("在2024年县委工作会议上的讲话\n（2024年2月18日）\n县委书记　×××\n同志们：\n今天开会。\n");
        assert_eq!(s.frame.title.as_deref(), Some("在2024年县委工作会议上的讲话"));
        assert_eq!(s.frame.date.as_deref(), Some("（2024年2月18日）"));
        assert_eq!(s.frame.speaker.as_deref(), Some("县委书记　×××"));
        assert_eq!(s.frame.salutation.as_deref(), Some("同志们："));
        assert_eq!(s.body_start, 4);
        assert_eq!(s.roles[..4], [Role::Title, Role::Date, Role::Speaker, Role::Salutation]);
    }

    #[test]
    fn two_line_title_and_wrapped_subtitle() {
        let s = scan_text("在县委理论学习中心组2024年第三次\n专题学习会上的讲话\n各位代表：\n正文。");
        assert_eq!(s.frame.title.as_deref(), Some("在县委理论学习中心组2024年第三次专题学习会上的讲话"));
        let s = scan_text(
            "2025年县政府工作报告\n——2025年1月8日在县第十八届人民代表大会\n第五次会议上\n县长　×××\n各位代表：\n正文。",
        );
        assert_eq!(s.frame.subtitle.as_deref(), Some("——2025年1月8日在县第十八届人民代表大会第五次会议上"));
        assert_eq!(s.frame.speaker.as_deref(), Some("县长　×××"));
    }

    #[test]
    fn web_chrome_is_never_the_title() {
        let s = scan_text(
            "当前位置：首页\n2026年某省人民政府工作报告\n2026年02月10日 07时41分\n来源:\n某某日报\n【字体：\n大\n中\n小\n】\n2026年2月3日在某省人民代表大会第五次会议上\n某省人民政府省长 ×××\n各位代表：\n现在，我代表省人民政府报告工作。\n责任编辑：\n某某\n打印本页",
        );
        assert_eq!(s.frame.title.as_deref(), Some("2026年某省人民政府工作报告"));
        assert_eq!(s.frame.subtitle.as_deref(), Some("2026年2月3日在某省人民代表大会第五次会议上"));
        assert_eq!(s.frame.speaker.as_deref(), Some("某省人民政府省长 ×××"));
        assert_eq!(s.roles[0], Role::Chrome);
        assert_eq!(s.body_end, 14);
        assert!(s.roles[14..].iter().all(|r| *r == Role::Chrome));
    }

    #[test]
    fn speaker_name_on_the_next_line() {
        let s = scan_text(
            "政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n国务院总理　\n李克强\n各位代表：\n正文。",
        );
        assert_eq!(s.frame.speaker.as_deref(), Some("国务院总理 李克强"));
    }

    #[test]
    fn no_title_when_the_text_starts_with_body() {
        let s = scan_text("现在，我代表政府报告工作。请予审议。\n一、回顾\n");
        assert_eq!(s.frame.title, None);
        assert_eq!(s.body_start, 0);
    }
}
