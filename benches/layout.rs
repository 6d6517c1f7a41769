//! Wrapping throughput (MB/s) at widths 40 and 120, over every paragraph of a 10 MB document.

#[path = "support/input.rs"]
mod input;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianghua::layout::break_rows;
use jianghua::width::AmbiguousWidth;

fn bench(c: &mut Criterion) {
    let text = input::text_of_size(input::TEN_MB);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let mut g = c.benchmark_group("wrap_10mb");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for width in [40, 120] {
        g.bench_function(format!("width_{width}"), |b| {
            b.iter(|| {
                let rows: usize =
                    lines.iter().map(|l| break_rows(black_box(l), width, AmbiguousWidth::Narrow, &[]).len()).sum();
                black_box(rows)
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
