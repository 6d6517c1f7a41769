//! Pinyin search: a run of consecutive Han characters each matched by a non-empty prefix of one
//! of its toneless readings (every heteronym reading counts), consuming the whole query of ASCII
//! letters. `dj`, `dangjian` and `dangj` all find 党建. A traditional character also has the
//! readings of its simplified form (`zgyh` finds 中國銀行). Readings are looked up in a table built
//! once per process for the common Han blocks.

use std::ops::Range;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

use super::next_boundary;

/// The longest toneless reading (`zhuang`, `shuang`, `chuang`).
const MAX_READING: usize = 6;

/// One reading as ASCII lowercase bytes and its length.
type Reading = ([u8; MAX_READING], u8);

/// Readings of one char, normalised to ASCII lowercase (`ü` as both `v` and `u`, `ê` as `e`),
/// without duplicates; held on the stack.
struct Readings {
    len: usize,
    items: [Reading; Readings::CAP],
}

impl Readings {
    /// Enough for the most readings any char has (11) with every `ü` doubled.
    const CAP: usize = 24;

    /// The readings of `c` and of its simplified form, or None when it has none (not a Han
    /// character).
    fn of(c: char) -> Option<Readings> {
        let multi = crate::script::with_simplified(c).filter_map(|c| c.to_pinyin_multi()).flatten();
        let mut readings = Readings { len: 0, items: [([0; MAX_READING], 0); Readings::CAP] };
        for reading in multi {
            let mut v: Reading = ([0; MAX_READING], 0);
            let mut has_u_umlaut = false;
            for ch in reading.plain().chars() {
                let b = match ch {
                    'ü' => {
                        has_u_umlaut = true;
                        b'v'
                    }
                    'ê' => b'e',
                    'a'..='z' => ch as u8,
                    _ => continue,
                };
                if usize::from(v.1) < MAX_READING {
                    v.0[usize::from(v.1)] = b;
                    v.1 += 1;
                }
            }
            readings.push(v);
            if has_u_umlaut {
                for b in &mut v.0 {
                    if *b == b'v' {
                        *b = b'u';
                    }
                }
                readings.push(v);
            }
        }
        (readings.len > 0).then_some(readings)
    }

    fn push(&mut self, reading: Reading) {
        if reading.1 > 0 && self.len < Readings::CAP && !self.as_slice().contains(&reading) {
            self.items[self.len] = reading;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Reading] {
        &self.items[..self.len]
    }

    /// Bit `i` set when some reading starts with letter `b'a' + i`.
    fn first_letters(&self) -> u32 {
        self.as_slice().iter().fold(0, |mask, (bytes, _)| mask | letter_bit(bytes[0]))
    }
}

/// First code point of the cached table: CJK symbols (〇), extension A and the unified block,
/// which hold nearly every Han character in real documents.
const TABLE_START: u32 = 0x3000;
/// One past the last code point of the cached table.
const TABLE_END: u32 = 0xA000;

/// Normalised readings of every char in `TABLE_START..TABLE_END`, built once per process (a few
/// milliseconds, about 600 KB) and shared by all matchers.
struct Table {
    /// Per code point: the [`Readings::first_letters`] mask, 0 for chars without readings.
    first: Box<[u32]>,
    /// Per code point `c`, its readings are `pool[starts[c]..starts[c + 1]]`.
    starts: Box<[u32]>,
    pool: Box<[Reading]>,
}

impl Table {
    fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            let size = (TABLE_END - TABLE_START) as usize;
            let mut first = Vec::with_capacity(size);
            let mut starts = Vec::with_capacity(size + 1);
            let mut pool = Vec::new();
            for code in TABLE_START..TABLE_END {
                starts.push(pool.len() as u32);
                match char::from_u32(code).and_then(Readings::of) {
                    Some(readings) => {
                        first.push(readings.first_letters());
                        pool.extend_from_slice(readings.as_slice());
                    }
                    None => first.push(0),
                }
            }
            starts.push(pool.len() as u32);
            Table { first: first.into(), starts: starts.into(), pool: pool.into() }
        })
    }

    /// The index of `code` in the table, if it is covered.
    fn index(code: u32) -> Option<usize> {
        code.checked_sub(TABLE_START).filter(|&i| i < TABLE_END - TABLE_START).map(|i| i as usize)
    }
}

