//! Sentence spans inside a paragraph.
//!
//! A sentence ends at `。！？；` (and their ASCII forms) or at `……`, and keeps any closing quotes
//! or brackets that follow, so `“……两个维护。”` stays one sentence with its quote.

use std::ops::Range;

/// Characters that end a sentence on their own.
const TERMINATORS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];
/// Closing marks that stay with the sentence they follow.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', '》', '〉', '】', ')', '"', '\''];

/// Append the byte ranges of the sentences of `text` to `out`, offset by `base`.
///
/// Leading and trailing whitespace (including ideographic spaces) is not part of any sentence.
pub fn split_into(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        let ends = TERMINATORS.contains(&c) || (c == '…' && chars.peek().is_some_and(|&(_, n)| n == '…'));
        if !ends {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if TERMINATORS.contains(&n) || CLOSERS.contains(&n) || n == '…' {
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if let Some(s) = start.take() {
            out.push(base + s..base + end);
        }
    }
    if let Some(s) = start {
        let end = text.trim_end().len();
        if end > s {
            out.push(base + s..base + end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_into(text, 0, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_full_stops_and_semicolons() {
        assert_eq!(sentences("一是甲；二是乙。三是丙！"), ["一是甲；", "二是乙。", "三是丙！"]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(sentences("他说：“要坚决做到‘两个维护’。”下一句"), ["他说：“要坚决做到‘两个维护’。”", "下一句"]);
    }

    #[test]
    fn ellipsis_ends_a_sentence_but_a_single_one_does_not() {
        assert_eq!(sentences("等等……然后…继续。"), ["等等……", "然后…继续。"]);
    }

    #[test]
    fn indent_is_not_part_of_the_sentence() {
        assert_eq!(sentences("　　现在，我代表政府报告工作。 "), ["现在，我代表政府报告工作。"]);
    }
}
