use proptest::prelude::*;
use std::collections::BTreeMap;

use super::*;
use crate::state::content_hash;

/// Paragraphs of the embedded samples, the material of generated libraries.
fn paragraphs() -> Vec<&'static str> {
    crate::samples::SAMPLES.iter().flat_map(|(_, t)| t.lines()).filter(|l| !l.trim().is_empty()).collect()
}

/// What a plain scan of every text finds, by document.
fn scan(texts: &[Arc<String>], query: &str) -> BTreeMap<usize, DocMatches> {
    let Some(matcher) = Matcher::new(query) else { return BTreeMap::new() };
    let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    search_all(&refs, &matcher, 1).into_iter().enumerate().filter(|(_, m)| !m.ranges.is_empty()).collect()
}

fn indexed(index: &Index, texts: &[Arc<String>], query: &str) -> BTreeMap<usize, DocMatches> {
    let text = |i: usize| texts.get(i).cloned();
    index.search(query, &text).map(Iterator::collect).unwrap_or_default()
}

fn open(cache: Option<&Cache>, texts: &[Arc<String>]) -> Index {
    let hashes: Vec<String> = texts.iter().map(|t| content_hash(t)).collect();
    let text = |i: usize| texts.get(i).cloned();
    Index::open(cache, "test", &hashes, &text, 2, |_, _| {})
}

/// A document: sample paragraphs in a chosen order, some lines broken and re-indented, some Latin
/// letters and digits in other widths or cases.
fn document() -> impl Strategy<Value = String> {
    let n = paragraphs().len();
    (prop::collection::vec((0..n, any::<u8>()), 1..12)).prop_map(|picks| {
        let all = paragraphs();
        let mut out = String::new();
        for (p, how) in picks {
            let mut line: String = all[p].to_owned();
            if how.is_multiple_of(5) {
                let cut = line.char_indices().nth(line.chars().count() / 2).map_or(0, |(i, _)| i);
                line.insert_str(cut, "\n\u{3000}\u{3000}");
            }
            if how.is_multiple_of(7) {
                line = line.replace('2', "２");
            }
            if how.is_multiple_of(4) {
                // Quoted from a traditional-character source.
                line = traditional(&line);
            }
            if how.is_multiple_of(3) {
                // Latin in every case and width, as pasted reports have it.
                line.push_str(["GDP增长", "gdp增长", "ＧＤＰ增长", "Gdp 5G网络", "５ｇ网络"][usize::from(how) % 5]);
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    })
}

/// `text` in traditional characters where they have them.
fn traditional(text: &str) -> String {
    text.chars().map(|c| crate::script::variants(c).last().copied().unwrap_or(c)).collect()
}

/// A query taken from a document: a slice of it (crossing line breaks and word boundaries), its
/// initials or syllables as pinyin, or a few characters from anywhere.
fn query(texts: &[Arc<String>], pick: usize, start: usize, len: usize, kind: u8) -> String {
    let text = &texts[pick % texts.len()];
    let chars: Vec<char> = text.chars().collect();
    let start = start % chars.len().max(1);
    let slice: String = chars.iter().skip(start).take(1 + len % 6).collect();
    match kind % 4 {
        0 => slice,
        1 => traditional(&slice),
        2 => {
            use pinyin::ToPinyin as _;
            let han: Vec<_> = slice.as_str().to_pinyin().flatten().collect();
            let spelled: String = if len.is_multiple_of(2) {
                han.iter().map(|p| p.first_letter()).collect()
            } else {
                han.iter().map(|p| p.plain()).collect()
            };
            if spelled.len() >= 2 { spelled } else { "fz".into() }
        }
        _ => [
            "两个确",
            "化发展",
            "dj",
            "lgql",
            "zhuang",
            "GDP",
            "２０",
            "a b",
            "。",
            "党\n建",
            "xyzzy",
            "gdp",
            "ｇｄｐ增",
            "5g",
            "５Ｇ网",
        ][len % 15]
            .into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn index_results_equal_scan_results(
        docs in prop::collection::vec(document(), 1..40),
        queries in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), any::<u8>()), 12),
    ) {
        let texts: Vec<Arc<String>> = docs.into_iter().map(Arc::new).collect();
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let in_memory = open(None, &texts);
        let on_disk = open(Some(&cache), &texts);
        let reopened = open(Some(&cache), &texts);
        prop_assert_eq!(reopened.rebuilt, 0);
        for (pick, start, len, kind) in queries {
            let q = query(&texts, pick, start, len, kind);
            let expected = scan(&texts, &q);
            prop_assert_eq!(&indexed(&in_memory, &texts, &q), &expected, "query {:?}", q);
            prop_assert_eq!(&indexed(&reopened, &texts, &q), &expected, "query {:?}", q);
            let _ = &on_disk;
        }
    }
}

#[test]
fn rare_queries_narrow_the_candidates() {
    let mut texts: Vec<Arc<String>> = (0..64).map(|i| Arc::new(format!("第{i}份材料。加强党的建设。\n"))).collect();
    texts.push(Arc::new("深刻领悟“两个确立”的决定性意义。\n".into()));
    let index = open(None, &texts);
    for q in ["两个确", "lgql", "liangge"] {
        let m = Matcher::new(q).unwrap();
        let candidates = index.candidates(q, &m);
        assert!(candidates.contains(&64), "{q}");
        assert!(candidates.len() < 8, "{q}: {} candidates", candidates.len());
    }
    assert_eq!(indexed(&index, &texts, "两个确").len(), 1);
}

#[test]
fn changed_libraries_rebuild_only_their_buckets_and_damage_is_rebuilt() {
    let texts: Vec<Arc<String>> = (0..200).map(|i| Arc::new(format!("材料{i}：推动高质量发展。\n"))).collect();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    assert_eq!(open(Some(&cache), &texts).rebuilt, BUCKETS);
    assert_eq!(open(Some(&cache), &texts).rebuilt, 0);
    let mut changed = texts.clone();
    changed[7] = Arc::new("改过的材料：两个确立。\n".into());
    let index = open(Some(&cache), &changed);
    assert!(index.rebuilt <= 2, "the old and the new document's buckets: {}", index.rebuilt);
    assert_eq!(indexed(&index, &changed, "两个确立").keys().collect::<Vec<_>>(), [&7]);
    // Damage every kind of way: each damaged bucket is rebuilt, and results stay right.
    let files: Vec<_> = std::fs::read_dir(cache.dir().join("index/test")).unwrap().map(|e| e.unwrap().path()).collect();
    let mut bytes = std::fs::read(&files[0]).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&files[0], &bytes).unwrap();
    std::fs::write(&files[1], b"JHIX").unwrap();
    std::fs::remove_file(&files[2]).unwrap();
    let index = open(Some(&cache), &changed);
    assert_eq!(index.rebuilt, 3);
    assert_eq!(indexed(&index, &changed, "高质量"), scan(&changed, "高质量"));
}

#[test]
fn a_results_page_verifies_only_what_it_needs() {
    let texts: Vec<Arc<String>> = (0..100).map(|i| Arc::new(format!("第{i}篇：推动高质量发展。\n"))).collect();
    let index = open(None, &texts);
    let text = |i: usize| texts.get(i).cloned();
    let mut hits = index.search("发展", &text).unwrap();
    let page: Vec<_> = hits.by_ref().take(10).collect();
    assert_eq!(page.iter().map(|(d, _)| *d).collect::<Vec<_>>(), (0..10).collect::<Vec<_>>());
    assert_eq!(hits.remaining(), (90, 100));
}
