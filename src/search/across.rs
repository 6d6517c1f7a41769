//! Searching many documents at once: a plain scan of every text, split across the machine's
//! cores. Literal matches come first (in document order), then pinyin matches, as in one
//! document.

use std::ops::Range;

use super::{MatchKind, Matcher};

/// The matches in one document, in stepping order (literal ones first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMatches {
    pub ranges: Vec<Range<usize>>,
    /// How many of `ranges` are literal.
    pub literal: usize,
}

/// Search every text with `matcher`, using up to `threads` threads.
#[must_use]
pub fn search_all(texts: &[&str], matcher: &Matcher, threads: usize) -> Vec<DocMatches> {
    let found = map_on_threads(texts, threads, |text| {
        let all = matcher.all(text);
        let literal = all.iter().filter(|m| m.kind == MatchKind::Literal).count();
        DocMatches { ranges: all.into_iter().map(|m| m.range).collect(), literal }
    });
    found.into_iter().map(Option::unwrap_or_default).collect()
}

/// `one` of every item, in order, computed on up to `threads` threads (at most 64). Items are
/// interleaved over the threads so that one slow item does not hold up a chunk. None for the
/// items of a thread that panicked (the panic is reported, not passed on).
pub fn map_on_threads<T: Sync, R: Send>(items: &[T], threads: usize, one: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let threads = threads.clamp(1, 64).min(items.len());
    if threads <= 1 {
        return items.iter().map(|item| Some(one(item))).collect();
    }
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let one = &one;
                scope.spawn(move || (k..items.len()).step_by(threads).map(|i| (i, one(&items[i]))).collect::<Vec<_>>())
            })
            .collect();
        for handle in handles {
            for (i, r) in handle.join().unwrap_or_default() {
                results[i] = Some(r);
            }
        }
    });
    results
}

/// `one` of every item on up to `threads` threads (at most 64), items interleaved over the
/// threads; each result is handed to `done` on the calling thread as soon as it is ready (in
/// completion order, with the item's index), so the caller can keep it and report progress.
pub fn each_on_threads<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    one: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(usize, R),
) {
    let threads = threads.clamp(1, 64);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for k in 0..threads {
            let (send, one) = (send.clone(), &one);
            scope.spawn(move || {
                for i in (k..items.len()).step_by(threads) {
                    if send.send((i, one(&items[i]))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        for (i, result) in receive {
            done(i, result);
        }
    });
}

/// The machine's cores, for [`search_all`].
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_is_done_once_on_the_calling_thread_whatever_the_threads() {
        let items: Vec<usize> = (0..100).collect();
        let caller = std::thread::current().id();
        for threads in [0, 1, 3, 200] {
            let mut seen = vec![0; items.len()];
            each_on_threads(
                &items,
                threads,
                |&n| n * n,
                |i, square| {
                    assert_eq!(std::thread::current().id(), caller);
                    assert_eq!(square, i * i);
                    seen[i] += 1;
                },
            );
            assert!(seen.iter().all(|&n| n == 1), "{threads} threads: {seen:?}");
        }
    }

    #[test]
    fn results_keep_document_order_whatever_the_threads() {
        let texts = ["两个确立", "没有", "两个确立，两个确立", "lgql 两个确立"];
        let matcher = Matcher::new("两个确立").unwrap();
        let one = search_all(&texts, &matcher, 1);
        let many = search_all(&texts, &matcher, 3);
        assert_eq!(one, many);
        let counts: Vec<usize> = one.iter().map(|m| m.ranges.len()).collect();
        assert_eq!(counts, [1, 0, 2, 1]);
    }
}
