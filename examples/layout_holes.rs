//! The widest hole line breaking leaves over the corpus: for every non-blank line of every `.txt`
//! under a directory, with the embedded config's terms kept whole as the reader keeps them, the
//! empty columns at the end of each row but a line's last, at the given widths.
//!
//! `cargo run --example layout_holes -- ../shared/corpus 80 52`. With `LONGEST_THIRD=1`, terms
//! wider than a third of the row are not passed to the layout (what the reader did before the
//! layout capped holes itself), for a before/after comparison. `VERBOSE=1` prints each hole over a
//! quarter row.

use std::path::{Path, PathBuf};

use jianghua::config::Config;
use jianghua::layout::break_rows;
use jianghua::terms::TermIndex;
use jianghua::width::{AmbiguousWidth, str_width};

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            text_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let widths: Vec<usize> = args.filter_map(|w| w.parse().ok()).collect();
    let third = std::env::var_os("LONGEST_THIRD").is_some();
    let verbose = std::env::var_os("VERBOSE").is_some();
    let index = TermIndex::new(&Config::embedded().term_lists);
    let amb = AmbiguousWidth::Narrow;
    let mut files = Vec::new();
    text_files(&dir, &mut files);
    for width in if widths.is_empty() { vec![80] } else { widths } {
        let (mut rows, mut over, mut widest, mut at) = (0_usize, 0_usize, 0_usize, String::new());
        let mut histogram = [0_usize; 9];
        for path in &files {
            let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let keep: Vec<_> = index
                    .find(line)
                    .into_iter()
                    .map(|h| h.range)
                    .filter(|r| !third || str_width(&line[r.clone()], amb) <= (width / 3).max(8))
                    .collect();
                let wrapped = break_rows(line, width, amb, &keep);
                for (i, row) in wrapped[..wrapped.len() - 1].iter().enumerate() {
                    let hole = width - usize::from(row.width);
                    if hole > width / 4 && verbose {
                        let next = wrapped[i + 1];
                        println!("  {hole}: {} | {}", &line[row.start..row.end], &line[next.start..next.end]);
                    }
                    rows += 1;
                    histogram[(hole * 8 / width).min(8)] += 1;
                    if hole > width / 4 {
                        over += 1;
                    }
                    if hole > widest {
                        widest = hole;
                        at = format!("{}: {}", path.display(), &line[row.start..row.end]);
                    }
                }
            }
        }
        println!("width {width}: {rows} rows, max hole {widest} columns, {over} holes over a quarter ({})", width / 4);
        println!("  hole in eighths of the row: {histogram:?}");
        println!("  widest at {at}");
    }
}
