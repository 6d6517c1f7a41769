//! Make decoded text safe to show: normalise line breaks and replace every control character with a
//! visible placeholder of the same length in chars.
//!
//! Replacing one char by one char keeps every char offset of the source valid, so the raw text need
//! not be kept. Nothing after this step can echo an escape sequence to the terminal, because no
//! escape character survives it.

/// The result of sanitising: the safe text and how many characters were replaced.
#[derive(Debug)]
pub struct Sanitized {
    pub text: String,
    pub replaced: usize,
}

/// True for the characters that must never reach a terminal: C0 (except `\n` and `\t`), DEL, C1,
/// and the bidirectional controls that can reorder what is displayed.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visible stand-in for an unsafe character: the Unicode control pictures (`␛` for ESC) for
/// C0 and DEL, and U+FFFD for C1 and bidi controls, which have no pictures.
#[must_use]
pub fn placeholder(c: char) -> char {
    match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Replace unsafe characters in any string (used for config text, file names and messages too).
#[must_use]
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        s.chars().map(|c| if is_unsafe(c) { placeholder(c) } else { c }).collect::<String>().into()
    } else {
        s.into()
    }
}

/// [`safe`] in place, for strings read from files someone else may have written (term lists,
/// saved notes).
pub fn make_safe(s: &mut String) {
    if let std::borrow::Cow::Owned(safe) = safe(s) {
        *s = safe;
    }
}

/// Whether `text` holds a CR, a line or paragraph separator, or an unsafe character. Checked by
/// byte: each of them is a C0 byte, DEL, or starts with one of three lead bytes (C1 controls with
/// `C2`, U+061C with `D8`, the separators and bidi controls with `E2`), and only at those lead
/// bytes is a character decoded. Most documents have none, and skip the rewrite.
fn needs_work(text: &str) -> bool {
    let special = |c: char| matches!(c, '\r' | '\u{2028}' | '\u{2029}') || is_unsafe(c);
    text.bytes().enumerate().any(|(i, b)| match b {
        b'\n' | b'\t' => false,
        0..=0x1F | 0x7F => true,
        0xC2 | 0xD8 | 0xE2 => text.get(i..).and_then(|rest| rest.chars().next()).is_some_and(special),
        _ => false,
    })
}

/// Normalise CRLF and lone CR (and U+2028/U+2029) to LF, strip a leading BOM, and replace unsafe
/// characters.
#[must_use]
pub fn sanitize(mut text: String) -> Sanitized {
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    if !needs_work(&text) {
        return Sanitized { text, replaced: 0 };
    }
    let mut out = String::with_capacity(text.len());
    let mut replaced = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_unsafe(c) => {
                replaced += 1;
                out.push(placeholder(c));
            }
            c => out.push(c),
        }
    }
    Sanitized { text: out, replaced }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_a_check_of_every_character() {
        let by_char = |t: &str| t.chars().any(|c| matches!(c, '\r' | '\u{2028}' | '\u{2029}') || is_unsafe(c));
        let special = ['\r', '\u{2028}', '\u{2029}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{61c}', '\u{200e}'];
        let special = special.into_iter().chain(['\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\0']);
        // Neighbours of each: the same lead byte or a near code point, and must not count.
        let plain = ['\n', '\t', '\u{a0}', '\u{7e}', '\u{61b}', '\u{200d}', '\u{2014}', '\u{201c}', '\u{2026}'];
        let plain = plain.into_iter().chain(['\u{2027}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{3000}', '字', 'a']);
        for c in special.chain(plain) {
            for text in [format!("{c}"), format!("“发展”{c}——"), format!("……{c}")] {
                assert_eq!(needs_work(&text), by_char(&text), "{c:?}");
            }
        }
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("“甲”{c}…");
            assert_eq!(needs_work(&text), by_char(&text), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn line_endings_are_normalised() {
        let s = sanitize("甲\r\n乙\r丙\n丁".to_owned());
        assert_eq!(s.text, "甲\n乙\n丙\n丁");
        assert_eq!(s.replaced, 0);
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{9b}d\u{202E}e\u{7f}".to_owned());
        assert_eq!(s.text, "a␛]0;title␇b␛[2Jc\u{FFFD}d\u{FFFD}e␡");
        assert_eq!(s.replaced, 6);
        assert!(!s.text.chars().any(is_unsafe));
    }

    #[test]
    fn tabs_and_newlines_survive_and_bom_goes() {
        let s = sanitize("\u{FEFF}a\tb\nc".to_owned());
        assert_eq!(s.text, "a\tb\nc");
    }

    #[test]
    fn char_count_is_kept_apart_from_line_breaks() {
        let raw = "x\u{0}y\u{85}z";
        let s = sanitize(raw.to_owned());
        assert_eq!(s.text.chars().count(), raw.chars().count());
    }
}
