//! `word/numbering.xml` and Word's automatic numbering: the definitions (`w:num` →
//! `w:abstractNum` → `w:lvl`), the counters, and rendering a level's text (`%1、`, `（%1）`, `%1.%2`).
//!
//! Counters are kept per `w:numId` and level. Numbering a paragraph at level L advances L and
//! restarts every deeper level whose `w:lvlRestart` allows it (by default: any shallower level).
//! A level's first value is its `w:startOverride`, else its `w:start`, else 1 (the spec says 0,
//! but files that omit `w:start` come from tools that mean 1).

use std::collections::HashMap;
use std::io::BufRead;

use super::styles::Styles;
use super::xml::{Attrs, Ev, Fail, Name, Part, Walker, number};

/// Word has nine list levels.
const LEVELS: usize = 9;

/// A `w:numFmt` value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Format {
    #[default]
    Decimal,
    /// Zero-padded to this many digits (`decimalZero`, custom `001, 002, …`).
    DecimalZero(usize),
    /// `一` … `十` `十一` … `九十九`, then digit by digit (`一〇〇`).
    ChineseCounting,
    /// `一` … `九十九`, `一百`, `一百〇五`, `一千〇五十`.
    ChineseCountingThousand,
    /// `壹` `贰` … `壹拾`.
    ChineseLegal,
    /// `十`, `百`, `千` without a leading `一`, and no `〇`.
    JapaneseCounting,
    /// Digit by digit: `一〇五`.
    IdeographDigital,
    /// `甲乙丙丁戊己庚辛壬癸`.
    IdeographTraditional,
    /// `子丑寅卯辰巳午未申酉戌亥`.
    IdeographZodiac,
    /// `㊀` … `㊉`.
    IdeographCircle,
    /// `①` … `⑳` `㉑` … `㊿`.
    Circle,
    /// `１２３`.
    FullWidth,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// `(1)`, the ASCII form the structure parser reads as an item.
    Paren,
    /// `1.`
    FullStop,
    /// A bullet: not a number, so nothing is rendered.
    Bullet,
    /// The number is not shown; literal text in `w:lvlText` still is.
    Hidden,
}

impl Format {
    fn parse(val: &str, custom: Option<&str>) -> Self {
        match val {
            "decimalZero" => Self::DecimalZero(2),
            "chineseCounting" | "taiwaneseCounting" => Self::ChineseCounting,
            "chineseCountingThousand" | "taiwaneseCountingThousand" => Self::ChineseCountingThousand,
            "chineseLegalSimplified" => Self::ChineseLegal,
            "japaneseCounting" => Self::JapaneseCounting,
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => Self::IdeographDigital,
            "ideographTraditional" => Self::IdeographTraditional,
            "ideographZodiac" => Self::IdeographZodiac,
            "ideographEnclosedCircle" => Self::IdeographCircle,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Self::Circle,
            "decimalFullWidth" | "decimalFullWidth2" => Self::FullWidth,
            "lowerLetter" => Self::LowerLetter,
            "upperLetter" => Self::UpperLetter,
            "lowerRoman" => Self::LowerRoman,
            "upperRoman" => Self::UpperRoman,
            "decimalEnclosedParen" => Self::Paren,
            "decimalEnclosedFullstop" => Self::FullStop,
            "bullet" => Self::Bullet,
            "none" => Self::Hidden,
            "custom" => {
                // `w:format="001, 002, 003, ..."`: zero padding is the common custom format.
                let first = custom.unwrap_or("").split(',').next().unwrap_or("").trim();
                if first.len() > 1 && first.bytes().all(|b| b.is_ascii_digit()) {
                    Self::DecimalZero(first.len().min(10))
                } else {
                    Self::Decimal
                }
            }
            _ => Self::Decimal,
        }
    }

