//! The title block, found by its shape. Its anchors are lines whose form is unmistakable: a
//! subtitle naming the occasion, a date line, a speaker line (or a bare name under the anchors),
//! and the salutation that ends the block. The title is the headline just above the anchors.
//! Everything above the title, and any line among the anchors that is none of them, is chrome:
//! the words a site puts there never matter.

use super::shape::{self, Subtitle};
use super::{Frame, Role};

/// What a line of the head can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Subtitle,
    /// The second line of a wrapped subtitle.
    SubtitleTail,
    Date,
    Speaker,
    Name,
    Headline,
    Chrome,
}

/// The title block of the lines before the salutation.
#[derive(Debug, Clone, Default)]
pub struct Head {
    /// Title, subtitle, date and speaker (the salutation is not read here).
    pub frame: Frame,
    /// One role per line read.
    pub roles: Vec<Role>,
}

fn classify(t: &str) -> Kind {
    if shape::split_title_subtitle(t).is_some() {
        Kind::Headline
    } else if shape::is_date_line(t) {
        Kind::Date
    } else if shape::subtitle(t) == Some(Subtitle::Whole) {
        Kind::Subtitle
    } else if shape::is_speaker_line(t) {
        Kind::Speaker
    } else if shape::is_name(t) {
        Kind::Name
    } else if shape::headline_text(t).is_some() {
        Kind::Headline
    } else {
        Kind::Chrome
    }
}

fn kinds(texts: &[&str]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = texts.iter().map(|t| classify(t)).collect();
    for i in 0..texts.len().saturating_sub(1) {
        if shape::subtitle(texts[i]) == Some(Subtitle::Opening) && shape::closes_subtitle(texts[i], texts[i + 1]) {
            kinds[i] = Kind::Subtitle;
            kinds[i + 1] = Kind::SubtitleTail;
        }
    }
    kinds
}

fn compact(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

fn unbalanced(t: &str, open: char, close: char) -> bool {
    t.matches(open).count() > t.matches(close).count()
}

/// Do two adjacent headline lines make one title? When a phrase runs across the break (`在…`
/// opened above and its `上` below, or an open quote or bracket), or when both are full
/// headline-length lines (a title in two parts). A line that repeats the other never joins.
fn joins(upper: &str, lower: &str) -> Option<&'static str> {
    let (a, b) = (compact(upper), compact(lower));
    if a.contains(&b) || b.contains(&a) || a.chars().count() + b.chars().count() > 80 {
        return None;
    }
    let open_occasion = upper.contains('在')
        && !shape::names_occasion(upper)
        && !lower.contains('在')
        && shape::names_occasion(&format!("{upper}{lower}"));
    let open_mark = [('“', '”'), ('《', '》'), ('（', '）')].iter().any(|&(o, c)| unbalanced(upper, o, c));
    if open_occasion || open_mark {
        return Some("");
    }
    let long = |s: &str, raw: &str| s.chars().count() >= 12 && !raw.trim().contains(char::is_whitespace);
    (long(&a, upper) && long(&b, lower)).then_some(" ")
}

/// Read the title block of `texts`, the lines above the salutation (or above the body).
#[must_use]
pub fn read(texts: &[&str]) -> Head {
    let kinds = kinds(texts);
    let mut walk = Walk { texts, kinds: &kinds, ..Walk::default() };
    walk.run();
    walk.finish()
}

#[derive(Default)]
struct Walk<'a> {
    texts: &'a [&'a str],
    kinds: &'a [Kind],
    /// Lines under the anchors that may name the speaker, bottom-up.
    pending: Vec<usize>,
    /// A subtitle, date or bracketed date has been passed.
    anchored: bool,
    subtitle: Option<(usize, usize)>,
    date: Option<usize>,
    speaker_above: Option<usize>,
    title: Option<usize>,
}

