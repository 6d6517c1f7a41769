//! A small pull reader over the XML parts of a .docx: it resolves namespaces, names only the
//! elements the Word readers care about, picks one branch of every `mc:AlternateContent`, and
//! streams from the zip entry through a size limit so a zip bomb cannot exhaust memory.

use std::io::{BufRead, BufReader, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

mod limited;
use limited::Exceeded;
pub(super) use limited::Limited;

/// `WordprocessingML`, transitional and strict.
const W_NS: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Office Math, transitional and strict.
const M_NS: &[&str] =
    &["http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The namespace an element is in, as far as the readers care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Math,
    Mc,
    Rel,
    Other,
}

fn namespace(res: &ResolveResult<'_>) -> Ns {
    match res {
        ResolveResult::Bound(ns) => {
            let ns = ns.as_ref();
            if W_NS.contains(&ns) {
                Ns::W
            } else if M_NS.contains(&ns) {
                Ns::Math
            } else if ns == MC_NS {
                Ns::Mc
            } else if ns == REL_NS {
                Ns::Rel
            } else {
                Ns::Other
            }
        }
        // Hand-made parts sometimes forget the declarations; read them by their usual prefixes.
        ResolveResult::Unbound => Ns::W,
        ResolveResult::Unknown(prefix) => match prefix.as_str() {
            "w" => Ns::W,
            "m" => Ns::Math,
            "mc" => Ns::Mc,
            _ => Ns::Other,
        },
    }
}

/// The elements the readers act on. Everything else is [`Name::Other`] and is walked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Name {
    // document.xml
    P,
    PPr,
    PStyle,
    NumPr,
    Ilvl,
    NumId,
    OutlineLvl,
    R,
    RPr,
    Vanish,
    T,
    Tab,
    Br,
    Cr,
    NoBreakHyphen,
    Sym,
    /// `w:drawing`, `w:pict`, `w:object`: pictures and embedded objects.
    Picture,
    /// `w:footnoteReference`, `w:endnoteReference`.
    NoteReference,
    FldChar,
    /// Subtrees whose text is never shown: field codes, deleted text, properties, ruby guides.
    Skip,
    // styles.xml
    Style,
    /// `w:name` (a style's name)
    Label,
    BasedOn,
    // numbering.xml
    AbstractNum,
    Lvl,
    Start,
    NumFmt,
    LvlText,
    LvlRestart,
    IsLgl,
    Suff,
    Num,
    AbstractNumId,
    LvlOverride,
    StartOverride,
    NumStyleLink,
    StyleLink,
    // _rels/*.rels
    Relationship,
    Other,
}

fn w_name(local: &str) -> Name {
    match local {
        "p" => Name::P,
        "pPr" => Name::PPr,
        "pStyle" => Name::PStyle,
        "numPr" => Name::NumPr,
        "ilvl" => Name::Ilvl,
        "numId" => Name::NumId,
        "outlineLvl" => Name::OutlineLvl,
        "r" => Name::R,
        "rPr" => Name::RPr,
        "vanish" => Name::Vanish,
        "t" => Name::T,
        "tab" | "ptab" => Name::Tab,
        "br" => Name::Br,
        "cr" => Name::Cr,
        "noBreakHyphen" => Name::NoBreakHyphen,
        "sym" => Name::Sym,
        "drawing" | "pict" | "object" => Name::Picture,
        "footnoteReference" | "endnoteReference" => Name::NoteReference,
        "fldChar" => Name::FldChar,
        "instrText" | "delText" | "delInstrText" | "del" | "moveFrom" | "rt" | "sdtPr" | "sdtEndPr" | "tblPr"
        | "tblGrid" | "trPr" | "tcPr" | "tblPrEx" | "sectPr" | "fldData" | "ffData" | "customXmlPr" | "smartTagPr"
        | "pPrChange" | "rPrChange" | "sectPrChange" | "tblPrChange" | "trPrChange" | "tcPrChange"
        | "numberingChange" | "tabs" | "docDefaults" | "latentStyles" | "numPicBullet" | "background" => Name::Skip,
        "style" => Name::Style,
        "name" => Name::Label,
        "basedOn" => Name::BasedOn,
        "abstractNum" => Name::AbstractNum,
        "lvl" => Name::Lvl,
        "start" => Name::Start,
        "numFmt" => Name::NumFmt,
        "lvlText" => Name::LvlText,
        "lvlRestart" => Name::LvlRestart,
        "isLgl" => Name::IsLgl,
        "suff" => Name::Suff,
        "num" => Name::Num,
        "abstractNumId" => Name::AbstractNumId,
        "lvlOverride" => Name::LvlOverride,
        "startOverride" => Name::StartOverride,
        "numStyleLink" => Name::NumStyleLink,
        "styleLink" => Name::StyleLink,
        _ => Name::Other,
    }
}

