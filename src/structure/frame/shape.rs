//! The shape of one line, independent of where it stands: a date, a subtitle naming an occasion,
//! a personal name, a speaker line, a headline, or web chrome.
//!
//! Nothing here knows the words a site uses for its page furniture. Chrome is recognised by
//! form: a colon label (`来源：`, `分享:`), breadcrumb separators (`>` `|` `»`), widget brackets
//! (`【字号：`), single characters, timestamps, lines without Han text, photo credits (`… 摄`),
//! and sentences that do not end as sentences (captions).

mod date;

pub use date::{date_text, find_date, has_timestamp, is_date_line};
use date::{digit_value, starts_with_date};

/// A Han character (CJK unified ideographs and their extensions, plus `〇`).
#[must_use]
pub fn is_han(c: char) -> bool {
    matches!(c, '〇' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// How many Han characters `t` has.
#[must_use]
pub fn han_count(t: &str) -> usize {
    t.chars().filter(|&c| is_han(c)).count()
}

/// Marks that end a sentence.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';', '…'];
/// Closing marks that may follow a sentence end.
const CLOSERS: &[char] = &['”', '’', '）', '」', '』', ')', '》'];
/// Punctuation a line cannot start with unless it continues the line before.
pub const CONTINUING: &[char] = &['，', '、', '。', '；', '：', '！', '？', '”', '’', '）', '》', '」', '』', ',', ')'];
/// Marks that open something the next line continues.
pub const OPENING: &[char] = &['《', '“', '‘', '（', '「', '『', '〈', '(', '【'];
/// Separators of breadcrumbs and link bars.
const SEPARATORS: &[char] = &['>', '＞', '»', '›', '|', '｜', '〉', '/', '／', '\\'];
/// Marks that show a line is web furniture rather than text: colons of labels, widget brackets,
/// separators.
const FURNITURE: &[char] =
    &['：', ':', '【', '】', '[', ']', '>', '＞', '»', '›', '|', '｜', '〉', '/', '／', '\\', '=', '@', '#'];
/// Characters that may lead a subtitle: dashes of every width.
const DASHES: &[char] = &['—', '―', '–', '-', '－', '─', '━', '~', '～'];

/// Does the line end a sentence (closing quotes and brackets aside)?
#[must_use]
pub fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(CLOSERS).ends_with(SENTENCE_ENDS)
}

/// Does the line end as finished text: a sentence, or a colon that introduces what follows?
#[must_use]
pub fn is_finished(t: &str) -> bool {
    ends_sentence(t) || t.ends_with(['：', ':'])
}

/// Does the line hold a sentence end anywhere?
#[must_use]
pub fn has_sentence_end(t: &str) -> bool {
    t.contains(['。', '！', '？', '；', '!', '?'])
}

/// The line without a leading run of dashes, if it had one.
#[must_use]
pub fn strip_dashes(t: &str) -> Option<&str> {
    let rest = t.trim_start_matches(DASHES);
    (rest.len() < t.len()).then(|| rest.trim_start())
}

/// The inside of a line wrapped whole in round or square brackets.
#[must_use]
pub fn bracketed(t: &str) -> Option<&str> {
    let inner = t.strip_prefix(['（', '(', '〔', '［', '['])?;
    inner.strip_suffix(['）', ')', '〕', '］', ']']).map(str::trim)
}

/// `在…上`: an occasion (`在四川省第十四届人民代表大会第五次会议上`), with something between.
#[must_use]
pub fn names_occasion(t: &str) -> bool {
    t.find('在').is_some_and(|i| t[i + '在'.len_utf8()..].chars().skip(2).any(|c| c == '上'))
}

/// How a line can be a subtitle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subtitle {
    /// A whole subtitle.
    Whole,
    /// The first line of a subtitle wrapped onto the next: it opens `在…` without its `上`.
    Opening,
}

