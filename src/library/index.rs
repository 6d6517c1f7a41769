//! The search index of a big library: which documents may hold a match, so a search verifies
//! those only, and a results list verifies only as far as it shows.
//!
//! An n-gram signature index rather than a word index: the reader's search finds every substring
//! (`两个确` and `化发展` cross jieba's word boundaries) and pinyin by initials and syllables, which
//! a word-tokenised engine would miss or need a second index for. Each document records the
//! characters and character pairs of its folded text and the first-letter pairs of its adjacent
//! Han characters ([`grams`]), hashed into a bit signature of 2^16 bits. Signatures are stored
//! bit-sliced (one row of bits per signature bit, one bit per document), so a query reads two
//! rows per gram and ANDs them: a few hundred bytes per bucket, never the whole index. A signature
//! can say yes wrongly, never no: [`Index::search`] verifies every candidate with the real
//! [`Matcher`], so results equal a scan's.
//!
//! Documents fall into [`BUCKETS`] buckets by content hash, one cache file each, holding its
//! documents sorted by hash. When the library changes, only buckets whose set of documents changed
//! are rebuilt; a bucket file that is damaged (magic, version, sizes, checksum) is rebuilt too.
//! Without a cache, buckets are kept in memory.

pub mod grams;

use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::sync::Arc;

use grams::Gram;

use crate::cache::Cache;
use crate::search::Matcher;
use crate::search::across::{DocMatches, each_on_threads, search_all};

/// Buckets of an index.
pub const BUCKETS: usize = 64;
/// Bits in a document's signature, as a power of two.
const SIGNATURE_LOG2: u32 = 16;
const ROWS: usize = 1 << SIGNATURE_LOG2;
const MAGIC: &[u8; 4] = b"JHIX";
/// 2: traditional characters are indexed as their simplified forms.
const FORMAT: u32 = 2;
/// Bucket files larger than this are not read (a bucket of 50,000 documents is about 400 MB).
const BUCKET_CAP: u64 = 1 << 30;

/// The text of document `i` of the library, when it can be read.
pub type TextOf<'a> = dyn Fn(usize) -> Option<Arc<String>> + Sync + 'a;

/// Where a bucket's rows are.
enum Rows {
    File { file: File, at: u64 },
    Memory(Vec<u8>),
}

struct Bucket {
    rows: Rows,
    /// Bytes per row: one bit per document.
    stride: usize,
    /// The library's index of each of the bucket's documents, in bucket order.
    docs: Vec<usize>,
}

/// The index of one library.
pub struct Index {
    buckets: Vec<Bucket>,
    /// Buckets built (not taken from the cache) when opening.
    pub rebuilt: usize,
}

/// The two signature rows of a gram.
fn rows_of(gram: Gram) -> [usize; 2] {
    let h = xxhash_rust::xxh3::xxh3_64(&gram.to_le_bytes());
    [(h as usize) & (ROWS - 1), ((h >> 32) as usize) & (ROWS - 1)]
}

/// The bucket of a content hash.
fn bucket_of(hash: &str) -> usize {
    usize::from_str_radix(hash.get(..2).unwrap_or("0"), 16).unwrap_or(0) % BUCKETS
}

/// The documents of each bucket, sorted by hash.
fn bucket_docs(hashes: &[String]) -> Vec<Vec<usize>> {
    let mut wanted: Vec<Vec<usize>> = vec![Vec::new(); BUCKETS];
    for (i, hash) in hashes.iter().enumerate() {
        wanted[bucket_of(hash)].push(i);
    }
    for docs in &mut wanted {
        docs.sort_by(|&a, &b| hashes[a].cmp(&hashes[b]).then(a.cmp(&b)));
    }
    wanted
}

/// The cache file of bucket `b` of a library.
fn bucket_name(library: &str, b: usize) -> String {
    format!("index/{library}/{b:02}.bin")
}

/// A hex content hash as 16 bytes (zeros where it is not hex).
fn hash_bytes(hash: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = hash.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    }
    out
}

