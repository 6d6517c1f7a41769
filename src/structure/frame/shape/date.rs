//! Dates as title blocks and web pages write them: the speech's date (`2026年1月25日`,
//! `二〇二六年一月二十七日`, in brackets or in the subtitle) and a page's publication time
//! (`2026-02-02 10:21`, `07时41分`), which is chrome.

use super::{bracketed, is_han};

pub(super) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(u32::from(c) - u32::from('0')),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        '〇' | '○' | '零' | 'Ｏ' => Some(0),
        _ => "一二三四五六七八九".chars().position(|d| d == c).and_then(|p| u32::try_from(p + 1).ok()),
    }
}

/// Chars of a month or day number before `unit`: one or two digits, or a Chinese numeral up to
/// 三十一 (`十二`, `二十七`).
fn small_number(chars: &[char], unit: char) -> Option<usize> {
    let end = chars.iter().take(4).position(|&c| c == unit)?;
    let ok = (1..=3).contains(&end) && chars[..end].iter().all(|&c| digit_value(c).is_some() || c == '十');
    ok.then_some(end + 1)
}

/// The char range of a full date `2026年1月25日` / `二〇二六年一月二十七日` starting at `at`.
fn date_at(chars: &[char], at: usize) -> Option<usize> {
    let year = chars.get(at..at + 4)?;
    if !year.iter().all(|&c| digit_value(c).is_some()) || chars.get(at + 4) != Some(&'年') {
        return None;
    }
    let month = small_number(&chars[at + 5..], '月')?;
    let day = small_number(&chars[at + 5 + month..], '日').or_else(|| small_number(&chars[at + 5 + month..], '号'))?;
    Some(5 + month + day)
}

/// The first full date written in `t`, as `(char start, char end)`.
#[must_use]
pub fn find_date(t: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = t.chars().collect();
    (0..chars.len()).find_map(|i| date_at(&chars, i).map(|len| (i, i + len)))
}

/// The first full date in `t`, as written.
#[must_use]
pub fn date_text(t: &str) -> Option<String> {
    let (s, e) = find_date(t)?;
    Some(t.chars().skip(s).take(e - s).collect())
}

/// A line that is a date and nothing else, bare or in brackets: `（2023年2月10日）`.
#[must_use]
pub fn is_date_line(t: &str) -> bool {
    let whole = |inner: &str| find_date(inner).is_some_and(|(s, e)| s == 0 && e == inner.chars().count());
    match bracketed(t) {
        // `（2023年2月10日上午）`: in brackets a time of day may follow.
        Some(inner) => find_date(inner).is_some_and(|(s, e)| {
            let rest: Vec<char> = inner.chars().skip(e).collect();
            s == 0 && rest.len() <= 4 && rest.iter().all(|&c| is_han(c))
        }),
        None => whole(t),
    }
}

/// A line that starts with a full date but is not only a date: `2026年1月25日 星期日`.
pub(super) fn starts_with_date(t: &str) -> bool {
    find_date(t).is_some_and(|(s, _)| s == 0)
}

/// A clock time (`07:41`, `07时41分`) or a numeric date (`2026-02-02`, `2026/1/25`): when a page
/// was published, never when a speech was given.
#[must_use]
pub fn has_timestamp(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let clock =
        (1..chars.len()).any(|i| matches!(chars[i], ':' | '：') && digit(i - 1) && digit(i + 1) && digit(i + 2));
    let hours = t.contains('时') && t.contains('分') && chars.iter().any(char::is_ascii_digit);
    let numeric = (0..chars.len()).any(|i| {
        (0..4).all(|k| digit(i + k))
            && matches!(chars.get(i + 4), Some('-' | '/' | '.'))
            && digit(i + 5)
            && (i == 0 || !digit(i - 1))
    });
    clock || hours || numeric
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_arabic_and_chinese_numerals() {
        assert!(is_date_line("（2023年2月10日）"));
        assert!(is_date_line("二〇二六年一月二十七日"));
        assert!(!is_date_line("2026年02月10日 07时41分"));
        assert_eq!(
            date_text("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上").as_deref(),
            Some("二〇二六年一月二十七日")
        );
        assert!(has_timestamp("2026年02月10日 07时41分"));
        assert!(has_timestamp("时间：2026-02-02"));
        assert!(!has_timestamp("2026年1月25日"));
    }
}
