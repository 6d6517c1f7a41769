//! Target `layout`: `break_rows` at random widths with random `keep_whole` ranges; rows rejoin
//! the text, fit the width and agree with the explained variant.

use std::fmt::Debug;
use std::ops::Range;

use jianghua::layout::{break_rows, break_rows_explained};
use jianghua::width::{AmbiguousWidth, str_width};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

use crate::generators::*;

#[derive(Debug, Clone)]
pub(crate) struct LayoutCase {
    text: String,
    width: usize,
    wide: bool,
    /// Raw byte positions; pairs of the sorted list become ranges.
    keep: Vec<Index>,
    /// Snap `keep` to char boundaries (else some may fall inside characters and are ignored).
    snap: bool,
}

pub(crate) fn layout_case() -> impl Strategy<Value = LayoutCase> {
    let text = prop_oneof![
        3 => document(),
        2 => proptest::collection::vec(piece(), 0..24).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
    .prop_map(|t| t.replace('\n', ""));
    let width = prop_oneof![3 => 0usize..300, 1 => 0usize..6, 1 => Just(usize::MAX), 1 => 60_000usize..70_000];
    (text, width, any::<bool>(), proptest::collection::vec(any::<Index>(), 0..12), any::<bool>())
        .prop_map(|(text, width, wide, keep, snap)| LayoutCase { text, width, wide, keep, snap })
}

pub(crate) fn keep_ranges(text: &str, keep: &[Index], snap: bool) -> Vec<Range<usize>> {
    let mut points: Vec<usize> = keep
        .iter()
        .map(|i| {
            let p = i.index(text.len() + 1);
            if snap { char_floor(text, p) } else { p }
        })
        .collect();
    points.sort_unstable();
    points.chunks_exact(2).filter(|p| p[0] < p[1]).map(|p| p[0]..p[1]).collect()
}

pub(crate) fn check_layout(case: &LayoutCase) -> Result<(), TestCaseError> {
    let text = &case.text;
    let amb = if case.wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
    let keep = keep_ranges(text, &case.keep, case.snap);
    let limit = case.width.clamp(2, usize::from(u16::MAX));
    let rows = break_rows(text, case.width, amb, &keep);
    ensure!(!rows.is_empty(), "rows-empty", "no rows");
    ensure!(rows[0].start == 0, "rows-rejoin", "first row starts at {}", rows[0].start);
    ensure!(
        rows[rows.len() - 1].end == text.len(),
        "rows-rejoin",
        "last row ends at {} of {}",
        rows[rows.len() - 1].end,
        text.len()
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            ensure!(
                rows[i - 1].end == r.start,
                "rows-rejoin",
                "row {} ends at {} but row {i} starts at {}",
                i - 1,
                rows[i - 1].end,
                r.start
            );
        }
        ensure!(
            r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "row-boundary",
            "row {i} {:?}",
            r
        );
        ensure!(text.is_empty() || r.start < r.end, "row-empty", "row {i} {r:?} is empty in a non-empty text");
        let s = &text[r.start..r.end];
        let w = str_width(s.trim_end_matches([' ', '\t']), amb);
        ensure!(usize::from(r.width) == w, "row-width", "row {i} {s:?} says width {} but is {w}", r.width);
        ensure!(w <= limit, "row-too-wide", "row {i} {s:?} is {w} columns, limit {limit}");
    }
    let explained: Vec<_> = break_rows_explained(text, case.width, amb, &keep).into_iter().map(|(r, _)| r).collect();
    ensure!(explained == rows, "explained", "break_rows_explained disagrees with break_rows");
    Ok(())
}
