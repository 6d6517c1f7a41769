//! The grams the library index records for a text, and those a query needs.
//!
//! Literal search folds case and full/half width and lets a line break with its indent sit between
//! any two query characters ([`crate::search`]). So a text is indexed after deleting every line
//! break with the whitespace after it and folding each character to one key: then every literal
//! match is a run of keys in the indexed text, and its characters and adjacent pairs (bigrams) are
//! all present. A query needs the bigrams inside each run of non-space characters (a lone
//! character needs itself). Any document holding a match holds these grams; the index may say
//! yes for a document that has none (the caller verifies), never no for one that has one.
//!
//! Pinyin search matches runs of Han characters, each spelled by a non-empty prefix of one of its
//! readings. The index records, for each two and three adjacent Han characters, every pair and
//! triple of first letters of their readings. A query of letters is cut in every way its pieces can be prefixes of
//! readings; a match of two or more characters implies all first-letter pairs and triples of one such cut. A
//! query that is itself a prefix of a reading may match one character alone, and is not narrowed.

use std::collections::HashSet;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// A gram, packed: the top two bits say which kind.
pub type Gram = u64;

const UNIGRAM: u64 = 1 << 62;
const BIGRAM: u64 = 2 << 62;
const PINYIN: u64 = 3 << 62;

/// More cuts of a pinyin query than this and it is not narrowed (all documents are candidates).
const MAX_CUTS: usize = 256;

