//! The document frame: title block, web chrome, salutation and where the body starts and ends.
//!
//! The head is read by shape ([`head`]): the anchors of the title block and the headline above
//! them. The body ends where the page's tail begins ([`tail`]). No list of a site's words is
//! consulted; see [`shape`] for what makes a line chrome.

mod head;
pub mod shape;
mod tail;

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

/// Words that make a short line a salutation.
const ADDRESSEES: &[&str] = &["同志们", "各位代表", "各位委员", "各位领导", "朋友们", "各位来宾", "同志们、朋友们"];

/// `同志们：`, `各位代表：`. A colon alone does not make a salutation (`分享：`, `相关报道：`): the
/// line must address people.
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

impl Frame {
    /// The date when it stands on a line of its own; `None` when it is the subtitle's date, which
    /// a reader already sees there.
    #[must_use]
    pub fn date_line(&self) -> Option<&str> {
        let date = self.date.as_deref()?;
        (!self.subtitle.as_deref().is_some_and(|s| s.contains(date))).then_some(date)
    }
}

/// How many lines above the salutation (or the body) are read for the title block.
const MAX_HEAD_LINES: usize = 200;

/// A paragraph that opens the body: numbered, or a sentence, or a long clause, and not page
/// furniture such as a caption (`…记者 ×× 摄`).
fn opens_body(t: &str) -> bool {
    let sentence =
        (shape::ends_sentence(t) && shape::han_count(t) >= 2) || (t.chars().count() >= 40 && t.contains(['，', '。']));
    !is_salutation(t) && !shape::is_furniture(t) && (shape::starts_numbered(t) || sentence)
}

/// Scan the frame of a document.
#[must_use]
pub fn scan(doc: &Document) -> FrameScan {
    let texts: Vec<&str> = (0..doc.paragraphs().len()).map(|i| trim_visible(doc.paragraph_text(i))).collect();
    let n = texts.len();
    let first_body = texts.iter().position(|t| opens_body(t));
    let salutation = (0..first_body.unwrap_or(n)).find(|&i| is_salutation(texts[i]));
    let head_end = salutation.or(first_body).unwrap_or_else(|| {
        // No body to stand above: the first headline is the title.
        texts.iter().position(|t| shape::is_headline(t)).map_or(0, |t| t + 1)
    });
    // A title block is a few lines; what lies further up is page chrome, and reading it would
    // only cost time on pathological input.
    let head_start = head_end.saturating_sub(MAX_HEAD_LINES);
    let head = head::read(&texts[head_start..head_end]);
    let mut roles = vec![Role::Chrome; head_start];
    roles.extend(head.roles);
    roles.resize(n, Role::Body);
    let body_start = salutation.map_or(head_end, |s| s + 1);
    if let Some(s) = salutation {
        roles[s] = Role::Salutation;
    }
    let body_end = tail::start(&texts, body_start);
    for role in &mut roles[body_end..] {
        *role = Role::Chrome;
    }
    let frame = Frame { salutation: salutation.map(|s| texts[s].to_owned()), ..head.frame };
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
