//! Recovering paragraphs in a speech that lost its line breaks (pasted from a web page or a PDF
//! as one huge line).
//!
//! [`looks_unbroken`] says whether a text needs it; [`recover_paragraphs`] puts `'\n'` back where
//! the speech genre makes a paragraph start certain:
//! - (a) before a part marker `一、`…`十九、` or a chapter marker `（一）`/`(一)`…`（十九）` that
//!   follows a sentence end (`。！？；：”`) or starts the line;
//! - (b) before and after a salutation such as `同志们：`, `各位代表：`, `尊敬的各位代表、各位委员：`
//!   (units `各位X` or `X们` joined by `、`, at least one X being 同志, 代表, 委员 or 朋友, ending in
//!   `：`), when it starts the line, follows a sentence end, or follows a title-like run (no
//!   sentence punctuation, not indented, at most 80 characters). That also splits a title from
//!   the body when the title runs straight into the salutation;
//! - (c) before a run of two or more ideographic spaces `　　`, the paragraph indent, which is
//!   kept. Paragraph-leading enumerators (`一要`, `一是`, `第一，`, `首先，`) come after such an
//!   indent, so they are covered; enumerators inline after `。` are left alone;
//! - in the title block (before any sentence punctuation), before a `——` subtitle and around a
//!   bracketed date `（2023年2月10日）`.
//!
//! No break is made inside `“…”`/`「…」` (unless the quote is still open after 300 characters
//! or a line end, which means it is unbalanced; an indent run also closes it, since Chinese
//! multi-paragraph quotes open at every paragraph and close only at the last). The pass is a
//! single scan with bounded look-ahead, so it is O(n), and recovering twice gives the same text
//! as recovering once.

/// A line at least this long (in chars) is a candidate for a lost-breaks paste.
const LONG_LINE: usize = 1500;
/// Fewer line breaks than one per this many chars means the breaks were lost.
const CHARS_PER_BREAK: usize = 800;
/// A quote still open after this many chars is unbalanced and no longer blocks breaks.
const QUOTE_MAX: usize = 300;
/// The longest run before a salutation that still counts as a title.
const TITLE_MAX: usize = 80;

/// True for a text pasted as one or very few lines: some line is longer than 1500 chars, and
/// either the text has fewer than one line break per 800 chars or that longest line holds at
/// least half of all chars. A normally broken speech has a break every 100–300 chars; one that
/// lost them has at most a few title lines and one huge line.
#[must_use]
pub fn looks_unbroken(text: &str) -> bool {
    let mut chars = 0usize;
    let mut breaks = 0usize;
    let mut line = 0usize;
    let mut longest = 0usize;
    for c in text.chars() {
        if c == '\n' {
            breaks += 1;
            longest = longest.max(line);
            line = 0;
        } else {
            chars += 1;
            line += 1;
        }
    }
    let longest = longest.max(line);
    longest > LONG_LINE && (breaks.saturating_mul(CHARS_PER_BREAK) < chars || longest.saturating_mul(2) >= chars)
}

/// Sentence ends after which a part or chapter marker starts a paragraph.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '”' | '!' | '?' | ';' | ':')
}

/// Punctuation a title never holds.
fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '，' | '：' | '!' | '?' | ';' | ',' | ':')
}

/// The value of a Chinese digit 一…九.
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral 1..=19 at the start of `s`: its value and byte length.
fn numeral(s: &str) -> Option<(u32, usize)> {
    let mut chars = s.chars();
    match chars.next()? {
        '十' => match chars.next().and_then(digit) {
            Some(d) => Some((10 + d, 6)),
            None => Some((10, 3)),
        },
        c => digit(c).map(|d| (d, 3)),
    }
}

/// Byte length of a part (`一、`) or chapter (`（一）`, `(一)`) marker at the start of `s`.
fn marker(s: &str) -> Option<usize> {
    if let Some((_, len)) = numeral(s) {
        return s[len..].starts_with('、').then_some(len + '、'.len_utf8());
    }
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner = &s[open.len_utf8()..];
    let (_, len) = numeral(inner)?;
    let close = inner[len..].chars().next().filter(|c| matches!(c, '）' | ')'))?;
    Some(open.len_utf8() + len + close.len_utf8())
}

