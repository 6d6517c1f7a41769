//! Library views that read like reports: term trends across the open documents (`T`, sorted by
//! total, rise or first appearance with `s`) and the comparison of two documents (`C`), whose new
//! sentences are then marked in the text.

use super::doc_view::Keywords;
use super::overlay::OverlayKey;
use super::{App, Overlay};
use crate::action::Action;
use crate::library::compare::{Side, compare};
use crate::library::trends::cached::from_catalog;
use crate::library::trends::{TrendSort, Trends, trends};
use crate::report::Format;
use crate::report::trends::TrendsFormat;

/// What a report overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Trends(TrendSort),
    /// The trends of a big library, still being counted in the background (then shown sorted so).
    Counting(TrendSort),
    Compare,
}

/// A big library's trends, counted from its catalog (see [`crate::library::trends::cached`])
/// rather than from read documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LibraryTrends {
    /// No news yet.
    #[default]
    Unknown,
    /// `done` of `total` documents counted.
    Counting(usize, usize),
    Ready(Box<TrendReport>),
}

/// News of a big library's trends from the background.
#[derive(Debug, Clone, PartialEq)]
pub enum TrendsNews {
    /// `done` of `total` documents counted.
    Progress {
        done: usize,
        total: usize,
    },
    Ready(Box<TrendReport>),
}

/// A library's trends as the overlay shows them, in every order: made once, off the UI thread
/// (printing thousands of documents' columns takes longer than a frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendReport {
    /// How many documents the trends are over.
    pub docs: usize,
    by_sort: Vec<(TrendSort, Vec<String>)>,
}

impl TrendReport {
    #[must_use]
    pub fn new(trends: &Trends) -> Self {
        let sorts = [TrendSort::Total, TrendSort::Rise, TrendSort::FirstAppearance];
        let by_sort = sorts
            .into_iter()
            .map(|sort| {
                let mut t = trends.clone();
                t.sort(sort);
                (sort, report_lines(&t))
            })
            .collect();
        Self { docs: trends.docs.len(), by_sort }
    }

    /// The report's lines in order `sort`.
    #[must_use]
    pub fn lines(&self, sort: TrendSort) -> Vec<String> {
        self.by_sort.iter().find(|(s, _)| *s == sort).map(|(_, l)| l.clone()).unwrap_or_default()
    }
}

/// The lines of the trends report, as `T` shows it.
fn report_lines(t: &Trends) -> Vec<String> {
    crate::report::trends::print(t, TrendsFormat::Text).lines().map(str::to_owned).collect()
}

/// Columns `←`/`→` (`h`/`l`) scroll a report sideways.
const HSTEP: isize = 8;

/// Library overlays and reports take this share of the screen's width ...
pub const OVERLAY_WIDTH_PERCENT: u16 = 90;
/// ... and this share of the height above the status bar.
pub const OVERLAY_HEIGHT_PERCENT: u16 = 80;