    /// Render `n` in this format. Values a format has no symbol for fall back to decimal.
    pub fn render(self, n: u32) -> String {
        let fallback = || n.to_string();
        match self {
            Self::Decimal => fallback(),
            Self::DecimalZero(width) => format!("{n:0width$}"),
            Self::ChineseCounting => chinese_counting(n).unwrap_or_else(fallback),
            Self::ChineseCountingThousand => cjk_thousand(n, &SIMPLIFIED).unwrap_or_else(fallback),
            Self::ChineseLegal => cjk_thousand(n, &LEGAL).unwrap_or_else(fallback),
            Self::JapaneseCounting => japanese_counting(n).unwrap_or_else(fallback),
            Self::IdeographDigital => digit_by_digit(n),
            Self::IdeographTraditional => nth_char("甲乙丙丁戊己庚辛壬癸", n).unwrap_or_else(fallback),
            Self::IdeographZodiac => nth_char("子丑寅卯辰巳午未申酉戌亥", n).unwrap_or_else(fallback),
            Self::IdeographCircle => offset_char(0x3280, n, 1..=10).unwrap_or_else(fallback),
            Self::Circle => circled(n).unwrap_or_else(fallback),
            Self::FullWidth => {
                n.to_string().chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)).collect()
            }
            Self::LowerLetter => letters(n, b'a').unwrap_or_else(fallback),
            Self::UpperLetter => letters(n, b'A').unwrap_or_else(fallback),
            Self::LowerRoman => roman(n).map_or_else(fallback, |r| r.to_lowercase()),
            Self::UpperRoman => roman(n).unwrap_or_else(fallback),
            Self::Paren => format!("({n})"),
            Self::FullStop => format!("{n}."),
            Self::Bullet | Self::Hidden => String::new(),
        }
    }
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Digits and units of one Chinese counting system.
struct Cjk {
    digits: [char; 10],
    units: [char; 3],
    /// Write `一十` rather than `十` for 10–19.
    one_ten: bool,
}

const SIMPLIFIED: Cjk = Cjk { digits: DIGITS, units: ['十', '百', '千'], one_ten: false };
const LEGAL: Cjk = Cjk {
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    one_ten: true,
};

fn digit(n: u32, digits: &[char; 10]) -> char {
    digits[(n % 10) as usize]
}

/// Word's `chineseCounting`: `十一`, `二十`, `九十九`, then digit by digit from 100.
fn chinese_counting(n: u32) -> Option<String> {
    match n {
        0..=9 => Some(digit(n, &DIGITS).to_string()),
        10..=99 => cjk_thousand(n, &SIMPLIFIED),
        100..=9999 => Some(digit_by_digit(n)),
        _ => None,
    }
}

fn digit_by_digit(n: u32) -> String {
    n.to_string().bytes().map(|b| DIGITS[usize::from(b - b'0')]).collect()
}

/// Positional counting up to 9999 with a zero marker for gaps: `一百〇五`, `一千〇五十`.
fn cjk_thousand(n: u32, cjk: &Cjk) -> Option<String> {
    if n > 9999 {
        return None;
    }
    if n == 0 {
        return Some(cjk.digits[0].to_string());
    }
    let places = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in places.iter().enumerate() {
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push(cjk.digits[0]);
            pending_zero = false;
        }
        let unit = 3 - i;
        let bare_ten = unit == 1 && d == 1 && out.is_empty() && !cjk.one_ten;
        if !bare_ten {
            out.push(digit(d, &cjk.digits));
        }
        if unit > 0 {
            out.push(cjk.units[unit - 1]);
        }
    }
    Some(out)
}

/// Japanese counting: no `一` before a unit, no zero marker (`百五`).
fn japanese_counting(n: u32) -> Option<String> {
    if n == 0 || n > 9999 {
        return None;
    }
    let places = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    for (i, &d) in places.iter().enumerate() {
        let unit = 3 - i;
        if d == 0 {
            continue;
        }
        if d > 1 || unit == 0 {
            out.push(digit(d, &DIGITS));
        }
        if unit > 0 {
            out.push(SIMPLIFIED.units[unit - 1]);
        }
    }
    Some(out)
}

