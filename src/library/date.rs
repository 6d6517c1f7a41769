//! The date of a speech, for ordering a library of documents in time.
//!
//! A speech says when it was given in its title block: a date line `（2023年2月10日）` (also with
//! Chinese numerals, `二〇二三年二月十日`), or a subtitle `——2024年3月5日在…会议上`. Failing
//! those, the title often names the year (`2023年政府工作报告`, `在2023年县委工作会议上的讲话`),
//! and collections are often named by year (`gwr/2019.txt`). [`date_of`] tries them in that order
//! and keeps as much precision as the source gives: a year, a month or a full day.

use std::fmt;

use crate::structure::Outline;

/// A calendar date with optional month and day, ordered by year, then month, then day (a date
/// without a month sorts before the dated months of its year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    pub year: u16,
    /// 1–12, when known.
    pub month: Option<u8>,
    /// 1–31, when known; only ever set together with `month`.
    pub day: Option<u8>,
}

impl DocDate {
    /// A date that names only its year.
    #[must_use]
    pub fn year(year: u16) -> Self {
        Self { year, month: None, day: None }
    }

    /// The date in ISO 8601 with the precision it has: `2023`, `2023-03` or `2023-03-05`.
    #[must_use]
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The date [`DocDate::iso`] wrote (a month or day out of range is left out).
    #[must_use]
    pub fn from_iso(iso: &str) -> Option<Self> {
        let mut parts = iso.split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month = parts.next().and_then(|m| m.parse().ok()).filter(|m| (1..=12).contains(m));
        let day = month.and(parts.next().and_then(|d| d.parse().ok()).filter(|d| (1..=31).contains(d)));
        Some(Self { year, month, day })
    }
}

impl fmt::Display for DocDate {
    /// `2023年`, `2023年3月` or `2023年3月5日`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年", self.year)?;
        if let Some(m) = self.month {
            write!(f, "{m}月")?;
            if let Some(d) = self.day {
                write!(f, "{d}日")?;
            }
        }
        Ok(())
    }
}

/// Years a date in a speech's text may have.
const TEXT_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;
/// Years a bare four-digit number in a file name may have.
const NAME_YEARS: std::ops::RangeInclusive<u16> = 1949..=2100;

/// The date of a document: from its date line, else its subtitle, else a year in its title, else a
/// four-digit year (1949–2100) in its file name (`name` may be a path; only the last component is
/// read).
#[must_use]
pub fn date_of(outline: &Outline, name: &str) -> Option<DocDate> {
    let frame = &outline.frame;
    [&frame.date, &frame.subtitle, &frame.title]
        .into_iter()
        .flatten()
        .find_map(|line| find_date(line))
        .or_else(|| date_in_name(name))
}

/// The first date written in `text`: a year (four ASCII, full-width or Chinese digits) followed by
/// `年`, with the month (`月`) and day (`日`) that follow it, if they do.
#[must_use]
pub fn find_date(text: &str) -> Option<DocDate> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '年' || i < 4 {
            continue;
        }
        // Exactly four digits: a fifth one before them means this is not a year.
        if i > 4 && year_digit(chars[i - 5]).is_some() {
            continue;
        }
        let Some(year) = chars[i - 4..i].iter().try_fold(0u16, |acc, &d| Some(acc * 10 + year_digit(d)?)) else {
            continue;
        };
        if !TEXT_YEARS.contains(&year) {
            continue;
        }
        let mut date = DocDate::year(year);
        let rest = &chars[i + 1..];
        if let Some((month, used)) = number_before(rest, '月').filter(|(m, _)| (1..=12).contains(m)) {
            date.month = Some(month);
            if let Some((day, _)) = number_before(&rest[used..], '日').filter(|(d, _)| (1..=31).contains(d)) {
                date.day = Some(day);
            }
        }
        return Some(date);
    }
    None
}