/// The bit of an ASCII lowercase letter in a first-letters mask.
fn letter_bit(b: u8) -> u32 {
    1 << (b.wrapping_sub(b'a') & 31)
}

/// The char starting at byte `i` (a char boundary) and its length in bytes, decoding the common
/// three-byte case by hand.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(i..i + 3) {
        Some(&[b0 @ 0xE0..=0xEF, b1, b2]) => {
            let code = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            char::from_u32(code).map(|c| (c, 3))
        }
        _ => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// A pinyin query: lowercase ASCII letters, at least two.
#[derive(Debug, Clone)]
pub(super) struct PinyinQuery {
    query: Box<[u8]>,
}

impl PinyinQuery {
    pub(super) fn new(query: &str) -> Option<PinyinQuery> {
        (query.len() >= 2 && query.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| PinyinQuery { query: query.to_ascii_lowercase().into_bytes().into_boxed_slice() })
    }

    /// Leftmost-first, non-overlapping matches that stay clear of `literal` (sorted by start).
    pub(super) fn find_all(&self, text: &str, literal: &[Range<usize>]) -> Vec<Range<usize>> {
        let table = Table::get();
        let bytes = text.as_bytes();
        let first = letter_bit(self.query[0]);
        let words = self.query.len() / 64 + 1;
        let mut cur = vec![0u64; words];
        let mut next = vec![0u64; words];
        let mut found = Vec::new();
        let mut lit = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Every char with readings is at least U+3000, so its UTF-8 lead byte is >= 0xE3;
            // smaller bytes (ASCII, two-byte chars, continuation bytes) are stepped over one by one.
            if bytes[i] < 0xE3 {
                i += 1;
                continue;
            }
            let Some((c, len)) = char_at(text, i) else { break };
            let letters = match Table::index(u32::from(c)) {
                Some(t) => table.first[t],
                None => Readings::of(c).map_or(0, |r| r.first_letters()),
            };
            if letters & first == 0 {
                i += len;
                continue;
            }
            while lit < literal.len() && literal[lit].end <= i {
                lit += 1;
            }
            let limit = match literal.get(lit) {
                Some(r) if r.start <= i => {
                    // Inside a literal match: resume after it.
                    i = next_boundary(text, r.end.max(i + len)).unwrap_or(bytes.len());
                    continue;
                }
                Some(r) => r.start.min(bytes.len()),
                None => bytes.len(),
            };
            if let Some(end) = self.match_at(table, text, i, limit, &mut cur, &mut next) {
                found.push(i..end);
                i = end;
            } else {
                i += len;
            }
        }
        found
    }

    /// The end of the shortest match starting at `start` and ending at or before `limit`.
    fn match_at(
        &self,
        table: &Table,
        text: &str,
        start: usize,
        limit: usize,
        cur: &mut [u64],
        next: &mut [u64],
    ) -> Option<usize> {
        let q = &self.query;
        let n = q.len();
        cur.fill(0);
        cur[0] = 1;
        let mut pos = start;
        loop {
            let (c, len) = char_at(text, pos)?;
            let end = pos + len;
            if end > limit {
                return None;
            }
            let local;
            let readings: &[Reading] = if let Some(t) = Table::index(u32::from(c)) {
                // Cheap reject: no reading of `c` starts with a letter the query expects next.
                let mut wanted = 0;
                for_each_bit(cur, |j| wanted |= letter_bit(q[j]));
                if table.first[t] & wanted == 0 {
                    return None;
                }
                &table.pool[table.starts[t] as usize..table.starts[t + 1] as usize]
            } else {
                local = Readings::of(c)?;
                local.as_slice()
            };
            next.fill(0);
            let mut any = false;
            for_each_bit(cur, |j| {
                let rest = &q[j..];
                for (reading, len) in readings {
                    let common = reading[..usize::from(*len)].iter().zip(rest).take_while(|(a, b)| a == b).count();
                    for k in j + 1..=j + common {
                        next[k / 64] |= 1 << (k % 64);
                        any = true;
                    }
                }
            });
            if !any {
                return None;
            }
            if next[n / 64] & (1 << (n % 64)) != 0 {
                return Some(end);
            }
            cur.copy_from_slice(next);
            pos = end;
        }
    }
}

/// Calls `f` with the index of every set bit.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let t = word.trailing_zeros() as usize;
            f(w * 64 + t);
            word &= word - 1;
        }
    }
}
