//! A big library: the catalog (what the first screen needs) cold and warm, opening the search
//! index, and searching through it against a plain scan of every text in the same run.
//!
//! `JIANGHUA_LIBRARY=DIR cargo bench --bench library` measures a library on disk, e.g. the 5,000
//! documents `scripts/gen-library.py /tmp/jianghua-scale/lib` generates; without it, 200
//! documents made from the embedded samples in a temporary directory, so the bench runs anywhere
//! in seconds. The cache is always a temporary directory.
//!
//! The `app/...` rows drive the reader itself (keys into an [`App`] listing the library lazily, as
//! the reader does, then a frame drawn at 100×30): a library search from Enter to its results
//! screen, and the documents filter (`D`) per query against opening and closing the overlay.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jianghua::app::{App, DocView};
use jianghua::cache::Cache;
use jianghua::config::Config;
use jianghua::document::load_path;
use jianghua::keymap::parse_vim;
use jianghua::library::catalog::Catalog;
use jianghua::library::index::Index;
use jianghua::search::Matcher;
use jianghua::search::across::{cores, search_all};
use jianghua::terms::TermIndex;
use jianghua::ui::{self, theme::Theme};
use jianghua::width::AmbiguousWidth;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

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
    app_rows(c, &catalog, &Arc::new(index));
}

/// A reader listing the catalog's documents lazily, as `jianghua DIR` does for a big library:
/// the first document read, the others when needed; the search index already open.
fn lazy_app(catalog: &Catalog, index: &Arc<Index>) -> App {
    let config = Config::embedded();
    let terms = TermIndex::new(&config.term_lists);
    let views: Vec<DocView> = catalog
        .entries
        .iter()
        .map(|e| DocView::unopened(e.path.clone(), e.size, e.meta.clone(), &config, &terms))
        .collect();
    let mut app = App::new(config, views);
    app.open_doc(0);
    app.resize(Rect::new(0, 0, 100, 30));
    app.search_index = Some(Arc::clone(index));
    app
}

/// Type `keys` into `app`, drawing a frame after each key as the reader does.
fn type_keys(app: &mut App, terminal: &mut Terminal<TestBackend>, keys: &str) {
    let theme = Theme::new(true, AmbiguousWidth::Narrow);
    for key in parse_vim(keys).unwrap() {
        app.handle_key(key);
        terminal.draw(|f| ui::draw(f, app, theme)).unwrap();
    }
}

fn app_rows(c: &mut Criterion, catalog: &Catalog, index: &Arc<Index>) {
    let mut group = c.benchmark_group("app");
    group.sample_size(10);
    // From Enter to the results on screen; each run in a fresh reader, whose documents are unread.
    for query in ["两个确", "发展", "fz"] {
        group.bench_function(format!("library_search_first_screen/{query}"), |b| {
            b.iter_batched(
                || {
                    let mut app = lazy_app(catalog, index);
                    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
                    type_keys(&mut app, &mut terminal, &format!("S{query}"));
                    (app, terminal)
                },
                |(mut app, mut terminal)| {
                    type_keys(&mut app, &mut terminal, "<CR>");
                    (app, terminal)
                },
                BatchSize::PerIteration,
            );
        });
    }
    // The documents overlay: opened, six queries typed, closed; and the baseline, opened and closed.
    let mut app = lazy_app(catalog, index);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    type_keys(&mut app, &mut terminal, "D<Esc>");
    group.bench_function("documents_filter/open_close", |b| b.iter(|| type_keys(&mut app, &mut terminal, "D<Esc>")));
    group.bench_function("documents_filter/six_queries_zfgzbg", |b| {
        b.iter(|| type_keys(&mut app, &mut terminal, "Dzfgzbg<Esc>"));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
