//! The line-breaking rules (禁则) of W3C clreq at the "basic" level, as data, and a fast
//! classifier over them for the wrapping loop.

/// Characters that never start a row: closing punctuation, pause and stop marks, and the middle
/// dots (`·` is a break opportunity in UAX #14 but must stay with the name before it).
pub const NO_START: &[char] = &[
    '、', '，', '。', '：', '；', '！', '？', '”', '’', '」', '』', '）', '》', '〉', '】', '〕', '〗', '］', '｝',
    '％', ',', '.', ';', ':', '!', '?', ')', ']', '}', '%', '·', '・',
];

/// Characters that never end a row: opening quotes and brackets.
pub const NO_END: &[char] = &['“', '‘', '「', '『', '（', '《', '〈', '【', '〔', '〖', '［', '｛', '(', '[', '{'];

/// Characters that are written doubled (`——`, `……`) and never split between two of them.
pub const NO_SPLIT: &[char] = &['—', '…'];

/// May not start a row.
pub(super) const NS: u8 = 1;
/// May not end a row.
pub(super) const NE: u8 = 1 << 1;
/// Never split between two of the same ([`NO_SPLIT`]).
pub(super) const PAIR: u8 = 1 << 2;
/// Hangs at the end of a row without counting: ASCII space and tab.
pub(super) const HANG: u8 = 1 << 3;
/// ASCII digit: kept with a following ideograph (`2023年`).
pub(super) const DIGIT: u8 = 1 << 4;
/// Opening curly quote `“ ‘`.
pub(super) const OPEN_QUOTE: u8 = 1 << 5;
/// Closing curly quote `” ’`.
pub(super) const CLOSE_QUOTE: u8 = 1 << 6;

const fn contains(set: &[char], c: char) -> bool {
    let mut i = 0;
    while i < set.len() {
        if set[i] as u32 == c as u32 {
            return true;
        }
        i += 1;
    }
    false
}

/// The flags of one character, from the tables above. `const` so the ASCII table is built at
/// compile time from the same data.
const fn slow_flags(c: char) -> u8 {
    let mut f = 0;
    if contains(NO_START, c) {
        f |= NS;
    }
    if contains(NO_END, c) {
        f |= NE;
    }
    if contains(NO_SPLIT, c) {
        f |= PAIR;
    }
    if c == ' ' || c == '\t' {
        f |= HANG;
    }
    if c.is_ascii_digit() {
        f |= DIGIT;
    }
    if c == '“' || c == '‘' {
        f |= OPEN_QUOTE;
    }
    if c == '”' || c == '’' {
        f |= CLOSE_QUOTE;
    }
    f
}

const ASCII_FLAGS: [u8; 128] = {
    let mut table = [0; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = slow_flags(i as u8 as char);
        i += 1;
    }
    table
};

/// Does `c` lie in one of the blocks that hold the non-ASCII characters of the tables? Han
/// characters, the bulk of the text, fail this test in one comparison.
#[inline]
const fn maybe_flagged(u: u32) -> bool {
    matches!(u, 0xB7 | 0x2014..=0x2026 | 0x3001..=0x3017 | 0x30FB | 0xFF01..=0xFF5E)
}

/// The flags of `c`: a table lookup for ASCII, one range test for most other characters.
#[inline]
pub(super) fn flags(c: char) -> u8 {
    let u = c as u32;
    if u < 128 {
        ASCII_FLAGS[u as usize]
    } else if maybe_flagged(u) {
        slow_flags(c)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_classifier_agrees_with_the_tables_everywhere() {
        for u in 0..=0x10_FFFF {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(flags(c), slow_flags(c), "U+{u:04X}");
            }
        }
        for &c in NO_START.iter().chain(NO_END).chain(NO_SPLIT) {
            assert!(c.is_ascii() || maybe_flagged(c as u32), "{c} is outside the prefilter");
        }
    }

    #[test]
    fn the_basic_set_of_the_design_is_covered() {
        for c in "、，。：；！？”’」』）》〉】,.;:!?)]}%·・".chars() {
            assert!(flags(c) & NS != 0, "{c}");
        }
        for c in "“‘「『（《〈【([{".chars() {
            assert!(flags(c) & NE != 0, "{c}");
        }
        assert_eq!(flags('两'), 0);
        assert_eq!(flags('a'), 0);
    }
}
