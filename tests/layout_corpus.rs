//! Line breaking over the shared corpus (`../shared/corpus`, or `JIANGHUA_CORPUS`): every
//! non-blank line of every `.txt` file, at every width from 20 to 120 columns, in both
//! ambiguous-width models. All 101 widths are cheap enough (a few seconds in a debug build), so
//! there is no stride. Lines are laid out as they are, control characters and U+200B included.
//!
//! Checked: rows rejoin to the line, no row is wider than the width, and after every break that
//! was not forced no row starts with a pause or closing mark, ends with an opening mark, or
//! splits `——`/`……`. Breaks that found no allowed opportunity must stay below 0.1% of rows.

#[path = "support/corpus.rs"]
#[allow(dead_code)] // only `dir` and `text_files` are needed here
mod corpus;

use corpus::text_files;

use jianghua::layout::{RowEnd, break_rows_explained};
use jianghua::width::{AmbiguousWidth, char_width, str_width};

const NO_START: &str = "、，。：；！？”’」』）》〉】";
const NO_END: &str = "“‘「『（《〈【";

#[derive(Default)]
struct Tally {
    rows: usize,
    fallback: usize,
    forced: usize,
}

fn check_line(line: &str, width: usize, amb: AmbiguousWidth, where_: &str, tally: &mut Tally) {
    let rows = break_rows_explained(line, width, amb, &[]);
    let mut joined = String::with_capacity(line.len());
    for (i, &(row, end)) in rows.iter().enumerate() {
        let text = &line[row.start..row.end];
        joined.push_str(text);
        assert!(usize::from(row.width) <= width, "{where_}, width {width}: row {text:?} is {} wide", row.width);
        assert_eq!(usize::from(row.width), str_width(text.trim_end_matches([' ', '\t']), amb), "{where_}: {text:?}");
        match end {
            RowEnd::Fallback => tally.fallback += 1,
            RowEnd::Forced => tally.forced += 1,
            RowEnd::Opportunity | RowEnd::Last => {}
        }
        if end == RowEnd::Forced || end == RowEnd::Last {
            continue;
        }
        let next = &line[rows[i + 1].0.start..rows[i + 1].0.end];
        let first = next.chars().next().unwrap();
        assert!(!NO_START.contains(first), "{where_}, width {width}: row starts with {first}: {text:?} | {next:?}");
        let last = text.chars().rev().find(|&c| c != ' ' && c != '\t' && char_width(c, amb) > 0);
        assert!(
            !last.is_some_and(|c| NO_END.contains(c)),
            "{where_}, width {width}: row ends with an opening mark: {text:?} | {next:?}"
        );
        for pair in ['—', '…'] {
            assert!(!(text.ends_with(pair) && next.starts_with(pair)), "{where_}, width {width}: {pair}{pair} split");
        }
    }
    tally.rows += rows.len();
    assert_eq!(joined, line, "{where_}, width {width}");
}

#[test]
fn every_corpus_line_wraps_by_the_rules_at_every_width() {
    let Some(dir) = corpus::dir() else { return };
    let mut files = Vec::new();
    text_files(&dir, &mut files);
    assert!(files.len() >= 50, "expected the whole corpus, found {} files", files.len());
    let mut tally = Tally::default();
    let mut bytes = 0;
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&raw);
        let name = path.strip_prefix(&dir).unwrap_or(path).display().to_string();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            bytes += line.len();
            let where_ = format!("{name}:{}", n + 1);
            for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
                for width in 20..=120 {
                    check_line(line, width, amb, &where_, &mut tally);
                }
            }
        }
    }
    let unusual = tally.fallback + tally.forced;
    println!(
        "{} files, {} bytes of lines, 101 widths x 2 models: {} rows, {} fallback breaks, {} forced breaks \
         ({} per million rows)",
        files.len(),
        bytes,
        tally.rows,
        tally.fallback,
        tally.forced,
        unusual * 1_000_000 / tally.rows.max(1)
    );
    assert!(unusual * 1000 < tally.rows, "{unusual} of {} rows broke without an allowed opportunity", tally.rows);
}
