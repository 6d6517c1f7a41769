//! A big library: the catalog (what the first screen needs) cold and warm, opening the search
//! index, and searching through it against a plain scan of every text in the same run.
//!
//! `JIANGHUA_LIBRARY=DIR cargo bench --bench library` measures a library on disk, e.g. the 5,000
//! documents `scripts/gen-library.py /tmp/jianghua-scale/lib` generates; without it, 200
//! documents made from the embedded samples in a temporary directory, so the bench runs anywhere
//! in seconds. The cache is always a temporary directory.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jianghua::cache::Cache;
use jianghua::config::Config;
use jianghua::document::load_path;
use jianghua::library::catalog::Catalog;
use jianghua::library::index::Index;
use jianghua::search::Matcher;
use jianghua::search::across::{cores, search_all};

/// Rows of a results list on one screen.
const PAGE: usize = 30;

fn library(tmp: &std::path::Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("JIANGHUA_LIBRARY") {
        return PathBuf::from(dir);
    }
    eprintln!("note: JIANGHUA_LIBRARY unset; benchmarking 200 documents made from the samples");
    let dir = tmp.join("lib");
    std::fs::create_dir_all(&dir).unwrap();
    let samples = jianghua::samples::SAMPLES;
    for i in 0..200 {
        let (_, text) = samples[i % samples.len()];
        let body: String = text.lines().skip(3 + i % 7).collect::<Vec<_>>().join("\n");
        std::fs::write(dir.join(format!("{i:04}.txt")), format!("第{i}篇讲话\n（2024年1月1日）\n\n{body}\n")).unwrap();
    }
    dir
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let lib = vec![library(tmp.path())];
    let lists = Config::embedded().term_lists;
    let cache = Cache::at(&tmp.path().join("cache"));
    let mut catalog = Catalog::scan(&lib, &lists, Some(&cache));
    let started = std::time::Instant::now();
    catalog.fill(&lists, Some(&cache), cores(), |_| {});
    eprintln!("catalog: {} documents, cold fill {:.1} s", catalog.entries.len(), started.elapsed().as_secs_f64());

    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    group.bench_function("catalog_scan_cold (list only, nothing parsed)", |b| {
        b.iter(|| Catalog::scan(&lib, &lists, None).entries.len());
    });
    group.bench_function("catalog_scan_warm", |b| b.iter(|| Catalog::scan(&lib, &lists, Some(&cache)).missing().len()));

    let paths: Vec<PathBuf> = catalog.entries.iter().filter(|e| e.meta.is_some()).map(|e| e.path.clone()).collect();
    let hashes: Vec<String> = catalog.entries.iter().filter_map(|e| e.meta.as_ref().map(|m| m.hash.clone())).collect();
    let texts: Vec<Arc<String>> =
        paths.iter().map(|p| load_path(p).map(|d| d.shared_text()).unwrap_or_default()).collect();
    let in_memory = |i: usize| texts.get(i).cloned();
    let from_disk = |i: usize| paths.get(i).and_then(|p| load_path(p).ok()).map(|d| d.shared_text());
    let started = std::time::Instant::now();
    let index = Index::open(Some(&cache), "bench", &hashes, &in_memory, cores(), |_, _| {});
    eprintln!("index: built {} buckets in {:.1} s", index.rebuilt, started.elapsed().as_secs_f64());
    group.bench_function("index_open_warm", |b| {
        b.iter(|| Index::open(Some(&cache), "bench", &hashes, &in_memory, 1, |_, _| {}).rebuilt);
    });

    let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    for query in ["发展", "两个确", "化发展", "fz", "lgql", "dangjian"] {
        let matcher = Matcher::new(query).unwrap();
        let candidates = index.candidates(query, &matcher).len();
        let hits: usize = search_all(&refs, &matcher, cores()).iter().map(|m| m.ranges.len()).sum();
        eprintln!("{query}: {candidates} of {} documents are candidates; {hits} hits", refs.len());
        group.bench_function(format!("scan_all/{query}"), |b| {
            b.iter(|| search_all(&refs, &matcher, cores()).iter().map(|m| m.ranges.len()).sum::<usize>());
        });
        group.bench_function(format!("index_all/{query}"), |b| {
            b.iter(|| {
                let candidates = index.candidates(query, &matcher);
                let some: Vec<&str> = candidates.iter().map(|&i| refs[i]).collect();
                search_all(&some, &matcher, cores()).iter().map(|m| m.ranges.len()).sum::<usize>()
            });
        });
        group.bench_function(format!("index_first_page/{query}"), |b| {
            b.iter(|| index.search(query, &in_memory).map(|h| h.take(PAGE).count()));
        });
        group.bench_function(format!("index_first_page_from_disk/{query}"), |b| {
            b.iter(|| index.search(query, &from_disk).map(|h| h.take(PAGE).count()));
        });
    }
    // One step down a results list past its first screen: the next document's hits.
    group.bench_function("results_next_document/fz", |b| {
        b.iter_batched(
            || {
                let mut hits = index.search("fz", &in_memory).unwrap();
                hits.by_ref().take(PAGE).for_each(drop);
                hits
            },
            |mut hits| hits.next().map(|(d, _)| d),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
