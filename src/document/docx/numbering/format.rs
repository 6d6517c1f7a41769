//! Rendering a list number in one of Word's `w:numFmt` formats: Chinese counting (`十一`,
//! `一百〇五`), legal (`壹拾贰`), circled, letters, Roman numerals and the rest.

/// A `w:numFmt` value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Format {
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
    pub(crate) fn parse(val: &str, custom: Option<&str>) -> Self {
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