fn name_of(ns: Ns, local: &str) -> Name {
    match ns {
        Ns::W => w_name(local),
        Ns::Math if local == "t" => Name::T,
        Ns::Rel if local == "Relationship" => Name::Relationship,
        _ => Name::Other,
    }
}

/// The attributes the readers use, by local name. Only present ones are allocated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Attrs {
    /// `w:val`
    pub val: Option<String>,
    /// `w:type` (style type, break type)
    pub kind: Option<String>,
    /// `w:styleId`
    pub style_id: Option<String>,
    /// `w:default`
    pub default: Option<String>,
    /// `w:fldCharType`
    pub fld_char_type: Option<String>,
    /// `w:ilvl` (on `w:lvl` and `w:lvlOverride`)
    pub ilvl: Option<String>,
    /// `w:numId` (on `w:num`)
    pub num_id: Option<String>,
    /// `w:abstractNumId` (on `w:abstractNum`)
    pub abstract_num_id: Option<String>,
    /// `w:char` (on `w:sym`)
    pub char_code: Option<String>,
    /// `w:format` (on a custom `w:numFmt`)
    pub format: Option<String>,
    /// `Type` (on a relationship)
    pub rel_type: Option<String>,
    /// `Target` (on a relationship)
    pub target: Option<String>,
}

impl Attrs {
    fn read(start: &BytesStart<'_>) -> Self {
        let mut attrs = Self::default();
        for attr in start.attributes().with_checks(false).flatten() {
            let slot = match attr.key.local_name().as_ref() {
                "val" => &mut attrs.val,
                "type" => &mut attrs.kind,
                "styleId" => &mut attrs.style_id,
                "default" => &mut attrs.default,
                "fldCharType" => &mut attrs.fld_char_type,
                "ilvl" => &mut attrs.ilvl,
                "numId" => &mut attrs.num_id,
                "abstractNumId" => &mut attrs.abstract_num_id,
                "char" => &mut attrs.char_code,
                "format" => &mut attrs.format,
                "Type" => &mut attrs.rel_type,
                "Target" => &mut attrs.target,
                _ => continue,
            };
            if let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                *slot = Some(value.into_owned());
            }
        }
        attrs
    }

    /// `w:val` as a number, if it is one.
    pub fn val_number(&self) -> Option<u32> {
        number(self.val.as_deref())
    }

    /// An on/off property: absent `w:val` means on; `false`, `0` and `off` mean off.
    pub fn is_on(&self) -> bool {
        !matches!(self.val.as_deref(), Some("false" | "0" | "off"))
    }
}

/// A non-negative decimal attribute value (surrounding spaces allowed).
pub(super) fn number(s: Option<&str>) -> Option<u32> {
    s?.trim().parse().ok()
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ev {
    /// A start tag; its end comes as [`Ev::Close`].
    Open(Name, Attrs),
    /// A self-closing tag.
    Empty(Name, Attrs),
    Close(Name),
    /// Character data, only while [`Walker::want_text`] is set.
    Text(String),
    Eof,
}

/// Why a part could not be walked.
#[derive(Debug)]
pub(super) enum Fail {
    /// More than the size limit when uncompressed.
    TooLarge,
    /// More text than a document may hold ([`crate::document::MAX_DOCUMENT_BYTES`]).
    TooMuchText,
    /// The zip data could not be inflated (truncated, bad CRC, unsupported).
    Zip(String),
    /// Not well-formed XML.
    Xml(String),
}

fn fail(e: &quick_xml::Error) -> Fail {
    match e {
        quick_xml::Error::Io(io) if io.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<Exceeded>) => {
            Fail::TooLarge
        }
        quick_xml::Error::Io(io) => Fail::Zip(io.to_string()),
        other => Fail::Xml(other.to_string()),
    }
}

/// Markup-compatibility elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alternate {
    /// `mc:AlternateContent`
    Content,
    /// `mc:Choice`, `mc:Fallback`
    Branch,
    /// Anything else in that namespace: skipped.
    Other,
}