impl Index {
    /// Open the index of a library whose documents have content `hashes` (in library order),
    /// taking sound buckets from `cache` under `library` (a key naming the library) and building
    /// the others on up to `threads` threads, with the texts `text` gives. `on_progress(done,
    /// total)` counts buckets.
    pub fn open(
        cache: Option<&Cache>,
        library: &str,
        hashes: &[String],
        text: &TextOf<'_>,
        threads: usize,
        mut on_progress: impl FnMut(usize, usize),
    ) -> Self {
        let wanted = bucket_docs(hashes);
        let name = |b: usize| bucket_name(library, b);
        let mut buckets: Vec<Option<Bucket>> = wanted
            .iter()
            .enumerate()
            .map(|(b, docs)| cache.and_then(|c| open_bucket(c, &name(b), docs, hashes)))
            .collect();
        let todo: Vec<usize> = (0..BUCKETS).filter(|&b| buckets[b].is_none()).collect();
        let mut done = 0;
        each_on_threads(
            &todo,
            threads,
            |&b| build_bucket(&wanted[b], hashes, text),
            |k, bytes| {
                let b = todo[k];
                let stride = wanted[b].len().div_ceil(8);
                let kept = cache.filter(|c| c.write(&name(b), &bytes).is_ok()).and_then(|c| c.open(&name(b)));
                let rows = match kept {
                    Some(file) => Rows::File { file, at: (bytes.len() - ROWS * stride - 8) as u64 },
                    None => Rows::Memory(bytes[bytes.len() - ROWS * stride - 8..bytes.len() - 8].to_vec()),
                };
                buckets[b] = Some(Bucket { rows, stride, docs: wanted[b].clone() });
                done += 1;
                on_progress(done, todo.len());
            },
        );
        let buckets = buckets
            .into_iter()
            .map(|b| b.unwrap_or(Bucket { rows: Rows::Memory(Vec::new()), stride: 0, docs: Vec::new() }));
        Self { buckets: buckets.collect(), rebuilt: todo.len() }
    }

    /// The index of a library as the cache holds it, without building anything: None unless
    /// every bucket is there, sound and holds exactly the documents of `hashes` (a library that
    /// changed needs [`Index::open`], which rebuilds the buckets that changed).
    #[must_use]
    pub fn open_cached(cache: &Cache, library: &str, hashes: &[String]) -> Option<Self> {
        let wanted = bucket_docs(hashes);
        let buckets = wanted
            .iter()
            .enumerate()
            .map(|(b, docs)| open_bucket(cache, &bucket_name(library, b), docs, hashes))
            .collect::<Option<Vec<Bucket>>>()?;
        Some(Self { buckets, rebuilt: 0 })
    }

    /// How many documents the index covers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.buckets.iter().map(|b| b.docs.len()).sum()
    }

    /// An index of no documents.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents that may hold a match of `matcher`'s query `query` (literal, and pinyin when
    /// it is a pinyin query), in library order.
    #[must_use]
    pub fn candidates(&self, query: &str, matcher: &Matcher) -> Vec<usize> {
        let literal = grams::of_literal(query);
        let pinyin = if matcher.is_pinyin_query() { grams::of_pinyin(query) } else { Some(Vec::new()) };
        let mut out = Vec::new();
        for bucket in &self.buckets {
            let mut any = bucket.all_of(&literal);
            match &pinyin {
                None => any.fill(0xFF),
                Some(sets) => {
                    for set in sets {
                        for (a, b) in any.iter_mut().zip(bucket.all_of(set)) {
                            *a |= b;
                        }
                    }
                }
            }
            out.extend(
                bucket.docs.iter().enumerate().filter(|(j, _)| any[j / 8] & (1 << (j % 8)) != 0).map(|(_, &d)| d),
            );
        }
        out.sort_unstable();
        out
    }

    /// The matches of `query`, document by document in library order, verified lazily: taking the
    /// first screenful verifies only the documents it needs. None for a query that finds nothing
    /// ever (empty or blank).
    #[must_use]
    pub fn search<'a>(&self, query: &str, text: &'a TextOf<'a>) -> Option<Hits<'a>> {
        let matcher = Matcher::new(query)?;
        let candidates = self.candidates(query, &matcher);
        Some(Hits { matcher, candidates, next: 0, text })
    }
}

