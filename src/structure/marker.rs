//! Marker rules: how each numbering style is recognised at the start of a paragraph or a clause.
//!
//! Every style is one small rule in a table. A new numbering style is a new row, not a special case
//! elsewhere. The rules only look at text; whether a match counts (series, traps, position) is
//! decided by the caller.

use super::Family;
use super::numeral;

/// A numbering style. Several styles can share a [`Family`] (`1.`, `（1）` and `①` are items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `一、`
    Part,
    /// `（一）`
    Chapter,
    /// `1.` `1、` `1．`
    ItemDot,
    /// `（1）`
    ItemParen,
    /// `①`
    ItemCircled,
    /// `［1］` `【1】` `[1]` `〔1〕`
    ItemBracket,
    /// `一要`
    Requirement,
    /// `一是`
    Point,
    /// `第一，`
    Ordinal,
    /// `首先，` … `最后，`
    Sequence,
    /// `——`
    Dash,
    /// `附件1`, or a block opened by a numbering restart.
    Appendix,
    /// `名词解释`: an appendix whose items are glossary entries.
    Glossary,
    /// `结束语`: an unnumbered heading that stands at the top level.
    TopHeading,
    /// A short unnumbered line between body paragraphs.
    Heading,
    /// Body text before the first top-level section.
    Preamble,
}

impl Style {
    /// The family reported in the outline.
    #[must_use]
    pub fn family(self) -> Family {
        match self {
            Self::Part => Family::Part,
            Self::Chapter => Family::Chapter,
            Self::ItemDot | Self::ItemParen | Self::ItemCircled | Self::ItemBracket => Family::Item,
            Self::Requirement => Family::Requirement,
            Self::Point => Family::Point,
            Self::Ordinal => Family::Ordinal,
            Self::Sequence => Family::Sequence,
            Self::Dash => Family::Dash,
            Self::Appendix | Self::Glossary => Family::Appendix,
            Self::TopHeading | Self::Heading => Family::Heading,
            Self::Preamble => Family::Preamble,
        }
    }

    /// Enumerators only count as members of a series.
    #[must_use]
    pub fn is_enumerator(self) -> bool {
        matches!(self, Self::Requirement | Self::Point | Self::Ordinal | Self::Sequence)
    }
}

/// A marker found at some position: its style, its number and its length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub style: Style,
    pub number: u32,
    pub len: usize,
}

type Rule = fn(&str) -> Option<(u32, usize)>;

/// Rules tried at the start of a paragraph, in order.
const LEADING: &[(Style, Rule)] = &[
    (Style::Part, part),
    (Style::Chapter, chapter),
    (Style::ItemParen, item_paren),
    (Style::ItemDot, item_dot),
    (Style::ItemCircled, item_circled),
    (Style::ItemBracket, item_bracket),
    (Style::Requirement, requirement),
    (Style::Point, point),
    (Style::Ordinal, ordinal),
    (Style::Sequence, sequence),
    (Style::Dash, dash),
];

/// Rules tried at the start of a clause inside a paragraph (after `。；：！？`).
const INLINE: &[(Style, Rule)] =
    &[(Style::Requirement, requirement), (Style::Point, point), (Style::Ordinal, ordinal), (Style::Sequence, sequence)];

/// Whole-paragraph rules: the paragraph is nothing but this marker (and maybe a title).
const WHOLE: &[(Style, Rule)] =
    &[(Style::Glossary, glossary), (Style::Appendix, appendix), (Style::TopHeading, top_heading)];

/// Characters that end a clause; an inline marker may follow any of them.
pub const CLAUSE_ENDS: &[char] = &['。', '；', '：', '！', '？', ';', ':', '!', '?'];
/// Closing marks that may sit between a clause end and an inline marker.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', '》', ')'];

/// The marker at the start of a paragraph (after its indent), if any.
#[must_use]
pub fn leading(text: &str) -> Option<Found> {
    let trimmed = text.trim_end();
    WHOLE
        .iter()
        .chain(LEADING)
        .find_map(|(style, rule)| rule(trimmed).map(|(number, len)| Found { style: *style, number, len }))
}

/// Enumerator markers inside a paragraph, at clause starts after the first character, as
/// `(byte offset within text, marker)`.
pub fn inline(text: &str) -> impl Iterator<Item = (usize, Found)> + '_ {
    let mut after_clause_end = false;
    text.char_indices().filter_map(move |(i, c)| {
        let candidate = after_clause_end;
        if CLAUSE_ENDS.contains(&c) {
            after_clause_end = true;
            return None;
        }
        if after_clause_end && CLOSERS.contains(&c) {
            return None;
        }
        after_clause_end = false;
        if !candidate {
            return None;
        }
        let rest = &text[i..];
        INLINE
            .iter()
            .find_map(|(style, rule)| rule(rest).map(|(number, len)| (i, Found { style: *style, number, len })))
    })
}