/// The key a character is indexed under: simplified, half width, then one case (any two
/// characters the literal matcher takes as the same have the same key).
#[must_use]
pub fn fold(c: char) -> char {
    if ('\u{3001}'..'\u{A000}').contains(&c) {
        // CJK symbols, kana and Han: no width or case forms, only traditional ones.
        return crate::script::simplified(c);
    }
    if u32::from(c) >= 0x20000 {
        return crate::script::simplified(c);
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    let upper = single(c.to_uppercase()).unwrap_or(c);
    single(upper.to_lowercase()).unwrap_or(upper)
}

/// The one char of a case mapping, or None when it maps to several.
fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// Whether the indexed text skips `c` between query characters.
fn is_gap(c: char) -> bool {
    matches!(c, '\n' | '\t' | ' ' | '\u{3000}')
}

/// Calls `f` with every gram of `text` (a gram may come more than once).
pub fn each_of_text(text: &str, mut f: impl FnMut(Gram)) {
    let mut previous: Option<char> = None;
    let (mut two_before, mut letters_before) = (0u32, 0u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let letters = first_letters(c);
        if letters_before != 0 && letters != 0 {
            for y in bits(letters_before) {
                for z in bits(letters) {
                    f(pinyin_pair(y, z));
                    for x in bits(two_before) {
                        f(pinyin_triple(x, y, z));
                    }
                }
            }
        }
        (two_before, letters_before) = (letters_before, letters);
        if c == '\n' {
            // A line break and the indent after it vanish: the characters around them are adjacent.
            while chars.next_if(|&c| matches!(c, '\t' | ' ' | '\u{3000}')).is_some() {}
            (two_before, letters_before) = (0, 0);
            continue;
        }
        let key = fold(c);
        if key.is_whitespace() {
            previous = None;
            continue;
        }
        f(UNIGRAM | u64::from(key));
        if let Some(p) = previous {
            f(BIGRAM | (u64::from(p) << 21) | u64::from(key));
        }
        previous = Some(key);
    }
}

/// The grams every document holding a literal match of `query` holds (empty: no narrowing).
#[must_use]
pub fn of_literal(query: &str) -> Vec<Gram> {
    let mut grams = Vec::new();
    for run in query.split(|c: char| is_gap(c) || fold(c).is_whitespace()).filter(|r| !r.is_empty()) {
        let keys: Vec<char> = run.chars().map(fold).collect();
        if let [one] = keys[..] {
            grams.push(UNIGRAM | u64::from(one));
        }
        grams.extend(keys.windows(2).map(|w| BIGRAM | (u64::from(w[0]) << 21) | u64::from(w[1])));
    }
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// For a pinyin query: the gram sets of which a document holding a match holds at least one, or
/// None when the query cannot be narrowed (it may match one character alone, or has too many cuts).
#[must_use]
pub fn of_pinyin(query: &str) -> Option<Vec<Vec<Gram>>> {
    let q = query.to_ascii_lowercase().into_bytes();
    if q.len() < 2 || !q.iter().all(u8::is_ascii_lowercase) {
        return Some(Vec::new());
    }
    let prefixes = reading_prefixes();
    if prefixes.contains(&q[..]) {
        return None;
    }
    // Cuts as piece start positions, grown piece by piece.
    let mut cuts: Vec<Vec<usize>> = Vec::new();
    let mut open: Vec<Vec<usize>> = vec![vec![0]];
    while let Some(cut) = open.pop() {
        let start = *cut.last().unwrap_or(&0);
        for end in start + 1..=q.len() {
            if !prefixes.contains(&q[start..end]) {
                break;
            }
            if end == q.len() {
                cuts.push(cut.clone());
            } else {
                let mut next = cut.clone();
                next.push(end);
                open.push(next);
            }
            if cuts.len() + open.len() > MAX_CUTS {
                return None;
            }
        }
    }
    let letter = |i: usize| q[i] - b'a';
    let sets = cuts
        .into_iter()
        .map(|starts| {
            let pairs = starts.windows(2).map(|w| pinyin_pair(letter(w[0]), letter(w[1])));
            let triples = starts.windows(3).map(|w| pinyin_triple(letter(w[0]), letter(w[1]), letter(w[2])));
            pairs.chain(triples).collect()
        })
        .collect();
    Some(sets)
}

fn pinyin_pair(x: u8, y: u8) -> Gram {
    PINYIN | (u64::from(x) << 5) | u64::from(y)
}

/// The first letters of three adjacent Han characters.
fn pinyin_triple(x: u8, y: u8, z: u8) -> Gram {
    PINYIN | 1 << 20 | (u64::from(x) << 10) | (u64::from(y) << 5) | u64::from(z)
}

/// Indices of the set bits of a 26-bit letter mask.
fn bits(mask: u32) -> impl Iterator<Item = u8> {
    (0..26u8).filter(move |i| mask & (1 << i) != 0)
}

/// The toneless readings of `c` and of its simplified form in ASCII (`ü` as `v` and as `u`, `ê` as
/// `e`), as the pinyin matcher spells them.
fn readings(c: char) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for reading in crate::script::with_simplified(c).filter_map(|c| c.to_pinyin_multi()).flatten() {
        let plain = reading.plain();
        let v: Vec<u8> = plain
            .chars()
            .filter_map(|ch| match ch {
                'ü' => Some(b'v'),
                'ê' => Some(b'e'),
                'a'..='z' => Some(ch as u8),
                _ => None,
            })
            .collect();
        if plain.contains('ü') {
            out.push(v.iter().map(|&b| if b == b'v' { b'u' } else { b }).collect());
        }
        out.push(v);
    }
    out.retain(|r| !r.is_empty());
    out
}

/// First code point of the first-letter table, and one past its last.
const TABLE: std::ops::Range<u32> = 0x3000..0xA000;

/// The first letters of the readings of `c`, as a mask (bit 0 for `a`); 0 for a character without
/// readings.
#[must_use]
pub fn first_letters(c: char) -> u32 {
    static MASKS: OnceLock<Vec<u32>> = OnceLock::new();
    let code = u32::from(c);
    if code < 0x3000 {
        return 0;
    }
    let mask = |c: char| readings(c).iter().fold(0, |m, r| m | 1 << (r[0] - b'a'));
    if !TABLE.contains(&code) {
        return mask(c);
    }
    let masks = MASKS.get_or_init(|| TABLE.map(|code| char::from_u32(code).map_or(0, mask)).collect());
    masks[(code - TABLE.start) as usize]
}

/// Every prefix of every reading of every character with readings.
fn reading_prefixes() -> &'static HashSet<Vec<u8>> {
    static PREFIXES: OnceLock<HashSet<Vec<u8>>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        let mut set = HashSet::new();
        let planes = [0x3000..0xA000u32, 0xF900..0xFB00, 0x20000..0x32000];
        for code in planes.into_iter().flatten() {
            for reading in char::from_u32(code).map(readings).unwrap_or_default() {
                for end in 1..=reading.len() {
                    set.insert(reading[..end].to_vec());
                }
            }
        }
        set
    })
}
