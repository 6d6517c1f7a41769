//! Splitting paragraphs too long for a reader to hold as one: a file that is one 60 MB line is a
//! damaged export, not a paragraph, and everything kept per paragraph (wrapped rows, sentence
//! lists, outline roles) would grow with it. A line over [`MAX_PARAGRAPH_BYTES`] is broken after
//! the last sentence end (`。！？；`) within the limit, or, with none, at the limit itself.

/// The longest paragraph kept whole, in bytes (about 21,000 Chinese characters; a real
/// paragraph of a speech is a few hundred).
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;

/// Where to break a line that is longer than the limit: just after the last sentence end in the
/// first `MAX_PARAGRAPH_BYTES`, else at the last char boundary within them.
fn break_point(line: &str) -> usize {
    let window = &line[..super::floor_boundary(line, MAX_PARAGRAPH_BYTES)];
    match window.rfind(['。', '！', '？', '；']) {
        // Not at the very start: a break there would leave the rest as long as before.
        Some(i) if i > 0 => i + '。'.len_utf8(),
        _ => window.len().max(line.chars().next().map_or(1, char::len_utf8)),
    }
}

/// `text` with every line over the limit broken into lines within it, and how many breaks were
/// added. Text without such a line is returned as it is.
#[must_use]
pub fn split_long_paragraphs(text: String) -> (String, usize) {
    if !text.split('\n').any(|l| l.len() > MAX_PARAGRAPH_BYTES) {
        return (text, 0);
    }
    let mut out = String::with_capacity(text.len() + text.len() / MAX_PARAGRAPH_BYTES + 1);
    let mut breaks = 0;
    for (i, mut line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        while line.len() > MAX_PARAGRAPH_BYTES {
            let at = break_point(line);
            out.push_str(&line[..at]);
            out.push('\n');
            breaks += 1;
            line = &line[at..];
        }
        out.push_str(line);
    }
    (out, breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_after_a_sentence_and_short_ones_stay() {
        let sentence = "坚持稳中求进工作总基调，推动高质量发展。";
        let long = sentence.repeat(3 * MAX_PARAGRAPH_BYTES / sentence.len());
        let text = format!("标题\n{long}\n尾");
        let (split, breaks) = split_long_paragraphs(text.clone());
        assert_eq!(breaks, 2);
        assert_eq!(split.replace('\n', ""), text.replace('\n', ""), "only line breaks were added");
        for line in split.split('\n') {
            assert!(line.len() <= MAX_PARAGRAPH_BYTES);
            assert!(line.ends_with('。') || line == "标题" || line == "尾", "{}", &line[line.len() - 6..]);
        }
        let short = "一、总体要求\n正文。".to_owned();
        assert_eq!(split_long_paragraphs(short.clone()), (short, 0));
    }

    #[test]
    fn a_line_without_sentence_ends_breaks_at_the_limit() {
        let text = "字".repeat(MAX_PARAGRAPH_BYTES / 3 * 2);
        let (split, breaks) = split_long_paragraphs(text.clone());
        assert_eq!(breaks, 1);
        assert_eq!(split.replace('\n', ""), text);
        assert!(split.split('\n').all(|l| l.len() <= MAX_PARAGRAPH_BYTES && !l.is_empty()));
    }
}