/// A subtitle naming the occasion: led by a dash (any of `——` `――` `—` `--`), wrapped in
/// brackets, or starting with the date, and naming `在…上`; or a bare `在…会议上`.
#[must_use]
pub fn subtitle(t: &str) -> Option<Subtitle> {
    if has_sentence_end(t) || t.chars().count() > 90 || t.contains(['：', ':']) {
        return None;
    }
    let (core, led) = match strip_dashes(t).or_else(|| bracketed(t)) {
        Some(core) => (core, true),
        None => (t, false),
    };
    let dated = find_date(core).is_some_and(|(s, _)| s == 0);
    let occasion = names_occasion(core);
    if led || dated {
        if occasion || (led && is_date_line(core)) {
            return Some(Subtitle::Whole);
        }
        // Wrapped before its `上`, or even inside its date (`——2026年1月` / `25日在…会议上`).
        let date_head =
            led && core.contains('年') && core.chars().all(|c| digit_value(c).is_some() || "年月日十".contains(c));
        return (core.contains('在') || date_head).then_some(Subtitle::Opening);
    }
    (occasion && core.ends_with('上')).then_some(Subtitle::Whole)
}

/// The second line of a wrapped subtitle: short, no sentence, and it closes the occasion.
#[must_use]
pub fn closes_subtitle(opening: &str, next: &str) -> bool {
    next.chars().count() <= 40
        && !has_sentence_end(next)
        && !next.contains(['：', ':'])
        && names_occasion(&format!("{opening}{next}"))
}

/// A personal name alone: two to four Han characters (spaces inside are layout: `李　强`), a
/// name with a middle dot, or a placeholder such as `×××`.
#[must_use]
pub fn is_name(t: &str) -> bool {
    let compact: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.len();
    let placeholder = compact.iter().all(|c| matches!(c, '×' | '*' | '＊' | 'X' | 'Ｘ' | '某' | '○'));
    let dotted = compact.iter().any(|&c| matches!(c, '·' | '•' | '・'))
        && compact.iter().all(|&c| is_han(c) || matches!(c, '·' | '•' | '・'))
        && compact.first().is_none_or(|&c| is_han(c))
        && compact.last().is_none_or(|&c| is_han(c));
    ((2..=4).contains(&n) && (placeholder || compact.iter().all(|&c| is_han(c)))) || (dotted && n <= 12)
}

/// A speaker line: an office, a space, and a name: `省长 李炳军`, `县委书记　×××`.
#[must_use]
pub fn is_speaker_line(t: &str) -> bool {
    // The name may itself hold a space (`市长　王　刚`), so try every break.
    t.char_indices().filter(|(_, c)| c.is_whitespace()).any(|(i, c)| {
        let (office, name) = (t[..i].trim(), &t[i + c.len_utf8()..]);
        is_name(name)
            && han_count(office) >= 2
            && office.chars().count() <= 24
            && !office.contains(FURNITURE)
            && !has_sentence_end(office)
            && !office.contains(['，', ','])
    })
}

/// A photo credit ends a caption: `…本报记者 戴冰摄`.
#[must_use]
pub fn is_credit(t: &str) -> bool {
    t.ends_with('摄') && t.chars().count() >= 3
}

/// A line that begins a numbered heading (`一、` `（一）` `1.`), which no title block line does.
#[must_use]
pub fn starts_numbered(t: &str) -> bool {
    use super::super::marker::{Style, leading};
    leading(t).is_some_and(|f| {
        matches!(
            f.style,
            Style::Part | Style::Chapter | Style::ItemDot | Style::ItemParen | Style::ItemCircled | Style::ItemBracket
        )
    })
}

/// A line that could be a headline: some Han text, no sentence, no furniture marks, not a date,
/// a time or a credit, not numbered.
#[must_use]
pub fn is_headline(t: &str) -> bool {
    han_count(t) >= 2
        && strip_dashes(t).is_none()
        && t.chars().count() <= 60
        && !has_sentence_end(t)
        && !t.contains(FURNITURE)
        && !t.ends_with(['，', '、', ','])
        && !t.starts_with(CONTINUING)
        && !is_credit(t)
        && !has_timestamp(t)
        && !starts_with_date(t)
        && !is_date_line(t)
        && !starts_numbered(t)
}

