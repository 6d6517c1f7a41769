//! Analysis throughput on 10 MB: load + structure, term matching and discovery, keywords, and
//! the full analysis beside a bare jieba-rs `cut` of the same text (the baseline it is held to).

#[path = "support/input.rs"]
mod input;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianghua::config::Config;
use jianghua::document::{Document, Source, load_bytes};
use jianghua::structure::analyse;
use jianghua::terms::{Segmenter, TermReport};

fn bench(c: &mut Criterion) {
    let text = input::text_of_size(input::TEN_MB);
    let bytes = text.as_bytes().to_vec();
    let config = Config::embedded();
    let doc = Document::from_text(text.clone(), Source::named("bench"));
    let outline = analyse(&doc);
    let report = TermReport::new(&doc, &outline, &config.term_lists);
    let words: Vec<String> = report.words(&config.term_lists).into_iter().map(str::to_owned).collect();
    let segmenter = Segmenter::new(words.iter().map(String::as_str), &config.keywords.stop_words);

    let mut g = c.benchmark_group("analysis_10mb");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(2));
    g.bench_function("load_and_structure", |b| {
        b.iter(|| {
            let doc = load_bytes("bench", None, black_box(&bytes)).unwrap();
            black_box(analyse(&doc).sections.len())
        });
    });
    g.bench_function("terms_and_discovery", |b| {
        b.iter(|| black_box(TermReport::new(&doc, &outline, &config.term_lists).hits.len()));
    });
    g.bench_function("jieba_cut_baseline", |b| b.iter(|| black_box(segmenter.cut(black_box(&text)).len())));
    g.bench_function("keywords", |b| {
        b.iter(|| black_box(segmenter.keywords(&text, config.keywords.method, config.keywords.top).len()));
    });
    g.bench_function("full_analysis", |b| {
        b.iter(|| {
            let doc = load_bytes("bench", None, black_box(&bytes)).unwrap();
            let outline = analyse(&doc);
            let report = TermReport::new(&doc, &outline, &config.term_lists);
            let keywords = segmenter.keywords(doc.text(), config.keywords.method, config.keywords.top);
            black_box((outline.sections.len(), report.hits.len(), keywords.len()))
        });
    });
    g.finish();

    let mut g = c.benchmark_group("startup");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("segmenter_load", |b| {
        b.iter(|| black_box(Segmenter::new(words.iter().map(String::as_str), &config.keywords.stop_words)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