/// Byte length of a salutation (`同志们：`, `尊敬的各位代表、各位委员：`) at the start of `s`.
fn salutation(s: &str) -> Option<usize> {
    const WORDS: [(&str, bool); 11] = [
        ("同志", true),
        ("代表", true),
        ("委员", true),
        ("朋友", true),
        ("来宾", false),
        ("嘉宾", false),
        ("领导", false),
        ("女士", false),
        ("先生", false),
        ("老师", false),
        ("同学", false),
    ];
    let mut i = if s.starts_with("尊敬的") { "尊敬的".len() } else { 0 };
    let mut has_key = false;
    for _ in 0..5 {
        let rest = &s[i..];
        let after_each = rest.strip_prefix("各位");
        let body = after_each.unwrap_or(rest);
        let (word, key) = WORDS.iter().find(|(w, _)| body.starts_with(w))?;
        let mut end = rest.len() - body.len() + word.len();
        let plural = rest[end..].starts_with('们');
        if plural {
            end += '们'.len_utf8();
        }
        if after_each.is_none() && !plural {
            return None;
        }
        has_key |= key;
        i += end;
        let next = s[i..].chars().next()?;
        match next {
            '：' | ':' => return has_key.then_some(i + next.len_utf8()),
            '、' | '，' | ',' => i += next.len_utf8(),
            _ => return None,
        }
    }
    None
}

/// Byte length of a bracketed date `（2023年2月10日）` at the start of `s`.
fn bracketed_date(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('（').or_else(|| s.strip_prefix('('))?;
    let close = inner.char_indices().take(24).find(|(_, c)| matches!(c, '）' | ')'))?;
    let content = &inner[..close.0];
    let date_char =
        |c: char| c.is_ascii_digit() || c == ' ' || "０１２３４５６７８９〇一二三四五六七八九十年月日".contains(c);
    (content.contains('年') && content.ends_with('日') && content.chars().all(date_char))
        .then(|| s.len() - inner.len() + close.0 + close.1.len_utf8())
}

/// What the scanner knows about the output line being written.
#[derive(Debug, Default)]
struct Line {
    /// Where the line starts in the output.
    start: usize,
    /// Chars on the line.
    chars: usize,
    /// The line holds something besides whitespace.
    has_text: bool,
    /// The line started with whitespace.
    indented: bool,
    /// The line holds sentence punctuation.
    punct: bool,
    /// The last non-whitespace char of the line.
    last: Option<char>,
    /// `chars` when the outermost open quote opened, while one is open.
    quote: Option<usize>,
    /// Quote nesting depth.
    depth: usize,
}

/// Chars that need no rule: the scan only counts them and copies them in bulk. Everything a rule
/// looks at (breaks, spaces, quotes, punctuation, numerals, salutation starts, brackets, dashes)
/// is not plain.
fn is_plain(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '%' | '/' | '"' | '\'' | '+' | '*' | '=');
    }
    !(matches!(
        c,
        '\u{3000}'
            | '“'
            | '”'
            | '「'
            | '」'
            | '—'
            | '（'
            | '。'
            | '！'
            | '？'
            | '；'
            | '，'
            | '：'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '尊'
            | '各'
            | '同'
            | '代'
            | '委'
            | '朋'
            | '来'
            | '嘉'
            | '领'
            | '女'
            | '先'
            | '老'
    ) || c.is_whitespace())
}

/// The scanner: the output so far and what it needs to know about it.
struct Scan<'a> {
    text: &'a str,
    out: String,
    /// Input up to here is already in `out` (or deliberately dropped).
    copied: usize,
    line: Line,
    /// Still in the title block: no sentence punctuation or salutation seen yet.
    frame: bool,
    /// Break before the next visible char (after a salutation or a title-block date).
    pending: bool,
}

