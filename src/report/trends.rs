//! `jianghua trends`: formulations across documents in time order, as an aligned text table with
//! sparklines, as CSV for spreadsheets, or as JSON.
//!
//! The CSV is what spreadsheet programs open without asking: UTF-8 with a byte-order mark at the
//! start (without it Excel reads the Chinese as a legacy code page), RFC 4180 quoting (a field
//! with a comma, a double quote, CR or LF is put in double quotes, with inner quotes doubled) and
//! CRLF line endings. Control characters (from odd file names) are shown as placeholders.
//! Header: `term,list,total,first,peak,<label of document 1>,…`; `list` is empty for discovered
//! formulations, `first` and `peak` are document labels (empty when none).

use std::fmt::Write as _;

use serde::Serialize;

use crate::document::safe;
use crate::library::trends::{Trends, sparkline};
use crate::width::{AmbiguousWidth, str_width, truncate};

/// Output formats of the trends report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendsFormat {
    /// One row per term with a sparkline, fitted to 100 columns.
    #[default]
    Text,
    /// A spreadsheet: one row per term, one column per document (UTF-8 with BOM, CRLF).
    Csv,
    /// Machine-readable JSON.
    Json,
}

/// Width the text format fits in.
pub const TEXT_WIDTH: usize = 100;

/// Print the trends in the chosen format. Terms are printed in their current order (see
/// [`Trends::sort`](crate::library::trends::Trends::sort)).
#[must_use]
pub fn print(trends: &Trends, format: TrendsFormat) -> String {
    match format {
        TrendsFormat::Text => text(trends),
        TrendsFormat::Csv => csv(trends),
        TrendsFormat::Json => json(trends),
    }
}

/// A label for document `index`, or `fallback`.
fn label<'a>(trends: &'a Trends, index: Option<usize>, fallback: &'a str) -> &'a str {
    index.and_then(|i| trends.docs.get(i)).map_or(fallback, |d| d.label.as_str())
}

