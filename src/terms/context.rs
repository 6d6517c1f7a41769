//! Whether a match of a formulation stands as a term, or is a piece of a number or a quantity.
//!
//! Formulations that start or end with a numeral (`“十五”计划`, `“六五”普法`, `九五`) also occur
//! inside ordinary numbers: `六五` in `三百八十六点六五斤`, `十五` in `十五大` (the Fifteenth Party
//! Congress), `百分之十五`, `十五年`, `一九五二年`. One rule, used wherever such phrases are counted
//! ([`super::discovery`] and the library's trends), looks at the character on each side:
//! - **left**, when the phrase starts with a numeral: no numeral or digit may come before it, nor
//!   a character that makes what follows a number (`第` ordinal, `之` fraction, `点` decimal point,
//!   `初` day of the month, `周`/`期`/`拜` day of the week);
//! - **right**, when the phrase ends with a numeral: no numeral or digit may come after it, nor a
//!   decimal point, a classifier or unit (`年 届 个 斤 元 人 项 …`), an approximation (`多 余 来`)
//!   or `大`, which makes it the number of a congress (`十五大`, `二十大`).
//!
//! A phrase with no numeral at an edge (`两个确立`) is not affected on that side.

use std::ops::Range;

/// Chinese numerals, ordinary and financial, that continue a number.
const NUMERALS: &str = "〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟";
/// Characters after which a numeral starts a number, not a formulation.
const NUMBER_BEFORE: &str = "第之点初周期拜";
/// Characters that make a numeral before them a quantity, a date, a decimal or a congress.
const NUMBER_AFTER: &str =
    "点年届次个岁月日号倍名斤两元角分秒米吨亩户人项条件家所座批天周位种类章节款度成里克多余来大%％";

/// Is `c` a digit or a numeral that continues a number?
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || NUMERALS.contains(c)
}

/// Does the match `text[range]` stand as a term, rather than being part of a number or quantity?
/// Ranges off `text`'s char boundaries never stand.
#[must_use]
pub fn stands_as_term(text: &str, range: Range<usize>) -> bool {
    let Some(phrase) = text.get(range.clone()) else { return false };
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let starts_with_numeral = phrase.chars().next().is_some_and(numeral);
    let ends_with_numeral = phrase.chars().next_back().is_some_and(numeral);
    let left_ok = !starts_with_numeral || !before.is_some_and(|c| numeral(c) || NUMBER_BEFORE.contains(c));
    let right_ok = !ends_with_numeral || !after.is_some_and(|c| numeral(c) || NUMBER_AFTER.contains(c));
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// How many times `phrase` stands as a term in `text`.
    fn standing(text: &str, phrase: &str) -> usize {
        text.match_indices(phrase).filter(|(i, p)| stands_as_term(text, *i..i + p.len())).count()
    }

    #[test]
    fn numbers_and_quantities_are_not_formulations() {
        assert_eq!(standing("粮食亩产三百八十六点六五斤，私营", "六五"), 0);
        assert_eq!(standing("贯彻落实党的十五大和十五届三中全会精神", "十五"), 0);
        assert_eq!(standing("一九五二年，增长百分之十五，第十五届，十五年，十五个", "十五"), 0);
        assert_eq!(standing("一九五二年", "九五"), 0);
        assert_eq!(standing("周五开会，星期五，初五", "五"), 0);
        assert_eq!(standing("增长15十五", "十五"), 0, "a digit before continues the number");
    }

    #[test]
    fn formulations_stand() {
        assert_eq!(standing("“十五”计划开局，十五期间，“十五”时期", "十五"), 3);
        assert_eq!(standing("实施“六五”普法规划；六五计划", "六五"), 2);
        assert_eq!(standing("坚定拥护“两个确立”，两个确立", "两个确立"), 2);
        assert_eq!(standing("一带一路", "一带一路"), 1);
    }

    #[test]
    fn ranges_off_the_text_never_stand() {
        assert!(!stands_as_term("十五", 0..1));
        assert!(!stands_as_term("十五", 0..9));
    }

    /// Real paragraphs of the samples (they hold no `“九五”` and no `七五`).
    fn paragraphs() -> Vec<&'static str> {
        crate::samples::SAMPLES.iter().flat_map(|(_, t)| t.lines()).filter(|l| !l.trim().is_empty()).collect()
    }

    /// A Chinese number of one to four numerals.
    fn number() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select("〇一二两三四五六七八九十百千万".chars().collect::<Vec<_>>()), 1..4)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Inserting a formulation into real text, quoted or before a word, adds one count each
        /// time; burying it in a number or a quantity adds none.
        #[test]
        fn only_standing_insertions_count(
            para in 0usize..1000,
            phrase in prop::sample::select(vec!["九五", "七五", "十五", "六五"]),
            standing_forms in prop::collection::vec(prop::sample::select(vec!["“{}”", "{}期间", "{}计划", "“{}”时期"]), 0..4),
            buried in prop::collection::vec((number(), prop::sample::select(vec!["{n}{}年", "{n}点{}斤", "第{}届", "{n}{}", "{}大", "百分之{}", "{}{n}万元"])), 0..4),
            cut in any::<prop::sample::Index>(),
        ) {
            let all = paragraphs();
            let base = all[para % all.len()];
            let before = standing(base, phrase);
            let mut inserted = String::new();
            for form in &standing_forms {
                inserted.push_str(&form.replace("{}", phrase));
                inserted.push('，');
            }
            for (n, form) in &buried {
                inserted.push_str(&form.replace("{n}", n).replace("{}", phrase));
                inserted.push('，');
            }
            // Insert after a sentence end, so the neighbours are punctuation, as in real text.
            let ends: Vec<usize> = base.match_indices('。').map(|(i, p)| i + p.len()).chain([0]).collect();
            let at = ends[cut.index(ends.len())];
            let text = format!("{}{}{}", &base[..at], inserted, &base[at..]);
            prop_assert_eq!(standing(&text, phrase), before + standing_forms.len(), "{}", text);
        }
    }
}
