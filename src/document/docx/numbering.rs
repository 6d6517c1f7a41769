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

mod format;
pub(super) use format::Format;

/// Word has nine list levels.
const LEVELS: usize = 9;

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
mod tests;
