//! Where the body ends. A copied web page goes on after the speech: `相关报道：`, `（来源：××日报）`,
//! `编辑：×××`, links, a licence note. None of it is a sentence of the speech, and the speech is
//! over by then: its last numbered heading (and that heading's definition) and its closing
//! address (`各位代表！…`) are behind. The tail starts at the first line after both that is not
//! body text, does not continue the line before it, and is not followed by body text.

use super::{shape, starts_with_address};
use crate::structure::{fragment, marker};

/// A line of body text: a sentence or a clause (page furniture has no commas), a numbered line,
/// or a piece of a broken one (it starts with punctuation that continues, or ends with a mark
/// that opens).
fn is_body(t: &str) -> bool {
    shape::ends_sentence(t)
        || (t.contains(['，', ',']) && !shape::is_credit(t))
        || shape::starts_numbered(t)
        || t.starts_with(shape::CONTINUING)
        || t.ends_with(shape::OPENING)
}

/// A line that carries the document's structure: a numbered heading, an appendix or glossary
/// heading, a glossary entry, or a marker broken over two lines.
fn is_structural(texts: &[&str], p: usize) -> bool {
    let t = texts[p];
    let block = marker::leading(t).is_some_and(|f| {
        matches!(f.style, marker::Style::Appendix | marker::Style::Glossary | marker::Style::TopHeading)
    });
    block
        || shape::starts_numbered(t)
        || marker::entry_number(t).is_some()
        || texts.get(p + 1).is_some_and(|next| fragment::join(t, next).is_some())
}

/// A heading whose text comes on the next line: `［1］一降三减：`, `附件1`.
fn opens_next_line(t: &str) -> bool {
    t.ends_with(['：', ':'])
        || marker::leading(t).is_some_and(|f| marker::title(t[f.len..].trim_start_matches(['：', ':'])).is_empty())
}

/// The first paragraph of the tail after the body (`texts.len()` when there is none).
#[must_use]
pub fn start(texts: &[&str], body_start: usize) -> usize {
    let n = texts.len();
    let after_structure = match (body_start..n).rev().find(|&p| is_structural(texts, p)) {
        Some(m) => (m + 1 + usize::from(opens_next_line(texts[m]))).min(n),
        None => body_start.min(n),
    };
    let after_closing = (body_start..n).rev().find(|&p| starts_with_address(texts[p])).map_or(0, |a| a + 1);
    let from = after_structure.max(after_closing);
    (from..n)
        .find(|&p| {
            let t = texts[p];
            let continues = p > 0
                && !shape::is_finished(texts[p - 1])
                && !shape::is_furniture(texts[p - 1])
                && !shape::is_furniture(t);
            !is_body(t) && !continues && !texts.get(p + 1).is_some_and(|next| is_body(next))
        })
        .unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(text: &str) -> usize {
        let lines: Vec<&str> = text.lines().collect();
        start(&lines, 0)
    }

    #[test]
    fn page_furniture_after_the_body() {
        assert_eq!(tail("一、甲\n正文。\n各位代表！让我们共同奋斗！\n相关报道："), 3);
        assert_eq!(
            tail(
                "名词解释\n1.“两重”：是指重大战略。\n责任编辑：\n李四\n打印本页\n2026年某省政府工作报告\n各位代表：现在，我代表省人民政府，向大会报告工作。"
            ),
            2
        );
        assert_eq!(tail("注释\n［1］一降三减：\n火灾起数下降"), 3);
        assert_eq!(tail("一、甲\n正文。\n（来源：某某日报）\n编辑：王五"), 2);
    }

    #[test]
    fn headings_and_broken_lines_stay_in_the_body() {
        assert_eq!(tail("一、甲\n正文。\n主要目标\n今年的主要目标是增长，这是一个完整的句子。"), 4);
        assert_eq!(tail("一、甲\n今年我们签署了\n区域全面经济伙伴关系协定\n并生效实施，效果很好。"), 4);
        assert_eq!(tail("一、甲\n正文。\n重点抓好以下工作：\n加强领导。"), 4);
    }
}