impl Alternate {
    fn of(local: &str) -> Self {
        match local {
            "AlternateContent" => Self::Content,
            "Choice" | "Fallback" => Self::Branch,
            _ => Self::Other,
        }
    }
}

/// An optional part parsed into a table (styles, numbering); `Default` is "the part is absent".
pub(super) trait Part: Default {
    /// Parse the whole part.
    fn parse<R: BufRead>(walker: &mut Walker<R>) -> Result<Self, Fail>;
}

/// The pull reader. Create it with [`Walker::new`], then call [`Walker::next`] until [`Ev::Eof`].
pub(super) struct Walker<R: BufRead> {
    reader: NsReader<R>,
    buf: Vec<u8>,
    /// For each open `mc:AlternateContent`: whether a branch was already taken.
    alternates: Vec<bool>,
    /// Elements open now; quick-xml reports end of data inside an element as a plain end.
    depth: usize,
    /// Deliver character data (set it while inside an element whose text you want).
    pub want_text: bool,
}

impl<R: Read> Walker<BufReader<Limited<R>>> {
    /// Walk `inner`, refusing more than `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Self {
        Self::from_bufread(BufReader::with_capacity(64 * 1024, Limited::new(inner, limit)))
    }
}

impl<R: BufRead> Walker<R> {
    pub fn from_bufread(inner: R) -> Self {
        let mut reader = NsReader::from_reader(inner);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Self { reader, buf: Vec::with_capacity(4096), alternates: Vec::new(), depth: 0, want_text: false }
    }

    /// The next event the readers care about.
    pub fn next(&mut self) -> Result<Ev, Fail> {
        loop {
            self.buf.clear();
            let (res, event) = self.reader.read_resolved_event_into(&mut self.buf).map_err(|e| fail(&e))?;
            let ns = namespace(&res);
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if ns == Ns::Mc {
                        let alternate = Alternate::of(start.local_name().as_ref());
                        self.open_alternate(alternate)?;
                        continue;
                    }
                    let name = name_of(ns, start.local_name().as_ref());
                    let attrs = if name == Name::Other { Attrs::default() } else { Attrs::read(&start) };
                    return Ok(Ev::Open(name, attrs));
                }
                Event::Empty(start) => {
                    if ns == Ns::Mc {
                        continue;
                    }
                    let name = name_of(ns, start.local_name().as_ref());
                    let attrs = if name == Name::Other { Attrs::default() } else { Attrs::read(&start) };
                    return Ok(Ev::Empty(name, attrs));
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    if ns == Ns::Mc {
                        if end.local_name().as_ref() == "AlternateContent" {
                            self.alternates.pop();
                        }
                        continue;
                    }
                    return Ok(Ev::Close(name_of(ns, end.local_name().as_ref())));
                }
                Event::Text(text) if self.want_text => return Ok(Ev::Text(text.xml10_content().into_owned())),
                Event::CData(data) if self.want_text => return Ok(Ev::Text(data.xml10_content().into_owned())),
                Event::GeneralRef(reference) if self.want_text => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => {
                            quick_xml::escape::resolve_predefined_entity(&reference.xml10_content()).map(str::to_owned)
                        }
                        Err(e) => return Err(Fail::Xml(e.to_string())),
                    };
                    if let Some(s) = resolved {
                        return Ok(Ev::Text(s));
                    }
                }
                Event::Eof if self.depth > 0 => return Err(Fail::Xml("unexpected end of data".to_owned())),
                Event::Eof => return Ok(Ev::Eof),
                _ => {}
            }
        }
    }

    /// `mc:AlternateContent` offers the same content several ways: take the first `mc:Choice`, or
    /// the `mc:Fallback` when there is none, and skip the rest.
    fn open_alternate(&mut self, element: Alternate) -> Result<(), Fail> {
        match element {
            Alternate::Content => self.alternates.push(false),
            Alternate::Branch => match self.alternates.last_mut() {
                Some(taken) if *taken => self.skip()?,
                Some(taken) => *taken = true,
                None => {}
            },
            Alternate::Other => self.skip()?,
        }
        Ok(())
    }

    /// Skip the rest of the element whose [`Ev::Open`] was just returned, its end tag included.
    pub fn skip(&mut self) -> Result<(), Fail> {
        let mut depth = 1usize;
        while depth > 0 {
            self.buf.clear();
            match self.reader.read_event_into(&mut self.buf).map_err(|e| fail(&e))? {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Fail::Xml("unexpected end of data".to_owned())),
                _ => {}
            }
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