fn nth_char(chars: &str, n: u32) -> Option<String> {
    let i = usize::try_from(n.checked_sub(1)?).ok()?;
    chars.chars().nth(i).map(String::from)
}

fn offset_char(base: u32, n: u32, range: std::ops::RangeInclusive<u32>) -> Option<String> {
    range.contains(&n).then(|| char::from_u32(base + n - 1)).flatten().map(String::from)
}

fn circled(n: u32) -> Option<String> {
    match n {
        0 => Some("⓪".to_owned()),
        1..=20 => offset_char(0x2460, n, 1..=20),
        21..=35 => offset_char(0x3251, n - 20, 1..=15),
        36..=50 => offset_char(0x32B1, n - 35, 1..=15),
        _ => None,
    }
}

/// `a` … `z`, `aa` … `zz`, … (Word repeats the letter), up to 10 repeats.
fn letters(n: u32, base: u8) -> Option<String> {
    let i = n.checked_sub(1)?;
    let repeat = usize::try_from(i / 26 + 1).ok().filter(|r| *r <= 10)?;
    let letter = char::from(base + u8::try_from(i % 26).ok()?);
    Some(std::iter::repeat_n(letter, repeat).collect())
}

fn roman(mut n: u32) -> Option<String> {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if !(1..=3999).contains(&n) {
        return None;
    }
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    Some(out)
}

/// What follows the number (`w:suff`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

/// One `w:lvl`.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: Format,
    text: Option<String>,
    restart: Option<u32>,
    legal: bool,
    style: Option<String>,
    suffix: Suffix,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives with this numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<u32>,
    overrides: [Override; LEVELS],
}

/// The parsed numbering definitions. Empty when the document has none.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
}

/// Where the parser is inside numbering.xml.
enum Open {
    None,
    Abstract(u32, Abstract),
    Num(u32, Num),
}

fn level_index(attrs: &Attrs) -> Option<usize> {
    number(attrs.ilvl.as_deref()).and_then(|l| usize::try_from(l).ok()).filter(|l| *l < LEVELS)
}

impl Part for Numbering {
    /// Parse `word/numbering.xml`.
    fn parse<R: BufRead>(walker: &mut Walker<R>) -> Result<Self, Fail> {
        let mut numbering = Self::default();
        let mut open = Open::None;
        // The `w:lvl` being read, with its index; inside `w:lvlOverride` the index comes from there.
        let mut level: Option<(usize, Level)> = None;
        let mut override_index: Option<usize> = None;
        loop {
            let (is_open, name, attrs) = match walker.next()? {
                Ev::Eof => break,
                Ev::Open(name, attrs) => (true, name, attrs),
                Ev::Empty(name, attrs) => (false, name, attrs),
                Ev::Close(name) => {
                    match name {
                        Name::Lvl => {
                            if let Some((i, lvl)) = level.take() {
                                match &mut open {
                                    Open::Abstract(_, a) => a.levels[i] = Some(lvl),
                                    Open::Num(_, n) => n.overrides[override_index.unwrap_or(i)].level = Some(lvl),
                                    Open::None => {}
                                }
                            }
                        }
                        Name::LvlOverride => override_index = None,
                        Name::AbstractNum | Name::Num => match std::mem::replace(&mut open, Open::None) {
                            Open::Abstract(id, a) => {
                                numbering.abstracts.insert(id, a);
                            }
                            Open::Num(id, n) => {
                                numbering.nums.insert(id, n);
                            }
                            Open::None => {}
                        },
                        _ => {}
                    }
                    continue;
                }
                Ev::Text(_) => continue,
            };
            match (name, &mut open) {
                (Name::Skip, _) if is_open => walker.skip()?,
                (Name::AbstractNum, _) if is_open => {
                    open = number(attrs.abstract_num_id.as_deref())
                        .map_or(Open::None, |id| Open::Abstract(id, Abstract::default()));
                }
                (Name::Num, _) if is_open => {
                    open = number(attrs.num_id.as_deref()).map_or(Open::None, |id| Open::Num(id, Num::default()));
                }
                (Name::Lvl, _) if is_open => {
                    let index = override_index.or_else(|| level_index(&attrs));
                    level = index.map(|i| (i, Level::default()));
                }
                (Name::NumStyleLink, Open::Abstract(_, a)) => a.style_link.clone_from(&attrs.val),
                (Name::AbstractNumId, Open::Num(_, n)) => n.abstract_id = attrs.val_number(),
                (Name::LvlOverride, Open::Num(..)) => override_index = level_index(&attrs),
                (Name::StartOverride, Open::Num(_, n)) => {
                    if let Some(i) = override_index {
                        n.overrides[i].start = attrs.val_number();
                    }
                }
                _ => {
                    if let Some((_, lvl)) = level.as_mut() {
                        apply(lvl, name, &attrs);
                    }
                }
            }
        }
        Ok(numbering)
    }
}