/// A digit of a year: ASCII, full-width, or a Chinese numeral (`〇` and its look-alikes `○` `零`).
fn year_digit(c: char) -> Option<u16> {
    match c {
        '0'..='9' => Some(u16::from(c as u8 - b'0')),
        '０'..='９' => u16::try_from(u32::from(c) - u32::from('０')).ok(),
        '〇' | '○' | '零' | 'Ｏ' => Some(0),
        _ => "一二三四五六七八九".chars().position(|d| d == c).and_then(|p| u16::try_from(p + 1).ok()),
    }
}

/// A number of one or two ASCII or full-width digits, or a Chinese numeral up to 三十九, right at
/// the start of `chars` and followed by `unit`. Returns the value and the chars used, unit included.
fn number_before(chars: &[char], unit: char) -> Option<(u8, usize)> {
    let end = chars.iter().take(4).position(|&c| c == unit)?;
    let digits = &chars[..end];
    let value = arabic(digits).or_else(|| chinese(digits))?;
    Some((value, end + 1))
}

fn arabic(digits: &[char]) -> Option<u8> {
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.iter().try_fold(0u8, |acc, &c| {
        let d = match c {
            '0'..='9' => c as u8 - b'0',
            '０'..='９' => u8::try_from(u32::from(c) - u32::from('０')).ok()?,
            _ => return None,
        };
        Some(acc * 10 + d)
    })
}

/// `一`…`九`, `十`, `十N`, `N十`, `N十M` (N from 二 to 三).
fn chinese(digits: &[char]) -> Option<u8> {
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).and_then(|p| u8::try_from(p + 1).ok());
    match *digits {
        ['十'] => Some(10),
        [d] => digit(d),
        ['十', d] => Some(10 + digit(d)?),
        [t, '十'] => Some(digit(t).filter(|t| (2..=3).contains(t))? * 10),
        [t, '十', d] => Some(digit(t).filter(|t| (2..=3).contains(t))? * 10 + digit(d)?),
        _ => None,
    }
}

/// A year in a file name: the first run of exactly four ASCII digits in 1949–2100, with the month
/// and day when the name goes on as `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or `YYYYMMDD`.
fn date_in_name(name: &str) -> Option<DocDate> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let bytes = file.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &file[start..i];
        let (year, compact_rest) = match run.len() {
            4 => (run, ""),
            8 => (&run[..4], &run[4..]),
            _ => continue,
        };
        let Some(year) = year.parse::<u16>().ok().filter(|y| NAME_YEARS.contains(y)) else { continue };
        let mut date = DocDate::year(year);
        let (month, day) = if compact_rest.is_empty() {
            separated_month_day(&file[i..])
        } else {
            (compact_rest[..2].parse().ok(), compact_rest[2..].parse().ok())
        };
        if let Some(m) = month.filter(|m| (1..=12).contains(m)) {
            date.month = Some(m);
            date.day = day.filter(|d| (1..=31).contains(d));
        }
        return Some(date);
    }
    None
}

