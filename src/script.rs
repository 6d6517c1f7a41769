//! Traditional and simplified characters: a speech quoted from a Hong Kong or Taiwan source, or
//! typed in traditional characters, is found by a simplified query (`发展` finds `發展`) and counts
//! for a simplified term.
//!
//! Folding is one character to one character, from the Unicode Han Database's
//! `kSimplifiedVariant` (the table `script/traditional.txt` is written by
//! `scripts/gen-traditional.py`), and a character only ever folds to one of the same UTF-8 length,
//! so a folded text has the same byte offsets as its original: matches found in the folded text
//! are ranges of the original. Characters that simplified text uses as they are (`乾` `著` `覆`)
//! are never folded, so folding adds no false matches to a simplified document. The table is
//! closed: a folded character does not fold again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Pairs of characters (traditional, then simplified), one line of many pairs after another.
const PAIRS: &str = include_str!("script/traditional.txt");

/// The dense part of the table: the Han blocks that hold nearly every character of real text.
const DENSE: std::ops::Range<u32> = 0x3400..0xA000;

struct Table {
    /// Per code point of [`DENSE`]: the simplified character, or 0 when it does not fold.
    dense: Box<[u32]>,
    /// The few folding characters outside [`DENSE`] (supplementary planes).
    sparse: HashMap<char, char>,
    /// Per simplified character, the traditional characters that fold to it.
    variants: HashMap<char, Vec<char>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut dense = vec![0u32; (DENSE.end - DENSE.start) as usize].into_boxed_slice();
        let mut sparse = HashMap::new();
        let mut variants: HashMap<char, Vec<char>> = HashMap::new();
        let chars: Vec<char> = PAIRS.chars().filter(|c| *c != '\n').collect();
        for pair in chars.chunks_exact(2) {
            let (traditional, simplified) = (pair[0], pair[1]);
            if traditional.len_utf8() != simplified.len_utf8() {
                continue;
            }
            let code = u32::from(traditional);
            if DENSE.contains(&code) {
                dense[(code - DENSE.start) as usize] = u32::from(simplified);
            } else {
                sparse.insert(traditional, simplified);
            }
            variants.entry(simplified).or_default().push(traditional);
        }
        Table { dense, sparse, variants }
    })
}

/// The simplified form of `c`, or `c` itself when it has none (or is already simplified). Always
/// the same UTF-8 length as `c`.
#[must_use]
#[inline]
pub fn simplified(c: char) -> char {
    let code = u32::from(c);
    if code < DENSE.start {
        return c;
    }
    let table = table();
    if code < DENSE.end {
        let s = table.dense[(code - DENSE.start) as usize];
        return if s == 0 { c } else { char::from_u32(s).unwrap_or(c) };
    }
    if code < 0x20000 {
        return c;
    }
    table.sparse.get(&c).copied().unwrap_or(c)
}

/// `c`, then its simplified form when it has one: whose readings a pinyin query may spell.
pub fn with_simplified(c: char) -> impl Iterator<Item = char> {
    let s = simplified(c);
    std::iter::once(c).chain((s != c).then_some(s))
}

/// Every character that folds to the same as `c`: its simplified form first, then the traditional
/// forms of that (`发` and `發` give `发 發 髮`).
#[must_use]
pub fn variants(c: char) -> Vec<char> {
    let base = simplified(c);
    let mut all = vec![base];
    if let Some(more) = table().variants.get(&base) {
        all.extend(more.iter().copied());
    }
    all
}

/// `text` with every character folded to its simplified form; the same length, with every
/// character at the same byte offset. Borrowed when nothing folds.
#[must_use]
pub fn fold(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = next_folding(bytes, 0) else { return Cow::Borrowed(text) };
    let mut out = bytes.to_vec();
    let mut at = Some(first);
    while let Some((i, len, s)) = at {
        s.encode_utf8(&mut out[i..i + len]);
        at = next_folding(bytes, i + len);
    }
    // Each folded character was replaced by one of the same UTF-8 length, so this never fails.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
}

/// The next character at or after byte `from` (a char boundary) that folds: its offset, UTF-8
/// length and simplified form. Only the lead bytes of the Han blocks and of the supplementary
/// planes are decoded; everything else is stepped over a byte at a time.
fn next_folding(bytes: &[u8], from: usize) -> Option<(usize, usize, char)> {
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        let len = match b {
            0xE3..=0xE9 => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        let c = bytes.get(i..i + len).and_then(|s| std::str::from_utf8(s).ok()).and_then(|s| s.chars().next());
        if let Some(c) = c {
            let s = simplified(c);
            if s != c && s.len_utf8() == len {
                return Some((i, len, s));
            }
        }
        i += len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_traditional_characters_fold() {
        assert_eq!(fold("發展經濟，堅持黨的領導"), "发展经济，坚持党的领导");
        assert_eq!(fold("臺灣後來裡面復興"), "台湾后来里面复兴");
        assert!(matches!(fold("发展经济"), Cow::Borrowed(_)), "simplified text is not copied");
    }

    #[test]
    fn characters_simplified_text_uses_stay() {
        for c in "乾著覆干着复发展".chars() {
            assert_eq!(simplified(c), c, "{c}");
        }
    }

    #[test]
    fn the_table_keeps_lengths_and_is_closed() {
        for pair in PAIRS.chars().filter(|c| *c != '\n').collect::<Vec<_>>().chunks_exact(2) {
            let s = simplified(pair[0]);
            assert_eq!(s.len_utf8(), pair[0].len_utf8(), "{}", pair[0]);
            assert_eq!(simplified(s), s, "{} folds twice", pair[0]);
        }
    }

    #[test]
    fn variants_are_everything_that_folds_alike() {
        let fa = variants('發');
        assert_eq!(fa[0], '发');
        assert!(fa.contains(&'髮') && fa.contains(&'發'));
        assert_eq!(variants('发'), fa);
        assert_eq!(variants('a'), ['a']);
    }

    proptest::proptest! {
        /// Folding never moves a character: the same length and the same char boundaries.
        #[test]
        fn folding_keeps_every_offset(text in "[發展发展a-z，臺灣𠁔\u{3000}\n]{0,40}") {
            let folded = fold(&text);
            proptest::prop_assert_eq!(folded.len(), text.len());
            let a: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let b: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(a, b);
        }
    }
}
