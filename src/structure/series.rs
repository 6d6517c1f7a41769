//! Enumerator series: `一要` counts only when `二要` follows within the same parent.
//!
//! Candidates are grouped by scope (a part, chapter, appendix or heading starts a new scope), by
//! family, and by position (paragraph-leading and inline series are separate). Inside a group a
//! series starts at 1 and continues with rising numbers; inline members must sit in the same or
//! the next paragraph. A series of one member is prose, and so is a stray number.

use std::collections::HashMap;

use super::marker::Style;

/// The facts about a candidate marker that series validation needs.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub style: Style,
    pub number: u32,
    pub paragraph: usize,
    pub leading: bool,
}

/// Where a validated enumerator's series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    /// Identifies the series.
    pub series: usize,
    /// Paragraph of the series' last member.
    pub last_paragraph: usize,
}

/// Does this style open a new scope for series?
fn opens_scope(style: Style) -> bool {
    matches!(
        style,
        Style::Part | Style::Chapter | Style::Appendix | Style::Glossary | Style::TopHeading | Style::Heading
    )
}

/// Validate enumerator candidates. Returns, for each candidate, its series membership, or `None`
/// for candidates that are not enumerators or not part of any series.
#[must_use]
pub fn validate(candidates: &[Candidate]) -> Vec<Option<Membership>> {
    let mut result = vec![None; candidates.len()];
    // Open series per (family, leading): member indices and last number.
    let mut open: HashMap<(Style, bool), (Vec<usize>, u32)> = HashMap::new();
    let mut next_id = 0;
    let mut close = |members: Vec<usize>, result: &mut Vec<Option<Membership>>| {
        if members.len() >= 2 {
            let last_paragraph = candidates[members[members.len() - 1]].paragraph;
            for &m in &members {
                result[m] = Some(Membership { series: next_id, last_paragraph });
            }
            next_id += 1;
        }
    };
    for (i, c) in candidates.iter().enumerate() {
        if opens_scope(c.style) {
            let mut ended: Vec<_> = open.drain().map(|(_, (members, _))| members).collect();
            ended.sort();
            for members in ended {
                close(members, &mut result);
            }
            continue;
        }
        if !c.style.is_enumerator() {
            continue;
        }
        let key = (c.style, c.leading);
        let entry = open.entry(key).or_insert_with(|| (Vec::new(), 0));
        let continues = entry
            .0
            .last()
            .is_some_and(|&last| c.number > entry.1 && (c.leading || candidates[last].paragraph + 1 >= c.paragraph));
        if continues {
            entry.0.push(i);
            entry.1 = c.number;
        } else if c.number == 1 {
            let members = std::mem::replace(&mut entry.0, vec![i]);
            entry.1 = 1;
            close(members, &mut result);
        } else if !c.leading && entry.0.last().is_some_and(|&last| candidates[last].paragraph + 1 < c.paragraph) {
            // An inline series does not survive a gap of paragraphs.
            let members = std::mem::take(&mut entry.0);
            entry.1 = 0;
            close(members, &mut result);
        }
    }
    let mut rest: Vec<_> = open.into_values().map(|(members, _)| members).collect();
    rest.sort();
    for members in rest {
        close(members, &mut result);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(style: Style, number: u32, paragraph: usize, leading: bool) -> Candidate {
        Candidate { style, number, paragraph, leading }
    }

    fn valid(cands: &[Candidate]) -> Vec<bool> {
        validate(cands).iter().map(Option::is_some).collect()
    }

    #[test]
    fn a_lone_first_member_is_prose() {
        assert_eq!(valid(&[c(Style::Point, 1, 0, false)]), [false]);
        assert_eq!(valid(&[c(Style::Point, 1, 0, false), c(Style::Point, 2, 0, false)]), [true, true]);
    }

    #[test]
    fn a_part_boundary_ends_a_series() {
        let v =
            valid(&[c(Style::Requirement, 1, 0, true), c(Style::Part, 2, 1, true), c(Style::Requirement, 2, 2, true)]);
        assert_eq!(v, [false, false, false]);
    }

    #[test]
    fn leading_and_inline_series_are_separate() {
        let v = valid(&[
            c(Style::Requirement, 1, 0, true),
            c(Style::Requirement, 1, 0, false),
            c(Style::Requirement, 2, 0, false),
            c(Style::Requirement, 2, 3, true),
        ]);
        assert_eq!(v, [true, true, true, true]);
    }

    #[test]
    fn inline_series_do_not_jump_paragraphs() {
        let v = valid(&[c(Style::Point, 1, 0, false), c(Style::Point, 2, 5, false)]);
        assert_eq!(v, [false, false]);
    }

    #[test]
    fn a_restart_makes_a_second_series_and_strays_are_dropped() {
        let r = validate(&[
            c(Style::Point, 1, 0, false),
            c(Style::Point, 2, 0, false),
            c(Style::Point, 1, 1, false),
            c(Style::Point, 2, 1, false),
            c(Style::Point, 2, 1, false),
        ]);
        let series: Vec<_> = r.iter().map(|m| m.map(|m| m.series)).collect();
        assert_eq!(series, [Some(0), Some(0), Some(1), Some(1), None]);
        assert_eq!(r[0].unwrap().last_paragraph, 0);
    }
}