impl Numbering {
    /// The abstract definition behind `num_id`, following `w:numStyleLink` through numbering styles.
    fn abstract_of(&self, num_id: u32, styles: &Styles) -> Option<(&Num, &Abstract)> {
        let num = self.nums.get(&num_id)?;
        let mut abstract_def = self.abstracts.get(&num.abstract_id?)?;
        for _ in 0..4 {
            let Some(link) = abstract_def.style_link.as_deref() else { break };
            let linked = styles
                .numbering_of(link)
                .and_then(|id| self.nums.get(&id))
                .and_then(|n| self.abstracts.get(&n.abstract_id?));
            match linked {
                Some(next) if !std::ptr::eq(next, abstract_def) => abstract_def = next,
                _ => break,
            }
        }
        Some((num, abstract_def))
    }

    fn level<'a>(num: &'a Num, abstract_def: &'a Abstract, i: usize) -> Option<&'a Level> {
        num.overrides[i].level.as_ref().or(abstract_def.levels[i].as_ref())
    }

    fn start(num: &Num, abstract_def: &Abstract, i: usize) -> u32 {
        num.overrides[i].start.or_else(|| Self::level(num, abstract_def, i).and_then(|l| l.start)).unwrap_or(1)
    }

    /// Advance the counters for a paragraph numbered `(num_id, ilvl)` and return its rendered number
    /// with its suffix, or `None` when nothing is shown (bullets, unknown lists, empty text).
    /// Without `ilvl`, the level whose `w:pStyle` is the paragraph's style is used, else level 0.
    pub fn number(
        &self,
        counters: &mut Counters,
        styles: &Styles,
        num_id: u32,
        ilvl: Option<u32>,
        style: Option<&str>,
    ) -> Option<String> {
        let (num, abstract_def) = self.abstract_of(num_id, styles)?;
        let i = match ilvl {
            Some(l) => usize::try_from(l).unwrap_or(LEVELS - 1).min(LEVELS - 1),
            None => style
                .and_then(|s| {
                    (0..LEVELS).find(|&i| Self::level(num, abstract_def, i).and_then(|l| l.style.as_deref()) == Some(s))
                })
                .unwrap_or(0),
        };
        let level = Self::level(num, abstract_def, i)?;
        let values = counters.values.entry(num_id).or_insert([None; LEVELS]);
        values[i] = Some(match values[i] {
            Some(v) => v.saturating_add(1),
            None => Self::start(num, abstract_def, i),
        });
        for (deeper, value) in values.iter_mut().enumerate().skip(i + 1) {
            let restart_after = Self::level(num, abstract_def, deeper).and_then(|l| l.restart);
            // `w:lvlRestart` names the (1-based) level after which this one restarts; 0 = never.
            if restart_after.is_none_or(|r| u32::try_from(i).is_ok_and(|i| i < r)) {
                *value = None;
            }
        }
        if level.format == Format::Bullet {
            return None;
        }
        let template = level.text.as_deref().unwrap_or("");
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            let Some(d) = placeholder.filter(|_| c == '%') else {
                out.push(c);
                continue;
            };
            chars.next();
            let j = (d - 1) as usize;
            if j > i {
                continue;
            }
            let value = values[j].unwrap_or_else(|| Self::start(num, abstract_def, j));
            let format = Self::level(num, abstract_def, j).map_or(Format::Decimal, |l| l.format);
            let format = if level.legal && format != Format::Hidden { Format::Decimal } else { format };
            out.push_str(&format.render(value));
        }
        let shown = out.trim_end();
        if shown.is_empty() {
            return None;
        }
        let mut out = shown.to_owned();
        let ascii_end = shown.chars().last().is_some_and(|c| c.is_ascii());
        match level.suffix {
            Suffix::Space => out.push(' '),
            Suffix::Tab if ascii_end => out.push(' '),
            Suffix::Tab | Suffix::Nothing => {}
        }
        Some(out)
    }
}

