//! Holes and markers (issue 15), over the shared corpus and the samples at many widths, with the
//! embedded config's terms kept whole as the reader keeps them:
//! - no row but a line's last leaves more than a quarter of the row empty by moving a term whole,
//!   and such holes for other reasons (禁则, numbers and Latin words kept whole) are rare;
//! - no enumerator marker (`二是`, `三要`) is split;
//! - no row starts with forbidden punctuation.

#[path = "support/corpus.rs"]
#[allow(dead_code)] // only `dir` and `text_files` are needed here
mod corpus;

use corpus::text_files;

use std::path::PathBuf;

use jianghua::config::Config;
use jianghua::layout::{NO_END, NO_START, break_rows, max_hole};
use jianghua::terms::TermIndex;
use jianghua::width::{AmbiguousWidth, str_width};
use proptest::prelude::*;

const N: AmbiguousWidth = AmbiguousWidth::Narrow;
const NUMERALS: &str = "一二三四五六七八九十";

/// Is `row` | `next` a split marker: a clause-initial numeral run cut before its `是`/`要` or inside?
fn splits_marker(line: &str, cut: usize) -> bool {
    let before: String = line[..cut].chars().rev().take_while(|c| NUMERALS.contains(*c)).collect();
    if before.is_empty() {
        return false;
    }
    let opens = line[..cut - before.len()].chars().next_back().is_none_or(|c| "。；：！？，、 　".contains(c));
    let after = line[cut..].chars().find(|c| !NUMERALS.contains(*c));
    opens && after.is_some_and(|c| c == '是' || c == '要')
}

/// Check one line at one width; returns the number of rows with an unavoidable wide hole.
fn check(line: &str, width: usize, index: &TermIndex, where_: &str) -> usize {
    let keep: Vec<_> = index.find(line).into_iter().map(|h| h.range).collect();
    let rows = break_rows(line, width, N, &keep);
    let mut unavoidable = 0;
    for pair in rows.windows(2) {
        let (row, next) = (pair[0], pair[1]);
        let (text, next_text) = (&line[row.start..row.end], &line[next.start..next.end]);
        let first = next_text.chars().next().unwrap();
        assert!(!NO_START.contains(&first), "{where_}, width {width}: row starts with {first}: {text} | {next_text}");
        assert!(!splits_marker(line, next.start), "{where_}, width {width}: marker split: {text} | {next_text}");
        let hole = width - usize::from(row.width);
        if hole > max_hole(width) {
            // Never because a term moved whole: the next row does not open with a term (after
            // the opening marks glued to it), unless the term alone is wider than the row.
            let opening = next_text.len() - next_text.trim_start_matches(|c| NO_END.contains(&c)).len();
            let moved = keep.iter().any(|k| {
                k.start == next.start + opening && str_width(&line[k.clone()], N) + usize::from(row.width) <= width
            });
            assert!(!moved, "{where_}, width {width}: a term moved whole leaving {hole}: {text} | {next_text}");
            // Else the 禁则, a number or a Latin word left no other choice.
            unavoidable += 1;
        }
    }
    unavoidable
}

fn index() -> TermIndex {
    TermIndex::new(&Config::embedded().term_lists)
}

#[test]
fn no_wide_hole_no_split_marker_over_the_corpus_and_samples() {
    let mut files = Vec::new();
    text_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"), &mut files);
    match corpus::dir() {
        Some(dir) => text_files(&dir, &mut files),
        None => eprintln!("corpus absent: the samples only"),
    }
    let index = index();
    let (mut rows, mut unavoidable) = (0, 0);
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let where_ = format!("{}:{}", path.display(), n + 1);
            for width in (20..=120).step_by(3).chain([80]) {
                unavoidable += check(line, width, &index, &where_);
                rows += 1;
            }
        }
    }
    println!("{} files: {rows} line layouts, {unavoidable} wide holes not from terms", files.len());
    assert!(unavoidable * 1_000 < rows, "{unavoidable} wide holes in {rows} layouts");
}

fn sample_lines() -> Vec<String> {
    let mut files = Vec::new();
    text_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"), &mut files);
    files
        .iter()
        .flat_map(|p| std::fs::read_to_string(p).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| l.chars().count() > 20)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Perturbed: any stretch of a sample paragraph, at any width, with an enumerator series
    /// spliced in.
    #[test]
    fn holes_and_markers_hold_on_perturbed_samples(pick in 0usize..10_000, from in 0usize..200, len in 10usize..400,
                                                 width in 12usize..160, at in 0usize..100, n in 1usize..12) {
        let lines = sample_lines();
        let line = &lines[pick % lines.len()];
        let chars: Vec<char> = line.chars().collect();
        let start = from % chars.len();
        let mut text: String = chars[start..(start + len).min(chars.len())].iter().collect();
        let numeral = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"][n - 1];
        let cut = text.char_indices().map(|(i, _)| i).nth(at % text.chars().count().max(1)).unwrap_or(0);
        text.insert_str(cut, &format!("。{numeral}是加强统筹。{numeral}要抓好落实。"));
        check(&text, width, &index(), "perturbed sample");
    }
}
