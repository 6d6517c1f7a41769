//! Keywords: what a speech is about, with jieba-rs (TF-IDF, or `TextRank` as an option).
//!
//! jieba's dictionary lacks modern formulations, so every configured and discovered term is added
//! with `add_word(term, None, tag)`, which forces it whole without disturbing existing words
//! (`load_dict` with bare words would give them frequency 0 and can split words such as
//! `意识形态`). Keywords are nouns only, by jieba's dictionary tags (see [`KEEP_TAGS`]), and an
//! officialese stop list (工作 落实 推进 …, editable in config) keeps what every speech says out, so
//! the keywords read like subjects. Loading takes a few hundred ms; callers run it off the UI thread.

pub mod worker;

use std::collections::HashSet;

use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TextRank, TfIdf};

/// Keyword extraction methods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Term frequency weighted by jieba's inverse document frequency table.
    #[default]
    Tfidf,
    /// Graph ranking over word co-occurrence.
    Textrank,
}

/// A keyword and its weight (the top keyword's weight is the largest).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Keyword {
    pub word: String,
    pub weight: f64,
}

/// Part-of-speech tags (jieba's, from its dictionary) kept as keywords: nouns only. Common nouns
/// (`n`, `ng`), names of people, places and organisations (`nr` `nrt` `nrfg` `ns` `nt`), other
/// proper nouns (`nz`, the tag every configured and discovered term is added with), set phrases
/// (`l`: 意识形态, 统一战线), abbreviations (`j`: 党委, 政协, 国企; see [`is_verbal`]) and Latin
/// words (`eng`: 5G). Verbal nouns (`vn`: 优化 培育 融合 发展), adjectival nouns (`an`) and idioms
/// (`i`) are what every speech does, not what it is about.
const KEEP_TAGS: [&str; 11] = ["n", "ng", "nr", "nrt", "nrfg", "ns", "nt", "nz", "l", "j", "eng"];

/// Tags ranked besides [`KEEP_TAGS`]: jieba keeps a dictionary word's own tag when it is added
/// again, so a configured `高质量发展` could keep a verbal tag. Words of these tags are ranked,
/// then kept only when they are terms of the speech.
const TERM_TAGS: [&str; 3] = ["vn", "an", "i"];

/// Whether a `-化` word (“-ize”: 深化, 优化) is the verb it usually is. jieba's abbreviation class
/// (`j`) holds the names of bodies (党委, 人大, 国企) beside such verbs.
fn ends_verbal(word: &str) -> bool {
    word.ends_with('化')
}

/// Whether jieba's tag is a verb's.
fn is_verb_tag(tag: &str) -> bool {
    tag.starts_with('v')
}

/// Changes whenever the same text, words and stop list could give other keywords (the tags kept,
/// the way they are ranked), so answers cached by an older version are not served.
pub const VERSION: u32 = 2;

/// The longest keyword shown, in chars: no brief prints a run of letters as a "word".
pub const MAX_KEYWORD_CHARS: usize = 24;

/// A loaded segmenter: jieba's dictionary, the extra words, the IDF table and the stop list.
pub struct Segmenter {
    jieba: Jieba,
    /// The words added whole: kept as keywords whatever jieba's tag for them.
    terms: HashSet<String>,
    tfidf: TfIdf,
    textrank: TextRank,
}

impl Segmenter {
    /// Load jieba, add `words` whole, and stop `stop_words`.
    #[must_use]
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, stop_words: &[String]) -> Self {
        let mut jieba = Jieba::new();
        let mut terms = HashSet::new();
        for word in words {
            if word.chars().count() >= 2 {
                jieba.add_word(word, None, Some("nz"));
                terms.insert(word.to_owned());
            }
        }
        let config = || {
            let mut builder = KeywordExtractConfig::builder().min_keyword_length(2).use_hmm(false);
            for w in stop_words {
                builder = builder.add_stop_word(w.clone());
            }
            builder.build()
        };
        let mut tfidf = TfIdf::default();
        *tfidf.config_mut() = config();
        let textrank = TextRank::new(5, config());
        Self { jieba, terms, tfidf, textrank }
    }

    /// The top `n` keywords of `text`.
    #[must_use]
    pub fn keywords(&self, text: &str, method: Method, n: usize) -> Vec<Keyword> {
        let tags: Vec<String> = KEEP_TAGS.iter().chain(&TERM_TAGS).map(|t| (*t).to_owned()).collect();
        // Spare, for the words of other tags and the over-long tokens (an unbroken run of Latin
        // letters) dropped below.
        let wanted = n.saturating_mul(4).saturating_add(16);
        let found = match method {
            Method::Tfidf => self.tfidf.extract_keywords(&self.jieba, text, wanted, tags),
            Method::Textrank => self.textrank.extract_keywords(&self.jieba, text, wanted, tags),
        };
        found
            .into_iter()
            .filter(|k| k.keyword.chars().nth(MAX_KEYWORD_CHARS).is_none())
            .filter(|k| self.terms.contains(&k.keyword) || self.is_noun(&k.keyword))
            .take(n)
            .map(|k| Keyword { word: k.keyword, weight: k.weight })
            .collect()
    }

    /// Whether jieba's dictionary tag for a word it ranked is a noun's (see [`KEEP_TAGS`]). An
    /// abbreviation (`j`) is verbal, not a noun, when it is a `-化` word or opens with a verb:
    /// 深化, 深化改革 (but 国企改革 is a noun).
    fn is_noun(&self, word: &str) -> bool {
        let Some(tag) = self.dictionary_tag(word) else { return false };
        if tag != "j" {
            return KEEP_TAGS.contains(&tag);
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let lead = (2..chars.len())
            .rev()
            .find_map(|n| self.dictionary_tag(&word[..chars[n].0]).map(|t| (&word[..chars[n].0], t)));
        !ends_verbal(word) && !lead.is_some_and(|(lead, t)| is_verb_tag(t) || (t == "j" && ends_verbal(lead)))
    }

    /// jieba's dictionary tag for a word it keeps whole.
    fn dictionary_tag<'a>(&'a self, word: &'a str) -> Option<&'a str> {
        match self.jieba.tag(word, false).as_slice() {
            [one] if one.word == word => Some(one.tag),
            _ => None,
        }
    }

    /// Segment `text` into words (for the benchmark baseline and tests).
    #[must_use]
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba.cut(text, false).into_iter().map(|t| t.word).collect()
    }
}