fn apply(level: &mut Level, name: Name, attrs: &Attrs) {
    match name {
        Name::Start => level.start = attrs.val_number(),
        Name::NumFmt => level.format = Format::parse(attrs.val.as_deref().unwrap_or(""), attrs.format.as_deref()),
        Name::LvlText => level.text.clone_from(&attrs.val),
        Name::LvlRestart => level.restart = attrs.val_number(),
        Name::IsLgl => level.legal = attrs.is_on(),
        Name::PStyle => level.style.clone_from(&attrs.val),
        Name::Suff => {
            level.suffix = match attrs.val.as_deref() {
                Some("space") => Suffix::Space,
                Some("nothing") => Suffix::Nothing,
                _ => Suffix::Tab,
            };
        }
        _ => {}
    }
}

/// Running list counters, per `w:numId`, for one pass over a document.
#[derive(Debug, Default)]
pub(super) struct Counters {
    values: HashMap<u32, [Option<u32>; LEVELS]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_like_word() {
        let r = |n| Format::ChineseCounting.render(n);
        assert_eq!(
            [r(1), r(9), r(10), r(11), r(19), r(20), r(21), r(99)],
            ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]
        );
        assert_eq!(r(100), "一〇〇");
        assert_eq!(r(105), "一〇五");
        let t = |n| Format::ChineseCountingThousand.render(n);
        assert_eq!(
            [t(10), t(15), t(100), t(105), t(110), t(1005), t(1050), t(1500)],
            ["十", "十五", "一百", "一百〇五", "一百一十", "一千〇五", "一千〇五十", "一千五百"]
        );
        assert_eq!(Format::ChineseLegal.render(12), "壹拾贰");
        let j = |n| Format::JapaneseCounting.render(n);
        assert_eq!([j(10), j(11), j(100), j(105), j(1234)], ["十", "十一", "百", "百五", "千二百三十四"]);
    }

    #[test]
    fn other_formats() {
        assert_eq!(Format::IdeographTraditional.render(1), "甲");
        assert_eq!(Format::IdeographTraditional.render(10), "癸");
        assert_eq!(Format::IdeographTraditional.render(11), "11");
        assert_eq!(Format::Circle.render(1), "①");
        assert_eq!(Format::Circle.render(20), "⑳");
        assert_eq!(Format::Circle.render(21), "㉑");
        assert_eq!(Format::Circle.render(50), "㊿");
        assert_eq!(Format::Circle.render(51), "51");
        assert_eq!(Format::FullWidth.render(12), "１２");
        assert_eq!(Format::LowerLetter.render(1), "a");
        assert_eq!(Format::UpperLetter.render(28), "BB");
        assert_eq!(Format::LowerLetter.render(u32::MAX), u32::MAX.to_string());
        assert_eq!(Format::LowerRoman.render(14), "xiv");
        assert_eq!(Format::UpperRoman.render(1994), "MCMXCIV");
        assert_eq!(Format::UpperRoman.render(0), "0");
        assert_eq!(Format::DecimalZero(3).render(7), "007");
        assert_eq!(Format::parse("custom", Some("001, 002, 003, ...")), Format::DecimalZero(3));
        assert_eq!(Format::Bullet.render(3), "");
        assert_eq!(Format::IdeographDigital.render(2024), "二〇二四");
    }
}