/// A headline and its subtitle on one line: `2026年政府工作报告——2026年3月5日在…会议上`.
#[must_use]
pub fn split_title_subtitle(t: &str) -> Option<(&str, &str)> {
    let at = t
        .char_indices()
        .skip(1)
        .find(|&(i, c)| DASHES.contains(&c) && t[i..].chars().nth(1).is_some_and(|d| DASHES.contains(&d)))?
        .0;
    let (head, sub) = (t[..at].trim_end(), &t[at..]);
    (is_headline(head) && subtitle(sub) == Some(Subtitle::Whole)).then_some((head, sub))
}

/// Separators between a headline and a tag on the same line (`全文丨…`, `…｜实录`).
const TAG_SEPARATORS: &[char] = &['|', '｜', '丨'];

/// The headline of a line, without a short tag a news site puts before or after it (`【全文】`,
/// `全文丨`, `…（全文）` stays): the line itself when it is a headline, else its one long part.
#[must_use]
pub fn headline_text(t: &str) -> Option<&str> {
    if let Some((head, _)) = split_title_subtitle(t) {
        return Some(head);
    }
    if is_headline(t) && !t.contains(TAG_SEPARATORS) {
        return Some(t);
    }
    let tag = |s: &str| (1..=4).contains(&s.trim().chars().count()) && han_count(s) == s.trim().chars().count();
    let long = |s: &str| s.chars().count() >= 8 && is_headline(s);
    let pieces: Option<(&str, &str)> = if let Some(rest) = t.strip_prefix('【') {
        rest.split_once('】')
    } else if let Some(rest) = t.strip_suffix('】') {
        rest.rsplit_once('【').map(|(head, tag)| (tag, head))
    } else if t.matches(TAG_SEPARATORS).count() == 1 {
        t.split_once(TAG_SEPARATORS).map(|(a, b)| if tag(a) { (a, b) } else { (b, a) })
    } else {
        None
    };
    let (label, rest) = pieces?;
    let rest = rest.trim();
    (tag(label) && long(rest)).then_some(rest)
}

/// A label with its value missing: `来源:`, `分享：`, `【字号：`. The value, if any, is on the
/// next line.
#[must_use]
pub fn is_bare_label(t: &str) -> bool {
    let core = t.trim_start_matches(['【', '[', '［']).trim_end_matches(['：', ':']);
    core.len() < t.trim_start_matches(['【', '[', '［']).len()
        && (1..=8).contains(&core.chars().count())
        && !core.contains(FURNITURE)
        && !has_sentence_end(core)
}

