//! Benchmark inputs: the State Council reports from `../shared/corpus/gwr` concatenated until
//! 10 MB, or the embedded samples repeated when the corpus is absent.

use std::path::PathBuf;

/// Ten megabytes of speech text.
pub const TEN_MB: usize = 10 * 1024 * 1024;

fn corpus() -> PathBuf {
    std::env::var_os("JIANGHUA_CORPUS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from)
}

/// Texts to repeat: the reports in year order, or the samples.
fn sources() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join("gwr"))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect())
        .unwrap_or_default();
    files.sort();
    let texts: Vec<String> = files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    if texts.is_empty() {
        eprintln!("note: ../shared/corpus is absent; benchmarking the embedded samples repeated");
        jianghua::samples::SAMPLES.iter().map(|(_, t)| (*t).to_owned()).collect()
    } else {
        texts
    }
}

/// At least `size` bytes of text, whole documents concatenated.
#[must_use]
pub fn text_of_size(size: usize) -> String {
    let sources = sources();
    let mut out = String::with_capacity(size + 200_000);
    'fill: loop {
        for t in &sources {
            out.push_str(t);
            out.push('\n');
            if out.len() >= size {
                break 'fill;
            }
        }
    }
    out
}