/// The heading text after a marker: the first clause, without trailing punctuation.
#[must_use]
pub fn title(after_marker: &str) -> &str {
    let s = after_marker.trim_start_matches(|c: char| c.is_whitespace());
    let end = s.find(|c: char| CLAUSE_ENDS.contains(&c) || c == '\n').unwrap_or(s.len());
    s[..end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '，' | '、' | ',' | '.' | '．'))
}

fn followed_by<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.strip_prefix(prefix)
}

fn part(s: &str) -> Option<(u32, usize)> {
    let (n, len) = numeral::chinese(s)?;
    followed_by(&s[len..], "、").map(|_| (n, len + '、'.len_utf8()))
}

fn bracketed(s: &str, number: fn(&str) -> Option<(u32, usize)>) -> Option<(u32, usize)> {
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner = &s[open.len_utf8()..];
    let (n, len) = number(inner)?;
    let close = inner[len..].chars().next().filter(|c| matches!(c, '）' | ')'))?;
    Some((n, open.len_utf8() + len + close.len_utf8()))
}

fn chapter(s: &str) -> Option<(u32, usize)> {
    bracketed(s, numeral::chinese)
}

fn item_paren(s: &str) -> Option<(u32, usize)> {
    bracketed(s, numeral::arabic).filter(|(n, _)| (1..=99).contains(n))
}

fn item_dot(s: &str) -> Option<(u32, usize)> {
    let (n, len) = entry_number(s)?;
    // `1.5亿` is a number, not an item.
    let next_is_digit = s[len..].chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    (!next_is_digit).then_some((n, len))
}

/// `20.` `3、` `７．`: the digits before the first separator, whatever follows. In a glossary the
/// term itself may start with digits (`20.2026年10件民生实事：`, `21.5+2就业之家：`), so the `.`
/// after the entry number is never a decimal point there.
#[must_use]
pub fn entry_number(s: &str) -> Option<(u32, usize)> {
    let (n, len) = numeral::arabic(s)?;
    let sep = s[len..].chars().next().filter(|c| matches!(c, '.' | '．' | '、'))?;
    (1..=99).contains(&n).then_some((n, len + sep.len_utf8()))
}

fn item_circled(s: &str) -> Option<(u32, usize)> {
    let c = s.chars().next()?;
    numeral::circled(c).map(|n| (n, c.len_utf8()))
}

/// `［1］` `【1】` `[1]` `〔1〕`: notes and glossary entries.
fn item_bracket(s: &str) -> Option<(u32, usize)> {
    let open = s.chars().next().filter(|c| matches!(c, '［' | '【' | '[' | '〔'))?;
    let inner = &s[open.len_utf8()..];
    let (n, len) = numeral::arabic(inner)?;
    let close = inner[len..].chars().next().filter(|c| matches!(c, '］' | '】' | ']' | '〕'))?;
    (1..=999).contains(&n).then_some((n, open.len_utf8() + len + close.len_utf8()))
}

fn numbered_word(s: &str, word: char) -> Option<(u32, usize)> {
    let (n, len) = numeral::chinese(s)?;
    s[len..].starts_with(word).then_some((n, len + word.len_utf8()))
}

fn requirement(s: &str) -> Option<(u32, usize)> {
    numbered_word(s, '要')
}

fn point(s: &str) -> Option<(u32, usize)> {
    numbered_word(s, '是')
}

/// `第一，` counts only with its comma: `第一政治要求` and `第一责任人` are not ordinals.
fn ordinal(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix('第')?;
    let (n, len) = numeral::chinese(rest)?;
    let sep = rest[len..].chars().next().filter(|c| matches!(c, '，' | '、' | ','))?;
    Some((n, '第'.len_utf8() + len + sep.len_utf8()))
}

/// `首先，` … `最后，`, only with a comma: `最后一公里` is not a sequence marker.
fn sequence(s: &str) -> Option<(u32, usize)> {
    const WORDS: [(&str, u32); 4] = [("首先", 1), ("其次", 2), ("再次", 3), ("最后", 4)];
    WORDS.iter().find_map(|(word, n)| {
        let rest = s.strip_prefix(word)?;
        let sep = rest.chars().next().filter(|c| matches!(c, '，' | ','))?;
        Some((*n, word.len() + sep.len_utf8()))
    })
}

fn dash(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix("——")?;
    (!rest.is_empty() && !rest.starts_with('—')).then_some((0, "——".len()))
}

/// `附件`, `附件1`, `附件1：标题`, `附录`.
fn appendix(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix("附件").or_else(|| s.strip_prefix("附录"))?;
    let (n, len) = numeral::arabic(rest).or_else(|| numeral::chinese(rest)).unwrap_or((1, 0));
    let after = &rest[len..];
    let ok = after.is_empty()
        || after.starts_with(['：', ':', ' ', '\u{3000}'])
        || (len > 0 && after.chars().count() <= 30 && !after.contains(['。', '，']));
    ok.then_some((n, s.len() - after.len()))
}