/// Furniture by form, wherever it stands: breadcrumbs and link bars, widget brackets, a colon
/// label with a short value, timestamps, credits, lines with no Han text, single characters.
#[must_use]
pub fn is_furniture(t: &str) -> bool {
    let n = t.chars().count();
    let short_pair = t.split_once(['：', ':']).is_some_and(|(k, v)| {
        let (k, v) = (k.trim_start_matches(['（', '(', '【', '[']), v.trim_end_matches(['）', ')', '】', ']']));
        k.chars().count() <= 8 && v.chars().count() <= 16 && !has_sentence_end(v) && !v.contains(['，', ','])
    });
    t.contains(SEPARATORS)
        || t.starts_with('【')
        || t.ends_with('】')
        || is_bare_label(t)
        || short_pair
        || (has_timestamp(t) && n <= 40)
        || is_credit(t)
        || (han_count(t) == 0 && !t.chars().all(|c| CONTINUING.contains(&c) || SENTENCE_ENDS.contains(&c)))
        || n == 1 && !t.starts_with(CONTINUING) && !t.starts_with(OPENING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtitles_in_every_dress() {
        for s in [
            "——2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "――2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "—2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "--2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "2026年2月3日在四川省第十四届人民代表大会第五次会议上",
            "（2026年1月27日在某省第十四届人民代表大会第四次会议上）",
            "——在中国共产党某省第十二次代表大会上的报告",
        ] {
            assert_eq!(subtitle(s), Some(Subtitle::Whole), "{s}");
        }
        assert_eq!(subtitle("——2025年1月8日在青河县第十八届人民代表大会"), Some(Subtitle::Opening));
        assert!(closes_subtitle("——2025年1月8日在青河县第十八届人民代表大会", "第五次会议上"));
        assert_eq!(subtitle("——2026年1月"), Some(Subtitle::Opening));
        assert!(closes_subtitle("——2026年1月", "25日在某省第十四届人民代表大会第四次会议上"));
        for s in [
            "在2023年县委工作会议上的讲话",
            "2026年北京市政府工作报告",
            "2026年02月10日 07时41分",
            "——经济运行稳中向好。",
        ] {
            assert_eq!(subtitle(s), None, "{s}");
        }
    }

    #[test]
    fn names_and_speaker_lines() {
        for s in ["毛伟明", "李　强", "×××", "买买提·艾力"] {
            assert!(is_name(s), "{s}");
        }
        for s in ["2026年", "政府工作报告", "】"] {
            assert!(!is_name(s), "{s}");
        }
        assert!(is_speaker_line("四川省人民政府省长 施小琳"));
        assert!(is_speaker_line("县委书记　×××"));
        assert!(is_speaker_line("青河市市长　王　刚"));
        assert!(!is_speaker_line("北京市市长殷勇"));
        assert!(!is_speaker_line("来源： 北京日报"));
    }

    #[test]
    fn furniture_by_form() {
        for s in [
            "分享:",
            "【字号：",
            "】",
            "大",
            "当前位置：首页 > 政务信息 > 要闻",
            "（来源：北京日报）",
            "编辑：王五",
            "时间：2026-02-02",
            "殷勇同志作政府工作报告。本报记者 戴冰摄",
            "Public domain",
            "abcd39f1fb7f426d9dfb6bd0fa1f2146:",
            "相关附件>>",
        ] {
            assert!(is_furniture(s), "{s}");
        }
        for s in ["各位代表：现在，我代表省人民政府，向大会报告工作，请予审议。", "政府工作报告", "。"]
        {
            assert!(!is_furniture(s), "{s}");
        }
    }

    #[test]
    fn tagged_headlines() {
        assert_eq!(headline_text("【全文】2026年某省政府工作报告"), Some("2026年某省政府工作报告"));
        assert_eq!(headline_text("全文丨2026年某省政府工作报告"), Some("2026年某省政府工作报告"));
        assert_eq!(headline_text("2026年某省政府工作报告｜实录"), Some("2026年某省政府工作报告"));
        assert_eq!(headline_text("首页 | 要闻"), None);
        assert_eq!(
            split_title_subtitle("2026年某省政府工作报告——2026年1月25日在某省第十六届人民代表大会第四次会议上"),
            Some(("2026年某省政府工作报告", "——2026年1月25日在某省第十六届人民代表大会第四次会议上"))
        );
        assert_eq!(headline_text("首页 > 2026年某省政府工作报告"), None);
        assert!(is_date_line("（2023年2月10日上午）"));
        assert!(!is_headline("2026年1月25日 星期日"));
    }

    #[test]
    fn headlines() {
        for s in [
            "2026年四川省人民政府工作报告",
            "在2023年县委工作会议上的讲话",
            "政府工作报告",
            "1964年政府工作报告（摘要）",
        ] {
            assert!(is_headline(s), "{s}");
        }
        for s in ["来源：四川日报", "首页 > 要闻", "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿", "一、回顾", "大"]
        {
            assert!(!is_headline(s), "{s}");
        }
    }
}
