//! Numbers as they appear in markers: Chinese numerals (`十一`), ASCII and full-width digits,
//! circled numbers (`③`).

/// Chinese numeral digits that can start a marker number.
pub const CN_DIGITS: &str = "一二三四五六七八九十";

fn cn_digit(c: char) -> Option<u32> {
    CN_DIGITS.chars().position(|d| d == c).map(|i| i as u32 + 1)
}

/// Parse a leading Chinese numeral from 一 to 九十九. Returns its value and its length in bytes.
#[must_use]
pub fn chinese(s: &str) -> Option<(u32, usize)> {
    let digits: Vec<u32> = s.chars().take(3).map_while(cn_digit).collect();
    // Try the longest prefix that forms a well-made numeral: 十, 十N, N十, N十M, N.
    for len in (1..=digits.len()).rev() {
        let value = match digits[..len] {
            [10] => Some(10),
            [10, d] if d < 10 => Some(10 + d),
            [t, 10] if t < 10 && t > 1 => Some(t * 10),
            [t, 10, d] if t < 10 && t > 1 && d < 10 => Some(t * 10 + d),
            [d] if d < 10 => Some(d),
            _ => None,
        };
        if let Some(v) = value {
            return Some((v, len * '一'.len_utf8()));
        }
    }
    None
}

/// Parse one to three leading ASCII or full-width digits. Returns the value and the byte length.
#[must_use]
pub fn arabic(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut len = 0;
    for (count, c) in s.chars().enumerate() {
        let d = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            '０'..='９' => u32::from(c) - u32::from('０'),
            _ => break,
        };
        if count == 3 {
            return None;
        }
        value = value * 10 + d;
        len += c.len_utf8();
    }
    (len > 0).then_some((value, len))
}

/// The value of a circled number ① to ⑳.
#[must_use]
pub fn circled(c: char) -> Option<u32> {
    ('①'..='⑳').contains(&c).then(|| u32::from(c) - u32::from('①') + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese("一、"), Some((1, 3)));
        assert_eq!(chinese("十、"), Some((10, 3)));
        assert_eq!(chinese("十一、"), Some((11, 6)));
        assert_eq!(chinese("二十、"), Some((20, 6)));
        assert_eq!(chinese("二十三要"), Some((23, 9)));
        assert_eq!(chinese("要"), None);
        // 一十 is not written; the parser keeps the well-formed prefix.
        assert_eq!(chinese("一十"), Some((1, 3)));
    }

    #[test]
    fn arabic_and_circled() {
        assert_eq!(arabic("12."), Some((12, 2)));
        assert_eq!(arabic("１２．"), Some((12, 6)));
        assert_eq!(arabic("2023年"), None);
        assert_eq!(arabic("x"), None);
        assert_eq!(circled('③'), Some(3));
        assert_eq!(circled('a'), None);
    }
}