/// `1234567` as `1,234,567`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl App {
    /// `T`: term trends over the documents. A big library read lazily counts them from its
    /// catalog, in the background in the terminal reader (the overlay says how far it has got and
    /// fills in when they are ready), here when nothing runs in the background (`render`, tests).
    pub(super) fn show_trends(&mut self, sort: TrendSort) {
        if self.docs.len() < 2 {
            self.message = Some("提法走势需要打开多篇文档（jianghua 目录 或 多个文件）".into());
            return;
        }
        let (docs, lines) = if self.unopened_count() == 0 {
            let triples: Vec<_> =
                self.docs.iter().map(|d| (&d.analysis.doc, &d.analysis.outline, &d.analysis.terms)).collect();
            let mut t = trends(&triples, &self.config.term_lists);
            t.sort(sort);
            (t.docs.len(), report_lines(&t))
        } else {
            if let Some(catalog) = self.catalog.as_mut()
                && self.library_trends == LibraryTrends::Unknown
            {
                // Without the terminal (`render`, tests) nothing is written to the cache.
                let (lists, threads) = (&self.config.term_lists, crate::search::across::cores());
                catalog.fill(lists, None, threads, |_| {});
                let counted = from_catalog(catalog, lists, None, threads, |_, _| {});
                self.library_trends = LibraryTrends::Ready(Box::new(TrendReport::new(&counted)));
            }
            let LibraryTrends::Ready(report) = &self.library_trends else {
                self.show_counting(sort);
                return;
            };
            (report.docs, report.lines(sort))
        };
        let hints = self.config.keymap.hint_list(&[
            (Action::Sort, "换排序"),
            (Action::Fold, "左移"),
            (Action::Unfold, "右移"),
            (Action::Cancel, "关闭"),
        ]);
        self.overlay = Some(Overlay::Report {
            title: format!(" 提法走势：{docs} 篇，{}（{hints}）", Self::sort_label(sort)),
            lines,
            offset: 0,
            hoffset: 0,
            kind: ReportKind::Trends(sort),
        });
    }

    fn sort_label(sort: TrendSort) -> &'static str {
        match sort {
            TrendSort::Total => "按总次数",
            TrendSort::Rise => "按上升幅度",
            TrendSort::FirstAppearance => "按首次出现",
        }
    }

    /// The trends overlay while a big library's trends are being counted: how far it has got
    /// (the catalog filling, then the formulations counted).
    fn show_counting(&mut self, sort: TrendSort) {
        let progress = match self.library_trends {
            LibraryTrends::Counting(done, total) => Some((done, total)),
            _ => None,
        };
        let (done, total) = self.cataloguing.or(progress).unwrap_or((0, self.docs.len()));
        let esc = self.config.keymap.hint_list(&[(Action::Cancel, "关闭")]);
        self.overlay = Some(Overlay::Report {
            title: format!(" 提法走势：统计中 {}/{}（{esc}）", grouped(done), grouped(total)),
            lines: vec![format!("正在统计 {} 篇文档的提法，统计完成后在此显示。", grouped(self.docs.len()))],
            offset: 0,
            hoffset: 0,
            kind: ReportKind::Counting(sort),
        });
    }

    /// News of a big library's trends from the background: the overlay waiting for them shows
    /// how far counting has got, then the trends.
    pub fn trends_news(&mut self, news: TrendsNews) {
        self.library_trends = match news {
            TrendsNews::Progress { done, total } => LibraryTrends::Counting(done, total),
            TrendsNews::Ready(report) => LibraryTrends::Ready(report),
        };
        self.refresh_counting();
    }

    /// Show the latest progress (or the trends) in an overlay waiting for a library's trends.
    pub(super) fn refresh_counting(&mut self) {
        if let Some(Overlay::Report { kind: ReportKind::Counting(sort), .. }) = self.overlay {
            self.show_trends(sort);
        }
    }

    /// The next sort order of the trends view.
    pub(super) fn next_trend_sort(sort: TrendSort) -> TrendSort {
        match sort {
            TrendSort::Total => TrendSort::Rise,
            TrendSort::Rise => TrendSort::FirstAppearance,
            TrendSort::FirstAppearance => TrendSort::Total,
        }
    }

    /// Keys in the compare picker and the report overlays.
    pub(super) fn report_key(&mut self, k: OverlayKey, overlay: Overlay) {
        match overlay {
            Overlay::ComparePick { selected } => {
                if let Some(d) = k.step {
                    let selected = selected.saturating_add_signed(d).min(self.docs.len() - 1);
                    self.overlay = Some(Overlay::ComparePick { selected });
                } else if k.enter {
                    self.compare_with(selected);
                }
            }
            Overlay::Report { title, lines, offset, hoffset, kind } => {
                let sideways = match k.action {
                    Some(Action::Unfold) => Some(HSTEP),
                    Some(Action::Fold) => Some(-HSTEP),
                    _ => None,
                };
                if let Some(d) = k.step {
                    let offset = offset.saturating_add_signed(d).min(lines.len().saturating_sub(1));
                    self.overlay = Some(Overlay::Report { title, lines, offset, hoffset, kind });
                } else if let Some(d) = sideways {
                    let amb = self.config.reader.ambiguous_width;
                    let widest = lines.iter().map(|l| crate::width::str_width(l, amb)).max().unwrap_or(0);
                    // Stop once the widest line's end is in view.
                    let shown = usize::from(self.size.width * OVERLAY_WIDTH_PERCENT / 100).max(20).saturating_sub(2);
                    let hoffset = hoffset.saturating_add_signed(d).min(widest.saturating_sub(shown));
                    self.overlay = Some(Overlay::Report { title, lines, offset, hoffset, kind });
                } else if let (ReportKind::Trends(sort) | ReportKind::Counting(sort), Some(Action::Sort)) =
                    (kind, k.action)
                {
                    self.show_trends(Self::next_trend_sort(sort));
                }
            }
            _ => {}
        }
    }

    /// `C`: choose the document to compare the current one with.
    pub(super) fn start_compare(&mut self) {
        if self.docs.len() < 2 {
            self.message = Some("对比需要打开两篇以上文档".into());
            return;
        }
        let first_other = usize::from(self.current == 0);
        self.overlay = Some(Overlay::ComparePick { selected: first_other });
    }

    /// Compare document `a` (earlier) with the current one (`b`), show the report and mark
    /// `b`'s new sentences.
    pub(super) fn compare_with(&mut self, a: usize) {
        let b = self.current;
        if a == b || a >= self.docs.len() || !self.open_doc(a) {
            return;
        }
        let keywords = |k: &Keywords| match k {
            Keywords::Ready(words) => words.clone(),
            _ => Vec::new(),
        };
        let (ka, kb) = (keywords(&self.docs[a].analysis.keywords), keywords(&self.docs[b].analysis.keywords));
        let side = |i: usize, k| {
            let d = &self.docs[i];
            Side { doc: &d.analysis.doc, outline: &d.analysis.outline, terms: &d.analysis.terms, keywords: k }
        };
        let (sa, sb) = (side(a, &ka), side(b, &kb));
        let cmp = compare(sa, sb, &self.config.term_lists);
        let text = crate::report::compare::print(sa, sb, &cmp, Format::Text);
        let marked = cmp.new_sentences.len();
        self.docs[b].viewport.compared = cmp.new_sentences;
        let esc = self.config.keymap.hint_list(&[(Action::Cancel, "关闭")]);
        let again = self.config.keymap.hint_list(&[(Action::Cancel, "取消标注")]);
        self.overlay = Some(Overlay::Report {
            title: format!(" 对比：新句子 {marked} 句已在正文中标出（{esc}，再按 {again}）"),
            lines: text.lines().map(str::to_owned).collect(),
            offset: 0,
            hoffset: 0,
            kind: ReportKind::Compare,
        });
    }
}