impl Walk<'_> {
    /// Walk up from the salutation to the headline.
    fn run(&mut self) {
        let mut i = self.texts.len();
        while i > 0 {
            i -= 1;
            match self.kinds[i] {
                Kind::Chrome => {}
                Kind::SubtitleTail => {
                    self.subtitle.get_or_insert((i - 1, i));
                    self.anchored = true;
                    i -= 1;
                }
                Kind::Subtitle => {
                    self.subtitle.get_or_insert((i, i));
                    self.anchored = true;
                }
                Kind::Date => {
                    self.date.get_or_insert(i);
                    self.anchored = true;
                }
                Kind::Speaker | Kind::Name if !self.anchored => self.pending.push(i),
                Kind::Headline if !self.anchored && self.is_office(i) => self.pending.push(i),
                Kind::Speaker if self.anchored => {
                    if self.pending.is_empty() {
                        self.speaker_above.get_or_insert(i);
                    }
                }
                _ if self.anchored && self.is_widget_value(i) => {}
                _ => {
                    self.title = Some(i);
                    return;
                }
            }
        }
    }

    /// `国务院总理` over `李克强`, under the subtitle or date (furniture may stand between): the
    /// office of the speaker.
    fn is_office(&self, i: usize) -> bool {
        let above = (0..i).rev().find(|&j| self.kinds[j] != Kind::Chrome);
        self.texts[i].chars().count() <= 10
            && self.pending.last() == Some(&(i + 1))
            && self.kinds[i + 1] == Kind::Name
            && above.is_some_and(|j| matches!(self.kinds[j], Kind::Subtitle | Kind::SubtitleTail | Kind::Date))
    }

    /// A short line that belongs to page furniture rather than being the title: the value of a
    /// bare label above it (`来源:` then `四川日报`), the words of a widget split one per line
    /// (`加大` `还原` `减小`) between furniture, or a short line under a headline at least twice
    /// its length with only furniture between (`2026年…工作报告`, a timestamp, `四川日报`), unless
    /// the two read as one title.
    fn is_widget_value(&self, i: usize) -> bool {
        let chrome = |j: usize| self.kinds.get(j) == Some(&Kind::Chrome);
        let len = |j: usize| self.texts[j].chars().count();
        if len(i) > 8 || i == 0 {
            return false;
        }
        let is_word = |j: usize| self.kinds[j] == Kind::Name;
        if is_word(i) && shape::is_bare_label(self.texts[i - 1]) {
            return true;
        }
        let (first, last) = if is_word(i) {
            let first = (0..=i).rev().take_while(|&j| is_word(j)).last().unwrap_or(i);
            (first, (i..self.kinds.len()).take_while(|&j| is_word(j)).last().unwrap_or(i))
        } else {
            (i, i)
        };
        if is_word(i) && first > 0 && chrome(first - 1) && chrome(last + 1) {
            return true;
        }
        let longest = (first..=last).map(len).max().unwrap_or(0);
        (0..first).rev().find(|&j| !chrome(j)).is_some_and(|j| {
            self.kinds[j] == Kind::Headline
                && len(j) >= 2 * longest
                && !(j + 1 == first && joins(self.texts[j], self.texts[first]).is_some())
        })
    }

    fn line(&self, i: usize) -> String {
        self.texts[i].to_owned()
    }

    /// A headline line without a news site's tag (`【全文】`).
    fn headline(&self, i: usize) -> &str {
        shape::headline_text(self.texts[i]).unwrap_or(self.texts[i])
    }

    /// The speaker: a speaker line, else an office over a name, else the name nearest the anchors.
    fn speaker(&self) -> Option<Vec<usize>> {
        let top_down: Vec<usize> = self.pending.iter().rev().copied().collect();
        if let Some(&s) = top_down.iter().find(|&&i| self.kinds[i] == Kind::Speaker) {
            return Some(vec![s]);
        }
        if let Some(k) = top_down.iter().position(|&i| self.kinds[i] == Kind::Name) {
            let name = top_down[k];
            if k > 0 && self.kinds[top_down[k - 1]] == Kind::Headline {
                return Some(vec![top_down[k - 1], name]);
            }
            return Some(vec![name]);
        }
        self.speaker_above.map(|s| vec![s])
    }

    fn finish(mut self) -> Head {
        let n = self.texts.len();
        let mut head = Head { roles: vec![Role::Chrome; n], ..Head::default() };
        if self.title.is_none() {
            // No headline above the anchors: the topmost of the lines under them is the title.
            self.title = self.pending.pop();
        }
        let Some(mut t) = self.title else {
            return self.anchors_only(head);
        };
        // A fuller headline higher up that contains this one wins: `2022年…政府工作报告` over
        // a bare `政府工作报告`.
        let core = compact(self.headline(t));
        if let Some(j) = (0..t).rev().find(|&j| {
            matches!(self.kinds[j], Kind::Headline)
                && !self.headline(j).contains(char::is_whitespace)
                && self.headline(j).len() > core.len()
                && self.headline(j).contains(core.as_str())
        }) {
            t = j;
        }
        let mut first = t;
        let mut title = self.headline(t).to_owned();
        if t > 0
            && matches!(self.kinds[t - 1], Kind::Headline | Kind::Name)
            && let Some(sep) = joins(self.headline(t - 1), self.headline(t))
        {
            first = t - 1;
            title = format!("{}{sep}{title}", self.headline(t - 1));
        }
        let mut last = t;
        // `政府工作报` then `告`: a title broken before its last character.
        if t + 1 < n && self.texts[t + 1].chars().count() == 1 && self.texts[t + 1].chars().all(shape::is_han) {
            let next_single = self.texts.get(t + 2).is_some_and(|s| s.chars().count() == 1);
            if !next_single && self.subtitle.is_none_or(|(s, _)| s > t + 1) {
                title.push_str(self.texts[t + 1]);
                last = t + 1;
            }
        }
        for role in &mut head.roles[first..=last] {
            *role = Role::Title;
        }
        for i in last + 1..n {
            if self.kinds[i] != Kind::Chrome {
                head.roles[i] = Role::Head;
            }
        }
        head.frame.title = Some(title);
        self.anchors_only(head)
    }

    /// Fill the subtitle, date and speaker and their roles.
    fn anchors_only(&self, mut head: Head) -> Head {
        if let Some((s, e)) = self.subtitle {
            head.frame.subtitle = Some((s..=e).map(|i| self.texts[i]).collect());
            for role in &mut head.roles[s..=e] {
                *role = Role::Subtitle;
            }
        } else if let Some((_, sub)) = self.title.and_then(|t| shape::split_title_subtitle(self.texts[t])) {
            head.frame.subtitle = Some(sub.to_owned());
        }
        if let Some(d) = self.date {
            head.frame.date = Some(self.line(d));
            head.roles[d] = Role::Date;
        } else {
            head.frame.date = head.frame.subtitle.as_deref().and_then(shape::date_text);
        }
        if let Some(lines) = self.speaker() {
            let words: Vec<&str> = lines.iter().map(|&i| self.texts[i]).collect();
            head.frame.speaker = Some(words.join(" "));
            for i in lines {
                head.roles[i] = Role::Speaker;
            }
        }
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        let lines: Vec<&str> = text.lines().collect();
        read(&lines)
    }

    #[test]
    fn the_headline_above_the_anchors() {
        let h = head(
            "下载\n打印\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n——2026年1月25日在某省第十六届人民代表大会第四次会议上\n来源：某某日报\n时间：2026-02-02\n某省省长 张三\n张三同志作政府工作报告。本报记者 李四摄",
        );
        assert_eq!(h.frame.title.as_deref(), Some("2026年某省政府工作报告"));
        assert_eq!(h.frame.speaker.as_deref(), Some("某省省长 张三"));
        assert_eq!(h.frame.date.as_deref(), Some("2026年1月25日"));
        assert_eq!(h.roles[0], Role::Chrome);
        assert_eq!(h.roles[7], Role::Title);
    }

    #[test]
    fn a_bare_name_under_the_subtitle_is_the_speaker() {
        let h = head(
            "2026年某省政府工作报告\n——二〇二六年二月三日在某省第十四届人民代表大会第四次会议上\n来源：某某日报\n王五\n二月三日，大会开幕。省长王五作报告。记者 赵六 摄",
        );
        assert_eq!(h.frame.speaker.as_deref(), Some("王五"));
        assert_eq!(h.frame.date.as_deref(), Some("二〇二六年二月三日"));
    }

    #[test]
    fn a_label_value_between_widgets_is_not_the_title() {
        let h = head(
            "2026年某省人民政府工作报告\n2026年02月10日 07时41分\n来源:\n某某日报\n【字体：\n大\n中\n小\n】\n分享：\n2026年2月3日在某省第十四届人民代表大会第五次会议上\n某省人民政府省长 ×××",
        );
        assert_eq!(h.frame.title.as_deref(), Some("2026年某省人民政府工作报告"));
        assert_eq!(h.frame.subtitle.as_deref(), Some("2026年2月3日在某省第十四届人民代表大会第五次会议上"));
    }

    #[test]
    fn two_line_titles() {
        let h = head("在县委理论学习中心组2024年第三次\n专题学习会上的讲话\n（2024年6月12日）");
        assert_eq!(h.frame.title.as_deref(), Some("在县委理论学习中心组2024年第三次专题学习会上的讲话"));
        let h =
            head("收藏\n政府工作报告\n2026年某省政府工作报告\n——2026年1月25日在某省第十六届人民代表大会第四次会议上");
        assert_eq!(h.frame.title.as_deref(), Some("2026年某省政府工作报告"));
    }
}