/// One line of text: control characters shown as placeholders, line breaks and tabs as spaces.
fn one_line(s: &str) -> String {
    safe(s).chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn pad(s: &str, width: usize) -> String {
    let amb = AmbiguousWidth::Narrow;
    let cut = truncate(s, width, amb);
    let fill = width.saturating_sub(str_width(&cut, amb));
    format!("{cut}{}", " ".repeat(fill))
}

/// `counts` reduced to at most `cells` values, each the largest count of its stretch of
/// documents.
fn squeeze(counts: &[usize], cells: usize) -> Vec<usize> {
    if counts.len() <= cells || cells == 0 {
        return counts.to_vec();
    }
    (0..cells)
        .map(|c| {
            let (from, to) =
                (c * counts.len() / cells, ((c + 1) * counts.len() / cells).max(c * counts.len() / cells + 1));
            counts.get(from..to.min(counts.len())).and_then(|s| s.iter().copied().max()).unwrap_or(0)
        })
        .collect()
}

fn text(trends: &Trends) -> String {
    let amb = AmbiguousWidth::Narrow;
    let mut out = String::new();
    let n = trends.docs.len();
    match (trends.docs.first(), trends.docs.last()) {
        (Some(first), Some(last)) if n > 1 => {
            let _ = writeln!(out, "{n} 篇文档，{} 至 {}", one_line(&first.label), one_line(&last.label));
        }
        (Some(only), _) => {
            let _ = writeln!(out, "1 篇文档：{}", one_line(&only.label));
        }
        _ => {
            out.push_str("没有文档\n");
            return out;
        }
    }
    if trends.terms.is_empty() {
        out.push_str("（没有出现任何提法）\n");
        return out;
    }
    let term_w = trends.terms.iter().map(|t| str_width(&one_line(&t.term), amb)).max().unwrap_or(0).clamp(4, 24);
    let label_w = trends.docs.iter().map(|d| str_width(&one_line(&d.label), amb)).max().unwrap_or(0).clamp(4, 14);
    let fixed = term_w + 2 + 5 + 2 + label_w + 2 + label_w + 2;
    let cells = TEXT_WIDTH.saturating_sub(fixed).max(8);
    let per_cell = n.div_ceil(cells);
    let chart = if per_cell > 1 {
        format!("走势（每格最多 {per_cell} 篇，取最大值）")
    } else {
        "走势".to_owned()
    };
    let header =
        format!("{}  {:>3}  {}  {}  {chart}", pad("提法", term_w), "合计", pad("首次", label_w), pad("最多", label_w));
    let _ = writeln!(out, "{}", header.trim_end());
    for t in &trends.terms {
        let line = format!(
            "{}  {:>5}  {}  {}  {}",
            pad(&one_line(&t.term), term_w),
            t.total,
            pad(&one_line(label(trends, t.first, "")), label_w),
            pad(&one_line(label(trends, t.peak, "")), label_w),
            sparkline(&squeeze(&t.counts, cells)),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// One CSV field, quoted when it must be (RFC 4180). Control characters other than line breaks
/// and tabs are shown as placeholders, as everywhere else.
fn field(s: &str) -> String {
    let s = safe(s);
    if s.contains([',', '"', '\r', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.into_owned() }
}

fn csv(trends: &Trends) -> String {
    let mut out = String::from("\u{FEFF}");
    let mut header: Vec<String> = ["term", "list", "total", "first", "peak"].map(str::to_owned).to_vec();
    header.extend(trends.docs.iter().map(|d| field(&d.label)));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for t in &trends.terms {
        let mut row = vec![
            field(&t.term),
            field(t.list.as_deref().unwrap_or("")),
            t.total.to_string(),
            field(label(trends, t.first, "")),
            field(label(trends, t.peak, "")),
        ];
        row.extend(t.counts.iter().map(ToString::to_string));
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    label: &'a str,
    /// ISO 8601 with the precision known: `2023`, `2023-03` or `2023-03-05`.
    date: Option<String>,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonTrend<'a> {
    term: &'a str,
    list: Option<&'a str>,
    counts: &'a [usize],
    total: usize,
    first: Option<&'a str>,
    peak: Option<&'a str>,
    rise: f64,
}

#[derive(Serialize)]
struct JsonTrends<'a> {
    documents: Vec<JsonDoc<'a>>,
    terms: Vec<JsonTrend<'a>>,
}

fn json(trends: &Trends) -> String {
    let at = |i: Option<usize>| i.and_then(|i| trends.docs.get(i)).map(|d| d.label.as_str());
    let value = JsonTrends {
        documents: trends
            .docs
            .iter()
            .map(|d| JsonDoc { label: &d.label, date: d.date.map(|x| x.iso()), name: &d.name })
            .collect(),
        terms: trends
            .terms
            .iter()
            .map(|t| JsonTrend {
                term: &t.term,
                list: t.list.as_deref(),
                counts: &t.counts,
                total: t.total,
                first: at(t.first),
                peak: at(t.peak),
                // JSON has no NaN; rounding keeps the output readable.
                rise: if t.rise.is_finite() { (t.rise * 1000.0).round() / 1000.0 } else { 0.0 },
            })
            .collect(),
    };
    super::json(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::date::DocDate;
    use crate::library::trends::{Trend, TrendDoc};

    fn sample() -> Trends {
        let doc = |label: &str, year: Option<u16>| TrendDoc {
            label: label.into(),
            date: year.map(DocDate::year),
            name: format!("{label}.txt"),
        };
        Trends {
            docs: vec![doc("2019年", Some(2019)), doc("2020年", Some(2020)), doc("a,\"b\"", None)],
            terms: vec![
                Trend {
                    term: "高质量发展".into(),
                    list: Some("发展理念".into()),
                    counts: vec![1, 0, 4],
                    total: 5,
                    first: Some(0),
                    peak: Some(2),
                    rise: 3.0,
                },
                Trend {
                    term: "一带,一路".into(),
                    list: None,
                    counts: vec![0, 2, 0],
                    total: 2,
                    first: Some(1),
                    peak: Some(1),
                    rise: 0.0,
                },
            ],
        }
    }

    #[test]
    fn csv_has_bom_crlf_and_quoting() {
        let out = print(&sample(), TrendsFormat::Csv);
        assert!(out.starts_with("\u{FEFF}term,list,total,first,peak,2019年,2020年,\"a,\"\"b\"\"\"\r\n"));
        assert!(out.contains("\r\n高质量发展,发展理念,5,2019年,\"a,\"\"b\"\"\",1,0,4\r\n"));
        assert!(out.contains("\r\n\"一带,一路\",,2,2020年,2020年,0,2,0\r\n"));
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn json_names_documents_by_label() {
        let v: serde_json::Value = serde_json::from_str(&print(&sample(), TrendsFormat::Json)).unwrap();
        assert_eq!(v["documents"][0]["date"], "2019");
        assert_eq!(v["documents"][2]["date"], serde_json::Value::Null);
        assert_eq!(v["terms"][0]["peak"], "a,\"b\"");
        assert_eq!(v["terms"][1]["list"], serde_json::Value::Null);
        assert_eq!(v["terms"][0]["counts"], serde_json::json!([1, 0, 4]));
    }

    #[test]
    fn text_fits_and_shows_sparklines() {
        let out = print(&sample(), TrendsFormat::Text);
        assert!(out.contains("▂ █"), "{out}");
        assert!(out.lines().all(|l| str_width(l, AmbiguousWidth::Narrow) <= TEXT_WIDTH), "{out}");
        let mut many = sample();
        many.docs = (0..300).map(|i| TrendDoc { label: format!("{i}"), date: None, name: String::new() }).collect();
        many.terms[0].counts = (0..300).collect();
        let out = print(&many, TrendsFormat::Text);
        assert!(out.lines().all(|l| str_width(l, AmbiguousWidth::Narrow) <= TEXT_WIDTH), "{out}");
        assert_eq!(squeeze(&[1, 5, 2, 0, 3], 2), [5, 3]);
        assert_eq!(squeeze(&[1, 2], 5), [1, 2]);
    }
}