/// What a glossary heading ends with: `名词解释`, `名词注释`, `注释`, `注解`.
const GLOSSARY_NOUNS: &[&str] = &["名词解释", "名词注释", "注释", "注解"];

/// Is this line a glossary heading? `名词解释`, `注释`, or a longer heading ending so
/// (`《政府工作报告》有关内容名词注释`, `附件：名词解释`), a colon after it allowed.
#[must_use]
pub fn is_glossary_heading(s: &str) -> bool {
    let core = s.trim().trim_end_matches(['：', ':']).trim_end();
    core.chars().count() <= 30
        && !core.contains(['。', '，', '；', '！', '？', ','])
        && GLOSSARY_NOUNS.iter().any(|noun| core.ends_with(noun))
}

fn glossary(s: &str) -> Option<(u32, usize)> {
    // `［3］注释` is an entry that happens to end so, not a heading.
    let numbered = LEADING.iter().any(|(_, rule)| rule(s).is_some());
    (!numbered && is_glossary_heading(s)).then_some((0, s.len()))
}

fn top_heading(s: &str) -> Option<(u32, usize)> {
    ["结束语", "结语"].contains(&s.trim_end_matches(['：', ':'])).then_some((0, s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(s: &str) -> Option<(Style, u32, &str)> {
        leading(s).map(|f| (f.style, f.number, &s[..f.len]))
    }

    #[test]
    fn gb_t_9704_levels() {
        assert_eq!(style("一、提高政治站位"), Some((Style::Part, 1, "一、")));
        assert_eq!(style("十一、其他"), Some((Style::Part, 11, "十一、")));
        assert_eq!(style("（三）宣传工作"), Some((Style::Chapter, 3, "（三）")));
        assert_eq!(style("(二)组织工作"), Some((Style::Chapter, 2, "(二)")));
        assert_eq!(style("2.加强领导"), Some((Style::ItemDot, 2, "2.")));
        assert_eq!(style("３．加强领导"), Some((Style::ItemDot, 3, "３．")));
        assert_eq!(style("4、加强领导"), Some((Style::ItemDot, 4, "4、")));
        assert_eq!(style("（1）细化"), Some((Style::ItemParen, 1, "（1）")));
        assert_eq!(style("②细化"), Some((Style::ItemCircled, 2, "②")));
    }

    #[test]
    fn numbers_are_not_items() {
        assert_eq!(style("1.5亿元投资"), None);
        assert_eq!(style("2023年是开局之年"), None);
    }

    #[test]
    fn enumerators_and_their_traps() {
        assert_eq!(style("一要切实把牢政治方向"), Some((Style::Requirement, 1, "一要")));
        assert_eq!(style("三是统一战线"), Some((Style::Point, 3, "三是")));
        assert_eq!(style("第二，坚持"), Some((Style::Ordinal, 2, "第二，")));
        assert_eq!(style("第一政治要求"), None);
        assert_eq!(style("第一责任人"), None);
        assert_eq!(style("首先，要学"), Some((Style::Sequence, 1, "首先，")));
        assert_eq!(style("最后，要做"), Some((Style::Sequence, 4, "最后，")));
        assert_eq!(style("最后一公里"), None);
        assert_eq!(style("统一要求"), None);
    }

    #[test]
    fn whole_paragraph_markers() {
        assert_eq!(style("附件1"), Some((Style::Appendix, 1, "附件1")));
        assert_eq!(style("附件2：重点任务清单"), Some((Style::Appendix, 2, "附件2")));
        assert_eq!(style("附件"), Some((Style::Appendix, 1, "附件")));
        assert_eq!(style("名词解释"), Some((Style::Glossary, 0, "名词解释")));
        assert_eq!(style("结束语"), Some((Style::TopHeading, 0, "结束语")));
        assert_eq!(style("附件中的表格要认真填写。"), None);
    }

    #[test]
    fn dash_needs_text() {
        assert_eq!(style("——经济发展再上新台阶。"), Some((Style::Dash, 0, "——")));
        assert_eq!(style("——"), None);
    }

    #[test]
    fn inline_markers_follow_clause_ends_only() {
        let text = "取得新成效：一是甲；二是乙。”三是丙。统一要求，一是一，二是二";
        let found: Vec<_> = inline(text).map(|(i, f)| (&text[i..i + f.len], f.number)).collect();
        assert_eq!(found, [("一是", 1), ("二是", 2), ("三是", 3)]);
    }

    #[test]
    fn titles_are_first_clauses() {
        assert_eq!(title("切实把牢政治方向。党的政治建设是"), "切实把牢政治方向");
        assert_eq!(
            title("宣传工作要在举旗定向、守正创新上下功夫。宣传部门要"),
            "宣传工作要在举旗定向、守正创新上下功夫"
        );
        assert_eq!(
            title("提高政治站位，切实把党的领导贯穿党委工作始终"),
            "提高政治站位，切实把党的领导贯穿党委工作始终"
        );
        assert_eq!(title("“两重”：是指"), "“两重”");
        assert_eq!(title(" 坚持，"), "坚持");
    }
}