/// A bar of up to `width` cells showing `weight` out of `max`, drawn in eighths of a cell.
#[must_use]
pub fn weight_bar(weight: f64, max: f64, width: u8) -> String {
    let fraction = if max > 0.0 { (weight / max).clamp(0.0, 1.0) } else { 0.0 };
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation, reason = "clamped to 0..=8*255")]
    let eighths = ((fraction * f64::from(width) * 8.0).round() as usize).max(1);
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    format!("{}{}", "█".repeat(eighths / 8), blocks[eighths % 8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_words_stay_whole_and_existing_words_are_not_split() {
        let plain = Segmenter::new([], &[]);
        assert!(!plain.cut("坚决捍卫两个确立").contains(&"两个确立"));
        let seg = Segmenter::new(["两个确立", "四抓两整治"], &[]);
        assert!(seg.cut("坚决捍卫两个确立，落实四抓两整治").contains(&"两个确立"));
        assert!(seg.cut("落实四抓两整治").contains(&"四抓两整治"));
        assert!(seg.cut("加强意识形态工作").contains(&"意识形态"));
    }

    #[test]
    fn over_long_tokens_are_never_keywords() {
        let seg = Segmenter::new([], &[]);
        let text = format!("{} 高质量发展 高质量发展 乡村振兴", "x".repeat(5000));
        let words = seg.keywords(&text, Method::Tfidf, 5);
        assert!(!words.is_empty() && words.iter().all(|k| k.word.chars().count() <= MAX_KEYWORD_CHARS), "{words:?}");
    }

    #[test]
    fn keywords_are_nouns_and_the_speech_s_own_terms() {
        let text = "深化改革，优化营商环境，培育新动能，推动融合发展。深化合作，优化服务，培育产业，融合创新。\
                    加强党建，抓好党建。乡村振兴，乡村振兴。城市更新，城市更新，城市更新。县委常委会，纪委监督，纪委负责，深化改革，深化改革。";
        let seg = Segmenter::new(["党建"], &[]);
        for method in [Method::Tfidf, Method::Textrank] {
            let words: Vec<String> = seg.keywords(text, method, 30).into_iter().map(|k| k.word).collect();
            for verb in ["深化", "优化", "培育", "融合", "改革", "发展", "深化改革"] {
                assert!(!words.iter().any(|w| w == verb), "{method:?}: {verb} in {words:?}");
            }
            assert!(words.iter().any(|w| w == "党建"), "{method:?}: a configured term whatever its tag: {words:?}");
            assert!(words.iter().any(|w| w == "城市更新"), "{method:?}: {words:?}");
            assert!(words.iter().any(|w| w == "纪委"), "{method:?}: an abbreviation that names a body: {words:?}");
            assert!(
                !words.iter().any(|w| w == "深化改革"),
                "{method:?}: an abbreviation opening with a verb: {words:?}"
            );
        }
    }

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(weight_bar(1.0, 1.0, 4), "████");
        assert_eq!(weight_bar(0.5, 1.0, 3), "█▌");
        assert_eq!(weight_bar(0.0, 1.0, 3), "▏", "never empty");
    }

    #[test]
    fn stop_words_are_not_keywords() {
        let text = "加强党建工作，推进党建工作，落实党建工作。乡村振兴是重点，乡村振兴要推进。";
        let seg = Segmenter::new(["乡村振兴"], &["工作".into(), "推进".into()]);
        let words: Vec<String> = seg.keywords(text, Method::Tfidf, 5).into_iter().map(|k| k.word).collect();
        assert!(words.contains(&"乡村振兴".to_owned()), "{words:?}");
        assert!(!words.contains(&"工作".to_owned()), "{words:?}");
        let ranked: Vec<String> = seg.keywords(text, Method::Textrank, 5).into_iter().map(|k| k.word).collect();
        assert!(!ranked.is_empty());
    }
}
