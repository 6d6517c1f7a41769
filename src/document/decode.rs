//! Byte decoding: BOM sniffing, strict UTF-8, GB18030 detection, UTF-16 without a BOM.
//!
//! The result records which encoding was used and any damage found on the way, so the reader can
//! say so in its status bar instead of silently showing replacement characters.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-8 with a byte-order mark.
    #[serde(rename = "UTF-8 (BOM)")]
    Utf8Bom,
    /// UTF-16 little-endian; `bom` says whether a byte-order mark announced it.
    #[serde(rename = "UTF-16LE")]
    Utf16Le { bom: bool },
    /// UTF-16 big-endian; `bom` says whether a byte-order mark announced it.
    #[serde(rename = "UTF-16BE")]
    Utf16Be { bom: bool },
    /// GB18030, the superset of GBK and GB2312 that Chinese Windows writes.
    #[serde(rename = "GB18030")]
    Gb18030,
}

impl TextEncoding {
    /// Human-readable name, as shown in the status bar and the CLI.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (BOM)",
            Self::Utf16Le { bom: true } => "UTF-16LE",
            Self::Utf16Le { bom: false } => "UTF-16LE (no BOM)",
            Self::Utf16Be { bom: true } => "UTF-16BE",
            Self::Utf16Be { bom: false } => "UTF-16BE (no BOM)",
            Self::Gb18030 => "GB18030",
        }
    }
}

/// Decoded text plus what the decoder had to repair.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// Number of byte sequences that could not be decoded and became U+FFFD.
    pub malformed: usize,
}

/// Why bytes were refused as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes that do not follow a UTF-16 pattern.
    NulBytes,
    /// A known binary container (the name says which).
    Container(&'static str),
    /// More than half of the characters could not be decoded.
    Undecodable,
}

/// Inputs up to this size are checked as UTF-8 with SIMD and copied.
const SIMD_COPY_MAX: usize = 4 << 20;

/// Decode a document's bytes, choosing the encoding as described in the module doc.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    decode_owned(bytes.to_vec())
}

/// [`decode`], taking the bytes: valid UTF-8 becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, NotText> {
    if let Some(name) = container(&bytes) {
        return Err(NotText::Container(name));
    }
    // Most documents are valid UTF-8. A speech-sized one is checked with SIMD (over ten times
    // faster than the standard check on Chinese text) and copied, which costs less than checking
    // again without `unsafe`; a big one is checked in place, so its text is never held twice.
    let text = if bytes.len() <= SIMD_COPY_MAX {
        simdutf8::basic::from_utf8(&bytes).map(str::to_owned).map_err(|_| bytes)
    } else {
        String::from_utf8(bytes).map_err(std::string::FromUtf8Error::into_bytes)
    };
    let bytes = match text {
        Ok(text) if !text.starts_with('\u{FEFF}') && !text.contains('\0') => {
            return Ok(Decoded { text, encoding: TextEncoding::Utf8, malformed: 0 });
        }
        Ok(text) => text.into_bytes(),
        Err(bytes) => bytes,
    };
    let bytes = bytes.as_slice();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let kind = if encoding == UTF_8 {
            TextEncoding::Utf8Bom
        } else if encoding == UTF_16LE {
            TextEncoding::Utf16Le { bom: true }
        } else {
            TextEncoding::Utf16Be { bom: true }
        };
        return Ok(with(encoding, &bytes[bom_len..], kind));
    }
    if let Some(name) = container(bytes) {
        return Err(NotText::Container(name));
    }
    if memchr_nul(bytes) {
        return utf16_without_bom(bytes).ok_or(NotText::NulBytes);
    }
    // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not GBK: GBK text almost never
    // forms valid multi-byte UTF-8 sequences, while damaged UTF-8 is full of them.
    let utf8 = with(UTF_8, bytes, TextEncoding::Utf8);
    let good = utf8.text.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}').count();
    let decoded = if good >= 10 * utf8.malformed {
        utf8
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
        // Any non-UTF-8 guess for a Chinese document is best served by GB18030: it decodes GBK
        // and GB2312 exactly and maps every byte sequence somewhere.
        let gb = with(GB18030, bytes, TextEncoding::Gb18030);
        if guess == UTF_8 && utf8.malformed < gb.malformed { utf8 } else { gb }
    };
    let chars = decoded.text.chars().count().max(1);
    if decoded.malformed * 2 > chars {
        return Err(NotText::Undecodable);
    }
    Ok(decoded)
}