/// `-03-05` after a year in a file name: the month and day, when both are there.
fn separated_month_day(rest: &str) -> (Option<u8>, Option<u8>) {
    let mut parts = rest.splitn(3, ['-', '_', '.']);
    let (Some(""), Some(m), Some(tail)) = (parts.next(), parts.next(), parts.next()) else { return (None, None) };
    let d: String = tail.chars().take_while(char::is_ascii_digit).collect();
    let valid = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if valid(m) && valid(&d) { (m.parse().ok(), d.parse().ok()) } else { (None, None) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Source};
    use crate::structure::analyse;

    fn date(text: &str, name: &str) -> Option<DocDate> {
        let doc = Document::from_text(text.to_owned(), Source::named(name));
        date_of(&analyse(&doc), name)
    }

    fn ymd(year: u16, month: u8, day: u8) -> DocDate {
        DocDate { year, month: Some(month), day: Some(day) }
    }

    #[test]
    fn display_order_and_iso() {
        assert_eq!(DocDate::year(2023).to_string(), "2023年");
        assert_eq!(ymd(2023, 3, 5).to_string(), "2023年3月5日");
        assert_eq!(DocDate { year: 2023, month: Some(3), day: None }.to_string(), "2023年3月");
        assert!(DocDate::year(2023) < ymd(2023, 1, 1));
        assert!(ymd(2023, 12, 31) < DocDate::year(2024));
        assert!(ymd(2023, 2, 10) < ymd(2023, 10, 2));
        assert_eq!(ymd(2023, 3, 5).iso(), "2023-03-05");
        assert_eq!(DocDate::year(1954).iso(), "1954");
        for d in [ymd(2023, 3, 5), DocDate::year(1954), DocDate { year: 2023, month: Some(12), day: None }] {
            assert_eq!(DocDate::from_iso(&d.iso()), Some(d), "{d}");
        }
        assert_eq!(DocDate::from_iso("2023-13-05"), Some(DocDate::year(2023)), "an impossible month is left out");
        for bad in ["", "23", "20230", "abcd-01", "２０２３"] {
            assert_eq!(DocDate::from_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn from_the_date_line() {
        let text = "在2023年县委工作会议上的讲话\n（2023年2月10日）\n县委书记　×××\n同志们：\n今天开会。\n";
        assert_eq!(date(text, "x.txt"), Some(ymd(2023, 2, 10)));
        let text = "在县委工作会议上的讲话\n（二〇二三年二月十日）\n同志们：\n今天开会。\n";
        assert_eq!(date(text, "x.txt"), Some(ymd(2023, 2, 10)));
        let text = "在县委工作会议上的讲话\n（二〇二四年十二月二十一日）\n同志们：\n今天开会。\n";
        assert_eq!(date(text, "x.txt"), Some(ymd(2024, 12, 21)));
    }

    #[test]
    fn from_the_subtitle() {
        let text = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　\n李强\n各位代表：\n现在报告工作。\n";
        assert_eq!(date(text, "gwr/2019.txt"), Some(ymd(2024, 3, 5)));
    }

    #[test]
    fn from_a_year_in_the_title() {
        assert_eq!(date("2023年政府工作报告\n各位代表：\n现在报告工作。\n", "a.txt"), Some(DocDate::year(2023)));
        assert_eq!(date("在2023年县委工作会议上的讲话\n同志们：\n今天开会。\n", "a.txt"), Some(DocDate::year(2023)));
    }

    #[test]
    fn from_the_file_name() {
        let text = "政府工作报告\n各位代表：\n现在报告工作。\n";
        assert_eq!(date(text, "gwr/2019.txt"), Some(DocDate::year(2019)));
        assert_eq!(date(text, "/data/speech-2021-06-30.txt"), Some(ymd(2021, 6, 30)));
        assert_eq!(date(text, "20220105_讲话.txt"), Some(ymd(2022, 1, 5)));
        assert_eq!(date(text, "2019/report.txt"), None, "only the file name counts");
        assert_eq!(date(text, "report_1234.txt"), None, "outside 1949–2100");
        assert_eq!(date(text, "id12345.txt"), None, "five digits are not a year");
        assert_eq!(date(text, "讲话.txt"), None);
    }

    #[test]
    fn odd_text_is_no_date_and_never_panics() {
        assert_eq!(find_date("12345年3月5日"), None);
        assert_eq!(find_date("年月日"), None);
        assert_eq!(find_date("2023年13月5日"), Some(DocDate::year(2023)));
        assert_eq!(find_date("2023年3月45日"), Some(DocDate { year: 2023, month: Some(3), day: None }));
        assert_eq!(find_date("２０２３年３月５日"), Some(ymd(2023, 3, 5)));
        assert_eq!(find_date("2023年02月10日"), Some(ymd(2023, 2, 10)));
        for s in ["", "年", "9年", "一九年", "2023年月", "2023年十一十月", "9999年"] {
            let _ = find_date(s);
            let _ = date_in_name(s);
        }
    }
}