impl Scan<'_> {
    /// Copy the input not yet copied, up to byte `upto`.
    fn sync(&mut self, upto: usize) {
        if upto > self.copied {
            self.out.push_str(&self.text[self.copied..upto]);
            self.copied = upto;
        }
    }

    /// Start a new line state at the current end of the output.
    fn reset_line(&mut self) {
        self.line = Line { start: self.out.len(), ..Line::default() };
    }

    /// End the current line here, unless nothing visible is on it yet. Call after [`Self::sync`].
    fn break_line(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
        if self.line.has_text {
            self.out.push('\n');
            self.reset_line();
        }
    }

    /// Account for `c`, already in the output or about to be copied.
    fn note(&mut self, c: char) {
        let line = &mut self.line;
        if line.chars == 0 && c.is_whitespace() {
            line.indented = true;
        }
        line.chars += 1;
        if !c.is_whitespace() {
            line.has_text = true;
            line.last = Some(c);
        }
        if is_sentence_punctuation(c) {
            line.punct = true;
            self.frame = false;
        }
        match c {
            '“' | '「' => {
                if line.depth == 0 {
                    line.quote = Some(line.chars);
                }
                line.depth += 1;
            }
            '”' | '」' => {
                line.depth = line.depth.saturating_sub(1);
                if line.depth == 0 {
                    line.quote = None;
                }
            }
            _ => {}
        }
    }

    /// Copy the input from the current position through `len` more bytes, accounting for each char.
    fn take(&mut self, len: usize) {
        let end = self.copied + len;
        for c in self.text[self.copied..end].chars() {
            self.note(c);
        }
        self.sync(end);
    }

    fn close_quote(&mut self) {
        self.line.quote = None;
        self.line.depth = 0;
    }

    /// Inside a quote that is still plausibly balanced.
    fn in_quote(&mut self) -> bool {
        if self.line.quote.is_some_and(|opened| self.line.chars - opened > QUOTE_MAX) {
            self.close_quote();
        }
        self.line.quote.is_some()
    }

    fn after_sentence_end(&self) -> bool {
        !self.line.has_text || self.line.last.is_some_and(ends_sentence)
    }

    fn title_like(&self) -> bool {
        self.frame || (!self.line.indented && !self.line.punct && self.line.chars <= TITLE_MAX)
    }

    /// The current line is a part heading so far: `一、…` without sentence punctuation.
    fn in_part_heading(&self) -> bool {
        let text = self.out[self.line.start..].trim_start();
        !self.line.punct
            && self.line.chars <= TITLE_MAX
            && numeral(text).is_some_and(|(_, len)| text[len..].starts_with('、'))
    }
}

/// Insert line breaks where the genre makes a paragraph start certain (see the module docs).
/// Existing breaks are kept; a text that has its breaks comes back nearly unchanged.
#[must_use]
pub fn recover_paragraphs(text: &str) -> String {
    let mut s = Scan {
        text,
        out: String::with_capacity(text.len() + text.len() / 32),
        copied: 0,
        line: Line::default(),
        frame: true,
        pending: false,
    };
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if !s.pending && is_plain(c) {
            // Fast path: count it, copy it later with its neighbours.
            let line = &mut s.line;
            line.chars += 1;
            line.has_text = true;
            line.last = Some(c);
            i += c.len_utf8();
            continue;
        }
        s.sync(i);
        let rest = &text[i..];
        if s.pending {
            match c {
                ' ' | '\t' => {
                    i += 1;
                    s.copied = i;
                    continue;
                }
                '\n' | '\r' => s.pending = false,
                _ => {
                    s.pending = false;
                    s.break_line();
                }
            }
        }
        if matches!(c, '\n' | '\r') {
            s.take(1);
            s.reset_line();
            i += 1;
            continue;
        }
        // (c) the paragraph indent: it also ends an unbalanced quote.
        if c == '\u{3000}' && rest[3..].starts_with('\u{3000}') && !s.out.ends_with('\u{3000}') {
            s.close_quote();
            s.break_line();
        } else if !s.in_quote() {
            // (b) salutation.
            if matches!(c, '尊' | '各' | '同' | '代' | '委' | '朋' | '来' | '嘉' | '领' | '女' | '先' | '老')
                && let Some(len) = salutation(rest)
                && (s.after_sentence_end() || s.title_like())
            {
                s.break_line();
                s.take(len);
                s.frame = false;
                s.pending = true;
                i += len;
                continue;
            }
            // (a) part and chapter markers; a chapter also right after a part heading, which has no
            // final punctuation.
            if s.line.has_text
                && (digit(c).is_some() || matches!(c, '十' | '（' | '('))
                && let Some(len) = marker(rest)
                && (s.after_sentence_end() || (rest[..len].ends_with(['）', ')']) && s.in_part_heading()))
            {
                s.break_line();
            }
            // The title block: subtitle and date lines.
            if s.frame && matches!(c, '（' | '(' | '—') && s.title_like() {
                if let Some(len) = bracketed_date(rest) {
                    s.break_line();
                    s.take(len);
                    s.pending = true;
                    i += len;
                    continue;
                }
                if c == '—' && rest[3..].starts_with('—') && s.line.has_text && s.line.last != Some('—') {
                    s.break_line();
                }
            }
        }
        s.take(c.len_utf8());
        i += c.len_utf8();
    }
    s.sync(text.len());
    s.out
}

#[cfg(test)]
mod tests;