impl Bucket {
    /// Bit j set when document j may hold every gram of `grams` (all documents for none).
    fn all_of(&self, grams: &[Gram]) -> Vec<u8> {
        let mut bits = vec![0xFF; self.stride];
        let mut row = vec![0u8; self.stride];
        for &gram in grams {
            for r in rows_of(gram) {
                match &self.rows {
                    Rows::File { file, at } => {
                        if file.read_exact_at(&mut row, at + (r * self.stride) as u64).is_err() {
                            // An unreadable row cannot rule anything out.
                            row.fill(0xFF);
                        }
                    }
                    Rows::Memory(m) => row.copy_from_slice(&m[r * self.stride..(r + 1) * self.stride]),
                }
                for (b, r) in bits.iter_mut().zip(&row) {
                    *b &= r;
                }
            }
        }
        bits
    }
}

/// Lazily verified matches: an iterator of `(document, its matches)` over documents with matches.
pub struct Hits<'a> {
    matcher: Matcher,
    candidates: Vec<usize>,
    next: usize,
    text: &'a TextOf<'a>,
}

impl Hits<'_> {
    /// The documents still to verify, of all candidates.
    #[must_use]
    pub fn remaining(&self) -> (usize, usize) {
        (self.candidates.len() - self.next, self.candidates.len())
    }
}

impl Iterator for Hits<'_> {
    type Item = (usize, DocMatches);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some(&doc) = self.candidates.get(self.next) {
            self.next += 1;
            let Some(text) = (self.text)(doc) else { continue };
            let found = search_all(&[text.as_str()], &self.matcher, 1).pop().unwrap_or_default();
            if !found.ranges.is_empty() {
                return Some((doc, found));
            }
        }
        None
    }
}

/// The bytes of a bucket file: magic, format, rows, documents, their hashes, the rows, checksum.
fn build_bucket(docs: &[usize], hashes: &[String], text: &TextOf<'_>) -> Vec<u8> {
    let stride = docs.len().div_ceil(8);
    let mut rows = vec![0u8; ROWS * stride];
    for (j, &doc) in docs.iter().enumerate() {
        let Some(text) = text(doc) else { continue };
        grams::each_of_text(&text, |gram| {
            for r in rows_of(gram) {
                rows[r * stride + j / 8] |= 1 << (j % 8);
            }
        });
    }
    let mut bytes = Vec::with_capacity(16 + 16 * docs.len() + rows.len() + 8);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&SIGNATURE_LOG2.to_le_bytes());
    bytes.extend_from_slice(&(docs.len() as u32).to_le_bytes());
    for &doc in docs {
        bytes.extend_from_slice(&hash_bytes(&hashes[doc]));
    }
    bytes.extend_from_slice(&rows);
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// A cached bucket, if its file is sound and holds exactly `docs`.
fn open_bucket(cache: &Cache, name: &str, docs: &[usize], hashes: &[String]) -> Option<Bucket> {
    let bytes = cache.read(name, BUCKET_CAP)?;
    let stride = docs.len().div_ceil(8);
    let header = 16 + 16 * docs.len();
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let word = |at: usize| body.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let sound = body.len() == header + ROWS * stride
        && body.starts_with(MAGIC)
        && word(4) == Some(FORMAT)
        && word(8) == Some(SIGNATURE_LOG2)
        && word(12) == Some(docs.len() as u32)
        && u64::from_le_bytes(sum.try_into().ok()?) == xxhash_rust::xxh3::xxh3_64(body)
        && docs.iter().enumerate().all(|(j, &d)| body[16 + 16 * j..32 + 16 * j] == hash_bytes(&hashes[d]));
    if !sound {
        return None;
    }
    Some(Bucket { rows: Rows::File { file: cache.open(name)?, at: header as u64 }, stride, docs: docs.to_vec() })
}

#[cfg(test)]
mod tests;