fn with(encoding: &'static Encoding, bytes: &[u8], kind: TextEncoding) -> Decoded {
    let (text, malformed) = decode_counting(encoding, bytes);
    Decoded { text, encoding: kind, malformed }
}

/// Decode without BOM handling, counting malformed sequences.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let mut malformed = 0;
    let mut input = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut text, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                malformed += 1;
                text.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                text.reserve(input.len() * 3 + 16);
            }
        }
    }
    (text, malformed)
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Recognise magic numbers of formats people mistake for text.
fn container(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"PK\x03\x04", "a ZIP archive (is it a .docx?)"),
        (b"%PDF", "a PDF file"),
        (b"\xD0\xCF\x11\xE0", "an old Word/Office file (.doc)"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "a program"),
    ];
    MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, name)| *name)
}

/// UTF-16 without a BOM: decode both ways and keep the reading that is almost all plausible text
/// (Han, CJK and ASCII punctuation, letters). Han characters such as U+4E00 have a zero low byte,
/// so NUL parity alone cannot tell the byte order.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausible = |c: char| {
        matches!(c, '\n' | '\r' | '\t' | ' '..='~' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}')
            || matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{A0}'..='\u{FF}')
    };
    [(UTF_16LE, TextEncoding::Utf16Le { bom: false }), (UTF_16BE, TextEncoding::Utf16Be { bom: false })]
        .into_iter()
        .map(|(encoding, kind)| with(encoding, bytes, kind))
        .filter(|d| d.malformed == 0)
        .map(|d| {
            let total = d.text.chars().count().max(1);
            let good = d.text.chars().filter(|&c| plausible(c)).count();
            (good * 100 / total, d)
        })
        .filter(|(score, _)| *score >= 95)
        .max_by_key(|(score, _)| *score)
        .map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_sized_and_big_texts_decode_alike() {
        let mut malformed = Vec::new();
        for size in [SIMD_COPY_MAX - 3, SIMD_COPY_MAX + 3] {
            let text: String = "两个确立".chars().cycle().take(size / 3).collect();
            let mut bom = "\u{FEFF}".as_bytes().to_vec();
            bom.extend_from_slice(text.as_bytes());
            let mut damaged = text.clone().into_bytes();
            damaged[7] = 0xFF;
            assert_eq!(decode(text.as_bytes()).unwrap().text, text, "{size}");
            assert_eq!(decode(&bom).unwrap().encoding, TextEncoding::Utf8Bom, "{size}");
            let d = decode(&damaged).unwrap();
            assert_eq!(d.encoding, TextEncoding::Utf8, "{size}");
            malformed.push(d.malformed);
        }
        assert!(malformed[0] > 0 && malformed[0] == malformed[1], "{malformed:?}");
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode("讲话".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("讲话", TextEncoding::Utf8));
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", TextEncoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_boms() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("同志们".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("同志们", TextEncoding::Utf16Le { bom: true }));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("同志们".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let d = decode(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("同志们", TextEncoding::Utf16Be { bom: true }));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "一、总体要求\n同志们：\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Le { bom: false });
        assert_eq!(d.text, "一、总体要求\n同志们：\n");
    }

    #[test]
    fn utf16_big_endian_without_bom() {
        let be: Vec<u8> = "在会议上的讲话\n一要把牢方向。\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = decode(&be).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Be { bom: false });
        assert_eq!(d.text, "在会议上的讲话\n一要把牢方向。\n");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "同志们：今天我们召开县委工作会议，主要任务是回顾总结过去一年的工作，安排部署今年的重点任务。";
        let (bytes, _, _) = GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, TextEncoding::Gb18030));
    }

    #[test]
    fn invalid_utf8_in_the_middle_is_repaired_and_counted() {
        let mut bytes = "同志们：今天我们召开县委工作会议，主要任务是回顾总结过去一年的工作。".as_bytes().to_vec();
        bytes.insert(12, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.malformed, 1);
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn a_truncated_gbk_character_is_repaired_and_counted() {
        let text = "在会议上的讲话，同志们：一要抓落实，二要保稳定。";
        let (bytes, _, _) = GB18030.encode(text);
        let mut bytes = bytes.into_owned();
        bytes.push(0xB5);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert_eq!(d.malformed, 1);
        assert!(d.text.starts_with(text));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"\x00\x01\x02\x03\x00\x00\x07\x08\x00").unwrap_err(), NotText::NulBytes);
        assert!(matches!(decode(b"PK\x03\x04rest").unwrap_err(), NotText::Container(_)));
    }
}
